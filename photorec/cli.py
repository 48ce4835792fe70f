"""The command line. ``photorec`` alone opens the window; sub-commands work headless.

    photorec [--data-dir DIR] [--provider P]                 open the window
    photorec [--data-dir DIR] --similar IMAGE                 window showing photos like IMAGE
    photorec [--data-dir DIR] PATH [PATH ...]                 window; folders are added, images queried
    photorec [--data-dir DIR] --screenshot OUT.png [--similar IMAGE]
    photorec [--data-dir DIR] index [PATH ...]              no PATH: rescan every library folder
    photorec [--data-dir DIR] similar IMAGE [IMAGE ...] [-k N] [--all] [--json]
    photorec [--data-dir DIR] status [--json]
    ...
"""

from __future__ import annotations

import argparse
import difflib
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Sequence

from photorec import __version__
from photorec.cli_common import (
    EXIT_ERROR,
    EXIT_OK,
    add_floor_options,
    count_arg,
    display_text,
    dump_json,
    fail,
    is_yes,  # noqa: F401 - public
    matches_json,
    print_held_back,
    print_matches,
    run_with_library,
    split_by_floor,
    terminal_output,
)
from photorec.cli_common import confirm as _confirm
from photorec.cli_index import ProgressBar, cmd_index, print_report  # noqa: F401 - public names
from photorec.cli_words import arg, summary, words
from photorec.i18n import plural, translate

log = logging.getLogger(__name__)

EXIT_USAGE = 2


# -- plumbing ----------------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    d = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=d,
                        help=translate("cli", "keep the library (catalog, index, thumbnails, "
                                       "logs) in DIR instead of the per-user folders"))
    parser.add_argument("--provider", metavar="NAME", default=d,
                        help=translate("cli", "onnxruntime execution provider: auto "
                                       "(default), cpu, cuda, directml, coreml"))
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS if suppress else 0,
                        help=translate("cli", "more log output on stderr"))
    parser.add_argument("--lang", metavar="LANG", default=d,
                        help=translate("cli", "language of the window and the messages: en or "
                                       "pt_BR (default: the system's)"))


class _TerminalFormatter(logging.Formatter):
    """Log lines for a terminal: names in them escaped like every other output line."""

    def format(self, record: logging.LogRecord) -> str:
        return display_text(super().format(record), keep_lines=True)


def setup_logging(data_dir: str | None, verbose: int = 0) -> None:
    """Warnings (or more with -v) to stderr; everything from INFO to the log file."""
    from photorec.core.paths import LibraryPaths
    from photorec.quietlog import QuietRotatingFileHandler, QuietStreamHandler

    root = logging.getLogger()
    if getattr(setup_logging, "_done", False):
        return
    setup_logging._done = True  # type: ignore[attr-defined]
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    err = QuietStreamHandler(sys.stderr)
    err.setLevel(logging.WARNING if verbose == 0 else (logging.INFO if verbose == 1 else logging.DEBUG))
    err.setFormatter(_TerminalFormatter("photorec: %(levelname)s: %(message)s"))
    root.addHandler(err)
    try:
        paths = LibraryPaths.resolve(data_dir)
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = QuietRotatingFileHandler(
            paths.log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        fh.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(fh)
    except OSError:
        pass


# -- commands ----------------------------------------------------------------------------------


def cmd_similar(args: argparse.Namespace) -> int:
    from photorec.core.library import LibraryError

    if getattr(args, "people", False):
        from photorec.cli_people import cmd_similar_people

        return cmd_similar_people(args)

    def body(lib) -> int:
        code = EXIT_OK
        progress = lib.indexing_progress() or ""
        if progress and not args.json:
            print(arg(translate("cli", "(indexing in progress: %1 photos; answering from what "
                                       "is indexed)"), progress), file=sys.stderr)
        for image in args.images:
            path = os.path.abspath(image)
            try:
                matches = lib.similar(path, k=args.k)  # mirrored copies marked
            except LibraryError as exc:  # one bad query does not stop the others
                code = fail(words(exc))
                continue
            shown, held, floor = split_by_floor(matches, args, lib.model)
            if args.json:
                out = {"query": path, "results": matches_json(shown, lib.model),
                       "min_score": round(floor, 4), "not_shown": len(held)}
                if progress:
                    out["indexing"] = progress
                print(dump_json(out))
            else:
                print(arg(translate("cli", "Photos like %1:"), path))
                if shown or not held:
                    print_matches(shown, translate("cli", "(none: the library is empty)"), lib.model)
                print_held_back(shown, held, lib.model)
        return code

    return run_with_library(args, True, body)


def cmd_status(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        st = lib.status()
        if args.json:
            print(dump_json(st, indent=2))
            return EXIT_OK
        print(arg(translate("cli", "Library: %1"), st["data_dir"]))
        print(arg(translate("cli", "Model: %1 (%2, %3-d), provider %4"), st["model"]["name"],
                  st["model"]["key"], st["model"]["dim"], st["provider"]))
        print(arg(plural(st["photos"], translate("cli", "Photos: %1 indexed, %2 failed; index %3 MB", "one"),
                         translate("cli", "Photos: %1 indexed, %2 failed; index %3 MB", "other")),
                  st["photos"],
                  st["failed"], f"{st['index_bytes'] / 1e6:.1f}"))
        if st["indexing"]:
            print(arg(translate("cli", "Indexing in progress: %1"), st["indexing"]))
        print(translate("cli", "Folders:") if st["folders"]
              else translate("cli", "Folders: none yet (photorec index FOLDER)"))
        for f in st["folders"]:
            state = (translate("cli", "online") if f["online"]
                     else arg(translate("cli", "OFFLINE (%1)"), words(f["reason"])))
            print(f"  {display_text(f['path'])}  [{state}]  "
                  + arg(plural(f["photos"], translate("cli", "%1 photo, %2 failed"),
                               translate("cli", "%1 photos, %2 failed")),
                        f["photos"], f["failed"]))
        return EXIT_OK

    return run_with_library(args, True, body)


def cmd_problems(args: argparse.Namespace) -> int:
    from photorec.core.ingest.metadata import problems as metadata_problems
    from photorec.core.store import display_path

    def body(lib) -> int:
        probs = lib.problems()
        for p in probs:
            print(dump_json({"path": p.path, "error": p.error}) if args.json
                  else f"{display_path(p.path)}: {display_text(words(p.error))}")
        meta = metadata_problems(lib)  # photos that are indexed, but whose metadata is bad
        for path, why in meta:
            print(dump_json({"path": path, "metadata": why}) if args.json
                  else display_path(path) + ": " + arg(
                      translate("cli", "metadata: %1 (the photo is indexed)"), why))
        if not probs and not meta and not args.json:
            print(translate("cli", "No problems: every photo was read."))
        return EXIT_OK

    return run_with_library(args, True, body)


def cmd_remove(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        folder = lib.folder(args.folder)
        n = folder.photos + folder.failed
        if not _confirm(arg(plural(n, translate("cli", "Forget %1 and its %2 photo? (Files are not "
                                                       "touched.)"),
                                   translate("cli", "Forget %1 and its %2 photos? (Files are not "
                                                    "touched.)")), folder.path, n), args.yes):
            return EXIT_ERROR
        lib.remove_folder(folder.id)
        print(arg(plural(n, translate("cli", "Forgot %1 (%2 photo). The files themselves are untouched."),
                         translate("cli", "Forgot %1 (%2 photos). The files themselves are untouched.")),
                  folder.path, n))
        return EXIT_OK

    return run_with_library(args, False, body)


def cmd_purge_offline(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        off = [f for f in lib.folders() if not f.online]
        if not off:
            print(translate("cli", "No offline folders."))
            return EXIT_OK
        n = sum(f.photos + f.failed for f in off)
        names = ", ".join(f.path for f in off)
        folders = arg(plural(len(off), translate("cli", "%1 offline folder"),
                             translate("cli", "%1 offline folders")), len(off))
        if not _confirm(arg(plural(n, translate("cli", "Forget %1 photo of %2 (%3)?"),
                                   translate("cli", "Forget %1 photos of %2 (%3)?")),
                            n, folders, names), args.yes):
            return EXIT_ERROR
        lib.purge_offline()
        print(arg(plural(n, translate("cli", "Forgot %1 photo of %2."),
                         translate("cli", "Forgot %1 photos of %2.")), n, folders))
        return EXIT_OK

    return run_with_library(args, False, body)


def cmd_relocate(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        folder = lib.relocate_folder(args.old, args.new)
        report = lib.index_folders(progress=ProgressBar())
        print(arg(translate("cli", "%1 is now %2: %3."), args.old, folder.path, summary(report)))
        return EXIT_OK

    return run_with_library(args, False, body)


Registrar = Callable[[argparse._SubParsersAction], None]


def _registrars() -> list[Registrar]:
    """Sub-commands that live beside their features."""
    out: list[Registrar] = []
    for mod in ("photorec.integration.cli", "photorec.cli_organize", "photorec.cli_repair",
                "photorec.cli_search", "photorec.cli_people"):
        try:
            module = __import__(mod, fromlist=["register"])
        except ImportError as exc:
            if exc.name != mod:
                raise
            continue
        out.append(module.register)
    return out


WINDOW_OPTIONS = {"--similar", "--screenshot"}
_TAKES_VALUE = {"--data-dir", "--provider", "--similar", "--screenshot", "--lang"}


def _window_options(parser: argparse.ArgumentParser, *, for_help: bool) -> None:
    g = parser.add_argument_group(
        translate("cli", "the window (no COMMAND)"),
        translate("cli", "photorec [PATH ...] opens the window: a folder PATH is added to the "
                         "library and indexed, an image PATH is a query (photos like it are "
                         "shown).") if for_help else None)
    g.add_argument("--similar", metavar="IMAGE", action="append", default=[],
                   help=translate("cli", "show the photos most like IMAGE (hands over to a "
                                         "running window)"))
    g.add_argument("--screenshot", metavar="OUT.png",
                   help=translate("cli", "render the window offscreen at 1280x800, save it, "
                                         "and exit"))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _common(common, suppress=True)
    parser = argparse.ArgumentParser(
        prog="photorec",
        usage="photorec [--data-dir DIR] [--provider NAME] [-v] [--similar IMAGE] "
              "[--screenshot OUT.png] [PATH ...]\n"
              "       photorec [--data-dir DIR] COMMAND ...   "
              + translate("cli", "(photorec COMMAND --help)"),
        description=translate("cli", "Find similar photos in your own photo library, offline. "
                                     "Without a command, opens the window."),
    )
    parser.add_argument("--version", action="version", version=f"photorec {__version__}",
                        help=translate("argparse", "show program's version number and exit"))
    _common(parser, suppress=False)
    _window_options(parser, for_help=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="photorec")

    p = sub.add_parser("index", parents=[common],
                       help=translate("cli", "add folders and bring the index up to date (no "
                                             "PATH: every library folder)"))
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=translate("cli", "photo folders to add; without one, every library "
                                         "folder is rescanned"))
    p.add_argument("--retry-failed", action="store_true",
                   help=translate("cli", "try unreadable files again"))
    p.add_argument("--no-faces", action="store_true",
                   help=translate("cli", "do not look for faces in this run"))
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("similar", parents=[common], help=translate("cli", "the library photos most like an image"))
    p.add_argument("images", nargs="+", metavar="IMAGE")
    p.add_argument("-k", type=count_arg, default=20, metavar="N",
                   help=translate("cli", "how many (default 20)"))
    add_floor_options(p)
    p.add_argument("--json", action="store_true",
                   help=translate("cli", "one JSON line per query"))
    p.add_argument("--people", action="store_true",
                   help=translate("cli", "rank by the people shared with IMAGE instead"))
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("status", parents=[common], help=translate("cli", "folders, counts, model, index size"))
    p.add_argument("--json", action="store_true", help=translate("cli", "output JSON"))
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("problems", parents=[common], help=translate("cli", "files that could not be read, and why"))
    p.add_argument("--json", action="store_true",
                   help=translate("cli", "one JSON line per problem"))
    p.set_defaults(func=cmd_problems)

    p = sub.add_parser("remove", parents=[common], help=translate("cli", "forget a folder (files are untouched)"))
    p.add_argument("folder", help=translate("cli", "the library folder (its path)"))
    p.add_argument("--yes", action="store_true", help=translate("cli", "do not ask"))
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("relocate", parents=[common],
                       help=translate("cli", "a folder's drive is mounted elsewhere now: keep "
                                             "its photos"))
    p.add_argument("old", help=translate("cli", "the folder's old path"))
    p.add_argument("new", help=translate("cli", "where it is now"))
    p.set_defaults(func=cmd_relocate)

    p = sub.add_parser("purge-offline", parents=[common],
                       help=translate("cli", "forget the photos of folders that are offline"))
    p.add_argument("--yes", action="store_true", help=translate("cli", "do not ask"))
    p.set_defaults(func=cmd_purge_offline)

    for register in _registrars():
        register(sub, common) if register.__code__.co_argcount >= 2 else register(sub)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="photorec",
                                     description=translate("cli", "Open the photorec window."))
    parser.add_argument("--version", action="version", version=f"photorec {__version__}",
                        help=translate("argparse", "show program's version number and exit"))
    _common(parser, suppress=False)
    _window_options(parser, for_help=False)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help=translate("cli", "folders to add, or images to find similar "
                                       "photos for"))
    return parser


def _lang_option(argv: Sequence[str]) -> str | None:
    """The value of ``--lang X`` / ``--lang=X`` (the last one), before argparse runs."""
    lang = None
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    return lang


def use_language(lang: str | None) -> str:
    """``--lang`` (else PHOTOREC_LANG, else the system locale) for every message from here on,
    argparse's own words included."""
    from photorec import i18n
    from photorec.cli_words import install_argparse_words

    chosen = i18n.use_language(lang)
    install_argparse_words()
    return chosen


def _first_word(argv: Sequence[str]) -> str | None:
    """The first argument that is not an option or an option's value."""
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in _TAKES_VALUE:
            skip = True
            continue
        if a == "--":
            continue
        if a.startswith("-") and a != "-":
            continue
        return a
    return None


def _looks_like_path(word: str) -> bool:
    return (os.sep in word or (os.altsep or os.sep) in word or word.startswith("~")
            or "." in os.path.basename(word))


def unknown_word(word: str, commands: Sequence[str]) -> str:
    """Why ``word`` (neither a command nor an existing path) cannot be run, in words."""
    names = sorted(c for c in commands if not c.startswith("-"))
    if _looks_like_path(word):
        return arg(translate("cli", "no such file or folder: %1 (a folder to add or an image to "
                                    "query must exist; see photorec --help)"), word)
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return arg(translate("cli", "'%1' is not a command, nor a file or folder: did you mean "
                                    "'%2'? (photorec --help lists the commands)"), word, close[0])
    return arg(translate("cli", "'%1' is not a command, nor a file or folder. Commands: %2 "
                                "(photorec --help)"), word, ", ".join(names))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    use_language(_lang_option(argv))  # before the parser: its help texts are translated
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    word = _first_word(argv)
    wants_help = any(a in ("-h", "--help") for a in argv)
    if word in commands or (wants_help and word is None):
        args = parser.parse_args(argv)
        if getattr(args, "func", None) is None:
            parser.print_help()
            return EXIT_OK
        if args.similar or args.screenshot:
            parser.error(arg(translate("cli", "--similar and --screenshot are for the window; "
                                              "they do not go with '%1'"), args.command))
        setup_logging(args.data_dir, args.verbose)
        try:
            with terminal_output(json_mode=bool(getattr(args, "json", False))):
                return int(args.func(args) or 0)
        except KeyboardInterrupt:
            return 130
    if wants_help:
        parser.print_help()
        return EXIT_OK
    if word is not None and not os.path.lexists(os.path.expanduser(word)):
        # A typo of a command must not open a window (or abort without a display).
        return fail(unknown_word(word, commands), EXIT_USAGE)
    args = build_gui_parser().parse_args(argv)
    setup_logging(args.data_dir, args.verbose)
    from photorec.gui.app import run_gui

    return run_gui(args)


def gui_main() -> int:
    return main()
