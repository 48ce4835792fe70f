"""Near-duplicates and similar shots, found through the index, never by comparing all pairs.

1. The k-nearest-neighbour graph: every vector asks the hnsw index for its ``KNN`` nearest
   vectors (batched queries); edges with a cosine of at least ``GRAPH_FLOOR`` are kept. That
   is n queries, not n^2/2 comparisons: 100,000 photos take a minute or two on 2 cores
   (``benchmarks/bench_organize.py``). The graph is cached on disk and brought up to date
   incrementally (only new vectors are queried), so the window's threshold slider can
   re-group in milliseconds.
2. Groups: the connected components of the edges at or above a threshold (numpy union-find),
   optionally only between photos taken within N seconds of each other (bursts); exact copies
   (one content key, several files) are always duplicates. A chain of look-alikes never makes
   a giant group: a component larger than ``MAX_GROUP`` is split by raising the threshold
   inside it.
3. A cheap check on what is left: two photos whose 4x4 colour layouts differ wildly (a white
   picture and a black one, which some CNNs find 0.95 alike) are never duplicates.
4. Each group suggests the photo to keep and says why (resolution, sharpness, file size,
   format, capture time); sharpness and the colour layout are measured on the cached
   thumbnail once per content and stored in the catalog.
5. "Not duplicates" and "keep all" decisions are pairs of content keys in the catalog: they
   survive rescans, moves and renames, and the edges between decided photos are dropped, so
   such a group does not come back (unless a new look-alike joins it).

Default thresholds were measured on the 79 shared test photos and altered copies (see
``MODEL_THRESHOLDS`` and ``benchmarks/bench_organize.py --thresholds``).
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from PIL import Image

from photorec.core import organize
from photorec.core.catalog import Photo

log = logging.getLogger(__name__)

MODES = ("duplicates", "similar")
KNN = 16  # neighbours asked per photo
GRAPH_EF = 48  # hnsw search breadth for the graph: near neighbours are easy to find
GRAPH_FLOOR = 0.60  # the loosest threshold the graph (and the slider) can go down to
MAX_GROUP = 60  # larger components are split by raising the threshold inside them
SIGNATURE_VETO = 0.35  # mean |difference| of the 4x4 RGB layouts (0..1) that vetoes an edge
GRAPH_VERSION = 1

# (duplicates, similar shots) cosine thresholds per model name; chosen on the shared photos:
# the strict one is above the most alike pair of distinct photos with a margin, and still
# groups 90%-crops, brightened, resized and re-saved copies (see the module docstring).
MODEL_THRESHOLDS: dict[str, tuple[float, float]] = {
    "mobilenet_v2": (0.90, 0.80),
    "efficientnet_lite0": (0.82, 0.70),
}
FALLBACK_THRESHOLDS = (0.90, 0.80)

RAW_EXT = {".dng", ".cr2", ".cr3", ".nef", ".arw", ".orf", ".rw2", ".raf", ".pef", ".srw"}
LOSSLESS_EXT = {".png", ".tif", ".tiff", ".bmp"}
MODERN_EXT = {".heic", ".heif", ".hif", ".avif", ".jxl", ".webp"}
LOW_JPEG_QUALITY = 60  # estimated from the quantisation tables: below this, heavily compressed
# libjpeg's standard luminance table (quality 50), to estimate a JPEG's quality setting.
_STD_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], dtype=np.float64)

SCHEMA = """
CREATE TABLE IF NOT EXISTS dup_decisions (
    ckey_a TEXT NOT NULL,           -- ckey_a <= ckey_b, equal for "keep these exact copies"
    ckey_b TEXT NOT NULL,
    decision TEXT NOT NULL,         -- 'distinct' (not duplicates) or 'keep' (keep all)
    created REAL NOT NULL,
    PRIMARY KEY (ckey_a, ckey_b)
);
CREATE TABLE IF NOT EXISTS photo_quality (
    ckey TEXT PRIMARY KEY,
    sharpness REAL,                 -- Laplacian energy / intensity variance (grey thumbnail)
    signature BLOB,                 -- 4x4 RGB layout, 48 bytes
    jpeg_quality INTEGER,           -- estimated from the file's quantisation tables, JPEG only
    measured REAL NOT NULL
);
"""


class Cancelled(Exception):
    pass


def ensure_schema(catalog) -> bool:
    return organize.ensure(catalog, "dup_decisions", SCHEMA)


def default_threshold(model, mode: str = "duplicates") -> float:
    """The default cosine threshold of a mode for a model (its ``ModelInfo``): the model card's
    ``duplicate_threshold`` / ``similar_threshold`` if it has them, else the measured table."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    card = getattr(model, "card", None) or {}
    key = "duplicate_threshold" if mode == "duplicates" else "similar_threshold"
    if key in card:
        return float(card[key])
    pair = MODEL_THRESHOLDS.get(getattr(model, "name", ""), FALLBACK_THRESHOLDS)
    return pair[0] if mode == "duplicates" else pair[1]


# -- the neighbour graph ---------------------------------------------------------------------


@dataclass
class NeighbourGraph:
    """Vertices are contents (vector ids, ascending); edges join near neighbours."""

    model: str
    vids: np.ndarray  # int64 [n], ascending
    ckeys: list[str]
    times: np.ndarray  # float64 [n]: EXIF time, else the earliest file mtime; nan if unknown
    copies: np.ndarray  # int32 [n]: how many library files have this content
    a: np.ndarray  # int32 [m] vertex, a < b
    b: np.ndarray  # int32 [m]
    sim: np.ndarray  # float32 [m] cosine
    k: int = KNN
    floor: float = GRAPH_FLOOR
    seconds: float = 0.0  # how long building/updating took
    queried: int = 0  # how many vectors were sent to the index for it
    vetoed: np.ndarray | None = None  # bool [m]: the colour-layout check failed
    _decided: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.vids)

    def __post_init__(self) -> None:
        if self.vetoed is None:
            self.vetoed = np.zeros(len(self.a), dtype=bool)
        self._vertex_of = {ck: i for i, ck in enumerate(self.ckeys)}

    def vertex(self, ckey: str) -> int | None:
        return self._vertex_of.get(ckey)

    # -- partitioning ----------------------------------------------------------------------

    def edge_mask(self, threshold: float, within: float | None = None,
                  decisions: "Decisions | None" = None) -> np.ndarray:
        m = (self.sim >= threshold) & ~self.vetoed
        if within is not None:
            dt = np.abs(self.times[self.a] - self.times[self.b])
            m &= dt <= within  # nan (time unknown) compares False
        if decisions is not None and decisions.pairs:
            m &= ~self._decided_edges(decisions)
        return m

    def _decided_edges(self, decisions: "Decisions") -> np.ndarray:
        key = (id(decisions), decisions.version)
        hit = self._decided.get("key")
        if hit == key:
            return self._decided["mask"]
        n = len(self.vids)
        codes = []
        for ca, cb in decisions.pairs:
            u, v = self._vertex_of.get(ca), self._vertex_of.get(cb)
            if u is None or v is None or u == v:
                continue
            u, v = min(u, v), max(u, v)
            codes.append(u * n + v)
        edge_codes = self.a.astype(np.int64) * n + self.b.astype(np.int64)
        mask = np.isin(edge_codes, np.array(codes, dtype=np.int64)) if codes else np.zeros(len(self.a), bool)
        self._decided = {"key": key, "mask": mask}
        return mask

    def partition(self, threshold: float, within: float | None = None,
                  decisions: "Decisions | None" = None) -> list[np.ndarray]:
        """Groups of vertices (arrays of vertex indices), each with at least two files."""
        m = self.edge_mask(threshold, within, decisions)
        a, b, s = self.a[m], self.b[m], self.sim[m]
        n = len(self.vids)
        labels = components(n, a, b)
        groups = _split_labels(labels)
        out: list[np.ndarray] = []
        big: list[np.ndarray] = []
        for g in groups:
            if len(g) > MAX_GROUP:
                big.append(g)
            elif len(g) >= 2:
                out.append(g)
        for g in big:
            out.extend(_split_big(g, a, b, s, threshold))
        # Exact copies on their own (one content, several files) are duplicates too.
        in_group = np.zeros(n, dtype=bool)
        for g in out:
            in_group[g] = True
        solo = np.flatnonzero((self.copies >= 2) & ~in_group)
        kept_copies = decisions.kept_copies if decisions is not None else set()
        for v in solo.tolist():
            if self.ckeys[v] not in kept_copies:
                out.append(np.array([v], dtype=np.int64))
        return out

    def count(self, threshold: float, within: float | None = None,
              decisions: "Decisions | None" = None) -> int:
        """How many groups :meth:`partition` would give (fast: for a live slider)."""
        return len(self.partition(threshold, within, decisions))

    # -- persistence -------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.{threading.get_ident()}.tmp.npz")
        np.savez(
            tmp, version=GRAPH_VERSION, model=self.model, k=self.k, floor=self.floor,
            vids=self.vids, a=self.a, b=self.b, sim=self.sim,
        )
        os.replace(tmp, path)


def graph_path(lib) -> Path:
    return lib.paths.cache_dir / f"neighbours-{lib.model.key}.npz"


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of an undirected graph: a label (the smallest vertex) per vertex.

    Union-find in numpy: hook each root to the smallest root it touches, then compress
    pointers; a handful of rounds even for a million edges."""
    parent = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return parent
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    while True:
        ra, rb = parent[a], parent[b]
        diff = ra != rb
        if not diff.any():
            return parent
        ra, rb = ra[diff], rb[diff]
        np.minimum.at(parent, np.maximum(ra, rb), np.minimum(ra, rb))
        while True:
            pp = parent[parent]
            if np.array_equal(pp, parent):
                break
            parent = pp


def _split_labels(labels: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    cuts = np.flatnonzero(np.diff(sorted_labels)) + 1
    return [g for g in np.split(order, cuts) if len(g) >= 2]


def _split_big(group: np.ndarray, a: np.ndarray, b: np.ndarray, s: np.ndarray,
               threshold: float) -> list[np.ndarray]:
    inside = np.isin(a, group) & np.isin(b, group)
    a, b, s = a[inside], b[inside], s[inside]
    local = {int(v): i for i, v in enumerate(group.tolist())}
    la = np.fromiter((local[int(x)] for x in a), dtype=np.int64, count=len(a))
    lb = np.fromiter((local[int(x)] for x in b), dtype=np.int64, count=len(b))
    t = threshold
    while True:
        t += 0.01
        m = s >= t
        parts = _split_labels(components(len(group), la[m], lb[m]))
        if t >= 0.995 or all(len(p) <= MAX_GROUP for p in parts):
            out = []
            for p in parts:
                out.append(group[p[:MAX_GROUP]] if len(p) > MAX_GROUP else group[p])
            return out
        ok = [group[p] for p in parts if len(p) <= MAX_GROUP]
        rest = [p for p in parts if len(p) > MAX_GROUP]
        if ok and rest:
            out = ok
            for p in rest:
                out.extend(_split_big(group[p], a, b, s, t))
            return out


def _vertex_table(lib) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    cat, model = lib.catalog, lib.model.key
    files = {ck: (int(n), mt) for ck, n, mt in cat.query(
        "SELECT ckey, COUNT(*), MIN(mtime_ns) FROM files WHERE status = 'ok' AND ckey IS NOT NULL "
        "GROUP BY ckey")}
    vids, ckeys, times, copies = [], [], [], []
    for vid, ck, taken in cat.query(
            "SELECT id, ckey, taken FROM vectors WHERE model = ? ORDER BY id", (model,)):
        f = files.get(ck)
        if f is None:
            continue
        vids.append(vid)
        ckeys.append(ck)
        times.append(taken if taken is not None else (f[1] / 1e9 if f[1] is not None else np.nan))
        copies.append(f[0])
    return (np.array(vids, dtype=np.int64), ckeys, np.array(times, dtype=np.float64),
            np.array(copies, dtype=np.int32))


def _query_edges(lib, vids: np.ndarray, query_ids: np.ndarray | None, k: int, floor: float,
                 progress, cancel, batch: int = 1024) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
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


def _dedupe(n: int, u: np.ndarray, v: np.ndarray, s: np.ndarray):
    a = np.minimum(u, v).astype(np.int64)
    b = np.maximum(u, v).astype(np.int64)
    code = a * max(n, 1) + b
    order = np.lexsort((-s, code))
    code, a, b, s = code[order], a[order], b[order], s[order]
    first = np.ones(len(code), dtype=bool)
    first[1:] = code[1:] != code[:-1]
    return a[first].astype(np.int32), b[first].astype(np.int32), s[first]


def build_graph(lib, *, k: int = KNN, floor: float = GRAPH_FLOOR,
                progress: Callable[[int, int], None] | None = None,
                cancel: threading.Event | None = None) -> NeighbourGraph:
    """The k-nearest-neighbour graph of the whole library (one batched index query per photo)."""
    t0 = time.perf_counter()
    vids, ckeys, times, copies = _vertex_table(lib)
    u, v, s, q = _query_edges(lib, vids, None, k, floor, progress, cancel)
    a, b, s = _dedupe(len(vids), u, v, s)
    return NeighbourGraph(lib.model.key, vids, ckeys, times, copies, a, b, s, k, floor,
                          time.perf_counter() - t0, q)


def update_graph(lib, old: NeighbourGraph, *, progress=None, cancel=None) -> NeighbourGraph:
    """Bring a graph up to date: drop vertices whose photos are gone, query only the new ones."""
    t0 = time.perf_counter()
    vids, ckeys, times, copies = _vertex_table(lib)
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
                          time.perf_counter() - t0, q)


def load_graph(lib) -> NeighbourGraph | None:
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


def neighbour_graph(lib, *, progress=None, cancel=None, use_cache: bool = True) -> NeighbourGraph:
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
            g.save(graph_path(lib))
        except OSError as exc:
            log.info("cannot cache the neighbour graph: %s", exc)
    return g


# -- decisions -------------------------------------------------------------------------------


@dataclass
class Decisions:
    pairs: set[tuple[str, str]]  # (ckey_a, ckey_b), a < b
    kept_copies: set[str]  # contents whose exact copies the user keeps
    version: float = 0.0


def load_decisions(lib) -> Decisions:
    if not ensure_schema(lib.catalog):
        return Decisions(set(), set())
    pairs, kept = set(), set()
    latest = 0.0
    for a, b, _d, created in lib.catalog.query("SELECT ckey_a, ckey_b, decision, created FROM dup_decisions"):
        latest = max(latest, created)
        if a == b:
            kept.add(a)
        else:
            pairs.add((a, b))
    return Decisions(pairs, kept, version=latest + len(pairs) + len(kept))


def _ckeys_for(lib, paths: Iterable[str]) -> list[str]:
    paths = [os.path.abspath(p) for p in paths]
    known = organize.ckeys_of_paths(lib.catalog, paths)
    missing = [p for p in paths if p not in known]
    if missing:
        from photorec.core.library import LibraryError

        raise LibraryError("not in the library: " + ", ".join(missing[:5]))
    return [known[p] for p in paths]


def decide(lib, paths: Iterable[str], decision: str) -> int:
    """Remember that the photos at ``paths`` are not duplicates (``"distinct"``) or are to be
    kept all (``"keep"``). Stored per content key. Returns how many pairs were recorded."""
    if decision not in ("distinct", "keep"):
        raise ValueError("decision must be 'distinct' or 'keep'")
    ckeys = _ckeys_for(lib, paths)
    if not ensure_schema(lib.catalog):
        from photorec.core.library import LibraryError

        raise LibraryError("the library is open read-only")
    uniq = sorted(set(ckeys))
    rows = [(a, b, decision) for a, b in itertools.combinations(uniq, 2)]
    # Exact copies cannot be "not duplicates"; either way the user keeps them.
    counts = {ck: ckeys.count(ck) for ck in uniq}
    copies_in_lib = dict(lib.catalog.query(
        f"SELECT ckey, COUNT(*) FROM files WHERE status = 'ok' AND ckey IN ({','.join('?' * len(uniq))}) "
        "GROUP BY ckey", uniq)) if uniq else {}
    for ck in uniq:
        if counts[ck] >= 2 or decision == "keep" and copies_in_lib.get(ck, 0) >= 2:
            rows.append((ck, ck, "keep"))
    now = time.time()
    with lib.catalog.write() as c:
        c.executemany(
            "INSERT OR REPLACE INTO dup_decisions(ckey_a, ckey_b, decision, created) VALUES (?,?,?,?)",
            [(a, b, d, now) for a, b, d in rows])
    return len(rows)


def undo_decisions(lib, paths: Iterable[str] | None = None) -> int:
    """Forget decisions between the photos at ``paths`` (all decisions when None)."""
    if not ensure_schema(lib.catalog):
        return 0
    with lib.catalog.write() as c:
        if paths is None:
            return c.execute("DELETE FROM dup_decisions").rowcount
        ck = sorted(set(_ckeys_for(lib, paths)))
        q = ",".join("?" * len(ck))
        return c.execute(
            f"DELETE FROM dup_decisions WHERE ckey_a IN ({q}) AND ckey_b IN ({q})", ck + ck
        ).rowcount


# -- quality and the keeper ------------------------------------------------------------------


@dataclass
class Quality:
    sharpness: float | None
    signature: np.ndarray | None  # float32 [48] in 0..1
    jpeg_quality: int | None = None


def jpeg_quality(im: Image.Image) -> int | None:
    """The quality setting a JPEG was saved with (libjpeg scale, 1..100), from its
    quantisation tables (read from the header, nothing is decoded); None if not a JPEG."""
    tables = getattr(im, "quantization", None)
    if not tables or 0 not in tables:
        return None
    t = np.asarray(list(tables[0]), dtype=np.float64)
    if len(t) != 64:
        return None
    scale = t.mean() / _STD_LUMA.mean() * 100.0
    q = 5000.0 / scale if scale > 100 else (200.0 - scale) / 2.0
    return int(round(min(100.0, max(1.0, q))))


def measure_image(im: Image.Image) -> Quality:
    """Sharpness (variance of the Laplacian at a common scale, relative to the picture's own
    contrast) and the 4x4 colour layout."""
    im = im.convert("RGB")
    sig = np.asarray(im.resize((4, 4), Image.Resampling.BOX), dtype=np.float32).reshape(-1) / 255.0
    g = im.convert("L")
    if max(g.size) > 160:  # a common scale, coarse enough to average JPEG blocking away
        g = g.copy()
        g.thumbnail((160, 160), Image.Resampling.BOX)
    x = np.asarray(g, dtype=np.float32)
    if min(x.shape) < 3:
        return Quality(0.0, sig)
    lap = 4 * x[1:-1, 1:-1] - x[:-2, 1:-1] - x[2:, 1:-1] - x[1:-1, :-2] - x[1:-1, 2:]
    # Relative to the contrast of the picture, so a brightened or contrast-stretched copy is
    # not "sharper" than its original.
    return Quality(float(lap.var() / (x.var() + 1.0)), sig)


def quality_of(lib, photos_by_ckey: dict[str, list[Photo]]) -> dict[str, Quality]:
    """Quality per content key: from the catalog, else measured on the cached thumbnail (made
    from the photo if missing) and stored for next time."""
    out: dict[str, Quality] = {}
    can_store = ensure_schema(lib.catalog)
    ckeys = list(photos_by_ckey)
    if can_store:
        for part in organize.chunks(ckeys):
            q = ",".join("?" * len(part))
            for ck, sharp, sig, jq in lib.catalog.query(
                    f"SELECT ckey, sharpness, signature, jpeg_quality FROM photo_quality "
                    f"WHERE ckey IN ({q})", part):
                out[ck] = Quality(sharp, np.frombuffer(sig, dtype=np.uint8).astype(np.float32) / 255.0
                                  if sig else None, jq)
    new: list[tuple] = []
    for ck in ckeys:
        if ck in out:
            continue
        qual = Quality(None, None)
        thumb = lib.paths.thumb_path(ck)
        originals = [p.path for p in photos_by_ckey[ck] if p.online]
        jq = None
        for src in originals[:1]:
            try:
                with Image.open(src) as im:  # the header only
                    jq = jpeg_quality(im)
            except Exception:  # noqa: BLE001
                pass
        for src in ([thumb] if thumb.exists() else []) + originals:
            try:
                with Image.open(src) as im:
                    im.draft("RGB", (320, 320))
                    qual = measure_image(im)
                break
            except Exception as exc:  # noqa: BLE001 - a bad file only loses its quality
                log.debug("cannot measure %s: %s", src, exc)
        qual.jpeg_quality = jq
        out[ck] = qual
        if qual.signature is not None and originals:
            new.append((ck, qual.sharpness, np.round(qual.signature * 255).astype(np.uint8).tobytes(),
                        jq, time.time()))
    if new and can_store and not lib.catalog.readonly:
        try:
            with lib.catalog.write() as c:
                c.executemany("INSERT OR REPLACE INTO photo_quality(ckey, sharpness, signature, "
                              "jpeg_quality, measured) VALUES (?,?,?,?,?)", new)
        except Exception as exc:  # noqa: BLE001 - a cache; never worth failing for
            log.info("cannot store photo quality: %s", exc)
    return out


def _format_rank(photo: Photo, jq: int | None = None) -> tuple[float, str]:
    ext = os.path.splitext(photo.path)[1].lower()
    name = ext.lstrip(".").upper() or "?"
    if ext in RAW_EXT:
        return 4.0, f"RAW ({name})"
    if ext in LOSSLESS_EXT:
        return 3.0, f"lossless ({name})"
    if ext == ".gif":
        return 0.5, name
    if jq is not None and jq < LOW_JPEG_QUALITY:
        return 1.0, f"heavily compressed JPEG (quality {jq})"
    if ext in MODERN_EXT:
        return 2.0, name
    return 2.0, "JPEG" if ext in (".jpg", ".jpeg", ".jpe", ".jfif") else name


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000.0
    return str(n)


def choose_keeper(photos: list[Photo], quality: dict[str, Quality]) -> tuple[int, str]:
    """Which photo of a group to keep (its index) and why, in words."""
    if len(photos) == 1:
        return 0, "the only photo"
    res = np.array([(p.width or 0) * (p.height or 0) for p in photos], dtype=np.float64)
    sharp = np.array([(quality.get(p.ckey or "") or Quality(None, None)).sharpness or 0.0
                      for p in photos], dtype=np.float64)
    size = np.array([p.size for p in photos], dtype=np.float64)
    fmt = [_format_rank(p, (quality.get(p.ckey or "") or Quality(None, None)).jpeg_quality)
           for p in photos]
    frank = np.array([f[0] for f in fmt])
    exif = np.array([p.taken is not None for p in photos], dtype=np.float64)
    online = np.array([p.online for p in photos], dtype=np.float64)

    def rel(x):
        top = x.max()
        return x / top if top > 0 else np.zeros_like(x)

    mtimes = np.array([p.mtime_ns for p in photos], dtype=np.float64)
    oldest = (mtimes == mtimes.min()).astype(np.float64) if mtimes.min() < mtimes.max() else 0 * mtimes
    score = (4.0 * rel(res) + 2.0 * rel(sharp) + 0.5 * rel(size) + 0.6 * frank
             + 1.0 * exif + 0.5 * oldest + 0.3 * online)
    # Ties (exact copies): the online one, then the oldest file, then the shortest path.
    order = sorted(range(len(photos)), key=lambda i: (-round(float(score[i]), 9), -online[i],
                                                       photos[i].mtime_ns, len(photos[i].path),
                                                       photos[i].path))
    best = order[0]
    others = [i for i in range(len(photos)) if i != best]
    reasons = []
    p = photos[best]
    if res[best] > max(res[others]) * 1.02:
        reasons.append(f"largest resolution ({p.width}x{p.height})")
    elif res[best] >= max(res[others]) and res[best] > min(res[others]) * 1.02:
        reasons.append(f"full resolution ({p.width}x{p.height})")
    if sharp[best] > 0 and sharp[best] >= max(sharp[others]) * 1.05:
        reasons.append("sharpest")
    heavy = [i for i in others if fmt[i][1].startswith("heavily compressed")]
    if frank[best] > max(frank[others]) and frank[best] >= 3.0:
        reasons.append(f"better format: {fmt[best][1]}")
    elif heavy and frank[best] >= max(frank[others]):
        reasons.append("less compressed than " + ("the others" if len(heavy) == len(others)
                                                  else photos[heavy[0]].name))
    if exif[best] and not exif[others].all():
        reasons.append("has its capture time (EXIF)")
    if size[best] > max(size[others]) * 1.02 and not reasons:
        reasons.append(f"largest file ({_human_size(int(size[best]))})")
    if oldest[best] and oldest.sum() == 1 and len(reasons) < 2:
        reasons.append("the oldest file (likely the original)")
    if not reasons:
        same = len({ph.ckey for ph in photos}) == 1
        if same:
            reasons.append("exact copies: kept the oldest file")
        else:
            reasons.append("best overall on resolution, sharpness, size and format")
    if len(reasons) > 1:
        text = ", ".join(reasons[:-1]) + " and " + reasons[-1]
    else:
        text = reasons[0]
    if not p.online:
        text += " (in an offline folder)"
    return best, text[0].upper() + text[1:]


# -- groups ----------------------------------------------------------------------------------


@dataclass
class Member:
    photo: Photo
    score: float  # cosine similarity to the keeper's content (1.0 for exact copies)

    @property
    def path(self) -> str:
        return self.photo.path


@dataclass
class Group:
    members: list[Member]  # the keeper first, then by similarity to it
    why: str
    threshold: float

    @property
    def keep(self) -> Photo:
        return self.members[0].photo

    @property
    def paths(self) -> list[str]:
        return [m.path for m in self.members]

    @property
    def others(self) -> list[Photo]:
        return [m.photo for m in self.members[1:]]

    @property
    def ckeys(self) -> list[str]:
        return sorted({m.photo.ckey for m in self.members if m.photo.ckey})

    def to_json(self) -> dict:
        """``paths`` (keeper first), ``scores`` (cosine to the keeper, aligned with paths),
        ``keep``, ``why``, and ``offline`` (aligned with paths: true for photos in folders that
        are offline now, which are reported but cannot be moved to the trash)."""
        return {
            "paths": self.paths,
            "scores": [round(m.score, 4) for m in self.members],
            "keep": self.keep.path,
            "why": self.why,
            "offline": [not m.photo.online for m in self.members],
        }


def find_groups(lib, *, mode: str = "duplicates", threshold: float | None = None,
                within: float | None = None, graph: NeighbourGraph | None = None,
                include_decided: bool = False, progress=None, cancel=None) -> list[Group]:
    """Near-duplicate groups of the library, biggest first.

    ``mode`` picks the default threshold ("duplicates": the same picture; "similar": similar
    shots); ``within`` (seconds) keeps only pairs taken that close in time (bursts)."""
    if threshold is None:
        threshold = default_threshold(lib.model, mode)
    if graph is None:
        graph = neighbour_graph(lib, progress=progress, cancel=cancel)
    decisions = None if include_decided else load_decisions(lib)
    return groups_from_graph(lib, graph, threshold, within, decisions, cancel=cancel)


def groups_from_graph(lib, graph: NeighbourGraph, threshold: float, within: float | None = None,
                      decisions: Decisions | None = None, cancel=None) -> list[Group]:
    cat, model = lib.catalog, lib.model.key
    while True:  # the colour-layout check may veto edges; then partition again
        parts = graph.partition(threshold, within, decisions)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        vids = sorted({int(graph.vids[v]) for g in parts for v in g.tolist()})
        files = cat.files_of_vectors(vids, model)
        by_ckey: dict[str, list[Photo]] = {}
        for ph in files.values():
            for p in ph:
                by_ckey.setdefault(p.ckey, []).append(p)
        quality = quality_of(lib, by_ckey)
        if not _veto(graph, parts, quality, threshold):
            break
    vecs: dict[int, np.ndarray] = {}
    for ids, v in cat.iter_vectors(model, vids):
        vecs.update(zip(ids.tolist(), v))
    groups: list[Group] = []
    for g in parts:
        photos: list[Photo] = []
        vid_of: dict[int, int] = {}
        for v in g.tolist():
            vid = int(graph.vids[v])
            for p in files.get(vid, []):
                vid_of[p.id] = vid
                photos.append(p)
        if len(photos) < 2:
            continue  # a photo vanished since the graph was made
        best, why = choose_keeper(photos, quality)
        kv = vecs.get(vid_of[photos[best].id])
        members = []
        for i, p in enumerate(photos):
            if p.ckey == photos[best].ckey:
                s = 1.0
            else:
                pv = vecs.get(vid_of[p.id])
                s = float(np.dot(kv, pv)) if kv is not None and pv is not None else float("nan")
            members.append(Member(p, min(1.0, s)))
        keeper = members.pop(best)
        members.sort(key=lambda m: (-m.score, m.path))
        groups.append(Group([keeper] + members, why, threshold))
    groups.sort(key=lambda gr: (-len(gr.members), gr.keep.path))
    return groups


def _veto(graph: NeighbourGraph, parts: list[np.ndarray], quality: dict[str, Quality],
          threshold: float) -> bool:
    """Mark edges inside ``parts`` whose two colour layouts differ wildly; True if any new."""
    in_part = np.zeros(len(graph.vids), dtype=bool)
    for g in parts:
        in_part[g] = True
    cand = np.flatnonzero(in_part[graph.a] & in_part[graph.b] & (graph.sim >= threshold)
                          & ~graph.vetoed)
    new = False
    for e in cand.tolist():
        qa = quality.get(graph.ckeys[graph.a[e]])
        qb = quality.get(graph.ckeys[graph.b[e]])
        if qa is None or qb is None or qa.signature is None or qb.signature is None:
            continue
        if float(np.abs(qa.signature - qb.signature).mean()) > SIGNATURE_VETO:
            graph.vetoed[e] = True
            new = True
    return new
