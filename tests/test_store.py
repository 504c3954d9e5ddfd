"""Store: a real SQLite file in tmp_path — schema version, one transaction per day, re-runs that replace
rather than add, history that never includes the day being briefed, and clear errors for wrong files."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from briefs.digest.dedupe import NUM_PERM, sketch
from briefs.errors import BriefError
from briefs.model import BriefCounts
from briefs.digest.store import SCHEMA_VERSION, Store, StoredArticle, StoredBrief

NOW = dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DAY1, DAY2, DAY3 = dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 11, 26)


def article(text: str, origin: str) -> StoredArticle:
    s = sketch(text)
    return StoredArticle(s.fingerprint, origin, f"https://example.cn/{origin}", f"标题{origin}",
                         dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc), s.signature)


def brief(day: dt.date, kept: int = 1) -> StoredBrief:
    return StoredBrief(day, f"{day}.md", f"{day}.html", "今日要闻", BriefCounts(read=kept, kept=kept))


def rows(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT fingerprint, brief_date FROM article ORDER BY brief_date, fingerprint").fetchall()


A = article("临江市图书馆新馆正式对外开放，首批上架图书一百二十万册。", "a.txt")
B = article("合肥量衡量子科技有限公司发布二百五十六比特超导量子芯片。", "b.txt")
C = article("华东某省级电网公司的负荷预测大模型正式投入运行。", "c.txt")


def test_a_new_store_has_its_schema_version(tmp_path: Path):
    path = tmp_path / "sub" / "zhbrief.sqlite3"
    with Store(path):
        pass
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with Store(path) as store:  # reopening an existing store is fine
        assert store.briefs() == []


def test_rerunning_a_day_replaces_its_rows_instead_of_adding(tmp_path: Path):
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        store.replace_day(brief(DAY2, 2), [A, B], now=NOW)
        store.replace_day(brief(DAY2, 2), [A, B], now=NOW)
        assert len(rows(path)) == 2
        store.replace_day(brief(DAY2, 1), [C], now=NOW)  # the day's brief changed: only C remains for it
        assert rows(path) == [(C.fingerprint, "2026-11-25")]
        assert [b.counts.kept for b in store.briefs()] == [1]


def test_the_same_text_twice_in_a_day_is_one_row(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_day(brief(DAY2), [A, A], now=NOW)
        assert len(store.articles(DAY2)) == 1


def test_history_holds_earlier_days_only_and_respects_the_lookback(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_day(brief(DAY1), [A], now=NOW)
        store.replace_day(brief(DAY2), [B], now=NOW)
        store.replace_day(brief(DAY3), [C], now=NOW)
        assert [f for f, _ in store.history(before=DAY2)] == [A.fingerprint]
        assert sorted(f for f, _ in store.history(before=DAY3)) == sorted([A.fingerprint, B.fingerprint])
        assert [f for f, _ in store.history(before=DAY3, since=DAY2)] == [B.fingerprint]
        (fingerprint, signature), = store.history(before=DAY2)
        assert signature.dtype == np.uint32 and signature.shape == (NUM_PERM,)
        assert np.array_equal(signature, A.signature)


def test_articles_round_trip_with_their_metadata(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_day(brief(DAY2), [A], now=NOW)
        (back,) = store.articles(DAY2)
    assert (back.fingerprint, back.origin, back.url, back.title, back.published) == (A.fingerprint, A.origin, A.url, A.title, A.published)


def test_briefs_are_listed_newest_first_with_their_counts(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_day(brief(DAY1, 3), [A], now=NOW)
        store.replace_day(brief(DAY3, 1), [C], now=NOW)
        listed = store.briefs()
    assert [(b.date, b.md_name, b.counts.kept) for b in listed] == [(DAY3, "2026-11-26.md", 1), (DAY1, "2026-11-24.md", 3)]


def test_a_failed_rewrite_leaves_the_previous_rows(tmp_path: Path):
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        store.replace_day(brief(DAY2, 2), [A, B], now=NOW)
        unstorable = StoredArticle(C.fingerprint, "c.txt", None, object(), None, C.signature)  # type: ignore[arg-type]
        with pytest.raises(BriefError, match="could not record the brief of 2026-11-25"):
            store.replace_day(brief(DAY2, 1), [C, unstorable], now=NOW)
        assert sorted(rows(path)) == sorted([(A.fingerprint, "2026-11-25"), (B.fingerprint, "2026-11-25")])
        assert [b.counts.kept for b in store.briefs()] == [2]


def test_a_newer_schema_is_refused_with_a_message(tmp_path: Path):
    path = tmp_path / "s.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(BriefError, match=rf"s\.sqlite3: store schema version {SCHEMA_VERSION + 1} is newer"):
        Store(path)


def test_another_sqlite_file_is_not_taken_over(tmp_path: Path):
    path = tmp_path / "notes.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(BriefError, match="not a zhbrief store"):
        Store(path)


def test_a_file_that_is_not_sqlite_names_itself(tmp_path: Path):
    path = tmp_path / "brief.md"
    path.write_text("# 每日简报\n" * 200, encoding="utf-8")
    with pytest.raises(BriefError, match=r"brief\.md: not a usable zhbrief store"):
        Store(path)


# --- schema 3: deliveries (2), one set of rows per brief and sources (3), upgrades from 1 -------------------

_SCHEMA_1 = """
CREATE TABLE article (fingerprint TEXT NOT NULL, brief_date TEXT NOT NULL, briefed_at TEXT NOT NULL,
    origin TEXT NOT NULL, url TEXT, title TEXT, published TEXT, signature BLOB NOT NULL,
    PRIMARY KEY (fingerprint, brief_date)) WITHOUT ROWID;
CREATE INDEX article_by_date ON article (brief_date);
CREATE TABLE brief (brief_date TEXT PRIMARY KEY, md_name TEXT NOT NULL, html_name TEXT NOT NULL,
    headline TEXT NOT NULL, read INTEGER NOT NULL, kept INTEGER NOT NULL, duplicates INTEGER NOT NULL,
    seen INTEGER NOT NULL, failed INTEGER NOT NULL, other_days INTEGER NOT NULL, briefed_at TEXT NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 1;
"""


def test_a_version_1_store_is_upgraded_and_its_rows_become_the_main_briefs(tmp_path: Path):
    from briefs.digest.store import Delivery

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA_1)
        db.execute("INSERT INTO article VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (A.fingerprint, DAY1.isoformat(), NOW.isoformat(), "a.txt", None, "甲", None,
                    np.asarray(A.signature, dtype="<u4").tobytes()))
        db.execute("INSERT INTO brief VALUES (?, ?, ?, ?, 1, 1, 0, 0, 0, 0, ?)",
                   (DAY1.isoformat(), f"{DAY1}.md", f"{DAY1}.html", "要闻", NOW.isoformat()))
    with Store(path) as store:
        assert [f for f, _ in store.history(before=DAY2)] == [A.fingerprint]  # the main brief's history
        assert store.history(before=DAY2, watchlist="医疗") == []  # new to every watchlist
        assert [(b.date, b.headline, b.watchlist) for b in store.briefs()] == [(DAY1, "要闻", "")]
        store.replace_run([(brief(DAY2), [B]), (replace(brief(DAY2), watchlist="医疗"), [A])], now=NOW,
                          sources={"inbox": 2, "feed.xml": 0})
        assert [f for f, _ in store.history(before=DAY3, watchlist="医疗")] == [A.fingerprint]
        assert sorted(f for f, _ in store.history(before=DAY3, watchlist=None)) == sorted({A.fingerprint, B.fingerprint})
        records = store.sources(before=DAY3)
        assert (records["inbox"].last_article, records["feed.xml"].last_article, records["feed.xml"].first_seen) \
            == (DAY2, None, DAY2)
        store.record_delivery(Delivery("wecom:0123", DAY2, 1, 2, "d" * 64, "team", NOW))
        assert [(d.part, d.parts) for d in store.deliveries("wecom:0123", DAY2)] == [(1, 2)]
        assert store.recent_sends("wecom:0123", NOW - dt.timedelta(minutes=1)) == [NOW]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} \
            == {"article", "brief", "source_day", "delivery"}


def test_an_upgrade_step_that_fails_leaves_the_last_whole_version(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA_1)
        db.execute("INSERT INTO brief VALUES (?, 'a.md', 'a.html', '要闻', 1, 1, 0, 0, 0, 0, ?)",
                   (DAY1.isoformat(), NOW.isoformat()))
        db.execute("CREATE TABLE source_day (x)")  # in the way of version 3's table: that step must fail whole
    with pytest.raises(BriefError, match="cannot open the store: table source_day already exists"):
        Store(path)
    with sqlite3.connect(path) as db:  # version 2 (the delivery table) was one whole step; 3 left no trace
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("SELECT brief_date FROM brief").fetchall() == [(DAY1.isoformat(),)]
        assert {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} \
            == {"article", "brief", "source_day", "delivery"}


def test_a_version_3_store_is_upgraded_to_remember_each_briefs_unmatched_and_routed_counts(tmp_path: Path):
    from briefs.digest.store import _DELIVERY_SCHEMA, _SCHEMA

    path = tmp_path / "v3.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA + _DELIVERY_SCHEMA + "PRAGMA user_version = 3;")
        db.execute("INSERT INTO brief VALUES ('芯片', ?, 'a.md', 'a.html', '要闻', 3, 1, 0, 0, 0, 0, ?)",
                   (DAY1.isoformat(), NOW.isoformat()))
    counts = BriefCounts(read=13, kept=1, other_days=1, unmatched=11)
    with Store(path) as store:
        assert store.briefs("芯片")[0].counts == BriefCounts(read=3, kept=1)  # written before: none counted
        store.replace_run([(replace(brief(DAY2), counts=counts, watchlist="芯片"), [A]),
                           (replace(brief(DAY2), counts=BriefCounts(read=13, kept=10, routed=3)), [B])], now=NOW)
    with Store(path) as store:
        assert store.briefs("芯片")[0].counts == counts
        assert store.briefs()[0].counts.routed == 3
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4


def test_a_new_store_opened_with_create_false_is_written_by_its_first_recording_only(tmp_path: Path):
    path = tmp_path / "out" / "zhbrief.sqlite3"
    with Store(path, create=False) as store:  # read as empty: no folder, no file
        assert store.history(before=DAY2) == [] and store.briefs() == [] and store.sources(before=DAY2) == {}
    assert not (tmp_path / "out").exists()
    with Store(path, create=False) as store:
        with pytest.raises(RuntimeError), store.recording(brief(DAY2), [A], now=NOW):
            assert path.is_file()
            raise RuntimeError("the brief's files could not be put in place")
    assert not path.exists()  # the failed first recording took its file with it
    with Store(path, create=False) as store:
        store.replace_day(brief(DAY2), [A], now=NOW)
    with Store(path) as store:
        assert [f for f, _ in store.history(before=DAY3)] == [A.fingerprint]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
