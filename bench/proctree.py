"""Run a command and watch the memory of its whole process tree (the command and every worker it forks).

`run_watched` samples /proc every 20 ms: the largest sum of resident memory seen at one instant (RSS,
which counts pages shared after fork once per process, so it over-states), the same for proportional
memory (PSS, shared pages split between sharers: what the tree really costs), and the sum of each
process's own high-water mark (VmHWM): an upper bound that a short spike between samples cannot escape.
Linux only.
"""
from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

INTERVAL = 0.02


@dataclass(frozen=True)
class Watched:
    returncode: int
    seconds: float
    processes: int  # distinct processes seen in the tree
    peak_rss_mb: float  # largest sum of VmRSS at one sample
    peak_pss_mb: float  # largest sum of Pss at one sample
    sum_hwm_mb: float  # sum over processes of each one's VmHWM: an upper bound of the tree's peak
    stderr: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.extend(int(c) for c in (task / "children").read_text().split())
    except OSError:  # the process (or a thread) ended while we looked
        pass
    return found


def _tree(root: int) -> list[int]:
    pids, queue = [], [root]
    while queue:
        pid = queue.pop()
        pids.append(pid)
        queue.extend(_children(pid))
    return pids


def _status_kb(pid: int, *fields: str) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(":", 1)[0]
            if key in fields:
                values[key] = int(line.split()[1])
    except OSError:
        pass
    return values


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_watched(
    command: list[str], *, stdin: IO[bytes] | int | None = None, stdout: IO[bytes] | int | None = None, cwd: Path | None = None
) -> Watched:
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty stderr must not block the command
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=errors, cwd=cwd)
    hwm: dict[int, int] = {}
    peak_rss = peak_pss = 0
    while process.poll() is None:
        rss = pss = 0
        for pid in _tree(process.pid):
            status = _status_kb(pid, "VmRSS", "VmHWM")
            if not status:
                continue
            rss += status.get("VmRSS", 0)
            hwm[pid] = max(hwm.get(pid, 0), status.get("VmHWM", 0))
            pss += _pss_kb(pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(INTERVAL)
    seconds = time.perf_counter() - start
    errors.seek(0)
    stderr = errors.read().decode("utf-8", "replace")
    errors.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{stderr[-2000:]}")
    return Watched(
        process.returncode, seconds, len(hwm), peak_rss / 1024, peak_pss / 1024, sum(hwm.values()) / 1024, stderr
    )
