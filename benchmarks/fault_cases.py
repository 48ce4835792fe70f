"""The fault matrix's cases on the library itself: kills, damaged index and catalog, disk
full, damaged face tables, a read-only disk, two index runs at once (benchmarks/fault_matrix.py runs them)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fault_tools import (
    REPO,
    altered_copies,
    catalog_count,
    clean,
    copy_photos,
    fresh_library,
    last_line,
    leftovers,
    mount_tmpfs,
    photorec,
    raw_marker,
    similar_json,
    status,
    umount,
    verdict,
)


def case_kill_index(root: Path, kills: int, rng: random.Random) -> dict:
    """SIGKILL `index` runs at random moments. Counts what happened: the kills that landed
    while a run was working, and the runs that finished before their kill came."""
    photos_dir = root / "kill-photos"
    photos = copy_photos(photos_dir / "base")
    data = root / "kill-data"
    runs = []
    more = 0
    for _ in range(kills):
        before = catalog_count(data)
        delay = rng.uniform(0.5, 6.0)
        p = subprocess.Popen([sys.executable, "-m", "photorec", "--data-dir", str(data), "index",
                              str(photos_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        time.sleep(delay)
        landed = p.poll() is None
        if landed:
            p.send_signal(signal.SIGKILL)
        p.wait()
        marker = raw_marker(data)
        st = status(data)
        sim = similar_json(data, photos[0], k=3)
        after = catalog_count(data)
        done = int(marker.split("/")[0]) if marker and "/" in marker else None
        runs.append({"kill_after_s": round(delay, 2), "landed_mid_run": landed,
                     "marker_left": marker, "photos_before": before, "photos_after": after,
                     # the marker moves in the same transaction as each batch
                     "committed_matches_marker": done is None or after - before == done,
                     "status_ok": st is not None, "stale_marker": bool(st and st.get("indexing")),
                     "similar_ok": sim is not None})
        if not landed:  # that run finished: give the next one work to be killed in
            photos += altered_copies(photos_dir / f"more{more}", f"m{more}")
            more += 1
    final = photorec(data, "index", photos_dir)
    st = status(data)
    sim = similar_json(data, photos[0], k=3)
    landed = sum(r["landed_mid_run"] for r in runs)
    checks = {
        "some_kill_landed_mid_run": landed > 0,
        "answered_after_every_kill": all(r["status_ok"] and r["similar_ok"] for r in runs),
        "no_stale_marker": not any(r["stale_marker"] for r in runs),
        "never_lost_photos": all(r["photos_after"] >= r["photos_before"] for r in runs),
        "committed_matches_marker": all(r["committed_matches_marker"] for r in runs),
        "rerun_completes": final["rc"] == 0 and clean(final),
        "rerun_has_every_photo": bool(st) and st["photos"] == len(photos),
        "similar_after_rerun": bool(sim and sim["results"]),
        "no_leftover_temp_files": not leftovers(data),
    }
    return verdict(checks, {
        "kills_tried": len(runs), "kills_landed_mid_run": landed,
        "runs_finished_before_kill": len(runs) - landed, "runs_recorded": len(runs),
        "photos": len(photos), "rerun_photos": st["photos"] if st else None,
        "leftovers": leftovers(data)[:10], "runs": runs})


def _answers(data: Path, photos: list[Path]) -> list:
    out = []
    for q in photos[:5]:
        r = similar_json(data, q, k=5)
        out.append([x["path"] for x in r["results"]] if r else None)
    return out


def case_damaged_index(root: Path) -> dict:
    data, photos_dir, photos = fresh_library(root, "dmgidx")
    expected = _answers(data, photos)
    ptr = next(data.glob("index-*.json"))
    graph = data / json.loads(ptr.read_text())["file"]
    with open(graph, "r+b") as f:
        f.seek(graph.stat().st_size // 2)
        f.write(os.urandom(1024))
    first = photorec(data, "similar", "--json", "--all", "-k", "5", photos[0])
    cmds = {name: photorec(data, *args) for name, args in (
        ("similar", ["similar", photos[0]]), ("index", ["index", photos_dir]),
        ("duplicates", ["duplicates"]), ("themes", ["themes"]))}
    checks = {
        "said_damaged": "damaged" in first["err"],
        "every_command_clean": all(clean(r) for r in cmds.values()),
        "answers_unchanged": _answers(data, photos) == expected,
    }
    return verdict(checks, {"commands": {n: r["rc"] for n, r in cmds.items()}})


def _pages_of(cat: Path, table: str) -> tuple[list[int], int]:
    con = sqlite3.connect(cat)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [r[0] for r in con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))]
        return pages, con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()


def _after_damage(data: Path, photos_dir: Path, photos: list[Path], expect: int) -> tuple[dict, dict]:
    before = {}
    for name, args in (("status", ["status"]), ("similar", ["similar", photos[0]]),
                       ("index", ["index", photos_dir]), ("duplicates", ["duplicates"])):
        r = photorec(data, *args)
        before[name] = {"rc": r["rc"], "clean": clean(r), "says_repair": "photorec repair" in r["err"]}
    rep = photorec(data, "repair", "--json")
    try:
        report = json.loads(rep["out"])
    except ValueError:
        report = {"err": rep["err"][-300:]}
    return before, {"rc": rep["rc"], "clean": clean(rep), "report": report}


def case_damaged_catalog(root: Path) -> dict:
    """Pages in the middle of the vectors table overwritten; then `repair` and a reindex."""
    data, photos_dir, photos = fresh_library(root, "dmgcat")
    cat = data / "catalog.sqlite3"
    pages, psize = _pages_of(cat, "vectors")
    with open(cat, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * psize)
        f.write(os.urandom(2 * psize))
    before, rep = _after_damage(data, photos_dir, photos, len(photos))
    again = photorec(data, "index", photos_dir)
    st = status(data)
    checks = {
        "words_not_tracebacks": all(c["clean"] and (c["rc"] == 0 or c["says_repair"])
                                    for c in before.values()),
        "repair_ran_clean": rep["clean"] and rep["rc"] in (0, 1),
        "backup_kept": Path(rep["report"].get("backup") or "/nonexistent").exists(),
        "reindex_has_every_photo": again["rc"] == 0 and bool(st) and st["photos"] == len(photos),
    }
    return verdict(checks, {"before_repair": before, "repair_rc": rep["rc"],
                            "recovered": rep["report"].get("recovered"),
                            "lost": rep["report"].get("lost")})


def _faces_in(cat: Path) -> int:
    con = sqlite3.connect(cat)
    try:
        return int(con.execute("SELECT COUNT(*) FROM faces").fetchone()[0])
    finally:
        con.close()


def case_damaged_faces(root: Path) -> dict:
    """Every page of the faces table overwritten with garbage: the next index says so once,
    in words, rebuilds the face tables and finds the same people again; the run after is quiet."""
    data, photos_dir, photos = fresh_library(root, "dmgfaces")
    before = photorec(data, "people", "--json")
    cat = data / "catalog.sqlite3"
    faces = _faces_in(cat)
    pages, psize = _pages_of(cat, "faces")
    with open(cat, "r+b") as f:
        for p in pages:
            f.seek((p - 1) * psize)
            f.write(os.urandom(psize))
    first = photorec(data, "index", photos_dir)
    after = photorec(data, "people", "--json")
    again = photorec(data, "index", photos_dir)
    sizes = [sorted(len(json.loads(line)["photos"]) for line in r["out"].splitlines())
             for r in (before, after)]
    checks = {
        "said_once": first["err"].count("face tables") == 1,
        "every_command_clean": all(clean(r) and r["rc"] == 0 for r in (first, after, again)),
        "same_faces_and_people_again": bool(faces) and sizes[0] == sizes[1]
        and _faces_in(cat) == faces,
        "quiet_after": "face" not in again["err"],
    }
    return verdict(checks, {"faces": faces, "people": len(sizes[1]), "faces_pages": len(pages)})


def case_catalog_header(root: Path) -> dict:
    """The catalog's 100-byte header zeroed, and a catalog cut to half: commands say so in
    words; `repair` recovers what the pages still hold (or exits non-zero saying it could not)."""
    out: dict = {}
    checks: dict[str, bool] = {}
    for kind in ("header", "cut_in_half"):
        data, photos_dir, photos = fresh_library(root, f"hdr-{kind}", n=30)
        _pages_of(data / "catalog.sqlite3", "files")  # checkpoints the WAL into the file
        with Path(data / "catalog.sqlite3").open("r+b") as f:
            if kind == "header":
                f.write(bytes(100))
            else:
                f.truncate(os.path.getsize(data / "catalog.sqlite3") // 2)
        before, rep = _after_damage(data, photos_dir, photos, len(photos))
        rec = rep["report"].get("recovered") or {}
        files = rec.get("files", 0) if isinstance(rec, dict) else 0
        out[kind] = {"before_repair": before, "repair_rc": rep["rc"], "recovered": rec,
                     "repair_message": rep["report"].get("err")}
        checks[f"{kind}_words_not_tracebacks"] = all(c["clean"] for c in before.values())
        checks[f"{kind}_repair_clean"] = rep["clean"]
        want = len(photos) if kind == "header" else 1
        checks[f"{kind}_repair_recovers_or_says_not"] = files >= want or rep["rc"] not in (0,)
    return verdict(checks, out)


def case_disk_full(root: Path) -> dict:
    mnt = root / "full"
    if not mount_tmpfs(mnt, "3m"):
        return {"skipped": "cannot mount a tmpfs (needs root)"}
    try:
        photos_dir = root / "full-photos"
        photos = copy_photos(photos_dir / "a") + altered_copies(photos_dir / "b", "b")
        data = mnt / "data"
        r = photorec(data, "index", photos_dir)
        said = [x for x in r["err"].splitlines() if "disk full:" in x]
        saved = catalog_count(data)
        second = photorec(data, "index", photos_dir)
        big = root / "full-moved"  # make room: the library moved to a big disk
        shutil.copytree(data, big)
        again = photorec(big, "index", photos_dir)
        st = status(big)
        checks = {
            "stopped_in_words": r["rc"] == 1 and clean(r) and len(said) == 1,
            "says_how_many_saved": bool(said) and bool(re.search(r"(\d+ photos?|what was indexed) ", said[0])),
            "still_full_again_in_words": (clean(second)
                                          and sum("disk full:" in x for x in second["err"].splitlines()) == 1),
            "nothing_lost": catalog_count(data) >= saved,
            "rerun_has_every_photo": again["rc"] == 0 and bool(st) and st["photos"] == len(photos),
        }
        return verdict(checks, {"message": said[0] if said else None, "photos_saved": saved,
                                "stderr_lines": len(r["err"].splitlines())})
    finally:
        umount(mnt)


def case_read_only(root: Path) -> dict:
    mnt = root / "ro"
    if not mount_tmpfs(mnt, "64m"):
        return {"skipped": "cannot mount a tmpfs (needs root)"}
    try:
        data0, photos_dir, photos = fresh_library(root, "ro", n=12)
        for side in ("catalog.sqlite3-wal", "catalog.sqlite3-shm"):
            (data0 / side).unlink(missing_ok=True)
        shutil.copytree(data0, mnt / "data")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        data = mnt / "data"
        st = status(data)
        sim = similar_json(data, photos[0], k=3)  # --all: the 3 closest, as a user asks
        shown = photorec(data, "similar", photos[0])  # the default view: what reaches the floor
        themes = photorec(data, "themes", "-k", "3", "--json")
        idx = photorec(data, "index", photos_dir)
        others = [photorec(data, *c) for c in (["search", "2019"], ["duplicates"], ["problems"])]
        checks = {
            "search_duplicates_problems_answer": all(r["rc"] == 0 and clean(r) for r in others),
            "status_answers": bool(st) and st["photos"] == len(photos),
            "similar_all_gives_k": bool(sim) and len(sim["results"]) == 3,
            "similar_default_answers": shown["rc"] == 0 and clean(shown) and "Photos like" in shown["out"],
            "themes_computed_not_saved": themes["rc"] == 0 and len(themes["out"].splitlines()) == 3
            and "not saved" in themes["err"],
            "index_refused_in_words": idx["rc"] == 1 and clean(idx)
            and ("read-only" in idx["err"] or "cannot write" in idx["err"]),
        }
        return verdict(checks, {"index_message": last_line(idx), "themes_message": last_line(themes)})
    finally:
        umount(mnt)


def case_two_index_runs(root: Path) -> dict:
    """Two `index` runs started together: between them every photo is new once, and a run
    that did not index says why."""
    photos_dir = root / "two-photos"
    photos = copy_photos(photos_dir)
    data = root / "two-data"
    cmd = [sys.executable, "-m", "photorec", "--data-dir", str(data), "index", str(photos_dir)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    photorec(data, "status")  # the library exists
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    new, refused = 0, 0
    for p, (out, err) in zip(procs, outs):
        m = re.search(r"(\d+) new", out)
        if p.returncode == 0 and m:
            new += int(m.group(1))
        elif "another photorec process is indexing" in err:
            refused += 1
    st = status(data)
    checks = {"new_counted_once": new == len(photos), "every_photo_indexed": bool(st) and st["photos"] == len(photos),
              "no_traceback": all("Traceback" not in e for _, e in outs)}
    return verdict(checks, {"reported_new": new, "photos": len(photos), "runs_refused": refused})
