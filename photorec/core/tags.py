"""Tags on photos, a classifier trained from them, and "more like these".

Tags are stored per content key (a moved, renamed or rescanned photo keeps them) in the
catalog, and a tag a user typed is never deleted with the photo: forgetting a photo leaves its
tags, ready for the day the same content comes back, and :func:`export_tags` /
:func:`import_tags` write and read them as JSON or CSV. A photo's folder can serve as a tag:
``folder:NAME`` (the name of the folder the file is in) filters like any tag, and the
classifier can learn folders as labels (``use_folders=True``).

The classifier is one-vs-rest logistic regression (numpy, full-batch Adam with L2) on the
embeddings, centred and projected on their principal axes: it trains in well under a second
for thousands of tagged photos. Positives of a tag are its photos; negatives are photos that
carry other tags, and photos where the user rejected that tag. Its held-out accuracy (top
suggested tag is one of the photo's tags; k-fold cross-validation for small sets) is reported
beside the accuracy of always guessing the most common tag. Rejections are remembered and
never suggested again.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from photorec.core import organize
from photorec.core.catalog import Photo

log = logging.getLogger(__name__)

FOLDER_PREFIX = "folder:"
FILE_SOURCE = "file"  # tags read from the photo files (IPTC/XMP keywords)
HIERARCHY = "|"  # Lightroom's hierarchical keywords: Places|Portugal|Douro
MIN_TRAIN = 6  # tagged photos needed to train at all
MIN_PER_TAG = 2  # photos a tag needs to be learned
MIN_CONFIDENCE = 0.5
PCA_DIM = 128
L2 = 1e-2
STEPS = 200
LR = 0.05
EXPORT_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS tags (
    ckey TEXT NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    source TEXT NOT NULL DEFAULT 'user',   -- 'user', 'import', 'suggestion' (accepted) or
                                           -- 'file' (a keyword in the photo file, see set_file_tags)
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
CREATE TABLE IF NOT EXISTS tag_file_keywords (   -- what each photo file itself says (IPTC/XMP)
    ckey TEXT NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
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
)
"""


class TagError(Exception):
    """Something about tags the user can act on (a bad file, too few tagged photos)."""


def ensure_schema(catalog) -> bool:
    return organize.ensure(catalog, "tags", SCHEMA)


def _writable(lib) -> None:
    if not ensure_schema(lib.catalog) or lib.catalog.readonly:
        raise TagError("the library is open read-only")


def clean_tag(tag: str) -> str:
    t = " ".join(str(tag).split())
    if not t:
        raise TagError("a tag cannot be empty")
    if t.lower().startswith(FOLDER_PREFIX):
        raise TagError(f"tags starting with '{FOLDER_PREFIX}' are the photos' folders; "
                       "choose another name")
    if len(t) > 200:
        raise TagError("a tag is at most 200 characters")
    return t


def folder_tag(path: str) -> str:
    return FOLDER_PREFIX + os.path.basename(os.path.dirname(path))


def _photos_for(lib, paths: Iterable[str]) -> list[Photo]:
    out, missing = [], []
    for p in paths:
        ph = lib.catalog.photo_by_path(os.path.abspath(p))
        if ph is None or not ph.ckey:
            missing.append(p)
        else:
            out.append(ph)
    if missing:
        raise TagError("not in the library (index it first): " + ", ".join(missing[:5])
                       + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
    return out


# -- tagging ---------------------------------------------------------------------------------


def add_tags(lib, paths: Iterable[str], tags: Iterable[str], *, source: str = "user") -> int:
    """Tag photos. Returns how many (photo content, tag) pairs were new (a tag that so far
    came only from the photo file becomes the user's own, and counts as new)."""
    _writable(lib)
    tags = [clean_tag(t) for t in tags]
    photos = _photos_for(lib, paths)
    now = time.time()
    n = 0
    with lib.catalog.write() as c:
        for p in photos:
            c.execute("INSERT OR REPLACE INTO tag_hints(ckey, path) VALUES (?, ?)", (p.ckey, p.path))
            for t in tags:
                added = c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) "
                                  "VALUES (?,?,?,?)", (p.ckey, t, source, now)).rowcount
                if not added and source != FILE_SOURCE:
                    added = c.execute("UPDATE tags SET source = ? WHERE ckey = ? AND tag = ? "
                                      "AND source = ?", (source, p.ckey, t, FILE_SOURCE)).rowcount
                n += added
                c.execute("DELETE FROM tag_rejections WHERE ckey = ? AND tag = ?", (p.ckey, t))
    return n


def remove_tags(lib, paths: Iterable[str], tags: Iterable[str]) -> int:
    """Untag photos. A tag the photo file itself carries is remembered as rejected for that
    photo, so reading the file again does not bring it back."""
    _writable(lib)
    tags = [" ".join(str(t).split()) for t in tags]
    photos = _photos_for(lib, paths)
    now = time.time()
    n = 0
    with lib.catalog.write() as c:
        for p in photos:
            for t in tags:
                in_file = c.execute("SELECT 1 FROM tags WHERE ckey = ? AND tag = ? AND source = ? "
                                    "UNION SELECT 1 FROM tag_file_keywords WHERE ckey = ? AND tag = ?",
                                    (p.ckey, t, FILE_SOURCE, p.ckey, t)).fetchone()
                n += c.execute("DELETE FROM tags WHERE ckey = ? AND tag = ?", (p.ckey, t)).rowcount
                if in_file:
                    c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) "
                              "VALUES (?,?,?)", (p.ckey, t, now))
    return n


def rename_tag(lib, old: str, new: str) -> int:
    """Rename a tag everywhere. Renamed tags that came from photo files become the user's
    (``new``), and ``old`` is remembered as rejected for those photos so that reading the
    files again does not bring the old name back."""
    _writable(lib)
    new = clean_tag(new)
    now = time.time()
    with lib.catalog.write() as c:
        c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) "
                  "SELECT ckey, ?, CASE WHEN source = ? THEN 'user' ELSE source END, created "
                  "FROM tags WHERE tag = ?", (new, FILE_SOURCE, old))
        if new.lower() != old.lower():
            c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) "
                      "SELECT ckey, tag, ? FROM tags WHERE tag = ? AND source = ?",
                      (now, old, FILE_SOURCE))
        else:
            c.execute("UPDATE tags SET source = 'user' WHERE tag = ? AND source = ?",
                      (new, FILE_SOURCE))
        return c.execute("DELETE FROM tags WHERE tag = ? AND tag != ?", (old, new)).rowcount


# -- tags read from the photo files ----------------------------------------------------------


def _clean_file_tags(tags: Iterable[str]) -> list[str]:
    """File keywords as tags: cleaned, without case duplicates; unusable ones are skipped."""
    out: dict[str, str] = {}
    for t in tags:
        try:
            t = clean_tag(t)
        except TagError as exc:
            log.debug("file keyword %r skipped: %s", t, exc)
            continue
        out.setdefault(t.lower(), t)
    return list(out.values())


def _set_file_tags(c, ckey: str, tags: list[str], path: str | None, now: float) -> None:
    c.execute("DELETE FROM tag_file_keywords WHERE ckey = ?", (ckey,))
    c.executemany("INSERT OR IGNORE INTO tag_file_keywords(ckey, tag) VALUES (?, ?)",
                  [(ckey, t) for t in tags])
    want = {t.lower() for t in tags}
    for (t,) in c.execute("SELECT tag FROM tags WHERE ckey = ? AND source = ?",
                          (ckey, FILE_SOURCE)).fetchall():
        if t.lower() not in want:
            c.execute("DELETE FROM tags WHERE ckey = ? AND tag = ?", (ckey, t))
    rejected = {r[0].lower() for r in c.execute(
        "SELECT tag FROM tag_rejections WHERE ckey = ?", (ckey,)).fetchall()}
    c.executemany("INSERT OR IGNORE INTO tags(ckey, tag, source, created) VALUES (?,?,?,?)",
                  [(ckey, t, FILE_SOURCE, now) for t in tags if t.lower() not in rejected])
    if path and tags:
        c.execute("INSERT OR REPLACE INTO tag_hints(ckey, path) VALUES (?, ?)", (ckey, path))


def set_file_tags_many(catalog_or_lib, items: Iterable[tuple[str, Iterable[str]]] | dict, *,
                       paths: dict[str, str] | None = None, con=None) -> None:
    """:func:`set_file_tags` for many photos at once: ``items`` maps content key -> keywords
    (a dict, or (ckey, keywords) pairs). One transaction, or the caller's ``con``."""
    cat = getattr(catalog_or_lib, "catalog", catalog_or_lib)
    pairs = list(items.items() if isinstance(items, dict) else items)
    if not pairs:
        return
    now = time.time()
    paths = paths or {}
    if con is not None:
        if "tags" not in cat.__dict__.get("_organize_tables", set()):
            for stmt in SCHEMA.split(";"):
                if stmt.strip():
                    con.execute(stmt)
        for ck, tags in pairs:
            _set_file_tags(con, ck, _clean_file_tags(tags), paths.get(ck), now)
        return
    if not ensure_schema(cat) or cat.readonly:
        raise TagError("the library is open read-only")
    with cat.write() as c:
        for ck, tags in pairs:
            _set_file_tags(c, ck, _clean_file_tags(tags), paths.get(ck), now)


def set_file_tags(catalog_or_lib, content_key: str, tags: Iterable[str], *,
                  path: str | None = None, con=None) -> None:
    """Make ``tags`` (the keywords read from a photo file: IPTC/XMP keywords, Lightroom
    hierarchies as ``Places|Portugal|Douro``) that photo's file-sourced tags, replacing the
    ones read before. The user's own tags are untouched; a file tag the user removed (a
    rejection) is not brought back. ``catalog_or_lib``: a Library or its Catalog; ``path``
    (optional): where the file is, kept so an export can name it; ``con``: an open write
    transaction of that catalog to do it in (the indexer's), else one of its own."""
    set_file_tags_many(catalog_or_lib, [(content_key, tags)],
                       paths={content_key: path} if path else None, con=con)


def file_tags_of(lib, path: str) -> list[str]:
    """The tags of a photo that come from its file (and the user has not removed)."""
    p = lib.catalog.photo_by_path(os.path.abspath(path))
    if p is None or not ensure_schema(lib.catalog):
        return []
    return [r[0] for r in lib.catalog.query(
        "SELECT tag FROM tags WHERE ckey = ? AND source = ? ORDER BY tag", (p.ckey, FILE_SOURCE))]


def file_tag_counts(lib) -> dict[str, int]:
    """tag (lower case) -> how many library photos carry it because their file says so."""
    if not ensure_schema(lib.catalog):
        return {}
    return {t.lower(): int(n) for t, n in lib.catalog.query(
        "SELECT t.tag, COUNT(f.id) FROM tags t JOIN files f ON f.ckey = t.ckey AND f.status = 'ok' "
        "WHERE t.source = ? GROUP BY t.tag COLLATE NOCASE", (FILE_SOURCE,))}


def tags_by_ckey(lib) -> dict[str, list[str]]:
    if not ensure_schema(lib.catalog):
        return {}
    out: dict[str, list[str]] = {}
    for ck, t in lib.catalog.query("SELECT ckey, tag FROM tags ORDER BY tag"):
        out.setdefault(ck, []).append(t)
    return out


def tags_of(lib, path: str, *, folders: bool = False) -> list[str]:
    p = lib.catalog.photo_by_path(os.path.abspath(path))
    if p is None or not ensure_schema(lib.catalog):
        return []
    out = [r[0] for r in lib.catalog.query("SELECT tag FROM tags WHERE ckey = ? ORDER BY tag", (p.ckey,))]
    if folders:
        out.append(folder_tag(p.path))
    return out


def all_tags(lib, *, folders: bool = False) -> list[tuple[str, int]]:
    """(tag, number of library photos with it), most used first; tags whose photos are all
    gone from the library are listed with 0 (they are kept)."""
    out: list[tuple[str, int]] = []
    if ensure_schema(lib.catalog):
        out = [(t, int(n)) for t, n in lib.catalog.query(
            "SELECT t.tag, COUNT(f.id) FROM tags t LEFT JOIN files f "
            "ON f.ckey = t.ckey AND f.status = 'ok' GROUP BY t.tag COLLATE NOCASE "
            "ORDER BY COUNT(f.id) DESC, t.tag")]
    if folders:
        counts = Counter(folder_tag(p.path) for p in lib.photos())
        out += sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def photos_with_tag(lib, tag: str) -> list[Photo]:
    """Library photos carrying ``tag`` (or in the folder ``folder:NAME``), by path. A
    hierarchical tag is found by its full name, by an ancestor (``Places|Portugal`` finds
    ``Places|Portugal|Douro``) and by its last part (``Douro``)."""
    if tag.lower().startswith(FOLDER_PREFIX):
        name = tag[len(FOLDER_PREFIX):].lower()
        return [p for p in lib.photos() if os.path.basename(os.path.dirname(p.path)).lower() == name]
    if not ensure_schema(lib.catalog):
        return []
    tag = " ".join(str(tag).split())
    esc = _like_escape(tag)
    ids = [r[0] for r in lib.catalog.query(
        "SELECT DISTINCT f.id FROM files f JOIN tags t ON t.ckey = f.ckey WHERE f.status = 'ok' "
        "AND (t.tag = ? OR t.tag LIKE ? ESCAPE '\\' OR t.tag LIKE ? ESCAPE '\\')",
        (tag, esc + HIERARCHY + "%", "%" + HIERARCHY + esc))]
    return sorted(lib.catalog.photos_by_id(ids).values(), key=lambda p: p.path)


def untagged_photos(lib) -> list[Photo]:
    tagged = set(tags_by_ckey(lib))
    return [p for p in lib.photos() if p.ckey not in tagged]


# -- export / import -------------------------------------------------------------------------


def export_tags(lib, file: str | os.PathLike[str]) -> int:
    """Write every tag (and every rejected suggestion) to ``file``: JSON, or CSV when the name
    ends in .csv. Content keys and current paths both go in, so an import finds the photos
    again after a move or in a fresh library. Returns how many tags were written."""
    if not ensure_schema(lib.catalog):
        rows, rejected, hints = [], [], {}
    else:
        rows = lib.catalog.query("SELECT ckey, tag, source, created FROM tags ORDER BY ckey, tag")
        rejected = lib.catalog.query("SELECT ckey, tag, created FROM tag_rejections ORDER BY ckey, tag")
        hints = dict(lib.catalog.query("SELECT ckey, path FROM tag_hints"))
    paths: dict[str, list[str]] = {}
    for ck, path in lib.catalog.query(
            "SELECT ckey, path FROM files WHERE ckey IS NOT NULL ORDER BY path"):
        paths.setdefault(ck, []).append(path)
    for ck, path in hints.items():
        paths.setdefault(ck, [path])
    file = Path(file)
    if file.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["path", "tag", "ckey", "kind", "source", "created"])
        for ck, tag, source, created in rows:
            w.writerow([(paths.get(ck) or [""])[0], tag, ck, "tag", source, created])
        for ck, tag, created in rejected:
            w.writerow([(paths.get(ck) or [""])[0], tag, ck, "rejected", "", created])
        text = buf.getvalue()
    else:
        by_ck: dict[str, dict] = {}
        for ck, tag, source, created in rows:
            d = by_ck.setdefault(ck, {"ckey": ck, "paths": paths.get(ck, []), "tags": []})
            d["tags"].append({"tag": tag, "source": source, "created": created})
        for ck, tag, created in rejected:
            d = by_ck.setdefault(ck, {"ckey": ck, "paths": paths.get(ck, []), "tags": []})
            d.setdefault("rejected", []).append({"tag": tag, "created": created})
        text = json.dumps({"photorec_tags": EXPORT_VERSION, "exported": time.time(),
                           "photos": list(by_ck.values())}, indent=1, ensure_ascii=False)
    tmp = file.with_name(file.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError as exc:
        raise TagError(f"cannot write {file}: {exc.strerror or exc}") from exc
    return len(rows)


@dataclass
class ImportReport:
    tags: int = 0  # (content, tag) pairs added
    rejected: int = 0
    matched: int = 0  # entries matched to a library photo
    unmatched: int = 0  # entries kept by content key though no library photo has it now
    skipped: list[str] = field(default_factory=list)  # entries without a usable key, and why


def import_tags(lib, file: str | os.PathLike[str]) -> ImportReport:
    """Read tags written by :func:`export_tags` (or a hand-made CSV with columns ``path`` and
    ``tag``). Entries are matched by content key, else by path (its content key is computed
    when the file exists but is not in the library). Nothing is removed."""
    _writable(lib)
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TagError(f"cannot read {file}: {exc.strerror or exc}") from exc
    entries: list[tuple[str | None, list[str], str, str, str]] = []  # ckey, paths, tag, kind, source
    if file.suffix.lower() == ".csv" or not text.lstrip().startswith("{"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "tag" not in reader.fieldnames:
            raise TagError(f"{file}: a CSV needs a header with at least 'path' and 'tag'")
        for row in reader:
            entries.append((row.get("ckey") or None, [row.get("path") or ""], row.get("tag") or "",
                            row.get("kind") or "tag", row.get("source") or "import"))
    else:
        try:
            data = json.loads(text)
            photos = data["photos"]
        except (ValueError, KeyError, TypeError) as exc:
            raise TagError(f"{file} is not a photorec tags file ({exc})") from exc
        for ph in photos:
            for t in ph.get("tags", []):
                entries.append((ph.get("ckey"), ph.get("paths", []), t.get("tag", ""), "tag",
                                t.get("source", "import")))
            for t in ph.get("rejected", []):
                entries.append((ph.get("ckey"), ph.get("paths", []), t.get("tag", ""), "rejected", ""))
    rep = ImportReport()
    now = time.time()
    from photorec.core.scan import content_key

    known_ckeys = {r[0] for r in lib.catalog.query("SELECT DISTINCT ckey FROM files WHERE ckey IS NOT NULL")}
    with lib.catalog.write() as c:
        for ck, paths, tag, kind, source in entries:
            try:
                tag = clean_tag(tag)
            except TagError as exc:
                rep.skipped.append(f"{paths[:1]}: {exc}")
                continue
            path = next((os.path.abspath(p) for p in paths if p), None)
            if not ck and path:
                row = c.execute("SELECT ckey FROM files WHERE path = ?", (path,)).fetchone()
                if row and row[0]:
                    ck = row[0]
                elif os.path.isfile(path):
                    try:
                        ck = content_key(path)
                    except OSError:
                        ck = None
            if not ck:
                rep.skipped.append(f"{path or '?'}: not found, and no content key in the file")
                continue
            if ck in known_ckeys:
                rep.matched += 1
            else:
                rep.unmatched += 1
            if path:
                c.execute("INSERT OR IGNORE INTO tag_hints(ckey, path) VALUES (?, ?)", (ck, path))
            if kind == "rejected":
                rep.rejected += c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) "
                                          "VALUES (?,?,?)", (ck, tag, now)).rowcount
            else:
                rep.tags += c.execute("INSERT OR IGNORE INTO tags(ckey, tag, source, created) "
                                      "VALUES (?,?,?,?)", (ck, tag, source or "import", now)).rowcount
    return rep


# -- the classifier --------------------------------------------------------------------------


@dataclass
class TagModel:
    tags: list[str]
    W: np.ndarray  # [p, T]
    b: np.ndarray  # [T]
    mean: np.ndarray  # [d]
    basis: np.ndarray  # [d, p]
    accuracy: float | None  # held-out: the top tag is one of the photo's tags
    baseline: float | None  # the same for "always the most common tag"
    n_train: int
    n_eval: int
    evaluation: str
    folders: bool
    seconds: float
    created: float

    def project(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float32) - self.mean) @ self.basis
        return _unit(Z)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probabilities [n, T] (independent per tag)."""
        return _sigmoid(self.project(X) @ self.W + self.b)

    def info(self) -> dict:
        return {"tags": self.tags, "accuracy": self.accuracy, "baseline": self.baseline,
                "n_train": self.n_train, "n_eval": self.n_eval, "evaluation": self.evaluation,
                "folders": self.folders, "seconds": round(self.seconds, 3)}

    def describe(self) -> str:
        if self.accuracy is None:
            return (f"trained on {self.n_train} photos, {len(self.tags)} tags "
                    "(too few to measure its accuracy)")
        return (f"held-out accuracy {self.accuracy:.0%} ({self.evaluation}, {self.n_eval} photos; "
                f"always guessing the most common tag: {self.baseline:.0%}); "
                f"{len(self.tags)} tags, {self.n_train} photos")


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit_logistic(Z: np.ndarray, Y: np.ndarray, M: np.ndarray, *, l2: float = L2,
                 steps: int = STEPS, lr: float = LR) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression: Z [n, p] features, Y [n, T] 0/1 targets, M [n, T] 0/1
    mask of known targets. Positives and negatives of each tag weigh the same in total.
    Full-batch Adam; returns (W [p, T], b [T])."""
    n, p = Z.shape
    T = Y.shape[1]
    pos = (Y * M).sum(0)
    neg = ((1 - Y) * M).sum(0)
    wpos = np.where(pos > 0, 0.5 / np.maximum(pos, 1), 0.0)
    wneg = np.where(neg > 0, 0.5 / np.maximum(neg, 1), 0.0)
    weight = (M * (Y * wpos + (1 - Y) * wneg)).astype(np.float32)
    W = np.zeros((p, T), dtype=np.float32)
    b = np.zeros(T, dtype=np.float32)
    mW, vW = np.zeros_like(W), np.zeros_like(W)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        P = _sigmoid(Z @ W + b)
        G = (P - Y) * weight
        gW = Z.T @ G + l2 * W
        gb = G.sum(0)
        mW = beta1 * mW + (1 - beta1) * gW
        vW = beta2 * vW + (1 - beta2) * gW * gW
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
        W -= lr * (mW / c1) / (np.sqrt(vW / c2) + eps)
        b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
    return W, b


def _fit_projection(X: np.ndarray, dim: int):
    from photorec.core.themes import fit_projection

    return fit_projection(X, dim)


def _training_set(lib, use_folders: bool):
    """(ckeys, vectors, tag names, Y, M) of the tagged library photos."""
    cat, model = lib.catalog, lib.model.key
    tags = tags_by_ckey(lib)
    if use_folders:
        for ck, path in cat.query("SELECT ckey, MIN(path) FROM files WHERE status = 'ok' "
                                  "AND ckey IS NOT NULL GROUP BY ckey"):
            tags.setdefault(ck, []).append(folder_tag(path))
    rejected: dict[str, set[str]] = {}
    if ensure_schema(cat):
        for ck, t in cat.query("SELECT ckey, tag FROM tag_rejections"):
            rejected.setdefault(ck, set()).add(t.lower())
    ids, ckeys = organize.vector_table(cat, model)
    vid_of = dict(zip(ckeys, ids.tolist()))
    count = Counter(t.lower() for ck, ts in tags.items() if ck in vid_of for t in set(ts))
    names: dict[str, str] = {}
    for ck, ts in tags.items():
        for t in ts:
            if count[t.lower()] >= MIN_PER_TAG:
                names.setdefault(t.lower(), t)
    tag_list = sorted(names.values(), key=str.lower)
    col = {t.lower(): i for i, t in enumerate(tag_list)}
    use = sorted(ck for ck in vid_of if (any(t.lower() in col for t in tags.get(ck, ()))
                                         or any(t in col for t in rejected.get(ck, ()))))
    vecs: dict[int, np.ndarray] = {}
    for vid, v in cat.iter_vectors(model, [vid_of[ck] for ck in use]):
        vecs.update(zip(vid.tolist(), v))
    use = [ck for ck in use if vid_of[ck] in vecs]
    n, T = len(use), len(tag_list)
    X = np.stack([vecs[vid_of[ck]] for ck in use]) if use else np.zeros((0, lib.model.dim), np.float32)
    Y = np.zeros((n, T), dtype=np.float32)
    M = np.zeros((n, T), dtype=np.float32)
    for i, ck in enumerate(use):
        mine = [col[t.lower()] for t in tags.get(ck, ()) if t.lower() in col]
        if mine:  # a tagged photo: a positive of its tags, a negative of the others
            M[i, :] = 1.0
            Y[i, mine] = 1.0
        for t in rejected.get(ck, ()):
            if t in col:
                M[i, col[t]] = 1.0
                Y[i, col[t]] = 0.0
    return use, X, tag_list, Y, M


def _folds(Y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """A fold number per row, stratified by each row's first tag."""
    rng = np.random.default_rng(seed)
    primary = np.where(Y.any(1), Y.argmax(1), -1)
    fold = np.zeros(len(Y), dtype=np.int64)
    for t in np.unique(primary):
        rows = np.flatnonzero(primary == t)
        rows = rows[rng.permutation(len(rows))]
        fold[rows] = (np.arange(len(rows)) + rng.integers(k)) % k
    return fold


def _top1(P: np.ndarray, Y: np.ndarray) -> float:
    labelled = Y.any(1)
    if not labelled.any():
        return float("nan")
    top = P[labelled].argmax(1)
    return float(Y[labelled][np.arange(len(top)), top].mean())


def evaluate(X: np.ndarray, Y: np.ndarray, M: np.ndarray, *, seed: int = 0,
             train_idx: np.ndarray | None = None, test_idx: np.ndarray | None = None
             ) -> tuple[float, float, int, str, float]:
    """Held-out top-1 accuracy, the most-common-tag baseline, how many photos were held out,
    how, and a temperature that calibrates the confidences (fit on the held-out predictions):
    on a given split, else 5-fold cross-validation (fewer than 500 photos) or a 20% hold-out."""
    n = len(X)
    if train_idx is not None and test_idx is not None:
        splits = [(np.asarray(train_idx), np.asarray(test_idx))]
        how = "given split"
    elif n < 500:
        k = 5
        fold = _folds(Y, k, seed)
        splits = [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(k)]
        how = "5-fold cross-validation"
    else:
        fold = _folds(Y, 5, seed)
        splits = [(np.flatnonzero(fold != 0), np.flatnonzero(fold == 0))]
        how = "20% held out"
    hits = base = total = 0.0
    held_logits, held_y, held_m = [], [], []
    for tr, te in splits:
        te = te[Y[te].any(1)]
        if len(tr) == 0 or len(te) == 0:
            continue
        proj = _fit_projection(X[tr], PCA_DIM)
        W, b = fit_logistic(proj(X[tr]), Y[tr], M[tr])
        logits = proj(X[te]) @ W + b
        P = _sigmoid(logits)
        held_logits.append(logits)
        held_y.append(Y[te])
        held_m.append(M[te])
        hits += _top1(P, Y[te]) * len(te)
        common = (Y[tr] * M[tr]).sum(0).argmax()
        base += float(Y[te][:, common].mean()) * len(te)
        total += len(te)
    if total == 0:
        return float("nan"), float("nan"), 0, how, 1.0
    temp = _temperature(np.concatenate(held_logits), np.concatenate(held_y), np.concatenate(held_m))
    return hits / total, base / total, int(total), how, temp


def _temperature(logits: np.ndarray, Y: np.ndarray, M: np.ndarray) -> float:
    """The logit scale 1/T (on a grid) with the least log-loss on held-out predictions."""
    best, best_t = np.inf, 1.0
    for t in np.geomspace(0.25, 8.0, 31):
        P = np.clip(_sigmoid(logits / t), 1e-6, 1 - 1e-6)
        loss = -float((M * (Y * np.log(P) + (1 - Y) * np.log(1 - P))).sum())
        if loss < best - 1e-9:
            best, best_t = loss, float(t)
    return best_t


def train(lib, *, use_folders: bool = False, seed: int = 0, store: bool = True) -> TagModel:
    """Train the tag classifier on the tagged photos (and store it unless read-only)."""
    t0 = time.perf_counter()
    ckeys, X, tag_list, Y, M = _training_set(lib, use_folders)
    labelled = int(Y.any(1).sum())
    if len(tag_list) < 1 or labelled < MIN_TRAIN:
        raise TagError(f"tag at least {MIN_TRAIN} photos (with tags used at least "
                       f"{MIN_PER_TAG} times) to get suggestions; {labelled} so far")
    acc = base = None
    n_eval, how, temp = 0, "not measured", 1.0
    if len(tag_list) >= 2 and labelled >= 10:
        a, bl, n_eval, how, temp = evaluate(X, Y, M, seed=seed)
        if n_eval:
            acc, base = a, bl
    proj = _fit_projection(X, PCA_DIM)
    W, b = fit_logistic(proj(X), Y, M)
    W, b = W / temp, b / temp  # calibrated confidences
    model = TagModel(tag_list, W, b, proj.mean, proj.basis, acc, base, labelled, n_eval, how,
                     use_folders, time.perf_counter() - t0, time.time())
    if store and ensure_schema(lib.catalog) and not lib.catalog.readonly:
        with lib.catalog.write() as c:
            c.execute("INSERT OR REPLACE INTO tag_models(model, created, info, weights, bias, "
                      "proj_mean, proj_basis) VALUES (?,?,?,?,?,?,?)",
                      (lib.model.key, model.created, json.dumps(model.info()),
                       W.astype(np.float32).tobytes(), b.astype(np.float32).tobytes(),
                       proj.mean.astype(np.float32).tobytes(),
                       np.ascontiguousarray(proj.basis, dtype=np.float32).tobytes()))
    return model


def load_model(lib) -> TagModel | None:
    if not ensure_schema(lib.catalog):
        return None
    row = lib.catalog.query("SELECT created, info, weights, bias, proj_mean, proj_basis "
                            "FROM tag_models WHERE model = ?", (lib.model.key,))
    if not row:
        return None
    created, info, w, b, pm, pb = row[0]
    info = json.loads(info)
    T = len(info["tags"])
    mean = np.frombuffer(pm, dtype=np.float32)
    basis = np.frombuffer(pb, dtype=np.float32).reshape(len(mean), -1)
    return TagModel(info["tags"], np.frombuffer(w, dtype=np.float32).reshape(-1, T),
                    np.frombuffer(b, dtype=np.float32), mean, basis, info.get("accuracy"),
                    info.get("baseline"), info.get("n_train", 0), info.get("n_eval", 0),
                    info.get("evaluation", ""), bool(info.get("folders")), info.get("seconds", 0.0),
                    created)


@dataclass
class Suggestion:
    path: str
    ckey: str
    tag: str
    confidence: float
    offline: bool = False


def suggest(lib, *, model: TagModel | None = None, min_confidence: float = MIN_CONFIDENCE,
            per_photo: int = 3, paths: Iterable[str] | None = None,
            include_tagged: bool = False) -> list[Suggestion]:
    """Suggested tags for the untagged photos (or for ``paths``), most confident first; never a
    tag the photo has or the user rejected for it."""
    if model is None:
        model = train(lib)
    cat, key = lib.catalog, lib.model.key
    tags = tags_by_ckey(lib)
    rejected: dict[str, set[str]] = {}
    if ensure_schema(cat):
        for ck, t in cat.query("SELECT ckey, tag FROM tag_rejections"):
            rejected.setdefault(ck, set()).add(t.lower())
    if paths is not None:
        photos = _photos_for(lib, paths)
    else:
        photos = [p for p in lib.photos() if include_tagged or p.ckey not in tags]
    by_ck: dict[str, Photo] = {}
    for p in photos:
        by_ck.setdefault(p.ckey, p)
    vid_of = cat.vector_ids_for(list(by_ck), key)
    out: list[Suggestion] = []
    ids = list(vid_of.values())
    ck_of = {v: ck for ck, v in vid_of.items()}
    for vid, X in cat.iter_vectors(key, ids):
        P = model.predict(X)
        for v, row in zip(vid.tolist(), P):
            ck = ck_of[v]
            have = {t.lower() for t in tags.get(ck, ())} | rejected.get(ck, set())
            if model.folders:
                have.add(folder_tag(by_ck[ck].path).lower())
            order = np.argsort(-row, kind="stable")
            shown = 0
            for j in order.tolist():
                if row[j] < min_confidence or shown >= per_photo:
                    break
                if model.tags[j].lower() in have:
                    continue
                out.append(Suggestion(by_ck[ck].path, ck, model.tags[j], float(row[j]),
                                      not by_ck[ck].online))
                shown += 1
    out.sort(key=lambda s: (-s.confidence, s.path, s.tag))
    return out


def accept(lib, path: str, tag: str) -> None:
    add_tags(lib, [path], [tag], source="suggestion")


def reject(lib, path: str, tag: str) -> None:
    """Remember that ``tag`` is wrong for this photo: never suggested again, and a negative
    example for the classifier."""
    _writable(lib)
    tag = " ".join(str(tag).split())
    (p,) = _photos_for(lib, [path])
    with lib.catalog.write() as c:
        c.execute("INSERT OR IGNORE INTO tag_rejections(ckey, tag, created) VALUES (?,?,?)",
                  (p.ckey, tag, time.time()))
        c.execute("INSERT OR REPLACE INTO tag_hints(ckey, path) VALUES (?, ?)", (p.ckey, p.path))


def rejections(lib) -> list[tuple[str, str]]:
    if not ensure_schema(lib.catalog):
        return []
    return [(r[0], r[1]) for r in lib.catalog.query("SELECT ckey, tag FROM tag_rejections")]
