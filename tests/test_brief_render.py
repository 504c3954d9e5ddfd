"""The rendered brief and index: golden files, what HTML and Markdown must never let through, determinism.

HTML is checked with the standard library's parser, Markdown with markdown-it (CommonMark + GFM tables),
so an escaping mistake shows up as the structure a reader would actually get.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefs.model import Article, Brief, BriefCounts, BriefItem, Document, Failure, IndexEntry, Outlet, ThemeSection, Wording
from briefs.render import (
    headline,
    http_url,
    index_entry,
    markdown_line,
    markdown_line_cell,
    render_brief,
    render_index,
)
from summarize import summarize
from summarize.model import OTHER
from tests.conftest import FIXTURES
from tests.golden_brief import BREAKTHROUGHS, CHALLENGES, DEPLOYMENT, GOLDEN, OUTPUTS, article, empty_brief
from tests.golden_brief import sample_brief, sample_index

COMMONMARK = MarkdownIt("commonmark").enable("table")  # raw HTML is on, as on most renderers


class Page(HTMLParser):
    """Every start tag with its attributes, every id, and the text a reader sees (outside <style>)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}

    @property
    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t == "a" and "href" in a]

    @property
    def visible(self) -> str:
        return "".join(self.text)


HOSTILE = {
    "title": "<script>alert(1)</script>[链接](javascript:alert(1)) *标题*",
    "source": "<img src=x onerror=alert(2)>",
    "sentence": "</p><script>alert(3)</script> | 表格 | # 不是标题",
    "other": '"><svg onload=alert(4)>',
    "keyword": "<b>关键词</b>",
    "origin": "inbox/<iframe src=x>.html",
    "reason": "<a href=javascript:alert(5)>点我</a>",
}


def hostile_brief(url: str | None = "javascript:alert(document.cookie)") -> Brief:
    bad = article(
        origin="inbox/bad.html", title=HOSTILE["title"], url=url, source=HOSTILE["source"], hour=8,
        sections=[(None, BREAKTHROUGHS, [(HOSTILE["sentence"], 2.0)])], other_sources=(Outlet(HOSTILE["other"], "javascript:alert(6)"),),
    )
    item = BriefItem(HOSTILE["sentence"], 2.0, bad)
    return Brief(
        date=dt.date(2026, 11, 25),
        counts=BriefCounts(read=2, kept=1, failed=1),
        keywords=(HOSTILE["keyword"],),
        themes=(ThemeSection(BREAKTHROUGHS, (item,)), ThemeSection(DEPLOYMENT, ()), ThemeSection(CHALLENGES, ()),
                ThemeSection(OTHER, ())),
        articles=(bad,),
        failures=(Failure(HOSTILE["origin"], HOSTILE["reason"], Wording.of("读取时出错（{detail}）", detail=HOSTILE["reason"])),),
    )


# --- Golden files and determinism ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_rendering_matches_golden_file(name: str) -> None:
    golden = GOLDEN / name
    assert golden.exists(), f"{golden} is missing: run `make golden` and commit it"
    assert OUTPUTS[name]().encode("utf-8") == golden.read_bytes(), (
        f"{golden} differs from the rendered output; if the change is intended, run `make golden` and review the diff"
    )


def test_same_brief_gives_byte_identical_output() -> None:
    brief = sample_brief()
    twin = copy.deepcopy(brief)  # equal values, other objects
    for fmt in ("md", "html"):
        assert render_brief(brief, fmt) == render_brief(twin, fmt)  # type: ignore[arg-type]


def test_index_is_newest_first_whatever_order_it_is_given() -> None:
    entries = sample_index()
    for fmt in ("md", "html"):
        text = render_index(entries, fmt)  # type: ignore[arg-type]
        assert text == render_index(list(reversed(entries)), fmt)  # type: ignore[arg-type]
        days = re.findall(r"2026年11月(\d+)日", text)
        assert list(dict.fromkeys(days)) == ["26", "25", "24"]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="'pdf'"):
        render_brief(sample_brief(), "pdf")  # type: ignore[arg-type]


# --- What the brief shows ----------------------------------------------------------------------------


def test_html_brief_shows_counts_keywords_themes_articles_and_failures() -> None:
    page = Page(render_brief(sample_brief(), "html"))
    text = page.visible
    assert "每日简报 · 2026年11月25日" in text
    assert "读取 9 篇 · 收录 4 篇 · 合并重复 2 篇 · 此前已报 1 篇 · 非当日 1 篇 · 失败 1 项" in text
    assert {"theme-breakthroughs", "theme-deployment", "theme-challenges", "theme-other", "articles",
            "failures"} <= page.ids
    assert "今日无相关内容" in text  # 其他 is empty in the sample
    assert "另见：长河日报、晚间新闻客户端" in text
    assert "inbox/broken.html：不是 UTF-8（偏移 27 处的字节无效），也不是 GB18030、Big5 或 UTF-16；请另存为 UTF-8" in text
    # Every internal link (table of contents) points at an element of the page.
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and set(internal) <= page.ids


def test_empty_day_says_so_in_both_formats() -> None:
    for fmt in ("md", "html"):
        text = render_brief(empty_brief(), fmt)  # type: ignore[arg-type]
        assert "今日没有可收录的文章" in text
        assert "文章一览" not in text and "技术突破" not in text
        assert "inbox/empty.txt" in text  # failures are still reported


def test_headline_is_the_best_scored_item_first_on_ties() -> None:
    brief = sample_brief()
    assert headline(brief) == "该机器人的末端定位精度达到0.1毫米，较上一代提升约40%。"  # 2.4, listed before the chip's 2.4
    assert headline(empty_brief()) == ""
    entry = index_entry(brief, md_name="2026-11-25.md", html_name="2026-11-25.html")
    assert entry == IndexEntry(brief.date, "2026-11-25.md", "2026-11-25.html", brief.counts, headline(brief))


def test_the_days_headline_is_a_theme_item_that_opens_on_its_own() -> None:
    """The index line and the feed's summary stand for the day: an item of 技术突破, 落地应用 or 挑战与对策
    before 其他 (a death in an IT office topped a day of technology news), and not one that goes on from
    a sentence the reader was not shown (然而，2007年…); with nothing else, as before."""
    brief = sample_brief()
    themed, other = brief.themes[:3], brief.themes[3]
    assert other.theme == OTHER
    robot = themed[0].items[0].article
    news = BriefItem("深圳一名36岁的程序员被发现猝死在出租屋内，警方已排除他杀。", 9.0, robot)
    turn = BriefItem("然而，2007年，美国宇航局的一份报告称该机构曾出现过类似情况。", 5.0, robot)
    quiet = dataclasses.replace(brief, themes=(*themed[:2], dataclasses.replace(themed[2], items=(turn, *themed[2].items)),
                                               dataclasses.replace(other, items=(news,))))
    assert headline(quiet) == "该机器人的末端定位精度达到0.1毫米，较上一代提升约40%。"
    only_other = dataclasses.replace(brief, themes=(*(dataclasses.replace(t, items=()) for t in themed),
                                                    dataclasses.replace(other, items=(news,))))
    assert headline(only_other) == news.text
    assert headline(dataclasses.replace(only_other, themes=(dataclasses.replace(themed[0], items=(turn,)), *only_other.themes[1:]))) == news.text
    only_turn = dataclasses.replace(only_other, themes=(dataclasses.replace(themed[0], items=(turn,)), *only_other.themes[1:3],
                                                        dataclasses.replace(other, items=())))
    assert headline(only_turn) == turn.text


# --- HTML: nothing from an article becomes markup ------------------------------------------------------

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "span",
                "time", "p", "nav", "ol", "ul", "li", "a", "section", "footer"}


def test_hostile_article_renders_as_text_in_html() -> None:
    html = render_brief(hostile_brief(), "html")
    page = Page(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    assert not [(t, a) for t, a in page.tags for name in a if name.startswith("on")], "an event handler got through"
    assert not [h for h in page.hrefs if not h.startswith(("https://", "http://", "#"))]
    for value in HOSTILE.values():
        assert value in page.visible, f"{value!r} should be shown as text"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
     "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
     "//evil.example/x", "/relative/path", "ftp://files.example.com/a", "http:/no-host", "https://", ""],
)
def test_only_http_urls_become_links(url: str) -> None:
    assert http_url(url) is None
    brief = hostile_brief(url)
    page = Page(render_brief(brief, "html"))
    assert [h for h in page.hrefs if not h.startswith("#")] == []
    assert HOSTILE["title"] in page.visible  # the title is still there, as plain text
    tokens = COMMONMARK.parse(render_brief(brief, "md"))
    assert not [c for t in tokens if t.children for c in t.children if c.type == "link_open"]


def test_http_url_is_linked_exactly() -> None:
    url = "https://example.com/a?b=1&c=<2>"
    page = Page(render_brief(hostile_brief(url), "html"))
    assert set(page.hrefs) - {h for h in page.hrefs if h.startswith("#")} == {url}


def test_real_article_with_script_in_title_is_escaped() -> None:
    record = json.loads((FIXTURES / "xss-title.json").read_text(encoding="utf-8"))
    summary = summarize(record["text"], title=record["title"])
    document = Document("tests/fixtures/xss-title.json", record["text"], record["title"])
    real = Article(document, summary, "xss")
    brief = Brief(dt.date(2026, 11, 25), BriefCounts(read=1, kept=1), summary.keywords,
                  (ThemeSection(OTHER, tuple(BriefItem(s.text, s.score, real) for s in summary.candidates[:1])),),
                  (real,))
    html = render_brief(brief, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;测试标题" in html
    assert "<script>alert(1)</script>测试标题" in Page(html).visible


# --- Markdown: the structure holds whatever the text -------------------------------------------------


def headings(tokens: list, level: str) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == level]


def test_hostile_article_cannot_change_markdown_structure() -> None:
    markdown = render_brief(hostile_brief("https://example.com/x"), "md")
    tokens = COMMONMARK.parse(markdown)
    assert headings(tokens, "h1") == ["每日简报 · 2026年11月25日"]
    assert headings(tokens, "h2") == ["技术突破", "落地应用", "挑战与对策", "其他", "文章一览", "处理失败"]
    assert len(headings(tokens, "h3")) == 1
    inline = [child for t in tokens if t.children for child in t.children]
    assert not [t for t in tokens + inline if t.type.startswith("html")], "raw HTML got through"
    assert {t.attrs["href"] for t in inline if t.type == "link_open"} == {"https://example.com/x"}
    html = COMMONMARK.render(markdown)
    for tag in ("<script", "<img", "<svg", "<iframe", "<b>"):
        assert tag not in html


def test_markdown_links_resolve_to_the_articles_urls() -> None:
    tokens = COMMONMARK.parse(render_brief(sample_brief(), "md"))
    links = [c.attrs["href"] for t in tokens if t.children for c in t.children if c.type == "link_open"]
    robot = "https://news.example.cn/tech/2026/11/25/surgical-robot.html"
    chip = "https://chips.example.com/news/2026/11/25/a_%28b%29%20x?q=1&lang=zh&t=%22quoted%22"  # same URL, encoded
    assert links.count(robot) == 4  # three theme items and its entry in 文章一览
    assert links.count(chip) == 3
    repost = "https://wire.example.com/2026/11/25/001.html"  # 另见: the folded re-post's own page
    assert links.count(repost) == 1
    assert set(links) == {robot, chip, repost}  # the javascript: ones (an article's, an outlet's) are not links


def test_index_table_keeps_its_columns() -> None:
    tokens = COMMONMARK.parse(render_index(sample_index(), "md"))
    rows: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append(0)
        elif token.type in ("td_open", "th_open"):
            rows[-1] += 1
    assert rows == [6, 6, 6, 6]
    cells = [t.children for t in tokens if t.type == "inline" and t.children]
    assert any("首个 | 低空物流 *试点* 航线开通。" == "".join(c.content for c in cs) for cs in cells)


_TEXT = st.text(
    st.one_of(
        st.sampled_from(list("\\`*_[]<>~|&#;:+-=.()!0123456789 \t\n　abcXYZ中文，。“”")),
        st.characters(exclude_categories=("Cs", "Cc")),
    ),
    max_size=40,
)


def _inline_text(markdown: str, table: bool = False) -> str | None:
    """The text of the one inline run the snippet renders to, or None if it rendered any markup."""
    inline = [t for t in COMMONMARK.parse(markdown) if t.type == "inline"]
    if table:
        inline = inline[-1:]  # header cell, then the body cell we care about
    if len(inline) != 1:
        return None
    children = inline[0].children or []
    if any(c.type not in ("text", "softbreak") for c in children):
        return None
    return "".join(c.content for c in children)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_markdown_line_shows_exactly_the_text(text: str) -> None:
    expected = re.sub(r"\s+", " ", text).strip()
    if not expected:
        return
    line = markdown_line(text)
    assert "\n" not in line
    # Where the brief puts article text: list item, quote, numbered heading, paragraph, mid-line.
    for context, wanted in (("- {}", "{}"), ("> {}", "{}"), ("### 1. {}", "1. {}"), ("{}", "{}"),
                            ("前文 {} 后文", "前文 {} 后文")):
        assert _inline_text(context.format(line)) == wanted.format(expected), f"{context!r} with {line!r}"
    cell = markdown_line_cell(text)
    assert _inline_text(f"| a |\n|---|\n| {cell} |", table=True) == expected


def test_markdown_line_escapes_only_what_matters_for_common_text() -> None:
    assert markdown_line("#国产大模型# 发布，气温-5℃，增长3.5%") == "#国产大模型# 发布，气温-5℃，增长3.5%"
    assert markdown_line("# 标题") == "\\# 标题"
    assert markdown_line("1. 第一") == "1\\. 第一"
    assert markdown_line("[快讯] *重磅*") == "\\[快讯\\] \\*重磅\\*"
    assert markdown_line("行一\n\n行二") == "行一 行二"


def test_source_without_url_or_date_shows_only_what_is_known() -> None:
    plain = dataclasses.replace(sample_brief().articles[2].document, source=None, published=None)
    assert plain.url and http_url(plain.url) is None
    markdown = render_brief(sample_brief(), "md")
    assert "### 3. 5G+工业互联网：一座“灯塔工厂”的3年转型\n\n> 工厂产线换型时间" in markdown


def test_the_article_list_quotes_a_sentence_that_stands_alone() -> None:
    """Each story in the article list is quoted by one sentence, alone: the best-scored pick that does
    not reply to or point back at the sentence before it ("对此，…表示" scored above the lead of the AI
    tutor sample and stood there without what it answered)."""
    from briefs.render import top_sentence
    from summarize.model import Section, Sentence, Summary

    lead = Sentence("临江市教育局宣布在全市108所中小学启动AI助教试点，覆盖约6.5万名学生。", 0, 0, 1.59, True)
    reply = Sentence("对此，副局长表示，试点学校将严格执行未成年人个人信息保护要求，学生数据全部存储在本地。", 1, 0, 1.66, True)
    summary = Summary("AI助教", "", (), (Section(None, OTHER, (lead, reply)),), (lead, reply))
    assert top_sentence(summary) == lead.text
    pointing = dataclasses.replace(lead, needs_previous=True)
    only_dangling = Summary("AI助教", "", (), (Section(None, OTHER, (pointing, reply)),), (pointing, reply))
    assert top_sentence(only_dangling) == reply.text  # none stands alone: the best-scored pick, as before


def test_the_article_list_quotes_a_story_by_a_sentence_that_does_not_go_on_from_another() -> None:
    """"但是，就在6月4日…" or "此外，…" quoted alone, as the story's one line, answers or adds to what the
    reader was not shown: another pick that opens on its own is quoted instead (reader's review, page-22)."""
    from briefs.render import top_sentence
    from summarize.model import Section, Sentence, Summary

    lead = Sentence("6月3日，市政府宣布老城区改造方案通过专家评审，预计年内动工。", 0, 0, 1.2, True)
    for opener in ("但是，", "但", "然而，", "不过，", "此外，", "同时，", "而"):
        turn = Sentence(f"{opener}就在6月4日，部分居民对方案中的拆迁补偿标准提出了异议。", 1, 0, 1.8, True)
        summary = Summary("老城区改造", "", (), (Section(None, OTHER, (lead, turn)),), (lead, turn))
        assert top_sentence(summary) == lead.text, opener
    turn = Sentence("但是，就在6月4日，部分居民对方案中的拆迁补偿标准提出了异议。", 1, 0, 1.8, True)
    alone = Summary("老城区改造", "", (), (Section(None, OTHER, (turn,)),), (turn,))
    assert top_sentence(alone) == turn.text  # the only pick: quoted all the same


def test_an_article_without_a_headline_is_named_by_its_opening_words_not_its_file() -> None:
    """A JSONL line with no "title": the brief, mail and chat show the start of its text, never
    "in/day.jsonl:42" (which also gives the server's path away when the input path is absolute)."""
    from briefs.render import article_name
    from summarize.model import Section, Sentence, Summary

    def untitled(*texts: str) -> Article:
        sentences = tuple(Sentence(t, i, 0, 1.0, True, "", OTHER, 0.9, role="junk" if t.startswith("图为") else "")
                          for i, t in enumerate(texts))
        summary = Summary(None, "", (), (Section(None, OTHER, sentences),), sentences)
        return Article(Document("/srv/in/day.jsonl:42", "", None), summary, "fp")

    assert article_name(untitled("全省首个低空物流航线网络当日开通。", "首批开通航线12条。")).text == "全省首个低空物流航线网络当日开通"
    long = "11月25日，华东某省级电网公司宣布，其与澄明能源科技有限公司联合研发的电力负荷预测大模型正式投入运行。"
    assert article_name(untitled(long)).text == "11月25日，华东某省级电网公司宣布……"
    run_on = "全市一百零八所中小学今天同时启动人工智能助教试点覆盖约六万五千名学生并将在明年推广到全省。"
    assert article_name(untitled(run_on)).text == run_on[:30] + "……"
    assert article_name(untitled("图为开通仪式现场。", "全省首个低空物流航线网络当日开通。")).text == "全省首个低空物流航线网络当日开通"
    markdown = render_brief(dataclasses.replace(sample_brief(), articles=(untitled(long),)), "md")
    assert "day.jsonl" not in markdown and "### 1. “11月25日，华东某省级电网公司宣布……”" in markdown  # quoted: not a title


def test_an_article_with_no_headline_and_no_opening_words_is_untitled_never_its_file() -> None:
    """Only punctuation, or only junk (a bare link): nothing to name it by, so （无标题）, in the article's
    own script as its heading's lang says; however short its opening words, they name it."""
    from briefs.render import article_name
    from summarize.model import Section, Sentence, Summary

    def untitled(text: str, role: str = "", script: str = "simplified") -> Article:
        sentence = Sentence(text, 0, 0, 1.0, True, "", OTHER, 0.9, role=role)
        summary = Summary(None, "", (), (Section(None, OTHER, (sentence,)),), (sentence,), script=script)
        return Article(Document("/srv/in3/odd.txt", "", None), summary, "fp")

    assert article_name(untitled("！！！")).text == "（无标题）"
    assert article_name(untitled("http://example.com/a", role="junk")).text == "（无标题）"
    assert article_name(untitled("……", script="traditional")).text == "（無標題）"
    assert article_name(untitled("好。")).text == "好"
    markdown = render_brief(dataclasses.replace(sample_brief(), articles=(untitled("？！"),)), "md")
    assert "odd.txt" not in markdown and "### 1. （无标题）" in markdown


def test_the_article_list_does_not_repeat_a_sentence_the_theme_sections_quote() -> None:
    """A story quoted above under its theme is listed by another of its picks, where it has one as good:
    the same sentence twice on one page reads as a mistake (delivery review: 5 of 9 briefs)."""
    top = "该机器人的末端定位精度达到0.1毫米，较上一代提升约40%。"
    second = "目前“灵枢-3”已在全国23家医院投入使用，累计完成手术1200余例。"
    robot = article(origin="inbox/robot.txt", title="手术机器人", url=None, source="科创时报", hour=9,
                    sections=[(None, BREAKTHROUGHS, [(top, 2.4), (second, 1.9)])])
    themes = (ThemeSection(BREAKTHROUGHS, (BriefItem(top, 2.4, robot),)), ThemeSection(DEPLOYMENT, ()),
              ThemeSection(CHALLENGES, ()), ThemeSection(OTHER, ()))
    brief = Brief(date=dt.date(2026, 11, 25), counts=BriefCounts(read=1, kept=1), keywords=(), themes=themes,
                  articles=(robot,), failures=())
    for fmt in ("md", "html"):
        listing = render_brief(brief, fmt).split("文章一览")[-1]  # type: ignore[arg-type]
        assert second in listing and top not in listing, fmt
    alone = article(origin="inbox/robot.txt", title="手术机器人", url=None, source="科创时报", hour=9,
                    sections=[(None, BREAKTHROUGHS, [(top, 2.4)])])
    one = dataclasses.replace(brief, articles=(alone,), themes=(ThemeSection(BREAKTHROUGHS, (BriefItem(top, 2.4, alone),)), *themes[1:]))
    assert top in render_brief(one, "md").split("文章一览")[-1]  # its only pick: listed all the same

def test_the_attribution_line_sets_the_title_apart_from_its_source() -> None:
    """A headline holds its own "，" (国产手术机器人精度再提升，远程手术…): "——TITLE，SOURCE" read as one run.
    The line names the outlet, then the headline in 《》, in both formats (reader's review)."""
    brief = sample_brief()
    md = render_brief(brief, "md")
    assert "  ——科创时报《[国产手术机器人精度再提升，远程手术从“能做”到“常做”][1]》\n" in md
    assert "  ——《5G+工业互联网：一座“灯塔工厂”的3年转型》\n" in md  # no source, no link
    assert "，科创时报" not in md
    html = render_brief(brief, "html")
    assert ('<p class="via">——<span class="source">科创时报</span>《<a class="ext" '
            'href="https://news.example.cn/tech/2026/11/25/surgical-robot.html" rel="noopener noreferrer">'
            '国产手术机器人精度再提升，远程手术从“能做”到“常做”</a>》</p>') in html
    assert '<p class="via">——《5G+工业互联网：一座“灯塔工厂”的3年转型》</p>' in html
