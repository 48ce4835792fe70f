"""The closer look (issue 17): faces of about 20 px in a 4000 px photo, too small for the look
while indexing (the photo at 1/8), are found after the index run, in the right place (EXIF
orientation too), once, incrementally, and a cancel leaves nothing half done."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photorec.core.library import Library
from photorec.core.people import detect as det
from photorec.core.people.faces import CLOSER_TILE, closer_side, find_faces, find_small_faces
from photorec.core.people.models import FaceModels
from photorec.core.store import closer as closer_store
from photorec.core.store import people as store

DATA = Path(__file__).resolve().parent / "data"
FACES = DATA / "faces"
WIDTHS = (20, 26, 34, 44)  # face widths in the 4000 px photo
ORIENTATION = 0x0112


@pytest.fixture(scope="module")
def models() -> FaceModels:
    return FaceModels()


def _crowd_far_away(models: FaceModels, dest: Path, orientation: int = 1) -> list[tuple[float, float]]:
    """A 4000x3000 photo (a landscape) with four small faces pasted in, far apart; returns the
    faces' centres as fractions of the photo as displayed."""
    canvas = Image.open(DATA / "photos" / "kde_Path.jpg").convert("RGB").resize((4000, 3000))
    centres = []
    for i, (src, width) in enumerate(zip(sorted(FACES.glob("fr_obama*.jpg"))[:2]
                                         + [FACES / "fr_biden.jpg", DATA / "photos" / "sk_astronaut.jpg"],
                                         WIDTHS)):
        im = Image.open(src).convert("RGB")
        box = find_faces(models, im, im.size)[0].box  # fractions
        s = width / (box[2] * im.width)
        small = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))), Image.Resampling.LANCZOS)
        x, y = 500 + i * 900, 900 + (i % 2) * 1000
        canvas.paste(small, (x, y))
        centres.append(((x + (box[0] + box[2] / 2) * small.width) / 4000,
                        (y + (box[1] + box[3] / 2) * small.height) / 3000))
    if orientation == 6:  # stored turned left; EXIF 6 says "turn right to display"
        stored = canvas.transpose(Image.Transpose.ROTATE_90)
        exif = Image.Exif()
        exif[ORIENTATION] = 6
        stored.save(dest, quality=92, exif=exif.tobytes())
    else:
        canvas.save(dest, quality=92)
    return centres


def _found(boxes: list[tuple[float, float, float, float]], centres: list[tuple[float, float]]) -> int:
    return sum(any(x <= cx <= x + w and y <= cy <= y + h for x, y, w, h in boxes) for cx, cy in centres)


def test_tiles_cover_the_image_with_overlap():
    for length in (1, 31, 640, 641, 700, 1000, 1500, 2000, 2999, 3000):
        tiles = det._tiles(length, CLOSER_TILE, 64)
        assert tiles[0][0] == 0 and tiles[-1][0] + tiles[-1][1] == length
        for (a, sa), (b, _) in zip(tiles, tiles[1:]):
            assert a + sa - b >= 64  # each face up to 64 px is whole in some tile
        assert all(size <= CLOSER_TILE for _, size in tiles)


def test_closer_side_only_where_small_faces_were_not_seen():
    assert closer_side((4000, 3000), 500) == 2400  # 20 px faces are 12 px at 60 %
    assert closer_side((6000, 4000), 750) == 3000  # at most CLOSER_MAX_SIDE
    assert closer_side((12000, 9000), 640) == 3000
    assert closer_side((1000, 750), 500) == 0  # 600 px would add little to 500 px
    assert closer_side((640, 480), 640) == 0


def test_small_faces_are_found_after_the_index_run_once(tmp_path, models):
    photos = tmp_path / "photos"
    photos.mkdir()
    centres = _crowd_far_away(models, photos / "far.jpg")
    shutil.copy2(FACES / "fr_obama.jpg", photos / "portrait.jpg")  # small photo: no closer look
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos], faces=False)
        # the look while indexing alone misses them all
        lib.people.catch_up()
        ckey = lib.catalog.photo_by_path(str(photos / "far.jpg")).ckey
        key = lib.people.model_key
        assert _found([f.box for f in store.faces_in(lib.catalog, ckey, key)], centres) == 0
        assert len(closer_store.unrefined(lib.catalog, key)) == 1  # the portrait needs no closer look
        rep = lib.people.look_closer()
        assert rep.searched == 1 and rep.failed == 0
        boxes = [f.box for f in store.faces_in(lib.catalog, ckey, key)]
        assert _found(boxes, centres) == len(WIDTHS)  # the 20 px face too
        assert len(boxes) == len(WIDTHS)  # and nothing else in the landscape
        table = store.face_table(lib.catalog, key)
        assert float(table.width_px.min()) < 25  # the smallest found is about 20 px wide
        assert store.scan_counts(lib.catalog, key)[1] == len(table.ids)
        # incremental: a second pass looks at nothing
        assert lib.people.look_closer().searched == 0
        lib.index_folders()
        assert len(store.face_table(lib.catalog, key).ids) == len(table.ids)


def test_small_face_boxes_are_placed_in_the_displayed_photo(tmp_path, models):
    photos = tmp_path / "photos"
    photos.mkdir()
    centres = _crowd_far_away(models, photos / "turned.jpg", orientation=6)
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos])  # faces on: the closer look runs at the end of the run
        ckey = lib.catalog.photo_by_path(str(photos / "turned.jpg")).ckey
        boxes = [f.box for f in store.faces_in(lib.catalog, ckey, lib.people.model_key)]
        assert _found(boxes, centres) == len(WIDTHS)


def test_a_cancelled_closer_look_leaves_the_rest_to_do(tmp_path, models):
    photos = tmp_path / "photos"
    photos.mkdir()
    for i in range(3):
        _crowd_far_away(models, photos / f"far{i}.jpg")
        im = Image.open(photos / f"far{i}.jpg")
        im.rotate(i * 2).save(photos / f"far{i}.jpg", quality=90)  # distinct contents
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos], faces=False)
        lib.people.catch_up()
        cancel = threading.Event()
        cancel.set()
        rep = lib.people.look_closer(cancel=cancel)
        assert rep.cancelled and rep.searched == 0
        assert len(closer_store.unrefined(lib.catalog, lib.people.model_key)) == 3
        rep = lib.people.look_closer()
        assert rep.searched == 3 and not closer_store.unrefined(lib.catalog, lib.people.model_key)


def test_known_faces_are_not_found_twice(models):
    im = Image.open(FACES / "fr_obama.jpg").convert("RGB")
    big = find_faces(models, im, im.size)
    small = find_small_faces(models, im.resize((im.width // 4, im.height // 4)), im.size,
                             [f.box for f in big])
    assert small == []
    assert np.isfinite([f.quality for f in big]).all()


def test_the_cli_says_what_the_closer_look_found(tmp_path, models, capsys):
    from photorec.cli import main

    photos = tmp_path / "photos"
    photos.mkdir()
    _crowd_far_away(models, photos / "far.jpg")
    assert main(["--data-dir", str(tmp_path / "data"), "index", str(photos)]) == 0
    out = capsys.readouterr().out
    assert "Looked closer for small faces in 1 photo: 4 found." in out
    assert main(["--data-dir", str(tmp_path / "data"), "index", str(photos)]) == 0
    assert "Looked closer" not in capsys.readouterr().out  # nothing left to look at


def test_a_paused_closer_look_waits_and_goes_on_when_resumed(tmp_path, models):
    photos = tmp_path / "photos"
    photos.mkdir()
    _crowd_far_away(models, photos / "far.jpg")
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos], faces=False)
        lib.people.catch_up()
        pause = threading.Event()
        pause.set()
        out: dict = {}
        worker = threading.Thread(target=lambda: out.setdefault("rep", lib.people.look_closer(pause=pause)))
        worker.start()
        worker.join(1.0)
        assert worker.is_alive()  # paused: nothing started
        assert len(closer_store.unrefined(lib.catalog, lib.people.model_key)) == 1
        pause.clear()
        worker.join(60)
        assert not worker.is_alive() and out["rep"].searched == 1
        assert not closer_store.unrefined(lib.catalog, lib.people.model_key)


def test_one_photo_that_fails_does_not_stop_the_closer_look(tmp_path, models, monkeypatch):
    photos = tmp_path / "photos"
    photos.mkdir()
    _crowd_far_away(models, photos / "a.jpg")
    Image.open(photos / "a.jpg").rotate(3).save(photos / "b.jpg", quality=90)
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photos], faces=False)
        lib.people.catch_up()
        real = lib.people._closer

        def flaky(ckey, path):
            if path.endswith("a.jpg"):
                raise ValueError("a decoder bug")
            return real(ckey, path)

        monkeypatch.setattr(lib.people, "_closer", flaky)
        rep = lib.people.look_closer()
        assert rep.failed == 1 and rep.searched == 1  # b.jpg was still looked at
        left = closer_store.unrefined(lib.catalog, lib.people.model_key)
        assert [Path(p).name for _, p in left] == ["a.jpg"]  # tried again next time
