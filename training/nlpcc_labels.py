"""Our own editor labels for more NLPCC 2017 dev articles, kept by article id and sentence number.

    .venv/bin/python training/nlpcc_labels.py show nlpcc2017-0010 nlpcc2017-0012     # numbered sentences, to label
    .venv/bin/python training/nlpcc_labels.py candidates [--least 4]                 # industry-leaning ids not yet labelled
    .venv/bin/python training/nlpcc_labels.py template IDS... > /tmp/work.jsonl          # a working copy to fill in
    .venv/bin/python training/nlpcc_labels.py check /tmp/work.jsonl                        # every sentence labelled, none moved
    .venv/bin/python training/nlpcc_labels.py strip /tmp/work.jsonl training/labels/nlpcc_extra.jsonl   # keep, without text
    .venv/bin/python training/nlpcc_labels.py expand training/labels/nlpcc_extra.jsonl OUT.jsonl
    .venv/bin/python training/nlpcc_labels.py rekey OLD.jsonl training/labels/nlpcc_extra.jsonl  # after a cleaning change

The 37 dev articles of ../shared/data/themes_dev.jsonl hold only 55 deployment sentences, too few to
learn what 落地应用 looks like. `training/labels/nlpcc_extra.jsonl` adds labels for more of the NLPCC
dev articles, made by the definitions in ../shared/data/README.md (role key/ok/weak/junk, sentence and
section themes). The NLPCC text is not ours to copy, so a label line holds no text: each sentence is
named by its number `n` in the article as the engine splits it (`show` prints that numbering: clean →
sections → sentences, as `summarize.pipeline` does, before glued boilerplate is stripped) and a CRC-32
of its text, so a label whose sentence moved when the splitter changed is detected and dropped, not misread.

`expand` joins the labels with the NLPCC text into the format of themes_dev.jsonl (with the article's
`text` on each line), which `zhbrief eval --labels` and the training scripts read. Write it outside the
repository (e.g. /tmp): it carries the NLPCC text.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.options import SummaryOptions  # noqa: E402
from summarize.clean import clean_lines  # noqa: E402
from summarize.sections import split_sections  # noqa: E402
from summarize.sentences import split_sentences  # noqa: E402
from summarize.themes import GROUPS, cue_matches  # noqa: E402

DATA = Path(os.environ.get("ZHBRIEF_SHARED", ROOT.parent / "shared")) / "data"
NLPCC = DATA / "nlpcc2017_dev.jsonl"
LABELLED = (DATA / "themes_dev.jsonl",)
ROLES = ("key", "ok", "weak", "junk")
THEMES = ("breakthroughs", "deployment", "challenges", "other")
TOPIC_GROUPS = ("tech", "industry", "research", "rollout", "launch", "users")


def crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def articles(path: Path = NLPCC) -> dict[str, str]:
    return {row["id"]: row["text"] for row in map(json.loads, path.read_text("utf-8").splitlines()) if row}


def split(text: str) -> list[tuple[str | None, list[str]]]:
    """The article's sections as the engine splits them: (heading, sentence texts), each sentence as it
    stands in the text, before summarize/roles.py strips what is glued to its front (so a label stays
    with its sentence when that stripping changes, and is judged on the text the labeller read)."""
    options = SummaryOptions()
    _, raw_sections = split_sections(clean_lines(text), None)
    sections = [(raw.heading, [s for p in raw.paragraphs for s in split_sentences(p, options.max_sentence_chars)])
                for raw in raw_sections]
    return [s for s in sections if s[1]]


def numbered(sections: list[tuple[str | None, list[str]]]) -> list[tuple[int, str]]:
    """Each sentence of the article, by its number `n`: (its section, its text)."""
    return [(k, sentence) for k, (_, sentences) in enumerate(sections) for sentence in sentences]


def names_its_sentence(flat: list[tuple[int, str]], section: int, label: dict) -> bool:
    """The label's sentence is still there: number `n`, in `section`, with the text its CRC was taken of."""
    n = label["n"]
    return n < len(flat) and flat[n][0] == section and crc(flat[n][1]) == label["crc"]


def show(ids: list[str]) -> None:
    texts = articles()
    for article_id in ids:
        print(f"## {article_id}")
        n = 0
        for k, (heading, sentences) in enumerate(split(texts[article_id])):
            print(f"### section {k}" + (f" — heading: {heading}" if heading else ""))
            for sentence in sentences:
                print(f"[{n}] {sentence}")
                n += 1
        print()


def template(ids: list[str]) -> None:
    """A label line per article to fill in (role and theme null), with each sentence's text to read by.
    The text is for the labeller's working copy only: `strip` removes it before the labels are kept."""
    texts = articles()
    for article_id in ids:
        sections = []
        n = 0
        for k, (heading, sentences) in enumerate(split(texts[article_id])):
            rows = []
            for sentence in sentences:
                rows.append({"n": n, "role": None, "theme": None, "crc": crc(sentence), "text": sentence})
                n += 1
            sections.append({"section": k, "heading": heading, "section_theme": None, "sentences": rows})
        print(json.dumps({"id": article_id, "sections": sections}, ensure_ascii=False))


def strip(labels: Path, out: Path) -> None:
    """Append `labels` to `out` without the sentence texts and headings (the NLPCC text is not ours to copy)."""
    with out.open("a", encoding="utf-8") as sink:
        for line in labels.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for section in row["sections"]:
                section.pop("heading", None)
                for label in section["sentences"]:
                    label.pop("text", None)
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")


def candidates(least: int = 5) -> None:
    """NLPCC dev articles with cues of at least `least` different topic words (five: industry-leaning), not
    yet labelled; each with its length and how many topic words it has."""
    done = {json.loads(line)["id"] for path in LABELLED for line in path.read_text("utf-8").splitlines() if line}
    for ours in sorted((ROOT / "training" / "labels").glob("*.jsonl")):  # nlpcc_extra, nlpcc_general
        done |= {json.loads(line)["id"] for line in ours.read_text("utf-8").splitlines() if line}
    for article_id, text in sorted(articles().items()):
        if article_id in done:
            continue
        found = cue_matches([text])[0]
        words = {w for g in TOPIC_GROUPS if g in GROUPS for w in found.get(g, ())}
        if len(words) >= least:
            print(article_id, len(text), len(words))


def expand(labels: Path, out: Path) -> None:
    texts = articles()
    kept = dropped = 0
    lines = []
    for number, line in enumerate(labels.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        sections = split(texts[row["id"]])
        flat = numbered(sections)
        out_sections = []
        for section in row["sections"]:
            k = section["section"]
            sentences = []
            for label in section["sentences"]:
                n = label["n"]
                if names_its_sentence(flat, k, label):
                    sentences.append({"n": n, "text": flat[n][1], "role": label["role"], "theme": label["theme"]})
                    kept += 1
                else:
                    dropped += 1
            if sentences:
                out_sections.append({"section": k, "heading": sections[k][0] if k < len(sections) else None,
                                     "section_theme": section["section_theme"], "sentences": sentences})
        lines.append(json.dumps({"id": row["id"], "text": texts[row["id"]], "sections": out_sections}, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{out}: {len(lines)} articles, {kept} sentences ({dropped} labels no longer match a sentence)", file=sys.stderr)


MOVED_CHARS = 8  # what a sentence may gain when the splitter joins a stop to it or moves a cut


def _same_sentence(text: str, was: str) -> bool:
    """`text` is what is left of the sentence labelled as `was`, or `was` with a few characters more: a
    quote mark or a stop the splitter no longer leaves alone after it, or the rest of a number a long
    clause is no longer cut inside."""
    return text in was or (was in text and len(text) - len(was) <= MOVED_CHARS)


def rekey(expanded: Path, labels: Path) -> None:
    """After the cleaner learns to strip more from a sentence's front or back, or to drop a piece of page
    code the splitter had made sentences of: each label whose new text is contained in the text it was
    labelled on (read from `expanded`, an `expand` made before the change), or is it with a few characters
    more (`_same_sentence`), takes the new text's number and CRC, where one sentence of its section fits
    (its own number first). The labeller read the whole
    line, so the label holds for what is left of it. A label whose sentence is gone (page code the cleaner
    now removes) is dropped; both are reported."""
    texts = articles()
    before = {row["id"]: row for row in map(json.loads, expanded.read_text("utf-8").splitlines()) if row}
    rows, moved, gone = [], 0, 0
    for line in labels.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        flat = numbered(split(texts[row["id"]]))
        old = {s["n"]: s["text"] for section in before[row["id"]]["sections"] for s in section["sentences"]}
        taken = {label["n"] for section in row["sections"] for label in section["sentences"]
                 if names_its_sentence(flat, section["section"], label)}
        for section in row["sections"]:
            kept = []
            for label in section["sentences"]:
                if names_its_sentence(flat, section["section"], label):
                    kept.append(label)
                    continue
                n, was = label["n"], old.get(label["n"], "")
                fits = [m for m, (k, text) in enumerate(flat)
                        if k == section["section"] and m not in taken and text and was and _same_sentence(text, was)]
                target = n if n in fits else fits[0] if len(fits) == 1 else None
                if target is None:
                    print(f"{row['id']} [{n}]: dropped (its sentence is no longer in the text): {was[:40]}")
                    gone += 1
                    continue
                label["n"], label["crc"] = target, crc(flat[target][1])
                taken.add(target)
                kept.append(label)
                moved += 1
            section["sentences"] = kept
        rows.append(json.dumps(row, ensure_ascii=False))
    labels.write_text("\n".join(rows) + "\n", "utf-8")
    print(f"{labels}: {moved} labels rekeyed, {gone} dropped", file=sys.stderr)


def check(labels: Path) -> None:
    """Every label names a sentence that exists, with its CRC, a known role and theme."""
    texts = articles()
    problems = 0
    for number, line in enumerate(labels.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        flat = numbered(split(texts[row["id"]]))
        seen = set()
        for section in row["sections"]:
            if section["section_theme"] not in THEMES:
                print(f"{labels}:{number}: {row['id']} section {section['section']}: bad section_theme"); problems += 1
            for label in section["sentences"]:
                n = label["n"]
                seen.add(n)
                if label["role"] not in ROLES or label["theme"] not in THEMES:
                    print(f"{labels}:{number}: {row['id']} [{n}]: bad role or theme"); problems += 1
                if not names_its_sentence(flat, section["section"], label):
                    print(f"{labels}:{number}: {row['id']} [{n}]: no such sentence (or it moved)"); problems += 1
        if seen != set(range(len(flat))):
            print(f"{labels}:{number}: {row['id']}: sentences unlabelled: {sorted(set(range(len(flat))) - seen)}"); problems += 1
    print(f"{problems} problems", file=sys.stderr)
    sys.exit(1 if problems else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("show").add_argument("ids", nargs="+")
    sub.add_parser("candidates").add_argument("--least", type=int, default=5, help="topic words an article must have (default 5)")
    e = sub.add_parser("expand")
    e.add_argument("labels", type=Path)
    e.add_argument("out", type=Path)
    sub.add_parser("check").add_argument("labels", type=Path)
    sub.add_parser("template").add_argument("ids", nargs="+")
    st = sub.add_parser("strip")
    st.add_argument("labels", type=Path)
    st.add_argument("out", type=Path)
    rk = sub.add_parser("rekey")
    rk.add_argument("expanded", type=Path)
    rk.add_argument("labels", type=Path)
    args = parser.parse_args()
    if args.command == "show":
        show(args.ids)
    elif args.command == "candidates":
        candidates(args.least)
    elif args.command == "template":
        template(args.ids)
    elif args.command == "strip":
        strip(args.labels, args.out)
    elif args.command == "expand":
        expand(args.labels, args.out)
    elif args.command == "rekey":
        rekey(args.expanded, args.labels)
    else:
        check(args.labels)


if __name__ == "__main__":
    main()
