"""Search the library by words, in English or Portuguese: ``search(lib, "dog")``,
``search(lib, "praia 2019")``, ``search(lib, "june 2019")``.

Each photo is described by fields, each with a weight: its tags (the user's and those read
from the file; a hierarchical tag ``Places|Portugal|Douro`` by each of its parts), the title
and description people wrote, the names of its folders and file, its camera, the date it was
taken (year, and month in both languages), and the objects the model recognises in it (the
ImageNet classes of its top predictions, with synonyms, from :mod:`photorec.core.embed.classes`),
so "dog", "barco" or "pizza" find photos nobody tagged.

A query word matches a field word exactly (1.0), as a singular/plural (0.9) or as a prefix of
at least three letters (0.7); accents and case are ignored. A photo's score is the mean over
the query's words of the best weighted match of each; photos that match every word come
first, then those that match fewer, best first within each.

The words are kept in an inverted index (:class:`WordIndex`) per open library, built on the
first search and kept while the catalog is unchanged; photos that arrive while a folder is
indexed extend it, anything else (a tag, a metadata pass, a removed photo) rebuilds it. What
the model recognises is worked out once per content (the metadata pass does it after
indexing) and kept in the catalog. ``benchmarks/bench_search.py`` measures all of it.
"""

from __future__ import annotations

import bisect
import functools
import logging
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from photorec.core.embed import classes
from photorec.core.ingest.metadata import PhotoMeta
from photorec.core.organize import tags as tagmod
from photorec.core.search.folding import fold
from photorec.core.search.months import _MONTH_WORDS, MONTHS, month_terms  # noqa: F401
from photorec.core.store import Photo
from photorec.core.store import metadata as store
from photorec.core.store import search as store_search

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

W_TAG = 1.0
W_TITLE = 0.9
W_DATE = 0.9
W_OBJECT = 0.85
W_DESCRIPTION = 0.8
W_FOLDER = 0.7
W_NAME = 0.6
W_CAMERA = 0.5
Q_EXACT, Q_PLURAL, Q_PREFIX = 1.0, 0.9, 0.7
TOP_CLASSES = 10  # recognised objects kept per photo
MIN_OBJECT = 0.05  # an object below this summed probability does not count as seen

STOP_WORDS = {
    "a", "an", "the", "of", "in", "on", "at", "and", "with", "from", "photo", "photos",
    "picture", "pictures", "o", "os", "as", "de", "do", "da", "dos", "das", "em", "no", "na",
    "nos", "nas", "e", "com", "foto", "fotos", "um", "uma",
}


@dataclass
class SearchHit:
    path: str
    score: float  # 0..1, see the module docstring
    photo_id: int
    why: list[str] = field(default_factory=list)  # what matched, in words
    offline: bool = False
    photo: Photo | None = field(default=None, repr=False, compare=False)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str | None) -> list[str]:
    """The searchable words of a text: split at non-letters and camelCase, folded."""
    if not text:
        return []
    return list(_words(text))


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    folded = fold(_CAMEL.sub(" ", text))
    return tuple(_WORD.findall(folded))


@functools.lru_cache(maxsize=65536)
def _singular(w: str) -> str:
    for suffix in ("oes", "aes", "ies", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return {"oes": w[:-3] + "ao", "aes": w[:-3] + "ao", "ies": w[:-3] + "y"}.get(suffix, w[:-len(suffix)])
    return w


def _quality(term: str, word: str) -> float:
    if term == word:
        return Q_EXACT
    if _singular(term) == _singular(word):
        return Q_PLURAL
    if len(term) >= 3 and word.startswith(term):
        return Q_PREFIX
    return 0.0


# -- the documents -------------------------------------------------------------------------------


@dataclass
class _Doc:
    photo: Photo
    fields: list[tuple[float, str, list[str]]]  # (weight, label, words)
    year: int | None = None
    month: int | None = None
    ckey: str | None = None


def _folder_words(photo: Photo, roots: dict[int, str]) -> list[str]:
    root = roots.get(photo.folder_id, "")
    rel = os.path.dirname(photo.path)
    parts = [os.path.basename(root)] if root else []
    if root and rel.startswith(root):
        parts += [p for p in rel[len(root):].split(os.sep) if p]
    return [w for p in parts for w in words(p)]


def _documents(lib: Library, photos: list[Photo] | None = None) -> list[_Doc]:
    """The searchable fields of every library photo (or of ``photos``)."""
    roots = {f.id: f.path for f in lib.folders()}
    have_meta = store.ensure_schema(lib.catalog)
    metas: dict[str, PhotoMeta | None]
    if photos is None:
        photos = lib.photos()
        tags = tagmod.tags_by_path(lib)
        metas = store.all_metadata(lib.catalog, PhotoMeta) if have_meta else {}
    else:
        want = {p.path for p in photos}
        tags = {path: t for path, t in tagmod.tags_by_path(lib).items() if path in want}
        metas = {p.path: store.get(lib.catalog, p.path, PhotoMeta) for p in photos} if have_meta else {}
    docs = []
    folder_words: dict[str, list[str]] = {}
    for p in photos:
        m = metas.get(p.path)
        fields: list[tuple[float, str, list[str]]] = []
        for t in tags.get(p.path, []):
            fields.append((W_TAG, f"tag: {t}", words(t)))
        if m is not None:
            for t in m.keywords:  # in the file but not (or not any more) a tag
                fields.append((W_TAG, f"keyword: {t}", words(t)))
            for t in _unique_texts(m.titles, m.title):  # every language
                fields.append((W_TITLE, f"title: {t}", words(t)))
            for t in _unique_texts(m.descriptions, m.description):
                fields.append((W_DESCRIPTION, f"description: {_short(t)}", words(t)))
            if m.camera:
                fields.append((W_CAMERA, f"camera: {m.camera}", words(m.camera)))
        folder = os.path.dirname(p.path)
        fw = folder_words.get(folder)
        if fw is None:
            fw = folder_words[folder] = _folder_words(p, roots)
        fields.append((W_FOLDER, f"folder: {os.path.basename(folder)}", fw))
        fields.append((W_NAME, f"name: {p.name}", words(os.path.splitext(p.name)[0])))
        when = m.date if m is not None and m.date is not None else p.taken
        year = month = None
        if when is not None:
            try:
                lt = time.localtime(when)
                year, month = lt.tm_year, lt.tm_mon
            except (OverflowError, OSError, ValueError):
                pass
        docs.append(_Doc(p, fields, year, month, p.ckey))
    return docs


def _unique_texts(alts: dict[str, str], main: str | None) -> list[str]:
    out = [main] if main else []
    for t in alts.values():
        if t and t not in out:
            out.append(t)
    return out


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# -- recognised objects ----------------------------------------------------------------------------


def _classes() -> ModuleType | None:
    return classes  # the model's head and class names


def object_classes(lib: Library, ckeys: Iterable[str]) -> dict[str, list[tuple[int, float]]]:
    """ckey -> the model's top classes [(class index, probability)], best first. Computed once
    from the stored vectors and kept in the catalog (when it is writable)."""
    classes = _classes()
    if classes is None:
        return {}
    model = lib.model.key
    have = store.object_classes(lib.catalog, model) if store.ensure_schema(lib.catalog) else {}
    want = [ck for ck in set(ckeys) if ck and ck not in have]
    if want:
        ids = lib.catalog.vector_ids_for(want, model)
        by_id = {v: ck for ck, v in ids.items()}
        new: dict[str, list[tuple[int, float]]] = {}
        for vids, vecs in lib.catalog.iter_vectors(model, list(ids.values())):
            probs = np.asarray(classes.class_probabilities(vecs))
            top = np.argsort(-probs, axis=1)[:, :TOP_CLASSES]
            for row, vid in enumerate(vids.tolist()):
                new[by_id[vid]] = [(int(i), float(probs[row, i])) for i in top[row]
                                   if probs[row, i] >= 0.01]
        have.update(new)
        if new and not lib.catalog.readonly:
            store.save_object_classes(lib.catalog, model, new)
    return have


def _object_terms(term: str) -> set[int]:
    classes = _classes()
    if classes is None:
        return set()
    out: set[int] = set()
    for lang in ("en", "pt_BR"):
        try:
            out.update(int(i) for i in classes.classes_for_word(term, lang))
        except Exception:  # an unknown word is just no class
            log.debug("classes_for_word(%r, %s) failed", term, lang, exc_info=True)
    return out


def _class_name(i: int) -> str:
    classes = _classes()
    try:
        return classes.class_name(i, "en") if classes else f"class {i}"
    except Exception:
        return f"class {i}"


# -- search ----------------------------------------------------------------------------------


def query_terms(query: str) -> list[str]:
    terms = words(query)
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms


def _explain(d: _Doc, terms: list[str], term_classes: dict[str, set[int]],
             objects: dict[str, list[tuple[int, float]]],
             months: dict[str, int] | None = None) -> tuple[int, float, list[str]]:
    """One photo against the query, word by word: (words matched, score, what matched).
    The reference the index below must agree with; used to say why for the hits shown."""
    total, matched, why = 0.0, 0, []
    months = month_terms(terms) if months is None else months
    for t in terms:
        best, label = 0.0, ""
        month = (months or {}).get(t)
        for weight, lab, ws in d.fields:
            if weight <= best:
                continue
            q = max((_quality(t, w) for w in ws), default=0.0)
            if month and q < Q_EXACT and len(t) <= 3:
                q = 0.0  # "mar" meant as March is not the start of "Mark"
            if q and weight * q > best:
                best, label = weight * q, lab
        if t.isdigit() and len(t) == 4 and d.year == int(t) and W_DATE > best:
            best, label = W_DATE, f"date: {d.year}"
        if month and d.month == month and W_DATE > best:
            best, label = W_DATE, f"date: {MONTHS['en'][month - 1]} {d.year}"
        cls = term_classes.get(t)
        if cls and d.ckey in objects:
            hits = [(i, p) for i, p in objects[d.ckey] if i in cls]
            conf = min(1.0, sum(p for _, p in hits))
            if conf >= MIN_OBJECT and W_OBJECT * conf > best:
                i, _ = max(hits, key=lambda h: h[1])
                best, label = W_OBJECT * conf, f"recognised: {t} {conf:.0%} ({_class_name(i)})"
        if best > 0:
            matched += 1
            total += best
            if label not in why:
                why.append(label)
    return matched, total / max(1, len(terms)), why


class WordIndex:
    """Every photo's words in an inverted index (word -> weight -> photo rows), their dates
    and recognised objects as arrays: a query costs a look-up per matching word, not a pass
    over every photo's text. Built from the catalog, kept while the catalog is unchanged."""

    def __init__(self, lib: Library, docs: list[_Doc]) -> None:
        self.docs: list[_Doc] = []
        self.photos: list[Photo] = []
        self.post: dict[str, list[tuple[float, np.ndarray]]] = {}
        self.vocab: list[str] = []
        self.by_singular: dict[str, list[str]] = {}
        self.years = np.zeros(0, dtype=np.int32)
        self.months = np.zeros(0, dtype=np.int8)
        self.objects: dict[str, list[tuple[int, float]]] = {}
        self.obj_cls = np.zeros((0, TOP_CLASSES), dtype=np.int32)
        self.obj_p = np.zeros((0, TOP_CLASSES), dtype=np.float32)
        self.max_id = 0  # the highest photo (file) id in the index
        self.lock = threading.RLock()  # extend() vs a search in another thread
        self.extend(lib, docs)

    def extend(self, lib: Library, docs: list[_Doc]) -> None:
        """Add photos (new rows; while a folder is being indexed, photos only arrive)."""
        with self.lock:
            self._extend(lib, docs)

    def _extend(self, lib: Library, docs: list[_Doc]) -> None:
        base, n = len(self.docs), len(docs)
        flat: defaultdict[tuple[str, float], list[int]] = defaultdict(list)
        for row, d in enumerate(docs, base):
            for weight, _, ws in d.fields:
                for w in ws:  # a word twice in a field: its row twice, harmless below
                    flat[(w, weight)].append(row)
        new_words = False
        for (w, weight), ids in flat.items():
            rows = np.array(ids, dtype=np.int32)
            lists = self.post.get(w)
            if lists is None:
                self.post[w] = [(weight, rows)]
                self.by_singular.setdefault(_singular(w), []).append(w)
                new_words = True
                continue
            for j, (wt, old) in enumerate(lists):
                if wt == weight:
                    lists[j] = (wt, np.concatenate([old, rows]))
                    break
            else:
                lists.append((weight, rows))
        if new_words:
            self.vocab = sorted(self.post)
        self.years = np.concatenate([self.years, np.array([d.year or 0 for d in docs], dtype=np.int32)])
        self.months = np.concatenate([self.months, np.array([d.month or 0 for d in docs], dtype=np.int8)])
        if docs:
            self.objects.update(object_classes(lib, [d.ckey for d in docs if d.ckey]))
        cls = np.full((n, TOP_CLASSES), -1, dtype=np.int32)
        prob = np.zeros((n, TOP_CLASSES), dtype=np.float32)
        for row, d in enumerate(docs):
            for j, (c, p) in enumerate(self.objects.get(d.ckey or "", [])[:TOP_CLASSES]):
                cls[row, j], prob[row, j] = c, p
        self.obj_cls = np.concatenate([self.obj_cls, cls])
        self.obj_p = np.concatenate([self.obj_p, prob])
        self.docs += docs
        self.photos += [d.photo for d in docs]
        self.max_id = max([self.max_id] + [d.photo.id for d in docs])
        # Fields are only needed again to say why a hit matched: drop them for the rest.
        for d in docs:
            d.fields = []

    def _word_matches(self, term: str, prefix: bool = True) -> list[tuple[str, float]]:
        out = {term: Q_EXACT} if term in self.post else {}
        if not prefix:
            return list(out.items())
        for w in self.by_singular.get(_singular(term), []):
            out.setdefault(w, Q_PLURAL)
        if len(term) >= 3:
            j = bisect.bisect_left(self.vocab, term)
            while j < len(self.vocab) and self.vocab[j].startswith(term):
                out.setdefault(self.vocab[j], Q_PREFIX)
                j += 1
        return list(out.items())

    def term_scores(self, term: str, classes: set[int], month: int | None = None) -> np.ndarray:
        """Each photo's best match of ``term``; ``month``: the term is meant as that month
        (:func:`month_terms`)."""
        scores = np.zeros(len(self.docs), dtype=np.float32)
        for w, q in self._word_matches(term, prefix=not (month and len(term) <= 3)):
            for weight, rows in self.post[w]:
                np.maximum.at(scores, rows, np.float32(weight * q))
        if term.isdigit() and len(term) == 4:
            np.maximum(scores, np.where(self.years == int(term), np.float32(W_DATE), 0), out=scores)
        if month:
            np.maximum(scores, np.where(self.months == month, np.float32(W_DATE), 0), out=scores)
        if classes:
            seen = np.isin(self.obj_cls, np.fromiter(classes, dtype=np.int32))
            conf = np.minimum(1.0, (self.obj_p * seen).sum(axis=1))
            obj = np.where(conf >= MIN_OBJECT, W_OBJECT * conf, 0).astype(np.float32)
            np.maximum(scores, obj, out=scores)
        return scores


def _signature(lib: Library) -> tuple[Any, ...]:
    """Changes whenever a photo, folder, tag or metadata row changes (cheap aggregates)."""
    return store_search.signature(lib.catalog)


_cache_lock = threading.Lock()


def _only_added(lib: Library, old_sig: tuple[Any, ...], sig: tuple[Any, ...], idx: WordIndex) -> list[Photo] | None:
    """The photos added since ``old_sig`` when nothing else changed (no photo updated or
    gone, same folders, tags and metadata): the index can be extended. Else None."""
    if old_sig[1:4] != sig[1:4] or not idx.docs:
        return None
    (n_old, upd_old, _), (n_new, _, _) = old_sig[0], sig[0]
    added, changed, ids = store_search.added_since(lib.catalog, idx.max_id, upd_old or 0)
    if changed or n_new - n_old != added or not added:
        return None
    photos = lib.catalog.photos_by_id(ids)
    return [photos[i] for i in ids if i in photos]


def word_index(lib: Library) -> WordIndex:
    """The library's :class:`WordIndex`: extended with the photos indexed since (while a
    folder is being indexed), rebuilt when anything else changed in the catalog."""
    sig = _signature(lib)
    with _cache_lock:
        cached: tuple[tuple[Any, ...], WordIndex] | None = lib.__dict__.get("_photorec_word_index")
        if cached is not None and cached[0] == sig:
            return cached[1]
        added = _only_added(lib, cached[0], sig, cached[1]) if cached is not None else None
        if added is not None and cached is not None:
            idx = cached[1]
            idx.extend(lib, _documents(lib, added))
            lib.__dict__["_photorec_word_index"] = (_signature(lib), idx)
            return idx
    idx = WordIndex(lib, _documents(lib))
    sig = _signature(lib)  # building may have stored recognised objects
    with _cache_lock:
        lib.__dict__["_photorec_word_index"] = (sig, idx)
    return idx


def search(lib: Library, query: str, k: int = 50) -> list[SearchHit]:
    """The ``k`` library photos that best match ``query``, best first (see the module doc)."""
    terms = query_terms(query)
    if not terms or k <= 0:
        return []
    idx = word_index(lib)
    term_classes = {t: _object_terms(t) for t in terms}
    months = month_terms(terms)
    with idx.lock:
        if not idx.docs:
            return []
        per_term = np.stack([idx.term_scores(t, term_classes[t], months.get(t)) for t in terms])
        from photorec.core.search import people_terms  # faces and names (issue 17)

        faces = people_terms.term_scores(lib, idx.photos, terms)
        if faces is not None:
            per_term = people_terms.merge(per_term, faces, terms)
        matched = (per_term > 0).sum(axis=0)
        score = per_term.sum(axis=0) / len(terms)
        rows = np.flatnonzero(matched)
        if not len(rows):
            return []
        paths = np.array([idx.photos[r].path for r in rows], dtype=object)
        order = np.lexsort((paths, -score[rows], -matched[rows]))[:k]
        top = rows[order]
        top_photos = [idx.photos[r] for r in top]
    docs = _documents(lib, top_photos)
    out = []
    for r, p, d in zip(top.tolist(), top_photos, docs):
        _, _, why = _explain(d, terms, term_classes, idx.objects, months)
        if faces is not None:
            why += people_terms.why(lib, p, terms)
        out.append(SearchHit(p.path, round(float(score[r]), 6), p.id, why, not p.online, p))
    return out
