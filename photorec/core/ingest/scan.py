"""Walking library folders and recognising content.

The content key is a fast hash of a file's size and three sampled 64 KiB blocks (the whole
file when it is small): a moved or renamed photo has the same key and keeps its vector.

An edit in place can miss the samples: an uncompressed TIFF or BMP repainted in its middle
keeps its size and its three blocks. So a file whose size or mtime changed at the same path is
keyed whole (:func:`full_key_of_open_file`, a differently personalised hash that never equals
a sampled key) and is re-embedded under that full key unless that content already has a
vector; it keeps a full key while it stays there (a later edit, or a touch, is keyed whole
again and compared with it). The cost: one decode for a file merely touched once (its bytes
were keyed by samples before), and a whole read for later touches, which find their full key
known. A copy found at another path is keyed by samples as before.

Paths are ``str`` exactly as :func:`os.fsdecode` gives them: a name that is not valid UTF-8
(``IMG_\xe9t\xe9.jpg`` from an old camera card) keeps its bytes as surrogate escapes, and
``os.fsencode`` gives them back. The catalog stores such paths losslessly.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from photorec.core.errors import Reason
from photorec.core.ingest.formats import is_image_name

log = logging.getLogger(__name__)

SAMPLE = 64 * 1024
_INT64_MAX = 2**63 - 1


def clamp_ns(ns: int) -> int:
    """A timestamp SQLite can store (a camera with a broken clock can write year 2400)."""
    return max(-_INT64_MAX, min(_INT64_MAX, ns))


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    mtime_ns: int


def content_key(path: str, size: int | None = None) -> str:
    """size + blake2b of the head, middle and tail (or of everything, for small files)."""
    with open(path, "rb") as f:
        return key_of_open_file(f, os.fstat(f.fileno()).st_size if size is None else size)


def key_of_open_file(f: BinaryIO, size: int, full: bool = False) -> str:
    """The content key of an open file of ``size`` bytes (the same as content_key_of_bytes);
    ``full``: the whole-content key when the samples leave bytes out."""
    if full and needs_full_key(size):
        return full_key_of_open_file(f, size)
    h = hashlib.blake2b(digest_size=16)
    h.update(size.to_bytes(8, "little"))
    f.seek(0)
    if size <= 3 * SAMPLE:
        h.update(f.read())
    else:
        h.update(f.read(SAMPLE))
        f.seek(size // 2 - SAMPLE // 2)
        h.update(f.read(SAMPLE))
        f.seek(size - SAMPLE)
        h.update(f.read(SAMPLE))
    return h.hexdigest()


_FULL = b"photorec-full"  # blake2b personalisation: a full key never equals a sampled one


def needs_full_key(size: int) -> bool:
    """Whether the sampled key of a file of ``size`` bytes leaves bytes out."""
    return size > 3 * SAMPLE


def full_key_of_open_file(f: BinaryIO, size: int) -> str:
    """A key of every byte of an open file (see the module docstring: edits in place)."""
    h = hashlib.blake2b(digest_size=16, person=_FULL)
    h.update(size.to_bytes(8, "little"))
    f.seek(0)
    left = size
    while left > 0:
        block = f.read(min(left, 1 << 20))
        if not block:
            break
        h.update(block)
        left -= len(block)
    return h.hexdigest()


def content_key_of_bytes(data: bytes | bytearray | memoryview, full: bool = False) -> str:
    """The key of ``data`` (sampled; ``full``: the whole-content key when the samples leave
    bytes out)."""
    size = len(data)
    if full and needs_full_key(size):
        h = hashlib.blake2b(digest_size=16, person=_FULL)
        h.update(size.to_bytes(8, "little"))
        h.update(data)
        return h.hexdigest()
    h = hashlib.blake2b(digest_size=16)
    h.update(size.to_bytes(8, "little"))
    if size <= 3 * SAMPLE:
        h.update(data)
    else:
        mid = size // 2 - SAMPLE // 2
        h.update(data[:SAMPLE])
        h.update(data[mid:mid + SAMPLE])
        h.update(data[size - SAMPLE:])
    return h.hexdigest()


def folder_problem(path: str) -> Reason | None:
    """Why a library folder cannot be scanned now (unplugged, unmounted, no access), or None."""
    if not os.path.exists(path):
        return Reason("folder_not_found")
    if not os.path.isdir(path):
        return Reason("not_a_folder")
    try:
        with os.scandir(path) as it:
            next(it, None)
    except PermissionError:
        return Reason("folder_no_permission")
    except OSError as exc:
        return Reason("cannot_read_folder", detail=exc.strerror or str(exc))
    return None


def walk(root: str | bytes | os.PathLike[str] | os.PathLike[bytes],
         errors: list[tuple[str, Reason]] | None = None) -> Iterator[FileEntry]:
    """Image files under ``root``, following folder symlinks without looping.

    Paths come out as ``str`` (os.fsdecode, surrogate escapes for non-UTF-8 bytes), whatever
    ``root`` was given as. Unreadable sub-folders are reported into ``errors`` as (path, reason)
    and skipped; one odd entry never stops the walk.
    """
    seen: set[tuple[int, int]] = set()
    stack = [os.fsdecode(root)]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            if errors is not None:
                errors.append((folder, Reason("cannot_read_folder", detail=exc.strerror or str(exc))))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop, or the same folder reached twice
            continue
        seen.add(key)
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            if errors is not None:
                errors.append((folder, Reason("cannot_read_folder", detail=exc.strerror or str(exc))))
            continue
        subdirs = []
        for e in entries:
            name = e.name
            if name.startswith("."):
                continue  # hidden files and folders (.thumbnails, .Trash, .git ...)
            try:
                if e.is_dir(follow_symlinks=True):
                    subdirs.append(e.path)
                elif is_image_name(name) and e.is_file(follow_symlinks=True):
                    s = e.stat(follow_symlinks=True)
                    yield FileEntry(e.path, s.st_size, clamp_ns(s.st_mtime_ns))
            except OSError as exc:  # a dangling symlink, a file gone meanwhile
                log.debug("skipping %r: %s", e.path, exc)
            except Exception as exc:  # one odd entry never stops the walk
                log.warning("skipping %r: %s", e.path, exc)
        stack.extend(sorted(subdirs, reverse=True))
