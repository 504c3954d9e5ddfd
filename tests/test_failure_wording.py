"""A Chinese brief says what failed in Chinese: every kind of failure, made by real files, folders, feeds and
a loopback server, reads in the brief (HTML, Markdown, the mail's text) as a sentence in the brief's label
script; only its origin and the details in brackets or quotes (an exception's text, a field name) may be
Latin. stderr keeps the English reason. And no place in briefs/ makes a failure without its Chinese wording."""
from __future__ import annotations

import ast
import datetime as dt
import gzip
import html
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from briefs.deliver.mail import plain_text_from_html
from briefs.digest.compose import ComposeOptions
from briefs.digest.job import DigestOptions, run_digest
from briefs.model import Brief, BriefCounts, Failure
from briefs.reading.ingest import ReadLimits
from briefs.render import in_script, render_brief
from summarize.script import _script_patterns
from tests.conftest import ROOT
from tests.hostile_servers import serve, trickle
from tests.smtp_fixtures import free_port_with_nothing_listening
from tests.test_digest import NOW, Recorder, synthetic, write_jsonl
from tests.test_ingest import _one_entry_rss, wild_server  # noqa: F401 — wild_server is a fixture

DAY = dt.date(2026, 11, 25)
# Names a Chinese sentence writes in Latin letters as they are: formats, encodings, units.
NAMES = {"RSS", "Atom", "JSON", "HTML", "UTF", "GB", "Big", "ISO", "MB"}


def outside_details(reason: str) -> str:
    """The reason without what its brackets （…） and quotes “…” or 「…」 hold (nested brackets included)."""
    kept, depth, quoted = [], 0, False
    for char in reason:
        if char in "“「" and not depth:
            quoted = True
        elif char in "”」" and quoted:
            quoted = False
        elif char == "（" and not quoted:
            depth += 1
        elif char == "）" and depth and not quoted:
            depth -= 1
        elif not depth and not quoted:
            kept.append(char)
    return "".join(kept)


def english_words(reason: str) -> list[str]:
    return [word for word in re.findall(r"[A-Za-z]+", outside_details(reason)) if word not in NAMES]


def failures_in_markdown(md: str) -> list[tuple[str, str]]:
    section = md.split("## 处理失败" if "## 处理失败" in md else "## 處理失敗", 1)[1]
    lines = [line[2:] for line in section.split("\n\n", 2)[1].splitlines() if line.startswith("- ")]
    return [tuple(line.split("：", 1)) for line in lines]  # type: ignore[misc]


def failures_in_html(page: str) -> list[tuple[str, str]]:
    section = page.split('<section class="failures" id="failures">', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'<li><span class="origin">(.*?)</span>：(.*?)</li>', section)
    return [(html.unescape(origin), html.unescape(reason)) for origin, reason in found]


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def check_reads_in(script: str, failures: list[tuple[str, str]]) -> None:
    traditional_only, simplified_only = _script_patterns()
    for origin, reason in failures:
        assert not english_words(reason), f"{origin}：{reason}"
        assert re.search(r"[\u4e00-\u9fff]", outside_details(reason)), f"{origin}：{reason}"
        other = simplified_only if script == "traditional" else traditional_only
        assert not other.findall(outside_details(reason)), f"{origin}：{reason} is not all {script}"


# --- every kind, from real inputs -------------------------------------------------------------------------------


def _feed(items: str) -> str:
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>港口科技</title>"
            f"{items}</channel></rss>")


def _inbox(folder: Path, limits: ReadLimits) -> None:
    """A folder with one file of each kind the reading step refuses, and one good article."""
    folder.mkdir(parents=True)
    (folder / "good.md").write_text(f"# 好稿\n\n{synthetic(1)}\n", encoding="utf-8")
    os.mkfifo(folder / "stuck.txt")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "bad-bytes.txt").write_bytes("开头是正常的文字。".encode() + bytes(range(0x80, 0x100)) * 3)
    (folder / "blank.txt").write_text(" \n\u200b\n", encoding="utf-8")
    (folder / "boiler.txt").write_text("责任编辑：张三\n来源：新华网\n【纠错】\n", encoding="utf-8")
    (folder / "nav.html").write_text(
        "<html><body><nav>" + "".join(f"<a href='/{n}'>栏目{n}</a>" for n in range(30)) + "</nav>"
        "<div class='comments'><p>网友评论：说得好</p></div></body></html>", encoding="utf-8")
    (folder / "long.txt").write_text("长" * (limits.max_article_bytes // 3 + 10), encoding="utf-8")
    for name, record in {"list.json": [1], "fields.json": {"file": "a.txt", "size": 3},
                         "nofields.json": {}, "title.json": {"title": 3, "text": "正文。"},
                         "id.json": {"id": [1], "text": "正文。"}, "date.json": {"date": "昨天", "text": "正文。"}}.items():
        (folder / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (folder / "broken.json").write_text('{"text": ', encoding="utf-8")
    (folder / "deep.json").write_text("[" * 30_000 + "]" * 30_000, encoding="utf-8")
    write_jsonl(folder / "manifest.jsonl", [{"file": f"{n}.txt"} for n in range(3)])
    (folder / "odd.jsonl").write_text('{"file": "a"}\nnot json\n[1]\n{"text": 3}\n{"text": ""}\n', encoding="utf-8")
    (folder / "wire.jsonl").write_text(json.dumps({"text": synthetic(2)}, ensure_ascii=False) + "\n"
                                       + "x" * (limits.max_article_bytes + 10) + "\n", encoding="utf-8")
    (folder / "note.xml").write_text("<note>hi</note>", encoding="utf-8")
    (folder / "page.xml").write_text("<!DOCTYPE html><html><body><p>首页</p></body></html>", encoding="utf-8")
    (folder / "hollow.xml").write_text(_feed("<item><title>空条目</title></item>"
                                             "<item><title>只有图</title><description>&lt;img src='a.png'&gt;</description></item>"),
                                       encoding="utf-8")
    full = _feed("<item><title>一条</title><description>港区5G专网昨日开通。</description></item>"
                 "<item><title>二条</title><description>港区")
    (folder / "cut.xml").write_text(full, encoding="utf-8")
    (folder / "cut-early.xml").write_text(_feed("")[:-30], encoding="utf-8")
    (folder / "huge.xml").write_bytes(b" " * (limits.max_download_bytes + 1))


def _run(tmp_path: Path, base: str, labels: str) -> tuple[Brief, str, str, list[Failure]]:
    limits = ReadLimits(max_download_mb=1, fetch_deadline=1.5, max_article_chars=2000)
    quiet, inbox, out = tmp_path / "quiet", tmp_path / "inbox", tmp_path / "out"
    quiet.mkdir()
    (quiet / "old.md").write_text(f"# 旧稿\n\n2026-11-21 08:00\n\n{synthetic(3)}\n", encoding="utf-8")
    compose = ComposeOptions(labels=labels)
    run_digest([str(quiet)], DigestOptions(date=dt.date(2026, 11, 21), out=out, compose=compose), now=NOW)
    _inbox(inbox, limits)
    urls = [f"{base}/{name}" for name in ("missing.xml", "bomb.xml", "br.xml", "liar.xml", "loop.xml", "ftp.xml", "page/")]
    refused = f"http://127.0.0.1:{free_port_with_nothing_listening()}/feed.xml"
    recorder = Recorder()
    with serve(trickle(b"HTTP/1.1 200 OK\r\n\r\n<rss>", 1.0)) as slow:
        result = run_digest([str(quiet), str(inbox), str(tmp_path / "nowhere"), *urls, refused,
                             f"http://127.0.0.1:{slow}/slow.xml"],
                            DigestOptions(date=DAY, out=out, compose=compose, limits=limits), now=NOW, reporter=recorder)
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    page = (out / f"{DAY}.html").read_text(encoding="utf-8")
    return result.brief, md, page, recorder.failures


@pytest.mark.parametrize("labels", ["simplified", "traditional"])
def test_every_failure_a_real_input_can_give_reads_in_the_briefs_chinese(tmp_path: Path, wild_server, labels: str):  # noqa: F811
    base, routes = wild_server
    rss = {"Content-Type": "application/rss+xml"}
    one = _one_entry_rss("https://www.example.cn/a.html").encode()
    routes["/bomb.xml"] = (200, {**rss, "Content-Encoding": "gzip"}, gzip.compress(one + b" " * (2 * 1024 * 1024)))
    routes["/br.xml"] = (200, {**rss, "Content-Encoding": "br"}, b"\x1b\x00\x00")
    routes["/liar.xml"] = (200, {**rss, "Content-Encoding": "gzip"}, b"\x1f\x8b not really gzip")
    routes["/loop.xml"] = (301, {"Location": f"{base}/loop.xml"}, b"")
    routes["/ftp.xml"] = (302, {"Location": "ftp://127.0.0.1/feed.xml"}, b"")
    routes["/page/"] = (200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html><head><link rel='alternate' "
                        b"type='application/rss+xml' href='/rss.xml'></head><body><p>Hello</p></body></html>")
    brief, md, page, reported = _run(tmp_path, base, labels)

    # Every failure the run reported is in the brief, and each is a Chinese sentence in the labels' script.
    listed = failures_in_markdown(md)
    assert len(listed) == len(brief.failures) == len(reported) >= 35
    assert [unescape_markdown(origin) for origin, _ in listed] == [f.origin for f in brief.failures]
    check_reads_in(labels, [(o, unescape_markdown(r)) for o, r in listed])
    assert failures_in_html(page) == [(unescape_markdown(o), unescape_markdown(r)) for o, r in listed]
    mail = plain_text_from_html(page)
    assert all(reason in mail for _, reason in failures_in_html(page))

    # A few in full: the sentence is the brief's, the detail is the input's own.
    said = dict(failures_in_html(page))
    label = in_script(labels)
    assert said[str(tmp_path / "quiet")] == label("连续 4 天没有新文章（最近一篇为 2026-11-21）")
    assert said[str(tmp_path / "nowhere")] == label("找不到该文件或文件夹")
    assert said[str(tmp_path / "inbox" / "note.xml")].startswith(label("不是 RSS 或 Atom 订阅源"))
    assert said[f"{base}/page/"] == label("不是 RSS 或 Atom 订阅源，而是网页") + f"（{label('网页指明的订阅源')}：{base}/rss.xml）"
    assert said[f"{base}/missing.xml"] == label("服务器返回错误") + "（404 Not Found）"
    # A JSON value of the wrong kind is named as JSON names it, in Chinese (not Python's "int" or "list"), and
    # zhbrief's quotation marks are the script's own: “ ” in Simplified, 「 」 in Traditional.
    kinds = {"title.json": "“title”应是字符串（而不是数字）", "id.json": "“id”应是字符串或数字（而不是数组）",
             "list.json": "应是带“text”字段的 JSON 对象（而不是数组）"}
    for name, sentence in kinds.items():
        assert said[str(tmp_path / "inbox" / name)] == label(sentence)
    if labels == "traditional":
        assert said[str(tmp_path / "inbox" / "title.json")] == "「title」應是字符串（而不是數字）"

    # stderr and the reporter keep the English reason, as the CLI speaks.
    by_origin = {f.origin: f for f in reported}
    assert by_origin[str(tmp_path / "nowhere")].reason == "no such file or folder"
    assert by_origin[f"{base}/missing.xml"].reason == "the server answered 404 Not Found"


# --- the failures no real input can be made to give on demand ------------------------------------------------


def test_an_engine_or_reader_surprise_reads_in_chinese_with_its_exception_as_the_detail():
    from briefs.errors import engine_failure

    surprise = engine_failure("inbox/a.md", RuntimeError("engine bug"))
    brief = Brief(date=DAY, counts=BriefCounts(failed=1), keywords=(), themes=(), articles=(), failures=(surprise,))
    for labels in ("simplified", "traditional"):
        md = render_brief(replace(brief, labels=labels), "md")
        (line,) = failures_in_markdown(md)
        check_reads_in(labels, [line])
        assert line[1].endswith("（RuntimeError: engine bug）")


# --- no failure without its Chinese --------------------------------------------------------------------------


def _calls(name: str, folder: Path) -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name:
                found.append((str(path.relative_to(ROOT)), node.lineno, node))
    return found


def test_every_failure_briefs_makes_carries_its_chinese_wording():
    sites = _calls("Failure", ROOT / "briefs")
    assert len(sites) >= 15  # the walk finds them (not a count to keep up to date)
    # Its wording as the third argument, by keyword, or with its reason as one (reason, wording) pair: *why.
    missing = [f"{path}:{line}" for path, line, call in sites
               if len(call.args) < 3 and not any(k.arg == "wording" for k in call.keywords)
               and not any(isinstance(arg, ast.Starred) for arg in call.args)]
    assert missing == []


def test_every_error_the_reading_step_raises_carries_its_chinese_wording():
    # A reading error becomes a failure the brief lists (ingest.failure): its Chinese must come with it.
    sites = _calls("BriefError", ROOT / "briefs" / "reading")
    assert len(sites) >= 30
    missing = [f"{path}:{line}" for path, line, call in sites if not any(k.arg == "wording" for k in call.keywords)]
    assert missing == []
