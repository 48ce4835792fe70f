"""XMP: read the keywords, titles, descriptions, ratings, dates and positions people wrote, as
digiKam, darktable, Lightroom and Windows mean them. Writing sidecars is in :mod:`.xmp_write`.

Parsing goes through ``defusedxml`` only: a packet with a DTD, entity declarations or external
references is refused (:class:`XmpError`), never expanded; so is one nested deeper than
:data:`MAX_DEPTH` or larger than :data:`MAX_PACKET`. Reading understands both RDF forms,
properties as attributes of ``rdf:Description`` and as child elements (bags, sequences,
language alternatives). A sidecar file is read only when it is a regular file (after its links
are resolved) of at most :data:`MAX_PACKET` bytes, with a bounded read that never blocks.

Keyword sources, in digiKam's order of preference (the first one that has any wins):
``digiKam:TagsList`` (``A/B/C``, ``\\/`` is a slash inside a part), Microsoft's
``LastKeywordXMP`` (``A/B/C``), ``lr:hierarchicalSubject`` (``A|B|C``),
``mediapro:CatalogSets`` (``A|B|C``), ``acdsee:categories`` (an XML tree); then the flat ones:
``dc:subject``, IPTC Keywords, EXIF ``XPKeywords`` (those are read in :mod:`.metadata`).
darktable's own ``darktable|…`` tags are not user keywords and are left out.
"""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lr": "http://ns.adobe.com/lightroom/1.0/",
    "digiKam": "http://www.digikam.org/ns/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "MicrosoftPhoto": "http://ns.microsoft.com/photo/1.0/",
    "mediapro": "http://ns.iview-multimedia.com/mediapro/1.0/",
    "acdsee": "http://ns.acdsee.com/iptc/1.0/",
    "darktable": "http://darktable.sf.net/",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
MS_NO_SLASH = "http://ns.microsoft.com/photo/1.0"  # as exiftool writes it
for _prefix, _uri in NS.items():
    if _prefix != "xml":
        ET.register_namespace(_prefix, _uri)

MAX_PACKET = 4 * 1024 * 1024  # a sidecar or embedded packet bigger than this is not read
MAX_DEPTH = 64  # real XMP is a dozen levels deep


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


RDF_DESC = _q("rdf", "Description")
RDF_LI = _q("rdf", "li")
RDF_ABOUT = _q("rdf", "about")
CONTAINERS = {_q("rdf", "Bag"), _q("rdf", "Seq"), _q("rdf", "Alt")}
XML_LANG = _q("xml", "lang")

# The hierarchical keyword properties, best first, with the separator of their parts.
HIER_SOURCES = [
    (_q("digiKam", "TagsList"), "/"),
    (_q("MicrosoftPhoto", "LastKeywordXMP"), "/"),
    (f"{{{MS_NO_SLASH}}}LastKeywordXMP", "/"),
    (_q("lr", "hierarchicalSubject"), "|"),
    (_q("mediapro", "CatalogSets"), "|"),
]
ACDSEE = _q("acdsee", "categories")
SUBJECT = _q("dc", "subject")
KEYWORD_PROPS = {p for p, _ in HIER_SOURCES} | {ACDSEE, SUBJECT}


class XmpError(Exception):
    """An XMP packet or sidecar that cannot be read (or written). ``code`` names why:
    ``sidecar_not_regular``, ``sidecar_too_large``, ``xmp_too_deep``, ``xmp_refused``,
    ``xmp_invalid``, ``xmp_undecodable``, ``xmp_no_rdf``; the message says it in words."""

    def __init__(self, message: str, code: str = "xmp_invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class XmpData:
    subject: list[str] = field(default_factory=list)  # dc:subject, flat keywords
    hierarchical: list[str] = field(default_factory=list)  # "Places|Portugal|Douro"
    has_keywords: bool = False  # a keyword property is there (maybe empty), or darktable's
    titles: dict[str, str] = field(default_factory=dict)  # xml:lang -> text
    descriptions: dict[str, str] = field(default_factory=dict)
    rating: int | None = None
    date: float | None = None  # POSIX timestamp, wall-clock time
    date_kind: str | None = None  # the property it came from: DateTimeOriginal, DateCreated...
    lat: float | None = None
    lon: float | None = None

    @property
    def title(self) -> str | None:
        return pick_lang(self.titles)

    @property
    def description(self) -> str | None:
        return pick_lang(self.descriptions)


def pick_lang(alts: dict[str, str], lang: str | None = None) -> str | None:
    """The text for ``lang`` (``pt-BR``, ``pt_BR`` or ``pt``), else ``x-default``, else the first."""
    if not alts:
        return None
    if lang:
        want = lang.replace("_", "-").lower()
        by = {k.lower(): v for k, v in alts.items()}
        for key in (want, want.split("-")[0]):
            if key in by:
                return by[key]
        for k, v in by.items():
            if k.split("-")[0] == want.split("-")[0]:
                return v
    return alts.get("x-default") or next(iter(alts.values()))


def _unique(items: Iterable[object]) -> list[str]:
    seen: set[str] = set()
    out = []
    for it in items:
        it = " ".join(str(it).split())
        if it and it.lower() not in seen:
            seen.add(it.lower())
            out.append(it)
    return out


def parse_tree(data: bytes | str, *, comments: bool = False) -> ET.Element:
    """Parse a packet safely (no DTD or entities, bounded size and depth). Raises XmpError."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data.strip(b"\x00 \t\r\n")
    if len(data) > MAX_PACKET:
        raise XmpError(f"XMP packet too large ({len(data) // 1024} KB)", "sidecar_too_large")
    parser = SafeET.DefusedXMLParser(target=_Builder(comments), forbid_dtd=True)
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
        return root
    except _TooDeep:
        raise XmpError(f"XMP is nested more than {MAX_DEPTH} levels deep", "xmp_too_deep") from None
    except DefusedXmlException as exc:
        raise XmpError(f"XMP refused: it declares a DTD or entities ({exc.__class__.__name__})",
                       "xmp_refused") from None
    except ET.ParseError as exc:
        raise XmpError(f"XMP is not valid XML ({exc})", "xmp_invalid") from None
    except (ValueError, UnicodeError) as exc:
        raise XmpError(f"XMP cannot be decoded ({exc})", "xmp_undecodable") from None


class _TooDeep(Exception):
    pass


class _Builder(ET.TreeBuilder):
    """A tree builder that refuses a tree deeper than MAX_DEPTH while it is parsed."""

    def __init__(self, comments: bool) -> None:
        super().__init__(insert_comments=comments)
        self._depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep()
        return super().start(tag, attrs)

    def end(self, tag: str) -> ET.Element:
        self._depth -= 1
        return super().end(tag)


def _values(el: ET.Element) -> list[tuple[str, str | None]]:
    """(text, xml:lang) of a property element: its container's items, or its own text."""
    out = []
    for child in el:
        if child.tag in CONTAINERS:
            for li in child.iter(RDF_LI):
                if li.text and li.text.strip():
                    out.append((li.text.strip(), li.get(XML_LANG)))
    if not out and el.text and el.text.strip():
        out.append((el.text.strip(), el.get(XML_LANG)))
    return out


def parse_date(text: str | None) -> float | None:
    """An XMP / ISO 8601 date (``2019``, ``2019-06``, ``2019-06-14T10:20:30+01:00``) or an EXIF
    one (``2019:06:14 10:20:30``) as a POSIX timestamp of its wall-clock time; None if it is
    not a date."""
    if not text:
        return None
    t = text.strip().replace("Z", "+00:00")
    if len(t) >= 10 and t[4] == ":" and t[7] == ":":  # EXIF style date
        t = t[:4] + "-" + t[5:7] + "-" + t[8:10] + t[10:].replace(" ", "T", 1)
    for fmt_len, fmt in ((4, "%Y"), (7, "%Y-%m")):
        if len(t) == fmt_len:
            try:
                return datetime.strptime(t, fmt).timestamp()
            except ValueError:
                return None
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        return None
    if dt.tzinfo is not None:  # keep the wall-clock time the photo was taken at
        dt = dt.replace(tzinfo=None)
    try:
        return dt.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def ms_rating(percent: int) -> int:
    """Windows' 0-99 rating as stars, the way Windows and digiKam map it (25 -> 2, 50 -> 3)."""
    if percent <= 0:
        return 0
    for stars, upto in ((1, 12), (2, 37), (3, 62), (4, 87)):
        if percent <= upto:
            return stars
    return 5


def gps_coordinate(text: str | None) -> float | None:
    """An XMP GPSCoordinate (``41,11.4N``, ``41,11,24N``, ``7.55W``) as signed degrees."""
    if not text:
        return None
    t = text.strip().upper()
    m = re.fullmatch(r"(-?[\d.]+)(?:,([\d.]+))?(?:,([\d.]+))?\s*([NSEW])?", t)
    if not m:
        return None
    try:
        x = float(m.group(1)) + float(m.group(2) or 0) / 60 + float(m.group(3) or 0) / 3600
    except ValueError:
        return None
    return -x if m.group(4) in ("S", "W") else x


def split_tagslist(item: str) -> list[str]:
    """A digiKam TagsList path as its parts: ``/`` separates, ``\\/`` is a slash in a part."""
    return [p.replace("\x00", "/") for p in item.replace("\\/", "\x00").split("/")]


def _acdsee(text: str) -> list[str]:
    """ACDSee's categories (an XML string of nested <Category Assigned="1">) as paths."""
    try:
        root = parse_tree(text)
    except XmpError:
        return []
    out: list[str] = []

    def walk(el: ET.Element, parents: list[str]) -> None:
        for c in el:
            if c.tag != "Category":
                continue
            name = (c.text or "").strip()
            path = parents + [name] if name else parents
            if c.get("Assigned") == "1" and path and not any(
                    x.tag == "Category" and x.get("Assigned") == "1" for x in c):
                out.append("|".join(path))
            walk(c, path)

    walk(root, [])
    return out


def _clean_path(parts: list[str]) -> str:
    return "|".join(p.strip() for p in parts if p.strip())


def _not_darktable(items: list[str]) -> list[str]:
    return [h for h in items if h.split("|")[0].strip().lower() != "darktable"]


def read_packet(data: bytes | str) -> XmpData:
    """What an XMP packet (embedded or a sidecar's content) says. Raises XmpError."""
    return read_tree(parse_tree(data))


def read_tree(root: ET.Element) -> XmpData:
    out = XmpData()
    props: dict[str, list[tuple[str, str | None]]] = {}
    descs = list(root.iter(RDF_DESC))
    if root.tag == RDF_DESC:
        descs.insert(0, root)
    for desc in descs:
        for name, value in desc.attrib.items():
            props.setdefault(name, [])
            if value.strip():
                props[name].append((value.strip(), None))
        for child in desc:
            if isinstance(child.tag, str):
                props.setdefault(child.tag, []).extend(_values(child))
    out.has_keywords = any(p in props for p in KEYWORD_PROPS) or any(
        k.startswith("{" + NS["darktable"]) for k in props)
    hier: list[str] = []
    for prop, sep in HIER_SOURCES:
        vals = [v for v, _ in props.get(prop, [])]
        if sep == "/" and prop == HIER_SOURCES[0][0]:
            hier = [_clean_path(split_tagslist(v)) for v in vals]
        else:
            hier = [_clean_path(v.split(sep)) for v in vals]
        hier = _not_darktable(_unique(hier))
        if hier:
            break
    if not hier:
        hier = _not_darktable(_unique(p for v, _ in props.get(ACDSEE, []) for p in _acdsee(v)))
    out.hierarchical = hier
    out.subject = [s for s in _unique(v for v, _ in props.get(SUBJECT, []))
                   if not s.lower().startswith("darktable|")]
    for key, into in ((_q("dc", "title"), out.titles), (_q("dc", "description"), out.descriptions)):
        for text, lang in props.get(key, []):
            into.setdefault(lang or "x-default", text)
    ms = [_q("MicrosoftPhoto", "Rating"), f"{{{MS_NO_SLASH}}}Rating"]
    for key in [_q("xmp", "Rating")] + ms:
        rated = props.get(key)
        if rated:
            try:
                r = int(float(rated[0][0]))
            except ValueError:
                continue
            out.rating = ms_rating(r) if key in ms else max(-1, min(5, r))
            break
    for key in (_q("exif", "DateTimeOriginal"), _q("photoshop", "DateCreated"), _q("xmp", "CreateDate")):
        dated = props.get(key)
        if dated:
            out.date = parse_date(dated[0][0])
            if out.date is not None:
                out.date_kind = key.rsplit("}", 1)[1]
                break
    lat = gps_coordinate((props.get(_q("exif", "GPSLatitude")) or [("", None)])[0][0])
    lon = gps_coordinate((props.get(_q("exif", "GPSLongitude")) or [("", None)])[0][0])
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180 \
            and (lat, lon) != (0, 0):
        out.lat, out.lon = lat, lon
    return out


def read_file_bounded(path: str | os.PathLike[str], limit: int = MAX_PACKET) -> bytes:
    """The bytes of a sidecar, read only if it is a regular file (after resolving links) of at
    most ``limit`` bytes; never blocks (a FIFO is refused). Raises XmpError or OSError."""
    name = os.path.basename(path)
    real = os.path.realpath(path)
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise XmpError(f"{name}: not a regular file", "sidecar_not_regular")
    if st.st_size > limit:
        raise XmpError(f"{name}: XMP sidecar too large ({st.st_size // 1024} KB)",
                       "sidecar_too_large")
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else meanwhile
            raise XmpError(f"{name}: not a regular file", "sidecar_not_regular")
        chunks, left = [], limit + 1
        while left > 0:
            b = os.read(fd, min(left, 1 << 20))
            if not b:
                break
            chunks.append(b)
            left -= len(b)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise XmpError(f"{name}: XMP sidecar too large", "sidecar_too_large")
    return data


def read_sidecar(path: str | os.PathLike[str]) -> XmpData:
    """Read an XMP sidecar file. Raises XmpError (with the file's name) or OSError."""
    data = read_file_bounded(path)
    try:
        return read_packet(data)
    except XmpError as exc:
        raise XmpError(f"{os.path.basename(path)}: {exc}", exc.code) from None
