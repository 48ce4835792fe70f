"""Take keywords out of ACDSee's ``acdsee:categories``, keeping the rest of its tree exactly.

``acdsee:categories`` is one XMP string holding an XML tree of nested
``<Category Assigned="1">name</Category>``; a keyword is the path of an assigned category with no
assigned category below it (as :func:`photorec.core.ingest.xmp._acdsee` reads it). Removing
one cuts that category's element out of the string, byte for byte, and so its parents that are
not assigned themselves and have no category left below them (ACDSee writes a parent only as
the way to an assigned one). Nothing else of the string changes: other categories, their
attributes and order, the text around them. A string that is not well-formed XML, or declares a
DTD or entities, is left as it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from photorec.core.ingest import xmp

CATEGORY = "Category"
_SPACE = (b" ", b"\t", b"\n", b"\r")


@dataclass
class _Node:
    tag: str
    assigned: str | None
    start: int  # byte offset of its start tag
    parent: int | None
    end: int = -1  # byte offset just after its end tag
    text: str = ""  # its text before its first child: the category's name
    children: list[int] = field(default_factory=list)


def _key(path: list[str]) -> str:
    return " ".join("|".join(path).split()).lower()


def _nodes(data: bytes) -> list[_Node] | None:
    nodes: list[_Node] = []
    stack: list[int] = []
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        parent = stack[-1] if stack else None
        nodes.append(_Node(tag, attrs.get("Assigned"), parser.CurrentByteIndex, parent))
        if parent is not None:
            nodes[parent].children.append(len(nodes) - 1)
        stack.append(len(nodes) - 1)

    def end(tag: str) -> None:
        n = nodes[stack.pop()]
        at = parser.CurrentByteIndex
        if data[at:at + 2] == b"</":
            n.end = data.index(b">", at) + 1
        else:  # an empty element, <Category .../>: its start tag is all of it
            n.end = data.index(b">", n.start) + 1

    def chars(text: str) -> None:
        if stack and not nodes[stack[-1]].children:
            nodes[stack[-1]].text += text

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError):
        return None
    return nodes


def paths_in(root: ET.Element) -> list[str]:
    """Every keyword (``A|B``) the ``acdsee:categories`` of a packet hold, as the reader sees
    them (it reads them only when no other hierarchical list has any)."""
    out: list[str] = []
    for d in root.iter(xmp.RDF_DESC):
        texts = [d.get(xmp.ACDSEE, "")] + [c.text or "" for c in d if c.tag == xmp.ACDSEE]
        out += [p for t in texts if t.strip() for p in xmp._acdsee(t)]
    return xmp._unique(out)


def remove(text: str, gone: set[str]) -> str:
    """``text`` less the categories whose path (lower case, ``A|B``) is in ``gone``."""
    if not gone or not text.strip():
        return text
    try:
        xmp.parse_tree(text)  # refuses a DTD, entities, a too deep or too large tree
    except xmp.XmpError:
        return text
    data = text.encode("utf-8")
    nodes = _nodes(data)
    if not nodes:
        return text
    cut: set[int] = set()

    def is_cat(i: int) -> bool:
        return nodes[i].tag == CATEGORY

    def walk(i: int, parents: list[str]) -> None:
        for c in nodes[i].children:
            if not is_cat(c):
                continue
            name = nodes[c].text.strip()
            path = parents + [name] if name else parents
            leaf = not any(is_cat(x) and nodes[x].assigned == "1" for x in nodes[c].children)
            if nodes[c].assigned == "1" and path and leaf and _key(path) in gone:
                cut.add(c)
            walk(c, path)

    walk(0, [])
    if not cut:
        return text
    for i in list(cut):  # a parent left with nothing below it, and not assigned itself, goes too
        p = nodes[i].parent
        while p is not None and p != 0 and is_cat(p) and nodes[p].assigned != "1" and all(
                c in cut for c in nodes[p].children if is_cat(c)):
            cut.add(p)
            p = nodes[p].parent
    spans = []
    for i in cut:
        p = nodes[i].parent
        while p is not None and p not in cut:
            p = nodes[p].parent
        if p is None:  # not inside another cut one
            start, end = nodes[i].start, nodes[i].end
            while start > 0 and data[start - 1:start] in _SPACE:
                start -= 1
            if start == 0 or data[start - 1:start] != b">":  # not the indent between two tags:
                start = nodes[i].start  # then the one after it, if any
                while end < len(data) and data[end:end + 1] in _SPACE:
                    end += 1
                if data[end:end + 1] != b"<":
                    end = nodes[i].end
            spans.append((start, end))
    out = data
    for start, end in sorted(spans, reverse=True):
        out = out[:start] + out[end:]
    result = out.decode("utf-8")
    try:
        xmp.parse_tree(result)
    except xmp.XmpError:
        return text
    return result
