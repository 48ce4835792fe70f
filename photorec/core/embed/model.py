"""The CNN: one onnxruntime session that turns 224x224 RGB photos into unit vectors.

The default model ships inside the package (``photorec/resources/model.onnx`` with its
model card ``model.json``), read through ``importlib.resources``. The model's identity
(name + sha256) is part of the index's identity: vectors of two models never mix.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from photorec.core.embed.vectors import unit
from photorec.core.errors import ModelError  # noqa: F401 - raised here, named here too

log = logging.getLogger(__name__)

# Preference order: a GPU provider where one is present, else the CPU.
PREFERRED_PROVIDERS = (
    "CUDAExecutionProvider",
    "DmlExecutionProvider",
    "CoreMLExecutionProvider",
    "CPUExecutionProvider",
)
PROVIDER_ALIASES = {
    "cuda": "CUDAExecutionProvider",
    "directml": "DmlExecutionProvider",
    "dml": "DmlExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
    "cpu": "CPUExecutionProvider",
}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: int
    sha256: str
    dim: int
    input_name: str
    output_name: str
    input_size: int
    path: Path
    card: dict[str, Any]

    @property
    def key(self) -> str:
        """Short identity used in file names and the catalog: name + first 12 hex of sha256."""
        return f"{self.name}-{self.sha256[:12]}"


_stack = ExitStack()


def default_model_path() -> Path:
    """The packaged model file, as a real path (works from a checkout, a wheel, a frozen app).

    ``PHOTOREC_MODEL=/path/to/model.onnx`` (with its ``model.json`` beside it) uses another.
    """
    if os.environ.get("PHOTOREC_MODEL"):
        return Path(os.environ["PHOTOREC_MODEL"]).expanduser()
    ref = resources.files("photorec.resources").joinpath("model.onnx")
    return Path(_stack.enter_context(resources.as_file(ref)))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_model_info(path: Path | None = None) -> ModelInfo:
    """Read the model card beside the ONNX file (computing what it lacks)."""
    path = Path(path) if path is not None else default_model_path()
    if not path.is_file():
        raise ModelError("model_not_found", path=str(path))
    card_path = path.with_suffix(".json")
    card: dict[str, Any] = {}
    if card_path.is_file():
        try:
            card = json.loads(card_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError("model_card_unreadable", path=str(card_path), detail=str(exc)) from exc
    sha = card.get("sha256") or _sha256(path)
    size = card.get("input_size", [224, 224])
    return ModelInfo(
        name=str(card.get("name", path.stem)),
        version=int(card.get("version", 1)),
        sha256=sha,
        dim=int(card.get("output_dim", 0)),
        input_name=str(card.get("input_name", "image")),
        output_name=str(card.get("output_name", "embedding")),
        input_size=int(size[0] if isinstance(size, list) else size),
        path=path,
        card=card,
    )


def available_providers() -> list[str]:
    import onnxruntime as ort

    return list(ort.get_available_providers())


def choose_providers(requested: str | None = None) -> list[str]:
    """Providers to use, best first. ``requested`` is a name or alias ("cuda", "cpu", ...)."""
    available = available_providers()
    if requested and requested.lower() != "auto":
        name = PROVIDER_ALIASES.get(requested.lower(), requested)
        if name not in available:
            raise ModelError("no_provider", provider=repr(requested), available=", ".join(available))
        return [name] if name == "CPUExecutionProvider" else [name, "CPUExecutionProvider"]
    chosen = [p for p in PREFERRED_PROVIDERS if p in available]
    return chosen or ["CPUExecutionProvider"]


class Embedder:
    """One onnxruntime session. ``embed`` is thread-safe (onnxruntime's ``run`` is)."""

    def __init__(
        self,
        info: ModelInfo | None = None,
        provider: str | None = None,
        threads: int | None = None,
    ) -> None:
        import onnxruntime as ort

        self.info = info or load_model_info()
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = threads or max(1, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # No busy-waiting between batches: the decoder threads need those cycles.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        providers = choose_providers(provider)
        try:
            self.session = ort.InferenceSession(str(self.info.path), opts, providers=providers)
        except Exception as exc:  # a broken GPU setup must not stop the app: fall back
            if providers != ["CPUExecutionProvider"] and not provider:
                log.warning("provider %s failed (%s); using the CPU", providers[0], exc)
                self.session = ort.InferenceSession(
                    str(self.info.path), opts, providers=["CPUExecutionProvider"]
                )
            else:
                raise ModelError("model_cannot_load", path=str(self.info.path), detail=str(exc)) from exc
        self.providers: list[str] = self.session.get_providers()
        inp = self.session.get_inputs()[0]
        self._input = inp.name
        self._output = self.session.get_outputs()[0].name
        self.dim = self.info.dim or int(self.session.get_outputs()[0].shape[-1])
        self._lock = threading.Lock()  # CoreML/DirectML sessions are not always re-entrant
        self._reentrant = self.providers[0] in ("CPUExecutionProvider", "CUDAExecutionProvider")

    @property
    def provider(self) -> str:
        return self.providers[0]

    def embed(self, pixels: np.ndarray) -> np.ndarray:
        """uint8 [N, 224, 224, 3] RGB -> float32 [N, dim], each row of unit length."""
        if pixels.ndim == 3:
            pixels = pixels[None]
        if pixels.dtype != np.uint8:
            pixels = pixels.astype(np.uint8)
        feed = {self._input: np.ascontiguousarray(pixels)}
        if self._reentrant:
            out = self.session.run([self._output], feed)[0]
        else:
            with self._lock:
                out = self.session.run([self._output], feed)[0]
        return normalize(out.astype(np.float32, copy=False))


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows (core/vectors.py does the maths)."""
    return unit(np.atleast_2d(vectors).astype(np.float32, copy=False))
