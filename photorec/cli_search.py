"""Sub-commands for words: ``search``, ``metadata`` and ``write-sidecars``.

    photorec search WORDS... [-k N] [--json]
        The photos matching the words (tags, keywords, titles, descriptions, folder and file
        names, dates such as "2019" or "junho 2019", objects the model recognises), best first.
        ``--json``: one line ``{"query", "results": [{"path", "score", "why": [...]}]}``
        (``"offline": true`` on results whose folder is offline).
    photorec metadata PATH... [--json]
        What photorec read from the photos' files and sidecars.
    photorec write-sidecars [PATH...] [--yes]
        Write the photos' tags into ``photo.jpg.xmp`` sidecars (digiKam/darktable form); the
        photos themselves are never written. Without PATH: every tagged photo.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from photorec.cli_common import EXIT_ERROR, EXIT_OK, fail, run_with_library


def cmd_search(args: argparse.Namespace) -> int:
    from photorec.core.search import search

    query = " ".join(args.words)

    def body(lib) -> int:
        hits = search(lib, query, k=args.k)
        if args.json:
            results = []
            for h in hits:
                item = {"path": h.path, "score": h.score, "why": h.why}
                if h.offline:
                    item["offline"] = True
                results.append(item)
            print(json.dumps({"query": query, "results": results}, ensure_ascii=False))
            return EXIT_OK
        if not hits:
            print(f"No photos match “{query}”.")
            return EXIT_OK
        print(f"Photos matching “{query}”:")
        for h in hits:
            off = "  [offline]" if h.offline else ""
            print(f"  {h.score * 100:5.1f}%  {h.path}{off}  ({'; '.join(h.why)})")
        return EXIT_OK

    return run_with_library(args, True, body)


def cmd_metadata(args: argparse.Namespace) -> int:
    from photorec.core import metadata

    def body(lib) -> int:
        code = EXIT_OK
        for p in args.paths:
            path = os.path.abspath(p)
            m = metadata.of_photo(lib, path)
            if m is None:
                code = fail(f"{path}: not in the library, or its metadata was not read yet "
                            "(photorec index FOLDER)")
                continue
            d = {"path": path, "tags": m.tags, "keywords": m.keywords, "hierarchical": m.hierarchical,
                 "title": m.title, "description": m.description, "rating": m.rating,
                 "date": m.date, "camera": m.camera, "lat": m.lat, "lon": m.lon, "problem": m.problem}
            if args.json:
                print(json.dumps(d, ensure_ascii=False))
                continue
            print(path)
            shown = 0
            for key, value in d.items():
                if key != "path" and value not in (None, [], ""):
                    text = ", ".join(value) if isinstance(value, list) else value
                    print(f"  {key}: {text}")
                    shown += 1
            if not shown:
                print("  (no keywords, title, description, rating, date, camera or GPS in the file)")
        return code

    return run_with_library(args, True, body)


def cmd_write_sidecars(args: argparse.Namespace) -> int:
    from photorec.core import metadata, xmp

    def body(lib) -> int:
        paths = [os.path.abspath(p) for p in args.paths] or None
        if not args.yes:
            what = f"{len(paths)} photo(s)" if paths else "every tagged photo"
            if not sys.stdin or not sys.stdin.isatty():
                print(f"This writes XMP sidecars (photo.jpg.xmp) beside {what}. Pass --yes to "
                      "confirm.", file=sys.stderr)
                return EXIT_ERROR
            if input(f"Write XMP sidecars beside {what}? [y/N] ").strip().lower() not in ("y", "yes"):
                return EXIT_ERROR
        try:
            written = metadata.write_sidecars(lib, paths)
        except xmp.XmpError as exc:
            return fail(f"{exc} (nothing else was changed in it)")
        print(f"Wrote {len(written)} sidecar(s). The photos themselves were not changed.")
        return EXIT_OK

    return run_with_library(args, False, body)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common],
                       help="photos matching words: tags, descriptions, names, dates, objects")
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("-k", type=int, default=50, metavar="N", help="how many (default 50)")
    p.add_argument("--json", action="store_true", help="one JSON line")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("metadata", parents=[common],
                       help="what photorec read from photos' files and XMP sidecars")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON line per photo")
    p.set_defaults(func=cmd_metadata)

    p = sub.add_parser("write-sidecars", parents=[common],
                       help="write the photos' tags into XMP sidecars (never into the photos)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_write_sidecars)
