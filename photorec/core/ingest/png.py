"""Large PNGs without their full-size pixels in memory, and PNG metadata without pixels.

A 1.2 MB PNG can say 13000 x 13000 RGBA: 676 MB once decoded, and Pillow's ``reduce()`` of
RGBA makes a premultiplied full-size copy on top. :func:`decode_in_strips` inflates the image
data itself and hands Pillow one strip of rows at a time, as a small PNG of its own: the
strip's filtered rows, after one context row (the previous strip's last row, unfiltered, under
filter "None"), so Pillow undoes the filters exactly as in one piece. Each strip is reduced
at once; only the reduced image grows. Non-interlaced PNGs of 8 bits per sample and 16-bit
grey are read so (Pillow gives back their rows' raw bytes exactly); others stay whole.

:func:`late_metadata` reads the eXIf chunk and the text chunks that come after the image data,
which Pillow only reads by decoding every pixel (``getexif()`` of a PNG loads it).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_RAW = {(0, 8): "L", (2, 8): "RGB", (3, 8): "P", (4, 8): "LA", (6, 8): "RGBA", (0, 16): "I;16B"}
_META_MAX = 16 * 1024 * 1024  # a text or eXIf chunk bigger than this is not metadata
_LATE_TEXT = ("XML:com.adobe.xmp", "Raw profile type exif")


class PngError(Exception):
    """Not a PNG this module reads (the caller falls back to Pillow, or says so in words)."""


def _chunks(fp: IO[bytes]) -> Iterator[tuple[bytes, int, int]]:
    """(type, data offset, length) of each chunk, without reading the data."""
    fp.seek(0)
    if fp.read(8) != SIGNATURE:
        raise PngError("not a PNG")
    while True:
        head = fp.read(8)
        if len(head) < 8:
            return
        length, kind = struct.unpack(">I4s", head)
        at = fp.tell()
        yield kind, at, length
        if kind == b"IEND":
            return
        fp.seek(at + length + 4)


def header(fp: IO[bytes]) -> dict[str, Any]:
    """IHDR's fields, and the chunks a strip needs (PLTE, tRNS) and where the data is."""
    out: dict[str, Any] = {"idat": [], "extra": []}
    for kind, at, length in _chunks(fp):
        if kind == b"IHDR":
            fp.seek(at)
            w, h, depth, ctype, _comp, _filt, inter = struct.unpack(">IIBBBBB", fp.read(13))
            out.update(w=w, h=h, depth=depth, ctype=ctype, interlace=inter)
        elif kind in (b"PLTE", b"tRNS") and length <= 4096:
            fp.seek(at)
            out["extra"].append((kind, fp.read(length)))
        elif kind == b"IDAT":
            out["idat"].append((at, length))
    if "w" not in out or not out["idat"]:
        raise PngError("no IHDR or no image data")
    return out


def can_strip(info: dict[str, Any]) -> bool:
    return info["interlace"] == 0 and (info["ctype"], info["depth"]) in _RAW


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _strip_png(info: dict[str, Any], context: bytes, rows: bytes, n: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", info["w"], n + 1, info["depth"], info["ctype"], 0, 0, 0)
    out = [SIGNATURE, _chunk(b"IHDR", ihdr)]
    out += [_chunk(k, b) for k, b in info["extra"]]
    out += [_chunk(b"IDAT", zlib.compress(b"\0" + context + rows, 1)), _chunk(b"IEND", b"")]
    return b"".join(out)


def decode_in_strips(fp: IO[bytes], info: dict[str, Any], rows_per_strip: int,
                     each: Callable[[int, Image.Image], None]) -> None:
    """Call ``each(y0, strip)`` for consecutive strips of the image, top to bottom (each strip
    a PIL image of up to ``rows_per_strip`` rows, in the mode Pillow gives the whole PNG)."""
    w, h = info["w"], info["h"]
    row = 1 + (w * _CHANNELS[info["ctype"]] * info["depth"] + 7) // 8
    raw = _RAW[(info["ctype"], info["depth"])]
    context = bytes(row - 1)  # the row above the first: zeros, as the PNG filters define it
    inflate = zlib.decompressobj()
    pending = bytearray()
    y = 0

    def flush(n: int) -> None:
        nonlocal context, y
        part = bytes(pending[:n * row])
        del pending[:n * row]
        with Image.open(io.BytesIO(_strip_png(info, context, part, n))) as im:
            im.load()
            context = im.crop((0, n, w, n + 1)).tobytes("raw", raw)
            each(y, im.crop((0, 1, w, n + 1)))
        y += n

    cap = (rows_per_strip + 1) * row  # inflate no more than a strip at a time

    def feed(data: bytes) -> None:
        while y < h:
            pending.extend(inflate.decompress(data, cap))
            while y < h and len(pending) >= row * min(rows_per_strip, h - y):
                flush(min(rows_per_strip, h - y))
            data = inflate.unconsumed_tail
            if not data:
                return

    for at, length in info["idat"]:
        fp.seek(at)
        left = length
        while left > 0 and y < h:
            block = fp.read(min(left, 1 << 20))
            if not block:
                raise PngError("truncated image data")
            left -= len(block)
            feed(block)
    if y < h:
        pending.extend(inflate.flush())
        if len(pending) >= row * (h - y):
            flush(h - y)
    if y < h:
        raise PngError(f"truncated image data ({y} of {h} rows)")


def late_metadata(fp: IO[bytes]) -> dict[str, Any]:
    """The eXIf chunk and XMP / raw-EXIF text chunks wherever they are (Pillow's ``info``
    keys: ``exif``, ``XML:com.adobe.xmp``, ``Raw profile type exif``), reading no pixels."""
    out: dict[str, Any] = {}
    try:
        for kind, at, length in _chunks(fp):
            if length > _META_MAX or kind not in (b"eXIf", b"tEXt", b"zTXt", b"iTXt"):
                continue
            fp.seek(at)
            body = fp.read(length)
            if kind == b"eXIf":
                out.setdefault("exif", b"Exif\x00\x00" + body)  # as Pillow keeps it
                continue
            key, _, rest = body.partition(b"\0")
            name = key.decode("latin-1")
            if name not in _LATE_TEXT or name in out:
                continue
            try:
                if kind == b"tEXt":
                    out[name] = rest.decode("latin-1")
                elif kind == b"zTXt":
                    out[name] = _inflate_text(rest[1:]).decode("latin-1")
                else:  # iTXt: compressed flag, method, language\0, translated key\0, text
                    flag, rest = rest[0], rest[2:]
                    rest = rest.split(b"\0", 2)[2]
                    out[name] = (_inflate_text(rest) if flag else rest).decode("utf-8", "replace")
            except (zlib.error, IndexError, ValueError):
                continue
    except (OSError, struct.error, PngError):
        pass
    return out


def _inflate_text(data: bytes) -> bytes:
    d = zlib.decompressobj()
    out = d.decompress(data, _META_MAX)
    if d.unconsumed_tail:
        raise ValueError("text chunk too large")
    return out


def exif_of(im: Image.Image) -> Image.Exif:
    """``im.getexif()``, except that a PNG's pixels are not decoded to find a late eXIf chunk:
    the chunks are read instead (and late XMP lands in ``im.info`` on the way)."""
    fp = getattr(im, "fp", None)
    if im.format != "PNG" or "exif" in im.info or fp is None:
        return im.getexif()
    at = fp.tell()
    try:
        for k, v in late_metadata(fp).items():
            im.info.setdefault(k, v)
    finally:
        fp.seek(at)
    exif = Image.Exif()
    data = im.info.get("exif")
    raw = im.info.get("Raw profile type exif")
    if data is None and isinstance(raw, str):  # ImageMagick's: a header, then hex digits
        try:
            data = bytes.fromhex("".join(raw.split("\n")[3:]))
        except ValueError:
            data = None
    if data:
        exif.load(data)
    return exif
