"""``photorec repair``: keep a copy of a damaged catalog, recover what can be read, rebuild the
index. Registered by :func:`register` from cli.py's list of sub-command modules."""

from __future__ import annotations

import argparse
import json
import logging

from photorec.cli_common import EXIT_ERROR, EXIT_OK, fail

log = logging.getLogger(__name__)


def cmd_repair(args: argparse.Namespace) -> int:
    from photorec.core.library import Library, LibraryError
    from photorec.core.paths import LibraryPaths
    from photorec.core.store import CatalogError
    from photorec.core.store.repair import repair

    paths = LibraryPaths.resolve(getattr(args, "data_dir", None))
    if not paths.catalog.exists():
        return fail(f"no library at {paths.data_dir}: nothing to repair")
    busy = _indexing_elsewhere(paths.catalog)
    if busy:
        return fail(f"another photorec process is indexing this library ({busy}); let it finish "
                    f"or close it, then run repair again")
    pointers = sorted(paths.data_dir.glob("index-*.json"))
    try:
        report = repair(paths.catalog, index_pointers=pointers, force=args.force)
    except CatalogError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot repair {paths.catalog}: {exc.strerror or exc}")
    vectors = None
    if report.replaced or args.force:
        try:  # opening rebuilds the index from the recovered vectors and saves it
            with Library.open(paths.data_dir, provider=getattr(args, "provider", None)) as lib:
                vectors = len(lib.index)
        except LibraryError as exc:
            return fail(f"the catalog was repaired but the library does not open: {exc}")
    if args.json:
        out = report.to_json()
        out["vectors"] = vectors
        print(json.dumps(out, indent=2))
        return EXIT_OK
    if report.sound and not report.replaced:
        print(f"The catalog {paths.catalog} is sound: nothing to repair.")
        return EXIT_OK
    print(f"The catalog {paths.catalog} was damaged:")
    for p in report.problems[:10]:
        print(f"  {p}")
    print(f"A copy of the damaged file is kept at {report.backup}.")
    kept = ", ".join(f"{n} {t}" for t, n in report.recovered.items()
                     if t in ("folders", "files", "vectors", "tags"))
    print(f"Recovered: {kept or 'nothing readable'}.")
    if report.lost:
        print("Could not be read: " + ", ".join(f"{n} rows of {t}" for t, n in report.lost.items()))
    if report.unreadable_tables:
        print("Tables lost entirely: " + ", ".join(report.unreadable_tables))
    if vectors is not None:
        print(f"The index was rebuilt from {vectors} vectors.")
    print("Run 'photorec index' to bring the library up to date with the folders.")
    return EXIT_OK if report.replaced else EXIT_ERROR


def _indexing_elsewhere(catalog_path) -> str | None:
    """The progress of a live indexing run of this catalog, if one can be read."""
    from photorec.core.store import Catalog, CatalogError

    try:
        cat = Catalog(catalog_path, readonly=True)
    except CatalogError:
        return None  # too damaged to tell; repair never writes into the damaged file anyway
    try:
        return cat.indexing()
    except CatalogError:
        return None
    finally:
        cat.close()


def register(subparsers, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    p = subparsers.add_parser(
        "repair", parents=parents,
        help="repair a damaged catalog (a copy is kept) and rebuild the index",
        description="Checks the catalog (PRAGMA integrity_check). If it is damaged, keeps a copy "
                    "of it, copies every readable row into a fresh catalog that takes its place, "
                    "and rebuilds the index from the recovered vectors. Close the window first.")
    p.add_argument("--force", action="store_true",
                   help="rebuild the catalog and the index even if the check finds nothing")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.set_defaults(func=cmd_repair)
