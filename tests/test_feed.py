"""The Atom feed of a brief folder: read back by feedparser without bozo, well-formed Atom (RFC 4287's
required elements), newest first, the last N, the email-safe HTML as content, stable entry ids."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import feedparser
import lxml.etree

from briefs.deliver.feed import build_feed, write_feed
from briefs.digest.store import Store, StoredBrief
from briefs.render import headline, render_brief
from tests.golden_brief import sample_brief

ATOM = "{http://www.w3.org/2005/Atom}"
DAYS = [dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)]


def at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, 25, hour, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def write_day(out: Path, store: Store, day: dt.date, now: dt.datetime) -> None:
    brief = dataclasses.replace(sample_brief(), date=day)
    (out / f"{day}.html").write_text(render_brief(brief, "html"), encoding="utf-8")
    (out / f"{day}.md").write_text(render_brief(brief, "md"), encoding="utf-8")
    store.replace_day(StoredBrief(day, f"{day}.md", f"{day}.html", headline(brief), brief.counts), [], now=now)


def folder_with_three_briefs(out: Path) -> None:
    with Store(out / "zhbrief.sqlite3") as store:
        for hour, day in enumerate(DAYS, start=10):
            write_day(out, store, day, at(hour))


def feed_of(out: Path, **options) -> bytes:
    with Store(out / "zhbrief.sqlite3") as store:
        return build_feed(out, store.briefs(), now=at(20), **options)


def test_three_briefs_give_a_valid_feed_newest_first(tmp_path: Path):
    folder_with_three_briefs(tmp_path)
    with Store(tmp_path / "zhbrief.sqlite3") as store:
        path = write_feed(tmp_path, store.briefs(), link_base="https://briefs.example.cn/daily/", now=at(20))
    assert path == tmp_path / "feed.atom"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == ["每日简报 · 2026年11月25日", "每日简报 · 2026年11月24日",
                                                 "每日简报 · 2026年11月23日"]
    assert [e.link for e in parsed.entries] == [f"https://briefs.example.cn/daily/{d}.html" for d in reversed(DAYS)]
    content = parsed.entries[0].content[0]
    assert content.type == "text/html"
    assert 'style="' in content.value and "<style" not in content.value  # the mail module's inlined CSS
    assert "该机器人的末端定位精度达到0.1毫米" in content.value
    # Well-formed Atom: the root, and every element RFC 4287 requires of a feed and of each entry.
    root = lxml.etree.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}{name}") is not None
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # required when entries name no author
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://briefs.example.cn/daily/feed.atom"


def test_rerunning_a_date_keeps_its_entry_id_and_moves_its_updated_time(tmp_path: Path):
    folder_with_three_briefs(tmp_path)
    before = {e.title: e for e in feedparser.parse(feed_of(tmp_path)).entries}
    with Store(tmp_path / "zhbrief.sqlite3") as store:
        write_day(tmp_path, store, DAYS[1], at(19))  # the 24th is digested again, later
    after = {e.title: e for e in feedparser.parse(feed_of(tmp_path)).entries}
    assert {t: e.id for t, e in before.items()} == {t: e.id for t, e in after.items()}
    assert len(set(e.id for e in after.values())) == 3
    day = "每日简报 · 2026年11月24日"
    assert after[day].updated != before[day].updated


def test_the_feed_keeps_the_last_n_and_skips_briefs_whose_file_is_gone(tmp_path: Path):
    folder_with_three_briefs(tmp_path)
    assert [e.title[-11:] for e in feedparser.parse(feed_of(tmp_path, entries=2)).entries] == \
        ["2026年11月25日", "2026年11月24日"]
    (tmp_path / "2026-11-25.html").unlink()
    parsed = feedparser.parse(feed_of(tmp_path))
    assert not parsed.bozo and len(parsed.entries) == 2
    assert parsed.entries[0].link == "2026-11-24.html"  # no --link-base: relative to the feed
