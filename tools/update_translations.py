#!/usr/bin/env python3
"""Refresh photorec's translations with Qt's own tools.

    python tools/update_translations.py            # lupdate + lrelease for every language
    python tools/update_translations.py --check    # exit 1 if a .qm is not current with its .ts

1. ``pyside6-lupdate`` reads the ``.py`` files under ``photorec/`` (the call forms it finds are
   listed in ``photorec/i18n.py``) into two catalogs per language: the command line's files
   (``photorec/cli*.py``, ``photorec/integration/cli.py``, and core's words of errors,
   ``photorec/core/errors/words.py``, which the window uses too) into
   ``photorec/resources/i18n/photorec_cli_<lang>.ts``, every other file (the window) into
   ``photorec_<lang>.ts``; it keeps the translations already there and drops texts no longer in
   the sources. Locations are left out of the .ts (``-locations none``) so a moved line does
   not change it.
2. Translate the new entries: Qt Linguist (``pyside6-linguist FILE.ts``) or any editor; an
   entry stays ``type="unfinished"`` (shown in English) until it is translated.
3. ``pyside6-lrelease`` compiles each .ts into the ``.qm`` that photorec loads. Commit both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "photorec"
I18N = SOURCES / "resources" / "i18n"
LANGUAGES = ("pt_BR",)
CATALOGS = ("photorec", "photorec_cli")  # the window's, the command line's


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python first (a venv), else on PATH."""
    here = Path(sys.executable).parent / name
    for cand in (here, here.with_suffix(".exe")):
        if cand.exists():
            return str(cand)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 (pip install -e .) in this Python")
    return found


def is_cli(rel: str) -> bool:
    """A file of the command line (its messages go to photorec_cli_<lang>.ts)."""
    p = Path(rel).as_posix()
    return ((p.startswith("photorec/cli") and p.count("/") == 1)
            or p in ("photorec/integration/cli.py", "photorec/core/errors/words.py"))


def sources(catalog: str = "photorec") -> list[str]:
    every = sorted(Path(p.relative_to(REPO)).as_posix() for p in SOURCES.rglob("*.py"))
    return [p for p in every if is_cli(p) == (catalog == "photorec_cli")]


def ts_file(lang: str, catalog: str = "photorec") -> Path:
    return I18N / f"{catalog}_{lang}.ts"


def qm_file(lang: str, catalog: str = "photorec") -> Path:
    return I18N / f"{catalog}_{lang}.qm"


def lupdate(lang: str, catalog: str = "photorec") -> None:
    subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete",
                    "-target-language", lang, *sources(catalog), "-ts", str(ts_file(lang, catalog))],
                   cwd=REPO, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def check() -> int:
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGUAGES:
            for cat in CATALOGS:
                qm = qm_file(lang, cat)
                fresh = Path(tmp) / qm.name
                lrelease(ts_file(lang, cat), fresh)
                if not qm.exists() or fresh.read_bytes() != qm.read_bytes():
                    stale.append(qm.name)
    if stale:
        print("not current with their .ts: " + ", ".join(stale)
              + " (run python tools/update_translations.py)", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that each .qm is current")
    ap.add_argument("--no-lupdate", action="store_true", help="only compile the .ts files")
    args = ap.parse_args(argv)
    if args.check:
        return check()
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        for cat in CATALOGS:
            if not args.no_lupdate:
                lupdate(lang, cat)
            lrelease(ts_file(lang, cat), qm_file(lang, cat))
            print(f"{ts_file(lang, cat).relative_to(REPO)} -> {qm_file(lang, cat).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
