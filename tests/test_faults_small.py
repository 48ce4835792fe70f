"""Issue 20's smaller faults: two `index` runs at once, the query size limit said the same
everywhere, `themes` on a read-only library."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import REPO, copy_photos

from photorec.cli import main
from photorec.core.library import IndexingElsewhere, Library
from photorec.core.store import Catalog, owner


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- two index runs at once --------------------------------------------------------------------


def _hold_marker(catalog_path, progress: str = "5/1111"):
    """Make a live process (a `sleep`) the owner of this library's indexing marker, as a
    running `photorec index` is; returns the process."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    host = owner.this_owner().rsplit(":", 2)[0]
    other = f"{host}:{sleeper.pid}:{owner._start_time(sleeper.pid)}"
    cat = Catalog(catalog_path)
    try:
        with cat._write() as c:
            c.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                          (("indexing", progress), ("indexing_owner", other)))
    finally:
        cat.close()
    return sleeper


def test_a_second_index_run_is_refused_while_one_runs(tmp_path, capsys):
    photos = tmp_path / "p"
    copy_photos(photos, n=6, step=11)
    data = tmp_path / "data"
    with Library.open(data):
        pass  # an empty library
    sleeper = _hold_marker(data / "catalog.sqlite3")
    try:
        code, out, err = run(capsys, "--data-dir", data, "index", photos)
        assert code == 1
        assert "another photorec process is indexing this library (5/1111)" in err
        assert "new" not in out  # it did nothing, and says nothing was added
        with Library.open(data, readonly=True) as lib:
            assert len(lib.index) == 0 and lib.folders() == []
        with Library.open(data) as lib, pytest.raises(IndexingElsewhere):
            lib.index_folders([photos])
    finally:
        sleeper.kill()
        sleeper.wait()
    # the other process is gone (killed): its marker no longer counts
    code, out, err = run(capsys, "--data-dir", data, "index", photos)
    assert code == 0, err
    assert "6 new" in out


def test_two_index_runs_started_together_count_truthfully(tmp_path):
    """Two real processes: between them each photo is counted new once, and a run that did
    not index says why."""
    photos = tmp_path / "p"
    copy_photos(photos, n=30, step=2)
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "photorec", "--data-dir", str(data), "index", str(photos)]
    with Library.open(data):
        pass
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    new = 0
    for p, (out, err) in zip(procs, outs):
        assert "Traceback" not in err
        if p.returncode == 0:
            new += int(re.search(r"(\d+) new", out).group(1))
        else:
            assert "another photorec process is indexing this library" in err, err
    assert new == 30, outs
    with Library.open(data, readonly=True) as lib:
        assert len(lib.index) == 30


# -- the query size limit ----------------------------------------------------------------------


def test_the_query_size_refusal_says_the_readmes_number(tmp_path, photo_dir, capsys):
    from photorec.core.ingest import query

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    said = re.search(r"regular image file of at most\s+(\d+) MB", readme)
    assert said and int(said.group(1)) == query.MAX_QUERY_MB
    big = tmp_path / "big.jpg"
    with open(big, "wb") as f:
        f.truncate(query.MAX_QUERY_BYTES + 400_000)  # sparse: no disk used
    data = tmp_path / "data"
    code, _, err = run(capsys, "--data-dir", data, "index", photo_dir)
    assert code == 0, err
    code, _, err = run(capsys, "--data-dir", data, "similar", big)
    assert code == 1
    assert f"photorec reads query images of up to {query.MAX_QUERY_MB} MB" in err, err
    assert f"is {query.MAX_QUERY_MB}.4 MB" in err, err


# -- themes on a read-only library -------------------------------------------------------------


def test_themes_on_a_read_only_library_compute_and_say_they_were_not_saved(tmp_path, capsys):
    from test_store import _make_readonly

    copy_photos(tmp_path / "p", n=12, step=6)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([tmp_path / "p"])
    for side in ("catalog.sqlite3-wal", "catalog.sqlite3-shm"):
        if (data / side).exists():
            (data / side).unlink()
    undo = _make_readonly(data)
    try:
        code, out, err = run(capsys, "--data-dir", data, "themes", "-k", "3", "--json")
        assert code == 0, err
        themes = [json.loads(x) for x in out.splitlines()]
        assert len(themes) == 3 and sum(t["size"] for t in themes) == 12
        assert "read-only: these themes were not saved" in err
        code, out, err = run(capsys, "--data-dir", data, "themes")
        assert code == 0 and "not saved" in err  # nothing was stored: computed again
    finally:
        undo()
