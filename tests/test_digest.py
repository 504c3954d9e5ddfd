"""The daily digest end to end: the real CLI in subprocesses on real folders, a real SQLite store, a real
lock held by the test, kill -9 in the middle of a run, and a real SMTP server for --mail-to."""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import pty
import random
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from filelock import FileLock

from briefs.digest.job import DigestOptions, Reporter, run_digest
from briefs.errors import NO_TEXT_LEFT
from briefs.model import Failure, Outlet
from tests.conftest import FIXTURES, ROOT, SAMPLES, SCRAPED_PAGE, need_shared
from tests.smtp_fixtures import RecordingHandler, free_port_with_nothing_listening, smtp_server

INBOX = SAMPLES / "inbox"
DAY = "2026-11-25"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 25, 18, 30, tzinfo=SHANGHAI)
ROBOT_LEAD = "联合发布新一代腔镜手术机器人“灵枢-3”"


def zhbrief(*args: str | Path, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess[str]:
    """`zhbrief digest ARGS` as cron would run it: a separate process, stdout and stderr captured."""
    return subprocess.run([sys.executable, "-m", "briefs", "digest", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout, **kwargs)


def digest_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "briefs", "digest", *map(str, args)]


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".md", ".html")}


def store_rows(out: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(out / "zhbrief.sqlite3") as db:
        return db.execute("SELECT fingerprint, brief_date FROM article ORDER BY brief_date, fingerprint").fetchall()


# Distinct synthetic articles: sentences drawn from the repository's samples, a different mix each.
def _sample_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(INBOX.glob("2026-11-25-*")) if p.suffix in (".txt", ".md")]
    texts += [json.loads(line)["text"] for line in (INBOX / "wire.jsonl").read_text(encoding="utf-8").splitlines()]
    found = re.findall(r"[^。！？\n]{12,}[。！？]", "\n".join(texts))
    return sorted(set(found))


SENTENCES = _sample_sentences()


def synthetic(n: int, *, seed: int = 0, sentences: int = 12) -> str:
    rng = random.Random(seed * 100_003 + n)
    return "\n".join(rng.sample(SENTENCES, sentences))


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# --- the sample inbox ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_brief(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("sample") / "out"
    result = run_digest([str(INBOX)], DigestOptions(date=dt.date(2026, 11, 25), out=out, tz=SHANGHAI), now=NOW)
    return result, out


def test_the_sample_day_counts(sample_brief):
    result, _ = sample_brief
    c = result.brief.counts
    # 13 documents: 4 files, 4 wire lines, 5 feed entries; the re-post folded, the 24 Nov feed item out.
    assert (c.read, c.kept, c.duplicates, c.seen, c.failed, c.other_days) == (13, 11, 1, 0, 0, 1)


def test_the_reposted_robotics_story_is_shown_once_with_the_other_source(sample_brief):
    result, out = sample_brief
    robots = [a for a in result.brief.articles if ROBOT_LEAD in a.summary.summary]
    assert len(robots) == 1
    assert robots[0].document.origin.endswith("2026-11-25-robotics-scraped.txt")  # the most complete version
    # The re-post's outlet is named with its link, so a reader can open that copy too.
    assert robots[0].other_sources == (Outlet("南方快讯网", "https://wire.example.com/2026/11/25/001.html"),)
    # Its own dateline (2026-11-2509:30 科创时报) dates and names it; the re-post lends its headline, the story's,
    # but not its link or time, which are 南方快讯网's: that outlet is listed apart, not shown as this one.
    document = robots[0].document
    assert (document.source, document.published, document.url) == ("科创时报", dt.datetime(2026, 11, 25, 9, 30), None)
    assert document.title == "快看：国产手术机器人精度再提升，远程手术从“能做”到“常做”"  # the brief shows it cleaned
    assert not any(a.document.origin.endswith("wire.jsonl:1") for a in result.brief.articles)
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    listing = md[md.index("## 文章一览"):]
    assert listing.count("国产手术机器人精度再提升") == 1  # one entry for the story and its re-post
    assert "另见：[南方快讯网](https://wire.example.com/2026/11/25/001.html)" in listing
    for section in result.brief.themes:  # one story: at most one sentence of it per theme
        assert sum(ROBOT_LEAD in i.article.summary.summary for i in section.items) <= 1


def test_dates_are_read_in_shanghai_time(sample_brief):
    result, _ = sample_brief
    titles = {a.document.title for a in result.brief.articles}
    assert "AI植保无人机在黄淮麦区规模化应用 作业效率提高5倍" in titles  # 00:05+08:00: 24 Nov in UTC
    assert "低空物流无人机夜间配送开始试运行" not in titles  # Tue, 24 Nov 2026 20:30 +0800


def test_the_brief_and_index_files_are_written(sample_brief):
    result, out = sample_brief
    assert sorted(files(out)) == [f"{DAY}.html", f"{DAY}.md", "index.html", "index.md"]
    assert [p.name for p in result.files] == [f"{DAY}.md", f"{DAY}.html"]
    assert f"({DAY}.md)" in (out / "index.md").read_text(encoding="utf-8")
    assert (out / f"{DAY}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


@pytest.mark.shared
def test_the_reference_page_joins_under_its_three_themes_without_its_teaser_tail(tmp_path: Path):
    page = need_shared(SCRAPED_PAGE)
    out = tmp_path / "out"
    result = run_digest([str(INBOX), str(page.parent)], DigestOptions(date=dt.date(2026, 11, 25), out=out), now=NOW)
    lines = page.read_text(encoding="utf-8").splitlines()
    tail_start = next(i for i, line in enumerate(lines) if line.startswith("标签"))
    body, tail = "\n".join(lines[:tail_start]), "\n".join(lines[tail_start:])
    mine = {s.theme.label: [i.text for i in s.items if i.article.document.origin == str(page)] for s in result.brief.themes}
    assert all(mine[label] for label in ("技术突破", "落地应用", "挑战与对策")), mine
    for texts in mine.values():
        for text in texts:
            assert text in body.replace("\n", "") and text not in tail
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    for teaser in ("昆明机场", "天问二号", "直播电商", "列车运行图"):
        assert teaser not in md


# --- folding before summarizing ---------------------------------------------------------------------------


class Recorder(Reporter):
    """What the job told the edge: the copies it summarized, the failures, the verdicts."""

    def __init__(self) -> None:
        self.summarized_origins: list[str] = []
        self.failures: list[Failure] = []
        self.verdicts: dict[str, str] = {}

    def summarized(self, origin: str) -> None:
        self.summarized_origins.append(origin)

    def failed(self, failure: Failure) -> None:
        self.failures.append(failure)

    def verdict(self, origin: str, verdict: str) -> None:
        self.verdicts[origin] = verdict


def _one_story_three_ways(inbox: Path) -> tuple[str, str, str, str]:
    """A wire of one story in three copies (the most complete has no headline or link), an empty copy and
    another story; returns the origins of the complete copy, the titled copy, the empty one, the other story."""
    lines = synthetic(31, sentences=12).split("\n")
    wire = write_jsonl(inbox / "wire.jsonl", [
        {"text": "\n".join(lines)},  # the most complete copy: it leads, but has no headline or link
        {"title": "借来的标题", "url": "https://example.cn/a.html", "source": "甲报", "text": "\n".join(lines[:-1])},
        {"title": "只剩版权声明", "text": "责任编辑：张三\n来源：新华网\n【纠错】"},
        {"title": "转载", "source": "乙网", "text": "\n".join(lines[3:])},
        {"title": "另一件事", "text": synthetic(32, sentences=12)},
    ])
    return f"{wire}:1", f"{wire}:2", f"{wire}:3", f"{wire}:5"


def test_a_folded_copy_is_counted_and_named_but_never_summarized(tmp_path: Path):
    complete, titled, empty, other = _one_story_three_ways(tmp_path / "in")
    recorder = Recorder()
    result = run_digest([str(tmp_path / "in")], DigestOptions(date=dt.date(2026, 11, 25), out=tmp_path / "out"),
                        now=NOW, reporter=recorder)
    assert recorder.summarized_origins == [complete, other]  # one summary a story: its kept copy's
    c = result.brief.counts
    assert (c.read, c.kept, c.duplicates, c.failed) == (4, 2, 2, 1)
    story = next(a for a in result.brief.articles if a.document.origin == complete)
    # The kept copy names no source, link or time: it borrows the headline, and the link with its source
    # from the folded copy that has one; 另见 names the other outlets, not the one its link is.
    document = story.document
    assert (document.title, document.url, document.source) == ("借来的标题", "https://example.cn/a.html", "甲报")
    assert story.other_sources == (Outlet("乙网"),)
    assert story.summary.candidates  # summarized from its own text
    assert recorder.verdicts[titled] == f"folded into {complete} (same story)"
    # Every copy is remembered, so a re-post tomorrow is known either way.
    assert len(store_rows(tmp_path / "out")) == 4


@pytest.mark.parametrize(
    ("copy_source", "expected_url", "expected_time", "also"),
    [
        # Another outlet's copy: its link and time are its own, never shown under the kept copy's source.
        ("乙网", None, None, (Outlet("乙网", "https://example.cn/b.html"),)),
        # A copy from the same source: the link and time the kept one lacks are that source's.
        ("甲报", "https://example.cn/b.html", dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI), ()),
    ],
)
def test_a_kept_copy_with_its_own_source_borrows_a_link_and_time_only_from_that_source(
    tmp_path: Path, copy_source: str, expected_url: str | None, expected_time: dt.datetime | None, also: tuple[Outlet, ...],
):
    lines = synthetic(41, sentences=12).split("\n")
    write_jsonl(tmp_path / "in" / "wire.jsonl", [
        {"source": "甲报", "text": "\n".join(lines)},  # the most complete copy: a source, no headline, link or time
        {"title": "标题", "url": "https://example.cn/b.html", "source": copy_source, "date": "2026-11-25T09:00:00+08:00",
         "text": "\n".join(lines[:-1])},
    ])
    result = run_digest([str(tmp_path / "in")], DigestOptions(date=dt.date(2026, 11, 25), out=tmp_path / "out"), now=NOW)
    (story,) = result.brief.articles
    document = story.document
    assert (document.title, document.source, document.url, document.published) == ("标题", "甲报", expected_url, expected_time)
    assert story.other_sources == also


def test_a_copy_left_empty_by_cleaning_is_still_a_failure_while_its_story_goes_out(tmp_path: Path):
    complete, _, empty, _ = _one_story_three_ways(tmp_path / "in")
    recorder = Recorder()
    result = run_digest([str(tmp_path / "in")], DigestOptions(date=dt.date(2026, 11, 25), out=tmp_path / "out"),
                        now=NOW, reporter=recorder)
    assert [(f.origin, f.reason) for f in recorder.failures] == [(empty, NO_TEXT_LEFT)]
    assert result.brief.failures == tuple(recorder.failures)
    assert empty not in recorder.summarized_origins
    assert any(a.document.origin == complete for a in result.brief.articles)
    md = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "失败 1 项" in md and "wire.jsonl:3：" in md


def test_a_kept_copy_the_engine_chokes_on_fails_and_the_next_copy_of_its_story_is_kept(tmp_path: Path, monkeypatch):
    # The engine has no input it is known to crash on, so the crash is injected: on the most complete copy only.
    from briefs.digest import job

    complete, titled, empty, other = _one_story_three_ways(tmp_path / "in")
    doomed = synthetic(31, sentences=12)
    real_many, real_one = job.summarize_many, job.summarize

    def many(articles, options):
        if any(text == doomed for text, _ in articles):
            raise RuntimeError("engine bug")
        return real_many(articles, options)

    def one(text, *, title=None, options):
        if text == doomed:
            raise RuntimeError("engine bug")
        return real_one(text, title=title, options=options)

    monkeypatch.setattr(job, "summarize_many", many)
    monkeypatch.setattr(job, "summarize", one)
    recorder = Recorder()
    result = run_digest([str(tmp_path / "in")], DigestOptions(date=dt.date(2026, 11, 25), out=tmp_path / "out"),
                        now=NOW, reporter=recorder)
    # Reported like an article that failed on reading, and listed in input order with the empty copy.
    assert [(f.origin, f.reason) for f in result.brief.failures] == [
        (complete, "could not summarize: RuntimeError: engine bug"), (empty, NO_TEXT_LEFT)]
    c = result.brief.counts
    assert (c.read, c.kept, c.duplicates, c.failed) == (3, 2, 1, 2)
    assert {a.document.origin for a in result.brief.articles} == {titled, other}  # the next most complete copy
    assert recorder.verdicts[f"{tmp_path / 'in' / 'wire.jsonl'}:4"] == f"folded into {titled} (same story)"


def test_the_sketched_sentences_are_the_summarys_candidates():
    """The digest groups on `summarize.pipeline.sentences` and stores their fingerprint: they must be exactly the
    sentences a summary holds (in Simplified), or a story would fold differently from the stored ones."""
    import opencc

    from summarize import SummaryOptions, summarize
    from summarize.pipeline import sentences as cleaned_sentences
    from summarize.script import to_simplified
    from tests import golden

    to_taiwan = opencc.OpenCC("s2tw")
    options = SummaryOptions()
    checked = traditional = 0
    for _, document in golden.documents():
        renderings = [(document.text, document.title),
                      (to_taiwan.convert(document.text), to_taiwan.convert(document.title) if document.title else None)]
        for text, title in renderings:
            sentences, script = cleaned_sentences(text, title, options)
            summary = summarize(text, title=title, options=options)
            shown = [s.text for s in summary.candidates]
            assert script == summary.script
            assert len(sentences) == len(shown)
            assert "".join(sentences) == ("".join(shown) if script == "simplified" else to_simplified("".join(shown)))
            checked += 1
            traditional += script == "traditional"
    assert checked >= 26 and traditional >= 13  # every article the repository ships, in both scripts


# --- determinism, re-runs, the store ----------------------------------------------------------------------


def test_rerunning_a_day_gives_byte_identical_files_and_no_duplicate_rows(tmp_path: Path):
    out = tmp_path / "out"
    first = zhbrief(INBOX, "--date", DAY, "--out", out, "--workers", "2")
    assert first.returncode == 0, first.stderr
    before, rows_before = files(out), store_rows(out)
    second = zhbrief(INBOX, "--date", DAY, "--out", out, "--workers", "1")
    assert second.returncode == 0, second.stderr
    assert files(out) == before  # one worker or two, first run or second: the same bytes
    assert store_rows(out) == rows_before
    assert len(rows_before) == len(set(rows_before)) == 12  # 11 kept + the folded re-post, once each


def test_kill_9_never_leaves_a_partial_brief_and_a_clean_rerun_leaves_no_temp_files(tmp_path: Path):
    inbox = tmp_path / "inbox"
    write_jsonl(inbox / "big.jsonl", [{"title": f"第{n}号稿", "text": synthetic(n, sentences=14)} for n in range(500)])
    out, reference = tmp_path / "out", tmp_path / "reference"
    # The complete brief of the big input, and how long a run takes here.
    started = time.monotonic()
    done = zhbrief(inbox, "--date", DAY, "--out", reference, "--quiet")
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    new = files(reference)
    # An older brief of the same day already in OUT: a killed run must leave it, or the new one, whole.
    small = write_jsonl(tmp_path / "small" / "one.jsonl", [{"title": "早间稿", "text": synthetic(9999)}])
    assert zhbrief(small, "--date", DAY, "--out", out, "--quiet").returncode == 0
    old = files(out)
    (out / f".{DAY}.md.x1y2z3.tmp").write_text("# 半截", encoding="utf-8")  # as a kill mid-write leaves it

    def temps() -> set[str]:
        return {p.name for p in out.iterdir() if p.name.endswith(".tmp")}

    killed = mid_write = 0
    for share in (0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.98, 1.0, 1.05, 1.1):
        stale = temps()  # left by an earlier kill: the run removes them first, they are not its own
        process = subprocess.Popen(digest_command(inbox, "--date", DAY, "--out", out, "--quiet", "--workers", "2"),
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        started = time.monotonic()
        writing = False
        # Kill at a share of a run's duration, or the moment the run's own temp file appears (mid-write).
        while process.poll() is None and time.monotonic() - started < duration * share:
            if temps() - stale:
                writing = True
                break
            time.sleep(0.001)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the run and its workers, as the OOM killer or a reboot would
            killed += 1
            mid_write += writing
        else:
            duration = min(duration, time.monotonic() - started)  # the machine got faster: aim earlier
        process.wait()
        for name in (f"{DAY}.md", f"{DAY}.html"):
            content = (out / name).read_bytes()
            assert content in (old[name], new[name]), f"{name} is neither the old brief nor the new one"
    # Here about half the kills land while a temp file exists, i.e. between write and rename.
    assert killed >= 3, f"only {killed} run(s) killed ({mid_write} mid-write); make the input bigger"

    clean = zhbrief(inbox, "--date", DAY, "--out", out, "--quiet")
    assert clean.returncode == 0, clean.stderr
    assert files(out)[f"{DAY}.md"] == new[f"{DAY}.md"] and files(out)[f"{DAY}.html"] == new[f"{DAY}.html"]
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert len(store_rows(out)) == len(set(store_rows(out)))


def test_a_second_run_on_the_same_folder_exits_75_and_writes_nothing(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / ".zhbrief.lock"):
        started = time.monotonic()
        run = zhbrief(INBOX, "--date", DAY, "--out", out)
        waited = zhbrief(INBOX, "--date", DAY, "--out", out, "--wait", "1")
        waited_for = time.monotonic() - started
    assert run.returncode == 75
    assert f"zhbrief: error: another digest is writing {out} (lock {out / '.zhbrief.lock'})" in run.stderr
    assert waited.returncode == 75 and "after waiting 1 s" in waited.stderr
    assert waited_for >= 1.0
    assert not (out / f"{DAY}.md").exists() and not (out / f"{DAY}.html").exists()


def test_wait_waits_for_the_other_run_then_writes(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    lock = FileLock(out / ".zhbrief.lock")
    lock.acquire()
    try:
        process = subprocess.Popen(digest_command(INBOX, "--date", DAY, "--out", out, "--wait"), cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.0)
        assert process.poll() is None, process.communicate()
        assert not (out / f"{DAY}.md").exists()
    finally:
        lock.release()
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr
    assert (out / f"{DAY}.md").is_file()


def test_cross_day_novelty_and_include_seen(tmp_path: Path):
    repost = json.loads((INBOX / "wire.jsonl").read_text(encoding="utf-8").splitlines()[0])
    day1 = tmp_path / "day1"
    day1.mkdir()
    robotics = (INBOX / "2026-11-25-robotics-scraped.txt").read_text(encoding="utf-8")
    (day1 / "robotics.txt").write_text(robotics.split("\n", 1)[1], encoding="utf-8")  # without its dateline: undated
    write_jsonl(day1 / "wire.jsonl", [{"title": "甲", "text": synthetic(1), "date": "2026-11-24T09:00:00+08:00"}])
    day2 = write_jsonl(tmp_path / "day2" / "wire.jsonl", [
        {**repost, "date": "2026-11-25T08:00:00+08:00"},  # the same story, re-posted the next day
        {"title": "乙", "text": synthetic(2), "date": "2026-11-25T09:00:00+08:00"},
    ])
    out = tmp_path / "out"
    assert zhbrief(day1, "--date", "2026-11-24", "--out", out).returncode == 0
    first_day = files(out)["2026-11-24.md"]

    seen = zhbrief(day2, "--date", DAY, "--out", out, "--verbose")
    assert seen.returncode == 0, seen.stderr
    assert f"{day2}:1: left out: already briefed on an earlier day" in seen.stderr
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    assert "此前已报 1 篇" in md and "收录 1 篇" in md and ROBOT_LEAD not in md

    again = zhbrief(day2, "--date", DAY, "--out", out, "--include-seen")
    assert again.returncode == 0, again.stderr
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    assert "此前已报 0 篇" in md and "收录 2 篇" in md and ROBOT_LEAD in md

    # Re-running the first day after the second: its own rows do not count as seen, nor do later days'.
    assert zhbrief(day1, "--date", "2026-11-24", "--out", out).returncode == 0
    assert files(out)["2026-11-24.md"] == first_day
    rows = store_rows(out)
    assert len(rows) == len(set(rows))
    assert [d for _, d in rows].count("2026-11-24") == 2 and [d for _, d in rows].count(DAY) == 2
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.index("2026-11-25.md") < index.index("2026-11-24.md")  # newest first


# --- dates and timezones ----------------------------------------------------------------------------------


def _timed_inbox(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in" / "times.jsonl", [
        {"title": "子", "text": synthetic(11), "date": "2026-11-24T23:30:00+00:00"},  # 07:30 on 25 Nov in Shanghai
        {"title": "丑", "text": synthetic(12), "date": "2026-11-25T00:05:00+08:00"},  # still 24 Nov in UTC
        {"title": "寅", "text": synthetic(13), "date": "2026-11-25T20:00:00+00:00"},  # 04:00 on 26 Nov in Shanghai
        {"title": "卯", "text": synthetic(14)},  # undated: kept
        {"title": "辰", "text": synthetic(15), "published": "2026-11-25T12:00:00"},  # no offset: local time
    ])


def _titles(md: Path) -> list[str]:
    return re.findall(r"^### \d+\. (.+)$", md.read_text(encoding="utf-8"), re.MULTILINE)


def test_articles_of_other_days_are_left_out_in_the_briefs_timezone(tmp_path: Path):
    inbox = _timed_inbox(tmp_path)
    shanghai = zhbrief(inbox, "--date", DAY, "--out", tmp_path / "sh")
    assert shanghai.returncode == 0, shanghai.stderr
    assert sorted(_titles(tmp_path / "sh" / f"{DAY}.md")) == sorted(["子", "丑", "卯", "辰"])
    assert "非当日 1 篇" in (tmp_path / "sh" / f"{DAY}.md").read_text(encoding="utf-8")

    utc = zhbrief(inbox, "--date", DAY, "--out", tmp_path / "utc", "--tz", "UTC")
    assert sorted(_titles(tmp_path / "utc" / f"{DAY}.md")) == sorted(["寅", "卯", "辰"])

    config = tmp_path / "zhbrief.toml"
    config.write_text('[digest]\ntimezone = "UTC"\n', encoding="utf-8")
    configured = zhbrief(inbox, "--date", DAY, "--out", tmp_path / "cfg", "--config", config)
    assert configured.returncode == 0, configured.stderr
    assert (tmp_path / "cfg" / f"{DAY}.md").read_bytes() == (tmp_path / "utc" / f"{DAY}.md").read_bytes()
    assert utc.returncode == 0


def test_a_story_counted_for_the_day_shows_its_time_in_the_briefs_timezone(tmp_path: Path):
    # 子 was stamped 23:30 UTC on the 24th: the Shanghai brief of the 25th lists it, and must not show
    # it as published the day before; a time with no offset (辰) is shown as the source printed it.
    inbox = _timed_inbox(tmp_path)
    run = zhbrief(inbox, "--date", DAY, "--out", tmp_path / "sh")
    assert run.returncode == 0, run.stderr
    for fmt in ("md", "html"):
        brief = (tmp_path / "sh" / f"{DAY}.{fmt}").read_text(encoding="utf-8")
        assert "2026-11-25 07:30" in brief and "2026-11-24 23:30" not in brief
        assert "2026-11-25 00:05" in brief and "2026-11-25 12:00" in brief
    run = zhbrief(inbox, "--date", DAY, "--out", tmp_path / "utc", "--tz", "UTC")
    assert run.returncode == 0, run.stderr
    assert "2026-11-25 20:00" in (tmp_path / "utc" / f"{DAY}.md").read_text(encoding="utf-8")


def test_the_default_date_is_today_in_the_briefs_timezone(tmp_path: Path):
    (tmp_path / "in").mkdir()
    run = zhbrief(tmp_path / "in", "--out", tmp_path / "out", "--tz", "Pacific/Kiritimati")
    assert run.returncode == 0, run.stderr
    today = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()  # UTC+14: often not the machine's today
    assert (tmp_path / "out" / f"{today}.md").is_file()


def test_an_unknown_timezone_is_a_usage_error(tmp_path: Path):
    run = zhbrief(INBOX, "--out", tmp_path / "out", "--tz", "Mars/Olympus")
    assert run.returncode == 2 and "unknown timezone 'Mars/Olympus'" in run.stderr
    assert not (tmp_path / "out").exists()


# --- bad input, empty days, nothing to do -----------------------------------------------------------------


def test_a_jsonl_file_of_other_records_is_one_failure_and_a_mixed_one_is_reported_line_by_line(tmp_path: Path):
    inbox = tmp_path / "in"
    rows = [{"file": f"page-{n:02}.html", "title": "标题", "main_text": "正文", "lang": "zh-CN"} for n in range(1, 40)]
    manifest = write_jsonl(inbox / "manifest.jsonl", rows)
    mixed = write_jsonl(inbox / "wire.jsonl", [rows[0], {"title": "好稿", "text": synthetic(23)}, rows[1]])
    recorder = Recorder()
    result = run_digest([str(inbox)], DigestOptions(date=dt.date(2026, 11, 25), out=tmp_path / "out"), now=NOW,
                        reporter=recorder)
    lacks = 'no "text" field (the article\'s text); its fields: "file", "title", "main_text", "lang"'
    assert [(f.origin, f.reason) for f in recorder.failures] == [
        (str(manifest), f"none of its 39 lines is an article (each: {lacks})"),
        (f"{mixed}:1", lacks),
        (f"{mixed}:3", lacks),
    ]
    c = result.brief.counts
    assert (c.read, c.kept, c.failed) == (1, 1, 3)
    md = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "失败 3 项" in md and "manifest.jsonl:" not in md and "manifest.jsonl：全部 39 行都不是文章" in md


def test_bad_inputs_are_reported_counted_and_listed_while_the_rest_go_out(tmp_path: Path):
    inbox = tmp_path / "in"
    write_jsonl(inbox / "wire.jsonl", [{"title": "好稿", "text": synthetic(21), "date": "2026-11-25T09:00:00+08:00"}])
    with (inbox / "wire.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"title": "坏行", "text": "没有结束的引号}\n')
    (inbox / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (inbox / "empty.txt").write_text("\n  \n", encoding="utf-8")
    (inbox / "good.md").write_text("# 另一篇好稿\n\n" + synthetic(22), encoding="utf-8")
    out = tmp_path / "out"
    run = zhbrief(inbox, "--date", DAY, "--out", out)
    assert run.returncode == 3
    assert f"zhbrief: {inbox}/wire.jsonl:2: not valid JSON" in run.stderr
    assert f"zhbrief: {inbox}/scan.txt: looks like a binary file, not text" in run.stderr
    assert f"zhbrief: {inbox}/empty.txt: the article is empty" in run.stderr
    assert "3 input(s) failed" in run.stderr
    assert sorted(_titles(out / f"{DAY}.md")) == ["另一篇好稿", "好稿"]
    html = (out / f"{DAY}.html").read_text(encoding="utf-8")
    for name in ("wire.jsonl:2", "scan.txt", "empty.txt"):
        assert f"{inbox}/{name}" in html
    assert "失败 3 项" in (out / f"{DAY}.md").read_text(encoding="utf-8")


def test_a_missing_input_next_to_a_good_one_is_a_failure(tmp_path: Path):
    run = zhbrief(INBOX, tmp_path / "feeds" / "*.xml", "--date", DAY, "--out", tmp_path / "out")
    assert run.returncode == 3
    assert f"zhbrief: {tmp_path}/feeds/*.xml: no such file or folder" in run.stderr


@pytest.mark.parametrize("given", ["http://[news.example.cn/rss.xml?token=s3cret", "https://news.example.cn:99999/rss.xml"])
def test_a_malformed_feed_url_next_to_a_good_input_is_a_failure_with_its_secrets_masked(tmp_path: Path, given: str):
    """A feed URL that urllib cannot even split (an unclosed IPv6 bracket, a port past 65535) is one input
    that failed, named with its query values masked, not a traceback that loses the day's brief."""
    run = zhbrief(INBOX, given, "--date", DAY, "--out", tmp_path / "out")
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr and "s3cret" not in run.stderr
    assert "not a valid URL" in run.stderr
    brief = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "不是有效的网址" in brief and "s3cret" not in brief and "失败 1 项" in brief


def test_an_empty_day_gives_a_brief_that_says_so_and_exit_0(tmp_path: Path):
    (tmp_path / "in").mkdir()
    run = zhbrief(tmp_path / "in", "--date", DAY, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert "今日没有可收录的文章" in (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")


def test_no_input_at_all_writes_nothing_and_exits_1(tmp_path: Path):
    run = zhbrief(tmp_path / "nope", "--date", DAY, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert f"zhbrief: error: {tmp_path}/nope: no such file or folder; nothing to brief" in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_run_that_fails_late_in_a_new_folder_leaves_no_folder(tmp_path: Path):
    """Exit 1 after the lock is taken (here: a --store that is a folder) writes nothing, not even OUT."""
    (tmp_path / "store-is-a-folder").mkdir()
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "new" / "out", "--store", tmp_path / "store-is-a-folder")
    assert run.returncode == 1 and "store-is-a-folder" in run.stderr, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store-is-a-folder"]


def test_an_unreachable_cluster_writes_no_store_and_leaves_no_new_folder(tmp_path: Path):
    pytest.importorskip("distributed", reason="dask[distributed] is the optional extra zhbrief[dask]")
    old = tmp_path / "old"  # a folder with a brief in it, and its store elsewhere
    old.mkdir()
    (old / "2026-11-24.md").write_text("# 每日简报\n", encoding="utf-8")
    for out, store in ((tmp_path / "new", tmp_path / "new" / "zhbrief.sqlite3"), (old, tmp_path / "other.sqlite3")):
        run = zhbrief(INBOX, "--date", DAY, "--out", out, "--store", store, "--dask", "tcp://127.0.0.1:9")
        assert run.returncode == 1 and "cannot reach the Dask scheduler" in run.stderr, run.stderr
    assert not (tmp_path / "new").exists() and not (tmp_path / "other.sqlite3").exists()
    assert sorted(p.name for p in old.iterdir() if p.name != ".zhbrief.lock") == ["2026-11-24.md"]


def test_an_output_folder_that_cannot_be_made_exits_1(tmp_path: Path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "a-file" / "out")
    assert run.returncode == 1
    assert "cannot create the output folder" in run.stderr


def test_a_killed_runs_stale_temp_files_are_removed_but_nothing_else(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".2026-11-24.html.abc.tmp").write_text("<html", encoding="utf-8")
    (out / ".index.md.q.tmp").write_text("#", encoding="utf-8")
    (out / "notes.tmp").write_text("mine", encoding="utf-8")
    (tmp_path / "in").mkdir()
    assert zhbrief(tmp_path / "in", "--date", DAY, "--out", out).returncode == 0
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp")) == ["notes.tmp"]


# --- HTML safety ------------------------------------------------------------------------------------------


def test_a_script_title_appears_as_text_never_as_markup(tmp_path: Path):
    run = zhbrief(FIXTURES / "xss-title.json", "--date", DAY, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;测试标题" in html
    assert "<script" not in html.lower()
    assert "<script>alert(1)</script>" not in (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "<script" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8").lower()


# --- what a terminal and cron see --------------------------------------------------------------------------


def test_quiet_is_silent_and_verbose_gives_one_line_per_article(tmp_path: Path):
    quiet = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "q", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    plain = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "p")
    assert plain.stderr == ""  # not a terminal: no progress bar
    assert plain.stdout.startswith(f"wrote {tmp_path / 'p' / DAY}.md and ")
    verbose = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "v", "--verbose")
    lines = verbose.stderr.splitlines()
    assert len(lines) == 13
    assert f"zhbrief: {INBOX}/wire.jsonl:1: folded into {INBOX}/2026-11-25-robotics-scraped.txt (same story)" in lines
    assert f"zhbrief: {INBOX}/feeds/tech-rss.xml#3: left out: dated 2026-11-24, not 2026-11-25" in lines


def _stderr_on_a_terminal(*args: str | Path) -> str:
    controller, terminal = pty.openpty()
    # A fresh pty is 0 columns wide, and tqdm draws nothing in 0 columns: size it like a terminal.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(digest_command(*args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=180)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_shows_on_a_terminal_unless_quiet(tmp_path: Path):
    shown = _stderr_on_a_terminal(INBOX, "--date", DAY, "--out", tmp_path / "a")
    assert "zhbrief: reading" in shown and "zhbrief: summarizing" in shown
    assert _stderr_on_a_terminal(INBOX, "--date", DAY, "--out", tmp_path / "b", "--quiet") == ""


def test_help_documents_the_exit_codes_and_the_crontab_line():
    help_text = subprocess.run(digest_command("--help"), capture_output=True, text=True, cwd=ROOT).stdout
    for line in ("0   the brief was written", "3   the brief was written, but some inputs failed",
                 "75  another digest is writing", "30 18 * * *"):
        assert line in help_text


# --- mail ----------------------------------------------------------------------------------------------------


def test_mail_to_sends_the_brief_after_writing_it(tmp_path: Path):
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out", "--mail-to", "team@example.com",
                      "--mail-smtp", f"127.0.0.1:{server.port}")
    assert run.returncode == 0, run.stderr
    (message,) = handler.messages
    assert message.rcpt_tos == ("team@example.com",)
    assert b"2026-11-25" in message.data
    assert "mailed 2026-11-25.html to team@example.com" in run.stdout


def test_a_mail_failure_exits_4_and_the_brief_stays_written(tmp_path: Path):
    port = free_port_with_nothing_listening()
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out", "--mail-to", "team@example.com",
                  "--mail-smtp", f"127.0.0.1:{port}", "--mail-retries", "0")
    assert run.returncode == 4
    assert "zhbrief: error: mail:" in run.stderr and "the brief itself is written" in run.stderr
    assert (tmp_path / "out" / f"{DAY}.html").is_file()


def test_a_bad_mail_address_stops_the_run_before_anything_is_written(tmp_path: Path):
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out", "--mail-to", "not-an-address",
                  "--mail-smtp", "127.0.0.1:25")
    assert run.returncode in (1, 2) and "not-an-address" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flags", [["--mail-smtp", "smtp.example.com:587", "--mail-starttls"],
                                   ["--mail-user", "me@example.com"], ["--mail-subject", "简报"]])
def test_mail_flags_without_a_recipient_stop_the_run_instead_of_mailing_nobody(tmp_path: Path, flags: list[str]):
    """A forgotten --mail-to used to give exit 0 and no mail at all: the brief silently never mailed."""
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out", *flags)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == f"zhbrief: error: {flags[0]} needs a recipient: add --mail-to ADDRESS (or [mail] to in --config)\n"
    assert not (tmp_path / "out").exists()


def test_threads_are_not_left_behind_by_an_in_process_run(tmp_path: Path):
    before = threading.active_count()
    run_digest([str(INBOX)], DigestOptions(date=dt.date(2026, 11, 25), out=tmp_path / "out", workers=2), now=NOW)
    assert threading.active_count() == before


def test_the_digest_table_of_the_config_sets_defaults_relative_to_the_config_file(tmp_path: Path):
    config = tmp_path / "conf" / "zhbrief.toml"
    config.parent.mkdir()
    config.write_text('[digest]\nout = "briefs"\nper_theme = 1\nkeywords = 3\n', encoding="utf-8")
    run = zhbrief(INBOX, "--date", DAY, "--config", config, "--quiet")
    assert run.returncode == 0, run.stderr
    md = (tmp_path / "conf" / "briefs" / f"{DAY}.md").read_text(encoding="utf-8")
    themes = re.split(r"^## ", md, flags=re.MULTILINE)[1:5]
    assert [t.count("\n- ") for t in themes] == [1, 1, 1, 1]
    assert len(re.search(r"今日关键词：(.+)", md)[1].split("、")) == 3


def test_an_unknown_digest_key_names_the_file_and_the_key(tmp_path: Path):
    config = tmp_path / "zhbrief.toml"
    config.write_text('[digest]\nper_them = 3\n', encoding="utf-8")
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out", "--config", config)
    assert run.returncode == 1
    assert f"zhbrief: error: {config}: [digest] per_them: unknown key (expected one of: timezone," in run.stderr


def test_a_killed_runs_temp_files_are_removed_and_nothing_else(tmp_path: Path):
    from briefs.digest.job import remove_stale_temps

    ours = [".2026-11-25.md.k3j2.tmp", ".index.html.a1b2.tmp", ".feed.atom.x9y8.tmp", "..zhbrief.renames.ky4n.tmp"]
    theirs = ["2026-11-25.md", "notes.tmp", ".draft.md.tmp", "feed.atom"]
    for name in ours + theirs:
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert sorted(p.name for p in remove_stale_temps(tmp_path)) == sorted(ours)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(theirs)


# --- a feed of teasers, read from the articles' pages ------------------------------------------------------
_PAGE_ARTICLE = (
    "<p>11月25日，临海市港务集团宣布，全市首批12台无人驾驶集装箱卡车已在东港区码头投入全天候作业。</p>"
    "<p>这批卡车由本地企业临海智运科技有限公司研制，每台车装有5个激光雷达和16个摄像头，可在堆场与岸桥之间自动完成集装箱转运，单车每天作业约20小时。</p>"
    "<p>港务集团有关负责人介绍，试运行三个月来，码头水平运输效率提高了约18%，夜间作业人员减少了三成，累计完成集装箱转运4.6万标准箱。</p>"
    "<p>不过，遇到大雾天气时，车辆的感知距离会明显缩短，只能降速行驶，仍需调度员远程接管。</p>"
    "<p>该负责人表示，明年将把无人驾驶卡车扩大到西港区，并与海事部门共同制定港区自动驾驶车辆作业安全规范。</p>"
)


def _teaser_feed(base: str) -> str:
    def item(n: int, title: str, body: str, day: str = "Wed, 25 Nov 2026") -> str:
        return (f"<item><title>{title}</title><link>{base}/a/{n}.html</link><pubDate>{day} 09:0{n}:00 +0800</pubDate>"
                f"<description><![CDATA[{body}]]></description></item>")

    full = "".join(f"<p>{s}</p>" for s in _sample_sentences()[:14])  # a whole article in the feed itself
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>港口科技</title>"
            + item(1, "临海港无人驾驶集卡投入全天候作业", "临海港首批12台无人驾驶集装箱卡车投入作业……")
            + item(2, "港区5G专网开通", "港区5G专网昨日开通……")
            + item(3, "岸桥远程操控试点", "岸桥远程操控试点启动……")
            + item(4, "全文稿件", full)
            + item(5, "前一天的稿件", "前一天的摘要……", day="Tue, 24 Nov 2026")
            + "</channel></rss>")


def _relative_links_feed(base: str) -> str:
    """Teasers whose links are relative (resolved against the channel's link, the site, not the feed's
    folder) or lead nowhere a page can be fetched from."""
    def item(n: int, link: str, title: str, body: str) -> str:
        return (f"<item><title>{title}</title><link>{link}</link><pubDate>Wed, 25 Nov 2026 09:0{n}:00 +0800</pubDate>"
                f"<description>{body}</description></item>")

    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>港口科技</title>"
            f"<link>{base}/</link>"
            + item(1, "a/1.html", "临海港无人驾驶集卡投入全天候作业", "临海港首批12台无人驾驶集装箱卡车投入作业……")
            + item(2, "javascript:alert(1)", "港区5G专网开通", "港区5G专网昨日开通……")
            + item(3, "file:///etc/hostname", "岸桥远程操控试点", "岸桥远程操控试点启动……")
            + item(4, "data:text/html;base64,PHA+eDwvcD4=", "冷链仓库启用", "港区冷链仓库今日启用……")
            + "</channel></rss>")


@pytest.fixture
def teaser_site():
    """A real HTTP server on 127.0.0.1: a feed of teasers, one article page, a page that is missing and one
    that never answers in time. Yields (base URL, the paths requested)."""
    import http.server

    requested: list[str] = []
    release = threading.Event()

    class Site(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 — http.server's name
            requested.append(self.path)
            if self.path == "/feed.xml":
                body, kind = _teaser_feed(base).encode(), "application/rss+xml"
            elif self.path == "/a/1.html":
                body, kind = (f"<html><head><meta charset='utf-8'><title>临海港无人驾驶集卡投入全天候作业_港口网</title></head>"
                              f"<body><nav>首页 新闻 港口</nav><article><h1>临海港无人驾驶集卡投入全天候作业</h1>{_PAGE_ARTICLE}</article>"
                              f"<footer>版权所有 港口网</footer></body></html>").encode(), "text/html; charset=utf-8"
            elif self.path == "/feeds/relative.xml":
                body, kind = _relative_links_feed(base).encode(), "application/rss+xml"
            elif self.path == "/a/3.html":
                release.wait(10)  # past the page's deadline (fetch_deadline 2 s below)
                return
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, requested
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_fetch_articles_reads_a_teaser_entry_from_its_page_and_keeps_the_entry_when_the_page_fails(tmp_path: Path, teaser_site):
    base, requested = teaser_site
    config = tmp_path / "zhbrief.toml"
    config.write_text("[digest]\nfetch_deadline = 2\n", encoding="utf-8")
    run = zhbrief(f"{base}/feed.xml", "--date", DAY, "--out", tmp_path / "out", "--config", config,
                  "--fetch-articles", "--verbose", "--workers", "1", timeout=120)
    assert run.returncode == 0, run.stderr
    brief = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "码头水平运输效率提高了约18%" in brief or "全市首批12台无人驾驶集装箱卡车" in brief  # the page, not the teaser
    assert "版权所有" not in brief and "首页 新闻" not in brief
    for title in ("港区5G专网开通", "岸桥远程操控试点", "全文稿件"):  # a failed page leaves its entry as it came
        assert title in brief
    # Only the day's teasers were fetched: not the entry that holds its whole article, not yesterday's.
    assert sorted(p for p in requested if p != "/feed.xml") == ["/a/1.html", "/a/2.html", "/a/3.html"]
    lines = run.stderr.splitlines()
    assert any("feed.xml#1" in line and "text by the article page" in line for line in lines), run.stderr
    assert any("feed.xml#2" in line and "its page was not read: the server answered 404" in line for line in lines), run.stderr
    assert any("feed.xml#3" in line and "did not finish within 2 s" in line for line in lines), run.stderr


def test_without_fetch_articles_no_page_is_fetched(tmp_path: Path, teaser_site):
    base, requested = teaser_site
    run = zhbrief(f"{base}/feed.xml", "--date", DAY, "--out", tmp_path / "out", "--workers", "1", timeout=120)
    assert run.returncode == 0, run.stderr
    assert requested == ["/feed.xml"]
    assert "临海港首批12台无人驾驶集装箱卡车投入作业" in (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")


def test_fetch_articles_resolves_a_relative_entry_link_and_never_fetches_another_scheme(tmp_path: Path, teaser_site):
    base, requested = teaser_site
    run = zhbrief(f"{base}/feeds/relative.xml", "--date", DAY, "--out", tmp_path / "out", "--fetch-articles",
                  "--verbose", "--workers", "1", timeout=120)
    assert run.returncode == 0, run.stderr
    assert requested == ["/feeds/relative.xml", "/a/1.html"]  # against the channel's link, not /feeds/a/1.html
    brief = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "码头水平运输效率提高了约18%" in brief or "全市首批12台无人驾驶集装箱卡车" in brief  # the page, not the teaser
    assert f"]: {base}/a/1.html\n" in brief  # the entry's source is the absolute URL
    assert "javascript:" not in brief and "file:" not in brief and "data:" not in brief
    lines = run.stderr.splitlines()
    assert any("relative.xml#1" in line and "text by the article page" in line for line in lines), run.stderr
    for n, scheme in ((2, "javascript"), (3, "file"), (4, "data")):
        assert any(f"relative.xml#{n}" in line and f"its link is a {scheme}: URL, not http(s)" in line
                   for line in lines), run.stderr


def _page(title: str, article: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><nav>首页 新闻 港口</nav>"
            f"<article><h1>{title}</h1>{article}</article><footer>关于我们</footer></body></html>").encode()


def test_fetch_articles_resolves_a_relative_entry_link_against_the_feeds_own_url_or_its_xml_base(tmp_path: Path):
    # A channel with no link of its own: an entry's relative link is the feed's URL's, or its xml:base's.
    from tests.hostile_servers import route_table

    def item(n: int, link: str, title: str, base: str = "") -> str:
        where = f" xml:base='{base}'" if base else ""
        return (f"<item{where}><title>{title}</title><link>{link}</link><pubDate>Wed, 25 Nov 2026 09:0{n}:00 +0800</pubDate>"
                f"<description>{title}……</description></item>")

    feed = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>港口科技</title>"
            + item(1, "/news/2026/1125/a.html", "临海港无人驾驶集卡投入全天候作业")
            + item(2, "b.html", "港区冷链仓库启用", base="/archive/2026/")
            + "</channel></rss>")
    cold_chain = ("<p>港区首座冷链仓库今天启用，库容三万吨，可同时存放冷冻水产品和进口水果，温度控制在零下二十五度到零上五度之间。</p>"
                  "<p>仓库由港务集团和两家物流企业共同投资建设，采用自动化立体货架，出入库全程由系统调度，一辆冷藏车从进场到装完货平均只要四十分钟。</p>"
                  "<p>港务集团有关负责人说，过去进口冷冻品到港后要转运到六十公里外的冷库，如今在港区就能完成查验和仓储，每个货柜可节省物流费用约八百元。</p>"
                  "<p>按照计划，冷链仓库二期将在明年动工，建成后总库容将达到八万吨。</p>")
    with route_table() as (base, routes):
        routes["/feeds/port.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())
        routes["/news/2026/1125/a.html"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                            _page("临海港无人驾驶集卡投入全天候作业", _PAGE_ARTICLE))
        routes["/archive/2026/b.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, _page("港区冷链仓库启用", cold_chain))
        run = zhbrief(f"{base}/feeds/port.xml", "--date", DAY, "--out", tmp_path / "out", "--fetch-articles",
                      "--verbose", "--workers", "1", timeout=120)
    assert run.returncode == 0, run.stderr
    brief = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert "码头水平运输效率提高了约18%" in brief or "全市首批12台无人驾驶集装箱卡车" in brief  # the pages, not the teasers
    assert "库容三万吨" in brief or "每个货柜可节省物流费用约八百元" in brief
    assert f"]: {base}/news/2026/1125/a.html\n" in brief and f"]: {base}/archive/2026/b.html\n" in brief
    lines = run.stderr.splitlines()
    for n in (1, 2):
        assert any(f"port.xml#{n}" in line and "text by the article page" in line for line in lines), run.stderr


def test_the_configured_labels_set_the_briefs_own_words(tmp_path: Path):
    config = tmp_path / "zhbrief.toml"
    config.write_text('[digest]\nlabels = "traditional"\n', encoding="utf-8")
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out", "--config", config, "--quiet")
    assert run.returncode == 0, run.stderr
    md = (tmp_path / "out" / f"{DAY}.md").read_text(encoding="utf-8")
    assert md.startswith("# 每日簡報 · ") and "## 技術突破" in md  # the samples are Simplified: the words are not
    config.write_text('[digest]\nlabels = "hk"\n', encoding="utf-8")
    run = zhbrief(INBOX, "--date", DAY, "--out", tmp_path / "out2", "--config", config)
    assert run.returncode == 1
    assert f"zhbrief: error: {config}: [digest] labels: expected one of simplified, traditional, auto, got 'hk'" in run.stderr
