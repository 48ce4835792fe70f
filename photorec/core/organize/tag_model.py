"""The tag classifier, numpy only: one-vs-rest logistic regression on the embeddings (centred
and projected on their principal axes), with probabilities calibrated on held-out photos.

Examples: a tagged photo is a positive of its tags and a negative of the other tags; a
rejection ("not this tag") is a negative of that tag only. Untagged photos are unlabelled:
never negatives, and not counted in a tag's base rate (its share of the labelled photos).

Calibration. Raw logistic scores are overconfident (they are fit to separate the training
photos), so the probabilities shown are mapped from scores the model gave photos it did not
see: k-fold cross-validation (projection and classifier refit without the fold) gives an
out-of-fold score for every labelled photo and tag. Each tag gets Platt scaling (a logistic
curve on the standardised score, Platt's smoothed targets), fit by Newton's method under a
Gaussian prior that pulls its slope and intercept toward one curve pooled over all tags: a tag
with few photos gets the pooled curve, a tag with many gets its own. With too few labelled
photos to cross-validate at all, a raw probability is shrunk toward the tag's base rate
(weight n / (n + ``PRIOR_N``), n its photos), which keeps it far from 100 %.

Near-duplicates and similar shots (a group per the duplicates' similar-shots threshold, given
by the caller) are one example: a group is never on both sides of a fold (a copy of a held-out
photo would make the classifier look right), and the examples counted toward ``MIN_EVAL`` are
groups. With fewer, nothing is measured and the confidences are not shown as percentages.

Held-out quality: the calibration is cross-fitted too (fit on the other folds' scores, applied
to each fold), giving honest held-out probabilities. From them: the Brier score and the
expected calibration error (ECE, ``BINS`` equal-width bins), the reliability per bin, and per
tag the skill over the base rate (1 - Brier / Brier of always predicting the base rate). A tag
whose skill is not positive is not suggested: the classifier does not beat guessing for it yet.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from photorec.core.embed.vectors import Projection, fit_projection, sigmoid, unit

PCA_DIM = 128
L2 = 1e-2
STEPS = 200
LR = 0.05
MIN_EVAL = 10  # labelled photos needed to cross-validate
SLOPE_PRIOR = 20.0  # prior precision pulling a tag's calibration slope to the pooled one
INTERCEPT_PRIOR = 5.0  # ... and its intercept (base rates differ more between tags)
PRIOR_N = 10.0  # too few photos to calibrate: photos a tag needs for half its raw confidence
BINS = 10


def fit_logistic(Z: np.ndarray, Y: np.ndarray, M: np.ndarray, *, l2: float = L2,
                 steps: int = STEPS, lr: float = LR) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression: Z [n, p] features, Y [n, T] 0/1 targets, M [n, T] 0/1
    mask of known targets. Positives and negatives of each tag weigh the same in total.
    Full-batch Adam; returns (W [p, T], b [T])."""
    n, p = Z.shape
    T = Y.shape[1]
    pos = (Y * M).sum(0)
    neg = ((1 - Y) * M).sum(0)
    wpos = np.where(pos > 0, 0.5 / np.maximum(pos, 1), 0.0)
    wneg = np.where(neg > 0, 0.5 / np.maximum(neg, 1), 0.0)
    weight = (M * (Y * wpos + (1 - Y) * wneg)).astype(np.float32)
    W = np.zeros((p, T), dtype=np.float32)
    b = np.zeros(T, dtype=np.float32)
    mW, vW = np.zeros_like(W), np.zeros_like(W)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        P = sigmoid(Z @ W + b)
        G = (P - Y) * weight
        gW = Z.T @ G + l2 * W
        gb = G.sum(0)
        mW = beta1 * mW + (1 - beta1) * gW
        vW = beta2 * vW + (1 - beta2) * gW * gW
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
        W -= lr * (mW / c1) / (np.sqrt(vW / c2) + eps)
        b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
    return W, b


def folds(Y: np.ndarray, k: int, seed: int, groups: np.ndarray | None = None) -> np.ndarray:
    """A fold number per row, stratified by each row's first tag. With ``groups`` (a label
    per row: near-duplicates and similar shots share one), a group is never split: all its
    rows are in one fold, so a copy of a held-out photo is never learnt from."""
    rng = np.random.default_rng(seed)
    n = len(Y)
    g = np.arange(n) if groups is None else np.unique(np.asarray(groups), return_inverse=True)[1]
    first = np.where(Y.any(1), Y.argmax(1), -1)
    ng = int(g.max()) + 1 if n else 0
    primary = np.full(ng, -1, dtype=np.int64)  # a group's tag: its first row's first tag
    for i in range(n - 1, -1, -1):
        if first[i] >= 0 or primary[g[i]] < 0:
            primary[g[i]] = first[i]
    gfold = np.zeros(ng, dtype=np.int64)
    for t in np.unique(primary):
        rows = np.flatnonzero(primary == t)
        rows = rows[rng.permutation(len(rows))]
        gfold[rows] = (np.arange(len(rows)) + rng.integers(k)) % k
    return gfold[g] if n else np.zeros(0, dtype=np.int64)


def independent(Y: np.ndarray, groups: np.ndarray | None) -> int:
    """How many independent labelled examples: labelled photos, a group of near-duplicates
    and similar shots counting once."""
    labelled = Y.any(1)
    if groups is None:
        return int(labelled.sum())
    return len(np.unique(np.asarray(groups)[labelled]))


def base_rates(Y: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Each tag's share of the photos labelled for it (untagged photos are not counted)."""
    rates: np.ndarray = (Y * M).sum(0) / np.maximum(M.sum(0), 1)
    return rates


# -- calibration -----------------------------------------------------------------------------


def _newton(F: np.ndarray, y: np.ndarray, mu: np.ndarray, prec: np.ndarray,
            iters: int = 50) -> np.ndarray:
    """Logistic regression of soft targets ``y`` on features F [n, 2] under the prior
    N(mu, diag(1/prec)); Newton's method."""
    th = mu.astype(np.float64).copy()
    P0 = np.diag(prec)
    for _ in range(iters):
        p = sigmoid(F @ th)
        g = F.T @ (p - y) + prec * (th - mu)
        H = (F * (p * (1 - p))[:, None]).T @ F + P0
        step = np.linalg.solve(H, g)
        th -= step
        if np.abs(step).max() < 1e-7:
            break
    out: np.ndarray = th
    return out


def _targets(y: np.ndarray) -> np.ndarray:
    """Platt's smoothed targets: (N+ + 1) / (N+ + 2) and 1 / (N- + 2)."""
    pos = float(y.sum())
    neg = float(len(y) - pos)
    return np.where(y > 0, (pos + 1) / (pos + 2), 1 / (neg + 2))


@dataclass
class Calibration:
    """Logits to probabilities, per tag: ``sigmoid(slope * (z - centre) / scale + intercept)``
    ('platt'), or for 'prior' ``w * sigmoid(z) + (1 - w) * base``."""

    kind: str
    base: np.ndarray  # [T] base rates
    slope: np.ndarray | None = None  # [T]
    intercept: np.ndarray | None = None  # [T]
    centre: float = 0.0
    scale: float = 1.0
    weight: np.ndarray | None = None  # [T], 'prior' only

    def apply(self, L: np.ndarray) -> np.ndarray:
        if self.kind == "platt":
            assert self.slope is not None and self.intercept is not None  # a 'platt' has them
            return sigmoid(self.slope * ((L - self.centre) / self.scale) + self.intercept)
        assert self.weight is not None  # a 'prior' has it
        prior: np.ndarray = self.weight * sigmoid(L) + (1 - self.weight) * self.base
        return prior

    def to_json(self) -> dict[str, Any]:
        d = {"kind": self.kind, "base": self.base.tolist(), "centre": self.centre,
             "scale": self.scale}
        for name in ("slope", "intercept", "weight"):
            v = getattr(self, name)
            if v is not None:
                d[name] = np.asarray(v).tolist()
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Calibration:
        arr = {k: np.asarray(d[k], dtype=np.float64) for k in ("slope", "intercept", "weight")
               if k in d}
        return cls(d["kind"], np.asarray(d["base"], dtype=np.float64), centre=float(d["centre"]),
                   scale=float(d["scale"]), **arr)


def fit_calibration(L: np.ndarray, Y: np.ndarray, M: np.ndarray) -> Calibration:
    """Per-tag Platt scaling of held-out logits L [n, T], shrunk toward a pooled fit."""
    m = M > 0
    z = L[m]
    centre, scale = float(z.mean()), float(z.std() + 1e-6)
    Fs = (L - centre) / scale
    F = np.stack([Fs[m], np.ones(int(m.sum()))], 1)
    pooled = _newton(F, _targets(Y[m]), np.zeros(2), np.array([1e-3, 1e-3]))
    T = Y.shape[1]
    slope, intercept = np.zeros(T), np.zeros(T)
    prec = np.array([SLOPE_PRIOR, INTERCEPT_PRIOR])
    for j in range(T):
        r = m[:, j]
        if not r.any():
            slope[j], intercept[j] = pooled
            continue
        Fj = np.stack([Fs[r, j], np.ones(int(r.sum()))], 1)
        slope[j], intercept[j] = _newton(Fj, _targets(Y[r, j]), pooled, prec)
    return Calibration("platt", base_rates(Y, M), slope, intercept, centre, scale)


def prior_calibration(Y: np.ndarray, M: np.ndarray) -> Calibration:
    """Too few photos to calibrate: shrink toward each tag's base rate."""
    n = (Y * M).sum(0)
    return Calibration("prior", base_rates(Y, M), weight=n / (n + PRIOR_N))


def reliability(P: np.ndarray, Y: np.ndarray, bins: int = BINS) -> dict[str, Any]:
    """Brier score, ECE and the reliability per bin of probabilities P against 0/1 outcomes Y
    (flat arrays)."""
    P, Y = np.asarray(P, np.float64).ravel(), np.asarray(Y, np.float64).ravel()
    out: dict[str, Any] = {"n": int(len(P)), "brier": None, "ece": None, "bins": []}
    if not len(P):
        return out
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, P, side="right") - 1, 0, bins - 1)
    ece = 0.0
    for i in range(bins):
        s = which == i
        if not s.any():
            continue
        mp, obs = float(P[s].mean()), float(Y[s].mean())
        ece += s.mean() * abs(mp - obs)
        out["bins"].append({"from": round(float(edges[i]), 2), "to": round(float(edges[i + 1]), 2),
                            "n": int(s.sum()), "mean_confidence": round(mp, 4),
                            "observed": round(obs, 4)})
    out["brier"] = round(float(np.mean((P - Y) ** 2)), 5)
    out["ece"] = round(float(ece), 5)
    return out


# -- evaluation ------------------------------------------------------------------------------


@dataclass
class Evaluation:
    accuracy: float  # held-out: the top tag is one of the photo's tags
    baseline: float  # the same for "always the most common tag"
    n_eval: int
    how: str
    logits: np.ndarray  # [n, T] out-of-fold
    probs: np.ndarray  # [n, T] out-of-fold, calibration cross-fitted
    skill: np.ndarray  # [T] 1 - Brier / Brier of the base rate (held-out)
    done: np.ndarray  # [n] bool: rows that were held out once (have out-of-fold scores)
    quality: dict[str, Any] = field(default_factory=dict)  # Brier, ECE, reliability bins


def _fit_raw(X: np.ndarray, Y: np.ndarray, M: np.ndarray) -> tuple[Projection, np.ndarray, np.ndarray]:
    # The projection is fit without the held-out fold too: with fewer photos than dimensions
    # a photo inside the PCA sample looks nothing like a new one (measured: fit once on all,
    # held-out ECE went from 0.04 to 0.13 and "90 %" suggestions were right 63 % of the time).
    proj = fit_projection(X, PCA_DIM)
    W, b = fit_logistic(proj(X), Y, M)
    return proj, W, b


def evaluate(X: np.ndarray, Y: np.ndarray, M: np.ndarray, *, seed: int = 0,
             groups: np.ndarray | None = None) -> Evaluation | None:
    """k-fold cross-validation (5 folds, 3 from 2,000 photos), a group of near-duplicates
    and similar shots (``groups``) never on both sides of a fold: None when too few
    independent examples."""
    n = len(X)
    labelled = cast(np.ndarray, Y.any(1))  # along an axis: an array, not a scalar
    if n < MIN_EVAL or independent(Y, groups) < MIN_EVAL or Y.shape[1] < 1:
        return None
    k = 5 if n < 2000 else 3
    fold = folds(Y, k, seed, groups)
    L = np.zeros(Y.shape, dtype=np.float64)
    hits = base = total = 0.0
    done = np.zeros(n, dtype=bool)
    for f in range(k):
        tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        if not len(tr) or not len(te) or not Y[tr].any():
            continue
        proj, W, b = _fit_raw(X[tr], Y[tr], M[tr])
        L[te] = proj(X[te]) @ W + b
        done[te] = True
        lab = te[labelled[te]]
        if len(lab):
            top = L[lab].argmax(1)
            hits += float(Y[lab, top].sum())
            common = (Y[tr] * M[tr]).sum(0).argmax()
            base += float(Y[lab, common].sum())
            total += len(lab)
    if total == 0:
        return None
    Md = M * done[:, None]
    # Honest probabilities: the calibration of each fold is fit on the other folds' scores.
    P = np.zeros_like(L)
    bm, bb = np.zeros(Y.shape[1]), np.zeros(Y.shape[1])
    for f in range(k):
        te = (fold == f) & done
        rest = Md * (fold != f)[:, None]
        if not te.any() or not rest.any():
            continue
        cal = fit_calibration(L, Y, rest)
        P[te] = cal.apply(L[te])
        m = Md[te]
        bm += ((P[te] - Y[te]) ** 2 * m).sum(0)
        bb += ((cal.base - Y[te]) ** 2 * m).sum(0)
    skill = np.where(bb > 0, 1 - bm / np.maximum(bb, 1e-12), 0.0)
    m = Md > 0
    quality = reliability(P[m], Y[m])
    quality["brier_base_rate"] = round(float(bb.sum() / max(int(m.sum()), 1)), 5)
    return Evaluation(hits / total, base / total, int(total), f"{k}-fold cross-validation",
                      L, P, skill, done, quality)


# -- the model -------------------------------------------------------------------------------


@dataclass
class TagModel:
    tags: list[str]
    W: np.ndarray  # [p, T]
    b: np.ndarray  # [T]
    mean: np.ndarray  # [d]
    basis: np.ndarray  # [d, p]
    calibration: Calibration
    skill: np.ndarray | None  # [T] held-out skill over the base rate (None: not measured)
    accuracy: float | None  # held-out: the top tag is one of the photo's tags
    baseline: float | None  # the same for "always the most common tag"
    n_train: int
    n_eval: int
    evaluation: str
    folders: bool
    seconds: float
    created: float
    quality: dict[str, Any] = field(default_factory=dict)  # held-out Brier, ECE, reliability
    independent: int | None = None  # labelled examples, near-duplicates counting once

    @property
    def measured(self) -> bool:
        """Were its confidences measured on held-out photos? Only then are they shown as
        percentages: with too few independent examples a percentage would be a guess."""
        return self.accuracy is not None

    def project(self, X: np.ndarray) -> np.ndarray:
        return unit((np.asarray(X, dtype=np.float32) - self.mean) @ self.basis)

    def logits(self, X: np.ndarray) -> np.ndarray:
        z: np.ndarray = self.project(X) @ self.W + self.b
        return z

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities [n, T] (independent per tag)."""
        return self.calibration.apply(self.logits(X))

    @property
    def base(self) -> np.ndarray:
        return self.calibration.base

    @property
    def suggestable(self) -> np.ndarray:
        """[T] bool: the tags the classifier beats the base rate for (held-out), or all when
        that could not be measured."""
        if self.skill is None:
            return np.ones(len(self.tags), dtype=bool)
        return self.skill > 0

    def info(self) -> dict[str, Any]:
        return {"tags": self.tags, "accuracy": self.accuracy, "baseline": self.baseline,
                "n_train": self.n_train, "n_eval": self.n_eval, "evaluation": self.evaluation,
                "folders": self.folders, "seconds": round(self.seconds, 3),
                "calibration": self.calibration.to_json(),
                "skill": None if self.skill is None else [round(float(s), 4) for s in self.skill],
                "quality": self.quality, "independent": self.independent}

    @classmethod
    def from_stored(cls, created: float, info: dict[str, Any], W: np.ndarray, b: np.ndarray,
                    mean: np.ndarray, basis: np.ndarray) -> TagModel | None:
        if "calibration" not in info:  # stored by an older version: train again
            return None
        skill = info.get("skill")
        return cls(info["tags"], W, b, mean, basis, Calibration.from_json(info["calibration"]),
                   None if skill is None else np.asarray(skill), info.get("accuracy"),
                   info.get("baseline"), info.get("n_train", 0), info.get("n_eval", 0),
                   info.get("evaluation", ""), bool(info.get("folders")),
                   info.get("seconds", 0.0), created, info.get("quality") or {},
                   info.get("independent"))

    def not_learnt(self) -> list[str]:
        return [t for t, ok in zip(self.tags, self.suggestable.tolist()) if not ok]

    def describe(self) -> str:
        if self.accuracy is None:
            return (f"trained on {self.n_train} photos ({self.independent} independent: "
                    f"near-duplicates and similar shots count once), {len(self.tags)} tags: "
                    "too few independent examples to measure how often it is right, so no "
                    "percentage is shown")
        text = (f"held-out accuracy {self.accuracy:.0%} ({self.evaluation}, {self.n_eval} photos; "
                f"always guessing the most common tag: {self.baseline:.0%}); "
                f"{len(self.tags)} tags, {self.n_train} photos")
        missing = self.not_learnt()
        if missing:
            text += ("; not suggested yet (no better than guessing): "
                     + ", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""))
        return text


def fit(X: np.ndarray, Y: np.ndarray, M: np.ndarray, tags: list[str], *, folders: bool = False,
        seed: int = 0, groups: np.ndarray | None = None) -> TagModel:
    """Cross-validate (when there are enough independent examples: ``groups`` labels the
    near-duplicates and similar shots, which count once and stay on one side of a fold),
    calibrate, and fit on everything."""
    t0 = time.perf_counter()
    ev = evaluate(X, Y, M, seed=seed, groups=groups) if len(tags) >= 1 else None
    if ev is not None:
        cal = fit_calibration(ev.logits, Y, M * ev.done[:, None])
    else:
        cal = prior_calibration(Y, M)
    proj, W, b = _fit_raw(X, Y, M)
    return TagModel(list(tags), W, b, proj.mean, proj.basis, cal,
                    None if ev is None else ev.skill,
                    None if ev is None else ev.accuracy, None if ev is None else ev.baseline,
                    int(Y.any(1).sum()), 0 if ev is None else ev.n_eval,
                    "not measured" if ev is None else ev.how, folders,
                    time.perf_counter() - t0, time.time(), {} if ev is None else ev.quality,
                    independent(Y, groups))


__all__ = ["Calibration", "Evaluation", "Projection", "TagModel", "evaluate", "fit",
           "fit_calibration", "fit_logistic", "folds", "independent", "prior_calibration",
           "reliability"]
