"""The metadata table: what :mod:`photorec.core.ingest.metadata` read from each photo's file and
sidecars, keyed by the file's path, with the mtimes it was read at (the file's, and a
signature of its sidecars' names and mtimes) so a pass re-reads only what changed.

Also the recognised-objects cache of :mod:`photorec.core.search.engine`: the model's top classes of
each content (keyed by content key and model), computed once from the stored vectors.
The tables are schema version 4 (titles, descriptions, artist: 5) (:mod:`.migrations`); a catalog
opened read-only at an older version lacks them and reads as empty.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from photorec.core.store import shared as organize

if TYPE_CHECKING:
    from photorec.core.store.catalog import Catalog, Photo

T = TypeVar("T")

_COLS = ("title, description, keywords, hierarchical, rating, taken, camera, lat, lon, problem, "
         "titles, descriptions, artist")


def ensure_schema(catalog: Catalog) -> bool:
    return organize.ensure(catalog, "file_metadata")


def states(catalog: Catalog) -> dict[str, tuple[int, str]]:
    """path -> (file mtime_ns, sidecar signature) of what was read."""
    return {r[0]: (r[1], r[2]) for r in catalog._query(
        "SELECT path, file_mtime_ns, sidecars FROM file_metadata")}


def save(catalog: Catalog, rows: Iterable[tuple[Photo, str, Any]], con: sqlite3.Connection | None = None) -> None:
    """``rows``: (photo, sidecar signature, PhotoMeta), in one transaction (or ``con``'s)."""
    if con is None:
        with catalog._write() as c:
            return save(catalog, rows, c)
    now = time.time()
    con.executemany(
        f"INSERT OR REPLACE INTO file_metadata(path, file_mtime_ns, sidecars, {_COLS}, read) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(p.path, p.mtime_ns, sig, m.title, m.description, json.dumps(m.keywords),
          json.dumps(m.hierarchical), m.rating, m.date, m.camera, m.lat, m.lon, m.problem,
          json.dumps(m.titles, ensure_ascii=False), json.dumps(m.descriptions, ensure_ascii=False),
          m.artist, now)
         for p, sig, m in rows],
    )


def prune(catalog: Catalog) -> int:
    """Forget the rows (and the file keywords) of files that are no longer in the library."""
    with catalog._write() as c:
        c.execute("DELETE FROM file_keywords WHERE path NOT IN (SELECT path FROM files)")
        return c.execute("DELETE FROM file_metadata WHERE path NOT IN (SELECT path FROM files)").rowcount


def _meta(row: tuple[Any, ...], make: Callable[..., T]) -> T:
    title, desc, kw, hier, rating, taken, camera, lat, lon, problem, titles, descs, artist = row
    return make(keywords=json.loads(kw), hierarchical=json.loads(hier), title=title,
                description=desc, rating=rating, date=taken, camera=camera, lat=lat, lon=lon,
                problems=[problem] if problem else [],
                titles=json.loads(titles) if titles else ({"x-default": title} if title else {}),
                descriptions=(json.loads(descs) if descs else ({"x-default": desc} if desc else {})),
                artist=artist)


def get(catalog: Catalog, path: str, make: Callable[..., T]) -> T | None:
    """What was read for ``path``, made by ``make(keywords=..., title=..., ...)`` (the
    ingest layer's PhotoMeta: the store imports nothing above it)."""
    rows = catalog._query(f"SELECT {_COLS} FROM file_metadata WHERE path = ?", (path,))
    return _meta(rows[0], make) if rows else None


def all_metadata(catalog: Catalog, make: Callable[..., T]) -> dict[str, T]:
    """path -> what was read for every photo (made by ``make``, as in :func:`get`)."""
    return {r[0]: _meta(r[1:], make)
            for r in catalog._query(f"SELECT path, {_COLS} FROM file_metadata")}


def problems(catalog: Catalog) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in catalog._query(
        "SELECT m.path, m.problem FROM file_metadata m JOIN files f ON f.path = m.path "
        "WHERE m.problem IS NOT NULL AND f.status = 'ok' ORDER BY m.path")]


# -- recognised objects ----------------------------------------------------------------------


def object_classes(catalog: Catalog, model: str) -> dict[str, list[tuple[int, float]]]:
    return {r[0]: [(int(i), float(p)) for i, p in json.loads(r[1])] for r in catalog._query(
        "SELECT ckey, top FROM object_classes WHERE model = ?", (model,))}


def save_object_classes(catalog: Catalog, model: str, items: dict[str, list[tuple[int, float]]]) -> None:
    with catalog._write() as c:
        c.executemany("INSERT OR REPLACE INTO object_classes(ckey, model, top) VALUES (?, ?, ?)",
                      [(ck, model, json.dumps([[int(i), round(float(p), 5)] for i, p in top]))
                       for ck, top in items.items()])
