"""Write keywords into an XMP sidecar the way digiKam, darktable and Lightroom read them, and
keep everything else in it.

The sidecar is parsed (safely, comments kept) at the moment of writing, and only its keyword
properties change: a tag is added to every keyword list the sidecar has (``dc:subject`` gets
its last part, ``lr:hierarchicalSubject`` and ``mediapro:CatalogSets`` ``A|B|C``,
``digiKam:TagsList`` ``A/B/C`` with a ``/`` inside a part written ``\\/``, Microsoft's
``LastKeywordXMP`` ``A/B/C``), and a removed one is taken out of them and out of ACDSee's
``acdsee:categories`` tree (:mod:`.acdsee`); nothing else is touched: other properties, other
keywords, comments, the text around the packet. A list that does not exist yet is made with
every tag, so an app that prefers it sees them all.

``LastKeywordXMP`` has no escape for a ``/`` inside a part: Windows writes the keyword strings
of ``System.Keywords`` into it as they are, and digiKam and exiftool split its items at every
``/``. So a tag with a ``/`` in a part (``AC/DC``) is not written there (an app reading it
would see ``AC`` > ``DC``); it is in every other list.

Writes are atomic (:func:`atomic_write`): a temp file beside the target, fsync, rename, so a
kill leaves the old sidecar or the new one. A symlinked sidecar is written through to its
target; the file's mode is kept; a read-only one is never written.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from photorec.core.ingest import acdsee, xmp
from photorec.core.ingest.xmp import RDF_ABOUT, RDF_DESC, RDF_LI, XmpError, _q

log = logging.getLogger(__name__)

XPACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
XPACKET_END = '\n<?xpacket end="w"?>\n'
TEMP_RE = re.compile(r"^\..+\.photorec-(\d+)\.tmp$|^.+\.xmp\.(\d+)\.tmp$", re.IGNORECASE)
_OLD_HEAD = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta'  # 0.2's
_AROUND = re.compile(r"\A(?:\s|<\?(?:(?!\?>).)*\?>|<!--(?:(?!-->).)*-->)*", re.DOTALL)
_AFTER = re.compile(r"(?:\s|<\?(?:(?!\?>).)*\?>|<!--(?:(?!-->).)*-->)*\Z", re.DOTALL)



def _ms_path(parts: list[str]) -> str | None:
    """A path as Microsoft's LastKeywordXMP writes it, or None when a part holds a ``/``: that
    list has no escape for one, and every reader would split it there."""
    return None if any("/" in p for p in parts) else "/".join(parts)


# keyword property -> (container, how a path "A|B|C" is written in it; None: not written there)
_LISTS: dict[str, tuple[str, Callable[[list[str]], str | None]]] = {
    _q("lr", "hierarchicalSubject"): ("Bag", lambda parts: "|".join(parts)),
    _q("digiKam", "TagsList"): ("Seq", lambda parts: "/".join(p.replace("/", "\\/") for p in parts)),
    _q("MicrosoftPhoto", "LastKeywordXMP"): ("Bag", _ms_path),
    f"{{{xmp.MS_NO_SLASH}}}LastKeywordXMP": ("Bag", _ms_path),
    _q("mediapro", "CatalogSets"): ("Bag", lambda parts: "|".join(parts)),
}
_MADE = [_q("lr", "hierarchicalSubject"), _q("digiKam", "TagsList")]  # made when missing


class ReadOnlySidecar(XmpError):
    """The sidecar (or its folder) is read-only: the user's choice, never overridden."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "sidecar_read_only")


def _key(item: str, prop: str) -> str:
    """A list item as a photorec tag, lower case (``A/B`` in TagsList is ``a|b``)."""
    if prop == _q("digiKam", "TagsList"):
        parts = xmp.split_tagslist(item)
    elif prop.endswith("}LastKeywordXMP"):
        parts = item.split("/")
    else:
        parts = item.split("|")
    return "|".join(p.strip() for p in parts if p.strip()).lower()


def _items(prop_el: ET.Element) -> tuple[ET.Element | None, list[ET.Element]]:
    for child in prop_el:
        if child.tag in xmp.CONTAINERS:
            return child, [li for li in child if li.tag == RDF_LI]
    return None, []


def merge_keywords(root: ET.Element, final: list[str], add: list[str], remove: list[str]) -> None:
    """Add ``add`` to and take ``remove`` out of every keyword list of the packet ``root``;
    lists made here hold ``final`` (every tag the sidecar is to carry)."""
    rdf = root if root.tag == _q("rdf", "RDF") else root.find(_q("rdf", "RDF"))
    if rdf is None:
        raise XmpError("no rdf:RDF element; left unchanged", "xmp_no_rdf")
    descs = [d for d in rdf if d.tag == RDF_DESC]
    if not descs:
        descs = [ET.SubElement(rdf, RDF_DESC, {RDF_ABOUT: ""})]
    gone = {t.lower() for t in remove}
    leaves_kept = {t.split("|")[-1].lower() for t in final}
    found: dict[str, ET.Element] = {}
    for d in descs:
        for child in list(d):
            if child.tag == xmp.SUBJECT or child.tag in _LISTS:
                found.setdefault(child.tag, child)
    for prop, (kind, fmt) in _LISTS.items():
        el: ET.Element | None = found.get(prop)
        if el is None and prop in _MADE:
            el = _new_list(descs[0], prop, kind)
            items = final
        elif el is None:
            continue
        else:
            items = add
        cont, lis = _items(el)
        if cont is None:
            cont = ET.SubElement(el, _q("rdf", kind))
        have = {_key(li.text or "", prop) for li in lis}
        # a tag with a "/" in a part that an older photorec wrote into LastKeywordXMP as it is
        raw_gone = {"/".join(t.split("|")).lower() for t in remove} - {
            "/".join(t.split("|")).lower() for t in final} if prop.endswith("}LastKeywordXMP") else set()
        for li in lis:
            if _key(li.text or "", prop) in gone or \
                    " ".join((li.text or "").split()).lower() in raw_gone:
                cont.remove(li)
        for t in items:
            text = fmt(t.split("|"))
            if text is not None and t.lower() not in have:
                ET.SubElement(cont, RDF_LI).text = text
                have.add(t.lower())
    if gone:
        for d in descs:
            if d.get(xmp.ACDSEE):
                d.set(xmp.ACDSEE, acdsee.remove(d.get(xmp.ACDSEE, ""), gone))
            for child in d:
                if child.tag == xmp.ACDSEE and child.text:
                    child.text = acdsee.remove(child.text, gone)
    subject = found.get(xmp.SUBJECT)
    if subject is None:
        subject = _new_list(descs[0], xmp.SUBJECT, "Bag")
        items = final
    else:
        items = add
    cont, lis = _items(subject)
    if cont is None:
        cont = ET.SubElement(subject, _q("rdf", "Bag"))
    gone_leaves = {t.split("|")[-1].lower() for t in remove} - leaves_kept
    have = set()
    for li in lis:
        text = " ".join((li.text or "").split()).lower()
        if text in gone_leaves:
            cont.remove(li)
        else:
            have.add(text)
    for t in items:
        leaf = t.split("|")[-1]
        if leaf.lower() not in have:
            ET.SubElement(cont, RDF_LI).text = leaf
            have.add(leaf.lower())


def _new_list(desc: ET.Element, prop: str, kind: str) -> ET.Element:
    el = ET.SubElement(desc, prop)
    ET.SubElement(el, _q("rdf", kind))
    return el


def new_packet() -> ET.Element:
    root = ET.Element(_q("x", "xmpmeta"))
    rdf = ET.SubElement(root, _q("rdf", "RDF"))
    ET.SubElement(rdf, RDF_DESC, {RDF_ABOUT: ""})
    return root


_ns_lock = threading.Lock()


def _prefixes(data: bytes | None) -> dict[str, str]:
    """uri -> prefix the packet itself uses (so a rewrite keeps them)."""
    out: dict[str, str] = {}
    if not data:
        return out
    try:
        for _, (prefix, uri) in SafeET.iterparse(io.BytesIO(data), events=("start-ns",),
                                                 forbid_dtd=True):
            if prefix and not re.fullmatch(r"ns\d+", prefix) and prefix not in ("xml",):
                out.setdefault(uri, prefix)
    except (ET.ParseError, DefusedXmlException, ValueError):
        pass
    return out


def _tostring(root: ET.Element, prefixes: dict[str, str]) -> str:
    """ET.tostring with the packet's own prefixes, without changing them for anyone else."""
    with _ns_lock:
        saved = dict(ET._namespace_map)  # type: ignore[attr-defined]  # ElementTree's private map, not in its stubs
        try:
            for uri, prefix in prefixes.items():
                try:
                    ET.register_namespace(prefix, uri)
                except ValueError:
                    continue
            return ET.tostring(root, encoding="unicode")
        finally:
            ET._namespace_map.clear()  # type: ignore[attr-defined]
            ET._namespace_map.update(saved)  # type: ignore[attr-defined]


def render(root: ET.Element, original: bytes | None, source: bytes | None = None) -> bytes:
    """The packet as a file: the original's text around the root element (xpacket
    instructions, comments) is kept; a new one gets the standard xpacket wrapper. The
    namespace prefixes of ``original`` (or ``source``, the packet a new one started from)
    are kept."""
    try:
        body = _tostring(root, _prefixes(original if original is not None else source))
    except RecursionError:
        raise XmpError("XMP nested too deeply to write", "xmp_too_deep") from None
    before, after = XPACKET_BEGIN, XPACKET_END
    if original is not None:
        try:
            text = original.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            head = _AROUND.match(text)
            tail = _AFTER.search(text)
            if head and tail and head.end() <= tail.start():
                before, after = text[:head.end()], text[tail.start():]
    return (before + body + after).encode("utf-8")


def is_read_only(path: str) -> bool:
    """Whether the user made the file (after links) or, for a new one, its folder read-only."""
    real = os.path.realpath(path)
    if os.path.lexists(real):
        st = os.stat(real)
        return not (st.st_mode & stat.S_IWUSR) or not os.access(real, os.W_OK)
    folder = os.path.dirname(real) or "."
    return not os.access(folder, os.W_OK)


def atomic_write(path: str, data: bytes, expect: tuple[Any, ...] | None = None) -> str:
    """Write ``data`` to ``path`` (through a symlink, to its target) atomically: temp file in
    the same folder, fsync, rename; the existing file's mode is kept. ``expect``: the
    (inode, size, mtime_ns) the file had when it was read; if it changed meanwhile, nothing
    is written and XmpError('sidecar_changed') is raised. Returns the path written."""
    real = os.path.realpath(path)
    folder, name = os.path.split(real)
    mode = 0o666 & ~_umask()
    if os.path.exists(real):
        mode = stat.S_IMODE(os.stat(real).st_mode)
    if is_read_only(real):
        raise ReadOnlySidecar(f"{os.path.basename(path)} is read-only; not written")
    tmp = os.path.join(folder, f".{name}.photorec-{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if expect is not None and _identity(real) != expect:
            raise XmpError(f"{os.path.basename(path)} changed while it was written; left as it is",
                           "sidecar_changed")
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return real


def _identity(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def identity(path: str) -> tuple[int, int, int] | None:
    return _identity(os.path.realpath(path))


def _umask() -> int:
    m = os.umask(0o022)
    os.umask(m)
    return m


def remove_stale_temps(folder: str) -> int:
    """Remove the temp files a killed writer left in ``folder`` (photorec's, this version's
    ``.NAME.photorec-PID.tmp`` and 0.2's ``NAME.xmp.PID.tmp``) whose process is gone."""
    n = 0
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return 0
    for name in names:
        m = TEMP_RE.match(name)
        if not m:
            continue
        pid = int(m.group(1) or m.group(2))
        if pid != os.getpid() and _alive(pid):
            continue
        full = os.path.join(folder, name)
        if m.group(2) and not _written_by_02(full):
            continue  # a NAME.xmp.N.tmp that photorec 0.2 did not write: not ours to remove
        try:
            if os.path.isfile(full) and not os.path.islink(full):
                os.unlink(full)
                n += 1
                log.info("removed %s, left by an interrupted write", full)
        except OSError as exc:
            log.warning("cannot remove %s: %s", full, exc)
    return n


def _written_by_02(path: str) -> bool:
    """Whether a ``NAME.xmp.PID.tmp`` is photorec 0.2's: empty, or its packet header."""
    try:
        if os.path.islink(path) or not os.path.isfile(path):
            return False
        with open(path, "rb") as fh:
            head = fh.read(len(_OLD_HEAD))
    except OSError:
        return False
    if len(head) < len(_OLD_HEAD):  # killed early: empty or a piece of the header
        return _OLD_HEAD.startswith(head)
    return head == _OLD_HEAD


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
