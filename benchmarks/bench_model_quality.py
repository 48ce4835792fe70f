#!/usr/bin/env python3
"""Near-duplicate quality and speed of an embedding model (ONNX), printed as JSON.

For every photo in a folder this makes four altered copies:

  crop75       the central 75% (of width and of height)
  small_q35    shrunk to a third of its size, saved as JPEG at quality 35
  bright_rot7  brightness x 4/3, then rotated 7 degrees (same canvas, black corners;
              ``--rotate-expand`` grows the canvas instead)
  mirror_grey  mirrored left-right and turned grey (saved as 3-channel RGB)

Each copy is embedded and compared by cosine with the embeddings of all the original
photos; it counts as found when its own original is the nearest one (recall@1).
The altered copies are written to memory as files (PNG, or JPEG q35 for small_q35, or
``--copy-format jpeg`` for JPEG q95 everywhere) and decoded again like any photo.

Decoding (``--decoder``):
  photorec  the product's own ``photorec.core.ingest.decode.decode`` (JPEG draft/DCT scaling,
            EXIF orientation, whole photo resized to 224x224 bilinear); the default
  plain     full decode, EXIF orientation, ``Image.resize((224, 224), BILINEAR)``

Speed: inference only (decoding excluded), uint8 batches of ``--batch`` (16) images at
224x224, onnxruntime CPU with its default thread count unless ``--threads``; the rate of
the fastest round of 5 batches (``images_per_s``) and of the median round are both reported.

Subject precision@3 with a 95% bootstrap interval on the labelled dev set
(``tests/data/devset``, ``--devset``) comes in ``devset``.

Run it in the project's environment (photorec importable)::

    .venv/bin/python benchmarks/bench_model_quality.py                # the packaged model
    .venv/bin/python benchmarks/bench_model_quality.py --model other.onnx
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO / "photorec" / "resources" / "model.onnx"
DEFAULT_PHOTOS = (REPO / "tests" / "data" / "photos").resolve()
DEFAULT_DEVSET = (REPO / "tests" / "data" / "devset").resolve()
SIZE = 224
EXTS = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp"}

TRANSFORMS = ("crop75", "small_q35", "bright_rot7", "mirror_grey")

# Coarse subjects (what the photo shows) for precision@3 by subject: for each photo, the
# share of its 3 nearest other originals that have its subject. Hand-assigned by one
# person looking at the 79 test photos in shared/data/photos (a judgement, not ground
# truth); photos without a clear group are left out and count only as distractors.
# Other folders simply get no precision@3 unless their file names happen to match.
SUBJECTS: dict[str, str] = {
    # plant close-up
    "kde_FallenLeaf.jpg": "plant close-up",
    "kde_OneStandsOut.jpg": "plant close-up",
    "lom_seeding.jpg": "plant close-up",
    "mate_FreshFlower.jpg": "plant close-up",
    "mate_GreenMeadow.jpg": "plant close-up",
    "mate_LadyBird.jpg": "plant close-up",
    "mate_Dune.jpg": "plant close-up",
    "skl_flower.jpg": "plant close-up",
    "ocv_aloeL.jpg": "plant close-up",
    # landscape
    "kde_BytheWater.jpg": "landscape",
    "kde_ColdRipple.jpg": "landscape",
    "kde_Path.jpg": "landscape",
    "lom_Bridge.jpg": "landscape",
    "lom_life.jpg": "landscape",
    "lom_picosdeeuropa.jpg": "landscape",
    # abstract wallpaper
    "kde_Canopee.jpg": "abstract wallpaper",
    "kde_Honeywave.jpg": "abstract wallpaper",
    "kde_Kokkini.jpg": "abstract wallpaper",
    "kde_MilkyWay.jpg": "abstract wallpaper",
    "kde_Patak.jpg": "abstract wallpaper",
    "kde_Shell.jpg": "abstract wallpaper",
    "kde_Volna.jpg": "abstract wallpaper",
    "lom_Fossa.jpg": "abstract wallpaper",
    "lom_umang.jpg": "abstract wallpaper",
    "lom_analogpattern.jpg": "abstract wallpaper",
    "lom_Infinite-Sea.jpg": "abstract wallpaper",
    "mate_Float-into-MATE.jpg": "abstract wallpaper",
    "ukui_city.jpg": "abstract wallpaper",
    "ukui_desert.jpg": "abstract wallpaper",
    "ukui_fluent-color.jpg": "abstract wallpaper",
    "ukui_rollpaper.jpg": "abstract wallpaper",
    "ukui_focal-ubuntukylin.jpg": "abstract wallpaper",
    "ukui_calla.jpg": "abstract wallpaper",
    # texture
    "gnome_symbolic-l.jpg": "texture",
    "gnome_truchet-l.jpg": "texture",
    "gnome_wood-l.jpg": "texture",
    "sk_brick.jpg": "texture",
    "sk_grass.jpg": "texture",
    # illustration
    "kde_FlyingKonqui.jpg": "illustration",
    "kde_SafeLanding.jpg": "illustration",
    "kde_Altai.jpg": "illustration",
    "ukui_the-mouse.jpg": "illustration",
    "gnome_pixels-l.jpg": "illustration",
    "ocv_Blender_Suzanne1.jpg": "illustration",
    # person
    "mpl_grace_hopper.jpg": "person",
    "sk_astronaut.jpg": "person",
    "sk_camera.jpg": "person",
    "ocv_left01.jpg": "person",
    # text
    "ocv_notes.jpg": "text",
    "ocv_text_defocus.jpg": "text",
    "sk_page.jpg": "text",
    # fruit and drink
    "ocv_apple.jpg": "fruit and drink",
    "ocv_orange.jpg": "fruit and drink",
    "sk_coffee.jpg": "fruit and drink",
    # animal
    "sk_chelsea.jpg": "animal",
    "lom_friends.jpg": "animal",
    "ocv_butterfly.jpg": "animal",
    # building
    "ocv_building.jpg": "building",
    "ocv_home.jpg": "building",
    "ocv_aero1.jpg": "building",
    # science image
    "sk_ihc.jpg": "science image",
    "sk_microaneurysms.jpg": "science image",
    "sk_retina.jpg": "science image",
    "sk_moon.jpg": "science image",
    # objects
    "ocv_stuff.jpg": "objects",
    "ocv_box_in_scene.jpg": "objects",
    "sk_coins.jpg": "objects",
    "lom_greentock.jpg": "objects",
    # near-uniform
    "mate_MATE-Stripes-Dark.jpg": "near-uniform",
    "mate_Silk.jpg": "near-uniform",
    "mate_Waves.jpg": "near-uniform",
}


# ---------------------------------------------------------------- decoding


def _decode_plain(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        return np.asarray(im.resize((SIZE, SIZE), Image.BILINEAR), dtype=np.uint8)


def get_decoder(name: str):
    """Returns (callable bytes -> uint8 [224,224,3], the name actually used)."""
    if name in ("photorec", "auto"):
        sys.path.insert(0, str(REPO))
        from photorec.core.ingest.decode import decode

        return (lambda data: decode(data).pixels), "photorec"
    if name == "plain":
        return _decode_plain, "plain"
    raise SystemExit(f"unknown decoder {name!r}")


# ---------------------------------------------------------------- the altered copies


def _encode(im: Image.Image, fmt: str, quality: int = 95) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpeg":
        im.convert("RGB").save(buf, "JPEG", quality=quality)
    else:
        im.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def make_copies(data: bytes, copy_format: str = "png", rotate_expand: bool = False) -> dict[str, bytes]:
    """The four altered copies of one photo (encoded file bytes)."""
    with Image.open(io.BytesIO(data)) as src:
        im = ImageOps.exif_transpose(src).convert("RGB")
    w, h = im.size
    out: dict[str, bytes] = {}

    cw, ch = round(w * 0.75), round(h * 0.75)
    left, top = (w - cw) // 2, (h - ch) // 2
    out["crop75"] = _encode(im.crop((left, top, left + cw, top + ch)), copy_format)

    small = im.resize((max(1, round(w / 3)), max(1, round(h / 3))), Image.BILINEAR)
    out["small_q35"] = _encode(small, "jpeg", quality=35)

    bright = ImageEnhance.Brightness(im).enhance(4.0 / 3.0)
    out["bright_rot7"] = _encode(bright.rotate(7, resample=Image.BILINEAR, expand=rotate_expand), copy_format)

    grey = ImageOps.grayscale(ImageOps.mirror(im)).convert("RGB")
    out["mirror_grey"] = _encode(grey, copy_format)
    return out


# ---------------------------------------------------------------- the model


def open_session(model: Path, threads: int | None):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    return ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])


def embed(session, pixels: np.ndarray, batch: int = 16) -> np.ndarray:
    name_in = session.get_inputs()[0].name
    name_out = session.get_outputs()[0].name
    parts = []
    for i in range(0, len(pixels), batch):
        parts.append(session.run([name_out], {name_in: pixels[i : i + batch]})[0])
    vec = np.concatenate(parts).astype(np.float32)
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vec / norms


def measure_speed(session, pixels: np.ndarray, batch: int, seconds: float, per_round: int = 5) -> dict:
    """Images per second for uint8 batches of `batch` (inference only).

    Runs rounds of `per_round` batches for about `seconds` and reports the rate of the
    fastest round and of the median round: on a shared machine the median moves with
    whatever else runs, the fastest round is the better estimate of an idle machine.
    """
    name_in = session.get_inputs()[0].name
    name_out = session.get_outputs()[0].name
    reps = int(np.ceil(batch / len(pixels)))
    x = np.ascontiguousarray(np.concatenate([pixels] * reps)[:batch])
    for _ in range(3):  # warm-up
        session.run([name_out], {name_in: x})
    rounds: list[float] = []
    t_end = time.perf_counter() + seconds
    while time.perf_counter() < t_end or len(rounds) < 3:
        t0 = time.perf_counter()
        for _ in range(per_round):
            session.run([name_out], {name_in: x})
        rounds.append(time.perf_counter() - t0)
    n = batch * per_round
    return {
        "images_per_s": round(n / min(rounds), 1),
        "images_per_s_median": round(n / float(np.median(rounds)), 1),
        "rounds": len(rounds),
        "batches_per_round": per_round,
    }


# ---------------------------------------------------------------- the labelled dev set


def read_devset(folder: Path) -> tuple[list[Path], list[str]]:
    """The dev set's photos and subjects (``LABELS.tsv``: file, subject, source, ...)."""
    import csv

    with open(folder / "LABELS.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [folder / r["file"] for r in rows], [r["subject"] for r in rows]


def subject_precision(vecs: np.ndarray, subjects: list[str], k: int = 3, n_boot: int = 2000,
                      seed: int = 0) -> dict:
    """Precision@k by subject: for each photo, the share of its k nearest others (cosine)
    that have its subject; mean over photos, with a 95% bootstrap interval (photos drawn
    again with replacement, their neighbour lists kept)."""
    subj = np.asarray(subjects)
    sims = vecs @ vecs.T
    np.fill_diagonal(sims, -np.inf)
    top = np.argsort(-sims, axis=1)[:, :k]
    per_photo = (subj[top] == subj[:, None]).mean(axis=1)
    rng = np.random.default_rng(seed)
    boot = per_photo[rng.integers(0, len(per_photo), (n_boot, len(per_photo)))].mean(axis=1)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    per_subject = {s: round(float(per_photo[subj == s].mean()), 4) for s in sorted(set(subjects))}
    # the same figure with each subject weighing the same (the set has many animals)
    macro = float(np.mean(list(per_subject.values())))
    return {f"precision_at_{k}": round(float(per_photo.mean()), 4),
            "ci95": [round(float(lo), 4), round(float(hi), 4)],
            "macro_by_subject": round(macro, 4), "per_subject": per_subject,
            "n_photos": int(len(per_photo)), "bootstrap": n_boot}


def devset_quality(session, folder: Path, decoder: str = "auto", batch: int = 16) -> dict:
    decode, _ = get_decoder(decoder)
    paths, subjects = read_devset(folder)
    vecs = embed(session, np.stack([decode(p.read_bytes()) for p in paths]), batch)
    return {"devset": str(folder), **subject_precision(vecs, subjects)}


# ---------------------------------------------------------------- the benchmark


def list_photos(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in EXTS and p.is_file())


def run(
    model: Path,
    photos: Path,
    decoder: str = "auto",
    copy_format: str = "png",
    batch: int = 16,
    threads: int | None = None,
    speed_seconds: float = 5.0,
    rotate_expand: bool = False,
) -> dict:
    paths = list_photos(photos)
    if not paths:
        raise SystemExit(f"no photos in {photos}")
    decode, decoder_used = get_decoder(decoder)
    originals, copies = [], {t: [] for t in TRANSFORMS}
    for p in paths:
        data = p.read_bytes()
        originals.append(decode(data))
        for t, blob in make_copies(data, copy_format, rotate_expand).items():
            copies[t].append(decode(blob))
    orig = np.stack(originals)

    session = open_session(model, threads)
    inp = session.get_inputs()[0]
    e_orig = embed(session, orig, batch)
    n = len(paths)
    per_transform, misses = {}, []
    hits_total = 0
    for t in TRANSFORMS:
        e_copy = embed(session, np.stack(copies[t]), batch)
        sims = e_copy @ e_orig.T  # [n copies, n originals]
        nearest = sims.argmax(axis=1)
        hits = nearest == np.arange(n)
        hits_total += int(hits.sum())
        per_transform[t] = round(float(hits.mean()), 4)
        for i in np.flatnonzero(~hits):
            misses.append(
                {
                    "photo": paths[i].name,
                    "transform": t,
                    "found": paths[int(nearest[i])].name,
                    "sim_own": round(float(sims[i, i]), 4),
                    "sim_found": round(float(sims[i, nearest[i]]), 4),
                }
            )

    result = {
        "model": str(model),
        "model_bytes": model.stat().st_size,
        "input": {"name": inp.name, "type": inp.type, "shape": inp.shape},
        "output_dim": int(e_orig.shape[1]),
        "photos": str(photos),
        "n_photos": n,
        "decoder": decoder_used,
        "copy_format": copy_format,
        "rotate_expand": rotate_expand,
        "recall_at_1": round(hits_total / (n * len(TRANSFORMS)), 4),
        "per_transform": per_transform,
        "misses": misses,
    }

    # precision@3 by subject (only photos whose subject has >= 2 members)
    names = [p.name for p in paths]
    subj = [SUBJECTS.get(nm) for nm in names]
    if any(subj):
        sims = e_orig @ e_orig.T
        np.fill_diagonal(sims, -np.inf)
        precs = []
        for i, s in enumerate(subj):
            if s is None or sum(1 for x in subj if x == s) < 2:
                continue
            top = np.argsort(-sims[i])[:3]
            precs.append(np.mean([subj[j] == s for j in top]))
        if precs:
            result["precision_at_3_by_subject"] = round(float(np.mean(precs)), 4)
            result["n_photos_with_subject"] = len(precs)

    if speed_seconds > 0:
        result["speed"] = {
            **measure_speed(session, orig, batch, speed_seconds),
            "batch": batch,
            "size": SIZE,
            "threads": threads or "onnxruntime default",
            "cpu_count": os.cpu_count(),
            "what": "inference only, uint8 NHWC batches, CPUExecutionProvider; "
                    "images_per_s from the fastest round of batches, images_per_s_median from the median round",
            "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        }
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="ONNX model (default: the packaged one)")
    ap.add_argument("--photos", type=Path, default=DEFAULT_PHOTOS, help="folder of photos")
    ap.add_argument("--decoder", choices=("auto", "photorec", "plain"), default="auto")
    ap.add_argument("--copy-format", choices=("png", "jpeg"), default="png",
                    help="how crop75/bright_rot7/mirror_grey copies are saved (jpeg = quality 95)")
    ap.add_argument("--rotate-expand", action="store_true",
                    help="bright_rot7 on a canvas grown to hold the whole rotated photo")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=None, help="onnxruntime intra-op threads")
    ap.add_argument("--speed-seconds", type=float, default=5.0, help="0 skips the speed run")
    ap.add_argument("--no-misses", action="store_true", help="leave the list of misses out")
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET,
                    help="labelled dev set (LABELS.tsv) for subject precision@3; '' skips it")
    args = ap.parse_args(argv)
    res = run(args.model, args.photos, args.decoder, args.copy_format, args.batch,
              args.threads, args.speed_seconds, args.rotate_expand)
    if str(args.devset) not in ("", ".") and (args.devset / "LABELS.tsv").is_file():
        res["devset"] = devset_quality(open_session(args.model, args.threads), args.devset,
                                       args.decoder, args.batch)
    if args.no_misses:
        res.pop("misses", None)
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
