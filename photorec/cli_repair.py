"""``photorec repair``: keep a copy of a damaged catalog, recover what can be read, rebuild the
index. Registered by :func:`register` from cli.py's list of sub-command modules."""

from __future__ import annotations

import argparse
import logging

from photorec.cli_common import EXIT_ERROR, EXIT_OK, display_text, dump_json, fail
from photorec.cli_words import arg, words
from photorec.i18n import plural, translate

log = logging.getLogger(__name__)


def cmd_repair(args: argparse.Namespace) -> int:
    from photorec.core.library import Library, LibraryError
    from photorec.core.paths import LibraryPaths
    from photorec.core.store import CatalogError
    from photorec.core.store.repair import repair

    paths = LibraryPaths.resolve(getattr(args, "data_dir", None))
    if not paths.catalog.exists():
        return fail(arg(translate("cli", "no library at %1: nothing to repair"), paths.data_dir))
    busy = _indexing_elsewhere(paths.catalog)
    if busy:
        return fail(arg(translate("cli", "another photorec process is indexing this library (%1); "
                                         "let it finish or close it, then run repair again"), busy))
    pointers = sorted(paths.data_dir.glob("index-*.json"))
    try:
        report = repair(paths.catalog, index_pointers=pointers, force=args.force)
    except CatalogError as exc:
        return fail(words(exc))
    except OSError as exc:
        return fail(arg(translate("cli", "cannot repair %1: %2"), paths.catalog,
                        exc.strerror or exc))
    vectors = None
    if report.replaced or args.force:
        try:  # opening rebuilds the index from the recovered vectors and saves it
            with Library.open(paths.data_dir, provider=getattr(args, "provider", None)) as lib:
                vectors = len(lib.index)
        except LibraryError as exc:
            return fail(arg(translate("cli", "the catalog was repaired but the library does not "
                                             "open: %1"), words(exc)))
    # A repair that recovered less than it found is not a success, even with a fresh catalog.
    code = EXIT_OK if report.complete else EXIT_ERROR
    if args.json:
        out = report.to_json()
        out["vectors"] = vectors
        print(dump_json(out, indent=2))
        return code
    if report.sound and not report.replaced:
        print(arg(translate("cli", "The catalog %1 is sound: nothing to repair."), paths.catalog))
        return EXIT_OK
    print(arg(translate("cli", "The catalog %1 was damaged:"), paths.catalog))
    for p in report.problems[:10]:
        print(f"  {display_text(p)}")
    print(arg(translate("cli", "A copy of the damaged file is kept at %1."), report.backup))
    if report.fixes:
        print(translate("cli", "Its header was damaged and was rebuilt for the recovery."))
    what = {"folders": (translate("cli", "%1 folder"), translate("cli", "%1 folders")),
            "files": (translate("cli", "%1 file"), translate("cli", "%1 files")),
            "vectors": (translate("cli", "%1 vector"), translate("cli", "%1 vectors")),
            "tags": (translate("cli", "%1 tag"), translate("cli", "%1 tags"))}
    kept = ", ".join(arg(plural(n, *what[t]), n) for t, n in report.recovered.items() if t in what)
    print(arg(translate("cli", "Recovered: %1."), kept or translate("cli", "nothing readable")))
    if report.lost:
        print(translate("cli", "Could not be read:") + " " + ", ".join(
            arg(plural(n, translate("cli", "%1 row of %2"), translate("cli", "%1 rows of %2")), n, t)
            for t, n in report.lost.items()))
    if report.lost_pages:
        print(arg(plural(report.lost_pages,
                         translate("cli", "%1 page of the catalog is missing or unreadable: what "
                                          "it held is lost."),
                         translate("cli", "%1 pages of the catalog are missing or unreadable: "
                                          "what they held is lost.")), report.lost_pages))
    if report.unreadable_tables:
        print(translate("cli", "Tables lost entirely:") + " " + display_text(", ".join(report.unreadable_tables)))
    if vectors is not None:
        print(arg(plural(vectors, translate("cli", "The index was rebuilt from %1 vector."),
                         translate("cli", "The index was rebuilt from %1 vectors.")), vectors))
    if not report.complete:
        print(translate("cli", "The repair is incomplete: less was recovered than the catalog "
                               "held. The copy of the damaged file is kept."))
    print(translate("cli", "Run 'photorec index' to bring the library up to date with the "
                           "folders."))
    return code


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
        help=translate("cli", "repair a damaged catalog (a copy is kept) and rebuild the index"),
        description=translate("cli", "Checks the catalog (PRAGMA integrity_check). If it is "
                                     "damaged, keeps a copy of it, copies every readable row "
                                     "into a fresh catalog that takes its place, and rebuilds "
                                     "the index from the recovered vectors. Close the window "
                                     "first."))
    p.add_argument("--force", action="store_true",
                   help=translate("cli", "rebuild the catalog and the index even if the check "
                                         "finds nothing"))
    p.add_argument("--json", action="store_true", help=translate("cli", "the report as JSON"))
    p.set_defaults(func=cmd_repair)
