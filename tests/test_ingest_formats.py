"""The one registry of file formats (photorec.core.ingest.formats) and everything that asks it."""

from __future__ import annotations

import plistlib
import re
import shutil
from pathlib import Path

import pytest

from photorec.core.ingest import decode as dec
from photorec.core.ingest import formats
from photorec.core.ingest.scan import walk
from tests.conftest import REPO, shared_photos


@pytest.fixture
def no_heif(monkeypatch):
    """This installation without pillow-heif (and without a native AVIF in Pillow)."""
    monkeypatch.setattr(formats, "heif_available", lambda: False)
    monkeypatch.setattr(formats, "_pillow_avif", lambda: False)
    formats.readable_extensions.cache_clear()
    yield
    formats.readable_extensions.cache_clear()


def test_every_registered_extension_is_unique_lower_case_and_dotted():
    exts = [e for f in formats.FORMATS for e in f.extensions]
    assert len(exts) == len(set(exts))
    assert all(e.startswith(".") and e == e.lower() for e in exts)
    assert formats.format_of("IMG_1.JPG").name == "JPEG"
    assert formats.format_of("a.jfif").mime == "image/jpeg"
    assert formats.format_of("notes.txt") is None


def test_the_walk_takes_every_readable_extension_in_any_case(tmp_path):
    src = shared_photos()[0]
    names = ["a.JPG", "b.jfif", "c.Jpeg", "d.txt", "e.raw"]
    for n in names:
        shutil.copy(src, tmp_path / n)
    found = sorted(Path(e.path).name for e in walk(str(tmp_path)))
    assert found == ["a.JPG", "b.jfif", "c.Jpeg"]


def test_without_the_heif_extra_heic_is_not_walked_and_the_decoder_names_the_extra(tmp_path, no_heif):
    (tmp_path / "IMG_1.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)
    shutil.copy(shared_photos()[0], tmp_path / "b.jpg")
    assert [Path(e.path).name for e in walk(str(tmp_path))] == ["b.jpg"]
    assert not formats.is_image_name("x.heic") and formats.is_known_image_name("x.heic")
    assert "*.heic" not in formats.dialog_patterns() and "*.jpg" in formats.dialog_patterns()
    with pytest.raises(dec.DecodeError) as err:
        dec.decode(tmp_path / "IMG_1.HEIC")
    assert "photorec[heif]" in str(err.value) and "HEIC" in str(err.value)


def test_with_the_heif_extra_heic_is_walked():
    pytest.importorskip("pillow_heif")
    assert formats.is_image_name("x.heic") and formats.is_image_name("y.HIF")
    assert "*.heic" in formats.dialog_patterns()


def test_the_desktop_integration_offers_the_registry():
    from photorec.integration import base

    assert set(base.IMAGE_MIME_TYPES) == {f.mime for f in formats.FORMATS}
    assert set(base.IMAGE_EXTENSIONS) == {e[1:] for f in formats.FORMATS for e in f.extensions}


def test_the_macos_bundle_declares_the_registry_types():
    with open(REPO / "packaging" / "macos" / "Info.plist", "rb") as f:
        info = plistlib.load(f)
    (doc,) = info["CFBundleDocumentTypes"]
    assert set(doc["LSItemContentTypes"]) == set(formats.UTIS)


def test_the_gui_dialog_and_drops_ask_the_registry():
    pytest.importorskip("PySide6")
    from photorec.gui import window

    assert formats.dialog_patterns() in window.image_filter()
    assert window.is_image_path("/x/IMG_1.JFIF") and not window.is_image_path("/x/a.txt")


def test_no_other_module_spells_out_a_list_of_image_extensions():
    """One registry: a second list of extensions drifts (it did: four lists disagreed)."""
    pattern = re.compile(r"""["']\*?\.(heic|hif|jfif|webp)["']""", re.IGNORECASE)
    offenders = []
    for py in (REPO / "photorec").rglob("*.py"):
        rel = py.relative_to(REPO).as_posix()
        # duplicates: which copy to keep is ranked by format quality, not by what we read.
        if rel == "photorec/core/ingest/formats.py" or "dup" in py.name or "/duplicates/" in rel:
            continue
        if pattern.search(py.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []


@pytest.mark.slow
def test_every_readable_format_is_indexed_through_the_pipeline(tmp_path):
    """The pipeline decodes from the bytes it read: every format must open from memory."""
    from PIL import Image

    from photorec.core.library import Library

    d = tmp_path / "p"
    d.mkdir()
    with Image.open(shared_photos()[5]) as im:
        im = im.convert("RGB")
        saved = []
        for i, fmt in enumerate(formats.readable_formats()):
            if fmt.name in ("HEIC", "HEIF"):
                pytest.importorskip("pillow_heif").register_heif_opener()
            p = d / f"x{i}{fmt.extensions[0]}"
            im.rotate(7 * i, expand=True).save(p, "HEIF" if fmt.name in ("HEIC", "HEIF") else None)
            saved.append(p.name)
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([d])
    assert (r.new, r.failed) == (len(saved), 0), r.errors
    assert sorted(Path(p.path).name for p in lib.photos()) == sorted(saved)
    lib.close()
