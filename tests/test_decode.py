"""Decoding: every format we claim, EXIF orientation, and bad input that must not crash."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photorec.core.ingest import decode as dec
from tests.conftest import shared_photos


@pytest.fixture(scope="module")
def photo() -> Path:
    return shared_photos()[0]


def test_jpeg_gives_model_input_and_thumbnail(photo):
    d = dec.decode(photo)
    assert d.pixels.shape == (224, 224, 3) and d.pixels.dtype == np.uint8
    assert max(d.thumbnail.size) <= dec.THUMB_SIZE
    with Image.open(photo) as im:
        assert (d.width, d.height) == im.size
    assert d.pixels.std() > 5  # a real picture, not a blank


def test_draft_decode_matches_full_decode(photo):
    """The DCT-scaled decode must give the model the same picture as a full decode."""
    d = dec.decode(photo)
    with Image.open(photo) as im:
        full = np.asarray(im.convert("RGB").resize((224, 224), Image.Resampling.BILINEAR), dtype=np.float32)
    assert np.abs(d.pixels.astype(np.float32) - full).mean() < 6.0


@pytest.mark.parametrize("fmt,ext", [("PNG", ".png"), ("WEBP", ".webp"), ("TIFF", ".tif"),
                                     ("BMP", ".bmp"), ("GIF", ".gif")])
def test_other_formats(tmp_path, photo, fmt, ext):
    with Image.open(photo) as im:
        p = tmp_path / f"x{ext}"
        im.convert("RGB").save(p, fmt)
    d = dec.decode(p)
    assert d.pixels.shape == (224, 224, 3)
    assert dec.is_image_name(p.name)


def test_png_with_alpha_and_16bit(tmp_path):
    rgba = Image.new("RGBA", (300, 200), (255, 0, 0, 0))
    rgba.paste((0, 0, 255, 255), (0, 0, 150, 200))
    rgba.save(tmp_path / "a.png")
    d = dec.decode(tmp_path / "a.png")
    assert tuple(d.pixels[100, 200]) == (255, 255, 255)  # transparent -> white
    assert tuple(d.pixels[100, 20]) == (0, 0, 255)
    arr = (np.linspace(0, 65535, 300 * 200).reshape(200, 300)).astype(np.uint16)
    Image.fromarray(arr).save(tmp_path / "b.png")
    assert dec.decode(tmp_path / "b.png").pixels.max() > 200


@pytest.mark.parametrize("orientation,rotate", [(6, 270), (8, 90), (3, 180)])
def test_exif_orientation_applied(tmp_path, photo, orientation, rotate):
    """A photo stored sideways with an orientation tag decodes upright, like the original."""
    with Image.open(photo) as im:
        im = im.convert("RGB")
        w, h = im.size
        stored = im.rotate(-rotate if rotate != 180 else 180, expand=True)
        # Orientation 6 means: rotate the stored image 90 deg clockwise (= 270 ccw) to view.
        stored = im.transpose({6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270,
                               3: Image.Transpose.ROTATE_180}[orientation])
        exif = Image.Exif()
        exif[0x0112] = orientation
        p = tmp_path / "rot.jpg"
        stored.save(p, "JPEG", quality=92, exif=exif.tobytes())
    d = dec.decode(p)
    ref = dec.decode(photo)
    assert (d.width, d.height) == (w, h)
    diff = np.abs(d.pixels.astype(np.float32) - ref.pixels.astype(np.float32)).mean()
    assert diff < 12, diff


def test_exif_date_taken(tmp_path, photo):
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2021:07:14 10:11:12"
    with Image.open(photo) as im:
        im.save(tmp_path / "d.jpg", exif=exif.tobytes())
    d = dec.decode(tmp_path / "d.jpg")
    assert d.taken is not None
    import datetime as dt
    assert dt.datetime.fromtimestamp(d.taken).year == 2021


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_bad_inputs_raise_decode_error_with_reason(tmp_path, photo):
    good = photo.read_bytes()
    cases = {
        "empty.jpg": (b"", "empty"),
        "text.jpg": (b"this is not a photo at all\n" * 20, "not an image"),
        "truncated.jpg": (good[: len(good) // 3], "truncated"),
        "garbage.png": (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), ""),
        "corrupt.jpg": (good[:600] + os.urandom(4000) + good[-2000:], ""),
    }
    for name, (data, reason) in cases.items():
        p = _bad(tmp_path, name, data)
        try:
            dec.decode(p)
        except dec.DecodeError as exc:
            assert reason in str(exc), (name, str(exc))
        else:
            # Some random corruptions still decode into a (garbled) picture: that is fine,
            # as long as nothing but DecodeError ever escapes.
            assert reason == "", name


def test_wrong_extension_is_read_by_content(tmp_path, photo):
    with Image.open(photo) as im:
        im.save(tmp_path / "really_a_png.jpg", "PNG")
    assert dec.decode(tmp_path / "really_a_png.jpg").format == "PNG"


def test_decompression_bomb_and_absurd_dimensions(tmp_path):
    # A PNG header claiming 100000 x 100000 pixels: refused before any pixel is decoded.
    import struct
    import zlib
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    p = _bad(tmp_path, "bomb.png", png)
    with pytest.raises(dec.DecodeError, match="too large"):
        dec.decode(p)


def test_huge_jpeg_decodes_cheaply(tmp_path, photo):
    """A 12 MP JPEG decodes through draft(): the thumbnail is small, dimensions are full."""
    with Image.open(photo) as im:
        big = im.convert("RGB").resize((4000, 3000))
    p = tmp_path / "big.jpg"
    big.save(p, quality=90)
    d = dec.decode(p)
    assert (d.width, d.height) == (4000, 3000)
    assert max(d.thumbnail.size) == dec.THUMB_SIZE


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root (and Windows) can read files whatever their permissions")
def test_unreadable_file(tmp_path, photo):
    p = tmp_path / "locked.jpg"
    p.write_bytes(photo.read_bytes())
    p.chmod(0)
    with pytest.raises(dec.DecodeError, match="permission"):
        dec.decode(p)


def test_permission_error_is_reported(monkeypatch, tmp_path):
    def deny(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Image, "open", deny)
    with pytest.raises(dec.DecodeError, match="permission denied"):
        dec.decode(tmp_path / "x.jpg")


@pytest.mark.slow
def test_heic_if_available(tmp_path, photo):
    pytest.importorskip("pillow_heif", reason="HEIC support is the optional [heif] extra")
    with Image.open(photo) as im:
        big = im.convert("RGB").resize((960, 720))  # HEVC encoding is slow: keep it small
    big.save(tmp_path / "x.heic", "HEIF", quality=80)  # no embedded thumbnail: full decode
    big.save(tmp_path / "t.heic", "HEIF", quality=80, thumbnails=[448])  # as phones write them
    full, fast = dec.decode(tmp_path / "x.heic"), dec.decode(tmp_path / "t.heic")
    assert (full.width, full.height) == (fast.width, fast.height) == (960, 720)
    assert fast.pixels.shape == (224, 224, 3)
    assert np.abs(full.pixels.astype(float) - fast.pixels.astype(float)).mean() < 8
    assert dec.is_image_name("x.HEIC")


def test_decode_from_bytes_and_pil(photo):
    a = dec.decode(photo.read_bytes())
    with Image.open(photo) as im:
        b = dec.decode(im.convert("RGB"))
    assert a.pixels.shape == b.pixels.shape == (224, 224, 3)
