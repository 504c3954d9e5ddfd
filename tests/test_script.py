"""Traditional Chinese: analysed on a Simplified rendering, shown as written (summarize/script.py).

The same article in Simplified, OpenCC s2tw (Taiwan), s2hk (Hong Kong) and read from Big5 must give the
same sections, themes, chosen sentence positions and keywords, every shown string in its own script.
The Traditional texts are made here with OpenCC, at test time; the articles are the repository's own.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.config import load_config
from briefs.digest.job import DigestOptions, run_digest
from briefs.reading.read import read_path
from briefs.render import render_summary
from summarize import SummaryOptions, summarize
from summarize.model import Summary
from summarize.script import Rendering, _align, _script_patterns, detect, to_simplified
from tests.conftest import FIXTURES, ROOT, SAMPLES, SCRAPED_PAGE, need_shared

CONVERSIONS = ("s2tw", "s2hk")
OWN_ARTICLES = (
    FIXTURES / "port-drones-scraped.txt",
    FIXTURES / "rural-clinic-ai.md",
    FIXTURES / "scraped-ev-battery.txt",
    SAMPLES / "inbox" / "2026-11-25-robotics-scraped.txt",
    SAMPLES / "inbox" / "2026-11-25-smart-factory.md",
)


def convert(text: str, config: str) -> str:
    return opencc.OpenCC(config).convert(text)


def reading(summary: Summary) -> object:
    """What must not depend on the script: section layout, themes, chosen positions, keywords in Simplified."""
    return (
        [(s.heading is not None, s.theme.key, [x.index for x in s.sentences]) for s in summary.sections],
        [c.section for c in summary.candidates],
        [to_simplified(k) for k in summary.keywords],
    )


def shown(summary: Summary) -> list[str]:
    strings = [summary.title or ""] + [s.heading or "" for s in summary.sections]
    return strings + [c.text for c in summary.candidates] + list(summary.keywords) + [summary.summary]


def in_order(string: str, source: str) -> bool:
    """`string` is `source` less some characters (the engine only deletes: noise, spaces at cuts)."""
    characters = iter(source)
    return all(character in characters for character in string)


def simplified_only(text: str) -> list[str]:
    return _script_patterns()[1].findall(text)


def assert_as_written(summary: Summary, source: str) -> None:
    """Every shown string is made of the Traditional article's own characters, in its order."""
    assert summary.script == "traditional"
    for string in shown(summary):
        assert in_order(string, source), f"{string!r} is not written so in the article"


def assert_converted(summary: Summary, original: Summary, config: str) -> None:
    """Every shown sentence and heading is the Simplified one as OpenCC `config` writes it, character for character."""
    for mine, theirs in zip(summary.candidates, original.candidates, strict=True):
        assert mine.text == convert(theirs.text, config)
    for mine, theirs in zip(summary.sections, original.sections, strict=True):
        assert mine.heading == (convert(theirs.heading, config) if theirs.heading else None)


# --- the same reading in every script ------------------------------------------------------------------


@pytest.mark.parametrize("path", OWN_ARTICLES, ids=lambda p: p.name)
@pytest.mark.parametrize("config", CONVERSIONS)
def test_own_articles_read_the_same_in_traditional(path: Path, config: str) -> None:
    text = read_path(str(path)).text
    original = summarize(text)
    assert original.script == "simplified"
    traditional = convert(text, config)
    summary = summarize(traditional)
    assert reading(summary) == reading(original)
    assert len(summary.sections) >= 2 and any(s.sentences for s in summary.sections)
    assert_as_written(summary, traditional)
    assert_converted(summary, original, config)


@pytest.mark.parametrize("path", OWN_ARTICLES[:2], ids=lambda p: p.name)
def test_own_articles_read_from_big5_read_the_same(path: Path, tmp_path: Path) -> None:
    text = read_path(str(path)).text
    big5 = tmp_path / ("article" + path.suffix)
    big5.write_bytes(convert(text, "s2tw").encode("big5"))  # Taiwan's encoding; its text is Taiwan's script
    document = read_path(str(big5))
    summary = summarize(document.text, title=document.title)
    assert reading(summary) == reading(summarize(text))
    assert_as_written(summary, document.text)


@pytest.mark.shared
@pytest.mark.parametrize("config", CONVERSIONS)
def test_reference_page_through_opencc_keeps_its_sections_themes_and_picks(scraped_page: str, config: str) -> None:
    original = summarize(scraped_page)
    traditional = convert(scraped_page, config)
    summary = summarize(traditional)
    assert [s.theme.key for s in summary.sections] == ["breakthroughs", "deployment", "challenges"]
    assert [s.heading for s in summary.sections] == [convert(s.heading or "", config) for s in original.sections]
    assert reading(summary) == reading(original)
    assert_as_written(summary, traditional)
    assert_converted(summary, original, config)
    every = "".join(c.text for c in summary.candidates)
    assert "資料圖" not in every and "標籤" not in every  # the page's furniture, in Traditional, still goes


@pytest.mark.shared
@pytest.mark.parametrize("config", CONVERSIONS)
def test_zhbrief_summarize_of_the_traditional_reference_page_is_traditional_throughout(config: str, tmp_path: Path) -> None:
    outputs = {}
    for script, text in (("simplified", need_shared(SCRAPED_PAGE).read_text(encoding="utf-8")), (config, None)):
        folder = tmp_path / script
        folder.mkdir()
        page = folder / "ai-medical.txt"
        page.write_text(text if text is not None else convert(outputs["simplified"][1], config), encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(page)], capture_output=True, text=True,
                             cwd=ROOT, timeout=120)
        assert run.returncode == 0, run.stderr
        outputs[script] = (run.stdout, page.read_text(encoding="utf-8"))
    shown_md = outputs[config][0]
    assert shown_md.count("\n## ") == 3
    for label in ("· 技術突破", "· 落地應用", "· 挑戰與對策", "關鍵詞："):
        assert label in shown_md
    # The Simplified page's summary as OpenCC writes it: every shown character Traditional, the same picks.
    assert shown_md == convert(outputs["simplified"][0], config)


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_explain_of_a_big5_page_is_traditional_throughout(fmt: str) -> None:
    # The header (评分明细), its note, the table's columns and the engine's reasons follow the article's script,
    # as its labels do; a reader sees no Simplified word in a Traditional article's explanation.
    page = FIXTURES / "port-drones-taipei.big5.txt"
    run = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(page), "--explain", "--format", fmt],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    shown = re.sub(r"<style>.*?</style>", "", run.stdout, flags=re.DOTALL)
    assert "評分明細" in shown and "研發" in shown  # the header, and a cue word the engine matched as 研发
    assert simplified_only(shown) == []


def test_script_flag_forces_either_reading(tmp_path: Path) -> None:
    text = convert((FIXTURES / "port-drones-scraped.txt").read_text(encoding="utf-8"), "s2tw")
    assert summarize(text, options=SummaryOptions(script="simplified")).script == "simplified"
    assert summarize(text, options=SummaryOptions(script="traditional")).script == "traditional"
    page = tmp_path / "a.txt"
    page.write_text(text, encoding="utf-8")
    as_simplified = subprocess.run([sys.executable, "-m", "briefs", "summarize", str(page), "--script", "simplified"],
                                   capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert as_simplified.returncode == 0 and "關鍵詞" not in as_simplified.stdout and "关键词" in as_simplified.stdout
    with pytest.raises(ValueError, match="script"):
        SummaryOptions(script="cantonese")


# --- Traditional junk goes as its Simplified twin does -----------------------------------------------------

BODY = (
    "10月13日，东江港务集团宣布，港区无人机巡检系统正式投入使用，覆盖全部12个泊位。",
    "该系统由本地企业自主研发，可在夜间和雨雾天气下识别集装箱破损与违规作业。",
    "港务集团负责人表示，明年将把这一模式推广到内河码头，并与海事部门共享巡检数据。",
)
JUNK = {  # kind: a line of it, in Simplified; its Traditional twins are made by OpenCC
    "资料图 (bracketed)": "【资料图】",
    "资料图 (parenthesised)": "（资料图）",
    "资料图 (bare line)": "资料图",
    "图为 caption with credit": "图为工作人员在码头操作无人机。（记者 林晓岚 摄）",
    "图为 caption": "图为无人机在港区上空巡检。",
    "记者…报道 byline": "记者 林晓岚 报道",
    "本报记者…报道 byline": "本报记者 林晓岚 通讯员 何志远 报道",
    "记者…/…报道 byline": "记者林晓岚/东江报道",
    "责任编辑 line": "责任编辑：周文",
    "责任编辑 in brackets": "（责任编辑：周文）",
}
DROPPED = {kind for kind in JUNK if kind not in ("图为 caption",)}  # a bare caption sentence stays, as in Simplified


@pytest.mark.parametrize("where", ["top", "middle"])
@pytest.mark.parametrize("kind", sorted(JUNK))
@pytest.mark.parametrize("config", CONVERSIONS)
def test_traditional_junk_goes_as_its_simplified_twin_does(kind: str, where: str, config: str) -> None:
    lines = list(BODY)
    lines.insert(0 if where == "top" else 1, JUNK[kind])
    simplified = "\n".join(lines)
    traditional = convert(simplified, config)
    original, summary = summarize(simplified), summarize(traditional)
    assert [c.index for c in summary.candidates] == [c.index for c in original.candidates]
    assert [to_simplified(c.text) for c in summary.candidates] == [to_simplified(c.text) for c in original.candidates]
    assert_as_written(summary, traditional)
    if kind in DROPPED:
        assert len(summary.candidates) == len(BODY), [c.text for c in summary.candidates]
        assert convert(JUNK[kind], config).strip("【】（）") not in "".join(c.text for c in summary.candidates)


# How Taiwanese papers write their furniture (報導, ／, 〔〕): written here as they print it, not made by OpenCC.
TAIWAN_JUNK = {
    "記者…／…報導 byline line": lambda body: ["記者陳嘉寧／東江報導", *body],
    "記者…／攝影 photo credit line": lambda body: [body[0], "記者陳嘉寧／攝影", *body[1:]],
    "〔…報導〕 label before the lead": lambda body: ["〔即時新聞／綜合報導〕" + body[0], *body[1:]],
    "〔記者…報導〕 byline before the lead": lambda body: ["〔記者王冠仁／東江報導〕" + body[0], *body[1:]],
    "（…／…報導） credit closing a paragraph": lambda body: [*body[:-1], body[-1] + "（王煌忠／東江報導）"],
    "（中央社記者…19日電） dateline": lambda body: ["（中央社記者邱俊欽東江13日電）" + body[0], *body[1:]],
    "…載點 app download links": lambda body: [*body, "iOS載點 https://bit.ly/dongjiang_ios", "Android載點 https://bit.ly/dongjiang_apk"],
}


@pytest.mark.parametrize("kind", sorted(TAIWAN_JUNK))
def test_taiwanese_bylines_labels_and_credits_go(kind: str) -> None:
    body = [convert(line, "s2tw") for line in BODY]
    page = "\n".join(TAIWAN_JUNK[kind](body))
    summary = summarize(page)
    assert [c.text for c in summary.candidates] == body
    assert [c.text for c in summarize(to_simplified(page)).candidates] == list(map(to_simplified, body))


def test_every_traditional_word_of_the_furniture_and_role_rules_has_its_simplified_twin() -> None:
    # A Traditional page is cleaned on its Simplified rendering: a rule that names only 載點 never sees it.
    from summarize import furniture, roles
    from summarize.gated import Needs

    missing = []
    for module in (furniture, roles):
        for name, rule in vars(module).items():
            source = rule.pattern if isinstance(rule, re.Pattern) else rule.source if isinstance(rule, Needs) else None
            if not isinstance(source, str):
                continue
            words = " ".join(rule.words) if isinstance(rule, Needs) else ""
            literal = re.sub(r"\[[^\]]*\]", " ", source)  # the words it names, not its character classes
            for word in set(re.findall(r"[\u3400-\u9fff]{2,}", literal)):
                twin = to_simplified(word)
                if twin != word and twin not in literal:
                    missing.append(f"{module.__name__}.{name}: {word} without {twin}")
            for word in set(re.findall(r"[\u3400-\u9fff]{2,}", words)):
                if to_simplified(word) not in words:
                    missing.append(f"{module.__name__}.{name} (words): {word} without {to_simplified(word)}")
    assert missing == []


# --- mixed pages, titles, the offset map -----------------------------------------------------------------------


def test_a_simplified_quote_in_a_traditional_article_stays_simplified() -> None:
    quote = "“这套系统让码头的维护成本下降了近两成。”港务集团设备部经理邵明辉说。"
    text = "\n".join([convert(BODY[0], "s2tw"), quote, convert(BODY[1] + BODY[2], "s2tw")])
    summary = summarize(text, options=SummaryOptions(sentences_per_section=5))
    assert summary.script == "traditional"
    texts = [c.text for c in summary.candidates]
    said, who = quote.split("”", 1)
    assert said + "”" in texts and who in texts  # as written: Simplified inside Traditional
    assert convert(BODY[0], "s2tw") in texts
    assert all(not simplified_only(t) for t in texts if t not in quote)
    assert simplified_only(quote)  # the check above could fail


def test_the_title_is_shown_as_written_given_or_from_a_heading() -> None:
    body = convert("\n".join(BODY), "s2hk")
    title = convert("快看：东江港无人机巡检系统投入使用", "s2hk")
    assert summarize(body, title=title).title == title.split("：", 1)[1]  # click-bait prefix gone, script kept
    assert summarize(f"# {title}\n{body}").title == title


def test_the_shipped_character_lists_are_what_opencc_says() -> None:
    from tests.script_chars import DATA, render

    assert DATA.read_text(encoding="utf-8") == render(), "OpenCC changed: run python -m tests.script_chars --write"


def test_detect_counts_characters_only_one_script_uses() -> None:
    assert detect("臺灣半導體產業協會表示，今年第三季晶圓代工產值成長約兩成。") == "traditional"
    assert detect("台湾半导体产业协会表示，今年第三季晶圆代工产值增长约两成。") == "simplified"
    # A Traditional name in a Simplified article does not tip it, nor does text with neither.
    assert detect("据《蘋果日報》报道，这家企业今年的营收增长了三成，利润创下历史新高。") == "simplified"
    assert detect("NVIDIA shipped 3.5 million GPUs in 2025.") == "simplified"


def test_a_phrase_that_changes_length_maps_to_the_whole_phrase() -> None:
    # Some OpenCC configs turn 記憶體 into 内存 (3 → 2 characters); the map must still find the original.
    start: list[int] = []
    end: list[int] = []
    _align("這台電腦的記憶體很大", "这台电脑的内存很大", 0, start, end)
    rendering = Rendering("這台電腦的記憶體很大", "这台电脑的内存很大", tuple(start), tuple(end))
    assert rendering.restore("内存很大")[0] == "記憶體很大"
    assert rendering.restore("这台电脑的内存")[0] == "這台電腦的記憶體"


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_piece_of_a_rendering_restores_to_the_same_piece_of_the_original(data: st.DataObject) -> None:
    text = convert((FIXTURES / "rural-clinic-ai.md").read_text(encoding="utf-8"), data.draw(st.sampled_from(CONVERSIONS)))
    rendering = Rendering.of(text)
    assert len(rendering.simplified) == len(rendering.original)
    first = data.draw(st.integers(0, len(rendering.simplified) - 1))
    last = data.draw(st.integers(first + 1, min(len(rendering.simplified), first + 80)))
    restored, after = rendering.restore(rendering.simplified[first:last], first)
    assert restored == rendering.original[first:last] and after == last


# --- config and the digest -------------------------------------------------------------------------------


def test_theme_and_stop_words_configured_in_either_script_match_both(tmp_path: Path) -> None:
    config = tmp_path / "zhbrief.toml"
    config.write_text(
        '[summary]\nstopwords_extra = ["港務"]\n'
        '[[themes]]\nkey = "drones"\nlabel = "無人機"\nkeywords = ["無人機", "巡檢"]\n'
        '[[themes]]\nkey = "ports"\nlabel = "港口"\nkeywords = ["码头", "泊位", "港口"]\n',
        encoding="utf-8",
    )
    options = load_config(config).summary
    assert options.themes[0].keywords == ("无人机", "巡检")
    assert "港务" in options.stopwords and "港務" in options.stopwords
    text = "\n".join(["无人机巡检 港区告别人工登高", *BODY])
    for article in (text, convert(text, "s2tw"), convert(text, "s2hk")):
        assert [s.theme.key for s in summarize(article, options=options).sections] == ["drones"]


def test_a_bad_script_in_the_config_names_the_file_and_the_key(tmp_path: Path) -> None:
    from briefs.errors import BriefError

    config = tmp_path / "zhbrief.toml"
    config.write_text('[summary]\nscript = "hk"\n', encoding="utf-8")
    with pytest.raises(BriefError, match=r"zhbrief\.toml: \[summary\] script: expected one of auto, simplified, traditional"):
        load_config(config)
    config.write_text('[digest]\nscript = "auto"\n', encoding="utf-8")  # the digest keeps a copy: any, simplified, traditional
    with pytest.raises(BriefError, match=r"zhbrief\.toml: \[digest\] script: expected one of any, simplified, traditional"):
        load_config(config)


@pytest.mark.parametrize("prefer", ["simplified", "traditional"])
def test_the_digest_folds_a_traditional_copy_and_keeps_the_preferred_script(prefer: str, tmp_path: Path) -> None:
    text = (FIXTURES / "port-drones-scraped.txt").read_text(encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-mainland.txt").write_text(text, encoding="utf-8")
    (inbox / "b-taipei.txt").write_bytes(convert(text, "s2tw").encode("big5"))
    (inbox / "c-hongkong.txt").write_text(convert(text, "s2hk"), encoding="utf-8")
    config = tmp_path / "zhbrief.toml"
    config.write_text(f'[digest]\nscript = "{prefer}"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "briefs", "digest", str(inbox), "--date", "2026-10-14", "--out",
                          str(tmp_path / "out"), "--config", str(config), "--workers", "1"],
                         capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert run.returncode == 0, run.stderr
    assert "1 article kept, 2 duplicates folded" in run.stdout
    md = (tmp_path / "out" / "2026-10-14.md").read_text(encoding="utf-8")
    lead_simplified, lead_traditional = "无人机巡检系统通过验收", convert("无人机巡检系统通过验收", "s2tw")
    if prefer == "traditional":
        assert lead_traditional in md and lead_simplified not in md
    else:
        assert lead_simplified in md and lead_traditional not in md


def test_the_digest_prefers_the_longest_copy_by_default() -> None:
    from briefs.digest import dedupe

    text = "".join(BODY) * 3
    copies = [dedupe.sketch(to_simplified(convert(text, "s2tw"))), dedupe.sketch(text + "据悉，该系统年底前完成二期建设。")]
    assert dedupe.group(copies, ["tw", "cn"], scripts=["traditional", "simplified"]) == [[1, 0]]
    prefer = dedupe.DedupeOptions(prefer="traditional")
    assert dedupe.group(copies, ["tw", "cn"], prefer, scripts=["traditional", "simplified"]) == [[0, 1]]


def test_html_of_a_traditional_summary_says_its_language() -> None:
    summary = summarize(convert("\n".join(BODY), "s2tw"))
    html = render_summary(summary, "html", origin="a.txt")
    assert '<html lang="zh-Hant">' in html
    assert '<html lang="zh-CN">' in render_summary(summarize("\n".join(BODY)), "html", origin="a.txt")
