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

from photorec.cli_common import EXIT_ERROR, EXIT_OK, fail, is_yes, run_with_library
from photorec.cli_words import arg, core_words
from photorec.i18n import plural, translate


def cmd_search(args: argparse.Namespace) -> int:
    from photorec.core.search.engine import search

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
            print(arg(translate("cli", "No photos match “%1”."), query))
            return EXIT_OK
        print(arg(translate("cli", "Photos matching “%1”:"), query))
        for h in hits:
            off = "  " + translate("cli", "[offline]") if h.offline else ""
            print(f"  {h.score * 100:5.1f}%  {h.path}{off}  ({'; '.join(map(_why, h.why))})")
        return EXIT_OK

    return run_with_library(args, True, body)


def cmd_metadata(args: argparse.Namespace) -> int:
    from photorec.core.ingest import metadata

    def body(lib) -> int:
        code = EXIT_OK
        for p in args.paths:
            path = os.path.abspath(p)
            m = metadata.of_photo(lib, path)
            if m is None:
                code = fail(arg(translate("cli", "%1: not in the library, or its metadata was "
                                                 "not read yet (photorec index FOLDER)"), path))
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
                    print(f"  {_field(key)}: {text}")
                    shown += 1
            if not shown:
                print("  " + translate("cli", "(no keywords, title, description, rating, date, "
                                              "camera or GPS in the file)"))
        return code

    return run_with_library(args, True, body)


def cmd_write_sidecars(args: argparse.Namespace) -> int:
    from photorec.core.ingest import metadata
    from photorec.core.ingest import xmp

    def body(lib) -> int:
        paths = [os.path.abspath(p) for p in args.paths] or None
        if not args.yes:
            what = (arg(plural(len(paths), translate("cli", "%1 photo"), translate("cli", "%1 photos")), len(paths)) if paths
                    else translate("cli", "every tagged photo"))
            if not sys.stdin or not sys.stdin.isatty():
                print(arg(translate("cli", "This writes XMP sidecars (photo.jpg.xmp) beside %1. "
                                           "Pass --yes to confirm."), what), file=sys.stderr)
                return EXIT_ERROR
            if not is_yes(input(arg(translate("cli", "Write XMP sidecars beside %1?"), what)
                                + " " + translate("cli", "[y/N]") + " ")):
                return EXIT_ERROR
        try:
            written = metadata.write_sidecars(lib, paths)
        except xmp.XmpError as exc:
            return fail(arg(translate("cli", "%1 (nothing else was changed in it)"),
                            core_words(str(exc))))
        print(arg(plural(len(written), translate("cli", "Wrote %1 sidecar. The photos themselves were not "
                                                        "changed."),
                         translate("cli", "Wrote %1 sidecars. The photos themselves were not "
                                          "changed.")), len(written)))
        return EXIT_OK

    return run_with_library(args, False, body)


def _field(key: str) -> str:
    """A metadata field's name for people (the JSON keys stay English)."""
    names = {
        "tags": translate("cli", "tags"), "keywords": translate("cli", "keywords"),
        "hierarchical": translate("cli", "hierarchical keywords"),
        "title": translate("cli", "title"), "description": translate("cli", "description"),
        "rating": translate("cli", "rating"), "date": translate("cli", "date"),
        "camera": translate("cli", "camera"), "lat": translate("cli", "latitude"),
        "lon": translate("cli", "longitude"), "problem": translate("cli", "problem"),
    }
    return names.get(key, key)


def _why(label: str) -> str:
    """One of core.search's reasons ("tag: dog", "date: June 2019", "recognised: dog 80%
    (golden retriever)") with its field's name in the chosen language."""
    field, sep, value = label.partition(": ")
    if not sep:
        return label
    names = {"tag": translate("cli", "tag"), "keyword": translate("cli", "keyword"),
             "folder": translate("cli", "folder"), "name": translate("cli", "name"),
             "recognised": translate("cli", "recognised"), "faces": translate("cli", "faces"),
             "person": translate("cli", "person")}
    name = names.get(field) or (_field(field) if field in _FIELDS else None)
    return f"{name}: {value}" if name else label


_FIELDS = {"title", "description", "camera", "date"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common],
                       help=translate("cli", "photos matching words: tags, descriptions, names, "
                                             "dates, objects"))
    p.add_argument("words", nargs="+", metavar="WORD",
                   help=translate("cli", "words to look for (all of them count)"))
    p.add_argument("-k", type=int, default=50, metavar="N",
                   help=translate("cli", "how many (default 50)"))
    p.add_argument("--json", action="store_true", help=translate("cli", "one JSON line"))
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("metadata", parents=[common],
                       help=translate("cli", "what photorec read from photos' files and XMP "
                                             "sidecars"))
    p.add_argument("paths", nargs="+", metavar="PATH", help=translate("cli", "library photos"))
    p.add_argument("--json", action="store_true",
                   help=translate("cli", "one JSON line per photo"))
    p.set_defaults(func=cmd_metadata)

    p = sub.add_parser("write-sidecars", parents=[common],
                       help=translate("cli", "write the photos' tags into XMP sidecars (never "
                                             "into the photos)"))
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=translate("cli", "library photos (default: every tagged photo)"))
    p.add_argument("--yes", action="store_true", help=translate("cli", "do not ask"))
    p.set_defaults(func=cmd_write_sidecars)
