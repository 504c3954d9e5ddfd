"""briefs.reading.read: bytes in any Chinese encoding, HTML pages, JSON and Markdown become one Document."""
from __future__ import annotations

import codecs
import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.errors import BriefError
from briefs.reading.read import _under_headline, decode, read_document, read_path, sniff_kind, strip_markdown
from summarize import summarize
from tests.conftest import ROOT, SAMPLES

INBOX = SAMPLES / "inbox"
ROBOTICS = INBOX / "2026-11-25-robotics-scraped.txt"
CHIP = INBOX / "2026-11-25-ai-chip.html"


@pytest.fixture(scope="module")
def robotics() -> str:
    return ROBOTICS.read_text(encoding="utf-8")


# --- decode ------------------------------------------------------------------------------------------

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.encode("utf-16-be"),
    "utf-32-bom": lambda t: t.encode("utf-32"),
    "gbk": lambda t: t.encode("gbk"),
    "gb18030": lambda t: t.encode("gb18030"),
}


@pytest.mark.parametrize("name", ENCODINGS)
def test_every_encoding_decodes_to_the_same_text(robotics: str, name: str) -> None:
    assert decode(ENCODINGS[name](robotics), "a.txt") == robotics


def test_gb18030_is_used_for_characters_gbk_lacks() -> None:
    # 𠮷 (outside the BMP) and € exist in GB18030 only; a GBK decode would fail or lose them.
    text = "𠮷野家在临江开了第三家店，套餐价格为38元（约合5€）。该店位于江滨路，营业时间为每天9:00至22:00。" * 3
    assert decode(text.encode("gb18030"), "a.txt") == text


def test_big5_text_decodes_to_its_traditional_characters() -> None:
    text = "臺灣半導體產業協會表示，今年第三季晶圓代工產值較去年同期成長約兩成，主要受惠於人工智慧晶片需求強勁。" * 3
    assert decode(text.encode("big5"), "a.txt") == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4,  # an image
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + bytes(range(256)) * 4,  # an executable
        random.Random(7).randbytes(4096),  # compressed or encrypted data
    ],
    ids=["png", "elf", "random"],
)
def test_binary_data_is_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(BriefError, match=r"^photo\.txt: looks like a binary file, not text$"):
        decode(data, "photo.txt")


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_keeps_link_text_and_drops_syntax() -> None:
    assert strip_markdown("据[新华社](https://x.cn/a)报道，**产量**提升了*三成*。![图](a.png)") == "据新华社报道，产量提升了三成。"
    assert strip_markdown("变量 snake_case_name 不变，_强调_ 去掉，`代码` 保留文字") == "变量 snake_case_name 不变，强调 去掉，代码 保留文字"


def test_markdown_backslash_escapes_are_read_as_their_characters() -> None:
    # trafilatura writes a page's "80~100" as "80\~100" in its Markdown; a reader sees the character.
    assert strip_markdown(r"车速80\~100公里之间，网址 content\_12.htm，\*不是强调\*，C:\路径") == (
        r"车速80~100公里之间，网址 content_12.htm，*不是强调*，C:\路径"
    )
    page = ("<html><head><title>刹车测试</title></head><body><article><h1>刹车测试</h1>"
            "<p>在道路行驶刹车测试中，在车速80~100公里之间踩急刹车时，车辆都比较稳定，没有发生跑偏现象。</p>"
            "<p>测试人员表示，这款车的制动距离在同级车型中表现不错，日常驾驶完全够用，值得一试。</p>"
            "</article></body></html>").encode("utf-8")
    document = read_document(page, "brake.html", "html")
    assert "80~100公里" in document.text and "\\" not in document.text


def test_markdown_file_gives_title_and_heading_lines() -> None:
    document = read_path(str(INBOX / "2026-11-25-smart-factory.md"))
    assert document.title == "走进一座“会思考”的工厂：AI质检与数字孪生重塑家电制造"
    assert "## 视觉大模型让缺陷“无处遁形”" in document.text.splitlines()
    assert "# 走进" not in document.text  # the title is not a section too
    assert "*本报记者" not in document.text and "本报记者 何晓" in document.text  # emphasis marks gone


# --- plain text and Markdown: the dateline and source an article prints under its headline -----------


def test_a_markdown_byline_gives_the_date_and_source_it_prints() -> None:
    document = read_path(str(INBOX / "2026-11-25-smart-factory.md"))  # *… ｜ 2026-11-25 07:40 ｜ 来源：工业观察报*
    assert document.published == dt.datetime(2026, 11, 25, 7, 40)  # naive: local time as printed, as a page's dateline
    assert document.source == "工业观察报"


def test_a_scraped_text_gives_its_glued_dateline_and_the_publisher_after_it(robotics: str) -> None:
    document = read_path(str(ROBOTICS))  # "2026-11-2509:30 科创时报", then the byline and a section heading
    assert document.published == dt.datetime(2026, 11, 25, 9, 30)
    assert document.source == "科创时报"
    assert document.title is None  # its first line is the dateline: the crawler lost the headline
    assert document.text == robotics


def test_a_text_file_opening_with_a_headline_gives_its_title_date_and_credited_source() -> None:
    text = (
        "东江港口无人机巡检全面铺开\n"
        "2026-10-14 09:32　来源：东江日报\n"
        "10月13日，东江港务集团宣布，其自主研发的无人机巡检系统已覆盖全部码头。\n"
        "据介绍，系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。\n"
    )
    document = read_document(text.encode(), "port.txt", "txt")
    assert document.title == "东江港口无人机巡检全面铺开"
    assert document.text.splitlines()[0] == "2026-10-14 09:32　来源：东江日报"  # the headline is the title, not a section
    assert (document.published, document.source) == (dt.datetime(2026, 10, 14, 9, 32), "东江日报")


def test_a_text_file_whose_story_opens_on_a_wire_dateline_is_that_outlets() -> None:
    text = (
        "东江港口无人机巡检全面铺开\n"
        "东江新闻网10月13日电（记者 王一）东江港务集团今日宣布，其自主研发的无人机巡检系统已覆盖全部码头。\n"
        "据介绍，系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。\n"
    )
    assert read_document(text.encode(), "port.txt", "txt").source == "东江新闻网"
    credited = text.replace("东江港口无人机巡检全面铺开\n", "东江港口无人机巡检全面铺开\n来源：东江日报\n")
    assert read_document(credited.encode(), "port.txt", "txt").source == "东江日报"  # a credit comes first


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        # A crawler's time stamp and the picture marker before the dateline, on the same line.
        ("2026-05-1315:17东江科技显示图片东江科技讯5月13日下午消息,", "东江科技"),
        ("东江新闻网2026-10-1318:52:43东江新闻网北京10月13日电(记者王一)", "东江新闻网"),
        # A photo's caption before it, ending on its full stop, its credit or its screenshot mark.
        ("图为港区新建的巡检机库。东江新闻网10月13日电(记者王一)", "东江新闻网"),
        ("巡检机库外景王一摄东江新闻网10月13日电(记者王一)", "东江新闻网"),
        ("图为港区新建的巡检机库。王一摄东江新闻网10月13日电(记者王一)", "东江新闻网"),
        ("港区新建的巡检机库。资料图片东江网讯记者王一", "东江网"),
        ("无人机起飞检查码头吊机。(视频截图)东江网10月13日讯", "东江网"),
        ("现场图片东江网10月13日消息(记者王一)", "东江网"),
        # A byline that opens the text names its reporter's paper, the names run into the story.
        ("(东江晚报记者王一通讯员李二)“不做作业发什么呆?”张女士没想到,", "东江晚报"),
        ("东江晚报记者王一张三实习生李四因孩子间的玩闹,", "东江晚报"),
        ("工作人员向记者展示追回的文物。", None),
        ("本报记者王一昨日从港务集团获悉,", None),
        # A portal channel's 讯 before a programme's title in 《》.
        ("港区歌会学员东江娱乐讯《港湾之声》学员", "东江娱乐"),
        # A paper's local edition names its place after the paper: the outlet is the paper.
        ("东江晚报渭水讯(记者王一)", "东江晚报"),
        # A crawler's source field: its time stamp, the source's name, then the page's picture marker or font
        # buttons, the story with no dateline after them (a dateline there names the outlet first).
        ("2026-05-1410:17东江体育显示图片港区马拉松周日开跑北京时间5月14日消息,", "东江体育"),
        ("2026-08-1110:06东江晚报A+A-港务集团近日宣布,", "东江晚报"),
        ("2026-07-1707:29界面显示图片图片来源:CFP7月15日,", "界面"),
        ("2026-05-1315:17东江财经显示图片东江美股讯5月13日下午消息,", "东江美股"),
        ("2026-03-0808:56综合显示图片据东江县委宣传部消息,", None),  # compiled, not a source
        ("2026-10-1313:23:27今日港区将迎来一股冷空气,", None),
        # No dateline within reach, or the page's own paper's: no source.
        ("图为港区新建的巡检机库。港务集团今日宣布,", None),
        ("港区新建的巡检机库本报讯昨天,", None),
    ],
)
def test_a_text_whose_dateline_comes_after_a_caption_or_a_time_stamp_is_that_outlets(opening: str, source: str | None) -> None:
    text = f"{opening}东江港务集团今日宣布，其自主研发的无人机巡检系统已覆盖全部码头。据介绍，系统每天完成巡检任务约300架次。"
    assert read_document(text.encode(), "port.txt", "txt").source == source


# What opens a crawled text: captions, stamps and links, then a dateline's name, place and kind, then the lead.
_BEFORE_DATELINE = st.lists(st.sampled_from(
    ["图为港区新建的机库。", "王一摄", "供图", "(视频截图)", "资料图片", "显示图片", "2015-05-1315:17", "(点击观看高清组图)",
     "裁判被围", "李一峰", "本报", "。", "\n"]), max_size=4).map("".join)
_NAME = st.lists(st.sampled_from(["东江", "新浪", "体育", "晚报", "新闻网", "网", "科技", "凤凰", "讯", "本报"]), min_size=1, max_size=4).map("".join)
_KIND = st.sampled_from(["讯", "讯(记者王一)", "讯 ", "5月13日电", "北京5月13日电(记者王一)", "5月13日消息", "渭水讯", "13日电"])


@given(before=_BEFORE_DATELINE, name=_NAME, kind=_KIND)
@settings(max_examples=300, deadline=None)
def test_a_texts_source_read_from_its_dateline_is_a_name_printed_in_it(before: str, name: str, kind: str) -> None:
    """Whatever a text's first line holds, reading its source never fails, and the source it finds in a
    dateline is a run of the text itself: cutting a caption, a place or a repeat off a name never makes up one."""
    text = f"{before}{name}{kind}东江港务集团今日宣布，系统已覆盖全部码头。"
    source = read_document(text.encode(), "port.txt", "txt").source
    assert source is None or source in text


def test_a_json_article_without_a_source_is_its_opening_datelines_outlets() -> None:
    """A crawler's JSON record with no "source" is credited as the same text in a .txt file is: by the
    outlet its opening wire dateline names; a "source" field, when there is one, is what it says."""
    import json

    story = ("东江新闻网10月13日电（记者 王一）东江港务集团今日宣布，其自主研发的无人机巡检系统已覆盖全部码头。\n"
             "据介绍，系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。")
    record = {"title": "东江港口无人机巡检全面铺开", "text": story}
    assert read_document(json.dumps(record, ensure_ascii=False).encode(), "port.json", "json").source == "东江新闻网"
    named = json.dumps({**record, "source": "东江日报"}, ensure_ascii=False).encode()
    assert read_document(named, "port.json", "json").source == "东江日报"
    plain = json.dumps({**record, "text": story.replace("东江新闻网10月13日电（记者 王一）", "")}, ensure_ascii=False)
    assert read_document(plain.encode(), "port.json", "json").source is None


@pytest.mark.parametrize("text", [
    # The first line is a sentence: no headline, and the dates in the story are not its dateline.
    # A crawler's page that lost its headline: its first line is the first of its subheadings.
    "技术攻关 无人机替人登高作业\n10月13日，东江港务集团宣布无人机巡检系统覆盖全部码头。\n"
    "走进码头 巡检数据接入调度平台\n在三期码头的调度中心，大屏幕上显示着每架无人机的航线。\n",
    "2026年3月5日，东江港务集团宣布无人机巡检系统覆盖全部码头。\n据介绍，系统每天完成巡检任务约300架次。\n",
    "记者10月13日从东江港务集团获悉，无人机巡检系统已覆盖全部码头，2026-10-12 18:00起全天运行。\n",
])
def test_a_text_file_without_a_headline_or_dateline_stays_untitled_and_undated(text: str) -> None:
    document = read_document(text.encode(), "story.txt", "txt")
    assert (document.title, document.published, document.source) == (None, None, None)
    assert document.text == text


def test_a_markdown_article_with_its_dateline_far_below_the_headline_is_not_dated_by_it_from_above() -> None:
    body = "据介绍，东江港务集团的无人机巡检系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。\n" * 4
    closing = "2026-10-14 09:32 来源：东江日报"
    assert _under_headline(body + closing) == ""  # the search under the headline stops at the first sentence
    # Right after the last sentence, it is the article's closing credit and time, as on a page.
    document = read_document(f"# 东江港口无人机巡检全面铺开\n\n{body}\n{closing}\n".encode(), "a.md", "md")
    assert (document.published, document.source) == (dt.datetime(2026, 10, 14, 9, 32), "东江日报")
    # Below a related item's lines, it is theirs.
    related = "\n".join(["相关阅读", "东江新港区开港", "东江港集装箱吞吐量创新高", "东江港航线再添两条", closing])
    document = read_document(f"# 东江港口无人机巡检全面铺开\n\n{body}\n{related}\n".encode(), "a.md", "md")
    assert (document.published, document.source) == (None, None)


@pytest.mark.parametrize("closing", ["（来源：东江日报）", "来源：东江日报\n编辑：王一", "信息来源： 东江日报"])
def test_a_text_files_closing_credit_names_its_publisher_as_a_pages_does(closing: str) -> None:
    text = ("东江港口无人机巡检全面铺开\n\n"
            "10月13日，东江港务集团宣布，其自主研发的无人机巡检系统已覆盖全部码头。\n\n"
            f"据介绍，系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。\n\n{closing}\n")
    document = read_document(text.encode(), "port.txt", "txt")
    assert document.source == "东江日报"
    assert "东江日报" not in " ".join(s.text for s in summarize(document.text).candidates)


# --- HTML ----------------------------------------------------------------------------------------


def test_html_page_gives_main_text_headings_and_metadata() -> None:
    document = read_path(str(CHIP))
    assert document.title == "国产AI推理芯片“启明-X2”发布：能效比提升3倍"
    assert document.published == dt.datetime(2026, 11, 25, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    headings = [line for line in document.text.splitlines() if line.startswith("#")]
    assert headings == ["## 架构创新 能效比提升三倍", "## 数据中心与边缘端同步落地", "## 先进制程与软件生态仍待补齐"]
    assert "上海云岫微电子有限公司在上海张江发布了第二代AI推理芯片" in document.text
    for noise in ("首页", "登录", "24小时热榜", "羽绒服", "网友评论", "晚风不吹", "ICP", "版权所有", "window.__PAGE__", "欢迎访问"):
        assert noise not in document.text, noise


def test_html_without_article_text_is_empty() -> None:
    page = b"<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body>\n</body></html>"
    with pytest.raises(BriefError, match=r"^page\.html: the article is empty$"):
        read_document(page, "page.html", "html")


# --- JSON ----------------------------------------------------------------------------------------


def test_json_article_with_its_fields() -> None:
    document = read_path(str(INBOX / "2026-11-25-medical-ai.json"))
    assert document.title == "AI眼底筛查走进乡镇卫生院 基层慢病管理迎来“智能助手”"
    assert document.source == "健康科技观察"
    assert document.url and document.url.startswith("https://")
    assert document.published is not None and document.published.utcoffset() == dt.timedelta(hours=8)
    assert "算法升级 一张照片筛查多种疾病" in document.text.splitlines()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"title": "t", "text": ', r"^a\.json: not valid JSON: Expecting value \(line 1, column 24\)$"),
        (b'{"title": "t"}', r'^a\.json: no "text" field'),
        (b'{"text": "  \\n "}', r"^a\.json: the article is empty$"),
        (b'{"text": 3}', r'^a\.json: "text" must be a string, not int$'),
        (b'["text"]', r'^a\.json: expected a JSON object with a "text" field, not list$'),
        ('{"text": "正文。", "date": "yesterday"}'.encode(), r'^a\.json: "date" is not an ISO 8601 date or time'),
    ],
)
def test_bad_json_is_named(data: bytes, message: str) -> None:
    with pytest.raises(BriefError, match=message):
        read_document(data, "a.json", "json")


def test_json_id_and_dates() -> None:
    document = read_document('{"id": 17, "text": "正文。", "published": "2026-11-25T00:05:00Z"}'.encode(), "a.json", "json")
    assert document.id == "17"
    assert document.published == dt.datetime(2026, 11, 25, 0, 5, tzinfo=dt.timezone.utc)


# --- Kinds, files, stdin -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [("\ufeff  {\"text\": 1}", "json"), ("<!DOCTYPE html><html>", "html"), ("\n<HTML lang=zh>", "html"),
     ("# 标题\n正文", "md"), ("\n\n# 标题 #\n正文", "md"), ("#标题\n正文", "text"), ("## 小标题\n正文", "text"),
     ("#话题# 正文", "text"), ("标题\n正文", "text")],
)
def test_stdin_kind_is_sniffed(head: str, kind: str) -> None:
    assert sniff_kind(head) == kind


def test_markdown_on_stdin_is_read_as_the_md_file_is() -> None:
    """`zhbrief summarize - < article.md` showed '# 走进…' as the title and '工业观察报*' (the italic
    byline's closing mark) as the source: stdin was read as plain text."""
    data = (SAMPLES / "inbox" / "2026-11-25-smart-factory.md").read_bytes()
    from_file = read_document(data, "a.md", "md")
    from_stdin = read_document(data, "<stdin>")
    assert (from_stdin.title, from_stdin.source, from_stdin.published, from_stdin.text) == (
        from_file.title, from_file.source, from_file.published, from_file.text)
    assert from_stdin.title == "走进一座“会思考”的工厂：AI质检与数字孪生重塑家电制造" and from_stdin.source == "工业观察报"


def test_empty_and_blank_articles_are_refused() -> None:
    for data in (b"", b" \n\t\n", "\u3000\n\u200b\ufeff".encode()):
        with pytest.raises(BriefError, match=r"^a\.txt: the article is empty$"):
            read_document(data, "a.txt", "txt")


def test_missing_file_and_directory_are_named(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match=rf"^{tmp_path}/nope\.txt: no such file$"):
        read_path(str(tmp_path / "nope.txt"))
    with pytest.raises(BriefError, match=rf"^{tmp_path}: is a directory, not a file$"):
        read_path(str(tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file: no permission error")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("正文。", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(BriefError, match=r"secret\.txt: cannot read the file: permission denied$"):
        read_path(str(path))


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "article.dat"
    path.write_bytes(b'{"title": "T", "text": "\xe6\xad\xa3\xe6\x96\x87\xe3\x80\x82"}')
    assert read_path(str(path)).title == "T"


def test_reading_text_does_not_import_the_html_extractor_or_the_detector() -> None:
    """Cold start: a UTF-8 text file must not pay for trafilatura (or lxml) or charset_normalizer."""
    code = (
        "import sys; from briefs.reading.read import read_path; read_path(sys.argv[1]); "
        "print(sorted(m for m in ('trafilatura', 'lxml', 'charset_normalizer') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROBOTICS)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_text_files_day_under_its_headline_takes_the_time_printed_below_on_that_day() -> None:
    """As on a page: a dateline with the day alone yields to a time of day below the text on the same day."""
    story = ("10月13日，东江港务集团宣布，其自主研发的无人机巡检系统已覆盖全部码头。\n"
             "据介绍，系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。\n")
    for below, expected in (("发布时间：2026-10-14 09:32", dt.datetime(2026, 10, 14, 9, 32)),
                            ("发布时间：2026-10-15 09:32", dt.datetime(2026, 10, 14))):  # another day: the top's
        document = read_document(f"东江港口无人机巡检全面铺开\n2026-10-14\n{story}{below}\n".encode(), "port.txt", "txt")
        assert document.published == expected


def test_a_json_article_without_a_source_is_credited_by_its_closing_credit_as_a_text_file_is() -> None:
    import json

    story = ("10月13日，东江港务集团宣布，其自主研发的无人机巡检系统已覆盖全部码头。\n"
             "据介绍，系统每天完成巡检任务约300架次，发现隐患的时间缩短了一半。\n（来源：东江日报）")
    record = json.dumps({"title": "东江港口无人机巡检全面铺开", "text": story}, ensure_ascii=False).encode()
    assert read_document(record, "port.json", "json").source == "东江日报"
    assert read_document(story.encode(), "port.txt", "txt").source == "东江日报"
