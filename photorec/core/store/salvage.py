"""Repair's second pass: the rows SQLite could not read, taken from the pages themselves.

:mod:`photorec.core.store.pages` parses the b-trees of the (header-fixed) damaged copy. Each
tree is a table: the one the schema on page 1 names at its root, or, when the schema is lost
or a table is missing pages, the one table whose columns every row fits (declared types, NOT
NULL, an INTEGER PRIMARY KEY stored as NULL, content keys of 32 hex digits, absolute paths),
with the fresh catalog's root page of that table as the tie-break. A tree no table claims is
counted as lost. Rows are added with INSERT OR IGNORE: what SQLite already copied stays.
"""

from __future__ import annotations

import logging
import mmap
import os
import re
import sqlite3
import struct
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from photorec.core.store import pages as pg

log = logging.getLogger(__name__)

_HEX32 = re.compile(r"[0-9a-f]{32}")
_SKIP = {"sqlite_sequence"}


@dataclass
class _Col:
    name: str
    affinity: str
    notnull: bool
    ipk: bool


def _affinity(decl: str) -> str:
    d = decl.upper()
    if "INT" in d:
        return "INTEGER"
    if any(x in d for x in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in d or not d:
        return "BLOB"
    if any(x in d for x in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _schema(con: sqlite3.Connection) -> tuple[dict[str, list[_Col]], dict[int, str]]:
    """The fresh catalog's tables: columns, and table by root page."""
    cols: dict[str, list[_Col]] = {}
    roots: dict[int, str] = {}
    for name, root in con.execute("SELECT name, rootpage FROM main.sqlite_master "
                                  "WHERE type = 'table'").fetchall():
        info = con.execute(f'PRAGMA main.table_info("{name}")').fetchall()
        pks = [r for r in info if r[5]]
        ipk = pks[0][1] if len(pks) == 1 and pks[0][2].upper() == "INTEGER" else None
        cols[name] = [_Col(r[1], _affinity(r[2] or ""), bool(r[3]), r[1] == ipk) for r in info]
        if name == "sqlite_sequence":  # declared without types: (table name, last id)
            cols[name] = [_Col("name", "TEXT", True, False), _Col("seq", "INTEGER", True, False)]
        roots[int(root)] = name
    return cols, roots


def _fits(values: list[Any], cols: list[_Col]) -> bool:
    if not values or len(values) > len(cols):
        return False
    for v, c in zip(values, cols):
        if c.ipk:
            if v is not None:
                return False
            continue
        if v is None:
            if c.notnull:
                return False
            continue
        if c.affinity == "INTEGER" and not isinstance(v, int):
            return False
        if c.affinity == "TEXT" and not isinstance(v, (str, bytes)):
            return False
        if c.affinity == "REAL" and not isinstance(v, (int, float)):
            return False
        if c.name.startswith("ckey") and not (isinstance(v, str) and _HEX32.fullmatch(v)):
            return False
        if c.name == "path" and not os.path.isabs(os.fsdecode(v) if isinstance(v, bytes) else v):
            return False
    return all(not c.notnull or c.ipk for c in cols[len(values):]) or len(values) == len(cols)


def _claim(tree: pg.Tree, cols: dict[str, list[_Col]], fresh_roots: dict[int, str],
           wanted: set[str]) -> str | None:
    if not tree.rows:
        return None
    fit = [t for t in wanted if all(_fits(v, cols[t]) for _, v in tree.rows)]
    if len(fit) == 1:
        return fit[0]
    hint = fresh_roots.get(tree.root)
    return hint if hint in fit else None


def _insert(con: sqlite3.Connection, table: str, cols: list[_Col], rows: list[tuple[int, list[Any]]]) -> int:
    added = 0
    con.execute("BEGIN")
    try:
        for rowid, values in rows:
            values = list(values)
            for i, c in enumerate(cols[:len(values)]):
                if c.ipk:
                    values[i] = rowid
            names = ", ".join(f'"{c.name}"' for c in cols[:len(values)])
            q = ", ".join("?" * len(values))
            try:
                cur = con.execute(f'INSERT OR IGNORE INTO main."{table}" ({names}) VALUES ({q})',
                                  values)
                added += max(cur.rowcount, 0)
            except sqlite3.Error as exc:  # a row the fresh schema refuses (CHECK, types...)
                log.debug("row %s of %s refused: %s", rowid, table, exc)
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    return added


def salvage(con: sqlite3.Connection, damaged: Path, skip: AbstractSet[str] = frozenset()
            ) -> tuple[dict[str, int], dict[str, int], int]:
    """Add to ``con``'s main catalog the rows the pages of ``damaged`` hold (not to the tables
    in ``skip``: read whole by SQLite, they are as it read them).

    Returns (rows found per table, rows added per table, pages that could not be read: missing,
    or holding rows no table could claim)."""
    cols, fresh_roots = _schema(con)
    found: dict[str, int] = {}
    added: dict[str, int] = {}
    with open(damaged, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size < 1024:
            return found, added, 0
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            ps = pg.header_page_size(data[:100]) or pg.guess_page_size(data)
            sound = data[:16] == pg.MAGIC
            reserved = data[20] if sound else 0
            trees = pg.read_trees(data, ps, reserved,
                                  struct.unpack_from(">I", data, 32)[0] if sound else 0)
        finally:
            data.close()
    lost_pages = sum(t.missing_pages for t in trees.trees.values())
    known = {root: name for name, root in (trees.schema or {}).items() if name in cols}
    incomplete = {name for root, name in known.items() if trees.trees[root].missing_pages}
    # Trees of no known table: orphans of a lost schema, or of a table missing pages (its lost
    # interior page's children); else they are freed pages and are left alone.
    if trees.schema is None:
        wanted = set(cols)
    elif trees.schema_partial:  # tables whose schema row was on the lost page, too
        wanted = (set(cols) - set(known.values())) | incomplete
    else:
        wanted = incomplete
    by_table: dict[str, list[pg.Tree]] = {}
    for root, tree in trees.trees.items():
        if root == 1:
            continue
        name = known.get(root)
        if name is None and trees.schema is not None and root in trees.schema.values():
            continue  # a table this version does not have
        if name is None:
            if not wanted or not tree.rows:
                continue
            name = _claim(tree, cols, fresh_roots, wanted)
            if name is None:
                lost_pages += 1
                log.info("rows on page %d fit no table (or several): left out", root)
                continue
        by_table.setdefault(name, []).append(tree)
    for name, ts in by_table.items():
        if name in _SKIP or name in skip:  # AUTOINCREMENT's counters; tables read whole
            continue
        rows = [r for t in ts for r in t.rows]
        found[name] = len(rows) + sum(t.bad_cells for t in ts)
        added[name] = _insert(con, name, cols[name], rows)
    return found, added, lost_pages
