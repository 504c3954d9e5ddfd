"""Feed: the briefs of an output folder as one Atom feed (OUT/feed.atom), for feed readers.

Contract: `write_feed(out, briefs, link_base=…, entries=N)` writes the newest N briefs the store lists,
newest first, each entry's content the brief's email-safe HTML (CSS inlined, the mail module's way) and
its link the dated HTML file under `link_base`. Entry ids depend only on the feed's identity and the
brief's date, so a re-run date keeps its id and a feed reader never shows it twice. The file is written
whole or not at all (temp file, fsync, rename).
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path

from briefs.atomic import write_atomic
from briefs.deliver.mail import email_html
from briefs.deliver.push import brief_link
from briefs.digest.store import StoredBrief
from briefs.errors import BriefError
from briefs.render import cn_date

FEED_NAME = "feed.atom"
DEFAULT_ENTRIES = 20
DEFAULT_TITLE = "每日简报"
_NAMESPACE = uuid.UUID("5d4c3a4e-6f1b-5c55-9b53-7a6862726965")  # zhbrief's own: ids are uuid5 under it


def feed_id(out: Path, link_base: str | None) -> str:
    """The feed's identity: its published address when known, else the output folder's name."""
    return brief_link(link_base, FEED_NAME) if link_base else f"urn:uuid:{uuid.uuid5(_NAMESPACE, out.resolve().name)}"


def entry_id(feed: str, date: dt.date) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{feed} {date.isoformat()}')}"


def _body(html_path: Path) -> str:
    """The brief's <main> with its CSS inlined: what a mail client shows, without the page around it."""
    import lxml.html

    try:
        html = html_path.read_text(encoding="utf-8")
    except OSError as error:
        raise BriefError(f"{html_path}: cannot read the brief for the feed: {error.strerror or error}") from None
    inlined = email_html(html, html_path)
    root = lxml.html.document_fromstring(inlined)
    main = root.find(".//main")
    return lxml.html.tostring(main if main is not None else root, encoding="unicode")


def build_feed(out: Path, briefs: Sequence[StoredBrief], *, link_base: str | None = None,
               entries: int = DEFAULT_ENTRIES, title: str = DEFAULT_TITLE, now: dt.datetime) -> bytes:
    """The Atom document: the newest `entries` briefs whose HTML is in `out`, newest first."""
    from feedgen.feed import FeedGenerator

    chosen = sorted((b for b in briefs if (out / b.html_name).is_file()), key=lambda b: b.date, reverse=True)
    chosen = chosen[:entries]
    identity = feed_id(out, link_base)
    feed = FeedGenerator()
    feed.id(identity)
    feed.title(title)
    feed.author({"name": "zhbrief"})  # RFC 4287: a feed without an author in every entry must name one
    feed.language("zh-CN")
    feed.generator("zhbrief")
    feed.updated(max((b.briefed_at for b in chosen if b.briefed_at), default=now))
    if link_base:
        feed.link(href=brief_link(link_base, FEED_NAME), rel="self", type="application/atom+xml")
        feed.link(href=brief_link(link_base, "index.html"), rel="alternate", type="text/html")
    # feedgen prepends each entry it is given: adding oldest first leaves the newest on top.
    for brief in reversed(chosen):
        entry = feed.add_entry()
        entry.id(entry_id(identity, brief.date))
        entry.title(f"{title} · {cn_date(brief.date)}")
        entry.link(href=brief_link(link_base, brief.html_name) or brief.html_name, rel="alternate",
                   type="text/html")
        entry.updated(brief.briefed_at or now)  # a re-run date moves its entry's time, never its id
        if brief.headline:
            entry.summary(brief.headline)
        entry.content(_body(out / brief.html_name), type="html")
    return feed.atom_str(pretty=True)


def write_feed(out: Path, briefs: Sequence[StoredBrief], *, link_base: str | None = None,
               entries: int = DEFAULT_ENTRIES, title: str = DEFAULT_TITLE, now: dt.datetime) -> Path:
    """Write OUT/feed.atom atomically and return its path."""
    data = build_feed(out, briefs, link_base=link_base, entries=entries, title=title, now=now)
    path = out / FEED_NAME
    try:
        write_atomic(path, data)
    except OSError as error:
        raise BriefError(f"{path}: cannot write the feed: {error.strerror or error}") from None
    return path
