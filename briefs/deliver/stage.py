"""The delivery stage of the daily digest: once the brief is written, the folder's Atom feed, then the
pushes to chat groups (mail is sent by the command, as before).

Contract: `check_push` reads and checks the push targets before the digest runs (a missing environment
variable should not cost a day's work); `feed_and_push` writes OUT/feed.atom ([feed] entries, 0: none)
and pushes the brief just composed, returning False, with every failure said through `say`, when any
part failed. The brief itself is never touched.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from briefs.deliver.feed import DEFAULT_ENTRIES, DEFAULT_TITLE, write_feed
from briefs.deliver.outline import outline_from_brief
from briefs.deliver.policy import Clock, SystemClock
from briefs.deliver.push import PushOptions, brief_link, describe, link_base_from, push, push_options
from briefs.digest.store import Store
from briefs.errors import BriefError

FEED_KEYS = ("entries", "title", "link_base")


def check_push(args: Any, config: Any, env: Mapping[str, str]) -> PushOptions | None:
    return push_options(args, config, env)


def _feed_settings(config: Any) -> tuple[int, str]:
    table = config.feed or {}
    source = str(config.path) if config.path else "the config file"
    unknown = sorted(set(table) - set(FEED_KEYS))
    if unknown:
        raise BriefError(f"{source}: unknown [feed] key(s) {', '.join(unknown)}; known: {', '.join(FEED_KEYS)}")
    entries = table.get("entries", DEFAULT_ENTRIES)
    if isinstance(entries, bool) or not isinstance(entries, int) or entries < 0:
        raise BriefError(f"{source}: [feed] entries must be a whole number, 0 or more (0: no feed), not {entries!r}")
    title = table.get("title", DEFAULT_TITLE)
    if not isinstance(title, str) or not title.strip():
        raise BriefError(f"{source}: [feed] title must be a non-empty string")
    return entries, title.strip()


def feed_and_push(result: Any, args: Any, config: Any, options: PushOptions | None, *, now: dt.datetime,
                  say: Callable[[str], None], clock: Clock | None = None) -> bool:
    """Feed, then push; True when both went well (or had nothing to do)."""
    ok, quiet = True, bool(getattr(args, "quiet", False))
    out = result.files[1].parent
    try:
        entries, title = _feed_settings(config)
        if entries:
            with Store(result.store) as store:
                briefs = store.briefs()
            link_base = options.link_base if options is not None else link_base_from(args, config)
            path = write_feed(out, briefs, link_base=link_base, entries=entries, title=title, now=now)
            if not quiet:
                print(f"wrote {path}")
    except BriefError as error:
        say(f"error: feed: {error}")
        ok = False
    if options is None:
        return ok
    outline = outline_from_brief(result.brief, html_name=result.files[1].name)
    with Store(result.store) as store:
        reports = push(outline, options.targets, store=store, clock=clock or SystemClock(), policy=options.policy,
                       link=brief_link(options.link_base, outline.html_name), resend=options.resend, notify=say)
    for report in reports:
        if not report.ok:
            say(f"error: push to {report.target.label} failed: {report.error}")
            ok = False
        elif not quiet:
            print(describe(report, outline.date))
    return ok
