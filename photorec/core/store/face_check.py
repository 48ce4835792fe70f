"""The face data's check and rebuild (issue 17), run at the start of every face pass: what is
damaged is said once (a :class:`~photorec.core.errors.Reason` ``faces_damaged``) and rebuilt
with no user action, the way a damaged index file is.

1. Each face table answers at all: ``PRAGMA quick_check(TABLE)`` (SQLite 3.33 and later; the
   table and its indexes, page by page), else a read of every row, bounded in time. A table
   that does not answer ("database disk image is malformed") cannot be mended row by row:
   the face tables are dropped from the schema (their pages cannot even be walked to be
   freed) and made again empty, ``people`` kept when it answers itself; the catalog is then
   compacted so that nothing unreachable is left in the file, and every photo is searched
   again.
2. Every row is sane: a face's vector is 128 finite float16 values of about unit length, its
   box and landmarks are fractions in range (landmarks: JSON of 10 numbers), its person and
   suggestion are people that exist, and each search mark counts the faces stored for its
   photo. The faces and the search mark of a photo with a bad row are dropped, so the next
   pass searches it again (decoded again, never embedded again).

Named people survive: each keeps its mean face (``people.centroid``, see
:func:`.people.refresh_centroids`), and grouping puts the faces found again that match it back
in that person before anyone new is made. "Not this person" answers name face ids and go with
the faces.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from photorec.core.errors import CatalogDamaged, Reason
from photorec.core.store import shared
from photorec.core.store.catalog import Catalog
from photorec.core.store.db import sqlite_code
from photorec.core.store.people import FACE_DTYPE, ensure_schema, mean_face

log = logging.getLogger(__name__)

FACE_TABLES = ("faces", "face_scans", "face_rejections")  # rebuilt together
PEOPLE_TABLE = "people"
PER_TABLE_CHECK = sqlite3.sqlite_version_info >= (3, 33, 0)  # PRAGMA quick_check(TABLE)
READ_BUDGET_S = 10.0  # the row-by-row read of an older SQLite stops here (rows seen so far)
BOX_SLACK = 0.01  # a box may pass the photo's edge by this much (rounding)
LANDMARK_RANGE = (-0.5, 1.5)  # landmarks of a face cut by the edge lie outside the photo
UNIT = (0.9, 1.1)  # a stored face vector's length (float16 of a unit vector)
_BROKEN = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


@dataclass
class FaceDamage:
    """What the check found (and the rebuild dropped)."""
    tables: list[str] = field(default_factory=list)  # tables that did not answer, rebuilt
    detail: str = ""  # SQLite's words for the first of them
    faces: int = 0  # face rows dropped
    photos: int = 0  # photos (contents) whose faces are searched again
    kinds: dict[str, int] = field(default_factory=dict)  # bad rows per kind: vec, box...

    @property
    def any(self) -> bool:
        return bool(self.tables or self.photos)

    def reason(self) -> Reason | None:
        """The one message (None when nothing was damaged)."""
        if self.tables:
            return Reason("faces_damaged", tables=list(self.tables), detail=self.detail,
                          people=PEOPLE_TABLE in self.tables)
        if self.photos:
            return Reason("faces_damaged", faces=self.faces, photos=self.photos)
        return None


def _broken(exc: BaseException) -> bool:
    return sqlite_code(exc) in _BROKEN


def table_problem(catalog: Catalog, table: str, budget_s: float = READ_BUDGET_S) -> str:
    """"" when ``table`` (and its indexes) answers, else SQLite's words for what is wrong."""
    con = catalog._connection()
    try:
        if PER_TABLE_CHECK:
            rows = [str(r[0]) for r in con.execute(f"PRAGMA quick_check({table})").fetchall()]
            return "" if rows == ["ok"] else rows[0]
        deadline = time.monotonic() + budget_s
        for n, _row in enumerate(con.execute(f"SELECT * FROM {table}")):  # noqa: B007
            if n % 4096 == 0 and time.monotonic() > deadline:
                log.debug("face check: stopped reading %s after %d rows", table, n)
                break
        return ""
    except sqlite3.DatabaseError as exc:
        if not _broken(exc):
            raise catalog.error(exc) from exc
        return str(exc)


def _bad_vec(blob: object) -> bool:
    return bool(_bad_vecs([blob])[0])


def _bad_vecs(blobs: list[object]) -> np.ndarray:
    """Per blob: not 128 finite float16 values of about unit length."""
    size = 128 * FACE_DTYPE().itemsize
    bad = np.fromiter((not isinstance(b, bytes) or len(b) != size for b in blobs), bool,
                      len(blobs))
    good = np.flatnonzero(~bad)
    if len(good):
        m = np.frombuffer(b"".join(blobs[i] for i in good),  # type: ignore[misc]
                          FACE_DTYPE).reshape(-1, 128).astype(np.float32)
        with np.errstate(all="ignore"):  # inf and NaN: not finite, said below
            sq = np.einsum("ij,ij->i", m, m)
        bad[good] = ~np.isfinite(sq) | (sq < UNIT[0] ** 2) | (sq > UNIT[1] ** 2)
    return bad


def _bad_landmark(text: object) -> bool:
    try:
        pts = json.loads(text) if isinstance(text, (str, bytes)) else None
    except ValueError:
        return True
    if not isinstance(pts, list) or len(pts) != 10:
        return True
    lo, hi = LANDMARK_RANGE
    return not all(_num(p) and lo <= p <= hi for p in pts)


def _bad_landmarks(texts: list[object]) -> np.ndarray:
    """Per text: not a JSON list of 10 numbers in range. All at once when every one is a flat
    list of 10 numbers (the common case), else one by one."""
    lo, hi = LANDMARK_RANGE
    try:
        if all(isinstance(t, str) and t.startswith("[") and t.endswith("]") and t.count(",") == 9
               for t in texts):
            flat = ",".join(t[1:-1] for t in texts)  # type: ignore[index]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a text it cannot read: the slow way below
                v = np.fromstring(flat, sep=",") if texts else np.zeros(0)
            if v.size == 10 * len(texts):
                v = v.reshape(-1, 10)
                return np.asarray(~((v >= lo) & (v <= hi)).all(1), bool)  # NaN fails too
    except (ValueError, TypeError):
        pass
    return np.array([_bad_landmark(t) for t in texts], bool)


def _num(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


_REAL = " AND ".join(f"typeof({c}) IN ('real', 'integer')" for c in "xywh")
_ROWS = (
    "SELECT id, ckey, vec, landmarks, "
    f"NOT ({_REAL} AND x >= ? AND y >= ? AND w > 0 AND h > 0 AND x + w <= ? "
    "AND y + h <= ?), "
    "(person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people WHERE id = person_id)) OR "
    "(suggestion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people WHERE id = suggestion)) "
    "FROM faces WHERE model = ?")
_COUNTS = (  # contents whose search mark does not count their stored faces (or no mark)
    "SELECT s.ckey FROM face_scans s LEFT JOIN (SELECT ckey, COUNT(*) AS n FROM faces "
    "WHERE model = ? GROUP BY ckey) f ON f.ckey = s.ckey "
    "WHERE s.model = ? AND s.faces IS NOT COALESCE(f.n, 0) "
    "UNION SELECT DISTINCT ckey FROM faces f WHERE model = ? AND NOT EXISTS "
    "(SELECT 1 FROM face_scans s WHERE s.ckey = f.ckey AND s.model = ?)")


def bad_rows(catalog: Catalog, model: str) -> tuple[set[str], dict[str, int], list[int]]:
    """(contents with a bad face row or a wrong count, bad rows per kind, ids of the bad
    rows) for the faces of ``model``."""
    lo, hi = -BOX_SLACK, 1 + BOX_SLACK
    rows = catalog._query(_ROWS, (lo, lo, hi, hi, model))
    checks = {
        "vec": _bad_vecs([r[2] for r in rows]),
        "box": np.array([bool(r[4]) for r in rows], bool),
        "landmarks": _bad_landmarks([r[3] for r in rows]),
        "person": np.array([bool(r[5]) for r in rows], bool),
    }
    bad: set[str] = set()
    kinds: dict[str, int] = {}
    seen = np.zeros(len(rows), bool)
    for kind, hit in checks.items():  # a row is counted once, under its first fault
        hit = hit & ~seen
        if hit.any():
            kinds[kind] = int(hit.sum())
            seen |= hit
    ids = [int(rows[i][0]) for i in np.flatnonzero(seen)]
    bad.update(rows[i][1] for i in np.flatnonzero(seen))
    counts = {r[0] for r in catalog._query(_COUNTS, (model,) * 4)}
    if counts:
        kinds["count"] = len(counts)
        bad |= counts
    return bad, kinds, ids


def _drop_photos(catalog: Catalog, model: str, ckeys: list[str], bad_ids: list[int]) -> int:
    """Drop the faces and search marks of ``ckeys`` (one transaction), after giving the named
    people who have none yet a mean face from their sound faces. Returns the faces dropped."""
    dropped = 0
    with catalog._write() as c:
        _fill_centroids(c, model, set(bad_ids))
        for part in shared.chunks(ckeys):
            marks = ",".join("?" * len(part))
            dropped += c.execute(f"DELETE FROM faces WHERE model = ? AND ckey IN ({marks})",
                                 [model, *part]).rowcount or 0
            c.execute(f"DELETE FROM face_scans WHERE model = ? AND ckey IN ({marks})",
                      [model, *part])
        _tidy(c)
    return dropped


_UNREMEMBERED = ("SELECT id FROM people WHERE name IS NOT NULL AND centroid IS NULL "
                 "AND EXISTS (SELECT 1 FROM faces WHERE person_id = people.id)")


def _fill_centroids(c: sqlite3.Connection, model: str, skip: set[int]) -> None:
    """Named people without a mean face (named before it was kept) get one from their faces of
    ``model``, bad rows (``skip``) left out."""
    for (pid,) in c.execute(_UNREMEMBERED).fetchall():
        vecs = [np.frombuffer(b, FACE_DTYPE) for fid, b in c.execute(
            "SELECT id, vec FROM faces WHERE person_id = ? AND model = ?", (pid, model))
            if fid not in skip and not _bad_vec(b)]
        mean = mean_face(vecs)
        if mean is not None:
            c.execute("UPDATE people SET centroid = ? WHERE id = ?",
                      (mean.astype(FACE_DTYPE).tobytes(), pid))


def _tidy(c: sqlite3.Connection) -> None:
    """Unnamed people left without a face, and answers about faces or people that are gone."""
    c.execute("DELETE FROM people WHERE name IS NULL AND NOT EXISTS "
              "(SELECT 1 FROM faces WHERE person_id = people.id)")
    c.execute("DELETE FROM face_rejections WHERE face_id NOT IN (SELECT id FROM faces) "
              "OR person_id NOT IN (SELECT id FROM people)")


def rebuild_tables(catalog: Catalog, tables: list[str]) -> None:
    """Drop ``tables`` and make them again empty, as the schema declares them, in one
    transaction. Their pages may not even be walkable, so they leave the schema itself
    (``writable_schema``) and their pages are freed by compacting the catalog afterwards."""
    names = list(tables)
    marks = ",".join("?" * len(names))
    try:
        _rebuild(catalog, names, marks)
    except sqlite3.Error as exc:  # a SQLite built "defensive" refuses writable_schema
        raise CatalogDamaged(path=str(catalog.path), detail=str(exc)) from exc
    try:  # the dropped tables' pages are unreachable: a copy of the catalog leaves them out
        catalog._connection().execute("VACUUM")
    except sqlite3.Error as exc:
        log.warning("the catalog could not be compacted after its face tables were rebuilt "
                    "(%s); 'photorec repair' does it", exc)


def _rebuild(catalog: Catalog, names: list[str], marks: str) -> None:
    with catalog._write() as c:
        sqls = [r[0] for r in c.execute(
            f"SELECT sql FROM sqlite_master WHERE tbl_name IN ({marks}) AND sql IS NOT NULL "
            "ORDER BY type = 'index', rowid", names)]
        version = int(c.execute("PRAGMA schema_version").fetchone()[0])
        c.execute("PRAGMA writable_schema = ON")
        try:
            c.execute(f"DELETE FROM sqlite_master WHERE tbl_name IN ({marks})", names)
            c.execute(f"PRAGMA schema_version = {version + 1}")  # every connection reloads it
        finally:
            c.execute("PRAGMA writable_schema = OFF")
        for sql in sqls:
            c.execute(sql)
        if PEOPLE_TABLE not in names:
            _tidy(c)


def check_and_heal(catalog: Catalog, model: str) -> FaceDamage:
    """Check the face data (see the module doc) and rebuild what is damaged. Returns what was
    found; nothing is changed in a sound catalog."""
    out = FaceDamage()
    if catalog.readonly or not ensure_schema(catalog):
        return out
    for table in (*FACE_TABLES, PEOPLE_TABLE):
        problem = table_problem(catalog, table)
        if problem:
            out.tables.append(table)
            out.detail = out.detail or problem
    if out.tables:
        tables = list(FACE_TABLES) + ([PEOPLE_TABLE] if PEOPLE_TABLE in out.tables else [])
        log.info("face tables that do not answer: %s (%s)", out.tables, out.detail)
        rebuild_tables(catalog, tables)
        out.tables = tables
        return out
    try:
        ckeys, out.kinds, ids = bad_rows(catalog, model)
    except CatalogDamaged as exc:  # the read went wrong where the page check saw nothing
        rebuild_tables(catalog, list(FACE_TABLES))
        out.tables, out.detail = list(FACE_TABLES), str(exc.fields.get("detail", exc))
        return out
    if ckeys:
        log.info("bad face rows: %s in %d photos", out.kinds, len(ckeys))
        out.faces = _drop_photos(catalog, model, sorted(ckeys), ids)
        out.photos = len(ckeys)
    elif catalog._query(_UNREMEMBERED + " LIMIT 1"):
        with catalog._write() as c:
            _fill_centroids(c, model, set())
    return out
