"""The face models: YuNet (detection) and SFace (recognition), two onnxruntime sessions.

Both ship inside the package (``photorec/resources/faces/``, built by
``packaging/make_face_models.py``, card ``faces.json``) and are read through
``importlib.resources``: nothing is downloaded, ever. The pair's identity (the first 12 hex of
each sha256) is stored with every face, so faces of two model versions never mix.
"""

from __future__ import annotations

import json
import logging
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

EMBED_SIZE = 112
EMBED_DIM = 128

_stack = ExitStack()


class FaceModelError(Exception):
    """The face models are missing or cannot run. ``code``: 'missing' or 'broken'."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class FaceModelInfo:
    detector: Path
    recognizer: Path
    card: dict[str, Any]

    @property
    def key(self) -> str:
        m = self.card.get("models", {})
        det = str(m.get("yunet", {}).get("sha256", ""))[:12]
        rec = str(m.get("sface", {}).get("sha256", ""))[:12]
        return f"yunet-{det}+sface-{rec}"


def face_model_info() -> FaceModelInfo:
    """The packaged models' paths and card (works from a checkout, a wheel, a frozen app)."""
    base = resources.files("photorec.resources").joinpath("faces")
    try:
        det = Path(_stack.enter_context(resources.as_file(base.joinpath("yunet.onnx"))))
        rec = Path(_stack.enter_context(resources.as_file(base.joinpath("sface.onnx"))))
        card = json.loads(base.joinpath("faces.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FaceModelError("missing", str(exc)) from exc
    if not det.is_file() or not rec.is_file():
        raise FaceModelError("missing", "photorec/resources/faces")
    return FaceModelInfo(det, rec, card)


class FaceModels:
    """The two sessions, made on first use. ``run`` methods are thread-safe (onnxruntime's
    ``InferenceSession.run`` is); each session uses one thread: indexing already runs one
    decode worker per core, and the faces are found in those workers."""

    def __init__(self, info: FaceModelInfo | None = None, threads: int = 1) -> None:
        self.info = info or face_model_info()
        self.threads = threads
        self._lock = threading.Lock()
        self._det: Any = None  # onnxruntime sessions (onnxruntime has no types)
        self._rec: Any = None

    @property
    def key(self) -> str:
        return self.info.key

    def _session(self, path: Path) -> Any:
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.log_severity_level = 3  # the quantised graphs log harmless warnings at load
        so.intra_op_num_threads = self.threads
        so.inter_op_num_threads = 1
        # The int8bq graphs hold their weights as int8 + DequantizeLinear. Left as they are,
        # onnxruntime dequantises every weight on every run and cannot pre-pack the
        # convolutions; with QDQ handling off it folds them into float32 weights once, at
        # load. Same numbers (max difference 4e-6 on YuNet's outputs), 2.5x faster YuNet and
        # 1.5x faster SFace on this machine (benchmarks/bench_faces.py, "model_ms").
        so.add_session_config_entry("session.disable_quant_qdq", "1")
        try:
            return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise FaceModelError("broken", f"{path.name}: {exc}") from exc

    def _sessions(self) -> tuple[Any, Any]:
        with self._lock:
            if self._det is None:
                self._det = self._session(self.info.detector)
                self._rec = self._session(self.info.recognizer)
                self._det_outputs = [o.name for o in self._det.get_outputs()]
        return self._det, self._rec

    def detect_raw(self, bgr: np.ndarray) -> dict[str, np.ndarray]:
        """YuNet's outputs for one float32 [1, 3, H, W] BGR tensor (H, W multiples of 32)."""
        det, _ = self._sessions()
        outs = det.run(None, {"input": bgr})
        return {n: o[0] for n, o in zip(self._det_outputs, outs)}

    def embed(self, faces_rgb: np.ndarray) -> np.ndarray:
        """SFace embeddings (unit length, float32 [N, 128]) of aligned uint8 [N, 112, 112, 3]."""
        _, rec = self._sessions()
        out = np.empty((len(faces_rgb), EMBED_DIM), np.float32)
        for i, face in enumerate(faces_rgb):  # the graph's batch dimension is fixed at 1
            x = np.ascontiguousarray(face.astype(np.float32).transpose(2, 0, 1)[None])
            out[i] = rec.run(None, {"data": x})[0][0]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        unit: np.ndarray = out / np.maximum(norms, 1e-12)
        return unit
