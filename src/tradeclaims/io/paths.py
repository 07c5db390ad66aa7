"""Output paths: checked before any work is done, written with coded errors, and locked so
that one run at a time writes a batch output.

The lock is an advisory ``fcntl.flock`` on the output file itself (Linux and macOS; every
tradeclaims run takes it, other programs are not stopped). It is released when the run's
process (and the workers it forked, which die with it) exits, however it exits, so no stale
lock file is ever left behind.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError, OutputLockedError


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return exc.strerror or str(exc)


def check_output_file(path: str | Path) -> None:
    """Raise :class:`OutputError` (TC401) unless ``path`` can be written as a file: not a
    directory, its folder exists (it is created if missing) and is writable."""
    p = Path(path)
    if p.is_dir():
        raise OutputError("is a directory; give a file name", source=str(p))
    if p.exists():
        if not os.access(p, os.W_OK):
            raise OutputError("not writable (permission denied)", source=str(p))
        return
    parent = p.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{parent} is not a folder", source=str(p))
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create its folder: {_reason(exc)}", source=str(p)) from exc
    if not os.access(parent, os.W_OK):
        raise OutputError(f"folder {parent} is not writable", source=str(p))


def check_output_dir(path: str | Path) -> None:
    """Raise :class:`OutputError` unless ``path`` is (or can be created as) a writable folder."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError("exists and is not a folder", source=str(p))
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {_reason(exc)}", source=str(p)) from exc
    if not os.access(p, os.W_OK):
        raise OutputError("folder not writable", source=str(p))


def write_text_file(path: str | Path, text: str) -> None:
    """Write a UTF-8 text file; a failure is :class:`OutputError`."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write: {_reason(exc)}", source=str(path)) from exc


def write_or_fail(stream: BinaryIO, data: bytes, name: str) -> None:
    """Write and flush ``data``; a failure (a full disk, /dev/full) is :class:`OutputError`."""
    try:
        stream.write(data)
        stream.flush()
    except OSError as exc:
        raise OutputError(f"cannot write: {_reason(exc)}", source=name) from exc


def open_locked(path: str | Path, *, truncate: bool) -> BinaryIO:
    """Open ``path`` for appending under an exclusive advisory lock, taken before anything is
    truncated: a second run on the same output gets :class:`OutputLockedError` (TC402) and
    changes nothing."""
    check_output_file(path)
    name = str(path)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot open: {_reason(exc)}", source=name) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputLockedError(
            "another tradeclaims run is writing this output; wait for it or choose another "
            "--output",
            source=name,
        ) from None
    except OSError:
        pass  # a file system without locks (some network mounts): go on unlocked
    if truncate and stat.S_ISREG(os.fstat(fd).st_mode):
        os.ftruncate(fd, 0)
    return os.fdopen(fd, "ab")
