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
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, 25, hour, 30, tzinfo=SHANGHAI)


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


def content_links(entry: feedparser.FeedParserDict) -> list[str]:
    import lxml.html

    return [str(href) for href in lxml.html.fragment_fromstring(entry.content[0].value, create_parent=True)
            .xpath("//a/@href")]


def test_the_briefs_own_section_links_lead_to_its_page_not_into_the_feed(tmp_path: Path):
    """The table of contents linked '#articles', '#theme-…': in a feed reader those resolve against the
    feed's address (feed.atom#articles) or go nowhere, since the entry is not the brief's page."""
    folder_with_three_briefs(tmp_path)
    for base, page in (("https://briefs.example.cn/daily/", "https://briefs.example.cn/daily/2026-11-25.html"),
                       (None, "2026-11-25.html")):  # relative: resolved against feed.atom, in the same folder
        [newest, *_] = feedparser.parse(feed_of(tmp_path, link_base=base)).entries
        links = content_links(newest)
        assert f"{page}#articles" in links and f"{page}#theme-breakthroughs" in links
        assert not [link for link in links if link.startswith("#")]
        assert "https://news.example.cn/tech/2026/11/25/surgical-robot.html" in links  # articles' links as they were


def written_feed(out: Path, when: dt.datetime) -> dict[str, feedparser.FeedParserDict]:
    with Store(out / "zhbrief.sqlite3") as store:
        path = write_feed(out, store.briefs(), now=when, tz=SHANGHAI)
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {e.title: e for e in parsed.entries}


def test_each_entry_is_published_on_its_day_and_updated_only_when_its_brief_changed(tmp_path: Path):
    """Re-running an old day moved its <updated> to the run's time and put it first in a reader (reader's
    review): an entry is published on its brief's day, in the brief's zone, and updated when its content
    changed, not when the same brief was written again."""
    folder_with_three_briefs(tmp_path)
    before = written_feed(tmp_path, at(20))
    day = "每日简报 · 2026年11月24日"
    assert before[day].published == "2026-11-24T00:00:00+08:00"
    assert [e.published for e in before.values()] == [f"{d}T00:00:00+08:00" for d in reversed(DAYS)]
    with Store(tmp_path / "zhbrief.sqlite3") as store:
        write_day(tmp_path, store, DAYS[1], at(21))  # the 24th digested again, later: the same brief
    same = written_feed(tmp_path, at(22))
    assert {t: e.id for t, e in before.items()} == {t: e.id for t, e in same.items()}
    assert len(set(e.id for e in same.values())) == 3
    assert {t: (e.published, e.updated) for t, e in same.items()} == \
        {t: (e.published, e.updated) for t, e in before.items()}
    with Store(tmp_path / "zhbrief.sqlite3") as store:  # and again, with another story: a new brief
        brief = dataclasses.replace(sample_brief(), date=DAYS[1], keywords=("低空物流",))
        (tmp_path / f"{DAYS[1]}.html").write_text(render_brief(brief, "html"), encoding="utf-8")
        store.replace_day(StoredBrief(DAYS[1], f"{DAYS[1]}.md", f"{DAYS[1]}.html", headline(brief), brief.counts),
                          [], now=at(23))
    changed = written_feed(tmp_path, at(23))
    assert changed[day].published == before[day].published and changed[day].id == before[day].id
    assert dt.datetime.fromisoformat(changed[day].updated) == at(23)
    assert list(changed) == list(before)  # still in the days' order


def test_the_feed_keeps_the_last_n_and_skips_briefs_whose_file_is_gone(tmp_path: Path):
    folder_with_three_briefs(tmp_path)
    assert [e.title[-11:] for e in feedparser.parse(feed_of(tmp_path, entries=2)).entries] == \
        ["2026年11月25日", "2026年11月24日"]
    (tmp_path / "2026-11-25.html").unlink()
    parsed = feedparser.parse(feed_of(tmp_path))
    assert not parsed.bozo and len(parsed.entries) == 2
    assert parsed.entries[0].link == "2026-11-24.html"  # no --link-base: relative to the feed
