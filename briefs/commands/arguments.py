"""Argument types the commands share: numbers and durations checked by argparse, with clear messages."""
from __future__ import annotations

import argparse


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def positive(text: str) -> int:
    """A whole number of at least 1."""
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def not_negative(text: str) -> int:
    """A whole number of 0 or more."""
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def workers(text: str) -> int:
    """A number of worker processes: at least 1, at most `briefs.config.max_workers()`."""
    from briefs.config import max_workers

    value = positive(text)
    if value > max_workers():
        raise argparse.ArgumentTypeError(f"expected at most {max_workers()} (4 per usable CPU), got {value}")
    return value
