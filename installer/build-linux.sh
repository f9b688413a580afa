#!/usr/bin/env bash
# Build the Linux bundle and its Debian package:
#   dist/scripe-desktop/                          PyInstaller one-folder bundle (cut, pruned)
#   dist/scripe-desktop_<version>_amd64.deb       /opt/scripe-desktop, /usr/bin/scripe-desktop
#
#   bash installer/build-linux.sh            # build, size report, frozen check, .deb
#   SKIP_FROZEN_CHECK=1 bash installer/build-linux.sh
#
# Runs in a clean venv (nothing the machine happens to have installed ends up in the bundle).
# Needs: python3-venv, binutils (ldd comes with libc), dpkg-dev is NOT needed (dpkg-deb is in
# dpkg), and the system libraries the bundled Qt loads (installer/linux/deps.py names any
# that are missing). Prints the time of each step and the bundle's size by part.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$SECONDS
step() { printf '\n== [%4ss] %s\n' "$((SECONDS - START))" "$*"; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' scripe_desktop/__init__.py)
[ -n "$VERSION" ] || { echo "no __version__ in scripe_desktop/__init__.py" >&2; exit 1; }
BUNDLE=dist/scripe-desktop
MAX_MB=${MAX_MB:-150}

step "clean build venv (scripe-desktop $VERSION)"
BUILD_VENV=$(mktemp -d /tmp/scripe-build.XXXXXX)
WORK=$(mktemp -d /tmp/scripe-frozen.XXXXXX)
SB=""
cleanup() { [ -z "$SB" ] || kill "$SB" 2>/dev/null || true; rm -rf "$BUILD_VENV" "$WORK"; }
trap cleanup EXIT
/usr/bin/python3 -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/pip" install -q --disable-pip-version-check --progress-bar off '.[sandbox,build]'

step "PyInstaller (installer/scripe-desktop.spec)"
rm -rf "$BUNDLE"
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build installer/scripe-desktop.spec

step "prune libraries only the left-out plugins needed"
python3 installer/linux/deps.py prune "$BUNDLE"

step "size"
python3 installer/bundle_size.py "$BUNDLE" --max-mb "$MAX_MB"

if [ -z "${SKIP_FROZEN_CHECK:-}" ]; then
  step "frozen check: bundled type database, upload through the bundled sandbox"
  APP=$BUNDLE/scripe-desktop
  "$APP" --version
  "$APP" sandbox --port 0 --data-dir "$WORK/sb" > "$WORK/sb.log" 2>&1 &
  SB=$!
  for _ in $(seq 100); do grep -q "API key" "$WORK/sb.log" 2>/dev/null && break; sleep 0.1; done
  BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sb.log" | head -1)
  KEY=$(grep -o 'scripe_sk_test_[A-Za-z0-9]*' "$WORK/sb.log" | head -1)
  [ -n "$BASE" ] && [ -n "$KEY" ] || { cat "$WORK/sb.log"; exit 1; }
  printf '%%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' \
    > "$WORK/a.pdf"
  printf 'plain words\nmore words\n' > "$WORK/b.txt"
  # Hide the host's database (an empty file bound over it in a private mount namespace) so
  # only the bundled copy can make this work; without root/unshare, run as is.
  HIDE=()
  if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
    HIDE=(unshare -m bash installer/linux/hide-magic.sh)
  fi
  env -u MAGIC SCRIPE_DESKTOP_HOME="$WORK/home" SCRIPE_API_KEY="$KEY" SCRIPE_API_BASE="$BASE" \
    "${HIDE[@]}" "$APP" upload "$WORK/a.pdf" "$WORK/b.txt" --attach knowledge --json \
    > "$WORK/out.json"
  grep -q '"contentType": "application/pdf"' "$WORK/out.json"
  grep -q '"contentType": "text/plain"' "$WORK/out.json"
  kill "$SB"; wait "$SB" 2>/dev/null || true; SB=""
  echo "frozen app OK"
fi

step "Debian package"
bash installer/linux/make-deb.sh "$BUNDLE" "$VERSION" "dist/scripe-desktop_${VERSION}_amd64.deb"

step "done in $((SECONDS - START)) s"
ls -l "dist/scripe-desktop_${VERSION}_amd64.deb"
