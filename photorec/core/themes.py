"""Visual themes: the library clustered with k-means on the embeddings (numpy only).

The embeddings are first centred and projected on their top ``PCA_DIM`` principal axes (fit on
a sample): it removes the direction every CNN feature shares, keeps 100,000 photos in 100 MB
instead of 512, and makes each pass five times cheaper. Then spherical k-means (cosine = dot
product of unit vectors; centroids are re-normalised): k-means++ seeding on a sample,
mini-batch updates when the library is large, then full Lloyd passes until assignments settle. Everything is seeded, and vectors are taken in content-key
order, so the same library and seed give the same themes whatever order it was indexed in.

``k`` is the user's, or picked automatically: the candidates 0.75, 1 and 1.5 x sqrt(n/2)
(at most ``MAX_AUTO_K``, a number of themes one can browse), each scored by the silhouette
(cosine) on a sample; the best wins. (Over a wider range the silhouette of CNN embeddings
always prefers the fewest clusters, which is not what browsing wants.)

The result is stored in the catalog (centroids, and theme + centrality per content key), so
the window shows it without recomputing. Photos indexed later are assigned to the nearest
stored centroid (milliseconds: :func:`load_themes` does it); a full recompute is suggested
when the library has grown by a third since (``ThemeSet.stale``).
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from photorec.core import organize
from photorec.core.catalog import Photo

log = logging.getLogger(__name__)

PCA_DIM = 256
PCA_SAMPLE = 10_000
MAX_AUTO_K = 48
MAX_K = 1000
FULL_LLOYD_LIMIT = 20_000  # above this, mini-batch passes come first
BATCH = 4096
SAMPLE_INIT = 10_000
SAMPLE_AUTO = 4_000
SILHOUETTE_SAMPLE = 2_000
STALE_GROWTH = 1 / 3
CHUNK = 8192

SCHEMA = """
CREATE TABLE IF NOT EXISTS theme_runs (
    model TEXT PRIMARY KEY,         -- one stored result per model
    k INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    auto INTEGER NOT NULL,          -- 1 if k was picked automatically
    n INTEGER NOT NULL,             -- how many contents were clustered
    inertia REAL,                   -- mean cosine to the own centroid
    seconds REAL,
    created REAL NOT NULL,
    dim INTEGER NOT NULL,           -- of the projected space
    centroids BLOB NOT NULL,        -- float32 [k, dim], unit rows, in the projected space
    proj_mean BLOB NOT NULL,        -- float32 [model dim]: the projection (x - mean) @ basis
    proj_basis BLOB NOT NULL,       -- float32 [model dim, dim]
    info TEXT                       -- JSON (how k was chosen)
);
CREATE TABLE IF NOT EXISTS theme_members (
    model TEXT NOT NULL,
    ckey TEXT NOT NULL,
    theme INTEGER NOT NULL,
    score REAL NOT NULL,            -- cosine to the theme's centroid (centrality)
    PRIMARY KEY (model, ckey)
);
CREATE INDEX IF NOT EXISTS theme_members_theme ON theme_members(model, theme, score);
"""


class Cancelled(Exception):
    pass


def ensure_schema(catalog) -> bool:
    return organize.ensure(catalog, "theme_runs", SCHEMA)


# -- k-means ---------------------------------------------------------------------------------


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


def _rows(X: np.ndarray, idx) -> np.ndarray:
    return np.asarray(X[idx], dtype=np.float32)


def assign(X: np.ndarray, C: np.ndarray, chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid (label) and its cosine for each row of X, in chunks (X may be float16)."""
    n = len(X)
    labels = np.empty(n, dtype=np.int32)
    best = np.empty(n, dtype=np.float32)
    Ct = np.ascontiguousarray(C.T, dtype=np.float32)
    for s in range(0, n, chunk):
        sims = np.asarray(X[s:s + chunk], dtype=np.float32) @ Ct
        lab = sims.argmax(1)
        labels[s:s + chunk] = lab
        best[s:s + chunk] = sims[np.arange(len(lab)), lab]
    return labels, best


def _kmeans_pp(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding (distance 1 - cosine) on a sample of at most SAMPLE_INIT rows."""
    n = len(X)
    idx = rng.choice(n, size=min(n, SAMPLE_INIT), replace=False) if n > SAMPLE_INIT else np.arange(n)
    S = _rows(X, np.sort(idx))
    m = len(S)
    centers = [int(rng.integers(m))]
    d = np.maximum(1.0 - S @ S[centers[0]], 0.0).astype(np.float64)
    for _ in range(1, k):
        total = d.sum()
        if total <= 1e-12:  # fewer distinct points than k
            j = int(rng.integers(m))
        else:
            j = int(np.searchsorted(np.cumsum(d), rng.random() * total))
            j = min(j, m - 1)
        centers.append(j)
        d = np.minimum(d, np.maximum(1.0 - S @ S[j], 0.0))
    return _unit(S[centers].copy())


def _update(X: np.ndarray, labels: np.ndarray, C: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
    """The sum of each cluster's rows (one-hot matrix products, in chunks)."""
    k, d = C.shape
    sums = np.zeros((k, d), dtype=np.float64)
    eye = np.eye(k, dtype=np.float32)
    for s in range(0, len(X), chunk):
        onehot = eye[labels[s:s + chunk]]
        sums += onehot.T @ np.asarray(X[s:s + chunk], dtype=np.float32)
    return sums


@dataclass
class Projection:
    """Centre, project on the top principal axes, normalise: ``(x - mean) @ basis``."""

    mean: np.ndarray  # float32 [d]
    basis: np.ndarray  # float32 [d, p]

    def __call__(self, X: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
        out = np.empty((len(X), self.basis.shape[1]), dtype=np.float32)
        for s in range(0, len(X), chunk):
            out[s:s + chunk] = (np.asarray(X[s:s + chunk], dtype=np.float32) - self.mean) @ self.basis
        return _unit(out)


def _orthonormal(Y: np.ndarray) -> np.ndarray:
    """An orthonormal basis of Y's columns through the small Gram matrix (no n x k QR: LAPACK's
    QR of a tall matrix costs seconds on the machines we aim at, matrix products do not)."""
    G = Y.T.astype(np.float64) @ Y.astype(np.float64)
    w, v = np.linalg.eigh(G)
    w = np.maximum(w, w.max() * 1e-10 + 1e-30)
    return (Y @ (v / np.sqrt(w)).astype(Y.dtype)).astype(np.float32)


def fit_projection(sample: np.ndarray, dim: int = PCA_DIM, seed: int = 0) -> Projection:
    """PCA of a sample: exact for small samples, else randomised (Halko et al.: a few power
    iterations, then an eigen-decomposition of a (dim+16)-square matrix). Deterministic: seeded,
    and each axis's largest component is made positive."""
    S = np.asarray(sample, dtype=np.float32)
    mean = S.mean(0, dtype=np.float64)
    Xc = (S - mean).astype(np.float32)
    n, d = Xc.shape
    p = max(1, min(dim, d, n - 1))
    k = min(p + 16, n, d)
    if n <= 300 or k >= min(n, d):
        if n <= d:  # through the small Gram matrix: V = Xc^T U / s
            w, u = np.linalg.eigh(Xc.astype(np.float64) @ Xc.T.astype(np.float64))
            order = np.argsort(w)[::-1][:p]
            basis = (Xc.T.astype(np.float64) @ u[:, order]) / np.sqrt(np.maximum(w[order], 1e-12))
        else:
            w, v = np.linalg.eigh(Xc.T.astype(np.float64) @ Xc.astype(np.float64))
            basis = v[:, ::-1][:, :p]
    else:
        rng = np.random.default_rng(seed)
        Y = Xc @ rng.standard_normal((d, k), dtype=np.float32)
        for _ in range(3):
            Y = Xc @ (Xc.T @ _orthonormal(Y))
        Q = _orthonormal(Y)
        B = (Q.T @ Xc).astype(np.float64)  # k x d
        w, u = np.linalg.eigh(B @ B.T)
        order = np.argsort(w)[::-1][:p]
        basis = (B.T @ u[:, order]) / np.sqrt(np.maximum(w[order], 1e-12))
    signs = np.sign(basis[np.abs(basis).argmax(0), np.arange(basis.shape[1])])
    signs[signs == 0] = 1.0
    basis = basis * signs
    return Projection(mean.astype(np.float32), np.ascontiguousarray(basis, dtype=np.float32))


@dataclass
class KMeansResult:
    centroids: np.ndarray  # float32 [k, d], unit rows
    labels: np.ndarray  # int32 [n]
    scores: np.ndarray  # float32 [n], cosine to the own centroid
    iterations: int
    inertia: float  # mean cosine to the own centroid (higher is tighter)


def kmeans(X: np.ndarray, k: int, *, seed: int = 0, max_iter: int = 60, tol: float = 1e-4,
           cancel: threading.Event | None = None,
           progress: Callable[[int, int], None] | None = None) -> KMeansResult:
    """Spherical k-means of the unit rows of X (float32 or float16)."""
    n = len(X)
    if n == 0:
        raise ValueError("nothing to cluster")
    k = max(1, min(int(k), n))
    rng = np.random.default_rng(seed)
    C = _kmeans_pp(X, k, rng)
    it = 0
    if n > FULL_LLOYD_LIMIT:  # mini-batch (Sculley 2010), a few epochs' worth of batches
        counts = np.zeros(k, dtype=np.float64)
        steps = max(30, min(300, 3 * n // BATCH))
        for step in range(steps):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            idx = np.sort(rng.choice(n, size=BATCH, replace=False))
            B = _rows(X, idx)
            lab = (B @ C.T).argmax(1)
            for c in np.unique(lab):
                rows = B[lab == c]
                counts[c] += len(rows)
                eta = len(rows) / counts[c]
                C[c] = (1 - eta) * C[c] + eta * rows.mean(0)
            C = _unit(C)
            if progress:
                progress(step + 1, steps + max_iter)
        max_iter = min(max_iter, 8)  # then a few full passes settle it
    labels = None
    shift = 1.0
    for it in range(1, max_iter + 1):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        new_labels, best = assign(X, C)
        sums = _update(X, new_labels, C)
        sizes = np.bincount(new_labels, minlength=k)
        empty = np.flatnonzero(sizes == 0)
        if len(empty):  # re-seed empty clusters with the points farthest from their centroid
            far = np.argsort(best, kind="stable")[: len(empty)]
            for c, j in zip(empty.tolist(), far.tolist()):
                sums[c] = np.asarray(X[j], dtype=np.float64)
        C_new = _unit(sums).astype(np.float32)
        shift = float(np.max(1.0 - np.sum(C_new * C, axis=1)))
        changed = n if labels is None else int(np.count_nonzero(new_labels != labels))
        C, labels = C_new, new_labels
        if progress:
            progress(it, max_iter)
        if not len(empty) and (changed == 0 or shift < tol):
            break
    labels, best = assign(X, C)
    return KMeansResult(C, labels, best, it, float(best.mean()))


def silhouette(X: np.ndarray, labels: np.ndarray, *, sample: int = SILHOUETTE_SAMPLE,
               seed: int = 0) -> float:
    """Mean silhouette (cosine distance) on a sample."""
    n = len(X)
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, size=sample, replace=False)) if n > sample else np.arange(n)
    S = _rows(X, idx)
    lab = labels[idx]
    ks = np.unique(lab)
    if len(ks) < 2:
        return -1.0
    remap = np.searchsorted(ks, lab)
    D = np.maximum(1.0 - S @ S.T, 0.0)
    onehot = np.zeros((len(S), len(ks)), dtype=np.float32)
    onehot[np.arange(len(S)), remap] = 1.0
    sums = D @ onehot
    counts = onehot.sum(0)
    own = counts[remap]
    a = sums[np.arange(len(S)), remap] / np.maximum(own - 1, 1)
    other = sums / np.maximum(counts, 1)
    other[np.arange(len(S)), remap] = np.inf
    b = other.min(1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    s[own <= 1] = 0.0
    return float(s.mean())


def auto_k(X: np.ndarray, *, seed: int = 0, cancel=None) -> tuple[int, dict]:
    """k picked by silhouette among candidates around sqrt(n/2), on a sample."""
    n = len(X)
    if n < 4:
        return max(1, n), {"method": "tiny library", "candidates": {}}
    base = math.sqrt(n / 2)
    cands = sorted({int(min(MAX_AUTO_K, max(2, round(base * f)))) for f in (0.75, 1.0, 1.5)})
    cands = [c for c in cands if c < n]
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, size=SAMPLE_AUTO, replace=False)) if n > SAMPLE_AUTO else np.arange(n)
    S = _rows(X, idx)
    scores = {}
    for c in cands:
        r = kmeans(S, c, seed=seed, max_iter=30, cancel=cancel)
        scores[c] = round(silhouette(S, r.labels, seed=seed), 4)
    best = max(cands, key=lambda c: (scores[c], -c))
    return best, {"method": "silhouette on a sample", "sample": len(S), "candidates": scores}


# -- the library's themes --------------------------------------------------------------------


@dataclass
class Theme:
    id: int  # 0-based, by size (0 = the biggest)
    size: int  # photos (files)
    label: str
    ckeys: list[str]  # members, most central first
    scores: list[float]
    central: list[Photo] = field(default_factory=list)  # a few most central photos


@dataclass
class ThemeSet:
    model: str
    k: int
    seed: int
    auto: bool
    n: int  # contents clustered
    seconds: float
    created: float
    inertia: float
    info: dict
    themes: list[Theme]
    added: int = 0  # contents indexed since, assigned to the nearest theme
    stale: bool = False  # the library grew enough that recomputing is worth it

    def to_json(self, lib=None) -> dict:
        return {
            "k": self.k, "auto": self.auto, "seed": self.seed, "n": self.n,
            "seconds": round(self.seconds, 3), "added_since": self.added, "stale": self.stale,
            "themes": [
                {"id": t.id, "label": t.label, "size": t.size,
                 "central": [p.path for p in t.central]}
                for t in self.themes
            ],
        }


def project_library(lib, *, seed: int = 0) -> tuple[list[str], np.ndarray, Projection]:
    """(content keys, projected unit vectors [n, p], the projection), in content-key order."""
    cat, model = lib.catalog, lib.model.key
    ids, ckeys = organize.vector_table(cat, model)
    n = len(ids)
    if n <= PCA_SAMPLE:
        _, ckeys, X = organize.load_vectors(cat, model)
        if n == 0:
            return ckeys, np.zeros((0, 1), np.float32), Projection(np.zeros(1, np.float32),
                                                                  np.ones((1, 1), np.float32))
        proj = fit_projection(X, seed=seed)
        return ckeys, proj(X), proj
    rng = np.random.default_rng(seed)
    sample_ids = ids[np.sort(rng.choice(n, size=PCA_SAMPLE, replace=False))]
    got: dict[int, np.ndarray] = {}
    for vids, vecs in cat.iter_vectors(model, sample_ids.tolist()):
        got.update(zip(vids.tolist(), vecs))
    proj = fit_projection(np.stack([got[int(v)] for v in sorted(got)]), seed=seed)
    del got
    pos = {int(v): i for i, v in enumerate(ids.tolist())}
    Z = np.zeros((n, proj.basis.shape[1]), dtype=np.float32)
    for vids, vecs in cat.iter_vectors(model, chunk=CHUNK):
        j = np.fromiter((pos.get(v, -1) for v in vids.tolist()), dtype=np.int64, count=len(vids))
        keep = j >= 0
        Z[j[keep]] = proj(vecs[keep])
    return ckeys, Z, proj


def compute_themes(lib, k: int | None = None, *, seed: int = 0, store: bool = True,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: threading.Event | None = None) -> ThemeSet:
    """Cluster the whole library into ``k`` themes (picked automatically when None) and store
    the result (unless the library is read-only)."""
    t0 = time.perf_counter()
    cat, model = lib.catalog, lib.model.key
    ckeys, Z, proj = project_library(lib, seed=seed)
    if len(ckeys) == 0:
        from photorec.core.library import LibraryError

        raise LibraryError("the library has no indexed photos yet")
    t_load = time.perf_counter() - t0
    info: dict = {}
    auto = k is None or k <= 0
    if auto:
        k, info = auto_k(Z, seed=seed, cancel=cancel)
    k = max(1, min(int(k), len(ckeys), MAX_K))
    res = kmeans(Z, k, seed=seed, cancel=cancel, progress=progress)
    # Themes numbered by size (biggest first): stable ids for the same input.
    sizes = np.bincount(res.labels, minlength=k)
    order = np.lexsort((np.arange(k), -sizes))
    rank = np.empty(k, dtype=np.int32)
    rank[order] = np.arange(k)
    C = res.centroids[order]
    labels = rank[res.labels]
    seconds = time.perf_counter() - t0
    info.update({"iterations": res.iterations, "load_seconds": round(t_load, 3),
                 "projected_dim": int(Z.shape[1])})
    now = time.time()
    if store and ensure_schema(cat) and not cat.readonly:
        with cat.write() as c:
            c.execute("DELETE FROM theme_members WHERE model = ?", (model,))
            c.execute(
                "INSERT OR REPLACE INTO theme_runs(model, k, seed, auto, n, inertia, seconds, "
                "created, dim, centroids, proj_mean, proj_basis, info) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (model, k, seed, int(auto), len(ckeys), res.inertia, seconds, now, C.shape[1],
                 np.ascontiguousarray(C, dtype=np.float32).tobytes(),
                 proj.mean.astype(np.float32).tobytes(),
                 np.ascontiguousarray(proj.basis, dtype=np.float32).tobytes(), json.dumps(info)))
            c.executemany(
                "INSERT INTO theme_members(model, ckey, theme, score) VALUES (?,?,?,?)",
                zip([model] * len(ckeys), ckeys, labels.tolist(), res.scores.astype(float).tolist()))
    return _theme_set(lib, model, k, seed, auto, len(ckeys), seconds, now, res.inertia, info,
                      dict(zip(ckeys, zip(labels.tolist(), res.scores.tolist()))), 0)


def load_themes(lib, *, assign_new: bool = True) -> ThemeSet | None:
    """The stored themes (None if never computed for this model), with photos indexed since
    assigned to their nearest theme (and stored, when the library is writable)."""
    cat, model = lib.catalog, lib.model.key
    if not ensure_schema(cat):
        return None
    row = cat.query("SELECT k, seed, auto, n, inertia, seconds, created, dim, centroids, "
                    "proj_mean, proj_basis, info FROM theme_runs WHERE model = ?", (model,))
    if not row:
        return None
    k, seed, auto, n, inertia, seconds, created, dim, blob, pm, pb, info = row[0]
    C = np.frombuffer(blob, dtype=np.float32).reshape(k, dim)
    mean = np.frombuffer(pm, dtype=np.float32)
    proj = Projection(mean, np.frombuffer(pb, dtype=np.float32).reshape(len(mean), dim))
    members = {ck: (t, s) for ck, t, s in cat.query(
        "SELECT ckey, theme, score FROM theme_members WHERE model = ?", (model,))}
    added = 0
    if assign_new:
        ids, ckeys = organize.vector_table(cat, model)
        new = [(int(v), ck) for v, ck in zip(ids.tolist(), ckeys) if ck not in members]
        if new:
            vecs = {}
            for vid, v in cat.iter_vectors(model, [v for v, _ in new]):
                vecs.update(zip(vid.tolist(), v))
            new = [(v, ck) for v, ck in new if v in vecs]
            if new:
                X = proj(np.stack([vecs[v] for v, _ in new]))
                lab, best = assign(X, C)
                rows = [(model, ck, int(t), float(s)) for (_, ck), t, s in zip(new, lab, best)]
                for _, ck, t, s in rows:
                    members[ck] = (t, s)
                added = len(rows)
                if not cat.readonly:
                    try:
                        with cat.write() as c:
                            c.executemany("INSERT OR REPLACE INTO theme_members(model, ckey, theme, "
                                          "score) VALUES (?,?,?,?)", rows)
                    except Exception as exc:  # noqa: BLE001 - recomputed next time
                        log.info("cannot store theme assignments: %s", exc)
    stale = added > STALE_GROWTH * max(n, 1)
    return _theme_set(lib, model, k, seed, bool(auto), n, seconds, created, inertia,
                      json.loads(info or "{}"), members, added, stale)


def _theme_set(lib, model, k, seed, auto, n, seconds, created, inertia, info,
               members: dict[str, tuple[int, float]], added: int, stale: bool = False,
               central: int = 6) -> ThemeSet:
    """Themes with their sizes (in files), labels and most central photos."""
    cat = lib.catalog
    files: dict[str, list[tuple[int, str, int]]] = {}
    for ck, fid, path, folder in cat.query(
            "SELECT ckey, id, path, folder_id FROM files WHERE status = 'ok' AND ckey IS NOT NULL "
            "ORDER BY path"):
        files.setdefault(ck, []).append((fid, path, folder))
    per: list[list[tuple[float, str]]] = [[] for _ in range(k)]
    for ck, (t, s) in members.items():
        if ck in files and 0 <= t < k:
            per[t].append((s, ck))
    tags = _tag_counts(lib)
    themes: list[Theme] = []
    want_ids: list[int] = []
    for t in range(k):
        mem = sorted(per[t], key=lambda x: (-x[0], x[1]))
        ck_list = [ck for _, ck in mem]
        size = sum(len(files[ck]) for ck in ck_list)
        label = _label(t, ck_list, files, tags)
        themes.append(Theme(t, size, label, ck_list, [s for s, _ in mem]))
        want_ids.extend(files[ck][0][0] for ck in ck_list[:central])
    photos = cat.photos_by_id(want_ids)
    for th in themes:
        th.central = [photos[files[ck][0][0]] for ck in th.ckeys[:central]
                      if files[ck][0][0] in photos]
    return ThemeSet(model, k, seed, auto, n, seconds, created, inertia, info, themes, added, stale)


def _tag_counts(lib) -> dict[str, list[str]]:
    try:
        from photorec.core import tags as tagmod

        return tagmod.tags_by_ckey(lib)
    except Exception:  # noqa: BLE001 - labels are a nicety
        return {}


def _label(t: int, ckeys: list[str], files, tags: dict[str, list[str]]) -> str:
    """A name for a theme: its most common tag, else its most common folder, else a number."""
    n = len(ckeys)
    if n:
        tag_count = Counter(tag for ck in ckeys for tag in tags.get(ck, ()))
        if tag_count:
            tag, c = tag_count.most_common(1)[0]
            if c >= max(2, 0.4 * n):
                return tag
        folders = Counter(os.path.basename(os.path.dirname(files[ck][0][1])) for ck in ckeys)
        name, c = folders.most_common(1)[0]
        if len(folders) > 1 and c >= max(2, 0.6 * n):
            return f"mostly {name}"
    return f"Theme {t + 1}"


def theme_photos(lib, theme_set: ThemeSet, theme_id: int) -> list[Photo]:
    """All photos (files) of a theme, the most central first: for the grid."""
    th = theme_set.themes[theme_id]
    rank = {ck: i for i, ck in enumerate(th.ckeys)}
    out: list[Photo] = []
    for part in organize.chunks(th.ckeys):
        q = ",".join("?" * len(part))
        ids = [r[0] for r in lib.catalog.query(
            f"SELECT id FROM files WHERE status = 'ok' AND ckey IN ({q})", part)]
        out.extend(lib.catalog.photos_by_id(ids).values())
    out.sort(key=lambda p: (rank.get(p.ckey, 1 << 30), p.path))
    return out
