"""``photorec integrate install | uninstall | status [--dry-run]``.

The main command line (photorec/cli.py) calls :func:`register` with its sub-parsers; the
chosen sub-command runs :func:`run`, which returns the exit code.
"""

from __future__ import annotations

import argparse
import logging
import sys

from photorec.cli_words import arg
from photorec.core.store.display import display_text
from photorec.i18n import plural, translate

from .base import Change, IntegrationError

log = logging.getLogger(__name__)

ACTIONS = ("install", "uninstall", "status")


def register(subparsers: argparse._SubParsersAction,
             common: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Add the ``integrate`` sub-command to ``subparsers``.

    ``common`` (optional) is a parent parser with the options every sub-command accepts
    (``--data-dir``...); the integration itself is per user and does not depend on them.
    """
    p = subparsers.add_parser(
        "integrate",
        parents=[common] if common is not None else [],
        help=translate("cli", 'add or remove "Find similar" for images in the file manager (per user)'),
        description=translate(
            "cli", 'Add "Find similar (photorec)" to the file manager\'s menu for images, for this user '
            "only (no admin rights): a desktop entry, icons, Dolphin/Nautilus/Nemo menu items on "
            "Linux; an Explorer verb under HKEY_CURRENT_USER on Windows. On macOS, Open With comes "
            "from photorec.app itself."),
    )
    p.add_argument("integrate_action", metavar="{install,uninstall,status}", choices=ACTIONS,
                   help=translate("cli", "install: add the menu entries; uninstall: remove exactly what install "
                        "added; status: say what is installed"))
    p.add_argument("--dry-run", action="store_true",
                   help=translate(
                       "cli", "print every file or registry key that would be written or removed, and change nothing"))
    p.set_defaults(func=run)
    return p


def _change_line(c: Change, dry_run: bool) -> str:
    """``Change.line`` in the chosen language (the target's own words stay as they are)."""
    verbs = {
        "write": translate("cli", "would write") if dry_run else translate("cli", "wrote"),
        "unchanged": translate("cli", "unchanged"),
        "remove": translate("cli", "would remove") if dry_run else translate("cli", "removed"),
        "keep": translate("cli", "kept"),
        "mkdir": translate("cli", "would create") if dry_run else translate("cli", "created"),
        "rmdir": translate("cli", "would remove") if dry_run else translate("cli", "removed"),
        "run": translate("cli", "would run") if dry_run else translate("cli", "ran"),
        "note": translate("cli", "note:"),
    }
    if c.action not in verbs:
        return display_text(c.line(dry_run))
    text = f"{verbs[c.action]} {_detail(c.target)}"  # _detail escapes
    return f"{text} ({_detail(c.detail)})" if c.detail else text  # _detail escapes


def _detail(text: str) -> str:
    known = {
        "manifest": translate("cli", "manifest"),
        "manifest of the files above": translate("cli", "manifest of the files above"),
        "changed since photorec wrote it": translate("cli", "changed since photorec wrote it"),
        "nothing of photorec's desktop integration was found":
            translate("cli", "nothing of photorec's desktop integration was found"),
        "outdated: run install again": translate("cli", "outdated: run install again"),
        "a file photorec did not write is in the way":
            translate("cli", "a file photorec did not write is in the way"),
    }
    return display_text(known.get(text, text))


def _item_line(item) -> str:
    """``StatusItem.line`` in the chosen language."""
    state = translate("cli", "present") if item.present else translate("cli", "missing")
    text = f"{state:8} {display_text(item.target)}"
    return f"{text} ({_detail(item.detail)})" if item.detail else text  # _detail escapes


def _print_changes(changes: list[Change], dry_run: bool) -> None:
    """The files, one a line; the folders made or removed for them in one line at the end
    (27 "would create" lines for directories hid the files)."""
    made = sum(c.action == "mkdir" for c in changes)
    gone = sum(c.action == "rmdir" for c in changes)
    for c in changes:
        if c.action not in ("mkdir", "rmdir"):
            print(_change_line(c, dry_run))
    if made:
        print(arg(plural(made, translate("cli", "would also create %1 folder for them") if dry_run
                         else translate("cli", "also created %1 folder for them"),
                         translate("cli", "would also create %1 folders for them") if dry_run
                         else translate("cli", "also created %1 folders for them")), made))
    if gone:
        print(arg(plural(gone, translate("cli", "would also remove %1 empty folder") if dry_run
                         else translate("cli", "also removed %1 empty folder"),
                         translate("cli", "would also remove %1 empty folders") if dry_run
                         else translate("cli", "also removed %1 empty folders")), gone))


def run(args: argparse.Namespace, integration=None) -> int:
    """Carry out ``args.integrate_action``; plain text to stdout, errors to stderr."""
    action = getattr(args, "integrate_action", None) or getattr(args, "action", None)
    dry_run = bool(getattr(args, "dry_run", False))
    try:
        if integration is None:
            from . import get_integration

            integration = get_integration()
        if action == "status":
            st = integration.status()
            print(arg(translate("cli", "photorec desktop integration (%1):"), st.platform))
            for item in st.items:
                print("  " + _item_line(item))
            for note in st.notes:
                head, sep, rest = note.partition("launcher command: ")
                print(translate("cli", "launcher command:") + " " + rest if sep and not head
                      else note)
            if st.items:
                state = (translate("cli", "installed") if st.installed
                         else translate("cli", "partly installed") if st.partly_installed
                         else translate("cli", "not installed"))
                print(arg(translate("cli", "state: %1"), state))
            return 0
        if action == "install":
            if dry_run:
                print(translate("cli", "dry run: nothing is written"))
            _print_changes(integration.install(dry_run=dry_run), dry_run)
            if not dry_run and integration.platform != "macos":
                print(translate("cli", "installed: \"Find similar (photorec)\" is in the file "
                                       "manager's menu for images (a file manager that is open "
                                       "may need a restart to show it)"))
            return 0
        if action == "uninstall":
            if dry_run:
                print(translate("cli", "dry run: nothing is removed"))
            _print_changes(integration.uninstall(dry_run=dry_run), dry_run)
            return 0
        print("photorec integrate: " + arg(translate("cli", "unknown action %1 (use install, "
                                                           "uninstall or status)"), repr(action)),
              file=sys.stderr)
        return 2
    except IntegrationError as exc:
        print(f"photorec integrate: {display_text(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        log.debug("integrate %s failed", action, exc_info=True)
        target = f" ({display_text(exc.filename)})" if getattr(exc, "filename", None) else ""
        print(f"photorec integrate {action}: {display_text(exc.strerror or exc)}{target}",  # escaped above
              file=sys.stderr)
        return 1
