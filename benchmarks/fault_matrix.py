"""Fault matrix (issues 10 and 20): inject faults into real `photorec` runs, check what a user
sees, and print one verdict line per fault, then the facts as JSON.

    python benchmarks/fault_matrix.py [--quick] [--kills N] [--seed S] [--only CASE...] [--json]

Every fault photorec has been asked to survive: SIGKILL during `index` (counting the kills
that landed mid-run), a damaged index file, a damaged catalog and `repair`, a catalog whose
header is zeroed or that is cut in half, a faces table of garbage pages, disk full (root: a
small tmpfs), a read-only disk (root), two `index` runs at once, hostile file names
(non-UTF-8, newline, ESC sequences, bidi overrides, long, leading dash) and special files
(FIFO, link to /dev/zero) as photos and as
queries, the same names and IPTC/XMP text in every command's output, a UTF-8 locale with
non-UTF-8 names, FIFO and /dev/zero sidecars, giant RGBA/RGB/grey PNGs (peak memory), a BMP
edited in place, a query over the size limit, a flood of IPC clients. A case "survived" when
every one of its checks holds; a check never demands more than a user is shown (the Similar
floor shows fewer than k: queries use --all where a count is checked). Everything runs in a temporary folder; the test
photos are only read. Exit status: 0 when every case survived, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fault_cases as fc  # noqa: E402
import fault_cases_files as ff  # noqa: E402


def cases(kills: int, rng: random.Random, quick: bool) -> dict:
    return {
        "kill_index": lambda root: fc.case_kill_index(root, kills, rng),
        "damaged_index": fc.case_damaged_index,
        "damaged_catalog": fc.case_damaged_catalog,
        "catalog_header_damage": fc.case_catalog_header,
        "damaged_faces": fc.case_damaged_faces,
        "disk_full": fc.case_disk_full,
        "read_only_disk": fc.case_read_only,
        "two_index_runs": fc.case_two_index_runs,
        "hostile_names": ff.case_hostile_names,
        "terminal_escapes": ff.case_terminal_escapes,
        "utf8_locale_non_utf8_names": ff.case_utf8_locale,
        "special_sidecars": ff.case_sidecars,
        "giant_png": lambda root: ff.case_giant_png(root, 6000 if quick else 13000),
        "edited_in_place": ff.case_edited_in_place,
        "query_size_limit": ff.case_query_size,
        "ipc_flood": lambda root: ff.case_ipc_flood(root, 400 if quick else 2000),
    }


def line(name: str, result: dict) -> str:
    """One verdict line: SURVIVED / FAILED (the checks that failed) / SKIPPED / BROKEN."""
    if "skipped" in result:
        return f"SKIPPED  {name}: {result['skipped']}"
    if "harness_error" in result:
        return f"BROKEN   {name}: the harness failed: {result['harness_error']}"
    checks = result.get("checks", {})
    failed = [c for c, ok in checks.items() if not ok]
    facts = ""
    if name == "kill_index":
        facts = (f" ({result['kills_landed_mid_run']} of {result['kills_tried']} kills landed "
                 f"mid-run, {result['runs_recorded']} runs recorded)")
    if not failed:
        return f"SURVIVED {name}: {len(checks)} checks{facts}"
    note = f" [{result['note']}]" if result.get("note") else ""
    return f"FAILED   {name}: {', '.join(failed)}{facts}{note}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer kills, smaller PNGs and floods")
    ap.add_argument("--kills", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*", help="run only these cases")
    ap.add_argument("--json", action="store_true", help="only the JSON")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    kills = args.kills if args.kills is not None else (3 if args.quick else 8)
    out: dict = {"seed": args.seed, "kills_asked": kills}
    lines = []
    with tempfile.TemporaryDirectory(prefix="photorec-faults-") as tmp:
        root = Path(tmp)
        for name, fn in cases(kills, rng, args.quick).items():
            if args.only and name not in args.only:
                continue
            t0 = time.monotonic()
            try:
                result = fn(root)
            except Exception as exc:  # noqa: BLE001 - a case that breaks is a finding
                result = {"harness_error": f"{type(exc).__name__}: {exc}"}
            result["seconds"] = round(time.monotonic() - t0, 1)
            out[name] = result
            lines.append(line(name, result))
            if not args.json:
                print(lines[-1], file=sys.stderr, flush=True)
    out["survived"] = sum(x.startswith("SURVIVED") for x in lines)
    out["failed"] = [x.split(":")[0].split()[-1] for x in lines if not x.startswith(("SURVIVED", "SKIPPED"))]
    print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    return 0 if not out["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
