"""briefs.batch: results in input order, read-ahead bounded, in process, on processes and on a real Dask
LocalCluster (2 worker processes on loopback) — including one whose worker is killed mid-run."""
from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefs import batch
from briefs.errors import BriefError
from tests.conftest import NLPCC_DEV, ROOT, SAMPLES, need_shared


def square_or_report(settings: int, items: list[int]) -> list[tuple[bool, int | str]]:
    """A work function as the commands write them: a bad item becomes a result, never an exception."""
    return [(False, f"item {item}: negative") if item < 0 else (True, item * item + settings) for item in items]


def die_on_13(settings: int, items: list[int]) -> list[int]:
    if 13 in items:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    return items


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_input_order_whatever_the_batch_size(workers: int) -> None:
    items = [3, -1, 4, 1, -5, 9, 2, 6] * 5
    for size in (1, 3, 64):
        got = list(batch.run(square_or_report, 10, iter(items), batch.BatchOptions(workers=workers, batch_size=size)))
        assert got == square_or_report(10, items)


def test_reading_ahead_is_bounded_so_memory_stays_flat() -> None:
    pulled = itertools.count()
    endless = (next(pulled) for _ in itertools.count())  # an input that never ends
    results = batch.run(square_or_report, 0, endless, batch.BatchOptions(workers=1, batch_size=8))
    assert [value for _, value in itertools.islice(results, 20)] == [n * n for n in range(20)]
    time.sleep(0.3)  # give the reader every chance to run away
    assert next(pulled) < 20 + 8 * 3  # what was taken, one batch in work and a queue of two batches
    results.close()


def test_an_error_while_reading_reaches_the_caller_after_the_results_before_it() -> None:
    def items():
        yield from (1, 2, 3)
        raise OSError("the disk went away")

    seen: list[object] = []
    with pytest.raises(OSError, match="the disk went away"):
        for _, value in batch.run(square_or_report, 0, items(), batch.BatchOptions(workers=1, batch_size=2)):
            seen.append(value)
    assert seen == [1, 4, 9]


def test_a_local_worker_that_dies_fails_the_run_instead_of_hanging() -> None:
    with pytest.raises(BriefError, match="worker process died"):
        list(batch.run(die_on_13, 0, iter(range(40)), batch.BatchOptions(workers=2, batch_size=4)))


# --- Dask: a real LocalCluster on loopback --------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is the optional extra zhbrief[dask]")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local, distributed.Client(local, timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
        yield local, client


def zhbrief_jsonl(*flags: str, stdin: bytes, timeout: float = 180) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "briefs", "summarize", "-", "--jsonl", "--budget", "60", *flags]
    return subprocess.run(command, input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=timeout)


def articles(count: int) -> bytes:
    """`count` JSONL lines of the dev set (repeated), with a broken line and an empty article among them."""
    rows = [json.loads(line) for line in need_shared(NLPCC_DEV).read_text(encoding="utf-8").splitlines()]
    lines = [json.dumps({"id": f"{n}", "text": rows[n % len(rows)]["text"]}, ensure_ascii=False) for n in range(count)]
    lines[4] = '{"id": "broken", "text": "没有结尾'
    lines[7] = json.dumps({"id": "empty", "text": "  "})
    return ("\n".join(lines) + "\n").encode()


def test_dask_gives_byte_identical_output_and_reports_bad_lines_by_number(cluster) -> None:
    local, _ = cluster
    stdin = articles(300)
    here = zhbrief_jsonl("--workers", "1", stdin=stdin)
    there = zhbrief_jsonl("--dask", local.scheduler_address, stdin=stdin)
    assert here.returncode == there.returncode == 0, there.stderr.decode()[-2000:]
    assert there.stdout == here.stdout and there.stdout.count(b"\n") == 298
    assert there.stderr.decode().splitlines() == [
        "zhbrief: <stdin>:5: not valid JSON: Unterminated string starting at (line 1, column 26)",
        "zhbrief: <stdin>:8: the article is empty",
        "zhbrief: <stdin>: 2 of 300 lines skipped",
    ]


def test_a_dask_worker_killed_mid_run_costs_no_article(cluster) -> None:
    local, client = cluster
    stdin = articles(1500)
    expected = zhbrief_jsonl("--workers", "1", stdin=stdin).stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefs", "summarize", "-", "--jsonl", "--budget", "60", "--dask", local.scheduler_address],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        before = client.run(os.getpid)  # worker address -> pid

        def feed() -> None:  # in a thread: the output must be read while the input is written
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        watchdog = threading.Timer(180, process.kill)  # bounded in time even if the run hangs
        watchdog.start()
        first = process.stdout.readline()  # work is under way
        assert first, "no summary came out"
        victim = sorted(before.values())[0]
        os.kill(victim, signal.SIGKILL)  # a worker dies with batches in hand; its nanny starts another
        out = process.stdout.read()
        feeder.join()
        assert process.stderr is not None
        err = process.stderr.read()
        process.wait()
        watchdog.cancel()
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, err.decode()[-2000:]
    assert first + out == expected  # every article, in order, as the local run made it
    client.wait_for_workers(2, timeout=60)
    assert victim not in client.run(os.getpid).values()  # it really died and was replaced


def test_digest_on_dask_writes_the_brief_the_local_run_writes(cluster, tmp_path: Path) -> None:
    local, _ = cluster
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = {}
    for name, flags in (("local", ["--workers", "1"]), ("dask", ["--dask", local.scheduler_address])):
        out = tmp_path / name
        done = subprocess.run(
            [sys.executable, "-m", "briefs", "digest", str(SAMPLES / "inbox"), "--date", "2026-11-25", "--out", str(out), *flags],
            capture_output=True, cwd=ROOT, env=env, timeout=180,
        )  # fmt: skip
        runs[name] = (done.returncode, (out / "2026-11-25.md").read_bytes(), (out / "2026-11-25.html").read_bytes())
    assert runs["dask"] == runs["local"]


def test_an_unreachable_scheduler_is_one_clear_line() -> None:
    pytest.importorskip("distributed", reason="dask[distributed] is the optional extra zhbrief[dask]")
    result = zhbrief_jsonl("--dask", "tcp://127.0.0.1:9", stdin=b'{"text": "x"}\n', timeout=120)
    assert result.returncode == 1
    assert "--dask tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.stderr.decode().splitlines()[-1]


def test_a_file_for_a_dask_worker_is_read_here_and_refused_past_the_cap_as_a_local_run_refuses_it(tmp_path: Path) -> None:
    from briefs.digest import job
    from briefs.reading.ingest import ReadLimits, Task, load
    from briefs.model import Failure

    limits = ReadLimits(max_article_chars=10)
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("短文。", encoding="utf-8")
    big.write_bytes(b"x" * (limits.max_article_bytes + 1))
    shipped = job._portable(Task(str(small), "txt", path=str(small)), limits)
    assert isinstance(shipped, Task) and shipped.path is None
    assert load(shipped, limits) == load(Task(str(small), "txt", path=str(small)), limits)  # same Document
    refused = job._portable(Task(str(big), "txt", path=str(big)), limits)
    with pytest.raises(BriefError) as local:
        load(Task(str(big), "txt", path=str(big)), limits)
    assert isinstance(refused, Failure) and f"{refused.origin}: {refused.reason}" == str(local.value)
    missing = job._portable(Task(str(tmp_path / "gone.txt"), "txt", path=str(tmp_path / "gone.txt")), limits)
    assert isinstance(missing, Failure) and "cannot read the file" in missing.reason
