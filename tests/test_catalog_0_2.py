"""A 0.2 library opens unchanged: ``tests/data/catalog-0.2.0.sqlite`` (made by photorec 0.2's own
CLI, see tests/data/README.md) opens with today's code, upgrades if it must, and keeps its
photos, vectors, problems, tags, duplicate decisions and themes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from photorec.core.library import Library
from photorec.core.organize.duplicates import load_decisions
from photorec.core.organize.tags import all_tags, tags_of
from photorec.core.organize.themes import load_themes
from photorec.core.store import SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "data" / "catalog-0.2.0.sqlite"
FOLDER = "/tmp/fx/photos"  # where the photos were when 0.2 indexed them (long gone)


def _open(tmp_path: Path) -> Library:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / "catalog.sqlite3")
    return Library.open(data)


def _tables(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every table's rows (``columns``: only these tables and columns, those of the 0.2 file, so
    that a later migration may add some)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        columns = columns or _columns(path)
        return {t: con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY 1, 2").fetchall()
                for t, cols in columns.items()}
    finally:
        con.close()


def _columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'meta'")]
        return {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in names}
    finally:
        con.close()


def test_the_0_2_fixture_is_what_the_readme_says():
    before = _tables(FIXTURE)
    con = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    con.close()
    assert len(before["files"]) == 7 and len(before["vectors"]) == 6
    assert len(before["tags"]) == 3 and len(before["dup_decisions"]) == 1
    assert len(before["theme_members"]) == 6


def test_a_0_2_library_opens_with_its_photos_vectors_tags_decisions_and_themes(tmp_path):
    before = _tables(FIXTURE)
    lib = _open(tmp_path)
    try:
        assert lib.catalog.schema_version == SCHEMA_VERSION

        photos = {Path(p.path).name: p for p in lib.photos()}
        assert len(photos) == 6
        assert {f.path for f in lib.folders()} == {FOLDER}
        # The problem file stays a problem, with its reason.
        problems = lib.problems()
        assert [Path(p.path).name for p in problems] == ["broken.jpg"]
        assert "truncated" in (problems[0].error or "")

        # The index comes back from the stored vectors: "similar" answers from a library photo
        # although its file is gone, and its near-copy comes first.
        assert len(lib.index) == 6
        shell = f"{FOLDER}/kde_Shell.jpg"
        matches = lib.similar(shell, k=3)
        assert matches[0].path == f"{FOLDER}/kde_Shell_small.jpg"

        assert dict(all_tags(lib)) == {"landscape": 2, "cups": 1}
        assert tags_of(lib, f"{FOLDER}/kde_ColorfulCups.jpg") == ["cups"]

        decisions = load_decisions(lib)
        pair = tuple(sorted((photos["kde_Shell.jpg"].ckey, photos["kde_Shell_small.jpg"].ckey)))
        assert decisions.pairs == {pair}

        themes = load_themes(lib)
        assert themes is not None and len(themes.themes) == 2
        assert sorted(t.size for t in themes.themes) == [3, 3]
    finally:
        lib.close()
    # Nothing the 0.2 catalog held is lost or changed by opening (and upgrading) it, except what
    # migration 5 does on purpose: the file keywords move from 'tags' (source 'file', per
    # content) to 'file_keywords' (per file), and every photo's metadata is marked for a re-read
    # (its mtime -1) so the new fields are filled in.
    after = _tables(tmp_path / "data" / "catalog.sqlite3", _columns(FIXTURE))
    for table, rows in before.items():
        if table == "file_metadata":
            rows = [(r[0], -1, *r[2:]) for r in rows]
        if table == "tags":
            rows = [r for r in rows if "file" not in r]
        if table == "tag_file_keywords":
            rows = []
        assert after[table] == rows, table
