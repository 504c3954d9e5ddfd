"""Ingest: real folders, JSONL files, RSS/Atom feeds (from files and from a real HTTP server) become
reading tasks in a stable order, and each task reads into a Document — or a failure naming the place."""
from __future__ import annotations

import datetime as dt
import gzip
import http.server
import json
import shutil
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefs.errors import BriefError
from briefs.reading.ingest import ReadLimits, Task, expand, fragment_text, load, tasks
from briefs.model import Failure
from tests.conftest import SAMPLES
from tests.hostile_servers import Routes, route_table

INBOX = SAMPLES / "inbox"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def english(item) -> tuple[str, str]:
    """A failure as stderr says it: where, and the English reason."""
    assert isinstance(item, Failure), item
    return item.origin, item.reason


def origins(items) -> list[str]:
    return [item.origin for item in items]


def test_the_sample_inbox_is_walked_recursively_in_path_order_skipping_the_readme():
    items = list(tasks([str(INBOX)]))
    assert all(isinstance(item, Task) for item in items)
    assert origins(items) == [
        f"{INBOX}/2026-11-25-ai-chip.html",
        f"{INBOX}/2026-11-25-medical-ai.json",
        f"{INBOX}/2026-11-25-robotics-scraped.txt",
        f"{INBOX}/2026-11-25-smart-factory.md",
        f"{INBOX}/feeds/industry-atom.xml#1",
        f"{INBOX}/feeds/industry-atom.xml#2",
        f"{INBOX}/feeds/tech-rss.xml#1",
        f"{INBOX}/feeds/tech-rss.xml#2",
        f"{INBOX}/feeds/tech-rss.xml#3",
        f"{INBOX}/wire.jsonl:1",
        f"{INBOX}/wire.jsonl:2",
        f"{INBOX}/wire.jsonl:3",
        f"{INBOX}/wire.jsonl:4",
    ]


def test_hidden_files_other_suffixes_and_a_file_named_twice_are_skipped(tmp_path: Path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "README.md").write_text("# 说明", encoding="utf-8")
    files, missing = expand([str(tmp_path), str(tmp_path / "a.txt")])
    assert files == [str(tmp_path / "a.txt")] and missing == []


def test_a_missing_input_is_a_failure_unless_nothing_exists_at_all(tmp_path: Path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    items = list(tasks([str(tmp_path / "nope"), str(tmp_path / "a.txt")]))
    assert english(items[0]) == (str(tmp_path / "nope"), "no such file or folder")
    with pytest.raises(BriefError, match="nope: no such file or folder; nothing to brief"):
        tasks([str(tmp_path / "nope")])


def test_jsonl_lines_are_numbered_as_an_editor_numbers_them_and_blank_lines_skipped(tmp_path: Path):
    path = tmp_path / "wire.jsonl"
    path.write_text('{"text": "第一条。"}\n\n{"text": "第三行。"}\n', encoding="utf-8")
    items = list(tasks([str(path)]))
    assert origins(items) == [f"{path}:1", f"{path}:3"]
    assert load(items[1]).text == "第三行。"


def test_a_bad_jsonl_line_names_its_line(tmp_path: Path):
    path = tmp_path / "wire.jsonl"
    path.write_text('{"text": "好的。"}\n{"text": 坏}\n', encoding="utf-8")
    bad = list(tasks([str(path)]))[1]
    with pytest.raises(BriefError, match=rf"^{path}:2: not valid JSON"):
        load(bad)


def test_binary_and_empty_files_name_themselves(tmp_path: Path):
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "empty.md").write_text("  \n\n", encoding="utf-8")
    binary, empty = list(tasks([str(tmp_path)]))[::-1]
    with pytest.raises(BriefError, match=r"scan\.txt: looks like a binary file"):
        load(binary)
    with pytest.raises(BriefError, match=r"empty\.md: the article is empty"):
        load(empty)


def test_rss_entries_carry_title_link_feed_name_and_their_own_utc_offset():
    feed = INBOX / "feeds" / "tech-rss.xml"
    quantum, tutor, drone = (load(t) for t in tasks([str(feed)]))
    assert quantum.title == "量子计算云平台上线新一代超导芯片 量子比特数达到256个"
    assert quantum.url == "https://www.shuzhi-frontier.example.cn/tech/2026/11/25/quantum-256.html"
    assert quantum.source == "数智前沿 - 科技频道"
    assert quantum.published == dt.datetime(2026, 11, 25, 9, 40, tzinfo=SHANGHAI)
    assert quantum.published.utcoffset() == dt.timedelta(hours=8)
    assert quantum.text.startswith("11月25日，合肥量衡量子科技有限公司宣布")  # from content:encoded
    assert "<p>" not in tutor.text and "临江市教育局宣布" in tutor.text  # escaped HTML in <description>
    assert drone.published == dt.datetime(2026, 11, 24, 20, 30, tzinfo=SHANGHAI)


def test_atom_entries_read_their_html_content():
    first, second = (load(t) for t in tasks([str(INBOX / "feeds" / "industry-atom.xml")]))
    assert first.source == "产业智能观察"
    assert first.published == dt.datetime(2026, 11, 25, 10, 30, tzinfo=SHANGHAI)
    assert "澄衡" in first.text and "\n" in first.text  # paragraphs kept apart
    assert second.title == "生成式AI进入纺织设计环节 版权与数据合规成焦点"


RSS_SHORT = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>短讯</title>
<item><title>一句话新闻</title><link>https://example.cn/1</link>
<pubDate>Wed, 25 Nov 2026 09:00:00 +0800</pubDate>
<description>&lt;p&gt;临江地铁三号线今日开通。&lt;/p&gt;</description></item>
<item><title>没有正文</title><link>https://example.cn/2</link></item>
</channel></rss>
"""


def test_a_one_sentence_entry_is_kept_and_an_entry_without_body_is_a_failure(tmp_path: Path):
    path = tmp_path / "short.xml"
    path.write_text(RSS_SHORT, encoding="utf-8")
    short, empty = tasks([str(path)])
    assert isinstance(short, Task) and load(short).text == "临江地铁三号线今日开通。"
    assert english(empty) == (f"{path}#2", "the feed entry has no content or summary")


def test_an_xml_file_that_is_not_a_feed_is_one_failure(tmp_path: Path):
    path = tmp_path / "sitemap.xml"
    path.write_text("<urlset><url><loc>https://example.cn/</loc></url></urlset>", encoding="utf-8")
    (item,) = tasks([str(path)])
    assert isinstance(item, Failure) and item.origin == str(path) and "not an RSS or Atom feed" in item.reason


def test_fragment_text_keeps_paragraphs_and_drops_scripts():
    assert fragment_text("<p>第一段。</p><script>x()</script><p>第二&amp;段。</p>") == "第一段。\n第二&段。"


def test_fragment_text_leaves_out_a_photo_caption_the_markup_marks():
    lead = "<p>11月24日，临江地铁三号线开通试运营，首日客流超过十万人次，沿线各站秩序良好。</p>"
    figure = '<figure><img src="a.jpg"><figcaption>乘客在三号线列车上合影。</figcaption></figure>'
    pictext = '<p><img src="b.jpg"></p><p class="pic-text">改造后的站厅</p>'
    assert fragment_text(lead + figure + pictext + lead) == "\n".join([lead[3:-4]] * 2)
    # Text after the caption's element, outside it, is not the caption.
    loose = '<div class="img-desc">改造后的站厅</div>三号线全长二十八公里，设车站二十二座，其中换乘站六座。'
    assert fragment_text(lead + loose) == lead[3:-4] + "\n三号线全长二十八公里，设车站二十二座，其中换乘站六座。"
    # A picture story told in its captions keeps them: they are its text.
    assert "乘客在三号线列车上合影。" in fragment_text(figure + "<p>组图。</p>")



def test_a_feed_entry_is_read_as_the_article_it_is_with_its_subheadings_as_sections(tmp_path: Path):
    path = tmp_path / "feed.xml"
    body = ("<p>11月24日，某研究院发布新一代手术机器人。</p><h3>走进医院</h3>"
            "<p>该机器人已在三家医院试用。</p><p>医生表示操作更加稳定。</p>")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>科技频道</title><item>'
        f"<title>手术机器人发布</title><description><![CDATA[{body}]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    (task,) = tasks([str(path)])
    document = load(task)
    assert document.text.split("\n") == [
        "11月24日，某研究院发布新一代手术机器人。", "## 走进医院", "该机器人已在三家医院试用。", "医生表示操作更加稳定。",
    ]
    assert document.title == "手术机器人发布" and document.source == "科技频道"

@pytest.fixture
def feed_server(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving tmp_path (with the sample feeds copied in)."""
    shutil.copy(INBOX / "feeds" / "industry-atom.xml", tmp_path / "feed.atom")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_feed_url_is_fetched_and_read(feed_server: str):
    url = f"{feed_server}/feed.atom"
    items = list(tasks([url]))
    assert origins(items) == [f"{url}#1", f"{url}#2"]
    assert load(items[0]).title == "电网负荷预测大模型投入运行 日前预测误差降至1.5%"


def test_a_feed_url_that_fails_is_a_failure_naming_the_url(feed_server: str):
    url = f"{feed_server}/missing.xml"
    (item,) = tasks([url])
    assert english(item) == (url, "the server answered 404 File not found")


def test_json_article_keeps_its_date_with_offset():
    document = load(next(t for t in tasks([str(INBOX / "wire.jsonl")]) if t.origin.endswith(":2")))
    assert document.published == dt.datetime(2026, 11, 25, 0, 5, tzinfo=SHANGHAI)
    assert json.loads((INBOX / "wire.jsonl").read_text(encoding="utf-8").splitlines()[1])["id"] == document.id


# --- an entry's link, resolved as a feed reader resolves it --------------------------------------------------


def _one_entry_rss(link: str, channel_link: str | None = None) -> str:
    home = f"<link>{channel_link}</link>" if channel_link else ""
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>港口科技</title>" + home
            + f"<item><title>港区5G专网开通</title><link>{link}</link><pubDate>Wed, 25 Nov 2026 09:00:00 +0800</pubDate>"
            "<description>港区5G专网昨日开通……</description></item></channel></rss>")


def _one_entry_atom(href: str, xml_base: str) -> str:
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom' xml:base='{xml_base}'>"
            "<title>港口科技</title><id>urn:x</id><updated>2026-11-25T09:00:00+08:00</updated>"
            f"<entry><title>港区5G专网开通</title><id>urn:x:1</id><link href='{href}'/>"
            "<updated>2026-11-25T09:00:00+08:00</updated><summary>港区5G专网昨日开通……</summary></entry></feed>")


@pytest.mark.parametrize("path, feed, fetched, expected", [
    # RSS: the channel's link (the site) is the base, not the feed's own URL on a feed host
    ("feeds/site.xml", _one_entry_rss("2026/1125/a.html", "https://www.example.cn/news/"), "/feeds/site.xml",
     "https://www.example.cn/news/2026/1125/a.html"),
    ("feeds/bare.xml", _one_entry_rss("/news/2026/1125/a.html"), "/feeds/bare.xml", "{server}/news/2026/1125/a.html"),
    ("feeds/bare2.xml", _one_entry_rss("a.html"), "/feeds/bare2.xml", "{server}/feeds/a.html"),
    ("feeds/cdn.xml", _one_entry_rss("//cdn.example.cn/a.html"), "/feeds/cdn.xml", "http://cdn.example.cn/a.html"),
    # Atom: xml:base, absolute or itself relative to the URL the feed came from
    ("feeds/abs.atom", _one_entry_atom("a.html", "https://blog.example.cn/2026/"), "/feeds/abs.atom",
     "https://blog.example.cn/2026/a.html"),
    ("feeds/rel.atom", _one_entry_atom("a.html", "/blog/"), "/feeds/rel.atom", "{server}/blog/a.html"),
    # a redirected feed: its links are relative to where it was found (this server sends /moved to /moved/)
    ("moved/index.html", _one_entry_rss("a.html"), "/moved", "{server}/moved/a.html"),
    # the feed URL's query may be a token: a link never inherits it
    ("feeds/token.xml", _one_entry_rss("#top"), "/feeds/token.xml?token=s3cr3t", "{server}/feeds/token.xml#top"),
])
def test_a_relative_entry_link_is_resolved_against_the_feeds_base(feed_server: str, tmp_path: Path, path: str,
                                                                     feed: str, fetched: str, expected: str):
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(feed, encoding="utf-8")
    (task,) = tasks([feed_server + fetched])
    assert isinstance(task, Task), task
    assert load(task).url == expected.format(server=feed_server)


def test_a_feed_files_relative_entry_link_is_resolved_against_its_channels_link_or_left_as_written(tmp_path: Path):
    (tmp_path / "site.xml").write_text(_one_entry_rss("/news/a.html", "https://www.example.cn/"), encoding="utf-8")
    (tmp_path / "bare.xml").write_text(_one_entry_rss("/news/a.html"), encoding="utf-8")
    bare, site = (load(t) for t in tasks([str(tmp_path)]))
    assert site.url == "https://www.example.cn/news/a.html"
    assert bare.url == "/news/a.html"  # nothing to resolve it against: never fetched (not http)


# --- feeds from the wild -------------------------------------------------------------------------------------


@pytest.fixture
def wild_server() -> Iterator[tuple[str, Routes]]:
    """A real HTTP server on 127.0.0.1 answering each path from a table the test fills."""
    with route_table() as served:
        yield served


RSS = {"Content-Type": "application/rss+xml"}
ONE_ENTRY = _one_entry_rss("https://www.example.cn/a.html").encode()


@pytest.mark.parametrize("coding, compress", [
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    ("deflate", zlib.compress),  # as HTTP means it: zlib-wrapped
    ("deflate", lambda data: zlib.compress(data)[2:-4]),  # as some servers send it: raw
])
def test_a_feed_sent_compressed_though_not_asked_is_read(wild_server, coding: str, compress):
    # A pre-compressed file or a CDN may send Content-Encoding: gzip to a client that did not ask for it.
    base, routes = wild_server
    routes["/feed.xml"] = (200, {**RSS, "Content-Encoding": coding}, compress(ONE_ENTRY))
    (task,) = tasks([f"{base}/feed.xml"])
    assert isinstance(task, Task), task
    assert load(task).title == "港区5G专网开通"


def test_a_compressed_feed_is_capped_by_its_size_unpacked_and_an_unknown_coding_is_named(wild_server):
    base, routes = wild_server
    routes["/bomb.xml"] = (200, {**RSS, "Content-Encoding": "gzip"}, gzip.compress(ONE_ENTRY + b" " * (2 * 1024 * 1024)))
    routes["/br.xml"] = (200, {**RSS, "Content-Encoding": "br"}, b"\x1b\x00\x00")
    routes["/liar.xml"] = (200, {**RSS, "Content-Encoding": "gzip"}, b"\x1f\x8b not really gzip")
    bomb, br, liar = tasks([f"{base}/bomb.xml", f"{base}/br.xml", f"{base}/liar.xml"], ReadLimits(max_download_mb=1))
    assert english(bomb) == (f"{base}/bomb.xml", "the download is larger than 1 MB (max_download_mb); skipped")
    assert english(br) == (f"{base}/br.xml", "the server sent the feed compressed as br, which cannot be read (only gzip and deflate)")
    assert isinstance(liar, Failure) and liar.reason.startswith("the server sent the feed marked as gzip, but it is not")


def test_an_article_page_sent_compressed_is_read(wild_server):
    from briefs.model import Document
    from briefs.reading.ingest import fuller

    base, routes = wild_server
    page = ("<html><head><meta charset='utf-8'><title>港区5G专网开通</title></head><body><article><h1>港区5G专网开通</h1>"
            + "".join(f"<p>港区5G专网昨日正式开通，第{n}批基站覆盖了东港区全部堆场与岸桥，调度指令的时延降到了十毫秒以内。</p>" for n in range(1, 8))
            + "</article></body></html>").encode()
    routes["/a.html"] = (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, gzip.compress(page))
    teaser = Document(origin="feed.xml#1", text="港区5G专网昨日开通……", url=f"{base}/a.html")
    document = fuller(teaser)
    assert "第7批基站" in document.text, document.extraction


def test_a_feed_url_that_answers_with_a_web_page_says_so_and_names_the_feed_the_page_links(wild_server):
    # The site's home page given for its feed: the feed parser's own complaint ("mismatched tag") says nothing.
    base, routes = wild_server
    head = ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>港口网</title>"
            "<link rel='stylesheet' href='/s.css'><link rel='alternate' type='application/rss+xml' title='港口网 RSS' "
            "href='/rss/news.xml?channel=port&amp;lang=zh'></head>")
    routes["/news/"] = (200, {"Content-Type": "text/html; charset=utf-8"}, (head + "<body><p>首页<br></body></html>").encode())
    routes["/plain"] = (200, {"Content-Type": "text/html"}, b"<html><body><p>Hello<br></body></html>")
    linked, plain = tasks([f"{base}/news/", f"{base}/plain"])
    assert english(linked) == (f"{base}/news/", "not an RSS or Atom feed but a web page; the page names its feed: "
                                             f"{base}/rss/news.xml?channel=port&lang=zh")
    assert english(plain) == (f"{base}/plain", "not an RSS or Atom feed but a web page")


PAGE_NAMES = "not an RSS or Atom feed but a web page; the page names its feed: "
PAGE_ONLY = "not an RSS or Atom feed but a web page"


@pytest.mark.parametrize("page, reason", [
    # however the tag is written: attributes in any order, quoted either way or not at all, in capitals
    ('<html><head><link href="/feed.xml" type="application/rss+xml" rel="alternate"></head></html>',
     PAGE_NAMES + "https://www.example.cn/feed.xml"),
    ("<html><head><link rel=alternate type=application/atom+xml href=/atom.xml></head></html>",
     PAGE_NAMES + "https://www.example.cn/atom.xml"),
    ('<!DOCTYPE HTML><HTML><HEAD><LINK REL="Alternate" TYPE="Application/RSS+XML" HREF="rss.xml"></HEAD></HTML>',
     PAGE_NAMES + "https://www.example.cn/news/rss.xml"),
    ("<html><head><link rel='home alternate' type=' application/rss+xml ' href=' //feeds.example.cn/a.xml '></head></html>",
     PAGE_NAMES + "https://feeds.example.cn/a.xml"),
    ('<html><head><link rel="alternate" type="application/rss+xml" href="/rss?c=1&amp;l=zh"></head></html>',
     PAGE_NAMES + "https://www.example.cn/rss?c=1&l=zh"),
    # an XHTML page that declares its encoding, and one that opens with a comment
    ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
     '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
     '<link rel="alternate" type="application/rss+xml" href="/rss.xml" /></head><body><p>首页</p></body></html>',
     PAGE_NAMES + "https://www.example.cn/rss.xml"),
    ('\ufeff<!-- 首页 --><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>',
     PAGE_NAMES + "https://www.example.cn/rss.xml"),
    # not a feed link: commented out, inside a script's text, another kind of alternate, an anchor
    ('<html><head><!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> --></head></html>', PAGE_ONLY),
    ("<html><head><script>document.write('<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/js.xml\">')"
     "</script></head></html>", PAGE_ONLY),
    ('<html><head><!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> -->'
     '<link rel="alternate" type="application/rss+xml" href="/new.xml"></head></html>', PAGE_NAMES + "https://www.example.cn/new.xml"),
    ('<html><head><link rel="alternate" hreflang="en" type="text/html" href="/en/"></head></html>', PAGE_ONLY),
    ('<html><head><link rel="alternate" type="application/rss+xml" href="#"></head></html>', PAGE_ONLY),
    ('<html><head><link rel="stylesheet" type="application/rss+xml" href="/s.xml"></head></html>', PAGE_ONLY),
    # not a web page at all: a feed, which is another error's to explain
    ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><link>https://www.example.cn/</link></channel></rss>', None),
])
def test_a_web_page_given_for_a_feed_names_the_feed_its_links_name(page: str, reason: str | None):
    from briefs.reading.ingest import web_page_reason

    found = web_page_reason(page.encode("utf-8"), "https://www.example.cn/news/index.html?from=home")
    assert (found[0] if found else None) == reason


def test_a_web_page_read_from_a_file_names_its_feed_as_written():
    from briefs.reading.ingest import web_page_reason

    page = '<html><head><link rel="alternate" type="application/rss+xml" href="rss/新闻.xml"></head></html>'
    assert web_page_reason(page.encode("utf-8"), None)[0] == PAGE_NAMES + "rss/新闻.xml"


@pytest.mark.parametrize("written, read", [
    # the forms Chinese sites' feeds write, in local time: feedparser's ISO 8601 reader reads only their year
    # and makes them 1 December, which left the entry out of its day's brief
    ("2026/11/25 09:00:00", dt.datetime(2026, 11, 25, 9, 0)),
    ("2026/11/25 9:05", dt.datetime(2026, 11, 25, 9, 5)),
    ("2026年11月25日 09:00", dt.datetime(2026, 11, 25, 9, 0)),
    ("2026年11月25日09时30分", dt.datetime(2026, 11, 25, 9, 30)),
    ("2026年11月25日", dt.datetime(2026, 11, 25)),
    ("2026年11月25日 星期三 09:00", dt.datetime(2026, 11, 25, 9, 0)),
    ("2026.11.25 09:00", dt.datetime(2026, 11, 25, 9, 0)),
    ("2026/11/25 09:00:00 +0800", dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)),
    # a date that is not one, or one feedparser would guess at: undated (kept), never another day
    ("2026/13/45 09:00", None),
    ("1795568400", None),
    ("昨天 09:00", None),
    ("2026年11月25日 上午 09:00", None),
    # what already read right still does
    ("Wed, 25 Nov 2026 09:00:00 +0800", dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)),
    ("2026-11-25 09:00:00", dt.datetime(2026, 11, 25, 9, 0)),
    ("Wed, 25 Nov 2026 09:00:00 GMT", dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)),
])
# An entry with only <pubDate> is not read a second time through feedparser's `updated` -> `published`
# fallback, which it warns is deprecated and will remove.
@pytest.mark.filterwarnings("error::DeprecationWarning")
def test_an_entrys_date_is_read_as_written_or_not_at_all(tmp_path: Path, written: str, read: dt.datetime | None):
    path = tmp_path / "feed.xml"
    path.write_text(_one_entry_rss("https://www.example.cn/a.html").replace(
        "Wed, 25 Nov 2026 09:00:00 +0800", written), encoding="utf-8")
    (task,) = tasks([str(path)])
    assert load(task).published == read


def test_a_redirect_loop_or_a_redirect_away_from_http_is_one_line_naming_the_feed(wild_server):
    base, routes = wild_server
    routes["/loop.xml"] = (301, {"Location": "/loop.xml"}, b"")
    routes["/ftp.xml"] = (302, {"Location": f"ftp://{base.removeprefix('http://')}/feed.xml"}, b"")
    routes["/file.xml"] = (301, {"Location": "file:///etc/hostname"}, b"")
    routes["/old.xml"] = (301, {"Location": "/new/feed.xml"}, b"")
    routes["/new/feed.xml"] = (200, RSS, ONE_ENTRY)
    file, ftp, loop, moved = tasks([f"{base}/{name}.xml" for name in ("file", "ftp", "loop", "old")],
                                   ReadLimits(fetch_deadline=5))
    assert english(loop) == (f"{base}/loop.xml", "the server redirects the feed in a loop (301 Moved Permanently)")
    assert english(ftp) == (f"{base}/ftp.xml", "the server redirects the feed to ftp:, and only http(s) is fetched")
    assert english(file) == (f"{base}/file.xml", "the server redirects the feed to file:, and only http(s) is fetched")
    assert isinstance(moved, Task) and moved.origin == f"{base}/old.xml#1"  # a redirect on the same server is followed


def test_an_entrys_link_to_a_pdf_is_not_downloaded_and_the_entry_stays_as_it_came(wild_server):
    from briefs.model import Document
    from briefs.reading.ingest import fuller

    base, routes = wild_server
    routes["/report.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + b"\x00" * 1024)
    teaser = Document(origin="feed.xml#1", text="港区年度运营报告发布……", url=f"{base}/report.pdf")
    document = fuller(teaser)
    assert document.text == teaser.text
    assert document.extraction == ("the feed entry (its page was not read: not a web page but application/pdf; "
                                   "only HTML and plain-text pages can be summarized)")


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml"])
def test_an_entrys_link_to_another_feed_leaves_the_entry_as_it_came_and_says_so(wild_server, content_type: str):
    """A digest reading a feed does not tell its reader to run 'zhbrief digest' on an entry's link that is a
    feed (an aggregator's entry pointing at a channel): the entry stays, and why is said plainly."""
    from briefs.model import Document
    from briefs.reading.ingest import fuller

    base, routes = wild_server
    routes["/channel.xml"] = (200, {"Content-Type": content_type}, ONE_ENTRY)
    teaser = Document(origin="feed.xml#1", text="港区年度运营报告发布……", url=f"{base}/channel.xml")
    document = fuller(teaser)
    assert document.text == teaser.text
    assert document.extraction == "the feed entry (its page was not read: its link is a feed, not an article page)"
