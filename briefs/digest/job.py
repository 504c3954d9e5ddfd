"""Digest: the daily job — ingest → date filter → clean and sketch → dedupe → summarize each story's kept
copy → novelty → compose → render → temp files → store rows → renames → store commit.

Contract: `run_digest(inputs, options, now=…)` writes OUT/DATE.md, OUT/DATE.html and the folder's index
— and, per watchlist, the same in OUT/NAME/ — whole or not at all, and the store with them: every file is first written to a temp file and fsynced;
the store's transaction is written (a locked, read-only, full or damaged store fails here, before any
file is in place); the files are renamed as one set (a journal, OUT/.zhbrief.renames, lets the next run
finish a set a kill interrupted, so DATE.md and DATE.html always come from the same run); then the store
commits. One run at a time per output folder (a lock file); the same inputs and date give
byte-identical files and the same store rows. An input that cannot be read is reported and listed in
the brief; the others still go out. The clock, the timezone and the paths come in from the caller.
Every article is read, cleaned by the engine's own rules and sketched once; duplicates are grouped on
that cleaned text, and only the copy each story keeps is summarized (a copy folded into another is
counted and named, never shown, so the engine's ranking would be wasted on it: a story re-posted 20,000
times costs one summary). Raw texts are dropped once summarized: the brief's articles carry metadata
and summaries (text ""). Each brief then takes its stories (the watchlists' terms), and novelty is per
brief: a story shown to one watchlist is still new to another.
`deliver(result)`, when given, runs while the lock is still held.
`DigestResult.store_error` is set in the one case left: the files are in place but the commit failed.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout

from briefs import batch
from briefs.atomic import fsync_folder, stage, write_atomic
from briefs.digest import dedupe, sources, watchlists
from briefs.reading import ingest
from briefs.digest.compose import ComposeOptions, aware, compose
from briefs.digest.dedupe import DedupeOptions, Sketch
from briefs.errors import BriefError, engine_failure, no_text_left
from briefs.reading.ingest import ReadLimits, Task
from briefs.reading.title import same_text
from briefs.model import Article, Brief, BriefCounts, Document, Failure, IndexEntry, Outlet, Wording
from briefs.render import in_script, index_entry, render_brief, render_index, script_of_page
from briefs.digest.store import MAIN, Store, StoredArticle, StoredBrief
from briefs.digest.watchlists import Watchlist
from summarize import SummaryOptions, summarize
from summarize.model import Summary
from summarize.pipeline import sentences, summarize_many

LOCK_NAME = ".zhbrief.lock"
STORE_NAME = "zhbrief.sqlite3"
INDEX_NAME = "index"
EXIT_LOCKED = 75  # EX_TEMPFAIL: cron may simply try again later
RENAMES_NAME = ".zhbrief.renames"  # the journal of a set of renames in progress (see StagedFiles)
# Our temp files: "." + the target's name + ".<random>.tmp" — ".2026-11-25.md.<random>.tmp",
# ".index.html.<random>.tmp", ".feed.atom.<random>.tmp", and the journal's "..zhbrief.renames.<random>.tmp".
_TEMP = re.compile(r"^\.(?:(?:\d{4}-\d{2}-\d{2}|index)\.(?:md|html)|feed\.atom|\.zhbrief\.renames)\..+\.tmp$")


class DigestLocked(BriefError):
    """Another digest holds the output folder's lock."""

    exit_code = EXIT_LOCKED


@dataclass(frozen=True)
class DigestOptions:
    """Everything one digest run needs, built once at the edge from flags and the [digest] table."""

    date: dt.date
    out: Path
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    store: Path | None = None  # None: OUT/zhbrief.sqlite3
    include_seen: bool = False
    lookback_days: int | None = 30  # how far back "already briefed" looks; None: the whole store
    workers: int = 1
    dask: str | None = None  # a Dask scheduler's address: summarize there instead of on `workers` processes
    wait: float | None = None  # seconds to wait for the lock; None: fail at once; -1: wait forever
    summary: SummaryOptions = SummaryOptions()
    compose: ComposeOptions = ComposeOptions()
    dedupe: DedupeOptions = DedupeOptions()
    limits: ReadLimits = ReadLimits()
    store_wait: float = 30.0  # seconds a locked store is waited for
    watchlists: tuple[Watchlist, ...] = ()  # one more brief each, in OUT/NAME/
    silent_days: int = 3  # an input with no new article for this many days is named; 0: never
    fetch_articles: bool = False  # a feed entry that is only a teaser is read from its article page

    @property
    def store_path(self) -> Path:
        return self.store if self.store is not None else self.out / STORE_NAME


@dataclass(frozen=True)
class WatchlistResult:
    watchlist: Watchlist  # its mail_to and push_to say where the brief goes
    brief: Brief
    files: tuple[Path, ...]  # OUT/NAME/DATE.md, OUT/NAME/DATE.html
    index: tuple[Path, ...]
    store: Path  # the run's one store (the watchlist's rows carry its name)


@dataclass(frozen=True)
class DigestResult:
    brief: Brief  # the main brief
    files: tuple[Path, ...]  # the brief: DATE.md, DATE.html
    index: tuple[Path, ...]  # index.md, index.html
    store: Path
    store_error: str | None = None  # the files are in place but the store could not commit them
    watchlists: tuple[WatchlistResult, ...] = ()  # one brief per watchlist, in the config's order
    silent: tuple[Failure, ...] = ()  # inputs silent for [digest] silent_days or more


class Reporter:
    """What the job tells the edge as it goes (the CLI prints; the default says nothing)."""

    def read(self, origin: str) -> None:
        """One input has been read, cleaned and sketched (or has failed): a progress tick."""

    def summarizing(self, count: int) -> None:
        """The day is grouped; `count` copies, those the stories keep, are summarized next."""

    def summarized(self, origin: str) -> None:
        """One of them has been summarized (or has failed): a progress tick."""

    def failed(self, failure: Failure) -> None:
        """An input could not be used."""

    def verdict(self, origin: str, verdict: str) -> None:
        """What became of one article: kept, folded into another, already briefed, another day."""

    def warning(self, text: str) -> None:
        """Something the user should know that stops nothing (a store found empty, a repaired file set)."""


# --- the per-article work, in the workers --------------------------------------------------------------


@dataclass(frozen=True)
class _Settings:
    date: dt.date
    tz: ZoneInfo
    summary: SummaryOptions
    limits: ReadLimits = ReadLimits()
    fetch_articles: bool = False


@dataclass(frozen=True)
class Prepared:
    """One input after reading, date filter, cleaning and sketch: exactly one of the outcomes is set.

    `document` still holds its text: the copy its story keeps is summarized from it once the day is grouped.
    """

    origin: str
    failure: Failure | None = None
    other_day: dt.date | None = None
    document: Document | None = None
    sketch: Sketch | None = None
    script: str = "simplified"  # what the engine reads it as: of one story in both scripts, dedupe keeps the preferred


def local_day(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    return aware(moment, tz).astimezone(tz).date()


def prepare(item: Task | Failure, settings: _Settings) -> Prepared:
    """Read, filter by date, clean and sketch one input. Never raises for a bad input."""
    if isinstance(item, Failure):
        return Prepared(item.origin, failure=item)
    try:
        document = ingest.load(item, settings.limits)
    except BriefError as error:
        return Prepared(item.origin, failure=ingest.failure(error, item.origin))
    except Exception as error:  # noqa: BLE001 — a reader library's surprise must not sink the brief
        detail = f"{type(error).__name__}: {error}"
        return Prepared(item.origin, failure=Failure(item.origin, f"could not read: {detail}",
                                                     Wording.of("读取时出错（{detail}）", detail=detail)))
    if document.published is not None:
        day = local_day(document.published, settings.tz)
        if day != settings.date:
            return Prepared(item.origin, other_day=day)
    if settings.fetch_articles and isinstance(item, Task) and item.fragment:  # the day's entries only
        try:
            document = ingest.fuller(document, settings.limits)
        except Exception as error:  # noqa: BLE001 — a page the reader chokes on leaves the entry as it came
            document = replace(document, extraction=f"the feed entry (its page was not read: {type(error).__name__})")
    try:
        cleaned, written = sentences(document.text, document.title, settings.summary)
    except Exception as error:  # noqa: BLE001 — unattended: one article the engine chokes on must not sink the brief
        return Prepared(item.origin, failure=engine_failure(item.origin, error))
    if not cleaned:
        return Prepared(item.origin, failure=no_text_left(item.origin))
    # Shingle the cleaned sentences, not the raw text: bylines and teaser tails must not make or break a match;
    # in Simplified, so that a Traditional copy of a story folds with the Simplified one.
    return Prepared(item.origin, document=document, sketch=dedupe.sketch("".join(cleaned)), script=written)


def prepare_batch(settings: _Settings, items: list[Task | Failure]) -> list[Prepared]:
    """`prepare` on each item of one batch (in a worker, or here with --workers 1)."""
    return [prepare(item, settings) for item in items]


def _portable(item: Task | Failure, limits: ReadLimits) -> Task | Failure:
    """The task with its file's bytes read here: the workers of a Dask cluster cannot see this disk.
    Past the cap `ingest.load` applies, a file is refused here as it would be there, unread."""
    if not isinstance(item, Task) or item.path is None or item.data is not None:
        return item
    try:
        with open(item.path, "rb") as handle:
            data = handle.read(limits.max_article_bytes + 1)
    except OSError as error:
        return ingest.os_failure(item.origin, error)
    if len(data) > limits.max_article_bytes:
        return Failure(item.origin, limits.too_long(), limits.too_long_wording())
    return replace(item, path=None, data=data)


def prepare_all(items: Iterable[Task | Failure], settings: _Settings, workers: int, dask: str | None = None) -> Iterator[Prepared]:
    """Every input prepared, in input order, in batches (briefs.batch): in this process, on `workers`
    processes, or on the Dask cluster at `dask`."""
    if dask:
        items = (_portable(item, settings.limits) for item in items)
    yield from batch.run(prepare_batch, settings, items, batch.BatchOptions(workers=workers, dask=dask))


Copy = tuple[str, str, str | None]  # a story's kept copy to summarize: origin, text, title


def summarize_batch(options: SummaryOptions, copies: list[Copy]) -> list[Summary | Failure]:
    """The summaries of one batch of kept copies, step by step over the batch (`summarize_many`: the
    same summaries as one call an article, faster); one the engine chokes on is a Failure, the others stand."""
    try:
        summaries = summarize_many([(text, title) for _, text, title in copies], options)
    except Exception:  # noqa: BLE001 — one bad article: find it, one call an article
        return [_summary_or_failure(copy, options) for copy in copies]
    return [s if s.candidates else no_text_left(origin) for (origin, _, _), s in zip(copies, summaries)]


def _summary_or_failure(copy: Copy, options: SummaryOptions) -> Summary | Failure:
    origin, text, title = copy
    try:
        summary = summarize(text, title=title, options=options)
    except Exception as error:  # noqa: BLE001 — see prepare
        return engine_failure(origin, error)
    return summary if summary.candidates else no_text_left(origin)


def summarize_all(copies: Sequence[Copy], options: SummaryOptions, workers: int, dask: str | None = None
                  ) -> Iterator[Summary | Failure]:
    """Every copy's summary (or Failure), in order, in batches like `prepare_all`. Fewer copies than one
    batch (a day of one story re-posted many times) are summarized here: a pool would cost more to start."""
    options_ = batch.BatchOptions(workers=workers, dask=dask)
    if not dask and len(copies) <= options_.batch_size:
        options_ = batch.BatchOptions()
    yield from batch.run(summarize_batch, options, copies, options_)


# --- files ------------------------------------------------------------------------------------------------


class StagedFiles:
    """Files written to temp files first (where a full disk fails), then put in place together."""

    def __init__(self, out: Path, texts: dict[Path, str]) -> None:
        self.out = out
        self.temps: dict[Path, Path] = {}
        try:
            for path, text in texts.items():
                self.temps[path] = stage(path, text)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        for temp in self.temps.values():
            temp.unlink(missing_ok=True)

    def put_in_place(self) -> None:
        """Rename every temp file over its target; a kill part way is finished by `finish_renames`."""
        journal = [[temp.name, path.name] for path, temp in self.temps.items()]
        write_atomic(self.out / RENAMES_NAME, json.dumps(journal))
        for path, temp in self.temps.items():
            os.replace(temp, path)
        fsync_folder(self.out)
        (self.out / RENAMES_NAME).unlink()
        fsync_folder(self.out)


def finish_renames(out: Path) -> list[str]:
    """Finish the set of renames a killed run had begun (its temp files are whole and fsynced): the
    pair DATE.md/DATE.html, and the index, then come from the same run. Returns the names put in place."""
    journal = out / RENAMES_NAME
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        pairs = []  # a journal is written atomically; an unreadable one names nothing we can trust
    done = []
    for temp, name in pairs:
        if "/" not in temp + name and (out / temp).is_file():
            os.replace(out / temp, out / name)
            done.append(name)
    fsync_folder(out)
    journal.unlink(missing_ok=True)
    return done


def remove_stale_temps(out: Path) -> list[Path]:
    """Temp files a killed run left behind (we hold the lock, so no live run is writing them)."""
    stale = [p for p in out.iterdir() if _TEMP.match(p.name) and p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist, deepest first."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _lock(options: DigestOptions) -> tuple[FileLock, list[Path]]:
    """The lock of OUT, and the folders made for it (deepest first), which a failed run removes again."""
    out = options.out
    made = _missing_folders(out)
    timeout = -1 if options.wait is not None and options.wait < 0 else (options.wait or 0)
    lock_path = out / LOCK_NAME
    for attempt in range(3):
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BriefError(f"{out}: cannot create the output folder: {error.strerror or error}") from None
        if not os.access(out, os.W_OK | os.X_OK):
            raise BriefError(f"{out}: the output folder is not writable")
        lock = FileLock(lock_path, timeout=timeout)
        try:
            lock.acquire()
            return lock, made
        except Timeout:
            waited = f" after waiting {options.wait:g} s" if options.wait else ""
            raise DigestLocked(f"another digest is writing {out} (lock {lock_path}){waited}; "
                               "try again later, or pass --wait [SECONDS]") from None
        except FileNotFoundError:
            if attempt == 2:
                raise BriefError(f"{lock_path}: cannot take the lock: the folder keeps disappearing") from None
            # a run that had made OUT failed and removed it while we waited: make it again
        except OSError as error:
            raise BriefError(f"{lock_path}: cannot take the lock: {error.strerror or error}") from None
    raise AssertionError("unreachable")


def _undo_folders(made: Sequence[Path], lock: FileLock) -> None:
    """After a failed run, the folders it made (OUT, its parents, a watchlist's) go again if nothing but the
    lock is in them, so that what is on disk matches exit 1. The lock file is removed while it is held
    (filelock's waiters notice an unlinked lock file and take a new one)."""
    for folder in made:
        try:
            if [p.name for p in folder.iterdir()] == [LOCK_NAME]:
                (folder / LOCK_NAME).unlink()
            folder.rmdir()
        except OSError:
            return


# --- the job ------------------------------------------------------------------------------------------------


def _written_script(html: Path) -> str:
    """The script a brief on disk was written in, from its HTML's lang (as `Brief.script` decided it then);
    Simplified when there is no such file."""
    try:
        with html.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return "simplified"
    return script_of_page(head.decode("utf-8", "replace"))


def _label(document: Document) -> str:
    return document.source or document.url or document.origin


def complete(document: Document, others: Sequence[Document]) -> Document:
    """The kept version, with what it lacks taken from the versions folded into it.

    The most complete text is often a crawler's page that lost its headline; a re-post still has one, and
    a headline is the story's. A link, a source and a time say where the story was published, so the brief
    shows them together, one outlet's: a kept version that names none of its own takes all three from the
    first folded one with a link (or a source), which the brief then no longer lists as another outlet;
    one that names its own keeps them, and takes a link or time it lacks only from a version of the same
    source, never another outlet's page or hour under its name.
    """
    found: dict[str, object] = {}
    if not document.title:
        found["title"] = next((o.title for o in others if o.title), None)
    if not (document.source or document.url or document.published):
        lender = next((o for o in others if o.url), None) or next((o for o in others if o.source), None)
        if lender is not None:
            found.update(url=lender.url, source=lender.source, published=lender.published)
    elif document.source:
        same = [o for o in others if o.source and same_text(o.source, document.source)]
        if not document.url:
            found["url"] = next((o.url for o in same if o.url), None)
        if not document.published:
            found["published"] = next((o.published for o in same if o.published), None)
    found = {name: value for name, value in found.items() if value is not None}
    return replace(document, **found) if found else document


def run_digest(inputs: Sequence[str], options: DigestOptions, *, now: dt.datetime,
               reporter: Reporter | None = None,
               deliver: Callable[[DigestResult], None] | None = None) -> DigestResult:
    """The briefs of `options.date` from `inputs`, written to `options.out`; see the module docstring."""
    reporter = reporter or Reporter()
    items = ingest.tasks(inputs, options.limits)  # lists the inputs: raises before anything is written if none exists
    lock, made = _lock(options)
    try:
        folders = [options.out, *(options.out / w.name for w in options.watchlists)]
        made = [f for f in folders[1:] if not os.path.lexists(f)] + made  # a watchlist's folder, made when staged
        for folder in (f for f in folders if f.is_dir()):
            try:
                finished = finish_renames(folder)
            except OSError as error:
                raise BriefError(f"{folder}: cannot finish the renames of an interrupted run: "
                                 f"{error.strerror or error}") from None
            if finished:
                reporter.warning(f"{folder}: a run killed while putting its files in place left them "
                                 f"half done; finished: {', '.join(finished)}")
            remove_stale_temps(folder)
        # create=False: a new store file is made by the run's recording, so a run that fails before leaves none.
        with Store(options.store_path, wait=options.store_wait, create=False) as store:
            for note in store.notes:
                reporter.warning(note)
            result = _run_locked(items, sources.names(inputs), options, store, now, reporter)
    except BaseException:
        _undo_folders(made, lock)
        lock.release()
        raise
    try:
        if deliver is not None:
            deliver(result)
        return result
    finally:
        lock.release()


@dataclass(frozen=True)
class _Story:
    """One story of the day: its kept version as an Article, and every version's place in `kept`."""

    article: Article
    members: tuple[int, ...]  # positions in the kept list, leader first


@dataclass(frozen=True)
class _Composed:
    brief: Brief
    folder: Path
    remembered: tuple[StoredArticle, ...]


def _outlets(shown: Document, others: Sequence[Prepared]) -> tuple[Outlet, ...]:
    """The other outlets that ran the story `shown` stands for, each once, with the first link one of its
    copies gives (so a reader can open the re-post); a source or link the shown copy borrowed from a copy
    is that copy's, and no other outlet."""
    mine = _label(shown)
    found: dict[str, str | None] = {}
    for other in others:
        document = other.document
        if document is not None and (name := _label(document)) != mine:
            found[name] = found.get(name) or document.url
    return tuple(Outlet(name, url) for name, url in found.items())


def _stories(kept: Sequence[Prepared], groups: Sequence[Sequence[int]], summaries: Sequence[Summary]) -> list[_Story]:
    stories = []
    for group, summary in zip(groups, summaries):
        leader, *others = (kept[i] for i in group)
        assert leader.document is not None and leader.sketch is not None
        document = complete(leader.document, [o.document for o in others if o.document is not None])
        stories.append(_Story(Article(document, summary, leader.sketch.fingerprint, _outlets(document, others)), tuple(group)))
    return stories


def _fold_and_summarize(kept: list[Prepared], options: DigestOptions, reporter: Reporter,
                        failed: Callable[[int, Failure], None]) -> tuple[list[int], list[list[int]], list[Summary]]:
    """The day's stories, each led by a summarized copy: the places in `kept` that still stand, their
    groups (indices into those places) and each group's leader's summary.

    Only leaders are summarized. A leader the engine cannot summarize is reported through `failed` (with
    its place in `kept`) and the day is grouped again without it, as if it had failed on reading; the
    other copies of its story are then summarized at once, so that a story the engine chokes on costs
    one more round, not one a copy.
    """
    summaries: dict[int, Summary] = {}  # by place in `kept`
    standing = list(range(len(kept)))
    rounds = 0
    while True:
        day = [kept[i] for i in standing]
        groups = dedupe.group([p.sketch for p in day if p.sketch is not None], [p.origin for p in day],
                              options.dedupe, [p.script for p in day])
        waiting = [g for g in groups if standing[g[0]] not in summaries]
        wanted = sorted(standing[i] for g in waiting for i in (g if rounds else g[:1]) if standing[i] not in summaries)
        copies = []
        for i in wanted:
            document = kept[i].document
            assert document is not None
            copies.append((kept[i].origin, document.text, document.title))
        if copies:
            reporter.summarizing(len(copies))
        lost = set()
        for i, outcome in zip(wanted, summarize_all(copies, options.summary, options.workers, options.dask)):
            reporter.summarized(kept[i].origin)
            if isinstance(outcome, Failure):
                lost.add(i)
                failed(i, outcome)
            else:
                summaries[i] = outcome
        if not lost:
            return standing, groups, [summaries[standing[g[0]]] for g in groups]
        standing = [i for i in standing if i not in lost]
        rounds += 1


def _remember(kept: Sequence[Prepared], story: _Story) -> list[StoredArticle]:
    rows = []
    for i in story.members:
        member = kept[i]
        assert member.document is not None and member.sketch is not None
        d = member.document
        rows.append(StoredArticle(member.sketch.fingerprint, d.origin, d.url, d.title, d.published, member.sketch.signature))
    return rows


def _jsonl_files_whole(prepared: Iterable[Prepared]) -> Iterator[Prepared]:
    """The prepared inputs, with a JSONL file none of whose lines is an article (a manifest) one failure
    instead of one a line (ingest.HeldLines, as `summarize --jsonl` reports it)."""
    held: ingest.HeldLines | None = None

    def flush(failures: list[Failure]) -> Iterator[Prepared]:
        return (Prepared(failure.origin, failure=failure) for failure in failures)

    for item in prepared:
        name = ingest.jsonl_file(item.origin)
        if held is not None and name != held.name:
            yield from flush(held.finish())
            held = None
        if name is not None and held is None:
            held = ingest.HeldLines(name)
        if held is None:
            yield item
        elif item.failure is not None:
            yield from flush(held.failed(item.failure))
        else:
            yield from flush(held.article())
            yield item
    if held is not None:
        yield from flush(held.finish())


def _run_locked(items: Iterator[Task | Failure], names: Sequence[str], options: DigestOptions, store: Store,
                now: dt.datetime, reporter: Reporter) -> DigestResult:
    since = options.date - dt.timedelta(days=options.lookback_days) if options.lookback_days else None

    failing: list[tuple[int, Failure]] = []  # with the input's place: the brief lists them in input order
    kept: list[Prepared] = []
    places: list[int] = []  # each kept article's place in the input
    other_days = 0
    settings = _Settings(options.date, options.tz, options.summary, options.limits, options.fetch_articles)
    for place, prepared in enumerate(_jsonl_files_whole(prepare_all(items, settings, options.workers, options.dask))):
        reporter.read(prepared.origin)
        if prepared.failure is not None:
            failing.append((place, prepared.failure))
            reporter.failed(prepared.failure)
        elif prepared.other_day is not None:
            other_days += 1
            reporter.verdict(prepared.origin, f"left out: dated {prepared.other_day}, not {options.date}")
        else:
            kept.append(prepared)
            places.append(place)

    def failed(i: int, failure: Failure) -> None:
        failing.append((places[i], failure))
        reporter.failed(failure)

    standing, groups, summaries = _fold_and_summarize(kept, options, reporter, failed)
    # The raw texts have served their purpose (the summaries hold the cleaned sentences of what is shown).
    kept = [replace(kept[i], document=replace(kept[i].document, text="")) if kept[i].document else kept[i]
            for i in standing]
    failures = [failure for _, failure in sorted(failing, key=lambda pair: pair[0])]
    sketches = [p.sketch for p in kept if p.sketch is not None]
    stories = _stories(kept, groups, summaries)

    # Silent inputs: those whose articles of the day every brief had already shown (or that gave none).
    new = [not seen for seen in dedupe.seen_before(sketches, store.history(before=options.date, since=since,
                                                                            watchlist=None), options.dedupe)]
    given = dict.fromkeys(names, 0)
    for prepared, fresh in zip(kept, new):
        source = sources.source_of(prepared.origin, names)
        if source is not None and fresh:
            given[source] += 1
    quiet = sources.silent(given, store.sources(before=options.date), date=options.date, days=options.silent_days)
    for failure in quiet:
        reporter.failed(failure)

    # Which stories each watchlist takes; a main = false watchlist keeps its stories out of the main brief.
    tokenize = watchlists.tokenizer(options.summary.user_words) if options.watchlists else None
    texts = [watchlists.summary_text(s.article.summary, s.article.document.title, tokenize) for s in stories] if tokenize else []
    matches = {w.name: [watchlists.match(w, text) for text in texts] for w in options.watchlists}
    routed = {n for w in options.watchlists if not w.main for n, m in enumerate(matches[w.name]) if m.matched}

    verdicts: dict[int, str] = {}  # by input position, so --verbose reads in input order
    for story in stories:
        for i in story.members[1:]:
            verdicts[i] = f"folded into {kept[story.members[0]].origin} (same story)"

    for n in sorted(routed):
        verdicts[stories[n].members[0]] = "left out of the main brief (a watchlist with main = false takes it)"

    def copies(numbers: Iterable[int]) -> int:
        """The articles read for these stories: each story's kept copy and the copies folded into it."""
        return sum(len(stories[n].members) for n in numbers)

    def compose_one(name: str, chosen: list[int], unmatched: int, folder: Path,
                    watched: tuple[Watchlist, list[watchlists.Match]] | None = None) -> _Composed:
        shown = {n: watched[1][n].shown() for n in chosen} if watched else None  # for the verbose verdicts
        history = store.history(before=options.date, since=since, watchlist=name)
        seen = dedupe.seen_before(sketches, history, options.dedupe)
        articles: list[Article] = []
        remembered: list[StoredArticle] = []
        matched: list[int] = []  # the stories shown, as numbers, for their hits in the brief's words
        duplicates = seen_stories = 0
        for n in chosen:
            story = stories[n]
            leader = story.members[0]
            duplicates += len(story.members) - 1
            was_seen = any(seen[i] for i in story.members)
            left_out = was_seen and not options.include_seen
            if not name:
                verdicts[leader] = ("left out: already briefed on an earlier day" if left_out else
                                    "kept" + (" (briefed before; --include-seen)" if was_seen else ""))
                extraction = kept[leader].document.extraction  # type: ignore[union-attr]
                if not left_out and extraction:  # which extraction pass read an HTML page
                    verdicts[leader] += f"; text by {extraction}"
            else:
                note = f"watchlist {name}: " + ("already briefed there" if left_out else shown[n] if shown else "")
                verdicts[leader] = f"{verdicts[leader]}; {note}" if leader in verdicts else note
            if left_out:
                seen_stories += 1
                continue
            articles.append(story.article)
            remembered.extend(_remember(kept, story))
            if shown:
                matched.append(n)
        counts = BriefCounts(read=len(kept) + other_days, kept=len(articles), duplicates=duplicates, seen=seen_stories,
                             failed=len(failures), other_days=other_days, unmatched=unmatched,
                             routed=copies(routed) if not name else 0)
        brief = compose(options.date, articles, counts, [*failures, *quiet], tz=options.tz, options=options.compose)
        if watched:  # the rule and the hits are zhbrief's words around the terms: in the brief's script
            label = in_script(brief.script)
            brief = replace(brief, rule=watched[0].describe(label),
                            matched=tuple((stories[n].article.fingerprint, watched[1][n].shown(label)) for n in matched))
        return _Composed(replace(brief, watchlist=name), folder, tuple(remembered))

    composed = [compose_one(MAIN, [n for n in range(len(stories)) if n not in routed], 0, options.out)]
    for watchlist in options.watchlists:
        found = matches[watchlist.name]
        chosen = [n for n, m in enumerate(found) if m.matched]
        composed.append(compose_one(watchlist.name, chosen, copies(n for n in range(len(stories)) if not found[n].matched),
                                    options.out / watchlist.name, (watchlist, found)))
    for i in sorted(verdicts):
        reporter.verdict(kept[i].origin, verdicts[i])

    # Render everything before writing anything: a template error must not leave one format new and one old.
    day = options.date.isoformat()
    staged: list[StagedFiles] = []
    records: list[tuple[StoredBrief, Sequence[StoredArticle]]] = []
    paths: list[tuple[tuple[Path, Path], tuple[Path, Path]]] = []
    try:
        for c in composed:
            md_path, html_path = c.folder / f"{day}.md", c.folder / f"{day}.html"
            entry = index_entry(c.brief, md_name=md_path.name, html_name=html_path.name)
            earlier = [IndexEntry(b.date, b.md_name, b.html_name, b.counts, b.headline,
                                  _written_script(c.folder / b.html_name))
                       for b in store.briefs(c.brief.watchlist) if b.date != c.brief.date
                       and ((c.folder / b.md_name).is_file() or (c.folder / b.html_name).is_file())]
            entries = sorted([entry, *earlier], key=lambda e: e.date, reverse=True)
            index_paths = (c.folder / f"{INDEX_NAME}.md", c.folder / f"{INDEX_NAME}.html")
            texts = {md_path: render_brief(c.brief, "md"), html_path: render_brief(c.brief, "html"),
                     index_paths[0]: render_index(entries, "md", watchlist=c.brief.watchlist),
                     index_paths[1]: render_index(entries, "html", watchlist=c.brief.watchlist)}
            records.append((StoredBrief(c.brief.date, entry.md_name, entry.html_name, entry.headline, c.brief.counts,
                                        watchlist=c.brief.watchlist), c.remembered))
            paths.append(((md_path, html_path), index_paths))
            try:
                c.folder.mkdir(exist_ok=True)
                staged.append(StagedFiles(c.folder, texts))  # a full disk fails here: nothing is in place yet
            except OSError as error:
                raise BriefError(f"{c.folder}: cannot write the brief: {error.strerror or error}") from None
    except BaseException:
        for files in staged:
            files.discard()
        raise
    placed = 0
    store_error = None
    try:
        # The store's writes happen on entry (a locked, read-only, full or damaged store fails there, and
        # then nothing has been put in place); its commit, after every folder's files are.
        with store.recording_run(records, now=now, sources=given):
            for files in staged:
                try:
                    files.put_in_place()
                except OSError as error:
                    raise BriefError(f"{files.out}: cannot put the brief in place: {error.strerror or error}") from None
                placed += 1
    except BriefError as error:
        if placed < len(staged):  # a folder's files could not be put in place: the store is rolled back
            for files in staged[placed:]:
                if not (files.out / RENAMES_NAME).exists():  # else the next run finishes the set (finish_renames)
                    files.discard()
            raise
        # The files are in place; only the commit failed: the briefs stand, the stories may come again.
        store_error = str(error)

    (main_files, main_index), *others = paths
    by_name = {w.name: w for w in options.watchlists}
    return DigestResult(
        composed[0].brief, main_files, main_index, store.path, store_error,
        watchlists=tuple(WatchlistResult(by_name[c.brief.watchlist], c.brief, files, index, store.path)
                         for c, (files, index) in zip(composed[1:], others)),
        silent=tuple(quiet),
    )
