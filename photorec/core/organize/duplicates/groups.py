"""Groups of near-duplicates (or similar shots) with their keeper, from the neighbour graph.

A group holds only photos that "the same picture" links *to its keeper* (complete linkage,
see ``graph``): a cosine >= the threshold, or perceptual hashes within ``PHASH_MAX`` bits
with a sane cosine. Each member says which signal linked it (``signal``: "embedding",
"phash" or "both"); in the looser "similar shots" mode a member may be linked by a cosine
under the duplicates threshold only, and then has no signal and is never pre-ticked for
the trash (``Member.same`` is False).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from photorec.core.embed import similarity
from photorec.core.ingest.phash import hamming
from photorec.core.organize.duplicates.build import attach_phashes, neighbour_graph
from photorec.core.organize.duplicates.decisions import Decisions, load_decisions
from photorec.core.organize.duplicates.graph import PHASH_FLOOR, PHASH_MAX, Cancelled, NeighbourGraph, Progress
from photorec.core.organize.duplicates.keeper import Quality, choose_keeper, identical_files, quality_of
from photorec.core.organize.duplicates.thresholds import FALLBACK_THRESHOLDS, MODEL_THRESHOLDS, MODES, default_threshold  # noqa: F401
from photorec.core.store import Photo

if TYPE_CHECKING:
    from photorec.core.index.match import Match
    from photorec.core.library import Library

log = logging.getLogger(__name__)

SIGNATURE_VETO = 0.35  # mean |difference| of the 4x4 RGB layouts (0..1) that vetoes an edge

@dataclass
class Member:
    photo: Photo
    score: float  # cosine similarity to the keeper's content (1.0 for exact copies)
    # What says it is the same picture as the keeper: "embedding" (cosine >= the duplicates
    # threshold), "phash" (the perceptual hashes), "both"; None for the keeper itself and for
    # a similar shot that neither calls the same picture.
    signal: str | None = None
    bits: int | None = None  # Hamming distance of the hashes to the keeper's, when known
    identical: bool = False  # byte for byte the keeper's file (compared, not assumed)
    mirrored: bool = False  # its colour layout matches the keeper's mirrored, not as it is
    band: str | None = None  # the similarity band's label (``similarity.describe``); None: keeper

    @property
    def path(self) -> str:
        return self.photo.path

    @property
    def same(self) -> bool:
        """The same picture as the keeper by some signal: only then pre-ticked for the trash."""
        return self.signal is not None


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

    @property
    def signal(self) -> str:
        """Which signal made the group: "embedding", "phash" (every member by its hash only)
        or "both" (both signals, for one member or across members)."""
        found = {m.signal for m in self.members[1:] if m.signal is not None}
        if not found:
            return "embedding"  # similar shots, linked by a looser cosine
        return found.pop() if len(found) == 1 else "both"

    def to_json(self) -> dict[str, Any]:
        """``paths`` (keeper first), ``scores`` (cosine to the keeper, aligned with paths),
        ``keep``, ``why``, ``signal`` (what joined the group: "embedding", "phash" or
        "both"), ``signals`` (per path, what says it is the same picture as the keeper; null
        for the keeper and for similar shots below the duplicates threshold), ``identical``
        (per path, byte for byte the keeper's file; false for the keeper itself), ``bands``
        (per path, the similarity band's label, the one table the similar panel uses: "Same
        photo", "Near-duplicate"...; a mirrored copy is at most a near-duplicate; null for
        the keeper), and
        ``offline`` (aligned with paths: true for photos in folders that are offline now,
        which are reported but cannot be moved to the trash)."""
        return {
            "paths": self.paths,
            "scores": [round(m.score, 4) for m in self.members],
            "keep": self.keep.path,
            "why": self.why,
            "signal": self.signal,
            "signals": [m.signal for m in self.members],
            "identical": [m.identical for m in self.members],
            "bands": [m.band for m in self.members],
            "offline": [not m.photo.online for m in self.members],
        }


def find_groups(lib: Library, *, mode: str = "duplicates", threshold: float | None = None,
                within: float | None = None, graph: NeighbourGraph | None = None,
                include_decided: bool = False, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> list[Group]:
    """Near-duplicate groups of the library, biggest first.

    ``mode`` picks the default threshold ("duplicates": the same picture; "similar": similar
    shots); ``within`` (seconds) keeps only pairs taken that close in time (bursts)."""
    if threshold is None:
        threshold = default_threshold(lib.model, mode)
    if graph is None:
        graph = neighbour_graph(lib, progress=progress, cancel=cancel)
    decisions = None if include_decided else load_decisions(lib)
    return groups_from_graph(lib, graph, threshold, within, decisions, cancel=cancel)


def groups_from_graph(lib: Library, graph: NeighbourGraph, threshold: float, within: float | None = None,
                      decisions: Decisions | None = None, cancel: threading.Event | None = None,
                      same_threshold: float | None = None) -> list[Group]:
    """Groups at ``threshold``. ``same_threshold`` (default: the model's duplicates
    threshold) is the cosine from which a member counts as the same picture."""
    cat, model = lib.catalog, lib.model.key
    if same_threshold is None:
        same_threshold = default_threshold(lib.model, "duplicates")
    if not graph.has_phashes:
        attach_phashes(lib, graph, cancel=cancel)
    while True:  # the colour-layout check may veto edges; then look again
        cands = graph.candidates(threshold, within, decisions)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        vids = sorted({int(graph.vids[v]) for g in cands for v in g.tolist()}
                      | {int(graph.vids[v]) for v in np.flatnonzero(graph.copies >= 2).tolist()})
        files = cat.files_of_vectors(vids, model)
        by_ckey: dict[str, list[Photo]] = {}
        for ph in files.values():
            for p in _live(lib, ph):  # an unplugged drive is offline now, rescan or not
                if p.ckey is not None:  # always: these are files of vectors
                    by_ckey.setdefault(p.ckey, []).append(p)
        quality = quality_of(lib, by_ckey)
        if not _veto(graph, cands, quality, threshold):
            break

    def photos_of(g: list[int]) -> list[Photo]:
        return [p for v in g for p in files.get(int(graph.vids[v]), [])]

    def keeper_of(g: np.ndarray) -> int:
        photos = photos_of(g.tolist())
        if not photos:
            return int(g[0])
        best, _ = choose_keeper(photos, quality)
        v = graph.vertex(photos[best].ckey)
        return int(g[0]) if v is None else v

    parts = graph.partition(threshold, within, decisions, keeper_of=keeper_of, candidates=cands)
    vecs: dict[int, np.ndarray] = {}
    for ids, chunk in cat.iter_vectors(model, vids):
        vecs.update(zip(ids.tolist(), chunk))
    hashes = graph.vertex_hashes if graph.has_phashes else None
    groups: list[Group] = []
    for g in parts:
        gl = g.tolist()
        photos = photos_of(gl)
        if len(photos) < 2:
            continue  # a photo vanished since the graph was made
        # The keeper is a file of g[0]'s content (complete linkage was measured from it).
        own = [i for i, p in enumerate(photos) if graph.vertex(p.ckey) == gl[0]]
        best, _ = choose_keeper(photos, quality)
        if best not in own:
            best = own[choose_keeper([photos[i] for i in own], quality)[0]] if own else best
        best, why = choose_keeper(photos, quality, best=best)
        kv = vecs.get(int(graph.vids[gl[0]]))
        members = []
        for p in photos:
            v = graph.vertex(p.ckey)
            bits = None
            signal: str | None
            if v == gl[0]:
                s, signal = 1.0, "both"
            else:
                pv = vecs.get(int(graph.vids[v])) if v is not None else None
                s = float(np.dot(kv, pv)) if kv is not None and pv is not None else float("nan")
                s = min(1.0, s)
                if hashes is not None and v is not None and hashes[1][v] and hashes[1][gl[0]]:
                    bits = int(hamming(hashes[0][v], hashes[0][gl[0]]))
                by_hash = (bits is not None and bits <= PHASH_MAX and s >= PHASH_FLOOR
                           and threshold <= graph.phash_upto + 1e-9)
                by_cos = s >= same_threshold
                signal = "both" if by_hash and by_cos else "phash" if by_hash else \
                    "embedding" if by_cos else None
            members.append(Member(p, s, signal, bits))
        keeper = members.pop(best)
        keeper.signal = None
        kq = quality.get(keeper.photo.ckey or "")
        for m in members:
            m.identical = identical_files(keeper.photo, m.photo)
            m.mirrored = not m.identical and _mirrored(kq, quality.get(m.photo.ckey or ""))
            m.band = "Identical file" if m.identical else \
                similarity.describe(m.score, lib.model, mirrored=m.mirrored)
        members.sort(key=lambda m: (-m.score, m.path))
        groups.append(Group([keeper] + members, why, threshold))
    groups.sort(key=lambda gr: (-len(gr.members), gr.keep.path))
    return groups


def _veto(graph: NeighbourGraph, parts: list[np.ndarray], quality: dict[str, Quality],
          threshold: float) -> bool:
    """Mark edges inside ``parts`` whose two colour layouts differ wildly; True if any new."""
    vetoed = graph.vetoed
    assert vetoed is not None  # set by NeighbourGraph.__post_init__
    in_part = np.zeros(len(graph.vids), dtype=bool)
    for g in parts:
        in_part[g] = True
    cand = np.flatnonzero(in_part[graph.a] & in_part[graph.b]
                          & ((graph.sim >= threshold) | graph.phash_edges(threshold)) & ~vetoed)
    new = False
    for e in cand.tolist():
        qa = quality.get(graph.ckeys[graph.a[e]])
        qb = quality.get(graph.ckeys[graph.b[e]])
        if qa is None or qb is None or qa.signature is None or qb.signature is None:
            continue
        if float(np.abs(qa.signature - qb.signature).mean()) > SIGNATURE_VETO:
            vetoed[e] = True
            new = True
    return new


MIRROR_MARGIN = 0.02  # mean |difference| of the layouts that a mirrored match must win by


def _mirrored(a: Quality | None, b: Quality | None) -> bool:
    """Does ``b``'s 4x4 colour layout match ``a``'s flipped left to right clearly better than
    as it is (a mirrored copy)?"""
    if a is None or b is None or a.signature is None or b.signature is None:
        return False
    sa = np.asarray(a.signature, dtype=np.float32).reshape(4, 4, 3)
    sb = np.asarray(b.signature, dtype=np.float32).reshape(4, 4, 3)
    straight = float(np.abs(sb - sa).mean())
    flipped = float(np.abs(sb - sa[:, ::-1, :]).mean())
    return flipped + MIRROR_MARGIN < straight


def mark_mirrored(lib: Library, query: Photo | None, matches: list[Match]) -> None:
    """Set ``mirrored`` on the matches that the figure alone would call "Same photo" but whose
    colour layout matches the library photo ``query`` flipped left to right: a mirrored copy is
    at most a near-duplicate, in the similar panel as on the Duplicates page."""
    if query is None or not query.ckey:
        return
    same = [m for m in matches if m.photo is not None and m.photo.ckey and m.photo.ckey != query.ckey
            and (b := similarity.band(m.score, lib.model)) is not None and b.key == "same"]
    if not same:
        return
    by_ckey: dict[str, list[Photo]] = {query.ckey: [query]}
    for m in same:
        assert m.photo is not None and m.photo.ckey  # kept in ``same`` only with both
        by_ckey.setdefault(m.photo.ckey, []).append(m.photo)
    quality = quality_of(lib, by_ckey)
    for m in same:
        assert m.photo is not None and m.photo.ckey
        m.mirrored = _mirrored(quality.get(query.ckey), quality.get(m.photo.ckey))


def _live(lib: Library, photos: list[Photo]) -> list[Photo]:
    apply = getattr(lib, "apply_online", None)
    return apply(photos) if apply is not None else photos
