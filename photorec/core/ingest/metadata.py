"""The metadata people already wrote into their photos, read (never written) after indexing.

For each indexed photo: IPTC keywords (2:25), title (2:05) and caption (2:120); embedded XMP
(``dc:subject``, ``lr:hierarchicalSubject`` and ``digiKam:TagsList`` as whole paths such as
``Places|Portugal|Douro``, ``dc:title``, ``dc:description``, ``xmp:Rating``, dates); XMP
sidecars in both namings (``photo.jpg.xmp`` from digiKam/darktable, ``photo.xmp`` from
Lightroom), which win over what is embedded; EXIF ImageDescription, UserComment and the
Windows XP tags; the camera, the rating, the date and the GPS position.

The pass (:func:`update_library`) runs after the pixel pipeline, once per indexing run, and
re-reads a photo only when the file or one of its sidecars changed (their mtimes are stored
with what was read, in :mod:`photorec.core.store.metadata`). Bad metadata (broken XML, a
refused DTD, text in a wrong encoding) is recorded as the photo's metadata problem and the
photo stays indexed. Keywords become the photo's tags "from the file"
(:func:`photorec.core.organize.tags.set_file_tags_many`, source ``file``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from PIL import Image, IptcImagePlugin

from photorec.core.ingest import png, xmp
from photorec.core.store import metadata as store

log = logging.getLogger(__name__)

_MAKE, _MODEL, _DESCRIPTION, _DATETIME = 0x010F, 0x0110, 0x010E, 0x0132
_RATING = 0x4746
_XP_TITLE, _XP_COMMENT, _XP_KEYWORDS, _XP_SUBJECT = 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_USER_COMMENT, _DATETIME_ORIGINAL = 0x9286, 0x9003
_XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\x00"

# What cameras write into ImageDescription when nobody described anything.
_CAMERA_JUNK = {
    "", "olympus digital camera", "sony dsc", "digital camera", "default", "image",
    "samsung", "kodak digital still camera", "minolta digital camera", "camera", "exif_jpeg_420",
    "lg electronics", "hdr", "scanned image", "untitled", "<untitled>",
}


@dataclass
class PhotoMeta:
    keywords: list[str] = field(default_factory=list)  # flat keywords (IPTC, dc:subject, XP)
    hierarchical: list[str] = field(default_factory=list)  # whole paths, "A|B|C"
    title: str | None = None
    description: str | None = None
    rating: int | None = None
    date: float | None = None  # when taken, POSIX timestamp (local wall-clock time)
    camera: str | None = None
    lat: float | None = None
    lon: float | None = None
    sidecars: list[str] = field(default_factory=list)  # the sidecar files that were read
    problems: list[str] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        """The photo's tags from the file: every hierarchical path whole, and the flat
        keywords that are not already a part of one of them."""
        parts = {p.lower() for h in self.hierarchical for p in h.split("|")}
        return xmp._unique(self.hierarchical + [k for k in self.keywords if k.lower() not in parts])

    @property
    def problem(self) -> str | None:
        return "; ".join(self.problems) or None


# -- reading one photo -------------------------------------------------------------------------


def xmp_names(folder: str) -> dict[str, str]:
    """lower-cased name -> name of the ``.xmp`` files in a folder (empty if unreadable)."""
    try:
        return {n.lower(): n for n in os.listdir(folder or ".") if n.lower().endswith(".xmp")}
    except OSError:
        return {}


def sidecars_of(path: str, names: dict[str, str] | None = None) -> list[str]:
    """The XMP sidecars of a photo that exist: ``photo.jpg.xmp`` first, then ``photo.xmp``.

    ``names`` is :func:`xmp_names` of the photo's folder, when known (one listing per folder
    instead of stats per photo); matching ignores case (``IMG_1.JPG.XMP``)."""
    folder, base = os.path.split(path)
    stem = os.path.splitext(base)[0]
    if names is None:
        names = xmp_names(folder)
    out = []
    for want in (base + ".xmp", stem + ".xmp"):
        real = names.get(want.lower())
        if real:
            full = os.path.join(folder, real)
            if full not in out:
                out.append(full)
    return out


def _iptc_text(raw: bytes, utf8: bool, problems: list[str], what: str) -> str:
    if utf8:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"IPTC {what} are marked UTF-8 but are not (read as Latin-1)")
            return raw.decode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # legacy IPTC without a character set


def _read_iptc(im: Image.Image, meta: PhotoMeta) -> None:
    try:
        info = IptcImagePlugin.getiptcinfo(im)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - a malformed block is a problem, not a crash
        meta.problems.append(f"IPTC block is damaged ({exc.__class__.__name__})")
        return
    if not info:
        return
    charset = info.get((1, 90))
    utf8 = isinstance(charset, bytes) and charset.startswith(b"\x1b%G")

    def texts(key, what):
        v = info.get(key)
        if v is None:
            return []
        items = v if isinstance(v, list) else [v]
        return [_iptc_text(x, utf8, meta.problems, what) for x in items if isinstance(x, bytes)]

    meta.keywords += texts((2, 25), "keywords")
    title = texts((2, 5), "title")
    caption = texts((2, 120), "caption")
    meta.title = meta.title or (title[0].strip() if title else None) or None
    meta.description = meta.description or (caption[0].strip() if caption else None) or None
    date = texts((2, 55), "date")
    if date and meta.date is None:
        t = texts((2, 60), "time")
        stamp = date[0].strip()[:8] + (t[0].strip()[:6] if t else "")
        for text, fmt in ((stamp, "%Y%m%d%H%M%S"), (stamp[:8], "%Y%m%d")):
            try:
                meta.date = datetime.strptime(text, fmt).timestamp()
                break
            except ValueError:
                continue


def _xp(value) -> str | None:
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-16-le").rstrip("\x00").strip() or None
        except UnicodeDecodeError:
            return None
    if isinstance(value, tuple):  # some Pillow versions give a tuple of byte values
        return _xp(bytes(value))
    return value.strip() if isinstance(value, str) and value.strip() else None


def _user_comment(value, problems: list[str]) -> str | None:
    if isinstance(value, str):
        return value.strip("\x00 ") or None
    if not isinstance(value, (bytes, bytearray)) or len(value) < 8:
        return None
    code, body = bytes(value[:8]), bytes(value[8:])
    try:
        if code.startswith(b"ASCII"):
            text = body.decode("ascii")
        elif code.startswith(b"UNICODE"):
            bom_be = body[:2] == b"\xfe\xff" or (len(body) > 1 and body[0] == 0 and body[1] != 0)
            text = body.decode("utf-16-be" if bom_be else "utf-16-le")
        elif code.startswith(b"JIS"):
            text = body.decode("shift_jis")
        else:  # undefined: most writers put UTF-8 or Latin-1 there
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                text = body.decode("latin-1")
    except UnicodeDecodeError:
        problems.append("EXIF UserComment is not in the character set it declares")
        return None
    text = text.strip("\x00 \t\r\n")
    return text or None


def _gps(gps: dict) -> tuple[float, float] | None:
    def deg(v, ref) -> float | None:
        try:
            d, m, s = (float(x) for x in v)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        x = d + m / 60 + s / 3600
        return -x if str(ref).upper().startswith(("S", "W")) else x

    lat, lon = deg(gps.get(2), gps.get(1, "N")), deg(gps.get(4), gps.get(3, "E"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:
        return None
    return lat, lon


def _read_exif(im: Image.Image, meta: PhotoMeta, exif: Image.Exif | None = None) -> None:
    try:
        exif = exif if exif is not None else png.exif_of(im)  # a PNG's: no pixels decoded
    except Exception as exc:  # noqa: BLE001
        meta.problems.append(f"EXIF block is damaged ({exc.__class__.__name__})")
        return
    if not exif:
        return
    make = str(exif.get(_MAKE) or "").strip("\x00 ")
    model = str(exif.get(_MODEL) or "").strip("\x00 ")
    if model and make and not model.lower().startswith(make.split()[0].lower()):
        meta.camera = f"{make} {model}"
    else:
        meta.camera = model or make or None
    desc = exif.get(_DESCRIPTION)
    if isinstance(desc, bytes):
        desc = desc.decode("utf-8", errors="replace")
    if isinstance(desc, str) and desc.strip("\x00 ").lower() not in _CAMERA_JUNK:
        meta.description = meta.description or desc.strip("\x00 ")
    rating = exif.get(_RATING)
    if isinstance(rating, int) and meta.rating is None:
        meta.rating = max(-1, min(5, rating))
    meta.title = meta.title or _xp(exif.get(_XP_TITLE)) or _xp(exif.get(_XP_SUBJECT))
    kw = _xp(exif.get(_XP_KEYWORDS))
    if kw:
        meta.keywords += [k for k in (x.strip() for x in kw.split(";")) if k]
    try:
        sub = exif.get_ifd(_EXIF_IFD)
    except Exception:  # noqa: BLE001
        sub = {}
    comment = _user_comment(sub.get(_USER_COMMENT), meta.problems)
    if comment and comment.lower() not in _CAMERA_JUNK:
        meta.description = meta.description or comment
    meta.description = meta.description or _xp(exif.get(_XP_COMMENT))
    if meta.date is None:
        meta.date = xmp.parse_date(str(sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME) or ""))
    try:
        gps = exif.get_ifd(_GPS_IFD)
    except Exception:  # noqa: BLE001
        gps = {}
    pos = _gps(gps) if gps else None
    if pos:
        meta.lat, meta.lon = pos


def _embedded_xmp(im: Image.Image) -> bytes | str | None:
    for key in ("xmp", "XML:com.adobe.xmp"):
        v = im.info.get(key)
        if v:
            return v
    for marker, payload in getattr(im, "applist", []):  # older Pillow: not in info yet
        if marker == "APP1" and payload.startswith(_XMP_APP1):
            return payload[len(_XMP_APP1):]
    tag = getattr(im, "tag_v2", None)
    if tag is not None:
        v = tag.get(700)
        if v:
            return v
    return None


def read_metadata(path: str, sidecars: list[str] | None = None) -> PhotoMeta:
    """Everything :mod:`photorec.core.ingest.metadata` reads from one photo and its sidecars.

    Never raises for bad metadata: what could not be read is in ``problems``."""
    meta = PhotoMeta()
    embedded = xmp.XmpData()
    try:
        with Image.open(path) as im:
            try:  # first: a PNG's late chunks (XMP too) land in im.info, no pixels decoded
                exif = png.exif_of(im)
            except Exception as exc:  # noqa: BLE001
                exif = None
                meta.problems.append(f"EXIF block is damaged ({exc.__class__.__name__})")
            raw = _embedded_xmp(im)
            if raw:
                try:
                    embedded = xmp.read_packet(raw)
                except xmp.XmpError as exc:
                    meta.problems.append(f"embedded {exc}")
            _read_iptc(im, meta)
            if exif is not None:
                _read_exif(im, meta, exif)
    except OSError as exc:
        meta.problems.append(f"cannot read the metadata: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - bad metadata never stops a scan
        log.debug("metadata of %s", path, exc_info=True)
        meta.problems.append(f"cannot read the metadata ({exc.__class__.__name__}: {exc})")
    for sc in sidecars if sidecars is not None else sidecars_of(path):
        try:
            embedded.merge(xmp.read_sidecar(sc))
            meta.sidecars.append(sc)
        except xmp.XmpError as exc:
            meta.problems.append(f"sidecar {exc}; its tags were not read")
        except OSError as exc:
            meta.problems.append(f"sidecar {os.path.basename(sc)}: cannot read it ({exc.strerror or exc})")
    # XMP (sidecars first) wins over IPTC and EXIF, which only fill what it leaves empty.
    meta.keywords = xmp._unique(embedded.subject + meta.keywords)
    meta.hierarchical = embedded.hierarchical
    meta.title = embedded.title or meta.title
    meta.description = embedded.description or meta.description
    meta.rating = embedded.rating if embedded.rating is not None else meta.rating
    meta.date = embedded.date if embedded.date is not None else meta.date
    return meta


# -- the pass over a library -------------------------------------------------------------------


@dataclass
class MetaReport:
    read: int = 0  # photos whose metadata was (re-)read
    unchanged: int = 0
    with_keywords: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, problem)


def _signature(files: list[str]) -> str:
    parts = []
    for f in files:
        try:
            parts.append(f"{os.path.basename(f)}:{os.stat(f).st_mtime_ns}")
        except OSError:
            continue
    return ";".join(parts)


def _save(lib, rows) -> None:
    """What was read, and the keywords as the photos' tags "from the file", in one transaction."""
    from photorec.core.organize import tags as tagmod

    tagmod.ensure_schema(lib.catalog)
    items = [(p.ckey, meta.tags) for p, _, meta in rows if p.ckey]
    with lib.catalog.write() as con:
        store.save(lib.catalog, rows, con)
        tagmod.set_file_tags_many(lib, items, paths={p.ckey: p.path for p, _, _ in rows if p.ckey},
                                  con=con)


def hold_done(progress: Callable | None) -> tuple[Callable | None, Callable[[], None]]:
    """(a progress callback that keeps the indexer's "done" back, a function that sends it):
    the metadata pass runs between the two, so "done" means done."""
    held: list = []
    if progress is None:
        return None, lambda: None

    def relay(p) -> None:
        if p.phase == "done":
            held.append(p)
        else:
            progress(p)

    def done() -> None:
        if held:
            progress(held[-1])

    return relay, done


def update_library(lib, *, report=None, cancel: threading.Event | None = None,
                   progress: Callable | None = None, batch: int = 64) -> MetaReport:
    """Read the metadata of every library photo whose file or sidecars changed since the last
    pass. Adds metadata problems to ``report.errors`` (an indexing ScanReport) when given;
    ``progress`` gets ``Progress("metadata", done, total, rate, eta, current)`` while it reads.
    Photos in offline folders keep what was read before."""
    out = MetaReport()
    cat = lib.catalog
    if lib.readonly or not store.ensure_schema(cat):
        return out
    known = store.states(cat)
    by_dir: dict[str, list] = {}
    for p in lib.photos():
        if p.online:
            by_dir.setdefault(os.path.dirname(p.path), []).append(p)
    todo = []
    for folder, photos in by_dir.items():
        if not os.path.isdir(folder):
            continue
        names = xmp_names(folder)
        for p in photos:
            scs = sidecars_of(p.path, names)
            sig = _signature(scs)
            if known.get(p.path) == (p.mtime_ns, sig):
                out.unchanged += 1
                continue
            todo.append((p, scs, sig))
    t0 = last = time.monotonic()
    for i in range(0, len(todo), batch):
        if cancel is not None and cancel.is_set():
            break
        now = time.monotonic()
        if progress is not None and (i == 0 or now - last >= 0.1):
            last = now
            rate = i / (now - t0) if i and now > t0 else 0.0
            eta = (len(todo) - i) / rate if rate else None
            progress(_progress("metadata", i, len(todo), rate, eta, todo[i][0].path))
        rows = []
        for p, scs, sig in todo[i:i + batch]:
            meta = read_metadata(p.path, scs)
            rows.append((p, sig, meta))
            out.read += 1
            if meta.tags:
                out.with_keywords += 1
            if meta.problems:
                out.problems.append((p.path, meta.problem or ""))
                if report is not None:
                    report.errors.append((p.path, f"metadata: {meta.problem} (the photo is indexed)"))
        _save(lib, rows)
    if cancel is None or not cancel.is_set():
        _recognise(lib)
    store.prune(cat)
    if out.read:
        log.info("metadata: %d read (%d with keywords), %d unchanged, %d problem(s)",
                 out.read, out.with_keywords, out.unchanged, len(out.problems))
    return out


def _recognise(lib) -> None:
    """Work out (once per content) what the model recognises in the photos, for search."""
    from photorec.core.search import engine as search

    try:
        search.object_classes(lib, [p.ckey for p in lib.photos() if p.ckey])
    except Exception as exc:  # noqa: BLE001 - search by objects is extra; indexing is done
        log.warning("cannot work out the objects in the photos: %s", exc)


def _progress(*args):
    from photorec.core.library import Progress

    return Progress(*args)


def of_photo(lib, path: str) -> PhotoMeta | None:
    """What was read for one library photo (None when it was not read yet)."""
    if not store.ensure_schema(lib.catalog):
        return None
    return store.get(lib.catalog, os.path.abspath(path))


def problems(lib) -> list[tuple[str, str]]:
    """(path, problem) of every photo whose metadata could not be read fully."""
    if not store.ensure_schema(lib.catalog):
        return []
    return store.problems(lib.catalog)


def write_sidecars(lib, paths: list[str] | None = None) -> list[str]:
    """Opt-in: write each photo's tags (those of photorec, from the tags module) into its
    ``photo.jpg.xmp`` sidecar. The photos themselves are never written. Returns the sidecars."""
    from photorec.core.organize import tags as tagmod

    by_ckey = tagmod.tags_by_ckey(lib)
    photos = lib.photos() if paths is None else [
        p for p in (lib.photo(x) for x in paths) if p is not None]
    written = []
    for p in photos:
        tags = by_ckey.get(p.ckey or "", [])
        if not tags and not os.path.exists(xmp.sidecar_for_writing(p.path)):
            continue
        written.append(xmp.write_tags(p.path, tags))
    return written
