"""`zhbrief eval --labels`: reading label files, matching sentences to labels, the figures and the gate,
on small hand-written label files."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefs.errors import BriefError
from briefs.evaluation.labels import LabelledSentence, Matcher, evaluate_labels, read_labels, report_json
from summarize import summarize
from tests.conftest import NLPCC_DEV, ROOT, need_shared

# Three sentences, one paragraph each: a caption, the news, background.
CAPTION = "图为发布会现场。"
NEWS = "华为今天在深圳发布了新一代人工智能芯片昇腾950,算力比上一代提升一倍,将于明年一季度量产。"
BACKGROUND = "近年来,国内多家企业都在加紧研发人工智能芯片,市场竞争日趋激烈,价格也在不断下降。"
RISK = "业内人士指出,芯片良率不足和先进工艺受限仍是量产面临的最大风险,成本也居高不下。"


def _line(article_id: str, sentences: list[tuple[str, str, str]], text: str | None = None, **extra: object) -> str:
    row: dict[str, object] = {
        "id": article_id,
        "sections": [
            {
                "section": 0,
                "heading": None,
                "section_theme": "breakthroughs",
                "sentences": [{"n": n, "text": t, "role": r, "theme": th} for n, (t, r, th) in enumerate(sentences)],
            }
        ],
    }
    if text is not None:
        row["text"] = text
    row.update(extra)
    return json.dumps(row, ensure_ascii=False)


LABELLED = [
    (CAPTION, "junk", "other"),
    (NEWS, "key", "breakthroughs"),
    (BACKGROUND, "weak", "other"),
    (RISK, "ok", "challenges"),
]


@pytest.fixture
def label_file(tmp_path: Path) -> Path:
    path = tmp_path / "labels.jsonl"
    text = "\n".join(t for t, _, _ in LABELLED)
    path.write_text(_line("a1", LABELLED, text) + "\n", encoding="utf-8")
    return path


def test_matcher_prefers_the_exact_text_then_the_best_overlap() -> None:
    labels = [LabelledSentence(n, t, r, th, 0) for n, (t, r, th) in enumerate(LABELLED)]
    matcher = Matcher(labels)
    assert matcher.index(NEWS) == 1
    assert matcher.index(NEWS.replace(",", "，")) == 1  # punctuation width does not matter
    # A sentence whose glued boilerplate was stripped still finds its label.
    assert matcher.index(NEWS[12:]) == 1
    assert matcher.index("业内人士指出,芯片良率不足仍是风险。") == 3
    assert Matcher([]).index(NEWS) is None


def test_lead_2_takes_each_sections_first_two_labels(label_file: Path) -> None:
    report = evaluate_labels(read_labels(label_file), ["lead-2"])
    lead = report.roles["lead-2"]
    assert lead.counts == {"junk": 1, "key": 1}
    assert lead.share("key", "ok") == 50.0 and lead.share("junk") == 50.0


def test_zhbriefs_roles_are_the_labels_of_what_it_chose(label_file: Path) -> None:
    article = read_labels(label_file)[0]
    report = evaluate_labels([article], [])
    summary = summarize(article.text)
    chosen = [s.text for section in summary.sections for s in section.sentences]
    role_of = {t: r for t, r, _ in LABELLED}
    expected: dict[str, int] = {}
    for text in chosen:
        expected[role_of[text]] = expected.get(role_of[text], 0) + 1
    assert report.roles["zhbrief"].counts == expected
    assert [c[3] for c in report.chosen] == chosen
    # Every labelled sentence is judged for its theme, and the one section for its.
    assert report.sentence_themes.total == len(LABELLED)
    assert report.section_themes.total == 1
    # and says which call it made of that section, as the confusion table counts it
    ours = summary.sections[0].theme.key
    assert report.section_calls == (("a1", 0, "breakthroughs", ours),)
    assert report.section_themes.cells == {("breakthroughs", ours): 1}


def test_digest_items_are_judged_by_their_labels(label_file: Path) -> None:
    report = evaluate_labels(read_labels(label_file), [])
    digest = report.digest
    assert digest.items == len(digest.listed) == digest.roles.total
    assert digest.carrying == sum(1 for key, _, _, theme, _ in digest.listed if key == theme)
    role_of = {t: (r, th) for t, r, th in LABELLED}
    for _, article_id, role, theme, text in digest.listed:
        assert article_id == "a1" and role_of[text] == (role, theme)
    figures = report_json(report, "labels.jsonl")
    assert figures["digest"]["theme_items"] == digest.items  # type: ignore[index]


def test_texts_are_found_beside_the_labels(tmp_path: Path) -> None:
    data, pages, samples = tmp_path / "data", tmp_path / "realpages", tmp_path / "samples"
    for folder in (data, pages, samples):
        folder.mkdir()
    (data / "nlpcc2017_dev.jsonl").write_text(
        json.dumps({"id": "n1", "text": NEWS, "summary": "s"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (data / "nlpcc2017_test.jsonl").write_text(  # another split of the same data set
        json.dumps({"id": "n2", "text": RISK, "summary": "s"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (pages / "manifest.jsonl").write_text(
        json.dumps({"file": "page-1.html", "title": "芯片量产", "main_text": RISK}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (samples / "sample-1.txt").write_text(BACKGROUND + "\n", encoding="utf-8")
    labels = data / "labels.jsonl"
    one = [(NEWS, "key", "breakthroughs")]
    labels.write_text(
        "\n".join([_line("n1", one), _line("n2", one), _line("page-1.html", one), _line("sample-1", one)]) + "\n",
        encoding="utf-8",
    )
    articles = read_labels(labels)
    assert [(a.id, a.text.strip(), a.title) for a in articles] == [
        ("n1", NEWS, None),
        ("n2", RISK, None),
        ("page-1.html", RISK, "芯片量产"),
        ("sample-1", BACKGROUND, None),
    ]
    assert not any(a.rebuilt for a in articles)
    # An article found nowhere is put back together from its labelled sentences (and says so); one with
    # no sentences either cannot be.
    two = [(NEWS, "key", "breakthroughs"), (RISK, "ok", "challenges")]
    labels.write_text(_line("n1", one) + "\n" + _line("missing", two) + "\n", encoding="utf-8")
    missing = read_labels(labels)[1]
    assert (missing.id, missing.text, missing.rebuilt) == ("missing", NEWS + RISK, True)
    labels.write_text(_line("n1", one) + "\n" + _line("empty", []) + "\n", encoding="utf-8")
    with pytest.raises(BriefError, match=r"labels\.jsonl:2: no text for article 'empty'"):
        read_labels(labels)


def test_eval_scores_labels_whose_articles_are_nowhere_else(tmp_path: Path) -> None:
    labels = tmp_path / "held-out.jsonl"  # no NLPCC file, manifest or samples beside it
    sentences = [(NEWS, "key", "breakthroughs"), (RISK, "ok", "challenges"), (BACKGROUND, "weak", "other")]
    labels.write_text(_line("unseen-1", sentences) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "briefs", "eval", "--labels", str(labels), "--baselines", "lead-2"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "no source text for 1 of 1 labelled articles (unseen-1): each is rebuilt from its labelled sentences" in run.stderr
    assert re.search(r"^zhbrief\s+\S+%\s+\S+%", run.stdout, re.MULTILINE), run.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", r":1: not a JSON object"),
        (json.dumps({"id": "x"}), r':1: expected \{"id", "sections"'),
        (_line("x", [(NEWS, "great", "other")], NEWS), r":1: role 'great' is not one of key, ok, weak, junk"),
        (_line("x", [(NEWS, "key", "sport")], NEWS), r":1: theme 'sport' is not one of"),
    ],
)
def test_a_bad_label_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(BriefError, match=message):
        read_labels(path)


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefs", "eval", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_prints_the_table_writes_json_and_gates(label_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = _eval("--labels", str(label_file), "--baselines", "lead-2", "--json", str(out), "--max-junk", "100")
    assert done.returncode == 0, done.stderr
    assert "1 labelled articles (1 sections, 4 sentences)" in done.stdout
    assert "lead-2" in done.stdout and "section themes right" in done.stdout and "digest theme items" in done.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["systems"]["lead-2"]["junk"] == 50.0
    assert figures["sentences"] == 4

    failed = _eval("--labels", str(label_file), "--baselines", "", "--min-key-ok", "100.5")
    assert failed.returncode == 1
    assert f"{label_file}: zhbrief fell below its floor: key+ok" in failed.stderr

    assert _eval("--labels", str(label_file), "--baselines", "lead-3").returncode == 2
    assert _eval(str(label_file), "--min-key-ok", "50").returncode == 2  # a label floor without --labels


def test_a_stripped_pick_of_a_junk_label_is_counted_apart(tmp_path: Path) -> None:
    # The label judged the glued text junk; zhbrief strips the dateline and keeps the sentence.
    glued = "新浪科技讯5月12日下午消息," + NEWS
    path = tmp_path / "glued.jsonl"
    labelled = [(glued, "junk", "breakthroughs"), (RISK, "ok", "challenges")]
    path.write_text(_line("g1", labelled, "\n".join([glued, RISK])) + "\n", encoding="utf-8")
    report = evaluate_labels(read_labels(path), [])
    assert (report.roles["zhbrief"].counts.get("junk"), report.stripped_junk) == (1, 1)
    assert NEWS in [text for _, _, _, text in report.chosen]


@pytest.mark.parametrize(("name", "least"), [("nlpcc_extra.jsonl", 88), ("nlpcc_general.jsonl", 81), ("nlpcc_more.jsonl", 96)])
def test_our_nlpcc_labels_carry_no_text_and_still_name_their_sentences(tmp_path: Path, name: str, least: int) -> None:
    """training/labels/*.jsonl keep ids, numbers and CRCs only; every label must still find its sentence
    in the engine's split (a splitter change that moves them shows up here, not as quietly fewer labels in
    `make eval`)."""
    need_shared(NLPCC_DEV)
    labels = ROOT / "training" / "labels" / name
    rows = [json.loads(line) for line in labels.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= least
    assert all(set(label) == {"n", "role", "theme", "crc"} for row in rows for s in row["sections"] for label in s["sentences"])
    out = tmp_path / "expanded.jsonl"
    done = subprocess.run([sys.executable, str(ROOT / "training" / "nlpcc_labels.py"), "expand", str(labels), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "(0 labels no longer match a sentence)" in done.stderr
    articles = read_labels(out)
    assert len(articles) == len(rows) and all(a.text for a in articles)


def test_rekey_follows_a_label_to_what_is_left_of_its_sentence_and_drops_one_whose_sentence_is_gone(tmp_path: Path) -> None:
    """When the cleaner learns to remove page furniture, a labelled sentence can lose its front (a picture
    placeholder) and move up (page code before it, once split into "sentences" of its own, is gone):
    `nlpcc_labels.py rekey` gives each label the number and CRC of what is left of its sentence, drops the
    label of a sentence that is gone, and the labels pass `check` again."""
    from zlib import crc32

    def crc(text: str) -> str:
        return f"{crc32(text.encode('utf-8')):08x}"

    first, second, third = "第一句新闻报道了一件事情。", "第二句新闻说明了后续进展。", "第三句交代了背景情况。"
    (tmp_path / "data").mkdir()
    text = f"{first}(视频截图){second}{third}"  # the cleaner removes the placeholder
    (tmp_path / "data" / "nlpcc2017_dev.jsonl").write_text(
        json.dumps({"id": "a1", "text": text, "summary": ""}, ensure_ascii=False) + "\n", "utf-8")
    # What the sentences were when they were labelled: a piece of page code, and the placeholder on the second.
    before = [first, '"vid":"ab12"}', f"(视频截图){second}", third]
    expanded = tmp_path / "before.jsonl"
    expanded.write_text(json.dumps({"id": "a1", "text": text, "sections": [{"section": 0, "heading": None, "section_theme": "other",
                        "sentences": [{"n": n, "text": t, "role": "ok", "theme": "other"} for n, t in enumerate(before)]}]},
                        ensure_ascii=False) + "\n", "utf-8")
    roles = ["key", "junk", "ok", "weak"]
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"id": "a1", "sections": [{"section": 0, "section_theme": "other", "sentences": [
        {"n": n, "role": roles[n], "theme": "other", "crc": crc(t)} for n, t in enumerate(before)]}]}) + "\n", "utf-8")
    tool = [sys.executable, str(ROOT / "training" / "nlpcc_labels.py")]
    env = {"ZHBRIEF_SHARED": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([*tool, "rekey", str(expanded), str(labels)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "2 labels rekeyed, 1 dropped" in done.stderr and "a1 [1]: dropped" in done.stdout
    row = json.loads(labels.read_text("utf-8"))
    assert [(s["n"], s["role"], s["crc"]) for s in row["sections"][0]["sentences"]] == [
        (0, "key", crc(first)), (1, "ok", crc(second)), (2, "weak", crc(third))]
    checked = subprocess.run([*tool, "check", str(labels)], capture_output=True, text=True, timeout=120, env=env)
    assert checked.returncode == 0 and "0 problems" in checked.stderr, checked.stdout
