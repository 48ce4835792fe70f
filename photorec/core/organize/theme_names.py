"""Names for themes, from what they hold: "beach, seashore · 2019–2021", "dog · June 2020",
"dark blue · 2024". A name describes most of its theme, or says nothing.

A name is made of up to ``WORDS`` words, then the theme's date span:

* its commonest tags (each carried by at least ``TAG_SHARE`` of its photos, and two);
* then, to fill up, what the model sees in more than half of its ``CENTRE`` most central
  photos: a broader word of its ImageNet classes ("animal", "dog", "food") whose classes
  hold at least the word's calibrated floor (``CLASS_FLOORS``, measured on the labelled dev
  set by ``benchmarks/bench_theme_names.py``) of each such photo's probability, and one of
  its classes carried the same way. Without the classifier head, tags and the rest;
* with no word, colour and tone that hold for more than half of its central photos ("dark
  blue", "warm tones"), read from the cached thumbnails;
* the span of its photos' dates (taken, else modified): "June 2020", "Jun–Aug 2020",
  "2019–2021", both ends dates that photos have.

With none of these, the folder most of its photos are in ("mostly Holidays"), unless the
folder's name says nothing ("Photos", "DCIM", "New folder"), else "Theme N". Names are made
unique within a set (a second "dog · 2020" becomes "dog · 2020 (2)").
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, cast

import numpy as np

from photorec.core.embed import classes

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

WORDS = 2
TAG_SHARE = 0.3
CENTRE = 50
# The floor of each broader word of the model's classes (the ImageNet head shipped with
# efficientnet_lite0): a photo carries the word when the word's classes hold at least this
# much of its probability. Calibrated on the labelled dev set (tests/data/devset) by
# ``python benchmarks/bench_theme_names.py --table``: the lowest floor at which at least 80 %
# of the dev photos carrying the word have a subject it fits, over at least 5 photos. A word
# the dev set cannot judge, or that never gets there, is not in the table and names nothing.
CLASS_FLOORS: dict[str, float] = {
    "animal": 0.1, "antelope": 0.1, "ball": 0.4, "big_cat": 0.1, "bird": 0.1, "bug": 0.2,
    "car": 0.1, "cattle": 0.1, "dog": 0.1, "farm_animal": 0.1, "fish": 0.1, "flower": 0.1,
    "food": 0.2, "fruit": 0.15, "insect": 0.15, "instrument": 0.2, "kitchen": 0.2,
    "mammal": 0.1, "mushroom": 0.25, "owl_eagle": 0.1, "pet": 0.1, "pig": 0.1, "plant": 0.15,
    "rodent": 0.1, "sea_life": 0.2, "sheep": 0.1, "sport": 0.5, "text": 0.1, "tool": 0.3,
    "vegetable": 0.3, "vehicle": 0.2, "wild_dog": 0.1,
}
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
    colour: str | None = None  # the colour words' key ("dark blue", "warm tones"), English


def date_span(dates: list[float] | np.ndarray) -> str | None:
    """"June 2020", "Jun–Aug 2020" or "2019–2021" from the photos' own dates (local time):
    with 10 or more, the tenth photo from each end stands for the span, so one stray old
    scan does not stretch it, and both ends are dates photos have (never interpolated)."""
    d = np.sort(np.asarray([x for x in dates if x is not None and np.isfinite(x)], dtype=np.float64))
    if not len(d):
        return None
    cut = len(d) // 10 if len(d) >= 10 else 0
    lo, hi = d[cut], d[len(d) - 1 - cut]
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


def category_mass(P: np.ndarray) -> dict[str, np.ndarray]:
    """Per broader word of the model (``classes.json``'s categories), the probability its
    classes hold together in each photo: {category: [m]}."""
    from photorec.core.embed import classes

    doc = classes._names()
    P = np.atleast_2d(np.asarray(P, dtype=np.float64))
    members: dict[str, list[int]] = {}
    for i, cl in enumerate(doc["classes"]):
        for c in cl["categories"]:
            members.setdefault(c, []).append(i)
    return {c: P[:, idx].sum(1) for c, idx in members.items()}


CHANCE = 1.5  # a word's floor is also at least this many times its share of a flat spread


def carriers(P: np.ndarray, floors: dict[str, float]) -> dict[str, np.ndarray]:
    """Per broader word with a floor, which photos carry it: its classes hold at least the
    floor of the photo's probability, and more than ``CHANCE`` times what a flat spread
    over all classes would give them (a photo the model sees nothing in carries nothing)."""
    from photorec.core.embed import classes

    mass = category_mass(P)
    size = {c: len(v) for c, v in _category_classes().items()}
    return {c: mass[c] >= max(f, CHANCE * size[c] / classes.N_CLASSES)
            for c, f in floors.items() if c in mass}


def category_of_word(word: str) -> str | None:
    """The category whose first English word is ``word`` (None when it is not one)."""
    from photorec.core.embed import classes

    for c, names in classes._names()["categories"].items():
        if names.get("en") and names["en"][0].casefold() == word.casefold():
            return cast(str, c)
    return None


def class_words(probs: np.ndarray | None, lang: str = "en", words: int = WORDS,
                floors: dict[str, float] | None = None) -> list[str]:
    """Words for the class probabilities [m, 1000] of a theme's central photos, only where
    the model stands behind them: a broader word ("animal", "dog", "food") when more than
    half of the photos carry it, i.e. its classes hold at least its calibrated floor
    (``CLASS_FLOORS``) of their probability; the most specific such word, then one of its
    classes ("golden retriever") that more than half of them carry above the same floor.
    A word without a floor (the dev set could not show it right often enough) never names
    a theme."""
    if probs is None or not len(probs):
        return []
    floors = CLASS_FLOORS if floors is None else floors
    try:
        P = np.atleast_2d(np.asarray(probs, dtype=np.float64))
        m = len(P)
        doc = classes._names()
        carried = {c: int(v.sum()) for c, v in carriers(P, floors).items()}
        most = [c for c, n in carried.items() if n > m / 2]
        if not most:
            return []
        size = {c: len(v) for c, v in _category_classes().items()}
        cat = min(most, key=lambda c: (size.get(c, 1 << 20), -carried[c], c))
        out = [doc["categories"][cat][classes._lang(lang)][0]]
        f = floors[cat]
        own = _category_classes()[cat]
        best = sorted((i for i in own if int((P[:, i] >= f).sum()) > m / 2),
                      key=lambda i: -float(P[:, i].mean()))
        for i in best:
            name = classes.class_name(i, lang)
            if len(out) < words and name.casefold() not in {w.casefold() for w in out}:
                out.append(name)
        return out[:words]
    except Exception as exc:  # a name without classes is still a name
        log.info("no class words for a theme: %s", exc)
        return []


def _category_classes() -> dict[str, list[int]]:
    from photorec.core.embed import classes

    out: dict[str, list[int]] = {}
    for i, cl in enumerate(classes._names()["classes"]):
        for c in cl["categories"]:
            out.setdefault(c, []).append(i)
    return out


# Folder names that say nothing of what a folder holds: never a theme's name.
PLACEHOLDER_FOLDERS = frozenset((
    "photos", "photo", "pictures", "picture", "pics", "images", "image", "imgs", "img",
    "dcim", "camera", "camera roll", "new folder", "new folder (2)", "untitled folder",
    "untitled", "misc", "other", "others", "stuff", "downloads", "download", "desktop",
    "documents", "export", "exports", "import", "imports", "temp", "tmp", "backup", "copy",
    "fotos", "foto", "imagens", "imagem", "nova pasta", "sem título", "câmera", "mostly photos",
    "screenshots", "wallpapers", "data", "files", "various", "unsorted", "inbox",
))


def is_placeholder(folder: str) -> bool:
    """A folder name that says nothing about its photos: "Photos", "DCIM", "New folder",
    "100CANON", "IMG_2020"..."""
    f = folder.strip().casefold()
    if not f or f in PLACEHOLDER_FOLDERS:
        return True
    return bool(re.fullmatch(r"\d+[a-z_]*|(img|dsc|dcim|pxl|photo|image|camera)[ _-]?\d*", f))


def name_theme(number: int, member_tags: list[list[str]], dates: list[float],
               folders: list[str], class_probs: np.ndarray | None = None,
               lang: str = "en", colours: Sequence[tuple[str | None, str | None]] | None = None,
               ) -> ThemeName:
    """A theme's name from its members' tags, dates and folders (in centrality order), the
    class probabilities [m, 1000] of its central photos (optional) and their colours
    (:func:`photo_colour`, optional). Words describe most of the theme or are not said:
    its tags, else what the model sees in most of it (:func:`class_words`), else its colour
    and tone ("dark blue", "warm tones"), else its dates, else a folder most of it is in
    (never a placeholder such as "Photos" or "DCIM"), else "Theme N"."""
    tags = top_tags(member_tags)
    have = {t.casefold() for t in tags}
    cls = [w for w in class_words(class_probs, lang) if w.casefold() not in have]
    words = (tags + cls)[:WORDS]
    span = date_span(dates)
    colour = colour_key(colours) if not words and colours else None
    folder = None
    if not words and not colour and folders:
        name, c = Counter(folders).most_common(1)[0]
        if len(set(folders)) > 1 and c >= max(2, 0.6 * len(folders)) and not is_placeholder(name):
            folder = name
    if words:
        head = ", ".join(words)
    elif colour:
        head = colour_phrase(colour, lang)
    elif folder:
        head = f"mostly {folder}"
    else:
        head = ""
    if not head and not span:
        head = f"Theme {number + 1}"
    label = SEP.join(x for x in (head, span) if x)
    return ThemeName(label, tags, [w for w in words if w not in tags], span, folder, head or "",
                     colour)


# -- colour and tone -------------------------------------------------------------------------

# hue bins (degrees, upper bound) and their names
_HUES = ((15, "red"), (40, "orange"), (65, "yellow"), (170, "green"), (255, "blue"),
         (290, "purple"), (345, "pink"), (360, "red"))
WARM, COOL = {"red", "orange", "yellow", "pink"}, {"green", "blue", "purple"}
GREY_SAT = 0.15  # under this mean saturation a photo reads as grey
_PT = {"red": ("vermelho", "vermelho-escuro", "vermelho-claro"),
       "orange": ("laranja", "laranja-escuro", "laranja-claro"),
       "yellow": ("amarelo", "amarelo-escuro", "amarelo-claro"),
       "green": ("verde", "verde-escuro", "verde-claro"),
       "blue": ("azul", "azul-escuro", "azul-claro"),
       "purple": ("roxo", "roxo-escuro", "roxo-claro"),
       "pink": ("rosa", "rosa-escuro", "rosa-claro"),
       "grey": ("cinza", "cinza-escuro", "cinza-claro")}
_PT_TONES = {"warm tones": "tons quentes", "cool tones": "tons frios",
             "dark tones": "tons escuros", "light tones": "tons claros"}


def photo_colour(rgb: np.ndarray) -> tuple[str | None, str]:
    """(tone, colour) of a small RGB picture [h, w, 3] in 0..255: tone "dark", "light" or
    None; colour a hue name ("blue") or "grey"."""
    x = np.asarray(rgb, dtype=np.float64).reshape(-1, 3) / 255.0
    mx, mn = x.max(1), x.min(1)
    v = float(mx.mean())
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-9), 0.0)
    tone = "dark" if v < 0.33 else "light" if v > 0.72 else None
    if float(sat.mean()) < GREY_SAT:
        return tone, "grey"
    r, g, b = x[:, 0], x[:, 1], x[:, 2]
    hue = np.degrees(np.arctan2(np.sqrt(3) * (g - b), 2 * r - g - b)) % 360
    w = sat * mx  # colourful, bright pixels say the hue
    ang = np.radians(hue)
    mean = np.degrees(np.arctan2((w * np.sin(ang)).sum(), (w * np.cos(ang)).sum())) % 360
    return tone, next(name for top, name in _HUES if mean < top)


def colour_key(colours: Sequence[tuple[str | None, str | None]]) -> str | None:
    """Colour words that hold for more than half of the photos: "dark blue", "blue", "warm
    tones", "dark tones"...; None when no word does."""
    cs = [c for c in colours if c is not None and c[1] is not None]
    if not cs:
        return None
    m = len(cs)
    tone, nt = Counter(t for t, _ in cs).most_common(1)[0]
    hue, nh = Counter(h for _, h in cs).most_common(1)[0]
    tone = tone if tone is not None and nt > m / 2 else None
    if nh > m / 2:
        return f"{tone} {hue}" if tone else hue
    warm = sum(h in WARM for _, h in cs)
    cool = sum(h in COOL for _, h in cs)
    if warm > m / 2:
        return "warm tones"
    if cool > m / 2:
        return "cool tones"
    return f"{tone} tones" if tone else None


def colour_phrase(key: str, lang: str = "en") -> str:
    """A colour key in words of ``lang`` ("en" or "pt_BR")."""
    if not lang.startswith("pt"):
        return key
    if key in _PT_TONES:
        return _PT_TONES[key]
    tone, _, hue = key.rpartition(" ")
    names = _PT.get(hue)
    if names is None:
        return key
    return names[1] if tone == "dark" else names[2] if tone == "light" else names[0]


def photo_colours(lib: Library, ckeys: list[str], n: int = 12) -> list[tuple[str | None, str]]:
    """The colour of up to ``n`` contents, from their cached thumbnails (missing ones are
    left out: a name is a nicety, never a reason to decode photos)."""
    from PIL import Image

    out = []
    for ck in ckeys[:n]:
        path = lib.paths.thumb_path(ck)
        try:
            with Image.open(path) as im:
                im.draft("RGB", (32, 32))
                small = im.convert("RGB").resize((16, 16), Image.Resampling.BOX)
            out.append(photo_colour(np.asarray(small)))
        except Exception as exc:  # noqa: BLE001 - no thumbnail: this photo says nothing
            log.debug("no colour for %s: %s", ck, exc)
    return out


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
