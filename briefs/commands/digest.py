"""`zhbrief digest`: the day's articles as one dated brief (Markdown + HTML), run by hand or by cron.

Thin shell: flags and the config's [digest] table become one DigestOptions (the date defaults to today in
the brief's timezone, read here at the edge), `briefs.digest.run_digest` does the job, and this module
prints progress, failures and the exit status; then it writes OUT/feed.atom, mails the brief (--mail-to)
and pushes it to chat groups (--push-to, [[push]] tables).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import replace
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefs.commands.arguments import not_negative, positive, workers
from briefs.errors import BriefError, UsageError

DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_OUT = "briefs-out"
EXIT_FAILED_INPUTS = 3
EXIT_MAIL = 4
EXIT_PUSH = 5
EXIT_STORE = 6
EXIT_LOCKED = 75
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(9998, 12, 31)  # room for the look-back and the next day

DESCRIPTION = """\
Read every article of a day — folders (searched recursively for .txt .md .html .json .jsonl files and
.xml/.rss/.atom feeds), single files, and RSS 2.0/Atom feed URLs — and write one dated brief:
OUT/DATE.md and OUT/DATE.html, plus OUT/index.md and OUT/index.html listing every brief in OUT and
OUT/feed.atom, an Atom feed of the newest ([feed] entries, default 20).

An article dated on another day than --date (in --tz) is left out; undated ones are kept. The same
story under other headlines or sources is shown once, with the other sources named. A story already
briefed on an earlier day (remembered in the store, OUT/zhbrief.sqlite3) is left out unless
--include-seen. Then, per theme (技术突破, 落地应用, 挑战与对策, 其他), the day's best key sentences, at
most one per story, and a list of every article kept. Hidden files and README files are skipped.

With [[watchlists]] in --config, the same run also writes one brief per watchlist, OUT/NAME/DATE.md and
.html with its own index, holding the stories that match its terms (try them: zhbrief watch test).
An input that has given no new article for [digest] silent_days days (default 3) is named on stderr.

Safe to run from cron: one run at a time per OUT (a lock file, held until the mail is sent), files
written whole or not at all, re-running a date gives the same files and no duplicate store rows."""

EPILOG = f"""\
examples:
  zhbrief digest samples/inbox --date 2026-11-25 --out briefs-out
  zhbrief digest inbox/ feeds/*.xml https://example.com/feed.xml --out /srv/briefs --quiet
  zhbrief digest inbox/ --include-seen --per-theme 3 --verbose
  zhbrief digest inbox/ --dask tcp://scheduler:8786   # summarize on a Dask cluster (zhbrief[dask])
  zhbrief digest inbox/ --config zhbrief.toml --mail-to team@example.com --mail-smtp smtp.example.com:587 --mail-starttls
  zhbrief digest --config zhbrief.toml          # the inputs, watchlists and mail all in the config

crontab (every day at 18:30 machine time; the brief's date is today in --tz; cron mails any output,
and --quiet prints only errors, so mail comes only when something went wrong):
  30 18 * * *  cd /srv/zhbrief && .venv/bin/zhbrief digest --config zhbrief.toml --quiet --wait 600

config file (--config FILE; flags override it; see zhbrief.example.toml):
  [digest]
  inputs = ["inbox/", "feeds/*.xml", "https://example.cn/feed.xml"]   # when no INPUT is named
  timezone = "Asia/Shanghai"    # the day an article belongs to, and the default --date
  out = "briefs-out"
  per_theme = 5
  lookback_days = 30            # how far back "already briefed" looks (0: the whole store)
  duplicate_threshold = 0.5     # 5-character-shingle Jaccard at which two texts are one story
  script = "traditional"        # of one story in both scripts, keep this copy (default: any, the longest)
  labels = "traditional"        # the brief's own words (title, headings, counts): simplified (default),
                                # traditional, or auto (Traditional on a day whose articles all are)
  max_download_mb = 20          # a feed URL's response or a feed file; a bigger one fails that feed
  fetch_deadline = 60           # seconds for a whole feed download, however slowly the server sends
  fetch_articles = false        # true: a feed entry that is only a teaser is read from its link's page
  max_article_chars = 1000000   # one article's text; a longer one fails, named
  store_wait = 30               # seconds to wait when another process is writing the store
  silent_days = 3               # name an input with no new article for this many days (0: never)

  [[watchlists]]                # one more brief each: OUT/NAME/
  name = "医疗AI"
  any = ["医疗", "医院", "/影像(识别|诊断)/"]   # at least one; all = [...] each; none = [...] none
  all = ["AI|人工智能|大模型"]
  min_hits = 2                  # title hits count double
  mail_to = ["med@example.com"]

exit status:
  0   the brief was written and every input was used (an empty day gives a brief that says so)
  1   nothing was written: no input exists, the output folder or store is not writable (locked,
      read-only, full, damaged), bad config, an unreachable --dask; the brief files and the store are
      as before the run (no new store file, no new output folder)
  2   flags that cannot work together, or a flag out of range (--date 0001-01-01, an unknown --tz)
  3   the brief was written, but some inputs failed (named on stderr and listed in the brief)
  4   the brief was written, but mailing it (or a watchlist's brief) failed (the reason is on stderr)
  5   the brief was written, but pushing it to a chat group, or writing OUT/feed.atom, failed (on stderr)
  6   the brief was written, but the store could not record it (its stories may be briefed again)
  (when several of 3 to 6 apply, the largest is the exit status)
  {EXIT_LOCKED}  another digest is writing the same OUT (try again later, or pass --wait)
"""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more seconds, got {text}")
    return value


def _date(text: str) -> dt.date:
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise argparse.ArgumentTypeError(f"expected a date between {FIRST_DATE} and {LAST_DATE}, got {text!r}")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number above 0 and at most 1, got {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    from briefs.deliver.mail import add_mail_arguments
    from briefs.deliver.push import add_push_arguments

    parser = subparsers.add_parser(
        "digest",
        help="the day's articles as one dated brief, organised by theme",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="folder, article file, feed file or feed URL (default: [digest] inputs of --config)")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the brief's day (default: today in --tz)")
    parser.add_argument("--tz", metavar="ZONE", help=f"IANA timezone the day is counted in (default: {DEFAULT_TZ})")
    parser.add_argument("--out", type=Path, metavar="DIR", help=f"where the brief goes (default: {DEFAULT_OUT})")
    parser.add_argument("--store", type=Path, metavar="FILE", help="SQLite file of stories briefed (default: OUT/zhbrief.sqlite3)")
    parser.add_argument("--include-seen", action="store_true", help="keep stories already briefed on an earlier day")
    parser.add_argument("--fetch-articles", action="store_true", default=None,
                        help="read a feed entry that is only a teaser from its article page (its link); "
                             "the entry goes out as it came if the page cannot be read (default: [digest] fetch_articles, else off)")
    parser.add_argument("--per-theme", type=positive, metavar="K", help="key sentences per theme (default: 5)")
    parser.add_argument("--lookback-days", type=not_negative, metavar="N",
                        help="how many days back a story counts as already briefed (default: 30; 0: all)")
    parser.add_argument("--duplicate-threshold", type=_share, metavar="J",
                        help="shingle Jaccard at which two texts are the same story (default: 0.5)")
    parser.add_argument("--script", choices=("auto", "simplified", "traditional"),
                        help="the articles' script (default: auto, detected per article); Traditional is analysed "
                             "in Simplified and shown as written")
    parser.add_argument("--workers", type=workers, metavar="N",
                        help="processes summarizing in parallel (default: one per available CPU; 1: this process)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="summarize on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; "
                             "needs zhbrief[dask]) instead of local processes")
    parser.add_argument("--wait", type=_seconds, nargs="?", const=-1.0, metavar="SECONDS",
                        help="when another digest holds OUT, wait for it (forever, or at most SECONDS) instead of exiting 75")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML file: [digest], [summary], [[themes]], [[watchlists]], [mail], [feed], [[push]]")
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print errors only (for cron)")
    talk.add_argument("-v", "--verbose", action="store_true", help="one line per article: kept, folded, left out, failed")
    add_mail_arguments(parser, prefix="mail-")
    add_push_arguments(parser, flag="--push-to")
    parser.set_defaults(run=run)


def default_workers() -> int:
    if hasattr(os, "sched_getaffinity"):  # the CPUs this process may use, not the machine's
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _stderr(line: str) -> None:
    print(f"zhbrief: {line}", file=sys.stderr, flush=True)


def _stdout(line: str) -> None:
    """Print a line of the report; the brief is written whatever happens to stdout, so a stdout that
    cannot be written (a full disk, a closed descriptor) is a warning, not the job's failure."""
    from briefs.commands.output import StdoutError

    try:
        print(line, flush=True)
    except StdoutError as error:
        _stderr(f"warning: {error}")


def _setting(table: Mapping[str, Any], key: str, kind: type, source: str) -> Any:
    value = table.get(key)
    if value is None:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BriefError(f"{source}: [digest] {key} must be a {kind.__name__}, not {value!r}")
    return value


def build_options(args: argparse.Namespace, config: Any, now: dt.datetime) -> Any:
    """One DigestOptions: defaults, then the config's [digest] table, then the flags."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from briefs.digest.compose import ComposeOptions
    from briefs.digest.dedupe import DedupeOptions
    from briefs.digest.job import DigestOptions

    from briefs.reading.ingest import ReadLimits

    table = config.digest  # key names and number ranges already checked by load_config
    source = str(config.path) if config.path else "the config file"

    def pick(flag: Any, key: str, kind: type) -> Any:
        return flag if flag is not None else _setting(table, key, kind, source)

    def config_path(value: str) -> Path:
        # Like every path in the config file: relative to the file's folder, not to where cron starts.
        return config.path.parent / value if config.path else Path(value)

    zone = pick(args.tz, "timezone", str)
    zone = DEFAULT_TZ if zone is None else zone  # an empty --tz is a mistake, not the default
    try:
        if not zone.strip():
            raise ValueError(zone)
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long to be a file
        where = "--tz" if args.tz is not None else f"{source}: [digest] timezone"
        shown = zone if len(zone) <= 60 else zone[:60] + "…"
        raise UsageError(f"{where}: unknown timezone {shown!r}; use an IANA name such as Asia/Shanghai") from None
    lookback = pick(args.lookback_days, "lookback_days", int)
    if args.dask is not None and args.workers is not None:
        raise UsageError("--workers and --dask cannot work together: with --dask the cluster's workers do the work")
    try:
        return DigestOptions(
            date=args.date or now.astimezone(tz).date(),  # "today" is the brief's timezone's today
            out=args.out or (config_path(o) if (o := pick(None, "out", str)) else Path(DEFAULT_OUT)),
            tz=tz,
            store=args.store or (config_path(s) if (s := pick(None, "store", str)) else None),
            include_seen=args.include_seen,
            lookback_days=30 if lookback is None else (lookback or None),
            workers=pick(args.workers, "workers", int) or default_workers(),
            dask=args.dask,
            wait=args.wait,
            summary=replace(config.summary, script=args.script) if args.script else config.summary,
            compose=ComposeOptions(
                per_theme=pick(args.per_theme, "per_theme", int) or 5,
                keywords=10 if (k := _setting(table, "keywords", int, source)) is None else k,
                themes=config.summary.themes,
                labels=table.get("labels", "simplified"),
            ),
            dedupe=DedupeOptions(pick(args.duplicate_threshold, "duplicate_threshold", float) or 0.5,
                                 prefer=table.get("script", "any")),
            limits=ReadLimits.of(table),
            store_wait=30.0 if (wait := table.get("store_wait")) is None else float(wait),
            watchlists=config.watchlists,
            silent_days=3 if (days := _setting(table, "silent_days", int, source)) is None else days,
            fetch_articles=bool(args.fetch_articles or table.get("fetch_articles", False)),
        )
    except ValueError as error:
        raise BriefError(f"{source}: [digest] {error}") from None


def _console(*, quiet: bool, verbose: bool) -> Any:
    """A Reporter that prints: failures always, verdicts with --verbose, a bar on a terminal only."""
    from briefs.digest.job import Reporter

    class Console(Reporter):
        def __init__(self) -> None:
            self.bar = None
            if not quiet and sys.stderr.isatty():  # under cron stderr is a pipe or a file: no bar
                from tqdm import tqdm

                self.bar = tqdm(desc="zhbrief: reading", unit=" articles", file=sys.stderr, leave=False)

        def _say(self, line: str) -> None:
            if self.bar is not None:
                self.bar.write(f"zhbrief: {line}", file=sys.stderr)
            else:
                _stderr(line)

        def read(self, origin: str) -> None:
            if self.bar is not None:
                self.bar.update(1)

        def summarizing(self, count: int) -> None:
            if self.bar is not None:  # the same bar, now counting the copies the stories keep
                self.bar.set_description("zhbrief: summarizing", refresh=False)
                self.bar.reset(total=count)

        def summarized(self, origin: str) -> None:
            if self.bar is not None:
                self.bar.update(1)

        def failed(self, failure: Any) -> None:
            self._say(f"{failure.origin}: {failure.reason}")

        def verdict(self, origin: str, verdict: str) -> None:
            if verbose:
                self._say(f"{origin}: {verdict}")

        def warning(self, text: str) -> None:
            self._say(f"warning: {text}")

        def close(self) -> None:
            if self.bar is not None:
                self.bar.close()

    return Console()


def _mail(args: argparse.Namespace, mail_options: Any, html: Path, now: dt.datetime) -> bool:
    """Send (or write as .eml) the brief; False, with the reason on stderr, when that failed."""
    from briefs.deliver.mail import build_message, password_from_env, send_message, write_eml

    try:
        message = build_message(html, mail_options, now=now)
        if args.mail_eml is not None:
            write_eml(message, args.mail_eml)
            if not args.quiet:
                _stdout(f"wrote {args.mail_eml}")
            return True
        report = send_message(message, mail_options, password=password_from_env(mail_options, os.environ),
                              notify=_stderr)
    except BriefError as error:
        _stderr(f"error: mail: {error} (the brief itself is written: {html})")
        return False
    for address, reason in report.refused:
        _stderr(f"error: mail: not delivered to {address}: the server answered {reason}")
    if not args.quiet and report.delivered:
        _stdout(f"mailed {html.name} to {', '.join(report.delivered)}")
    return not report.refused


def inputs(args: argparse.Namespace, config: Any) -> list[str]:
    """The positional inputs, else the config's [digest] inputs (globs and ~ expanded, relative to the file)."""
    from briefs.digest.sources import configured

    if args.inputs:
        return list(args.inputs)
    if config.path is not None and "inputs" in config.digest:
        return configured(config.digest["inputs"], config.path.parent, str(config.path))
    raise UsageError("no inputs: name folders, files or feed URLs, or set inputs in the [digest] table of --config")


def _watchlist_mail(args: argparse.Namespace, config: Any, watchlist: Any) -> Any:
    """The mail options for one watchlist's brief: the [mail] server and sender, its own recipients."""
    from briefs.deliver.mail import mail_options_from_args

    own = argparse.Namespace(**{**vars(args), "mail_to": list(watchlist.mail_to), "mail_cc": None, "mail_bcc": None,
                                "mail_eml": None})
    options = mail_options_from_args(own, {"mail": dict(config.mail)}, env=os.environ,
                                     config_source=str(args.config or "the config file"))
    return replace(options, to=watchlist.mail_to, cc=(), bcc=())


def run(args: argparse.Namespace) -> int:
    from briefs.config import load_config
    from briefs.digest.job import run_digest
    from briefs.deliver.mail import mail_options_from_args, mail_requested

    now = dt.datetime.now().astimezone()  # the edge: the job never reads the clock itself
    config = load_config(args.config)
    options = build_options(args, config, now)
    mail_config = {"mail": dict(config.mail)}
    mail_options = None
    if mail_requested(args, mail_config):
        # Checked before the digest runs: a typo in an address should not cost a day's brief.
        mail_options = mail_options_from_args(args, mail_config, env=os.environ,
                                              config_source=str(args.config or "the config file"))
    elif args.mail_eml is not None:
        raise UsageError("--mail-eml needs a recipient: add --mail-to ADDRESS")
    elif not any(w.mail_to for w in options.watchlists):
        # Mail flags and nobody to mail: a forgotten --mail-to would otherwise mean a brief never mailed.
        given = next((name for name, value in vars(args).items() if name.startswith("mail_")
                      and name not in ("mail_flag_prefix", "mail_eml") and value is not None), None)
        if given is not None:
            raise UsageError(f"--{given.replace('_', '-')} needs a recipient: add --mail-to ADDRESS "
                             "(or [mail] to in --config)")
    from briefs.deliver.stage import check_push, check_watchlist_push, feed_and_push

    push_options = check_push(args, config, os.environ)  # targets checked before the digest runs, like mail
    watch_push = check_watchlist_push(args, config, os.environ, push_options)
    watch_mail = {w.name: _watchlist_mail(args, config, w) for w in options.watchlists if w.mail_to}
    given = inputs(args, config)

    mailed = pushed = True

    def deliver(result: Any) -> None:  # under the run's lock: nobody rewrites a brief while it is delivered
        nonlocal mailed, pushed
        if not args.quiet:
            counts, (md, html) = result.brief.counts, result.files
            _stdout(f"wrote {md} and {html}: {_n(counts.kept, 'article')} kept, {_n(counts.duplicates, 'duplicate')} "
                  f"folded, {counts.seen} already briefed, {counts.other_days} from other days, {counts.failed} failed")
            for watched in result.watchlists:
                _stdout(f"wrote {watched.files[0]} and {watched.files[1]}: "
                      f"{_n(watched.brief.counts.kept, 'article')} for watchlist {watched.watchlist.name}")
        if mail_options is not None:
            mailed &= _mail(args, mail_options, result.files[1], now)
        for watched in result.watchlists:
            own = watch_mail.get(watched.watchlist.name)
            if own is not None:
                # Its name first, as its brief's heading ("医疗AI · 每日简报 · 2026年11月25日", from its HTML).
                subject = f"{watched.watchlist.name} · {own.subject}" if own.subject else None
                mailed &= _mail(args, replace(own, subject=subject), watched.files[1], now)
        pushed &= feed_and_push(result, args, config, push_options, now=now, say=_stderr)
        for watched in result.watchlists:
            name = watched.watchlist.name
            pushed &= feed_and_push(watched, args, config, watch_push.get(name), now=now, say=_stderr, watchlist=name)

    console = _console(quiet=args.quiet, verbose=args.verbose)
    try:
        result = run_digest(given, options, now=now, reporter=console, deliver=deliver)
    finally:
        console.close()

    counts = result.brief.counts
    status = 0
    if result.store_error is not None:
        _stderr(f"error: the brief is written, but the store could not record it; its stories may be briefed "
                f"again: {result.store_error}")
        status = EXIT_STORE
    if counts.failed:
        _stderr(f"the brief for {result.brief.date} is written, but {counts.failed} input(s) failed "
                "(named above and listed in the brief)")
        status = max(status, EXIT_FAILED_INPUTS)
    if not mailed:
        status = max(status, EXIT_MAIL)
    if not pushed:
        status = max(status, EXIT_PUSH)
    return status
