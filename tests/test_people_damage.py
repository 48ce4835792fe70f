"""Damaged face data (issue 17) is said once and rebuilt with no user action, and named people
survive it: bad rows (a vector of the wrong length or with NaN, a box out of the photo, a
person that does not exist, a search mark that miscounts) and a faces table whose pages are
garbage on disk. An intact catalog says nothing and searches nothing again."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from photorec.cli import main
from photorec.core.library import Library
from photorec.core.store import face_check
from photorec.core.store import people as store

DATA = Path(__file__).resolve().parent / "data"
PHOTOS = ["faces/fr_obama.jpg", "faces/fr_obama2.jpg", "faces/fr_obama3.jpg",
          "faces/fr_biden.jpg", "photos/sk_astronaut.jpg", "photos/kde_Canopee.jpg"]
OBAMA = {"fr_obama.jpg", "fr_obama2.jpg", "fr_obama3.jpg"}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A library of the photos with Obama named, checkpointed: (photo folder, catalog bytes)."""
    root = tmp_path_factory.mktemp("faces_damage")
    folder = root / "photos"
    folder.mkdir()
    for rel in PHOTOS:
        shutil.copy2(DATA / rel, folder / Path(rel).name)
    with Library.open(root / "data") as lib:
        lib.index_folders([folder])
        obama = next(p for p in lib.people.everyone()
                     if {Path(x).name for x in p.photos} == OBAMA)
        lib.people.name(obama.id, "Barack Obama")
    con = sqlite3.connect(root / "data" / "catalog.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return folder, (root / "data" / "catalog.sqlite3").read_bytes()


@pytest.fixture
def data(pristine, tmp_path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    (d / "catalog.sqlite3").write_bytes(pristine[1])
    return d


def _sql(data: Path, *statements: tuple) -> None:
    """Write behind photorec's back, checks off (what a damaged or salvaged catalog holds)."""
    con = sqlite3.connect(data / "catalog.sqlite3")
    con.execute("PRAGMA foreign_keys = OFF")
    for sql, *params in statements:
        con.execute(sql, params)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _obama_face(data: Path) -> int:
    con = sqlite3.connect(data / "catalog.sqlite3")
    try:
        return int(con.execute("SELECT f.id FROM faces f JOIN people p ON p.id = f.person_id "
                               "WHERE p.name = 'Barack Obama' ORDER BY f.id LIMIT 1").fetchone()[0])
    finally:
        con.close()


def _index(capsys, data: Path) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), "index"])
    out, err = capsys.readouterr()
    return code, out, err


def _people(capsys, data: Path) -> list[dict]:
    assert main(["--data-dir", str(data), "people", "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _assert_whole(capsys, data: Path, folder: Path) -> None:
    """Obama named with his three photos, Biden and Collins placed, every photo searched once,
    the catalog sound."""
    people = _people(capsys, data)
    obama = [p for p in people if p["name"] == "Barack Obama"]
    assert len(obama) == 1 and {Path(x).name for x in obama[0]["photos"]} == OBAMA, people
    assert sorted(len(p["photos"]) for p in people) == [1, 1, 3]
    with Library.open(data) as lib:
        key = lib.people.model_key
        assert store.scan_counts(lib.catalog, key)[0] == len(PHOTOS)
        assert not face_check.check_and_heal(lib.catalog, key).any
        assert lib.catalog.integrity_check() == []


def _damaged_once(err: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "face data" in line or "face tables" in line]
    assert len(lines) == 1 and lines[0].startswith("photorec: warning: "), err


def _bad_rows(data: Path, kind: str) -> None:
    fid = _obama_face(data)
    if kind == "vec_length":
        _sql(data, ("UPDATE faces SET vec = ? WHERE id = ?", b"\0" * 100, fid))
    elif kind == "nan":
        vec = np.full(128, np.nan, np.float16).tobytes()
        _sql(data, ("UPDATE faces SET vec = ? WHERE id = ?", vec, fid))
    elif kind == "box":
        _sql(data, ("UPDATE faces SET x = 3.5, w = -1 WHERE id = ?", fid))
    elif kind == "landmarks":
        _sql(data, ("UPDATE faces SET landmarks = '[0.5, 0.5]' WHERE id = ?", fid))
    elif kind == "dangling":
        _sql(data, ("UPDATE faces SET person_id = 9999, suggestion = 9998 WHERE id = ?", fid))
    elif kind == "count":
        _sql(data, ("UPDATE face_scans SET faces = faces + 2 WHERE ckey = "
                    "(SELECT ckey FROM faces WHERE id = ?)", fid))


@pytest.mark.parametrize("kind", ["vec_length", "nan", "box", "landmarks", "dangling", "count"])
def test_a_bad_face_row_is_said_once_and_its_photo_searched_again(data, pristine, capsys, kind):
    _bad_rows(data, kind)
    code, out, err = _index(capsys, data)
    assert code == 0, err
    _damaged_once(err)
    assert "the face data of 1 photo" in err
    assert "Looked for faces in 1 photo indexed before" in out  # that photo only, again
    _assert_whole(capsys, data, pristine[0])
    code, out, err = _index(capsys, data)  # said once: the next run is quiet
    assert code == 0 and "face" not in err and "Looked for faces" not in out


def _garbage_over(data: Path, table: str) -> None:
    db = data / "catalog.sqlite3"
    con = sqlite3.connect(db)
    pages = [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    assert pages
    with open(db, "r+b") as f:
        for p in pages:
            f.seek((p - 1) * size)
            f.write(os.urandom(size))


def test_a_faces_table_of_garbage_pages_is_rebuilt_and_the_named_person_gets_his_faces_back(
        data, pristine, capsys):
    _garbage_over(data, "faces")
    con = sqlite3.connect(data / "catalog.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        con.execute("PRAGMA quick_check(faces)").fetchall()
    con.close()
    code, out, err = _index(capsys, data)
    assert code == 0, err
    _damaged_once(err)
    assert "database disk image is malformed" in err and "named people keep their names" in err
    assert f"Looked for faces in {len(PHOTOS)} photos indexed before" in out
    _assert_whole(capsys, data, pristine[0])
    with Library.open(data, readonly=True) as lib:  # back in him by grouping, not by hand
        obama = lib.people.find("Barack Obama")
        assert {a for (a,) in lib.catalog._query(
            "SELECT assigned FROM faces WHERE person_id = ?", (obama.id,))} == {"auto"}
    code, out, err = _index(capsys, data)
    assert code == 0 and "face" not in err


def test_people_find_says_it_too(data, pristine, capsys):
    _garbage_over(data, "face_scans")
    code = main(["--data-dir", str(data), "people", "find"])
    out, err = capsys.readouterr()
    assert code == 0, err
    _damaged_once(err)
    assert f"Looked for faces in {len(PHOTOS)} photos" in out
    _assert_whole(capsys, data, pristine[0])


def test_a_people_table_of_garbage_is_rebuilt_and_says_the_names_are_lost(data, capsys):
    _garbage_over(data, "people")
    code, out, err = _index(capsys, data)
    assert code == 0, err
    _damaged_once(err)
    assert "names given to people lost" in err
    people = _people(capsys, data)
    assert sorted(len(p["photos"]) for p in people) == [1, 1, 3]
    assert all(p["name"] is None for p in people)


def _face_rows(data: Path) -> list[tuple]:
    con = sqlite3.connect(data / "catalog.sqlite3")
    try:
        return [con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("faces", "face_scans", "people", "face_rejections")]
    finally:
        con.close()


def test_an_intact_catalog_says_nothing_and_searches_nothing_again(data, capsys):
    before = _face_rows(data)
    code, out, err = _index(capsys, data)
    assert code == 0 and err.count("face") == 0 and "Looked for faces" not in out
    with Library.open(data) as lib:
        key = lib.people.model_key
        assert face_check.check_and_heal(lib.catalog, key) == face_check.FaceDamage()
        assert lib.people.catch_up().searched == 0
    assert len(_people(capsys, data)) == 3
    assert _face_rows(data) == before  # not a row dropped, moved or made again


def test_a_named_persons_mean_face_follows_naming_merging_and_taking_faces_out(data):
    with Library.open(data) as lib:
        cat = lib.catalog
        obama = lib.people.find("Barack Obama")
        faces = lib.people.faces_of(obama.id)
        mean = store.centroids(cat)[obama.id]
        table = store.face_table(cat, lib.people.model_key)
        expected = store.mean_face([table.vecs[list(table.ids).index(f)] for f in faces])
        assert float(mean @ expected) > 0.999
        lib.people.remove_face(obama.id, faces[0])  # "not this person": the mean moves
        moved = store.centroids(cat)[obama.id]
        assert float(moved @ mean) < 0.999
        other = next(p for p in lib.people.everyone() if p.name is None)
        assert other.id not in store.centroids(cat)  # an unnamed person has none
        lib.people.name(other.id, "Someone")
        assert other.id in store.centroids(cat)
        lib.people.merge(obama.id, other.id)  # the mean of all their faces now
        merged = store.centroids(cat)[obama.id]
        assert float(merged @ moved) < 0.999
        lib.people.name(obama.id, None)  # unnamed again: no mean kept
        assert obama.id not in store.centroids(cat)


def test_the_window_says_it_after_the_index_run(data, capsys):
    """The status bar's "Library up to date" line of the run that rebuilt it carries the words
    (gui/folder_actions.face_damage reads what the face pass kept)."""
    from photorec.gui.folder_actions import face_damage

    _garbage_over(data, "faces")
    with Library.open(data) as lib:
        assert face_damage(lib) == ""
        lib.index_folders()
        said = face_damage(lib)
        assert "face tables" in said and "malformed" in said
        lib.index_folders()
        assert face_damage(lib) == ""  # once
