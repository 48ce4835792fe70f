"""Repair recovers what the pages still hold (issue 20): a damaged header is rebuilt, a lost
schema page or a cut-off tail is read page by page, and a repair that recovers less than it
found exits non-zero."""

from __future__ import annotations

import json
import os
import sqlite3
import struct

import pytest

from photorec.cli import main
from photorec.core.library import Library
from photorec.core.organize.tagging import add_tags, tags_of
from photorec.core.store import pages
from tests.conftest import copy_photos

N = 14


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A checkpointed library of N photos, three of them tagged, kept as a pristine copy."""
    root = tmp_path_factory.mktemp("repair")
    photos = copy_photos(root / "p", n=N, step=5)
    with Library.open(root / "data") as lib:
        lib.index_folders([root / "p"])
        add_tags(lib, [str(p) for p in photos[:3]], ["beach", "family"])
    con = sqlite3.connect(root / "data" / "catalog.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return root, photos, (root / "data" / "catalog.sqlite3").read_bytes()


def _fresh(library, tmp_path):
    root, photos, pristine = library
    data = tmp_path / "data"
    data.mkdir()
    (data / "catalog.sqlite3").write_bytes(pristine)
    return data, photos, pristine


def _repair(capsys, data) -> tuple[int, dict]:
    code = main(["--data-dir", str(data), "repair", "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _check_whole(data, photos) -> None:
    with Library.open(data) as lib:
        assert len(lib.photos()) == N and len(lib.index) == N
        assert sorted(tags_of(lib, str(photos[0]))) == ["beach", "family"]
        best = lib.similar(photos[4].read_bytes(), k=1)[0]
        assert best.path == str(photos[4]) and best.score > 0.99
        assert lib.catalog.integrity_check() == []


def test_a_zeroed_header_is_rebuilt_and_everything_comes_back(library, tmp_path, capsys):
    data, photos, pristine = _fresh(library, tmp_path)
    with open(data / "catalog.sqlite3", "r+b") as f:
        f.write(b"\0" * 100)
    code, report = _repair(capsys, data)
    assert code == 0, report
    assert report["fixes"] and report["fixes"][0].startswith("header rebuilt (page size 4096)")
    assert report["recovered"]["files"] == N and report["recovered"]["vectors"] == N
    assert report["recovered"]["tags"] == 6 and report["complete"] and not report["lost"]
    _check_whole(data, photos)


def test_a_damaged_first_page_loses_the_schema_but_not_the_rows(library, tmp_path, capsys):
    data, photos, pristine = _fresh(library, tmp_path)
    with open(data / "catalog.sqlite3", "r+b") as f:
        f.seek(100)
        f.write(os.urandom(4096 - 100))  # the schema (sqlite_master) is gone
    code, report = _repair(capsys, data)
    assert report["recovered"]["files"] == N and report["recovered"]["vectors"] == N, report
    assert report["recovered"]["folders"] == 1 and report["recovered"]["tags"] == 6
    assert code == 0 and report["complete"], report
    _check_whole(data, photos)
    main(["--data-dir", str(data), "repair"])
    assert "sound" in capsys.readouterr().out


def _vector_leaves(db) -> list[int]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = 'vectors' "
                                          "AND pagetype = 'leaf' ORDER BY pageno")]
    finally:
        con.close()


def test_a_catalog_cut_short_gives_what_remains_and_exits_non_zero(library, tmp_path, capsys):
    data, photos, pristine = _fresh(library, tmp_path)
    leaves = _vector_leaves(library[0] / "data" / "catalog.sqlite3")
    cut = leaves[len(leaves) // 2] * 4096  # the file ends half-way through the vectors
    (data / "catalog.sqlite3").write_bytes(pristine[:cut])
    code = main(["--data-dir", str(data), "repair"])
    out = capsys.readouterr().out
    assert code == 1
    assert "incomplete" in out and "nothing readable" not in out
    with Library.open(data) as lib:
        n = len(lib.index)
        assert lib.catalog.integrity_check() == []
    assert 0 < n < N  # what the remaining pages hold, and not more
    backups = [p for p in data.glob("catalog.sqlite3.damaged-*") if p.name[-4:] not in ("-wal", "-shm")]
    assert backups and backups[0].stat().st_size == cut


def test_the_rebuilt_header_is_the_one_sqlite_wrote(library):
    pristine = library[2]
    zeroed = b"\0" * 100 + pristine[100:]
    header, fixes = pages.fixed_header(zeroed)
    assert fixes == ["header rebuilt (page size 4096)"]
    assert header[:16] == pristine[:16] and header[16:18] == pristine[16:18]
    assert struct.unpack_from(">I", header, 28)[0] == len(pristine) // 4096
    same, none = pages.fixed_header(pristine)
    assert same == pristine[:100] and none == []


def test_rows_deleted_before_a_forced_repair_do_not_come_back(library, tmp_path, capsys):
    data, _, _ = _fresh(library, tmp_path)
    folder = tmp_path / "p"
    copy_photos(folder, n=4, step=7)
    with Library.open(data) as lib:  # the old folder and its N photos go, 4 new ones come
        lib.remove_folder(lib.folders()[0].path)
        lib.add_folder(folder)
        lib.index_folders()
        assert len(lib.photos()) == 4
    code = main(["--data-dir", str(data), "repair", "--force", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["complete"], report
    with Library.open(data) as lib:
        assert len(lib.photos()) == 4 and [f.path for f in lib.folders()] == [str(folder)]
