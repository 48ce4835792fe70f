"""Write the named people's faces into an XMP packet as MWG face regions (``mwg-rs:Regions``,
as digiKam, Lightroom and Picasa read them), keeping every region another app put there.

One ``mwg-rs:RegionList`` item per face: ``mwg-rs:Area`` (``stArea:x``/``y`` the centre,
``w``/``h``, unit ``normalized``), ``mwg-rs:Type`` Face, ``mwg-rs:Name``. Areas are in the
frame of the photo's pixels as stored, before the EXIF orientation, and
``mwg-rs:AppliedToDimensions`` is the stored size in pixels (MWG 2.0, 5.9; the rule is spelled
out in :mod:`photorec.core.ingest.regions`). A list another app wrote against the displayed
photo (its ``AppliedToDimensions`` has the displayed shape) gets ours in that frame too, so
one list never mixes two frames.

Merging: a face is "the same face" as a region already there when their boxes overlap by an
IoU of 0.5 or more, or each box's centre lies inside the other. The same face with the same
name is not written again (a second run writes nothing); the same face under another name
(or none) is left as the other app wrote it and ours is not added: the caller says so. Other
regions (other faces, Pet, Focus, BarCode) and Microsoft's ``MP:RegionInfo`` are not touched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from photorec.core.ingest import regions as rg
from photorec.core.ingest.xmp import RDF_ABOUT, RDF_DESC, RDF_LI, XmpError, _q

PREFIXES = {"mwg-rs": rg.MWG_RS, "stArea": rg.ST_AREA, "stDim": rg.ST_DIM}
for _prefix, _uri in PREFIXES.items():
    ET.register_namespace(_prefix, _uri)

_RESOURCE = {_q("rdf", "parseType"): "Resource"}
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SAME_FACE_IOU = 0.5


@dataclass(frozen=True)
class NamedFace:
    name: str
    box: rg.Box  # fractions of the photo as displayed (EXIF orientation applied), top-left


@dataclass
class RegionMerge:
    added: list[str] = field(default_factory=list)  # the names written
    present: int = 0  # faces already there under the same name
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (ours, the name there)


def _m(name: str) -> str:
    return f"{{{rg.MWG_RS}}}{name}"


def clean_name(name: str) -> str:
    """A name as it can stand in XML 1.0 (control characters out), spaces folded."""
    return " ".join(_NOT_XML.sub("", name).split())


def _same_name(a: str, b: str) -> bool:
    return clean_name(a).casefold() == clean_name(b).casefold()


def same_face(a: rg.Box, b: rg.Box) -> bool:
    """Two boxes that frame one face: IoU >= 0.5, or each one's centre inside the other."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    ih = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = iw * ih
    if inter / max(aw * ah + bw * bh - inter, 1e-12) >= SAME_FACE_IOU:
        return True

    def centre_in(p: rg.Box, q: rg.Box) -> bool:
        cx, cy = p[0] + p[2] / 2, p[1] + p[3] / 2
        return q[0] <= cx <= q[0] + q[2] and q[1] <= cy <= q[1] + q[3]

    return centre_in(a, b) and centre_in(b, a)


def _num(v: float) -> str:
    text = f"{min(max(v, 0.0), 1.0):.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _container(prop: ET.Element) -> ET.Element:
    """The rdf:Bag (or Seq) of a RegionList, made when it has none."""
    for child in prop:
        if child.tag in (_q("rdf", "Bag"), _q("rdf", "Seq")):
            return child
    return ET.SubElement(prop, _q("rdf", "Bag"))


def _existing(container: ET.Element | None, geo: rg.Geometry | None,
              displayed: bool) -> list[tuple[str, rg.Box]]:
    """(name or '', box in the displayed frame) of the face regions already in the list."""
    out: list[tuple[str, rg.Box]] = []
    if container is None:
        return out
    for li in container:
        if li.tag != RDF_LI:
            continue
        item = rg._struct(li)
        if item is None:
            continue
        kind = rg._get(item, rg.MWG_RS, "Type")
        box = rg.area_box(item)
        if box is None or (kind and kind.strip().lower() != "face"):
            continue  # a Pet, a Focus area, a barcode: never one of our faces
        if geo is not None and not displayed:
            box = rg.to_displayed(box, geo.orientation)
        out.append((rg._get(item, rg.MWG_RS, "Name") or "", box))
    return out


def merge_regions(root: ET.Element, faces: list[NamedFace], geo: rg.Geometry) -> RegionMerge:
    """Add ``faces`` (boxes in the displayed frame) to the packet ``root`` as MWG face
    regions, keeping what is there (see the module's text); ``geo``: the photo's stored size
    and orientation."""
    out = RegionMerge()
    rdf = root if root.tag == _q("rdf", "RDF") else root.find(_q("rdf", "RDF"))
    if rdf is None:
        raise XmpError("no rdf:RDF element; left unchanged", "xmp_no_rdf")
    descs = [d for d in rdf if d.tag == RDF_DESC]
    prop = next((c for d in descs for c in d if c.tag == _m("Regions")), None)
    struct = rg._struct(prop)
    applied = rg.applied_dimensions(prop) if prop is not None else None
    displayed = rg.shown_as_displayed(applied, geo)
    listed = struct.find(_m("RegionList")) if struct is not None else None
    container = None
    if listed is not None:
        container = next((c for c in listed if c.tag in (_q("rdf", "Bag"), _q("rdf", "Seq"))),
                         None)
    there = _existing(container, geo, displayed)
    new: list[NamedFace] = []
    for face in faces:
        name = clean_name(face.name)
        if not name:
            continue
        match = next(((n, b) for n, b in there if same_face(face.box, b)), None)
        if match is None:
            new.append(NamedFace(name, face.box))
            there.append((name, face.box))
        elif _same_name(match[0], name):
            out.present += 1
        else:
            out.conflicts.append((name, clean_name(match[0])))
    if not new:
        return out
    if struct is None:
        if not descs:
            descs = [ET.SubElement(rdf, RDF_DESC, {RDF_ABOUT: ""})]
        struct = ET.SubElement(descs[0], _m("Regions"), _RESOURCE)
    if applied is None:
        dims = ET.Element(_m("AppliedToDimensions"), _RESOURCE)
        _text(dims, f"{{{rg.ST_DIM}}}w", str(geo.width))
        _text(dims, f"{{{rg.ST_DIM}}}h", str(geo.height))
        _text(dims, f"{{{rg.ST_DIM}}}unit", "pixel")
        struct.insert(0, dims)
        displayed = False
    if listed is None:
        listed = ET.SubElement(struct, _m("RegionList"))
    bag = container if container is not None else _container(listed)
    for face in new:
        x, y, w, h = face.box if displayed else rg.to_stored(face.box, geo.orientation)
        li = ET.SubElement(bag, RDF_LI, _RESOURCE)
        area = ET.SubElement(li, _m("Area"), _RESOURCE)
        for key, value in (("x", x + w / 2), ("y", y + h / 2), ("w", w), ("h", h)):
            _text(area, f"{{{rg.ST_AREA}}}{key}", _num(value))
        _text(area, f"{{{rg.ST_AREA}}}unit", "normalized")
        _text(li, _m("Name"), face.name)
        _text(li, _m("Type"), "Face")
        out.added.append(face.name)
    return out
