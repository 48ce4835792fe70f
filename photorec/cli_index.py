"""``photorec index``: add folders, rescan the library, and the progress bar and report it
prints (moved out of cli.py, which re-exports these names)."""

from __future__ import annotations

import argparse
import os
import sys
import threading

from photorec.cli_common import EXIT_OK, display_text, fail, run_with_library
from photorec.cli_progress import ProgressBar, _hms  # noqa: F401 - public names
from photorec.cli_words import arg, summary, words
from photorec.core.store import display_path  # non-UTF-8 names, escaped
from photorec.i18n import plural, translate


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def cmd_index(args: argparse.Namespace) -> int:
    """``index PATH...`` adds folders and rescans the library; ``index`` alone rescans it. A
    library folder that is missing now (an unplugged drive) is reported offline, not an error."""
    from photorec.core.paths import LibraryPaths

    paths = [os.path.abspath(os.path.expanduser(p)) for p in args.paths]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing and not LibraryPaths.resolve(args.data_dir).catalog.exists():
        return fail(arg(translate("cli", "%1 does not exist"), missing[0]))

    def body(lib) -> int:
        folders = [f.path for f in lib.folders()]
        add: list[str] = []
        for p in paths:
            if os.path.isdir(p):
                add.append(p)
            elif not os.path.exists(p) and any(_inside(p, f) for f in folders):
                continue  # a library folder on a drive that is not there: the scan says offline
            else:
                return fail(arg(translate("cli", "%1 does not exist") if not os.path.exists(p)
                                else translate("cli", "%1 is not a folder"), p))
        if not paths and not folders:
            return fail(translate("cli", "the library has no folders yet: 'photorec index "
                                         "FOLDER' adds one"))
        cancel = threading.Event()
        try:
            report = lib.index_folders(add, progress=ProgressBar(), cancel=cancel,
                                       retry_failed=args.retry_failed,
                                       faces=not getattr(args, "no_faces", False))
        except KeyboardInterrupt:
            cancel.set()
            print("\nphotorec: " + translate("cli", "interrupted; what was indexed is kept"),
                  file=sys.stderr)
            return 130
        print_report(report)
        print_problems(lib, report)
        print_people(lib.people.last)
        return EXIT_OK

    return run_with_library(args, False, body)


def print_problems(lib, report) -> None:
    """The problems found in this run and those still open in the library (what ``photorec
    problems`` and the window's Problems page list: unreadable files, bad metadata), so the
    summary's "0 failed" never hides files that failed before."""
    from photorec.core.ingest.metadata import problems as metadata_problems

    try:
        still = len(lib.problems()) + len(metadata_problems(lib))
    except Exception:  # noqa: BLE001 - the count is a nicety; the report above stands
        return
    if still or report.errors:
        print(arg(translate("cli", "Problems: %1 found in this run, %2 open in the library "
                                   "('photorec problems' lists them)."), len(report.errors), still))


def print_report(report) -> None:
    print(arg(translate("cli", "Indexed in %1 s: %2."), f"{report.seconds:.1f}", summary(report)))
    if report.embedded:
        print(arg(plural(report.embedded, translate("cli", "%1 photo embedded (%2 photos/s overall)."),
                         translate("cli", "%1 photos embedded (%2 photos/s overall).")), report.embedded,
                  f"{report.embedded / max(report.seconds, 1e-6):.1f}"))
    for folder, reason in report.offline:
        print(arg(translate("cli", "Offline (kept, not rescanned): %1: %2"), display_path(folder),
                  words(reason)))
    if report.errors:
        print(arg(plural(len(report.errors), translate("cli", "%1 problem:"),
                         translate("cli", "%1 problems:")), len(report.errors)))
        for path, reason in report.errors[:50]:
            print(f"  {display_path(path)}: {display_text(words(reason))}")
        if len(report.errors) > 50:
            print("  " + arg(translate("cli", "… and %1 more (photorec problems)"),
                             len(report.errors) - 50))


def print_people(last) -> None:
    """What the index run's face pass did (nothing when faces were off)."""
    if last is None:
        return
    if isinstance(last, Exception):
        from photorec.cli_people import people_error

        print(arg(translate("cli", "Faces were not looked for: %1"), people_error(last)))
        return
    from photorec.cli_people import print_face_damage

    found, grouped = last
    print_face_damage(found)
    if found.searched:
        print(arg(plural(found.searched, translate("cli", "Looked for faces in %1 photo indexed before: %2 found."),
                         translate("cli", "Looked for faces in %1 photos indexed before: %2 found.")),
                  found.searched, found.faces))
    if found.closer:
        print(arg(plural(found.closer, translate("cli", "Looked closer for small faces in %1 photo: %2 found."),
                         translate("cli", "Looked closer for small faces in %1 photos: %2 found.")),
                  found.closer, found.closer_faces))
    if grouped.new_people or grouped.joined:
        people = arg(plural(grouped.new_people, translate("cli", "%1 new person"),
                            translate("cli", "%1 new people")), grouped.new_people)
        faces = arg(plural(grouped.joined, translate("cli", "%1 face placed"),
                           translate("cli", "%1 faces placed")), grouped.joined)
        print(arg(translate("cli", "People: %1, %2 (photorec people)."), people, faces))
