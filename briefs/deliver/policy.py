"""Delivery policy: how long one delivery may take, when to try again, and how fast a target may be fed.

Contract: one `RetryPolicy` for every way a brief leaves (mail and push): a timeout on each network
call, a few tries with doubling waits, and a deadline per target that no wait may cross. `Pacer` keeps
a target within its platform's documented rate (sliding windows, seeded from the store so a second run
a minute later counts the first one's messages). Time comes in through a `Clock`; tests pass a fake one
that advances when asked to sleep, so nothing in the suite sleeps for real.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""

    def sleep(self, seconds: float) -> None:
        """Wait that long."""


class SystemClock:
    """The real clock, read at the edge (the CLI)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def backoff(attempt: int, first: float, ceiling: float = float("inf")) -> float:
    """The wait before try `attempt + 2` (attempt counts from 0): first, 2×first, 4×first … at most ceiling."""
    return min(first * 2**attempt, ceiling)


@dataclass(frozen=True)
class RetryPolicy:
    """Every network call is bounded; a temporary failure is tried again, never past the deadline."""

    timeout: float = 15.0  # seconds for one HTTP call: connect, send, answer
    tries: int = 4  # in all, the first included
    first_delay: float = 1.0
    max_delay: float = 120.0
    deadline: float = 600.0  # seconds one target may take, waits for the rate limit included

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.deadline <= 0 or self.tries < 1 or self.first_delay < 0:
            raise ValueError(f"unusable retry policy {self}")

    def delay(self, attempt: int, hint: float | None = None) -> float:
        """The wait after failed try `attempt` (from 0); the server's own hint (Retry-After) when longer."""
        return max(backoff(attempt, self.first_delay, self.max_delay), hint or 0.0)


@dataclass(frozen=True)
class Window:
    """At most `count` messages in any `seconds`."""

    count: int
    seconds: float


class Pacer:
    """Spaces one target's messages so that every window of its platform holds."""

    def __init__(self, windows: Iterable[Window], history: Iterable[dt.datetime] = ()) -> None:
        self.windows = tuple(windows)
        self.sent = sorted(history)

    def delay(self, now: dt.datetime) -> float:
        """Seconds to wait from `now` before one more message fits in every window (0: send now)."""
        wait = 0.0
        for window in self.windows:
            recent = [t for t in self.sent if (now - t).total_seconds() < window.seconds]
            if len(recent) >= window.count:
                # The message that has to leave the window first is the count-th most recent one.
                leaving = recent[-window.count]
                wait = max(wait, window.seconds - (now - leaving).total_seconds())
        return wait

    def record(self, when: dt.datetime) -> None:
        self.sent.append(when)
