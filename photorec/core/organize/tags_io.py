"""Tags to and from files: :func:`export_tags` writes every tag (with its source: 'user',
'file', 'import', 'suggestion') and every rejection as JSON or CSV, with content keys and
paths, so :func:`import_tags` finds the photos again after a move or in a fresh library."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from photorec.core.errors import Reason, TagError
from photorec.core.ingest.scan import content_key
from photorec.core.organize.tagging import _writable, clean_tag
from photorec.core.store import tags as db
from photorec.core.store.tags import FILE_SOURCE, ensure_schema

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

EXPORT_VERSION = 1


def export_tags(lib: Library, file: str | os.PathLike[str]) -> int:
    """Write every tag (and every rejected suggestion) to ``file``: JSON, or CSV when the name
    ends in .csv. Content keys and current paths both go in, so an import finds the photos
    again after a move or in a fresh library. Returns how many tags were written."""
    rows: list[tuple[Any, ...]]
    rejected: list[tuple[Any, ...]]
    hints: dict[str, str]
    if not ensure_schema(lib.catalog):
        rows, rejected, hints = [], [], {}
    else:
        rows, rejected, hints = db.export_rows(lib.catalog)
    paths = db.paths_by_ckey(lib.catalog)
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
        by_ck: dict[str, dict[str, Any]] = {}
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
        raise TagError("tags_cannot_write", path=str(file), detail=exc.strerror or str(exc)) from exc
    return len(rows)


@dataclass
class ImportReport:
    tags: int = 0  # (content, tag) pairs added
    rejected: int = 0
    matched: int = 0  # entries matched to a library photo
    unmatched: int = 0  # entries kept by content key though no library photo has it now
    skipped: list[Reason] = field(default_factory=list)  # entries without a usable key, and why


def _entries(file: Path, text: str) -> list[tuple[str | None, list[str], str, str, str]]:
    """(ckey, paths, tag, kind, source) of each entry of an export (or hand-made CSV)."""
    entries = []
    if file.suffix.lower() == ".csv" or not text.lstrip().startswith("{"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "tag" not in reader.fieldnames:
            raise TagError("tags_csv_header", path=str(file))
        for row in reader:
            entries.append((row.get("ckey") or None, [row.get("path") or ""], row.get("tag") or "",
                            row.get("kind") or "tag", row.get("source") or "import"))
        return entries
    try:
        data = json.loads(text)
        photos = data["photos"]
    except (ValueError, KeyError, TypeError) as exc:
        raise TagError("tags_not_a_file", path=str(file), detail=str(exc)) from exc
    for ph in photos:
        for t in ph.get("tags", []):
            entries.append((ph.get("ckey"), ph.get("paths", []), t.get("tag", ""), "tag",
                            t.get("source", "import")))
        for t in ph.get("rejected", []):
            entries.append((ph.get("ckey"), ph.get("paths", []), t.get("tag", ""), "rejected", ""))
    return entries


def import_tags(lib: Library, file: str | os.PathLike[str]) -> ImportReport:
    """Read tags written by :func:`export_tags` (or a hand-made CSV with columns ``path`` and
    ``tag``). Entries are matched by content key, else by path (its content key is computed
    when the file exists but is not in the library). Nothing is removed. Entries of source
    'file' (keywords an export found in the files) are not imported: they belong to their
    files and are read from them when those are indexed."""
    _writable(lib)
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TagError("tags_cannot_read", path=str(file), detail=exc.strerror or str(exc)) from exc
    entries = _entries(file, text)
    rep = ImportReport()
    now = time.time()
    known = db.known_ckeys(lib.catalog)
    with db.writer(lib.catalog) as c:
        for ck, paths, tag, kind, source in entries:
            try:
                tag = clean_tag(tag)
            except TagError as exc:
                rep.skipped.append(Reason("path_reason", path=str(paths[:1]), reason=exc.reason))
                continue
            path = next((os.path.abspath(p) for p in paths if p), None)
            if not ck and path:
                known_photo = lib.catalog.photo_by_path(path)
                if known_photo is not None and known_photo.ckey:
                    ck = known_photo.ckey
                elif os.path.isfile(path):
                    try:
                        ck = content_key(path)
                    except OSError:
                        ck = None
            if not ck:
                rep.skipped.append(Reason("path_reason", path=path or "?", reason=Reason("tags_no_key")))
                continue
            if ck in known:
                rep.matched += 1
            else:
                rep.unmatched += 1
            if path:
                c.set_hint(ck, path, replace=False)
            if kind == "rejected":
                rep.rejected += c.reject(ck, tag, now)
            elif source == FILE_SOURCE:
                continue  # a file's own keywords are read from that file, never imported
            else:
                rep.tags += c.insert(ck, tag, source or "import", now)
    return rep
