"""`zhbrief eval`: ROUGE and speed of zhbrief and its peers on one JSONL data set, as a table or JSON;
with `--labels FILE`, what an editor would say of its picks and themes on editor-labelled articles.

With `--min-r1/--min-r2/--min-rl` (and, for labels, `--min-key-ok`, `--max-junk`, ...) it is also a gate:
it exits 1 when zhbrief falls below a floor, so a regression cannot land quietly and a floor can only be
lowered by editing where it is set (the Makefile).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from briefs.errors import BriefError, UsageError
from briefs.evaluation.rouge import NORMALISATION, SystemScore, read_dataset, score_systems, zhbrief
from briefs.evaluation.peers import PEERS, load_peer
from briefs.evaluation.labels import BASELINES, evaluate_labels, format_report, read_labels, report_json

DEFAULT_PEERS = ",".join(PEERS)

EPILOG = """\
example:
  $ zhbrief eval ../shared/data/nlpcc2017_dev.jsonl --peers lead,sumy-lexrank --limit 100
  100 articles from ../shared/data/nlpcc2017_dev.jsonl, summaries cut to 60 characters (pinned to CPU 0)
  character ROUGE F1 x100, NFKC; whitespace and Unicode punctuation (categories P*) removed
  system               R1     R2     RL   seconds  chars
  zhbrief           34.70  21.26  27.66      0.24   51.8
  lead              30.53  17.62  22.91      0.00   60.0
  sumy-lexrank      27.23  14.60  20.99      0.74   51.0

  as a gate, as `make eval` runs it (exit status 1 when a figure is below its floor):
  $ zhbrief eval ../shared/data/nlpcc2017_dev.jsonl --min-r1 33.5 --min-r2 20.5 --min-rl 26.5

  on editor labels (../shared/data/README.md), zhbrief beside lead-2 and textrank4zh:
  $ zhbrief eval --labels ../shared/data/themes_dev.jsonl --min-key-ok 60 --max-junk 25

peers: lead (first characters), first-sentence, textrank4zh, snownlp, sumy-lexrank, sumy-textrank.
All but lead and first-sentence are the optional extra: pip install 'zhbrief[eval]'.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="ROUGE and speed of zhbrief and its peers on a JSONL data set",
        description=(
            'Score zhbrief and peer summarizers on the articles of a JSONL file ({"id", "text", "summary"}\n'
            "a line): every output is cut to --budget characters, then compared with the reference by\n"
            f"character ROUGE-1, ROUGE-2 and ROUGE-L F1 x100 ({NORMALISATION}).\n"
            "Seconds: wall time to produce all the summaries on one core, after one untimed warm-up article."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "data", type=Path, nargs="?", help="JSONL file, e.g. ../shared/data/nlpcc2017_dev.jsonl (not with --labels)"
    )
    parser.add_argument("--budget", type=int, default=60, help="characters each summary is cut to (default 60)")
    parser.add_argument(
        "--peers",
        default=DEFAULT_PEERS,
        help=f"comma-separated peers to score beside zhbrief, or '' for none (default {DEFAULT_PEERS})",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON to OUT")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N articles")
    for name, label in (("r1", "ROUGE-1"), ("r2", "ROUGE-2"), ("rl", "ROUGE-L")):
        parser.add_argument(
            f"--min-{name}", type=float, metavar="F", help=f"fail (exit 1) when zhbrief's {label} F1 x100 is below F"
        )
    labels = parser.add_argument_group(
        "editor labels",
        "--labels FILE scores zhbrief's picks (2 a section), themes and digest against an editor's labels,\n"
        "with lead-2 and textrank4zh picking from the same sections. Floors are percentages.",
    )
    labels.add_argument("--labels", type=Path, metavar="FILE", help="label file, e.g. ../shared/data/themes_dev.jsonl")
    labels.add_argument(
        "--baselines",
        default=",".join(BASELINES),
        help=f"comma-separated baselines beside zhbrief, or '' for none (default {','.join(BASELINES)})",
    )
    for flag, what in LABEL_FLOORS:
        labels.add_argument(flag, type=float, metavar="PCT", help=what)
    parser.set_defaults(run=run)


def _one_core() -> str:
    """Pin this process to one CPU so every system's seconds mean the same thing; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "one process"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def format_table(rows: list[SystemScore]) -> str:
    lines = [f"{'system':<16}{'R1':>7}{'R2':>7}{'RL':>7}{'seconds':>10}{'chars':>7}"]
    for row in rows:
        lines.append(
            f"{row.name:<16}{row.r1:>7.2f}{row.r2:>7.2f}{row.rl:>7.2f}{row.seconds:>10.2f}{row.mean_chars:>7.1f}"
        )
    return "\n".join(lines)


# flag, help; the gate in `_label_gate` reads them by their argparse names.
LABEL_FLOORS = (
    ("--min-key-ok", "fail (exit 1) when less than PCT%% of zhbrief's chosen sentences are key or ok"),
    ("--max-junk", "fail when more than PCT%% of zhbrief's chosen sentences are junk"),
    ("--min-section-themes", "fail when fewer than PCT%% of the labelled sections get the editor's theme"),
    ("--min-sentence-themes", "fail when fewer than PCT%% of the labelled sentences get the editor's theme"),
    ("--min-digest-themes", "fail when fewer than PCT%% of the digest's theme items carry their section's theme"),
    ("--max-digest-junk", "fail when more than PCT%% of the digest's theme items are junk"),
)


def _write_json(path: Path, figures: object) -> None:
    try:
        path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise BriefError(f"{path}: cannot write the figures ({error.strerror or error})") from error


def run_labels(args: argparse.Namespace) -> int:
    names = [name.strip() for name in args.baselines.split(",") if name.strip()]
    unknown = [name for name in names if name not in BASELINES]
    if unknown:
        raise UsageError(f"--baselines: unknown baseline {unknown[0]!r}; choose from {','.join(BASELINES)}")
    articles = read_labels(args.labels, args.limit)
    rebuilt = [article.id for article in articles if article.rebuilt]
    if rebuilt:
        shown = ", ".join(rebuilt[:5]) + (f" and {len(rebuilt) - 5} more" if len(rebuilt) > 5 else "")
        print(f"zhbrief: eval: no source text for {len(rebuilt)} of {len(articles)} labelled articles ({shown}): "
              "each is rebuilt from its labelled sentences", file=sys.stderr, flush=True)

    def progress(name: str) -> None:
        print(f"zhbrief: eval: {name} on {len(articles)} labelled articles", file=sys.stderr, flush=True)

    report = evaluate_labels(articles, names, progress)
    print(format_report(report, str(args.labels)))
    if args.json is not None:
        _write_json(args.json, report_json(report, str(args.labels)))

    ours, digest = report.roles["zhbrief"], report.digest
    checks = (
        ("key+ok", ours.share("key", "ok"), args.min_key_ok, False),
        ("junk", ours.share("junk"), args.max_junk, True),
        ("section themes", report.section_themes.accuracy, args.min_section_themes, False),
        ("sentence themes", report.sentence_themes.accuracy, args.min_sentence_themes, False),
        ("digest items carrying their theme", digest.carrying_share, args.min_digest_themes, False),
        ("digest junk", digest.roles.share("junk"), args.max_digest_junk, True),
    )
    failed = [
        f"{label} {value:.1f}% {'>' if ceiling else '<'} {bound:.1f}%"
        for label, value, bound, ceiling in checks
        if bound is not None and (value > bound if ceiling else value < bound)
    ]
    if failed:
        raise BriefError(f"{args.labels}: zhbrief fell below its floor: {'; '.join(failed)}")
    return 0


def _check_json_target(path: Path) -> None:
    """Refuse a --json OUT that cannot be written before any scoring: on the whole dev set that takes
    minutes, and the figures would be lost at the end."""
    folder = path.parent
    if path.is_dir():
        raise BriefError(f"{path}: cannot write the figures (it is a folder)")
    if not folder.is_dir():
        raise BriefError(f"{path}: cannot write the figures (no such folder: {folder})")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise BriefError(f"{path}: cannot write the figures (permission denied)")


def run(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit must be at least 1, not {args.limit}")
    if args.json is not None:
        _check_json_target(args.json)
    if args.labels is not None:
        if args.data is not None:
            raise UsageError("give either a data set or --labels FILE, not both")
        return run_labels(args)
    if args.data is None:
        raise UsageError("give a data set (e.g. ../shared/data/nlpcc2017_dev.jsonl) or --labels FILE")
    set_floors = [flag for flag, _ in LABEL_FLOORS if getattr(args, flag[2:].replace("-", "_")) is not None]
    if set_floors:
        raise UsageError(f"{set_floors[0]} is a floor for --labels")
    if args.budget < 1:
        raise UsageError(f"--budget must be a positive number of characters, not {args.budget}")
    names = [name.strip() for name in args.peers.split(",") if name.strip()]
    unknown = [name for name in names if name not in PEERS]
    if unknown:
        raise UsageError(f"--peers: unknown peer {unknown[0]!r}; choose from {DEFAULT_PEERS}")

    examples = read_dataset(args.data, args.limit)
    systems = [zhbrief(args.budget)] + [load_peer(name) for name in names]
    where = _one_core()

    def progress(name: str) -> None:
        print(f"zhbrief: eval: {name} on {len(examples)} articles", file=sys.stderr, flush=True)

    rows = score_systems(examples, systems, args.budget, progress)
    print(f"{len(examples)} articles from {args.data}, summaries cut to {args.budget} characters ({where})")
    print(f"character ROUGE F1 x100, {NORMALISATION}")
    print(format_table(rows))

    if args.json is not None:
        figures = {
            "data": str(args.data),
            "articles": len(examples),
            "budget": args.budget,
            "normalisation": NORMALISATION,
            "systems": [
                {
                    "name": row.name,
                    "r1": round(row.r1, 2),
                    "r2": round(row.r2, 2),
                    "rl": round(row.rl, 2),
                    "seconds": round(row.seconds, 3),
                    "mean_chars": round(row.mean_chars, 1),
                }
                for row in rows
            ],
        }
        _write_json(args.json, figures)

    ours = rows[0]
    below = [
        f"{label} {value:.2f} < {floor:.2f}"
        for label, value, floor in (
            ("ROUGE-1", ours.r1, args.min_r1),
            ("ROUGE-2", ours.r2, args.min_r2),
            ("ROUGE-L", ours.rl, args.min_rl),
        )
        if floor is not None and value < floor
    ]
    if below:
        raise BriefError(f"{args.data}: zhbrief fell below its floor: {'; '.join(below)}")
    return 0
