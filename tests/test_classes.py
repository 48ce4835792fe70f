"""The model's ImageNet classes: the head gives the classes a person sees in the test photos,
and every class has words in both languages."""

from __future__ import annotations

import numpy as np
import pytest

from photorec.core.embed import classes as C
from photorec.core.embed.model import Embedder, load_model_info
from photorec.core.ingest import decode as dec
from tests.conftest import SHARED_PHOTOS


@pytest.fixture(scope="module")
def embedder():
    return Embedder(load_model_info())


def _vec(embedder, name):
    return embedder.embed(dec.decode(SHARED_PHOTOS / name).pixels)[0]


def test_every_class_has_a_name_and_words_in_both_languages():
    for i in range(C.N_CLASSES):
        for lang in C.LANGS:
            name = C.class_name(i, lang)
            assert name and name.strip() == name, (i, lang)
            w = C.words(i, lang)
            assert w[0] == name and len(w) >= 2, (i, lang, w)  # a name and a broader word
    assert C.class_name(207, "pt_BR") == "golden retriever"
    assert C.class_name(963, "pt-BR") == "pizza" and C.class_name(950, "pt") == "laranja"
    with pytest.raises(IndexError):
        C.class_name(1000)


def test_broader_words_a_person_types():
    dogs = set(range(151, 269))
    assert dogs <= set(C.classes_for_word("dog"))
    assert dogs <= set(C.classes_for_word("Dogs"))
    assert set(C.classes_for_word("cachorro", "pt_BR")) == dogs
    assert set(C.classes_for_word("cães", "pt_BR")) == dogs
    assert 934 not in C.classes_for_word("dog")  # a hot dog is food
    assert C.classes_for_word("hot dog") == [934]
    assert C.classes_for_word("cachorro-quente", "pt_BR") == [934]
    assert 963 in C.classes_for_word("food") and 963 in C.classes_for_word("comida", "pt_BR")
    assert "dog" in C.words(207) and "animal" in C.words(207)
    assert "cachorro" in C.words(207, "pt_BR") and "animal" in C.words(207, "pt_BR")
    assert set(C.classes_for_word("boat")) == set(C.classes_for_word("barco", "pt_BR"))
    assert C.classes_for_word("aviao", "pt_BR") == C.classes_for_word("avião", "pt_BR") != []
    assert set(range(0, 398)) <= set(C.classes_for_word("animal"))
    assert C.classes_for_word("animais", "pt_BR") == C.classes_for_word("animal", "pt_BR")
    assert C.classes_for_word("") == [] and C.classes_for_word("xyzzy") == []


def test_probabilities_are_a_distribution():
    rng = np.random.default_rng(0)
    v = np.abs(rng.normal(size=(5, 1280))).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    p = C.class_probabilities(v)
    assert p.shape == (5, 1000) and p.dtype == np.float32
    assert np.allclose(p.sum(1), 1.0, atol=1e-4) and (p >= 0).all()
    top = C.top_classes(v[0], k=3)
    assert [i for i, _ in top] == list(np.argsort(-p[0])[:3])
    with pytest.raises(C.ClassesError):
        C.class_probabilities(np.ones((1, 512), np.float32))


def test_head_belongs_to_the_shipped_model():
    info = load_model_info()
    assert C.head_matches(info)
    meta = C.head_info()
    assert meta["feature_scale"] > 1 and meta["top1_agreement_with_raw_features"] >= 0.95


@pytest.mark.parametrize("photo, expected", [
    ("sk_chelsea.jpg", set(range(281, 286))),  # a cat
    ("sk_coffee.jpg", {967, 968, 504}),  # espresso, cup, coffee mug
    ("ocv_orange.jpg", {950}),
    ("ocv_butterfly.jpg", set(range(321, 327))),
])
def test_shipped_model_vectors_give_the_classes_a_person_sees(embedder, photo, expected):
    top = C.top_classes(_vec(embedder, photo), k=3)
    assert {i for i, _ in top} & expected, [(C.class_name(i), round(p, 3)) for i, p in top]
    assert top[0][1] > 0.2  # a sane temperature: the best class is not lost in the noise
