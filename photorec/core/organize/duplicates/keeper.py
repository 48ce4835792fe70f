"""Which photo of a group to keep, and why: resolution, sharpness, file size, format (and
how hard a JPEG was compressed), capture time. Sharpness and a 4x4 colour layout are measured
on the cached thumbnail once per content and stored in the catalog."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from photorec.core.errors import Reason
from photorec.core.ingest import formats
from photorec.core.ingest.decode import FULL_DECODE_MAX, decode_bytes_estimate
from photorec.core.store import Photo
from photorec.core.store import duplicates as store

log = logging.getLogger(__name__)

LOW_JPEG_QUALITY = 60  # estimated from the quantisation tables: below this, heavily compressed
HEAVY = 1.0  # the format rank of a heavily compressed JPEG
# libjpeg's standard luminance table (quality 50), to estimate a JPEG's quality setting.
_STD_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], dtype=np.float64)



@dataclass
class Quality:
    sharpness: float | None
    signature: np.ndarray | None  # float32 [48] in 0..1
    jpeg_quality: int | None = None


def jpeg_quality(im: Image.Image) -> int | None:
    """The quality setting a JPEG was saved with (libjpeg scale, 1..100), from its
    quantisation tables (read from the header, nothing is decoded); None if not a JPEG."""
    tables = getattr(im, "quantization", None)
    if not tables or 0 not in tables:
        return None
    t = np.asarray(list(tables[0]), dtype=np.float64)
    if len(t) != 64:
        return None
    scale = t.mean() / _STD_LUMA.mean() * 100.0
    q = 5000.0 / scale if scale > 100 else (200.0 - scale) / 2.0
    return int(round(min(100.0, max(1.0, q))))


def measure_image(im: Image.Image) -> Quality:
    """Sharpness (variance of the Laplacian at a common scale, relative to the picture's own
    contrast) and the 4x4 colour layout."""
    im = im.convert("RGB")
    sig = np.asarray(im.resize((4, 4), Image.Resampling.BOX), dtype=np.float32).reshape(-1) / 255.0
    g = im.convert("L")
    if max(g.size) > 160:  # a common scale, coarse enough to average JPEG blocking away
        g = g.copy()
        g.thumbnail((160, 160), Image.Resampling.BOX)
    x = np.asarray(g, dtype=np.float32)
    if min(x.shape) < 3:
        return Quality(0.0, sig)
    lap = 4 * x[1:-1, 1:-1] - x[:-2, 1:-1] - x[2:, 1:-1] - x[1:-1, :-2] - x[1:-1, 2:]
    # Relative to the contrast of the picture, so a brightened or contrast-stretched copy is
    # not "sharper" than its original.
    return Quality(float(lap.var() / (x.var() + 1.0)), sig)


def quality_of(lib, photos_by_ckey: dict[str, list[Photo]]) -> dict[str, Quality]:
    """Quality per content key: from the catalog, else measured on the cached thumbnail (made
    from the photo if missing) and stored for next time."""
    out: dict[str, Quality] = {}
    can_store = store.ensure_schema(lib.catalog)
    ckeys = list(photos_by_ckey)
    if can_store:
        for ck, sharp, sig, jq in store.quality_rows(lib.catalog, ckeys):
            out[ck] = Quality(sharp, np.frombuffer(sig, dtype=np.uint8).astype(np.float32) / 255.0
                              if sig else None, jq)
    new: list[tuple] = []
    for ck in ckeys:
        if ck in out:
            continue
        qual = Quality(None, None)
        thumb = lib.paths.thumb_path(ck)
        originals = [p.path for p in photos_by_ckey[ck] if p.online]
        jq = None
        for src in originals[:1]:
            try:
                with Image.open(src) as im:  # the header only
                    jq = jpeg_quality(im)
            except Exception:  # noqa: BLE001
                pass
        for src in ([thumb] if thumb.exists() else []) + originals:
            try:
                with Image.open(src) as im:
                    im.draft("RGB", (320, 320))
                    if decode_bytes_estimate(im) > FULL_DECODE_MAX:  # a giant original
                        continue  # (no thumbnail): its quality is not measured
                    qual = measure_image(im)
                break
            except Exception as exc:  # noqa: BLE001 - a bad file only loses its quality
                log.debug("cannot measure %s: %s", src, exc)
        qual.jpeg_quality = jq
        out[ck] = qual
        if qual.signature is not None and originals:
            new.append((ck, qual.sharpness, np.round(qual.signature * 255).astype(np.uint8).tobytes(),
                        jq, time.time()))
    if new and can_store and not lib.catalog.readonly:
        try:
            store.put_quality(lib.catalog, new)
        except Exception as exc:  # noqa: BLE001 - a cache; never worth failing for
            log.info("cannot store photo quality: %s", exc)
    return out


def _format_rank(photo: Photo, jq: int | None = None) -> tuple[float, str]:
    """How well the file's format keeps the picture (the registry's ``storage``), and its name."""
    fmt = formats.format_of(photo.path)
    if fmt is None:  # not a format photorec reads today (an old catalog row)
        return 2.0, os.path.splitext(photo.path)[1].lstrip(".").upper() or "?"
    if fmt.storage == "lossless":
        return 3.0, Reason("keep_lossless", format=fmt.name)
    if fmt.storage == "palette":
        return 0.5, fmt.name
    if jq is not None and jq < LOW_JPEG_QUALITY:
        return HEAVY, f"heavily compressed JPEG (quality {jq})"
    return 2.0, fmt.name


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000.0
    return str(n)


def choose_keeper(photos: list[Photo], quality: dict[str, Quality],
                  best: int | None = None) -> tuple[int, Reason]:
    """Which photo of a group to keep (its index) and why (a Reason, code ``keeper``: the
    reasons, each with its code, and whether the photo is offline). With ``best``, only the
    why of keeping that one."""
    if len(photos) == 1:
        return 0, Reason("keeper", reasons=[Reason("keep_only")], offline=False)
    res = np.array([(p.width or 0) * (p.height or 0) for p in photos], dtype=np.float64)
    sharp = np.array([(quality.get(p.ckey or "") or Quality(None, None)).sharpness or 0.0
                      for p in photos], dtype=np.float64)
    size = np.array([p.size for p in photos], dtype=np.float64)
    fmt = [_format_rank(p, (quality.get(p.ckey or "") or Quality(None, None)).jpeg_quality)
           for p in photos]
    frank = np.array([f[0] for f in fmt])
    exif = np.array([p.taken is not None for p in photos], dtype=np.float64)
    online = np.array([p.online for p in photos], dtype=np.float64)

    def rel(x):
        top = x.max()
        return x / top if top > 0 else np.zeros_like(x)

    mtimes = np.array([p.mtime_ns for p in photos], dtype=np.float64)
    oldest = (mtimes == mtimes.min()).astype(np.float64) if mtimes.min() < mtimes.max() else 0 * mtimes
    score = (4.0 * rel(res) + 2.0 * rel(sharp) + 0.5 * rel(size) + 0.6 * frank
             + 1.0 * exif + 0.5 * oldest + 0.3 * online)
    # Ties (exact copies): the online one, then the oldest file, then the shortest path.
    order = sorted(range(len(photos)), key=lambda i: (-round(float(score[i]), 9), -online[i],
                                                       photos[i].mtime_ns, len(photos[i].path),
                                                       photos[i].path))
    if best is None:
        best = order[0]
    others = [i for i in range(len(photos)) if i != best]
    reasons = []
    p = photos[best]
    if res[best] > max(res[others]) * 1.02:
        reasons.append(Reason("keep_largest_resolution", size=f"{p.width}x{p.height}"))
    elif res[best] >= max(res[others]) and res[best] > min(res[others]) * 1.02:
        reasons.append(Reason("keep_full_resolution", size=f"{p.width}x{p.height}"))
    if sharp[best] > 0 and sharp[best] >= max(sharp[others]) * 1.05:
        reasons.append(Reason("keep_sharpest"))
    heavy = [i for i in others if fmt[i][0] == HEAVY]
    if frank[best] > max(frank[others]) and frank[best] >= 3.0:
        reasons.append(Reason("keep_better_format", format=fmt[best][1]))
    elif heavy and frank[best] >= max(frank[others]):
        reasons.append(Reason("keep_less_compressed") if len(heavy) == len(others)
                       else Reason("keep_less_compressed_than", name=photos[heavy[0]].name))
    if exif[best] and not exif[others].all():
        reasons.append(Reason("keep_capture_time"))
    if size[best] > max(size[others]) * 1.02 and not reasons:
        reasons.append(Reason("keep_largest_file", size=_human_size(int(size[best]))))
    if oldest[best] and oldest.sum() == 1 and len(reasons) < 2:
        reasons.append(Reason("keep_oldest"))
    if not reasons:
        same = len({ph.ckey for ph in photos}) == 1
        reasons.append(Reason("keep_exact_copies") if same else Reason("keep_best_overall"))
    return best, Reason("keeper", reasons=reasons, offline=not p.online)
