"""The neighbour graph and how it is cut into groups.

Vertices are contents (vector ids); edges join near neighbours with their cosine and, once
the perceptual hashes are attached, the Hamming distance of the two hashes. An edge says
"the same picture" at a threshold T when the cosine is >= T, or when the hashes are within
``PHASH_MAX`` bits and the cosine is above the sanity floor ``PHASH_FLOOR``.

Groups use complete linkage against the keeper: the connected components of the "same"
edges are only candidates; in each, the keeper is chosen, its members are the photos with a
"same" edge *to the keeper*, and the rest is split into groups of its own the same way. A
chain a~b~c therefore never puts c (73 % alike to a) in a's group.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from photorec.core.ingest.phash import hamming

if TYPE_CHECKING:
    from photorec.core.organize.duplicates.decisions import Decisions

log = logging.getLogger(__name__)

KNN = 16  # neighbours asked per photo
GRAPH_EF = 48  # hnsw search breadth for the graph: near neighbours are easy to find
GRAPH_FLOOR = 0.60  # the loosest threshold the graph (and the slider) can go down to
MAX_GROUP = 60  # larger components are split by raising the threshold inside them
GRAPH_VERSION = 1
# The perceptual-hash rule (measured with benchmarks/bench_organize.py --thresholds): at most
# PHASH_MAX of 64 bits apart, and a cosine of at least PHASH_FLOOR, so that two flat or
# featureless pictures whose hashes happen to agree are never joined on the hash alone.
PHASH_MAX = 10
PHASH_FLOOR = 0.60

KeeperOf = Callable[[np.ndarray], int]  # vertices of a candidate group -> the keeper vertex
Progress = Callable[[int, int], None]  # (done, total) of the vectors searched


class Cancelled(Exception):
    pass


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
    pixels: np.ndarray | None = None  # float64 [n]: width x height (0 if unknown)
    ham: np.ndarray | None = None  # int16 [m]: Hamming distance of the hashes, -1 unknown
    vertex_hashes: tuple[np.ndarray, np.ndarray] | None = None  # (uint64 [n] hashes, bool [n] known), once attached
    # The hash rule joins pairs at thresholds up to this (the model's duplicates threshold):
    # a stricter slider asks the embedding alone to be surer.
    phash_upto: float = 1.0
    _decided: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.vids)

    def __post_init__(self) -> None:
        if self.vetoed is None:
            self.vetoed = np.zeros(len(self.a), dtype=bool)
        if self.pixels is None:
            self.pixels = np.zeros(len(self.vids), dtype=np.float64)
        self._vertex_of = {ck: i for i, ck in enumerate(self.ckeys)}

    def vertex(self, ckey: str | None) -> int | None:
        return self._vertex_of.get(ckey) if ckey is not None else None

    @property
    def has_phashes(self) -> bool:
        return self.ham is not None

    def set_phashes(self, hashes: np.ndarray, known: np.ndarray, upto: float = 1.0) -> None:
        """Attach the hashes of the vertices (uint64 [n], and which are known); the hash rule
        then applies at thresholds up to ``upto``."""
        self.phash_upto = upto
        self.vertex_hashes = (hashes, known)
        ham = np.full(len(self.a), -1, dtype=np.int16)
        ok = known[self.a] & known[self.b]
        if ok.any():
            ham[ok] = hamming(hashes[self.a[ok]], hashes[self.b[ok]])
        self.ham = ham

    # -- which edges say "the same picture" --------------------------------------------------

    def phash_edges(self, threshold: float | None = None) -> np.ndarray:
        """Edges whose hashes say "the same picture" (with a sane cosine), at ``threshold``."""
        if self.ham is None or (threshold is not None and threshold > self.phash_upto + 1e-9):
            return np.zeros(len(self.a), dtype=bool)
        return (self.ham >= 0) & (self.ham <= PHASH_MAX) & (self.sim >= PHASH_FLOOR)

    def edge_mask(self, threshold: float, within: float | None = None,
                  decisions: Decisions | None = None) -> np.ndarray:
        assert self.vetoed is not None  # set by __post_init__
        m: np.ndarray = ((self.sim >= threshold) | self.phash_edges(threshold)) & ~self.vetoed
        if within is not None:
            dt = np.abs(self.times[self.a] - self.times[self.b])
            m &= dt <= within  # nan (time unknown) compares False
        if decisions is not None and decisions.pairs:
            m &= ~self._decided_edges(decisions)
        return m

    def _decided_edges(self, decisions: Decisions) -> np.ndarray:
        key = (id(decisions), decisions.version)
        if self._decided.get("key") == key:
            cached: np.ndarray = self._decided["mask"]
            return cached
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

    # -- partitioning ------------------------------------------------------------------------

    def candidates(self, threshold: float, within: float | None = None,
                   decisions: Decisions | None = None) -> list[np.ndarray]:
        """Connected components of the "same" edges (vertex arrays of at least two), a
        component larger than MAX_GROUP split by raising the threshold inside it."""
        m = self.edge_mask(threshold, within, decisions)
        a, b, s = self.a[m], self.b[m], self.sim[m]
        out: list[np.ndarray] = []
        for g in _split_labels(components(len(self.vids), a, b)):
            if len(g) > MAX_GROUP:
                out.extend(_split_big(g, a, b, s, threshold))
            else:
                out.append(g)
        return out

    def partition(self, threshold: float, within: float | None = None,
                  decisions: Decisions | None = None, keeper_of: KeeperOf | None = None,
                  candidates: list[np.ndarray] | None = None) -> list[np.ndarray]:
        """Groups of vertices, the keeper first, each with at least two files.

        ``keeper_of`` chooses the keeper of a candidate group (the duplicates' keeper choice);
        without it, the vertex with the most pixels (then the most links) stands in, which
        is what the keeper choice weighs most: the live count under the slider uses that."""
        if candidates is None:
            candidates = self.candidates(threshold, within, decisions)
        m = self.edge_mask(threshold, within, decisions)
        out = complete_linkage(candidates, self.a[m], self.b[m],
                               keeper_of or self._proxy_keeper(self.a[m], self.b[m]))
        # Exact copies on their own (one content, several files) are duplicates too.
        in_group = np.zeros(len(self.vids), dtype=bool)
        for g in out:
            in_group[g] = True
        kept_copies = decisions.kept_copies if decisions is not None else set()
        for v in np.flatnonzero((self.copies >= 2) & ~in_group).tolist():
            if self.ckeys[v] not in kept_copies:
                out.append(np.array([v], dtype=np.int64))
        return out

    def _proxy_keeper(self, a: np.ndarray, b: np.ndarray) -> KeeperOf:
        degree = np.bincount(np.concatenate([a, b]).astype(np.int64), minlength=len(self.vids))
        pixels = self.pixels
        assert pixels is not None  # set by __post_init__

        def keeper(g: np.ndarray) -> int:
            order = np.lexsort((g, -degree[g], -pixels[g]))
            return int(g[order[0]])

        return keeper

    def count(self, threshold: float, within: float | None = None, decisions: Decisions | None = None) -> int:
        """How many groups :meth:`partition` would give (fast: for a live slider)."""
        return len(self.partition(threshold, within, decisions))

    def save(self, path: Path) -> None:
        save_graph(self, path)


def save_graph(g: NeighbourGraph, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.{threading.get_ident()}.tmp.npz")
    np.savez(tmp, version=GRAPH_VERSION, model=g.model, k=g.k, floor=g.floor,
             vids=g.vids, a=g.a, b=g.b, sim=g.sim)
    os.replace(tmp, path)


def complete_linkage(candidates: list[np.ndarray], a: np.ndarray, b: np.ndarray,
                     keeper_of: KeeperOf) -> list[np.ndarray]:
    """Cut each candidate group into groups whose members all have an edge to their keeper
    (the keeper first); what is left of a candidate is cut the same way."""
    out: list[np.ndarray] = []
    big = [g for g in candidates if len(g) > 2]
    for g in candidates:
        if len(g) == 2:  # one edge: already complete; the keeper first
            k = keeper_of(g)
            out.append(np.array([k] + [int(v) for v in g.tolist() if v != k], dtype=np.int64))
    if not big:
        return out
    inside = np.zeros(int(max(g.max() for g in big)) + 1, dtype=bool)
    for g in big:
        inside[g] = True
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    sel = (a < len(inside)) & (b < len(inside))
    sel[sel] = inside[a[sel]] & inside[b[sel]]
    adj: dict[int, set[int]] = {}
    for u, v in zip(a[sel].tolist(), b[sel].tolist()):
        adj.setdefault(u, set()).add(v)
        adj.setdefault(v, set()).add(u)
    pending = [np.asarray(g, dtype=np.int64) for g in big]
    while pending:
        g = pending.pop()
        if len(g) < 2:
            continue
        k = keeper_of(g)
        near = adj.get(k, set())
        members = [k] + [int(v) for v in g.tolist() if v != k and int(v) in near]
        if len(members) >= 2:
            out.append(np.array(members, dtype=np.int64))
        rest = [int(v) for v in g.tolist() if v != k and int(v) not in near]
        if len(rest) < 2:
            continue
        if len(members) < 2:  # the keeper has no link here (cannot be, but never loop)
            log.debug("a candidate group's keeper has no link inside it")
        pending.extend(_sub_components(rest, adj))
    return out


def _sub_components(vertices: list[int], adj: dict[int, set[int]]) -> list[np.ndarray]:
    left = set(vertices)
    parts = []
    while left:
        start = min(left)
        left.discard(start)
        stack, part = [start], [start]
        while stack:
            u = stack.pop()
            for v in adj.get(u, ()):
                if v in left:
                    left.discard(v)
                    stack.append(v)
                    part.append(v)
        if len(part) >= 2:
            parts.append(np.array(sorted(part), dtype=np.int64))
    return parts


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
