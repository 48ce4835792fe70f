"""Reading an image file given as a query, safely.

A query path comes from the command line, a file dialog, a drop, a paste or the socket a
second launch writes to: it can be anything. Only regular files are read. A symlink is
resolved first (``x.jpg`` pointing at ``/dev/zero`` would be read forever); the file is opened
with ``O_NONBLOCK`` where the platform has it, so a FIFO named ``y.jpg`` cannot block the open,
and the opened descriptor is checked again (the path may change between the check and the
open). At most :data:`MAX_QUERY_BYTES` are read.
"""

from __future__ import annotations

import os
import stat

MAX_QUERY_MB = 200  # the README says this number: both come from here
MAX_QUERY_BYTES = MAX_QUERY_MB * 1_000_000

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


class QueryFileError(ValueError):
    """A query path that is not a readable image file; ``str(err)`` says why, in words."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, for people; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mb(n: int) -> str:
    """Decimal megabytes, as the README and file managers count them (200 MB, 200.4 MB)."""
    return f"{n / 1e6:.0f} MB" if n % 1_000_000 == 0 else f"{n / 1e6:.1f} MB"


def _check(st: os.stat_result, path: str, real: str, max_bytes: int) -> None:
    kind = _kind(st.st_mode)
    if kind is not None:
        via = f" (it links to {real})" if real != path else ""
        what = "is a folder" if kind == "a folder" else f"is {kind}, not an image file"
        raise QueryFileError(f"{path} {what}{via}: photorec only reads regular image files "
                             f"as a query")
    if st.st_size > max_bytes:
        raise QueryFileError(f"{path} is {_mb(st.st_size)}: photorec reads query images of up "
                             f"to {_mb(max_bytes)}")


def _open(path: str, max_bytes: int) -> int:
    """An open descriptor on the regular file at ``path`` (the caller closes it)."""
    path = os.path.abspath(os.fspath(path))
    real = os.path.realpath(path)
    try:
        _check(os.stat(real), path, real, max_bytes)
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        dangling = " (a link to a file that is gone)" if os.path.islink(path) else ""
        raise QueryFileError(f"{path}: file not found{dangling}") from None
    except PermissionError:
        raise QueryFileError(f"{path}: permission denied: photorec may not read this file") from None
    except OSError as exc:
        raise QueryFileError(f"{path}: cannot open the file: {exc.strerror or exc}") from None
    try:
        _check(os.fstat(fd), path, real, max_bytes)  # what was opened, not what was looked at
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_query_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> None:
    """Raise :class:`QueryFileError` unless ``path`` is a regular file photorec may read as a
    query. Cheap: a stat, an open that cannot block, an fstat; nothing is read."""
    os.close(_open(os.fspath(path), MAX_QUERY_BYTES if max_bytes is None else max_bytes))


def read_query_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``max_bytes``), or QueryFileError."""
    cap = MAX_QUERY_BYTES if max_bytes is None else max_bytes
    p = os.path.abspath(os.fspath(path))
    fd = _open(p, cap)
    try:
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # a regular file: reads are plain reads again
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(cap + 1)
    except OSError as exc:
        raise QueryFileError(f"{p}: cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > cap:  # it grew after the check
        raise QueryFileError(f"{p} is over {_mb(cap)}: photorec reads query images of up to "
                             f"{_mb(cap)}")
    return data
