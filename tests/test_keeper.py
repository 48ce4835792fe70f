"""The photo to keep is the original (issue 19): an enlarged noisy copy, a byte-identical copy
in a second folder and a recompressed copy never beat it; the reasons tell the keeper apart
from the others; "identical files" only for equal bytes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from photorec.core.library import Library
from photorec.core.organize import duplicates as dup
from photorec.core.organize.duplicates import detail
from photorec.core.store import Photo
from tests.conftest import SHARED_PHOTOS

# textured and smooth pictures, the sk_coffee among them
UPSCALED = ("sk_coffee.jpg", "kde_Canopee.jpg", "lom_free.jpg", "ocv_left01.jpg", "mate_Dune.jpg")
IDENTICAL = ("kde_Altai.jpg", "sk_camera.jpg", "mate_Silk.jpg")
RECOMPRESSED = ("ocv_box_in_scene.jpg", "kde_Shell.jpg", "ukui_calla.jpg")
MIRRORED = ("kde_Path.jpg", "sk_chelsea.jpg")
DAY = 86400


def _later(path: Path, seconds: float = DAY) -> None:
    """A copy is made after its original: a newer modification time."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + int(seconds * 1e9)))


def _upscale_noisy(src: Path, dest: Path, seed: int) -> None:
    with Image.open(src) as im:
        big = np.asarray(im.convert("RGB").resize((4000, 3000), Image.Resampling.BICUBIC),
                         dtype=np.float32)
    big += np.random.default_rng(seed).normal(0, 6, big.shape[:2] + (1,))
    Image.fromarray(np.clip(big, 0, 255).astype(np.uint8)).save(dest, quality=92)


@pytest.fixture(scope="module")
def keeper_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("keeper")
    originals, copies = root / "originals", root / "second"
    originals.mkdir()
    copies.mkdir()
    for name in UPSCALED + IDENTICAL + RECOMPRESSED + MIRRORED:
        shutil.copy2(SHARED_PHOTOS / name, originals / name)
    for i, name in enumerate(UPSCALED):
        out = copies / f"{Path(name).stem}_4000x3000.jpg"
        _upscale_noisy(originals / name, out, i)
        _later(out)
    for name in IDENTICAL:  # the same bytes and the same modification time (cp -p)
        shutil.copy2(originals / name, copies / name)
    for name in RECOMPRESSED:
        out = copies / f"{Path(name).stem}_resaved.jpg"
        with Image.open(originals / name) as im:
            im.convert("RGB").save(out, quality=70)
        _later(out)
    for name in MIRRORED:
        out = copies / f"{Path(name).stem}_mirrored.jpg"
        with Image.open(originals / name) as im:
            ImageOps.mirror(im.convert("RGB")).save(out, quality=92)
        _later(out)
    lib = Library.open(root / "data")
    lib.index_folders([originals])  # the originals' folder is added first
    lib.index_folders([copies])
    groups = dup.find_groups(lib)
    yield lib, originals, copies, groups
    lib.close()


def _group_of(groups, path: Path):
    found = [g for g in groups if str(path) in g.paths]
    assert len(found) == 1, (path.name, [[Path(p).name for p in g.paths] for g in groups])
    return found[0]


@pytest.mark.parametrize("name", UPSCALED)
def test_an_enlarged_noisy_copy_never_beats_its_original(keeper_library, name):
    lib, originals, copies, groups = keeper_library
    g = _group_of(groups, originals / name)
    assert str(copies / f"{Path(name).stem}_4000x3000.jpg") in g.paths
    assert g.keep.path == str(originals / name), g.why
    assert "resolution" not in g.why.lower() and "identical" not in g.why.lower()
    assert "oldest file" in g.why, g.why  # the copy is newer: that is what tells them apart


@pytest.mark.parametrize("name", IDENTICAL)
def test_identical_copies_in_two_folders_keep_the_first_folder(keeper_library, name):
    lib, originals, copies, groups = keeper_library
    g = _group_of(groups, originals / name)
    assert set(g.paths) == {str(originals / name), str(copies / name)}
    assert g.keep.path == str(originals / name)
    assert g.why.startswith("Identical files: in the folder added first (originals)"), g.why
    assert [m.identical for m in g.members] == [False, True]
    assert g.to_json()["identical"] == [False, True]


@pytest.mark.parametrize("name", RECOMPRESSED)
def test_a_recompressed_copy_never_beats_its_original(keeper_library, name):
    lib, originals, copies, groups = keeper_library
    g = _group_of(groups, originals / name)
    assert g.keep.path == str(originals / name), g.why
    assert "less compressed" in g.why.lower(), g.why
    assert not any(m.identical for m in g.members)


@pytest.mark.parametrize("name", MIRRORED)
def test_a_mirrored_copy_is_a_near_duplicate_not_the_same_photo(keeper_library, name):
    """One band table for the duplicates page and the similar panel, with mirrors under
    "Near-duplicate"; "identical" only for equal bytes."""
    lib, originals, copies, groups = keeper_library
    g = _group_of(groups, originals / name)
    assert g.keep.path == str(originals / name), g.why
    m = next(m for m in g.members if m.path.endswith("_mirrored.jpg"))
    assert m.mirrored and not m.identical and m.band == "Near-duplicate", (m.score, m.band)
    assert g.to_json()["bands"] == [None, "Near-duplicate"]


def test_every_member_has_a_band_from_the_one_table(keeper_library):
    from photorec.core.embed import similarity

    lib, originals, copies, groups = keeper_library
    for g in groups:
        for m in g.members[1:]:
            assert m.band == ("Identical file" if m.identical else
                              similarity.describe(m.score, lib.model, mirrored=m.mirrored))


def _photo(i, path, w, h, size=1000, taken=None, mtime=0, ckey=None, folder=1, online=False):
    return Photo(i, folder, path, size, mtime, ckey or f"k{i}", "ok", None, w, h, taken, online)


def test_identical_is_said_only_for_equal_bytes(tmp_path):
    """Two files with one content key but different bytes (the key samples a file) are not
    "identical files"; equal bytes are."""
    a, b, c = tmp_path / "a.jpg", tmp_path / "b.jpg", tmp_path / "c.jpg"
    a.write_bytes(b"x" * 1000)
    b.write_bytes(b"x" * 1000)
    c.write_bytes(b"x" * 999 + b"y")
    pa, pb, pc = (Photo(i, 1, str(p), 1000, 0, "same", "ok", None, 10, 10, None, True)
                  for i, p in enumerate((a, b, c)))
    assert dup.identical_files(pa, pb)
    assert not dup.identical_files(pa, pc)
    best, why = dup.choose_keeper([pc, pa], {})
    assert not why.startswith("Identical")


def test_reasons_tell_the_keeper_apart():
    q = {}
    # the same size: the earliest capture date, then the oldest file, then the first folder
    photos = [_photo(0, "/b/x.jpg", 800, 600, taken=2000.0, mtime=5),
              _photo(1, "/a/x.jpg", 800, 600, taken=1000.0, mtime=9_000_000_000_000)]
    best, why = dup.choose_keeper(photos, q)
    assert best == 1 and why.startswith("The earliest capture date (1970-01-01")
    photos = [_photo(0, "/b/x.jpg", 800, 600, mtime=int(50 * 1e9), folder=1),
              _photo(1, "/a/x.jpg", 800, 600, mtime=int(10 * 1e9), folder=2)]
    best, why = dup.choose_keeper(photos, q)
    assert best == 1 and why.startswith("The oldest file") and "added first" not in why
    photos = [_photo(0, "/b/y.jpg", 800, 600, mtime=10, folder=2),
              _photo(1, "/a/y.jpg", 800, 600, mtime=10, folder=1)]
    best, why = dup.choose_keeper(photos, q)
    assert best == 1 and why == "In the folder added first (a) (in an offline folder)"
    # a capture time against none at all
    photos = [_photo(0, "/a/x.jpg", 800, 600, mtime=1), _photo(1, "/a/y.jpg", 800, 600, taken=5.0)]
    assert dup.choose_keeper(photos, q) == (1, "Has its capture time (EXIF) (in an offline folder)")
    # a user's keeper: only the reasons where it is better, never one it loses on
    photos = [_photo(0, "/a/x.jpg", 800, 600, mtime=int(1e9)),
              _photo(1, "/b/x.jpg", 800, 600, mtime=int(1e12))]
    best, why = dup.choose_keeper(photos, q, best=1)
    assert best == 1 and "oldest" not in why


def test_more_pixels_count_only_when_they_hold_detail(tmp_path):
    """A 2.5x larger original with real detail wins by resolution; a 2.5x enlargement of the
    smaller one does not (and an unreadable larger file proves nothing)."""
    src = SHARED_PHOTOS / "ocv_box_in_scene.jpg"
    with Image.open(src) as im:
        im = im.convert("RGB")
        small = im.resize((im.width * 2 // 5, im.height * 2 // 5), Image.Resampling.LANCZOS)
    small.save(tmp_path / "small.jpg", quality=90)
    small.resize(im.size, Image.Resampling.BICUBIC).save(tmp_path / "enlarged.jpg", quality=90)
    lin = (im.width * im.height) ** 0.5
    assert detail.proves_detail(str(src), lin, lin * 2 / 5)
    assert not detail.proves_detail(str(tmp_path / "enlarged.jpg"), lin, lin * 2 / 5)
    assert not detail.proves_detail(str(tmp_path / "missing.jpg"), lin, lin * 2 / 5)
    now = int(time.time() * 1e9)
    w, h = im.size
    orig = _photo(0, str(src), w, h, mtime=now, online=True)
    enlarged = _photo(1, str(tmp_path / "enlarged.jpg"), w, h, mtime=now, online=True)
    copy = _photo(2, str(tmp_path / "small.jpg"), small.width, small.height, mtime=now - DAY * 10**9,
                  online=True)
    best, why = dup.choose_keeper([copy, orig], {})
    assert best == 1 and why.startswith("Largest resolution"), why
    best, why = dup.choose_keeper([enlarged, copy], {})
    assert best == 1 and why.startswith("The oldest file"), why  # not the enlarged pixels
