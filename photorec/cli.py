"""The command line. ``photorec`` alone opens the window; sub-commands work headless.

    photorec [--data-dir DIR] [--provider P]                 open the window
    photorec [--data-dir DIR] --similar IMAGE                 window showing photos like IMAGE
    photorec [--data-dir DIR] PATH [PATH ...]                 window; folders are added, images queried
    photorec [--data-dir DIR] --screenshot OUT.png [--similar IMAGE]
    photorec [--data-dir DIR] index [PATH ...]              no PATH: rescan every library folder
    photorec [--data-dir DIR] similar IMAGE [IMAGE ...] [-k N] [--json]
    photorec [--data-dir DIR] status [--json]
    ...
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import logging.handlers
import os
import sys
import threading
import time
from typing import Callable, Sequence

from photorec import __version__

log = logging.getLogger(__name__)

from photorec.cli_common import EXIT_ERROR, EXIT_OK, fail, matches_json, print_matches, run_with_library

EXIT_USAGE = 2


# -- plumbing ----------------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    d = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=d,
                        help="keep the library (catalog, index, thumbnails, logs) in DIR "
                             "instead of the per-user folders")
    parser.add_argument("--provider", metavar="NAME", default=d,
                        help="onnxruntime execution provider: auto (default), cpu, cuda, "
                             "directml, coreml")
    parser.add_argument("--lang", metavar="LANG", default=d,
                        help="language of the window and the messages: en or pt_BR (default: "
                             "the system's)")
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS if suppress else 0,
                        help="more log output on stderr")


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
    err.setFormatter(logging.Formatter("photorec: %(levelname)s: %(message)s"))
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


class ProgressBar:
    """done/total, rate and ETA on stderr: redrawn in place on a terminal, a line every few
    seconds otherwise (logs, CI)."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0
        self.width = 0

    def __call__(self, p) -> None:
        now = time.monotonic()
        final = p.phase in ("finishing", "done")
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        if p.phase == "scanning":
            line = "scanning folders…"
        else:
            frac = p.done / p.total if p.total else 1.0
            bar = "#" * int(frac * 24) + "." * (24 - int(frac * 24))
            eta = _hms(p.eta) if p.eta is not None else "--:--"
            state = " (paused)" if p.paused else ""
            line = f"[{bar}] {p.done}/{p.total}  {p.rate:5.1f} photos/s  ETA {eta}{state}"
        if self.tty:
            pad = max(0, self.width - len(line))
            self.stream.write("\r" + line + " " * pad)
            self.width = len(line)
            if p.phase == "done":
                self.stream.write("\n")
        elif p.phase != "done":
            self.stream.write(line + "\n")
        self.stream.flush()


def _hms(seconds: float) -> str:
    s = int(max(0, seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# -- commands ----------------------------------------------------------------------------------


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def cmd_index(args: argparse.Namespace) -> int:
    """``index PATH...`` adds folders and rescans the library; ``index`` alone rescans it. A
    library folder that is missing now (an unplugged drive) is reported offline, not an error."""
    from photorec.core.paths import LibraryPaths

    paths = [os.path.abspath(os.path.expanduser(p)) for p in args.paths]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing and not LibraryPaths.resolve(args.data_dir).catalog.exists():
        return fail(f"{missing[0]} does not exist")

    def body(lib) -> int:
        folders = [f.path for f in lib.folders()]
        add: list[str] = []
        for p in paths:
            if os.path.isdir(p):
                add.append(p)
            elif not os.path.exists(p) and any(_inside(p, f) for f in folders):
                continue  # a library folder on a drive that is not there: the scan says offline
            else:
                return fail(f"{p} {'does not exist' if not os.path.exists(p) else 'is not a folder'}")
        if not paths and not folders:
            return fail("the library has no folders yet: 'photorec index FOLDER' adds one")
        cancel = threading.Event()
        try:
            report = lib.index_folders(add, progress=ProgressBar(), cancel=cancel,
                                       retry_failed=args.retry_failed)
        except KeyboardInterrupt:
            cancel.set()
            print("\nphotorec: interrupted; what was indexed is kept", file=sys.stderr)
            return 130
        print_report(report)
        return EXIT_OK

    return run_with_library(args, False, body)


def print_report(report) -> None:
    print(f"Indexed in {report.seconds:.1f} s: {report.summary()}.")
    if report.embedded:
        print(f"{report.embedded} photos embedded "
              f"({report.embedded / max(report.seconds, 1e-6):.1f} photos/s overall).")
    for folder, reason in report.offline:
        print(f"Offline (kept, not rescanned): {folder}: {reason}")
    if report.errors:
        print(f"{len(report.errors)} problem(s):")
        for path, reason in report.errors[:50]:
            print(f"  {path}: {reason}")
        if len(report.errors) > 50:
            print(f"  … and {len(report.errors) - 50} more (photorec problems)")


def cmd_similar(args: argparse.Namespace) -> int:
    from photorec.core.library import LibraryError

    def body(lib) -> int:
        code = EXIT_OK
        progress = lib.indexing_progress() or ""
        if progress and not args.json:
            print(f"(indexing in progress: {progress} photos; answering from what is indexed)",
                  file=sys.stderr)
        for image in args.images:
            path = os.path.abspath(image)
            try:
                matches = lib.similar(path, k=args.k)
            except LibraryError as exc:  # one bad query does not stop the others
                code = fail(str(exc))
                continue
            if args.json:
                out = {"query": path, "results": matches_json(matches, lib.model)}
                if progress:
                    out["indexing"] = progress
                print(json.dumps(out))
            else:
                print(f"Photos like {path}:")
                print_matches(matches, "(none: the library is empty)", lib.model)
        return code

    return run_with_library(args, True, body)


def cmd_status(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        st = lib.status()
        if args.json:
            print(json.dumps(st, indent=2))
            return EXIT_OK
        print(f"Library: {st['data_dir']}")
        print(f"Model: {st['model']['name']} ({st['model']['key']}, {st['model']['dim']}-d), "
              f"provider {st['provider']}")
        print(f"Photos: {st['photos']} indexed, {st['failed']} failed; "
              f"index {st['index_bytes'] / 1e6:.1f} MB")
        if st["indexing"]:
            print(f"Indexing in progress: {st['indexing']}")
        print("Folders:" if st["folders"] else "Folders: none yet (photorec index FOLDER)")
        for f in st["folders"]:
            state = "online" if f["online"] else f"OFFLINE ({f['reason']})"
            print(f"  {f['path']}  [{state}]  {f['photos']} photos, {f['failed']} failed")
        return EXIT_OK

    return run_with_library(args, True, body)


def cmd_problems(args: argparse.Namespace) -> int:
    from photorec.core.store import display_path
    from photorec.core.metadata import problems as metadata_problems

    def body(lib) -> int:
        probs = lib.problems()
        for p in probs:
            print(json.dumps({"path": p.path, "error": p.error}) if args.json
                  else f"{display_path(p.path)}: {p.error}")
        meta = metadata_problems(lib)  # photos that are indexed, but whose metadata is bad
        for path, why in meta:
            print(json.dumps({"path": path, "metadata": why}) if args.json
                  else f"{display_path(path)}: metadata: {why} (the photo is indexed)")
        if not probs and not meta and not args.json:
            print("No problems: every photo was read.")
        return EXIT_OK

    return run_with_library(args, True, body)


def _confirm(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        print(f"{question} Pass --yes to confirm.", file=sys.stderr)
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def cmd_remove(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        folder = lib.folder(args.folder)
        n = folder.photos + folder.failed
        if not _confirm(f"Forget {folder.path} and its {n} photos? (Files are not touched.)", args.yes):
            return EXIT_ERROR
        lib.remove_folder(folder.id)
        print(f"Forgot {folder.path} ({n} photos). The files themselves are untouched.")
        return EXIT_OK

    return run_with_library(args, False, body)


def cmd_purge_offline(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        off = [f for f in lib.folders() if not f.online]
        if not off:
            print("No offline folders.")
            return EXIT_OK
        n = sum(f.photos + f.failed for f in off)
        names = ", ".join(f.path for f in off)
        if not _confirm(f"Forget {n} photos of {len(off)} offline folder(s) ({names})?", args.yes):
            return EXIT_ERROR
        lib.purge_offline()
        print(f"Forgot {n} photos of {len(off)} offline folder(s).")
        return EXIT_OK

    return run_with_library(args, False, body)


def cmd_relocate(args: argparse.Namespace) -> int:
    def body(lib) -> int:
        folder = lib.relocate_folder(args.old, args.new)
        report = lib.index_folders(progress=ProgressBar())
        print(f"{args.old} is now {folder.path}: {report.summary()}.")
        return EXIT_OK

    return run_with_library(args, False, body)


Registrar = Callable[[argparse._SubParsersAction], None]


def _registrars() -> list[Registrar]:
    """Sub-commands that live beside their features."""
    out: list[Registrar] = []
    for mod in ("photorec.integration.cli", "photorec.cli_organize", "photorec.cli_repair",
                "photorec.cli_search"):
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
        "the window (no COMMAND)",
        "photorec [PATH ...] opens the window: a folder PATH is added to the library and "
        "indexed, an image PATH is a query (photos like it are shown)." if for_help else None)
    g.add_argument("--similar", metavar="IMAGE", action="append", default=[],
                   help="show the photos most like IMAGE (hands over to a running window)")
    g.add_argument("--screenshot", metavar="OUT.png",
                   help="render the window offscreen at 1280x800, save it, and exit")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _common(common, suppress=True)
    parser = argparse.ArgumentParser(
        prog="photorec",
        usage="photorec [--data-dir DIR] [--provider NAME] [-v] [--similar IMAGE] "
              "[--screenshot OUT.png] [PATH ...]\n"
              "       photorec [--data-dir DIR] COMMAND ...   (photorec COMMAND --help)",
        description="Find similar photos in your own photo library, offline. Without a "
                    "command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"photorec {__version__}")
    _common(parser, suppress=False)
    _window_options(parser, for_help=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="photorec")

    p = sub.add_parser("index", parents=[common],
                       help="add folders and bring the index up to date (no PATH: every "
                            "library folder)")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="photo folders to add; without one, every library folder is rescanned")
    p.add_argument("--retry-failed", action="store_true", help="try unreadable files again")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("similar", parents=[common], help="the library photos most like an image")
    p.add_argument("images", nargs="+", metavar="IMAGE")
    p.add_argument("-k", type=int, default=20, metavar="N", help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON line per query")
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("status", parents=[common], help="folders, counts, model, index size")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("problems", parents=[common], help="files that could not be read, and why")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_problems)

    p = sub.add_parser("remove", parents=[common], help="forget a folder (files are untouched)")
    p.add_argument("folder")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("relocate", parents=[common],
                       help="a folder's drive is mounted elsewhere now: keep its photos")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=cmd_relocate)

    p = sub.add_parser("purge-offline", parents=[common],
                       help="forget the photos of folders that are offline")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_purge_offline)

    for register in _registrars():
        register(sub, common) if register.__code__.co_argcount >= 2 else register(sub)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="photorec", description="Open the photorec window.")
    parser.add_argument("--version", action="version", version=f"photorec {__version__}")
    _common(parser, suppress=False)
    _window_options(parser, for_help=False)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="folders to add, or images to find similar photos for")
    return parser


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
        return (f"no such file or folder: {word} (a folder to add or an image to query must "
                f"exist; see photorec --help)")
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return (f"'{word}' is not a command, nor a file or folder: did you mean "
                f"'{close[0]}'? (photorec --help lists the commands)")
    return (f"'{word}' is not a command, nor a file or folder. Commands: {', '.join(names)} "
            f"(photorec --help)")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
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
            parser.error("--similar and --screenshot are for the window; they do not go with "
                         f"'{args.command}'")
        setup_logging(args.data_dir, args.verbose)
        _use_language(args)
        try:
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
    _use_language(args)
    from photorec.gui.app import run_gui

    return run_gui(args)


def _use_language(args: argparse.Namespace) -> None:
    """``--lang`` (or PHOTOREC_LANG, or the system's) for the messages; the window installs
    it again into its QApplication (gui/app.py)."""
    from photorec import i18n

    i18n.use_language(getattr(args, "lang", None))


def gui_main() -> int:
    return main()
