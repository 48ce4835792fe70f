"""The metadata pass over a library, after each indexing run: read the metadata of every photo
whose file or sidecars changed (:func:`photorec.core.ingest.metadata.read_metadata`), keep it in
the catalog, make the files' keywords tags "from the file", and work out what the model
recognises in the photos for search. And the opt-in writing of tags into XMP sidecars.

On the library's layer: it uses the ingest, organize (tags) and search layers below it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from photorec.core.errors import Reason
from photorec.core.index.pipeline import Progress, ScanReport
from photorec.core.ingest.metadata import PhotoMeta, read_metadata, sidecars_of, xmp_names
from photorec.core.organize import tags as tagmod
from photorec.core.search import engine as search
from photorec.core.store import Photo
from photorec.core.store import metadata as store
from photorec.core.store import tags as tag_store

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)


@dataclass
class MetaReport:
    read: int = 0  # photos whose metadata was (re-)read
    unchanged: int = 0
    with_keywords: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, problem)


def _signature(files: list[str]) -> str:
    parts = []
    for f in files:
        try:
            parts.append(f"{os.path.basename(f)}:{os.stat(f).st_mtime_ns}")
        except OSError:
            continue
    return ";".join(parts)


def _save(lib: Library, rows: list[tuple[Photo, str, PhotoMeta]]) -> None:
    """What was read, and the keywords as the photos' tags "from the file", in one transaction."""
    tagmod.ensure_schema(lib.catalog)
    items = [(p.path, meta.tags) for p, _, meta in rows]
    with tag_store.writer(lib.catalog) as con:
        con.save_metadata(rows)
        tagmod.set_file_tags_many(lib, items, con=con)


def update_library(lib: Library, *, report: ScanReport | None = None,
                   cancel: threading.Event | None = None,
                   progress: Callable[[Progress], None] | None = None, batch: int = 64) -> MetaReport:
    """Read the metadata of every library photo whose file or sidecars changed since the last
    pass. Adds metadata problems to ``report.errors`` (an indexing ScanReport) when given;
    ``progress`` gets ``Progress("metadata", done, total, rate, eta, current)`` while it reads.
    Photos in offline folders keep what was read before."""
    out = MetaReport()
    cat = lib.catalog
    if lib.readonly or not store.ensure_schema(cat):
        return out
    known = store.states(cat)
    by_dir: dict[str, list[Photo]] = {}
    for p in lib.photos():
        if p.online:
            by_dir.setdefault(os.path.dirname(p.path), []).append(p)
    todo = []
    for folder, photos in by_dir.items():
        if not os.path.isdir(folder):
            continue
        names = xmp_names(folder)
        for p in photos:
            scs = sidecars_of(p.path, names)
            sig = _signature(scs)
            if known.get(p.path) == (p.mtime_ns, sig):
                out.unchanged += 1
                continue
            todo.append((p, scs, sig))
    t0 = last = time.monotonic()
    for i in range(0, len(todo), batch):
        if cancel is not None and cancel.is_set():
            break
        now = time.monotonic()
        if progress is not None and (i == 0 or now - last >= 0.1):
            last = now
            rate = i / (now - t0) if i and now > t0 else 0.0
            eta = (len(todo) - i) / rate if rate else None
            progress(Progress("metadata", i, len(todo), rate, eta, todo[i][0].path))
        rows = []
        for p, scs, sig in todo[i:i + batch]:
            meta = read_metadata(p.path, scs)
            rows.append((p, sig, meta))
            out.read += 1
            if meta.tags:
                out.with_keywords += 1
            if meta.problems:
                out.problems.append((p.path, meta.problem or ""))
                if report is not None:
                    report.errors.append((p.path, Reason("metadata_problem", problem=meta.problem)))
        _save(lib, rows)
    if cancel is None or not cancel.is_set():
        _recognise(lib)
    store.prune(cat)
    if out.read:
        log.info("metadata: %d read (%d with keywords), %d unchanged, %d problem(s)",
                 out.read, out.with_keywords, out.unchanged, len(out.problems))
    return out


def _recognise(lib: Library) -> None:
    """Work out (once per content) what the model recognises in the photos, for search."""
    try:
        search.object_classes(lib, [p.ckey for p in lib.photos() if p.ckey])
    except Exception as exc:  # search by objects is extra; indexing is done
        log.warning("cannot work out the objects in the photos: %s", exc)
