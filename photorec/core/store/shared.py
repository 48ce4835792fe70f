"""Shared plumbing of the organising features (duplicates, themes, tags).

Everything these features add to the catalog is keyed by content key (``ckey``), never by file
id or path, so it survives rescans, moves and renames. Their tables are made by the catalog's
numbered migrations (core/store/migrations.py) like every other table; a library opened
read-only at an older schema version may lack them, and then reads as empty.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import numpy as np

from photorec.core.store import Catalog

log = logging.getLogger(__name__)


def has_table(catalog: Catalog, name: str) -> bool:
    return bool(catalog._query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))


def ensure(catalog: Catalog, name: str) -> bool:
    """Whether a feature's tables are there (the catalog's numbered migrations made them when
    it opened writable). False for a catalog opened read-only at an older version that lacks
    them: callers then read nothing and write nothing. Remembered on the catalog object."""
    # On the catalog object itself: a dict keyed by id(catalog) was wrong once a closed
    # catalog's id was reused by the next one (another library, no tables yet).
    ensured: set[str] = catalog.__dict__.setdefault("_organize_tables", set())
    if name in ensured:
        return True
    ok = has_table(catalog, name)
    if ok:
        ensured.add(name)
    elif not catalog.readonly:
        log.warning("the catalog has no %s table although it was migrated", name)
    return ok


def chunks(seq: list[Any], n: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def vector_table(catalog: Catalog, model: str) -> tuple[np.ndarray, list[str]]:
    """(vector ids, content keys) of every vector of ``model`` that some photo still uses,
    sorted by content key (an order independent of when photos were indexed)."""
    rows = catalog._query(
        "SELECT v.id, v.ckey FROM vectors v WHERE v.model = ? AND EXISTS "
        "(SELECT 1 FROM files f WHERE f.ckey = v.ckey AND f.status = 'ok') ORDER BY v.ckey",
        (model,),
    )
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)), [r[1] for r in rows]


def load_vectors(catalog: Catalog, model: str,
                 dtype: type[np.floating[Any]] = np.float32) -> tuple[np.ndarray, list[str], np.ndarray]:
    """(vector ids, ckeys, vectors [n, dim]) in content-key order (see :func:`vector_table`).

    ``dtype=np.float16`` halves the memory (100,000 photos: 256 MB instead of 512 MB)."""
    ids, ckeys = vector_table(catalog, model)
    pos = {int(v): i for i, v in enumerate(ids.tolist())}
    out: np.ndarray | None = None
    for vids, vecs in catalog.iter_vectors(model):
        if out is None:
            out = np.zeros((len(ids), vecs.shape[1]), dtype=dtype)
        j = np.fromiter((pos.get(v, -1) for v in vids.tolist()), dtype=np.int64, count=len(vids))
        keep = j >= 0
        out[j[keep]] = vecs[keep]
    if out is None:
        out = np.zeros((0, 0), dtype=dtype)
    return ids, ckeys, out


def ckeys_of_paths(catalog: Catalog, paths: Iterable[str]) -> dict[str, str]:
    """path -> content key, for the library photos among ``paths`` (absolute paths)."""
    paths = list(paths)
    out: dict[str, str] = {}
    for part in chunks(paths):
        q = ",".join("?" * len(part))
        for p, ck in catalog._query(f"SELECT path, ckey FROM files WHERE path IN ({q}) AND ckey IS NOT NULL", part):
            out[p] = ck
    return out
