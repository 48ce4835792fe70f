"""What is read is found and shown as meant: month words only as months, titles in every
language, ISO dates in ``metadata --json``, the window's language picks the title, and a
catalog from before file keywords were per file is upgraded (migration 5)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import shared_photos
from PIL import Image
from test_metadata import make_photo, packet

from photorec.cli import main
from photorec.core.library import Library
from photorec.core.organize import tags
from photorec.core.search import engine as srch


@pytest.fixture
def month_library(tmp_path):
    src = shared_photos()
    photos = tmp_path / "p"
    make_photo(photos / "spring.jpg", src=src[1], iptc=[(2, 55, b"20190315")])
    mark = Image.Exif()
    mark[0x010F], mark[0x0110] = "Canon", "Canon EOS 5D Mark IV"
    mark.get_ifd(0x8769)[0x9003] = "2018:07:01 10:00:00"
    make_photo(photos / "camera.jpg", src=src[2], exif=mark)
    make_photo(photos / "sea.jpg", src=src[3], iptc=[(2, 25, b"mar"), (2, 55, b"20170801")])
    make_photo(photos / "late.jpg", src=src[4], iptc=[(2, 55, b"20190510")])
    title = ('<rdf:Description rdf:about=""><dc:title><rdf:Alt>'
             '<rdf:li xml:lang="x-default">The river</rdf:li><rdf:li xml:lang="pt-BR">O rio Douro</rdf:li>'
             '</rdf:Alt></dc:title></rdf:Description>')
    make_photo(photos / "river.jpg", src=src[5], xmp_packet=packet(title))
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos])
        yield lib, photos


def names(hits) -> list[str]:
    return [h.path.rsplit("/", 1)[1] for h in hits]


def test_short_month_words_are_months_only_beside_a_year(month_library):
    lib, _ = month_library
    assert names(srch.search(lib, "mar 2019"))[0] == "spring.jpg"
    assert "camera.jpg" not in names(srch.search(lib, "mar 2019"))  # not "Mark IV"
    assert names(srch.search(lib, "março")) == ["spring.jpg"]
    assert names(srch.search(lib, "march")) == ["spring.jpg"]
    alone = names(srch.search(lib, "mar"))  # just a word: the sea (and prefixes of it)
    assert alone[0] == "sea.jpg" and "spring.jpg" not in alone
    assert "late.jpg" not in names(srch.search(lib, "may"))
    assert names(srch.search(lib, "may 2019"))[0] == "late.jpg"
    assert names(srch.search(lib, "maio")) == ["late.jpg"]


def test_titles_in_every_language_are_searchable(month_library):
    lib, _ = month_library
    assert names(srch.search(lib, "douro")) == ["river.jpg"]
    assert names(srch.search(lib, "river")) == ["river.jpg"]


def test_metadata_json_dates_are_iso_text(month_library, capsys):
    lib, photos = month_library
    capsys.readouterr()
    assert main(["--data-dir", str(lib.paths.data_dir), "metadata", "--json",
                 str(photos / "spring.jpg"), str(photos / "river.jpg")]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows[0]["date"] == "2019-03-15T00:00:00"
    assert rows[1]["titles"] == {"x-default": "The river", "pt-BR": "O rio Douro"}


def test_the_viewer_shows_the_title_in_the_window_language(month_library):
    from photorec import i18n
    from photorec.gui.viewer import library_info

    lib, photos = month_library
    before = i18n.language()
    try:
        i18n.use_language("pt_BR")
        assert library_info(lib)(str(photos / "river.jpg")).title == "O rio Douro"
        i18n.use_language("en")
        assert library_info(lib)(str(photos / "river.jpg")).title == "The river"
    finally:
        i18n.use_language(before)


def test_migration_5_moves_file_tags_to_their_files(tmp_path):
    """A schema-4 catalog kept file keywords per content: after the upgrade each file has its
    own, and the user's tags stay with the content."""
    from photorec.core.store import migrations

    src = shared_photos()
    photos = tmp_path / "p"
    a = make_photo(photos / "a.jpg", src=src[1], iptc=[(2, 25, b"river")])
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos])
        tags.add_tags(lib, [str(a)], ["mine"])
        db = lib.catalog.path
    con = sqlite3.connect(db)
    with con:  # back to how schema 4 kept them
        con.execute("DROP TABLE file_keywords")
        for col in ("titles", "descriptions", "artist"):
            con.execute(f"ALTER TABLE file_metadata DROP COLUMN {col}")
        ck = con.execute("SELECT ckey FROM files WHERE path = ?", (str(a),)).fetchone()[0]
        con.execute("INSERT INTO tags(ckey, tag, source, created) VALUES (?, 'river', 'file', 0)", (ck,))
        con.execute("PRAGMA user_version = 4")
        con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    with Library.open(tmp_path / "data") as lib:
        assert tags.tags_of(lib, str(a)) == ["mine", "river"]
        assert tags.file_tags_of(lib, str(a)) == ["river"]
        assert tags.user_tags_of(lib, str(a)) == ["mine"]
        lib.index_folders()  # marked for a re-read: titles etc. are read again
        assert tags.tags_of(lib, str(a)) == ["mine", "river"]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert con.execute("SELECT COUNT(*) FROM tags WHERE source = 'file'").fetchone()[0] == 0
    con.close()
