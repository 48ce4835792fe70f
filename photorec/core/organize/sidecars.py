"""``write-sidecars``: write each photo's keywords into its XMP sidecar, opt-in, never into the
photo, and never losing what the photo or another app says.

What a photo's sidecar gets: the keywords its own file and sidecar carry (read again at the
moment of writing), less those the user removed in photorec, plus the tags the user gave it in
photorec (they follow the content, so every copy of a photo gets them). Nothing else: a
keyword of another copy never travels, and a keyword photorec did not put there is never
removed unless the user removed that tag in photorec.

Which sidecar: the one that exists (``photo.jpg.xmp``, else Lightroom's ``photo.xmp``); a
second one is never made beside it. A new sidecar starts from the photo's embedded XMP (title,
description, rating, dates...), since digiKam, darktable and Immich prefer the sidecar.
Without paths, only photos whose photorec tags differ from what their file says are written.

One sidecar that cannot be read or written is skipped and named, with a reason code, and the
rest are written: ``sidecar_read_only``, ``sidecar_not_regular``, ``sidecar_too_large``,
``xmp_too_deep``, ``xmp_refused``, ``xmp_invalid``, ``xmp_undecodable``, ``xmp_no_rdf``,
``sidecar_changed``, ``photo_missing``, ``not_in_library``, ``write_failed``. Temp files a
killed run left behind are removed first.

With ``faces`` (opt-in, ``write-sidecars --faces``), the faces of named people are written too,
as MWG face regions (:mod:`photorec.core.ingest.regions_write`): never a face of an unnamed
person, never a suggestion ("Ana?"). A face another app already named otherwise is left as
it is and reported.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from photorec.core.ingest import acdsee, metadata, regions, regions_write, xmp, xmp_write
from photorec.core.store import people as peoplestore
from photorec.core.store import tags as tagstore

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)


@dataclass
class SidecarReport:
    written: list[str] = field(default_factory=list)  # the sidecars written
    unchanged: int = 0  # photos whose file already says what photorec says
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (path, code, detail)
    temps_removed: int = 0
    faces: bool = False  # face regions were asked for
    faces_written: int = 0  # face regions added
    # (sidecar, our name, the name another app gave that face there): not written
    face_conflicts: list[tuple[str, str, str]] = field(default_factory=list)


def sidecar_for_writing(photo_path: str, names: dict[str, str] | None = None) -> str:
    """The sidecar to write: the existing one (``photo.jpg.xmp`` first, then ``photo.xmp``),
    else a new ``photo.jpg.xmp`` (digiKam, darktable)."""
    have = metadata.sidecars_of(photo_path, names)
    return have[0] if have else photo_path + ".xmp"


@dataclass
class _Plan:
    target: str
    exists: bool
    final: list[str]
    add: list[str]
    remove: list[str]
    changed: bool
    regions: regions_write.RegionMerge | None = None


def plan(photo_path: str, user_tags: list[str], rejected: set[str], root: ET.Element, exists: bool,
         names: dict[str, str] | None = None) -> _Plan:
    """What to change in the sidecar tree ``root`` of a photo (read just now)."""
    meta = metadata.read_metadata(photo_path, metadata.sidecars_of(photo_path, names))
    own = meta.tags
    own_l = {t.lower() for t in own}
    final = [t for t in own if t.lower() not in rejected]
    final += [t for t in user_tags if t.lower() not in own_l and t.lower() not in rejected]
    final = xmp._unique(final)
    in_tree = xmp.read_tree(root)
    tree = metadata.file_tags(in_tree.subject, in_tree.hierarchical)
    tree_l = {t.lower() for t in tree}
    add = [t for t in final if t.lower() not in tree_l]
    remove = xmp._unique([t for t in tree if t.lower() in rejected]  # ACDSee's too, if hidden
                         + [t for t in acdsee.paths_in(root) if t.lower() in rejected])
    changed = {t.lower() for t in final} != own_l
    return _Plan("", exists, final, add, remove, changed)


def write_one(photo_path: str, user_tags: list[str], rejected: set[str],
              names: dict[str, str] | None = None,
              faces: list[regions_write.NamedFace] | None = None) -> tuple[str | None, _Plan | None]:
    """Write one photo's sidecar; (sidecar written or None if nothing to change, the plan).
    ``names``: :func:`metadata.xmp_names` of its folder, when known. ``faces``: named faces
    to write as MWG regions (boxes as displayed). Raises XmpError (with a code) or OSError."""
    target = sidecar_for_writing(photo_path, names)
    geo = regions.geometry(photo_path) if faces else None
    if faces and geo is None:
        log.warning("%s: its size and orientation cannot be read; no face regions", photo_path)
    for _attempt in range(3):
        exists = os.path.lexists(target)
        source = None
        if exists:
            seen = xmp_write.identity(target)
            original = xmp.read_file_bounded(target)
            root = xmp.parse_tree(original, comments=True)
        else:
            seen, original = None, None
            root, source = _embedded_root(photo_path)
        p = plan(photo_path, user_tags, rejected, root, exists, names)
        p.target = target
        if faces and geo is not None:
            p.regions = regions_write.merge_regions(root, faces, geo)
        if not p.changed and not (p.regions and p.regions.added):
            return None, p
        if p.changed:
            xmp_write.merge_keywords(root, p.final, p.add, p.remove)
        data = xmp_write.render(root, original, source)
        try:
            return xmp_write.atomic_write(target, data, seen), p
        except xmp.XmpError as exc:
            if exc.code != "sidecar_changed":
                raise
            log.info("%s changed while it was written; reading it again", target)
    raise xmp.XmpError(f"{os.path.basename(target)} keeps changing; left as it is", "sidecar_changed")


def _embedded_root(photo_path: str) -> tuple[ET.Element, bytes | None]:
    """(the photo's embedded XMP as the start of a new sidecar, or a bare packet; its bytes)."""
    _, _, packet = metadata.read_embedded(photo_path, [])
    if packet:
        try:
            return xmp.parse_tree(packet, comments=True), packet
        except xmp.XmpError:
            pass
    return xmp_write.new_packet(), None


def write_sidecars(lib: Library, paths: list[str] | None = None, faces: bool = False) -> SidecarReport:
    """Opt-in: write the keywords of the photos at ``paths`` (default: every library photo whose
    photorec tags differ from what its file says) into their XMP sidecars; with ``faces``, the
    faces of named people as MWG regions too (default then: also every photo with a named
    person). The photos themselves are never written. One sidecar that fails is skipped and
    named; the rest are written."""
    from photorec.core.organize import tags as tagmod

    rep = SidecarReport(faces=faces)
    cat = lib.catalog
    have_tags = tagstore.ensure_schema(cat)
    rejected_all = tagstore.rejected_by_ckey(cat) if have_tags else {}
    if paths is None:
        wanted = set(tagstore.user_ckeys(cat)) | set(rejected_all) if have_tags else set()
        if faces:
            for pid in peoplestore.person_names(cat):
                wanted.update(peoplestore.ckeys_of_person(cat, pid))
        photos = [p for p in lib.photos() if p.online and p.ckey in wanted]
    else:
        photos = []
        for x in paths:
            p = lib.photo(os.path.abspath(x))
            if p is None:
                rep.skipped.append((os.path.abspath(x), "not_in_library", ""))
            else:
                photos.append(p)
    listing: dict[str, dict[str, str]] = {}
    for folder in sorted({os.path.dirname(p.path) for p in photos}):
        rep.temps_removed += xmp_write.remove_stale_temps(folder)
        listing[folder] = metadata.xmp_names(folder)  # one listing per folder, not per photo
    for p in photos:
        if not os.path.isfile(p.path):
            rep.skipped.append((p.path, "photo_missing", ""))
            continue
        user = tagstore.of_ckey(cat, p.ckey or "") if have_tags else []
        rejected = rejected_all.get(p.ckey or "", set())
        names = listing.get(os.path.dirname(p.path))
        named = named_faces(lib, p.path) if faces else None
        try:
            written, pl = write_one(p.path, user, rejected, names, named)
        except xmp.XmpError as exc:
            rep.skipped.append((sidecar_for_writing(p.path, names), exc.code, str(exc)))
            continue
        except RecursionError:
            rep.skipped.append((sidecar_for_writing(p.path, names), "xmp_too_deep", ""))
            continue
        except OSError as exc:
            rep.skipped.append((sidecar_for_writing(p.path, names), "write_failed",
                                exc.strerror or str(exc)))
            continue
        if pl is not None and pl.regions is not None:
            rep.face_conflicts += [(pl.target, ours, theirs) for ours, theirs in pl.regions.conflicts]
        if written is None:
            rep.unchanged += 1
            continue
        if pl is not None and pl.regions is not None:
            rep.faces_written += len(pl.regions.added)
        rep.written.append(pl.target if pl is not None else written)
        if not lib.readonly and pl is not None:  # the file now says so: a later removal rejects
            tagmod.set_file_tags(lib, p.path, pl.final)
    if rep.written or rep.skipped:
        log.info("sidecars: %d written, %d unchanged, %d skipped", len(rep.written),
                 rep.unchanged, len(rep.skipped))
    return rep


def named_faces(lib: Library, path: str) -> list[regions_write.NamedFace]:
    """The faces of a library photo that belong to a named person (never a suggestion)."""
    return [regions_write.NamedFace(b.name.strip(), b.box) for b in lib.people.boxes_of_path(path)
            if b.person_id is not None and b.name and b.name.strip()]
