"""Names for themes, from what they hold: "beach, seashore · 2019–2021", "dog · June 2020".

A name is made of up to ``WORDS`` words, then the theme's date span:

* its commonest tags (each carried by at least ``TAG_SHARE`` of its photos, and two);
* then, to fill up, what the model sees at its centre: the ImageNet classes
  (:mod:`photorec.core.embed.classes`) among the top 5 of at least ``CLASS_SHARE`` of its
  ``CENTRE`` most central photos, led by a broader word ("dog", "bird") when more of them
  share that than any one class; for a mixed theme, the classes at least ``WEAK_SHARE`` of
  them show. Optional: without the classifier head (another model, a missing resource) tags
  and dates alone make the name;
* the span of the dates (taken, else modified) of the middle 80 % of its photos:
  "June 2020", "Jun–Aug 2020", "2019–2021".

With no words at all, the folder most of its photos are in ("mostly Holidays"), else
"Theme N". Names are made unique within a set (a second "dog · 2020" becomes "dog · 2020 (2)").
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from photorec.core.embed import classes

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

WORDS = 2
TAG_SHARE = 0.3
CENTRE = 50
MIN_CLASS_P = 0.05  # below this the model does not really see a class in a photo
CLASS_SHARE = 0.3  # a class (or broader word) names a theme when this share of it shows it
WEAK_SHARE = 0.15  # ... or, when none does, the classes this share (and two) of it shows
# ... and only with this much mean probability over those photos (a class, or a broader word's
# classes together): ImageNet has no "abstract", so wallpapers spread thinly over "nematode",
# "pinwheel", "balloon"... and a name the model does not stand behind is not shown
MIN_MEAN_P = 0.10
MAX_CATEGORY = 120  # broader words of more classes ("object", "animal") say too little
SEP = " · "
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


@dataclass
class ThemeName:
    label: str  # the whole name: head · dates
    tags: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    dates: str | None = None
    folder: str | None = None
    head: str = ""  # the name without the dates


def date_span(dates: list[float] | np.ndarray) -> str | None:
    """"June 2020", "Jun–Aug 2020" or "2019–2021" for the middle 80 % of the dates (local
    time; all of them when fewer than 10)."""
    d = np.sort(np.asarray([x for x in dates if x is not None and np.isfinite(x)], dtype=np.float64))
    if not len(d):
        return None
    lo, hi = (d[0], d[-1]) if len(d) < 10 else tuple(np.quantile(d, [0.1, 0.9]))
    try:
        a, b = datetime.fromtimestamp(float(lo)), datetime.fromtimestamp(float(hi))
    except (OverflowError, OSError, ValueError):
        return None
    if (a.year, a.month) == (b.year, b.month):
        return f"{MONTH_NAMES[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{MONTHS[a.month - 1]}–{MONTHS[b.month - 1]} {a.year}"
    return f"{a.year}–{b.year}"


def top_tags(member_tags: list[list[str]], words: int = WORDS) -> list[str]:
    """The commonest tags of the members, each on at least TAG_SHARE of them (and two)."""
    n = len(member_tags)
    count: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for ts in member_tags:
        for t in {t.lower(): t for t in ts}.values():
            count[t.lower()] += 1
            spelled.setdefault(t.lower(), t)
    need = max(2, TAG_SHARE * n)
    return [spelled[t] for t, c in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
            if c >= need][:words]


def _need(m: int) -> float:
    return max(1 if m < 3 else 2, CLASS_SHARE * m)


def class_words(probs: np.ndarray | None, lang: str = "en", words: int = WORDS) -> list[str]:
    """Words for the class probabilities [m, 1000] of a theme's central photos: the classes
    among the top 5 of at least ``CLASS_SHARE`` of them (most often first), led by a broader
    word ("dog", "bird") when more photos share that than any one class; when neither, the
    classes of at least ``WEAK_SHARE`` of them."""
    if probs is None or not len(probs):
        return []
    try:
        P = np.atleast_2d(np.asarray(probs, dtype=np.float64))
        m = len(P)
        need = _need(m)
        doc = classes._names()  # the class -> broader categories map
        cls_support: Counter[int] = Counter()
        cat_support: Counter[str] = Counter()
        for row in P:
            top = [int(i) for i in np.argsort(-row, kind="stable")[:5] if row[i] >= MIN_CLASS_P]
            cls_support.update(top)
            cat_support.update({c for i in top[:3] for c in doc["classes"][i]["categories"]})
        mean = P.mean(0)
        best_cls = sorted((i for i, n in cls_support.items() if n >= need and mean[i] >= MIN_MEAN_P),
                          key=lambda i: (-cls_support[i], -mean[i]))
        weak = sorted((i for i, n in cls_support.items()
                       if n >= max(2.0, WEAK_SHARE * m) and mean[i] >= MIN_MEAN_P),
                      key=lambda i: (-cls_support[i], -mean[i]))
        out: list[str] = []
        if cat_support:
            size = Counter(c for cl in doc["classes"] for c in cl["categories"])
            top_n = max((n for c, n in cat_support.items() if size[c] <= MAX_CATEGORY), default=0)
            mass: dict[str, float] = {}  # mean probability of each broader word's classes together
            for i, cl in enumerate(doc["classes"]):
                for c in cl["categories"]:
                    if c in cat_support:
                        mass[c] = mass.get(c, 0.0) + float(mean[i])
            cands = [c for c, n in cat_support.items()
                     if n >= need and n >= 0.8 * top_n and size[c] <= MAX_CATEGORY
                     and mass.get(c, 0.0) >= MIN_MEAN_P]
            if cands and (not best_cls or top_n > cls_support[best_cls[0]]):
                cat = min(cands, key=lambda c: (size[c], -cat_support[c], c))
                out.append(doc["categories"][cat][classes._lang(lang)][0])
        for i in best_cls or ([] if out else weak):
            if len(out) >= words:
                break
            name = classes.class_name(i, lang)
            if name.casefold() not in {w.casefold() for w in out}:
                out.append(name)
        return out[:words]
    except Exception as exc:  # a name without classes is still a name
        log.info("no class words for a theme: %s", exc)
        return []


def name_theme(number: int, member_tags: list[list[str]], dates: list[float],
               folders: list[str], class_probs: np.ndarray | None = None,
               lang: str = "en") -> ThemeName:
    """A theme's name from its members' tags, dates and folders (in centrality order) and the
    class probabilities [m, 1000] of its central photos (optional)."""
    tags = top_tags(member_tags)
    have = {t.casefold() for t in tags}
    cls = [w for w in class_words(class_probs, lang) if w.casefold() not in have]
    words = (tags + cls)[:WORDS]
    span = date_span(dates)
    folder = None
    if not words and folders:
        name, c = Counter(folders).most_common(1)[0]
        if len(set(folders)) > 1 and c >= max(2, 0.6 * len(folders)):
            folder = name
    head = ", ".join(words) if words else (f"mostly {folder}" if folder else "")
    if not head:
        head = f"Theme {number + 1}"
    label = head + (SEP + span if span else "")
    return ThemeName(label, tags, [w for w in words if w not in tags], span, folder, head)


def unique(names: list[ThemeName]) -> list[ThemeName]:
    """The same names, a number added to repeats (in order: the biggest theme keeps it)."""
    seen: Counter[str] = Counter()
    for n in names:
        seen[n.label] += 1
        if seen[n.label] > 1:
            n.head = f"{n.head or n.label} ({seen[n.label]})"
            n.label = f"{n.label} ({seen[n.label]})"
    return names


def centre_class_probs(lib: Library, ckeys_by_theme: list[list[str]]) -> list[np.ndarray | None]:
    """ImageNet class probabilities [m, 1000] of each theme's CENTRE most central contents;
    Nones when the classifier head does not fit the library's model."""
    none: list[np.ndarray | None] = [None] * len(ckeys_by_theme)
    try:
        if not classes.head_matches(lib.model):
            return none
        cat, key = lib.catalog, lib.model.key
        want = [ck for cks in ckeys_by_theme for ck in cks[:CENTRE]]
        vid_of = cat.vector_ids_for(want, key)
        vec: dict[str, np.ndarray] = {}
        ck_of = {v: ck for ck, v in vid_of.items()}
        for vids, V in cat.iter_vectors(key, list(vid_of.values())):
            for v, row in zip(vids.tolist(), classes.class_probabilities(V)):
                vec[ck_of[v]] = row
        out = []
        for cks in ckeys_by_theme:
            rows = [vec[ck] for ck in cks[:CENTRE] if ck in vec]
            out.append(np.stack(rows) if rows else None)
        return out
    except Exception as exc:  # names fall back to tags and dates
        log.info("theme names without the model's classes: %s", exc)
        return none


def folder_name(path: str) -> str:
    return os.path.basename(os.path.dirname(path))
