"""Tags: the API the CLI and the window use (re-exported from :mod:`photorec.core.organize.tagging`
and :mod:`photorec.core.organize.tags_io`), and the tag suggestions.

The user's tags are kept per photo content; the photo files' own keywords come in per file
path as tags of source 'file' (:func:`set_file_tags`); :func:`export_tags` / :func:`import_tags` write and read them.

Suggestions: :func:`train` fits the classifier of :mod:`photorec.core.organize.tag_model` on the
tagged photos (positives of their tags, negatives of the others) and the rejections (negatives
of that tag); untagged photos are unlabelled, never negatives. Its confidences are calibrated
on held-out photos (cross-validation); :func:`suggest` offers a tag only where the classifier
beats that tag's base rate on held-out photos, and only with a confidence above the base rate.
Its held-out accuracy (the top tag is one of the photo's tags) is reported beside the accuracy
of always guessing the most common tag. Rejections are remembered and never suggested again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from photorec.core.errors import TagError
from photorec.core.organize.tag_model import TagModel, fit
from photorec.core.organize.tagging import (
    FOLDER_PREFIX,
    HIERARCHY,
    _photos_for,
    accept,
    add_tags,
    all_tags,
    clean_tag,
    file_tag_counts,
    file_tags_of,
    folder_tag,
    photos_with_tag,
    reject,
    rejected_by_ckey,
    rejections,
    remove_tags,
    rename_tag,
    set_file_tags,
    set_file_tags_many,
    tags_by_ckey,
    tags_by_path,
    tags_of,
    untagged_photos,
    user_tags_of,
)
from photorec.core.organize.tags_io import EXPORT_VERSION, ImportReport, export_tags, import_tags
from photorec.core.store import Photo
from photorec.core.store import shared as organize
from photorec.core.store import tags as db
from photorec.core.store.tags import FILE_SOURCE, ensure_schema

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

MIN_TRAIN = 6  # tagged photos needed to train at all
MIN_PER_TAG = 2  # photos a tag needs to be learned
MIN_CONFIDENCE = 0.5

__all__ = [
    "EXPORT_VERSION", "FILE_SOURCE", "FOLDER_PREFIX", "HIERARCHY", "ImportReport", "MIN_CONFIDENCE",
    "MIN_PER_TAG", "MIN_TRAIN", "Suggestion", "TagError", "TagModel", "accept", "add_tags",
    "all_tags", "clean_tag", "ensure_schema", "export_tags", "file_tag_counts", "file_tags_of",
    "folder_tag", "import_tags", "load_model", "photos_with_tag", "reject", "rejected_by_ckey",
    "rejections", "remove_tags", "rename_tag", "set_file_tags", "set_file_tags_many", "suggest",
    "tags_by_ckey", "tags_by_path", "tags_of", "train", "untagged_photos", "user_tags_of",
]


# -- the classifier --------------------------------------------------------------------------


def _training_set(lib: Library, use_folders: bool,
                  ) -> tuple[list[str], np.ndarray, list[str], np.ndarray, np.ndarray, list[int]]:
    """(ckeys, vectors, tag names, Y, M) of the tagged (or rejected) library photos."""
    cat, model = lib.catalog, lib.model.key
    tags = tags_by_ckey(lib)
    if use_folders:
        for ck, path in db.first_path_by_ckey(cat):
            tags.setdefault(ck, []).append(folder_tag(path))
    rejected = rejected_by_ckey(lib)
    ids, ckeys = organize.vector_table(cat, model)
    vid_of = dict(zip(ckeys, ids.tolist()))
    count = Counter(t.lower() for ck, ts in tags.items() if ck in vid_of for t in set(ts))
    names: dict[str, str] = {}
    for ts in tags.values():
        for t in ts:
            if count[t.lower()] >= MIN_PER_TAG:
                names.setdefault(t.lower(), t)
    tag_list = sorted(names.values(), key=str.lower)
    col = {t.lower(): i for i, t in enumerate(tag_list)}
    use = sorted(ck for ck in vid_of if (any(t.lower() in col for t in tags.get(ck, ()))
                                         or any(t in col for t in rejected.get(ck, ()))))
    vecs: dict[int, np.ndarray] = {}
    for vid, v in cat.iter_vectors(model, [vid_of[ck] for ck in use]):
        vecs.update(zip(vid.tolist(), v))
    use = [ck for ck in use if vid_of[ck] in vecs]
    n, T = len(use), len(tag_list)
    X = np.stack([vecs[vid_of[ck]] for ck in use]) if use else np.zeros((0, lib.model.dim), np.float32)
    Y = np.zeros((n, T), dtype=np.float32)
    M = np.zeros((n, T), dtype=np.float32)
    for i, ck in enumerate(use):
        mine = [col[t.lower()] for t in tags.get(ck, ()) if t.lower() in col]
        if mine:  # a tagged photo: a positive of its tags, a negative of the others
            M[i, :] = 1.0
            Y[i, mine] = 1.0
        for t in rejected.get(ck, ()):
            if t in col:
                M[i, col[t]] = 1.0
                Y[i, col[t]] = 0.0
    return use, X, tag_list, Y, M, [vid_of[ck] for ck in use]


def shot_groups(lib: Library, X: np.ndarray, vids: list[int] | None = None) -> np.ndarray:
    """A group label per row of X: photos joined by the duplicates' neighbour graph at the
    similar-shots threshold (near-duplicates, bursts) share one, so the classifier's
    cross-validation never holds out a photo while learning from its copy. The edges come
    from the index (each row's nearest photos; ``vids`` the rows' vector ids), else from the
    rows' own cosines."""
    from photorec.core.organize.duplicates.graph import GRAPH_EF, KNN, components
    from photorec.core.organize.duplicates.thresholds import default_threshold

    n = len(X)
    if n < 2:
        return np.arange(n)
    thr = default_threshold(lib.model, "similar")
    Xn = np.asarray(X, np.float32)
    a: list[int] = []
    b: list[int] = []
    try:
        if vids is None or len(vids) != n:
            raise LookupError("rows without vector ids")
        row_of = {int(v): i for i, v in enumerate(vids)}
        labels, sims = lib.index.search_many(Xn, KNN + 1, ef=GRAPH_EF)
        for i in range(n):
            for v, s in zip(labels[i].tolist(), sims[i].tolist()):
                j = row_of.get(int(v))
                if j is not None and j != i and s >= thr:
                    a.append(i)
                    b.append(j)
    except Exception as exc:  # noqa: BLE001 - the rows' own cosines will do
        log.debug("tag groups from the rows' cosines: %s", exc)
        a, b = [], []
        for s0 in range(0, n, 1024):
            S = Xn[s0:s0 + 1024] @ Xn.T
            ii, jj = np.nonzero(S >= thr)
            keep = ii + s0 < jj
            a.extend((ii[keep] + s0).tolist())
            b.extend(jj[keep].tolist())
    return components(n, np.asarray(a, np.int64), np.asarray(b, np.int64))


def train(lib: Library, *, use_folders: bool = False, seed: int = 0, store: bool = True) -> TagModel:
    """Train the tag classifier on the tagged photos (and store it unless read-only)."""
    ckeys, X, tag_list, Y, M, vids = _training_set(lib, use_folders)
    labelled = int(Y.any(1).sum())
    if len(tag_list) < 1 or labelled < MIN_TRAIN:
        raise TagError("too_few_tagged", needed=MIN_TRAIN, per_tag=MIN_PER_TAG, tagged=labelled)
    model = fit(X, Y, M, tag_list, folders=use_folders, seed=seed, groups=shot_groups(lib, X, vids))
    if store and ensure_schema(lib.catalog) and not lib.catalog.readonly:
        with db.writer(lib.catalog) as c:
            c.save_model(lib.model.key, model.created, model.info(), model.W, model.b,
                            model.mean, model.basis)
    return model


def load_model(lib: Library) -> TagModel | None:
    """The classifier last trained for this library's model (None: never, or by an older
    photorec whose confidences were not calibrated)."""
    if not ensure_schema(lib.catalog):
        return None
    row = db.load_model(lib.catalog, lib.model.key)
    return TagModel.from_stored(*row) if row else None


@dataclass
class Suggestion:
    path: str
    ckey: str
    tag: str
    confidence: float | None  # None: not measured (too few independent examples)
    offline: bool = False


def suggest(lib: Library, *, model: TagModel | None = None, min_confidence: float = MIN_CONFIDENCE,
            per_photo: int = 3, paths: Iterable[str] | None = None,
            include_tagged: bool = False) -> list[Suggestion]:
    """Suggested tags for the untagged photos (or for ``paths``), most confident first; never a
    tag the photo has or the user rejected for it, never a tag the classifier does not predict
    better than its base rate (held-out), never a confidence at or below that base rate."""
    if model is None:
        model = train(lib)
    cat, key = lib.catalog, lib.model.key
    tags = tags_by_ckey(lib)
    rejected = rejected_by_ckey(lib)
    if paths is not None:
        photos = _photos_for(lib, paths)
    else:
        photos = [p for p in lib.photos() if include_tagged or p.ckey not in tags]
    by_ck: dict[str, Photo] = {}
    for p in photos:
        if p.ckey is not None:  # always: photos in the library have a content key
            by_ck.setdefault(p.ckey, p)
    vid_of = cat.vector_ids_for(list(by_ck), key)
    ok = model.suggestable
    floor = np.maximum(model.base, min_confidence)
    strict = model.base >= min_confidence  # must beat the base rate, not only equal it
    out: list[Suggestion] = []
    ck_of = {v: ck for ck, v in vid_of.items()}
    for vid, X in cat.iter_vectors(key, list(vid_of.values())):
        P = model.predict(X)
        for v, row in zip(vid.tolist(), P):
            ck = ck_of[v]
            have = {t.lower() for t in tags.get(ck, ())} | rejected.get(ck, set())
            if model.folders:
                have.add(folder_tag(by_ck[ck].path).lower())
            shown = 0
            for j in np.argsort(-row, kind="stable").tolist():
                if shown >= per_photo:
                    break
                if (not ok[j] or row[j] < floor[j] or (strict[j] and row[j] <= floor[j])
                        or model.tags[j].lower() in have):
                    continue
                out.append(Suggestion(by_ck[ck].path, ck, model.tags[j], float(row[j]),
                                      not by_ck[ck].online))
                shown += 1
    out.sort(key=lambda s: (-cast(float, s.confidence), s.path, s.tag))  # all measured until below
    if not model.measured:  # ranked all the same, but a percentage would be a guess
        for s in out:
            s.confidence = None
    return out
