"""Feed: the briefs of an output folder as one Atom feed (OUT/feed.atom), for feed readers.

Contract: `write_feed(out, briefs, link_base=…, entries=N)` writes the newest N briefs the store lists,
newest first, each entry's content the brief's email-safe HTML (CSS inlined, the mail module's way; its
"#…" links made links to its page's sections) and its link the dated HTML file under `link_base`. Entry ids depend only on the feed's identity and the
brief's date, so a re-run date keeps its id and a feed reader never shows it twice. An entry is published
on its brief's day (midnight, in the brief's zone), and updated when its content changed: a day written
again with the same brief keeps the <updated> the feed already gave it (RFC 4287: the last significant
change), so a reader neither moves it up nor marks it unread. The file is written whole or not at all
(temp file, fsync, rename). Each entry's title is its brief's heading, in its brief's script (每日簡報 for a
Traditional day); the feed's own title and language are Traditional when every entry is.
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
from briefs.model import common_script
from briefs.render import BRIEF_TITLE, brief_heading, lang, script_of_page

FEED_NAME = "feed.atom"
DEFAULT_ENTRIES = 20
DEFAULT_TITLE = BRIEF_TITLE
_ATOM = "{http://www.w3.org/2005/Atom}"
_NAMESPACE = uuid.UUID("5d4c3a4e-6f1b-5c55-9b53-7a6862726965")  # zhbrief's own: ids are uuid5 under it


def feed_id(out: Path, link_base: str | None) -> str:
    """The feed's identity: its published address when known, else the output folder's name."""
    return brief_link(link_base, FEED_NAME) if link_base else f"urn:uuid:{uuid.uuid5(_NAMESPACE, out.resolve().name)}"


def entry_id(feed: str, date: dt.date) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{feed} {date.isoformat()}')}"


def _read(html_path: Path) -> tuple[str, str]:
    """The brief's HTML, and the script of its own words (from its lang)."""
    try:
        html = html_path.read_text(encoding="utf-8")
    except OSError as error:
        raise BriefError(f"{html_path}: cannot read the brief for the feed: {error.strerror or error}") from None
    return html, script_of_page(html)


def _body(html: str, html_path: Path, page: str, language: str | None = None) -> str:
    """The brief's <main> with its CSS inlined: what a mail client shows, without the page around it;
    `language` marks it when it differs from the feed's (the <html lang> is not in the content). Its links
    within itself (the table of contents' "#articles") lead to `page`'s sections: a feed reader shows the
    entry apart from the page, and resolves "#…" against the feed's own address."""
    import lxml.html

    inlined = email_html(html, html_path)
    root = lxml.html.document_fromstring(inlined)
    main = root.find(".//main")
    if main is not None and language is not None:
        main.set("lang", language)
    for link in root.xpath("//a[starts-with(@href, '#')]"):
        link.set("href", page + link.get("href"))
    return lxml.html.tostring(main if main is not None else root, encoding="unicode")


def _previous_entries(previous: bytes | None) -> dict[str, tuple[dt.datetime, str]]:
    """The entries of the feed as last written: id -> (updated, content). Nothing when there is none or it
    cannot be read (then every entry counts as changed, as on a first run)."""
    import lxml.etree

    if not previous:
        return {}
    try:
        root = lxml.etree.fromstring(previous, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError:
        return {}
    found = {}
    for entry in root.iter(f"{_ATOM}entry"):
        try:
            updated = dt.datetime.fromisoformat(entry.findtext(f"{_ATOM}updated") or "")
        except ValueError:
            continue
        found[entry.findtext(f"{_ATOM}id") or ""] = (updated, entry.findtext(f"{_ATOM}content") or "")
    return found


def build_feed(out: Path, briefs: Sequence[StoredBrief], *, link_base: str | None = None,
               entries: int = DEFAULT_ENTRIES, title: str = DEFAULT_TITLE, watchlist: str = "",
               now: dt.datetime, tz: dt.tzinfo | None = None, previous: bytes | None = None) -> bytes:
    """The Atom document: the newest `entries` briefs whose HTML is in `out`, newest first. `title` (after
    `watchlist` and " · ") is shown as given, but for the default, which is zhbrief's own word and follows the
    script; `tz` is the zone of the briefs' days (default: `now`'s); `previous` the feed as last written,
    whose <updated> an entry keeps while its content is the same."""
    from feedgen.feed import FeedGenerator

    chosen = sorted((b for b in briefs if (out / b.html_name).is_file()), key=lambda b: b.date, reverse=True)
    chosen = chosen[:entries]
    identity = feed_id(out, link_base)
    zone = tz or now.tzinfo
    earlier = _previous_entries(previous)
    pages = [_read(out / brief.html_name) for brief in chosen]
    script = common_script(page_script for _, page_script in pages)

    made = []
    for brief, (html, page_script) in zip(chosen, pages):
        own = lang(page_script) if page_script != script else None
        page = brief_link(link_base, brief.html_name) or brief.html_name  # relative: beside the feed
        ident, content = entry_id(identity, brief.date), _body(html, out / brief.html_name, page, own)
        published = dt.datetime.combine(brief.date, dt.time(0), zone)
        kept = earlier.get(ident)
        updated = kept[0] if kept is not None and kept[1] == content else brief.briefed_at or now
        made.append((brief, ident, content, published, max(updated, published),
                     brief_heading(brief.date, watchlist, page_script, title)))
    feed = FeedGenerator()
    feed.id(identity)
    feed.title(brief_heading(None, watchlist, script, title))
    feed.author({"name": "zhbrief"})  # RFC 4287: a feed without an author in every entry must name one
    feed.language(lang(script))
    feed.generator("zhbrief")
    feed.updated(max((updated for *_, updated, _ in made), default=now))
    if link_base:
        feed.link(href=brief_link(link_base, FEED_NAME), rel="self", type="application/atom+xml")
        feed.link(href=brief_link(link_base, "index.html"), rel="alternate", type="text/html")
    # feedgen prepends each entry it is given: adding oldest first leaves the newest on top.
    for brief, ident, content, published, updated, heading in reversed(made):
        entry = feed.add_entry()
        entry.id(ident)
        entry.title(heading)
        entry.link(href=brief_link(link_base, brief.html_name) or brief.html_name, rel="alternate",
                   type="text/html")
        entry.published(published)
        entry.updated(updated)
        if brief.headline:
            entry.summary(brief.headline)
        entry.content(content, type="html")
    return feed.atom_str(pretty=True)


def write_feed(out: Path, briefs: Sequence[StoredBrief], *, link_base: str | None = None,
               entries: int = DEFAULT_ENTRIES, title: str = DEFAULT_TITLE, watchlist: str = "",
               now: dt.datetime, tz: dt.tzinfo | None = None) -> Path:
    """Write OUT/feed.atom atomically (entries keep their <updated> while their brief is the same) and
    return its path."""
    path = out / FEED_NAME
    try:
        previous = path.read_bytes()
    except OSError:
        previous = None
    data = build_feed(out, briefs, link_base=link_base, entries=entries, title=title, watchlist=watchlist, now=now,
                      tz=tz, previous=previous)
    try:
        write_atomic(path, data)
    except OSError as error:
        raise BriefError(f"{path}: cannot write the feed: {error.strerror or error}") from None
    return path
