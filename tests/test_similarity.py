"""The similarity bands people read instead of raw cosine."""

from photorec.core.embed import similarity as sim


def test_bands_are_ordered_and_cover_scores():
    bs = sim.bands("efficientnet_lite0")
    floors = [b.floor for b in bs]
    assert floors == sorted(floors, reverse=True)
    assert sim.band(0.99, "efficientnet_lite0").key == "same"
    assert sim.band(0.85, "efficientnet_lite0").key == "near_duplicate"
    assert sim.band(0.72, "efficientnet_lite0").key == "very_similar"
    assert sim.band(0.50, "efficientnet_lite0").key == "similar"
    assert sim.band(0.20, "efficientnet_lite0") is None
    assert sim.describe(0.20, "efficientnet_lite0") == "Loosely alike"


def test_near_duplicate_floor_is_the_duplicates_threshold():
    from photorec.core.organize.duplicates import MODEL_THRESHOLDS

    dup, _ = MODEL_THRESHOLDS["efficientnet_lite0"]
    assert sim.band(dup, "efficientnet_lite0").key == "near_duplicate"
    assert sim.band(dup - 0.001, "efficientnet_lite0").key != "near_duplicate"


def test_model_card_overrides_the_table():
    class Info:
        name = "efficientnet_lite0"
        card = {"similarity_bands": [0.9, 0.8, 0.7, 0.6]}

    assert sim.band(0.65, Info()).key == "similar"
    assert sim.band(0.55, Info()) is None
