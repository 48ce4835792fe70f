""""Not duplicates" and "keep all": pairs of content keys the user decided, remembered in the
catalog (they survive rescans, moves and renames)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from photorec.core.errors import LibraryError
from photorec.core.store import duplicates as store
from photorec.core.store import shared as organize

if TYPE_CHECKING:
    from photorec.core.library import Library


@dataclass
class Decisions:
    pairs: set[tuple[str, str]]  # (ckey_a, ckey_b), a < b
    kept_copies: set[str]  # contents whose exact copies the user keeps
    version: float = 0.0


def load_decisions(lib: Library) -> Decisions:
    if not store.ensure_schema(lib.catalog):
        return Decisions(set(), set())
    pairs, kept = set(), set()
    latest = 0.0
    for a, b, _d, created in store.decision_rows(lib.catalog):
        latest = max(latest, created)
        if a == b:
            kept.add(a)
        else:
            pairs.add((a, b))
    return Decisions(pairs, kept, version=latest + len(pairs) + len(kept))


def _ckeys_for(lib: Library, paths: Iterable[str]) -> list[str]:
    paths = [os.path.abspath(p) for p in paths]
    known = organize.ckeys_of_paths(lib.catalog, paths)
    missing = [p for p in paths if p not in known]
    if missing:
        raise LibraryError("not_in_library", paths=", ".join(missing[:5]))
    return [known[p] for p in paths]


def decide(lib: Library, paths: Iterable[str], decision: str) -> int:
    """Remember that the photos at ``paths`` are not duplicates (``"distinct"``) or are to be
    kept all (``"keep"``). Stored per content key. Returns how many pairs were recorded."""
    if decision not in ("distinct", "keep"):
        raise ValueError("decision must be 'distinct' or 'keep'")
    ckeys = _ckeys_for(lib, paths)
    if not store.ensure_schema(lib.catalog):
        raise LibraryError("read_only")
    uniq = sorted(set(ckeys))
    rows = [(a, b, decision) for a, b in itertools.combinations(uniq, 2)]
    # Exact copies cannot be "not duplicates"; either way the user keeps them.
    counts = {ck: ckeys.count(ck) for ck in uniq}
    copies_in_lib = store.file_counts(lib.catalog, uniq) if uniq else {}
    for ck in uniq:
        if counts[ck] >= 2 or decision == "keep" and copies_in_lib.get(ck, 0) >= 2:
            rows.append((ck, ck, "keep"))
    store.put_decisions(lib.catalog, rows)
    return len(rows)


def undo_decisions(lib: Library, paths: Iterable[str] | None = None) -> int:
    """Forget decisions between the photos at ``paths`` (all decisions when None)."""
    if not store.ensure_schema(lib.catalog):
        return 0
    ckeys = None if paths is None else sorted(set(_ckeys_for(lib, paths)))
    return store.delete_decisions(lib.catalog, ckeys)
