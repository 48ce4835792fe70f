"""Faces become people, incrementally.

Only faces without a person are placed; a face that has one (put there by an earlier run, by
the user, or by a name in the photo) never moves. Each face, best quality first, is compared
with each person's centroid (the normalised mean of its faces):

- at least :data:`JOIN` and clearly ahead of the next person (:data:`MARGIN`): it joins;
- at least :data:`SUGGEST`: it stays unassigned, with that person as a suggestion
  ("Is this Ana?");
- else, if it is good enough to seed (:attr:`Face.can_seed`), it starts a new person;
- else it stays unassigned.

A face never joins (nor is offered as) a person the user said it is not, nor a person who
already has a face in the same photo.

The thresholds are cosine similarities of SFace embeddings, placed by measurement on the
labelled real faces of ``tests/data/faces`` (``benchmarks/bench_faces.py``): same-person pairs
measured 0.66 to 0.90 (10 pairs, one person), different people at most 0.40 (225 pairs, 1 of
them at or over SUGGEST, none at JOIN); OpenCV's own threshold for SFace on LFW is 0.363. JOIN
sits well above every different-person pair (a person never absorbs a stranger silently) and
the unsure band between goes to suggestions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from photorec.core.people.faces import SEED_MIN_PX, SEED_MIN_QUALITY, SEED_MIN_SCORE
from photorec.core.store.people import FaceTable

JOIN = 0.50
SUGGEST = 0.36
MARGIN = 0.06
WEAK_EXTRA = 0.08  # a face too poor to seed needs this much more to join


@dataclass
class Plan:
    new_people: list[list[int]] = field(default_factory=list)  # face ids per new person
    joins: list[tuple[int, int]] = field(default_factory=list)  # (face id, person id)
    suggestions: list[tuple[int, int | None]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new_people or self.joins or self.suggestions)


def can_seed(quality: float, score: float, width_px: float) -> bool:
    return quality >= SEED_MIN_QUALITY and score >= SEED_MIN_SCORE and width_px >= SEED_MIN_PX


def plan(table: FaceTable, rejected: set[tuple[int, int]],
         old_suggestions: Mapping[int, int] | None = None) -> Plan:
    """What to change so that every face without a person is placed (see the module doc).

    Named people with no face in ``table`` but a remembered mean face (``table.remembered``:
    their faces were dropped with damaged face data) are placed first: a face that joins one
    of them as surely as any join goes back to that person before anyone new is made."""
    out = Plan()
    n = len(table.ids)
    if not n:
        return out
    # Groups: existing people (positive ids) and this run's new ones (negative ids).
    sums: dict[int, np.ndarray] = {}
    counts: dict[int, int] = {}
    photos: dict[int, set[str]] = {}
    for i in range(n):
        p = int(table.person[i])
        if p:
            sums[p] = sums.get(p, 0) + table.vecs[i]
            counts[p] = counts.get(p, 0) + 1
            photos.setdefault(p, set()).add(table.ckeys[i])
    remembered = {g: v for g, v in table.remembered.items() if g not in sums}
    for g, v in remembered.items():  # a remembered mean weighs as one face
        sums[g] = np.asarray(v, np.float32).copy()
        counts[g] = 0
    gids = list(sums)
    cent = (np.stack([sums[g] for g in gids]) if gids else np.zeros((0, table.vecs.shape[1]),
                                                                    np.float32))

    def normed(m: np.ndarray) -> np.ndarray:
        unit: np.ndarray = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
        return unit

    C = normed(cent) if len(gids) else cent
    new_members: dict[int, list[int]] = {}

    def rank(i: int) -> tuple[np.ndarray, float, float, float]:
        """(groups best first, best and second similarity, what a join needs) of face i."""
        fid = int(table.ids[i])
        sims = C @ table.vecs[i] if len(gids) else np.zeros(0, np.float32)
        ok = np.array([(fid, g) not in rejected and table.ckeys[i] not in photos.get(g, ())
                       for g in gids], bool)
        sims = np.where(ok, sims, -1.0) if len(gids) else sims
        order = np.argsort(-sims) if len(gids) else np.array([], int)
        best = float(sims[order[0]]) if len(order) else -1.0
        second = float(sims[order[1]]) if len(order) > 1 else -1.0
        seed = can_seed(float(table.quality[i]), float(table.score[i]), float(table.width_px[i]))
        return order, best, second, JOIN if seed else JOIN + WEAK_EXTRA

    def place(i: int, target: int) -> None:
        v = table.vecs[i]
        sums[target] = sums[target] + v
        counts[target] += 1
        photos.setdefault(target, set()).add(table.ckeys[i])
        C[gids.index(target)] = sums[target] / max(float(np.linalg.norm(sums[target])), 1e-12)
        if target < 0:
            new_members[target].append(int(table.ids[i]))
        else:
            out.joins.append((int(table.ids[i]), target))

    pending = [i for i in range(n) if not table.person[i]]
    pending.sort(key=lambda i: (-float(table.quality[i]), int(table.ids[i])))
    if remembered:
        back = []
        for i in pending:
            order, best, second, need = rank(i)
            if len(order) and gids[int(order[0])] in remembered and best >= need \
                    and best - second >= MARGIN:
                place(i, gids[int(order[0])])
                back.append(i)
        pending = [i for i in pending if i not in set(back)]
    old_suggestions = old_suggestions or {}
    for i in pending:
        fid = int(table.ids[i])
        v = table.vecs[i]
        order, best, second, need = rank(i)
        seed = need == JOIN
        suggestion: int | None = None
        target: int | None = None
        if best >= need and best - second >= MARGIN:
            target = gids[int(order[0])]
        elif best >= SUGGEST:
            g = gids[int(order[0])]
            suggestion = g if g > 0 else None  # unsure about a person made in this very run: none
        elif seed:
            target = -(len(new_members) + 1)
            new_members[target] = []
            gids.append(target)
            sums[target] = np.zeros_like(v)
            counts[target] = 0
            C = np.vstack([C, v[None]]) if len(C) else v[None].copy()
        if target is not None:
            place(i, target)
        elif old_suggestions.get(fid) != suggestion:
            out.suggestions.append((fid, suggestion))
    out.new_people = [m for _, m in sorted(new_members.items(), reverse=True) if m]
    return out
