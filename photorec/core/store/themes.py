"""The theme tables and their SQL: one stored k-means run per model (centroids, the projection
it was made in, how k was chosen) and each content's theme and centrality.

The tables are made by the catalog's numbered migrations (:mod:`.migrations`); a catalog
opened read-only at an older version may lack them and then reads as empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from photorec.core.store import shared as organize

if TYPE_CHECKING:
    from photorec.core.store.catalog import Catalog


def ensure_schema(catalog: Catalog) -> bool:
    return organize.ensure(catalog, "theme_runs")


@dataclass
class StoredRun:
    k: int
    seed: int
    auto: bool
    n: int
    inertia: float
    seconds: float
    created: float
    centroids: np.ndarray  # float32 [k, dim]
    mean: np.ndarray  # float32 [model dim]
    basis: np.ndarray  # float32 [model dim, dim]
    info: dict[str, Any]


def save_run(catalog: Catalog, model: str, run: StoredRun, ckeys: list[str], labels: list[int],
             scores: list[float]) -> None:
    """Replace the model's stored themes (one transaction)."""
    C = np.ascontiguousarray(run.centroids, dtype=np.float32)
    with catalog._write() as c:
        c.execute("DELETE FROM theme_members WHERE model = ?", (model,))
        c.execute(
            "INSERT OR REPLACE INTO theme_runs(model, k, seed, auto, n, inertia, seconds, "
            "created, dim, centroids, proj_mean, proj_basis, info) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (model, run.k, run.seed, int(run.auto), run.n, run.inertia, run.seconds, run.created,
             C.shape[1], C.tobytes(), np.ascontiguousarray(run.mean, np.float32).tobytes(),
             np.ascontiguousarray(run.basis, dtype=np.float32).tobytes(), json.dumps(run.info)))
        c.executemany(
            "INSERT INTO theme_members(model, ckey, theme, score) VALUES (?,?,?,?)",
            zip([model] * len(ckeys), ckeys, labels, scores))


def load_run(catalog: Catalog, model: str) -> StoredRun | None:
    row = catalog._query("SELECT k, seed, auto, n, inertia, seconds, created, dim, centroids, "
                        "proj_mean, proj_basis, info FROM theme_runs WHERE model = ?", (model,))
    if not row:
        return None
    k, seed, auto, n, inertia, seconds, created, dim, blob, pm, pb, info = row[0]
    mean = np.frombuffer(pm, dtype=np.float32)
    return StoredRun(k, seed, bool(auto), n, inertia, seconds, created,
                     np.frombuffer(blob, dtype=np.float32).reshape(k, dim), mean,
                     np.frombuffer(pb, dtype=np.float32).reshape(len(mean), dim),
                     json.loads(info or "{}"))


def members(catalog: Catalog, model: str) -> dict[str, tuple[int, float]]:
    """content key -> (theme, centrality)."""
    return {ck: (t, s) for ck, t, s in catalog._query(
        "SELECT ckey, theme, score FROM theme_members WHERE model = ?", (model,))}


def save_members(catalog: Catalog, rows: Iterable[tuple[str, str, int, float]]) -> None:
    """(model, ckey, theme, score) rows, added or replaced."""
    with catalog._write() as c:
        c.executemany("INSERT OR REPLACE INTO theme_members(model, ckey, theme, score) "
                      "VALUES (?,?,?,?)", rows)


def library_files(catalog: Catalog) -> dict[str, list[tuple[int, str, float]]]:
    """content key -> [(file id, path, date)] of the indexed files, by path; the date is when
    the photo was taken (EXIF), else its modification time."""
    out: dict[str, list[tuple[int, str, float]]] = {}
    for ck, fid, path, taken, mtime_ns in catalog._query(
            "SELECT ckey, id, path, taken, mtime_ns FROM files WHERE status = 'ok' "
            "AND ckey IS NOT NULL ORDER BY path"):
        out.setdefault(ck, []).append((fid, path, taken if taken is not None else mtime_ns / 1e9))
    return out


def file_ids_of(catalog: Catalog, ckeys: list[str]) -> list[int]:
    out: list[int] = []
    for part in organize.chunks(ckeys):
        q = ",".join("?" * len(part))
        out += [r[0] for r in catalog._query(
            f"SELECT id FROM files WHERE status = 'ok' AND ckey IN ({q})", part)]
    return out
