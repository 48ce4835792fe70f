"""What a library leaves behind, and the one clean-up that removes it.

Every writer of a library file writes a temp file and renames it over the real one, so a kill
(or a power cut) can leave the temp file. A projected index replaces the full-vector graph,
and a refit replaces the projected one; their old files are garbage once the new pointer is
committed. This module is the one place that knows all these names; :func:`clean_up` runs at
every writable open of a library (:class:`photorec.core.library.Library`).

Temp files carry the writer's process id: a temp file of a process that still runs (another
photorec indexing the same library right now) is left alone.

=============================================  ============================================
temp file                                      writer
=============================================  ============================================
``cache/thumbs/xx/KEY.jpg.PID.TID.tmp``        ingest.decode.save_thumbnail
``index-M[.ID].PID.gN.tmp``                    index.hnsw.VectorIndex.save (the graph)
``index-M[.ID].json.PID.tmp``                  index.hnsw.VectorIndex.save (the pointer)
``index-M[.ID].hnsw.PID.tmp``                  0.1's index save
``index-M.projection.npz.PID.tmp.npz``         embed.projection.Projection.save
``cache/neighbours-M.npz.PID.TID.tmp.npz``     organize.duplicates.build.save_graph
``catalog.sqlite3.PID.recovering[-src]``       store.repair.repair (and their -wal...)
=============================================  ============================================

Graphs: ``index-M[.ID].gN-PID.hnsw`` is stale when its pointer ``index-M[.ID].json`` names
another file of a newer generation, or names another file and the graph's writer is gone
(killed between the graph's rename and the pointer's commit); the whole full-vector
index ``index-M.*`` (pointer and graphs) is stale once the projection ``index-M.projection.npz``
is saved and its projected pointer ``index-M.ID.json`` is committed, and so is a projected
index of an older projection (another ID).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from photorec.core.paths import LibraryPaths
from photorec.core.store.files import unlink_quietly
from photorec.core.store.owner import pid_alive

log = logging.getLogger(__name__)

_DATA_TMP = (
    re.compile(r"^index-.+\.(\d+)\.g\d+\.tmp$"),
    re.compile(r"^index-.+\.json\.(\d+)\.tmp$"),
    re.compile(r"^index-.+\.hnsw\.(\d+)\.tmp$"),
    re.compile(r"^index-.+\.projection\.npz\.(\d+)\.tmp\.npz$"),
    re.compile(r"^catalog\.sqlite3\.(\d+)\.recovering(?:-src)?(?:-wal|-shm|-journal)?$"),
)
_CACHE_TMP = (re.compile(r"^neighbours-.+\.npz\.(\d+)\.\d+\.tmp\.npz$"),)
_THUMB_TMP = (re.compile(r"^[0-9a-f]+\.jpg\.(\d+)\.\d+\.tmp$"),)
_GRAPH = re.compile(r"^(index-.+)\.g(\d+)-(\d+)\.hnsw$")
_POINTER = re.compile(r"^(index-.+)\.json$")
_PROJECTION = re.compile(r"^(index-.+)\.projection\.npz$")


def _dead(pid: int) -> bool:
    return pid != os.getpid() and not pid_alive(pid)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return [e for e in it if e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _temp_files(folder: Path, patterns: Iterable[re.Pattern[str]]) -> list[Path]:
    out: list[Path] = []
    for e in _entries(folder):
        for rx in patterns:
            m = rx.match(e.name)
            if m and _dead(int(m.group(1))):
                out.append(Path(e.path))
                break
    return out


def _pointer(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _superseded_stems(data_dir: Path, names: set[str]) -> set[str]:
    """Index stems whose files are garbage: a full-vector index replaced by a committed
    projected one, and projected indexes of an older projection."""
    from photorec.core.embed.projection import Projection  # numpy only, no Qt

    out: set[str] = set()
    for name in names:
        m = _PROJECTION.match(name)
        if not m:
            continue
        base = m.group(1)
        try:
            identity = Projection.load(data_dir / name).identity
        except (OSError, KeyError, ValueError):
            continue  # unusable: the full index is the one in use
        current = f"{base}.{identity}"
        if f"{current}.json" not in names:
            continue  # not committed yet (or a crash between the two saves): keep the full one
        older = re.compile(re.escape(base) + r"(?:\.pca\d+-[0-9a-f]{12})?")
        for other in names:
            p = _POINTER.match(other)
            if p and p.group(1) != current and older.fullmatch(p.group(1)):
                out.add(p.group(1))
        out.add(base)
    return out


def stale_files(paths: LibraryPaths) -> list[Path]:
    """Every temp file of a dead writer and every stale graph of the library at ``paths``."""
    data = paths.data_dir
    entries = _entries(data)
    names = {e.name for e in entries}
    out = _temp_files(data, _DATA_TMP) + _temp_files(paths.cache_dir, _CACHE_TMP)
    try:
        shards = [e.path for e in os.scandir(paths.thumbs_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:
        shards = []
    for shard in shards:
        out += _temp_files(Path(shard), _THUMB_TMP)
    gone = _superseded_stems(data, names)
    stems = {m.group(1) for m in map(_POINTER.match, names) if m} - gone
    pointers = {s: _pointer(data / f"{s}.json") for s in stems}
    for name in names:
        m = _GRAPH.match(name)
        if m:
            stem, gen, pid = m.group(1), int(m.group(2)), int(m.group(3))
            meta = pointers.get(stem)
            if stem in gone:
                stale = True
            elif meta is None:  # no pointer (yet): only a dead writer's graph is garbage
                stale = _dead(pid) and f"{stem}.json" not in names
            else:
                # older than the committed one, or a dead writer's that it never committed
                stale = name != meta.get("file") and (gen < int(meta.get("generation", 0))
                                                      or _dead(pid))
            if stale:
                out.append(data / name)
        else:
            p = _POINTER.match(name)
            if p and p.group(1) in gone:
                out.append(data / name)
    return out


def clean_up(paths: LibraryPaths) -> int:
    """Remove :func:`stale_files`; returns how many went. Never raises."""
    try:
        stale = stale_files(paths)
    except Exception:
        log.warning("could not look for leftover files in %s", paths.data_dir, exc_info=True)
        return 0
    n = sum(unlink_quietly(p) for p in stale)
    if n:
        log.info("removed %d leftover file(s) (temp files of killed writers, stale index "
                 "graphs) from %s", n, paths.data_dir)
    return n
