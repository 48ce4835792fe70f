"""Repair a damaged catalog: keep a copy, check it, copy what can be read into a fresh one.

1. The damaged file (and its -wal/-shm) is copied beside it as ``catalog.sqlite3.damaged-TIME``
   before anything else happens; nothing is ever deleted that has no copy.
2. ``PRAGMA integrity_check`` says whether anything is wrong at all.
3. A fresh catalog (every migration) is made next to it and each known table is copied from
   the damaged one: in one statement when that reads, else row by row by rowid so that one
   bad page loses only its rows. Columns the fresh table lacks are left out; rows whose folder
   was lost are dropped (they would point nowhere).
   Before that, a working copy of the damaged file gets a sound header when its own is damaged
   (page size found from the pages) or states more pages than the file holds (a file cut
   short); after it, the pages themselves are read (:mod:`.salvage`, :mod:`.pages`) for the
   rows SQLite could not reach: a lost schema page, a missing interior page, a cut-off tail.
   A repair is complete only when every row found was recovered and no page was missing.
4. The fresh catalog takes the damaged one's place (the old -wal/-shm go first: applied to the
   new file they would damage it again), and the index pointer is removed so that the index is
   rebuilt from the recovered vectors on the next open.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from photorec.core.errors import CatalogError
from photorec.core.store.catalog import Catalog

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")
ROW_PROBE = 10_000  # rowids tried past the last readable one when the table's end is unknown


@dataclass
class RepairReport:
    catalog: str
    backup: str | None = None
    problems: list[str] = field(default_factory=list)  # integrity_check's findings
    recovered: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    lost: dict[str, int] = field(default_factory=dict)  # table -> rows known unreadable/dropped
    unreadable_tables: list[str] = field(default_factory=list)
    replaced: bool = False
    fixes: list[str] = field(default_factory=list)  # what was done to the copy's header
    found: dict[str, int] = field(default_factory=dict)  # table -> rows seen, read or not
    lost_pages: int = 0  # pages referenced but missing, or holding rows no table claims

    @property
    def sound(self) -> bool:
        return not self.problems

    @property
    def complete(self) -> bool:
        """Everything found was recovered (a sound catalog is complete)."""
        if self.sound:
            return True
        return (self.replaced and not self.lost and not self.lost_pages
                and not self.unreadable_tables and any(self.recovered.values()))

    def to_json(self) -> dict[str, Any]:
        return {"catalog": self.catalog, "backup": self.backup, "sound": self.sound,
                "problems": self.problems, "recovered": self.recovered, "lost": self.lost,
                "unreadable_tables": self.unreadable_tables, "replaced": self.replaced,
                "fixes": self.fixes, "found": self.found, "lost_pages": self.lost_pages,
                "complete": self.complete}


def backup(path: Path) -> Path:
    """Copy the catalog and its side files; returns the copy of the main file."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dst = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while dst.exists():
        n += 1
        dst = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        if path.exists():
            shutil.copy2(path, dst)
        for suffix in SIDE_FILES:
            side = Path(str(path) + suffix)
            if side.exists():
                shutil.copy2(side, Path(str(dst) + suffix))
    except OSError as exc:
        raise CatalogError("repair_no_copy", path=str(path), detail=str(exc)) from exc
    return dst


def check(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a catalog file: [] when sound."""
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = con.execute("PRAGMA integrity_check(50)").fetchall()
        out = [str(r[0]) for r in rows]
        if out == ["ok"]:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = [t for t in ("meta", "folders", "files", "vectors") if t not in names]
            return [f"no such table: {t}" for t in missing]
        return out
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        con.close()


def _tables(con: sqlite3.Connection, schema: str) -> list[str]:
    return [r[0] for r in con.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        f"AND name NOT LIKE 'sqlite_%'")]


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA {schema}.table_info({table})")]


def _copy_table(con: sqlite3.Connection, table: str, cols: list[str]) -> tuple[int, int, bool]:
    """Copy old.table into main.table; returns (rows copied, rows that could not be read,
    whether it read in one piece).

    First in one transaction; if that meets damage, it is rolled back (a damaged read inside a
    write leaves the transaction unusable) and rows are read one by one outside any write, then
    inserted in batches."""
    col_list = ", ".join(f'"{c}"' for c in cols)
    try:
        con.execute("BEGIN")
        cur = con.execute(f'INSERT OR IGNORE INTO main."{table}" ({col_list}) '
                          f'SELECT {col_list} FROM old."{table}"')
        con.execute("COMMIT")
        return max(cur.rowcount, 0), 0, True
    except sqlite3.DatabaseError as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        log.info("table %s does not read in one piece (%s); copying row by row", table, exc)
    copied = lost = 0
    try:
        top = con.execute(f'SELECT max(rowid) FROM old."{table}"').fetchone()[0]
    except sqlite3.DatabaseError:
        top = None
    q = ", ".join("?" * len(cols))
    insert = f'INSERT OR IGNORE INTO main."{table}" ({col_list}) VALUES ({q})'
    rowid = 0
    batch: list[tuple[object, ...]] = []
    limit = top if top is not None else ROW_PROBE

    def flush() -> int:
        if not batch:
            return 0
        con.execute("BEGIN")
        con.executemany(insert, batch)
        con.execute("COMMIT")
        n = len(batch)
        batch.clear()
        return n

    while rowid < limit:
        rowid += 1
        try:
            row = con.execute(f'SELECT {col_list} FROM old."{table}" WHERE rowid = ?',
                              (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            lost += 1
            continue
        if row is None:
            continue
        if top is None:
            limit = max(limit, rowid + ROW_PROBE)
        batch.append(row)
        if len(batch) >= 500:
            copied += flush()
    copied += flush()
    return copied, lost, False


def recover(path: Path, out: Path, report: RepairReport) -> None:
    """Make ``out``, a fresh catalog holding every readable row of ``path``."""
    for p in [out, *(Path(str(out) + s) for s in SIDE_FILES)]:
        if p.exists():
            p.unlink()
    Catalog(out).close()  # the current schema, by the migrations
    con = sqlite3.connect(str(out), isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = OFF")
        try:
            con.execute("ATTACH DATABASE ? AS old", (f"{Path(path).resolve().as_uri()}?mode=ro",))
            old_tables = set(_tables(con, "old"))
        except sqlite3.DatabaseError as exc:
            report.unreadable_tables.append(f"(all: {exc})")
            old_tables = set()
        con.execute("DELETE FROM main.meta")
        read_whole: set[str] = set()
        for table in _tables(con, "main"):
            if table not in old_tables:
                if old_tables:
                    report.unreadable_tables.append(table)
                continue
            try:
                old_cols = set(_columns(con, "old", table))
            except sqlite3.DatabaseError:
                report.unreadable_tables.append(table)
                continue
            cols = [c for c in _columns(con, "main", table) if c in old_cols]
            if not cols:
                continue
            copied, lost, whole = _copy_table(con, table, cols)
            if whole:
                read_whole.add(table)
            report.recovered[table] = copied
            if lost:
                report.lost[table] = lost
        _merge_pages(con, path, report, read_whole)
        # What points nowhere cannot be used: files of a lost folder.
        cur = con.execute("DELETE FROM files WHERE folder_id NOT IN (SELECT id FROM folders)")
        if cur.rowcount > 0:
            report.lost["files"] = report.lost.get("files", 0) + cur.rowcount
            report.recovered["files"] = report.recovered.get("files", 0) - cur.rowcount
        from photorec.core.store.migrations import SCHEMA_VERSION

        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),))
        con.execute("DELETE FROM meta WHERE key IN ('indexing', 'indexing_owner')")
        if old_tables:
            con.execute("DETACH DATABASE old")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _merge_pages(con: sqlite3.Connection, path: Path, report: RepairReport,
                 read_whole: set[str]) -> None:
    """Add what the pages hold beyond SQLite's reading; count found, recovered and lost.
    Tables SQLite read in one piece are left as it read them (their raw pages could hold rows
    a later transaction deleted, in the WAL)."""
    from photorec.core.store.salvage import salvage

    try:
        raw_found, _added, report.lost_pages = salvage(con, path, skip=read_whole)
    except Exception:  # noqa: BLE001 - the first pass's rows are kept whatever happens here
        log.warning("could not read the pages of %s one by one", path, exc_info=True)
        raw_found = {}
    for table in set(report.recovered) | set(raw_found):
        by_sqlite = report.recovered.get(table, 0) + report.lost.get(table, 0)
        report.found[table] = max(by_sqlite, raw_found.get(table, 0))
        now = con.execute(f'SELECT COUNT(*) FROM main."{table}"').fetchone()[0]
        report.recovered[table] = now
        report.lost.pop(table, None)
        if report.found[table] > now:
            report.lost[table] = report.found[table] - now
    if raw_found:  # the pages gave rows: only tables that gave none are lost
        report.unreadable_tables = [t for t in report.unreadable_tables
                                    if not t.startswith("(all") and not raw_found.get(t)]


def _working_copy(src: Path, dst: Path, report: RepairReport) -> Path:
    """``src`` copied to ``dst`` with a header SQLite accepts (see pages.fixed_header)."""
    from photorec.core.store.pages import fixed_header

    shutil.copyfile(src, dst)
    with open(dst, "r+b") as fh:
        head = fh.read(1 << 16)
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size < 512:
            return dst
        import mmap

        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            header, report.fixes = fixed_header(data)
        finally:
            data.close()
        if header != head[:100]:
            fh.seek(0)
            fh.write(header)
    rebuilt = any(f.startswith("header rebuilt") for f in report.fixes)
    wal = Path(str(src) + "-wal")
    if not rebuilt and wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, Path(str(dst) + "-wal"))
        try:  # the WAL's pages into the copy: both passes then read the latest of every page
            con = sqlite3.connect(str(dst))
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
        except sqlite3.Error as exc:
            log.info("the WAL of the damaged catalog could not be applied to its copy: %s", exc)
    return dst


def repair(catalog_path: Path, *, index_pointers: Sequence[Path] = (), force: bool = False) -> RepairReport:
    """Repair the catalog at ``catalog_path`` (no process may have it open).

    A sound catalog is left as it is unless ``force``. ``index_pointers`` are removed after a
    rebuild so that the index is rebuilt from the recovered vectors."""
    path = Path(catalog_path)
    report = RepairReport(str(path))
    if not path.exists():
        raise CatalogError("nothing_to_repair", path=str(path))
    report.problems = check(path)
    if report.sound and not force:
        return report
    report.backup = str(backup(path))
    # the pid in the names: a killed repair's files are removed at the next open (leftovers.py)
    out = path.with_name(f"{path.name}.{os.getpid()}.recovering")
    work = path.with_name(f"{path.name}.{os.getpid()}.recovering-src")
    try:
        recover(_working_copy(Path(report.backup), work, report), out, report)
    finally:
        for p in [work, *(Path(str(work) + s) for s in SIDE_FILES)]:
            if p.exists():
                p.unlink()
    for suffix in SIDE_FILES:  # their changes are in the copy; applied to `out` they'd harm
        side = Path(str(path) + suffix)
        if side.exists():
            side.unlink()
    os.replace(out, path)
    report.replaced = True
    for p in index_pointers:
        try:
            Path(p).unlink()
        except FileNotFoundError:
            pass
    log.info("repaired %s: %s (copy of the damaged file: %s)", path, report.recovered,
             report.backup)
    return report
