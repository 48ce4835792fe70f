"""Named face regions written into photos by other programs (issue 17): MWG regions
(``mwg-rs:Regions``, written by digiKam, Lightroom and Picasa) and Microsoft's
``MP:RegionInfo`` (Windows Photo Gallery), from the photo's embedded XMP and from its XMP
sidecars (``photo.jpg.xmp``, ``photo.xmp``). Read-only; parsing through ``defusedxml``.

Boxes come back as fractions of the photo as displayed (EXIF orientation applied), top-left
corner first: MWG's ``stArea`` gives the centre, Microsoft's ``Rectangle`` the top-left corner.

Orientation (the rule photorec follows, reading and writing): MWG 2.0, 5.9 "Image Region
Metadata", says region metadata is applied to the *stored* image: "When applying a rotation by
applying Exif Orientation, the rotation must be applied to the regions as well". So an MWG
area and ``mwg-rs:AppliedToDimensions`` are in the frame of the pixels as stored, before the
EXIF orientation. exiftool's ``rotate_regions.config`` turns regions together with the
pixels, Immich turns MWG areas by the orientation when it reads them (PR 18021), and digiKam's
regions of rotated photos were fixed to this rule (KDE bugs 372340, 395243). A region list whose
``AppliedToDimensions`` has the shape of the displayed photo where the stored one differs (a
writer that ignored the rule) is taken as written against the displayed photo. Microsoft's
``MP:RegionInfo`` is taken as written (photorec has no rotated sample from Windows).
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from PIL import Image

log = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MWG_RS = "http://www.metadataworkinggroup.com/schemas/regions/"
ST_AREA = "http://ns.adobe.com/xmp/sType/Area#"
ST_DIM = "http://ns.adobe.com/xap/1.0/sType/Dimensions#"
MP = "http://ns.microsoft.com/photo/1.2/"
MP_RI = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
MP_REG = "http://ns.microsoft.com/photo/1.2/t/Region#"
MAX_XMP = 8 * 1024 * 1024
_ORIENTATION = 0x0112
Box = tuple[float, float, float, float]  # x, y, w, h: fractions, top-left corner

# EXIF orientation -> where a point of the stored image (fractions) is in the displayed one:
# the transposes photorec's decoder applies (ingest/decode.py, _TRANSPOSE).
_SHOWN: dict[int, Callable[[float, float], tuple[float, float]]] = {
    1: lambda x, y: (x, y),
    2: lambda x, y: (1 - x, y),  # mirrored
    3: lambda x, y: (1 - x, 1 - y),  # turned 180
    4: lambda x, y: (x, 1 - y),  # flipped
    5: lambda x, y: (y, x),  # transposed
    6: lambda x, y: (1 - y, x),  # turned 90 clockwise to be shown
    7: lambda x, y: (1 - y, 1 - x),  # transversed
    8: lambda x, y: (y, 1 - x),  # turned 90 counter-clockwise to be shown
}
_UNDO = {6: 8, 8: 6}  # every other orientation undoes itself


def to_displayed(box: Box, orientation: int) -> Box:
    """A box in fractions of the stored image -> the same area in the displayed image."""
    move = _SHOWN.get(orientation, _SHOWN[1])
    x, y, w, h = box
    (ax, ay), (bx, by) = move(x, y), move(x + w, y + h)
    return (min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))


def to_stored(box: Box, orientation: int) -> Box:
    """A box in fractions of the displayed image -> the same area in the stored image."""
    return to_displayed(box, _UNDO.get(orientation, orientation))


@dataclass(frozen=True)
class Geometry:
    """A photo's pixels as stored and the EXIF orientation that shows them."""
    width: int
    height: int
    orientation: int = 1

    @property
    def displayed(self) -> tuple[int, int]:
        turned = self.orientation in (5, 6, 7, 8)
        return (self.height, self.width) if turned else (self.width, self.height)


def geometry(path: str) -> Geometry | None:
    """The stored size and EXIF orientation of a photo (its header only), None if unreadable."""
    try:
        with Image.open(path) as im:
            w, h = im.size
            o = im.getexif().get(_ORIENTATION, 1)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return Geometry(w, h, o if isinstance(o, int) and 1 <= o <= 8 else 1)


def shown_as_displayed(applied: tuple[float, float] | None, geo: Geometry | None) -> bool:
    """Whether a region list was written against the displayed photo though MWG says the
    stored one: its AppliedToDimensions has the displayed shape, the stored one differs."""
    if applied is None or geo is None or geo.orientation not in (5, 6, 7, 8):
        return False
    aw, ah = applied
    if aw <= 0 or ah <= 0 or geo.width == geo.height:
        return False
    shape, shown = aw / ah, geo.height / geo.width
    return abs(shape - shown) <= 0.01 * shown and abs(shape - 1 / shown) > 0.01 / shown


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


def applied_dimensions(regions: ET.Element) -> tuple[float, float] | None:
    """The ``mwg-rs:AppliedToDimensions`` (w, h) of an ``mwg-rs:Regions`` element, if any."""
    struct = _struct(regions)
    dims = _struct(struct.find(f"{{{MWG_RS}}}AppliedToDimensions")) if struct is not None else None
    if dims is None:
        return None
    try:
        return float(_get(dims, ST_DIM, "w") or ""), float(_get(dims, ST_DIM, "h") or "")
    except ValueError:
        return None


def area_box(item: ET.Element) -> Box | None:
    """The box (top-left corner, fractions) of one region's ``mwg-rs:Area``, if normalized."""
    area = _struct(item.find(f"{{{MWG_RS}}}Area"))
    if area is None:
        return None
    unit = _get(area, ST_AREA, "unit") or "normalized"
    nums = _floats(*(_get(area, ST_AREA, k) for k in ("x", "y", "w", "h")))
    if nums is None or unit != "normalized":
        return None
    cx, cy, w, h = nums
    return (cx - w / 2, cy - h / 2, w, h)


def _mwg(root: ET.Element, geo: Geometry | None = None) -> list[Region]:
    out = []
    turn = geo is not None and not shown_as_displayed(applied_dimensions(root), geo)
    for li in root.iter(f"{{{RDF}}}li"):
        item = _struct(li)
        if item is None:
            continue
        name = _get(item, MWG_RS, "Name")
        box = area_box(item)
        kind = _get(item, MWG_RS, "Type")
        if not name or box is None or (kind and kind.lower() != "face"):
            continue
        if turn and geo is not None:
            box = to_displayed(box, geo.orientation)
        out.append(Region(name.strip(), box, "mwg"))
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


def regions_of_packet(data: bytes | str, geo: Geometry | None = None) -> list[Region]:
    """The named face regions of one XMP packet ([] when it has none or cannot be read);
    with the photo's ``geo``, MWG areas are turned from the stored to the displayed frame."""
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
        found += _mwg(ri, geo)
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
    geo = geometry(path) if packets else None
    for packet in packets:
        for r in regions_of_packet(packet, geo):
            if not any(o.name == r.name and abs(o.box[0] - r.box[0]) < 0.02
                       and abs(o.box[1] - r.box[1]) < 0.02 for o in out):
                out.append(r)
    return out
