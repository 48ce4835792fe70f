"""People (issue 17) through the library and the command line: faces while indexing, the
background catch-up, --no-faces, the switch, people list/name/merge/photos/not, and forget."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from photorec.cli import main
from photorec.core.library import Library
from photorec.core.store import people as store

DATA = Path(__file__).resolve().parent / "data"
PEOPLE_PHOTOS = ["faces/fr_obama.jpg", "faces/fr_obama2.jpg", "faces/fr_obama3.jpg",
                 "faces/fr_biden.jpg", "photos/sk_astronaut.jpg", "photos/lom_friends.jpg",
                 "photos/lom_seeding.jpg", "photos/sk_camera.jpg", "photos/kde_Canopee.jpg",
                 "photos/ocv_board.jpg"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "photos"
    d.mkdir()
    for rel in PEOPLE_PHOTOS:
        shutil.copy2(DATA / rel, d / Path(rel).name)
    return d


def people_json(capsys, data) -> list[dict]:
    code, out, _ = run(capsys, "--data-dir", data, "people", "--json")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_index_finds_people_and_the_cli_lists_names_merges_and_forgets(tmp_path, folder, capsys):
    data = tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", data, "index", folder)
    assert code == 0 and "People:" in out
    people = people_json(capsys, data)
    # Obama (3 photos), Biden, Collins: dogs, a dandelion, a profile and a board are no person.
    assert sorted(len(p["photos"]) for p in people) == [1, 1, 3]
    assert all(p["name"] is None and p["faces"] == len(p["photos"]) for p in people)
    obama = next(p for p in people if len(p["photos"]) == 3)
    assert {Path(x).name for x in obama["photos"]} == {"fr_obama.jpg", "fr_obama2.jpg",
                                                       "fr_obama3.jpg"}
    assert all(Path(x).is_absolute() for x in obama["photos"])

    assert run(capsys, "--data-dir", data, "people", "name", obama["id"], "Barack Obama")[0] == 0
    code, out, _ = run(capsys, "--data-dir", data, "people", "photos", "barack obama")
    assert code == 0 and len(out.splitlines()) == 3
    biden = next(p for p in people_json(capsys, data) if p["photos"][0].endswith("fr_biden.jpg"))
    assert run(capsys, "--data-dir", data, "people", "merge", obama["id"], biden["id"])[0] == 0
    merged = next(p for p in people_json(capsys, data) if p["id"] == obama["id"])
    assert merged["name"] == "Barack Obama" and merged["faces"] == 4
    assert not any(p["id"] == biden["id"] for p in people_json(capsys, data))

    # "Not this person": out, and never put back by a later run.
    code, out, _ = run(capsys, "--data-dir", data, "people", "not", obama["id"],
                       folder / "fr_biden.jpg")
    assert code == 0
    run(capsys, "--data-dir", data, "index")
    again = next(p for p in people_json(capsys, data) if p["id"] == obama["id"])
    assert again["faces"] == 3 and not any(x.endswith("fr_biden.jpg") for x in again["photos"])

    # Errors are words, exit 1.
    code, _, err = run(capsys, "--data-dir", data, "people", "photos", "Nobody")
    assert code == 1 and "Nobody" in err and "Traceback" not in err
    code, _, err = run(capsys, "--data-dir", data, "people", "not", obama["id"],
                       folder / "kde_Canopee.jpg")
    assert code == 1 and "kde_Canopee.jpg" in err
    code, _, err = run(capsys, "--data-dir", data, "people", "merge", obama["id"], obama["id"])
    assert code == 1

    # Forget: nothing of a face is left in the catalog, its files, or the index.
    with Library.open(data, readonly=True) as lib:
        n_index = len(lib.index)
        face_vec = store.face_table(lib.catalog, lib.people.model_key).vecs[0]
    code, out, _ = run(capsys, "--data-dir", data, "people", "forget", "--yes")
    assert code == 0
    with Library.open(data) as lib:
        assert store.face_rows_left(lib.catalog) == 0
        assert len(lib.index) == n_index  # the photo index never held a face
        assert lib.people.everyone() == []
        assert lib.catalog._query("SELECT COUNT(*) FROM vectors")[0][0] == 10
    needle = np.asarray(face_vec, np.float16).tobytes()[:32]
    for f in data.rglob("*"):
        if f.is_file():
            assert needle not in f.read_bytes(), f
    assert people_json(capsys, data) == []


def test_no_faces_then_a_later_index_catches_up_without_embedding_again(tmp_path, folder, capsys):
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", data, "index", "--no-faces", folder)[0] == 0
    with Library.open(data) as lib:
        assert store.scan_counts(lib.catalog, lib.people.model_key) == (0, 0)
        report = lib.index_folders()
        assert report.embedded == 0  # no photo went through the CNN again
        found, grouped = lib.people.last
        assert found.searched == 10 and found.faces >= 5 and grouped.new_people == 3
        report = lib.index_folders()  # incremental: nothing left to search
        assert lib.people.last[0].searched == 0


def test_the_switch_turns_face_finding_off_for_window_and_cli(tmp_path, folder, capsys):
    data = tmp_path / "data"
    run(capsys, "--data-dir", data, "index", "--no-faces", folder)
    assert run(capsys, "--data-dir", data, "people", "off")[0] == 0
    run(capsys, "--data-dir", data, "index")
    with Library.open(data, readonly=True) as lib:
        assert not lib.people.enabled
        assert store.scan_counts(lib.catalog, lib.people.model_key) == (0, 0)
    code, _, err = run(capsys, "--data-dir", data, "people")
    assert code == 0 and "off" in err
    assert run(capsys, "--data-dir", data, "people", "on")[0] == 0
    run(capsys, "--data-dir", data, "index")
    assert len(people_json(capsys, data)) == 3


def test_a_face_search_is_all_or_nothing(tmp_path, folder):
    """Faces and the 'searched' mark are one transaction: a content searched twice (two
    copies, a rerun after a crash) keeps one set of faces."""
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([folder], faces=False)
        key = lib.people.model_key
        ckey = lib.catalog.photo_by_path(str(folder / "fr_obama.jpg")).ckey
        face = store.NewFace((0.1, 0.1, 0.2, 0.2), [0.0] * 10, 0.9, 0.9, 100, np.ones(128) / 128 ** .5)
        assert len(store.save_faces(lib.catalog, ckey, key, [face])) == 1
        assert store.save_faces(lib.catalog, ckey, key, [face, face]) == []
        assert store.scan_counts(lib.catalog, key) == (1, 1)


def test_search_people_words_and_names_and_similar_people(tmp_path, folder, capsys):
    data = tmp_path / "data"
    run(capsys, "--data-dir", data, "index", folder)
    for word in ("people", "pessoas", "rosto", "face", "person", "pessoa"):
        code, out, _ = run(capsys, "--data-dir", data, "search", word, "--json")
        hits = json.loads(out)["results"]
        names = [Path(h["path"]).name for h in hits]
        # Every hit has a face; the large clear faces come before the false ones (dogs...).
        assert set(names) >= {"fr_obama.jpg", "fr_obama2.jpg", "fr_obama3.jpg", "fr_biden.jpg",
                              "sk_astronaut.jpg"}, word
        assert "kde_Canopee.jpg" not in names
        real = [i for i, n in enumerate(names) if n.startswith(("fr_", "sk_astronaut"))]
        false = [i for i, n in enumerate(names) if n.startswith(("lom_", "ocv_"))]
        assert max(real) < min(false), names
        assert all(any(w.startswith("faces: ") for w in h["why"]) for h in hits)
    obama = next(p for p in people_json(capsys, data) if len(p["photos"]) == 3)
    run(capsys, "--data-dir", data, "people", "name", obama["id"], "Barack Obama")
    code, out, _ = run(capsys, "--data-dir", data, "search", "barack", "--json")
    assert sorted(Path(h["path"]).name for h in json.loads(out)["results"]) == [
        "fr_obama.jpg", "fr_obama2.jpg", "fr_obama3.jpg"]
    # A name combines with other words: the name and a file-name word.
    code, out, _ = run(capsys, "--data-dir", data, "search", "obama", "fr_obama2", "--json")
    assert Path(json.loads(out)["results"][0]["path"]).name == "fr_obama2.jpg"

    code, out, _ = run(capsys, "--data-dir", data, "similar", "--people", folder / "fr_obama.jpg",
                       "--json")
    got = json.loads(out)
    assert got["people"] == [{"id": obama["id"], "name": "Barack Obama"}]
    assert sorted(Path(r["path"]).name for r in got["results"]) == ["fr_obama2.jpg", "fr_obama3.jpg"]
    assert all(r["people"] == [obama["id"]] for r in got["results"])
    # An image outside the library: its faces are matched to the people.
    outside = tmp_path / "outside.jpg"
    shutil.copy2(DATA / "faces" / "fr_obama_partial_face.jpg", outside)
    code, out, _ = run(capsys, "--data-dir", data, "similar", "--people", outside)
    assert code == 0 and "Barack Obama" in out and "fr_obama3.jpg" in out
    code, out, _ = run(capsys, "--data-dir", data, "similar", "--people", folder / "kde_Canopee.jpg")
    assert code == 0 and "kde_Canopee.jpg" in out and len(out.splitlines()) == 1


def _face_box(path: Path) -> tuple[float, float, float, float]:
    from PIL import Image, ImageOps

    from photorec.core.people.faces import find_faces
    from photorec.core.people.models import FaceModels

    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    full = im.size
    im.thumbnail((640, 640))
    return max(find_faces(FaceModels(), im, full), key=lambda f: f.quality).box


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool (the reference writer "
                    "of MWG and Microsoft regions) is not installed")
def test_names_in_mwg_and_microsoft_regions_seed_people(tmp_path, folder, capsys):
    import subprocess

    from photorec.core.ingest.regions import read_regions

    obama, biden = folder / "fr_obama.jpg", folder / "fr_biden.jpg"
    x, y, w, h = _face_box(obama)
    subprocess.run(["exiftool", "-q", "-overwrite_original",
                    "-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=820,H=1024,Unit=pixel},"
                    f"RegionList=[{{Area={{X={x + w / 2:.4f},Y={y + h / 2:.4f},W={w:.4f},"
                    f"H={h:.4f},Unit=normalized}},Name=Barack Obama,Type=Face}}]}}", str(obama)],
                   check=True)
    x, y, w, h = _face_box(biden)
    subprocess.run(["exiftool", "-q", "-o", str(biden) + ".xmp",  # a sidecar, as Windows writes
                    "-XMP-MP:RegionInfoMP={Regions=[{PersonDisplayName=Joe Biden,"
                    f"Rectangle={x:.4f}|, {y:.4f}|, {w:.4f}|, {h:.4f}}}]}}", str(biden)],
                   check=True)
    assert [r.name for r in read_regions(str(obama))] == ["Barack Obama"]
    assert [(r.name, r.source) for r in read_regions(str(biden))] == [("Joe Biden", "mp")]
    data = tmp_path / "data"
    run(capsys, "--data-dir", data, "index", folder)
    people = {p["name"]: p for p in people_json(capsys, data)}
    assert {Path(x).name for x in people["Barack Obama"]["photos"]} == {
        "fr_obama.jpg", "fr_obama2.jpg", "fr_obama3.jpg"}  # the others joined the named one
    assert [Path(x).name for x in people["Joe Biden"]["photos"]] == ["fr_biden.jpg"]
    code, out, _ = run(capsys, "--data-dir", data, "search", "Joe", "--json")  # only the name
    assert [Path(h["path"]).name for h in json.loads(out)["results"]] == ["fr_biden.jpg"]


def test_lost_face_rows_are_said_and_found_again(tmp_path, folder, capsys):
    """A catalog that lost face rows (repair salvages what it can read) heals on the next
    index: the photos whose faces are missing are searched again, and the run says so."""
    data = tmp_path / "data"
    run(capsys, "--data-dir", data, "index", folder)
    with Library.open(data) as lib:
        ckey = lib.catalog.photo_by_path(str(folder / "fr_obama.jpg")).ckey
        with lib.catalog._write() as c:
            c.execute("DELETE FROM faces WHERE ckey = ?", (ckey,))
    code, out, err = run(capsys, "--data-dir", data, "index")
    assert code == 0 and "photorec: warning: the face data of 1 photo" in err  # faces_damaged
    obama = next(p for p in people_json(capsys, data) if len(p["photos"]) == 3)
    assert any(x.endswith("fr_obama.jpg") for x in obama["photos"])


def test_faces_of_photos_that_leave_the_library_are_erased(tmp_path, folder, capsys):
    data = tmp_path / "data"
    run(capsys, "--data-dir", data, "index", folder)
    with Library.open(data, readonly=True) as lib:
        biden = lib.catalog.photo_by_path(str(folder / "fr_biden.jpg")).ckey
    (folder / "fr_biden.jpg").unlink()
    run(capsys, "--data-dir", data, "index")
    with Library.open(data, readonly=True) as lib:
        key = lib.people.model_key
        assert biden not in store.face_table(lib.catalog, key).ckeys
        assert not lib.catalog._query("SELECT 1 FROM face_scans WHERE ckey = ?", (biden,))
    people = people_json(capsys, data)
    assert len(people) == 2 and all(p["faces"] == len(p["photos"]) for p in people)
    code, _, _ = run(capsys, "--data-dir", data, "remove", folder, "--yes")
    assert code == 0
    with Library.open(data) as lib:  # the next face pass (index, people find) erases the rest
        lib.people.update()
        assert store.face_rows_left(lib.catalog) == 0


def test_missing_face_models_never_stop_indexing(tmp_path, folder, capsys, monkeypatch):
    from photorec.core.people import models, service
    from photorec.core.people.models import FaceModelError

    def gone(*a, **k):
        raise FaceModelError("missing", "photorec/resources/faces")

    monkeypatch.setattr(models, "face_model_info", gone)
    monkeypatch.setattr(service, "FaceModels", lambda: gone())
    data = tmp_path / "data"
    code, out, err = run(capsys, "--data-dir", data, "index", folder)
    assert code == 0 and "10 new" in out and "Traceback" not in out + err
    assert "Faces were not looked for" in out and "reinstall photorec" in out
    code, out, err = run(capsys, "--data-dir", data, "search", "people")
    assert code == 0 and "Traceback" not in out + err
