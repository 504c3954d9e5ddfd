"""Real-page reading: the article, its headline and publisher, and no page furniture.

Fixtures in tests/fixtures/pages/ are original pages written for these tests in the style of the real
pages zhbrief failed on (table layout, crawl wrapper, comment section, notices and hotlines, caption
runs, site-suffixed titles); each NAME.expect.toml lists what must and must not reach the engine's text.
The `shared` test measures the real pages of ../shared/realpages with their own measure.py logic.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from briefs.errors import BriefError
from briefs.reading.html import (
    PASSES, _column_items, _paragraph_sections, _rejoined, article_edges, credited_source, embedded_article, main_text, parse_markup,
    styled_subheadings, under_headline, wrapper_attributes,
)
from briefs.reading.read import read_path
from briefs.reading.title import (
    PageTitles, byline_outlet, copyright_holder, dateline_outlet, credited_name, headline, is_site_name, publisher, split_title,
)
from summarize import summarize
from summarize.furniture import article_chars, furniture_lines, has_article_text, never_heading, strip_furniture
from tests.conftest import ROOT, SHARED

PAGES = ROOT / "tests" / "fixtures" / "pages"
EXPECTED = sorted(PAGES.glob("*.expect.toml"))


def _summary_text(summary) -> str:  # noqa: ANN001 — a Summary
    return "\n".join([*(s.heading or "" for s in summary.sections), *(c.text for c in summary.candidates)])


@pytest.mark.parametrize("expect_path", EXPECTED, ids=lambda p: p.name.removesuffix(".expect.toml"))
def test_page_gives_its_article_headline_and_publisher(expect_path: Path) -> None:
    expect = tomllib.loads(expect_path.read_text(encoding="utf-8"))
    page = expect_path.with_name(expect_path.name.removesuffix(".expect.toml") + ".html")
    document = read_path(str(page))
    assert document.title == expect["title"]
    assert document.source == expect["source"]
    if "url" in expect:
        assert document.url == expect["url"]
    if "published" in expect:
        assert document.published is not None and document.published.isoformat() == expect["published"]
    summary = summarize(document.text, title=document.title)
    text = _summary_text(summary)
    for sentence in expect["must_include"]:
        assert sentence in text, f"{page.name}: lost article text {sentence!r}"
    for noise in expect["must_not_include"]:
        assert noise not in text, f"{page.name}: page furniture {noise!r} reached the engine"
    if "headings" in expect:
        assert [s.heading for s in summary.sections if s.heading] == expect["headings"]


@pytest.mark.parametrize("name", ["only-comments.html", "only-navigation.html"])
def test_a_page_without_an_article_is_no_article_text(name: str) -> None:
    with pytest.raises(BriefError, match="no article text"):
        read_path(str(PAGES / name))


@pytest.mark.parametrize("name", ["only-comments.html", "only-navigation.html"])
def test_summarize_exits_1_on_a_page_without_an_article(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefs", "summarize", str(PAGES / name)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{PAGES / name}: no article text" in result.stderr


def test_digest_lists_a_page_without_an_article_as_failed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("comments.html", "only-comments.html"):
        (inbox / name).write_bytes((PAGES / name).read_bytes())
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "briefs", "digest", str(inbox), "--date", "2023-08-20", "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert "1 articles kept" in result.stdout or "1 article kept" in result.stdout
    assert "only-comments.html: no article text" in result.stderr
    brief = (out / "2023-08-20.md").read_text(encoding="utf-8")
    assert "only-comments.html" in brief and "排队买一杯奶茶" not in brief
    assert "江东网" in brief and "版权所有" not in brief  # the publisher, not the meta copyright line


def test_table_layout_page_is_read_by_a_later_pass() -> None:
    document = read_path(str(PAGES / "table-layout.html"))
    assert document.extraction == "trafilatura, default pass"
    markup = (PAGES / "table-layout.html").read_text(encoding="utf-8")
    text, name = main_text(markup)
    assert name != PASSES[0].name and article_chars(text) > 100


def test_explain_names_the_extraction_pass() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefs", "summarize", str(PAGES / "table-layout.html"), "--format", "json", "--explain"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["extraction"] == "trafilatura（默认模式）"  # as the explain table, in Chinese
    assert read_path(str(PAGES / "table-layout.html")).extraction == "trafilatura, default pass"  # the digest's log


def test_a_page_its_scripts_render_gives_the_article_of_its_data() -> None:
    next_page = read_path(str(PAGES / "script-data-next.html"))
    assert next_page.extraction == "the page's script data (__NEXT_DATA__)"
    assert next_page.extraction_wording.said(lambda text: text) == "页面脚本中的数据（__NEXT_DATA__）"
    state_page = read_path(str(PAGES / "script-data-state.html"))
    assert state_page.extraction == "the page's script data (window.__INITIAL_STATE__)"
    # A page whose markup holds its article is read from the markup, whatever its scripts carry.
    assert read_path(str(PAGES / "comments.html")).extraction.startswith("trafilatura")


def test_a_script_shell_with_no_article_in_its_data_is_still_no_article() -> None:
    with pytest.raises(BriefError, match="only-script-shell.html: "):
        read_path(str(PAGES / "only-script-shell.html"))


_PROSE = "记者从市交通运输局获悉，全市首批无人驾驶公交车已在三条线路投入试运营，每天运送乘客约两千人次。" * 3


@pytest.mark.parametrize(
    ("script", "found"),
    [
        # JavaScript that is not JSON (unquoted keys, single quotes, undefined) is passed over, not an error.
        (f"window.__DATA__ = {{text: '{_PROSE}', ok: undefined}};", False),
        (f'window.__DATA__ = {{"text": "{_PROSE}"}}; window.__MORE__ = {{text: undefined}};', True),
        # Data nested deeper than the JSON parser recurses, and a value cut short, are passed over.
        ("window.__DATA__ = " + "[" * 100_000 + "]" * 100_000 + ";", False),
        (f'window.__DATA__ = {{"text": "{_PROSE}"', False),
        # Plain text with its paragraphs escaped as \n, and HTML escaped as entities, are both read.
        (f'var state = {{"a": {{"b": ["{_PROSE}\\n{_PROSE}"]}}}};', True),
        (f'var state = {{"body": "&lt;p&gt;{_PROSE}&lt;/p&gt;"}};', True),
    ],
)
def test_script_data_that_is_not_json_or_too_deep_is_passed_over(script: str, found: bool) -> None:
    text, where = embedded_article(parse_markup(f"<html><body><div id='app'></div><script>{script}</script></body></html>"))
    assert bool(text) is found
    if found:
        assert "<p>" not in text and "首批无人驾驶公交车" in text and where


def test_paragraphs_an_editor_wrote_as_sections_are_the_article() -> None:
    # Each paragraph a <section> of spans, as public-account and CMS editors write them.
    body = "".join(
        f'<section><span style="font-size: 15px;">第{n}段：社区卫生服务中心为慢病患者配备了固定的家庭医生团队，复诊开药不用再跑大医院。</span></section>'
        for n in range(1, 6)
    )
    text, name = main_text(f"<html><body><div class='rich_media_content'>{body}</div></body></html>")
    assert name == PASSES[0].name
    assert [line[:3] for line in text.split("\n") if line.strip()] == ["第1段", "第2段", "第3段", "第4段", "第5段"]


_FILLER = "".join(
    f"<p>第{n}段：市政府办公厅发布通知，全市中小学将在下周一起实行弹性离校，家长可以按需选择下午五点半或六点半接孩子。</p>"
    for n in range(1, 5)
)
_PICTURE = '<p style="text-align: center"><img src="a.jpg"></p>'


@pytest.mark.parametrize(
    ("block", "line", "caption"),
    [
        # Told by its element: a figcaption, a class or id that says caption (pic-text, img_desc, tuzhu…).
        ('<div><img src="a.jpg"><figcaption>孩子们在操场上放学排队。</figcaption></div>', "孩子们在操场上放学排队。", True),
        ('<div class="pic"><img src="a.jpg"><p class="pic-text">孩子们在操场上放学排队。</p></div>', "孩子们在操场上放学排队。", True),
        ('<div class="img-box"><img src="a.jpg"></div><div class="img_desc">放学后的校门口</div>', "放学后的校门口", True),
        ('<p><img src="a.jpg"></p><p id="tuzhu">放学后的校门口</p>', "放学后的校门口", True),
        ('<p><img src="a.jpg"></p><p class="picIntro">放学后的校门口</p>', "放学后的校门口", True),
        # Told by its shape: short, centred, right under a picture, a label or one sentence.
        (_PICTURE + '<p style="text-align:center">放学后的校门口</p>', "放学后的校门口", True),
        (_PICTURE + '<p align="center"><span>孩子们在操场上放学排队。</span></p>', "孩子们在操场上放学排队。", True),
        ('<p align="center"><img src="a.jpg"><br>孩子们在操场上放学排队。</p>', "孩子们在操场上放学排队。", True),
        # A paragraph under a picture that is not so shaped stays: the lead after the top picture, a short
        # paragraph that is not centred, two sentences, a numbered subheading, text between it and the picture.
        (_PICTURE + "<p>记者从市教育局获悉，弹性离校今天起在全市推行。</p>", "记者从市教育局获悉，弹性离校今天起在全市推行。", False),
        (_PICTURE + "<p>家长普遍表示欢迎。</p>", "家长普遍表示欢迎。", False),
        (_PICTURE + '<p style="text-align:center">家长普遍表示欢迎。学校也做好了准备。</p>', "家长普遍表示欢迎。学校也做好了准备。", False),
        (_PICTURE + '<p style="text-align:center">一、弹性离校怎么选</p>', "一、弹性离校怎么选", False),
        ('<p style="text-align:center"><img src="a.jpg">放学了</p><p style="text-align:center">家长在校门口等候</p>', "家长在校门口等候", False),
        # A box named after pictures holds the picture, not its caption; a caption repeating a paragraph
        # of the text leaves that paragraph alone.
        ('<div class="pic"><img src="a.jpg"></div><p class="pic">家长在校门口等候孩子放学。</p>', "家长在校门口等候孩子放学。", False),
        ('<p class="pic-text">家长在校门口等候孩子放学。</p><p>家长在校门口等候孩子放学。</p>', "家长在校门口等候孩子放学。", False),
        # A page saved with its pictures taken out: the picture's centred block is left empty (or holds a
        # <br>, a space), and the short centred line under it is still its caption. A bold line there is a
        # subheading the page centres; an empty paragraph that is not centred is a gap between paragraphs.
        ('<p style="text-align: center;"></p><p style="text-align: center;">放学后的校门口</p>', "放学后的校门口", True),
        ('<p align="center"><br></p><p align="center">家长在校门口等候</p>', "家长在校门口等候", True),
        ('<div style="text-align:center">&nbsp;</div><p align="center">图为放学后的校门口</p>', "图为放学后的校门口", True),
        ('<p style="text-align: center;"></p><p style="text-align: center;"><strong>弹性离校怎么选</strong></p>', "弹性离校怎么选", False),
        ("<p></p>" + '<p style="text-align: center;">放学后的校门口</p>', "放学后的校门口", False),
    ],
    ids=["figcaption", "pic-text", "img_desc", "id-tuzhu", "picIntro", "centred-label", "centred-sentence",
         "in-the-picture-paragraph", "lead", "short-not-centred", "two-sentences", "numbered", "text-between",
         "picture-box", "repeats-a-paragraph", "emptied-picture", "emptied-picture-br", "emptied-picture-box",
         "bold-after-an-empty-block", "after-an-empty-paragraph"],
)
def test_a_photo_caption_without_a_credit_is_told_by_the_markup(block: str, line: str, caption: bool) -> None:
    from briefs.reading.read import read_document

    page = f"<html><head><title>弹性离校今起推行</title></head><body><div class='content'>{_FILLER}{block}{_FILLER}</div></body></html>"
    text = read_document(page.encode("utf-8"), "page.html", "html").text
    assert (line not in text) is caption, text


def test_a_picture_story_told_in_its_captions_keeps_them() -> None:
    from briefs.reading.captions import caption_texts, drop_captions

    captions = [f"第{n}张：清晨的菜市场里，摊主们正在把刚运到的蔬菜码放整齐，等待第一批顾客。" for n in range(1, 5)]
    page = "<div>" + "".join(f'<p><img src="{n}.jpg"></p><p class="pic-text">{c}</p>' for n, c in enumerate(captions)) + "</div>"
    text = "\n\n".join(["组图：城南菜市场的早晨。", *captions])
    found = caption_texts(parse_markup(page))
    assert len(found) == 4
    assert drop_captions(text, found) == text
    assert drop_captions(text + "\n\n" + "城南菜市场建于上世纪八十年代，去年完成了改造，现有摊位三百多个，每天早上五点开市。" * 4, found).count("第") == 0


def test_a_caption_in_script_data_is_not_article_text() -> None:
    html_string = "".join(
        f"<p>{_PROSE}</p>" if n % 2 else '<figure><img src="a.jpg"><figcaption>无人驾驶公交车停靠在站台。</figcaption></figure>'
        for n in range(4)
    )
    data = json.dumps({"article": {"content": html_string}}, ensure_ascii=False)
    text, _ = embedded_article(parse_markup(f"<html><body><div id='app'></div><script>window.__DATA__ = {data};</script></body></html>"))
    assert "首批无人驾驶公交车" in text and "停靠在站台" not in text


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # a column laid out as a list item: it and its list are read as blocks
        ("<ul class=c><li><h3>标题</h3><p>一段。</p><p>二段。</p></li><li>侧栏</li></ul>",
         "<div class=c><div><h3>标题</h3><p>一段。</p><p>二段。</p></div><li>侧栏</li></div>"),
        # a bulleted list, one paragraph an item at most, stays a list
        ("<ul><li><p>第一条。</p></li><li>第二条。</li></ul>", "<ul><li><p>第一条。</p></li><li>第二条。</li></ul>"),
        # an item left open keeps its tag; an unclosed list does not hold up the reading
        ("<ul><li><p>一</p><p>二</p><li>三</ul><ul><li>", "<ul><li><p>一</p><p>二</p><li>三</ul><ul><li>"),
    ],
)
def test_a_list_item_that_holds_paragraphs_is_a_column(markup: str, expected: str) -> None:
    assert _column_items(markup) == expected


def test_a_section_left_open_does_not_hold_up_the_reading() -> None:
    markup = "<html><body>" + "<section><span>没有闭合的段落</span>" * 20_000 + "<section" * 50_000 + "</body></html>"
    assert _paragraph_sections(markup) == markup  # no <section> here is closed: none is a paragraph


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("", "2023-09-14T08:05:33"),  # no date in the metadata: the dateline's
        ('<meta name="publishdate" content="2023-09-14">', "2023-09-14T08:05:33"),  # a day without its time
        ('<meta property="article:published_time" content="2023-09-14T08:10:00+08:00">', "2023-09-14T08:10:00+08:00"),
    ],
)
def test_the_dateline_under_the_headline_gives_the_time_the_metadata_lacks(meta: str, expected: str) -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：老城区改造工程在解放路北段正式开工，首批改造的背街小巷将在年底前完工，总投资约一点八亿元。</p>" for n in range(1, 5))
    page = (
        f"<html><head><title>老城区改造启动_三江晚报</title>{meta}</head><body><h1>老城区改造启动</h1>"
        f"<div>2023-09-14 08:05:33 来源：三江晚报</div><div class='content'>{body}</div>"
        "<ul><li>相关新闻：市区将新增3处公共停车场 2023-08-01 10:00</li></ul></body></html>"
    )
    document = read_document(page.encode("utf-8"), "page.html", "html")
    assert document.published is not None and document.published.isoformat() == expected


def test_the_page_keeps_the_zone_its_publication_time_states() -> None:
    # The address carries the day (/2026/11/25/): read first, it stood for the metadata's time and zone, and
    # the dateline under the headline gave the time back without its +08:00.
    document = read_path(str(ROOT / "tests" / "fixtures" / "web" / "orchard-robots.html"))
    assert document.published is not None and document.published.isoformat() == "2026-11-25T07:50:00+08:00"


def test_a_subheading_right_under_a_photo_caption_is_a_section_heading() -> None:
    # 缓解用工难 follows a picture and its caption: the nearest paragraph before it is the caption, which the
    # extraction leaves out, so the heading was not put back and its section ran into the one before.
    document = read_path(str(ROOT / "tests" / "fixtures" / "web" / "orchard-robots.html"))
    summary = summarize(document.text, title=document.title)
    assert [s.heading for s in summary.sections if s.heading] == ["看得准 摘得稳", "缓解用工难", "价格仍是门槛"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # The time the page says it was first published, not when the site generated the page.
        ('<meta name="others" content="页面生成时间 2023-10-23 11:23:36"><meta name="firstpublishedtime" content="2007-08-20-23:59:59">'
         '<meta name="lastmodifiedtime" content="2008-01-02-10:00:00">', "2007-08-20T23:59:59"),
        ('<meta itemprop="datePublished" content="2024-12-06T10:20:00Z">', "2024-12-06T10:20:00+00:00"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2024-12-07T09:00:00+08:00",'
         ' "datePublished": "2024-12-06T10:20:00+08:00"}</script>', "2024-12-06T10:20:00+08:00"),
        ('<meta name="pubdate" content="2024-12-06 10:20">', "2024-12-06T10:20:00"),
    ],
)
def test_the_publication_time_the_metadata_declares_is_the_date(head: str, expected: str) -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：县图书馆把闭馆时间推迟到晚上十点半，夜间的读者多是下班后带着孩子来的上班族，借阅量占到全天四成。</p>" for n in range(1, 5))
    page = (
        f"<html><head><title>县图书馆夜间开放</title>{head}"
        '<link rel="canonical" href="https://news.example.cn/2024/1206/c1013-1.html"></head>'
        f"<body><h1>县图书馆夜间开放</h1><div class='content'>{body}</div></body></html>"
    )
    document = read_document(page.encode("utf-8"), "page.html", "html")
    assert document.published is not None and document.published.isoformat() == expected


def test_an_xhtml_page_that_declares_its_encoding_gives_its_dateline() -> None:
    # lxml refuses a str that declares its encoding: the page's tree was None, and with it the dateline's time.
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：老城区改造工程在解放路北段正式开工，首批改造的背街小巷将在年底前完工，总投资约一点八亿元。</p>" for n in range(1, 5))
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>老城区改造启动</title>'
        f"</head><body><h1>老城区改造启动</h1><div>2023-09-14 08:05 来源：三江晚报</div><div class='content'>{body}</div></body></html>"
    )
    document = read_document(page.encode("utf-8"), "page.html", "html")
    assert document.published == dt.datetime(2023, 9, 14, 8, 5)
    assert document.source == "三江晚报"


@pytest.mark.parametrize(
    ("head", "under", "script", "expected"),
    [
        # No date in the metadata or under the headline: the post time the page's script holds.
        ("", "", 'var ct = "1733456789";', "2024-12-06T03:46:29+00:00"),  # Unix seconds: an instant, in UTC
        ("", "", "var createTime = '1733456789000';", "2024-12-06T03:46:29+00:00"),  # milliseconds
        ("", "", "var createTime = '2024-12-06 10:20';", "2024-12-06T10:20:00"),  # as the page would print it
        ("", "", 'var publish_time = "2024-12-06" || "";', "2024-12-06T00:00:00"),
        ("", "", 'var publish_time = "2024-12-06" || ""; var ct = "1733456789";', "2024-12-06T03:46:29+00:00"),
        # The metadata's time, or the dateline, comes first; a metadata day yields to the script's time.
        ('<meta property="article:published_time" content="2024-12-05T21:00:00+08:00">', "", 'var ct = "1733456789";', "2024-12-05T21:00:00+08:00"),
        ("", "2024-12-06 11:50", 'var ct = "1733456789";', "2024-12-06T11:50:00"),
        ("", "2024年12月6日（五） 11:50", 'var ct = "1733456789";', "2024-12-06T11:50:00"),  # its weekday in brackets
        ('<meta name="publishdate" content="2024-12-06">', "", 'var ct = "1733456789";', "2024-12-06T03:46:29+00:00"),
        ('<meta name="publishdate" content="2024-12-05">', "", 'var publish_time = "2024-12-06";', "2024-12-05T00:00:00"),
        # A dateline that gives the day alone (2005年08月16日　来源：…) dates a page that has nothing better; the
        # scripts' time is more exact. A date opening a sentence of the story is no dateline.
        ("", "2024-12-06　来源：县融媒体中心", "", "2024-12-06T00:00:00"),
        ("", "2024年12月6日 星期五", "", "2024-12-06T00:00:00"),
        ("", "2024-12-06", 'var ct = "1733456789";', "2024-12-06T03:46:29+00:00"),
        ("", "2024年12月6日，县图书馆开始试行夜间开放", "", None),
        # Not a post time: an id, a count, another variable, a date that is no date.
        ("", "", 'var ct = "12"; var act = "1733456789"; var idct = "1733456789";', None),
        ("", "", 'var publish_time = "2024-13-45";', None),
    ],
)
def test_the_post_time_a_script_holds_is_the_date_when_the_page_gives_no_better(
    head: str, under: str, script: str, expected: str | None
) -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：县图书馆把闭馆时间推迟到晚上十点半，夜间的读者多是下班后带着孩子来的上班族，借阅量占到全天四成。</p>" for n in range(1, 5))
    page = (
        f"<html><head><title>县图书馆夜间开放</title>{head}</head><body><h1>县图书馆夜间开放</h1>"
        f"<div>{under}</div><div class='content'>{body}</div><script>{script}</script></body></html>"
    )
    document = read_document(page.encode("utf-8"), "page.html", "html")
    assert (document.published.isoformat() if document.published else None) == expected


@pytest.mark.parametrize(
    ("head", "under", "closing", "expected"),
    [
        # Nothing above the text dates it: the time printed on the article's closing lines, or labelled below it.
        ("", "", "<p>发布时间：2024-11-05 09:30</p>", "2024-11-05T09:30:00"),
        ("", "", "<p>2024年11月5日 09:30</p>", "2024-11-05T09:30:00"),
        ("", "", "<p>（责任编辑：王一）</p><p>2024-11-05 09:30 来源：县融媒体中心</p>", "2024-11-05T09:30:00"),
        ("", "", "</div><div class='foot'>发布日期：2024-11-05 09:30 浏览次数：218", "2024-11-05T09:30:00"),
        ("", "", "</div><div class='postfoot'>作者:shanshi 阅读(1660) 评论(5) 发表于:2024-11-05 09:30", "2024-11-05T09:30:00"),  # a blog's
        # A day the top gives alone: the closing time of that day is more exact; another day's is not its time.
        ('<meta name="publishdate" content="2024-11-05">', "", "<p>发布时间：2024-11-05 09:30</p>", "2024-11-05T09:30:00"),
        ("", "2024-11-05　来源：县融媒体中心", "<p>发布时间：2024-11-05 09:30</p>", "2024-11-05T09:30:00"),
        ('<meta name="publishdate" content="2024-11-04">', "", "<p>发布时间：2024-11-05 09:30</p>", "2024-11-04T00:00:00"),
        # The metadata's time and the dateline's come first.
        ('<meta property="article:published_time" content="2024-11-04T21:00:00+08:00">', "", "<p>发布时间：2024-11-05 09:30</p>",
         "2024-11-04T21:00:00+08:00"),
        ("", "2024-11-04 18:00", "<p>发布时间：2024-11-05 09:30</p>", "2024-11-04T18:00:00"),
        # Not the article's: a related item's time below the text, unlabelled; a time inside the story.
        ('<meta name="publishdate" content="2024-11-05">', "", "</div><div class='more'>相关信息 城区新增停车泊位一千二百个 2024-11-05 16:05",
         "2024-11-05T00:00:00"),
        ("", "", "<p>县图书馆将于2024年11月5日 09:30起试行新的借阅规则，读者可以提前在网上预约。</p>", None),
    ],
)
def test_a_time_printed_below_the_text_dates_a_page_that_has_no_better(head: str, under: str, closing: str, expected: str | None) -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：县图书馆把闭馆时间推迟到晚上十点半，夜间的读者多是下班后带着孩子来的上班族，借阅量占到全天四成。</p>" for n in range(1, 5))
    page = (
        f"<html><head><title>县图书馆夜间开放</title>{head}</head><body><h1>县图书馆夜间开放</h1>"
        f"<div>{under}</div><div class='content'>{body}{closing}</div><div class='footer'>关于我们 联系我们</div></body></html>"
    )
    document = read_document(page.encode("utf-8"), "page.html", "html")
    assert (document.published.isoformat() if document.published else None) == expected


@pytest.mark.parametrize(
    ("head", "below", "expected"),
    [
        # A portal republishing a paper's article credits the paper: in the metadata a government site
        # carries by the national standard (ContentSource beside SiteName), or under the text past its
        # print and close buttons (not a line of the article's text). The paper wrote it.
        ('<meta name="ContentSource" content="北湖日报">', "", "北湖日报"),
        ("", "<div class='tools'><a>打印</a> <a>关闭</a> <a>收藏</a><div class='tag'><p>已收藏</p></div></div>"
             "<p id='infoSource'>信息来源：\n  北湖日报\n</p>", "北湖日报"),
        # Not the article's credit: a photo's, a related item's far below the text, a source that is the site.
        ("", "<div class='tools'><a>打印</a> <a>关闭</a></div><p id='infoSource'>图片来源：北湖日报</p>", "北湖市人民政府门户网站"),
        ("", "<div class='more'>" + "".join(f"<p>相关阅读：城区第{n}批老旧小区改造启动，涉及居民两千余户</p>" for n in range(1, 6))
             + "<p>来源：北湖日报</p></div>", "北湖市人民政府门户网站"),
        ('<meta name="ContentSource" content="本网">', "", "北湖市人民政府门户网站"),
    ],
)
def test_a_portal_names_the_paper_it_republishes(head: str, below: str, expected: str) -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：县图书馆把闭馆时间推迟到晚上十点半，夜间的读者多是下班后带着孩子来的上班族，借阅量占到全天四成。</p>" for n in range(1, 5))
    page = (
        f"<html><head><title>县图书馆夜间开放延长至晚上十点半_北湖市人民政府门户网站</title>{head}</head>"
        f"<body><h1>县图书馆夜间开放延长至晚上十点半</h1><div>2024-11-05 09:30</div><div class='main'><div class='content'>{body}</div>"
        f"<div class='clearfix'>{below}</div></div><div class='footer'>关于我们 联系我们</div></body></html>"
    )
    assert read_document(page.encode("utf-8"), "page.html", "html").source == expected


def test_a_crawl_wrapper_whose_url_does_not_parse_still_gives_its_article(tmp_path: Path) -> None:
    # Found by fuzzing: urlsplit raises on "http://ne[ws…" (an unclosed IPv6 bracket), and the whole page
    # failed: a traceback from summarize, a failed input in the digest.
    page = (PAGES / "crawl-wrapper.html").read_text(encoding="utf-8")
    start = page.index('id="') + len('id="')
    broken = tmp_path / "broken-id.html"
    broken.write_text(page[:start] + "http://ne[ws.example.cn/" + page[start:], encoding="utf-8")
    document = read_path(str(broken))
    assert document.url.startswith("http://ne[ws.example.cn/")
    assert document.title == read_path(str(PAGES / "crawl-wrapper.html")).title
    assert has_article_text(document.text)


def test_crawl_wrapper_attributes() -> None:
    markup = '<text id="http://a.example.cn/1.html" title="标题 &quot;引号&quot;" encoding="gb2312"><html></html></text>'
    assert wrapper_attributes(markup) == {"id": "http://a.example.cn/1.html", "title": '标题 "引号"', "encoding": "gb2312"}
    assert wrapper_attributes("<html><body><text>x</text></body></html>") == {}


@pytest.mark.parametrize(
    ("title", "headline_part", "removed"),
    [
        ("短缺药品保供稳价 全力保障临床用药需求-新华网", "短缺药品保供稳价 全力保障临床用药需求", ["新华网"]),
        ("平鎮輪胎行惡火  疏散7人1女命喪 | 社會 | 中央社 CNA", "平鎮輪胎行惡火 疏散7人1女命喪", ["中央社 CNA", "社會"]),
        ("书记市长这一周 | 奋马扬鞭争春色，“虎”力全开向未来", "书记市长这一周 | 奋马扬鞭争春色，“虎”力全开向未来", []),
        ("棱镜|数据业大整顿：用户信息几元不等_财经_腾讯网", "棱镜|数据业大整顿：用户信息几元不等", ["腾讯网", "财经"]),
        ("马克龙星期一在莫斯科与普京会面 - 法国报纸摘要", "马克龙星期一在莫斯科与普京会面", ["法国报纸摘要"]),
        ("法国报纸摘要 - 马克龙星期一在莫斯科与普京会面", "法国报纸摘要 - 马克龙星期一在莫斯科与普京会面", []),
        ("对比试车—测试两款小车(图)", "对比试车—测试两款小车(图)", []),
        ("土豆不“土” 土豆无“土” 松花江网", "土豆不“土” 土豆无“土”", ["松花江网"]),
        ("13岁女孩辍学后生下女婴(附图)--雅虎新闻", "13岁女孩辍学后生下女婴(附图)", ["雅虎新闻"]),
        ("COVID-19疫苗第三期试验结果公布", "COVID-19疫苗第三期试验结果公布", []),
        # A gazette's or magazine's issue, named with its number: longer than a name, still no headline.
        ("关于调整城乡居民医保缴费标准的通知__2021年第12号东江市人民政府公报_东江市政府网",
         "关于调整城乡居民医保缴费标准的通知", ["东江市政府网", "2021年第12号东江市人民政府公报"]),
        ("乡村教师的三十年_2019年第08期南山文学月刊", "乡村教师的三十年", ["2019年第08期南山文学月刊"]),
    ],
)
def test_site_and_channel_names_leave_the_title(title: str, headline_part: str, removed: list[str]) -> None:
    assert split_title(title) == (headline_part, removed)


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        # A blog's title: headline, the blogger's handle, the portal. The handle is in the address.
        ("老街口的豆花摊又开张了(图) lanxiao88  云帆Blog", "http://blog.example.cn/blog/lanxiao88/archive/2006/3/1.aspx", "老街口的豆花摊又开张了(图)"),
        # A Latin last word the address does not carry is the headline's own.
        ("新款折叠屏手机发布 续航升级 Mate", "http://tech.example.cn/2021/0301/12.html", "新款折叠屏手机发布 续航升级 Mate"),
        ("小区快递柜收费引争议 lanxiao88", None, "小区快递柜收费引争议 lanxiao88"),
    ],
)
def test_a_bloggers_handle_the_address_carries_leaves_the_headline(title: str, url: str | None, expected: str) -> None:
    from lxml import html

    titles = PageTitles.of(html.fromstring(f"<html><head><title>{title}</title></head><body></body></html>"), url=url)
    assert headline(titles) == expected
    assert publisher(titles, None, expected) != "lanxiao88"


def _titles(markup: str) -> PageTitles:
    from lxml import html

    return PageTitles.of(html.fromstring(markup))


def test_the_heading_the_title_repeats_is_the_headline() -> None:
    titles = _titles(
        "<html><head><title>外媒眼中的长假：蓬勃发展_首页_新闻中心_长江网</title></head>"
        "<body><h1>长江网</h1><h2>外媒眼中的长假：蓬勃发展</h2><h2>热门图片</h2></body></html>"
    )
    assert headline(titles) == "外媒眼中的长假：蓬勃发展"


@pytest.mark.parametrize(
    ("shown", "original", "expected"),
    [
        # A reposting site tags the headline with an advertiser's or a column's name; the original title it
        # states (原标题：…) is the headline without it.
        ("[南山茶业]老街改造完工 夜市重新开张", "老街改造完工 夜市重新开张", "老街改造完工 夜市重新开张"),
        ("老街改造完工 夜市重新开张【独家】", "老街改造完工 夜市重新开张", "老街改造完工 夜市重新开张"),
        # A headline that differs from the original title by more than a tag is the repost's own.
        ("老街改造完工：夜市重新开张", "老街改造完工 夜市重新开张", "老街改造完工：夜市重新开张"),
        ("[组图]老街改造完工 夜市重新开张", "东岭老街改造完工", "[组图]老街改造完工 夜市重新开张"),
    ],
)
def test_a_tag_around_the_headline_goes_when_the_page_states_the_original_title(shown: str, original: str, expected: str) -> None:
    from lxml import html

    tree = html.fromstring(
        f"<html><head><title>{shown}-东岭传媒</title></head><body><h2>{shown}</h2>"
        f"<div><p style='display:none'>原标题：{original}</p><p>正文第一段。</p></div></body></html>"
    )
    assert headline(PageTitles.of(tree), tree) == expected


def test_an_og_title_cut_at_an_unescaped_quote_loses_to_the_full_title() -> None:
    titles = _titles(
        '<html><head><title>多地项目连环爆雷 龙湖"暗伤"曝露？_网易财经</title>'
        '<meta property="og:title" content="多地项目连环爆雷 龙湖"暗伤"曝露？"></head><body></body></html>'
    )
    assert headline(titles) == '多地项目连环爆雷 龙湖"暗伤"曝露？'


def test_a_page_titled_with_its_site_name_takes_its_title_element() -> None:
    from lxml import html

    tree = html.fromstring(
        "<html><head><title>北医新闻网_(新闻)</title></head><body><table><tr>"
        "<td class='bt_title'>李简——新外科运动向我们走来</td></tr></table></body></html>"
    )
    titles = PageTitles.of(tree)
    assert headline(titles, tree) == "李简——新外科运动向我们走来"
    assert publisher(titles, None, "李简——新外科运动向我们走来") == "北医新闻网"


@pytest.mark.parametrize("sitename", ["网易版权所有", "Copyright © 2020 example.com", "https://news.example.cn/"])
def test_the_publisher_is_never_a_copyright_line_or_an_address(sitename: str) -> None:
    titles = _titles("<html><head><title>美国确诊病例超278万例_网易新闻</title></head><body></body></html>")
    assert publisher(titles, sitename, "美国确诊病例超278万例") == "网易新闻"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # A platform hosting accounts, and the account its card names: the account is the publisher.
        ('<meta property="og:site_name" content="微信公众平台"></head><body><strong class="profile_nickname">晨光读书会</strong>', "晨光读书会"),
        ('</head><body><div class="author-info"><a class="author-name">老街口美食记</a></div>', "老街口美食记"),
        # No account named: the platform is better than nothing. A publisher that is no platform stays.
        ('<meta property="og:site_name" content="微信公众平台"></head><body>', "微信公众平台"),
        ('<meta property="og:site_name" content="江东网"></head><body><span class="author-name">记者 王一</span>', "江东网"),
    ],
)
def test_on_a_platform_the_publisher_is_the_account(markup: str, expected: str) -> None:
    from lxml import html

    page = f"<html><head><title>社区书店的第二个十年 - 百川号</title>{markup}<p>正文</p></body></html>"
    assert publisher(PageTitles.of(html.fromstring(page)), None, "社区书店的第二个十年") == expected


@pytest.mark.parametrize(
    ("title", "meta", "expected"),
    [
        # A Latin-only declared name yields to the Chinese name the title ends with, or the page declares.
        ("山区步道整修完工 下月起分流开放 | 地方 | 中央社 CNA", '<meta property="og:site_name" content="Central News Agency">', "中央社 CNA"),
        ("山区步道整修完工 下月起分流开放 - 两岸三地 - 东方中文网", '<meta name="application-name" content="Orient">', "东方中文网"),
        ("山区步道整修完工 下月起分流开放 - HMP", '<meta property="og:site_name" content="Harbour Morning Post"><meta name="publisher" content="港灣晨報">', "港灣晨報"),
        ("山区步道整修完工 下月起分流开放_澎湃新闻-The Paper", "", "澎湃新闻"),
        # A channel's name is no publisher's: with nothing better, the Latin name stays.
        ("山区步道整修完工 下月起分流开放 | 地方", '<meta property="og:site_name" content="Central News Agency">', "Central News Agency"),
        ("山区步道整修完工 下月起分流开放", '<meta property="og:site_name" content="Central News Agency">', "Central News Agency"),
        # A Chinese declared name stays first, whatever Latin name follows it.
        ("山区步道整修完工 下月起分流开放 - CNA", '<meta property="og:site_name" content="中央社">', "中央社"),
    ],
)
def test_a_latin_only_site_name_yields_to_the_chinese_name_the_page_gives(title: str, meta: str, expected: str) -> None:
    titles = _titles(f"<html><head><title>{title}</title>{meta}</head><body><h1>山区步道整修完工 下月起分流开放</h1></body></html>")
    assert publisher(titles, None, "山区步道整修完工 下月起分流开放") == expected


@pytest.mark.parametrize(
    ("meta", "signed", "expected"),
    [
        # The page names itself in Chinese only where it signs: its copyright line, its wire dateline.
        ('<meta property="og:site_name" content="Dongling News Agency">', ("东岭通讯社",), "东岭通讯社"),
        ('<meta property="og:site_name" content="Dongling News Agency">', ("东岭通讯社", "东岭社"), "东岭通讯社"),
        # Signed in Latin letters only, or not at all: the declared name stays.
        ('<meta property="og:site_name" content="Dongling News Agency">', ("DNA",), "Dongling News Agency"),
        ('<meta property="og:site_name" content="Dongling News Agency">', (), "Dongling News Agency"),
        # A Chinese declared name is the publisher, whatever the page signs with.
        ('<meta property="og:site_name" content="东岭网">', ("东岭通讯社",), "东岭网"),
    ],
)
def test_a_latin_only_site_name_yields_to_the_chinese_name_the_page_signs_with(meta: str, signed: tuple[str, ...], expected: str) -> None:
    titles = _titles(f"<html><head><title>山区步道整修完工 下月起分流开放</title>{meta}</head><body></body></html>")
    assert publisher(titles, None, "山区步道整修完工 下月起分流开放", signed=signed) == expected


@pytest.mark.parametrize(
    ("under", "expected"),
    [
        ("2024-03-08 09:12:45 来源：新京报 作者：王一", "新京报"),
        ("2024-03-08 09:12 | 来源: 北京青年报 举报", "北京青年报"),
        ("發布時間：2019/05/14 來源：中央社 CNA", "中央社"),
        ("2015年09月22日08:15 来源： 人民网-地方频道 分享到：", "人民网"),  # the site, not its channel
        ("来源：新京报2024-03-08 09:12", "新京报"),
        # The label names what is credited: the piece (稿件, 文章, 本文, 新闻) is the publisher's.
        ("( 2013-05-20 08:40:12 ) 稿件来源： 东岭日报 一盏油灯", "东岭日报"),
        ("2024-03-08 09:12 文章来源：北京青年报", "北京青年报"),
        ("本文来源：南湖晚报", "南湖晚报"),
        ("来源于：东岭区办事处", "东岭区办事处"),  # "comes from": the same credit
        ("2019-03-06 文章来源于: 南湖晚报", "南湖晚报"),
        # No publisher: a picture's or a figure's source, the web, "this site", a label with no name.
        ("2024-03-08 09:12 图片来源：视觉中国", None),
        ("2024-03-08 09:12 数据来源：国家统计局", None),
        ("2024-03-08 09:12 资料来源：东岭年鉴", None),
        ("2024-03-08 09:12 消息来源：知情人士", None),
        ("2024-03-08 09:12 图片来源于：视觉中国", None),
        ("2024-03-08 09:12 来源：网络", None),
        ("2024-03-08 09:12 来源：本站原创", None),
        ("2024-03-08 09:12 来源： 作者：王一", None),
        ("2024-03-08 09:12 来源：百川号", None),  # a platform hosts, it does not write
        ("2024-03-08 09:12 记者 王一", None),
        # A credit that names no outlet is passed over for the next one.
        ("2006-01-18 09:42更新 来源：转载文章 发表评论 来源：南港晚报", "南港晚报"),
        ("2024-03-08 09:12 来源：网络 来源：本站", None),
    ],
)
def test_the_source_credited_beside_the_dateline(under: str, expected: str | None) -> None:
    assert credited_name(under) == expected


@pytest.mark.parametrize(
    ("under", "expected"),
    [
        ("2013年12月28日06:12 江城日报 我有话说( 2,318 人参与)", "江城日报"),  # a paper named beside the date, unlabelled
        ("2026-11-2509:30 科创时报 本报记者 林晓岚", "科创时报"),  # a crawler's glued dateline
        ("2024-03-08 09:12 ｜ 光明网 分享到", "光明网"),
        ("2024-03-08 09:12 来源：新京报 光明网", "新京报"),  # the labelled credit first
        # Not a publisher: words that are no name, "this site", a byline, a name with no date before it.
        ("2024-03-08 09:12 分享到 微信 微博", None),
        ("2024-03-08 09:12 本网 记者 王一", None),
        ("2024-03-08 09:12 记者 王一", None),
        ("光明网 2024-03-08 09:12", None),
    ],
)
def test_a_publisher_named_right_after_the_dateline_is_credited(under: str, expected: str | None) -> None:
    assert credited_source(under) == expected


@pytest.mark.parametrize(
    ("shown", "title"),
    [
        ("首页 新闻 城东街道新增1200个托位 双职工家庭接送更方便 2024-11-05 08:12 来源：东岭经济报", "城东街道新增1200个托位 双职工家庭接送更方便"),
        # The markup breaks the headline into runs (a number in <em>, a <br>): the page shows it with spaces.
        ("首页 新闻 城东街道新增 1200 个托位 双职工家庭接送更方便 2024-11-05 08:12 来源：东岭经济报", "城东街道新增1200个托位双职工家庭接送更方便"),
        ("首页 新闻 城东街道新增1200个托位双职工家庭接送更方便 2024-11-05 08:12 来源：东岭经济报", "城东街道新增1200个托位 双职工家庭接送更方便"),
    ],
)
def test_the_lines_under_the_headline_are_found_however_the_markup_breaks_it(shown: str, title: str) -> None:
    assert under_headline(shown, title).strip().startswith("2024-11-05 08:12 来源：东岭经济报")
    assert credited_source(under_headline(shown, title)) == "东岭经济报"


ARTICLE = "城北区今年以来已开工加装电梯126部，超过去年全年的总数。\n基本覆盖有需求、有条件的老旧小区。"


@pytest.mark.parametrize(
    ("under", "text", "expected"),
    [
        # The article's first or last lines credit the paper that wrote it, when the dateline names none.
        ("2006-01-18 09:42更新 来源：转载文章", f"{ARTICLE}\n来源：南港晚报\n编辑：山石", "南港晚报"),
        ("2006-01-18 09:42", f"{ARTICLE}\n（来源：东岭日报）", "东岭日报"),
        ("2006-01-18 09:42", f"本文来源：南湖晚报\n{ARTICLE}", "南湖晚报"),
        ("2006-01-18 09:42", f"{ARTICLE}\n信息来源： 北湖日报", "北湖日报"),  # a government portal's credit
        ("2006-01-18 09:42 来源：北方晨报", f"{ARTICLE}\n来源：南港晚报", "北方晨报"),  # the dateline's credit first
        # Not a credit line: a source named inside a sentence, a figure's source, a credit deep in the text.
        ("2006-01-18 09:42", f"{ARTICLE}\n据统计，来源：南港晚报的数据显示，今年加装电梯的数量翻了一番。", None),
        ("2006-01-18 09:42", f"{ARTICLE}\n图片来源：南港晚报", None),
        ("2006-01-18 09:42", f"{ARTICLE}\n来源：南港晚报\n" + "\n".join([ARTICLE] * 3), None),
        # A credit glued to the article's last sentence, bracketed, labelled, or a bare outlet after a comma;
        # a bare outlet on a line of its own after a comma.
        ("2006-01-18 09:42", f"{ARTICLE}（来源：东岭日报）", "东岭日报"),
        ("2006-01-18 09:42", f"{ARTICLE}（文章来源：东岭证券报）", "东岭证券报"),
        ("2006-01-18 09:42", f"{ARTICLE} 来源：东岭日报", "东岭日报"),
        ("2006-01-18 09:42", f"{ARTICLE},东岭日报", "东岭日报"),
        ("2006-01-18 09:42", f"{ARTICLE}\n（文章来源：东岭证券报）", "东岭证券报"),
        ("2006-01-18 09:42", f"{ARTICLE}\n，东岭日报", "东岭日报"),
        # the outlet alone in brackets, glued to the last sentence or on a line of its own
        ("2006-01-18 09:42", f"{ARTICLE}（东岭日报）", "东岭日报"),
        ("2006-01-18 09:42", f"{ARTICLE}\n（东岭晚报）", "东岭晚报"),
        # Not a closing credit: glued to a sentence deep in the text, a bare word that is no outlet, a
        # figure's source.
        ("2006-01-18 09:42", f"{ARTICLE}（来源：东岭日报）\n" + "\n".join([ARTICLE] * 3), None),
        ("2006-01-18 09:42", f"{ARTICLE},城北区", None),
        ("2006-01-18 09:42", f"{ARTICLE}（城北区）", None),
        ("2006-01-18 09:42", f"{ARTICLE}\n（完）", None),
        ("2006-01-18 09:42", f"{ARTICLE}（图片来源：东岭日报）", None),
    ],
)
def test_a_credit_line_that_opens_or_ends_the_article_names_the_publisher(under: str, text: str, expected: str | None) -> None:
    assert credited_source(under, article_edges(text)) == expected


@pytest.mark.parametrize(
    ("credited", "expected"),
    [
        ("北方晨报", "北方晨报"),  # a paper's article republished by a portal: the paper wrote it
        ("南国网", "南国网"),
        ("南国网图片", "南国网"),  # the site's own channel: the site
        (None, "南国网"),
    ],
)
def test_the_credited_source_is_the_publisher_unless_it_is_the_site_itself(credited: str | None, expected: str) -> None:
    titles = _titles('<html><head><title>小区加装电梯提速_新闻中心_南国网</title><meta property="og:site_name" content="南国网"></head><body></body></html>')
    assert publisher(titles, None, "小区加装电梯提速", credited=credited) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("采写：岭都见习记者 何子安", "岭都"),  # the paper's short name, as its reporters sign
        ("整合 江东日报·交汇点记者 徐一鸣", "江东日报"),  # the paper, not its app
        ("东岭日报记者 王建宏 张文", "东岭日报"),
        ("（东岭日报特约记者 林一舟）", "东岭日报"),
        # No outlet: the paper's own reporter, a reporter with no outlet, a photo credit, a sentence.
        ("□ 本报记者 葛丹", None),
        ("记者 王一", None),
        ("东岭日报记者 王建宏 摄", None),
        ("一位志愿者告诉岭都记者，只要有人说见过，大家就会赶过去。", None),
    ],
)
def test_the_outlet_a_byline_names(line: str, expected: str | None) -> None:
    assert byline_outlet(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A wire-style dateline at the article's opening names the outlet that filed it.
        ("岭东之家9月30日消息 据外媒报道，东海市唯一一家传呼台将正式终止服务。", "岭东之家"),
        ("南国讯 记者何子安 通讯员王一 昨日，东海市首条跨江隧道通车。", "南国"),
        ("东岭科技讯 北京时间10月2日早间消息，一家芯片公司发布了新处理器。", "东岭科技"),
        ("东海新闻网北京3月5日电（记者 王一）全国两会今日开幕。", "东海新闻网"),
        ("东海社北京3月5日电 全国两会今日开幕。", "东海社"),
        # A wire's dateline with its reporter and the day alone, in Simplified or Traditional script.
        ("（东岭社记者林一舟台中5日电）林业单位今天宣布，步道将自下月起分段开放。", "东岭社"),
        ("（東嶺社記者林一舟台中5日電）林業單位今天宣布，步道將自下月起分段開放。", "東嶺社"),
        ("（东岭社高雄5日电）林业单位今天宣布，步道将自下月起分段开放。", "东岭社"),
        # The reporter's name and the place are not part of the outlet's name, however short, and a place
        # that opens with 台 is no station (…台).
        ("（東嶺社記者張文台北5日電）晶圓廠今天宣布，新製程已正式量產。", "東嶺社"),
        ("（东岭社记者张文台南5日电）晶圆厂今天宣布，新制程已正式量产。", "东岭社"),
        ("东岭社台北5日电 晶圆厂今天宣布，新制程已正式量产。", "东岭社"),
        # A special dispatch (专电) is filed by the outlet as a dispatch (电) is.
        ("（東嶺社記者林一舟東京5日專電）日本央行今天宣布維持利率不變。", "東嶺社"),
        ("东海社杭州10月29日专电（记者王一）浙江一名男子欠债不还被判刑。", "东海社"),
        # A microblog post opens with its account's name before its topics and bracketed headline.
        ("东岭日报:#突发#【城南一货车冲上人行道】据一位网友私信报料,事发时正值放学时间。", "东岭日报"),
        ("东岭视点:【市政府严肃处理输油管道泄漏事故】市政府对事故调查处理报告作出批复。", None),  # no outlet's name
        # A site's dateline with its day before 讯: the day is not part of the name.
        ("东海网6月5日讯记者从东海铁路局获悉,端午节期间将增开多趟旅客列车。", "东海网"),
        # A photo's caption run into the dateline is not the outlet's name.
        ("微博截图东海新闻网北京7月21日电据东岭市公安局官方微博消息,近日,有媒体刊发了一组照片。", "东海新闻网"),
        ("网络图片东海社北京3月5日电 全国两会今日开幕。", "东海社"),
        # Nor a photo's caption or a headline run into a portal channel's 讯: the portal's name is one word of
        # the dictionary before the channel. A run whose last word before the channel is a site's name, or
        # one character, is the outlet's whole name.
        ("皮耶罗新浪体育讯40岁的前尤文图斯球星今天接受采访时透露,他可能选择退役。", "新浪体育"),
        ("格林成功留在勇士新浪体育讯北京时间7月9日,勇士与格林达成续约协议。", "新浪体育"),
        ("李易峰凤凰娱乐讯近日,一部新剧在横店开机。", "凤凰娱乐"),
        ("东方财富网财经讯昨日午后,储能板块拉升,多股涨停。", "东方财富网财经"),
        ("和讯财经讯昨日午后,储能板块拉升,多股涨停。", "和讯财经"),
        # A crawler that prints the dateline twice: the outlet once.
        ("东岭晚报讯东岭晚报讯(记者徐一)“真没想到,骗子又出了新招!”", "东岭晚报"),
        # Nor a link to the story's photos or video before it.
        ("(点击观看高清组图)新浪体育讯北京时间5月7日02:45,东岭队主场3比0完胜。", "新浪体育"),
        ("（点击观看进球视频）东岭体育讯北京时间5月7日,东岭队主场3比0完胜。", "东岭体育"),
        # No outlet: the page's own paper, a report it credits to another (据…), a place alone, a sentence.
        ("本报讯（记者 王一）昨日，东海市首条跨江隧道通车。", None),
        ("据东岭日报9月30日消息，东海市唯一一家传呼台将终止服务。", None),
        ("北京3月5日电 全国两会今日开幕。", None),
        ("2015年2月5日消息,东岭,寒潮来临,街头的流浪人员被送往救助站。", None),  # a year is no outlet
        ("东岭晚报快讯(记者周一)今天上午11时左右,记者从公交集团获悉,一辆公交车撞上站台。", "东岭晚报"),  # 快讯: a flash
        ("村民闻讯赶来，合力将落水男子救上岸。", None),
        ("这是一条快讯，9月30日消息称传呼台将停止服务。", None),
        ("居民用电量在5日电力负荷高峰时创下新高。", None),
    ],
)
def test_the_outlet_a_dateline_names(line: str, expected: str | None) -> None:
    assert dateline_outlet(line) == expected


def test_a_page_that_names_nothing_but_its_dateline_is_the_datelines_outlets() -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：搜寻的志愿者有一百多人，有人开车沿国道找，有人带着无人机在河面上空来回飞。</p>" for n in range(1, 5))
    page = (
        "<html><head><title>寻找走失老人的第十天</title></head><body><h1>寻找走失老人的第十天</h1>"
        "<div>2021-10-12 18:20</div><div class='content'>"
        "<p>岭东之家10月12日消息 东海市公安局今日通报，走失十天的老人已在邻县找到。</p>"
        f"{body}</div></body></html>"
    )
    assert read_document(page.encode("utf-8"), "page.html", "html").source == "岭东之家"


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        # The company that owns the site: the paper, less its province and its company form.
        ("地址：东海市滨江路88号 邮编：310000 版权所有 浙江东海晚报有限公司 浙ICP备10000000号", "东海晚报"),
        ("关于我们 | 联系我们 南国网版权所有 未经授权禁止转载", "南国网"),
        ("© 2022 东岭新闻网 版权所有", "东岭新闻网"),
        ("版权所有：东岭日报社 技术支持：东岭信息公司", "东岭日报"),
        # No publisher: "this site", a group that is not a paper or a site, a notice, a Latin company.
        ("本网站版权所有 未经许可不得转载", None),
        ("注：版权所有者为东岭日报", None),  # a sentence, not a copyright line
        ("版权所有 东海报业集团", None),
        ("Copyright © 2004 Example Holdings (Hong Kong) Limited. 版权所有 不得转载", None),
    ],
)
def test_the_publisher_a_copyright_line_names(footer: str, expected: str | None) -> None:
    assert copyright_holder(footer) == expected


@pytest.mark.parametrize(
    ("title", "signed", "expected"),
    [
        # A page that names itself nowhere: what it signs with, best first.
        ("走失老人找到了", ("东海晚报", "岭都"), "东海晚报"),
        ("走失老人找到了", ("岭都",), "岭都"),
        # A channel's name in the title is no outlet: it yields; a site's name does not.
        ("走失老人找到了_社会频道", ("东海晚报",), "东海晚报"),
        ("走失老人找到了_社会频道", (), "社会频道"),
        ("走失老人找到了_社会频道_南国网", ("东海晚报",), "南国网"),
    ],
)
def test_a_page_that_names_no_outlet_is_known_by_what_it_signs_with(title: str, signed: tuple[str, ...], expected: str) -> None:
    titles = _titles(f"<html><head><title>{title}</title></head><body></body></html>")
    assert publisher(titles, None, "走失老人找到了", signed=signed) == expected


def test_a_page_that_names_nothing_but_its_byline_is_the_bylines_outlets() -> None:
    from briefs.reading.read import read_document

    body = "".join(f"<p>第{n}段：搜寻的志愿者有一百多人，有人开车沿国道找，有人带着无人机在河面上空来回飞。</p>" for n in range(1, 5))
    page = (
        "<html><head><title>寻找走失老人的第十天</title></head><body><h1>寻找走失老人的第十天</h1>"
        f"<div>2021-10-12 18:20</div><div class='content'>{body}<p>采写：岭都见习记者 何子安</p></div>"
        "<div class='related'><p>相关推荐</p><p><a href='#'>男子开车坠河，朋友报警救人</a></p></div></body></html>"
    )
    assert read_document(page.encode("utf-8"), "page.html", "html").source == "岭都"


@pytest.mark.parametrize("credit", ["来源：" + "新" * 100_000, "来源：" * 50_000, "来" * 100_000 + "源" * 100_000 + "：" * 100_000])
def test_a_credit_line_without_end_is_read_in_linear_time(credit: str) -> None:
    assert credited_name(credit) is None  # names are bounded (24 characters): one try at each label


def test_a_percent_encoded_string_is_never_a_name() -> None:
    encoded = "%E5%8D%97%E5%9B%BD"  # 南国, as an address carries it: not how a page names itself
    titles = _titles(f'<html><head><title>外媒眼中的长假_南国网</title><meta property="og:site_name" content="{encoded}"></head></html>')
    assert publisher(titles, None, "外媒眼中的长假") == "南国网"
    assert credited_name("2024-03-08 09:12 来源：%E5%8D%97网") is None


def test_a_title_ending_in_the_sites_address_gives_the_name_before_it() -> None:
    titles = _titles("<html><head><title>外媒眼中的长假：蓬勃发展_新闻中心_长江网_cjn.cn</title></head><body></body></html>")
    assert publisher(titles, None, "外媒眼中的长假：蓬勃发展") == "长江网"


@pytest.mark.parametrize("name", ["新华网", "中央社 CNA", "北医新闻网", "自由時報電子報"])
def test_site_names(name: str) -> None:
    assert is_site_name(name)


@pytest.mark.parametrize("headline_text", ["马克龙星期一在莫斯科与普京会面", "土豆不“土” 土豆无“土”", "中国织起世界最大的5G网络，覆盖所有地级市"])
def test_headlines_are_not_site_names(headline_text: str) -> None:
    assert not is_site_name(headline_text)


# --- furniture, by kind ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "【免责声明】本文仅代表作者本人观点，与本网无关。",
        "本网站所有内容版权所有，未经授权不得转载。",
        "生命線協談專線：1995",
        "24小时滚动播报最新的财经资讯和视频，更多粉丝福利扫描二维码关注（sinafinance）",
        "澎湃新闻记者 段彦超 廖艳",
        "小花母亲说，女儿的左眼被塞了不止几十块小纸片。 小花母亲供图",
        "共享充电宝。视觉中国 资料",
        "分享 留言 列印 A-A+",
        "- 2019年09月06日",
        "登录超时，稍后再试",
        "本網站使用相關技術提供更好的閱讀體驗，同時尊重使用者隱私，點這裡瞭解隱私聲明。",
        "扫描二维码关注公众号，获取更多资讯",
        "试驾：晨报汽车频道陈默许安宁周启航等8人",
        "http://www.example.com.cn　2005年8月26日 10:35　东岭日报",
        "2023-09-14 08:05:33 来源：三江晚报 作者：记者 韩冬 点击：1536",
        "觉得有用，请点“赞”和“在看”",
        "分享、点赞、在看，都是对我们最大的鼓励",
    ],
)
def test_furniture_lines_go(line: str) -> None:
    text = f"这是文章的第一段，讲述了事情的来龙去脉和各方的反应。\n\n{line}\n\n这是文章的第二段，讲述了后续进展。"
    assert line not in strip_furniture(text)
    assert "这是文章的第二段" in strip_furniture(text)


@pytest.mark.parametrize(
    "line",
    [
        "征求意见稿要求，金融机构未经授权不得使用客户数据训练模型，涉及客户信息的环节要留痕。",
        "记者手记",
        "中国对此保持中立，呼吁各方克制。",
        "该项目由市政府提供资金支持。",
        "注册制改革全面落地",
        "这并不代表美国立场，他强调。",
        "市民扫描二维码即可在线预约挂号。",
        "新修订的隐私政策要求应用在收集位置信息前征得用户同意。",
        "后排空间：三人坐下也不挤",
        "参加这次试驾的共有8人。",
        "2024年3月5日9:00，十四届全国人大二次会议在人民大会堂开幕，会期7天。",
        "这部剧的豆瓣评分不高，但很多人点开后一直在看。",
    ],
)
def test_article_lines_stay(line: str) -> None:
    text = f"这是文章的第一段，讲述了事情的来龙去脉和各方的反应。\n\n{line}\n\n这是文章的第二段，讲述了后续进展。"
    assert line in strip_furniture(text)


def test_a_comment_section_runs_to_the_end() -> None:
    lines = ["正文第一段，说明了事情的经过和结果。", "", "网友评论仅供其表达个人看法，并不表明本站立场。", "评论一：说得好。", "评论二：不同意。"]
    assert furniture_lines(lines) == {2, 3, 4}


@pytest.mark.parametrize("title", ["网友评论", "暂无评论"])
def test_a_comment_title_above_the_article_does_not_take_it(title: str) -> None:
    text = f"{title}\n\n正文第一段，说明了事情的经过和结果。\n\n正文第二段，讲述了后续的进展。"
    assert "正文第二段" in strip_furniture(text)


def test_a_bracketed_label_names_the_column_at_the_top_and_is_a_subheading_below() -> None:
    text = "【新春走基层】\n正文第一段，说明了事情的经过和结果。\n正文第二段，讲述了后续的进展。\n【专家观点】\n正文第三段，专家的看法。"
    kept = strip_furniture(text)
    assert "【新春走基层】" not in kept and "【专家观点】" in kept


def test_a_caption_paragraph_goes_with_its_credit() -> None:
    text = "桃園市一家輪胎行清晨發生大火，7人從火\n場中疏散，一名女子命喪火窟。\n（消防局提供）\n\n（中央社記者桃園19日電）桃園市一家輪胎行今天清晨發生大火，7人從火場中疏散。"
    kept = strip_furniture(text)
    assert "消防局提供" not in kept and "命喪火窟。" not in kept
    assert "今天清晨發生大火" in kept


def test_in_a_text_of_one_paragraph_a_line_a_credit_takes_only_its_own_line() -> None:
    # No blank lines: each line is a paragraph, so the lead above a credited caption is not the caption.
    text = "10月13日，东江港务集团宣布，港区无人机巡检系统正式投入使用。\n图为工作人员在码头操作无人机。（记者 林晓岚 摄）\n该系统由本地企业自主研发。"
    kept = strip_furniture(text)
    assert "林晓岚" not in kept
    assert "港区无人机巡检系统正式投入使用" in kept and "该系统由本地企业自主研发" in kept


def test_a_notice_glued_to_the_last_paragraph_goes_and_the_article_stays() -> None:
    # A text that lost its paragraph breaks: one line of news, then the site's disclaimer.
    line = ("沪股通今日净买入24.58亿元，当日剩余额度为103.35亿元，余额占额度比为79%。"
            "某某网声明:本网登载此文出于传递更多信息之目的。文章内容仅供参考，不构成投资建议。投资者据此操作，风险自担。")
    kept = strip_furniture(line)
    assert kept == "沪股通今日净买入24.58亿元，当日剩余额度为103.35亿元，余额占额度比为79%。"
    wider = "东江港务集团三季度营收同比增长12%，净利润为4.6亿元。以上内容仅供参考，不构成实质性投资建议。"
    assert strip_furniture(wider) == "东江港务集团三季度营收同比增长12%，净利润为4.6亿元。"
    notice = "【免责声明】本文仅代表作者本人观点，与本网无关。本网对文中陈述、观点判断保持中立。"
    assert strip_furniture("正文第一段，说明了事情的经过和结果，以及各方的回应。\n" + notice).strip() == "正文第一段，说明了事情的经过和结果，以及各方的回应。"
    # News about a copyright dispute, its story going on long after the word: every sentence stays.
    story = "法院认定，被告未经许可转载原告文章构成侵权。" + "判决被告赔偿原告经济损失五万元，并在其网站首页刊登致歉声明，持续三十日。" * 8
    assert strip_furniture("记者从市中级人民法院获悉，一起网络著作权纠纷案日前宣判。" + story) == "记者从市中级人民法院获悉，一起网络著作权纠纷案日前宣判。" + story


def test_a_navigation_run_goes_but_a_short_list_stays() -> None:
    menu = "首页\n|\n新闻\n|\n财经\n|\n科技\n|\n论坛\n正文第一段，说明了事情的经过和结果。"
    assert strip_furniture(menu).strip() == "正文第一段，说明了事情的经过和结果。"
    short = "正文第一段，说明了事情的经过和结果。\n北京\n上海\n正文第二段。"
    assert strip_furniture(short) == short


@pytest.mark.parametrize("line", ["修缮后的永安石桥。 东岭新闻网记者 赵静 摄", "热门推荐", "▲ 古镇街巷航拍", "光明日报记者 王建宏 张文攀",
                                  "《江城周刊》作者 林一舟", "作者 林一舟 何静"])
def test_captions_bylines_and_widget_titles_are_never_headings(line: str) -> None:
    assert never_heading(line)
    summary = summarize(f"{line}\n这是正文的第一句话，内容足够长，足以成为正文段落里的一句完整的话。")
    assert all(section.heading != line for section in summary.sections)


@pytest.mark.parametrize("line", [
    # notes a law or a decision carries under its title, and any line wholly in round brackets
    "（2025年6月27日第十四届全国人民代表大会常务委员会第十六次会议通过）",
    "（2024年11月8日第十四届全国人民代表大会常务委员会第十二次会议修订）",
    "（2022年6月24日第十三届全国人民代表大会常务委员会第三十五次会议修正）",
    "(本文作者系某某大学经济学院教授)",
    # the attribution under a quoted poem or saying
    "——（宋）周原《春日过云溪》", "——唐·韦青", "—— 〔清〕林霁《山居》", "——《礼记·月令》", "——鲁迅",
    # a caption told by its words
    "图为新建成的智能仓库", "上图：改造后的老街夜景",
])
def test_notes_attributions_and_captions_are_never_headings(line: str) -> None:
    assert never_heading(line)
    summary = summarize(f"{line}\n这是正文的第一句话，内容足够长，足以成为正文段落里的一句完整的话。")
    assert all(section.heading != line for section in summary.sections)


def test_a_note_or_an_attribution_set_as_a_heading_is_text() -> None:
    # A gazette that sets the adoption note in an <h3>, a page that sets a poem's attribution in an <h4>:
    # the line stays in the text, under no heading of its own, and is never chosen.
    note, attribution = "（2025年6月27日第十四届全国人民代表大会常务委员会第十六次会议通过）", "——唐·韦青"
    body = "第一条 为了加强山地生态廊道保护，维护生物多样性和区域生态安全，制定本决定。"
    for line in (note, attribution):
        summary = summarize(f"### {line}\n\n{body}")
        assert [section.heading for section in summary.sections] == [None]
        assert [(s.text, s.chosen) for s in summary.candidates][0] == (line, False)


@pytest.mark.parametrize("line", ["老宅子变成了“金屋子”", "一、总体要求", "（一）加强组织领导", "第二章 监督管理", "记者手记"])
def test_subheadings_are_still_headings(line: str) -> None:
    assert not never_heading(line)
    lead = "记者从市政府获悉，全市老旧小区改造今年将全面铺开，涉及居民四万余户。"
    summary = summarize(f"{lead}\n{line}\n这是正文的第一句话，内容足够长，足以成为正文段落里的一句完整的话。")
    assert [section.heading for section in summary.sections] == [None, line]


# --- the real pages of ../shared/realpages ------------------------------------------------------------

REALPAGES = SHARED / "realpages"


def _measure_module():  # noqa: ANN202 — the measure.py module of ../shared/realpages
    spec = importlib.util.spec_from_file_location("realpages_measure", REALPAGES / "measure.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_real_pages_meet_the_issue_targets() -> None:
    """Every page gives output; titles exact ≥ 90%; body LCS F1 ≥ 0.93; chosen sentences outside the main
    text ≤ 1%; suspicious headings ≤ 5% — measured by measure.py's own functions on the real pages."""
    if not (REALPAGES / "manifest.jsonl").exists():
        pytest.skip(f"{REALPAGES} is absent: this test reads ../shared, which is not in the repository")
    measure = _measure_module()
    zhbrief = Path(sys.executable).with_name("zhbrief")
    manifest = [json.loads(line) for line in (REALPAGES / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [measure.measure_page(str(zhbrief), REALPAGES, record) for record in manifest]
    failures = [r["file"] for r in rows if r["status"] != "ok"]
    assert not failures
    exact = sum(r["title_match"] == "exact" for r in rows)
    assert exact >= 0.9 * len(rows)
    assert measure.mean([r["body"]["lcs_f1"] for r in rows]) >= 0.93
    chosen = [c for r in rows for c in r["chosen"]]
    assert sum(c["where"] == "out" for c in chosen) <= 0.01 * len(chosen)
    headings = [s for r in rows for s in r["sections"] if s["heading"]]
    assert sum(measure.suspicious(s) for s in headings) <= 0.05 * len(headings)


def test_a_part_of_the_headline_on_its_own_line_is_not_a_section() -> None:
    from briefs.reading.read import read_document

    body = "".join(
        f"<p>第{n}段：研究人员指出，这种鞋的气垫在落地时稳定度较差，长期穿着容易造成脚踝扭伤，青少年尤其需要注意选择合适的运动鞋。</p>"
        for n in range(1, 6)
    )
    page = (
        '<html><head><title>简单道理捅破"飞人"神话 耐克鞋的气垫"伤机"_商业频道</title></head><body><div class="content">'
        f"<h1>简单道理捅破“飞人”神话 耐克鞋的气垫“伤机”</h1><p>耐克鞋的气垫“伤机”</p>{body}</div></body></html>"
    )
    document = read_document(page.encode("utf-8"), "page.html", "html")
    assert document.title == "简单道理捅破“飞人”神话 耐克鞋的气垫“伤机”"
    assert "耐克鞋的气垫“伤机”" not in document.text and "第5段" in document.text
    assert document.source == "商业频道"


def test_reader_comments_that_end_the_text_are_furniture_but_quoted_netizens_in_the_story_are_not() -> None:
    article = ["湿地保护站介绍，今年候鸟比往年早到了一周左右，这与北方提前降温有关，观鸟的市民也比往年多。"] * 4
    quotes = ["网友“江城老李”：终于等到了。", "网友 小周：去年去看过，确实很美。"]
    assert furniture_lines([*article, *quotes]) == {4, 5}
    assert furniture_lines([*article, *quotes, article[0]]) == set()
    assert furniture_lines([*quotes, *article]) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A sentence the markup cut before its number (word-export.html): one line again.
        ("按照测算，农户自己投入约为\n\n8000元，收回投入只需两年左右。", "按照测算，农户自己投入约为8000元，收回投入只需两年左右。"),
        ("新系统上线后，平均响应时间从原来的\nAPI调用的3秒缩短到0.5秒。", "新系统上线后，平均响应时间从原来的API调用的3秒缩短到0.5秒。"),
        # A heading (no sentence mark), a list after its lead-in, a paragraph ended on its mark: as they are.
        ("市场监管局发布新规\n2024年起，新规正式实施。", "市场监管局发布新规\n2024年起，新规正式实施。"),
        ("通知全文如下。具体要求如下\n1、加强巡查，及时上报。", "通知全文如下。具体要求如下\n1、加强巡查，及时上报。"),
        ("新规今日起实施。\n2024年，全市共查处违规案件300起。", "新规今日起实施。\n2024年，全市共查处违规案件300起。"),
        ("据介绍，这套系统已投入使用\n今年还将推广到全省，覆盖所有县区。", "据介绍，这套系统已投入使用\n今年还将推广到全省，覆盖所有县区。"),
    ],
)
def test_a_sentence_the_markup_cut_before_a_number_is_one_line_again(text: str, expected: str) -> None:
    assert _rejoined(text) == expected


def test_a_subheading_the_markup_styles_is_not_a_sentence_cut_short() -> None:
    tree = parse_markup('<div><p><span class="art-h3">挂号难，难在一块小屏幕</span></p><p>35年前，他在仪表厂工作。</p></div>')
    text = "挂号难，难在一块小屏幕\n\n35年前，他在仪表厂工作。"
    assert _rejoined(text, styled_subheadings(tree)) == text
    assert _rejoined(text) == "挂号难，难在一块小屏幕35年前，他在仪表厂工作。"  # unstyled, it reads as a cut sentence
