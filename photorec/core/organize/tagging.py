"""Tagging photos: tags per content key, the tags the photo files carry, rejections, reading.

Tags are stored per content key (a moved, renamed or rescanned photo keeps them) in the
catalog, and a tag a user typed is never deleted with the photo: forgetting a photo leaves its
tags, ready for the day the same content comes back. A photo's folder can serve as a tag:
``folder:NAME`` (the name of the folder the file is in) filters like any tag.

Each tag has a source: the user's ('user'; 'import', 'suggestion' when accepted), kept per
content so that moves and renames keep them, or the photo file's ('file': IPTC/XMP keywords of
the file and its sidecar, written by :func:`set_file_tags` at index time), kept per file path:
two copies of a photo keep their own keywords. A file tag the user removes is remembered as
rejected (for the content), so reading the file again does not bring it back.
Hierarchical keywords (Lightroom's ``Places|Portugal|Douro``) are one tag, found by their full
name, an ancestor (``Places|Portugal``) or their last part (``Douro``).

Use it through :mod:`photorec.core.organize.tags`, which re-exports these names. The SQL is in
:mod:`photorec.core.store.tags`.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from photorec.core.errors import TagError
from photorec.core.store import Catalog, Photo
from photorec.core.store import tags as db
from photorec.core.store.tags import ensure_schema

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

FOLDER_PREFIX = "folder:"
HIERARCHY = "|"  # Lightroom's hierarchical keywords: Places|Portugal|Douro


def _writable(lib: Library) -> None:
    if not ensure_schema(lib.catalog) or lib.catalog.readonly:
        raise TagError("read_only")


def clean_tag(tag: str) -> str:
    t = " ".join(str(tag).split())
    if not t:
        raise TagError("tag_empty")
    if t.lower().startswith(FOLDER_PREFIX):
        raise TagError("tag_folder_prefix", prefix=FOLDER_PREFIX)
    if len(t) > 200:
        raise TagError("tag_too_long")
    return t


def folder_tag(path: str) -> str:
    return FOLDER_PREFIX + os.path.basename(os.path.dirname(path))


def _photos_for(lib: Library, paths: Iterable[str]) -> list[Photo]:
    out, missing = [], []
    for p in paths:
        ph = lib.catalog.photo_by_path(os.path.abspath(p))
        if ph is None or not ph.ckey:
            missing.append(p)
        else:
            out.append(ph)
    nowhere = [p for p in missing if not os.path.lexists(p)]
    if nowhere:  # not a file at all: say that, not "index it first"
        raise TagError("no_such_file", paths=_some(nowhere))
    if missing:
        if len(missing) > 5:
            raise TagError("not_indexed_more", paths=", ".join(missing[:5]), more=len(missing) - 5)
        raise TagError("not_indexed", paths=", ".join(missing))
    return out


def _some(paths: list[str]) -> str:
    return ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


# -- tagging ---------------------------------------------------------------------------------


def add_tags(lib: Library, paths: Iterable[str], tags: Iterable[str], *, source: str = "user") -> int:
    """Tag photos. Returns how many (photo content, tag) pairs were new (a tag that so far
    came only from the photo file becomes the user's own, and counts as new)."""
    _writable(lib)
    tags = [clean_tag(t) for t in tags]
    photos = _photos_for(lib, paths)
    now = time.time()
    n = 0
    with db.writer(lib.catalog) as c:
        for p in photos:
            assert p.ckey  # _photos_for gives indexed photos only
            c.set_hint(p.ckey, p.path)
            for t in tags:
                n += c.add(p.ckey, t, source, now)
    return n


def remove_tags(lib: Library, paths: Iterable[str], tags: Iterable[str]) -> int:
    """Untag photos. A tag the photo file itself carries is remembered as rejected for that
    photo, so reading the file again does not bring it back."""
    _writable(lib)
    tags = [" ".join(str(t).split()) for t in tags]
    photos = _photos_for(lib, paths)
    now = time.time()
    n = 0
    with db.writer(lib.catalog) as c:
        for p in photos:
            assert p.ckey  # _photos_for gives indexed photos only
            for t in tags:
                n += c.remove(p.ckey, t, now)
    return n


def rename_tag(lib: Library, old: str, new: str) -> int:
    """Rename a tag everywhere. Renamed tags that came from photo files become the user's
    (``new``), and ``old`` is remembered as rejected for those photos so that reading the
    files again does not bring the old name back."""
    _writable(lib)
    new = clean_tag(new)
    with db.writer(lib.catalog) as c:
        return c.rename(old, new, time.time())


def accept(lib: Library, path: str, tag: str) -> None:
    add_tags(lib, [path], [tag], source="suggestion")


def reject(lib: Library, path: str, tag: str) -> None:
    """Remember that ``tag`` is wrong for this photo: never suggested again, and a negative
    example for the classifier."""
    _writable(lib)
    tag = " ".join(str(tag).split())
    (p,) = _photos_for(lib, [path])
    assert p.ckey  # _photos_for gives indexed photos only
    with db.writer(lib.catalog) as c:
        c.reject(p.ckey, tag, time.time())
        c.set_hint(p.ckey, p.path)


# -- tags read from the photo files ----------------------------------------------------------


def _clean_file_tags(tags: Iterable[str]) -> list[str]:
    """File keywords as tags: cleaned, without case duplicates; unusable ones are skipped."""
    out: dict[str, str] = {}
    for t in tags:
        try:
            t = clean_tag(t)
        except TagError as exc:
            log.debug("file keyword %r skipped: %s", t, exc)
            continue
        out.setdefault(t.lower(), t)
    return list(out.values())


def set_file_tags_many(catalog_or_lib: Catalog | Library,
                       items: Iterable[tuple[str, Iterable[str]]] | dict[str, Iterable[str]], *,
                       con: db.TagWriter | None = None) -> None:
    """:func:`set_file_tags` for many files at once: ``items`` maps path -> keywords (a dict,
    or (path, keywords) pairs). One transaction, or the caller's ``con``."""
    cat = cast(Catalog, getattr(catalog_or_lib, "catalog", catalog_or_lib))
    pairs = list(items.items() if isinstance(items, dict) else items)
    if not pairs:
        return
    if con is not None:
        for path, tags in pairs:
            con.set_file_keywords(path, _clean_file_tags(tags))
        return
    if not ensure_schema(cat) or cat.readonly:
        raise TagError("read_only")
    with db.writer(cat) as c:
        for path, tags in pairs:
            c.set_file_keywords(path, _clean_file_tags(tags))


def set_file_tags(catalog_or_lib: Catalog | Library, path: str, tags: Iterable[str], *,
                  con: db.TagWriter | None = None) -> None:
    """Make ``tags`` (the keywords read from a photo file and its sidecar: IPTC/XMP keywords,
    Lightroom hierarchies as ``Places|Portugal|Douro``) the keywords of the file at ``path``
    (absolute), replacing the ones read before. They belong to that file, not to its content:
    a copy elsewhere keeps its own. The user's own tags are untouched; a file tag the user
    removed (a rejection) stays hidden. ``catalog_or_lib``: a Library or its Catalog; ``con``:
    a tag writer of that catalog (:func:`photorec.core.store.tags.writer`) to do it in, else one of its own."""
    set_file_tags_many(catalog_or_lib, [(path, tags)], con=con)


def file_tags_of(lib: Library, path: str) -> list[str]:
    """The tags of a photo that come from its file (and the user has not removed)."""
    p = lib.catalog.photo_by_path(os.path.abspath(path))
    if p is None or not ensure_schema(lib.catalog):
        return []
    return db.file_keywords_of(lib.catalog, p.path, p.ckey)


def file_tag_counts(lib: Library) -> dict[str, int]:
    """tag (lower case) -> how many library photos carry it because their file says so."""
    return db.file_counts(lib.catalog) if ensure_schema(lib.catalog) else {}


# -- reading ---------------------------------------------------------------------------------


def tags_by_ckey(lib: Library) -> dict[str, list[str]]:
    """ckey -> the content's tags (the user's, and the keywords any file of it carries)."""
    return db.by_ckey(lib.catalog) if ensure_schema(lib.catalog) else {}


def tags_by_path(lib: Library) -> dict[str, list[str]]:
    """path -> each library photo's tags: its content's (user) tags and its file's keywords."""
    return db.by_path(lib.catalog) if ensure_schema(lib.catalog) else {}


def user_tags_of(lib: Library, path: str) -> list[str]:
    """The tags the user gave a photo in photorec (they follow its content)."""
    p = lib.catalog.photo_by_path(os.path.abspath(path))
    if p is None or not ensure_schema(lib.catalog):
        return []
    return db.of_ckey(lib.catalog, p.ckey) if p.ckey is not None else []


def tags_of(lib: Library, path: str, *, folders: bool = False) -> list[str]:
    p = lib.catalog.photo_by_path(os.path.abspath(path))
    if p is None or not ensure_schema(lib.catalog):
        return []
    out = db.of_path(lib.catalog, p.path, p.ckey)
    if folders:
        out.append(folder_tag(p.path))
    return out


def all_tags(lib: Library, *, folders: bool = False) -> list[tuple[str, int]]:
    """(tag, number of library photos with it), most used first; tags whose photos are all
    gone from the library are listed with 0 (they are kept)."""
    out = db.counts(lib.catalog) if ensure_schema(lib.catalog) else []
    if folders:
        counts = Counter(folder_tag(p.path) for p in lib.photos())
        out += sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def photos_with_tag(lib: Library, tag: str) -> list[Photo]:
    """Library photos carrying ``tag`` (or in the folder ``folder:NAME``), by path. A
    hierarchical tag is found by its full name, by an ancestor (``Places|Portugal`` finds
    ``Places|Portugal|Douro``) and by its last part (``Douro``)."""
    if tag.lower().startswith(FOLDER_PREFIX):
        name = tag[len(FOLDER_PREFIX):].lower()
        return [p for p in lib.photos() if os.path.basename(os.path.dirname(p.path)).lower() == name]
    if not ensure_schema(lib.catalog):
        return []
    ids = db.file_ids_with(lib.catalog, " ".join(str(tag).split()), HIERARCHY)
    return sorted(lib.catalog.photos_by_id(ids).values(), key=lambda p: p.path)


def untagged_photos(lib: Library) -> list[Photo]:
    tagged = set(tags_by_path(lib))
    return [p for p in lib.photos() if p.path not in tagged]


def rejections(lib: Library) -> list[tuple[str, str]]:
    return db.rejections(lib.catalog) if ensure_schema(lib.catalog) else []


def rejected_by_ckey(lib: Library) -> dict[str, set[str]]:
    return db.rejected_by_ckey(lib.catalog) if ensure_schema(lib.catalog) else {}


