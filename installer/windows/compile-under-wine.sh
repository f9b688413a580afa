#!/usr/bin/env bash
# Compile installer/windows/scripe-desktop.iss with Inno Setup 6 under Wine, against a
# stand-in payload (PyInstaller cannot build the Windows bundle on Linux), so that a broken
# script fails on Linux CI, not on release day. Root, Debian 12:
#   bash installer/windows/compile-under-wine.sh
# Installs Debian's wine with wine32:i386 (ISCC.exe is a 32-bit program; this adds the i386
# architecture to dpkg) and the npm package innosetup, which ships the Inno Setup binaries.
# Also proves the check can fail: a copy of the script with a missing source file must be
# refused. Prints the time of the Wine install and of each compile.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
INNO_VERSION=6.4.1
CACHE=${SCRIPE_CI_CACHE:-/var/cache/scripe-ci}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' scripe_desktop/__init__.py)
T0=$SECONDS

if ! command -v wine >/dev/null || ! dpkg -s wine32:i386 >/dev/null 2>&1; then
  dpkg --add-architecture i386
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Use-Pty=0 wine wine64 wine32:i386 >/dev/null
fi
command -v npm >/dev/null || apt-get install -y -q --no-install-recommends npm >/dev/null
ISCC="$CACHE/innosetup/node_modules/innosetup/bin/ISCC.exe"
if [ ! -f "$ISCC" ]; then
  mkdir -p "$CACHE/innosetup"
  npm install --prefix "$CACHE/innosetup" --no-audit --no-fund --loglevel error \
    "innosetup@$INNO_VERSION" >/dev/null
fi
echo "wine $(wine --version 2>/dev/null), Inno Setup from npm innosetup@$INNO_VERSION:" \
  "installed in $((SECONDS - T0)) s"

WORK=$(mktemp -d /tmp/scripe-inno.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Stand-in payload: the shape of the PyInstaller folder (two executables and _internal).
mkdir -p "$WORK/payload/_internal"
printf 'MZ stand-in\n' > "$WORK/payload/scripe-desktop.exe"
printf 'MZ stand-in\n' > "$WORK/payload/scripe-desktop-cli.exe"
printf 'stand-in\n' > "$WORK/payload/_internal/base_library.zip"
win() { winepath -w "$1" 2>/dev/null; }

T1=$SECONDS
wineboot --init >/dev/null 2>&1 || true
echo "wine prefix created in $((SECONDS - T1)) s"

compile() {  # compile SCRIPT OUTDIR -> rc
  timeout 600 wine "$ISCC" /Q "/DAppVersion=$VERSION" "/DSourceDir=$(win "$WORK/payload")" \
    "/DOutputDir=$(win "$2")" "$(win "$1")"
}

T2=$SECONDS
mkdir -p "$WORK/out"
if ! compile "$ROOT/installer/windows/scripe-desktop.iss" "$WORK/out" > "$WORK/iscc.log" 2>&1; then
  cat "$WORK/iscc.log"
  echo "Inno Setup refused installer/windows/scripe-desktop.iss (see above)" >&2
  exit 1
fi
SETUP="$WORK/out/scripe-desktop-$VERSION-setup.exe"
[ -f "$SETUP" ] && [ "$(head -c 2 "$SETUP")" = "MZ" ] || { cat "$WORK/iscc.log"; exit 1; }
echo "compiled $(basename "$SETUP") ($(stat -c %s "$SETUP") bytes) in $((SECONDS - T2)) s"

# The check must be able to fail: the same script with a source file that does not exist.
cp "$ROOT/installer/windows/scripe-desktop.iss" "$ROOT/installer/windows/.broken-check.iss"
trap 'rm -rf "$WORK" "$ROOT/installer/windows/.broken-check.iss"' EXIT
printf '\n[Files]\nSource: "{#SourceDir}\\does-not-exist.dll"; DestDir: "{app}"\n' \
  >> "$ROOT/installer/windows/.broken-check.iss"
mkdir -p "$WORK/out-broken"
if compile "$ROOT/installer/windows/.broken-check.iss" "$WORK/out-broken" > "$WORK/broken.log" 2>&1
then
  cat "$WORK/broken.log"
  echo "a script with a missing file compiled: this check cannot catch errors" >&2
  exit 1
fi
echo "a broken copy is refused, as it must be: $(grep -m1 -i 'error' "$WORK/broken.log" | tr -d '\r')"
echo "Inno Setup check: $((SECONDS - T0)) s in all"
