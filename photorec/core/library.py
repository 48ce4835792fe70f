"""A photo library: one catalog + one index + one thumbnail cache. The facade the CLI and the
window both use; every method may be called from a worker thread.

The indexing pipeline itself lives in :mod:`photorec.core.index.pipeline`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from photorec.core import metadata_pass
from photorec.core.embed.model import Embedder, ModelInfo, choose_providers, load_model_info
from photorec.core.errors import IndexingElsewhere, LibraryError, ModelError, PhotorecError, QueryFileError
from photorec.core.index import leftovers, projected
from photorec.core.index.hnsw import VectorIndex  # noqa: F401 - re-exported
from photorec.core.index.match import Match
from photorec.core.index.pipeline import BATCH, SAVE_EVERY_S, IndexingPipeline, Progress, ScanReport, purge_orphans
from photorec.core.ingest import decode as dec
from photorec.core.ingest.online import FolderStates
from photorec.core.ingest.query import check_query_file, read_query_file
from photorec.core.ingest.scan import content_key_of_bytes, folder_problem
from photorec.core.organize.duplicates.groups import mark_mirrored
from photorec.core.paths import LibraryPaths
from photorec.core.store import Catalog, CatalogError, Folder, NoLibrary, Photo

if TYPE_CHECKING:
    from photorec.core.people.service import People

__all__ = ["BATCH", "SAVE_EVERY_S", "Library", "LibraryError", "Match", "Progress", "ScanReport"]

log = logging.getLogger(__name__)


class Library:
    """Open with :meth:`open`. ``readonly`` opens an existing library for queries only
    (another process may be indexing it at the same time)."""

    def __init__(self, paths: LibraryPaths, *, provider: str | None = None,
                 readonly: bool = False, model: ModelInfo | None = None) -> None:
        self.paths = paths
        self.readonly = readonly
        self.provider_request = provider
        try:
            self.model = model or load_model_info()
        except ModelError as exc:
            raise LibraryError("model_unusable", cause=exc.reason) from exc
        if not self.model.dim:
            raise LibraryError("model_no_dim", path=str(self.model.path))
        try:
            if not readonly:
                paths.ensure()
            self.catalog = Catalog(paths.catalog, readonly=readonly)
        except NoLibrary as exc:  # it names the folder already: once is enough
            raise LibraryError(exc.reason.code, **exc.reason.args) from exc
        except (OSError, CatalogError) as exc:
            cause = exc.reason if isinstance(exc, PhotorecError) else str(exc)
            raise LibraryError("data_folder", path=str(paths.data_dir), cause=cause) from exc
        self._embedder: Embedder | None = None
        self._embedder_lock = threading.Lock()
        self._index_lock = threading.Lock()  # one indexing run at a time in this process
        self._swap_lock = threading.Lock()  # guards replacing self.index (the projection)
        self._people: People | None = None
        self._online = FolderStates(self.catalog)  # live: a drive may go at any moment
        self.index = projected.open_index(self.catalog, self.model.dim,
                                           paths.index_file(self.model.key), self.model.key)
        self._open_index()

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, **kw: Any) -> Library:
        return cls(LibraryPaths.resolve(data_dir), **kw)

    def close(self) -> None:
        if not self.readonly and self.index.dirty:
            self.index.save()  # a failure is logged; the catalog has every vector
        self.catalog.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- model -------------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = Embedder(self.model, provider=self.provider_request)
            return self._embedder

    @property
    def people(self) -> People:
        """The face features (:class:`photorec.core.people.service.People`), made on first use."""
        if self._people is None:
            from photorec.core.people.service import People

            self._people = People(self)
        return self._people

    def _open_index(self) -> None:
        if not self.readonly:
            stored = self.catalog.get_meta("model")
            if stored != self.model.key:
                if stored:
                    log.info("model changed from %s to %s: photos will be embedded again",
                             stored, self.model.key)
                    self.catalog.delete_other_models(self.model.key)
                self.catalog.set_meta("model", self.model.key)
        loaded = self.index.load()
        if not self.readonly:  # temp files of killed writers, stale graphs (leftovers.py)
            leftovers.clean_up(self.paths)
        if not loaded and not self.readonly:
            n = self.index.rebuild(self.catalog)
            if n:
                log.info("rebuilt the index from %d vectors in the catalog", n)
                self.index.save()
        else:
            self.index.sync(self.catalog, into_graph=not self.readonly)

    def refresh(self) -> None:
        """Bring in what another process committed since (read-only libraries)."""
        self.index.sync(self.catalog, into_graph=not self.readonly)

    # -- folders -----------------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        """The library folders, each ``online`` as it is now (checked live, cached ~1.5 s)."""
        folders = self.catalog.folders()
        states = self._online.get()
        for f in folders:
            f.online, f.offline_reason = states.get(f.id, (f.online, f.offline_reason))
        return folders

    def apply_online(self, photos: Iterable[Photo]) -> list[Photo]:
        """Set each photo's ``online`` to its folder's live state (for photos read from the
        catalog directly); returns them as a list."""
        states = self._online.get()
        out = list(photos)
        for p in out:
            st = states.get(p.folder_id)
            if st is not None:
                p.online = st[0]
        return out

    def _online_changed(self) -> None:
        self._online.invalidate()

    def add_folder(self, path: str | os.PathLike[str]) -> Folder:
        p = os.path.abspath(os.path.expanduser(os.fspath(path)))
        problem = folder_problem(p)
        if problem:
            raise LibraryError("path_reason", path=p, reason=problem)
        fid = self.catalog.add_folder(p)
        self._online_changed()
        return next(f for f in self.folders() if f.id == fid)

    def remove_folder(self, path_or_id: str | int) -> int:
        """Forget a folder and its photos (files on disk are untouched). Returns how many."""
        folder = self.folder(path_or_id)
        n = self.catalog.remove_folder(folder.id)
        self._online_changed()
        self._purge_orphans()
        return n

    def relocate_folder(self, path_or_id: str | int, new_path: str) -> Folder:
        """The folder's drive is mounted somewhere else now: point the library there."""
        folder = self.folder(path_or_id)
        p = os.path.abspath(os.path.expanduser(new_path))
        problem = folder_problem(p)
        if problem:
            raise LibraryError("path_reason", path=p, reason=problem)
        self.catalog.move_folder(folder.id, p)
        self.catalog.set_folder_state(folder.id, True)
        self._online_changed()
        return self.folder(folder.id)

    def purge_offline(self) -> int:
        """Forget the photos of every offline folder (an explicit user action)."""
        n = 0
        for f in self.folders():
            if not f.online:
                n += self.catalog.remove_folder(f.id)
        self._online_changed()
        self._purge_orphans()
        return n

    def folder(self, path_or_id: str | int) -> Folder:
        """A library folder by id or path; LibraryError if it is not one."""
        for f in self.folders():
            if f.id == path_or_id or f.path == path_or_id or (
                isinstance(path_or_id, str)
                and f.path == os.path.abspath(os.path.expanduser(path_or_id))
            ):
                return f
        raise LibraryError("not_a_library_folder", folder=path_or_id)

    # -- photos ------------------------------------------------------------------------------

    def photos(self, folder_id: int | None = None) -> list[Photo]:
        return self.apply_online(self.catalog.photos(folder_id))

    def problems(self) -> list[Photo]:
        return self.apply_online(self.catalog.photos(status="error"))

    def photo(self, path: str) -> Photo | None:
        p = self.catalog.photo_by_path(os.path.abspath(path))
        return self.apply_online([p])[0] if p is not None else None

    def thumbnail_path(self, photo: Photo, *, create: bool = True) -> Path | None:
        """The cached thumbnail of a photo, made now from the original if it is missing."""
        if not photo.ckey:
            return None
        p = self.paths.thumb_path(photo.ckey)
        if p.exists() or not create:
            return p if p.exists() else None
        try:
            d = dec.decode(photo.path)
            dec.save_thumbnail(d.thumbnail, p)
            return p
        except (dec.DecodeError, OSError):
            return None

    def forget(self, paths: Iterable[str]) -> int:
        """Drop photos from the catalog (after the user moved them to the trash)."""
        ids = [p.id for p in (self.catalog.photo_by_path(os.path.abspath(x)) for x in paths) if p]
        self.catalog.forget_files(ids)
        self._purge_orphans()
        return len(ids)

    # -- indexing ----------------------------------------------------------------------------

    def index_folders(
        self,
        folders: Iterable[str | os.PathLike[str]] | None = None,
        *,
        progress: Callable[[Progress], None] | None = None,
        on_batch: Callable[[list[Photo]], None] | None = None,
        cancel: threading.Event | None = None,
        pause: threading.Event | None = None,
        retry_failed: bool = False,
        workers: int | None = None,
        faces: bool = True,
    ) -> ScanReport:
        """Add ``folders`` (if given) and bring the whole library up to date.

        ``faces`` (and the library's face setting, :attr:`people`): look for faces in the new
        photos from the same decode, then in the photos indexed before, then group them.

        ``progress`` and ``on_batch`` are called from this thread. Set ``cancel`` to stop after
        the batch in flight (what is committed stays); while ``pause`` is set, work waits.
        """
        if self.readonly:
            raise LibraryError("library_read_only")
        with self._index_lock:
            busy = self.catalog.claim_indexing()  # one indexing process per library
            if busy is not None:
                raise IndexingElsewhere(progress=busy)
            try:
                return self._index(folders, progress, on_batch, cancel, pause, retry_failed, workers,
                                   faces)
            finally:
                try:
                    self.catalog.release_indexing()
                except CatalogError:  # the run's own error (disk full...) is what matters
                    log.debug("could not clear the indexing marker", exc_info=True)

    def _index(self, folders: Iterable[str | os.PathLike[str]] | None,
               progress: Callable[[Progress], None] | None,
               on_batch: Callable[[list[Photo]], None] | None, cancel: threading.Event | None,
               pause: threading.Event | None, retry_failed: bool, workers: int | None,
               faces: bool) -> ScanReport:
        for f in folders or ():
            self.add_folder(f)
        faces = faces and self.people.enabled
        self.people.in_run = faces
        run = IndexingPipeline(
            self.catalog, self.index, self.model.key,
            embed=lambda pixels: self.embedder.embed(pixels),
            thumb_path=self.paths.thumb_path,
            warm_up=None if self._embedder is not None else lambda: self.embedder,
            progress=progress, on_batch=on_batch, cancel=cancel, pause=pause,
            retry_failed=retry_failed, workers=workers, faces=self.people if faces else None)
        try:
            report = run.run()
        finally:
            self._online_changed()  # the scan recorded what it found
            self.people.in_run = False
        self._refit_projection()
        if not report.cancelled:  # keywords, titles, sidecars... (only what changed)
            metadata_pass.update_library(self, report=report, cancel=cancel,
                                         progress=progress)
        if faces and not report.cancelled:
            self._update_people(cancel, progress, pause)
        run.finish()  # after the metadata pass and the faces: "done" means done
        return report

    def _refit_projection(self) -> None:
        try:  # a big library's index holds projected vectors (core/embed/projection.py)
            projected.refit_if_grown(self)
        except Exception:  # derived data: the index in use stays
            log.exception("could not learn the index projection; the index keeps full vectors")

    def swap_index(self, new: VectorIndex) -> None:
        """Put ``new`` (the same vectors, projected anew) in place of the index in use: the
        one way the index is replaced, under the library's lock."""
        with self._swap_lock:
            self.index = new

    def _update_people(self, cancel: threading.Event | None,
                       progress: Callable[[Progress], None] | None = None,
                       pause: threading.Event | None = None) -> None:
        """Faces of the photos indexed before, then grouping (``people.last`` says how it went);
        a problem is logged and kept there, never fatal to the index run."""
        from photorec.core.people.service import PeopleError

        try:
            step = None if progress is None else (
                lambda phase, done, total: progress(Progress(phase, done, total)))
            self.people.last = self.people.update(cancel=cancel, progress=step, pause=pause)
        except PeopleError as exc:
            log.warning("faces were not looked for: %s %s", exc.code, exc.args_)
            self.people.last = exc

    def _purge_orphans(self) -> None:
        purge_orphans(self.catalog, self.index, self.model.key)

    # -- similar -----------------------------------------------------------------------------

    def check_query_file(self, path: str | os.PathLike[str]) -> None:
        """LibraryError (in words) unless ``path`` is a regular file that may be read as a
        query: call it before reading a query file any other way (a FIFO would block, a
        link to /dev/zero never ends). Nothing is read."""
        try:
            check_query_file(path)
        except QueryFileError as exc:
            raise LibraryError(exc.reason.code, **exc.reason.args) from None

    def vector_for(self, query: str | os.PathLike[str] | Image.Image | bytes) -> np.ndarray:
        """The embedding of a library photo (stored), or of any image file/PIL image/bytes.

        Every query goes through here: a path that is not a regular file (a FIFO, a device, a
        link to one) or is over 200 MB is refused with a LibraryError in words."""
        source = query
        name = "image"
        if isinstance(query, (str, os.PathLike)):
            path = name = os.path.abspath(os.fspath(query))
            photo = self.catalog.photo_by_path(path)
            if photo is not None and photo.ckey:
                stored = self.catalog.vector_of_ckey(photo.ckey, self.model.key)
                if stored is not None:
                    return stored[1]
            try:
                source = read_query_file(path)
            except QueryFileError as exc:
                raise LibraryError(exc.reason.code, **exc.reason.args) from None
            # The whole-content key: a sampled key could match a library photo that differs
            # from this file only between the samples (ingest/scan.py).
            stored = self.catalog.vector_of_ckey(content_key_of_bytes(source, full=True),
                                                 self.model.key)
            if stored is not None:
                return stored[1]
        try:
            d = dec.decode(source)
        except dec.DecodeError as exc:
            raise LibraryError("path_reason", path=name, reason=exc.why) from exc
        vec: np.ndarray = self.embedder.embed(d.pixels[None])[0]
        return vec

    def similar(self, query: str | os.PathLike[str] | Image.Image | bytes, k: int = 20,
                *, min_score: float = -1.0) -> list[Match]:
        """The ``k`` library photos most like ``query``, best first, the query itself excluded;
        for a library photo, its mirrored copies marked (see :meth:`similar_to_vector`)."""
        if not isinstance(query, (str, os.PathLike)):
            return self.similar_to_vector(self.vector_for(query), k, min_score=min_score)
        path = os.path.abspath(os.fspath(query))
        return self.similar_to_vector(self.vector_for(query), k, exclude={path}, min_score=min_score,
                                      of=self.photo(path))

    def similar_to_vector(self, vec: np.ndarray, k: int = 20, *, exclude: Collection[str] = frozenset(),
                          min_score: float = -1.0, of: Photo | None = None) -> list[Match]:
        """``of``: the library photo ``vec`` is the vector of, if any: the matches that are a
        mirrored copy of it come with ``mirrored`` set ("Same photo" is never said of a mirror)."""
        if k <= 0:
            return []
        want = k + len(exclude) + 8
        hits = self.index.search(vec, want)
        files = self.catalog.files_of_vectors([h[0] for h in hits], self.model.key)
        states = self._online.get()
        out: list[Match] = []
        for vid, score in hits:
            if score < min_score:
                break
            for p in files.get(vid, []):
                if p.path not in exclude:
                    p.online = states.get(p.folder_id, (p.online,))[0]
                    out.append(Match(p.path, round(min(1.0, score), 6), p.id, not p.online, p))
        out.sort(key=lambda m: (-m.score, m.path))
        out = out[:k]
        mark_mirrored(self, of, out)
        return out

    # -- status ------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        counts = self.catalog.counts()
        idx = self.index.path
        try:
            provider = self._embedder.provider if self._embedder else _default_provider(self.provider_request)
        except Exception as exc:  # status must always answer
            provider = f"unavailable ({exc})"
        return {
            "data_dir": str(self.paths.data_dir),
            "folders": [
                {"path": f.path, "online": f.online, "reason": f.offline_reason,
                 "photos": f.photos, "failed": f.failed, "last_scan": f.last_scan}
                for f in self.folders()  # checked live
            ],
            "photos": counts.get("ok", 0),
            "failed": counts.get("error", 0),
            "vectors": len(self.index),
            "model": {"name": self.model.name, "key": self.model.key, "dim": self.model.dim,
                      "sha256": self.model.sha256},
            "provider": provider,
            "index_file": str(self.index.file or idx),
            "index_bytes": self.index.file_bytes,
            "index_problem": self.index.problem,
            "indexing": self.indexing_progress(),
        }

    def indexing_progress(self) -> str | None:
        """``"done/total"`` while a process is indexing this library, else None."""
        return self.catalog.indexing() or None


def _default_provider(requested: str | None) -> str:
    return choose_providers(requested)[0]
