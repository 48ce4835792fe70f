"""Large PNGs decode in strips to the same picture, and PNG EXIF never decodes pixels (issue 20)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from photorec.core.ingest import decode as dec
from photorec.core.ingest import png


def _picture(mode: str, size=(1500, 1100)) -> Image.Image:
    w, h = size
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    rgb = np.stack([x * np.ones_like(y), y * np.ones_like(x), (x * y)], axis=2)
    im = Image.fromarray((rgb * 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(im)
    d.ellipse([w // 5, h // 4, w // 2, h * 3 // 4], fill=(220, 30, 40))
    d.rectangle([w * 3 // 5, h // 6, w * 9 // 10, h // 2], fill=(20, 200, 60))
    if mode == "RGBA":
        a = Image.fromarray(((x * np.ones_like(y)) * 255).astype(np.uint8), "L")
        im.putalpha(a)
    elif mode == "LA":
        im = im.convert("LA")
    elif mode == "P":
        im = im.convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    elif mode == "L":
        im = im.convert("L")
    elif mode == "I;16":
        arr = (np.asarray(im.convert("L"), dtype=np.uint16) * 200).astype(np.uint16)
        im = Image.fromarray(arr)
    return im


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "LA", "L", "P", "I;16"])
def test_a_png_decoded_in_strips_is_the_picture_decoded_whole(tmp_path, monkeypatch, mode):
    p = tmp_path / f"x-{mode.replace(';', '')}.png"
    _picture(mode).save(p)
    whole = dec.decode(p)
    monkeypatch.setattr(dec, "STRIP_ABOVE", 0)
    monkeypatch.setattr(dec, "STRIP_BYTES", 1500 * 4 * 37)  # 37 rows a strip: many strips
    calls = []
    real = png.decode_in_strips
    monkeypatch.setattr(png, "decode_in_strips", lambda *a: calls.append(1) or real(*a))
    strips = dec.decode(p)
    assert calls, "the strip decoder was not used"
    assert (strips.width, strips.height) == (whole.width, whole.height) == (1500, 1100)
    diff = np.abs(strips.pixels.astype(int) - whole.pixels.astype(int))
    assert diff.mean() < 1.5 and np.percentile(diff, 99) < 12, (diff.mean(), diff.max())


@pytest.mark.parametrize("mode,ext", [("RGB", "tif"), ("RGBA", "tif"), ("L", "tif"),
                                      ("RGB", "bmp"), ("L", "bmp")])
def test_an_uncompressed_tiff_or_bmp_read_in_strips_is_the_picture_read_whole(
        tmp_path, monkeypatch, mode, ext):
    p = tmp_path / f"x.{ext}"
    _picture(mode).save(p)  # BMP: bottom-up rows
    whole = dec.decode(p)
    monkeypatch.setattr(dec, "STRIP_ABOVE", 0)
    monkeypatch.setattr(dec, "STRIP_BYTES", 1500 * 4 * 37)
    monkeypatch.setattr(dec, "_decode_whole", None)  # the whole path would fail loudly
    strips = dec.decode(p)
    diff = np.abs(strips.pixels.astype(int) - whole.pixels.astype(int))
    assert diff.mean() < 1.5 and diff.max() < 12, (diff.mean(), diff.max())


def _png_header_only(path, w: int, h: int, depth: int, ctype: int, interlace: int) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace)
    path.write_bytes(png.SIGNATURE + chunk(b"IHDR", ihdr)
                     + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("depth,ctype,interlace,what", [
    (8, 2, 1, "interlaced"), (16, 6, 0, "RGBA"), (16, 2, 0, "RGB")])
def test_a_giant_png_that_cannot_be_stripped_is_refused_in_words(tmp_path, depth, ctype,
                                                                  interlace, what):
    p = tmp_path / "giant.png"
    _png_header_only(p, 9500, 9500, depth, ctype, interlace)  # 90 MP: 361 MB decoded
    with pytest.raises(dec.DecodeTooLarge) as err:
        dec.decode(p)
    text = str(err.value)
    assert "9500x9500" in text and what in text and "photorec decodes up to 320 MB" in text
    assert err.value.needed > err.value.limit == dec.FULL_DECODE_MAX


def test_png_exif_after_the_pixels_is_read_without_decoding_them(tmp_path, monkeypatch):
    im = _picture("RGB", (800, 600))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate
    exif[0x0110] = "Camera X"
    p = tmp_path / "late.png"
    im.save(p, exif=exif.tobytes())
    data = p.read_bytes()
    # move the eXIf chunk after the image data, where Pillow finds it only by decoding
    at = data.index(b"eXIf") - 4
    n = int.from_bytes(data[at:at + 4], "big") + 12
    chunk, rest = data[at:at + n], data[:at] + data[at + n:]
    end = rest.rindex(b"IEND") - 4
    p.write_bytes(rest[:end] + chunk + rest[end:])
    loads = []
    real = Image.Image.load

    def counting(self):
        if getattr(self, "filename", None) == str(p):
            loads.append(1)
        return real(self)

    monkeypatch.setattr(Image.Image, "load", counting)
    from photorec.core.ingest.metadata import read_metadata

    assert read_metadata(str(p)).camera == "Camera X"
    with Image.open(p) as op:
        assert png.exif_of(op).get(0x0112) == 6
    assert loads == [], "the pixels were decoded to read the metadata"
    monkeypatch.setattr(Image.Image, "load", real)
    d = dec.decode(p)
    assert (d.width, d.height) == (600, 800)  # the late orientation was applied


_INDEX_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from photorec.core.library import Library
with Library.open(sys.argv[3]) as lib:
    r = lib.index_folders([sys.argv[2]])
# VmHWM: this process's own peak (ru_maxrss would count pytest's memory at fork time)
with open("/proc/self/status") as fh:
    hwm = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
print(json.dumps({"new": r.new, "failed": r.failed, "errors": r.errors, "maxrss_mb": hwm}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="/proc/self/status")
def test_indexing_a_13000_square_rgba_png_stays_under_600_mb(tmp_path):
    """The issue's bomb: 1.2 MB on disk, 676 MB as pixels; indexing it took 1.47 GB."""
    import json
    import subprocess
    import sys

    from benchmarks.bench_decode_memory import make_kind
    from tests.conftest import REPO

    p = make_kind(tmp_path / "photos", "png_rgba", 13000)
    assert p.stat().st_size < 2 * 2**20
    r = subprocess.run([sys.executable, "-c", _INDEX_CHILD, str(REPO), str(p.parent),
                        str(tmp_path / "data")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout)
    assert out["new"] == 1 and out["failed"] == 0, out
    assert out["maxrss_mb"] < 600, out


def test_a_giant_progressive_jpeg_is_refused_in_words(tmp_path):
    """libjpeg holds all coefficients of a progressive JPEG at any draft scale: 13000x13000
    4:2:0 is about 500 MB, whatever photorec asks for."""
    import io

    buf = io.BytesIO()
    _picture("RGB", (640, 480)).save(buf, "JPEG", progressive=True, quality=80)
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc2")
    data[sof + 5:sof + 9] = (13000).to_bytes(2, "big") * 2  # height, width
    p = tmp_path / "giant.jpg"
    p.write_bytes(bytes(data))
    with pytest.raises(dec.DecodeTooLarge) as err:
        dec.decode(p)
    assert "13000x13000" in str(err.value) and err.value.needed > 480 * 2**20
    small = tmp_path / "small.jpg"
    small.write_bytes(buf.getvalue())
    assert dec.decode(small).width == 640  # an ordinary progressive JPEG is decoded


def test_a_strip_decode_leaves_the_callers_file_open(tmp_path, monkeypatch):
    p = tmp_path / "x.tif"
    _picture("RGB").save(p)
    monkeypatch.setattr(dec, "STRIP_ABOVE", 0)
    with open(p, "rb") as f:
        assert dec.decode(f).width == 1500
        assert not f.closed and f.seek(0) == 0  # the indexer checks the same file after


def test_the_refusal_is_in_the_users_language(tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO

    p = tmp_path / "giant.png"
    _png_header_only(p, 9500, 9500, 16, 2, 0)
    code = ("from photorec import i18n\ni18n.use_language('pt_BR')\n"
            "from photorec.cli_words import words\n"
            "from photorec.core.errors import NotAnImage\n"
            "from photorec.core.ingest import decode\n"
            "try:\n"
            f"    decode.decode({str(p)!r})\n"
            "except decode.DecodeError as exc:\n"
            f"    print(words(NotAnImage(exc.why, path={str(p)!r})))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                       check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (
        f"{p}: imagem grande demais para decodificar na memória: este PNG (RGB) de 9500x9500 "
        "precisa de cerca de 348 MB de uma vez, e o photorec decodifica até 320 MB por imagem "
        "(salve-a como JPEG, ou como PNG de 8 bits não entrelaçado)")
