"""Digest throughput: a day of N articles (the NLPCC 2017 dev set repeated with edits, so near-duplicates
occur) through `zhbrief digest`, timed, with peak memory.

    python bench/digest_bench.py --data ../shared/data/nlpcc2017_dev.jsonl --articles 5000
    python bench/digest_bench.py --data ... --articles 5000 --workers 2 --json   # one JSON line, for bench/run.py
    python bench/digest_bench.py --data ... --near-identical-entries 20000    # one story, 20,000 feed entries

With --near-identical-entries N the day is instead N RSS entries (in feed files of 1,000 entries) of ONE
story, each copy with a different sentence dropped and a few characters of its own: the worst case of
duplicate grouping, where every entry falls in the same LSH buckets as every other.

Every copy after the first of a row is edited the way re-posts are: one sentence dropped, a click-bait
prefix on the title. Copies go to JSONL files (most) and single .json files (some), all dated the brief's
day, in a temporary folder that is removed afterwards. The digest runs in this process with its usual
worker pool; peak RSS is this process's and the largest worker's (resource.getrusage), and the peak of
all of them together is sampled as PSS (forked workers share most pages with this process).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable from a checkout without installing

from briefs.digest import dedupe  # noqa: E402
from briefs.digest.job import DigestOptions, run_digest  # noqa: E402


class Stopwatch:
    """Seconds spent in one function of a module, through the module attribute the job calls."""

    def __init__(self, module: object, name: str) -> None:
        self.seconds = 0.0
        real = getattr(module, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        setattr(module, name, timed)

DAY = dt.date(2026, 11, 25)
BAIT = ("快看：", "重磅！", "刚刚：", "热点丨", "突发：", "独家：", "最新：", "关注：", "速递：")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")


def _sentences(text: str) -> list[str]:
    return _SENTENCE.findall(text)


def edited(row: dict[str, str], copy: int) -> dict[str, str]:
    """Copy number `copy` of a row: the original for 0, else one sentence dropped and a bait prefix."""
    title = row.get("summary", "")[:40] or row["text"][:20]
    text = row["text"]
    if copy:
        parts = _sentences(text)
        if len(parts) > 3:
            drop = 1 + (copy * 7 + len(parts)) % (len(parts) - 1)  # never the lead; varies by copy
            text = "".join(parts[:drop] + parts[drop + 1 :])
        title = BAIT[copy % len(BAIT)] + title
    return {
        "id": f"{row['id']}-{copy}",
        "title": title,
        "text": text,
        "date": f"{DAY.isoformat()}T{8 + copy % 10:02d}:{copy * 7 % 60:02d}:00+08:00",
        "url": f"https://bench.example.cn/{row['id']}/{copy}.html",
        "source": f"源{copy % 5}",
    }


def build_inbox(data: Path, articles: int, folder: Path) -> int:
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise SystemExit(f"{data}: no rows")
    written = 0
    wire = None
    single = folder / "single"
    single.mkdir()
    try:
        while written < articles:
            copy, index = divmod(written, len(rows))
            record = edited(rows[index], copy)
            if written % 10 == 9:  # one in ten as its own .json file: the file path of ingest
                (single / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            else:
                if written % 1000 == 0:
                    if wire:
                        wire.close()
                    wire = open(folder / f"wire-{written // 1000:02d}.jsonl", "w", encoding="utf-8")
                assert wire is not None
                wire.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    finally:
        if wire:
            wire.close()
    return written


def build_feeds(data: Path, entries: int, folder: Path, per_feed: int = 1000) -> int:
    """`entries` RSS entries of one story (the first dev-set article with at least 12 sentences)."""
    from xml.sax.saxutils import escape

    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = next(r for r in rows if len(_sentences(r["text"])) >= 12)
    parts = _sentences(base["text"])
    for feed in range(0, entries, per_feed):
        items = []
        for number in range(feed, min(feed + per_feed, entries)):
            drop = 1 + number % (len(parts) - 1)
            body = "".join(f"<p>{escape(p)}</p>" for p in parts[:drop] + parts[drop + 1 :])
            body += f"<p>编号{number:05d}。</p>"
            items.append(f"<item><title>{escape(BAIT[number % len(BAIT)] + base['summary'][:30])}</title>"
                         f"<link>https://bench.example.cn/{number}.html</link>"
                         f"<pubDate>Wed, 25 Nov 2026 {8 + number % 10:02d}:00:00 +0800</pubDate>"
                         f"<description>{escape(body)}</description></item>")
        (folder / f"feed-{feed // per_feed:03d}.xml").write_text(
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>源</title>"
            + "".join(items) + "</channel></rss>", encoding="utf-8")
    return entries


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: unlike wall time, not moved by a busy machine."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime


def _pss_kb(pid: int | str) -> int:
    """Proportional set size: pages shared with forked workers counted once, split among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def _children() -> list[str]:
    found: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found += (task / "children").read_text(encoding="ascii").split()
        except OSError:
            pass
    return found


class PssSampler(threading.Thread):
    """The run's real memory, sampled every 50 ms: this process and its workers, PSS summed (Linux)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            total = _pss_kb("self") + sum(_pss_kb(pid) for pid in _children())
            self.peak_kb = max(self.peak_kb, total)


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024  # Linux reports ru_maxrss in KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="nlpcc2017_dev.jsonl (id, text, summary a line)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--near-identical-entries", type=int, metavar="N",
                        help="instead of --articles: N feed entries of one story")
    parser.add_argument("--workers", type=int, default=None, help="default: one per available CPU")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--watchlists", type=Path, metavar="CONFIG",
                        help="also compose the [[watchlists]] of this config (e.g. samples/zhbrief.toml)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data}: no such file")

    import os

    workers = args.workers or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="zhbrief-bench-") as temp:
        inbox = Path(temp) / "inbox"
        inbox.mkdir()
        if args.near_identical_entries:
            total = build_feeds(args.data, args.near_identical_entries, inbox)
        else:
            total = build_inbox(args.data, args.articles, inbox)
        from briefs.config import load_config

        watchlists = load_config(args.watchlists).watchlists if args.watchlists else ()
        options = DigestOptions(date=DAY, out=Path(temp) / "out", tz=ZoneInfo("Asia/Shanghai"), workers=workers,
                                watchlists=watchlists)
        grouping, novelty = Stopwatch(dedupe, "group"), Stopwatch(dedupe, "seen_before")
        cpu_before = _cpu()
        sampler = PssSampler()
        sampler.start()
        start = time.perf_counter()
        result = run_digest([str(inbox)], options, now=dt.datetime(2026, 11, 25, 18, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
        seconds = time.perf_counter() - start
        cpu = _cpu() - cpu_before
        sampler.done.set()
        sampler.join()
    me = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    worker = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    c = result.brief.counts
    report = {
        "articles": total,
        "workers": workers,
        "seconds": round(seconds, 2),
        "articles_per_second": round(total / seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(me, 1),
        "peak_worker_rss_mb": round(worker, 1),
        "peak_total_rss_mb_upper_bound": round(me + workers * worker, 1),
        "peak_total_pss_mb": round(_mb(sampler.peak_kb), 1),
        "grouping_seconds": round(grouping.seconds, 2),
        "seen_before_seconds": round(novelty.seconds, 2),
        "kept": c.kept,
        "duplicates": c.duplicates,
        "failed": c.failed,
        "watchlists": {w.watchlist.name: w.brief.counts.kept for w in result.watchlists},
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"digest of {total} articles with {workers} worker(s): {seconds:.1f} s, {report['articles_per_second']} articles/s "
              f"({cpu:.1f} CPU seconds in all)")
        print(f"peak RSS: {me:.0f} MB (this process), {worker:.0f} MB (largest worker); "
              f"at most {report['peak_total_rss_mb_upper_bound']:.0f} MB together, "
              f"{report['peak_total_pss_mb']:.0f} MB measured (PSS: pages shared by the fork counted once)")
        print(f"brief: {c.kept} kept, {c.duplicates} duplicates folded, {c.failed} failed"
              + "".join(f"; watchlist {name}: {kept} kept" for name, kept in report["watchlists"].items()))
        print(f"duplicate grouping {grouping.seconds:.2f} s, novelty against the store {novelty.seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
