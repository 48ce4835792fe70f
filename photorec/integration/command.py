"""How the file manager should start photorec, and how to quote that for each file format.

``launcher_command()`` works out the program (and leading arguments) that runs photorec:

* a frozen build (PyInstaller): the app's own executable, ``sys.executable``;
* an installed package: the ``photorec`` console script of the running interpreter's
  environment, when it exists;
* otherwise: ``<sys.executable> -m photorec``.

The quoting helpers turn an argument list into the command-line syntax of each place the
command is written to: freedesktop desktop entries (``Exec=`` keys), POSIX shell scripts,
GLib shell syntax (Nemo actions) and the Windows command line (registry ``command`` keys).
"""

from __future__ import annotations

import os
import shlex
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

#: The sub-command argument that asks photorec for photos similar to one file.
SIMILAR_FLAG = "--similar"


class QuotingError(ValueError):
    """A path cannot be written in the syntax of the target file (e.g. it contains a newline)."""


def _console_script_candidates(executable: Path, windows: bool) -> list[Path]:
    names = ["photorec.exe"] if windows else ["photorec"]
    dirs = [executable.parent]
    try:
        scripts = sysconfig.get_path("scripts")
    except (KeyError, ValueError):  # pragma: no cover - unusual interpreter layouts
        scripts = None
    if scripts:
        dirs.append(Path(scripts))
    if windows:
        dirs.append(executable.parent / "Scripts")
    seen: list[Path] = []
    for d in dirs:
        for n in names:
            p = d / n
            if p not in seen:
                seen.append(p)
    return seen


def launcher_command(
    *,
    frozen: bool | None = None,
    executable: str | os.PathLike[str] | None = None,
    windows: bool | None = None,
) -> list[str]:
    """The argv prefix that starts photorec from outside (a file manager, the registry).

    Arguments default to the running process; they are parameters only so tests can ask
    "what would a frozen Windows build do?" without being one.
    """
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if windows is None:
        windows = os.name == "nt"
    exe = Path(executable if executable is not None else sys.executable)
    if frozen:
        # The Windows build ships a console twin, photorec-cli.exe, for the command line;
        # the file manager should start the windowed photorec.exe beside it.
        if windows and exe.name.lower() == "photorec-cli.exe":
            windowed = exe.with_name("photorec.exe")
            if windowed.is_file():
                return [str(windowed)]
        return [str(exe)]
    for candidate in _console_script_candidates(exe, windows):
        if candidate.is_file() and (windows or os.access(candidate, os.X_OK)):
            return [str(candidate)]
    return [str(exe), "-m", "photorec"]


def similar_command(base: Sequence[str], file_arg: str) -> list[str]:
    """``<photorec> --similar <file>`` as an argument list."""
    return [*base, SIMILAR_FLAG, file_arg]


def _reject_line_breaks(arg: str) -> None:
    if "\n" in arg or "\r" in arg or "\0" in arg:
        raise QuotingError(f"cannot write a path with a line break or NUL into a launcher: {arg!r}")


# --- freedesktop desktop entries -------------------------------------------------------

# Characters that force an Exec argument to be quoted (Desktop Entry Specification 1.5,
# "The Exec key").
_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def desktop_exec_arg(arg: str) -> str:
    """Quote one argument for an ``Exec=`` key, before the key-file string escaping."""
    _reject_line_breaks(arg)
    if arg and not any(c in _DESKTOP_RESERVED for c in arg):
        quoted = arg
    else:
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        quoted = f'"{inner}"'
    # A literal percent sign must be written %% (field codes are expanded by the launcher).
    return quoted.replace("%", "%%")


def keyfile_escape(value: str) -> str:
    """Escape a string value for a desktop entry / GKeyFile / KConfig line."""
    _reject_line_breaks(value)
    value = value.replace("\\", "\\\\").replace("\t", "\\t")
    if value.startswith(" "):
        value = "\\s" + value[1:]
    return value


def desktop_exec(argv: Sequence[str], *field_codes: str) -> str:
    """A full ``Exec=`` value (already key-file escaped): quoted argv, then field codes.

    ``field_codes`` (``%F``, ``%f``, ...) are appended verbatim, unquoted, as the spec requires.
    """
    parts = [desktop_exec_arg(a) for a in argv]
    parts.extend(field_codes)
    return keyfile_escape(" ".join(parts))


# --- POSIX shell and GLib shell syntax ------------------------------------------------


def shell_quote(arg: str) -> str:
    """Quote for ``/bin/sh`` (and GLib's g_shell_parse_argv, which follows the same rules)."""
    _reject_line_breaks(arg)
    return shlex.quote(arg)


def shell_command(argv: Sequence[str]) -> str:
    return " ".join(shell_quote(a) for a in argv)


def nemo_exec(argv: Sequence[str], *tokens: str) -> str:
    """An ``Exec=`` value for a Nemo action (key-file escaped).

    Nemo expands its ``%`` tokens (``%%`` is a literal percent sign) and then runs the line
    with ``g_spawn_command_line_async``, i.e. GLib shell quoting.
    """
    line = " ".join(shell_quote(a).replace("%", "%%") for a in argv)
    if tokens:
        line += " " + " ".join(tokens)
    return keyfile_escape(line)


# --- Windows ---------------------------------------------------------------------------


def windows_quote(arg: str, always: bool = False) -> str:
    """Quote one argument the way the MS C runtime (and Python's argv) splits command lines.

    An argument is double-quoted when it is empty, has a space, tab or quote, or ``always``
    (registry commands conventionally quote the program); backslashes are doubled only where
    they precede a quote, per the CRT rules.
    """
    _reject_line_breaks(arg)
    if not always and arg and not any(c in arg for c in ' \t"'):
        return arg
    out: list[str] = ['"']
    backslashes = 0
    for c in arg:
        if c == "\\":
            backslashes += 1
        elif c == '"':
            out.append("\\" * (backslashes * 2 + 1) + '"')
            backslashes = 0
        else:
            out.append("\\" * backslashes + c)
            backslashes = 0
    out.append("\\" * (backslashes * 2) + '"')
    return "".join(out)


def windows_command(argv: Sequence[str], *placeholders: str) -> str:
    """A registry ``command`` value: ``"<program>" args...`` then placeholders such as ``"%1"``."""
    quoted = [windows_quote(a, always=(i == 0)) for i, a in enumerate(argv)]
    return " ".join([*quoted, *placeholders])
