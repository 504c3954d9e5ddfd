# zhbrief — every target sets up what it needs: a fresh machine with Python 3.11 is enough.
#   make brief   the daily digest of the bundled samples → briefs-out/
#   make test    the whole suite (installs Debian's Chromium for the browser tests if missing)
#   make eval    ROUGE and speed against the peers on ../shared/data (NLPCC 2017 dev), and editor labels
#   make bench   throughput, cold start, growth, batch memory
#   make golden  regenerate the pinned golden outputs (on purpose only; review the diff)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DATA ?= $(SHARED)/data/nlpcc2017_dev.jsonl
DATE ?= 2026-11-25
OUT ?= briefs-out
APT_GET := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: help install brief test eval bench golden browser netns clean

help:
	@sed -n '1,8p' Makefile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e '.[test,eval]'
	@touch $@

install: $(VENV)/.base

brief: $(VENV)/.base
	$(BIN)/zhbrief digest samples/inbox --date $(DATE) --out $(OUT)
	@echo; echo "Brief written: $(OUT)/$(DATE).md and $(OUT)/$(DATE).html (index: $(OUT)/index.html)"; echo
	@cat $(OUT)/$(DATE).md

# Debian's Chromium (and CJK fonts, so screenshots show text) for the browser tests.
browser:
	@{ command -v chromium && fc-list :lang=zh | grep -q .; } >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium and CJK fonts for the browser tests"; \
		$(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium fonts-noto-cjk >/dev/null; }

# Debian's iproute2 (`ip netns`) for the test of a DNS resolver that never answers (tests/test_connect.py).
netns:
	@command -v ip >/dev/null 2>&1 || { \
		echo "Installing Debian's iproute2 for the network-namespace tests"; \
		$(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq iproute2 >/dev/null; }

test: $(VENV)/.test browser netns
	$(BIN)/python -m pytest -q

# The floors are issue 3's targets. Raise them as the engine improves; lowering one is a visible
# change to this file that needs its reason in the commit message.
EVAL_FLOORS := --min-r1 33.5 --min-r2 20.5 --min-rl 26.5
# Editor labels (issue 8): floors are percentages of zhbrief's picks, themes and digest items. The
# issue's targets on both files: key+ok >= 85, junk <= 2, section themes >= 85, digest items >= 90
# carrying their theme and <= 2 junk. Floors start where zhbrief stands and rise with it. The keepable
# model (training/train_keepable.py) was trained on these files: its held-out figures are in the README.
LABELS_DEV ?= $(SHARED)/data/themes_dev.jsonl
LABELS_PAGES ?= $(SHARED)/data/themes_realpages_dev.jsonl
# Lowered once with the dated-lead fix (roles: '2013年12月27日,…' had lost '2013年1' as a glued heading,
# and headlines run into '10日晚上…,' leads are stripped): the keepable model refitted on the mended
# texts picks one sentence of 78 differently on these articles it was fitted on (key+ok 87.2 -> 85.9) and
# two of 340 on the real pages (90.9 -> 90.3), while held out (training/crossval_picks.py) dev and real
# pages stay at 76.9 and 86.8, general news goes 71.0 / 9.9 -> 72.2 / 8.6, and the digest here 8 -> 9 of 10.
# Raised with the launch and not-yet-told cue refinements (themes.CUES): sections 74.4 -> 76.9, sentences
# 76.3 -> 77.1 on dev (held out 28 -> 29 of 39 sections). key+ok 85.5 -> 86.5 with the second-pick bar
# (summarize/options.py, min_keep): 85.9 -> 87.0 here, one weak pick of 78 left out.
LABEL_FLOORS_DEV := --min-key-ok 86.5 --max-junk 1 --min-section-themes 76.5 --min-sentence-themes 77 --min-digest-themes 90 --max-digest-junk 0
# Our own labels of 88 more NLPCC articles (training/labels/README.md), joined with their text in a temporary file.
# key+ok 89 -> 88.5 with the long-opening feature: one pick of 176 in-sample, for +1.1 key+ok and -1.1 junk
# on the same articles held out (training/crossval_picks.py; README, "cross-validated"); back to 89 (89.2)
# with the caption rule.
# 90 / 2 with the junk model (keepable.JUNK_WEIGHT): 90.3 / 1.7 in-sample; junk 1.5 once that model weighed
# more away from a section's lead (1.1).
# 91.5 with the repeated-opening feature (keepable "opening said again"): 91.9 / 1.2 in-sample.
LABEL_FLOORS_EXTRA := --min-key-ok 91.5 --max-junk 1.5 --min-section-themes 72 --min-sentence-themes 79 --min-digest-themes 80 --max-digest-junk 0
# Digest 81 -> 77 when a sentence from a section of another theme had to be surer (compose.py): 9 of 11
# -> 7 of 9 in-sample here, while every file held out went up (54 -> 43 items, 71% -> 78% carrying) and
# in-sample dev (77 -> 80) and ours (57 -> 80) rose; README, "Themes on the editor labels".
# Sentence themes 72 -> 71.5 with the lean to the section's theme (themes.lean_to_sections): 72.4 -> 71.97%
# in-sample here, while held out every file rose (real pages 71.0 -> 71.1, all 75.0 -> 76.0) and in-sample
# dev went 72.9 -> 76.6 (its floor 72 -> 76).
# Digest back up to 88 with the junk model: 8 of 9.
# key+ok 91 -> 90.5 when the junk model weighed more away from a section's lead (keepable.JUNK_WEIGHT 3,
# JUNK_WEIGHT_LEAD 1.5): one pick of 340 in-sample (91.2 -> 90.9), while held out the real pages went
# 86.5 -> 86.8, ours 83.5 / 4.5 -> 84.7 / 2.8, general news 68.5 / 12.3 -> 71.0 / 9.9, and ROUGE rose.
# 90.5 -> 90 with the dated-lead fix (see the dev floors above).
# Section themes 72 -> 76.5 when the article's title counted a little for its sections (themes.TITLE_FIT):
# 73.0 -> 77.0% in-sample (held out 125 -> 131 of 178).
# 91 with the repeated-opening feature: 91.2 in-sample.
LABEL_FLOORS_PAGES := --min-key-ok 91 --max-junk 0.5 --min-section-themes 76.5 --min-sentence-themes 71.5 --min-digest-themes 88 --max-digest-junk 0
# Our labels of 81 general-news NLPCC articles (training/labels/README.md), held out from every model:
# floors where zhbrief stands on them (70.4 / 9.9 picks, themes 79.0 / 83.0); the digest floor 80 because
# one item of its five is 20 points. 72 / 9 with the dated-lead fix (72.2 / 8.6).
# 73 / 7 with the repeated-opening feature (73.2 / 6.4).
LABEL_FLOORS_GENERAL := --min-key-ok 73 --max-junk 7 --min-section-themes 79 --min-sentence-themes 83 --min-digest-themes 80 --max-digest-junk 0
# Our labels of 96 more general-news NLPCC articles (training/labels/README.md), in no model either: floors
# where zhbrief stands on them (73.3 / 7.3, themes 85.4 / 87.7; the digest 3 of 5, one item 20 points).
# Junk 7.5 -> 7 with the list-item rule and the bracketed-credit heading (73.8 / 6.3).
# 76.5 and the digest 80 with the repeated-opening feature (77.0, 4 of 5); sections 87 with the alert cue
# (themes.CUES["problem"]: 82 -> 84 of 96, 87.5%).
LABEL_FLOORS_MORE := --min-key-ok 76.5 --max-junk 7 --min-section-themes 87 --min-sentence-themes 87.5 --min-digest-themes 80 --max-digest-junk 0
eval: $(VENV)/.test
	$(BIN)/zhbrief eval $(DATA) --budget 60 --peers lead,first-sentence,textrank4zh,snownlp,sumy-lexrank,sumy-textrank $(EVAL_FLOORS)
	$(BIN)/zhbrief eval --labels $(LABELS_DEV) $(LABEL_FLOORS_DEV)
	$(BIN)/zhbrief eval --labels $(LABELS_PAGES) $(LABEL_FLOORS_PAGES)
	@extra=$$(mktemp); trap 'rm -f $$extra' EXIT; \
	$(BIN)/python training/nlpcc_labels.py expand training/labels/nlpcc_extra.jsonl $$extra && \
	$(BIN)/zhbrief eval --labels $$extra $(LABEL_FLOORS_EXTRA)
	@general=$$(mktemp); trap 'rm -f $$general' EXIT; \
	$(BIN)/python training/nlpcc_labels.py expand training/labels/nlpcc_general.jsonl $$general && \
	$(BIN)/zhbrief eval --labels $$general $(LABEL_FLOORS_GENERAL)
	@more=$$(mktemp); trap 'rm -f $$more' EXIT; \
	$(BIN)/python training/nlpcc_labels.py expand training/labels/nlpcc_more.jsonl $$more && \
	$(BIN)/zhbrief eval --labels $$more $(LABEL_FLOORS_MORE)

bench: $(VENV)/.test
	$(BIN)/python bench/run.py --data $(DATA)

golden: $(VENV)/.test
	$(BIN)/python -m tests.golden_brief --write
	$(BIN)/python -m tests.golden --write

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
