"""The default cosine thresholds of the two grouping modes, per model."""

from __future__ import annotations

MODES = ("duplicates", "similar")

# (duplicates, similar shots) cosine thresholds per model name, chosen on the shared photos
# (benchmarks/bench_organize.py --thresholds). efficientnet_lite0: 0.75 groups 99 % of 75 %
# crops and all 90 % crops, brightened, halved and re-saved copies, and stays 0.07 above the
# most alike two different photos (0.68; the near-uniform pair at 0.95 is left to the
# colour-layout check); with the perceptual hash 99 % of copies shrunk to a third at JPEG
# q35 join too (86 % by cosine alone). 0.82 before: 89 % of 75 % crops, 75 % of shrunk q35.
MODEL_THRESHOLDS: dict[str, tuple[float, float]] = {
    "mobilenet_v2": (0.90, 0.80),
    "efficientnet_lite0": (0.75, 0.70),
}
FALLBACK_THRESHOLDS = (0.90, 0.80)


def default_threshold(model: object, mode: str = "duplicates") -> float:
    """The default cosine threshold of a mode for a model (its ``ModelInfo``): the model card's
    ``duplicate_threshold`` / ``similar_threshold`` if it has them, else the measured table."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    card = getattr(model, "card", None) or {}
    key = "duplicate_threshold" if mode == "duplicates" else "similar_threshold"
    if key in card:
        return float(card[key])
    pair = MODEL_THRESHOLDS.get(getattr(model, "name", ""), FALLBACK_THRESHOLDS)
    return pair[0] if mode == "duplicates" else pair[1]
