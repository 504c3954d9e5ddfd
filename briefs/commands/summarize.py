"""`zhbrief summarize`: the key sentences of one article (or of every line of a JSONL file), with themes.

Thin shell: flags and the config file become one SummaryOptions, `briefs.reading.read` reads the article, the
engine summarizes it, `briefs.render` formats it. Heavy modules (the engine, Jinja, trafilatura,
multiprocessing) are imported only when the run needs them: cold start is part of the product.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from briefs.commands.arguments import not_negative, positive, workers
from briefs.errors import NO_TEXT_LEFT, BriefError, UsageError

if TYPE_CHECKING:
    import threading

    from summarize.options import SummaryOptions

FORMATS = ("md", "html", "json", "text")
CHUNKSIZE = 4  # JSONL lines per task sent to a worker: small, so memory stays flat and order is cheap

DESCRIPTION = """\
Pick the key sentences of one Chinese news article, section by section, tag each section with a theme
(技术突破, 落地应用, 挑战与对策, else 其他) and print them with the article's keywords.

FILE may be .txt, .md, .html or .json (one object with "title" and "text"), in UTF-8, UTF-16, GB18030/GBK
or Big5, in Simplified or Traditional Chinese (analysed through a Simplified rendering, shown as written); '-' reads stdin and tells JSON and HTML from text by their first characters. HTML pages are
reduced to their main text (menus, sidebars, comments and scripts dropped); their <h2>…<h4> become
sections."""

EPILOG = """\
examples:
  zhbrief summarize samples/inbox/2026-11-25-robotics-scraped.txt
  zhbrief summarize samples/inbox/2026-11-25-ai-chip.html --format html > chip.html
  cat article.txt | zhbrief summarize - --format json --budget 60
  zhbrief summarize article.txt --explain            # every sentence's score and why it was (not) chosen
  zhbrief summarize taipei.html --script traditional  # analysed in Simplified, shown as written (auto detects it)
  zhbrief summarize - --jsonl --budget 60 < articles.jsonl > summaries.jsonl

--jsonl: FILE (or stdin) holds one JSON object a line, {"id": …, "text": …, "title": … (optional)}.
  stdout gets one JSON object a line, in input order, with the input's "id" (null when it had none: give
  every line an id to match outputs to inputs). A line that cannot be used (invalid JSON, no "text",
  empty text) is reported on stderr as 'zhbrief: FILE:LINE: reason' and skipped; the others still come
  out. Memory stays flat however long the input is; --workers processes share the work.

exit status:
  0  the summary was written; with --jsonl: at least one line was summarized (or the input had none),
     even if others were skipped (they are on stderr)
  1  the article could not be read or summarized; with --jsonl: every line failed
  2  flags that cannot work together

config file (--config FILE; flags override it; every key is documented in zhbrief.example.toml):
  [summary]
  sentences = 2
  budget = 120
  keywords = 8
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="key sentences of one article, section by section, with themes",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="the article (.txt, .md, .html, .json), or - for stdin")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: md; JSON lines with --jsonl)")
    parser.add_argument("--sentences", type=positive, metavar="N", help="key sentences per section (default: 2)")
    parser.add_argument(
        "--budget", type=positive, metavar="CHARS", help="characters for the whole summary (default: no limit)"
    )
    parser.add_argument("--keywords", type=not_negative, metavar="N", help="keywords to list (default: 8)")
    parser.add_argument(
        "--script", choices=("auto", "simplified", "traditional"),
        help="the article's script (default: auto, detected); Traditional is analysed in Simplified and shown as written",
    )
    parser.add_argument("--title", help="the article's title, when the file does not carry it (helps the ranking)")
    parser.add_argument(
        "--explain", action="store_true", help="also list every sentence's score, section, theme and reason"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML file whose [summary] and [[themes]] apply")
    parser.add_argument("--jsonl", action="store_true", help="FILE holds one JSON article a line (see below)")
    parser.add_argument(
        "--workers",
        type=workers,
        metavar="N",
        help="processes for --jsonl (default: one per available CPU; 1 runs in this process)",
    )
    parser.set_defaults(run=run)


def build_options(args: argparse.Namespace) -> SummaryOptions:
    """The one SummaryOptions of this run: defaults, then the config file, then the flags."""
    from briefs.config import load_config, with_flags

    config = load_config(args.config)
    try:
        return with_flags(config.summary, sentences=args.sentences, budget=args.budget, keywords=args.keywords,
                          script=args.script)
    except ValueError as error:  # pragma: no cover — argparse already keeps the flags in range
        raise UsageError(str(error)) from None


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.format not in (None, "json"):
            raise UsageError("--jsonl writes JSON lines; drop --format or use --format json")
        if args.title is not None:
            raise UsageError("--title names one article; with --jsonl give each line its own \"title\"")
        return run_jsonl(args)
    if args.workers is not None:
        raise UsageError("--workers applies to --jsonl only")
    if args.file.endswith(".jsonl"):
        raise UsageError(f"{args.file} holds one article a line: add --jsonl")

    from briefs.reading.read import read_path
    from briefs.render import render_summary
    from summarize import summarize

    options = build_options(args)
    document = read_path(args.file)
    summary = summarize(document.text, title=args.title or document.title, options=options)
    if not summary.candidates:
        raise BriefError(f"{document.origin}: {NO_TEXT_LEFT}")
    _write(render_summary(summary, args.format or "md", origin=document.origin, document=document, explain=args.explain))
    return 0


# --- JSONL: one article a line, in order, in parallel, in constant memory ------------------------

# Set in each worker by _init_worker (and in-process for --workers 1): what every line is summarized with.
_OPTIONS: SummaryOptions | None = None
_EXPLAIN = False


def _init_worker(options: SummaryOptions, explain: bool) -> None:
    global _OPTIONS, _EXPLAIN
    _OPTIONS, _EXPLAIN = options, explain


def summarize_line(task: tuple[str, bytes]) -> tuple[bool, str]:
    """One JSONL line -> (True, its summary as one JSON line) or (False, 'ORIGIN: what was wrong')."""
    from briefs.reading.read import decode, document_from_record, parse_json
    from briefs.render import json_line, summary_record
    from summarize import summarize

    origin, raw = task
    assert _OPTIONS is not None, "_init_worker was not called"
    try:
        record = parse_json(decode(raw, origin).lstrip("\ufeff"), origin)
        document = document_from_record(record, origin)
        summary = summarize(document.text, title=document.title, options=_OPTIONS)
        if not summary.candidates:
            return False, f"{origin}: {NO_TEXT_LEFT}"
        raw_id = record.get("id") if isinstance(record, dict) else None  # the id as given: 7 stays 7
        return True, json_line(summary_record(summary, id=raw_id, explain=_EXPLAIN))
    except BriefError as error:
        return False, str(error)
    except Exception as error:  # noqa: BLE001 — one article must not take the batch down
        return False, f"{origin}: could not summarize: {type(error).__name__}: {error}"


def _lines(handle: IO[bytes], name: str) -> Iterator[tuple[str, bytes]]:
    """(origin, bytes) of every non-blank line, numbered as an editor numbers them."""
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield f"{name}:{number}", line.rstrip(b"\r\n")  # JSON's own errors then point inside the line


def _bounded(tasks: Iterator[tuple[str, bytes]], slots: threading.Semaphore, stop: threading.Event) -> Iterator[tuple[str, bytes]]:
    """`tasks`, but never more than the semaphore's count ahead of the results the caller consumed.

    Pool.imap would otherwise read the whole input into its task queue as fast as it can.
    """
    for task in tasks:
        slots.acquire()
        if stop.is_set():
            return
        yield task


def default_workers() -> int:
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+: respects the affinity mask
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_jsonl(args: argparse.Namespace) -> int:
    from briefs.reading.read import STDIN, STDIN_ORIGIN, open_binary

    options = build_options(args)
    name = STDIN_ORIGIN if args.file == STDIN else args.file
    workers = args.workers or default_workers()
    handle = open_binary(args.file)
    written = failed = 0

    def emit(result: tuple[bool, str]) -> None:
        nonlocal written, failed
        ok, text = result
        if ok:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()  # a reader downstream gets each summary as soon as it is made
            written += 1
        else:
            print(f"zhbrief: {text}", file=sys.stderr)
            failed += 1

    try:
        if workers == 1:
            _init_worker(options, args.explain)
            for task in _lines(handle, name):
                emit(summarize_line(task))
        else:
            import multiprocessing
            import threading

            slots = threading.Semaphore(workers * CHUNKSIZE * 4)
            stop = threading.Event()
            pool = multiprocessing.Pool(workers, initializer=_init_worker, initargs=(options, args.explain))
            try:
                for result in pool.imap(summarize_line, _bounded(_lines(handle, name), slots, stop), CHUNKSIZE):
                    emit(result)
                    slots.release()
                pool.close()
            finally:
                stop.set()
                slots.release(workers * CHUNKSIZE * 4 + 1)  # unblock the feeder so the pool can shut down
                pool.terminate()
                pool.join()
    finally:
        sys.stdout.flush()
        if args.file != STDIN:
            handle.close()

    if failed:
        print(f"zhbrief: {name}: {failed} of {written + failed} lines skipped", file=sys.stderr)
    return 1 if failed and not written else 0
