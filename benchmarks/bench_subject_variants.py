#!/usr/bin/env python3
"""Ways to rank same-subject photos higher with the shipped model, measured. Prints JSON.

    python benchmarks/bench_subject_variants.py                 # every variant below
    python benchmarks/bench_subject_variants.py --fuse other.onnx [--fuse-weight 0.7]

For each variant: subject precision@3 on the labelled dev set (``tests/data/devset``, 385
photos; share of each photo's 3 nearest others with its subject, 95% bootstrap interval),
copy recall@1 on the test photos (each of the 4 altered copies of bench_model_quality.py
has its own original as nearest of the 79), and what it costs at indexing time
(``inference_cost``: model runs per photo, relative to the shipped 1).

Variants (none needs a download; all start from the product decoder's 224x224 pixels):

  shipped              the stored embedding, cosine
  flip_average         embedding of the photo + embedding of its mirror image, renormalised
  centred              minus the mean vector of the collection (the dev set's own mean)
  categories_w         the embedding concatenated with w x the square root of the
                       probabilities of the 106 broader words of classes.json (the model's
                       own ImageNet head summed per word: "dog", "animal", "food"...)
  neighbours_k         database-side augmentation: each vector replaced by the
                       cosine^3-weighted mean of its k nearest (itself included)
  categories+neighbours  both
  fuse_w               (``--fuse``) the embedding concatenated with w x another model's
  input_*              (only where the ``onnx`` package is installed: it makes a copy of the
                       model that takes any input size) the photo at 256 or 288 px square,
                       or whole at 224 px on the short side with its aspect ratio kept
                       (sides rounded to 32, long side at most 448): plain PIL decoding

The broader-word map was made for search (packaging/make_classes.py), not from the dev set,
but it names the same kind of subjects the dev set's labels do: read its gain as an upper
bound. The centring and neighbour variants use the dev set's own vectors, as a library's
would be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_model_quality as bmq  # noqa: E402

from photorec.core.embed import classes  # noqa: E402


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def category_matrix() -> np.ndarray:
    """[1000, n words]: 1 where a class carries a broader word (classes.json)."""
    doc = classes._names()
    words = list(doc["categories"])
    col = {w: i for i, w in enumerate(words)}
    m = np.zeros((classes.N_CLASSES, len(words)), np.float32)
    for k, c in enumerate(doc["classes"]):
        for w in c["categories"]:
            m[k, col[w]] = 1.0
    return m


def with_categories(v: np.ndarray, w: float, cats: np.ndarray) -> np.ndarray:
    q = unit(np.sqrt(classes.class_probabilities(v) @ cats))
    return unit(np.hstack([v, w * q]))


def neighbours(v: np.ndarray, k: int) -> np.ndarray:
    s = v @ v.T
    idx = np.argsort(-s, axis=1)[:, :k]
    wts = np.take_along_axis(s, idx, 1).clip(0) ** 3
    return unit((v[idx] * wts[..., None]).sum(1))


def copy_recall(orig: np.ndarray, copies: list[np.ndarray]) -> float:
    hits = [(c @ orig.T).argmax(1) == np.arange(len(orig)) for c in copies]
    return round(float(np.mean(hits)), 4)


def input_size_variants(model: Path, dev: list[Path], subjects: list[str], photos: list[Path]) -> dict:
    """Other input sizes and shapes, through a copy of the model with free height and width."""
    try:
        import onnx
    except ImportError:
        return {"skipped": "needs the onnx package (pip install onnx) to free the input size"}
    import io
    import tempfile

    import onnxruntime as ort
    from PIL import Image, ImageOps

    m = onnx.load(str(model))
    dims = m.graph.input[0].type.tensor_type.shape.dim
    dims[1].dim_param, dims[2].dim_param = "H", "W"
    with tempfile.TemporaryDirectory() as d:
        onnx.save(m, f"{d}/free.onnx")
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        sess = ort.InferenceSession(f"{d}/free.onnx", opts, providers=["CPUExecutionProvider"])

    def load(data: bytes) -> Image.Image:
        with Image.open(io.BytesIO(data)) as im:
            return ImageOps.exif_transpose(im).convert("RGB")

    def pixels(im: Image.Image, shape: str, size: int) -> np.ndarray:
        if shape == "square":
            return np.asarray(im.resize((size, size), Image.BILINEAR))
        w, h = im.size
        sc = size / min(w, h)
        side = [min(2 * size, max(32, round(x * sc / 32) * 32)) for x in (w, h)]
        return np.asarray(im.resize(tuple(side), Image.BILINEAR))

    def embed(images: list[Image.Image], shape: str, size: int) -> np.ndarray:
        return unit(np.array([sess.run(None, {"image": pixels(im, shape, size)[None]})[0][0]
                              for im in images]))

    dev_im = [load(p.read_bytes()) for p in dev]
    orig_im, copies = [], {t: [] for t in bmq.TRANSFORMS}
    for p in photos:
        data = p.read_bytes()
        orig_im.append(load(data))
        for t, blob in bmq.make_copies(data).items():
            copies[t].append(load(blob))
    res = {}
    for shape, size in (("square", 224), ("square", 256), ("square", 288), ("aspect", 224)):
        sp = bmq.subject_precision(embed(dev_im, shape, size), subjects)
        eo = embed(orig_im, shape, size)
        res[f"input_{shape}_{size}"] = {
            "precision_at_3": sp["precision_at_3"], "ci95": sp["ci95"],
            "macro_by_subject": sp["macro_by_subject"],
            "recall_at_1": copy_recall(eo, [embed(copies[t], shape, size) for t in bmq.TRANSFORMS]),
            "inference_cost": round((size / 224) ** 2, 2) if shape == "square" else "~1.3"}
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=bmq.DEFAULT_MODEL)
    ap.add_argument("--devset", type=Path, default=bmq.DEFAULT_DEVSET)
    ap.add_argument("--photos", type=Path, default=bmq.DEFAULT_PHOTOS)
    ap.add_argument("--fuse", type=Path, action="append", default=[],
                    help="another ONNX model with the same input contract, fused by concatenation")
    ap.add_argument("--fuse-weight", type=float, action="append", default=None)
    args = ap.parse_args(argv)

    decode, _ = bmq.get_decoder("photorec")
    paths, subjects = bmq.read_devset(args.devset)
    dev_px = np.stack([decode(p.read_bytes()) for p in paths])
    photos = bmq.list_photos(args.photos)
    orig_px, copy_px = [], {t: [] for t in bmq.TRANSFORMS}
    for p in photos:
        data = p.read_bytes()
        orig_px.append(decode(data))
        for t, blob in bmq.make_copies(data).items():
            copy_px[t].append(decode(blob))
    sets = {"dev": dev_px, "orig": np.stack(orig_px),
            **{t: np.stack(copy_px[t]) for t in bmq.TRANSFORMS}}

    def embed_all(model: Path, mirror: bool = False) -> dict[str, np.ndarray]:
        s = bmq.open_session(model, None)
        return {k: bmq.embed(s, np.ascontiguousarray(x[:, :, ::-1]) if mirror else x)
                for k, x in sets.items()}

    base = embed_all(args.model)
    out: dict = {"model": str(args.model), "devset": str(args.devset), "n_dev": len(paths),
                 "n_photos": len(photos), "variants": {}}

    def report(name: str, e: dict[str, np.ndarray], cost: float, dev: np.ndarray | None = None) -> None:
        sp = bmq.subject_precision(e["dev"] if dev is None else dev, subjects)
        out["variants"][name] = {
            "precision_at_3": sp["precision_at_3"], "ci95": sp["ci95"],
            "macro_by_subject": sp["macro_by_subject"],
            "recall_at_1": copy_recall(e["orig"], [e[t] for t in bmq.TRANSFORMS]),
            "inference_cost": cost}

    report("shipped", base, 1.0)
    mirrored = embed_all(args.model, mirror=True)
    report("flip_average", {k: unit(base[k] + mirrored[k]) for k in base}, 2.0)
    mu = base["dev"].mean(axis=0)
    report("centred", {k: unit(v - mu) for k, v in base.items()}, 1.0)
    cats = category_matrix()
    for w in (0.5, 1.0):
        report(f"categories_{w}", {k: with_categories(v, w, cats) for k, v in base.items()}, 1.0)
    for k in (3, 8):
        # copies are searched among plain originals: the augmentation is a ranking of the
        # library, the copy recall is the shipped one
        report(f"neighbours_{k}", base, 1.0, dev=neighbours(base["dev"], k))
    report("categories_1.0+neighbours_8", {k: with_categories(v, 1.0, cats) for k, v in base.items()},
           1.0, dev=neighbours(with_categories(base["dev"], 1.0, cats), 8))
    for other in args.fuse:
        second = embed_all(other)
        for w in args.fuse_weight or [0.5, 0.7, 1.0]:
            report(f"fuse_{other.stem}_{w}", {k: unit(np.hstack([base[k], w * second[k]])) for k in base},
                   2.0)
        report(f"{other.stem}_alone", second, 1.0)
    sizes = input_size_variants(args.model, paths, subjects, photos)
    if "skipped" in sizes:
        out["input_size"] = sizes
    else:
        out["variants"].update(sizes)
    best = max(out["variants"].items(), key=lambda kv: kv[1]["precision_at_3"])
    out["best"] = {"variant": best[0],
                   "gain_over_shipped": round(best[1]["precision_at_3"]
                                              - out["variants"]["shipped"]["precision_at_3"], 4)}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
