"""Standard output that fails in one clean line: a full disk (`> /dev/full`) or a closed descriptor (`>&-`)
becomes `StdoutError`, never a traceback or a complaint at interpreter exit."""
from __future__ import annotations

import os
import sys
from typing import Any

from briefs.errors import BriefError


class StdoutError(BriefError):
    """What the command printed could not be written."""


class GuardedStdout:
    """Wraps sys.stdout: a failed write or flush raises StdoutError (a reader going away stays a
    BrokenPipeError, which the CLI treats as the reader's choice)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _fail(self, why: str) -> StdoutError:
        silence()
        return StdoutError(f"cannot write to standard output: {why}")

    def write(self, text: str) -> int:
        if self._stream is None:
            raise self._fail("it is closed")
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise self._fail(error.strerror or str(error)) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise self._fail(error.strerror or str(error)) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard() -> None:
    """Install the guard; a closed descriptor 0-2 gets /dev/null, so no file opened later takes its number."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:  # pragma: no cover — the lowest free number is the closed one
                os.dup2(opened, fd)
                os.close(opened)
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout)  # type: ignore[assignment]


def silence() -> None:
    """Point standard output at /dev/null: what is still buffered for it can then be flushed at exit."""
    stream = sys.__stdout__
    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
