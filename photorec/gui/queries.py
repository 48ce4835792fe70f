"""The work behind "find similar" and "more like these", run in a worker by the service, and
what it hands back to the window (a :class:`SimilarResult`, a :class:`Snapshot`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from photorec.gui.history import Query
from photorec.gui.tasks import words

if TYPE_CHECKING:  # the core is imported in the worker, after the window shows
    from photorec.core.library import Library
    from photorec.core.store import Folder, Photo

log = logging.getLogger(__name__)

PREVIEW_SIZE = 320


@dataclass
class Snapshot:
    """What the window shows of the library, read in one go in a worker."""

    folders: list[Folder]
    photos: list[Photo]
    problems: list[Photo]
    vectors: int = 0
    prepared: Any = None  # photorec.gui.models.PreparedPhotos, made in the worker
    # (path, problem) of indexed photos whose metadata (keywords, description...) is bad
    meta_problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SimilarResult:
    query: Query
    photo: Photo | None = None  # the query's library photo, if it is one
    preview: QImage | None = None  # a small picture of the query (outside images)
    matches: list[tuple[Photo, float]] = field(default_factory=list)
    mirrored: set[str] = field(default_factory=set)  # paths of mirrored copies of the query
    searched: int = 0  # photos in the index when asked
    k: int = 0
    min_score: float = 0.0  # the floor applied (the model's "Similar" floor when none was asked)
    closest: float | None = None  # with no match at or above min_score: the best score under it
    held_back: int = 0  # of the k nearest, how many are under min_score (not shown)
    error: str | None = None
    token: int = 0
    model: Any = None  # the library's ModelInfo: what the scores mean (similarity bands)
    vector: Any = None  # the query's vector, cached by the service


def snapshot(lib: Library, sort_hint: str | None) -> Snapshot:
    from photorec.gui.models import prepare

    photos = lib.photos()
    return Snapshot(lib.folders(), photos, lib.problems(), len(lib.index), prepare(photos, sort_hint),
                    metadata_problems(lib))


def metadata_problems(lib: Library) -> list[tuple[str, str]]:
    """photorec.core.ingest.metadata.problems, or none when they cannot be read (a read-only or
    older catalog): the Problems page lists them beside the files that could not be read."""
    try:
        from photorec.core.ingest import metadata

        return list(metadata.problems(lib))
    except Exception as exc:  # the list is extra; the library still opens
        log.info("metadata problems not read: %s", exc)
        return []


def run_similar(lib: Library, query: Query, k: int, min_score: float | None, token: int,
                cached: Any = None) -> SimilarResult:
    """Photos like ``query`` (a path, pasted pixels, or several library photos: "more like
    these"), best first, with their scores. Errors are words in ``error``.

    ``min_score`` None: only what the model's bands call similar (``similar_floor``); a photo
    under it is "loosely alike", shown only when the user lowers "At least"."""
    from photorec.core.embed.similarity import similar_floor

    res = SimilarResult(query, k=k, token=token)
    res.model = getattr(lib, "model", None)
    res.min_score = similar_floor(res.model) if min_score is None else min_score
    try:
        if query.kind == "paths":
            _more_like(lib, query, res)
            return res
        vec = cached
        if query.kind == "path":
            res.photo = lib.photo(query.path)
            if res.photo is None:
                lib.check_query_file(query.path)  # a FIFO would block the preview
                res.preview = read_preview(query.path)
            if vec is None:
                vec = lib.vector_for(query.path)
            exclude = {query.path}
        else:
            res.preview = scaled(query.image)
            if vec is None:
                vec = lib.vector_for(qimage_to_pil(query.image))
            exclude = set()
        res.searched = len(lib.index)
        matches = lib.similar_to_vector(vec, k, exclude=exclude, of=res.photo)  # mirrors marked
        res.mirrored = {m.path for m in matches if m.mirrored}
        _keep(lib, res, matches)
        res.vector = vec
    except Exception as exc:  # shown in the results panel
        log.info("similar to %s failed: %s", query.label, exc)
        res.error = words(exc)
    return res


def _more_like(lib: Library, query: Query, res: SimilarResult) -> None:
    from photorec.core.organize.morelike import more_like

    paths = list(query.paths)
    res.photo = lib.photo(paths[0]) if paths else None
    res.searched = len(lib.index)
    _keep(lib, res, more_like(lib, paths, [], k=res.k))


def _keep(lib: Library, res: SimilarResult, matches) -> None:
    """The matches at or above ``res.min_score`` into ``res`` (by the figure shown, as the bands
    are: a photo shown at 45 % reaches a 45 % floor); with none, the best under it."""
    from photorec.core.embed.similarity import reaches

    for m in matches:
        if not reaches(m.score, res.min_score):
            if not res.matches and res.closest is None:
                res.closest = m.score
            res.held_back += 1
            continue
        p = lib.photo(m.path)
        if p is not None:
            res.matches.append((p, m.score))


def warm_imports() -> None:
    """Import what the indexer imports lazily, while the window still shows "Opening".

    Importing onnxruntime runs its extension's initialisation with the GIL held: ~50 ms in
    which the GUI thread cannot run one line of Python. Left to the indexer's model thread,
    it landed in the middle of indexing, as the longest stall the window had (59 ms, with
    grid repaints waiting on it). PIL's format plugins are the same, smaller."""
    try:
        import onnxruntime  # noqa: F401
    except Exception as exc:  # the indexer reports a missing runtime itself
        log.debug("onnxruntime not imported ahead: %s", exc)
    try:
        from PIL import Image

        Image.init()
    except Exception as exc:
        log.debug("PIL plugins not imported ahead: %s", exc)


def read_preview(path: str, size: int = PREVIEW_SIZE) -> QImage | None:
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    s = reader.size()
    if s.isValid() and max(s.width(), s.height()) > size:
        reader.setScaledSize(s.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    img = reader.read()
    return None if img.isNull() else img


def scaled(image: QImage | None, size: int = PREVIEW_SIZE) -> QImage | None:
    if image is None or image.isNull():
        return None
    if max(image.width(), image.height()) <= size:
        return image
    return image.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def qimage_to_pil(image: QImage):
    from PIL import Image

    if image is None or image.isNull():
        raise ValueError(QCoreApplication.translate("MainWindow", "the pasted image is empty"))
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    data = bytes(img.constBits())[: bpl * h]
    return Image.frombuffer("RGB", (w, h), data, "raw", "RGB", bpl, 1).copy()
