"""XMP: read the keywords, titles, descriptions, ratings and dates people wrote, and write
tags into XMP sidecars the way digiKam and darktable read them.

Parsing goes through ``defusedxml`` only: a packet with a DTD, entity declarations or external
references is refused (:class:`XmpError`), never expanded. Reading understands both RDF
forms, properties as attributes of ``rdf:Description`` and as child elements (bags, sequences,
language alternatives).

Writing is opt-in and only ever into the sidecar ``photo.jpg.xmp`` beside the photo (the name
digiKam and darktable use), never into the photo: ``dc:subject`` (a bag of flat keywords),
``lr:hierarchicalSubject`` (a bag of ``A|B|C`` paths) and ``digiKam:TagsList`` (a sequence of
``A/B/C`` paths). An existing sidecar keeps everything else it holds.
"""

from __future__ import annotations

import io
import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

log = logging.getLogger(__name__)

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
    "xml": "http://www.w3.org/XML/1998/namespace",
}
for _prefix, _uri in NS.items():
    if _prefix != "xml":
        ET.register_namespace(_prefix, _uri)

MAX_PACKET = 8 * 1024 * 1024  # a sidecar bigger than this is not read


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


RDF_DESC = _q("rdf", "Description")
RDF_LI = _q("rdf", "li")
RDF_ABOUT = _q("rdf", "about")
CONTAINERS = {_q("rdf", "Bag"), _q("rdf", "Seq"), _q("rdf", "Alt")}
XML_LANG = _q("xml", "lang")


class XmpError(Exception):
    """An XMP packet that cannot be read (or written); the message says why, in words."""


@dataclass
class XmpData:
    subject: list[str] = field(default_factory=list)  # dc:subject, flat keywords
    hierarchical: list[str] = field(default_factory=list)  # "Places|Portugal|Douro"
    title: str | None = None
    description: str | None = None
    rating: int | None = None
    date: float | None = None  # POSIX timestamp

    def merge(self, other: XmpData) -> None:
        """Take ``other``'s values over this one's (a sidecar over the embedded packet)."""
        self.subject = _unique(self.subject + other.subject)
        self.hierarchical = _unique(self.hierarchical + other.hierarchical)
        self.title = other.title or self.title
        self.description = other.description or self.description
        self.rating = other.rating if other.rating is not None else self.rating
        self.date = other.date if other.date is not None else self.date


def _unique(items: Iterable[object]) -> list[str]:
    seen: set[str] = set()
    out = []
    for it in items:
        it = " ".join(str(it).split())
        if it and it.lower() not in seen:
            seen.add(it.lower())
            out.append(it)
    return out


def _parse(data: bytes | str) -> ET.Element:
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data.strip(b"\x00 \t\r\n")
    if len(data) > MAX_PACKET:
        raise XmpError(f"XMP packet too large ({len(data) // 1024} KB)")
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
        return root
    except DefusedXmlException as exc:
        raise XmpError(f"XMP refused: it declares a DTD or entities ({exc.__class__.__name__})") from None
    except ET.ParseError as exc:
        raise XmpError(f"XMP is not valid XML ({exc})") from None
    except (ValueError, UnicodeError) as exc:
        raise XmpError(f"XMP cannot be decoded ({exc})") from None


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


def _lang_alt(values: list[tuple[str, str | None]]) -> str | None:
    if not values:
        return None
    for text, lang in values:
        if lang == "x-default":
            return text
    return values[0][0]


def parse_date(text: str | None) -> float | None:
    """An XMP / ISO 8601 date (``2019``, ``2019-06``, ``2019-06-14T10:20:30+01:00``) or an EXIF
    one (``2019:06:14 10:20:30``) as a POSIX timestamp; None if it is not a date."""
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


def read_packet(data: bytes | str) -> XmpData:
    """What an XMP packet (embedded or a sidecar's content) says. Raises XmpError."""
    root = _parse(data)
    out = XmpData()
    props: dict[str, list[tuple[str, str | None]]] = {}
    descs = list(root.iter(RDF_DESC))
    if root.tag == RDF_DESC:
        descs.insert(0, root)
    for desc in descs:
        for name, value in desc.attrib.items():
            if value.strip():
                props.setdefault(name, []).append((value.strip(), None))
        for child in desc:
            props.setdefault(child.tag, []).extend(_values(child))
    out.subject = _unique(v for v, _ in props.get(_q("dc", "subject"), []))
    hier = [v for v, _ in props.get(_q("lr", "hierarchicalSubject"), [])]
    hier += [v.replace("/", "|") for v, _ in props.get(_q("digiKam", "TagsList"), [])]
    out.hierarchical = _unique("|".join(p.strip() for p in h.split("|") if p.strip()) for h in hier)
    out.title = _lang_alt(props.get(_q("dc", "title"), []))
    out.description = _lang_alt(props.get(_q("dc", "description"), []))
    for key in (_q("xmp", "Rating"), _q("MicrosoftPhoto", "Rating")):
        vals = props.get(key)
        if vals:
            try:
                r = int(float(vals[0][0]))
            except ValueError:
                continue
            if key == _q("MicrosoftPhoto", "Rating") and r > 5:  # 0-99 percent scale
                r = min(5, round(r / 20))
            out.rating = max(-1, min(5, r))
            break
    for key in (_q("exif", "DateTimeOriginal"), _q("photoshop", "DateCreated"), _q("xmp", "CreateDate")):
        vals = props.get(key)
        if vals:
            out.date = parse_date(vals[0][0])
            if out.date is not None:
                break
    return out


def read_sidecar(path: str | os.PathLike[str]) -> XmpData:
    """Read an XMP sidecar file. Raises XmpError (with the file's name) or OSError."""
    size = os.path.getsize(path)
    if size > MAX_PACKET:
        raise XmpError(f"{os.path.basename(path)}: XMP sidecar too large ({size // 1024} KB)")
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        return read_packet(data)
    except XmpError as exc:
        raise XmpError(f"{os.path.basename(path)}: {exc}") from None


# -- writing ---------------------------------------------------------------------------------


def sidecar_for_writing(photo_path: str) -> str:
    """The sidecar photorec writes: ``photo.jpg.xmp`` (digiKam, darktable)."""
    return photo_path + ".xmp"


def _bag(parent: ET.Element, prefix: str, name: str, items: list[str], kind: str = "Bag") -> None:
    el = ET.SubElement(parent, _q(prefix, name))
    bag = ET.SubElement(el, _q("rdf", kind))
    for it in items:
        ET.SubElement(bag, RDF_LI).text = it


def write_tags(photo_path: str, tags: list[str]) -> str:
    """Write ``tags`` into the photo's ``photo.jpg.xmp`` sidecar; returns the sidecar's path.

    A tag ``A|B|C`` is hierarchical: it goes into ``lr:hierarchicalSubject`` as is, into
    ``digiKam:TagsList`` as ``A/B/C``, and its last part into ``dc:subject``; a plain tag goes
    into ``dc:subject`` (and both hierarchical lists, as a path of one). The sidecar's other
    content is kept; one that cannot be parsed is left alone (XmpError), never overwritten.
    """
    target = sidecar_for_writing(photo_path)
    hier = _unique("|".join(p.strip() for p in t.split("|") if p.strip()) for t in tags)
    flat = _unique(h.split("|")[-1] for h in hier)
    namespaces: list[tuple[str, str]] = []
    if os.path.exists(target):
        with open(target, "rb") as fh:
            data = fh.read()
        root = _parse(data)
        try:
            namespaces = [ns for _, ns in SafeET.iterparse(io.BytesIO(data), events=("start-ns",),
                                                           forbid_dtd=True)]
        except (ET.ParseError, DefusedXmlException):
            namespaces = []
    else:
        root = ET.Element(_q("x", "xmpmeta"))
        ET.SubElement(root, _q("rdf", "RDF"))
    rdf = root if root.tag == _q("rdf", "RDF") else root.find(_q("rdf", "RDF"))
    if rdf is None:
        raise XmpError(f"{os.path.basename(target)}: no rdf:RDF element; left unchanged")
    replaced = {_q("dc", "subject"), _q("lr", "hierarchicalSubject"), _q("digiKam", "TagsList")}
    descs = list(rdf.iter(RDF_DESC))
    for d in descs:
        for child in list(d):
            if child.tag in replaced:
                d.remove(child)
        for name in list(d.attrib):
            if name in replaced:
                del d.attrib[name]
    if descs:
        desc = descs[0]
    else:
        desc = ET.SubElement(rdf, RDF_DESC, {RDF_ABOUT: ""})
    if flat:
        _bag(desc, "dc", "subject", flat)
        _bag(desc, "lr", "hierarchicalSubject", hier)
        _bag(desc, "digiKam", "TagsList", [h.replace("|", "/") for h in hier], "Seq")
    for prefix, uri in namespaces:
        if prefix and not prefix.startswith("ns") and uri not in NS.values():
            try:
                ET.register_namespace(prefix, uri)
            except ValueError:
                pass
    body = ET.tostring(root, encoding="unicode")
    text = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body
            + '\n<?xpacket end="w"?>\n')
    tmp = f"{target}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)
    log.info("wrote %d tag(s) to %s", len(hier), target)
    return target
