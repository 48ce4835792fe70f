"""The closer look's SQL (issue 17): which photos still wait for it, and its small faces added
to a photo searched before. See :mod:`photorec.core.people.service` (``look_closer``)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from photorec.core.store.catalog import Catalog
from photorec.core.store.people import NewFace, ensure_schema, insert_faces


def add_small_faces(catalog: Catalog, ckey: str, model: str, faces: Sequence[NewFace],
                    side: int) -> list[int]:
    """The closer look's faces of a content searched before: added, and the content marked
    looked at closely (``side`` > 0), in one transaction. A content already marked (or not
    searched at all) gets nothing. Returns the new face ids."""
    now = time.time()
    with catalog._write() as c:
        cur = c.execute("UPDATE face_scans SET faces = faces + ?, side = ? WHERE ckey = ? AND "
                        "model = ? AND side = 0", (len(faces), max(1, int(side)), ckey, model))
        if not cur.rowcount:
            return []
        return insert_faces(c, ckey, model, faces, now)


def unrefined(catalog: Catalog, model: str, limit: int = 0) -> list[tuple[str, str]]:
    """(ckey, path) of contents searched for faces while indexing but not yet looked at
    closely for small faces (``face_scans.side`` = 0), with a readable file."""
    if not ensure_schema(catalog):
        return []
    sql = ("SELECT s.ckey, MIN(f.path) FROM face_scans s JOIN files f ON f.ckey = s.ckey AND "
           "f.status = 'ok' WHERE s.model = ? AND s.side = 0 GROUP BY s.ckey ORDER BY s.rowid")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [(r[0], r[1]) for r in catalog._query(sql, (model,))]
