"""The tag tables and their SQL: tags per content key, rejections, the keywords the photo files
carry, where tagged contents were last seen, and the trained classifier per model.

Two owners: the user's tags (``tags``: 'user', 'import', 'suggestion') follow the content (its
content key), so a moved or renamed photo keeps them; the keywords read from a file or its
sidecar (``file_keywords``, source 'file') belong to that file, by path, so two copies of one
photo in two folders keep their own. A rejection (the user removed a tag in photorec) is per
content and hides a file keyword of every copy.

Functions named ``*_c`` take an open connection inside the caller's write transaction; the
others read through a catalog. The tables are made by the catalog's numbered migrations
(:mod:`.migrations`); a catalog opened read-only at an older version may lack them and then
reads as empty.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from photorec.core.store import metadata
from photorec.core.store import shared as organize

if TYPE_CHECKING:
    from photorec.core.store.catalog import Catalog, Photo

FILE_SOURCE = "file"  # tags read from the photo files (IPTC/XMP keywords)

NAME = "tags"


def ensure_schema(catalog: Catalog) -> bool:
    return organize.ensure(catalog, NAME)


# -- writes (inside a transaction) -----------------------------------------------------------


def set_hint_c(c: sqlite3.Connection, ckey: str, path: str, *, replace: bool = True) -> None:
    verb = "REPLACE" if replace else "IGNORE"
    c.execute(f"INSERT OR {verb} INTO tag_hints(ckey, path) VALUES (?, ?)", (ckey, path))


def add_c(c: sqlite3.Connection, ckey: str, tag: str, source: str, now: float) -> int:
    """Tag a content; 1 if new (a tag that so far came only from a file of this content counts
    as new: it is the user's now). Clears a rejection of that tag."""
    n = c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                  (ckey, tag, source, now)).rowcount
    c.execute("DELETE FROM tag_rejections WHERE ckey = ? AND tag = ?", (ckey, tag))
    return n


def insert_c(c: sqlite3.Connection, ckey: str, tag: str, source: str, now: float) -> int:
    """Insert a tag if missing (an import: nothing else changes); 1 if new."""
    return c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                     (ckey, tag, source, now)).rowcount


def _in_files(c: sqlite3.Connection, ckey: str, tag: str) -> bool:
    return c.execute("SELECT 1 FROM file_keywords k JOIN files f ON f.path = k.path "
                     "WHERE f.ckey = ? AND k.tag = ? LIMIT 1", (ckey, tag)).fetchone() is not None


def remove_c(c: sqlite3.Connection, ckey: str, tag: str, now: float) -> int:
    """Untag a content; a tag a file of it carries is remembered as rejected (1 either way)."""
    n = c.execute("DELETE FROM tags WHERE ckey = ? AND tag = ?", (ckey, tag)).rowcount
    if _in_files(c, ckey, tag):
        n = max(n, reject_c(c, ckey, tag, now))
    return n


def reject_c(c: sqlite3.Connection, ckey: str, tag: str, now: float) -> int:
    return c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) VALUES (?,?,?)",
                     (ckey, tag, now)).rowcount


def rename_c(c: sqlite3.Connection, old: str, new: str, now: float) -> int:
    """Rename a tag everywhere (returns how many photo contents had it); where a file carries
    ``old`` the content gets ``new`` as the user's tag and ``old`` is rejected for it (reading
    the files again does not bring it back). A change of case only respells the user's tag."""
    file_ckeys = {r[0] for r in c.execute(
        "SELECT DISTINCT f.ckey FROM file_keywords k JOIN files f ON f.path = k.path "
        "WHERE k.tag = ? AND f.ckey IS NOT NULL AND f.ckey NOT IN "
        "(SELECT ckey FROM tag_rejections WHERE tag = ?)", (old, old)).fetchall()}
    user_ckeys = {r[0] for r in c.execute("SELECT ckey FROM tags WHERE tag = ?", (old,)).fetchall()}
    if new.lower() == old.lower():
        c.execute("UPDATE tags SET tag = ? WHERE tag = ?", (new, old))
    else:
        c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) "
                  "SELECT ckey, ?, source, created FROM tags WHERE tag = ?", (new, old))
        c.execute("DELETE FROM tags WHERE tag = ?", (old,))
    for ck in file_ckeys - user_ckeys:
        c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                  (ck, new, "user", now))
    if new.lower() != old.lower():
        for ck in file_ckeys:
            reject_c(c, ck, old, now)
    return len(file_ckeys | user_ckeys)


def set_file_keywords_c(c: sqlite3.Connection, path: str, tags: list[str]) -> None:
    """Make ``tags`` (clean, no case duplicates) the keywords the file at ``path`` carries."""
    c.execute("DELETE FROM file_keywords WHERE path = ?", (path,))
    c.executemany("INSERT OR IGNORE INTO file_keywords(path, tag) VALUES (?, ?)",
                  [(path, t) for t in tags])


def prune_file_keywords_c(c: sqlite3.Connection) -> int:
    """Forget the keywords of files that are no longer in the library."""
    return c.execute("DELETE FROM file_keywords WHERE path NOT IN (SELECT path FROM files)").rowcount


def clear_all_c(c: sqlite3.Connection) -> None:
    for t in ("tags", "tag_rejections", "tag_file_keywords", "file_keywords", "tag_hints",
              "tag_models"):
        c.execute(f"DELETE FROM {t}")


class TagWriter:
    """The tag writes of one transaction (:func:`writer`): the ``*_c`` functions bound to it, so
    that no caller outside the store holds a connection."""

    def __init__(self, catalog: Catalog, con: sqlite3.Connection) -> None:
        self._catalog, self._c = catalog, con

    def set_hint(self, ckey: str, path: str, *, replace: bool = True) -> None:
        set_hint_c(self._c, ckey, path, replace=replace)

    def add(self, ckey: str, tag: str, source: str, now: float) -> int:
        return add_c(self._c, ckey, tag, source, now)

    def insert(self, ckey: str, tag: str, source: str, now: float) -> int:
        return insert_c(self._c, ckey, tag, source, now)

    def remove(self, ckey: str, tag: str, now: float) -> int:
        return remove_c(self._c, ckey, tag, now)

    def reject(self, ckey: str, tag: str, now: float) -> int:
        return reject_c(self._c, ckey, tag, now)

    def rename(self, old: str, new: str, now: float) -> int:
        return rename_c(self._c, old, new, now)

    def set_file_keywords(self, path: str, tags: list[str]) -> None:
        set_file_keywords_c(self._c, path, tags)

    def prune_file_keywords(self) -> int:
        return prune_file_keywords_c(self._c)

    def clear_all(self) -> None:
        clear_all_c(self._c)

    def save_model(self, model: str, created: float, info: dict[str, Any], W: np.ndarray, b: np.ndarray,
                   mean: np.ndarray, basis: np.ndarray) -> None:
        save_model_c(self._c, model, created, info, W, b, mean, basis)

    def save_metadata(self, rows: Iterable[tuple[Photo, str, Any]]) -> None:
        """What the metadata pass read (:func:`photorec.core.store.metadata.save`), in this
        same transaction as the file keywords it makes tags."""
        metadata.save(self._catalog, rows, self._c)


@contextmanager
def writer(catalog: Catalog) -> Iterator[TagWriter]:
    """One write transaction of tag changes (committed when the block ends)."""
    with catalog._write() as c:
        yield TagWriter(catalog, c)


# -- reads -----------------------------------------------------------------------------------


# A photo file's tags: its content's tags, and its own keywords unless rejected for the content.
_FILE_TAGS = ("SELECT f.id, f.path, f.ckey, t.tag, t.source FROM files f JOIN tags t ON t.ckey = f.ckey "
              "WHERE f.status = 'ok' UNION ALL "
              "SELECT f.id, f.path, f.ckey, k.tag, 'file' FROM files f JOIN file_keywords k "
              "ON k.path = f.path WHERE f.status = 'ok' AND NOT EXISTS (SELECT 1 FROM "
              "tag_rejections r WHERE r.ckey = f.ckey AND r.tag = k.tag)")


def _merge(rows: Iterable[tuple[str]]) -> list[str]:
    out: dict[str, str] = {}
    for (t,) in rows:
        out.setdefault(t.lower(), t)
    return sorted(out.values(), key=str.lower)


def by_ckey(catalog: Catalog) -> dict[str, list[str]]:
    """ckey -> the content's tags: the user's, and the keywords any file of it carries."""
    out: dict[str, dict[str, str]] = {}
    for ck, t in catalog._query("SELECT ckey, tag FROM tags"):
        out.setdefault(ck, {}).setdefault(t.lower(), t)
    for _, _, ck, t, src in catalog._query(_FILE_TAGS):
        if src == FILE_SOURCE and ck:
            out.setdefault(ck, {}).setdefault(t.lower(), t)
    return {ck: sorted(d.values(), key=str.lower) for ck, d in out.items()}


def by_path(catalog: Catalog) -> dict[str, list[str]]:
    """path -> the tags of each library file: its content's (user) tags and its own keywords."""
    out: dict[str, dict[str, str]] = {}
    for _, path, _, t, _ in catalog._query(_FILE_TAGS):
        out.setdefault(path, {}).setdefault(t.lower(), t)
    return {p: sorted(d.values(), key=str.lower) for p, d in out.items()}


def of_ckey(catalog: Catalog, ckey: str, source: str | None = None) -> list[str]:
    """The content's own (user) tags; ``source`` narrows them to one source."""
    if source is None:
        rows = catalog._query("SELECT tag FROM tags WHERE ckey = ?", (ckey,))
    else:
        rows = catalog._query("SELECT tag FROM tags WHERE ckey = ? AND source = ?", (ckey, source))
    return _merge(rows)


def user_ckeys(catalog: Catalog) -> set[str]:
    """The contents the user tagged in photorec."""
    return {r[0] for r in catalog._query("SELECT DISTINCT ckey FROM tags")}


def user_tags_of(catalog: Catalog, ckey: str) -> list[tuple[str, str]]:
    """(tag, source) of the tags the user gave the content in photorec."""
    return [(r[0], r[1]) for r in catalog._query(
        "SELECT tag, source FROM tags WHERE ckey = ? ORDER BY tag", (ckey,))]


def file_keywords_of(catalog: Catalog, path: str, ckey: str | None = None) -> list[str]:
    """The keywords the file at ``path`` carries, less those rejected for ``ckey``."""
    return _merge(catalog._query(
        "SELECT k.tag FROM file_keywords k WHERE k.path = ? AND NOT EXISTS (SELECT 1 FROM "
        "tag_rejections r WHERE r.ckey = ? AND r.tag = k.tag)", (path, ckey or "")))


def raw_file_keywords_of(catalog: Catalog, path: str) -> list[str]:
    """Every keyword read from the file at ``path`` (rejected ones too)."""
    return _merge(catalog._query("SELECT tag FROM file_keywords WHERE path = ?", (path,)))


def of_path(catalog: Catalog, path: str, ckey: str | None) -> list[str]:
    """A file's tags: its content's (user) tags and its own keywords not rejected."""
    return _merge([(t,) for t in of_ckey(catalog, ckey or "")]
                  + [(t,) for t in file_keywords_of(catalog, path, ckey)])


def counts(catalog: Catalog) -> list[tuple[str, int]]:
    """(tag, library photos with it), most used first; tags of gone photos count 0."""
    n: dict[str, set[int]] = {}
    names: dict[str, str] = {}
    for (t,) in catalog._query("SELECT tag FROM tags ORDER BY tag"):
        names.setdefault(t.lower(), t)
        n.setdefault(t.lower(), set())
    for fid, _, _, t, _ in catalog._query(_FILE_TAGS):
        names.setdefault(t.lower(), t)
        n.setdefault(t.lower(), set()).add(fid)
    return sorted(((names[k], len(v)) for k, v in n.items()), key=lambda x: (-x[1], x[0]))


def file_counts(catalog: Catalog) -> dict[str, int]:
    """tag (lower case) -> library photos whose file carries it (and not rejected)."""
    n: dict[str, set[int]] = {}
    for fid, _, _, t, src in catalog._query(_FILE_TAGS):
        if src == FILE_SOURCE:
            n.setdefault(t.lower(), set()).add(fid)
    return {k: len(v) for k, v in n.items()}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def file_ids_with(catalog: Catalog, tag: str, sep: str) -> list[int]:
    """Ids of the library files carrying ``tag``, or a hierarchical tag (parts joined by
    ``sep``) of which ``tag`` is an ancestor or the last part."""
    esc = _like_escape(tag)
    return [r[0] for r in catalog._query(
        f"SELECT DISTINCT id FROM ({_FILE_TAGS}) WHERE (tag = ? COLLATE NOCASE "
        "OR tag LIKE ? ESCAPE '\\' OR tag LIKE ? ESCAPE '\\')",
        (tag, esc + sep + "%", "%" + sep + esc))]


def rejections(catalog: Catalog) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in catalog._query("SELECT ckey, tag FROM tag_rejections")]


def rejected_by_ckey(catalog: Catalog) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ck, t in catalog._query("SELECT ckey, tag FROM tag_rejections"):
        out.setdefault(ck, set()).add(t.lower())
    return out


def export_rows(
    catalog: Catalog,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[str, str]]:
    """(tags [(ckey, tag, source, created)], rejections [(ckey, tag, created)], hints): the
    user's tags per content and, as source 'file', the keywords its files carry."""
    rows = catalog._query("SELECT ckey, tag, source, created FROM tags ORDER BY ckey, tag")
    have = {(ck, t.lower()) for ck, t, _, _ in rows}
    for _, _, ck, t, src in catalog._query(_FILE_TAGS):
        if src == FILE_SOURCE and ck and (ck, t.lower()) not in have:
            have.add((ck, t.lower()))
            rows.append((ck, t, FILE_SOURCE, 0.0))
    rows.sort(key=lambda r: (r[0], r[1].lower()))
    rejected = catalog._query("SELECT ckey, tag, created FROM tag_rejections ORDER BY ckey, tag")
    hints = dict(catalog._query("SELECT ckey, path FROM tag_hints"))
    return rows, rejected, hints


# -- the classifier --------------------------------------------------------------------------


def save_model_c(c: sqlite3.Connection, model: str, created: float, info: dict[str, Any], W: np.ndarray, b: np.ndarray,
                 mean: np.ndarray, basis: np.ndarray) -> None:
    c.execute("INSERT OR REPLACE INTO tag_models(model, created, info, weights, bias, "
              "proj_mean, proj_basis) VALUES (?,?,?,?,?,?,?)",
              (model, created, json.dumps(info), np.ascontiguousarray(W, np.float32).tobytes(),
               np.ascontiguousarray(b, np.float32).tobytes(),
               np.ascontiguousarray(mean, np.float32).tobytes(),
               np.ascontiguousarray(basis, dtype=np.float32).tobytes()))


TagModelRow = tuple[float, dict[str, Any], NDArray[np.float32], NDArray[np.float32],
                    NDArray[np.float32], NDArray[np.float32]]


def load_model(catalog: Catalog, model: str) -> TagModelRow | None:
    """(created, info, W [p, T], b [T], mean [d], basis [d, p]) or None."""
    row = catalog._query("SELECT created, info, weights, bias, proj_mean, proj_basis "
                        "FROM tag_models WHERE model = ?", (model,))
    if not row:
        return None
    created, info, w, b, pm, pb = row[0]
    info = json.loads(info)
    T = len(info["tags"])
    mean = np.frombuffer(pm, dtype=np.float32)
    basis = np.frombuffer(pb, dtype=np.float32).reshape(len(mean), -1)
    return (created, info, np.frombuffer(w, dtype=np.float32).reshape(-1, T),
            np.frombuffer(b, dtype=np.float32), mean, basis)


def first_path_by_ckey(catalog: Catalog) -> list[tuple[str, str]]:
    """(content key, its first path) of every library photo."""
    return catalog._query("SELECT ckey, MIN(path) FROM files WHERE status = 'ok' "
                          "AND ckey IS NOT NULL GROUP BY ckey")


def known_ckeys(catalog: Catalog) -> set[str]:
    return {r[0] for r in catalog._query("SELECT DISTINCT ckey FROM files WHERE ckey IS NOT NULL")}


def paths_by_ckey(catalog: Catalog) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ck, path in catalog._query("SELECT ckey, path FROM files WHERE ckey IS NOT NULL ORDER BY path"):
        out.setdefault(ck, []).append(path)
    return out
