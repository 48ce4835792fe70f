#!/usr/bin/env bash
# Smoke test of the frozen Linux build: build dist/photorec (or reuse it when it is newer
# than the sources), then run the frozen binary, outside the checkout, as a user would:
#
#   1. photorec --version                              prints "photorec <version>"
#   2. photorec --data-dir TMP index PHOTOS            indexes a few real photos
#   3. photorec --data-dir TMP similar COPY --json --all    a copy of one photo (outside the
#                                                      library) finds that photo first;
#                                                      again with a smaller HEIC copy
#   4. photorec --data-dir TMP --screenshot SHOT.png   renders the window offscreen (PNG)
#   5. photorec integrate install/status/uninstall     under a temporary XDG_DATA_HOME
#
# Any failure stops the script with its output and a non-zero exit.
#
#   bash packaging/smoke_linux.sh
#   PHOTOREC_PHOTOS=/some/photos PHOTOREC_SMOKE_N=12 bash packaging/smoke_linux.sh
#   PHOTOREC_REBUILD=1 bash packaging/smoke_linux.sh     # force a fresh build
#   PHOTOREC_REUSE=1 bash packaging/smoke_linux.sh       # test dist/photorec as it is
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP=$ROOT/dist/photorec/photorec
PHOTOS=${PHOTOREC_PHOTOS:-$ROOT/tests/data/photos}
N=${PHOTOREC_SMOKE_N:-8}
T0=$(date +%s)

fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }

# -- the build -----------------------------------------------------------------------------
stale=""
if [ -x "$APP" ] && [ "${PHOTOREC_REBUILD:-0}" != 1 ] && [ "${PHOTOREC_REUSE:-0}" != 1 ]; then
    stale=$(cd "$ROOT" && find photorec packaging/photorec.spec packaging/photorec_entry.py pyproject.toml \
        -newer "$APP" -type f ! -name '*.pyc' -print -quit)
fi
if [ ! -x "$APP" ] || [ -n "$stale" ] || [ "${PHOTOREC_REBUILD:-0}" = 1 ]; then
    [ -n "$stale" ] && echo "smoke: $stale is newer than the build; rebuilding"
    B0=$(date +%s)
    PHOTOREC_NO_TARBALL=1 bash "$ROOT/packaging/build_linux.sh"
    echo "smoke: build took $(( $(date +%s) - B0 )) s"
else
    echo "smoke: reusing $ROOT/dist/photorec (newer than the sources)"
fi
[ -x "$APP" ] || fail "no frozen binary at $APP"

# -- a clean place to run it ----------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/photorec-smoke.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
unset PYTHONPATH PYTHONHOME PHOTOREC_DATA_DIR PHOTOREC_MODEL VIRTUAL_ENV
export QT_QPA_PLATFORM=offscreen
export XDG_DATA_HOME=$TMP/xdg-data XDG_CACHE_HOME=$TMP/xdg-cache XDG_STATE_HOME=$TMP/xdg-state \
       XDG_CONFIG_HOME=$TMP/xdg-config XDG_RUNTIME_DIR=$TMP/xdg-runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# step NAME TIMEOUT CMD...: run CMD, keep its output in $TMP/NAME.out, fail loudly.
step() {
    local name=$1 limit=$2; shift 2
    local s0; s0=$(date +%s)
    echo "== $name: $*"
    local rc=0
    timeout "$limit" "$@" >"$TMP/$name.out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        sed 's/^/   | /' "$TMP/$name.out" | tail -40 >&2
        [ "$rc" -ne 124 ] || fail "$name timed out after $limit s"
        fail "$name exited with $rc"
    fi
    echo "   ok in $(( $(date +%s) - s0 )) s"
}

# 1. --version
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/photorec/__init__.py")
step version 60 "$APP" --version
grep -qx "photorec $VERSION" "$TMP/version.out" || fail "--version said '$(cat "$TMP/version.out")', not 'photorec $VERSION'"

# 2. index a few photos
mkdir -p "$TMP/photos"
mapfile -t all < <(find "$PHOTOS" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) | sort)
[ "${#all[@]}" -ge 2 ] || fail "need photos in $PHOTOS (set PHOTOREC_PHOTOS)"
stride=$(( ${#all[@]} / N )); [ "$stride" -ge 1 ] || stride=1
for ((i = 0; i < ${#all[@]} && i / stride < N; i += stride)); do cp "${all[$i]}" "$TMP/photos/"; done
count=$(find "$TMP/photos" -type f | wc -l)
step index 300 "$APP" --data-dir "$TMP/data" index "$TMP/photos"
tail -3 "$TMP/index.out" | sed 's/^/   | /'

# 3. a copy of one photo, outside the library, must find that photo first
# check_similar OUT WANT COUNT MIN_SCORE
check_similar() {
    python3 - "$@" <<'EOF' || fail "similar --json gave an unexpected answer ($1)"
import json, sys
out, want, count, min_score = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
lines = [l for l in open(out, encoding="utf-8") if l.lstrip().startswith("{")]
assert len(lines) == 1, f"expected one JSON line, got {len(lines)}"
res = json.loads(lines[0])["results"]
assert len(res) == count, f"expected all {count} photos ranked, got {len(res)}"
assert res[0]["path"] == want, f"top result {res[0]['path']} is not {want}"
assert res[0]["score"] > min_score, f"the copy should score > {min_score}, got {res[0]['score']}"
print(f"   top: {res[0]['path']} ({res[0]['score']}), next: {res[1]['score'] if len(res) > 1 else '-'}")
EOF
}
first=$(find "$TMP/photos" -type f | sort | head -1)
cp "$first" "$TMP/query.${first##*.}"
step similar 120 "$APP" --data-dir "$TMP/data" similar "$TMP/query.${first##*.}" --json --all
check_similar "$TMP/similar.out" "$first" "$count" 0.98

# 3b. the same photo as a smaller HEIC: the bundled pillow-heif must read it
VENV_PY=${PHOTOREC_BUILD_VENV:-$ROOT/build/venv-package}/bin/python
if [ "${PHOTOREC_NO_HEIF:-0}" != 1 ] && [ -x "$VENV_PY" ] && "$VENV_PY" -c 'import pillow_heif' 2>/dev/null; then
    "$VENV_PY" -c '
import sys, pillow_heif
from PIL import Image
pillow_heif.register_heif_opener()
im = Image.open(sys.argv[1]).convert("RGB")
im.thumbnail((640, 640))
im.save(sys.argv[2], quality=80)
' "$first" "$TMP/query.heic" || fail "could not make a HEIC test file"
    step similar-heic 120 "$APP" --data-dir "$TMP/data" similar "$TMP/query.heic" --json --all
    check_similar "$TMP/similar-heic.out" "$first" "$count" 0.9
else
    echo "== similar-heic: skipped (no pillow-heif in the build venv to make a HEIC file with)"
fi

# 4. the window, rendered offscreen
step screenshot 120 "$APP" --data-dir "$TMP/data" --screenshot "$TMP/shot.png"
python3 - "$TMP/shot.png" <<'EOF' || fail "the screenshot is not a proper PNG"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w >= 640 and h >= 400, f"tiny screenshot {w}x{h}"
assert len(data) > 20_000, f"suspiciously small screenshot ({len(data)} bytes)"
print(f"   screenshot {w}x{h}, {len(data)} bytes")
EOF
if [ -n "${PHOTOREC_SMOKE_KEEP:-}" ]; then cp "$TMP/shot.png" "$PHOTOREC_SMOKE_KEEP"; fi

# 5. desktop integration from the frozen app (resources read from the bundle)
step integrate-install 60 "$APP" integrate install
desktop=$XDG_DATA_HOME/applications/photorec.desktop
grep -q "^Exec=$APP %F\$" "$desktop" || fail "the desktop entry does not start $APP: $(grep ^Exec "$desktop")"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate rejected $desktop"
fi
step integrate-status 60 "$APP" integrate status
grep -q "state: installed" "$TMP/integrate-status.out" || fail "integrate status: $(cat "$TMP/integrate-status.out")"
step integrate-uninstall 60 "$APP" integrate uninstall
[ ! -e "$desktop" ] || fail "uninstall left $desktop"

echo "SMOKE PASSED in $(( $(date +%s) - T0 )) s ($(du -sh "$ROOT/dist/photorec" | cut -f1) folder)"
