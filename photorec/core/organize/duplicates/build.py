"""Building the neighbour graph from the index, caching it on disk, bringing it up to date
incrementally, and attaching the perceptual hashes (backfilled from the thumbnail cache)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from photorec.core.ingest import phash as ph
from photorec.core.organize.duplicates.graph import (
    GRAPH_EF,
    GRAPH_FLOOR,
    GRAPH_VERSION,
    KNN,
    PHASH_FLOOR,
    Cancelled,
    NeighbourGraph,
    Progress,
    save_graph,
)
from photorec.core.organize.duplicates.thresholds import default_threshold
from photorec.core.store import Photo
from photorec.core.store import duplicates as store

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

PHASH_BATCH = 200  # hashes computed (and written) per transaction


def graph_path(lib: Library) -> Path:
    return lib.paths.cache_dir / f"neighbours-{lib.model.key}.npz"


def _vertex_table(lib: Library) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]:
    cat, model = lib.catalog, lib.model.key
    files = {ck: (int(n), mt) for ck, n, mt in store.copies_by_ckey(cat)}
    vids, ckeys, times, copies, pixels = [], [], [], [], []
    for vid, ck, taken, w, h in store.vector_rows(cat, model):
        f = files.get(ck)
        if f is None:
            continue
        vids.append(vid)
        ckeys.append(ck)
        times.append(taken if taken is not None else (f[1] / 1e9 if f[1] is not None else np.nan))
        copies.append(f[0])
        pixels.append(float((w or 0) * (h or 0)))
    return (np.array(vids, dtype=np.int64), ckeys, np.array(times, dtype=np.float64),
            np.array(copies, dtype=np.int32), np.array(pixels, dtype=np.float64))


def _query_edges(lib: Library, vids: np.ndarray, query_ids: np.ndarray | None, k: int, floor: float,
                 progress: Progress | None, cancel: threading.Event | None,
                 batch: int = 1024) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Edges (vertex a, vertex b, cosine) from querying the index with ``query_ids`` (all
    vertices when None)."""
    cat, model = lib.catalog, lib.model.key
    total = len(vids) if query_ids is None else len(query_ids)
    src_all, dst_all, sim_all = [], [], []
    done = 0
    source = cat.iter_vectors(model, chunk=batch) if query_ids is None else \
        cat.iter_vectors(model, query_ids.tolist())
    for ids, vecs in source:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        pos = np.searchsorted(vids, ids)
        pos_ok = (pos < len(vids))
        pos_ok[pos_ok] = vids[pos[pos_ok]] == ids[pos_ok]
        ids, vecs, pos = ids[pos_ok], vecs[pos_ok], pos[pos_ok]
        if len(ids):
            labels, sims = lib.index.search_many(vecs, k + 1, ef=GRAPH_EF)
            dst = np.searchsorted(vids, labels)
            dst = np.clip(dst, 0, max(len(vids) - 1, 0))
            ok = (labels >= 0) & (vids[dst] == labels) & (sims >= floor) & (dst != pos[:, None])
            src = np.broadcast_to(pos[:, None], labels.shape)
            src_all.append(src[ok])
            dst_all.append(dst[ok])
            sim_all.append(np.minimum(sims[ok], 1.0))
        done += len(ids) + int((~pos_ok).sum())
        if progress:
            progress(min(done, total), total)
    if not src_all:
        z = np.zeros(0, dtype=np.int64)
        return z, z, np.zeros(0, dtype=np.float32), done
    return (np.concatenate(src_all), np.concatenate(dst_all),
            np.concatenate(sim_all).astype(np.float32), done)


def _dedupe(n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.minimum(u, v).astype(np.int64)
    b = np.maximum(u, v).astype(np.int64)
    code = a * max(n, 1) + b
    order = np.lexsort((-s, code))
    code, a, b, s = code[order], a[order], b[order], s[order]
    first = np.ones(len(code), dtype=bool)
    first[1:] = code[1:] != code[:-1]
    return a[first].astype(np.int32), b[first].astype(np.int32), s[first]


def build_graph(lib: Library, *, k: int = KNN, floor: float = GRAPH_FLOOR,
                progress: Callable[[int, int], None] | None = None,
                cancel: threading.Event | None = None) -> NeighbourGraph:
    """The k-nearest-neighbour graph of the whole library (one batched index query per photo)."""
    t0 = time.perf_counter()
    vids, ckeys, times, copies, pixels = _vertex_table(lib)
    u, v, s, q = _query_edges(lib, vids, None, k, floor, progress, cancel)
    a, b, s = _dedupe(len(vids), u, v, s)
    return NeighbourGraph(lib.model.key, vids, ckeys, times, copies, a, b, s, k, floor,
                          time.perf_counter() - t0, q, pixels=pixels)


def update_graph(lib: Library, old: NeighbourGraph, *, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> NeighbourGraph:
    """Bring a graph up to date: drop vertices whose photos are gone, query only the new ones."""
    t0 = time.perf_counter()
    vids, ckeys, times, copies, pixels = _vertex_table(lib)
    n = len(vids)
    # Old edges, re-indexed onto the new vertex table (vector ids are never reused).
    pos = np.searchsorted(vids, old.vids)
    pos = np.clip(pos, 0, max(n - 1, 0))
    alive = (vids[pos] == old.vids) if n else np.zeros(len(old.vids), bool)
    keep = alive[old.a] & alive[old.b] if len(old.a) else np.zeros(0, bool)
    ua, ub, us = pos[old.a[keep]], pos[old.b[keep]], old.sim[keep]
    new_ids = np.setdiff1d(vids, old.vids, assume_unique=True)
    q = 0
    if len(new_ids):
        na, nb, ns, q = _query_edges(lib, vids, new_ids, old.k, old.floor, progress, cancel)
        ua, ub, us = np.concatenate([ua, na]), np.concatenate([ub, nb]), np.concatenate([us, ns])
    a, b, s = _dedupe(n, ua, ub, us)
    return NeighbourGraph(lib.model.key, vids, ckeys, times, copies, a, b, s, old.k, old.floor,
                          time.perf_counter() - t0, q, pixels=pixels)


def load_graph(lib: Library) -> NeighbourGraph | None:
    path = graph_path(lib)
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["version"]) != GRAPH_VERSION or str(z["model"]) != lib.model.key:
                return None
            vids = z["vids"]
            return NeighbourGraph(str(z["model"]), vids, [""] * len(vids),
                                  np.full(len(vids), np.nan), np.ones(len(vids), np.int32),
                                  z["a"], z["b"], z["sim"], int(z["k"]), float(z["floor"]))
    except FileNotFoundError:
        return None
    except Exception as exc:  # a corrupt cache: build again
        log.warning("neighbour graph cache %s unusable (%s); rebuilding", path, exc)
        return None


def neighbour_graph(lib: Library, *, progress: Progress | None = None, cancel: threading.Event | None = None,
                    use_cache: bool = True) -> NeighbourGraph:
    """The library's neighbour graph: the cached one brought up to date, or a new one."""
    old = load_graph(lib) if use_cache else None
    if old is not None and old.k == KNN and old.floor == GRAPH_FLOOR:
        g = update_graph(lib, old, progress=progress, cancel=cancel)
        changed = g.queried > 0 or len(g.vids) != len(old.vids)
    else:
        g = build_graph(lib, progress=progress, cancel=cancel)
        changed = True
    if changed and use_cache:
        try:
            save_graph(g, graph_path(lib))
        except OSError as exc:
            log.info("cannot cache the neighbour graph: %s", exc)
    attach_phashes(lib, g, cancel=cancel)
    return g


def _hash_of(lib: Library, ckey: str, photos: list[Photo]) -> int | None:
    """The hash of a content's cached thumbnail (made from the photo if it is missing)."""
    thumb = lib.paths.thumb_path(ckey)
    if not thumb.exists():
        for p in photos:
            if p.online and lib.thumbnail_path(p) is not None:
                break
    try:
        return ph.phash_file(thumb)
    except Exception as exc:  # a bad or missing thumbnail only loses its hash
        log.debug("no perceptual hash for %s: %s", ckey, exc)
        return None


def _hash_upto(lib: Library) -> float:
    return default_threshold(lib.model, "duplicates")


def attach_phashes(lib: Library, g: NeighbourGraph, *, cancel: threading.Event | None = None) -> int:
    """Give the graph the hashes of the vertices that have an edge the hash could decide
    (cosine >= PHASH_FLOOR): read from the catalog, the missing ones computed from the
    thumbnail cache and stored in batches. Returns how many were computed."""
    cat = lib.catalog
    n = len(g.vids)
    hashes = np.zeros(n, dtype=np.uint64)
    known = np.zeros(n, dtype=bool)
    if not n:
        g.set_phashes(hashes, known, _hash_upto(lib))
        return 0
    want = np.zeros(n, dtype=bool)
    e = g.sim >= PHASH_FLOOR
    want[g.a[e]] = True
    want[g.b[e]] = True
    can_store = store.ensure_phash(cat)
    wanted = [g.ckeys[v] for v in np.flatnonzero(want).tolist()]
    if can_store:
        for ck, signed in store.phash_rows(cat, wanted):
            v = g.vertex(ck)
            if v is not None:
                hashes[v] = ph.from_signed(int(signed))
                known[v] = True
    missing = [v for v in np.flatnonzero(want & ~known).tolist()]
    made = 0
    if missing:
        by_vid = cat.files_of_vectors([int(g.vids[v]) for v in missing], lib.model.key)
        for start in range(0, len(missing), PHASH_BATCH):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            rows = []
            part = missing[start:start + PHASH_BATCH]
            # Decoding releases the GIL: a few threads go faster (1.8 ms a thumbnail on one).
            with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
                found = list(pool.map(
                    lambda v: _hash_of(lib, g.ckeys[v], by_vid.get(int(g.vids[v]), [])), part))
            for v, h in zip(part, found):
                if h is None:
                    continue
                hashes[v] = h
                known[v] = True
                rows.append((g.ckeys[v], ph.to_signed(h)))
            made += len(rows)
            if rows and can_store and not cat.readonly:
                try:
                    store.put_phashes(cat, rows)
                except Exception as exc:  # a cache; never worth failing for
                    log.info("cannot store perceptual hashes: %s", exc)
        log.info("computed %d perceptual hashes", made)
    g.set_phashes(hashes, known, _hash_upto(lib))
    return made
