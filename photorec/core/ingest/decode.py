"""Decoding photos: one cheap decode gives both the model input and the thumbnail.

JPEGs are decoded with Pillow's ``draft()`` (DCT scaling), so a 12 MP photo is decoded at
1/4 or 1/8 of its size. EXIF orientation is applied to the small image. Anything that goes
wrong raises :class:`DecodeError` with a reason a user can read; the scan records it and goes on.

Memory: formats without a scaled decode (PNG, TIFF, WebP...) are decoded at full size, and a
0.5 MB PNG can hold 169 MP. Every decode first reserves its estimated pixel memory (size
after ``draft()`` x bytes per pixel, twice that with alpha: ``reduce`` premultiplies a copy)
from :data:`BUDGET`, shared by all threads of the process, so a few giants are decoded one
after the other instead of all at once; a giant is shrunk by an integer factor (``reduce``)
before any mode conversion, so no other full-size copy is made. A PNG over
:data:`STRIP_ABOVE` is decoded in strips (:mod:`photorec.core.ingest.png`), each reduced at
once; any other decode over :data:`FULL_DECODE_MAX` is refused in words
(:class:`DecodeTooLarge`), so one image never takes more than about that (goal: indexing
stays under 600 MB, measured by ``benchmarks/bench_decode_memory.py``). EXIF of a PNG is read
from its chunks, never by decoding its pixels.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from struct import error as struct_error  # raised by some plugins on corrupt headers
from typing import IO

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

from photorec.core.errors import NotAnImage, Reason
from photorec.core.ingest import formats, png
from photorec.core.ingest.embedded import exif_time
from photorec.core.ingest.formats import is_image_name  # noqa: F401 - kept for callers
from photorec.core.ingest.truncation import ends_early

log = logging.getLogger(__name__)

MODEL_SIZE = 224
THUMB_SIZE = 320  # long side of cached thumbnails, enough for a 2x grid at 160 px
THUMB_QUALITY = 85
MAX_PIXELS = 180_000_000  # refuse images above this (decompression bombs, absurd sizes)

# Pillow raises DecompressionBombError above 2x MAX_IMAGE_PIXELS (and only warns above 1x):
# half our limit makes MAX_PIXELS the error, for every Image.open in the process.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
ImageFile.LOAD_TRUNCATED_IMAGES = False

#: Decode memory all threads together may reserve at once (see the module docstring).
DECODE_BUDGET_BYTES = 1 << 30
#: A PNG whose whole decode would take more than this is decoded in strips of STRIP_BYTES.
STRIP_ABOVE = 64 * 1024 * 1024
STRIP_BYTES = 16 * 1024 * 1024
#: The most one whole (not stripped) decode may take; above it the image is refused in words.
FULL_DECODE_MAX = 320 * 1024 * 1024

_HEIF = False
try:  # optional: pillow-heif registers HEIC/HEIF (and on old Pillow, AVIF) openers
    import pillow_heif

    pillow_heif.register_heif_opener(thumbnails=True)
    _HEIF = True
except Exception:  # pragma: no cover - depends on the installed extras
    pass  # no HEIF: _HEIF stays False

#: What the walk picks up here (see photorec.core.ingest.formats, the one registry of formats).
IMAGE_EXTENSIONS = formats.readable_extensions()

_ORIENTATION = 0x0112

_TRANSPOSE = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


class MemoryBudget:
    """A counting semaphore of bytes, first come first served (a giant waiting for room is
    not overtaken by a stream of small decodes). A request over the total waits for the whole
    budget, i.e. runs alone."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0
        self.peak = 0  # the most reserved at once (for tests and benchmarks)
        self._cond = threading.Condition()
        self._queue: deque[object] = deque()

    @contextmanager
    def reserve(self, nbytes: int) -> Iterator[int]:
        n = min(max(0, int(nbytes)), self.total)
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
            while self._queue[0] is not ticket or self.used + n > self.total:
                self._cond.wait()
            self._queue.popleft()
            self.used += n
            self.peak = max(self.peak, self.used)
            self._cond.notify_all()
        try:
            yield n
        finally:
            with self._cond:
                self.used -= n
                self._cond.notify_all()


BUDGET = MemoryBudget(DECODE_BUDGET_BYTES)
_TRIM_ABOVE = 64 * 1024 * 1024  # give the pages of a decode this big back to the system


def _load_malloc_trim() -> Callable[[int], int] | None:
    """glibc keeps freed memory in per-thread arenas: after a giant decode in each of four
    threads, four giants stay resident. ``malloc_trim`` hands it back (None off glibc)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        fn = ctypes.CDLL("libc.so.6").malloc_trim
        fn.argtypes = [ctypes.c_size_t]
        trim: Callable[[int], int] = fn
        return trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _load_malloc_trim()

# Bytes per pixel of Pillow's in-memory modes (RGB, RGBA, LA, CMYK... are stored 4 bytes wide).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}


def decode_bytes_estimate(im: Image.Image) -> int:
    """What loading ``im`` at its current (drafted) size costs, plus the small working copies
    (with alpha, ``reduce`` works on a premultiplied full-size copy: twice the pixels)."""
    w, h = im.size
    alpha = 2 if im.mode in ("RGBA", "LA", "PA") else 1
    return alpha * w * h * _BYTES_PER_PIXEL.get(im.mode, 4) + 4 * 1024 * 1024


DecodeError = NotAnImage  # a photo that cannot be read; ``err.why`` is the Reason


class DecodeTooLarge(DecodeError):
    """An image whose decode would take more memory than photorec gives one image
    (``needed`` and ``limit`` in bytes): reason ``decode_too_large``."""

    def __init__(self, width: int, height: int, kind: str, needed: int, limit: int) -> None:
        super().__init__(Reason("decode_too_large", width=width, height=height, kind=kind,
                                needed=needed // 2**20, limit=limit // 2**20))
        self.width, self.height, self.kind, self.needed, self.limit = width, height, kind, needed, limit


@dataclass
class Decoded:
    """What one decode yields."""

    pixels: np.ndarray  # uint8 [224, 224, 3] RGB, the whole photo resized (no crop)
    thumbnail: Image.Image  # RGB, long side <= THUMB_SIZE, orientation applied
    width: int  # full-size dimensions after orientation
    height: int
    taken: float | None  # EXIF DateTimeOriginal as a POSIX timestamp (local time), if any
    format: str
    # RGB, long side <= the face_size asked for, orientation applied; None unless asked for
    # (the people layer looks for faces in it, then drops it).
    face_image: Image.Image | None = None


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        bg = Image.new("RGB", rgba.size, (255, 255, 255))
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float32)
        hi = float(arr.max()) or 1.0
        return Image.fromarray((arr * (255.0 / hi)).clip(0, 255).astype(np.uint8)).convert("RGB")
    return im.convert("RGB")


# what decode reads: a path, encoded bytes, an open binary file or a PIL image
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | Image.Image


def _open(source: Source) -> Image.Image:
    if isinstance(source, Image.Image):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Image.open(io.BytesIO(source))
    return Image.open(source)  # a path, or an open binary file (left open)


def decode(
    source: Source,
    *,
    thumb_size: int = THUMB_SIZE,
    model_size: int = MODEL_SIZE,
    name: str | os.PathLike[str] | None = None,
    budget: MemoryBudget | None = None,
    face_size: int = 0,
    faces_only: bool = False,
) -> Decoded:
    """Decode a photo (a path, encoded bytes, an open binary file or a PIL image) once, for the
    model and the grid. ``name``: the file's name, for messages when ``source`` is bytes.
    ``face_size`` > 0 also keeps the photo at that long side (or its own, if smaller) in
    ``face_image``, from the same decode; ``faces_only`` makes only that (no model input,
    and ``thumbnail`` is the face image: the people layer's closer look).

    Raises :class:`DecodeError` with a reason in words for anything that cannot be read.
    """
    budget = budget or BUDGET
    try:
        im = _open(source)
        try:
            return _decode_open(im, thumb_size, model_size, budget,
                                owned=not isinstance(source, Image.Image), face_size=face_size,
                                faces_only=faces_only and face_size > 0)
        finally:
            if not isinstance(source, Image.Image):
                _release(im)
    except DecodeError:
        raise
    except FileNotFoundError:
        raise DecodeError(Reason("file_gone")) from None
    except PermissionError:
        raise DecodeError(Reason("no_permission")) from None
    except IsADirectoryError:
        raise DecodeError(Reason("is_folder")) from None
    except UnidentifiedImageError:
        size = _size_of(source)
        if size == 0:
            raise DecodeError(Reason("empty_file")) from None
        label = name if name is not None else source
        missing = formats.missing_support(label) if isinstance(label, (str, os.PathLike)) else None
        if missing:
            raise DecodeError(missing) from None
        raise DecodeError(Reason("unknown_format")) from None
    except Image.DecompressionBombError:
        raise DecodeError(Reason("too_large", limit=MAX_PIXELS // 1_000_000)) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct_error) as exc:
        if ends_early(source):
            raise DecodeError(Reason("truncated")) from None
        raise DecodeError(Reason("corrupt", detail=str(exc) or exc.__class__.__name__)) from None
    except MemoryError:
        raise DecodeError(Reason("no_memory")) from None


def _release(im: Image.Image) -> None:
    """Close ``im`` but not a file the caller opened (Pillow closes it when the pixels were
    never loaded, e.g. after a strip decode)."""
    if not getattr(im, "_exclusive_fp", True):
        im.fp = None  # type: ignore[attr-defined]  # ImageFile's fp, not declared on Image.Image
        if hasattr(im, "_fp"):
            im._fp = None
    im.close()


def _size_of(source: Source) -> int | None:
    if isinstance(source, (str, os.PathLike)):
        try:
            return os.path.getsize(source)
        except OSError:
            return None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return len(source)
    if isinstance(source, Image.Image):
        return None  # no file behind it
    try:
        return os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return None


def _shrink(im: Image.Image, long_side: int) -> Image.Image:
    """``im`` made smaller by an integer factor while its long side stays >= ``long_side``
    (``im`` itself when that is not worth it). Palette, 1-bit and 16-bit images are sampled
    (averaging palette indexes would give wrong colours); the rest are box-averaged."""
    factor = max(im.size) // long_side
    if factor < 2:
        return im
    if im.mode in ("P", "PA", "1") or im.mode.startswith("I;16"):
        w, h = im.size
        return im.resize((max(1, w // factor), max(1, h // factor)), Image.Resampling.NEAREST)
    return im.reduce(factor)


def _decode_open(im: Image.Image, thumb_size: int, model_size: int,
                 budget: MemoryBudget, owned: bool = False, face_size: int = 0,
                 faces_only: bool = False) -> Decoded:
    fmt = im.format or "unknown"
    w0, h0 = im.size
    if w0 <= 0 or h0 <= 0:
        raise DecodeError(Reason("no_pixels"))
    if w0 * h0 > MAX_PIXELS:
        raise DecodeError(Reason("too_many_pixels", width=w0, height=h0, limit=MAX_PIXELS // 1_000_000))
    want = (face_size + 1) // 2 if faces_only else max(thumb_size, model_size, (face_size + 1) // 2)
    if fmt in ("JPEG", "HEIF", "AVIF"):
        # JPEG: DCT scaling, the smallest 1/2^k scale that keeps both sides >= want.
        # HEIF (pillow-heif): the embedded thumbnail when it is large enough, ~40x faster.
        try:
            im.draft("RGB", (want, want))
        except (AttributeError, ValueError, OSError):
            pass
    estimate = decode_bytes_estimate(im)
    if fmt == "JPEG" and (im.info.get("progressive") or im.info.get("progression")):
        # libjpeg keeps every DCT coefficient of a progressive JPEG, whatever the draft scale
        estimate = max(estimate, _progressive_coefficients(im, w0, h0))
    stripped = None
    if estimate > STRIP_ABOVE:
        stripped = _png_in_strips(im, want, budget) if fmt == "PNG" else _raw_in_strips(im, want, budget)
    if stripped is not None:
        small, exif = stripped
    elif estimate > FULL_DECODE_MAX:
        kind = f"{fmt} ({im.mode}{', interlaced' if im.info.get('interlace') else ''})"
        raise DecodeTooLarge(w0, h0, kind, estimate, FULL_DECODE_MAX)
    else:
        small, exif = _decode_whole(im, want, estimate, budget, owned)
    orientation = exif.get(_ORIENTATION, 1) if exif else 1
    taken = exif_time(exif) if exif else None
    for op in _TRANSPOSE.get(orientation if isinstance(orientation, int) else 1, ()):
        small = small.transpose(op)
    if orientation in (5, 6, 7, 8):
        w0, h0 = h0, w0

    if faces_only:
        face = small if max(small.size) <= face_size else small.resize(_fit(small.size, face_size),
                                                                        Image.Resampling.BILINEAR)
        if face is im:
            face = im.copy()  # the file's image is closed when decode returns
        return Decoded(pixels=np.zeros((0, 0, 3), np.uint8), thumbnail=face, width=w0, height=h0,
                       taken=taken, format=fmt, face_image=face)
    pixels = np.asarray(
        small.resize((model_size, model_size), Image.Resampling.BILINEAR), dtype=np.uint8
    )
    face_image = None
    if face_size > 0:
        face_image = small.copy() if small is im else small
        if max(face_image.size) > face_size:
            face_image = face_image.resize(_fit(face_image.size, face_size),
                                           Image.Resampling.BILINEAR)
        if face_image is small:
            small = small.copy()  # the thumbnail below is made in place
    thumb = small.copy() if small is im else small
    thumb.thumbnail((thumb_size, thumb_size), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return Decoded(pixels=pixels, thumbnail=thumb, width=w0, height=h0, taken=taken, format=fmt,
                   face_image=face_image)


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    w, h = size
    s = long_side / max(w, h)
    return max(1, round(w * s)), max(1, round(h * s))


def _progressive_coefficients(im: Image.Image, w: int, h: int) -> int:
    """Bytes of the coefficient buffers libjpeg holds for a progressive JPEG (2 per sample)."""
    from PIL import JpegImagePlugin

    try:
        sampling = JpegImagePlugin.get_sampling(im)
    except Exception:  # noqa: BLE001 - unknown: assume no subsampling
        sampling = 0
    per_pixel = {1: 1.0, 3: {0: 3.0, 1: 2.0, 2: 1.5}.get(sampling, 3.0)}.get(len(im.getbands()), 4.0)
    return int(2 * w * h * per_pixel) + 4 * 1024 * 1024


def _png_in_strips(im: Image.Image, want: int, budget: MemoryBudget) -> tuple[Image.Image, Image.Exif] | None:
    """(small RGB image, EXIF) of a large PNG decoded strip by strip, or None when this PNG
    cannot be (interlaced, 16-bit colour...): it is then decoded whole, or refused."""
    fp: IO[bytes] | None = getattr(im, "fp", None)
    if fp is None:  # png.header would fail on it the same way
        return None
    try:
        info = png.header(fp)
    except (png.PngError, OSError, AttributeError, struct_error):
        return None
    if not png.can_strip(info) or (info["w"], info["h"]) != im.size:
        return None
    w, h = im.size
    f = max(1, max(w, h) // (2 * want))
    rows = max(f, STRIP_BYTES // (4 * w) // f * f)
    out_w, out_h = -(-w // f), -(-h // f)
    deep = info["depth"] == 16
    levels = np.zeros((out_h, out_w) if deep else (0, 0), np.float32)
    out = Image.new("RGB", (1, 1) if deep else (out_w, out_h))

    def each(y0: int, strip: Image.Image) -> None:
        if deep:  # box-averaged here, levels set on the whole image at the end
            a = np.asarray(strip, dtype=np.float32)
            ph, pw = -(-a.shape[0] // f) * f - a.shape[0], -(-a.shape[1] // f) * f - a.shape[1]
            a = np.pad(a, ((0, ph), (0, pw)), mode="edge")
            levels[y0 // f:y0 // f + a.shape[0] // f] = a.reshape(
                a.shape[0] // f, f, a.shape[1] // f, f).mean(axis=(1, 3))
        else:
            out.paste(_to_rgb(strip).reduce(f) if f > 1 else _to_rgb(strip), (0, y0 // f))

    with budget.reserve(6 * rows * 4 * w + 4 * out_w * out_h + (4 << 20)):
        png.decode_in_strips(fp, info, rows, each)
    exif = png.exif_of(im)
    if deep:
        scale = 255.0 / (float(levels.max()) or 1.0)
        out = Image.fromarray((levels * scale).clip(0, 255).astype(np.uint8)).convert("RGB")
    return out, exif


def _raw_in_strips(im: Image.Image, want: int, budget: MemoryBudget) -> tuple[Image.Image, Image.Exif] | None:
    """(small RGB image, EXIF) of an uncompressed image stored as one block of rows (a plain
    TIFF, a BMP; top-down or bottom-up), read strip by strip; None for anything else (then it
    is decoded whole under FULL_DECODE_MAX, or refused)."""
    fp = getattr(im, "fp", None)
    tile = getattr(im, "tile", None) or []
    if fp is None or len(tile) != 1 or tile[0][0] != "raw" or tile[0][1] != (0, 0) + im.size:
        return None
    args = tile[0][3]
    rawmode, stride, orient = (args + (0, 1))[:3] if isinstance(args, tuple) else (args, 0, 1)
    w, h = im.size
    try:
        stride = stride or len(Image.new(im.mode, (w, 1)).tobytes("raw", rawmode))
    except (ValueError, OSError):
        return None
    if orient not in (1, -1) or im.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return None  # palette and 1-bit images take a byte a pixel: whole, under the limit
    f = max(1, max(w, h) // (2 * want))
    rows = max(f, STRIP_BYTES // max(1, stride) // f * f)
    out = Image.new("RGB", (-(-w // f), -(-h // f)))
    with budget.reserve(6 * rows * max(stride, 4 * w) + 4 * out.width * out.height + (4 << 20)):
        exif = im.getexif()
        for y0 in range(0, h, rows):
            n = min(rows, h - y0)
            fp.seek(tile[0][2] + (y0 if orient == 1 else h - y0 - n) * stride)
            data = fp.read(n * stride)
            if len(data) < n * stride:
                raise DecodeError(Reason("truncated"))
            strip = _to_rgb(Image.frombytes(im.mode, (w, n), data, "raw", rawmode, stride, orient))
            out.paste(strip.reduce(f) if f > 1 else strip, (0, y0 // f))
    return out, exif


def _decode_whole(im: Image.Image, want: int, estimate: int, budget: MemoryBudget,
                  owned: bool) -> tuple[Image.Image, Image.Exif]:
    """(small RGB image, EXIF) of an image decoded at full (drafted) size."""
    with budget.reserve(estimate):
        try:
            exif = png.exif_of(im)  # a PNG's from its chunks, before its pixels are decoded
        except Exception:
            exif = Image.Exif()
        im.load()
        small = _shrink(im, 2 * want)  # before any conversion: no full-size copy
        small = _to_rgb(small)
        if max(small.size) > 2 * want:
            if small is im:
                small = small.copy()
            small.thumbnail((2 * want, 2 * want), Image.Resampling.BILINEAR, reducing_gap=2.0)
        if owned and small is not im:
            _release(im)  # frees the full-size pixels before the reservation ends
            if estimate > _TRIM_ABOVE and _malloc_trim is not None:
                _malloc_trim(0)
    return small, exif


def save_thumbnail(thumb: Image.Image, path: Path) -> None:
    """Write a cached thumbnail atomically (a crash never leaves half a JPEG)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # pid and thread: two copies of one photo in flight share the path, never the temp file.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    thumb.save(tmp, "JPEG", quality=THUMB_QUALITY, optimize=False)
    os.replace(tmp, path)
