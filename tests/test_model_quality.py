"""The quality bar of the built-in model, through the product's own decoder and embedder:
a transformed copy of each shared photo must find its original first (recall@1 >= 0.95),
with all the other photos as distractors."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageOps

from photorec.core.embed.model import Embedder, load_model_info
from photorec.core.ingest import decode as dec
from tests.conftest import shared_photos

pytestmark = pytest.mark.slow  # the whole dev set through the model


def _transforms(im: Image.Image) -> dict[str, Image.Image]:
    w, h = im.size
    out = {}
    cw, ch = int(w * 0.75), int(h * 0.75)
    out["crop75"] = im.crop(((w - cw) // 2, (h - ch) // 2, (w - cw) // 2 + cw, (h - ch) // 2 + ch))
    buf = io.BytesIO()
    im.resize((max(1, w // 3), max(1, h // 3)), Image.Resampling.BILINEAR).save(buf, "JPEG", quality=35)
    out["third_q35"] = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    out["bright_rot7"] = ImageEnhance.Brightness(im).enhance(4 / 3).rotate(7, resample=Image.Resampling.BILINEAR)
    out["mirror_grey"] = ImageOps.grayscale(ImageOps.mirror(im)).convert("RGB")
    return out


def test_recall_at_1_meets_the_bar():
    info = load_model_info()
    emb = Embedder(info)
    photos = shared_photos()
    originals, queries = [], {}
    for p in photos:
        with Image.open(p) as im:
            im = ImageOps.exif_transpose(im).convert("RGB")
        originals.append(dec.decode(p).pixels)
        for name, t in _transforms(im).items():
            queries.setdefault(name, []).append(dec.decode(t).pixels)
    base = emb.embed(np.stack(originals))
    assert base.shape == (len(photos), info.dim)
    assert np.allclose(np.linalg.norm(base, axis=1), 1.0, atol=1e-4)
    per = {}
    for name, px in queries.items():
        q = emb.embed(np.stack(px))
        found = np.argmax(q @ base.T, axis=1)
        # The shared set holds an exact copy or two: finding the twin of the original counts.
        same = np.einsum("ij,ij->i", base[found], base) > 0.9999
        per[name] = float(np.mean(same))
    overall = float(np.mean(list(per.values())))
    print(json.dumps({"recall_at_1": round(overall, 4), "per_transform": per}))
    assert overall >= 0.95, per


def test_gpu_benchmark_falls_back_to_the_cpu_in_words():
    """benchmarks/bench_gpu.py runs as is without a GPU: it says so and measures the CPU."""
    import importlib.util

    from photorec.core.embed.model import available_providers
    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("bench_gpu", REPO / "benchmarks" / "bench_gpu.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    emb, fallback, why = bench.open_embedder("auto")
    if any(p in available_providers() for p in bench.GPU_PROVIDERS):
        assert not fallback and emb.provider in bench.GPU_PROVIDERS
        return
    assert fallback and emb.provider == "CPUExecutionProvider"
    assert "no GPU execution provider" in why and "CPU" in why
    emb, fallback, why = bench.open_embedder("cuda")
    assert fallback and emb.provider == "CPUExecutionProvider"


def test_devset_subject_precision_at_3():
    """The labelled dev set (tests/data/devset, 385 photos, 11 subjects): the 3 nearest
    others of a photo mostly share its subject (0.77 measured with EfficientNet-Lite0)."""
    import sys

    from tests.conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    import bench_model_quality as bmq

    paths, subjects = bmq.read_devset(bmq.DEFAULT_DEVSET)
    assert len(paths) >= 300 and len(set(subjects)) == 11
    assert all(p.is_file() for p in paths)
    emb = Embedder(load_model_info())
    vecs = np.concatenate([emb.embed(np.stack([dec.decode(p).pixels for p in paths[s:s + 32]]))
                           for s in range(0, len(paths), 32)])
    res = bmq.subject_precision(vecs, subjects, n_boot=200)
    print(json.dumps(res))
    assert res["precision_at_3"] >= 0.70, res
    assert res["ci95"][0] <= res["precision_at_3"] <= res["ci95"][1]
