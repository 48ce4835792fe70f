"""The fault matrix's cases on what is on disk and what a terminal shows: hostile names,
escapes in output, a UTF-8 locale with non-UTF-8 names, special files as sidecars, giant RGBA
PNGs, a photo edited in place, the query size limit, a flood of IPC clients
(benchmarks/fault_matrix.py runs them)."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from fault_tools import (
    PHOTOS,
    REPO,
    clean,
    copy_photos,
    last_line,
    photorec,
    similar_json,
    status,
    terminal_safe,
    verdict,
)

NON_UTF8 = b"IMG_\xe9t\xe9.jpg"
HOSTILE = {  # what each name does to a terminal that prints it raw
    "non_utf8": NON_UTF8,
    "newline_forges_a_line": b"two\n  99.9%  Same photo      forged.jpg",
    "sets_title": b"bad\x1b]0;pwned\x07.jpg",
    "clears_screen": b"clear\x1b[2J.jpg",
    "bidi_override": "rtl\u202egpj.exe.jpg".encode(),
    "backspace_cr": b"over\x08\x08\rwrite.jpg",
    "long": (b"x" * 240) + b".jpg",
    "leading_dash": b"-rf.jpg",
    "spaces_quotes": b"it's \"quoted\" .jpg",
}
_hostile: dict = {}


def hostile_library(root: Path) -> dict:
    """A library of photos with HOSTILE names, a photo whose IPTC/XMP text carries escapes
    (when exiftool is installed), a FIFO and a /dev/zero link among the photos."""
    if _hostile:
        return _hostile
    d = root / "hostile-photos"
    d.mkdir()
    src = sorted(PHOTOS.glob("*.jpg"))
    for i, name in enumerate(HOSTILE.values()):
        shutil.copy(src[i * 3], os.path.join(os.fsencode(d), name))
    shutil.copy(src[0], d / "copy.jpg")  # a duplicate of a hostile name
    os.mkfifo(d / "fifo.jpg")
    (d / "zero.jpg").symlink_to("/dev/zero")
    meta = None
    if shutil.which("exiftool"):
        meta = d / "meta.jpg"
        shutil.copy(src[40], meta)
        subprocess.run(["exiftool", "-q", "-overwrite_original", "-charset", "iptc=UTF8",
                        "-IPTC:Caption-Abstract=cap\x1b]0;pwned\x07text", "-IPTC:Keywords=kw\x1b[2Jone",
                        "-XMP:Title=title\u202eevil", str(meta)], capture_output=True, timeout=60)
    data = root / "hostile-data"
    r = photorec(data, "index", d, timeout=180)
    _hostile.update(dir=d, data=data, index=r, meta=meta)
    return _hostile


def _q(h: dict, key: str) -> bytes:
    return os.path.join(os.fsencode(h["dir"]), HOSTILE[key])


def case_hostile_names(root: Path) -> dict:
    h = hostile_library(root)
    st = status(h["data"])
    queries = {}
    for key in HOSTILE:
        r = similar_json(h["data"], _q(h, key), k=2, timeout=60)
        queries[key] = bool(r) and len(r["results"]) == 2  # --all: the 2 closest
    special = {}
    for key in ("fifo.jpg", "zero.jpg"):
        r = photorec(h["data"], "similar", "--json", h["dir"] / key, timeout=60)
        special[key] = {"rc": r["rc"], "clean": clean(r), "message": last_line(r)}
    checks = {
        "index_clean": h["index"]["rc"] == 0 and clean(h["index"]),
        "every_name_indexed": bool(st) and st["photos"] == len(HOSTILE) + 1 + (h["meta"] is not None),
        "every_name_queries": all(queries.values()),
        "special_files_refused_in_words": all(s["rc"] == 1 and s["clean"] and "not an image file" in s["message"]
                                              for s in special.values()),
    }
    return verdict(checks, {"photos": st["photos"] if st else None, "queries": queries, "special": special})


def _human_commands(h: dict) -> list[list]:
    qs = [_q(h, k) for k in ("sets_title", "non_utf8", "newline_forges_a_line", "bidi_override")]
    cmds = [["status"], ["problems"], ["duplicates"], ["themes", "--members"], ["search", "pwned"],
            ["search", "forged"], ["search", "IMG"], ["similar", *qs], ["similar", "--all", *qs],
            ["more-like", *qs[:2]], ["metadata", *qs], ["tags", "list", *qs],
            ["similar", h["dir"] / "gone\x1b]0;x\x07.jpg"], ["index"]]
    if h["meta"] is not None:
        cmds += [["metadata", h["meta"]], ["search", "kw"]]
    return cmds


def case_terminal_escapes(root: Path) -> dict:
    """Every human-readable command, on names and IPTC/XMP text made to attack a terminal:
    nothing raw reaches it, no line is forged, the names are shown escaped."""
    h = hostile_library(root)
    photorec(h["data"], "tags", "add", _q(h, "sets_title"), "--tag", "t\x1b[2Jag")
    bad, seen = [], b""
    for cmd in [*_human_commands(h), ["tags", "list"]]:
        r = photorec(h["data"], *cmd, timeout=120)
        seen += r["out_b"] + r["err_b"]
        forged = any(x.lstrip().startswith(b"99.9%  Same photo") for x in r["out_b"].splitlines())
        if not (clean(r) and terminal_safe(r)) or forged:
            bad.append(" ".join(os.fsdecode(c) if isinstance(c, bytes) else str(c) for c in cmd)[:80])
    shown = [b"bad\\x1b]0;pwned\\x07.jpg", b"clear\\x1b[2J.jpg", b"rtl\\u202egpj.exe.jpg",
             b"two\\n  99.9%  Same photo      forged.jpg", b"over\\x08\\x08\\rwrite.jpg",
             b"IMG_\\xe9t\\xe9.jpg", b"t\\x1b[2Jag"]
    if h["meta"] is not None:
        shown += [b"cap\\x1b]0;pwned\\x07text", b"kw\\x1b[2Jone", b"title\\u202eevil"]
    missing = [s.decode() for s in shown if s not in seen]
    checks = {"index_report_safe": terminal_safe(h["index"]), "no_raw_controls_or_forged_lines": not bad,
              "names_shown_escaped": not missing}
    return verdict(checks, {"commands_failing": bad, "not_shown": missing,
                            "metadata_text_tried": h["meta"] is not None})


def case_utf8_locale(root: Path) -> dict:
    """LANG=C.UTF-8 (stdout strict UTF-8) with a non-UTF-8 name: no command dies part-way;
    text shows IMG_\\xe9t\\xe9.jpg, JSON gives it losslessly (path_bytes)."""
    h = hostile_library(root)
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}
    q = _q(h, "non_utf8")
    failing, lossless = [], []
    for cmd in (["search", "IMG"], ["duplicates"], ["themes", "--members"], ["similar", q], ["metadata", q],
                ["status"], ["problems"], ["index"], ["search", "--json", "IMG"], ["duplicates", "--json"],
                ["themes", "--json", "--members"], ["similar", "--json", "--all", q], ["metadata", "--json", q]):
        r = photorec(h["data"], *cmd, env=env, timeout=120)
        name = " ".join(c if isinstance(c, str) else "QUERY" for c in cmd)
        ok = r["rc"] == 0 and clean(r) and "surrogates" not in r["err"]
        if "--json" in cmd:  # JSON stays exact (a bidi mark in a name is kept); valid UTF-8 JSON
            ok = ok and _json_lines(r["out_b"]) and terminal_safe({**r, "out_b": b""})
            blobs = re.findall(rb'"([a-z_]+)_bytes": (?:"([A-Za-z0-9+/=]+)"|\[([^\]]*)\])', r["out_b"])
            found = {base64.b64decode(b) for _, one, many in blobs
                     for b in ([one] if one else re.findall(rb'"([A-Za-z0-9+/=]+)"', many))}
            lossless.append(any(x.endswith(NON_UTF8) or x.endswith(b"\xe9.jpg") or NON_UTF8 in x for x in found))
        else:  # the name shown escaped where the command shows it
            ok = ok and terminal_safe(r) and (b"IMG_\\xe9t\\xe9.jpg" in r["out_b"]
                                              or cmd[0] in ("index", "status", "problems"))
        if not ok:
            failing.append(name)
    checks = {"no_command_fails": not failing, "json_carries_the_bytes": all(lossless) and bool(lossless)}
    return verdict(checks, {"failing": failing})


def _json_lines(b: bytes) -> bool:
    try:
        text = b.decode("utf-8")
        return all(json.loads(x) is not None for x in text.splitlines() if x.strip()) and bool(text)
    except ValueError:
        return False


def case_sidecars(root: Path) -> dict:
    """A FIFO and a link to /dev/zero where a photo's XMP sidecar would be: `index` must not
    hang or read forever."""
    d = root / "sidecar-photos"
    photos = copy_photos(d, 4)
    os.mkfifo(str(photos[0]) + ".xmp")
    os.symlink("/dev/zero", str(photos[1]) + ".xmp")
    os.symlink("/dev/zero", photos[2].with_suffix(".xmp"))
    data = root / "sidecar-data"
    r = photorec(data, "index", d, timeout=120)
    st = status(data) if r["rc"] != "timeout" else None
    checks = {"index_finishes": r["rc"] != "timeout", "index_clean": r["rc"] == 0 and clean(r),
              "every_photo_indexed": bool(st) and st["photos"] == 4}
    return verdict(checks, {"rc": r["rc"], "message": last_line(r)})


_RSS = ("import resource, sys; from photorec.cli import main; rc = main(sys.argv[1:]); "
        "sys.stderr.write('\\nPEAK_RSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
        "sys.exit(rc)")


def _giant_png(path: Path, side: int, mode: str) -> None:
    """A side x side PNG, written a row at a time (never in memory): grey, RGB or RGBA."""
    ch, ctype = {"L": (1, 0), "RGB": (3, 2), "RGBA": (4, 6)}[mode]

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    z = zlib.compressobj(6)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, ctype, 0, 0, 0)))
        for y in range(side):
            row = bytes([0]) + bytes([(y // 64) % 256, 90, 160, 255][:ch]) * side
            data = z.compress(row)
            if data:
                f.write(chunk(b"IDAT", data))
        f.write(chunk(b"IDAT", z.flush()) + chunk(b"IEND", b""))


def case_giant_png(root: Path, side: int = 13000) -> dict:
    """Giant PNGs that compress to little (a 13000x13000 RGBA is about a megabyte): peak memory
    of `index` stays under 600 MB, and the photo is indexed or refused in words."""
    base = root / "png-base"
    copy_photos(base, 2)
    r0 = photorec(root / "png-base-data", "index", base, wrapper=_RSS)
    baseline = int(re.search(r"PEAK_RSS_KB=(\d+)", r0["err"]).group(1)) // 1024
    out, checks = {"baseline_peak_mb": baseline}, {}
    for mode in ("L", "RGB", "RGBA"):
        d = root / f"png-{mode}"
        d.mkdir()
        _giant_png(d / f"giant_{mode}.png", side, mode)
        r = photorec(root / f"png-{mode}-data", "index", d, wrapper=_RSS, timeout=600)
        m = re.search(r"PEAK_RSS_KB=(\d+)", r["err"])
        peak = int(m.group(1)) // 1024 if m else None
        out[mode] = {"file_mb": round((d / f"giant_{mode}.png").stat().st_size / 1e6, 2),
                     "peak_mb": peak, "rc": r["rc"], "report": r["out"].strip().splitlines()[:1]}
        checks[f"{mode}_clean"] = r["rc"] == 0 and clean(r)
        checks[f"{mode}_under_600_mb"] = peak is not None and peak < 600
    return verdict(checks, out)


def case_edited_in_place(root: Path) -> dict:
    """An uncompressed BMP overwritten in place by another picture of the same size, all but
    the three 64 KiB windows the content key samples: the report says updated, and `similar`
    sees the new picture."""
    from PIL import Image

    d = root / "edit-photos"
    d.mkdir()
    src = sorted(PHOTOS.glob("*.jpg"))
    for i in range(6):
        Image.open(src[i * 7]).convert("RGB").resize((640, 480)).save(d / f"p{i}.bmp")
    data = root / "edit-data"
    photorec(data, "index", d)
    new = root / "edit-new.bmp"
    Image.open(src[60]).convert("RGB").resize((640, 480)).save(new)
    target = d / "p0.bmp"
    size = target.stat().st_size
    body, sample = new.read_bytes(), 64 * 1024
    mid = size // 2 - sample // 2
    with open(target, "r+b") as f:  # in place, same size: all but the 3 x 64 KiB the key samples
        for start, end in ((sample, mid), (mid + sample, size - sample)):
            f.seek(start)
            f.write(body[start:end])
    r = photorec(data, "index", d)
    # The file is now mostly the new picture (the 3 sampled windows still hold old rows): the
    # new picture finds it first, and a copy of the file as it is now finds it as the same photo
    # (its stored vector is of the file's bytes now, not of the old picture).
    sim = similar_json(data, new, k=1)
    top = sim["results"][0] if sim and sim["results"] else {}
    copy = root / "edit-copy.bmp"
    shutil.copy(target, copy)
    same = similar_json(data, copy, k=1)
    top_same = same["results"][0] if same and same["results"] else {}
    checks = {"same_size": target.stat().st_size == size, "reported_updated": "1 updated" in r["out"],
              "similar_sees_the_new_picture": top.get("path") == str(target),
              "its_vector_is_of_the_file_now": top_same.get("path") == str(target)
              and top_same.get("score", 0) >= 0.99}
    return verdict(checks, {"top": top, "top_for_a_copy": top_same,
                            "report": r["out"].strip().splitlines()[:1]})


def case_query_size(root: Path) -> dict:
    """A query over the limit is refused with the README's number."""
    sys.path.insert(0, str(REPO))
    from photorec.core.ingest.query import MAX_QUERY_BYTES, MAX_QUERY_MB

    data, *_ = _small(root)
    big = root / "big.jpg"
    with open(big, "wb") as f:
        f.truncate(MAX_QUERY_BYTES + 400_000)
    r = photorec(data, "similar", big)
    readme = re.search(r"regular image file of at most\s+(\d+) MB", (REPO / "README.md").read_text())
    checks = {"refused_in_words": r["rc"] == 1 and clean(r),
              "says_the_readmes_number": bool(readme) and f"up to {readme.group(1)} MB" in r["err"]
              and int(readme.group(1)) == MAX_QUERY_MB}
    return verdict(checks, {"message": last_line(r)})


def _small(root: Path):
    from fault_tools import fresh_library

    if "small" not in _hostile:
        _hostile["small"] = fresh_library(root, "small", n=6)
    return _hostile["small"]


_FLOOD = """
import json, logging, os, socket, sys, time
from PySide6.QtCore import QCoreApplication
from photorec.gui import ipc
app = QCoreApplication([])
warnings = []
h = logging.Handler(); h.emit = lambda r: warnings.append(r.getMessage()) if r.levelno >= logging.WARNING else None
logging.getLogger("photorec.gui.ipc").addHandler(h)
srv = ipc.InstanceServer(sys.argv[1]); assert srv.listen()
path, sent = ipc._socket_path(srv.name), 0
for i in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(0.5)  # the server accepts as its event loop runs: never block the flood
    try:
        s.connect(path); s.sendall(b"junk\\n" if i % 2 else b'{"v": 1, "kind"'); sent += 1
    except OSError:
        pass
    s.close()
    for _ in range(3):
        app.processEvents()
end = time.monotonic() + 3
while time.monotonic() < end:
    app.processEvents()
srv.close()
print(json.dumps({"sent": sent, "warnings": len(warnings), "lines": warnings[:6]}))
"""


def case_ipc_flood(root: Path, n: int = 2000) -> dict:
    """A flood of bad clients at the window's socket: a warning per burst, not per client."""
    (root / "ipc").mkdir()
    r = subprocess.run([sys.executable, "-c", _FLOOD, str(root / "ipc"), str(n)], capture_output=True,
                       text=True, timeout=300, cwd=REPO,
                       env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"})
    try:
        got = json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return verdict({"ran": False}, {"err": r.stderr[-400:]})
    checks = {"ran": r.returncode == 0, "most_clients_sent": got["sent"] >= n // 2,
              "a_few_lines_not_one_per_client": got["warnings"] <= 10}
    return verdict(checks, got)
