"""One wall-clock deadline for a whole network exchange (a feed download, one SMTP attempt).

A socket timeout bounds each read, so a server that trickles one byte every few seconds never trips it:
`Deadline` shuts the watched connection down when the exchange as a whole runs out of time, which makes
the blocked read return at once; the caller then asks `expired` to tell that from a server hanging up.
"""
from __future__ import annotations

import socket
import threading
import time


class Deadline:
    """Use as a context manager around the exchange; `watch` every socket it opens."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._ends: float | None = None

    def __enter__(self) -> Deadline:
        self._ends = time.monotonic() + self.seconds
        self._timer.start()
        return self

    def remaining(self) -> float:
        """Seconds left (all of them before the exchange starts): what a wait that no socket can cut,
        a host name lookup, may still take."""
        if self._ends is None:
            return self.seconds
        return max(self._ends - time.monotonic(), 0.0)

    @property
    def passed(self) -> bool:
        """The deadline's time has come, whether or not its timer has run yet: a socket's own timeout, as
        long as the whole deadline, may fire a moment before a loaded machine schedules the timer thread."""
        return self.expired or (self._ends is not None and time.monotonic() >= self._ends)

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._watched:
                sock.close()
            self._watched.clear()

    def watch(self, sock: socket.socket) -> socket.socket:
        """Watch `sock` (a duplicate is kept: TLS wrapping detaches the original object); returns it."""
        with self._lock:
            self._watched.append(sock.dup())
            if self.expired:
                _shutdown(self._watched[-1])
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._watched:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to stop
