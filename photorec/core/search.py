"""Search the library by words, in English or Portuguese: ``search(lib, "dog")``,
``search(lib, "praia 2019")``, ``search(lib, "june 2019")``.

Each photo is described by fields, each with a weight: its tags (the user's and those read
from the file; a hierarchical tag ``Places|Portugal|Douro`` by each of its parts), the title
and description people wrote, the names of its folders and file, its camera, the date it was
taken (year, and month in both languages), and the objects the model recognises in it (the
ImageNet classes of its top predictions, with synonyms, from :mod:`photorec.core.classes`),
so "dog", "barco" or "pizza" find photos nobody tagged.

A query word matches a field word exactly (1.0), as a singular/plural (0.9) or as a prefix of
at least three letters (0.7); accents and case are ignored. A photo's score is the mean over
the query's words of the best weighted match of each; photos that match every word come
first, then those that match fewer, best first within each.
"""

from __future__ import annotations

import logging
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from photorec.core.catalog import Photo
from photorec.core.store import metadata as store

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

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
    "pt": ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"],
}
_MONTH_WORDS: dict[str, int] = {}
for _names in MONTHS.values():
    for _i, _n in enumerate(_names, 1):
        _MONTH_WORDS[_n] = _i
        _MONTH_WORDS.setdefault(_n[:3], _i)  # jan, feb, fev, abr, ago, set, out, dez...
_MONTH_WORDS["sept"] = 9

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


def fold(text: str) -> str:
    """Lower case without accents: "Março" -> "marco"."""
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c)).casefold()


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str | None) -> list[str]:
    """The searchable words of a text: split at non-letters and camelCase, folded."""
    if not text:
        return []
    return [fold(w) for w in _WORD.findall(_CAMEL.sub(" ", text))]


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


def _documents(lib) -> list[_Doc]:
    from photorec.core import tags as tagmod

    photos = lib.photos()
    roots = {f.id: f.path for f in lib.folders()}
    tags = tagmod.tags_by_ckey(lib)
    metas = store.all_metadata(lib.catalog) if store.ensure_schema(lib.catalog) else {}
    docs = []
    for p in photos:
        m = metas.get(p.path)
        fields: list[tuple[float, str, list[str]]] = []
        for t in tags.get(p.ckey or "", []):
            fields.append((W_TAG, f"tag: {t}", words(t)))
        if m is not None:
            for t in m.keywords:  # in the file but not (or not any more) a tag
                fields.append((W_TAG, f"keyword: {t}", words(t)))
            if m.title:
                fields.append((W_TITLE, f"title: {m.title}", words(m.title)))
            if m.description:
                fields.append((W_DESCRIPTION, f"description: {_short(m.description)}", words(m.description)))
            if m.camera:
                fields.append((W_CAMERA, f"camera: {m.camera}", words(m.camera)))
        fields.append((W_FOLDER, f"folder: {os.path.basename(os.path.dirname(p.path))}",
                       _folder_words(p, roots)))
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


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# -- recognised objects ----------------------------------------------------------------------------


def _classes():
    try:
        from photorec.core import classes  # the model's head and class names (branch model)
    except ImportError:
        return None
    return classes


def object_classes(lib, ckeys: Iterable[str]) -> dict[str, list[tuple[int, float]]]:
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
        except Exception:  # noqa: BLE001 - an unknown word is just no class
            log.debug("classes_for_word(%r, %s) failed", term, lang, exc_info=True)
    return out


def _class_name(i: int) -> str:
    classes = _classes()
    try:
        return classes.class_name(i, "en") if classes else f"class {i}"
    except Exception:  # noqa: BLE001
        return f"class {i}"


# -- search ----------------------------------------------------------------------------------


def query_terms(query: str) -> list[str]:
    terms = words(query)
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms


def search(lib, query: str, k: int = 50, *,
           documents: Callable[[object], list[_Doc]] | None = None) -> list[SearchHit]:
    """The ``k`` library photos that best match ``query``, best first (see the module doc)."""
    terms = query_terms(query)
    if not terms or k <= 0:
        return []
    docs = (documents or _documents)(lib)
    objects = object_classes(lib, [d.ckey for d in docs if d.ckey]) if docs else {}
    term_classes = {t: _object_terms(t) for t in terms}
    scored: list[tuple[int, float, _Doc, list[str]]] = []
    for d in docs:
        total, matched, why = 0.0, 0, []
        for t in terms:
            best, label = 0.0, ""
            for weight, lab, ws in d.fields:
                if weight <= best:
                    continue
                q = max((_quality(t, w) for w in ws), default=0.0)
                if q and weight * q > best:
                    best, label = weight * q, lab
            if t.isdigit() and len(t) == 4 and d.year == int(t) and W_DATE > best:
                best, label = W_DATE, f"date: {d.year}"
            month = _MONTH_WORDS.get(t)
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
        if matched:
            scored.append((matched, total / len(terms), d, why))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2].photo.path))
    return [SearchHit(d.photo.path, round(score, 6), d.photo.id, why, not d.photo.online, d.photo)
            for _, score, d, why in scored[:k]]
