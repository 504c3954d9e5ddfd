"""Batch: a stream of items in, one result per item out, in input order — in this process, on N local
processes, or on a Dask cluster.

Contract: `run(work, settings, items, options)` calls `work(settings, batch)` on consecutive batches of
`items` and yields its results in input order. `work` is a module-level function (it is pickled by name)
that returns one result per item and never raises for one bad item: it reports it as a result, since a
batch is the unit that is sent, retried and lost together. Memory stays flat: at most a few batches are
read ahead of the results the caller has taken. A batch leaves as soon as it is full, or earlier when the
input has nothing more for now (a pipe), so the results of a slow stream come out before it ends.

Every command that works through many articles (`summarize --jsonl`, `digest`) goes through here.
"""
from __future__ import annotations

import os
import queue
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

from briefs.errors import BriefError

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

BATCH_SIZE = 32  # articles a batch: enough for the engine's step-by-step gain and to amortise pickling
DASK_TIMEOUT = 10.0  # seconds to reach a Dask scheduler
DASK_EXTRA = "pip install 'zhbrief[dask]'"


@dataclass(frozen=True)
class BatchOptions:
    """Where a batch job runs: `workers` local processes (1: in this process), or a Dask cluster."""

    workers: int = 1
    dask: str | None = None  # a scheduler's address, "tcp://host:8786": run the batches there
    batch_size: int = BATCH_SIZE
    dask_timeout: float = DASK_TIMEOUT

    def __post_init__(self) -> None:
        if self.workers < 1 or self.batch_size < 1:
            raise ValueError("workers and batch_size must be at least 1")


def default_workers() -> int:
    """The CPUs this process may use (its affinity mask), not the machine's."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


Work = Callable[[S, list[T]], list[R]]


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # finds the BLAS libraries once (0.6 ms); limiting through it is then cheap


def _in_worker(work: Work, settings: Any, batch: list[Any]) -> list[Any]:
    """`work` on one batch, wherever it runs, with one BLAS thread. The engine solves many tiny linear
    systems; OpenBLAS would start a thread per core for each and spin them, which doubled the CPU a run
    burns and made workers fight for cores (a Dask worker imports numpy before any of our code can say so)."""
    with _blas().limit(limits=1, user_api="blas"):
        return work(settings, batch)


class _Backend(Protocol):
    ahead: int  # batches in flight at most

    def submit(self, work: Work, settings: Any, batch: list[Any]) -> Any: ...  # a future with result()/add_done_callback
    def close(self) -> None: ...


class _InProcess:
    ahead = 1  # a batch is done when submitted: reading further ahead would only hold results back

    def submit(self, work: Work, settings: Any, batch: list[Any]) -> Future:
        future: Future = Future()
        try:
            future.set_result(_in_worker(work, settings, batch))
        except BaseException as error:  # noqa: BLE001 — handed to the caller by result(), as the pools do
            future.set_exception(error)
        return future

    def close(self) -> None:
        pass


class _Processes:
    """A process pool. Unlike multiprocessing.Pool, a worker that dies (OOM killer) fails the run with a
    clear error instead of leaving it waiting forever for a batch that will never come back."""

    def __init__(self, workers: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.ahead = workers * 2
        self.pool = ProcessPoolExecutor(max_workers=workers)
        # Start the workers now, before the reader thread exists: forking a process that has threads
        # copies their locks in whatever state they are in.
        self.pool.submit(os.getpid).result()

    def submit(self, work: Work, settings: Any, batch: list[Any]) -> Future:
        return self.pool.submit(_in_worker, work, settings, batch)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """Batches as tasks on a Dask cluster. Dask re-runs a batch whose worker died (up to the scheduler's
    `allowed-failures`), so a lost worker costs time, not articles."""

    def __init__(self, address: str, timeout: float) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise BriefError(f"--dask needs dask.distributed, an optional extra: {DASK_EXTRA}") from None
        try:
            _look_up_scheduler(address, timeout)
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise BriefError(f"--dask {address}: cannot reach the Dask scheduler: {error}") from None
        threads = sum(self.client.nthreads().values())
        self.ahead = max(2, threads * 2)

    def submit(self, work: Work, settings: Any, batch: list[Any]) -> Any:
        return self.client.submit(_in_worker, work, settings, batch, pure=False)

    def close(self) -> None:
        self.client.close()


def _look_up_scheduler(address: str, timeout: float) -> None:
    """Dask's connect timeout gives up on a lookup the resolver never answers, but the lookup's thread (in
    asyncio's executor) is joined at exit, so the command would stop only when the C resolver does. The
    scheduler's host is looked up here first, within the timeout; if that answers, Dask's own lookup
    right after it is answered alike."""
    from distributed.comm import parse_address, parse_host_port

    from briefs.connect import lookup  # here: the local commands need none of urllib at start-up

    scheme, location = parse_address(address)
    if scheme in ("tcp", "tls"):
        host, port = parse_host_port(location, 8786)
        try:
            lookup(host, port, timeout)
        except socket.gaierror as error:
            raise OSError(f"unknown host {host} ({error.strerror})") from None


def _backend(options: BatchOptions) -> _Backend:
    if options.dask:
        return _Dask(options.dask, options.dask_timeout)
    if options.workers > 1:
        return _Processes(options.workers)
    return _InProcess()


_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Reader(threading.Thread, Generic[T]):
    """Pulls the items into a bounded queue in the background, so the dispatcher sees what is there *now*:
    a full batch from a file, or the few lines a pipe has delivered so far."""

    def __init__(self, items: Iterable[T], capacity: int, wake: threading.Event) -> None:
        super().__init__(name="zhbrief-batch-reader", daemon=True)  # daemon: it may sit in a blocked read
        self.items = items
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=capacity)
        self.wake = wake
        self.stop = threading.Event()
        self.failed: _Failed | None = None

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
            except queue.Full:
                continue
            self.wake.set()
            return True
        return False

    def run(self) -> None:
        try:
            for item in self.items:
                if not self._put(item):
                    return
        except BaseException as error:  # noqa: BLE001 — re-raised in the caller's thread
            self._put(_Failed(error))
            return
        self._put(_END)

    def take(self, size: int, block: bool) -> tuple[list[T], bool]:
        """Up to `size` items that have arrived (waiting for the first only when `block`), and whether the
        input has ended."""
        batch: list[T] = []
        while len(batch) < size:
            try:
                item = self.failed or self.queue.get(block=block and not batch)
            except queue.Empty:
                break
            if item is _END:
                return batch, True
            if isinstance(item, _Failed):
                if batch:  # the items read before the error still go out; the error comes next time
                    self.failed = item
                    break
                raise item.error
            batch.append(item)
        return batch, False


def run(work: Callable[[S, list[T]], list[R]], settings: S, items: Iterable[T], options: BatchOptions = BatchOptions()) -> Iterator[R]:
    """`work(settings, batch)` over consecutive batches of `items`; the results one by one, in input order."""
    backend = _backend(options)
    wake = threading.Event()
    reader: _Reader[T] = _Reader(items, options.batch_size * (backend.ahead + 1), wake)
    pending: deque[tuple[Any, int]] = deque()  # (future, batch size), in input order
    ended = False
    try:
        reader.start()
        while True:
            wake.clear()  # cleared before looking: a batch that finishes or a line that arrives after this wakes us
            while not ended and len(pending) < backend.ahead:
                batch, ended = reader.take(options.batch_size, block=not pending)
                if not batch:
                    break
                try:
                    future = backend.submit(work, settings, batch)
                except Exception as error:  # a pool already broken refuses new work
                    raise _plain(error, options) from None
                future.add_done_callback(lambda _: wake.set())
                pending.append((future, len(batch)))
            if not pending:
                if ended:
                    return
                continue
            # The head batch's results go out as soon as they are in; when nothing else can be sent
            # (pool full, input ended) there is nothing to do but wait for it.
            if pending[0][0].done() or ended or len(pending) >= backend.ahead:
                future, size = pending.popleft()
                results = _result(future, options)
                if len(results) != size:
                    raise TypeError(f"{work.__name__} returned {len(results)} results for {size} items")
                yield from results
            else:
                wake.wait()
    finally:
        reader.stop.set()
        for future, _ in pending:
            future.cancel()
        backend.close()


def _result(future: Any, options: BatchOptions) -> list[Any]:
    try:
        return future.result()
    except Exception as error:
        raise _plain(error, options) from None


def _plain(error: Exception, options: BatchOptions) -> Exception:
    """A lost worker as one error a user can act on; anything else as it is."""
    kind = type(error).__name__
    if kind == "BrokenProcessPool":
        return BriefError("a worker process died (killed, or out of memory?); the run stopped")
    if kind == "KilledWorker":
        return BriefError(f"--dask {options.dask}: the workers running one batch died again and again; "
                          f"Dask gave it up ({error})")
    return error
