"""Search by words: tags, keywords, titles, descriptions, folder and file names, dates (English
and Portuguese), and the objects the model recognises."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from conftest import shared_photos
from test_metadata import bag, make_photo, packet

from photorec.cli import main
from photorec.core.library import Library
from photorec.core.organize import tags
from photorec.core.search import engine as srch


def _ts(y, m, d):
    return time.mktime((y, m, d, 12, 0, 0, 0, 0, -1))


@pytest.fixture(scope="module")
def word_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("words")
    photos = root / "photos"
    src = shared_photos()
    make_photo(photos / "Férias Algarve" / "IMG_0001.jpg", src=src[1], iptc=[
        (1, 90, b"\x1b%G"), (2, 25, b"praia"), (2, 120, "Pôr do sol na praia da Rocha".encode()),
        (2, 55, b"20190614")])
    make_photo(photos / "Férias Algarve" / "IMG_0002.jpg", src=src[2], xmp_packet=packet(
        '<rdf:Description rdf:about="" photoshop:DateCreated="2019-03-10">'
        + bag("lr:hierarchicalSubject", ["Places|Portugal|Douro"])
        + '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Vindima com a família</rdf:li>'
          "</rdf:Alt></dc:title></rdf:Description>"))
    make_photo(photos / "work" / "beach_volley.jpg", src=src[3], iptc=[(2, 55, b"20200614")])
    make_photo(photos / "work" / "notes.jpg", src=src[4])
    (photos / "work" / "notes.jpg.xmp").write_text(packet(
        '<rdf:Description rdf:about="">'
        '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Whiteboard after the planning '
        "meeting</rdf:li></rdf:Alt></dc:description></rdf:Description>"))
    lib = Library.open(root / "data")
    lib.index_folders([photos])
    tags.add_tags(lib, [str(photos / "work" / "notes.jpg")], ["Trabalho"])
    yield lib, photos
    lib.close()


def names(hits):
    return [os.path.basename(h.path) for h in hits]


def test_words_fold_accents_case_and_camel_case():
    assert srch.words("Março FlyingKonqui, pôr-do-sol") == ["marco", "flying", "konqui", "por", "do", "sol"]
    assert srch.query_terms("fotos da praia") == ["praia"]


def test_keywords_tags_and_hierarchy_parts(word_library):
    lib, _ = word_library
    assert names(srch.search(lib, "praia"))[0] == "IMG_0001.jpg"
    assert names(srch.search(lib, "douro")) == ["IMG_0002.jpg"]
    assert names(srch.search(lib, "portugal")) == ["IMG_0002.jpg"]
    hit = srch.search(lib, "trabalho")[0]
    assert os.path.basename(hit.path) == "notes.jpg" and hit.why == ["tag: Trabalho"]


def test_descriptions_and_titles_are_found_in_both_languages(word_library):
    lib, _ = word_library
    assert names(srch.search(lib, "whiteboard meeting")) == ["notes.jpg"]
    assert names(srch.search(lib, "familia"))[0] == "IMG_0002.jpg"  # "família", accent-free query
    assert names(srch.search(lib, "sol rocha"))[0] == "IMG_0001.jpg"


def test_folder_and_file_names(word_library):
    lib, _ = word_library
    assert set(names(srch.search(lib, "algarve"))) == {"IMG_0001.jpg", "IMG_0002.jpg"}
    assert set(names(srch.search(lib, "ferias"))) == {"IMG_0001.jpg", "IMG_0002.jpg"}
    assert names(srch.search(lib, "volley")) == ["beach_volley.jpg"]


def test_a_tag_ranks_above_a_file_name(word_library):
    lib, photos = word_library
    hits = srch.search(lib, "beach")
    assert names(hits) == ["beach_volley.jpg"]
    tags.add_tags(lib, [str(photos / "work" / "notes.jpg")], ["beach"])
    try:
        assert names(srch.search(lib, "beach")) == ["notes.jpg", "beach_volley.jpg"]
    finally:
        tags.remove_tags(lib, [str(photos / "work" / "notes.jpg")], ["beach"])


def test_dates_years_and_months_in_english_and_portuguese(word_library):
    lib, _ = word_library
    assert set(names(srch.search(lib, "2019"))) == {"IMG_0001.jpg", "IMG_0002.jpg"}
    for q in ("june 2019", "junho 2019", "jun 2019"):
        assert names(srch.search(lib, q))[0] == "IMG_0001.jpg", q
    assert names(srch.search(lib, "março 2019"))[0] == "IMG_0002.jpg"
    both = names(srch.search(lib, "june"))[:2]
    assert set(both) == {"IMG_0001.jpg", "beach_volley.jpg"}


def test_every_word_matched_ranks_first(word_library):
    lib, _ = word_library
    hits = srch.search(lib, "praia 2020")  # nothing has both: one of each, none empty-handed
    assert set(names(hits)) == {"IMG_0001.jpg", "beach_volley.jpg"}
    assert names(srch.search(lib, "algarve 2019 douro"))[0] == "IMG_0002.jpg"


def test_no_match_and_empty_query(word_library):
    lib, _ = word_library
    assert srch.search(lib, "zzzxq") == []
    assert srch.search(lib, "   ") == []


def test_cli_search_json_and_text(word_library, capsys):
    lib, photos = word_library
    data = str(lib.paths.data_dir)
    assert main(["--data-dir", data, "search", "praia", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "praia"
    assert out["results"][0]["path"] == str(photos / "Férias Algarve" / "IMG_0001.jpg")
    assert out["results"][0]["why"] and 0 < out["results"][0]["score"] <= 1
    assert main(["--data-dir", data, "search", "nothing-like-this"]) == 0
    assert "No photos match" in capsys.readouterr().out
    assert main(["--data-dir", data, "metadata", str(photos / "work" / "notes.jpg"), "--json"]) == 0
    m = json.loads(capsys.readouterr().out)
    assert m["description"] == "Whiteboard after the planning meeting"


def test_cli_problems_lists_bad_metadata(tmp_path, capsys):
    photos = tmp_path / "p"
    make_photo(photos / "a.jpg")
    (photos / "a.jpg.xmp").write_text("<x:xmpmeta")
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "index", str(photos)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "problems", "--json"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["path"] == str(photos / "a.jpg") and "not valid XML" in line["metadata"]


def test_cli_write_sidecars_needs_yes(word_library, capsys):
    lib, photos = word_library
    data = str(lib.paths.data_dir)
    target = photos / "work" / "notes.jpg"
    assert main(["--data-dir", data, "write-sidecars", str(target)]) == 1
    assert not (photos / "work" / "notes.jpg.xmp.tmp").exists()
    assert "--yes" in capsys.readouterr().err


# -- recognised objects (photorec.core.embed.classes: the model's ImageNet head) ---------------------

# The test photos the model sees animals in (the "Elephants" wallpaper is a drawing it does not).
ANIMALS = {"sk_chelsea.jpg", "mate_LadyBird.jpg", "ocv_butterfly.jpg", "lom_friends.jpg",
           "kde_SafeLanding.jpg"}


def test_recognised_objects_find_untagged_photos(indexed_library):
    lib, _ = indexed_library
    for q, want in (("cat", "sk_chelsea.jpg"), ("gato", "sk_chelsea.jpg"),
                    ("dog", "lom_friends.jpg"), ("cachorro", "lom_friends.jpg"),
                    ("butterfly", "ocv_butterfly.jpg"), ("borboleta", "ocv_butterfly.jpg"),
                    ("ladybug", "mate_LadyBird.jpg"), ("orange", "ocv_orange.jpg")):
        hits = srch.search(lib, q, k=5)
        assert names(hits)[:1] == [want], (q, [(names([h])[0], h.why) for h in hits])
        assert hits[0].why[0].startswith(f"recognised: {q} ")


def test_cli_search_dog_finds_the_dogs_first(indexed_library, capsys):
    lib, _ = indexed_library
    assert main(["--data-dir", str(lib.paths.data_dir), "search", "dog", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [os.path.basename(r["path"]) for r in results][:1] == ["lom_friends.jpg"]


def test_animal_words_rank_the_animal_photos_above_the_others(indexed_library):
    lib, _ = indexed_library
    for q in ("animal", "animais", "bicho"):
        hits = names(srch.search(lib, q, k=79))
        assert set(hits[:2]) <= ANIMALS, (q, hits[:8])
        assert ANIMALS <= set(hits), (q, hits)
        ranks = sorted(hits.index(a) for a in ANIMALS)
        others = [i for i, n in enumerate(hits) if n not in ANIMALS]
        # most animals rank above most of the rest (a few textures look like worms to it)
        assert sum(r < o for r in ranks for o in others) / (len(ranks) * len(others)) > 0.8


def test_the_index_agrees_with_the_photo_by_photo_reference(word_library, indexed_library):
    for lib, queries in ((word_library[0], ["praia 2019", "ferias", "junho", "douro familia", "img"]),
                         (indexed_library[0], ["dog", "flower path", "animal 2019", "kde"])):
        docs = srch._documents(lib)
        idx = srch.word_index(lib)
        for q in queries:
            terms = srch.query_terms(q)
            classes = {t: srch._object_terms(t) for t in terms}
            want = []
            for d in docs:
                matched, score, _ = srch._explain(d, terms, classes, idx.objects)
                if matched:
                    want.append((-matched, -round(score, 5), d.photo.path))
            want.sort()
            got = srch.search(lib, q, k=10_000)
            assert [h.path for h in got] == [p for _, _, p in want], q
            assert [round(h.score, 5) for h in got] == pytest.approx([-s for _, s, _ in want], abs=1e-4)


def test_the_index_is_rebuilt_when_the_library_changes(word_library):
    lib, photos = word_library
    target = str(photos / "work" / "beach_volley.jpg")
    assert srch.search(lib, "quokka") == []
    first = srch.word_index(lib)
    assert srch.word_index(lib) is first  # unchanged: kept
    tags.add_tags(lib, [target], ["quokka"])
    try:
        assert names(srch.search(lib, "quokka")) == ["beach_volley.jpg"]
    finally:
        tags.remove_tags(lib, [target], ["quokka"])
    assert srch.search(lib, "quokka") == []


def test_a_relocated_folder_is_searched_at_its_new_place(tmp_path):
    photos = tmp_path / "aaaa"
    make_photo(photos / "x.jpg", iptc=[(2, 25, b"quokka")])
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos])
        assert [h.path for h in srch.search(lib, "quokka")] == [str(photos / "x.jpg")]
        moved = tmp_path / "bbbb"  # same length: the change must still be seen
        photos.rename(moved)
        lib.relocate_folder(str(photos), str(moved))
        assert [h.path for h in srch.search(lib, "quokka")] == [str(moved / "x.jpg")]


def test_indexing_stores_the_recognised_objects_for_read_only_searches(tmp_path):
    from photorec.core.store import metadata as store

    photos = tmp_path / "p"
    photos.mkdir()
    for name in ("lom_friends.jpg", "kde_Path.jpg"):
        (photos / name).write_bytes((Path(shared_photos()[0]).parent / name).read_bytes())
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos])
        stored = store.object_classes(lib.catalog, lib.model.key)
        assert set(stored) == {p.ckey for p in lib.photos()}
    with Library.open(tmp_path / "data", readonly=True) as ro:
        assert names(srch.search(ro, "cachorro")) == ["lom_friends.jpg"]


def test_photos_arriving_while_indexing_extend_the_index(tmp_path):
    photos = tmp_path / "p"
    make_photo(photos / "first.jpg")
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos])
        first = srch.word_index(lib)
        row = lib.catalog._query("SELECT folder_id, size, mtime_ns, ckey, width, height, taken "
                                "FROM files")[0]
        fid, size, mt, ck, w, h, tk = row
        with lib.catalog._write() as c:  # what the indexer commits, batch by batch
            for name in ("quokka_1.jpg", "quokka_2.jpg"):
                c.execute("INSERT INTO files(folder_id, path, size, mtime_ns, ckey, status, width, "
                          "height, taken, added, updated) VALUES (?,?,?,?,?,'ok',?,?,?,0,?)",
                          (fid, str(photos / name), size, mt, ck, w, h, tk, 1e10))
        assert names(srch.search(lib, "quokka")) == ["quokka_1.jpg", "quokka_2.jpg"]
        assert srch.word_index(lib) is first  # extended, not rebuilt
        extended = [(h.path, h.score) for h in srch.search(lib, "quokka first jpg")]
        lib.__dict__.pop("_photorec_word_index")
        assert [(h.path, h.score) for h in srch.search(lib, "quokka first jpg")] == extended
        assert srch.word_index(lib) is not first
        with lib.catalog._write() as c:  # a photo changed: not just added, so rebuilt
            c.execute("UPDATE files SET updated = 2e10 WHERE path = ?", (str(photos / "first.jpg"),))
        again = srch.word_index(lib)
        assert srch.word_index(lib) is again
        with lib.catalog._write() as c:
            c.execute("UPDATE files SET updated = 3e10 WHERE path = ?", (str(photos / "first.jpg"),))
        assert srch.word_index(lib) is not again


def test_cli_write_sidecars_with_yes_writes_only_the_sidecar(tmp_path, capsys):
    photos = tmp_path / "p"
    photo = make_photo(photos / "a.jpg")
    before = photo.read_bytes()
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "index", str(photos)]) == 0
    assert main(["--data-dir", data, "tags", "add", str(photo), "--tag", "Places|Portugal|Porto"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "write-sidecars", "--yes", str(photo)]) == 0
    assert "Wrote 1 sidecar" in capsys.readouterr().out
    assert photo.read_bytes() == before
    text = (photos / "a.jpg.xmp").read_text(encoding="utf-8")
    assert "Places|Portugal|Porto" in text and "Places/Portugal/Porto" in text
