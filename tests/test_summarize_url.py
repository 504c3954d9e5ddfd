"""`zhbrief summarize URL`: a page fetched from a real loopback HTTP server gives what the same bytes saved as
a file give, and every way a fetch fails is one line naming the URL (its secrets masked), in bounded time."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefs.cli import main
from briefs.errors import NO_ARTICLE_TEXT
from briefs.reading.ingest import PAGE_DEADLINE, ReadLimits
from tests.conftest import FIXTURES, ROOT
from tests.hostile_servers import Routes, endless, read_request, route_table, serve, trickle

PAGE = FIXTURES / "web" / "orchard-robots.html"  # declares its own address (og:url, canonical)
CHIP = ROOT / "samples" / "inbox" / "2026-11-25-ai-chip.html"  # declares none
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def site() -> Iterator[tuple[str, Routes]]:
    """A real HTTP server on 127.0.0.1 answering each path from a table the test fills."""
    with route_table() as served:
        yield served


def zhbrief(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["summarize", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def fails(capsys: pytest.CaptureFixture[str], url: str, *args: object, code: int = 1) -> str:
    """The one line a failed run prints, after checking that it failed with `code` and printed nothing else."""
    got, out, err = zhbrief(capsys, url, *args)
    assert (got, out) == (code, ""), err
    assert err.count("\n") == 1 and err.startswith("zhbrief: error: "), err
    return err.removeprefix("zhbrief: error: ").rstrip("\n")


def deadline(tmp_path: Path, seconds: int = 1, **more: int) -> Path:
    config = tmp_path / "zhbrief.toml"
    config.write_text("[digest]\n" + "".join(f"{k} = {v}\n" for k, v in {"fetch_deadline": seconds, **more}.items()))
    return config


# --- A page read by its URL is the page read from a file ---------------------------------------------------


@pytest.mark.parametrize("flags", [
    ("--format", "md"),
    ("--format", "text", "--budget", "60"),
    ("--format", "json", "--explain"),
    ("--sentences", "1", "--keywords", "3", "--explain"),
])
def test_a_fetched_page_gives_byte_for_byte_what_the_same_file_gives(capsys, site, flags):
    base, routes = site
    routes["/2026/11/25/a.html"] = (200, HTML, PAGE.read_bytes())
    fetched = zhbrief(capsys, f"{base}/2026/11/25/a.html", *flags)
    saved = zhbrief(capsys, PAGE, *flags)
    assert fetched[0] == 0, fetched[2]
    assert fetched == saved
    assert "采果机器人" in fetched[1] and "南岭新闻网 版权所有" not in fetched[1] and "相关新闻" not in fetched[1]


def test_the_heading_is_the_pages_title_and_the_summary_links_to_the_url_it_was_fetched_from(capsys, site):
    base, routes = site
    routes["/news/chip.html"] = (200, HTML, CHIP.read_bytes())  # a page that names no address of its own
    code, out, err = zhbrief(capsys, f"{base}/news/chip.html", "--sentences", "1")
    assert code == 0, err
    assert out.startswith("# 国产AI推理芯片“启明-X2”发布：能效比提升3倍\n")
    assert f"<{base}/news/chip.html>" in out.split("\n")[2]
    # and otherwise exactly what the file gives
    _, saved, _ = zhbrief(capsys, CHIP, "--format", "json")
    _, fetched, _ = zhbrief(capsys, f"{base}/news/chip.html", "--format", "json")
    assert json.loads(fetched) == {**json.loads(saved), "url": f"{base}/news/chip.html"}


def test_a_redirect_is_followed_and_the_page_is_linked_where_it_ended(capsys, site):
    base, routes = site
    routes["/m/chip"] = (301, {"Location": "/news/chip.html"}, b"")
    routes["/news/chip.html"] = (200, HTML, CHIP.read_bytes())
    code, out, err = zhbrief(capsys, f"{base}/m/chip", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["url"] == f"{base}/news/chip.html"


def test_a_page_whose_own_address_is_relative_is_linked_at_the_url_it_was_fetched_from(capsys, site):
    base, routes = site
    page = CHIP.read_text(encoding="utf-8").replace("<head>", '<head><link rel="canonical" href="/2026/chip.html">', 1)
    routes["/m/chip.html"] = (200, HTML, page.encode())
    code, out, err = zhbrief(capsys, f"{base}/m/chip.html", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["url"] == f"{base}/m/chip.html"  # never a relative link, which no reader could follow


@pytest.mark.parametrize("header", [
    "text/html; charset=gbk",  # the server says it: honoured
    "text/html; charset=GB2312",  # GB2312's superset is read, as for a file
    "text/html",  # only the page's <meta charset> says it: read as the file is
    "text/html; charset=iso-8859-1",  # a server's wrong default: the bytes are read as the file is, not as Latin-1
    "text/html; charset=utf-8",  # a wrong charset the bytes do not decode in: read as the file is
])
def test_a_gbk_page_reads_as_the_same_page_in_utf8_whatever_charset_the_server_declares(capsys, site, tmp_path, header):
    base, routes = site
    markup = PAGE.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="gbk">')
    routes["/gbk.html"] = (200, {"Content-Type": header}, markup.encode("gbk"))
    (tmp_path / "gbk.html").write_bytes(markup.encode("gbk"))
    fetched = zhbrief(capsys, f"{base}/gbk.html", "--format", "json")
    assert fetched[0] == 0, fetched[2]
    assert fetched == zhbrief(capsys, tmp_path / "gbk.html", "--format", "json") == zhbrief(capsys, PAGE, "--format", "json")


def test_a_big5_page_declared_big5_reads_as_written(capsys, site):
    base, routes = site
    markup = "<html><head><title>港口無人機巡檢上線</title></head><body><article><h1>港口無人機巡檢上線</h1>" + "".join(
        f"<p>東江港務集團今天宣佈，第{n}批無人機巡檢航線正式啟用，覆蓋碼頭、堆場與航道，巡檢效率較人工提高三倍。</p>"
        for n in range(1, 7)) + "</article></body></html>"
    routes["/big5.html"] = (200, {"Content-Type": "text/html; charset=big5"}, markup.encode("big5"))
    code, out, err = zhbrief(capsys, f"{base}/big5.html", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["title"] == "港口無人機巡檢上線" and "東江港務集團今天宣佈" in json.loads(out)["summary"]


def test_a_plain_text_page_is_read_as_a_text_file(capsys, site):
    base, routes = site
    text = (FIXTURES / "port-drones-scraped.txt").read_bytes()
    routes["/port.txt"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, text)
    fetched = zhbrief(capsys, f"{base}/port.txt", "--format", "json")
    assert fetched[0] == 0, fetched[2]
    assert json.loads(fetched[1]) == {**json.loads(zhbrief(capsys, FIXTURES / "port-drones-scraped.txt", "--format",
                                                           "json")[1]), "url": f"{base}/port.txt"}


def test_html_output_names_the_url_with_its_secrets_masked(capsys, site):
    base, routes = site
    routes["/news/chip.html"] = (200, HTML, CHIP.read_bytes())
    code, out, err = zhbrief(capsys, f"{base}/news/chip.html?token=s3cret", "--format", "html")
    assert code == 0, err
    # The footer names the input as messages do; the summary's link is the page's address, which must work.
    assert f"<footer>zhbrief · {base}/news/chip.html?token=***</footer>" in out


# --- Every failure: one line naming the URL, non-zero, in bounded time --------------------------------------


def test_a_missing_page_and_a_server_error_are_named(capsys, site):
    base, routes = site
    routes["/boom.html"] = (500, HTML, b"<html><body>Internal Server Error</body></html>")
    assert fails(capsys, f"{base}/gone.html") == f"{base}/gone.html: the server answered 404 Not Found"
    assert fails(capsys, f"{base}/boom.html") == f"{base}/boom.html: the server answered 500 Internal Server Error"


def test_the_login_and_query_values_of_a_url_are_masked_in_the_message(capsys, site):
    base, _ = site
    url = base.replace("http://", "http://reader:pa55word@") + "/gone.html?id=7&token=s3cret"
    line = fails(capsys, url)
    assert line == f"{base.replace('http://', 'http://***@')}/gone.html?id=***&token=***: the server answered 404 Not Found"


def test_the_readmes_failure_example_is_what_a_user_sees(capsys, site):
    base, _ = site
    shown = "zhbrief: error: https://news.example.cn/2026/a.html?token=***: the server answered 404 Not Found"
    assert shown in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    line = fails(capsys, f"{base}/2026/a.html?token=s3cret")
    assert "zhbrief: error: " + line == shown.replace("https://news.example.cn", base)


def test_a_refused_connection_is_named(capsys):
    with socket.socket() as probe:  # a port nobody listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = fails(capsys, f"http://127.0.0.1:{port}/a.html")
    assert line.startswith(f"http://127.0.0.1:{port}/a.html: cannot fetch the page: ") and "refused" in line


def test_a_host_that_does_not_resolve_is_named_within_the_deadline(capsys, tmp_path):
    # .invalid never resolves (RFC 2606): the resolver says so, or does not answer before the deadline
    start = time.monotonic()
    line = fails(capsys, "http://news.zhbrief-test.invalid/a.html", "--config", deadline(tmp_path, 5))
    assert time.monotonic() - start < 20
    assert line.startswith("http://news.zhbrief-test.invalid/a.html: "), line
    assert "cannot fetch the page" in line or "looking up the host news.zhbrief-test.invalid" in line, line


def _silent(connection: socket.socket, stop: threading.Event) -> None:
    read_request(connection)
    stop.wait(30)  # accepts, reads the request, never answers


@pytest.mark.parametrize("handler", [
    _silent,
    trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>" + b" " * 10_000, 0.05),
], ids=["never-answers", "trickles"])
def test_a_server_that_never_answers_or_trickles_is_cut_off_at_the_deadline(capsys, tmp_path, handler):
    with serve(handler) as port:
        start = time.monotonic()
        line = fails(capsys, f"http://127.0.0.1:{port}/a.html", "--config", deadline(tmp_path, 1))
        took = time.monotonic() - start
    assert line == f"http://127.0.0.1:{port}/a.html: the download did not finish within 1 s (fetch_deadline)"
    assert took < 10


def test_a_redirect_away_from_http_is_refused(capsys, site):
    base, routes = site
    routes["/ftp.html"] = (302, {"Location": "ftp://127.0.0.1/a.html"}, b"")
    routes["/file.html"] = (301, {"Location": "file:///etc/hostname"}, b"")
    assert fails(capsys, f"{base}/ftp.html") == f"{base}/ftp.html: the server redirects the page to ftp:, and only http(s) is fetched"
    assert fails(capsys, f"{base}/file.html") == f"{base}/file.html: the server redirects the page to file:, and only http(s) is fetched"


def test_a_body_over_the_size_cap_is_refused(capsys, site, tmp_path):
    base, routes = site
    routes["/big.html"] = (200, HTML, b"<html><body><p>" + "港区".encode() * 400_000 + b"</p></body></html>")
    config = deadline(tmp_path, 20, max_download_mb=1)
    assert fails(capsys, f"{base}/big.html", "--config", config) == (
        f"{base}/big.html: the download is larger than 1 MB (max_download_mb); skipped")
    # a page sent without end (no Content-Length): cut at the cap, not held whole
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>"
    with serve(endless(head, "<p>港区新闻</p>".encode() * 4096)) as port:
        assert fails(capsys, f"http://127.0.0.1:{port}/endless.html", "--config", config) == (
            f"http://127.0.0.1:{port}/endless.html: the download is larger than 1 MB (max_download_mb); skipped")


@pytest.mark.parametrize("media_type", ["application/pdf", "image/png", "application/octet-stream"])
def test_a_pdf_or_an_image_is_refused_by_its_type_before_its_body_is_downloaded(capsys, tmp_path, media_type):
    # An endless body: only a refusal made on the headers can end before the size cap or the deadline.
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {media_type}\r\nConnection: close\r\n\r\n".encode()
    with serve(endless(head, b"%PDF-1.7 \x00\x01\x02" * 4096)) as port:
        start = time.monotonic()
        line = fails(capsys, f"http://127.0.0.1:{port}/report", "--config", deadline(tmp_path, 20))
        took = time.monotonic() - start
    assert line == (f"http://127.0.0.1:{port}/report: not a web page but {media_type}; "
                    "only HTML and plain-text pages can be summarized")
    assert took < 5


@pytest.mark.parametrize("media_type", ["application/rss+xml", "application/xml", "text/html; charset=utf-8", None])
def test_a_feed_is_sent_to_digest(capsys, site, media_type):
    base, routes = site
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>港口网</title>'
            "<item><title>港区5G专网开通</title><description>港区5G专网昨日开通。</description></item></channel></rss>")
    routes["/rss"] = (200, {"Content-Type": media_type} if media_type else {}, feed.encode())
    assert fails(capsys, f"{base}/rss", code=2) == (
        f"{base}/rss is a feed of many articles: brief it with 'zhbrief digest {base}/rss'")


def test_an_empty_page_and_a_page_without_an_article_are_named(capsys, site):
    base, routes = site
    routes["/empty.html"] = (200, HTML, b"")
    routes["/blank.html"] = (200, HTML, b" \r\n\r\n ")
    routes["/menu.html"] = (200, HTML, (FIXTURES / "pages" / "only-navigation.html").read_bytes())
    assert fails(capsys, f"{base}/empty.html") == f"{base}/empty.html: the server sent an empty page"
    assert fails(capsys, f"{base}/blank.html") == f"{base}/blank.html: the server sent an empty page"
    assert fails(capsys, f"{base}/menu.html") == f"{base}/menu.html: {NO_ARTICLE_TEXT}"


@pytest.mark.parametrize("url, line", [
    ("ftp://mirror.example.cn/a.html", "ftp://mirror.example.cn/a.html: only http(s) pages are fetched, not ftp: "
                                       "(give a file on this machine by its path)"),
    ("file:///tmp/a.html", "file:///tmp/a.html: only http(s) pages are fetched, not file: "
                           "(give a file on this machine by its path)"),
    ("http://[news.example.cn/a.html?token=s3cret", "http://[news.example.cn/a.html?***: not a valid URL (Invalid IPv6 URL)"),
    ("http://u:p@news.example.cn:99999/a.html", "http://***@news.example.cn:99999/a.html: not a valid URL "
                                                "(Port out of range 0-65535)"),
])
def test_a_url_that_cannot_be_fetched_is_a_usage_error(capsys, url, line):
    assert fails(capsys, url, code=2) == line


def test_jsonl_from_a_url_is_a_usage_error_pointing_to_a_pipe(capsys):
    assert fails(capsys, "https://news.example.cn/wire.jsonl", "--jsonl", code=2) == (
        "--jsonl reads a file or stdin, not a URL: stream it in, e.g. curl -sS URL | zhbrief summarize - --jsonl")


def test_the_real_program_prints_one_line_and_no_traceback(site):
    base, _ = site
    run = subprocess.run([sys.executable, "-m", "briefs", "summarize", f"{base}/gone.html"], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == f"zhbrief: error: {base}/gone.html: the server answered 404 Not Found\n"


def test_help_names_urls_with_an_example_and_the_deadline(capsys):
    with pytest.raises(SystemExit):
        main(["summarize", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "zhbrief summarize https://news.example.cn/2026/a.html" in help_text
    # the limits a user meets, as the code sets them
    assert f"within {PAGE_DEADLINE:g} s ([digest] fetch_deadline in --config, if shorter)" in help_text
    assert f"at most {ReadLimits().max_download_mb} MB ([digest] max_download_mb)" in help_text


def test_a_page_without_a_headline_is_headed_by_its_address(site: tuple[str, Routes],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A page that names no headline is known by its address, which the reader typed, as a file is known by
    its name: not by the last piece of the address's path ('a.html', or the host alone for '/')."""
    base, routes = site
    body = ("<html><body><p>据介绍，东江港务集团今日宣布，无人机巡检系统已覆盖全部码头，每天完成巡检任务约300架次。</p>"
            "<p>该系统由本地企业自主研发，发现隐患的时间缩短了一半。</p></body></html>").encode()
    routes["/news/a.html"] = (200, HTML, body)
    code, out, err = zhbrief(capsys, f"{base}/news/a.html?from=share")
    assert code == 0, err
    assert out.splitlines()[0] == rf"# {base}/news/a.html?from=\*\*\*"  # Markdown's literal asterisks
    code, out, err = zhbrief(capsys, f"{base}/news/a.html", "--format", "text")
    assert out.splitlines()[0] == f"{base}/news/a.html"
