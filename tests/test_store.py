"""The store: migrations (a 0.1.0 catalog upgrades with nothing lost), lossless non-UTF-8 paths,
connections per thread, the live-owner indexing marker, read-only disks, disk full, damaged
catalogs and `photorec repair` (issue #10)."""

from __future__ import annotations

import base64
import errno
import gc
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from photorec.cli import main
from photorec.core.library import Library, LibraryError
from photorec.core.store import (
    SCHEMA_VERSION,
    Catalog,
    CatalogDamaged,
    CatalogError,
    DiskFullError,
    display_path,
)
from photorec.core.store import db as store_db
from photorec.quietlog import QuietStreamHandler
from tests.conftest import copy_photos

FIXTURE = Path(__file__).parent / "data" / "catalog-0.1.0.sqlite"
NON_UTF8 = os.fsdecode(b"IMG_\xe9t\xe9.jpg")  # Latin-1 from an old camera card


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _schema(cat: Catalog) -> list[tuple]:
    rows = cat._query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [(t, n, tb, " ".join((s or "").split())) for t, n, tb, s in rows]


def _fixture_library(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / "catalog.sqlite3")
    return data


# -- migrations ----------------------------------------------------------------------------


def test_a_0_1_0_catalog_upgrades_with_nothing_lost(tmp_path):
    data = _fixture_library(tmp_path)
    old = sqlite3.connect(FIXTURE)
    before = {t: old.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
              for (t,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' AND name != 'meta'")}
    old.close()
    assert len(before["files"]) == 6 and len(before["vectors"]) == 5 and len(before["tags"]) == 1
    assert len(before["dup_decisions"]) == 1 and len(before["theme_members"]) == 5

    lib = Library.open(data)
    cat = lib.catalog
    assert cat.schema_version == SCHEMA_VERSION
    assert cat._query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    for table, rows in before.items():
        assert cat._query(f"SELECT * FROM {table} ORDER BY 1, 2") == rows, table
    # The index comes back from the catalog's vectors: the photos' folder is long gone, yet
    # "similar" answers (the stored vector of a library photo needs no file).
    assert len(lib.index) == 5
    q = before["files"][0][2]
    assert [m.path for m in lib.similar(q, k=3)]
    fresh = Catalog(tmp_path / "fresh" / "catalog.sqlite3")
    assert _schema(fresh) == _schema(cat)  # a fresh catalog and an upgraded one are the same
    fresh.close()
    lib.close()
    # And it stays upgraded: opening again runs nothing.
    with Library.open(data) as lib2:
        assert lib2.catalog._query("SELECT COUNT(*) FROM files")[0][0] == 6


def test_a_fresh_catalog_has_the_organising_tables(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    names = {r[0] for r in cat._query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"tags", "tag_rejections", "tag_hints", "tag_models", "dup_decisions",
            "photo_quality", "theme_runs", "theme_members", "tag_file_keywords",
            "photo_phash"} <= names
    cat.close()


def test_a_catalog_from_a_newer_photorec_is_refused_in_words(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    cat._connection().execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    cat.close()
    with pytest.raises(CatalogError, match="newer photorec"):
        Catalog(tmp_path / "c.sqlite3")


# -- non-UTF-8 names (#10.1) ---------------------------------------------------------------


def test_display_path_escapes_bytes_that_are_not_utf8():
    assert display_path("/a/" + NON_UTF8) == "/a/IMG_\\xe9t\\xe9.jpg"
    assert display_path("/a/été.jpg") == "/a/été.jpg"


def test_non_utf8_paths_round_trip_through_the_catalog(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    folder = os.fsdecode(b"/card/DCIM\xff")
    fid = cat.add_folder(folder)
    p = folder + "/" + NON_UTF8
    with cat._write() as c:
        c.execute("INSERT INTO files(folder_id, path, size, mtime_ns, status, error, added, "
                  "updated) VALUES (?,?,?,?,?,?,?,?)", (fid, p, 1, 2, "error", "x", 0, 0))
    cat.close()
    cat = Catalog(tmp_path / "c.sqlite3", readonly=True)
    assert cat.folders()[0].path == folder
    (photo,) = cat.photos(status="error")
    assert photo.path == p and os.fsencode(photo.path) == b"/card/DCIM\xff/IMG_\xe9t\xe9.jpg"
    assert cat.photo_by_path(p).id == photo.id
    assert set(cat.file_states(fid)) == {p}
    cat.close()


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_non_utf8_file_names_are_indexed_and_queried(tmp_path, capsys):
    photos = copy_photos(tmp_path / "p", n=4, step=9)
    odd = os.path.join(os.fsdecode(tmp_path / "p"), NON_UTF8)
    os.rename(photos[0], odd)
    data = tmp_path / "data"
    code, out, err = run(capsys, "--data-dir", data, "index", tmp_path / "p")
    assert code == 0, err
    assert "4 new" in out
    with Library.open(data, readonly=True) as lib:
        paths = {p.path for p in lib.photos()}
        assert odd in paths
        assert [m.path for m in lib.similar(odd, k=3)]
        assert odd in {m.path for m in lib.similar(str(photos[1]), k=3)}
    code, out, err = run(capsys, "--data-dir", data, "similar", "--json", "--all", photos[1])
    assert code == 0, err
    # JSON: the escaped text, and the exact bytes in base64 beside it (README: path_bytes)
    results = json.loads(out)["results"]
    item = next(r for r in results if "path_bytes" in r)
    assert item["path"].endswith("IMG_\\xe9t\\xe9.jpg")
    assert os.fsdecode(base64.b64decode(item["path_bytes"])) == odd
    code, out, err = run(capsys, "--data-dir", data, "similar", "--all", photos[1])
    assert code == 0 and "IMG_\\xe9t\\xe9.jpg" in out  # shown escaped, for people


# -- connections ---------------------------------------------------------------------------


def test_connections_of_ended_threads_are_closed_and_close_closes_all(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    cons = []

    def worker():
        cons.append(cat._connection())
        cat.counts()

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    del threads
    gc.collect()
    assert cat.open_connections() == 1  # only this thread's
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        cons[0].execute("SELECT 1")
    keep = threading.Event()
    started = threading.Event()

    def holder():
        cat.counts()
        started.set()
        keep.wait()

    t = threading.Thread(target=holder)
    t.start()
    started.wait()
    assert cat.open_connections() == 2
    cat.close()
    assert cat.open_connections() == 0
    keep.set()
    t.join()


# -- the indexing marker (#10.11) ----------------------------------------------------------


def test_a_marker_left_by_a_killed_run_is_ignored(tmp_path, capsys):
    copy_photos(tmp_path / "p", n=3, step=20)
    data = tmp_path / "data"
    Library.open(data).index_folders([tmp_path / "p"])
    code = (
        "import os, signal, sys\n"
        "from photorec.core.store import Catalog\n"
        "c = Catalog(sys.argv[1])\n"
        "c.set_meta('indexing', '37/379')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(data / "catalog.sqlite3")])
    assert r.returncode == -signal.SIGKILL
    with Library.open(data, readonly=True) as lib:
        raw = lib.catalog._query("SELECT value FROM meta WHERE key = 'indexing'")
        assert raw == [("37/379",)]  # it is there...
        assert lib.catalog.indexing() is None  # ...and ignored: its owner is dead
        assert lib.catalog.get_meta("indexing") is None
        assert lib.status()["indexing"] is None
    code, out, err = run(capsys, "--data-dir", data, "similar", "--json",
                         next((tmp_path / "p").iterdir()))
    assert code == 0 and "indexing" not in json.loads(out) and "in progress" not in err
    code, out, err = run(capsys, "--data-dir", data, "status")
    assert code == 0 and "in progress" not in out


def test_a_marker_of_a_live_run_is_shown(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.set_meta("indexing", "3/10")
    other = Catalog(tmp_path / "c.sqlite3", readonly=True)
    assert other.indexing() == "3/10"
    cat.set_meta("indexing", "")
    assert other.indexing() is None
    other.close()
    cat.close()


# -- read-only disks (#10.9) ---------------------------------------------------------------


def _make_readonly(path: Path):
    """Make ``path`` read-only for this process; returns an undo callable, or skips."""
    if os.geteuid() != 0:
        modes = {}
        for p in [path, *path.rglob("*")]:
            modes[p] = p.stat().st_mode
            p.chmod(modes[p] & ~0o222)

        def undo():
            for p, m in modes.items():
                p.chmod(m)
        return undo
    # root ignores permissions: a read-only mount is the only honest read-only disk
    mnt = path.parent / "ro-mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs to make a read-only disk")
    shutil.copytree(path, mnt / path.name)
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    shutil.rmtree(path)
    path.symlink_to(mnt / path.name)

    def undo():
        path.unlink()
        subprocess.run(["umount", str(mnt)], check=False)
    return undo


def test_a_library_on_a_read_only_disk_answers(tmp_path, capsys):
    photos = copy_photos(tmp_path / "p", n=4, step=15)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([tmp_path / "p"])
    # The state a library has on a disk that went read-only while it was in use: no -shm.
    for side in ("catalog.sqlite3-wal", "catalog.sqlite3-shm"):
        assert not (data / side).exists() or (data / side).unlink() is None
    undo = _make_readonly(data)
    try:
        code, out, err = run(capsys, "--data-dir", data, "status", "--json")
        assert code == 0, err
        assert json.loads(out)["photos"] == 4
        code, out, err = run(capsys, "--data-dir", data, "similar", "--json", "--all", photos[0])
        assert code == 0, err
        assert len(json.loads(out)["results"]) == 3
        code, out, err = run(capsys, "--data-dir", data, "index", tmp_path / "p")
        assert code == 1 and "Traceback" not in err and "photorec:" in err
    finally:
        undo()


# -- disk full (#10.7) ---------------------------------------------------------------------


def test_disk_full_stops_cleanly_in_words_and_loses_nothing(tmp_path, capsys, monkeypatch):
    copy_photos(tmp_path / "p", n=40, step=2)
    data = tmp_path / "data"
    real_connect = store_db.connect

    def small_disk(path, **kw):  # SQLite's own "database or disk is full" (SQLITE_FULL)
        con = real_connect(path, **kw)
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {max(pages, 40) + 20}")
        return con

    monkeypatch.setattr(store_db, "connect", small_disk)
    code, out, err = run(capsys, "--data-dir", data, "index", tmp_path / "p")
    assert code == 1
    assert "Traceback" not in err and "Logging error" not in err
    lines = [x for x in err.splitlines() if "disk full" in x and "saved" in x]
    assert len(lines) == 1, err
    assert lines[0].startswith("photorec: disk full: ") and "run again when there is space" in lines[0]
    saved = int(lines[0].split("disk full: ")[1].split()[0])
    assert 0 < saved < 40
    monkeypatch.setattr(store_db, "connect", real_connect)
    with Library.open(data, readonly=True) as lib:
        assert len(lib.photos()) == saved  # every photo it said was saved is there
    code, out, err = run(capsys, "--data-dir", data, "index", tmp_path / "p")
    assert code == 0, err
    with Library.open(data, readonly=True) as lib:
        assert len(lib.photos()) == 40 and len(lib.index) == 40


def _sqlite_error(cls, text: str, name: str, code: int) -> sqlite3.Error:
    """An error as sqlite3 raises it (Python 3.11 and later give its SQLite code)."""
    e = cls(text)
    e.sqlite_errorname, e.sqlite_errorcode = name, code
    return e


def test_disk_full_is_an_oserror_and_a_catalog_error():
    full = _sqlite_error(sqlite3.OperationalError, "database or disk is full", "SQLITE_FULL", 13)
    exc = store_db.translate(full, Path("x"), saved=3)
    assert isinstance(exc, DiskFullError) and isinstance(exc, OSError) and isinstance(exc, CatalogError)
    assert exc.code == "disk_full" and exc.saved == 3 and exc.errno == errno.ENOSPC
    assert str(exc) == "disk full: 3 photos saved, run again when there is space"
    one = store_db.translate(full, Path("x"), saved=1)
    assert str(one) == "disk full: 1 photo saved, run again when there is space"
    # the words go by the code, not by the text: a full disk whose text is something else
    other = _sqlite_error(sqlite3.OperationalError, "something else", "SQLITE_FULL", 13)
    assert isinstance(store_db.translate(other, Path("x")), DiskFullError)
    # no code and no text SQLite gives a code (Python 3.10 reads SQLite's own texts): as is
    assert store_db.translate(sqlite3.OperationalError("the disk is on fire"),
                              Path("x")).__class__ is sqlite3.OperationalError
    from photorec import cli_words, i18n

    try:
        i18n.use_language("pt_BR")
        assert cli_words.words(one) == ("disco cheio: 1 foto salva, rode de novo quando "
                                        "houver espaço")
    finally:
        i18n.use_language("en")


def test_sqlite_errors_without_a_code_on_python_3_10(monkeypatch):
    """Python 3.10's sqlite3 errors carry no code: SQLite's own text for a code (its
    sqlite3_errstr, whole) gives it back there; any other text gives none."""
    monkeypatch.setattr(store_db, "_ERRORS_HAVE_CODES", False)
    cases = {"database or disk is full": "SQLITE_FULL", "file is not a database": "SQLITE_NOTADB",
             "attempt to write a readonly database": "SQLITE_READONLY",
             "database disk image is malformed": "SQLITE_CORRUPT",
             "the database or disk is full, they say": ""}
    for text, code in cases.items():
        assert store_db.sqlite_code(sqlite3.OperationalError(text)) == code, text
    assert isinstance(store_db.translate(sqlite3.OperationalError("database or disk is full"),
                                         Path("x"), saved=2), DiskFullError)


def test_a_real_sqlite_error_is_read_by_its_code(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database, not at all" * 200)
    with pytest.raises(sqlite3.DatabaseError) as info:
        sqlite3.connect(bad).execute("SELECT * FROM sqlite_master").fetchall()
    exc = store_db.translate(info.value, bad)
    assert isinstance(exc, CatalogDamaged) and exc.code == "catalog_damaged"
    assert exc.path == str(bad) and "photorec repair" in str(exc)


def test_a_failing_log_handler_disables_itself_quietly(capsys):
    class Full:
        def write(self, s):
            raise OSError(28, "No space left on device")

        def flush(self):
            pass

    h = QuietStreamHandler(Full())
    logger = logging.getLogger("photorec.test.quiet")
    logger.addHandler(h)
    logger.propagate = False
    try:
        for i in range(200):
            logger.warning("record %d", i)
    finally:
        logger.removeHandler(h)
    assert h.failed
    assert "Logging error" not in capsys.readouterr().err


# -- damaged catalogs and repair (#10.8) ---------------------------------------------------


def _damage(path: Path, page_from: int, pages: int) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek(size * page_from)
        f.write(os.urandom(size * pages))


def _vector_pages(path: Path) -> list[int]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT pageno FROM dbstat WHERE name = 'vectors' ORDER BY pageno").fetchall()
    except sqlite3.OperationalError:
        rows = []
    con.close()
    return [r[0] for r in rows]


def test_a_damaged_catalog_is_told_in_words_and_repaired(tmp_path, capsys):
    photos = copy_photos(tmp_path / "p", n=30, step=2)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([tmp_path / "p"])
    cat = data / "catalog.sqlite3"
    pages = _vector_pages(cat)
    first = pages[len(pages) // 2] - 1 if pages else 8  # 0-based page offset in the file
    _damage(cat, first, 2)
    for cmd in (["status"], ["similar", photos[0]], ["index", tmp_path / "p"], ["duplicates"]):
        code, out, err = run(capsys, "--data-dir", data, *cmd)
        if code != 0:
            assert "Traceback" not in err, (cmd, err)
            assert "photorec repair" in err, (cmd, err)
    code, out, err = run(capsys, "--data-dir", data, "repair", "--json")
    assert code == 1, err  # less was recovered than was found: not a success (issue 20)
    report = json.loads(out)
    assert not report["sound"] and report["replaced"] and not report["complete"]
    assert report["lost"].get("vectors", 0) + report["lost_pages"] > 0
    assert Path(report["backup"]).exists()
    assert report["recovered"]["files"] == 30
    assert 0 < report["recovered"]["vectors"] < 30 and report["vectors"] == report["recovered"]["vectors"]
    code, out, err = run(capsys, "--data-dir", data, "repair")
    assert code == 0 and "sound" in out
    code, out, err = run(capsys, "--data-dir", data, "index", tmp_path / "p")
    assert code == 0, err
    with Library.open(data, readonly=True) as lib:
        assert len(lib.photos()) == 30 and len(lib.index) == 30
        assert lib.catalog.integrity_check() == []


def test_a_missing_table_is_damage_in_words(tmp_path, capsys):
    photos = copy_photos(tmp_path / "p", n=3, step=20)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([tmp_path / "p"])
    con = sqlite3.connect(data / "catalog.sqlite3")
    con.execute("DROP TABLE vectors")
    con.commit()
    con.close()
    code, out, err = run(capsys, "--data-dir", data, "similar", photos[0])
    assert code == 1 and "Traceback" not in err and "photorec repair" in err
    with pytest.raises(LibraryError, match="damaged"):
        Library.open(data, readonly=True)
    code, out, err = run(capsys, "--data-dir", data, "repair")
    assert code == 1, err  # a table lost entirely: the repair is incomplete, and says so
    assert "copy of the damaged file" in out and "vectors" in out and "incomplete" in out
    code, out, err = run(capsys, "--data-dir", data, "index", tmp_path / "p")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", data, "similar", "--json", "--all", photos[0])
    assert code == 0 and len(json.loads(out)["results"]) == 2


def test_catalog_damaged_words():
    exc = store_db.translate(_sqlite_error(sqlite3.DatabaseError, "database disk image is malformed",
                                           "SQLITE_CORRUPT", 11), Path("/d/c"))
    assert isinstance(exc, CatalogDamaged) and "photorec repair" in str(exc) and "/d/c" in str(exc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_device_as_a_query_is_refused_in_words(tmp_path):
    copy_photos(tmp_path / "p", n=3, step=20)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([tmp_path / "p"])
    os.mkfifo(tmp_path / "fifo.jpg")
    (tmp_path / "zero.jpg").symlink_to("/dev/zero")
    for q in ("fifo.jpg", "zero.jpg"):  # both used to hang for ever
        r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", str(data), "similar",
                            str(tmp_path / q)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert "not an image file" in r.stderr and "regular image files" in r.stderr


def test_repair_waits_for_a_live_indexing_run(tmp_path, capsys):
    cat = Catalog(tmp_path / "data" / "catalog.sqlite3")
    cat.set_meta("indexing", "5/50")  # this (live) process is "indexing"
    code, out, err = run(capsys, "--data-dir", tmp_path / "data", "repair", "--force")
    assert code == 1 and "is indexing this library" in err
    cat.set_meta("indexing", "")
    code, out, err = run(capsys, "--data-dir", tmp_path / "data", "repair", "--force")
    assert code == 0, err
    cat.close()
