"""Search's people words (issue 17): "people", "person", "face" (and "pessoas", "pessoa",
"rosto") match the photos with a face, large clear faces first; a person's name matches
their photos. Both combine with the other words like any word.

Read from the catalog at each search (faces change without the word index's signature
changing); the face model's key comes from ``lib.people`` (search does not import the people
layer, which sits beside it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import numpy as np

from photorec.core.search.folding import fold
from photorec.core.store import people as store

if TYPE_CHECKING:
    from photorec.core.library import Library
    from photorec.core.store import Photo

log = logging.getLogger(__name__)

PEOPLE_WORDS = {fold(w) for w in ("people", "person", "persons", "face", "faces", "pessoas",
                                  "pessoa", "rosto", "rostos", "gente")}
W_FACE_MIN = 0.55  # a photo with the smallest clear face...
W_FACE_MAX = 1.0  # ...and with a face that fills a third of it (and is sharp, frontal)
W_PERSON = 1.0  # a person's name: as strong as a tag
BIG_FACE = 0.1  # quality x (w x h) of a large clear face (a third of the photo each way)


def _key(lib: Library) -> str | None:
    try:
        key: str = lib.people.model_key
        return key
    except Exception:  # noqa: BLE001 - no face models: people words match nothing
        return None


def merge(per_term: np.ndarray, faces: np.ndarray, terms: list[str]) -> np.ndarray:
    """The word index's scores with the faces' and names': a people word is decided by the
    faces alone (so a photo with no face is never above one with a face, whatever the CNN
    guessed), a name adds to what the word matched otherwise."""
    own = np.array([t in PEOPLE_WORDS for t in terms])[:, None]
    return np.where(own, faces, np.maximum(per_term, faces))


def term_scores(lib: Library, photos: Sequence[Photo], terms: list[str]) -> np.ndarray | None:
    """[len(terms), len(photos)] scores from faces and names, or None when no term is one."""
    names = store.person_names(lib.catalog)
    by_word: dict[str, set[int]] = {}
    for pid, name in names.items():
        for w in name.split():
            by_word.setdefault(fold(w), set()).add(pid)
    wanted = [t in PEOPLE_WORDS or t in by_word for t in terms]
    if not any(wanted):
        return None
    key = _key(lib)
    if key is None:
        return None
    ckeys = cast("list[str]", [p.ckey for p in photos])  # search's photos are indexed: each has a ckey
    out = np.zeros((len(terms), len(photos)), np.float32)
    strength = store.face_strength(lib.catalog, key) if any(t in PEOPLE_WORDS for t in terms) else {}
    people = store.people_of_ckeys(lib.catalog, set(ckeys)) if by_word else {}
    for i, t in enumerate(terms):
        if t in PEOPLE_WORDS:
            s = np.array([strength.get(c, 0.0) for c in ckeys], np.float32)
            frac = np.minimum(1.0, np.sqrt(s / BIG_FACE))
            out[i] = np.where(s > 0, W_FACE_MIN + (W_FACE_MAX - W_FACE_MIN) * frac, 0.0)
        if t in by_word:
            ids = by_word[t]
            hit = np.array([bool(people.get(c, set()) & ids) for c in ckeys])
            out[i] = np.maximum(out[i], np.where(hit, W_PERSON, 0.0))
    return out


def why(lib: Library, photo: Photo, terms: list[str]) -> list[str]:
    """What matched, in words, for one hit: "faces" and "person: NAME"."""
    out: list[str] = []
    ckey = cast(str, photo.ckey)  # a hit is an indexed photo: it has a ckey
    if any(t in PEOPLE_WORDS for t in terms):
        key = _key(lib)
        n = len(store.faces_in(lib.catalog, ckey, key)) if key else 0
        if n:
            out.append(f"faces: {n}")
    folded = set(terms)
    names = store.person_names(lib.catalog)
    mine = store.people_of_ckeys(lib.catalog, [ckey]).get(ckey, set())
    for pid in sorted(mine):
        name = names.get(pid)
        if name and {fold(w) for w in name.split()} & folded:
            out.append(f"person: {name}")
    return out
