"""Which photo of a group to keep, and why: the original. More pixels count only where they
hold detail (an enlarged copy's do not, see :mod:`.detail`), then how hard a JPEG was
compressed, then the earliest capture date, the oldest file and the folder added first.
Byte-identical files say so. Sharpness, a 4x4 colour layout (the duplicates' colour check)
and the JPEG quality are measured once per content and stored in the catalog."""

from __future__ import annotations

import filecmp
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from photorec.core.errors import Reason
from photorec.core.ingest import formats
from photorec.core.ingest.decode import FULL_DECODE_MAX, decode_bytes_estimate
from photorec.core.organize.duplicates import detail
from photorec.core.store import Photo
from photorec.core.store import duplicates as store

if TYPE_CHECKING:
    from photorec.core.library import Library

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


def quality_of(lib: Library, photos_by_ckey: dict[str, list[Photo]]) -> dict[str, Quality]:
    """Quality per content key: from the catalog, else measured on the cached thumbnail (made
    from the photo if missing) and stored for next time."""
    out: dict[str, Quality] = {}
    can_store = store.ensure_schema(lib.catalog)
    ckeys = list(photos_by_ckey)
    if can_store:
        for ck, sharp, sig, jq in store.quality_rows(lib.catalog, ckeys):
            out[ck] = Quality(sharp, np.frombuffer(sig, dtype=np.uint8).astype(np.float32) / 255.0
                              if sig else None, jq)
    new: list[tuple[Any, ...]] = []
    for ck in ckeys:
        if ck in out:
            continue
        qual = Quality(None, None)
        thumb = lib.paths.thumb_path(ck)
        originals: list[str | Path] = [p.path for p in photos_by_ckey[ck] if p.online]
        jq = None
        for src in originals[:1]:
            try:
                with Image.open(src) as im:  # the header only
                    jq = jpeg_quality(im)
            except Exception:
                pass
        for src in ([thumb] if thumb.exists() else []) + originals:
            try:
                with Image.open(src) as im:
                    im.draft("RGB", (320, 320))
                    if decode_bytes_estimate(im) > FULL_DECODE_MAX:  # a giant original
                        continue  # (no thumbnail): its quality is not measured
                    qual = measure_image(im)
                break
            except Exception as exc:  # a bad file only loses its quality
                log.debug("cannot measure %s: %s", src, exc)
        qual.jpeg_quality = jq
        out[ck] = qual
        if qual.signature is not None and originals:
            new.append((ck, qual.sharpness, np.round(qual.signature * 255).astype(np.uint8).tobytes(),
                        jq, time.time()))
    if new and can_store and not lib.catalog.readonly:
        try:
            store.put_quality(lib.catalog, new)
        except Exception as exc:  # a cache; never worth failing for
            log.info("cannot store photo quality: %s", exc)
    return out


def identical_files(a: Photo, b: Photo) -> bool:
    """Are two files byte for byte the same? Only said after comparing them: the content key
    samples a file, it does not read all of it. False when either cannot be read."""
    if a.path == b.path:
        return True
    if a.ckey != b.ckey or a.size != b.size or not (a.online and b.online):
        return False
    return _same_bytes(a.path, b.path, a.size, a.mtime_ns, b.mtime_ns)


@lru_cache(maxsize=4096)
def _same_bytes(a: str, b: str, size: int, mtime_a: int, mtime_b: int) -> bool:
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


SAME_TIME = 2.0  # seconds: closer capture or file times are not "older" (FAT keeps 2 s)


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


PALETTE_QUALITY = 40  # a 256-colour file (GIF) counts as a heavily compressed JPEG


def _compression(photo: Photo, jq: int | None) -> int | None:
    """How hard the file was compressed, on the JPEG quality scale: its JPEG quality, a
    palette format as a heavily compressed one; None where it says nothing (a lossless file
    may be a re-save of a JPEG, so it is never "better" than one)."""
    rank, _ = _format_rank(photo, jq)
    if rank == 0.5:
        return PALETTE_QUALITY
    return jq if rank < 3.0 else None


def _linear(p: Photo) -> float:
    return math.sqrt(float(p.width or 0) * float(p.height or 0))


def _more_detail(a: Photo, b: Photo) -> bool:
    """Does ``a`` hold more of the picture than ``b``? More pixels, and where it has many more
    (1.41x linear and up, the size of an enlargement) detail in them that ``b`` cannot
    have: an enlarged copy never counts as more (see :mod:`.detail`)."""
    la, lb = _linear(a), _linear(b)
    if la < lb * 1.02:
        return False
    if la < lb * detail.STEP ** 2:
        return True  # close in size: a crop or a small resize, not an enlargement
    return a.online and detail.proves_detail(a.path, la, lb)


def _day(t: float) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(t))


# a rule: (the candidates' indices) -> (those it keeps, why; None when it drops no one)
Rule = Callable[[list[int]], tuple[list[int], Reason | None]]


def _tiers(photos: list[Photo], quality: dict[str, Quality]) -> tuple[Rule, ...]:
    """The rules, in order: each drops the members that another member clearly beats and says
    why in words that tell them apart. Yields (kept indices, reason for the kept) per rule
    that dropped someone."""

    def jq(i: int) -> int | None:
        return _compression(photos[i], (quality.get(photos[i].ckey or "") or
                                        Quality(None, None)).jpeg_quality)

    def detail_rule(c: list[int]) -> tuple[list[int], Reason | None]:
        beaten = {j for j in c for i in c if i != j and _more_detail(photos[i], photos[j])}
        keep = [i for i in c if i not in beaten]
        if not keep or len(keep) == len(c):
            return c, None
        top = keep[0]
        p = photos[top]
        code = "keep_largest_resolution" if len(beaten) == len(c) - len(keep) and \
            all(_linear(photos[k]) >= max(_linear(photos[j]) for j in c) for k in keep) \
            else "keep_full_resolution"
        return keep, Reason(code, size=f"{p.width}x{p.height}")

    def compression_rule(c: list[int]) -> tuple[list[int], Reason | None]:
        known = [jq(i) for i in c]
        lossy = [q for q in known if q is not None]
        if not lossy:
            return c, None
        best = max(lossy)
        # a lossless file never beats a JPEG by its format (it may be a re-save of one), but
        # a heavily compressed JPEG is worse than either
        clean = best >= LOW_JPEG_QUALITY or any(
            q is None and _format_rank(photos[i])[0] >= 3.0 for i, q in zip(c, known))
        keep = [i for i, q in zip(c, known) if q is None
                or not ((q < LOW_JPEG_QUALITY and clean) or q <= best - JPEG_STEP)]
        if len(keep) == len(c):
            return c, None
        dropped = [i for i in c if i not in keep]
        return keep, (Reason("keep_less_compressed") if len(dropped) == len(photos) - len(keep)
                      else Reason("keep_less_compressed_than", name=photos[dropped[0]].name))

    def taken_rule(c: list[int]) -> tuple[list[int], Reason | None]:
        times = [photos[i].taken for i in c]
        dated = [t for t in times if t is not None]
        if not dated:
            return c, None
        first = min(dated)
        keep = [i for i, t in zip(c, times) if t is not None and t <= first + SAME_TIME]
        if len(keep) == len(c):
            return c, None
        if all(t is None for i, t in zip(c, times) if i not in keep):
            return keep, Reason("keep_capture_time")
        return keep, Reason("keep_earliest_capture", day=_day(first))

    def mtime_rule(c: list[int]) -> tuple[list[int], Reason | None]:
        first = min(photos[i].mtime_ns for i in c) / 1e9
        keep = [i for i in c if photos[i].mtime_ns / 1e9 <= first + SAME_TIME]
        return (c, None) if len(keep) == len(c) else (keep, Reason("keep_oldest_file", day=_day(first)))

    def folder_rule(c: list[int]) -> tuple[list[int], Reason | None]:
        first = min(photos[i].folder_id for i in c)
        keep = [i for i in c if photos[i].folder_id == first]
        if len(keep) == len(c):
            return c, None
        where = os.path.dirname(photos[keep[0]].path)
        return keep, Reason("keep_folder_first", folder=os.path.basename(where) or where)

    def name_rule(c: list[int]) -> tuple[list[int], Reason | None]:
        shortest = min(len(photos[i].name) for i in c)
        keep = [i for i in c if len(photos[i].name) == shortest]
        if len(keep) < len(c):
            return keep, Reason("keep_shorter_name")
        keep = [min(c, key=lambda i: photos[i].path)]
        return (c, None) if len(c) == 1 else (keep, Reason("keep_first_by_name"))

    return (detail_rule, compression_rule, taken_rule, mtime_rule, folder_rule, name_rule)


JPEG_STEP = 15  # a JPEG this many quality points under another member is clearly worse


def choose_keeper(photos: list[Photo], quality: dict[str, Quality],
                  best: int | None = None) -> tuple[int, Reason]:
    """Which photo of a group to keep (its index) and why, in words that tell it apart from the
    others. The rules, in order, each only where a member is clearly better: more detail
    (pixels an enlargement did not invent), less JPEG compression, the earliest capture date,
    the oldest file, the folder added first, then the name. Byte-identical files say so.
    With ``best``, the why of keeping that one. The why is a Reason, code ``keeper``: the
    reasons (each with its code), whether the files are identical, whether it is offline."""
    if len(photos) == 1:
        return 0, Reason("keeper", reasons=[Reason("keep_only")], offline=False)
    cands = list(range(len(photos)))
    reasons: list[Reason] = []
    forced = best is not None
    for rule in _tiers(photos, quality):
        keep, why = rule(cands)
        if why is None:
            continue
        if forced and best not in keep:
            break  # the user's (or the group's) keeper is not better on this rule: stop here
        cands = keep
        reasons.append(why)
        if len(cands) == 1:
            break
    if best is None:
        best = cands[0]
    p = photos[best]
    if not reasons:
        reasons.append(Reason("keep_measured_from"))
    others = [q for i, q in enumerate(photos) if i != best]
    if all(identical_files(p, q) for q in others):
        reasons = [Reason("keep_identical", reasons=reasons)]
    return best, Reason("keeper", reasons=reasons, offline=not p.online)
