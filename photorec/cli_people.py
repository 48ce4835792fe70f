"""``photorec people``: the people photorec found in the photos (issue 17).

    photorec people [--json]                 one line (or JSON line) per person
    photorec people name ID NAME             name (or rename) a person
    photorec people merge ID ID              the second person's faces join the first
    photorec people photos ID|NAME           the photos of a person, one path a line
    photorec people not ID PHOTO             the person is not in PHOTO (remembered)
    photorec people find                     look for faces in photos not searched yet, group
    photorec people on|off                   face finding on or off for this library
    photorec people forget [--yes]           erase every face and person for good

JSON: ``{"id": 3, "name": "Ana" | null, "photos": [absolute paths], "faces": 7,
"suggested": 1}`` (``suggested``: faces photorec is unsure of that may be this person).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from photorec.cli_common import EXIT_OK, confirm, fail, run_with_library
from photorec.cli_words import arg, words
from photorec.core.store import display_path
from photorec.i18n import plural, translate


def people_error(exc) -> str:
    """A :class:`PeopleError` in words."""
    code, a = exc.code, exc.args_
    if code == "no-person":
        return arg(translate("cli", "no person %1 (photorec people lists them)"), a[0])
    if code == "ambiguous":
        return arg(translate("cli", "more than one person is called %1: use an id (%2)"),
                   a[0], ", ".join(str(i) for i in a[1]))
    if code == "same-person":
        return translate("cli", "that is the same person twice")
    if code == "not-in-photo":
        return arg(translate("cli", "person %1 is not in %2"), a[0], display_path(a[1]))
    if code == "no-photo":
        return arg(translate("cli", "%1 is not a photo of the library"), display_path(a[0]))
    if code == "readonly":
        return translate("cli", "the library is open read-only")
    return arg(translate("cli", "the face models cannot be used: %1 (reinstall photorec)"),
               " ".join(str(x) for x in a))


def print_face_damage(found) -> None:
    """The face check's one warning line (damaged face data, rebuilt), on stderr."""
    if getattr(found, "damage", None) is not None:
        print("photorec: " + arg(translate("cli", "warning: %1"), words(found.damage)),
              file=sys.stderr)


def _label(p) -> str:
    return p.name if p.name else arg(translate("cli", "unnamed #%1"), p.id)


def _run(args: argparse.Namespace, readonly: bool, body) -> int:
    from photorec.core.people.service import PeopleError

    def guarded(lib) -> int:
        try:
            return body(lib)
        except PeopleError as exc:
            return fail(people_error(exc))

    return run_with_library(args, readonly, guarded)


def cmd_people(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action is None:
        return _run(args, True, lambda lib: _list(lib, args.json))
    return _run(args, action == "photos", lambda lib: ACTIONS[action](lib, args))


def _list(lib, as_json: bool) -> int:
    everyone = lib.people.everyone()
    for p in everyone:
        if as_json:
            print(json.dumps({"id": p.id, "name": p.name, "photos": p.photos, "faces": p.faces,
                              "suggested": len(lib.people.suggestions_for(p.id))},
                             ensure_ascii=False))
        else:
            print(f"{p.id:>5}  {_label(p)}  " + arg(plural(len(p.photos), translate(
                "cli", "%1 photo"), translate("cli", "%1 photos")), len(p.photos)))
    if not everyone and not as_json:
        enabled = lib.people.enabled
        print(translate("cli", "No people yet: 'photorec index' looks for faces.") if enabled else
              translate("cli", "No people: face finding is off ('photorec people on')."),
              file=sys.stderr)
    return EXIT_OK


def _name(lib, args) -> int:
    p = lib.people.name(args.id, args.name)
    print(arg(translate("cli", "Person %1 is now called %2."), p.id, p.name))
    return EXIT_OK


def _merge(lib, args) -> int:
    p = lib.people.merge(args.keep, args.other)
    print(arg(plural(p.faces, translate("cli", "Merged: %1 has %2 face now."),
                     translate("cli", "Merged: %1 has %2 faces now.")), _label(p), p.faces))
    return EXIT_OK


def _photos(lib, args) -> int:
    for path in lib.people.photos(args.person):
        print(display_path(path))
    return EXIT_OK


def _not(lib, args) -> int:
    path = os.path.abspath(os.path.expanduser(args.photo))
    n = lib.people.not_in_photo(args.id, path)
    print(arg(plural(n, translate("cli", "%1 face taken out of person %2; it will not be put back."),
                     translate("cli", "%1 faces taken out of person %2; they will not be put back.")),
              n, args.id))
    return EXIT_OK


def _find(lib, args) -> int:
    if not lib.people.enabled:
        return fail(translate("cli", "face finding is off for this library ('photorec people on')"))
    from photorec.cli_progress import ProgressBar
    from photorec.core.index.pipeline import Progress

    bar = ProgressBar()
    found, grouped = lib.people.update(progress=lambda phase, done, total: bar(Progress(phase, done, total)))
    print_face_damage(found)
    print(arg(plural(found.searched, translate("cli", "Looked for faces in %1 photo: %2 found."),
                     translate("cli", "Looked for faces in %1 photos: %2 found.")),
              found.searched, found.faces))
    if found.closer:
        print(arg(plural(found.closer, translate("cli", "Looked closer for small faces in %1 photo: %2 found."),
                         translate("cli", "Looked closer for small faces in %1 photos: %2 found.")),
                  found.closer, found.closer_faces))
    print(arg(plural(grouped.new_people, translate("cli", "%1 new person."),
                     translate("cli", "%1 new people.")), grouped.new_people))
    return EXIT_OK


def _switch(on: bool):
    def run(lib, args) -> int:
        lib.people.set_enabled(on)
        print(translate("cli", "Face finding is on: 'photorec index' looks for faces.") if on else
              translate("cli", "Face finding is off: no photo is searched for faces until "
                               "'photorec people on'."))
        return EXIT_OK
    return run


def _forget(lib, args) -> int:
    if not confirm(translate("cli", "Erase every face and person photorec found, for good?"),
                   args.yes):
        return 1
    n = lib.people.forget()
    print(arg(plural(n, translate("cli", "Erased %1 face and every person."),
                     translate("cli", "Erased %1 faces and every person.")), n))
    if lib.people.enabled:
        print(translate("cli", "Face finding is still on: the next 'photorec index' looks for "
                               "faces again ('photorec people off' turns it off)."))
    return EXIT_OK


def cmd_similar_people(args: argparse.Namespace) -> int:
    """``similar IMAGE --people``: the photos sharing the most people with IMAGE."""

    def body(lib) -> int:
        names = {p.id: _label(p) for p in lib.people.everyone()}
        for image in args.images:
            path = os.path.abspath(image)
            mine, ranked = lib.people.shared(path, k=args.k)
            if args.json:
                print(json.dumps({"query": path, "people": [
                    {"id": i, "name": names.get(i)} for i in sorted(mine)],
                    "results": [{"path": p, "people": ids, "shared": len(ids)}
                                for p, ids in ranked]}, ensure_ascii=False))
                continue
            if not mine:
                print(arg(translate("cli", "No known person in %1."), display_path(path)))
                continue
            print(arg(translate("cli", "Photos with the people of %1 (%2):"), display_path(path),
                      ", ".join(names.get(i, str(i)) for i in sorted(mine))))
            for p, ids in ranked:
                print(f"  {len(ids)}  {display_path(p)}  ("
                      + ", ".join(names.get(i, str(i)) for i in ids) + ")")
            if not ranked:
                print("  " + translate("cli", "(no other photo of them)"))
        return EXIT_OK

    return _run(args, True, body)


ACTIONS = {"name": _name, "merge": _merge, "photos": _photos, "not": _not, "find": _find,
           "on": _switch(True), "off": _switch(False), "forget": _forget}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("people", parents=[common],
                       help=translate("cli", "the people in the photos: list, name, merge, "
                                             "their photos, forget"))
    p.add_argument("--json", action="store_true",
                   help=translate("cli", "one JSON line per person"))
    p.set_defaults(func=cmd_people, action=None)
    acts = p.add_subparsers(dest="action", metavar="ACTION")
    a = acts.add_parser("name", parents=[common], help=translate("cli", "name or rename a person"))
    a.add_argument("id", type=int, metavar="ID")
    a.add_argument("name", metavar="NAME")
    a = acts.add_parser("merge", parents=[common],
                        help=translate("cli", "the second person's faces join the first"))
    a.add_argument("keep", type=int, metavar="ID")
    a.add_argument("other", type=int, metavar="ID")
    a = acts.add_parser("photos", parents=[common],
                        help=translate("cli", "the photos of a person (an id or a name)"))
    a.add_argument("person", metavar="ID|NAME")
    a = acts.add_parser("not", parents=[common],
                        help=translate("cli", "the person is not in this photo (remembered)"))
    a.add_argument("id", type=int, metavar="ID")
    a.add_argument("photo", metavar="PHOTO")
    acts.add_parser("find", parents=[common],
                    help=translate("cli", "look for faces in photos not searched yet, and group them"))
    acts.add_parser("on", parents=[common], help=translate("cli", "turn face finding on"))
    acts.add_parser("off", parents=[common], help=translate("cli", "turn face finding off"))
    a = acts.add_parser("forget", parents=[common],
                        help=translate("cli", "erase every face and person for good"))
    a.add_argument("--yes", action="store_true", help=translate("cli", "do not ask"))
