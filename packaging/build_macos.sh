#!/usr/bin/env bash
# Build photorec for macOS: photorec.app (PyInstaller BUNDLE with packaging/macos/Info.plist,
# which lists the image types for Finder's "Open With") and a drag-to-Applications .dmg:
#   dist/photorec.app
#   dist/photorec-<version>-macos-<arch>.dmg
#
#   bash packaging/build_macos.sh
#   PYTHON=python3.12 bash packaging/build_macos.sh
#
# Environment:
#   PYTHON                       interpreter for the build venv (default: python3; 3.10-3.13)
#   PHOTOREC_BUILD_VENV          the build venv (default: build/venv-package)
#   PHOTOREC_NO_HEIF=1           leave pillow-heif out
#   PHOTOREC_CODESIGN_IDENTITY   a "Developer ID Application: ..." identity to sign with;
#                                without it PyInstaller signs ad hoc (runs locally; other
#                                Macs need right-click > Open the first time). Notarisation
#                                (xcrun notarytool) is a separate, manual step.
# The app is built for the machine's architecture (arm64 or x86_64): build on each.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENV=${PHOTOREC_BUILD_VENV:-$ROOT/build/venv-package}
DIST=$ROOT/dist
WORK=$ROOT/build/pyinstaller
T0=$(date +%s)
say() { printf '\n== %s\n' "$*"; }

[ "$(uname -s)" = Darwin ] || { echo "build_macos.sh: run this on macOS" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    say "creating build venv $VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY=$VENV/bin/python
extras=package
[ "${PHOTOREC_NO_HEIF:-0}" = 1 ] || extras=heif,package
say "installing photorec's dependencies and PyInstaller ($extras)"
"$PY" -m pip install --disable-pip-version-check -q "$ROOT[$extras]"
"$PY" -m pip uninstall -q -y photorec
say "building hnswlib from source with HNSWLIB_NO_NATIVE=1"
HNSWLIB_NO_NATIVE=1 "$PY" -m pip install --disable-pip-version-check -q \
    --no-cache-dir --force-reinstall --no-deps --no-binary hnswlib "hnswlib>=0.8"

VERSION=$(cd "$ROOT" && "$PY" -c 'import photorec; print(photorec.__version__)')
ARCH=$(uname -m)
say "photorec $VERSION for macos-$ARCH"
[ -f "$ROOT/photorec/resources/model.onnx" ] || \
    echo "build_macos.sh: warning: photorec/resources/model.onnx is missing; the build will not be able to index" >&2

say "PyInstaller"
T1=$(date +%s)
(cd "$ROOT" && "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/photorec.spec)
T2=$(date +%s)
APP=$DIST/photorec.app
[ -d "$APP" ] || { echo "build_macos.sh: PyInstaller made no $APP" >&2; exit 1; }
got=$("$APP/Contents/MacOS/photorec" --version)
[ "$got" = "photorec $VERSION" ] || { echo "build_macos.sh: the app's --version said '$got'" >&2; exit 1; }
plutil -lint "$APP/Contents/Info.plist"

say "disk image"
DMG=$DIST/photorec-$VERSION-macos-$ARCH.dmg
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "photorec $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
T3=$(date +%s)

say "done"
echo "app:   $APP ($(du -sh "$APP" | cut -f1))"
echo "dmg:   $DMG ($(du -sh "$DMG" | cut -f1))"
echo "time:  $((T3 - T0)) s in all; PyInstaller $((T2 - T1)) s"
