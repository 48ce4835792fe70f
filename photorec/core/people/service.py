"""People: the library's face features in one object (``Library.people``).

- While indexing, :meth:`People.after_decode` looks for faces in the decode the indexer
  already made (one call from ``index/pipeline.py``) and stores them with the content.
- :meth:`People.catch_up` does the same for photos indexed before (or with faces off): they
  are decoded again, never embedded again. It is incremental (a content is marked searched
  in the same transaction as its faces) and so crash-safe.
- :meth:`People.group` places the faces without a person (see :mod:`.grouping`).
- The rest answers the CLI and the window: list, name, merge, photos, "not this person",
  forget.

Errors are :class:`PeopleError` with a ``code`` and ``args``; the CLI and the window put them
in words.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from photorec.core.errors import CatalogError, Reason
from photorec.core.people import grouping
from photorec.core.people.faces import (
    CLOSER_MAX_SIDE,
    FACE_SIDE,
    closer_side,
    find_faces,
    find_small_faces,
)
from photorec.core.people.models import FaceModelError, FaceModels
from photorec.core.people.regions import face_crops, fit_long_side, region_names
from photorec.core.store import closer as closer_store
from photorec.core.store import face_check
from photorec.core.store import people as store

if TYPE_CHECKING:
    from PIL import Image

    from photorec.core.ingest.decode import Decoded
    from photorec.core.library import Library

log = logging.getLogger(__name__)


class PeopleError(Exception):
    """``code``: 'no-person' (args: id or name), 'ambiguous' (name, ids), 'same-person' (id),
    'not-in-photo' (id, path), 'no-photo' (path), 'models' (detail), 'readonly'."""

    def __init__(self, code: str, *args: object) -> None:
        super().__init__(code, *args)
        self.code = code
        self.args_ = args


@dataclass
class CatchUpReport:
    searched: int = 0
    faces: int = 0
    failed: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    healed: int = 0  # photos whose face data was damaged or lost, searched again
    damage: Reason | None = None  # what the face check found and rebuilt, said once (faces_damaged)
    closer: int = 0  # photos the closer look saw (in ``update``), and the small faces it found
    closer_faces: int = 0


@dataclass
class GroupReport:
    new_people: int = 0
    joined: int = 0
    suggestions: int = 0


class People:
    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.catalog = lib.catalog
        self._models: FaceModels | None = None
        self._lock = threading.Lock()
        self._broken: str | None = None  # the models failed once: not tried again this session
        self.in_run = False  # set by Library.index_folders for the run in progress
        self._store_failed = False  # a catalog error was logged once (disk full...)
        # What the last index run's face pass did: (CatchUpReport, GroupReport), or the
        # PeopleError that stopped it, or None.
        self.last: tuple[CatchUpReport, GroupReport] | PeopleError | None = None

    # -- models and the switch -----------------------------------------------------------------

    @property
    def models(self) -> FaceModels:
        with self._lock:
            if self._broken:
                raise PeopleError("models", self._broken)
            if self._models is None:
                try:
                    self._models = FaceModels()
                except FaceModelError as exc:
                    self._broken = str(exc)
                    raise PeopleError("models", str(exc)) from exc
            return self._models

    @property
    def model_key(self) -> str:
        return self.models.key

    @property
    def enabled(self) -> bool:
        """Face finding is on for this library (the setting, shared by the window and CLI)."""
        return not store.faces_off(self.catalog)

    def set_enabled(self, on: bool) -> None:
        store.set_faces_off(self.catalog, not on)

    @property
    def face_size(self) -> int:
        """What the indexer asks the decoder to keep for faces (0: nothing)."""
        return FACE_SIDE if self.in_run and not self._broken else 0

    # -- finding faces ----------------------------------------------------------------------------

    def after_decode(self, ckey: str | None, decoded: Decoded, path: str | None = None) -> int:
        """The indexer's hook, in its decode workers: faces of a freshly decoded content
        (``path``: the file, for the names its regions give). Never raises (a face problem
        never stops indexing). Returns the faces stored."""
        image = getattr(decoded, "face_image", None)
        if image is None or not ckey:
            return 0
        decoded.face_image = None  # free it whatever happens
        try:
            return self._search(ckey, image, (decoded.width, decoded.height), path)
        except PeopleError as exc:
            log.warning("faces are not looked for: %s", exc.args_)
        except CatalogError as exc:  # disk full, read-only...: the index run says it once
            if not self._store_failed:  # the run itself says why (disk full...), once
                log.warning("the faces found could not be saved in the catalog; they are looked "
                            "for again on the next run")
            log.debug("faces of %s not saved: %s", ckey, exc)
            self._store_failed = True
        except Exception:
            log.exception("looking for faces failed for content %s", ckey)
        return 0

    def _search(self, ckey: str, image: Image.Image, full: tuple[int, int], path: str | None = None) -> int:
        """The look while indexing (or at a photo never searched, decoded as indexing does, so
        both give the same faces): faces at :data:`FACE_SIDE`. The content is marked for the
        closer look when that look could not see faces of 20 px in the original."""
        key = self.model_key
        if store.scanned(self.catalog, ckey, key):
            return 0
        faces = find_faces(self.models, image, full)
        seen = min(max(image.size), FACE_SIDE)
        names = region_names(path, [f.box for f in faces]) if faces and path else {}
        store.save_faces(self.catalog, ckey, key, [
            store.NewFace(f.box, f.landmarks, f.score, f.quality, f.width_px, f.vec, names.get(i))
            for i, f in enumerate(faces)], side=0 if closer_side(full, seen) else seen)
        return len(faces)

    def _closer(self, ckey: str, path: str) -> int:
        """The closer look at one photo searched while indexing: decoded again at the size
        where faces of 20 px in the original are seen, its new small faces added."""
        from photorec.core.ingest import decode as dec

        key = self.model_key
        d = dec.decode(path, face_size=CLOSER_MAX_SIDE, faces_only=True)
        image = d.face_image or d.thumbnail
        full = (d.width, d.height)
        side = closer_side(full, FACE_SIDE)
        known = [f.box for f in store.faces_in(self.catalog, ckey, key)]
        faces = find_small_faces(self.models, fit_long_side(image, side), full, known) if side else []
        names = region_names(path, [f.box for f in faces]) if faces else {}
        closer_store.add_small_faces(self.catalog, ckey, key, [
            store.NewFace(f.box, f.landmarks, f.score, f.quality, f.width_px, f.vec, names.get(i))
            for i, f in enumerate(faces)], side=side or max(image.size))
        return len(faces)

    def catch_up(self, *, cancel: threading.Event | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 pause: threading.Event | None = None) -> CatchUpReport:
        """Look for faces in indexed photos not searched yet (decoded again, not embedded)."""
        from photorec.core.ingest import decode as dec

        rep = CatchUpReport()
        t0 = time.monotonic()
        if self.lib.readonly or not self.enabled:
            return rep
        damage = face_check.check_and_heal(self.catalog, self.model_key)  # before any face read
        rep.damage, rep.healed = damage.reason(), damage.photos
        if rep.damage is not None:  # the CLI and the window say it, in the user's language
            log.info("%s", rep.damage)
        gone = store.purge_orphans(self.catalog)
        if gone:
            log.info("erased %d faces of photos no longer in the library", gone)
        todo = store.unscanned(self.catalog, self.model_key, self.lib.model.key)

        def one(item: tuple[str, str]) -> int:
            ckey, path = item
            d = dec.decode(path, face_size=FACE_SIDE)
            return self._search(ckey, d.face_image or d.thumbnail, (d.width, d.height), path)

        self._each(todo, one, rep, cancel, progress, pause)
        rep.seconds = time.monotonic() - t0
        return rep

    def look_closer(self, *, cancel: threading.Event | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    pause: threading.Event | None = None) -> CatchUpReport:
        """The closer look: photos searched while indexing (at 1/8 of a camera photo's size,
        faces from about 80 px) looked at again at half size for faces from 20 px. Incremental
        and crash-safe like :meth:`catch_up`."""
        rep = CatchUpReport()
        t0 = time.monotonic()
        if self.lib.readonly or not self.enabled:
            return rep
        todo = closer_store.unrefined(self.catalog, self.model_key)
        self._each(todo, lambda item: self._closer(*item), rep, cancel, progress, pause)
        rep.seconds = time.monotonic() - t0
        return rep

    def _each(self, todo: list[tuple[str, str]], work: Callable[[tuple[str, str]], int],
              rep: CatchUpReport, cancel: threading.Event | None,
              progress: Callable[[int, int], None] | None,
              pause: threading.Event | None = None) -> None:
        """``work`` on each (ckey, path), in one thread per core (decoding and the detector
        release the GIL), a few at a time so a cancel stops soon and a pause (set while
        paused) holds the next ones; counts go into ``rep``."""
        import os
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        from photorec.core.ingest import decode as dec

        workers = max(1, min(os.cpu_count() or 1, 8))
        items = iter(todo)
        done = 0
        with ThreadPoolExecutor(workers, thread_name_prefix="faces") as pool:
            running: dict[Future[int], str] = {}
            while True:
                while len(running) < 2 * workers and not (cancel is not None and cancel.is_set()):
                    if pause is not None and pause.is_set():
                        if running:
                            break  # let those finish; hold the next ones
                        time.sleep(0.1)
                        continue
                    item = next(items, None)
                    if item is None:
                        break
                    running[pool.submit(work, item)] = item[1]
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    path = running.pop(fut)
                    done += 1
                    try:
                        rep.faces += fut.result()
                        rep.searched += 1
                    except dec.DecodeError as exc:
                        log.info("faces: cannot decode %r: %s", path, exc)
                        rep.failed += 1
                    except OSError as exc:  # the file went away meanwhile
                        log.info("faces: cannot read %r: %s", path, exc)
                        rep.failed += 1
                    except (PeopleError, CatalogError):
                        raise  # the models or the catalog: the whole pass stops, in words
                    except Exception:  # one photo's problem never stops the pass
                        log.exception("looking for faces failed for %r", path)
                        rep.failed += 1
                if progress:
                    progress(done, len(todo))
        if cancel is not None and cancel.is_set() and done < len(todo):
            rep.cancelled = True

    def group(self) -> GroupReport:
        """Place the faces that have no person yet (incremental; see :mod:`.grouping`)."""
        rep = GroupReport()
        if self.lib.readonly:
            return rep
        self._seed_from_regions()
        table = store.face_table(self.catalog, self.model_key)
        if not len(table.ids):
            return rep
        plan = grouping.plan(table, store.rejections(self.catalog), table.suggestion)
        if plan.changed:
            store.apply_grouping(self.catalog, plan.new_people, plan.joins, plan.suggestions)
        rep.new_people = len(plan.new_people)
        rep.joined = len(plan.joins) + sum(len(g) for g in plan.new_people)
        rep.suggestions = sum(1 for _, s in plan.suggestions if s is not None)
        return rep

    def _seed_from_regions(self) -> None:
        """Faces that a region in their photo names join the person of that name (made when
        there is none), unless the user said that face is not that person."""
        rejected = store.rejections(self.catalog)
        for fid, name in store.unplaced_region_faces(self.catalog, self.model_key):
            ids = store.person_ids_named(self.catalog, name)
            pid = ids[0] if ids else store.new_person(self.catalog, name)
            if (fid, pid) not in rejected:
                store.accept(self.catalog, pid, [fid], how="region")

    def update(self, *, cancel: threading.Event | None = None,
               progress: Callable[[str, int, int], None] | None = None,
               pause: threading.Event | None = None) -> tuple[CatchUpReport, GroupReport]:
        """What ``index`` runs after its scan: catch up and group (the people are there), then
        the closer look for small faces, and group again if it found any."""
        rep = self.catch_up(cancel=cancel, progress=None if progress is None else (
            lambda done, total: progress("faces", done, total)), pause=pause)
        if rep.cancelled:
            return rep, GroupReport()
        grouped = self.group()
        closer = self.look_closer(cancel=cancel, progress=None if progress is None else (
            lambda done, total: progress("small-faces", done, total)), pause=pause)
        rep.closer, rep.closer_faces = closer.searched, closer.faces
        rep.failed += closer.failed
        rep.seconds += closer.seconds
        rep.cancelled = closer.cancelled
        if closer.faces:
            again = self.group()
            grouped.new_people += again.new_people
            grouped.joined += again.joined
            grouped.suggestions = again.suggestions
        return rep, grouped

    # -- people -----------------------------------------------------------------------------------

    def everyone(self) -> list[store.PersonRow]:
        return store.people(self.catalog)

    def find(self, id_or_name: str | int) -> store.PersonRow:
        """A person by id (a number) or by name (case-insensitive)."""
        text = str(id_or_name).strip()
        everyone = self.everyone()
        if text.isdigit():
            hit = next((p for p in everyone if p.id == int(text)), None)
            if hit is None:
                raise PeopleError("no-person", text)
            return hit
        ids = store.person_ids_named(self.catalog, text)
        hits = [p for p in everyone if p.id in ids]
        if not hits:
            raise PeopleError("no-person", text)
        if len(hits) > 1:
            raise PeopleError("ambiguous", text, [p.id for p in hits])
        return hits[0]

    def _writable(self) -> None:
        if self.lib.readonly:
            raise PeopleError("readonly")

    def name(self, person_id: int, name: str | None) -> store.PersonRow:
        self._writable()
        p = self.find(person_id)
        store.name_person(self.catalog, p.id, (name or "").strip() or None)
        return self.find(p.id)

    def merge(self, keep: int, other: int) -> store.PersonRow:
        self._writable()
        a, b = self.find(keep), self.find(other)
        if a.id == b.id:
            raise PeopleError("same-person", a.id)
        store.merge_people(self.catalog, a.id, b.id)
        return self.find(a.id)

    def photos(self, id_or_name: str | int) -> list[str]:
        return self.find(id_or_name).photos

    def not_in_photo(self, person_id: int, path: str) -> int:
        """"Not this person" for a photo: its faces leave the person and never come back."""
        self._writable()
        p = self.find(person_id)
        photo = self.catalog.photo_by_path(path)
        if photo is None or not photo.ckey:
            raise PeopleError("no-photo", path)
        faces = store.faces_of_ckey_in_person(self.catalog, photo.ckey, p.id)
        if not faces:
            raise PeopleError("not-in-photo", p.id, path)
        return store.reject(self.catalog, p.id, faces)

    def remove_face(self, person_id: int, face_id: int) -> int:
        """Take one wrong face out of a person (remembered like "not this person")."""
        self._writable()
        return store.reject(self.catalog, self.find(person_id).id, [face_id])

    def face_crops(self, face_ids: Iterable[int], size: int = 96) -> dict[int, object]:
        """Square PIL images of faces (a margin around each box), read from their photos
        (worker threads only). A face whose photo cannot be read is left out."""
        return face_crops(self.catalog, face_ids, size)

    def faces_of(self, person_id: int) -> list[int]:
        return store.faces_of_person(self.catalog, person_id)

    def suggestions_for(self, person_id: int) -> list[int]:
        """The faces photorec is unsure of that may be this person ("Is this Ana?")."""
        return store.suggested_faces(self.catalog, person_id)

    def confirm(self, person_id: int, face_ids: Iterable[int]) -> None:
        """"Yes, this is them": the faces join the person (the user said so)."""
        self._writable()
        store.accept(self.catalog, self.find(person_id).id, [int(f) for f in face_ids])

    def faces_in(self, ckey: str) -> list[store.FaceBox]:
        try:
            key = self.model_key
        except PeopleError:
            return []
        return store.faces_in(self.catalog, ckey, key)

    def people_in(self, path: str) -> set[int]:
        """The people in a photo: a library photo's placed faces; for another image, its
        faces matched to the people's centroids (a face joins only as surely as grouping
        would let it)."""
        photo = self.catalog.photo_by_path(path)
        if photo is not None and photo.ckey:
            return store.people_of_ckeys(self.catalog, [photo.ckey]).get(photo.ckey, set())
        from photorec.core.ingest import decode as dec

        try:
            d = dec.decode(path, face_size=FACE_SIDE)
        except dec.DecodeError as exc:
            raise PeopleError("no-photo", path) from exc
        faces = find_faces(self.models, d.face_image or d.thumbnail, (d.width, d.height))
        table = store.face_table(self.catalog, self.model_key)
        found: set[int] = set()
        ids = sorted({int(p) for p in table.person if p})
        if not faces or not ids:
            return found
        import numpy as np

        cent = np.stack([table.vecs[table.person == i].mean(0) for i in ids])
        cent /= np.maximum(np.linalg.norm(cent, axis=1, keepdims=True), 1e-12)
        for f in faces:
            sims = cent @ f.vec
            best = int(np.argmax(sims))
            if sims[best] >= grouping.JOIN:
                found.add(ids[best])
        return found

    def shared(self, path: str, k: int = 20) -> tuple[set[int], list[tuple[str, list[int]]]]:
        """``similar --people``: the people in ``path`` and the library photos that share the
        most of them, best first: (people, [(photo path, people shared), ...])."""
        mine = self.people_in(path)
        counts: dict[str, set[int]] = {}
        for pid in mine:
            for ck in store.ckeys_of_person(self.catalog, pid):
                counts.setdefault(ck, set()).add(pid)
        own = self.catalog.photo_by_path(path)
        ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        out: list[tuple[str, list[int]]] = []
        for ck, pids in ranked:
            for p in store.paths_of_ckey(self.catalog, ck):
                if own is not None and p == own.path:
                    continue
                out.append((p, sorted(pids)))
        out.sort(key=lambda t: (-len(t[1]), t[0]))
        return mine, out[:k]

    def boxes_of_path(self, path: str) -> list[store.FaceBox]:
        """The faces of a library photo (for the viewer's boxes); [] for another file."""
        photo = self.catalog.photo_by_path(path)
        return self.faces_in(photo.ckey) if photo is not None and photo.ckey else []

    def forget(self) -> int:
        """Erase every face and person for good. Face finding stays as it is set: the next
        index finds faces again unless it is off."""
        self._writable()
        return store.forget_all(self.catalog)
