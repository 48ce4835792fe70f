"""Shared fixtures. Tests never touch the user's library: every test gets its own data dir,
and photos are copied from tests/data/photos (79 real photos committed with the tests, so a
clone alone passes) into temporary folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PHOTOREC_DATA_DIR", None)

REPO = Path(__file__).resolve().parents[1]
SHARED_PHOTOS = Path(os.environ.get("PHOTOREC_TEST_PHOTOS", REPO / "tests" / "data" / "photos"))


def shared_photos() -> list[Path]:
    photos = sorted(p for p in SHARED_PHOTOS.glob("*.jpg"))
    if not photos:
        raise RuntimeError(f"no test photos in {SHARED_PHOTOS} (set PHOTOREC_TEST_PHOTOS)")
    return photos


@pytest.fixture(scope="session")
def all_photos() -> list[Path]:
    return shared_photos()


def copy_photos(dest: Path, n: int | None = None, step: int = 1) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for p in shared_photos()[::step][:n]:
        q = dest / p.name
        shutil.copy2(p, q)
        out.append(q)
    return out


@pytest.fixture
def photo_dir(tmp_path: Path) -> Path:
    """A folder of 12 real photos (a spread over the shared set)."""
    copy_photos(tmp_path / "photos", n=12, step=6)
    return tmp_path / "photos"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def indexed_library(tmp_path_factory):
    """A library of all shared photos, indexed once per test session (read-only use!)."""
    from photorec.core.library import Library

    root = tmp_path_factory.mktemp("lib")
    photos = copy_photos(root / "photos")
    lib = Library.open(root / "data")
    lib.index_folders([root / "photos"])
    yield lib, photos
    lib.close()
