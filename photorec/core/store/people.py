"""The people tables and their SQL (issue 17): faces per content, people, "not this person",
and which contents were searched for faces with which face models.

Tables are made by migration 6 (:mod:`.migrations`); a catalog opened read-only at an older
version lacks them and reads as empty.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from photorec.core.store import shared
from photorec.core.store.catalog import Catalog

FACE_DTYPE = np.float16
FACES_OFF_KEY = "faces_off"  # meta: '1' when the user turned face finding off


def ensure_schema(catalog: Catalog) -> bool:
    return shared.ensure(catalog, "faces")


@dataclass
class NewFace:
    box: tuple[float, float, float, float]
    landmarks: list[float]
    score: float
    quality: float
    width_px: float
    vec: np.ndarray
    region_name: str | None = None  # the name a region in the photo gives this face


@dataclass
class FaceTable:
    """Every face of one model, as arrays (row i = one face)."""
    ids: np.ndarray  # int64
    ckeys: list[str]
    person: np.ndarray  # int64, 0 = none
    assigned: list[str | None]
    quality: np.ndarray  # float32
    score: np.ndarray
    width_px: np.ndarray
    vecs: np.ndarray  # float32 [n, 128]
    suggestion: dict[int, int]  # face id -> suggested person id (faces without a person)
    # Named people with no face in this table (a rebuilt face table, their photos gone): the
    # mean face they had (people.centroid), so that their faces found again go back to them.
    remembered: dict[int, np.ndarray] = field(default_factory=dict)


@dataclass
class FaceBox:
    id: int
    box: tuple[float, float, float, float]
    quality: float
    person_id: int | None
    name: str | None
    suggestion: int | None
    suggestion_name: str | None


@dataclass
class PersonRow:
    id: int
    name: str | None
    faces: int
    photos: list[str]  # paths of the photos (files ok) that show this person
    cover: int | None  # the face id of the best face


# -- the switch ---------------------------------------------------------------------------------

def faces_off(catalog: Catalog) -> bool:
    return catalog.get_meta(FACES_OFF_KEY, "0") == "1"


def set_faces_off(catalog: Catalog, off: bool) -> None:
    catalog.set_meta(FACES_OFF_KEY, "1" if off else "0")


# -- finding faces --------------------------------------------------------------------------------

def scanned(catalog: Catalog, ckey: str, model: str) -> bool:
    if not ensure_schema(catalog):
        return False
    return bool(catalog._query("SELECT 1 FROM face_scans WHERE ckey = ? AND model = ?",
                              (ckey, model)))


def save_faces(catalog: Catalog, ckey: str, model: str, faces: Sequence[NewFace],
               side: int = 0) -> list[int]:
    """Store the faces found in one content and mark it searched (one transaction, so a crash
    leaves it either searched with its faces or not searched). ``side``: the long side it was
    looked at closely enough for small faces (0: not yet; see :func:`unrefined`). A content
    searched already keeps what it has. Returns the new face ids."""
    now = time.time()
    with catalog._write() as c:
        cur = c.execute("INSERT OR IGNORE INTO face_scans(ckey, model, faces, scanned, side) "
                        "VALUES (?, ?, ?, ?, ?)", (ckey, model, len(faces), now, int(side)))
        if not cur.rowcount:
            return []
        return insert_faces(c, ckey, model, faces, now)


def insert_faces(c: sqlite3.Connection, ckey: str, model: str, faces: Sequence[NewFace],
                  now: float) -> list[int]:
    ids: list[int] = []
    for f in faces:
        cur = c.execute(
            "INSERT INTO faces(ckey, model, x, y, w, h, landmarks, score, quality, "
            "width_px, vec, region_name, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (ckey, model, *(float(t) for t in f.box), json.dumps(f.landmarks),
             float(f.score), float(f.quality), float(f.width_px),
             np.asarray(f.vec, FACE_DTYPE).tobytes(), f.region_name, now))
        ids.append(int(cur.lastrowid or 0))
    return ids


def unscanned(catalog: Catalog, model: str, vector_model: str, limit: int = 0) -> list[tuple[str, str]]:
    """(ckey, path) of indexed contents (a vector of ``vector_model``, a readable file) not yet
    searched for faces with ``model``: the background backlog. One path per content."""
    if not ensure_schema(catalog):
        return []
    sql = ("SELECT v.ckey, MIN(f.path) FROM vectors v JOIN files f ON f.ckey = v.ckey "
           "AND f.status = 'ok' WHERE v.model = ? AND NOT EXISTS (SELECT 1 FROM face_scans s "
           "WHERE s.ckey = v.ckey AND s.model = ?) GROUP BY v.ckey ORDER BY v.id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [(r[0], r[1]) for r in catalog._query(sql, (vector_model, model))]


def purge_orphans(catalog: Catalog) -> int:
    """Faces (and face searches) of contents no library file holds any more (a folder
    removed, photos deleted): erased, with the unnamed people left without a face. Returns
    how many faces."""
    if not ensure_schema(catalog):
        return 0
    gone = "NOT IN (SELECT ckey FROM files WHERE ckey IS NOT NULL)"
    with catalog._write() as c:
        n = c.execute(f"DELETE FROM faces WHERE ckey {gone}").rowcount
        c.execute(f"DELETE FROM face_scans WHERE ckey {gone}")
        c.execute("DELETE FROM people WHERE name IS NULL AND NOT EXISTS "
                  "(SELECT 1 FROM faces WHERE person_id = people.id)")
    return int(n or 0)


def scan_counts(catalog: Catalog, model: str) -> tuple[int, int]:
    """(contents searched, faces found) with ``model``."""
    if not ensure_schema(catalog):
        return 0, 0
    row = catalog._query("SELECT COUNT(*), COALESCE(SUM(faces), 0) FROM face_scans WHERE model = ?",
                        (model,))
    return int(row[0][0]), int(row[0][1])


# -- reading faces ----------------------------------------------------------------------------------

def face_table(catalog: Catalog, model: str) -> FaceTable:
    rows = catalog._query(
        "SELECT id, ckey, COALESCE(person_id, 0), assigned, quality, score, width_px, vec, "
        "suggestion "
        "FROM faces WHERE model = ? ORDER BY id", (model,)) if ensure_schema(catalog) else []
    n = len(rows)
    vecs = np.zeros((n, 128), np.float32)
    for i, r in enumerate(rows):
        vecs[i] = np.frombuffer(r[7], FACE_DTYPE)
    placed = {int(r[2]) for r in rows if r[2]}
    remembered = {int(pid): vec for pid, vec in centroids(catalog).items() if pid not in placed}
    return FaceTable(
        ids=np.array([r[0] for r in rows], np.int64), ckeys=[r[1] for r in rows],
        person=np.array([r[2] for r in rows], np.int64), assigned=[r[3] for r in rows],
        quality=np.array([r[4] for r in rows], np.float32),
        score=np.array([r[5] for r in rows], np.float32),
        width_px=np.array([r[6] for r in rows], np.float32), vecs=vecs,
        suggestion={int(r[0]): int(r[8]) for r in rows if r[8] is not None},
        remembered=remembered)


def unplaced_region_faces(catalog: Catalog, model: str) -> list[tuple[int, str]]:
    """(face id, name) of faces a region in their photo names, not in a person yet."""
    if not ensure_schema(catalog):
        return []
    return [(int(r[0]), r[1]) for r in catalog._query(
        "SELECT id, region_name FROM faces WHERE model = ? AND region_name IS NOT NULL "
        "AND person_id IS NULL ORDER BY id", (model,))]


def rejections(catalog: Catalog) -> set[tuple[int, int]]:
    """(face id, person id) pairs the user said are not the same person."""
    if not ensure_schema(catalog):
        return set()
    return {(int(a), int(b)) for a, b in catalog._query(
        "SELECT face_id, person_id FROM face_rejections")}


def faces_in(catalog: Catalog, ckey: str, model: str) -> list[FaceBox]:
    """The faces of one content with their person (for the viewer's boxes)."""
    if not ensure_schema(catalog):
        return []
    rows = catalog._query(
        "SELECT f.id, f.x, f.y, f.w, f.h, f.quality, f.person_id, p.name, f.suggestion, s.name "
        "FROM faces f LEFT JOIN people p ON p.id = f.person_id "
        "LEFT JOIN people s ON s.id = f.suggestion "
        "WHERE f.ckey = ? AND f.model = ? ORDER BY f.x", (ckey, model))
    return [FaceBox(int(r[0]), (r[1], r[2], r[3], r[4]), float(r[5]), r[6], r[7], r[8], r[9])
            for r in rows]


def face_strength(catalog: Catalog, model: str) -> dict[str, float]:
    """Per content with a face: its best face's size-and-clarity (for search's "people")."""
    if not ensure_schema(catalog):
        return {}
    return {r[0]: float(r[1]) for r in catalog._query(
        "SELECT ckey, MAX(quality * w * h) + 1e-6 FROM faces WHERE model = ? GROUP BY ckey",
        (model,))}


def people_of_ckeys(catalog: Catalog, ckeys: Iterable[str]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    if not ensure_schema(catalog):
        return out
    for part in shared.chunks(list(ckeys)):
        marks = ",".join("?" * len(part))
        for ck, pid in catalog._query(
                f"SELECT ckey, person_id FROM faces WHERE person_id IS NOT NULL AND ckey IN ({marks})",
                part):
            out.setdefault(ck, set()).add(int(pid))
    return out


def face_boxes(catalog: Catalog, face_ids: Iterable[int]) -> dict[int, tuple[str, tuple[float, ...]]]:
    """face id -> (ckey, (x, y, w, h) fractions)."""
    out: dict[int, tuple[str, tuple[float, ...]]] = {}
    if not ensure_schema(catalog):
        return out
    for part in shared.chunks([int(f) for f in face_ids]):
        marks = ",".join("?" * len(part))
        for r in catalog._query(f"SELECT id, ckey, x, y, w, h FROM faces WHERE id IN ({marks})", part):
            out[int(r[0])] = (r[1], (r[2], r[3], r[4], r[5]))
    return out


def faces_of_person(catalog: Catalog, person_id: int) -> list[int]:
    """The face ids of a person, best quality first."""
    return [int(r[0]) for r in catalog._query(
        "SELECT id FROM faces WHERE person_id = ? ORDER BY quality DESC, id", (person_id,))]


def suggested_faces(catalog: Catalog, person_id: int) -> list[int]:
    """Faces without a person that look like this one ("Is this Ana?"), best first."""
    return [int(r[0]) for r in catalog._query(
        "SELECT id FROM faces WHERE suggestion = ? AND person_id IS NULL "
        "ORDER BY quality DESC, id", (person_id,))]


def paths_of_ckey(catalog: Catalog, ckey: str) -> list[str]:
    return [r[0] for r in catalog._query(
        "SELECT path FROM files WHERE ckey = ? AND status = 'ok' ORDER BY path", (ckey,))]


def ckeys_of_person(catalog: Catalog, person_id: int) -> list[str]:
    return [r[0] for r in catalog._query(
        "SELECT DISTINCT ckey FROM faces WHERE person_id = ?", (person_id,))]


# -- a named person's mean face (people.centroid) --------------------------------------------------
# Kept with every write that changes who a named person's faces are, so that when the face
# table is rebuilt (store/face_check.py) the faces found again go back to their named people.

def mean_face(vecs: Sequence[np.ndarray]) -> np.ndarray | None:
    """The unit mean of face vectors (non-finite ones left out); None when there is none."""
    m = np.array([v for v in vecs if len(v) == 128], np.float32).reshape(-1, 128)
    m = m[np.isfinite(m).all(1)]
    total = m.sum(0)
    norm = float(np.linalg.norm(total)) if len(m) else 0.0
    return total / norm if norm > 1e-6 else None


def refresh_centroids(c: sqlite3.Connection, person_ids: Iterable[int], *,
                      clear_empty: bool = False) -> None:
    """Inside a write: each named person of ``person_ids`` gets the mean of its faces as
    ``centroid``, an unnamed one none. A named person left with no face keeps the one it had
    (its faces may come back), unless ``clear_empty`` (the user took its last face out)."""
    for pid in sorted({int(p) for p in person_ids if p}):
        row = c.execute("SELECT name FROM people WHERE id = ?", (pid,)).fetchone()
        if row is None:
            continue
        mean = None if row[0] is None else mean_face([
            np.frombuffer(b, FACE_DTYPE) for (b,) in c.execute(
                "SELECT vec FROM faces WHERE person_id = ?", (pid,))
            if isinstance(b, bytes) and len(b) == 128 * FACE_DTYPE().itemsize])
        if mean is None and row[0] is not None and not clear_empty:
            continue
        c.execute("UPDATE people SET centroid = ? WHERE id = ?",
                  (None if mean is None else mean.astype(FACE_DTYPE).tobytes(), pid))


def centroids(catalog: Catalog) -> dict[int, np.ndarray]:
    """person id -> the stored mean face (unit, float32) of each named person that has one."""
    if not ensure_schema(catalog):
        return {}
    out: dict[int, np.ndarray] = {}
    for pid, blob in catalog._query(
            "SELECT id, centroid FROM people WHERE name IS NOT NULL AND centroid IS NOT NULL"):
        v = mean_face([np.frombuffer(blob, FACE_DTYPE)]) if isinstance(blob, bytes) and len(
            blob) == 128 * FACE_DTYPE().itemsize else None
        if v is not None:
            out[int(pid)] = v
    return out


# -- people -------------------------------------------------------------------------------------

def people(catalog: Catalog) -> list[PersonRow]:
    """Every person with at least one face, named first by name, then unnamed largest first.
    ``photos``: the paths of the readable files showing them."""
    if not ensure_schema(catalog):
        return []
    rows = catalog._query(
        "SELECT p.id, p.name, COUNT(f.id), (SELECT f2.id FROM faces f2 WHERE f2.person_id = p.id "
        "ORDER BY f2.quality DESC, f2.id LIMIT 1) FROM people p JOIN faces f ON f.person_id = p.id "
        "GROUP BY p.id")
    paths: dict[int, list[str]] = {}
    for pid, path in catalog._query(
            "SELECT DISTINCT f.person_id, fi.path FROM faces f JOIN files fi ON fi.ckey = f.ckey "
            "AND fi.status = 'ok' WHERE f.person_id IS NOT NULL ORDER BY fi.path"):
        paths.setdefault(int(pid), []).append(path)
    out = [PersonRow(int(r[0]), r[1], int(r[2]), paths.get(int(r[0]), []), r[3]) for r in rows]
    out.sort(key=lambda p: (p.name is None, (p.name or "").casefold(), -len(p.photos), -p.faces, p.id))
    return out


def person(catalog: Catalog, person_id: int) -> PersonRow | None:
    return next((p for p in people(catalog) if p.id == person_id), None)


def person_ids_named(catalog: Catalog, name: str) -> list[int]:
    if not ensure_schema(catalog):
        return []
    return [int(r[0]) for r in catalog._query(
        "SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id", (name.strip(),))]


def person_names(catalog: Catalog) -> dict[int, str]:
    if not ensure_schema(catalog):
        return {}
    return {int(r[0]): r[1] for r in catalog._query(
        "SELECT id, name FROM people WHERE name IS NOT NULL")}


def apply_grouping(catalog: Catalog, new_people: Sequence[Sequence[int]],
                   joins: Sequence[tuple[int, int]], suggestions: Sequence[tuple[int, int | None]]
                   ) -> list[int]:
    """One transaction: make a person of each list of face ids in ``new_people``, put each
    (face id, person id) of ``joins`` in that person, and set each face's suggestion. Only
    faces that still have no person are changed (the user may have acted meanwhile).
    Returns the new people's ids."""
    now = time.time()
    made: list[int] = []
    with catalog._write() as c:
        for group in new_people:
            pid = int(c.execute("INSERT INTO people(name, created) VALUES (NULL, ?)",
                                (now,)).lastrowid or 0)
            made.append(pid)
            c.executemany("UPDATE faces SET person_id = ?, assigned = 'auto', suggestion = NULL "
                          "WHERE id = ? AND person_id IS NULL", [(pid, int(f)) for f in group])
        c.executemany("UPDATE faces SET person_id = ?, assigned = 'auto', suggestion = NULL "
                      "WHERE id = ? AND person_id IS NULL", [(int(p), int(f)) for f, p in joins])
        c.executemany("UPDATE faces SET suggestion = ? WHERE id = ? AND person_id IS NULL",
                      [(None if p is None else int(p), int(f)) for f, p in suggestions])
        c.execute("DELETE FROM people WHERE name IS NULL AND NOT EXISTS "
                  "(SELECT 1 FROM faces WHERE person_id = people.id)")
        refresh_centroids(c, {p for _, p in joins})
    return made


def name_person(catalog: Catalog, person_id: int, name: str | None) -> None:
    with catalog._write() as c:
        c.execute("UPDATE people SET name = ?, named = ? WHERE id = ?",
                  (name, time.time() if name else None, person_id))
        refresh_centroids(c, [person_id])


def merge_people(catalog: Catalog, keep: int, other: int) -> None:
    """``other``'s faces (and what was said about them) join ``keep``; ``other`` is gone.
    ``keep`` keeps its name, or takes ``other``'s when it had none."""
    with catalog._write() as c:
        c.execute("UPDATE people SET name = (SELECT name FROM people WHERE id = ?), named = ? "
                  "WHERE id = ? AND name IS NULL", (other, time.time(), keep))
        c.execute("UPDATE faces SET person_id = ?, assigned = 'user' WHERE person_id = ?",
                  (keep, other))
        c.execute("UPDATE faces SET suggestion = ? WHERE suggestion = ?", (keep, other))
        c.execute("INSERT OR IGNORE INTO face_rejections(face_id, person_id) "
                  "SELECT face_id, ? FROM face_rejections WHERE person_id = ?", (keep, other))
        c.execute("DELETE FROM face_rejections WHERE person_id = ?", (other,))
        c.execute("DELETE FROM people WHERE id = ?", (other,))
        refresh_centroids(c, [keep])


def reject(catalog: Catalog, person_id: int, face_ids: Iterable[int]) -> int:
    """"Not this person": the faces leave the person (if in it) and are never put back in it
    nor offered as it. Returns how many faces left the person."""
    ids = [int(f) for f in face_ids]
    with catalog._write() as c:
        c.executemany("INSERT OR IGNORE INTO face_rejections(face_id, person_id) VALUES (?, ?)",
                      [(f, person_id) for f in ids])
        moved = 0
        for f in ids:
            moved += c.execute("UPDATE faces SET person_id = NULL, assigned = NULL WHERE id = ? "
                               "AND person_id = ?", (f, person_id)).rowcount
            c.execute("UPDATE faces SET suggestion = NULL WHERE id = ? AND suggestion = ?",
                      (f, person_id))
        c.execute("DELETE FROM people WHERE id = ? AND name IS NULL AND NOT EXISTS "
                  "(SELECT 1 FROM faces WHERE person_id = ?)", (person_id, person_id))
        refresh_centroids(c, [person_id], clear_empty=True)  # the user's word: no stale face
    return moved


def accept(catalog: Catalog, person_id: int, face_ids: Iterable[int], how: str = "user") -> None:
    """The faces are this person (the user said so, or a region in the photo did)."""
    ids = [int(f) for f in face_ids]
    with catalog._write() as c:
        before = {int(r[0]) for f in ids for r in c.execute(
            "SELECT person_id FROM faces WHERE id = ? AND person_id IS NOT NULL", (f,))}
        c.executemany("UPDATE faces SET person_id = ?, assigned = ?, suggestion = NULL WHERE id = ?",
                      [(person_id, how, f) for f in ids])
        c.executemany("DELETE FROM face_rejections WHERE face_id = ? AND person_id = ?",
                      [(f, person_id) for f in ids])
        refresh_centroids(c, before | {person_id})


def new_person(catalog: Catalog, name: str | None) -> int:
    with catalog._write() as c:
        now = time.time()
        return int(c.execute("INSERT INTO people(name, created, named) VALUES (?, ?, ?)",
                             (name, now, now if name else None)).lastrowid or 0)


def faces_of_ckey_in_person(catalog: Catalog, ckey: str, person_id: int) -> list[int]:
    return [int(r[0]) for r in catalog._query(
        "SELECT id FROM faces WHERE ckey = ? AND person_id = ?", (ckey, person_id))]


def face_ids_of_ckey(catalog: Catalog, ckey: str) -> list[int]:
    return [int(r[0]) for r in catalog._query("SELECT id FROM faces WHERE ckey = ?", (ckey,))]


def forget_all(catalog: Catalog) -> int:
    """Erase every face, person and face search for good: the rows, then the free pages
    (VACUUM) and the write-ahead log (checkpoint), so nothing is left in the catalog's files.
    Returns how many faces there were."""
    if not ensure_schema(catalog):
        return 0
    with catalog._write() as c:
        n = int(c.execute("SELECT COUNT(*) FROM faces").fetchone()[0])
        for table in ("face_rejections", "faces", "people", "face_scans"):
            c.execute(f"DELETE FROM {table}")
        c.execute("DELETE FROM sqlite_sequence WHERE name IN ('faces', 'people')")
    con = catalog._connection()
    con.execute("VACUUM")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return n


def face_rows_left(catalog: Catalog) -> int:
    """Rows in the face tables (the forget test's witness)."""
    if not ensure_schema(catalog):
        return 0
    return sum(int(catalog._query(f"SELECT COUNT(*) FROM {t}")[0][0])
               for t in ("faces", "people", "face_scans", "face_rejections"))
