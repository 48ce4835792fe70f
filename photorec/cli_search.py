"""Sub-commands for words: ``search``, ``metadata`` and ``write-sidecars``.

    photorec search WORDS... [-k N] [--json]
        The photos matching the words (tags, keywords, titles, descriptions, folder and file
        names, dates such as "2019" or "junho 2019", objects the model recognises), best first.
        ``--json``: one line ``{"query", "results": [{"path", "score", "why": [...]}]}``
        (``"offline": true`` on results whose folder is offline).
    photorec metadata PATH... [--json]
        What photorec read from the photos' files and sidecars (``--json``: dates as ISO 8601
        text, titles and descriptions in every language).
    photorec write-sidecars [PATH...] [--faces] [--yes]
        Write the photos' keywords and photorec tags into their XMP sidecars (the existing one,
        else ``photo.jpg.xmp``; digiKam/darktable/Lightroom form), keeping everything else in
        them; the photos themselves are never written. Without PATH: every photo whose photorec
        tags differ from what its file says. ``--faces``: the faces of named people too, as MWG
        face regions (without PATH, photos with a named person too). Exit 1 when a sidecar was
        skipped (named, why).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from photorec.cli_common import EXIT_ERROR, EXIT_OK, count_arg, display_text, dump_json, fail, is_yes, run_with_library
from photorec.cli_words import arg
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
            print(dump_json({"query": query, "results": results}, ensure_ascii=False))
            return EXIT_OK
        if not hits:
            print(arg(translate("cli", "No photos match “%1”."), query))
            return EXIT_OK
        print(arg(translate("cli", "Photos matching “%1”:"), query))
        for h in hits:
            off = "  " + translate("cli", "[offline]") if h.offline else ""
            reasons = display_text('; '.join(map(_why, h.why)))
            print(f"  {h.score * 100:5.1f}%  {display_text(h.path)}{off}  ({reasons})")
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
                 "date": _iso(m.date), "camera": m.camera, "artist": m.artist, "lat": m.lat,
                 "lon": m.lon, "problem": m.problem}
            if args.json:
                d["titles"], d["descriptions"] = m.titles, m.descriptions
                print(dump_json(d, ensure_ascii=False))
                continue
            print(display_text(path))
            shown = 0
            for key, value in d.items():
                if key != "path" and value not in (None, [], ""):
                    text = ", ".join(value) if isinstance(value, list) else value
                    print(f"  {_field(key)}: {display_text(text)}")
                    shown += 1
            if not shown:
                print("  " + translate("cli", "(no keywords, title, description, rating, date, "
                                              "camera or GPS in the file)"))
        return code

    return run_with_library(args, True, body)


def cmd_write_sidecars(args: argparse.Namespace) -> int:
    from photorec.core.organize import sidecars

    def body(lib) -> int:
        paths = [os.path.abspath(p) for p in args.paths] or None
        if not args.yes:
            what = (arg(plural(len(paths), translate("cli", "%1 photo"), translate("cli", "%1 photos")), len(paths))
                    if paths else translate("cli", "every tagged photo and every photo with a named "
                                                   "person") if args.faces
                    else translate("cli", "every tagged photo"))
            if not sys.stdin or not sys.stdin.isatty():
                print(arg(translate("cli", "This writes XMP sidecars (photo.jpg.xmp) beside %1. "
                                           "Pass --yes to confirm."), what), file=sys.stderr)
                return EXIT_ERROR
            if not is_yes(input(arg(translate("cli", "Write XMP sidecars beside %1?"), what)
                                + " " + translate("cli", "[y/N]") + " ")):
                return EXIT_ERROR
        rep = sidecars.write_sidecars(lib, paths, faces=args.faces)
        for path, code, detail in rep.skipped:
            print(arg(translate("cli", "skipped %1: %2"), path, sidecar_reason(code, detail)),
                  file=sys.stderr)
        for path, ours, theirs in rep.face_conflicts:
            print(arg(translate("cli", "%1: the face of %2 is not written: another app named that "
                                       "face %3 there (left as it is)"),
                      path, ours, theirs or translate("cli", "(no name)")))
        print(arg(plural(len(rep.written), translate("cli", "Wrote %1 sidecar. The photos themselves were not "
                                                            "changed."),
                         translate("cli", "Wrote %1 sidecars. The photos themselves were not "
                                          "changed.")), len(rep.written)))
        if rep.faces:
            print(arg(plural(rep.faces_written, translate("cli", "Wrote %1 face region of named people."),
                             translate("cli", "Wrote %1 face regions of named people.")),
                      rep.faces_written))
        if rep.unchanged:
            print(arg(plural(rep.unchanged, translate("cli", "%1 photo already says what photorec says: "
                                                             "not written."),
                             translate("cli", "%1 photos already say what photorec says: not "
                                              "written.")), rep.unchanged))
        if rep.skipped:
            print(arg(plural(len(rep.skipped), translate("cli", "%1 skipped (see above)."),
                             translate("cli", "%1 skipped (see above).")), len(rep.skipped)))
        if rep.temps_removed:
            print(arg(plural(rep.temps_removed,
                             translate("cli", "Removed %1 temporary file left by an interrupted run."),
                             translate("cli", "Removed %1 temporary files left by an interrupted run.")),
                      rep.temps_removed))
        return EXIT_ERROR if rep.skipped else EXIT_OK

    return run_with_library(args, False, body)


def sidecar_reason(code: str, detail: str = "") -> str:
    """Why a sidecar was not written, in words (``code`` from photorec.core.organize.sidecars)."""
    words = {
        "sidecar_read_only": translate("cli", "the sidecar is read-only; it was left as it is"),
        "sidecar_not_regular": translate("cli", "the sidecar is not a regular file"),
        "sidecar_too_large": translate("cli", "the sidecar is too large to be XMP"),
        "xmp_too_deep": translate("cli", "the sidecar is nested too deeply to be XMP"),
        "xmp_refused": translate("cli", "the sidecar declares a DTD or entities (refused)"),
        "xmp_invalid": translate("cli", "the sidecar is not valid XML"),
        "xmp_undecodable": translate("cli", "the sidecar cannot be decoded"),
        "xmp_no_rdf": translate("cli", "the sidecar has no RDF in it"),
        "sidecar_changed": translate("cli", "another program kept changing the sidecar"),
        "photo_missing": translate("cli", "the photo is not there (offline or gone)"),
        "not_in_library": translate("cli", "not in the library (index it first)"),
        "write_failed": translate("cli", "it cannot be written"),
    }
    text = words.get(code, code)
    if code == "write_failed" and detail:
        text += f" ({detail})"
    return text


def _iso(stamp: float | None) -> str | None:
    """A stored date (the wall-clock time it was taken) as ISO 8601 text, no time zone."""
    if stamp is None:
        return None
    try:
        return datetime.fromtimestamp(stamp).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def _field(key: str) -> str:
    """A metadata field's name for people (the JSON keys stay English)."""
    names = {
        "tags": translate("cli", "tags"), "keywords": translate("cli", "keywords"),
        "hierarchical": translate("cli", "hierarchical keywords"),
        "title": translate("cli", "title"), "description": translate("cli", "description"),
        "rating": translate("cli", "rating"), "date": translate("cli", "date"),
        "camera": translate("cli", "camera"), "artist": translate("cli", "artist"),
        "lat": translate("cli", "latitude"),
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
    return f"{name}: {value}" if name else label  # escaped by the caller


_FIELDS = {"title", "description", "camera", "date"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common],
                       help=translate("cli", "photos matching words: tags, descriptions, names, "
                                             "dates, objects"))
    p.add_argument("words", nargs="+", metavar="WORD",
                   help=translate("cli", "words to look for (all of them count)"))
    p.add_argument("-k", type=count_arg, default=50, metavar="N",
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
    p.add_argument("--faces", action="store_true",
                   help=translate("cli", "also write the faces of named people as MWG face regions "
                                         "(digiKam, Lightroom); never unnamed people or suggestions"))
    p.add_argument("--yes", action="store_true", help=translate("cli", "do not ask"))
    p.set_defaults(func=cmd_write_sidecars)
