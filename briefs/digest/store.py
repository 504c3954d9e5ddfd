"""Store: what earlier briefs already told the reader, in one SQLite file.

Contract: `Store(path)` opens (or creates) the file and checks its schema version; `history(before,
since)` returns the (fingerprint, MinHash signature) of every article briefed on earlier days;
`replace_day(...)` rewrites one brief date's rows in ONE transaction, so re-running a date never
leaves duplicate rows and a killed run leaves the previous state (`recording(...)` is the same
transaction held open while the caller puts the brief's files in place, committed after them);
`briefs()` lists the dates briefed, for the folder's index and feed; `deliveries`/`record_delivery`
remember which numbered message of which brief each push target received, so a re-run sends nothing
twice. Every row belongs to one brief: the main brief ("") or a watchlist (its name), so a story
briefed to one team is still new to another; `recording_run` records all of a run's briefs and its
inputs' new-article counts (for silent inputs) in one such transaction. An older file is upgraded in
place, one version a transaction. Every SQLite failure becomes one BriefError naming the file and the
real cause (locked, read-only, disk full, damaged).
"""
from __future__ import annotations

import datetime as dt
import contextlib
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefs.digest.dedupe import NUM_PERM
from briefs.errors import BriefError
from briefs.model import BriefCounts

SCHEMA_VERSION = 4
MAIN = ""  # the watchlist column of the main (all-articles) brief
_SCHEMA = """
CREATE TABLE article (
    watchlist   TEXT NOT NULL DEFAULT '',  -- the brief that showed it: '' main, else a watchlist's name
    fingerprint TEXT NOT NULL,   -- briefs.digest.dedupe: hash of the normalised cleaned text
    brief_date  TEXT NOT NULL,   -- ISO date of the brief that showed it
    briefed_at  TEXT NOT NULL,   -- when that brief was written (ISO, with offset)
    origin      TEXT NOT NULL,   -- file, line or feed entry it was read from
    url         TEXT,
    title       TEXT,
    published   TEXT,
    signature   BLOB NOT NULL,   -- MinHash hash values, little-endian uint32 x NUM_PERM
    PRIMARY KEY (watchlist, fingerprint, brief_date)
) WITHOUT ROWID;
CREATE INDEX article_by_date ON article (watchlist, brief_date);
CREATE TABLE brief (
    watchlist  TEXT NOT NULL DEFAULT '',
    brief_date TEXT NOT NULL,
    md_name    TEXT NOT NULL,
    html_name  TEXT NOT NULL,
    headline   TEXT NOT NULL,
    read INTEGER NOT NULL, kept INTEGER NOT NULL, duplicates INTEGER NOT NULL,
    seen INTEGER NOT NULL, failed INTEGER NOT NULL, other_days INTEGER NOT NULL,
    briefed_at TEXT NOT NULL,
    PRIMARY KEY (watchlist, brief_date)
) WITHOUT ROWID;
CREATE TABLE source_day (
    source     TEXT NOT NULL,     -- an input as named: folder, file or feed URL
    brief_date TEXT NOT NULL,
    articles   INTEGER NOT NULL,  -- articles of the day it gave that no brief had shown before
    PRIMARY KEY (source, brief_date)
) WITHOUT ROWID;
"""
# Version 2 adds the delivery record; the tables above keep their meaning, so a version-1 store is
# upgraded by creating this table alone.
_DELIVERY_SCHEMA = """
CREATE TABLE delivery (
    target     TEXT NOT NULL,     -- stable target id (kind + hash of the webhook URL): never a URL, key or secret
    brief_date TEXT NOT NULL,     -- ISO date of the brief delivered
    part       INTEGER NOT NULL,  -- 1-based number of the message within the brief's split
    parts      INTEGER NOT NULL,  -- how many messages the brief was split into for this target
    digest     TEXT NOT NULL,     -- SHA-256 of the message's text, to tell an unchanged split from a new one
    label      TEXT NOT NULL,     -- the target as shown to people (name, or the URL with its keys masked)
    sent_at    TEXT NOT NULL,     -- when the platform accepted it (ISO, with offset)
    PRIMARY KEY (target, brief_date, part)
) WITHOUT ROWID;
CREATE INDEX delivery_by_time ON delivery (target, sent_at);
"""
# Version 3: one set of rows per brief (watchlists) and per input per day; version 2's rows become
# the main brief's.
_UPGRADE_TO_3 = """
ALTER TABLE article RENAME TO article_v2;
ALTER TABLE brief RENAME TO brief_v2;
DROP INDEX article_by_date;
""" + _SCHEMA + """;
INSERT INTO article SELECT '', fingerprint, brief_date, briefed_at, origin, url, title, published, signature FROM article_v2;
INSERT INTO brief SELECT '', * FROM brief_v2;
DROP TABLE article_v2;
DROP TABLE brief_v2;
"""
# Version 4: a brief's counts of the articles that were not its own (a watchlist's 未命中, the main
# brief's 只入关注清单), so an earlier brief's counts line in the index still adds up to what it read.
# Rows written before it count none.
_UPGRADE_TO_4 = """
ALTER TABLE brief ADD COLUMN unmatched INTEGER NOT NULL DEFAULT 0;
ALTER TABLE brief ADD COLUMN routed INTEGER NOT NULL DEFAULT 0;
"""


def _make_schema(db: sqlite3.Connection) -> None:
    """A new store's tables, at SCHEMA_VERSION (its user_version is the caller's to set)."""
    for statement in filter(str.strip, (_SCHEMA + _DELIVERY_SCHEMA + _UPGRADE_TO_4).split(";")):
        db.execute(statement)


@dataclass(frozen=True)
class StoredArticle:
    """One article as remembered: enough to recognise the story again and to say where it came from."""

    fingerprint: str
    origin: str
    url: str | None
    title: str | None
    published: dt.datetime | None
    signature: np.ndarray


@dataclass(frozen=True)
class StoredBrief:
    date: dt.date
    md_name: str
    html_name: str
    headline: str
    counts: BriefCounts
    briefed_at: dt.datetime | None = None  # when the brief was last written (read back; ignored on write)
    watchlist: str = MAIN


@dataclass(frozen=True)
class Delivery:
    """One message a push target accepted: part `part` of `parts` of the brief of `date`."""

    target: str
    date: dt.date
    part: int
    parts: int
    digest: str
    label: str
    sent_at: dt.datetime


@dataclass(frozen=True)
class SourceRecord:
    """What the store remembers of one input before a day: when it last gave an article, when first seen."""

    source: str
    last_article: dt.date | None
    first_seen: dt.date


class Store:
    """One open store file. Use as a context manager; every write is one transaction.

    `wait` is how long a write waits for another process's write transaction before giving up.
    `notes` says what the caller should tell the user (a zero-byte file started afresh).
    """

    def __init__(self, path: Path, *, wait: float = 30.0, create: bool = True) -> None:
        self.path = path
        self.wait = wait
        self.notes: list[str] = []
        # create=False: a store that does not exist yet (or is empty) is read as empty and written first by
        # `recording_run`, in its one transaction, so a run that fails before recording leaves no file.
        self._pending = False
        try:
            empty = path.is_file() and path.stat().st_size == 0
            if empty:
                # SQLite takes an empty file for a new database: say so, the history it held is gone.
                self.notes.append(f"{path} was empty (0 bytes): starting a new store; stories briefed before "
                                  "are not remembered, so they may be briefed again")
            if not create and (empty or not os.path.lexists(path)):
                self._pending = True
                self._db = sqlite3.connect(":memory:", isolation_level=None)
                _make_schema(self._db)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we say BEGIN and COMMIT ourselves, so a transaction is exactly one call.
            self._db = sqlite3.connect(path, isolation_level=None, timeout=wait)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._create()
            elif version < SCHEMA_VERSION:
                self._upgrade(version)
            elif version > SCHEMA_VERSION:
                raise BriefError(f"{path}: store schema version {version} is newer than this zhbrief's "
                                 f"({SCHEMA_VERSION}); upgrade zhbrief or pass another --store")
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) or "malformed" in str(error):
                raise self._error(error, "cannot open the store") from None
            raise BriefError(f"{path}: not a usable zhbrief store ({error}); pass another --store") from None
        except OSError as error:
            raise BriefError(f"{path}: cannot open the store: {error.strerror or error}") from None

    def _error(self, error: sqlite3.Error, doing: str) -> BriefError:
        """The real cause in words a user can act on."""
        text = str(error)
        if "locked" in text or "busy" in text:
            why = f"the store is locked by another process (waited {self.wait:g} s); try again later"
        elif "malformed" in text or isinstance(error, sqlite3.DatabaseError) and "not a database" in text:
            why = (f"the store is damaged ({text}); restore it from a backup, or move it aside to start a new "
                   "one (stories briefed before would then be briefed again)")
        else:
            why = f"{doing}: {text}"
        return BriefError(f"{self.path}: {why}")

    def _rollback(self) -> None:
        # SQLite rolls back by itself on some errors (disk full): a second ROLLBACK would hide the cause.
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _create(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")  # a second process creating the same file waits here
        try:
            if self._db.execute("PRAGMA user_version").fetchone()[0] == 0:
                if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise BriefError(f"{self.path}: an SQLite file that is not a zhbrief store; pass another --store")
                _make_schema(self._db)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _open_pending(self) -> bool:
        """The file of a `create=False` store, opened for its first recording; whether this call created it.
        The caller creates the schema in the recording's own transaction (`_create_in_transaction`)."""
        created = not os.path.lexists(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, timeout=self.wait)
        except OSError as error:
            raise BriefError(f"{self.path}: cannot create the store: {error.strerror or error}") from None
        except sqlite3.Error as error:
            raise self._error(error, "cannot create the store") from None
        self._db.close()
        self._db, self._pending = db, False
        return created

    def _create_in_transaction(self) -> None:
        """Inside BEGIN IMMEDIATE: the schema of a new file, or nothing if another process made it since."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version != 0 or self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise BriefError(f"{self.path}: another program wrote this file while the digest ran "
                             f"(schema version {version}); run the digest again")
        _make_schema(self._db)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _discard_created(self) -> None:
        """A first recording that failed: the file it made is empty again (rolled back), so remove it."""
        with contextlib.suppress(OSError):
            if self.path.stat().st_size == 0:
                self._db.close()
                self.path.unlink()

    def _upgrade(self, version: int) -> None:
        """1 → 2: add the delivery table; 2 → 3: rows per brief and the source_day table; 3 → 4: the brief's
        unmatched and routed counts. Each step is one transaction (DDL is transactional in SQLite): a failed
        or killed upgrade leaves the older file."""
        steps = {1: _DELIVERY_SCHEMA, 2: _UPGRADE_TO_3, 3: _UPGRADE_TO_4}
        while version < SCHEMA_VERSION:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self._db.execute("PRAGMA user_version").fetchone()[0] == version:  # another process may have done it
                    for statement in filter(str.strip, steps[version].split(";")):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {version + 1}")
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            version = self._db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self._error(error, "cannot read the store") from None

    def history(self, *, before: dt.date, since: dt.date | None = None,
                watchlist: str | None = MAIN) -> list[tuple[str, np.ndarray]]:
        """(fingerprint, signature) of articles `watchlist`'s brief showed before `before` (and on or after
        `since`); `watchlist=None`: any brief's."""
        query = "SELECT DISTINCT fingerprint, signature FROM article WHERE brief_date < ?"
        params: list[str] = [before.isoformat()]
        if watchlist is not None:
            query += " AND watchlist = ?"
            params.append(watchlist)
        if since is not None:
            query += " AND brief_date >= ?"
            params.append(since.isoformat())
        rows = self._query(query + " ORDER BY brief_date, fingerprint", params)
        return [(fingerprint, np.frombuffer(blob, dtype="<u4").astype(np.uint32)) for fingerprint, blob in rows]

    def articles(self, brief_date: dt.date, watchlist: str = MAIN) -> list[StoredArticle]:
        rows = self._query(
            "SELECT fingerprint, origin, url, title, published, signature FROM article "
            "WHERE brief_date = ? AND watchlist = ? ORDER BY origin, fingerprint", (brief_date.isoformat(), watchlist))
        return [StoredArticle(f, o, u, t, dt.datetime.fromisoformat(p) if p else None,
                              np.frombuffer(s, dtype="<u4").astype(np.uint32)) for f, o, u, t, p, s in rows]

    def replace_day(self, brief: StoredBrief, articles: Sequence[StoredArticle], *, now: dt.datetime) -> None:
        """Forget what `brief.date` briefed before and remember `articles` instead, all or nothing."""
        with self.recording(brief, articles, now=now):
            pass

    def replace_run(self, briefs: Sequence[tuple[StoredBrief, Sequence[StoredArticle]]], *, now: dt.datetime,
                    sources: Mapping[str, int] | None = None) -> None:
        """`recording_run`, committed at once."""
        with self.recording_run(briefs, now=now, sources=sources):
            pass

    def recording(self, brief: StoredBrief, articles: Sequence[StoredArticle], *,
                  now: dt.datetime) -> contextlib.AbstractContextManager[None]:
        """`replace_day`'s transaction, written but not committed while the block runs; committed after it."""
        return self.recording_run([(brief, articles)], now=now)

    @contextmanager
    def recording_run(self, briefs: Sequence[tuple[StoredBrief, Sequence[StoredArticle]]], *, now: dt.datetime,
                      sources: Mapping[str, int] | None = None) -> Iterator[None]:
        """One run in ONE transaction, written but not committed while the block runs; committed after it:
        each brief replaces its own rows of its date, and (when given) each input's count of new articles
        replaces that date's counts.

        Everything that can fail for lack of space, a lock or a damaged page fails on entry, before the
        caller has put anything in place; an exception in the block rolls the run back.
        """
        stamp = now.isoformat(timespec="seconds")
        batches = []
        for brief, articles in briefs:
            day = brief.date.isoformat()
            rows = []
            for a in articles:
                signature = np.asarray(a.signature, dtype="<u4")
                if signature.shape != (NUM_PERM,):
                    raise ValueError(f"{a.origin}: signature has {signature.size} values, expected {NUM_PERM}")
                rows.append((brief.watchlist, a.fingerprint, day, stamp, a.origin, a.url, a.title,
                             a.published.isoformat() if a.published else None, signature.tobytes()))
            batches.append((brief, day, rows))
        days = ", ".join(sorted({day for _, day, _ in batches}))
        new = self._pending
        created = self._open_pending() if new else False
        try:
            self._db.execute("BEGIN IMMEDIATE")
            if new:
                self._create_in_transaction()
            for brief, day, rows in batches:
                c = brief.counts
                self._db.execute("DELETE FROM article WHERE watchlist = ? AND brief_date = ?", (brief.watchlist, day))
                # OR IGNORE: the same text twice in one day (an exact re-post) is one story, one row.
                self._db.executemany("INSERT OR IGNORE INTO article VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                self._db.execute(
                    "INSERT OR REPLACE INTO brief (watchlist, brief_date, md_name, html_name, headline, read, kept, "
                    "duplicates, seen, failed, other_days, unmatched, routed, briefed_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (brief.watchlist, day, brief.md_name, brief.html_name, brief.headline,
                     c.read, c.kept, c.duplicates, c.seen, c.failed, c.other_days, c.unmatched, c.routed, stamp))
            if sources is not None:
                for day in sorted({day for _, day, _ in batches}):
                    self._db.execute("DELETE FROM source_day WHERE brief_date = ?", (day,))
                    self._db.executemany("INSERT INTO source_day VALUES (?, ?, ?)",
                                         [(source, day, n) for source, n in sorted(sources.items())])
        except BaseException as error:
            self._rollback()
            if created:
                self._discard_created()
            if isinstance(error, sqlite3.Error):
                raise self._error(error, f"could not record the brief of {days}") from None
            raise
        try:
            yield
        except BaseException:
            self._rollback()
            if created:
                self._discard_created()
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise self._error(error, f"could not record the brief of {days}") from None

    def sources(self, *, before: dt.date) -> dict[str, SourceRecord]:
        """Each input's last day with a new article, and first day seen, from the runs before `before`."""
        rows = self._query(
            "SELECT source, max(CASE WHEN articles > 0 THEN brief_date END), min(brief_date) FROM source_day "
            "WHERE brief_date < ? GROUP BY source ORDER BY source", (before.isoformat(),))
        return {source: SourceRecord(source, dt.date.fromisoformat(last) if last else None, dt.date.fromisoformat(first))
                for source, last, first in rows}

    def briefs(self, watchlist: str = MAIN) -> list[StoredBrief]:
        """Every brief of `watchlist` ("" the main brief) recorded, newest first."""
        rows = self._query(
            "SELECT brief_date, md_name, html_name, headline, read, kept, duplicates, seen, failed, other_days, "
            "unmatched, routed, briefed_at FROM brief WHERE watchlist = ? ORDER BY brief_date DESC", (watchlist,))
        return [StoredBrief(dt.date.fromisoformat(d), md, html, headline, BriefCounts(*counts),
                            dt.datetime.fromisoformat(at), watchlist)
                for d, md, html, headline, *counts, at in rows]

    # --- the delivery record ---------------------------------------------------------------------

    def deliveries(self, target: str, brief_date: dt.date) -> list[Delivery]:
        """What `target` already received of the brief of `brief_date`, by part number."""
        rows = self._query(
            "SELECT part, parts, digest, label, sent_at FROM delivery WHERE target = ? AND brief_date = ? "
            "ORDER BY part", (target, brief_date.isoformat()))
        return [Delivery(target, brief_date, part, parts, digest, label, dt.datetime.fromisoformat(at))
                for part, parts, digest, label, at in rows]

    def recent_sends(self, target: str, since: dt.datetime) -> list[dt.datetime]:
        """When `target` accepted messages at or after `since` (any brief): the rate limiter's memory."""
        rows = self._query("SELECT sent_at FROM delivery WHERE target = ?", (target,))
        times = sorted(dt.datetime.fromisoformat(at) for (at,) in rows)
        return [t for t in times if t >= since]

    def forget_deliveries(self, target: str, brief_date: dt.date) -> None:
        """Drop what `target` received of one brief (a new split, or --resend, starts over)."""
        self._write("DELETE FROM delivery WHERE target = ? AND brief_date = ?", (target, brief_date.isoformat()))

    def record_delivery(self, delivery: Delivery) -> None:
        """Remember one accepted message at once: a run killed after it does not send it again."""
        d = delivery
        self._write("INSERT OR REPLACE INTO delivery VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (d.target, d.date.isoformat(), d.part, d.parts, d.digest, d.label,
                     d.sent_at.isoformat()))

    def _write(self, statement: str, params: tuple[object, ...]) -> None:
        if self._pending:  # a create=False store written outside a recording: made as create=True makes it
            self._open_pending()
            self._create()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(statement, params)
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except sqlite3.Error as error:
            raise self._error(error, "could not update the delivery record") from None
