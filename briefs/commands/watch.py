"""`zhbrief watch test`: whether articles match each watchlist of a config, and which terms did — to tune
a watchlist without running a digest. Reads and cleans each article exactly as the digest does."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefs.errors import BriefError, UsageError

EXIT_FAILED_INPUTS = 3

EPILOG = """\
example:
  zhbrief watch test --config zhbrief.toml samples/inbox/2026-11-25-medical-ai.json inbox/

output: for each watchlist, one line per article: ✓ and the terms it matched (×N: times, title ones
counted once here and twice for min_hits), or ✗ and why not (excluded by a none term, no term of any,
an all group missing, too few hits).

exit status: 0 done; 1 bad config or no watchlists; 2 bad flags; 3 some articles could not be read."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("watch", help="try a config's [[watchlists]] on articles",
                                   description="Watchlists: the [[watchlists]] tables of a config file.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    test = actions.add_parser("test", help="which articles each watchlist matches, and by which terms",
                              description=__doc__.split("\n\n")[0].replace("`", ""), epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    test.add_argument("articles", nargs="+", metavar="ARTICLE",
                      help="article file, folder, JSONL file, feed file or feed URL (as zhbrief digest reads them)")
    test.add_argument("--config", type=Path, metavar="FILE", required=True, help="TOML file with [[watchlists]]")
    test.add_argument("--watchlist", action="append", metavar="NAME", help="only this watchlist (repeatable)")
    test.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefs.config import load_config
    from briefs.digest.watchlists import match, summary_text, tokenizer
    from briefs.reading import ingest
    from summarize import summarize

    config = load_config(args.config)
    chosen = config.watchlists
    if args.watchlist:
        known = {w.name for w in chosen}
        for name in args.watchlist:
            if name not in known:
                raise UsageError(f"--watchlist {name!r}: {args.config} has no such watchlist "
                                 f"(it has: {', '.join(sorted(known)) or 'none'})")
        chosen = tuple(w for w in chosen if w.name in args.watchlist)
    if not chosen:
        raise BriefError(f"{args.config}: no [[watchlists]] tables to test")

    tokenize = tokenizer(config.summary.user_words)
    texts = []
    failed = 0
    for item in ingest.tasks(args.articles):
        try:
            if not isinstance(item, ingest.Task):
                raise BriefError(f"{item.origin}: {item.reason}")
            document = ingest.load(item)
            summary = summarize(document.text, title=document.title, options=config.summary)
        except BriefError as error:
            print(f"zhbrief: {error}", file=sys.stderr)
            failed += 1
            continue
        texts.append((item.origin, summary_text(summary, document.title, tokenize)))

    for watchlist in chosen:
        print(watchlist.name)
        for origin, text in texts:
            result = match(watchlist, text)
            if result.matched:
                print(f"  ✓ {origin}: {result.shown()} ({result.weight} hit{'' if result.weight == 1 else 's'})")
            else:
                print(f"  ✗ {origin}: {result.reason}" + (f" (found: {result.shown()})" if result.hits else ""))
    return EXIT_FAILED_INPUTS if failed else 0
