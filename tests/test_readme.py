"""Every README command a new user can run headless runs as written from the repository root
(issue 19: ``--similar kde_Canopee.jpg`` failed there; it needs ``tests/data/photos/``).

The commands are the README's ``photorec ...`` lines, in code blocks and inline, with no
placeholder left (``DIR``, ``IMAGE``, ``[...]``, ``a|b``) once the data dir, whatever the
README calls it, is a temporary one; the window's ``--screenshot`` renders offscreen into a
temporary file. Commands that write next to the user's photos (``write-sidecars``), open a
window, or change the desktop (``integrate``) are left out."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import REPO

HEADLESS = {"index", "similar", "search", "status", "duplicates", "themes", "tags", "more-like",
            "problems", "metadata"}
PLACEHOLDER = re.compile(r"\[|\]|\||\.\.\.|…|(?<![\w/.-])[A-Z][A-Z_]{1,}(?![\w/.-])|~")


def readme_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        lines += [ln.split("  #")[0].strip() for ln in block.splitlines()]
    # inline: "`photorec search` ranks photos..." names a command; one with arguments is one
    lines += [c for c in re.findall(r"`(photorec [^`]+)`", text) if len(c.split()) > 2]
    out, seen = [], set()
    for ln in lines:
        if not ln.startswith("photorec "):
            continue
        argv = shlex.split(ln)[1:]
        # the data dir is always a temporary one, whatever the README calls it
        rest = []
        it = iter(argv)
        for a in it:
            if a == "--data-dir":
                next(it, None)
            else:
                rest.append(a)
        if PLACEHOLDER.search(" ".join(rest)):
            continue
        words = [a for a in rest if not a.startswith("-")]
        window = "--screenshot" in rest
        if not window and (not words or words[0] not in HEADLESS):
            continue
        key = tuple(rest)
        if key not in seen:
            seen.add(key)
            out.append(rest)
    # indexing first: the other commands need a library
    out.sort(key=lambda a: 0 if a[:1] == ["index"] and len(a) > 1 else 1)
    return out


def test_the_readme_has_runnable_commands():
    cmds = readme_commands()
    assert ["index", "tests/data/photos"] in cmds
    assert any(c[0] == "similar" and os.path.exists(REPO / c[1]) for c in cmds)
    assert any("--screenshot" in c for c in cmds)
    assert {c[0] for c in cmds if not c[0].startswith("-")} >= {
        "index", "similar", "search", "status", "duplicates", "themes", "tags", "more-like"}


@pytest.mark.slow
def test_every_readme_command_runs_as_written(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("PHOTOREC_DATA_DIR", None)
    env.pop("DISPLAY", None)
    data = str(tmp_path / "data")
    failures = []
    for argv in readme_commands():
        argv = list(argv)
        if "--screenshot" in argv:  # into a temporary file, not over docs/
            argv[argv.index("--screenshot") + 1] = str(tmp_path / "shot.png")
        r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", data, *argv],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        if r.returncode != 0 or "Traceback" in r.stderr:
            failures.append((argv, r.returncode, r.stderr[-800:]))
    assert not failures, failures
    assert (tmp_path / "shot.png").stat().st_size > 10_000
