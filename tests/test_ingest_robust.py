"""The walk and the pipeline against hostile files (#10.1, #10.4): non-UTF-8 names, broken
clocks, one file's unexpected exception, and files replaced while they are being read."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from photorec.core.index import pipeline as ix
from photorec.core.ingest import decode as dec
from photorec.core.ingest.scan import content_key, content_key_of_bytes, walk
from photorec.core.library import Library
from tests.conftest import copy_photos, shared_photos

posix_bytes_names = pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                                       reason="needs a file system that takes any bytes as a name")

LATIN1_NAME = b"IMG_\xe9t\xe9.jpg"  # an old camera card: Latin-1, not UTF-8


@posix_bytes_names
def test_the_walk_passes_non_utf8_names_on_as_fsdecode_str(tmp_path):
    src = shared_photos()[0]
    raw = os.fsencode(tmp_path) + b"/" + LATIN1_NAME
    shutil.copy(src, raw)
    for root in (str(tmp_path), os.fsencode(tmp_path)):  # str or bytes in: str out
        (entry,) = list(walk(root))
        assert isinstance(entry.path, str) and os.fsencode(entry.path) == raw
        assert content_key(entry.path) == content_key(str(src))


@posix_bytes_names
def test_a_non_utf8_name_never_stops_the_run(tmp_path):
    """Before: the first batch's commit raised UnicodeEncodeError and the run aborted."""
    d = tmp_path / "p"
    good = copy_photos(d, n=5, step=13)
    shutil.copy(shared_photos()[40], os.fsencode(d) + b"/" + LATIN1_NAME)
    odd = os.fsdecode(os.fsencode(d) + b"/" + LATIN1_NAME)
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([d])
    ok = {p.path for p in lib.photos()}
    assert {str(p) for p in good} <= ok
    # Stored and indexed (a catalog that keeps such names), or that file's problem in words.
    errors = dict(r.errors)
    assert odd in ok or "UTF-8" in errors[odd]
    assert r.new + r.failed == 6
    lib.close()


def test_a_broken_camera_clock_is_stored_and_seen_unchanged(tmp_path):
    """mtime in year 2400 does not fit SQLite's int64 nanoseconds: before, OverflowError."""
    d = tmp_path / "p"
    photos = copy_photos(d, n=3, step=17)
    try:
        os.utime(photos[0], ns=(13_000_000_000 * 10**9, 13_000_000_000 * 10**9))
    except (OSError, OverflowError, ValueError):
        pytest.skip("this file system does not take a year-2400 mtime")
    if os.stat(photos[0]).st_mtime_ns < 2**63:
        pytest.skip("this file system clamps the mtime itself")
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([d])
    assert (r.new, r.failed) == (3, 0), r.errors
    r = lib.index_folders()
    assert (r.unchanged, r.new, r.updated) == (3, 0, 0)
    lib.close()


def test_any_exception_on_one_file_is_that_files_problem(tmp_path, monkeypatch):
    d = tmp_path / "p"
    photos = copy_photos(d, n=4, step=19)
    real = dec.decode

    def flaky(source, **kw):
        if kw.get("name") == photos[1].name or str(source) == str(photos[1]):
            raise RuntimeError("a bug in some plugin")
        return real(source, **kw)

    monkeypatch.setattr(dec, "decode", flaky)
    real_key = ix.key_of_open_file if hasattr(ix, "key_of_open_file") else None

    def bad_key(f, size, **kw):
        if getattr(f, "name", None) is not None and size == os.path.getsize(photos[2]):
            raise ValueError("a bug while hashing")
        return real_key(f, size, **kw)

    if real_key is not None:
        monkeypatch.setattr(ix, "key_of_open_file", bad_key)
    else:  # the code before the fix keyed by path
        real_ck = ix.content_key

        def bad_ck(path, size=None):
            if str(path) == str(photos[2]):
                raise ValueError("a bug while hashing")
            return real_ck(path, size)

        monkeypatch.setattr(ix, "content_key", bad_ck)
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([d])
    errors = {Path(p).name: why for p, why in r.errors}
    assert r.new == 2 and r.failed == 2
    assert "a bug in some plugin" in errors[photos[1].name]
    assert "a bug while hashing" in errors[photos[2].name]
    lib.close()


def _vectors_by_path(lib: Library) -> dict[str, tuple[str, np.ndarray]]:
    out = {}
    for p in lib.photos():
        stored = lib.catalog.vector_of_ckey(p.ckey, lib.model.key)
        out[p.path] = (p.ckey, stored[1] if stored else None)
    return out


def _keys_of(data: bytes) -> set[str]:
    """The keys a content can be stored under: sampled, or whole (a file changed in place)."""
    return {content_key_of_bytes(data), content_key_of_bytes(data, full=True)}


@pytest.mark.slow
@pytest.mark.parametrize("read_whole_max", [None, 1000], ids=["in-memory", "from-open-file"])
def test_files_replaced_while_indexing_get_their_own_vectors(tmp_path, monkeypatch, read_whole_max):
    """A thread keeps replacing each file with one of two photos (os.replace) during the run.

    Each content keeps its own mtime, as a sync tool (rsync -t, cp -p) does. Before: the key
    came from one read and the pixels from another, and the walk's stat was stored with them,
    so a wrong vector looked "unchanged" to every later scan. ``from-open-file``: files over the
    in-memory cap are decoded from the open file they were keyed from."""
    if read_whole_max is not None:
        if not hasattr(ix, "READ_WHOLE_MAX"):
            pytest.fail("no in-memory cap: the pipeline reads each file twice")
        monkeypatch.setattr(ix, "READ_WHOLE_MAX", read_whole_max)
    srcs = shared_photos()
    n = 24
    pairs = []
    for i in range(n):
        a, b = srcs[i], srcs[i + n]
        if a.stat().st_size == b.stat().st_size:
            b = srcs[i + 2 * n]
        pairs.append((a.read_bytes(), b.read_bytes()))
    lib = Library.open(tmp_path / "data")
    truth = {}  # content key -> the vector of that content, embedded alone
    for a, b in pairs:
        for data in (a, b):
            vec = lib.embedder.embed(dec.decode(data).pixels[None])[0]
            for key in _keys_of(data):  # a file changed in place is keyed whole (scan.py)
                truth[key] = vec
    d = tmp_path / "p"
    d.mkdir()
    paths = [d / f"photo_{i:02d}.jpg" for i in range(n)]
    for p, (a, _) in zip(paths, pairs):
        p.write_bytes(a)

    base = 1_600_000_000 * 10**9
    mtimes = [(base + 2 * i * 10**9, base + (2 * i + 1) * 10**9) for i in range(n)]
    for p, (m, _) in zip(paths, mtimes):
        os.utime(p, ns=(m, m))
    stop = threading.Event()
    swaps = [0]

    def swapper() -> None:
        k = 0
        while not stop.is_set():
            for i, p in enumerate(paths):
                tmp = d / f".swap_{i}.tmp"
                which = (k + i) % 2
                tmp.write_bytes(pairs[i][which])
                os.utime(tmp, ns=(mtimes[i][which],) * 2)  # a sync tool keeps mtimes
                os.replace(tmp, p)
                swaps[0] += 1
            k += 1
            stop.wait(0.0005)

    t = threading.Thread(target=swapper)
    t.start()
    try:
        lib.index_folders([d], workers=2)
    finally:
        stop.set()
        t.join()
    assert swaps[0] > n

    def check(after: str) -> list[str]:
        wrong = []
        for path, (ckey, vec) in _vectors_by_path(lib).items():
            final = Path(path).read_bytes()
            if ckey not in _keys_of(final):
                continue  # stale is allowed only where the stored stat says "changed"
            if vec is None or float(vec @ truth[ckey]) < 0.999:
                wrong.append(f"{after}: {Path(path).name}")
        return wrong

    def stale_but_unchanged() -> list[str]:
        """Photos whose stored size and mtime match the file now but whose key does not."""
        out = []
        for p in lib.photos():
            st = os.stat(p.path)
            data = Path(p.path).read_bytes()
            if (st.st_size, st.st_mtime_ns) == (p.size, p.mtime_ns) and p.ckey not in _keys_of(data):
                out.append(Path(p.path).name)
        return out

    assert check("first run") == []
    assert stale_but_unchanged() == []
    lib.index_folders()  # the rescan must see every replaced file as changed
    assert check("rescan") == []
    for path, (ckey, _) in _vectors_by_path(lib).items():
        assert ckey in _keys_of(Path(path).read_bytes()), Path(path).name
    assert len(lib.photos()) == n
    lib.close()


def test_copies_of_one_photo_in_one_run_are_decoded_and_embedded_once(tmp_path, monkeypatch):
    d = tmp_path / "p"
    (d / "a").mkdir(parents=True)
    (d / "b").mkdir()
    srcs = shared_photos()
    for i in range(6):  # six copies of one photo, spread among four other photos
        shutil.copy(srcs[3], d / ("a" if i % 2 else "b") / f"copy_{i}.jpg")
    for s in srcs[10:14]:
        shutil.copy(s, d / "a" / s.name)
    decodes = []
    real = dec.decode

    def counting(source, **kw):
        decodes.append(kw.get("name") or str(source))
        return real(source, **kw)

    monkeypatch.setattr(dec, "decode", counting)
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([d], workers=3)
    assert (r.new, r.failed) == (10, 0)
    assert r.embedded == 5 and len(decodes) == 5, decodes
    copies = [p for p in lib.photos() if Path(p.path).name.startswith("copy_")]
    assert len(copies) == 6 and len({p.ckey for p in copies}) == 1
    lib.close()


def test_a_full_disk_for_thumbnails_is_logged_once_per_run(tmp_path, monkeypatch, caplog):
    """ENOSPC on every thumbnail write: one warning, not one per photo; photos still indexed."""
    import errno
    import logging

    from photorec.core.ingest import decode as dec_mod
    from photorec.core.library import Library
    from tests.conftest import copy_photos

    copy_photos(tmp_path / "p", n=6, step=10)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dec_mod, "save_thumbnail", full)
    with caplog.at_level(logging.WARNING, logger="photorec.core.index.pipeline"):
        with Library.open(tmp_path / "data") as lib:
            report = lib.index_folders([tmp_path / "p"])
    assert report.new == 6 and report.failed == 0
    thumbs = [r for r in caplog.records if "thumbnail" in r.getMessage()]
    assert len(thumbs) == 1, [r.getMessage() for r in thumbs]
