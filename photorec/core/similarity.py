"""What a similarity score means, in words a person reads correctly.

Raw cosine between this model's embeddings reads low: good neighbours of another shot of the
same scene score 30-60 %. The window and the CLI therefore show a band ("Same photo",
"Near-duplicate", "Very similar", "Similar") placed by thresholds measured per model; the raw
cosine stays available (``--json`` keeps it as ``score``).

The thresholds come from the model's card (``similarity_bands``) when it has them, else from
the measured table below.
"""

from __future__ import annotations

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

# floors per model name (same, near-duplicate, very similar, similar). For efficientnet_lite0:
# a re-save or small resize scores >= 0.95; crops, shrunk recompressions and edits >= 0.82
# (the duplicates threshold, benchmarks/bench_organize.py --thresholds); bursts and other
# shots of one scene >= 0.70 (the "similar shots" threshold); same-subject photos >= 0.45.
MODEL_FLOORS: dict[str, tuple[float, float, float, float]] = {
    "efficientnet_lite0": (0.95, 0.82, 0.70, 0.45),
}
FALLBACK_FLOORS = (0.97, 0.90, 0.80, 0.60)


def bands(model=None) -> tuple[Band, ...]:
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


def band(score: float, model=None) -> Band | None:
    """The band a cosine falls in, or None when it is below "Similar"."""
    for b in bands(model):
        if score >= b.floor:
            return b
    return None


def describe(score: float, model=None) -> str:
    """A short label for people: the band, or "Loosely alike" under the lowest band."""
    b = band(score, model)
    return b.label if b is not None else "Loosely alike"
