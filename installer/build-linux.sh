#!/usr/bin/env bash
# Build the Linux one-folder bundle in dist/scripe-desktop and check it works frozen:
# it must sniff file types with its own libmagic database (the host's hidden with an empty
# MAGIC file first, to prove the bundled one is used) and upload through the sandbox.
#   bash installer/build-linux.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_VENV=$(mktemp -d /tmp/scripe-build.XXXXXX)
trap 'rm -rf "$BUILD_VENV"' EXIT
/usr/bin/python3 -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/pip" install -q --disable-pip-version-check '.[sandbox,build]'
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build \
  installer/scripe-desktop.spec
APP=dist/scripe-desktop/scripe-desktop
du -sh dist/scripe-desktop

echo "== frozen check: file types with the bundled database, upload through the sandbox"
WORK=$(mktemp -d /tmp/scripe-frozen.XXXXXX)
"$APP" sandbox --port 0 --data-dir "$WORK/sb" > "$WORK/sb.log" 2>&1 &
SB=$!
trap 'kill $SB 2>/dev/null; rm -rf "$BUILD_VENV" "$WORK"' EXIT
for _ in $(seq 50); do grep -q "API key" "$WORK/sb.log" 2>/dev/null && break; sleep 0.1; done
BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sb.log" | head -1)
KEY=$(grep -o 'scripe_sk_test_[A-Za-z0-9]*' "$WORK/sb.log" | head -1)
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' > "$WORK/a.pdf"
printf 'plain words\nmore words\n' > "$WORK/b.txt"
# Hide the host's database (bind /dev/null over it in a private mount namespace) so only the
# bundled copy can make this work; without root/unshare, fall back to running as is.
HIDE=()
HOST_DB=/usr/lib/file/magic.mgc
if [ "$(id -u)" -eq 0 ] && [ -e "$HOST_DB" ] && unshare -m true 2>/dev/null; then
  HIDE=(unshare -m sh -c "mount --bind /dev/null $HOST_DB && exec \"\$@\"" hide)
  echo "(host database $HOST_DB hidden)"
fi
env -u MAGIC SCRIPE_DESKTOP_HOME="$WORK/home" SCRIPE_API_KEY="$KEY" SCRIPE_API_BASE="$BASE" \
  "${HIDE[@]}" "$APP" upload "$WORK/a.pdf" "$WORK/b.txt" --attach knowledge --json \
  | tee "$WORK/out.json"
grep -q '"contentType": "application/pdf"' "$WORK/out.json"
grep -q '"contentType": "text/plain"' "$WORK/out.json"
echo "frozen app OK"
