"""Atomic files: every file zhbrief writes (briefs, indexes, the feed, an .eml) is whole or absent, never a
part — a temp file beside its target, fsynced, then renamed over it. One writer for the digest, the feed
and mail, so the temp files a kill leaves all have one name shape ("." + name + ".<random>.tmp")."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def stage(path: Path, data: bytes | str) -> Path:
    """`data` (text is written as UTF-8) in a fsynced temp file beside `path`, ready to be renamed over it."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it private; a brief is meant to be read (and served)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def fsync_folder(folder: Path) -> None:
    """Make the renames in `folder` survive a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes | str) -> None:
    """`path` holds the old content or the new, never a part: temp file in the same folder, fsync, rename."""
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
