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
    assert sim.band(dup - 0.004, "efficientnet_lite0").key == "near_duplicate"  # shown 75 %
    assert sim.band(dup - 0.006, "efficientnet_lite0").key != "near_duplicate"  # shown 74 %


def test_model_card_overrides_the_table():
    class Info:
        name = "efficientnet_lite0"
        card = {"similarity_bands": [0.9, 0.8, 0.7, 0.6]}

    assert sim.band(0.65, Info()).key == "similar"
    assert sim.band(0.55, Info()) is None


def test_equal_figures_get_equal_words():
    """The figure is rounded first, then the band is picked (issue 19: "Similar · 45%" sat
    next to "Loosely alike · 45%", "Near-duplicate · 75%" next to "Very similar · 75%")."""
    import numpy as np

    for score in np.linspace(0.0, 1.0, 20001):
        fig = sim.percent(score)
        for other in (fig / 100 - 0.00499, fig / 100, fig / 100 + 0.00499):
            if sim.percent(other) == fig:
                assert sim.describe(other, "efficientnet_lite0") == sim.describe(score, "efficientnet_lite0")
    assert sim.describe(0.4496, "efficientnet_lite0") == sim.describe(0.4504, "efficientnet_lite0") == "Similar"
    assert sim.shown(0.7496, "efficientnet_lite0") == "Near-duplicate · 75%"
    assert sim.reaches(0.4496, 0.45) and not sim.reaches(0.4449, 0.45)
    assert sim.percent(float("nan")) == 0 and sim.percent(1.2) == 100


def test_mirrors_are_near_duplicates():
    """A mirrored copy is an edit: at most "Near-duplicate", even at 100 %; 99 % is where "Same
    photo" starts (re-saves), so a typical mirrored copy (97 %) is a near-duplicate anyway."""
    assert sim.describe(0.974, "efficientnet_lite0") == "Near-duplicate"
    assert sim.describe(0.999, "efficientnet_lite0") == "Same photo"
    assert sim.describe(0.999, "efficientnet_lite0", mirrored=True) == "Near-duplicate"
    assert sim.describe(0.5, "efficientnet_lite0", mirrored=True) == "Similar"
