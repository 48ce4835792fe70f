"""The queries of the word search (:mod:`photorec.core.search.engine`): cheap aggregates that
change whenever a photo, folder, tag or metadata row changes, and the photos added since."""

from __future__ import annotations

import logging
from typing import Any

from photorec.core.store.catalog import Catalog

log = logging.getLogger(__name__)


def signature(catalog: Catalog) -> tuple[Any, ...]:
    """Changes whenever a photo, folder, tag or metadata row changes (cheap aggregates)."""
    q = catalog._query
    sig: list[tuple[object, ...] | None] = [
        tuple(q("SELECT COUNT(*), MAX(updated), SUM(id) FROM files WHERE status = 'ok'")[0]),
        tuple(q("SELECT GROUP_CONCAT(path || ':' || online, '|') FROM folders")[0])]
    for table, cols in (("tags", "COUNT(*), MAX(created), SUM(LENGTH(tag))"),
                        ("file_metadata", "COUNT(*), MAX(read)"),
                        ("object_classes", "COUNT(*)")):
        try:
            sig.append(tuple(q(f"SELECT {cols} FROM {table}")[0]))
        except Exception:  # a table not made yet (read-only library)
            sig.append(None)
    return tuple(sig)


def added_since(catalog: Catalog, max_id: int, updated_since: float) -> tuple[int, int, list[int]]:
    """(photos added after file id ``max_id``, photos up to it updated after
    ``updated_since``, the ids of the added ones in order)."""
    q = catalog._query
    added = q("SELECT COUNT(*) FROM files WHERE status = 'ok' AND id > ?", (max_id,))[0][0]
    changed = q("SELECT COUNT(*) FROM files WHERE status = 'ok' AND id <= ? AND updated > ?",
                (max_id, updated_since))[0][0]
    ids = [r[0] for r in q("SELECT id FROM files WHERE status = 'ok' AND id > ? ORDER BY id",
                           (max_id,))] if added and not changed else []
    return int(added), int(changed), ids
