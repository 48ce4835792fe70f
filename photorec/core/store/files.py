"""Durable file writes for the index files: checksums, fsync, retried renames, disk-full words."""

from __future__ import annotations

import errno
import json
import logging
import os
import time
import zlib
from pathlib import Path

from photorec.core.errors import DiskFullError, IndexSaveError
from photorec.core.store.db import disk_full

log = logging.getLogger(__name__)

_HASH_CHUNK = 1 << 20


def checksum_file(path: Path) -> str:
    """``crc32:XXXXXXXX`` of a whole file: catches damage (garbage, scrambled or lost bytes)
    at about four times blake2b's speed; an index of 100,000 photos is ~0.5 GB, read on every
    open. Not a defence against someone who edits the file on purpose (nor need it be)."""
    crc = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(_HASH_CHUNK)
            if not block:
                return f"crc32:{crc:08x}"
            crc = zlib.crc32(block, crc)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def unlink_quietly(path: Path) -> int:
    try:
        os.unlink(path)
        return 1
    except FileNotFoundError:
        return 0
    except OSError as exc:  # Windows: open in another process; the next save retries
        log.debug("cannot remove %s: %s", path, exc)
        return 0


def pointer_names(pointer: Path, graph: Path) -> bool:
    try:
        return bool(json.loads(pointer.read_text(encoding="utf-8")).get("file") == graph.name)
    except (OSError, ValueError, AttributeError):
        return False


def save_error(exc: BaseException, path: Path) -> BaseException:
    """Disk full in words; hnswlib reports a failed write as RuntimeError."""
    if isinstance(exc, DiskFullError):
        return exc
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or (
        isinstance(exc, RuntimeError) and nearly_full(path)
    ):
        return disk_full(None)
    if isinstance(exc, OSError):
        return exc
    return IndexSaveError(path.parent, exc)


def nearly_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 1 << 20


def replace_file(src: Path, dst: Path) -> None:
    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:  # Windows: a reader has the file open for a moment
            if attempt == 19:
                raise
            time.sleep(0.05)
