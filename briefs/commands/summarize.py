"""`zhbrief summarize`: the key sentences of one article (or of every line of a JSONL file), with themes.

Thin shell: flags and the config file become one SummaryOptions, `briefs.reading.read` reads the article, the
engine summarizes it, `briefs.render` formats it. Heavy modules (the engine, Jinja, trafilatura,
multiprocessing) are imported only when the run needs them: cold start is part of the product.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from briefs.commands.arguments import not_negative, positive, workers
from briefs.errors import NO_TEXT_LEFT, BriefError, UsageError, engine_failure, no_text_left
from briefs.model import Failure

if TYPE_CHECKING:
    from briefs.config import Config
    from briefs.model import Document
    from summarize.model import Summary
    from summarize.options import SummaryOptions

FORMATS = ("md", "html", "json", "text")

DESCRIPTION = """\
Pick the key sentences of one Chinese news article, section by section, tag each section with a theme
(技术突破, 落地应用, 挑战与对策, else 其他) and print them with the article's keywords.

FILE may be .txt, .md, .html or .json (one object with "title" and "text"), in UTF-8, UTF-16, GB18030/GBK
or Big5, in Simplified or Traditional Chinese (analysed through a Simplified rendering, shown as written); '-' reads stdin and tells JSON, HTML and Markdown (a '# ' title line) from text by their first characters. HTML pages are
reduced to their main text (menus, sidebars, comments and scripts dropped); their <h2>…<h4> become
sections.

FILE may also be an http(s) URL: the page is fetched and read exactly as the same page saved as a file is
read (an HTML page, or a text or JSON one by its type), and the summary links to it (the address the page
gives itself, else the URL). The whole download must finish within 20 s ([digest] fetch_deadline in
--config, if shorter) and be at most 20 MB ([digest] max_download_mb). A PDF, an image, an empty page or a
failed fetch is one line naming the URL (exit 1); a feed is sent to digest (exit 2)."""

EPILOG = """\
examples:
  zhbrief summarize samples/inbox/2026-11-25-robotics-scraped.txt
  zhbrief summarize samples/inbox/2026-11-25-ai-chip.html --format html > chip.html
  zhbrief summarize https://news.example.cn/2026/a.html --sentences 1
  cat article.txt | zhbrief summarize - --format json --budget 60
  zhbrief summarize article.txt --explain            # every sentence's score and why it was (not) chosen
  zhbrief summarize taipei.html --script traditional  # analysed in Simplified, shown as written (auto detects it)
  zhbrief summarize - --jsonl --budget 60 < articles.jsonl > summaries.jsonl
  zhbrief summarize - --jsonl --dask tcp://scheduler:8786 < articles.jsonl > summaries.jsonl

--jsonl: FILE (or stdin) holds one JSON object a line, {"id": …, "text": …, "title": … (optional)}.
  stdout gets one JSON object a line, in input order, with the input's "id" (null when it had none: give
  every line an id to match outputs to inputs). A line that cannot be used (invalid JSON, no "text",
  empty text) is reported on stderr as 'zhbrief: FILE:LINE: reason' and skipped; the others still come
  out. An input none of whose lines is an article (a manifest, a file of other records) is one line,
  'zhbrief: FILE: none of its N lines is an article (each: no "text" field …; its fields: …)'. Memory stays flat however long the input is. The lines go through the engine in batches, on
  --workers local processes, or with --dask ADDRESS on a Dask cluster (pip install 'zhbrief[dask]';
  every worker needs zhbrief installed); the output is the same either way.

exit status:
  0  the summary was written; with --jsonl: at least one line was summarized (or the input had none),
     even if others were skipped (they are on stderr)
  1  the article could not be read, fetched or summarized; with --jsonl: every line failed
  2  flags that cannot work together, or FILE holds many articles (JSONL without --jsonl; a feed: use digest),
     or is a URL that cannot be fetched (not http(s), not valid; --jsonl reads a file or stdin, not a URL)

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
    parser.add_argument("file", metavar="FILE", help="the article (.txt, .md, .html, .json), - for stdin, or an http(s) URL")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: md; JSON lines with --jsonl)")
    parser.add_argument("--sentences", type=positive, metavar="N", help="key sentences per section, at most (default: 2; after the first, only one an editor likely keeps)")
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
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="with --jsonl: run the articles on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786; needs zhbrief[dask]) instead of local processes",
    )
    parser.set_defaults(run=run)


def build_options(args: argparse.Namespace, config: Config | None = None) -> SummaryOptions:
    """The one SummaryOptions of this run: defaults, then the config file (read now unless given), then the flags."""
    from briefs.config import load_config, with_flags

    if config is None:
        config = load_config(args.config)
    try:
        options = with_flags(config.summary, sentences=args.sentences, budget=args.budget, keywords=args.keywords,
                             script=args.script)
        return replace(options, explain=args.explain)  # reasons cost time: made only when shown
    except ValueError as error:  # pragma: no cover — argparse already keeps the flags in range
        raise UsageError(str(error)) from None


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def is_address(file: str) -> bool:
    """FILE is a URL (scheme://…), to fetch, not a path: an http(s) one is read, another scheme refused by name."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", file) is not None


def read_address(url: str, config: Config) -> Document:
    """The page at `url`, within the limits the config's [digest] sets for a page (briefs.reading.web)."""
    from briefs.reading.ingest import ReadLimits
    from briefs.reading.web import read_url

    return read_url(url, ReadLimits.of(config.digest))


def run(args: argparse.Namespace) -> int:
    if args.jsonl and is_address(args.file):
        # JSONL is read as a stream in constant memory; a fetch holds one capped body within one deadline.
        raise UsageError("--jsonl reads a file or stdin, not a URL: stream it in, e.g. "
                         "curl -sS URL | zhbrief summarize - --jsonl")
    if args.jsonl:
        if args.format not in (None, "json"):
            raise UsageError("--jsonl writes JSON lines; drop --format or use --format json")
        if args.title is not None:
            raise UsageError("--title names one article; with --jsonl give each line its own \"title\"")
        if args.workers is not None and args.dask is not None:
            raise UsageError("--workers and --dask cannot work together: with --dask the cluster's workers do the work")
        return run_jsonl(args)
    if args.workers is not None or args.dask is not None:
        raise UsageError(f"{'--workers' if args.workers is not None else '--dask'} applies to --jsonl only")
    from briefs.reading.read import STDIN, kind_of, read_path

    address = is_address(args.file)
    if not address and args.file != STDIN and kind_of(args.file) is None:  # no article's suffix: perhaps many articles
        from briefs.reading.ingest import FEED_SUFFIXES, JSONL_SUFFIXES

        suffix = Path(args.file).suffix.lower()
        if suffix in JSONL_SUFFIXES:
            raise UsageError(f"{args.file} holds one article a line: add --jsonl")
        if suffix in FEED_SUFFIXES:  # read as text, its markup would be summarized
            raise UsageError(f"{args.file} is a feed of many articles: brief it with 'zhbrief digest {args.file}'")
    from briefs.config import load_config
    from briefs.render import render_summary
    from summarize import summarize

    config = load_config(args.config)
    options = build_options(args, config)
    document = read_address(args.file, config) if address else read_path(args.file)
    summary = summarize(document.text, title=args.title or document.title, options=options)
    if not summary.candidates:
        raise BriefError(f"{document.origin}: {NO_TEXT_LEFT}")
    _write(render_summary(summary, args.format or "md", origin=document.origin, document=document, explain=args.explain))
    return 0


# --- JSONL: one article a line, in order, in batches, in constant memory (briefs.batch) -----------


def _parse_line(task: tuple[str, bytes]) -> tuple[object, Document] | Failure:
    """One JSONL line -> (its id as given, its Document), or the Failure saying what was wrong."""
    from briefs.reading.ingest import failure
    from briefs.reading.read import decode, document_from_record, parse_json

    origin, raw = task
    try:
        record = parse_json(decode(raw, origin).lstrip("\ufeff"), origin)
        document = document_from_record(record, origin)
    except BriefError as error:
        return failure(error, origin)
    return (record.get("id") if isinstance(record, dict) else None), document  # the id as given: 7 stays 7


def _summary_line(
    origin: str, raw_id: object, document: Document, summary: Summary | Exception, options: SummaryOptions
) -> tuple[bool, str | Failure]:
    from briefs.render import json_line, summary_record

    if isinstance(summary, Exception):
        return False, engine_failure(origin, summary)
    if not summary.candidates:
        return False, no_text_left(origin)
    return True, json_line(summary_record(summary, id=raw_id, explain=options.explain, document=document))


def summarize_lines(options: SummaryOptions, batch: list[tuple[str, bytes]]) -> list[tuple[bool, str | Failure]]:
    """JSONL lines -> per line (True, its summary as one JSON line) or (False, the Failure saying what was wrong).

    The batch's articles go through the engine together (summarize_many, step by step); should the engine
    fail on one, they are redone one at a time, so that one article never takes the batch down.
    """
    from summarize import summarize
    from summarize.pipeline import summarize_many

    parsed = [_parse_line(task) for task in batch]
    good = [(task[0], item) for task, item in zip(batch, parsed) if not isinstance(item, Failure)]
    summaries: list[Summary | Exception]
    try:
        summaries = list(summarize_many([(d.text, d.title) for _, (_, d) in good], options))
    except Exception:  # noqa: BLE001 — find the one article, keep the rest
        summaries = []
        for _, (_, document) in good:
            try:
                summaries.append(summarize(document.text, title=document.title, options=options))
            except Exception as error:  # noqa: BLE001
                summaries.append(error)
    made = iter(_summary_line(origin, raw_id, document, summary, options)
                for (origin, (raw_id, document)), summary in zip(good, summaries))
    return [(False, item) if isinstance(item, Failure) else next(made) for item in parsed]


def _lines(handle: IO[bytes], name: str) -> Iterator[tuple[str, bytes]]:
    """(origin, bytes) of every non-blank line, numbered as an editor numbers them."""
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield f"{name}:{number}", line.rstrip(b"\r\n")  # JSON's own errors then point inside the line


def run_jsonl(args: argparse.Namespace) -> int:
    from briefs import batch
    from briefs.reading.ingest import HeldLines
    from briefs.reading.read import STDIN, STDIN_ORIGIN, open_binary

    options = build_options(args)
    name = STDIN_ORIGIN if args.file == STDIN else args.file
    where = batch.BatchOptions(workers=args.workers or batch.default_workers(), dask=args.dask)
    handle = open_binary(args.file)
    written = failed = 0
    # Bad lines are held back until a line gives an article: an input none of whose lines is one (a
    # manifest) is one failure saying what its lines lack, as the digest reports it (ingest.HeldLines).
    held = HeldLines(name)

    def report(failures: list[Failure]) -> None:
        for failure in failures:
            print(f"zhbrief: {failure.origin}: {failure.reason}", file=sys.stderr)

    try:
        for ok, item in batch.run(summarize_lines, options, _lines(handle, name), where):
            if ok:
                report(held.article())
                sys.stdout.write(f"{item}\n")
                sys.stdout.flush()  # a reader downstream gets each summary as soon as it is made
                written += 1
            else:
                assert isinstance(item, Failure)
                report(held.failed(item))
                failed += 1
    finally:
        sys.stdout.flush()
        if args.file != STDIN:
            handle.close()

    finished = held.finish()
    report(finished)
    if failed and not any(failure.origin == name for failure in finished):
        print(f"zhbrief: {name}: {failed} of {written + failed} lines skipped", file=sys.stderr)
    return 1 if failed and not written else 0
