"""What a similarity score means, in words a person reads correctly.

Raw cosine between this model's embeddings reads low: good neighbours of another shot of the
same scene score 30-60 %. The window and the CLI therefore show a band ("Same photo",
"Near-duplicate", "Very similar", "Similar") placed by thresholds measured per model; the raw
cosine stays available (``--json`` keeps it as ``score``).

What photorec offers as similar starts at the "Similar" floor (:func:`similar_floor`): the
window's "At least" and the command line's ``similar`` / ``more-like`` show nothing under it
unless asked (the slider lowered, ``--all``, ``--min``): at or above it 79 % of the measured
pairs share their subject; under it the share falls towards the 11 % of any two photos.

The thresholds come from the model's card (``similarity_bands``) when it has them, else from
the measured table below.

Where the floors of efficientnet_lite0 come from (``benchmarks/bench_organize.py
--thresholds``: the 79 test photos, altered copies of each, and the coarse subjects of
``benchmarks/bench_model_quality.py``; 259 same-subject and 2,019 different-subject pairs,
the three near-uniform wallpapers left out):

* Same photo, 0.99 (shown as 99 %): a re-save at JPEG quality 85 reaches it for 97 % of the
  79 test photos, at quality 70 for 90 %, a copy halved with Lanczos for 68 %; a mirrored
  copy only for 16 % (nearly symmetric pictures), a 90 % crop for 9 % (``python
  benchmarks/bench_bands.py``). It was 0.95 before, where 95 % of mirrored copies
  and 70 % of 90 % crops were called the same photo: they are near-duplicates, edits of it.
  The duplicates page also checks a member's colour layout against the keeper's and calls
  one that matches it mirrored a near-duplicate whatever its score (:func:`describe`).
* Near-duplicate, 0.75 (the duplicates threshold): 99 % of 75 % crops, 100 % of 90 % crops,
  brightened and halved copies; copies shrunk to a third at JPEG q35 86 % (the perceptual
  hash brings them to 99 % in the duplicates finder). The most alike two *different* photos
  score 0.68 (two abstract wallpapers), leaving a 0.07 margin; only the near-uniform pair
  (0.95) is above, and the colour-layout check rejects it.
* Very similar, 0.55: the most alike different-subject pair scores 0.546; all 13 pairs at
  >= 0.55 share their subject.
* Similar, 0.45: 79 % of the pairs at >= 0.45 share their subject (37 of 47), against 11 %
  of all pairs; at 0.40 it is 70 %, at 0.35 61 %. A same-subject pair's median is 0.33.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    key: str  # stable, for JSON and tests: "same", "near_duplicate", "very_similar", "similar"
    label: str  # for people (English; the GUI translates it)
    floor: float  # the lowest cosine in the band


# key, label, in order from the closest down
_BAND_NAMES: tuple[tuple[str, str], ...] = (
    ("same", "Same photo"),
    ("near_duplicate", "Near-duplicate"),
    ("very_similar", "Very similar"),
    ("similar", "Similar"),
)

# floors per model name (same, near-duplicate, very similar, similar), measured as the module
# docstring says; the near-duplicate floor is the duplicates threshold.
MODEL_FLOORS: dict[str, tuple[float, float, float, float]] = {
    "efficientnet_lite0": (0.99, 0.75, 0.55, 0.45),
}
FALLBACK_FLOORS = (0.97, 0.90, 0.80, 0.60)


def bands(model: object = None) -> tuple[Band, ...]:
    """The bands for a model (its ``ModelInfo``, a name, or None for the fallback), closest
    first."""
    floors = None
    card = getattr(model, "card", None)
    if isinstance(card, dict) and isinstance(card.get("similarity_bands"), (list, tuple)):
        floors = tuple(float(x) for x in card["similarity_bands"])
    if floors is None or len(floors) != len(_BAND_NAMES):
        name = model if isinstance(model, str) else getattr(model, "name", "")
        floors = MODEL_FLOORS.get(name or "", FALLBACK_FLOORS)
    return tuple(Band(k, label, f) for (k, label), f in zip(_BAND_NAMES, floors))


def percent(score: float) -> int:
    """The figure people see for a cosine: a whole percentage, 0..100. Every band, floor and
    label is decided on this figure, never on the raw cosine, so two photos shown with the
    same figure always get the same words, in the window, on the duplicates page and on the
    command line."""
    if math.isnan(score):  # nothing known
        return 0
    return int(round(max(0.0, min(1.0, float(score))) * 100))


def reaches(score: float, floor: float) -> bool:
    """Does a cosine reach a floor (a cosine too, e.g. 0.45 or ``--min``), as the figure shown
    says? 0.4496 is shown as 45 % and so reaches 0.45."""
    return percent(score) >= round(float(floor) * 100, 6)


def band(score: float, model: object = None) -> Band | None:
    """The band of a cosine's shown figure (:func:`percent`), or None when it is below
    "Similar"."""
    for b in bands(model):
        if reaches(score, b.floor):
            return b
    return None


def similar_floor(model: object = None) -> float:
    """The lowest score photorec calls similar (the "Similar" band's floor): what the window and
    the command line show by default; under it a photo is only "loosely alike" and is shown
    when the user asks for it."""
    return bands(model)[-1].floor


def describe(score: float, model: object = None, *, mirrored: bool = False) -> str:
    """A short label for people: the band, or "Loosely alike" under the lowest band. A
    ``mirrored`` copy (known to be one, e.g. by the duplicates' colour layouts) is at most a
    "Near-duplicate"."""
    b = band(score, model)
    if b is not None and mirrored and b.key == "same":
        b = bands(model)[1]
    return b.label if b is not None else "Loosely alike"


def shown(score: float, model: object = None, *, mirrored: bool = False) -> str:
    """The band and the figure, as people read them: "Near-duplicate · 91%" (English; the
    window and the command line translate the band)."""
    return f"{describe(score, model, mirrored=mirrored)} · {percent(score)}%"
