"""Ingest: the digest's inputs (folders, files, feeds, feed URLs) become a stream of reading tasks.

Contract: `tasks(inputs)` walks the inputs in a deterministic order (every file sorted by path; a
JSONL file line by line; a feed entry by entry) and yields a `Task` for each article or a `Failure`
for what could not even be listed. `load(task)` turns one task into a `Document` (it runs in the
workers) or raises `BriefError` naming the file, line or entry. Nothing here summarizes.

Folders are walked recursively for .txt .md .html .json .jsonl files and .xml/.rss/.atom feeds;
hidden files and folders and README files (they describe a folder, they are not news) are skipped.
"""
from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefs.errors import BriefError
from briefs.model import Document, Failure
from briefs.reading.html_text import html_lines
from briefs.reading.read import decode, read_document

ARTICLE_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
FETCH_TIMEOUT = 30.0  # seconds for one feed URL: a hung server must not hold the morning brief
USER_AGENT = "zhbrief (+https://github.com/zhbrief)"


@dataclass(frozen=True)
class Task:
    """One article to read: a file (read in the worker), a JSONL line, or a feed entry's HTML."""

    origin: str  # "inbox/a.html", "wire.jsonl:3", "feeds/tech.xml#2"
    kind: str  # how read_document reads it: txt, md, html, json
    path: str | None = None  # a whole file, read by the worker
    data: bytes | None = None  # a JSONL line or a feed entry's HTML
    fragment: bool = False  # feed entry HTML: a fragment, not a page
    meta: Document | None = None  # a feed entry's title, link, source, date: they beat guesses from the HTML


def is_url(text: str) -> bool:
    return re.match(r"https?://", text, re.IGNORECASE) is not None


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().startswith("readme.")


def _wanted(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in ARTICLE_SUFFIXES or suffix in JSONL_SUFFIXES or suffix in FEED_SUFFIXES


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not _skipped(d)]  # hidden folders hold tools' state, not news
        for name in files:
            path = Path(root) / name
            if not _skipped(name) and _wanted(path):
                yield path


def expand(inputs: Sequence[str]) -> tuple[list[str], list[Failure]]:
    """Every file and URL the inputs name, each once, sorted (URLs after files); missing ones as failures.

    Raises BriefError when no input exists at all: then there is nothing to brief and nothing is written.
    """
    found: dict[str, str] = {}  # resolved -> as the user spelt it (that is what messages show)
    urls: list[str] = []
    missing: list[Failure] = []
    for given in inputs:
        if is_url(given):
            if given not in urls:
                urls.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                found.setdefault(str(file.resolve()), str(file))
        elif path.is_file():
            found.setdefault(str(path.resolve()), str(path))
        else:
            missing.append(Failure(given, "no such file or folder"))
    if missing and not found and not urls:
        names = ", ".join(f.origin for f in missing)
        raise BriefError(f"{names}: no such file or folder; nothing to brief")
    return sorted(found.values()) + sorted(urls), missing


def tasks(inputs: Sequence[str]) -> Iterator[Task | Failure]:
    """The reading tasks of every input, in a stable order; failures of whole files in their place.

    The inputs are listed now (so "no input exists" raises here, before any work); files are read
    as the stream is consumed.
    """
    sources, missing = expand(inputs)
    return _tasks(sources, missing)


def _tasks(sources: list[str], missing: list[Failure]) -> Iterator[Task | Failure]:
    yield from missing
    for source in sources:
        suffix = Path(source).suffix.lower()
        if is_url(source) or suffix in FEED_SUFFIXES:
            yield from feed_tasks(source)
        elif suffix in JSONL_SUFFIXES:
            yield from jsonl_tasks(source)
        else:
            yield Task(source, ARTICLE_SUFFIXES[suffix], path=source)


def _reason(error: BriefError, origin: str) -> str:
    """The message without its leading "origin: " (the failure carries the origin itself)."""
    text = str(error)
    return text[len(origin) + 2 :] if text.startswith(origin + ": ") else text


def failure(error: BriefError, origin: str) -> Failure:
    return Failure(origin, _reason(error, origin))


def _os_reason(error: OSError) -> str:
    return f"cannot read the file: {error.strerror or error}"


def jsonl_tasks(path: str) -> Iterator[Task | Failure]:
    """One task a non-blank line, streamed: a big wire dump is never held whole."""
    try:
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield Task(f"{path}:{number}", "json", data=line)
    except OSError as error:
        yield Failure(path, _os_reason(error))


# --- feeds ------------------------------------------------------------------------------------------


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise BriefError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise BriefError(f"{url}: cannot fetch the feed: {error.reason}") from None
    except (OSError, ValueError) as error:
        raise BriefError(f"{url}: cannot fetch the feed: {error}") from None


def entry_published(entry: Any) -> dt.datetime | None:
    """The entry's own time with its UTC offset (feedparser's parsed tuples drop the offset)."""
    for key in ("published", "updated", "created"):
        text = entry.get(key)
        if not text:
            continue
        try:
            return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))  # Atom
        except ValueError:
            pass
        try:
            return email.utils.parsedate_to_datetime(text)  # RSS 2.0: RFC 822
        except (TypeError, ValueError):
            pass
        parsed = entry.get(f"{key}_parsed")  # other formats feedparser knows, normalised to UTC
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc)
    return None


def _entry_html(entry: Any) -> str:
    """The fullest body the entry carries: content:encoded / Atom content, else the summary."""
    bodies = [c.get("value", "") for c in entry.get("content", [])] + [entry.get("summary", "")]
    return max(bodies, key=lambda b: len(b.strip()))


def feed_tasks(source: str) -> Iterator[Task | Failure]:
    """One task an entry of an RSS 2.0 or Atom feed (a file or an http(s) URL)."""
    import feedparser  # only feeds pay for it

    try:
        data = _fetch(source) if is_url(source) else Path(source).read_bytes()
    except BriefError as error:
        yield failure(error, source)
        return
    except OSError as error:
        yield Failure(source, _os_reason(error))
        return
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        yield Failure(source, "not an RSS or Atom feed" + (f" ({why})" if why else ""))
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{source}#{number}"
        body = _entry_html(entry)
        if not body.strip():
            yield Failure(origin, "the feed entry has no content or summary")
            continue
        meta = Document(
            origin=origin,
            text="",
            title=(entry.get("title") or "").strip() or None,
            id=entry.get("id") or None,
            url=entry.get("link") or None,
            source=feed_title,
            published=entry_published(entry),
        )
        yield Task(origin, "html", data=body.encode("utf-8"), fragment=True, meta=meta)


# --- reading one task (in a worker) -----------------------------------------------------------------


def fragment_text(markup: str) -> str:
    """Text of a feed entry's HTML fragment: a paragraph a line, no blank lines."""
    return "\n".join(line for line in html_lines(markup) if line)


def _read_fragment(task: Task) -> Document:
    assert task.data is not None
    try:
        document = read_document(task.data, task.origin, "html")
    except BriefError:
        # trafilatura drops a body of one short paragraph as "too little to be an article";
        # in a feed that body is the article, so take its text as it stands.
        text = fragment_text(decode(task.data, task.origin))
        if not text:
            raise BriefError(f"{task.origin}: the feed entry is empty") from None
        document = Document(origin=task.origin, text=text)
    if task.meta is None:
        return document
    m = task.meta
    return replace(document, title=m.title or document.title, id=m.id or document.id, url=m.url or document.url,
                   source=m.source or document.source, published=m.published or document.published)


def load(task: Task) -> Document:
    """The Document of one task; BriefError naming the file, line or entry when it cannot be one."""
    if task.fragment:
        return _read_fragment(task)
    if task.data is not None:
        return read_document(task.data, task.origin, task.kind)
    assert task.path is not None
    try:
        data = Path(task.path).read_bytes()
    except OSError as error:
        raise BriefError(f"{task.origin}: {_os_reason(error)}") from None
    return read_document(data, task.origin, task.kind)

