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
from briefs.deliver.outline import outline_from_brief, published_name
from briefs.deliver.policy import Clock, SystemClock
from briefs.deliver.push import PushOptions, brief_link, describe, link_base_from, push, push_options
from briefs.digest.store import Store
from briefs.errors import BriefError

FEED_KEYS = ("entries", "title", "link_base")


def check_push(args: Any, config: Any, env: Mapping[str, str]) -> PushOptions | None:
    return push_options(args, config, env)


def check_watchlist_push(args: Any, config: Any, env: Mapping[str, str],
                         main: PushOptions | None) -> dict[str, PushOptions]:
    """Each watchlist's push_to, read and checked before the digest runs. A bot takes one brief a day: the
    delivery record is kept per target and date, so one target named for two briefs would resend both."""
    import argparse

    taken = {t.id: "main" for t in (main.targets if main is not None else ())}
    source = str(config.path) if config.path else "the config file"
    found: dict[str, PushOptions] = {}
    for watchlist in config.watchlists:
        if not watchlist.push_to:
            continue
        own = push_options(argparse.Namespace(**{**vars(args), "push_to": list(watchlist.push_to)}), config, env)
        assert own is not None  # push_to names at least one target
        for target in own.targets:
            if target.id in taken:
                raise BriefError(f"{source}: [[watchlists]] ({watchlist.name}) push_to: {target.label!r} already "
                                 f"receives the {taken[target.id]} brief; a push target takes one brief a day "
                                 "(set digest = false in its [[push]] table, or give this watchlist its own bot)")
            taken[target.id] = f"{watchlist.name!r} watchlist's"
        found[watchlist.name] = own
    return found


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
                  say: Callable[[str], None], clock: Clock | None = None, watchlist: str = "") -> bool:
    """Feed, then push; True when both went well (or had nothing to do). `result` is the digest's result,
    or one watchlist's (`watchlist` its name: its folder's feed, its brief pushed)."""
    ok, quiet = True, bool(getattr(args, "quiet", False))
    out = result.files[1].parent
    try:
        entries, title = _feed_settings(config)
        if entries:
            with Store(result.store) as store:
                briefs = store.briefs(watchlist)
            link_base = options.link_base if options is not None else link_base_from(args, config)
            if watchlist and link_base:  # the folder percent-encoded, as brief_link encodes it for the push
                link_base = brief_link(link_base, watchlist) + "/"
            path = write_feed(out, briefs, link_base=link_base, entries=entries,
                              title=title, watchlist=watchlist, now=now,
                              tz=result.brief.tz)
            if not quiet:
                print(f"wrote {path}")
    except BriefError as error:
        say(f"error: feed: {error}")
        ok = False
    if options is None:
        return ok
    outline = outline_from_brief(result.brief, html_name=published_name(result.files[1].name, watchlist))
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
