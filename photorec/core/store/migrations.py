"""The catalog's schema, as numbered migrations. ``PRAGMA user_version`` is the version.

A fresh catalog runs every migration from 0; an older one runs those it lacks, each in one
transaction (the version moves with it), so a fresh catalog and an upgraded one are the same.

1  photorec 0.1.0: folders, files, vectors, meta (0.1.0 left user_version at 0 and wrote
   ``meta.schema_version = '1'``).
2  the organising features' tables (tags, duplicate decisions and photo quality, themes), which
   0.1.0 created on first use; paths are declared ``TEXT_PATH`` (see :mod:`.db`), so a file name
   that is not UTF-8 is kept as its bytes.
3  organising tables added after 0.1.0: tag_file_keywords (keywords read from the files),
   photo_phash (perceptual hashes of the duplicates finder).
4  file_metadata (what the files and sidecars say), object_classes.
5  file_keywords: the keywords a file or its sidecar carries belong to that file (keyed by
   path), not to its content; file-sourced rows leave ``tags`` (which keeps the user's tags,
   per content) and ``tag_file_keywords`` (left empty). file_metadata gains the titles and
   descriptions in every language and the artist; every row is marked for a re-read.
6  people: faces, people, face_scans, face_rejections (issue 17).

Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from photorec.core.errors import CatalogError

log = logging.getLogger(__name__)

V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS folders (
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    added REAL NOT NULL,
    last_scan REAL,
    online INTEGER NOT NULL DEFAULT 1,
    offline_reason TEXT
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path TEXT UNIQUE NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ckey TEXT,
    status TEXT NOT NULL,           -- 'ok' (embedded) or 'error'
    error TEXT,
    width INTEGER,
    height INTEGER,
    taken REAL,                     -- EXIF time, else NULL
    added REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS files_ckey ON files(ckey);
CREATE INDEX IF NOT EXISTS files_folder ON files(folder_id);
CREATE TABLE IF NOT EXISTS vectors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- the label in the hnsw index, never reused
    ckey TEXT NOT NULL,
    model TEXT NOT NULL,
    vec BLOB NOT NULL,              -- float16, unit length
    width INTEGER,                  -- properties of the content, copied to a moved file
    height INTEGER,
    taken REAL,
    added REAL NOT NULL,
    UNIQUE (ckey, model)
);
CREATE INDEX IF NOT EXISTS vectors_model ON vectors(model, id);
"""

# The organising tables as photorec 0.1.0 created them on first use (core/tags.py,
# core/duplicates.py, core/themes.py); IF NOT EXISTS: a 0.1.0 catalog may have them already.
V2_ORGANIZE = """
CREATE TABLE IF NOT EXISTS tags (
    ckey TEXT NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    source TEXT NOT NULL DEFAULT 'user',   -- 'user', 'import' or 'suggestion' (accepted)
    created REAL NOT NULL,
    PRIMARY KEY (ckey, tag)
);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
CREATE TABLE IF NOT EXISTS tag_rejections (
    ckey TEXT NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    created REAL NOT NULL,
    PRIMARY KEY (ckey, tag)
);
CREATE TABLE IF NOT EXISTS tag_hints (   -- paths where tagged contents were last seen
    ckey TEXT PRIMARY KEY,
    path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tag_models (
    model TEXT PRIMARY KEY,
    created REAL NOT NULL,
    info TEXT NOT NULL,                    -- JSON: tags, accuracy, baseline, sizes, folders
    weights BLOB NOT NULL,                 -- float32 [p, T]
    bias BLOB NOT NULL,                    -- float32 [T]
    proj_mean BLOB NOT NULL,               -- float32 [model dim]
    proj_basis BLOB NOT NULL               -- float32 [model dim, p]
);
CREATE TABLE IF NOT EXISTS dup_decisions (
    ckey_a TEXT NOT NULL,           -- ckey_a <= ckey_b, equal for "keep these exact copies"
    ckey_b TEXT NOT NULL,
    decision TEXT NOT NULL,         -- 'distinct' (not duplicates) or 'keep' (keep all)
    created REAL NOT NULL,
    PRIMARY KEY (ckey_a, ckey_b)
);
CREATE TABLE IF NOT EXISTS photo_quality (
    ckey TEXT PRIMARY KEY,
    sharpness REAL,                 -- Laplacian energy / intensity variance (grey thumbnail)
    signature BLOB,                 -- 4x4 RGB layout, 48 bytes
    jpeg_quality INTEGER,           -- estimated from the file's quantisation tables, JPEG only
    measured REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS theme_runs (
    model TEXT PRIMARY KEY,         -- one stored result per model
    k INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    auto INTEGER NOT NULL,          -- 1 if k was picked automatically
    n INTEGER NOT NULL,             -- how many contents were clustered
    inertia REAL,                   -- mean cosine to the own centroid
    seconds REAL,
    created REAL NOT NULL,
    dim INTEGER NOT NULL,           -- of the projected space
    centroids BLOB NOT NULL,        -- float32 [k, dim], unit rows, in the projected space
    proj_mean BLOB NOT NULL,        -- float32 [model dim]: the projection (x - mean) @ basis
    proj_basis BLOB NOT NULL,       -- float32 [model dim, dim]
    info TEXT                       -- JSON (how k was chosen)
);
CREATE TABLE IF NOT EXISTS theme_members (
    model TEXT NOT NULL,
    ckey TEXT NOT NULL,
    theme INTEGER NOT NULL,
    score REAL NOT NULL,            -- cosine to the theme's centroid (centrality)
    PRIMARY KEY (model, ckey)
);
CREATE INDEX IF NOT EXISTS theme_members_theme ON theme_members(model, theme, score);
"""

# Tables whose path column becomes TEXT_PATH in version 2: (table, the new CREATE, indexes).
_PATH_TABLES = {
    "folders": """CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    path TEXT_PATH UNIQUE NOT NULL,
    added REAL NOT NULL,
    last_scan REAL,
    online INTEGER NOT NULL DEFAULT 1,
    offline_reason TEXT
)""",
    "files": """CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path TEXT_PATH UNIQUE NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ckey TEXT,
    status TEXT NOT NULL,           -- 'ok' (embedded) or 'error'
    error TEXT,
    width INTEGER,
    height INTEGER,
    taken REAL,                     -- EXIF time, else NULL
    added REAL NOT NULL,
    updated REAL NOT NULL
)""",
    "tag_hints": """CREATE TABLE tag_hints (   -- paths where tagged contents were last seen
    ckey TEXT PRIMARY KEY,
    path TEXT_PATH NOT NULL
)""",
}


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _m1(con: sqlite3.Connection) -> None:
    for stmt in _statements(V1):
        con.execute(stmt)


def _rebuild(con: sqlite3.Connection, table: str, create: str) -> None:
    """Swap a table for ``create``'s shape keeping rows and indexes (SQLite's 12-step way)."""
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    indexes = [r[0] for r in con.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,))]
    tmp = f"_new_{table}"
    con.execute(create.replace(f"CREATE TABLE {table} ", f"CREATE TABLE {tmp} ", 1))
    col_list = ", ".join(cols)
    con.execute(f"INSERT INTO {tmp} ({col_list}) SELECT {col_list} FROM {table}")
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE {tmp} RENAME TO {table}")
    for sql in indexes:
        con.execute(sql)


def _m2(con: sqlite3.Connection) -> None:
    for stmt in _statements(V2_ORGANIZE):
        con.execute(stmt)
    for table, create in _PATH_TABLES.items():
        _rebuild(con, table, create)


# Organising tables added after 0.1.0 (core/store/tags.py, core/store/duplicates.py).
V3_ORGANIZE = """
CREATE TABLE IF NOT EXISTS tag_file_keywords (   -- what each photo file itself says (IPTC/XMP)
    ckey TEXT NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (ckey, tag)
);
CREATE TABLE IF NOT EXISTS photo_phash (
    ckey TEXT PRIMARY KEY,
    phash INTEGER NOT NULL,         -- DCT pHash of the thumbnail, 64 bits as a signed integer
    measured REAL NOT NULL
);
"""


def _m3(con: sqlite3.Connection) -> None:
    for stmt in _statements(V3_ORGANIZE):
        con.execute(stmt)


# What the photo files say (keywords, titles, ratings...) and the recognised objects
# (core/store/metadata.py).
V4_METADATA = """
CREATE TABLE IF NOT EXISTS file_metadata (
    path TEXT_PATH PRIMARY KEY,
    file_mtime_ns INTEGER NOT NULL,
    sidecars TEXT NOT NULL,          -- name:mtime_ns of each sidecar read
    title TEXT,
    description TEXT,
    keywords TEXT NOT NULL,          -- JSON list of flat keywords
    hierarchical TEXT NOT NULL,      -- JSON list of "A|B|C" paths
    rating INTEGER,
    taken REAL,
    camera TEXT,
    lat REAL,
    lon REAL,
    problem TEXT,
    read REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS object_classes (
    ckey TEXT NOT NULL,
    model TEXT NOT NULL,
    top TEXT NOT NULL,               -- JSON [[class index, probability], ...], best first
    PRIMARY KEY (ckey, model)
)
"""


def _m4(con: sqlite3.Connection) -> None:
    for stmt in _statements(V4_METADATA):
        con.execute(stmt)


V5_FILE_KEYWORDS = """
CREATE TABLE IF NOT EXISTS file_keywords (   -- what each photo file (and its sidecar) says
    path TEXT_PATH NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (path, tag)
)
"""

# People (issue 17, core/store/people.py): the faces found in each content, the people they
# make, what the user said ("not this person"), and which contents were searched for faces.
# Keyed by content key like the organising tables. Boxes and landmarks are fractions of the
# photo as displayed (EXIF orientation applied).
V6_PEOPLE = """
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT COLLATE NOCASE,           -- NULL: not named yet
    created REAL NOT NULL,
    named REAL                          -- when the user (or a photo's region) named it
);
CREATE INDEX IF NOT EXISTS people_name ON people(name);
CREATE TABLE IF NOT EXISTS faces (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ckey TEXT NOT NULL,
    model TEXT NOT NULL,                -- the face models' key (detector + recogniser)
    x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
    landmarks TEXT NOT NULL,            -- JSON, 10 fractions (x, y per point)
    score REAL NOT NULL,                -- detector confidence
    quality REAL NOT NULL,              -- 0..1: size, sharpness, pose
    width_px REAL NOT NULL,             -- the face's width in the original photo
    vec BLOB NOT NULL,                  -- float16 [128], unit length
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    assigned TEXT,                      -- 'auto', 'user' or 'region' (NULL: no person)
    suggestion INTEGER REFERENCES people(id) ON DELETE SET NULL,  -- "Is this Ana?"
    region_name TEXT,                   -- the name a region in the photo gives this face
    added REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS faces_ckey ON faces(ckey);
CREATE INDEX IF NOT EXISTS faces_person ON faces(person_id);
CREATE TABLE IF NOT EXISTS face_scans (
    ckey TEXT NOT NULL,
    model TEXT NOT NULL,
    faces INTEGER NOT NULL,
    scanned REAL NOT NULL,
    PRIMARY KEY (ckey, model)
);
CREATE TABLE IF NOT EXISTS face_rejections (   -- "not this person": never assigned again
    face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (face_id, person_id)
)
"""


def _file_tags(keywords: list[str], hierarchical: list[str]) -> list[str]:
    """A file's tags from what file_metadata kept: the hierarchical paths whole, and the flat
    keywords that are not a part of one (as PhotoMeta.tags)."""
    parts = {p.lower() for h in hierarchical for p in str(h).split("|")}
    out: dict[str, str] = {}
    for t in list(hierarchical) + [k for k in keywords if str(k).lower() not in parts]:
        t = " ".join(str(t).split())
        if t and len(t) <= 200 and not t.lower().startswith("folder:"):
            out.setdefault(t.lower(), t)
    return list(out.values())


def _m5(con: sqlite3.Connection) -> None:
    import json

    for stmt in _statements(V5_FILE_KEYWORDS):
        con.execute(stmt)
    for column in ("titles", "descriptions", "artist"):  # JSON {language: text}; text
        con.execute(f"ALTER TABLE file_metadata ADD COLUMN {column} TEXT")
    rows = con.execute("SELECT path, keywords, hierarchical FROM file_metadata").fetchall()
    for path, kw, hier in rows:
        try:
            tags = _file_tags(json.loads(kw or "[]"), json.loads(hier or "[]"))
        except ValueError:
            continue
        con.executemany("INSERT OR IGNORE INTO file_keywords(path, tag) VALUES (?, ?)",
                        [(path, t) for t in tags])
    con.execute("DELETE FROM tags WHERE source = 'file'")
    con.execute("DELETE FROM tag_file_keywords")
    con.execute("UPDATE file_metadata SET file_mtime_ns = -1")  # read again by the next pass



def _m6(con: sqlite3.Connection) -> None:
    for stmt in _statements(V6_PEOPLE):
        con.execute(stmt)


def _m7(con: sqlite3.Connection) -> None:
    """Faces, second step (issue 17): ``face_scans.side`` is the long side (px) the photo was
    last searched at (0: the in-run pass only; a later pass looks closer for small faces);
    ``people.centroid`` keeps a named person's mean face (float16 [128]) so that a rebuilt
    face table finds its named people again."""
    for table, column, kind in (("face_scans", "side", "INTEGER NOT NULL DEFAULT 0"),
                                ("people", "centroid", "BLOB")):
        have = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
        if column not in have:  # a catalog put back to an older version keeps its columns
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m1, _m2, _m3, _m4, _m5, _m6, _m7]
SCHEMA_VERSION = len(MIGRATIONS)


def version_of(con: sqlite3.Connection) -> int:
    """The schema version of an open catalog (0: empty)."""
    v = int(con.execute("PRAGMA user_version").fetchone()[0])
    if v == 0:  # photorec 0.1.0 kept it in meta
        has_meta = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if has_meta:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row and str(row[0]).isdigit():
                v = int(row[0])
    return v


def migrate(con: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """Bring the catalog to :data:`SCHEMA_VERSION`. Returns (from, to)."""
    start = version_of(con)
    if start > SCHEMA_VERSION:
        raise CatalogError("catalog_too_new", path=str(path), version=start, known=SCHEMA_VERSION)
    if start == SCHEMA_VERSION:
        return start, start
    # Rebuilding tables with foreign keys on would cascade deletes; the switch only works
    # outside a transaction.
    con.execute("PRAGMA foreign_keys = OFF")
    try:
        for n in range(start + 1, SCHEMA_VERSION + 1):
            con.execute("BEGIN IMMEDIATE")
            try:
                if version_of(con) >= n:  # another process migrated meanwhile
                    con.execute("ROLLBACK")
                    continue
                MIGRATIONS[n - 1](con)
                bad = con.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise CatalogError("migration_broke", number=n, path=str(path), count=len(bad))
                con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                            (str(n),))
                con.execute(f"PRAGMA user_version = {n}")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            if start:
                log.info("catalog %s upgraded to schema %d", path, n)
    finally:
        con.execute("PRAGMA foreign_keys = ON")
    return start, SCHEMA_VERSION
