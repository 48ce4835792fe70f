"""The tag tables and their SQL: tags per content key, rejections, the keywords the photo files
carry, where tagged contents were last seen, and the trained classifier per model.

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
    """Tag a content; 1 if new. A tag that came only from the file becomes ``source``'s.
    Clears a rejection of that tag."""
    n = c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                  (ckey, tag, source, now)).rowcount
    if not n and source != FILE_SOURCE:
        n = c.execute("UPDATE tags SET source = ? WHERE ckey = ? AND tag = ? AND source = ?",
                      (source, ckey, tag, FILE_SOURCE)).rowcount
    c.execute("DELETE FROM tag_rejections WHERE ckey = ? AND tag = ?", (ckey, tag))
    return n


def insert_c(c: sqlite3.Connection, ckey: str, tag: str, source: str, now: float) -> int:
    """Insert a tag if missing (an import: nothing else changes); 1 if new."""
    return c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                     (ckey, tag, source, now)).rowcount


def remove_c(c: sqlite3.Connection, ckey: str, tag: str, now: float) -> int:
    """Untag a content; a tag its file carries is remembered as rejected."""
    in_file = c.execute("SELECT 1 FROM tags WHERE ckey = ? AND tag = ? AND source = ? "
                        "UNION SELECT 1 FROM tag_file_keywords WHERE ckey = ? AND tag = ?",
                        (ckey, tag, FILE_SOURCE, ckey, tag)).fetchone()
    n = c.execute("DELETE FROM tags WHERE ckey = ? AND tag = ?", (ckey, tag)).rowcount
    if in_file:
        reject_c(c, ckey, tag, now)
    return n


def reject_c(c: sqlite3.Connection, ckey: str, tag: str, now: float) -> int:
    return c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) VALUES (?,?,?)",
                     (ckey, tag, now)).rowcount


def rename_c(c: sqlite3.Connection, old: str, new: str, now: float) -> int:
    """Rename a tag everywhere (returns how many photo contents had it); renamed file tags
    become the user's and ``old`` is rejected for those contents (reading the files again does
    not bring it back). A change of case only respells the tag."""
    if new.lower() == old.lower():
        return c.execute("UPDATE tags SET tag = ?, source = CASE WHEN source = ? THEN 'user' "
                         "ELSE source END WHERE tag = ?", (new, FILE_SOURCE, old)).rowcount
    c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) "
              "SELECT ckey, ?, CASE WHEN source = ? THEN 'user' ELSE source END, created "
              "FROM tags WHERE tag = ?", (new, FILE_SOURCE, old))
    c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) "
              "SELECT ckey, tag, ? FROM tags WHERE tag = ? AND source = ?", (now, old, FILE_SOURCE))
    return c.execute("DELETE FROM tags WHERE tag = ? AND tag != ?", (old, new)).rowcount


def set_file_keywords_c(c: sqlite3.Connection, ckey: str, tags: list[str], path: str | None, now: float) -> None:
    """Make ``tags`` (clean, no case duplicates) the content's file-sourced tags."""
    c.execute("DELETE FROM tag_file_keywords WHERE ckey = ?", (ckey,))
    c.executemany("INSERT OR IGNORE INTO tag_file_keywords(ckey, tag) VALUES (?, ?)",
                  [(ckey, t) for t in tags])
    want = {t.lower() for t in tags}
    for (t,) in c.execute("SELECT tag FROM tags WHERE ckey = ? AND source = ?",
                          (ckey, FILE_SOURCE)).fetchall():
        if t.lower() not in want:
            c.execute("DELETE FROM tags WHERE ckey = ? AND tag = ?", (ckey, t))
    rejected = {r[0].lower() for r in c.execute(
        "SELECT tag FROM tag_rejections WHERE ckey = ?", (ckey,)).fetchall()}
    c.executemany("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                  [(ckey, t, FILE_SOURCE, now) for t in tags if t.lower() not in rejected])
    if path and tags:
        set_hint_c(c, ckey, path)


def clear_all_c(c: sqlite3.Connection) -> None:
    for t in ("tags", "tag_rejections", "tag_file_keywords", "tag_hints", "tag_models"):
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

    def set_file_keywords(self, ckey: str, tags: list[str], path: str | None, now: float) -> None:
        set_file_keywords_c(self._c, ckey, tags, path, now)

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


def by_ckey(catalog: Catalog) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ck, t in catalog._query("SELECT ckey, tag FROM tags ORDER BY tag"):
        out.setdefault(ck, []).append(t)
    return out


def of_ckey(catalog: Catalog, ckey: str, source: str | None = None) -> list[str]:
    if source is None:
        rows = catalog._query("SELECT tag FROM tags WHERE ckey = ? ORDER BY tag", (ckey,))
    else:
        rows = catalog._query("SELECT tag FROM tags WHERE ckey = ? AND source = ? ORDER BY tag",
                             (ckey, source))
    return [r[0] for r in rows]


def counts(catalog: Catalog) -> list[tuple[str, int]]:
    """(tag, library photos with it), most used first; tags of gone photos count 0."""
    return [(t, int(n)) for t, n in catalog._query(
        "SELECT t.tag, COUNT(f.id) FROM tags t LEFT JOIN files f "
        "ON f.ckey = t.ckey AND f.status = 'ok' GROUP BY t.tag COLLATE NOCASE "
        "ORDER BY COUNT(f.id) DESC, t.tag")]


def file_counts(catalog: Catalog) -> dict[str, int]:
    return {t.lower(): int(n) for t, n in catalog._query(
        "SELECT t.tag, COUNT(f.id) FROM tags t JOIN files f ON f.ckey = t.ckey AND f.status = 'ok' "
        "WHERE t.source = ? GROUP BY t.tag COLLATE NOCASE", (FILE_SOURCE,))}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def file_ids_with(catalog: Catalog, tag: str, sep: str) -> list[int]:
    """Ids of the library files carrying ``tag``, or a hierarchical tag (parts joined by
    ``sep``) of which ``tag`` is an ancestor or the last part."""
    esc = _like_escape(tag)
    return [r[0] for r in catalog._query(
        "SELECT DISTINCT f.id FROM files f JOIN tags t ON t.ckey = f.ckey WHERE f.status = 'ok' "
        "AND (t.tag = ? OR t.tag LIKE ? ESCAPE '\\' OR t.tag LIKE ? ESCAPE '\\')",
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
    """(tags [(ckey, tag, source, created)], rejections [(ckey, tag, created)], hints)."""
    rows = catalog._query("SELECT ckey, tag, source, created FROM tags ORDER BY ckey, tag")
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
