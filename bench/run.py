"""`make bench`: zhbrief's speed and memory against its targets, every figure measured in this one run.

    python bench/run.py --data ../shared/data/nlpcc2017_dev.jsonl [--json bench.json]

Sections (each can be chosen with --only):
  throughput  articles/s and peak memory of zhbrief (in batches of 32, and one call an article) and of
              textrank4zh over the dev set, each in its own process pinned to one CPU, after a warm-up, three
              rounds; target: zhbrief >= 90x textrank4zh, median of the rounds. Beside it, zhbrief on the dev
              set converted to Traditional with OpenCC s2tw at bench time (never stored): what analysing
              Traditional text through its Simplified rendering costs per article
  cold        the real `zhbrief summarize PAGE` command, process start to exit, best of --runs, against a
              one-line textrank4zh script on the same page; target: >= 5x faster and <= 0.3 s
  growth      one article of 1k, 10k and 100k characters, each in a fresh process; target: 100k < 1 s, < 200 MB
  batch       `zhbrief summarize - --jsonl --budget 60 --workers N` over 10,000 articles (the dev set
              repeated), whole process tree watched; target: peak < 300 MB
  cluster     the same batch with --dask on a Dask LocalCluster (2 worker processes on loopback)
  digest      bench/digest_bench.py (the digest engineer's), 5,000 articles
  huge        one article of 10k characters, then of 1, 2 and 5 MB, each in a fresh process; target: time
              per character of the 5 MB one within 2x of the 10k one's, peak < 1 GB
  near_duplicates  20,000 feed entries of one story through the digest (the worst case of duplicate
              grouping); target: < 30 s, whole tree < 1 GB
This is a script that prints figures, never a test: timings on a shared machine are not pass/fail.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from proctree import run_watched  # noqa: E402

SECTIONS = ("throughput", "cold", "growth", "batch", "cluster", "digest", "huge", "near_duplicates")
TEXTRANK4ZH_ONE_LINER = (
    "import sys, networkx; networkx.from_numpy_matrix = networkx.from_numpy_array; "
    "from textrank4zh import TextRank4Sentence; t = TextRank4Sentence(); "
    "t.analyze(open(sys.argv[1], encoding='utf-8').read(), lower=True, source='all_filters'); "
    "print(t.get_key_sentences(num=1)[0].sentence)"
)


def say(line: str = "") -> None:
    print(line, flush=True)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def machine() -> dict[str, Any]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other work on the machine slows every figure; the 1-minute load average says how much there was.
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def zhbrief_command() -> tuple[list[str], str]:
    """The installed entry point next to this Python, else `python -m briefs` (the same code)."""
    entry = Path(sys.executable).parent / "zhbrief"
    if entry.exists():
        return [str(entry)], str(entry)
    return [sys.executable, "-m", "briefs"], f"{sys.executable} -m briefs (no zhbrief entry point installed)"


def measure(*args: str) -> dict[str, Any]:
    """One bench/measure.py run in a fresh process; its JSON line."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "measure.py"), *args], capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode != 0:
        raise SystemExit(f"bench/measure.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- sections ------------------------------------------------------------------------------------


RATIO_TARGET = 90  # issue 14: per core, median of the rounds
COLD_TARGET_S = 0.3


def throughput(data: Path, peer_limit: int | None, rounds: int) -> dict[str, Any]:
    say(f"## Throughput: summarize the dev set in one process on one CPU, after a 5-article warm-up; {rounds} rounds")
    say("   (zhbrief-batch: step by step, 32 articles at a time, as --jsonl and digest run; zhbrief: one call an article)")
    limit = ["--limit", str(peer_limit)] if peer_limit else []
    runs: list[dict[str, Any]] = []
    for number in range(1, rounds + 1):  # each round measures all three back to back: the machine's load is shared
        batch_row = measure("throughput", "--system", "zhbrief-batch", "--data", str(data))
        one_row = measure("throughput", "--system", "zhbrief", "--data", str(data))
        theirs = measure("throughput", "--system", "textrank4zh", "--data", str(data), *limit)
        ratio = batch_row["articles_per_second"] / theirs["articles_per_second"]
        one_ratio = one_row["articles_per_second"] / theirs["articles_per_second"]
        runs.append({"zhbrief_batch": batch_row, "zhbrief": one_row, "textrank4zh": theirs, "ratio": ratio, "one_call_ratio": one_ratio})
        say(f"  round {number}: zhbrief-batch {batch_row['articles_per_second']:7.1f} articles/s, zhbrief {one_row['articles_per_second']:7.1f}, "
            f"textrank4zh {theirs['articles_per_second']:5.2f}: {ratio:.0f}x ({one_ratio:.0f}x one call an article); "
            f"peaks {batch_row['peak_rss_mb']:.0f} / {one_row['peak_rss_mb']:.0f} / {theirs['peak_rss_mb']:.0f} MB")
    traditional = measure("throughput", "--system", "zhbrief", "--data", str(data), "--convert", "s2tw")
    say(f"  zhbrief s2tw (one call an article, the dev set in Traditional): {traditional['articles_per_second']:.1f} articles/s, "
        f"peak {traditional['peak_rss_mb']:.1f} MB")
    paired = measure("script-cost", "--data", str(data), "--convert", "s2tw")
    say(f"  Traditional beside Simplified, each article and its s2tw rendering in turn (best of 3 each): "
        f"{paired['simplified_per_second']:.0f} vs {paired['traditional_per_second']:.0f} articles/s, "
        f"{paired['extra_ms_per_article']:+.2f} ms an article for detecting, converting and mapping back")
    if runs[0]["textrank4zh"]["articles"] != runs[0]["zhbrief"]["articles"]:
        say(f"  (textrank4zh on the first {runs[0]['textrank4zh']['articles']} articles only, by --textrank4zh-articles)")
    ratio = statistics.median(r["ratio"] for r in runs)
    one_ratio = statistics.median(r["one_call_ratio"] for r in runs)
    ok = ratio >= RATIO_TARGET
    say(f"  median of {rounds} rounds: zhbrief is {ratio:.0f}x textrank4zh's throughput per core "
        f"({one_ratio:.0f}x one call an article) (target >= {RATIO_TARGET}x: {verdict(ok)})")
    return {"rounds": runs, "ratio": ratio, "one_call_ratio": one_ratio, "target_met": ok,
            "zhbrief_traditional": traditional, "traditional_paired": paired,
            "zhbrief": statistics.median(r["zhbrief_batch"]["articles_per_second"] for r in runs),
            "textrank4zh": statistics.median(r["textrank4zh"]["articles_per_second"] for r in runs)}


def best_wall_time(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def byte_compile() -> list[str]:
    """Byte-compile zhbrief's packages where this Python imports them from, as pip does when it installs the
    wheel. An editable install under PYTHONDONTWRITEBYTECODE (set on some machines and CI images) keeps no
    bytecode, and every run would compile the ~60 modules from source again, which no installed copy does."""
    import compileall
    import importlib.util

    compiled = []
    for name in ("summarize", "briefs"):
        spec = importlib.util.find_spec(name)
        for folder in spec.submodule_search_locations if spec and spec.submodule_search_locations else ():
            compileall.compile_dir(folder, quiet=1)
            compiled.append(folder)
    return compiled


def cold_start(page: Path, runs: int) -> dict[str, Any]:
    command, shown = zhbrief_command()
    say(f"## Cold start: process start to exit on {page.relative_to(ROOT.parent) if page.is_relative_to(ROOT.parent) else page} ({page.stat().st_size // 1024} KB), best of {runs}")
    say(f"  zhbrief's packages byte-compiled first, as an installed wheel is: {', '.join(byte_compile())}")
    ours = best_wall_time([*command, "summarize", str(page)], runs)
    theirs = best_wall_time([sys.executable, "-c", TEXTRANK4ZH_ONE_LINER, str(page)], runs)
    ratio = theirs / ours
    say(f"  zhbrief summarize PAGE        {ours:6.3f} s   ({shown})")
    say(f"  textrank4zh one-line script   {theirs:6.3f} s   (import, analyze, top sentence; networkx 3 shim)")
    ok = ratio >= 5 and ours <= COLD_TARGET_S
    say(f"  zhbrief is {ratio:.1f}x faster from a cold start (target >= 5x and <= {COLD_TARGET_S} s: {verdict(ok)})")
    return {"page": str(page), "command": shown, "zhbrief_s": ours, "textrank4zh_s": theirs, "ratio": ratio,
            "runs": runs, "target_met": ok}


def growth(data: Path) -> dict[str, Any]:
    say("## Growth: one article of dev-set text joined as paragraphs, each size in a fresh process (best of 3)")
    rows = [measure("growth", "--chars", str(chars), "--data", str(data)) for chars in (1_000, 10_000, 100_000)]
    for row in rows:
        say(
            f"  {row['chars']:>7,} chars  {row['sentences']:>5} sentences  {row['seconds']:>7.3f} s  "
            f"{1000 * row['seconds'] / (row['chars'] / 1000):>6.2f} ms per 1k chars  "
            f"peak {row['peak_rss_mb']:>6.1f} MB (process was {row['peak_rss_mb_before_article']:.1f} MB before)"
        )
    big = rows[-1]
    ok = big["seconds"] < 1 and big["peak_rss_mb"] < 200
    say(f"  100k characters in {big['seconds']:.2f} s and {big['peak_rss_mb']:.0f} MB (target < 1 s and < 200 MB: {verdict(ok)})")
    return {"sizes": rows, "target_met": ok}


def write_inbox(data: Path, articles: int, path: Path) -> None:
    """`articles` JSONL lines: the dev set repeated, each copy with its own id."""
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for number in range(articles):
            row = rows[number % len(rows)]
            handle.write(json.dumps({"id": f"{row['id']}-{number // len(rows)}", "text": row["text"]}, ensure_ascii=False) + "\n")


def run_jsonl(command: list[str], flags: list[str], inbox: Path, outbox: Path) -> tuple[Any, int]:
    with inbox.open("rb") as stdin, outbox.open("wb") as stdout:
        watched = run_watched([*command, "summarize", "-", "--jsonl", "--budget", "60", *flags], stdin=stdin, stdout=stdout, cwd=ROOT)
    with outbox.open("rb") as handle:
        return watched, sum(1 for _ in handle)


def batch(data: Path, articles: int) -> dict[str, Any]:
    command, shown = zhbrief_command()
    say(f"## Batch: zhbrief summarize - --jsonl --budget 60 over {articles:,} articles, whole process tree")
    results: dict[str, Any] = {"articles": articles, "command": shown, "runs": []}
    with tempfile.TemporaryDirectory(prefix="zhbrief-bench-") as temp:
        inbox, outbox = Path(temp) / "in.jsonl", Path(temp) / "out.jsonl"
        write_inbox(data, articles, inbox)
        for workers in (1, 2):
            watched, written = run_jsonl(command, ["--workers", str(workers)], inbox, outbox)
            run = {
                "workers": workers,
                "seconds": watched.seconds,
                "articles_per_second": articles / watched.seconds,
                "summaries": written,
                "processes": watched.processes,
                "peak_rss_mb": watched.peak_rss_mb,
                "peak_pss_mb": watched.peak_pss_mb,
                "sum_hwm_mb": watched.sum_hwm_mb,
            }
            results["runs"].append(run)
            say(
                f"  --workers {workers}: {watched.seconds:6.1f} s  {run['articles_per_second']:6.0f} articles/s  "
                f"{written:,} summaries  {watched.processes} process(es), tree peak RSS {watched.peak_rss_mb:.0f} MB, "
                f"PSS {watched.peak_pss_mb:.0f} MB, sum of per-process peaks {watched.sum_hwm_mb:.0f} MB"
            )
            if written != articles:
                say(f"  !! {articles - written} articles missing from the output; stderr: {watched.stderr[-500:]}")
    one, two = results["runs"]
    results["speedup"] = one["seconds"] / two["seconds"]
    worst = max(run["sum_hwm_mb"] for run in results["runs"])
    results["target_met"] = worst < 300 and all(run["summaries"] == articles for run in results["runs"])
    say(f"  speed-up with 2 workers: {results['speedup']:.2f}x")
    say(f"  largest sum of per-process peaks {worst:.0f} MB (target < 300 MB: {verdict(results['target_met'])})")
    return results


def cluster(data: Path, articles: int) -> dict[str, Any] | None:
    """The same --jsonl batch on a Dask LocalCluster (2 worker processes, one thread each, on loopback)."""
    command, shown = zhbrief_command()
    say(f"## Dask: the batch above with --dask on a LocalCluster of 2 worker processes (loopback), {articles:,} articles")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        say("  dask.distributed is not installed (pip install 'zhbrief[dask]'): skipped")
        return None
    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as local, \
            Client(local) as client, tempfile.TemporaryDirectory(prefix="zhbrief-bench-") as temp:
        client.wait_for_workers(2, timeout=120)
        startup = time.perf_counter() - started
        inbox, outbox = Path(temp) / "in.jsonl", Path(temp) / "out.jsonl"
        write_inbox(data, articles, inbox)
        watched, written = run_jsonl(command, ["--dask", local.scheduler_address], inbox, outbox)
    rate = articles / watched.seconds
    say(f"  cluster up in {startup:.1f} s; --dask: {watched.seconds:6.1f} s  {rate:6.0f} articles/s  {written:,} summaries "
        f"(client process tree peak RSS {watched.peak_rss_mb:.0f} MB; the workers are the cluster's)")
    if written != articles:
        say(f"  !! {articles - written} articles missing from the output; stderr: {watched.stderr[-500:]}")
    return {"articles": articles, "startup_s": startup, "seconds": watched.seconds, "articles_per_second": rate,
            "summaries": written, "client_peak_rss_mb": watched.peak_rss_mb}


def digest(data: Path, articles: int) -> dict[str, Any] | None:
    script = BENCH / "digest_bench.py"
    say(f"## Digest: bench/digest_bench.py --articles {articles:,}")
    if not script.exists():
        say("  bench/digest_bench.py is absent: skipped")
        return None
    with tempfile.TemporaryFile() as stdout:
        watched = run_watched(
            [sys.executable, str(script), "--data", str(data), "--articles", str(articles), "--json"], stdout=stdout, cwd=ROOT
        )
        stdout.seek(0)
        figures = json.loads(stdout.read().decode().strip().splitlines()[-1])
    say(f"  {figures['articles']:,} articles, {figures['workers']} worker(s): {figures['seconds']:.1f} s, "
        f"{figures['articles_per_second']} articles/s; kept {figures['kept']}, {figures['duplicates']} duplicates folded, "
        f"{figures['failed']} failed")
    say(f"  peak RSS {figures['peak_rss_mb']:.0f} MB (main) + {figures['peak_worker_rss_mb']:.0f} MB (largest worker); "
        f"whole tree watched from outside: peak RSS {watched.peak_rss_mb:.0f} MB, PSS {watched.peak_pss_mb:.0f} MB")
    figures["tree_peak_rss_mb"] = watched.peak_rss_mb
    figures["tree_peak_pss_mb"] = watched.peak_pss_mb
    return figures


def huge(data: Path) -> dict[str, Any]:
    say("## Huge articles: 10k characters, then 1, 2 and 5 MB of dev-set text as one article, fresh process each")
    rows = [measure("growth", "--chars", "10000", "--data", str(data))]
    rows += [measure("growth", "--mb", str(mb), "--repeats", "1", "--data", str(data)) for mb in (1, 2, 5)]
    base = rows[0]["seconds"] / rows[0]["chars"]
    for row in rows:
        row["ratio_per_char"] = row["seconds"] / row["chars"] / base
        say(f"  {row['mb']:>6.2f} MB  {row['chars']:>9,} chars  {row['sentences']:>6,} sentences  "
            f"{row['seconds']:>7.2f} s  {1e6 * row['seconds'] / row['chars']:>6.2f} µs per char "
            f"({row['ratio_per_char']:.2f}x the 10k one's)  peak {row['peak_rss_mb']:>6.0f} MB")
    big = rows[-1]
    ok = big["ratio_per_char"] <= 2 and max(r["peak_rss_mb"] for r in rows) < 1024
    say(f"  5 MB: {big['ratio_per_char']:.2f}x the time per character of 10k, peak {big['peak_rss_mb']:.0f} MB "
        f"(target <= 2x and < 1 GB: {verdict(ok)})")
    return {"sizes": rows, "target_met": ok}


def near_duplicates(data: Path, entries: int) -> dict[str, Any]:
    script = BENCH / "digest_bench.py"
    say(f"## Near-duplicates: {entries:,} feed entries of one story through the digest")
    with tempfile.TemporaryFile() as stdout:
        watched = run_watched([sys.executable, str(script), "--data", str(data), "--near-identical-entries",
                               str(entries), "--json"], stdout=stdout, cwd=ROOT)
        stdout.seek(0)
        figures = json.loads(stdout.read().decode().strip().splitlines()[-1])
    figures["tree_peak_rss_mb"] = watched.peak_rss_mb
    figures["tree_peak_pss_mb"] = watched.peak_pss_mb
    ok = figures["seconds"] < 30 and watched.peak_pss_mb < 1024
    say(f"  {figures['articles']:,} entries, {figures['workers']} worker(s): {figures['seconds']:.1f} s; kept "
        f"{figures['kept']}, {figures['duplicates']:,} duplicates folded, {figures['failed']} failed; grouping "
        f"{figures['grouping_seconds']:.2f} s; whole tree "
        f"peak RSS {watched.peak_rss_mb:.0f} MB, PSS {watched.peak_pss_mb:.0f} MB (target < 30 s, < 1 GB: {verdict(ok)})")
    figures["target_met"] = ok
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data" / "nlpcc2017_dev.jsonl", help="the dev set JSONL"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save every figure as JSON")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections (default: {','.join(SECTIONS)})")
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs; the best counts (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds; the median ratio counts (default 3)")
    parser.add_argument("--textrank4zh-articles", type=int, metavar="N", help="time textrank4zh on the first N only (default: all)")
    parser.add_argument("--batch-articles", type=int, default=10_000, metavar="N", help="default 10,000")
    parser.add_argument("--digest-articles", type=int, default=5_000, metavar="N", help="default 5,000")
    parser.add_argument("--near-duplicate-entries", type=int, default=20_000, metavar="N", help="default 20,000")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    if not args.data.is_file():
        parser.error(f"{args.data}: no such file (the NLPCC 2017 dev set lives in ../shared/data, not in the repository)")
    page = ROOT.parent / "shared" / "samples" / "ai-medical-scraped.txt"
    if not page.exists():
        page = ROOT / "samples" / "inbox" / "2026-11-25-robotics-scraped.txt"

    info = machine()
    say(f"# zhbrief bench — {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
        f"{info['memory_gb']} GB, Python {info['python']}, {info['platform']}")
    say(f"# load average at start: {info['load_average_1min']} (other work on these cores slows every figure)")
    say(f"# data: {args.data}")
    figures: dict[str, Any] = {"machine": info, "data": str(args.data)}
    for section in chosen:
        say()
        if section == "throughput":
            figures["throughput"] = throughput(args.data, args.textrank4zh_articles, args.rounds)
        elif section == "cold":
            figures["cold_start"] = cold_start(page, args.runs)
        elif section == "growth":
            figures["growth"] = growth(args.data)
        elif section == "batch":
            figures["batch"] = batch(args.data, args.batch_articles)
        elif section == "cluster":
            figures["cluster"] = cluster(args.data, args.batch_articles)
        elif section == "digest":
            figures["digest"] = digest(args.data, args.digest_articles)
        elif section == "huge":
            figures["huge"] = huge(args.data)
        elif section == "near_duplicates":
            figures["near_duplicates"] = near_duplicates(args.data, args.near_duplicate_entries)
    if "throughput" in figures and "batch" in figures:
        # The batch runs as a user runs it: every core, JSON in and out. textrank4zh has no such mode.
        best = max(figures["batch"]["runs"], key=lambda run: run["articles_per_second"])
        peer = figures["throughput"]["textrank4zh"]
        figures["all_cores_ratio"] = best["articles_per_second"] / peer
        say()
        say(f"## On every core: the --jsonl batch with --workers {best['workers']} does "
            f"{best['articles_per_second']:.0f} articles/s, {figures['all_cores_ratio']:.0f}x textrank4zh's "
            f"one-process rate (the target above is judged per core: {figures['throughput']['ratio']:.0f}x)")
    if figures.get("cluster") and "batch" in figures:
        two = figures["batch"]["runs"][-1]
        say()
        say(f"## Local and Dask side by side: --workers {two['workers']} {two['articles_per_second']:.0f} articles/s; "
            f"--dask on a 2-process LocalCluster {figures['cluster']['articles_per_second']:.0f} articles/s "
            f"(same cores: the difference is what the cluster's scheduling and transport cost)")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        say(f"\nfigures saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
