"""Sources: which input each article came from, and which inputs have gone silent.

Contract: `source_of(origin, sources)` names the input (folder, file or feed URL, as the run was given
it) that an article's origin ("inbox/a.txt", "wire.jsonl:3", "feed.xml#2") belongs to; `silent(...)`
is pure: from each input's new-article count today and what the store remembers of earlier days, the
inputs that have given no new article for `days` days or more, as failures for the brief.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from briefs.digest.store import SourceRecord
from briefs.model import Failure, Wording
from briefs.reading.ingest import is_url, redact_url, shown


def names(inputs: Sequence[str]) -> tuple[str, ...]:
    """The inputs as the ingest step spells their origins (a folder "inbox/" gives "inbox/a.txt"; a feed
    URL's user, password and query values are masked, so no secret reaches the store or the brief)."""
    return tuple(dict.fromkeys(redact_url(given) if is_url(given) else shown(str(Path(given))) for given in inputs))


def source_of(origin: str, sources: Sequence[str]) -> str | None:
    """The most specific input that `origin` came from (a file named directly beats its folder)."""
    best: str | None = None
    for source in sources:
        if origin == source or any(origin.startswith(source + mark) for mark in (":", "#", os.sep)):
            if best is None or len(source) > len(best):
                best = source
    return best


def silent(counts: Mapping[str, int], remembered: Mapping[str, SourceRecord], *, date: dt.date,
           days: int) -> list[Failure]:
    """Inputs with no new article today whose last one (or, if none ever, first run) is `days` or more back."""
    if days <= 0:
        return []
    quiet = []
    for source in sorted(counts):
        record = remembered.get(source)
        if counts[source] or record is None:  # gave something today, or a new input: nothing to say yet
            continue
        if record.last_article is not None:
            since = (date - record.last_article).days
            detail = f"no new article since {record.last_article.isoformat()}"
            said = Wording.of("连续 {days} 天没有新文章（最近一篇为 {day}）", days=since, day=record.last_article.isoformat())
        else:
            since = (date - record.first_seen).days + 1  # its first run gave nothing either
            detail = f"no new article since it was first read on {record.first_seen.isoformat()}"
            said = Wording.of("连续 {days} 天没有新文章（自 {day} 首次读取以来一篇也没有）", days=since,
                              day=record.first_seen.isoformat())
        if since >= days:
            quiet.append(Failure(source, f"silent for {since} days ({detail})", said))
    return quiet


def configured(values: object, base: Path, source: str) -> list[str]:
    """`[digest] inputs`: feed URLs as they are; paths with `~` expanded, relative to the config file's
    folder (`base`), globs expanded in sorted order. A glob that matches nothing stays as written, so the
    run reports it as a missing input like any other."""
    import glob

    from briefs.errors import BriefError

    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise BriefError(f"{source}: [digest] inputs: expected a list of folders, files, globs or feed URLs, got {values!r}")
    found: list[str] = []
    for value in (v.strip() for v in values):
        if is_url(value):
            found.append(value)
            continue
        path = str(base / os.path.expanduser(value))
        if glob.has_magic(path):
            found.extend(sorted(glob.glob(path, recursive=True)) or [path])
        else:
            found.append(path)
    return list(dict.fromkeys(found))
