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

from photorec.core.errors import QueryFileError, Reason

MAX_QUERY_MB = 200  # the README says this number: both come from here
MAX_QUERY_BYTES = MAX_QUERY_MB * 1_000_000

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def _kind(mode: int) -> Reason | None:
    """What a non-regular file is, for people; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Reason("is_folder")
    if stat.S_ISFIFO(mode):
        return Reason("kind_fifo")
    if stat.S_ISCHR(mode):
        return Reason("kind_char_device")
    if stat.S_ISBLK(mode):
        return Reason("kind_block_device")
    if stat.S_ISSOCK(mode):
        return Reason("kind_socket")
    return Reason("kind_other")


def _mb(n: int) -> str:
    """Decimal megabytes, as the README and file managers count them (200, 200.4)."""
    return f"{n / 1e6:.0f}" if n % 1_000_000 == 0 else f"{n / 1e6:.1f}"


def _check(st: os.stat_result, path: str, real: str, max_bytes: int) -> None:
    kind = _kind(st.st_mode)
    if kind is not None:
        link = real != path
        if kind.code == "is_folder":
            raise (QueryFileError("query_folder_link", path=path, target=real) if link
                   else QueryFileError("query_folder", path=path))
        raise (QueryFileError("query_not_file_link", path=path, kind=kind, target=real) if link
               else QueryFileError("query_not_file", path=path, kind=kind))
    if st.st_size > max_bytes:
        raise QueryFileError("query_too_big", path=path, mb=_mb(st.st_size), limit_mb=_mb(max_bytes))


def _open(path: str, max_bytes: int) -> int:
    """An open descriptor on the regular file at ``path`` (the caller closes it)."""
    path = os.path.abspath(os.fspath(path))
    real = os.path.realpath(path)
    try:
        _check(os.stat(real), path, real, max_bytes)
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        why = Reason("dangling_link") if os.path.islink(path) else Reason("not_found")
        raise QueryFileError("path_reason", path=path, reason=why) from None
    except PermissionError:
        raise QueryFileError("path_reason", path=path, reason=Reason("no_permission")) from None
    except OSError as exc:
        raise QueryFileError("path_reason", path=path, reason=Reason(
            "cannot_open_file", detail=exc.strerror or str(exc))) from None
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
        raise QueryFileError("path_reason", path=p, reason=Reason(
            "cannot_read_file", detail=exc.strerror or str(exc))) from None
    finally:
        os.close(fd)
    if len(data) > cap:  # it grew after the check
        raise QueryFileError("query_grew", path=p, limit_mb=_mb(cap))
    return data
