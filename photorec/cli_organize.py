"""Command-line side of the organising features (issue #5): near-duplicates, visual themes,
tags with suggestions, and "more like these".

    photorec [--data-dir DIR] duplicates [--threshold T] [--mode duplicates|similar]
                                         [--within SECONDS] [--all] [--json]
    photorec duplicates not-duplicates PATH PATH...   remember: these are not duplicates
    photorec duplicates keep-all PATH PATH...         remember: keep all of these
    photorec duplicates undo [PATH...] [--all]        forget such decisions
    photorec [--data-dir DIR] themes [-k K] [--seed S] [--recompute] [--members] [--json]
    photorec tags add PATH... --tag T | remove PATH... --tag T | list [PATH...] [--folders]
    photorec tags photos TAG | export FILE | import FILE
    photorec tags suggest [PATH...] [--min-confidence C] [--folders] [--json]
    photorec tags accept PATH --tag T | reject PATH --tag T
    photorec more-like PATH... [--not PATH...] [-k N] [--json]

JSON shapes (one line each):

* ``duplicates --json``: one line per group, ``{"paths": [...], "scores": [...], "keep": path,
  "why": text, "offline": [...]}``; ``paths`` has the suggested keeper first, ``scores`` is each
  path's cosine similarity to the keeper (1.0 for the keeper and its exact copies), and
  ``offline`` (aligned with ``paths``) is true for photos in folders that are offline now
  (reported, but they cannot be moved to the trash until the folder is back).
* ``themes --json``: one line per theme, ``{"id", "label", "size", "central": [paths], "k",
  "auto", "tags", "classes", "dates"}`` (``label`` is its name, e.g. "dog · June 2020", made of
  its commonest ``tags``, the model's ``classes`` at its centre and its ``dates`` span; plus
  ``"paths"``, all its photos, with ``--members``).
* ``tags suggest --json``: one line, ``{"accuracy", "baseline", "evaluation", "n_train",
  "n_eval", "tags", "suggestions": [{"path", "tag", "confidence", "offline"}]}``.
* ``tags list --json``: a line per tag ``{"tag", "photos", "from_file"}`` (``from_file``: how
  many of those photos have it from their file's keywords), or per photo ``{"path", "tags",
  "from_file": [tags read from the file]}``.
* ``more-like --json``: ``{"positives", "negatives", "results": [{"path", "score"}]}``.
"""

from __future__ import annotations

import argparse
import os
import sys

from photorec.cli_common import (
    EXIT_OK,
    add_floor_options,
    count_arg,
    display_text,
    dump_json,
    matches_json,
    print_held_back,
    print_matches,
    score_arg,
    split_by_floor,
)
from photorec.cli_common import fail as _fail
from photorec.cli_common import run_with_library as _run
from photorec.cli_themes import cmd_themes  # noqa: F401 - registered below; a public name
from photorec.cli_words import arg, core_words, words
from photorec.cli_words import keeper_words as _why
from photorec.core.embed.similarity import percent
from photorec.i18n import plural, translate


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


# -- duplicates --------------------------------------------------------------------------------


def cmd_duplicates(args: argparse.Namespace) -> int:
    from photorec.core.organize import duplicates as dup

    action = getattr(args, "dup_action", None)
    if action in ("not-duplicates", "keep-all"):
        if len(args.paths) < 2 and action == "not-duplicates":
            return _fail(translate("cli", "name at least two photos"))

        def decide(lib):
            n = dup.decide(lib, args.paths, "distinct" if action == "not-duplicates" else "keep")
            text = (translate("cli", "Remembered: these %1 photos are not duplicates (%2).")
                    if action == "not-duplicates" else
                    plural(len(args.paths), translate("cli", "Remembered: this photo is to be kept (%2)."),
                           translate("cli", "Remembered: these %1 photos are to be kept, all of them "
                                            "(%2).")))
            pairs = arg(plural(n, translate("cli", "%1 pair"), translate("cli", "%1 pairs")), n)
            print(arg(text, len(args.paths), pairs))
            return EXIT_OK

        return _run(args, False, decide)
    if action == "undo":
        if not args.paths and not args.all:
            return _fail(translate("cli", "name the photos whose decisions to forget, or pass --all"))

        def undo(lib):
            n = dup.undo_decisions(lib, None if args.all else args.paths)
            print(arg(plural(n, translate("cli", "Forgot %1 decision."),
                             translate("cli", "Forgot %1 decisions.")), n))
            return EXIT_OK

        return _run(args, False, undo)

    if args.threshold is not None and args.threshold < dup.GRAPH_FLOOR:
        # the neighbour graph keeps nothing looser: a lower threshold would say what it is not
        return _fail(arg(translate("cli", "--threshold goes from %1% to 100% (e.g. 90, 90% or "
                                          "0.9)"), percent(dup.GRAPH_FLOOR)))
    if args.within is not None and args.within < 0:
        return _fail(translate("cli", "--within is a number of seconds (>= 0)"))

    def listing(lib):
        threshold = args.threshold if args.threshold is not None else dup.default_threshold(lib.model, args.mode)
        groups = dup.find_groups(lib, mode=args.mode, threshold=threshold, within=args.within,
                                 include_decided=args.all)
        if args.json:
            for g in groups:
                print(dump_json(g.to_json(), ensure_ascii=False))
            return EXIT_OK
        dups = args.mode == "duplicates"
        extra = (arg(translate("cli", ", taken within %1 s"), f"{args.within:g}")
                 if args.within is not None else "")
        limit = arg(translate("cli", "threshold %1%"), percent(threshold)) + extra
        if not groups:
            print(arg(translate("cli", "No duplicates found (%1).") if dups
                      else translate("cli", "No similar shots found (%1)."), limit))
            return EXIT_OK
        n_extra = sum(len(g.members) - 1 for g in groups)
        head = (plural(len(groups), translate("cli", "%1 group of duplicates (%2); %3."),
                       translate("cli", "%1 groups of duplicates (%2); %3.")) if dups
                else plural(len(groups), translate("cli", "%1 group of similar shots (%2); %3."),
                            translate("cli", "%1 groups of similar shots (%2); %3.")))
        could_go = arg(plural(n_extra, translate("cli", "%1 photo could go"),
                              translate("cli", "%1 photos could go")), n_extra)
        print(arg(head, len(groups), limit, could_go))
        for i, g in enumerate(groups, 1):
            print("\n" + arg(translate("cli", "Group %1: %2 photos. Keep %3: %4."), i,
                             len(g.members), g.keep.name, _why(g.why)))
            for j, m in enumerate(g.members):
                p = m.photo
                if j == 0:
                    tag = translate("cli", "keep ").strip()
                elif m.identical:
                    tag = translate("core", "Identical file")
                else:  # the figure and its band, as the similar command and the window say
                    tag = f"{percent(m.score):3d}%  {core_words(m.band or '')}"
                dims = f"{p.width}x{p.height}" if p.width else "?"
                off = "  " + translate("cli", "[offline]") if not p.online else ""
                print(f"  {display_text(tag):<20}  {display_text(p.path)}  ({dims}, {_size(p.size)}){off}")
        return EXIT_OK

    return _run(args, True, listing)


# -- tags --------------------------------------------------------------------------------------


def cmd_tags(args: argparse.Namespace) -> int:
    from photorec.core.organize import tags as tg

    action = args.tags_action
    if action is None:
        return _fail(translate("cli", "tags: say what to do: add, remove, list, photos, export, "
                                      "import, suggest, accept, reject (photorec tags -h)"), 2)

    if action in ("add", "remove"):
        def body(lib):
            if action == "add":
                n = tg.add_tags(lib, args.paths, args.tag)
                new = arg(plural(n, translate("cli", "%1 new", "one"), translate("cli", "%1 new", "other")), n)
                print(arg(plural(len(args.paths), translate("cli", "Tagged %1 photo with %2 (%3)."),
                                 translate("cli", "Tagged %1 photos with %2 (%3).")),
                          len(args.paths), ", ".join(args.tag), new))
            else:
                n = tg.remove_tags(lib, args.paths, args.tag)
                print(arg(plural(n, translate("cli", "Removed %1 tag."), translate("cli", "Removed %1 tags.")), n))
            return EXIT_OK

        return _run(args, False, body)

    if action == "list":
        def body(lib):
            if args.paths:
                for p in args.paths:
                    ts = tg.tags_of(lib, p, folders=args.folders)
                    from_file = tg.file_tags_of(lib, p)
                    if args.json:
                        print(dump_json({"path": os.path.abspath(p), "tags": ts,
                                          "from_file": from_file}, ensure_ascii=False))
                    else:
                        mark = " " + translate("cli", "(from the file)")
                        marked = [t + (mark if t in from_file else "") for t in ts]
                        print(display_text(os.path.abspath(p)) + ": "
                              + (display_text(", ".join(marked)) if ts else translate("cli", "(no tags)")))
                return EXIT_OK
            rows = tg.all_tags(lib, folders=args.folders)
            in_files = tg.file_tag_counts(lib)
            if args.json:
                for t, n in rows:
                    print(dump_json({"tag": t, "photos": n, "from_file": in_files.get(t.lower(), 0)},
                                     ensure_ascii=False))
            elif not rows:
                print(translate("cli", "No tags yet (photorec tags add PHOTO... --tag NAME)."))
            else:
                for t, n in rows:
                    f = in_files.get(t.lower(), 0)
                    print(f"{n:6d}  {display_text(t)}" + ("  " + arg(translate("cli", "(%1 from the photo files)"), f)
                                            if f else ""))
            return EXIT_OK

        return _run(args, True, body)

    if action == "photos":
        def body(lib):
            photos = tg.photos_with_tag(lib, args.tag_name)
            for p in photos:
                print(dump_json({"path": p.path}) if args.json else display_text(p.path))
            if not photos and not args.json:
                print(arg(translate("cli", "No photos tagged %1."), args.tag_name), file=sys.stderr)
            return EXIT_OK

        return _run(args, True, body)

    if action == "export":
        def body(lib):
            n = tg.export_tags(lib, args.file)
            print(arg(plural(n, translate("cli", "Wrote %1 tag to %2."), translate("cli", "Wrote %1 tags to %2.")),
                      n, os.path.abspath(args.file)))
            return EXIT_OK

        return _run(args, True, body)

    if action == "import":
        def body(lib):
            rep = tg.import_tags(lib, args.file)
            tags = arg(plural(rep.tags, translate("cli", "%1 new tag"), translate("cli", "%1 new tags")), rep.tags)
            rejected = arg(plural(rep.rejected, translate("cli", "%1 rejection"),
                                  translate("cli", "%1 rejections")), rep.rejected)
            matched = arg(plural(rep.matched, translate("cli", "%1 matched library photos", "one"),
                                 translate("cli", "%1 matched library photos", "other")), rep.matched)
            kept = arg(plural(rep.unmatched, translate("cli", "%1 kept for photos not in the library now", "one"),
                              translate("cli", "%1 kept for photos not in the library now", "other")),
                       rep.unmatched)
            print(arg(translate("cli", "Imported %1 and %2: %3, %4."), tags, rejected, matched, kept))
            for s in rep.skipped[:20]:
                print("  " + arg(translate("cli", "skipped %1"), words(s)), file=sys.stderr)
            return EXIT_OK

        return _run(args, False, body)

    if action == "suggest":
        def body(lib):
            model = tg.train(lib, use_folders=args.folders, store=not lib.readonly)
            sug = tg.suggest(lib, model=model, min_confidence=args.min_confidence,
                             paths=args.paths or None, include_tagged=bool(args.paths))
            if args.json:
                info = model.info()
                info["suggestions"] = [{"path": s.path, "tag": s.tag,
                                        "confidence": None if s.confidence is None
                                        else round(s.confidence, 4), "offline": s.offline}
                                       for s in sug]
                print(dump_json(info, ensure_ascii=False))
                return EXIT_OK
            print(arg(translate("cli", "Tag classifier: %1."), _describe(model)))
            if not sug:
                print(translate("cli", "No suggestions above the confidence threshold."))
            for s in sug:
                off = "  " + translate("cli", "[offline]") if s.offline else ""
                conf = "    --" if s.confidence is None else f"{s.confidence * 100:5.1f}%"
                print(f"  {conf}  {display_text(s.tag)}  {display_text(s.path)}{off}")
            return EXIT_OK

        return _run(args, True, body)

    if action in ("accept", "reject"):
        def body(lib):
            for t in args.tag:
                (tg.accept if action == "accept" else tg.reject)(lib, args.path, t)
            text = (translate("cli", "Tagged %1 for %2.") if action == "accept"
                    else translate("cli", "Will not suggest %1 for %2."))
            print(arg(text, ", ".join(args.tag), os.path.abspath(args.path)))
            return EXIT_OK

        return _run(args, False, body)
    return _fail(arg(translate("cli", "unknown tags action %1"), action), 2)


def _describe(model) -> str:
    """``TagModel.describe()`` in the chosen language."""
    n = len(model.tags)  # photos: at least tags.MIN_TRAIN; tags: one is enough to train
    tags = arg(plural(n, translate("cli", "%1 tag"), translate("cli", "%1 tags")), n)
    if model.accuracy is None:
        return arg(translate("cli", "trained on %1 photos (%2 independent: near-duplicates and "
                                    "similar shots count once), %3: too few independent "
                                    "examples to measure how often it is right, so no "
                                    "percentage is shown"),
                   model.n_train, model.independent if model.independent is not None else "?",
                   tags)
    text = arg(translate("cli", "held-out accuracy %1 (%2, %3 photos; always guessing the most "
                                "common tag: %4); %5, %6 photos"),
               f"{model.accuracy:.0%}", model.evaluation, model.n_eval, f"{model.baseline:.0%}",
               tags, model.n_train)
    missing = model.not_learnt()
    if missing:
        text += "; " + arg(translate("cli", "not suggested yet (no better than guessing): %1"),
                           ", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""))
    return text


# -- more like these ---------------------------------------------------------------------------


def cmd_more_like(args: argparse.Namespace) -> int:
    from photorec.core.organize.morelike import more_like

    def body(lib):
        pos = [os.path.abspath(p) for p in args.paths]
        neg = [os.path.abspath(p) for p in args.negatives]
        res, held, floor = split_by_floor(more_like(lib, pos, neg, k=args.k), args, lib.model)
        if args.json:
            print(dump_json({"positives": pos, "negatives": neg, "results": matches_json(res, lib.model),
                              "min_score": round(floor, 4), "not_shown": len(held)},
                             ensure_ascii=False))
            return EXIT_OK
        print(arg(plural(len(pos), translate("cli", "Photos like %1 example, unlike %2:"),
                         translate("cli", "Photos like %1 examples, unlike %2:")), len(pos), len(neg))
              if neg else arg(plural(len(pos), translate("cli", "Photos like %1 example:"),
                                     translate("cli", "Photos like %1 examples:")), len(pos)))
        if res or not held:
            print_matches(res, model=lib.model)
        print_held_back(res, held, lib.model)
        return EXIT_OK

    return _run(args, True, body)


# -- registration ------------------------------------------------------------------------------


def register(subparsers, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []

    p = subparsers.add_parser(
        "duplicates", parents=parents,
        help=translate("cli", "groups of near-duplicate photos, with the one to keep"),
        description=translate("cli", "Groups of near-duplicates (the same picture re-saved, resized, cropped or "
                    "edited) or, with --mode similar, of similar shots. Decisions are "
                    "remembered: see the not-duplicates, keep-all and undo actions."))
    p.add_argument("--threshold", type=score_arg, metavar="T",
                   help=translate("cli", "similarity from which photos group: 75, 75% or 0.75 (default: "
                                         "the mode's, measured for the model)"))
    p.add_argument("--mode", choices=("duplicates", "similar"), default="duplicates",
                   help=translate("cli", "duplicates: the same picture (strict, the default); similar: similar shots"))
    p.add_argument("--within", type=float, metavar="SECONDS",
                   help=translate("cli", "only group photos taken within SECONDS of each other (bursts)"))
    p.add_argument("--all", action="store_true",
                   help=translate("cli", "also show groups you marked 'not duplicates' or 'keep all'"))
    p.add_argument("--json", action="store_true", help=translate("cli", "one JSON line per group"))
    p.set_defaults(func=cmd_duplicates, dup_action=None)
    acts = p.add_subparsers(dest="dup_action", metavar="ACTION")
    a = acts.add_parser("not-duplicates", parents=parents,
                        help=translate("cli", "remember that these photos are not duplicates"))
    a.add_argument("paths", nargs="+", metavar="PATH")
    a = acts.add_parser("keep-all", parents=parents, help=translate("cli", "remember to keep all these photos"))
    a.add_argument("paths", nargs="+", metavar="PATH")
    a = acts.add_parser("undo", parents=parents, help=translate("cli", "forget decisions between these photos"))
    a.add_argument("paths", nargs="*", metavar="PATH")
    a.add_argument("--all", action="store_true", help=translate("cli", "forget every decision"))

    p = subparsers.add_parser(
        "themes", parents=parents, help=translate("cli", "the library clustered into visual themes (k-means)"),
        description=translate("cli", "Shows the stored themes (photos added since join their nearest theme); "
                    "clusters again with -k, --seed or --recompute."))
    p.add_argument("-k", type=count_arg, metavar="K",
                   help=translate("cli", "how many themes (default: picked automatically)"))
    p.add_argument("--seed", type=int, metavar="S", help=translate("cli", "random seed (default 0)"))
    p.add_argument("--recompute", action="store_true", help=translate("cli", "cluster again even if stored"))
    p.add_argument("--members", action="store_true", help=translate("cli", "list every photo of each theme"))
    p.add_argument("--json", action="store_true", help=translate("cli", "one JSON line per theme"))
    p.set_defaults(func=cmd_themes)

    p = subparsers.add_parser(
        "tags", parents=parents, help=translate("cli", "tag photos, export/import tags, suggested tags"),
        description=translate("cli", "Tags are kept per photo content: they survive moves, renames and rescans."))
    p.set_defaults(func=cmd_tags, tags_action=None)
    acts = p.add_subparsers(dest="tags_action", metavar="ACTION")
    a = acts.add_parser("add", parents=parents, help=translate("cli", "tag photos"))
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--tag", "-t", action="append", required=True, metavar="T", help=translate("cli", "(repeatable)"))
    a = acts.add_parser("remove", parents=parents, help=translate("cli", "remove tags from photos"))
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--tag", "-t", action="append", required=True, metavar="T")
    a = acts.add_parser("list", parents=parents, help=translate("cli", "all tags with counts, or the tags of photos"))
    a.add_argument("paths", nargs="*", metavar="PATH")
    a.add_argument("--folders", action="store_true", help=translate("cli", "include folder:NAME tags"))
    a.add_argument("--json", action="store_true")
    a = acts.add_parser("photos", parents=parents, help=translate("cli", "the photos with a tag (or folder:NAME)"))
    a.add_argument("tag_name", metavar="TAG")
    a.add_argument("--json", action="store_true")
    a = acts.add_parser("export", parents=parents, help=translate("cli", "write all tags to FILE (.json or .csv)"))
    a.add_argument("file", metavar="FILE")
    a = acts.add_parser("import", parents=parents, help=translate("cli", "read tags from FILE (.json or .csv)"))
    a.add_argument("file", metavar="FILE")
    a = acts.add_parser("suggest", parents=parents,
                        help=translate("cli", "train on the tagged photos and suggest tags for the others"))
    a.add_argument("paths", nargs="*", metavar="PATH", help=translate("cli", "only these photos"))
    a.add_argument("--min-confidence", type=score_arg, default=0.5, metavar="C",
                   help=translate("cli", "only suggestions at least this confident: 50, 50% or 0.5 "
                                         "(default 50%)"))
    a.add_argument("--folders", action="store_true", help=translate("cli", "also learn the folders as tags"))
    a.add_argument("--json", action="store_true", help=translate("cli", "one JSON line"))
    a = acts.add_parser("accept", parents=parents, help=translate("cli", "accept a suggested tag"))
    a.add_argument("path", metavar="PATH")
    a.add_argument("--tag", "-t", action="append", required=True, metavar="T")
    a = acts.add_parser("reject", parents=parents, help=translate("cli", "reject a suggested tag (never again)"))
    a.add_argument("path", metavar="PATH")
    a.add_argument("--tag", "-t", action="append", required=True, metavar="T")

    p = subparsers.add_parser(
        "more-like", parents=parents, help=translate("cli", "photos most like several examples (and unlike others)"))
    p.add_argument("paths", nargs="+", metavar="PATH", help=translate("cli", "photos to find more like"))
    p.add_argument("--not", dest="negatives", action="extend", nargs="+", default=[],
                   metavar="PATH", help=translate("cli", "photos the results should not look like"))
    p.add_argument("-k", type=count_arg, default=20, metavar="N", help=translate("cli", "how many (default 20)"))
    add_floor_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_more_like)
