"""The duplicates feature's tables and every SQL statement it runs.

All keyed by content key, so they survive rescans, moves and renames:

* ``dup_decisions``: "not duplicates" / "keep all" pairs the user decided;
* ``photo_quality``: sharpness, a 4x4 colour layout and the JPEG quality, measured once;
* ``photo_phash``: the 64-bit perceptual hash of the cached thumbnail (signed in SQLite).

The tables are made by the catalog's numbered migrations (:mod:`.migrations`); a library
opened read-only at an older version may lack them and then reads as empty and writes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from photorec.core.store import shared as organize

if TYPE_CHECKING:
    from photorec.core.store.catalog import Catalog


def ensure_schema(catalog: Catalog) -> bool:
    """The decisions and quality tables (and, when writable, the hashes' table)."""
    return organize.ensure(catalog, "dup_decisions")


def ensure_phash(catalog: Catalog) -> bool:
    """The hashes' table on its own: a read-only library made before it existed may lack it."""
    return organize.ensure(catalog, "photo_phash")


# -- decisions -------------------------------------------------------------------------------


def decision_rows(catalog: Catalog) -> list[tuple[str, str, str, float]]:
    return catalog._query("SELECT ckey_a, ckey_b, decision, created FROM dup_decisions")


def file_counts(catalog: Catalog, ckeys: list[str]) -> dict[str, int]:
    """How many library files (status ok) have each content key."""
    out: dict[str, int] = {}
    for part in organize.chunks(ckeys):
        out.update(catalog._query(
            f"SELECT ckey, COUNT(*) FROM files WHERE status = 'ok' AND ckey IN "
            f"({','.join('?' * len(part))}) GROUP BY ckey", part))
    return out


def put_decisions(catalog: Catalog, rows: Iterable[tuple[str, str, str]]) -> None:
    now = time.time()
    with catalog._write() as c:
        c.executemany(
            "INSERT OR REPLACE INTO dup_decisions(ckey_a, ckey_b, decision, created) VALUES (?,?,?,?)",
            [(a, b, d, now) for a, b, d in rows])


def delete_decisions(catalog: Catalog, ckeys: list[str] | None) -> int:
    """Forget decisions between the contents ``ckeys`` (all decisions when None)."""
    with catalog._write() as c:
        if ckeys is None:
            return c.execute("DELETE FROM dup_decisions").rowcount
        q = ",".join("?" * len(ckeys))
        return c.execute(
            f"DELETE FROM dup_decisions WHERE ckey_a IN ({q}) AND ckey_b IN ({q})", ckeys + ckeys
        ).rowcount


# -- quality ---------------------------------------------------------------------------------


def quality_rows(catalog: Catalog, ckeys: list[str]) -> list[tuple[Any, ...]]:
    """(ckey, sharpness, signature bytes, jpeg quality) of the contents measured already."""
    rows: list[tuple[Any, ...]] = []
    for part in organize.chunks(ckeys):
        rows.extend(catalog._query(
            f"SELECT ckey, sharpness, signature, jpeg_quality FROM photo_quality "
            f"WHERE ckey IN ({','.join('?' * len(part))})", part))
    return rows


def put_quality(catalog: Catalog, rows: list[tuple[Any, ...]]) -> None:
    """rows: (ckey, sharpness, signature bytes, jpeg quality, measured)."""
    with catalog._write() as c:
        c.executemany("INSERT OR REPLACE INTO photo_quality(ckey, sharpness, signature, "
                      "jpeg_quality, measured) VALUES (?,?,?,?,?)", rows)


# -- perceptual hashes -----------------------------------------------------------------------


def phash_rows(catalog: Catalog, ckeys: list[str] | None = None) -> list[tuple[str, int]]:
    """(ckey, signed hash) for ``ckeys`` (every stored hash when None)."""
    if ckeys is None:
        return catalog._query("SELECT ckey, phash FROM photo_phash")
    rows: list[tuple[str, int]] = []
    for part in organize.chunks(ckeys):
        rows.extend(catalog._query(
            f"SELECT ckey, phash FROM photo_phash WHERE ckey IN ({','.join('?' * len(part))})", part))
    return rows


def put_phashes(catalog: Catalog, rows: list[tuple[str, int]]) -> None:
    """rows: (ckey, signed hash)."""
    now = time.time()
    with catalog._write() as c:
        c.executemany("INSERT OR REPLACE INTO photo_phash(ckey, phash, measured) VALUES (?,?,?)",
                      [(ck, h, now) for ck, h in rows])


def copies_by_ckey(catalog: Catalog) -> list[tuple[str, int, int]]:
    """(content key, how many library files have it, the oldest file's mtime_ns)."""
    return catalog._query(
        "SELECT ckey, COUNT(*), MIN(mtime_ns) FROM files WHERE status = 'ok' AND ckey IS NOT NULL "
        "GROUP BY ckey")


def vector_rows(catalog: Catalog, model: str) -> list[tuple[int, str, float | None, int, int]]:
    """(vector id, content key, taken, width, height) of every vector of ``model``, by id."""
    return catalog._query(
        "SELECT id, ckey, taken, width, height FROM vectors WHERE model = ? ORDER BY id", (model,))
