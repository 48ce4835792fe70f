"""Visual themes: the library clustered with k-means on the embeddings, stored, and named.

The embeddings are first centred and projected on their top ``PCA_DIM`` principal axes (fit on
a sample; :mod:`photorec.core.embed.vectors`): it removes the direction every CNN feature shares,
keeps 100,000 photos in 100 MB instead of 512, and makes each pass five times cheaper. Then
spherical k-means (:mod:`photorec.core.embed.kmeans`), with k the user's or picked automatically.
Vectors are taken in content-key order, so the same library and seed give the same themes
whatever order it was indexed in.

The result is stored in the catalog (:mod:`photorec.core.store.themes`: centroids, and theme +
centrality per content key), so the window shows it without recomputing. Photos indexed later
are assigned to the nearest stored centroid (milliseconds: :func:`load_themes` does it); a full
recompute is suggested when the library has grown by a third since (``ThemeSet.stale``).
Each theme is named by what it holds (:mod:`photorec.core.organize.theme_names`): its commonest tags,
the model's top ImageNet classes at its centre, its date span.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from photorec.core.embed.kmeans import (
    BATCH,
    FULL_LLOYD_LIMIT,
    MAX_AUTO_K,
    Cancelled,
    KMeansResult,
    assign,
    auto_k,
    kmeans,
    silhouette,
)
from photorec.core.embed.vectors import Projection, fit_projection
from photorec.core.errors import LibraryError
from photorec.core.organize import tagging, theme_names
from photorec.core.store import Photo
from photorec.core.store import shared as organize
from photorec.core.store import themes as db
from photorec.core.store.themes import ensure_schema

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

PCA_DIM = 256
PCA_SAMPLE = 10_000
MAX_K = 1000
MIN_PER_THEME = 3  # a number of themes asked for must leave this many photos a theme on average


class ThemeCountError(LibraryError, ValueError):
    """More themes asked for than the library can fill (``k``, ``photos``, ``most``)."""

    def __init__(self, k: int, photos: int, most: int) -> None:
        super().__init__("theme_count", k=k, photos=photos, most=most, per=MIN_PER_THEME)


def most_themes(n: int) -> int:
    """The most themes ``n`` photos can be asked to make."""
    return max(1, min(MAX_K, n // MIN_PER_THEME))
STALE_GROWTH = 1 / 3
CHUNK = 8192

__all__ = ["BATCH", "FULL_LLOYD_LIMIT", "MAX_AUTO_K", "MAX_K", "PCA_DIM", "Cancelled",
           "KMeansResult", "MIN_PER_THEME", "Projection", "Theme", "ThemeCountError", "ThemeSet", "assign", "auto_k",
           "compute_themes", "ensure_schema", "fit_projection", "kmeans", "load_themes", "most_themes",
           "project_library", "silhouette", "theme_photos"]


# -- the library's themes --------------------------------------------------------------------


@dataclass
class Theme:
    id: int  # 0-based, by size (0 = the biggest)
    size: int  # photos (files)
    label: str
    ckeys: list[str]  # members, most central first
    scores: list[float]
    central: list[Photo] = field(default_factory=list)  # a few most central photos
    name: theme_names.ThemeName | None = None  # what the label is made of


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
    info: dict[str, Any]
    themes: list[Theme]
    added: int = 0  # contents indexed since, assigned to the nearest theme
    stale: bool = False  # the library grew enough that recomputing is worth it

    def to_json(self, lib: Library | None = None) -> dict[str, Any]:
        return {
            "k": self.k, "auto": self.auto, "seed": self.seed, "n": self.n,
            "seconds": round(self.seconds, 3), "added_since": self.added, "stale": self.stale,
            "themes": [
                {"id": t.id, "label": t.label, "size": t.size,
                 "central": [p.path for p in t.central], **_name_json(t)}
                for t in self.themes
            ],
        }


def _name_json(t: Theme) -> dict[str, Any]:
    n = t.name
    if n is None:
        return {}
    return {"tags": n.tags, "classes": n.classes, "dates": n.dates, "colour": n.colour}


def project_library(lib: Library, *, seed: int = 0) -> tuple[list[str], np.ndarray, Projection]:
    """(content keys, projected unit vectors [n, p], the projection), in content-key order."""
    cat, model = lib.catalog, lib.model.key
    ids, ckeys = organize.vector_table(cat, model)
    n = len(ids)
    if n <= PCA_SAMPLE:
        _, ckeys, X = organize.load_vectors(cat, model)
        if n == 0:
            return ckeys, np.zeros((0, 1), np.float32), Projection(np.zeros(1, np.float32),
                                                                  np.ones((1, 1), np.float32))
        proj = fit_projection(X, PCA_DIM, seed=seed)
        return ckeys, proj(X), proj
    rng = np.random.default_rng(seed)
    sample_ids = ids[np.sort(rng.choice(n, size=PCA_SAMPLE, replace=False))]
    got: dict[int, np.ndarray] = {}
    for vids, vecs in cat.iter_vectors(model, sample_ids.tolist()):
        got.update(zip(vids.tolist(), vecs))
    proj = fit_projection(np.stack([got[int(v)] for v in sorted(got)]), PCA_DIM, seed=seed)
    del got
    pos = {int(v): i for i, v in enumerate(ids.tolist())}
    Z = np.zeros((n, proj.basis.shape[1]), dtype=np.float32)
    for vids, vecs in cat.iter_vectors(model, chunk=CHUNK):
        j = np.fromiter((pos.get(v, -1) for v in vids.tolist()), dtype=np.int64, count=len(vids))
        keep = j >= 0
        Z[j[keep]] = proj(vecs[keep])
    return ckeys, Z, proj


def compute_themes(lib: Library, k: int | None = None, *, seed: int = 0, store: bool = True,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: threading.Event | None = None, lang: str = "en") -> ThemeSet:
    """Cluster the whole library into ``k`` themes (picked automatically when None) and store
    the result (unless the library is read-only). ``lang``: of the class words in the names
    ("en" or "pt_BR")."""
    t0 = time.perf_counter()
    cat, model = lib.catalog, lib.model.key
    ckeys, Z, proj = project_library(lib, seed=seed)
    if len(ckeys) == 0:
        raise LibraryError("no_indexed_photos")
    t_load = time.perf_counter() - t0
    info: dict[str, Any] = {}
    auto = k is None or k <= 0
    if auto:
        k, info = auto_k(Z, seed=seed, cancel=cancel)
    elif k is not None and k > most_themes(len(ckeys)):  # never quietly fewer, or one-photo themes
        raise ThemeCountError(int(k), len(ckeys), most_themes(len(ckeys)))
    assert k is not None  # given, or chosen by auto_k
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
        run = db.StoredRun(k, seed, auto, len(ckeys), res.inertia, seconds, now, C, proj.mean,
                           proj.basis, info)
        db.save_run(cat, model, run, ckeys, labels.tolist(), res.scores.astype(float).tolist())
    return _theme_set(lib, model, k, seed, auto, len(ckeys), seconds, now, res.inertia, info,
                      dict(zip(ckeys, zip(labels.tolist(), res.scores.tolist()))), 0, lang=lang)


def load_themes(lib: Library, *, assign_new: bool = True, lang: str = "en") -> ThemeSet | None:
    """The stored themes (None if never computed for this model), with photos indexed since
    assigned to their nearest theme (and stored, when the library is writable)."""
    cat, model = lib.catalog, lib.model.key
    if not ensure_schema(cat):
        return None
    run = db.load_run(cat, model)
    if run is None:
        return None
    proj = Projection(run.mean, run.basis)
    members = db.members(cat, model)
    added = 0
    if assign_new:
        ids, ckeys = organize.vector_table(cat, model)
        new = [(int(v), ck) for v, ck in zip(ids.tolist(), ckeys) if ck not in members]
        if new:
            vecs: dict[int, np.ndarray] = {}
            for vid, v in cat.iter_vectors(model, [v for v, _ in new]):
                vecs.update(zip(vid.tolist(), v))
            new = [(v, ck) for v, ck in new if v in vecs]
            if new:
                X = proj(np.stack([vecs[v] for v, _ in new]))
                lab, best = assign(X, run.centroids)
                rows = [(model, ck, int(t), float(s)) for (_, ck), t, s in zip(new, lab, best)]
                for _, ck, t, s in rows:
                    members[ck] = (t, s)
                added = len(rows)
                if not cat.readonly:
                    try:
                        db.save_members(cat, rows)
                    except Exception as exc:  # recomputed next time
                        log.info("cannot store theme assignments: %s", exc)
    stale = added > STALE_GROWTH * max(run.n, 1)
    return _theme_set(lib, model, run.k, run.seed, run.auto, run.n, run.seconds, run.created,
                      run.inertia, run.info, members, added, stale, lang=lang)


def _tags_by_ckey(lib: Library) -> dict[str, list[str]]:
    try:
        return tagging.tags_by_ckey(lib)
    except Exception as exc:  # names are a nicety
        log.info("theme names without tags: %s", exc)
        return {}


def _theme_set(lib: Library, model: str, k: int, seed: int, auto: bool, n: int, seconds: float,
               created: float, inertia: float, info: dict[str, Any],
               members: dict[str, tuple[int, float]], added: int, stale: bool = False,
               central: int = 6, lang: str = "en") -> ThemeSet:
    """Themes with their sizes (in files), names and most central photos."""
    cat = lib.catalog
    files = db.library_files(cat)
    per: list[list[tuple[float, str]]] = [[] for _ in range(k)]
    for ck, (t, s) in members.items():
        if ck in files and 0 <= t < k:
            per[t].append((s, ck))
    tags = _tags_by_ckey(lib)
    ck_lists = [[ck for _, ck in sorted(per[t], key=lambda x: (-x[0], x[1]))] for t in range(k)]
    probs = theme_names.centre_class_probs(lib, ck_lists)
    names = []
    for t, cks in enumerate(ck_lists):
        names.append(theme_names.name_theme(
            t, [tags.get(ck, []) for ck in cks], [d for ck in cks for _, _, d in files[ck]],
            [theme_names.folder_name(files[ck][0][1]) for ck in cks], probs[t], lang,
            theme_names.photo_colours(lib, cks)))
    theme_names.unique(names)
    themes: list[Theme] = []
    want_ids: list[int] = []
    for t, cks in enumerate(ck_lists):
        scores = sorted((s for s, _ in per[t]), reverse=True)
        size = sum(len(files[ck]) for ck in cks)
        themes.append(Theme(t, size, names[t].label, cks, scores, name=names[t]))
        want_ids.extend(files[ck][0][0] for ck in cks[:central])
    photos = cat.photos_by_id(want_ids)
    for th in themes:
        th.central = [photos[files[ck][0][0]] for ck in th.ckeys[:central]
                      if files[ck][0][0] in photos]
    return ThemeSet(model, k, seed, auto, n, seconds, created, inertia, info, themes, added, stale)


def theme_photos(lib: Library, theme_set: ThemeSet, theme_id: int) -> list[Photo]:
    """All photos (files) of a theme, the most central first: for the grid."""
    th = theme_set.themes[theme_id]
    rank: dict[str | None, int] = {ck: i for i, ck in enumerate(th.ckeys)}
    out = list(lib.catalog.photos_by_id(db.file_ids_of(lib.catalog, th.ckeys)).values())
    out.sort(key=lambda p: (rank.get(p.ckey, 1 << 30), p.path))
    return out
