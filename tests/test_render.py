"""briefs.render: a Summary as Markdown, HTML, JSON and text. The summary is built by hand here, so
tuning the engine never moves these expectations; only the renderer or the templates can."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from briefs.model import Document
from briefs.render import published, render_summary, summary_record, template_dirs
from summarize.model import OTHER, Section, Sentence, Summary
from summarize.themes import DEFAULT_THEMES
from tests.conftest import ROOT

BREAKTHROUGHS, DEPLOYMENT, CHALLENGES = DEFAULT_THEMES[:3]


def build_summary(title: str | None = "国产AI推理芯片“启明-X2”发布") -> Summary:
    candidates = (
        Sentence("11月24日，云岫微电子发布了第二代AI推理芯片。", 0, 0, 3.2, True, "第1节第1名，得分3.200", BREAKTHROUGHS, 0.8, "80%；线索词 发布、芯片"),
        Sentence("新芯片的能效比提升约3倍。", 1, 0, 0.8, False, "第1节第2名；落选：未进本节前1名", BREAKTHROUGHS, 0.7, "70%；线索词 能效"),
        Sentence("该芯片已在4个智算中心完成部署。", 2, 1, 1.7, True, "第2节第1名，得分1.700", DEPLOYMENT, 0.9, "90%；线索词 部署"),
        Sentence("软件生态是另一块短板，成本仍高。", 3, 2, 1.1, True, "第3节第1名，得分1.100", CHALLENGES, 0.9, "90%；线索词 短板、成本"),
        Sentence("广告：点击领取 <b>优惠</b> | 立即下载", 4, 3, 0.2, False, "落选：与#0重复（80%的词相同）", OTHER, 0.6, "没有主题线索"),
    )
    sections = (
        Section(None, BREAKTHROUGHS, (candidates[0],)),
        Section("数据中心与边缘端同步落地", DEPLOYMENT, (candidates[2],)),
        Section("先进制程与软件生态仍待补齐", CHALLENGES, (candidates[3],)),
        Section("猜你喜欢", OTHER, ()),
    )
    return Summary(
        title,
        candidates[0].text + candidates[2].text + candidates[3].text,
        ("芯片", "推理", "能效"),
        sections,
        candidates,
    )


DOCUMENT = Document(
    origin="inbox/chip.html",
    text="…",
    title="国产AI推理芯片“启明-X2”发布",
    id="chip-1",
    url="https://news.example.cn/a.html",
    source="星河科技网",
    published=dt.datetime(2026, 11, 25, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=8))),
)


def test_json_has_exactly_the_documented_shape() -> None:
    record = json.loads(render_summary(build_summary(), "json", origin="inbox/chip.html", document=DOCUMENT))
    assert list(record) == ["id", "title", "source", "published", "url", "summary", "keywords", "sections"]
    assert record["id"] == "chip-1" and record["keywords"] == ["芯片", "推理", "能效"]
    # Where it was published, as Markdown shows it: the page's source, time (ISO 8601) and address.
    assert (record["source"], record["published"], record["url"]) == (
        "星河科技网", "2026-11-25T08:15:00+08:00", "https://news.example.cn/a.html")
    assert record["sections"][0] == {
        "heading": None,
        "theme": "breakthroughs",
        "sentences": [{"text": "11月24日，云岫微电子发布了第二代AI推理芯片。", "index": 0, "score": 3.2, "theme": "breakthroughs"}],
    }
    assert [s["theme"] for s in record["sections"]] == ["breakthroughs", "deployment", "challenges", "other"]
    assert record["sections"][3]["sentences"] == []  # every section is listed, chosen sentences or not


def test_json_is_readable_chinese_and_deterministic() -> None:
    first = render_summary(build_summary(), "json", origin="a.txt")
    assert "云岫微电子" in first and "\\u" not in first
    assert first == render_summary(build_summary(), "json", origin="b/other.txt")  # origin is not data
    assert json.loads(first)["id"] is None
    assert [json.loads(first)[k] for k in ("source", "published", "url")] == [None, None, None]  # nothing said


def test_json_explain_lists_every_candidate_with_its_reason() -> None:
    record = json.loads(render_summary(build_summary(), "json", origin="a.txt", explain=True))
    explain = record["explain"]
    assert [row["index"] for row in explain] == [0, 1, 2, 3, 4]
    assert explain[1] == {
        "index": 1,
        "section": 1,
        "heading": None,
        "theme": "breakthroughs",
        "section_theme": "breakthroughs",
        "score": 0.8,
        "chosen": False,
        "reason": "第1节第2名；落选：未进本节前1名",
        "theme_reason": "70%；线索词 能效",
        "text": "新芯片的能效比提升约3倍。",
    }


def test_markdown_layout() -> None:
    text = render_summary(build_summary(), "md", origin="inbox/chip.html", document=DOCUMENT)
    lines = text.splitlines()
    assert lines[0] == "# 国产AI推理芯片“启明-X2”发布"
    assert "星河科技网 · 2026-11-25 08:15 · <https://news.example.cn/a.html>" in lines  # an autolink
    assert "关键词：芯片、推理、能效" in lines
    assert "## 数据中心与边缘端同步落地 · 落地应用" in lines
    assert "## 技术突破" in lines  # the lead has no heading: the theme names it
    assert "- 该芯片已在4个智算中心完成部署。" in lines
    assert "猜你喜欢" not in text  # a section with nothing chosen is left out
    assert text.endswith("。\n") and not text.endswith("\n\n")


def test_markdown_explain_table_has_a_row_per_candidate() -> None:
    text = render_summary(build_summary(), "md", origin="a.txt", explain=True)
    rows = [line for line in text.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == 5
    assert rows[1] == "| 1 |  | 0.800 | 1 | 技术突破 | 第1节第2名；落选：未进本节前1名 | 70%；线索词 能效 | 新芯片的能效比提升约3倍。 |"
    assert "\\<b\\>优惠\\</b\\> \\| 立即下载" in rows[4]  # a `|` cannot split the row, `<b>` stays text


def test_a_sentence_shows_its_own_theme_where_it_differs_from_its_sections() -> None:
    hurdle = Sentence("但良率仍低，量产成本居高不下。", 1, 0, 1.5, True, "第1节第2名，得分1.500", CHALLENGES, 0.8, "80%；线索词 成本")
    summary = build_summary()
    lead = summary.candidates[0]
    summary = Summary(summary.title, "", summary.keywords, (Section(None, BREAKTHROUGHS, (lead, hurdle)),), (lead, hurdle))
    md = render_summary(summary, "md", origin="a.txt").splitlines()
    assert f"- {lead.text}" in md and "- 〔挑战与对策〕但良率仍低，量产成本居高不下。" in md
    text = render_summary(summary, "text", origin="a.txt").splitlines()
    assert f"  · {lead.text}" in text and "  · 〔挑战与对策〕但良率仍低，量产成本居高不下。" in text
    html = render_summary(summary, "html", origin="a.txt")
    assert '<li><span class="badge theme-challenges">挑战与对策</span> 但良率仍低' in html
    assert f"<li>{lead.text}</li>" in html
    record = json.loads(render_summary(summary, "json", origin="a.txt"))
    assert [s["theme"] for s in record["sections"][0]["sentences"]] == ["breakthroughs", "challenges"]


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (dt.datetime(2026, 11, 27), "2026-11-27"),  # only the day was given: no made-up 00:00
        (dt.datetime(2026, 11, 27, 18, 30), "2026-11-27 18:30"),
        (dt.datetime(2026, 11, 27, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), "2026-11-27 00:00"),  # a real midnight
        (dt.datetime(2026, 11, 27, 3, 46, tzinfo=dt.timezone.utc), "2026-11-27 03:46 UTC"),  # a script's Unix time
        (None, ""),
    ],
)
def test_a_date_without_a_time_is_shown_as_the_day(when: dt.datetime | None, shown: str) -> None:
    assert published(when) == shown


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (dt.datetime(2026, 11, 26, 19, 46, tzinfo=dt.timezone.utc), "2026-11-27 03:46"),  # the brief's day, not the 26th
        (dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))), "2026-11-27 08:00"),
        (dt.datetime(2026, 11, 27, 18, 30), "2026-11-27 18:30"),  # no zone: as printed
        (dt.datetime(2026, 11, 27), "2026-11-27"),
    ],
)
def test_an_exact_moment_is_shown_in_the_briefs_timezone(when: dt.datetime, shown: str) -> None:
    assert published(when, ZoneInfo("Asia/Shanghai")) == shown


def test_markdown_without_title_uses_the_file_name() -> None:
    assert render_summary(build_summary(title=None), "md", origin="inbox/chip.txt").startswith("# chip.txt\n")


def test_markdown_says_so_when_no_sentence_was_chosen() -> None:
    summary = build_summary()
    empty = Summary(summary.title, "", (), (Section(None, OTHER, ()),), summary.candidates)
    lines = render_summary(empty, "md", origin="a.txt").splitlines()
    assert lines == ["# 国产AI推理芯片“启明-X2”发布", "", "（文中没有可选作摘要的句子。）"]


def test_markdown_explain_names_how_a_page_was_read_in_the_summarys_words() -> None:
    """The line is Chinese like the table under it (the digest's English log keeps `extraction`)."""
    from briefs.model import Wording

    said = Wording.of("trafilatura（{mode}）", mode=Wording("精确模式"))
    page = Document(origin="a.html", text="…", extraction="trafilatura, precision pass", extraction_wording=said)
    lines = render_summary(build_summary(), "md", origin="a.html", document=page, explain=True).splitlines()
    assert "正文提取：trafilatura（精确模式）" in lines
    assert lines.index("正文提取：trafilatura（精确模式）") < lines.index("| # | 选中 | 分数 | 节 | 主题 | 理由 | 主题由来 | 句子 |")
    record = summary_record(build_summary(), explain=True, document=page)
    assert record["extraction"] == "trafilatura（精确模式）"


@pytest.mark.parametrize("page, said", [
    ("<html><head><title>港区新闻</title></head><body><article><h1>东江港无人集卡投入运营</h1>"
     + "<p>10月13日，东江港务集团宣布，首批12台无人驾驶集装箱卡车在三期码头投入运营，码头水平运输效率提高约18%。</p>" * 3
     + "</article></body></html>", "trafilatura（"),
])
def test_a_pages_explain_says_how_it_was_read_in_chinese(tmp_path, page: str, said: str) -> None:
    from briefs.reading.read import read_document

    document = read_document(page.encode(), "a.html", "html")
    assert document.extraction_wording is not None
    shown = document.extraction_wording.said(lambda text: text)
    assert shown.startswith(said) and shown.endswith("）") and not re.search(r"\b(?:pass|the|page)\b", shown)


def test_plain_text() -> None:
    text = render_summary(build_summary(), "text", origin="a.txt", document=DOCUMENT, explain=True)
    lines = text.splitlines()
    assert lines[:3] == ["国产AI推理芯片“启明-X2”发布", "星河科技网 · 2026-11-25 08:15 · https://news.example.cn/a.html", "关键词：芯片、推理、能效"]
    assert "【落地应用】数据中心与边缘端同步落地" in lines and "【技术突破】" in lines
    assert "  · 该芯片已在4个智算中心完成部署。" in lines
    assert any(line.startswith("  ✓ #0") for line in lines) and any(line.startswith("    #1") for line in lines)


class _Page(HTMLParser):
    """What a browser would build: elements, attributes, and the text outside <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style and data.strip():
            self.text.append(data.strip())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_html_page_is_self_contained_and_phone_ready() -> None:
    html = render_summary(build_summary(), "html", origin="inbox/chip.html", document=DOCUMENT)
    page = parse(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags
    style = html[html.index("<style>") : html.index("</style>")]
    assert "max-width" in style and "PingFang SC" in style and "Noto Sans CJK SC" in style
    badges = [t for t in page.text if t in ("技术突破", "落地应用", "挑战与对策", "其他")]
    assert badges == ["技术突破", "落地应用", "挑战与对策"]
    assert ("section", {"class": "theme-deployment"}) in page.tags
    assert "芯片" in page.text and "能效" in page.text  # keywords


def test_html_escapes_everything_from_the_article() -> None:
    summary = build_summary(title="<script>alert(1)</script>测试标题")
    html = render_summary(summary, "html", origin="x.json", explain=True)
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;测试标题" in html
    assert "&lt;b&gt;优惠&lt;/b&gt;" in html  # candidate text in the explain table too
    assert "<script>alert(1)</script>测试标题" in parse(html).text  # what the reader sees


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_summary(build_summary(), "pdf", origin="a.txt")


def test_templates_come_from_the_checkout() -> None:
    assert template_dirs() == [ROOT / "templates"]


def test_a_sentence_cut_at_a_comma_is_shown_as_cut() -> None:
    # The engine splits a run over max_sentence_chars at a comma; the piece it picks must not read as a
    # sentence with a typo at its end, in any format a reader sees. JSON keeps the engine's text.
    piece = "泰龙通信是一家只有几十名员工的民营企业，2001年取得宽带接入的经营许可之后，与多个新建小区签约，"
    cut = Sentence(piece, 0, 0, 3.0, True, "", DEPLOYMENT, 0.8)
    summary = Summary("宽带进小区", piece, ("宽带",), (Section(None, DEPLOYMENT, (cut,)),), (cut,))
    shown = piece[:-1] + "……"
    for fmt in ("md", "html", "text"):
        output = render_summary(summary, fmt, origin="a.txt")
        assert shown in output and piece not in output, fmt
    record = json.loads(render_summary(summary, "json", origin="a.txt"))
    assert record["sections"][0]["sentences"][0]["text"] == piece


@pytest.mark.parametrize(
    ("piece", "shown"),
    [
        # A clause the engine split at a semicolon is whole: quoted alone, it ends on a full stop.
        ("近期监管部门发现，银行同业负债占比增多，期限错配程度上升；", "近期监管部门发现，银行同业负债占比增多，期限错配程度上升。"),
        ("具体措施包括：对新建数据中心免征三年城镇土地使用税;", "具体措施包括：对新建数据中心免征三年城镇土地使用税。"),
        # A quotation of several sentences, split at a full stop inside it: the piece closes what it opens,
        # or opens what it closes, as an editor quoting it would.
        ("研究院院长李明表示，“这套系统已在三家医院完成试运行，医生的反馈总体积极。",
         "研究院院长李明表示，“这套系统已在三家医院完成试运行，医生的反馈总体积极。”"),
        ("下一步将推广到全省二级以上医院。”李明说。", "“下一步将推广到全省二级以上医院。”李明说。"),
        ("他說，「這套系統已在三家醫院完成試運行。", "他說，「這套系統已在三家醫院完成試運行。」"),
        # Balanced already, or not a quotation mark the engine can pair: as it is.
        ("李明表示，“这套系统已完成试运行”，下一步将扩大试点。", "李明表示，“这套系统已完成试运行”，下一步将扩大试点。"),
        ('李明说"这套系统已完成试运行。', '李明说"这套系统已完成试运行。'),
    ],
)
def test_a_sentence_is_shown_whole_where_the_split_left_it_open(piece: str, shown: str) -> None:
    cut = Sentence(piece, 0, 0, 3.0, True, "", DEPLOYMENT, 0.8)
    summary = Summary("试运行", piece, ("系统",), (Section(None, DEPLOYMENT, (cut,)),), (cut,))
    for fmt in ("md", "html", "text"):
        output = render_summary(summary, fmt, origin="a.txt")
        assert (shown.replace('"', "&#34;") if fmt == "html" else shown) in output, fmt
    record = json.loads(render_summary(summary, "json", origin="a.txt"))
    assert record["sections"][0]["sentences"][0]["text"] == piece


def test_the_address_in_the_markdown_source_line_is_an_autolink_with_nothing_escaped() -> None:
    document = dataclasses.replace(DOCUMENT, url="http://news.example.cn/2005-08/16/content_4894059.htm", source="新华网*")
    text = render_summary(build_summary(), "md", origin="a.html", document=document)
    assert "新华网\\* · 2026-11-25 08:15 · <http://news.example.cn/2005-08/16/content_4894059.htm>" in text.splitlines()


def test_the_source_line_shows_the_address_as_a_reader_reads_it_not_percent_encoded() -> None:
    # A page's address with its Chinese path percent-encoded, as a canonical link carries it; the escapes of
    # ASCII characters (%20, %2F) stay: decoding them would change the address.
    url = "https://news.example.cn/cn/%E4%B8%93%E6%A0%8F/20220206-%E9%A9%AC%E5%8C%B9.html?q=a%20b%2Fc"
    document = dataclasses.replace(DOCUMENT, url=url)
    shown = "https://news.example.cn/cn/专栏/20220206-马匹.html?q=a%20b%2Fc"
    assert f"星河科技网 · 2026-11-25 08:15 · <{shown}>" in render_summary(build_summary(), "md", origin="a.html", document=document)
    for fmt in ("text", "html"):
        output = render_summary(build_summary(), fmt, origin="a.html", document=document)
        assert shown in output and "%E4" not in output, fmt


def test_the_address_in_the_html_source_line_is_a_link_a_reader_can_follow() -> None:
    # The Markdown source line makes it an autolink; the HTML page showed the address as dead text.
    url = "https://news.example.cn/cn/%E4%B8%93%E6%A0%8F/a.html?q=a%20b&x=1"
    page = parse(render_summary(build_summary(), "html", origin="a.html", document=dataclasses.replace(DOCUMENT, url=url)))
    shown = "https://news.example.cn/cn/专栏/a.html?q=a%20b&x=1"  # the same address: browsers encode 专栏 again
    assert ("a", {"href": shown}) in page.tags and shown in page.text
    for not_http in ("javascript:alert(1)", "file:///etc/passwd"):
        page = parse(render_summary(build_summary(), "html", origin="a.html",
                                    document=dataclasses.replace(DOCUMENT, url=not_http)))
        assert not any(tag == "a" for tag, _ in page.tags), not_http
