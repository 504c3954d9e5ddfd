"""One measurement in a fresh process, for bench/run.py: prints one JSON object on stdout.

    python bench/measure.py throughput --system zhbrief --data DATA.jsonl [--limit N] [--convert s2tw]
    python bench/measure.py growth --chars 100000 --data DATA.jsonl
    python bench/measure.py growth --mb 5 --repeats 1 --data DATA.jsonl   # an article of 5 MB (UTF-8)
    python bench/measure.py script-cost --data DATA.jsonl [--convert s2tw]

Each run is its own process so its peak memory (VmHWM, the kernel's high-water mark of resident memory)
belongs to one system and one input only, and it is pinned to one CPU so seconds compare across systems.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable from a checkout without installing

WARM_UP = 5  # articles summarized before timing: dictionaries and caches load once, not per article
REPEATS = 3  # growth: the same article summarized this many times, the fastest counts


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource  # not Linux: ru_maxrss, in KiB on Linux and bytes on macOS

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_one_cpu() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def texts(data: Path) -> list[str]:
    return [json.loads(line)["text"] for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]


def long_article(data: Path, chars: int) -> str:
    """`chars` characters of dev-set articles joined as paragraphs: one long article with many sections' worth."""
    parts: list[str] = []
    length = 0
    for text in texts(data) * (1 + chars // 100_000):
        parts.append(text)
        length += len(text) + 2
        if length >= chars:
            break
    return "\n\n".join(parts)[:chars]


def converted(articles: list[str], config: str) -> list[str]:
    """The articles through OpenCC `config`, converted in a child process: its dictionaries (s2tw's are
    ~30 MB) must not count in this process's peak memory, which is the engine's."""
    import subprocess

    script = ("import json, sys, opencc; c = opencc.OpenCC(sys.argv[1]); "
              "json.dump([c.convert(t) for t in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)")
    done = subprocess.run([sys.executable, "-c", script, config], input=json.dumps(articles, ensure_ascii=False),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


BATCH = 32  # articles a batch, as briefs.batch sends them


def system(name: str) -> Callable[[list[str]], object]:
    """A function that summarizes a list of texts, as the system does it."""
    if name in ("zhbrief", "zhbrief-batch"):
        from summarize import SummaryOptions, summarize
        from summarize.pipeline import summarize_many

        options = SummaryOptions(budget=60)
        if name == "zhbrief-batch":  # step by step, BATCH articles at a time: what --jsonl and digest do
            return lambda texts: [summarize_many([(t, None) for t in texts[i : i + BATCH]], options)
                                  for i in range(0, len(texts), BATCH)]
        return lambda texts: [summarize(text, options=options).summary for text in texts]  # one call an article
    from briefs.evaluation.peers import load_peer

    peer = load_peer(name)
    return lambda texts: [peer.summarize(text) for text in texts]


def throughput(args: argparse.Namespace) -> dict[str, object]:
    articles = texts(args.data)[: args.limit]
    if args.convert:  # Traditional renderings, made before the clock starts and never stored
        articles = converted(articles, args.convert)
    summarize = system(args.system)
    summarize(articles[:WARM_UP])
    start = time.perf_counter()
    summarize(articles)
    seconds = time.perf_counter() - start
    return {
        "system": args.system,
        "convert": args.convert,
        "articles": len(articles),
        "chars": sum(len(t) for t in articles),
        "seconds": seconds,
        "articles_per_second": len(articles) / seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def script_cost(args: argparse.Namespace) -> dict[str, object]:
    """Each article and its Traditional rendering summarized in turn, the best of REPEATS rounds each:
    paired and interleaved, so load on a shared machine slows both sides alike and the difference stays."""
    from summarize import SummaryOptions, summarize

    simplified = texts(args.data)[: args.limit]
    traditional = converted(simplified, args.convert)
    options = SummaryOptions(budget=60)
    for text in simplified[:WARM_UP] + traditional[:WARM_UP]:
        summarize(text, options=options)
    best = {"simplified": [float("inf")] * len(simplified), "traditional": [float("inf")] * len(simplified)}
    for _ in range(REPEATS):
        for number, pair in enumerate(zip(simplified, traditional)):
            for script, text in zip(best, pair):
                start = time.perf_counter()
                summarize(text, options=options)
                best[script][number] = min(best[script][number], time.perf_counter() - start)
    seconds = {script: sum(times) for script, times in best.items()}
    return {
        "articles": len(simplified),
        "convert": args.convert,
        "simplified_seconds": seconds["simplified"],
        "traditional_seconds": seconds["traditional"],
        "simplified_per_second": len(simplified) / seconds["simplified"],
        "traditional_per_second": len(simplified) / seconds["traditional"],
        "extra_ms_per_article": 1000 * (seconds["traditional"] - seconds["simplified"]) / len(simplified),
        "peak_rss_mb": peak_rss_mb(),
    }


def growth(args: argparse.Namespace) -> dict[str, object]:
    from summarize import summarize

    if args.mb:
        # An article of that many megabytes in UTF-8 (Chinese: about 3 bytes a character).
        text = long_article(args.data, int(args.mb * 1024 * 1024 / 2.5))
        size = int(args.mb * 1024 * 1024)
        text = text.encode("utf-8")[:size].decode("utf-8", "ignore")
    else:
        text = long_article(args.data, args.chars)
    for warm in texts(args.data)[:WARM_UP]:
        summarize(warm)
    before = peak_rss_mb()
    seconds = float("inf")
    for _ in range(args.repeats):  # the best of a few: one run is at the mercy of whatever else the machine does
        start = time.perf_counter()
        summary = summarize(text)
        seconds = min(seconds, time.perf_counter() - start)
    return {
        "chars": len(text),
        "mb": len(text.encode("utf-8")) / 1024 / 1024,
        "sentences": len(summary.candidates),
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_mb_before_article": before,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("throughput")
    one.add_argument("--system", required=True,
                     help="zhbrief (one call an article), zhbrief-batch (summarize_many, 32 at a time) or a peer")
    one.add_argument("--data", type=Path, required=True)
    one.add_argument("--limit", type=int)
    one.add_argument("--convert", metavar="CONFIG", help="OpenCC config the articles go through first (s2tw: Traditional)")
    three = sub.add_parser("script-cost")
    three.add_argument("--data", type=Path, required=True)
    three.add_argument("--limit", type=int)
    three.add_argument("--convert", default="s2tw", metavar="CONFIG", help="OpenCC config of the Traditional side")
    two = sub.add_parser("growth")
    size = two.add_mutually_exclusive_group(required=True)
    size.add_argument("--chars", type=int)
    size.add_argument("--mb", type=float, help="an article of this many MB in UTF-8")
    two.add_argument("--repeats", type=int, default=REPEATS, help=f"the fastest of N runs (default {REPEATS})")
    two.add_argument("--data", type=Path, required=True)
    args = parser.parse_args(argv)
    pin_one_cpu()
    run = {"throughput": throughput, "script-cost": script_cost, "growth": growth}[args.what]
    print(json.dumps(run(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
