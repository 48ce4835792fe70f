"""The index files: checksum verified on open (a damaged file is rebuilt, never crashes or
answers wrongly), the graph and its pointer commit as one (a kill between the steps leaves a
usable library), stray temp files cleaned, saved only when dirty, searches not blocked while
the file is written (issue #10.2, #10.3)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from photorec.core.index import hnsw as index_mod
from photorec.core.index.hnsw import VectorIndex
from photorec.core.library import Library
from photorec.core.store import Catalog
from tests.conftest import copy_photos


@pytest.fixture
def lib_dir(tmp_path):
    copy_photos(tmp_path / "p", n=16, step=5)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([tmp_path / "p"])
    return data


def _answers(data: Path, readonly: bool = True) -> dict:
    with Library.open(data, readonly=readonly) as lib:
        return {p.path: [m.path for m in lib.similar(p.path, k=5)] for p in lib.photos()}


def _index(data: Path) -> VectorIndex:
    with Library.open(data, readonly=True) as lib:
        return lib.index


def test_garbage_in_the_middle_of_the_graph_is_detected_and_rebuilt(lib_dir, caplog):
    expected = _answers(lib_dir)
    f = _index(lib_dir).file
    size = f.stat().st_size
    with open(f, "r+b") as fh:  # 1 KB of garbage in the middle (used to segfault)
        fh.seek(size // 2)
        fh.write(os.urandom(1024))
    with caplog.at_level(logging.WARNING):
        lib = Library.open(lib_dir)
    assert lib.index.problem and "damaged" in lib.index.problem
    assert any("damaged" in r.getMessage() and "rebuilt" in r.getMessage() for r in caplog.records)
    assert lib.status()["index_problem"] == lib.index.problem
    assert {p.path: [m.path for m in lib.similar(p.path, k=5)] for p in lib.photos()} == expected
    lib.close()
    fresh = VectorIndex(lib.index.dim, lib.index.path, lib.index.model_key)
    assert fresh.load() and fresh.problem is None  # the rebuilt index was saved, sound
    assert _answers(lib_dir) == expected


def test_scrambled_vector_bytes_are_detected(lib_dir):
    expected = _answers(lib_dir)
    f = _index(lib_dir).file
    data = bytearray(f.read_bytes())
    # Swap two stretches of vector data: a valid-looking file that answers wrongly.
    a, b = len(data) // 3, len(data) // 3 + 4096
    data[a:a + 2048], data[b:b + 2048] = data[b:b + 2048], data[a:a + 2048]
    f.write_bytes(bytes(data))
    with Library.open(lib_dir, readonly=True) as lib:  # even a reader does not trust it
        assert lib.index.problem
        assert {p.path: [m.path for m in lib.similar(p.path, k=5)] for p in lib.photos()} == expected
    assert _answers(lib_dir, readonly=False) == expected  # a writer rebuilds and saves
    assert _index(lib_dir).problem is None


def test_the_cli_says_the_index_was_damaged(lib_dir, tmp_path):
    f = _index(lib_dir).file
    with open(f, "r+b") as fh:
        fh.seek(f.stat().st_size // 2)
        fh.write(b"\0" * 1024)
    photo = sorted((tmp_path / "p").iterdir())[0]
    for cmd in (["similar", str(photo)], ["index", str(tmp_path / "p")], ["status"]):
        r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", str(lib_dir), *cmd],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
    # The first command said so; the index command rebuilt and saved it, so status is quiet.
    r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", str(lib_dir), "status"],
                       capture_output=True, text=True)
    assert "damaged" not in r.stderr


def test_a_kill_between_the_steps_of_a_save_leaves_a_usable_library(lib_dir, tmp_path, monkeypatch):
    expected = _answers(lib_dir)
    # Forget two photos so that the next save has deleted labels (the 0.1.0 crash came from a
    # new sidecar's deleted list applied to the old graph file).
    lib = Library.open(lib_dir)
    gone = sorted(expected)[:2]
    lib.forget(gone)
    calls = []

    def killed(src, dst):  # the process dies after the graph's rename, before the pointer's
        calls.append(dst)
        if len(calls) == 2:
            raise SystemExit("killed")
        os.replace(src, dst)

    monkeypatch.setattr(index_mod, "_replace", killed)
    with pytest.raises(SystemExit):
        lib.index.save()
    monkeypatch.undo()
    lib.catalog.close()
    for g in gone:
        del expected[g]
    expected = {q: [p for p in v if p not in gone] for q, v in expected.items()}
    lib2 = Library.open(lib_dir)
    got = {p.path: [m.path for m in lib2.similar(p.path, k=5)] for p in lib2.photos()}
    assert {q: v[:3] for q, v in got.items()} == {q: v[:3] for q, v in expected.items()}
    lib2.index.save(force=True)
    names = sorted(p.name for p in lib_dir.iterdir() if p.name.startswith("index-"))
    assert not [n for n in names if n.endswith(".tmp")]
    assert len([n for n in names if n.endswith(".hnsw")]) == 1, names  # old generations gone
    lib2.close()
    assert {q: v[:3] for q, v in _answers(lib_dir).items()} == {q: v[:3] for q, v in expected.items()}


def test_stale_temp_files_of_dead_processes_are_removed(lib_dir):
    idx = _index(lib_dir)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = [lib_dir / f"{idx.path.stem}.{dead}.g7.tmp", lib_dir / f"{idx.path.name}.{dead}.tmp",
             lib_dir / f"{idx.meta_path.name}.{dead}.tmp"]
    for s in stale:
        s.write_bytes(b"x" * 1000)
    mine = lib_dir / f"{idx.path.stem}.{os.getpid()}.g9.tmp"  # a save in flight: kept
    mine.write_bytes(b"y")
    with Library.open(lib_dir) as lib:
        lib.index.save(force=True)
    assert not any(s.exists() for s in stale)
    assert mine.exists()


def test_a_pointer_to_a_missing_graph_rebuilds(lib_dir):
    expected = _answers(lib_dir)
    _index(lib_dir).file.unlink()
    assert _answers(lib_dir, readonly=False) == expected
    assert _index(lib_dir).file.exists()


def test_the_index_is_saved_only_when_it_changed(lib_dir, tmp_path):
    idx = _index(lib_dir)
    f, mtime = idx.file, idx.file.stat().st_mtime_ns
    with Library.open(lib_dir) as lib:
        r = lib.index_folders()
        assert r.unchanged == 16 and lib.index.dirty == 0
        assert lib.index.save() is False
    assert _index(lib_dir).file == f and f.stat().st_mtime_ns == mtime
    copy_photos(tmp_path / "p2", n=2, step=1)  # [1] is not in the library yet
    with Library.open(lib_dir) as lib:
        lib.index_folders([tmp_path / "p2"])
    assert _index(lib_dir).file != f and not f.exists()


def test_searches_go_on_while_the_file_is_written(tmp_path, monkeypatch):
    idx = VectorIndex(8, tmp_path / "index-m.hnsw", "m")
    rng = np.random.default_rng(0)
    v = rng.normal(size=(50, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    idx.add(np.arange(1, 51), v)
    in_write, release = threading.Event(), threading.Event()
    real = index_mod._checksum

    def slow_hash(path):  # the slow part of a save (hashing, fsync) waits here
        in_write.set()
        release.wait(30)
        return real(path)

    monkeypatch.setattr(index_mod, "_checksum", slow_hash)
    saver = threading.Thread(target=idx.save)
    saver.start()
    assert in_write.wait(30)
    found = []
    searcher = threading.Thread(target=lambda: found.append(idx.search(v[3], 1)))
    searcher.start()
    searcher.join(30)
    alive = searcher.is_alive()
    release.set()
    saver.join(30)
    searcher.join(30)
    assert not alive, "a search waited for the file to be written"
    assert found[0][0][0] == 4
    monkeypatch.undo()
    again = VectorIndex(8, tmp_path / "index-m.hnsw", "m")
    assert again.load() and len(again) == 50


def test_an_index_of_photorec_0_1_0_is_rebuilt_and_its_file_removed(lib_dir):
    idx = _index(lib_dir)
    legacy = idx.path
    legacy.write_bytes(idx.file.read_bytes())
    idx.meta_path.write_text(json.dumps({"model": idx.model_key, "dim": idx.dim, "count": 16,
                                         "deleted": []}))
    expected = _answers(lib_dir)
    assert _answers(lib_dir, readonly=False) == expected
    assert not legacy.exists()
    assert json.loads(idx.meta_path.read_text())["format"] == index_mod.FORMAT


def test_a_new_catalog_gets_no_index_file_until_there_is_something(tmp_path):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    idx = VectorIndex(8, tmp_path / "index-m.hnsw", "m")
    idx.rebuild(cat)
    assert idx.save() is True  # rebuilt: what is on disk (nothing) is not this graph
    assert idx.save() is False
    cat.close()
