"""No leftovers (issue 20): a writer killed mid-write leaves a temp file the next writable open
removes, and a projected index leaves no full-vector graph behind."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from photorec.core.embed import projection as P
from photorec.core.index import leftovers
from photorec.core.library import Library
from photorec.core.paths import LibraryPaths
from tests.conftest import REPO, copy_photos, shared_photos

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL, /proc")

# The child replaces os.replace: the moment a temp file matching ``argv[3]`` is complete and
# about to be renamed, the process kills itself (SIGKILL: no finally, no atexit).
_CHILD = textwrap.dedent(r"""
    import os, re, signal, sys
    sys.path.insert(0, sys.argv[1])
    data, pattern, what = sys.argv[2], re.compile(sys.argv[3]), sys.argv[4]
    real = os.replace
    def replace(src, dst, *a, **k):
        if pattern.search(os.path.basename(os.fspath(src))):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst, *a, **k)
    os.replace = replace
    from photorec.core.library import Library
    if what == "projection":
        import numpy as np
        from photorec.core.embed import projection as P
        lib = Library.open(data)
        x = np.random.default_rng(0).normal(size=(64, lib.model.dim)).astype("float32")
        P.Projection.fit(x, 8).save(P.projection_path(lib.paths.index_file(lib.model.key)))
    elif what == "repair":
        from photorec.core.paths import LibraryPaths
        from photorec.core.store.repair import repair
        repair(LibraryPaths.resolve(data).catalog, force=True)
    elif what == "duplicates":
        from photorec.core.organize import duplicates
        lib = Library.open(data)
        duplicates.neighbour_graph(lib)
    else:
        lib = Library.open(data)
        lib.index_folders([what])
        lib.close()
    sys.exit(3)  # the kill never landed
""")

WRITERS = [  # (what the child does, the temp file it is killed on)
    ("index", r"^[0-9a-f]+\.jpg\.\d+\.\d+\.tmp$"),  # a thumbnail
    ("index", r"^index-.+\.\d+\.g\d+\.tmp$"),  # the index graph
    ("index", r"^index-.+\.json\.\d+\.tmp$"),  # the index pointer (graph renamed already)
    ("projection", r"\.projection\.npz\.\d+\.tmp\.npz$"),
    ("duplicates", r"^neighbours-.+\.npz\.\d+\.\d+\.tmp\.npz$"),
    ("repair", r"^catalog\.sqlite3\.\d+\.recovering$"),  # the fresh catalog, before its rename
]


def _all_files(paths: LibraryPaths) -> set[str]:
    root = paths.data_dir
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _leftovers(paths: LibraryPaths) -> set[str]:
    return {f for f in _all_files(paths) if ".tmp" in f or ".recovering" in f}


@pytest.mark.slow
def test_every_writer_killed_mid_write_leaves_nothing_after_the_next_open(tmp_path):
    folder = tmp_path / "photos"
    photos = shared_photos()
    copy_photos(folder, n=4, step=9)
    data = tmp_path / "data"
    paths = LibraryPaths.resolve(data)
    with Library.open(data) as lib:
        lib.index_folders([folder])
    extra = iter(photos[50:60])
    for what, pattern in WRITERS:
        if what == "index":  # new photos: a thumbnail and an index save to write
            src = next(extra)
            shutil.copy(src, folder / src.name)
        arg = str(folder) if what == "index" else what
        r = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(data), pattern, arg],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == -signal.SIGKILL, (what, pattern, r.returncode, r.stderr[-2000:])
        left = _leftovers(paths)
        if pattern.startswith(r"^index-.+\.json"):
            # killed after the graph's rename: a graph no pointer names, and the pointer's temp
            assert any(".json." in f for f in left), left
        else:
            assert left, f"the kill on {pattern} left no temp file: nothing was tested"
        before_graphs = {f for f in _all_files(paths) if f.endswith(".hnsw")}
        with Library.open(data) as lib:  # the next writable open cleans up
            assert _leftovers(paths) == set(), (pattern, _leftovers(paths))
            assert leftovers.stale_files(paths) == []
            graphs = {f for f in _all_files(paths) if f.endswith(".hnsw")}
            assert graphs == {lib.index.file.name}, (pattern, before_graphs, graphs)
            assert len(lib.index) == lib.catalog.vector_count(lib.model.key)
    with Library.open(data) as lib:  # and the library still answers
        assert lib.similar(photos[50], k=1)[0].score > 0.99


def test_a_temp_file_of_a_live_writer_is_left_alone(tmp_path):
    paths = LibraryPaths.resolve(tmp_path / "data").ensure()
    shard = paths.thumbs_dir / "ab"
    shard.mkdir(parents=True)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = shard / f"ab12.jpg.{child.pid}.140.tmp"
        live.write_bytes(b"x")
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True).stdout.strip()
        dead = shard / f"ab34.jpg.{dead_pid}.140.tmp"
        dead.write_bytes(b"x")
        theirs = paths.data_dir / "notes.txt.123.tmp"  # not a name photorec writes
        theirs.write_bytes(b"x")
        assert leftovers.clean_up(paths) == 1
        assert live.exists() and not dead.exists() and theirs.exists()
    finally:
        child.kill()
        child.wait()


def test_a_learnt_projection_leaves_no_full_vector_graph(tmp_path, monkeypatch):
    from photorec.core.index import projected as IP

    monkeypatch.setattr(IP, "MIN_VECTORS", 8)
    monkeypatch.setattr(P, "DIM", 4)
    folder = tmp_path / "photos"
    copy_photos(folder, n=6, step=11)
    data = tmp_path / "data"
    paths = LibraryPaths.resolve(data)
    with Library.open(data) as lib:
        lib.index_folders([folder])
        assert lib.index.projection is None
        full_graph = lib.index.file
        kept = tmp_path / full_graph.name
        shutil.copy(full_graph, kept)
        kept_pointer = tmp_path / lib.index.meta_path.name
        shutil.copy(lib.index.meta_path, kept_pointer)
        copy_photos(folder, n=4, step=7)
        lib.index_folders([folder])
        assert lib.index.projection is not None
        # only the projected pointer and its graph remain, with the projection
        assert {f for f in _all_files(paths) if f.startswith("index-")} == {
            lib.index.file.name, lib.index.meta_path.name, P.projection_path(lib.index.base_path).name}
    # what 0.2 left: the full-vector graph (and its pointer) after the projection was learnt
    shutil.copy(kept, data / kept.name)
    shutil.copy(kept_pointer, data / kept_pointer.name)
    with Library.open(data) as lib:
        assert not (data / kept.name).exists() and not (data / kept_pointer.name).exists()
        assert lib.index.projection is not None and len(lib.index) >= 8
        assert lib.similar(shared_photos()[0], k=1)[0].score > 0.99
