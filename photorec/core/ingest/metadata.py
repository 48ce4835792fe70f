"""The metadata people already wrote into their photos, read (never written) after indexing.

For each indexed photo: IPTC keywords (2:25), title (2:05) and caption (2:120); embedded XMP
(keywords from every source digiKam reads, see :mod:`.xmp`; ``dc:title`` and
``dc:description`` in every language, ``xmp:Rating``, dates, GPS); XMP sidecars in both
namings (``photo.jpg.xmp`` from digiKam/darktable, ``photo.xmp`` from Lightroom); EXIF
ImageDescription, Artist, UserComment and the Windows XP tags; the camera, the rating, the
date and the GPS position.

Which wins (as digiKam, darktable and Immich read them): a sidecar wins over what is embedded,
field by field, keywords included (a sidecar that has any keyword property, or darktable's,
replaces every embedded keyword); within the file, XMP wins over IPTC, IPTC over EXIF.
Keywords: the first hierarchical source that has any, plus the flat keywords (``dc:subject``,
else IPTC, else ``XPKeywords``) that are not a part of one. Dates follow the MWG: EXIF
DateTimeOriginal, then XMP ``photoshop:DateCreated``, then IPTC DateCreated (a sidecar's date
first).

The pass (:func:`update_library`) runs after the pixel pipeline, once per indexing run, and
re-reads a photo only when the file or one of its sidecars changed (their mtimes are stored
with what was read, in :mod:`photorec.core.store.metadata`). Bad metadata (broken XML, a
refused DTD, a sidecar that is not a regular file or too large, text in a wrong encoding) is
recorded as the photo's metadata problem and the photo stays indexed. Keywords become the tags
"from the file" of that file (:func:`photorec.core.organize.tags.set_file_tags_many`, keyed by
path). Writing sidecars is :mod:`.sidecars`.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PIL import Image

from photorec.core.ingest import embedded as emb
from photorec.core.ingest import png, xmp
from photorec.core.store import metadata as store

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)


@dataclass
class PhotoMeta:
    keywords: list[str] = field(default_factory=list)  # flat keywords (dc:subject, IPTC, XP)
    hierarchical: list[str] = field(default_factory=list)  # whole paths, "A|B|C"
    title: str | None = None  # x-default (or the only language)
    description: str | None = None
    rating: int | None = None
    date: float | None = None  # when taken, POSIX timestamp (local wall-clock time)
    camera: str | None = None
    lat: float | None = None
    lon: float | None = None
    sidecars: list[str] = field(default_factory=list)  # the sidecar files that were read
    problems: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # xml:lang -> text, every language
    descriptions: dict[str, str] = field(default_factory=dict)
    artist: str | None = None

    @property
    def tags(self) -> list[str]:
        """The photo's tags from the file: every hierarchical path whole, and the flat
        keywords that are not already a part of one of them."""
        return file_tags(self.keywords, self.hierarchical)

    @property
    def problem(self) -> str | None:
        return "; ".join(self.problems) or None

    def title_in(self, lang: str | None) -> str | None:
        return xmp.pick_lang(self.titles, lang) or self.title

    def description_in(self, lang: str | None) -> str | None:
        return xmp.pick_lang(self.descriptions, lang) or self.description


def file_tags(keywords: list[str], hierarchical: list[str]) -> list[str]:
    parts = {p.lower() for h in hierarchical for p in h.split("|")}
    return xmp._unique(hierarchical + [k for k in keywords if k.lower() not in parts])


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


def read_embedded(path: str, problems: list[str]) -> tuple[xmp.XmpData | None, emb.Embedded,
                                                            bytes | None]:
    """(embedded XMP, IPTC/EXIF, the raw XMP packet) of a photo file."""
    packet = None
    data = None
    out = emb.Embedded()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # after links; a FIFO would block
            problems.append("the photo is not a regular file; its metadata was not read")
            return None, out, None
        with Image.open(path) as im:
            try:  # first: a PNG's late chunks (XMP too) land in im.info, no pixels decoded
                exif = png.exif_of(im)
            except Exception as exc:  # noqa: BLE001
                exif = None
                out.problems.append(f"EXIF block is damaged ({exc.__class__.__name__})")
            raw = emb.embedded_xmp(im)
            if raw:
                packet = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
                try:
                    data = xmp.read_packet(packet)
                except xmp.XmpError as exc:
                    problems.append(f"embedded {exc}")
                    packet = None
            emb.read_iptc(im, out)
            if exif is not None:
                emb.read_exif(im, out, exif)
    except OSError as exc:
        problems.append(f"cannot read the metadata: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - bad metadata never stops a scan
        log.debug("metadata of %s", path, exc_info=True)
        problems.append(f"cannot read the metadata ({exc.__class__.__name__}: {exc})")
    problems.extend(out.problems)
    return data, out, packet


def _first(*values: Any) -> Any:
    for v in values:
        if v is not None and v != "" and v != [] and v != {}:
            return v
    return None


def read_metadata(path: str, sidecars: list[str] | None = None) -> PhotoMeta:
    """Everything :mod:`photorec.core.ingest.metadata` reads from one photo and its sidecars.

    Never raises for bad metadata: what could not be read is in ``problems``."""
    meta = PhotoMeta()
    inner, e, _ = read_embedded(path, meta.problems)
    layers: list[xmp.XmpData] = []
    for sc in sidecars if sidecars is not None else sidecars_of(path):
        try:
            layers.append(xmp.read_sidecar(sc))
            meta.sidecars.append(sc)
        except xmp.XmpError as exc:
            meta.problems.append(f"sidecar {exc}; its tags were not read")
        except OSError as exc:
            meta.problems.append(f"sidecar {os.path.basename(sc)}: cannot read it ({exc.strerror or exc})")
        except RecursionError:
            meta.problems.append(f"sidecar {os.path.basename(sc)}: nested too deeply; not read")
    sides = list(layers)
    if inner is not None:
        layers.append(inner)
    # Keywords: the first XMP layer that has any keyword property wins, whole.
    kw_layer = next((x for x in layers if x.has_keywords), None)
    if kw_layer is not None:
        meta.hierarchical = list(kw_layer.hierarchical)
        meta.keywords = list(kw_layer.subject)
    else:
        meta.keywords = xmp._unique(e.iptc_keywords or e.xp_keywords)
    meta.titles = dict(_first(*(x.titles for x in layers)) or {})
    plain_title = e.iptc_title or e.xp_title
    if not meta.titles and plain_title:
        meta.titles = {"x-default": plain_title}
    meta.descriptions = dict(_first(*(x.descriptions for x in layers)) or {})
    if not meta.descriptions:
        d = _first(e.iptc_caption, e.exif_description, e.user_comment, e.xp_comment)
        meta.descriptions = {"x-default": d} if d else {}
    meta.title = xmp.pick_lang(meta.titles)
    meta.description = xmp.pick_lang(meta.descriptions)
    meta.rating = _first(*(x.rating for x in layers), e.rating)
    inner_original = inner.date if inner is not None and inner.date_kind == "DateTimeOriginal" else None
    inner_created = inner.date if inner is not None and inner.date_kind == "DateCreated" else None
    inner_other = inner.date if inner is not None else None
    meta.date = _first(*(x.date for x in sides), e.date_original, inner_original, inner_created,
                       e.iptc_date, inner_other, e.date_modified)
    pos = next(((x.lat, x.lon) for x in sides if x.lat is not None), None)
    if pos is None and e.lat is not None:
        pos = (e.lat, e.lon)
    if pos is None and inner is not None and inner.lat is not None:
        pos = (inner.lat, inner.lon)
    if pos is not None:
        meta.lat, meta.lon = pos
    meta.camera = e.camera
    meta.artist = e.artist
    return meta


# -- what was read, from the catalog (the pass itself: photorec.core.metadata_pass) ------------


def of_photo(lib: Library, path: str) -> PhotoMeta | None:
    """What was read for one library photo (None when it was not read yet)."""
    if not store.ensure_schema(lib.catalog):
        return None
    return store.get(lib.catalog, os.path.abspath(path), PhotoMeta)


def problems(lib: Library) -> list[tuple[str, str]]:
    """(path, problem) of every photo whose metadata could not be read fully."""
    if not store.ensure_schema(lib.catalog):
        return []
    return store.problems(lib.catalog)
