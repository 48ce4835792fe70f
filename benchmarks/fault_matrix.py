"""Fault matrix for the store (issue #10): inject faults into real `photorec` runs and print JSON
of what survived.

    python benchmarks/fault_matrix.py [--quick] [--kills N] [--seed S] [--photos DIR]

Cases: SIGKILL of an `index` run at random moments (then status/similar must answer, no stale
"indexing" marker, at most one batch lost, a rerun completes); a damaged index file; a damaged
catalog (then `photorec repair`); disk full on a small tmpfs (root only, else skipped); a
read-only disk (root only); hostile names (non-UTF-8, newline, very long, leading dash) and
special files (FIFO, symlink to /dev/zero) as photos and as queries. Everything runs in a
temporary folder; the test photos are only read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO / "tests" / "data" / "photos"
BATCH = 16
TIMEOUT = 300


def photorec(data: Path, *args, timeout: float = TIMEOUT) -> dict:
    cmd = [sys.executable, "-m", "photorec", "--data-dir", str(data), *map(os.fspath, args)]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"rc": "timeout", "out": "", "err": ""}
    return {"rc": r.returncode, "out": r.stdout.decode("utf-8", "replace"),
            "err": r.stderr.decode("utf-8", "replace")}


def clean(r: dict) -> bool:
    """Exited by itself, no traceback, no logging spam, no crash signal."""
    return (isinstance(r["rc"], int) and r["rc"] >= 0 and "Traceback" not in r["err"]
            and "Logging error" not in r["err"])


def status(data: Path) -> dict | None:
    r = photorec(data, "status", "--json")
    if r["rc"] != 0:
        return None
    try:
        return json.loads(r["out"])
    except ValueError:
        return None


def make_photos(dest: Path, copies: int) -> list[Path]:
    """The test photos plus ``copies`` altered copies of each (a byte appended: new content)."""
    dest.mkdir(parents=True)
    out = []
    for p in sorted(PHOTOS.glob("*.jpg")):
        q = dest / p.name
        shutil.copy(p, q)
        out.append(q)
        for i in range(copies):
            c = dest / f"c{i}_{p.name}"
            c.write_bytes(p.read_bytes() + bytes([i + 1]))
            out.append(c)
    return out


def catalog_count(data: Path) -> int:
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


def stray_files(data: Path) -> list[str]:
    return sorted(p.name for p in data.glob("index-*.tmp"))


# -- cases ------------------------------------------------------------------------------------


def case_kills(root: Path, kills: int, rng: random.Random, copies: int) -> dict:
    photos_dir = root / "kill-photos"
    photos = make_photos(photos_dir, copies)
    data = root / "kill-data"
    results = []
    query = photos[0]
    for n in range(kills):
        before = catalog_count(data) if (data / "catalog.sqlite3").exists() else 0
        delay = rng.uniform(1.0, 8.0)
        p = subprocess.Popen([sys.executable, "-m", "photorec", "--data-dir", str(data), "index",
                              str(photos_dir)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=REPO)
        time.sleep(delay)
        finished = p.poll() is not None
        if not finished:
            p.send_signal(signal.SIGKILL)
        p.wait()
        raw = raw_marker(data)
        st = status(data)
        sim = photorec(data, "similar", "--json", query, "-k", "3")
        after = catalog_count(data) if (data / "catalog.sqlite3").exists() else 0
        done = int(raw.split("/")[0]) if raw and "/" in raw else None
        results.append({
            "marker_left": raw,
            # The marker moves in the same transaction as each batch: what it says was done
            # is exactly what is in the catalog, so nothing committed was lost.
            "committed_matches_marker": done is None or after - before == done,
            "kill_after_s": round(delay, 2),
            "finished_before_kill": finished,
            "status_ok": st is not None,
            "stale_marker": bool(st and st.get("indexing")),
            "similar_ok": sim["rc"] == 0 and clean(sim),
            "photos_before": before,
            "photos_after": after,
        })
        if finished:
            break
    final = photorec(data, "index", photos_dir)
    st = status(data)
    sim = photorec(data, "similar", "--json", query, "-k", "3")
    return {
        "runs": results,
        "all_answered": all(r["status_ok"] and r["similar_ok"] for r in results),
        "no_stale_marker": not any(r["stale_marker"] for r in results),
        "never_lost_photos": all(r["photos_after"] >= r["photos_before"] for r in results),
        "committed_matches_marker": all(r["committed_matches_marker"] for r in results),
        "rerun_ok": final["rc"] == 0 and clean(final),
        "rerun_photos": st["photos"] if st else None,
        "expected_photos": len(photos),
        "rerun_vectors": st["vectors"] if st else None,
        "similar_after_rerun_ok": sim["rc"] == 0 and bool(json.loads(sim["out"] or "{}").get("results")),
        "stray_temp_files": stray_files(data),
    }


def _fresh_library(root: Path, name: str, n: int = 30) -> tuple[Path, Path, list[Path]]:
    photos_dir = root / f"{name}-photos"
    photos_dir.mkdir()
    photos = []
    for p in sorted(PHOTOS.glob("*.jpg"))[:n]:
        shutil.copy(p, photos_dir / p.name)
        photos.append(photos_dir / p.name)
    data = root / f"{name}-data"
    r = photorec(data, "index", photos_dir)
    assert r["rc"] == 0, r["err"]
    return data, photos_dir, photos


def _answers(data: Path, photos: list[Path]) -> list:
    out = []
    for q in photos[:5]:
        r = photorec(data, "similar", "--json", q, "-k", "5")
        out.append([x["path"] for x in json.loads(r["out"])["results"]] if r["rc"] == 0 else None)
    return out


def case_damaged_index(root: Path) -> dict:
    data, photos_dir, photos = _fresh_library(root, "dmgidx")
    expected = _answers(data, photos)
    ptr = next(data.glob("index-*.json"))
    graph = data / json.loads(ptr.read_text())["file"]
    size = graph.stat().st_size
    with open(graph, "r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(1024))
    first = photorec(data, "similar", "--json", photos[0], "-k", "5")
    cmds = {}
    for name, args in (("similar", ["similar", photos[0]]), ("index", ["index", photos_dir]),
                       ("duplicates", ["duplicates"]), ("themes", ["themes"])):
        r = photorec(data, *args)
        cmds[name] = {"rc": r["rc"], "clean": clean(r)}
    return {
        "said_damaged": "damaged" in first["err"],
        "commands": cmds,
        "no_crash": all(c["rc"] not in (-11, -6, "timeout") for c in cmds.values()),
        "answers_unchanged": _answers(data, photos) == expected,
    }


def case_damaged_catalog(root: Path) -> dict:
    data, photos_dir, photos = _fresh_library(root, "dmgcat")
    cat = data / "catalog.sqlite3"
    con = sqlite3.connect(cat)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [r[0] for r in con.execute(
        "SELECT pageno FROM dbstat WHERE name = 'vectors' ORDER BY pageno")]
    psize = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(cat, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * psize)
        f.write(os.urandom(2 * psize))
    before = {}
    for name, args in (("status", ["status"]), ("similar", ["similar", photos[0]]),
                       ("index", ["index", photos_dir]), ("duplicates", ["duplicates"])):
        r = photorec(data, *args)
        before[name] = {"rc": r["rc"], "clean": clean(r),
                        "says_repair": "photorec repair" in r["err"]}
    rep = photorec(data, "repair", "--json")
    # repair exits 1 when it recovered less than it found (issue 20), with its JSON report
    report = json.loads(rep["out"]) if rep["out"].strip() else {"err": rep["err"][-500:]}
    again = photorec(data, "index", photos_dir)
    st = status(data)
    return {
        "before_repair": before,
        "words_not_tracebacks": all(c["clean"] and (c["rc"] == 0 or c["says_repair"])
                                    for c in before.values()),
        "repair_rc": rep["rc"],
        "backup_kept": bool(report.get("backup")) and Path(report.get("backup", "")).exists(),
        "recovered": report.get("recovered"),
        "lost": report.get("lost"),
        "after_reindex_photos": st["photos"] if st else None,
        "after_reindex_vectors": st["vectors"] if st else None,
        "expected_photos": len(photos),
        "reindex_ok": again["rc"] == 0 and clean(again),
    }


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def case_disk_full(root: Path) -> dict:
    mnt = root / "full"
    if not _mount_tmpfs(mnt, "3m"):
        return {"skipped": "cannot mount a tmpfs (needs root)"}
    try:
        photos_dir = root / "full-photos"
        photos = make_photos(photos_dir, 4)
        data = mnt / "data"
        r = photorec(data, "index", photos_dir)
        err_lines = r["err"].splitlines()
        said = [x for x in err_lines if "disk full:" in x]
        saved_before = catalog_count(data)
        second = photorec(data, "index", photos_dir)  # again, still full
        second_lines = second["err"].splitlines()
        # Make room: move the library to a big disk, as a user would free space.
        big = root / "full-moved"
        shutil.copytree(data, big)
        again = photorec(big, "index", photos_dir)
        st = status(big)
        return {
            "rc": r["rc"],
            "clean": clean(r),
            "disk_full_lines": len(said),
            "message": said[0] if said else None,
            "stderr_lines": len(err_lines),
            "thumbnail_warnings": sum("thumbnail" in x for x in err_lines),
            "logging_error_lines": r["err"].count("Logging error"),
            "photos_saved": saved_before,
            "second_run_still_full": {
                "rc": second["rc"], "clean": clean(second),
                "disk_full_lines": sum("disk full:" in x for x in second_lines),
                "thumbnail_warnings": sum("thumbnail" in x for x in second_lines),
                "photos_saved": catalog_count(data),
            },
            "rerun_ok": again["rc"] == 0 and clean(again),
            "rerun_photos": st["photos"] if st else None,
            "expected_photos": len(photos),
        }
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def case_read_only(root: Path) -> dict:
    mnt = root / "ro"
    if not _mount_tmpfs(mnt, "64m"):
        return {"skipped": "cannot mount a tmpfs (needs root)"}
    try:
        data0, photos_dir, photos = _fresh_library(root, "ro", n=8)
        for side in ("catalog.sqlite3-wal", "catalog.sqlite3-shm"):
            (data0 / side).unlink(missing_ok=True)
        shutil.copytree(data0, mnt / "data")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        data = mnt / "data"
        st = photorec(data, "status", "--json")
        sim = photorec(data, "similar", "--json", photos[0], "-k", "3")
        idx = photorec(data, "index", photos_dir)
        return {
            "status_ok": st["rc"] == 0,
            "similar_ok": sim["rc"] == 0 and len(json.loads(sim["out"])["results"]) == 3,
            "index_refused_in_words": idx["rc"] == 1 and clean(idx),
            "index_message": idx["err"].strip().splitlines()[-1] if idx["err"].strip() else "",
        }
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def case_hostile_names(root: Path) -> dict:
    photos_dir = root / "hostile-photos"
    photos_dir.mkdir()
    src = sorted(PHOTOS.glob("*.jpg"))
    names = {
        "non_utf8": b"IMG_\xe9t\xe9.jpg",
        "newline": b"two\nlines.jpg",
        "long": (b"x" * 240) + b".jpg",
        "leading_dash": b"-rf.jpg",
        "spaces_quotes": b"it's \"quoted\" .jpg",
    }
    for i, (key, name) in enumerate(names.items()):
        shutil.copy(src[i], os.path.join(os.fsencode(photos_dir), name))
    fifo = photos_dir / "fifo.jpg"
    os.mkfifo(fifo)
    (photos_dir / "zero.jpg").symlink_to("/dev/zero")
    data = root / "hostile-data"
    r = photorec(data, "index", photos_dir, timeout=120)
    out = {"index_rc": r["rc"], "index_clean": clean(r)}
    st = status(data)
    out["photos_indexed"] = st["photos"] if st else None
    out["expected"] = len(names)
    queries = {}
    for key, name in names.items():
        q = os.fsdecode(os.path.join(os.fsencode(photos_dir), name))
        s = photorec(data, "similar", "--json", "-k", "2", "--", q, timeout=60)
        ok = s["rc"] == 0 and clean(s)
        queries[key] = ok and len(json.loads(s["out"])["results"]) == 2
    for key, q in (("fifo", fifo), ("dev_zero_symlink", photos_dir / "zero.jpg")):
        s = photorec(data, "similar", "--json", q, "-k", "2", timeout=60)
        queries[key] = {"rc": s["rc"], "clean": clean(s),
                        "message": s["err"].strip().splitlines()[-1][:160] if s["err"].strip() else ""}
    out["queries"] = queries
    probs = photorec(data, "problems")
    out["problems_clean"] = clean(probs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer kills, smaller library")
    ap.add_argument("--kills", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*", help="run only these cases")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    kills = args.kills if args.kills is not None else (3 if args.quick else 8)
    copies = 1 if args.quick else 3
    cases = {
        "kill_index": lambda root: case_kills(root, kills, rng, copies),
        "damaged_index": case_damaged_index,
        "damaged_catalog": case_damaged_catalog,
        "disk_full": case_disk_full,
        "read_only_disk": case_read_only,
        "hostile_names": case_hostile_names,
    }
    out: dict = {"seed": args.seed, "kills": kills}
    with tempfile.TemporaryDirectory(prefix="photorec-faults-") as tmp:
        root = Path(tmp)
        for name, fn in cases.items():
            if args.only and name not in args.only:
                continue
            t0 = time.monotonic()
            try:
                out[name] = fn(root)
            except Exception as exc:  # noqa: BLE001 - a case that breaks is a finding
                out[name] = {"harness_error": f"{type(exc).__name__}: {exc}"}
            out[name]["seconds"] = round(time.monotonic() - t0, 1)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
