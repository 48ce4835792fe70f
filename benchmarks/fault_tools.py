"""What the fault matrix's cases share (benchmarks/fault_matrix.py): running `photorec` as a
user does, reading what it printed as a terminal would, and a case's verdict."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO / "tests" / "data" / "photos"
TIMEOUT = 300

# What must never reach a terminal raw, as UTF-8 bytes: C0 controls but newline (ESC, BEL, CR,
# BS...), DEL, C1 controls, bidi overrides/isolates and invisible marks.
RAW_TERMINAL = re.compile(
    rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8b\x8e\x8f\xa8-\xae]"
    rb"|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf")


MEMORY_CAP = 8 << 30  # address space of a run: a fault that eats memory fails it, not the machine


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def photorec(data: Path, *args, timeout: float = TIMEOUT, env: dict | None = None,
             wrapper: str | None = None) -> dict:
    """One `photorec --data-dir DATA ARGS` run: rc ("timeout" if it hung), its output as bytes
    (``out_b``/``err_b``) and as text. Its address space is capped at MEMORY_CAP."""
    head = [sys.executable, "-c", wrapper] if wrapper else [sys.executable, "-m", "photorec"]
    cmd = [*head, "--data-dir", os.fsencode(data), *(a if isinstance(a, bytes) else os.fsencode(a)
                                                      for a in args)]
    e = {**os.environ, **(env or {})}
    e["PYTHONPATH"] = str(REPO)
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=REPO, env=e,
                           preexec_fn=_cap_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        return {"rc": "timeout", "out": "", "err": "", "out_b": b"", "err_b": b""}
    return {"rc": r.returncode, "out": r.stdout.decode("utf-8", "replace"),
            "err": r.stderr.decode("utf-8", "replace"), "out_b": r.stdout, "err_b": r.stderr}


def clean(r: dict) -> bool:
    """Exited by itself, no traceback, no logging spam, no crash signal."""
    return (isinstance(r["rc"], int) and r["rc"] >= 0 and "Traceback" not in r["err"]
            and "Logging error" not in r["err"])


def terminal_safe(r: dict) -> bool:
    """What it printed is valid UTF-8 with no raw control, bidi or non-UTF-8 byte in it."""
    for b in (r["out_b"], r["err_b"]):
        try:
            b.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if RAW_TERMINAL.search(b):
            return False
    return True


def last_line(r: dict) -> str:
    lines = r["err"].strip().splitlines()
    return lines[-1][:200] if lines else ""


def status(data: Path) -> dict | None:
    r = photorec(data, "status", "--json")
    if r["rc"] != 0:
        return None
    try:
        return json.loads(r["out"])
    except ValueError:
        return None


def similar_json(data: Path, query, k: int = 5, show_all: bool = True, **kw) -> dict | None:
    """``similar --json`` (``--all``: every photo ranked, as a user asks for them; without it,
    only what reaches the Similar floor, which may be fewer than k)."""
    r = photorec(data, "similar", "--json", *(["--all"] if show_all else []), "-k", str(k),
                 "--", query, **kw)
    if r["rc"] != 0 or not clean(r):
        return None
    try:
        return json.loads(r["out"])
    except ValueError:
        return None


def copy_photos(dest: Path, n: int | None = None, start: int = 0) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for p in sorted(PHOTOS.glob("*.jpg"))[start:][:n]:
        shutil.copy(p, dest / p.name)
        out.append(dest / p.name)
    return out


def altered_copies(dest: Path, tag: str) -> list[Path]:
    """Every test photo once more, a byte appended (new content, new vector)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i, p in enumerate(sorted(PHOTOS.glob("*.jpg"))):
        q = dest / f"{tag}_{p.name}"
        q.write_bytes(p.read_bytes() + tag.encode() + bytes([i % 251]))
        out.append(q)
    return out


def fresh_library(root: Path, name: str, n: int = 30) -> tuple[Path, Path, list[Path]]:
    photos_dir = root / f"{name}-photos"
    photos = copy_photos(photos_dir, n)
    data = root / f"{name}-data"
    r = photorec(data, "index", photos_dir)
    if r["rc"] != 0:
        raise RuntimeError(f"indexing the {name} library failed: {r['err'][-300:]}")
    return data, photos_dir, photos


def catalog_count(data: Path) -> int:
    if not (data / "catalog.sqlite3").exists():
        return 0
    con = sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT COUNT(*) FROM files WHERE status = 'ok'").fetchone()[0])
    finally:
        con.close()


def raw_marker(data: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'indexing'").fetchone()
        return row[0] if row and row[0] else None
    except sqlite3.Error:
        return None
    finally:
        con.close()


def leftovers(data: Path) -> list[str]:
    """Temp files a library's writers can leave: index graphs, thumbnails, the projection,
    the duplicates' arrays (issue 20's "No leftovers")."""
    out = []
    for p in data.rglob("*"):
        n = p.name
        if n.endswith((".tmp", ".tmp.npz")) or ".tmp." in n or re.search(r"\.\d+\.\d+\.tmp$", n):
            out.append(str(p.relative_to(data)))
    return sorted(out)


def mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True)


def verdict(checks: dict[str, bool], facts: dict, note: str | None = None) -> dict:
    """A case's result: ``survived`` when every check holds; the facts it measured."""
    out = {"survived": all(checks.values()), "checks": checks, **facts}
    if note:
        out["note"] = note
    return out
