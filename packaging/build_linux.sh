#!/usr/bin/env bash
# Build photorec for Linux: a PyInstaller one-folder app, packed as
#   dist/photorec-<version>-linux-<arch>.tar.gz
#
#   bash packaging/build_linux.sh            # build environment reused when up to date
#   PYTHON=python3.12 bash packaging/build_linux.sh
#
# Environment:
#   PYTHON                interpreter for the build venv (default: python3; 3.10-3.13)
#   PHOTOREC_BUILD_VENV   the build venv (default: build/venv-package)
#   PHOTOREC_NO_HEIF=1    leave pillow-heif (HEIC/HEIF/AVIF) out of the build
#   PHOTOREC_NO_TARBALL=1 build the folder only (the smoke test does this)
#
# AppImage: not built. appimagetool and the AppImage runtime are not in PyPI or Debian's
# archive (they are only published as downloads from the AppImage project), and this build
# uses package registries only. The tarball runs anywhere the folder is unpacked; run
# `photorec/photorec integrate install` from it to add menu entries and "Find similar".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENV=${PHOTOREC_BUILD_VENV:-$ROOT/build/venv-package}
DIST=$ROOT/dist
WORK=$ROOT/build/pyinstaller
T0=$(date +%s)

say() { printf '\n== %s\n' "$*"; }

# -- 1. the build environment -------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    say "creating build venv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY=$VENV/bin/python
extras=package
[ "${PHOTOREC_NO_HEIF:-0}" = 1 ] || extras=heif,package
# Dependencies are (re)installed when pyproject.toml or the extras change.
deps_stamp=$VENV/.photorec-deps
want_deps="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) $extras"
if [ "$(cat "$deps_stamp" 2>/dev/null)" != "$want_deps" ]; then
    say "installing photorec's dependencies and PyInstaller into the build venv"
    # Install the project with its extras (which brings every dependency), then remove the
    # project itself: the build takes photorec from this checkout.
    "$PY" -m pip install --disable-pip-version-check -q "$ROOT[$extras]"
    "$PY" -m pip uninstall -q -y photorec
    rm -f "$VENV/.photorec-hnswlib"
    echo "$want_deps" > "$deps_stamp"
fi
# hnswlib compiled here, without -march=native, so the app runs on any x86-64 CPU (a wheel
# or cached build made with -march=native crashes with SIGILL on older CPUs).
if [ ! -f "$VENV/.photorec-hnswlib" ]; then
    say "building hnswlib from source with HNSWLIB_NO_NATIVE=1"
    HNSWLIB_NO_NATIVE=1 "$PY" -m pip install --disable-pip-version-check -q \
        --no-cache-dir --force-reinstall --no-deps --no-binary hnswlib "hnswlib>=0.8"
    # Its build keeps debug info (-g): 8 MB of the 8.5 MB module. Strip it.
    if command -v strip >/dev/null; then
        strip --strip-debug "$("$PY" -c 'import hnswlib; print(hnswlib.__file__)')"
    fi
    touch "$VENV/.photorec-hnswlib"
fi

VERSION=$(cd "$ROOT" && "$PY" -c 'import photorec; print(photorec.__version__)')
ARCH=$(uname -m)
say "photorec $VERSION for linux-$ARCH"
if [ ! -f "$ROOT/photorec/resources/model.onnx" ]; then
    echo "build_linux.sh: warning: photorec/resources/model.onnx is missing; the build will not be able to index" >&2
fi

# -- 2. PyInstaller -----------------------------------------------------------------------------
say "PyInstaller"
T1=$(date +%s)
(cd "$ROOT" && "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/photorec.spec)
T2=$(date +%s)

# -- 3. the tarball -----------------------------------------------------------------------------
TARBALL=$DIST/photorec-$VERSION-linux-$ARCH.tar.gz
if [ "${PHOTOREC_NO_TARBALL:-0}" != 1 ]; then
    say "packing $TARBALL"
    tar -C "$DIST" -czf "$TARBALL" photorec
fi
T3=$(date +%s)

say "done"
echo "folder:   $DIST/photorec ($(du -sh "$DIST/photorec" | cut -f1), $(find "$DIST/photorec" -type f | wc -l) files)"
[ "${PHOTOREC_NO_TARBALL:-0}" = 1 ] || echo "tarball:  $TARBALL ($(du -sh "$TARBALL" | cut -f1))"
echo "time:     $((T3 - T0)) s in all; PyInstaller $((T2 - T1)) s, tar $((T3 - T2)) s"
