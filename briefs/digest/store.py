"""Store: what earlier briefs already told the reader, in one SQLite file.

Contract: `Store(path)` opens (or creates) the file and checks its schema version; `history(before,
since)` returns the (fingerprint, MinHash signature) of every article briefed on earlier days;
`replace_day(...)` rewrites one brief date's rows in ONE transaction, so re-running a date never
leaves duplicate rows and a killed run leaves the previous state; `briefs()` lists the dates briefed,
for the folder's index.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefs.digest.dedupe import NUM_PERM
from briefs.errors import BriefError
from briefs.model import BriefCounts

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE article (
    fingerprint TEXT NOT NULL,   -- briefs.digest.dedupe: hash of the normalised cleaned text
    brief_date  TEXT NOT NULL,   -- ISO date of the brief that showed it
    briefed_at  TEXT NOT NULL,   -- when that brief was written (ISO, with offset)
    origin      TEXT NOT NULL,   -- file, line or feed entry it was read from
    url         TEXT,
    title       TEXT,
    published   TEXT,
    signature   BLOB NOT NULL,   -- MinHash hash values, little-endian uint32 x NUM_PERM
    PRIMARY KEY (fingerprint, brief_date)
) WITHOUT ROWID;
CREATE INDEX article_by_date ON article (brief_date);
CREATE TABLE brief (
    brief_date TEXT PRIMARY KEY,
    md_name    TEXT NOT NULL,
    html_name  TEXT NOT NULL,
    headline   TEXT NOT NULL,
    read INTEGER NOT NULL, kept INTEGER NOT NULL, duplicates INTEGER NOT NULL,
    seen INTEGER NOT NULL, failed INTEGER NOT NULL, other_days INTEGER NOT NULL,
    briefed_at TEXT NOT NULL
) WITHOUT ROWID;
"""


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


class Store:
    """One open store file. Use as a context manager; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we say BEGIN and COMMIT ourselves, so a transaction is exactly one call.
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._create()
            elif version > SCHEMA_VERSION:
                raise BriefError(f"{path}: store schema version {version} is newer than this zhbrief's "
                                 f"({SCHEMA_VERSION}); upgrade zhbrief or pass another --store")
        except sqlite3.DatabaseError as error:
            raise BriefError(f"{path}: not a usable zhbrief store ({error}); pass another --store") from None
        except OSError as error:
            raise BriefError(f"{path}: cannot open the store: {error.strerror or error}") from None

    def _create(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")  # a second process creating the same file waits here
        try:
            if self._db.execute("PRAGMA user_version").fetchone()[0] == 0:
                if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise BriefError(f"{self.path}: an SQLite file that is not a zhbrief store; pass another --store")
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def history(self, *, before: dt.date, since: dt.date | None = None) -> list[tuple[str, np.ndarray]]:
        """(fingerprint, signature) of articles briefed before `before` (and on or after `since`)."""
        query = "SELECT fingerprint, signature FROM article WHERE brief_date < ?"
        params: list[str] = [before.isoformat()]
        if since is not None:
            query += " AND brief_date >= ?"
            params.append(since.isoformat())
        rows = self._db.execute(query + " ORDER BY brief_date, fingerprint", params).fetchall()
        return [(fingerprint, np.frombuffer(blob, dtype="<u4").astype(np.uint32)) for fingerprint, blob in rows]

    def articles(self, brief_date: dt.date) -> list[StoredArticle]:
        rows = self._db.execute(
            "SELECT fingerprint, origin, url, title, published, signature FROM article "
            "WHERE brief_date = ? ORDER BY origin, fingerprint", (brief_date.isoformat(),)).fetchall()
        return [StoredArticle(f, o, u, t, dt.datetime.fromisoformat(p) if p else None,
                              np.frombuffer(s, dtype="<u4").astype(np.uint32)) for f, o, u, t, p, s in rows]

    def replace_day(self, brief: StoredBrief, articles: Sequence[StoredArticle], *, now: dt.datetime) -> None:
        """Forget what `brief.date` briefed before and remember `articles` instead, all or nothing."""
        day = brief.date.isoformat()
        stamp = now.isoformat(timespec="seconds")
        rows = []
        for a in articles:
            signature = np.asarray(a.signature, dtype="<u4")
            if signature.shape != (NUM_PERM,):
                raise ValueError(f"{a.origin}: signature has {signature.size} values, expected {NUM_PERM}")
            rows.append((a.fingerprint, day, stamp, a.origin, a.url, a.title,
                         a.published.isoformat() if a.published else None, signature.tobytes()))
        c = brief.counts
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM article WHERE brief_date = ?", (day,))
                # OR IGNORE: the same text twice in one day (an exact re-post) is one story, one row.
                self._db.executemany("INSERT OR IGNORE INTO article VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
                self._db.execute(
                    "INSERT OR REPLACE INTO brief VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (day, brief.md_name, brief.html_name, brief.headline,
                     c.read, c.kept, c.duplicates, c.seen, c.failed, c.other_days, stamp))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise BriefError(f"{self.path}: could not record the brief of {day}: {error}") from None

    def briefs(self) -> list[StoredBrief]:
        """Every brief recorded, newest first."""
        rows = self._db.execute(
            "SELECT brief_date, md_name, html_name, headline, read, kept, duplicates, seen, failed, other_days "
            "FROM brief ORDER BY brief_date DESC").fetchall()
        return [StoredBrief(dt.date.fromisoformat(d), md, html, headline, BriefCounts(*counts))
                for d, md, html, headline, *counts in rows]
