"""Named face regions written into photos by other programs (issue 17): MWG regions
(``mwg-rs:Regions``, written by digiKam, Lightroom and Picasa) and Microsoft's
``MP:RegionInfo`` (Windows Photo Gallery), from the photo's embedded XMP and from its XMP
sidecars (``photo.jpg.xmp``, ``photo.xmp``). Read-only; parsing through ``defusedxml``.

Boxes come back as fractions of the photo as displayed (EXIF orientation applied), top-left
corner first: MWG's ``stArea`` gives the centre (MWG: the area is relative to the displayed
image), Microsoft's ``Rectangle`` the top-left corner.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from PIL import Image

log = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MWG_RS = "http://www.metadataworkinggroup.com/schemas/regions/"
ST_AREA = "http://ns.adobe.com/xmp/sType/Area#"
MP = "http://ns.microsoft.com/photo/1.2/"
MP_RI = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
MP_REG = "http://ns.microsoft.com/photo/1.2/t/Region#"
MAX_XMP = 8 * 1024 * 1024


@dataclass(frozen=True)
class Region:
    name: str
    box: tuple[float, float, float, float]  # x, y, w, h: fractions, top-left corner
    source: str  # 'mwg' or 'mp'


def _get(el: ET.Element, ns: str, name: str) -> str | None:
    """A property written as an attribute or as a child element."""
    v = el.get(f"{{{ns}}}{name}")
    if v is not None:
        return v
    child = el.find(f"{{{ns}}}{name}")
    if child is not None:
        if child.text and child.text.strip():
            return child.text.strip()
        desc = child.find(f"{{{RDF}}}Description")
        if desc is not None and desc.text:
            return desc.text.strip()
    return None


def _struct(el: ET.Element | None) -> ET.Element | None:
    """A struct's element: the property itself (rdf:parseType="Resource"), or its
    rdf:Description."""
    if el is None:
        return None
    desc = el.find(f"{{{RDF}}}Description")
    return desc if desc is not None else el


def _floats(*values: str | None) -> list[float] | None:
    try:
        out = [float(v) for v in values]  # type: ignore[arg-type]  # a None is a TypeError, caught
    except (TypeError, ValueError):
        return None
    return out if all(0.0 <= v <= 1.5 for v in out) else None


def _mwg(root: ET.Element) -> list[Region]:
    out = []
    for li in root.iter(f"{{{RDF}}}li"):
        item = _struct(li)
        if item is None:
            continue
        name = _get(item, MWG_RS, "Name")
        area = _struct(item.find(f"{{{MWG_RS}}}Area"))
        kind = _get(item, MWG_RS, "Type")
        if not name or area is None or (kind and kind.lower() != "face"):
            continue
        unit = area.get(f"{{{ST_AREA}}}unit") or _get(area, ST_AREA, "unit") or "normalized"
        nums = _floats(*(area.get(f"{{{ST_AREA}}}{k}") or _get(area, ST_AREA, k)
                         for k in ("x", "y", "w", "h")))
        if nums is None or unit != "normalized":
            continue
        cx, cy, w, h = nums
        out.append(Region(name.strip(), (cx - w / 2, cy - h / 2, w, h), "mwg"))
    return out


def _mp(root: ET.Element) -> list[Region]:
    out = []
    for li in root.iter(f"{{{RDF}}}li"):
        item = _struct(li)
        if item is None:
            continue
        name = _get(item, MP_REG, "PersonDisplayName")
        rect = _get(item, MP_REG, "Rectangle")
        if not name or not rect:
            continue
        nums = _floats(*[p.strip() for p in rect.split(",")][:4]) if rect.count(",") == 3 else None
        if nums is None:
            continue
        out.append(Region(name.strip(), (nums[0], nums[1], nums[2], nums[3]), "mp"))
    return out


def regions_of_packet(data: bytes | str) -> list[Region]:
    """The named face regions of one XMP packet ([] when it has none or cannot be read)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or len(data) > MAX_XMP:
        return []
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        start = data.find(b"<rdf:RDF")
    if start > 0:
        data = data[start:]
    end = max(data.rfind(b"</x:xmpmeta>"), -1)
    if end > 0:
        data = data[:end + len(b"</x:xmpmeta>")]
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        log.info("XMP regions not read: %s", exc)
        return []
    found = []
    for ri in root.iter(f"{{{MWG_RS}}}Regions"):
        found += _mwg(ri)
    for ri in root.iter(f"{{{MP}}}RegionInfo"):
        found += _mp(ri)
    return found


def _embedded(path: str) -> bytes | str | None:
    try:
        with Image.open(path) as im:
            xmp: bytes | str | None = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return xmp


def read_regions(path: str) -> list[Region]:
    """The named face regions of a photo: embedded, then in its sidecars (a name found twice
    for about the same box counts once)."""
    packets: list[bytes | str] = []
    emb = _embedded(path)
    if emb:
        packets.append(emb)
    for side in (path + ".xmp", os.path.splitext(path)[0] + ".xmp"):
        try:
            if os.path.isfile(side) and os.path.getsize(side) <= MAX_XMP:
                with open(side, "rb") as f:
                    packets.append(f.read())
        except OSError:
            continue
    out: list[Region] = []
    for packet in packets:
        for r in regions_of_packet(packet):
            if not any(o.name == r.name and abs(o.box[0] - r.box[0]) < 0.02
                       and abs(o.box[1] - r.box[1]) < 0.02 for o in out):
                out.append(r)
    return out
