"""Reading what the pages of a damaged SQLite file still hold, without SQLite.

What SQLite's ``.recover`` does, in the small: the 100-byte header can be rebuilt (its page
size found from the pages themselves), and every table b-tree page is parsed by hand, so a
catalog whose header, first page (the schema) or tail is gone still gives up the rows on the
pages that remain. See https://www.sqlite.org/fileformat2.html for the format.

- :func:`fixed_header` gives a header that SQLite accepts for a file whose header is damaged,
  or whose page count says more pages than the file holds (a file cut short).
- :func:`read_trees` parses every page: table b-trees (interior pages followed to their
  leaves; overflow chains followed), their rows as (rowid, values), the children that are
  missing (past the end of the file, or not a b-tree page), and the schema when page 1 reads.

Limits: the freelist is unknown when the header was rebuilt, so rows deleted shortly before the
damage can come back when their page was freed but not reused (as with ``.recover``); the
caller only uses trees of unknown tables when the schema is lost or a known table is missing
pages. WAL content that was never checkpointed is not in the main file: SQLite itself reads it
where it can (the caller's first pass).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from mmap import mmap
from typing import Any

MAGIC = b"SQLite format 3\x00"
_LEAF, _INTERIOR = 0x0D, 0x05
_BTREE = {0x02, 0x05, 0x0A, 0x0D}
Data = bytes | mmap  # a whole file, read or mapped


class PageError(Exception):
    """A page, cell or record that does not parse."""


def header_page_size(head: bytes) -> int | None:
    """The page size a header states, if the header is SQLite's and the size is a valid one."""
    if len(head) < 100 or head[:16] != MAGIC:
        return None
    ps = struct.unpack_from(">H", head, 16)[0]
    ps = 65536 if ps == 1 else ps
    return ps if ps >= 512 and ps & (ps - 1) == 0 else None


def _looks_like_btree(data: Data, off: int, ps: int) -> bool:
    kind = data[off]
    if kind not in _BTREE:
        return False
    cells: int
    content: int
    cells, content = struct.unpack_from(">HH", data, off + 3)
    head = off + (12 if kind in (0x02, 0x05) else 8)
    content = content or 65536
    return head - off + 2 * cells <= content <= ps


def guess_page_size(data: Data) -> int:
    """The page size of a file whose header is unreadable: the smallest size under which
    (nearly) as many pages look like b-tree pages as under the best one. A wrong smaller size
    lands mid-page half the time; a wrong larger one skips pages but finds no fewer."""
    size = len(data)
    share: dict[int, float] = {}
    for ps in (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
        n = min(size // ps, 400)
        if n >= 2:
            share[ps] = sum(_looks_like_btree(data, (pg - 1) * ps, ps)
                            for pg in range(2, n + 1)) / (n - 1)
    best = max(share.values(), default=0.0)
    if best <= 0:
        return 4096
    return min(ps for ps, f in share.items() if f >= 0.8 * best)


def fixed_header(data: Data) -> tuple[bytes, list[str]]:
    """A sound 100-byte header for ``data`` (the file) and what was wrong with the old one."""
    head = bytes(data[:100])
    ps = header_page_size(head)
    fixes: list[str] = []
    if ps is None:
        ps = guess_page_size(data)
        fixes.append(f"header rebuilt (page size {ps})")
        h = bytearray(100)
        h[:16] = MAGIC
        h[18] = h[19] = 1  # rollback journal: a -wal of the damaged file is never applied
        h[21:24] = bytes((64, 32, 32))
        struct.pack_into(">IIIIII", h, 24, 1, 0, 0, 0, 1, 4)  # counter, size, freelist, cookie, fmt
        struct.pack_into(">I", h, 56, 1)  # UTF-8
        struct.pack_into(">II", h, 92, 1, 3045000)  # version-valid-for = counter
    else:
        h = bytearray(head)
    struct.pack_into(">H", h, 16, 1 if ps == 65536 else ps)
    pages = len(data) // ps
    stated = struct.unpack_from(">I", h, 28)[0]
    if stated != pages:
        if not fixes:
            fixes.append(f"page count {stated} set to the {pages} pages the file holds")
        struct.pack_into(">I", h, 28, pages)
        struct.pack_into(">I", h, 92, struct.unpack_from(">I", h, 24)[0])
        if struct.unpack_from(">I", h, 32)[0] > pages:  # a freelist past the end
            struct.pack_into(">II", h, 32, 0, 0)
    return bytes(h), fixes


def _varint(b: Data, i: int) -> tuple[int, int]:
    v = 0
    for k in range(9):
        if i >= len(b):
            raise PageError("varint past the end")
        c = b[i]
        i += 1
        if k == 8:
            return (v << 8) | c, i
        v = (v << 7) | (c & 0x7F)
        if c < 0x80:
            return v, i
    return v, i


def parse_record(p: bytes) -> list[Any]:
    """The values of one record (https://www.sqlite.org/fileformat2.html#record_format)."""
    hsize, i = _varint(p, 0)
    if hsize > len(p) or hsize < 1:
        raise PageError("record header out of range")
    types = []
    while i < hsize:
        t, i = _varint(p, i)
        types.append(t)
    out: list[Any] = []
    j = hsize
    for t in types:
        if t == 0:
            out.append(None)
        elif 1 <= t <= 6:
            n = (1, 2, 3, 4, 6, 8)[t - 1]
            out.append(int.from_bytes(p[j:j + n], "big", signed=True))
            j += n
        elif t == 7:
            out.append(struct.unpack_from(">d", p, j)[0])
            j += 8
        elif t in (8, 9):
            out.append(t - 8)
        elif t >= 12:
            n = (t - 12) // 2
            raw = bytes(p[j:j + n])
            if t % 2:
                try:
                    out.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    out.append(raw)  # a path's bytes (the catalog stores those as blobs)
            else:
                out.append(raw)
            j += n
        else:
            raise PageError(f"serial type {t}")
        if j > len(p):
            raise PageError("record runs past its payload")
    return out


@dataclass
class Tree:
    """One table b-tree as found: its root page, rows, and what could not be read."""

    root: int
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    bad_cells: int = 0
    missing_pages: int = 0


@dataclass
class Pages:
    page_size: int
    pages: int
    trees: dict[int, Tree] = field(default_factory=dict)  # root page -> tree
    schema: dict[str, int] | None = None  # table name -> root page (None: page 1 unreadable)
    schema_partial: bool = False  # page 1 was lost; the schema comes from its other leaves


class _File:
    def __init__(self, data: Data, ps: int, usable: int) -> None:
        self.data, self.ps, self.usable = data, ps, usable
        self.n = len(data) // ps

    def page(self, pg: int) -> tuple[int, int]:
        """(offset of the page, offset of its b-tree header)."""
        if not 1 <= pg <= self.n:
            raise PageError(f"page {pg} is past the end of the file")
        base = (pg - 1) * self.ps
        return base, base + (100 if pg == 1 else 0)

    def kind(self, pg: int) -> int:
        return self.data[self.page(pg)[1]]

    def cells(self, pg: int) -> list[int]:
        base, hdr = self.page(pg)
        n = struct.unpack_from(">H", self.data, hdr + 3)[0]
        at = hdr + (12 if self.data[hdr] in (0x02, 0x05) else 8)
        if at + 2 * n > base + self.ps:
            raise PageError("cell count out of range")
        out = [base + struct.unpack_from(">H", self.data, at + 2 * i)[0] for i in range(n)]
        if any(not hdr + 8 <= c < base + self.usable for c in out):
            raise PageError("cell pointer out of range")
        return out

    def children(self, pg: int) -> list[int]:
        _, hdr = self.page(pg)
        kids = [struct.unpack_from(">I", self.data, c)[0] for c in self.cells(pg)]
        return kids + [struct.unpack_from(">I", self.data, hdr + 8)[0]]

    def leaf_row(self, c: int) -> tuple[int, list[Any]]:
        size, i = _varint(self.data, c)
        rowid, i = _varint(self.data, i)
        if rowid >= 1 << 63:
            rowid -= 1 << 64
        u = self.usable
        x = u - 35
        if size <= x:
            local = size
        else:
            m = ((u - 12) * 32 // 255) - 23
            k = m + (size - m) % (u - 4)
            local = k if k <= x else m
        payload = bytearray(self.data[i:i + local])
        if local < size:
            nxt = struct.unpack_from(">I", self.data, i + local)[0]
            seen: set[int] = set()
            while len(payload) < size:
                if nxt in seen:
                    raise PageError("overflow chain loops")
                seen.add(nxt)
                base, _ = self.page(nxt)
                nxt_next = struct.unpack_from(">I", self.data, base)[0]
                take = min(u - 4, size - len(payload))
                payload += self.data[base + 4:base + 4 + take]
                nxt = nxt_next
            del payload[size:]
        return rowid, parse_record(bytes(payload))


def _walk(f: _File, root: int) -> Tree:
    tree = Tree(root)
    stack, seen = [root], set()
    while stack:
        pg = stack.pop()
        if pg in seen:
            tree.missing_pages += 1  # a loop: a damaged pointer
            continue
        seen.add(pg)
        try:
            kind = f.kind(pg)
            if kind == _INTERIOR:
                stack.extend(f.children(pg))
                continue
            if kind != _LEAF:
                raise PageError(f"page {pg} is not a table page")
            cells = f.cells(pg)
        except (PageError, struct.error, IndexError):
            tree.missing_pages += 1
            continue
        for c in cells:
            try:
                tree.rows.append(f.leaf_row(c))
            except (PageError, struct.error, IndexError, ValueError):
                tree.bad_cells += 1
    return tree


def _freelist(f: _File, trunk: int) -> set[int]:
    """The pages on the freelist that starts at ``trunk`` (as far as it reads)."""
    out: set[int] = set()
    while trunk and trunk not in out:
        try:
            base, _ = f.page(trunk)
        except PageError:
            break
        out.add(trunk)
        nxt, n = struct.unpack_from(">II", f.data, base)
        if n > (f.usable - 8) // 4:
            break
        out.update(struct.unpack_from(f">{n}I", f.data, base + 8))
        trunk = nxt
    return out


def read_trees(data: Data, page_size: int, reserved: int = 0, freelist: int = 0) -> Pages:
    """Every table b-tree of ``data`` (a SQLite file, its header sound or rebuilt);
    ``freelist``: the first freelist trunk page the original header states (its pages, freed,
    hold deleted rows and are left out)."""
    f = _File(data, page_size, page_size - reserved)
    out = Pages(page_size, f.n)
    referenced: set[int] = set()
    tables: list[int] = []
    free = _freelist(f, freelist)
    for pg in range(1, f.n + 1):
        if pg in free:
            continue
        try:
            kind = f.kind(pg)
            if kind == _INTERIOR:
                referenced.update(f.children(pg))
            elif kind == 0x02:  # index interior pages point at index pages only
                continue
            if kind in (_INTERIOR, _LEAF):
                tables.append(pg)
        except (PageError, struct.error, IndexError):
            continue
    master = _walk(f, 1)
    if master.rows and not master.missing_pages:
        out.schema = _schema_of(master.rows)
    roots = set(out.schema.values()) if out.schema else set()
    roots |= {pg for pg in tables if pg not in referenced and pg != 1}
    for root in sorted(roots):
        out.trees[root] = _walk(f, root)
    if out.schema is None:  # page 1 lost: the schema's other leaves may still be there
        found = [r for r, t in out.trees.items() if t.rows and all(map(_is_schema_row, t.rows))]
        if found:
            out.schema = _schema_of([row for r in found for row in out.trees.pop(r).rows])
            out.schema_partial = True
    return out


def _is_schema_row(row: tuple[int, list[Any]]) -> bool:
    v = row[1]
    return (len(v) == 5 and v[0] in ("table", "index", "view", "trigger")
            and isinstance(v[1], str) and isinstance(v[3], (int, type(None))))


def _schema_of(rows: list[tuple[int, list[Any]]]) -> dict[str, int]:
    return {str(v[1]): v[3] for _, v in rows
            if len(v) >= 4 and v[0] == "table" and isinstance(v[3], int) and v[3] > 1}
