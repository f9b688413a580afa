#!/usr/bin/env bash
# Smoke test of the INSTALLED app (the .deb), not the source tree. Run as root; CI runs it from
# .ci/run after building the package:
#   bash installer/linux/smoke-installed.sh dist/scripe-desktop_0.1.0_amd64.deb
#
# 1. apt-get install ./the.deb          files in /opt, /usr/bin, menu entry, icon
# 2. with the host's libmagic database hidden (private mount namespace, hide-magic.sh):
#    --version; the installed CLI uploads a PDF, an MP3, a DOCX and a text file to the
#    installed sandbox, each recognised as its type (CLI JSON and the sandbox's own records,
#    and the sandbox's job, which sniffs the stored bytes, ends DONE); the window opens
#    offscreen with --sandbox, connects, and quits cleanly on SIGTERM, leaving no process.
# 3. apt-get remove                     nothing left under /opt, /usr/bin, menus, icons
# Each step prints its time.
set -euo pipefail
DEB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
START=${SMOKE_START:-$SECONDS}  # the part inside the namespace goes on counting
LAST=$SECONDS
step() { printf '\n-- [%4ss, previous step %ss] %s\n' "$((SECONDS - START))" "$((SECONDS - LAST))" "$*"; LAST=$SECONDS; }
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
VERSION=$(dpkg-deb -f "$DEB" Version)

if [ "${1:-}" != "--inside" ] && [ "${2:-}" != "--inside" ]; then
  step "apt-get install $DEB"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "$DEB" >/dev/null
  dpkg-query -W -f='${Package} ${Version} ${Status}\n' scripe-desktop
  for f in /opt/scripe-desktop/scripe-desktop /usr/bin/scripe-desktop \
           /usr/share/applications/scripe-desktop.desktop \
           /usr/share/icons/hicolor/scalable/apps/scripe-desktop.svg \
           /usr/share/icons/hicolor/256x256/apps/scripe-desktop.png; do
    [ -e "$f" ] || fail "$f is not installed"
  done
  [ "$(command -v scripe-desktop)" = /usr/bin/scripe-desktop ] || fail "scripe-desktop is not on PATH"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/scripe-desktop.desktop
  fi

  step "installed app with the host's libmagic database hidden"
  SMOKE_START=$((START - SECONDS)) unshare -m bash "$HERE/hide-magic.sh" bash "$0" "$DEB" --inside
  LAST=$SECONDS

  step "apt-get remove scripe-desktop"
  apt-get remove -y -q -o Dpkg::Use-Pty=0 scripe-desktop >/dev/null
  left=$(ls -d /opt/scripe-desktop /usr/bin/scripe-desktop \
    /usr/share/applications/scripe-desktop.desktop \
    /usr/share/icons/hicolor/*/apps/scripe-desktop.* /usr/share/doc/scripe-desktop 2>/dev/null || true)
  [ -z "$left" ] || fail "left behind after apt-get remove: $left"
  status=$(dpkg-query -W -f='${Status}' scripe-desktop 2>/dev/null || echo "not-installed")
  case "$status" in *installed*config-files*|*" installed") fail "dpkg status after remove: $status";; esac
  echo "removed: nothing left under /opt, /usr/bin, menus or icons (dpkg: $status)"
  step "installed-package smoke test passed"
  exit 0
fi

# ---- inside the private mount namespace (host database hidden) ---------------------------
WORK=$(mktemp -d /tmp/scripe-smoke.XXXXXX)
SB=""
cleanup() { [ -z "$SB" ] || kill "$SB" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export SCRIPE_DESKTOP_HOME="$WORK/home" QT_QPA_PLATFORM=offscreen
unset MAGIC SCRIPE_API_KEY SCRIPE_API_BASE

step "scripe-desktop --version"
got=$(scripe-desktop --version)
echo "$got"
[ "$got" = "scripe-desktop $VERSION" ] || fail "--version said '$got', the package is $VERSION"

step "installed CLI uploads a PDF, an MP3, a DOCX and a text file to the installed sandbox"
python3 - "$WORK/files" <<'EOF'
import io, sys, zipfile
from pathlib import Path
out = Path(sys.argv[1]); out.mkdir()
(out / "paper.pdf").write_bytes(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n")
(out / "song.mp3").write_bytes(b"ID3\x03" + b"\x00" * 6 + (b"\xff\xfb\x90\x64" + b"\x00" * 413) * 20)
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        '.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
    z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
        'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hi</w:t></w:r>'
        '</w:p></w:body></w:document>')
(out / "letter.docx").write_bytes(buf.getvalue())
(out / "note.txt").write_text("".join(f"Line {i} of a plain note\n" for i in range(5)))
EOF
scripe-desktop sandbox --port 0 --data-dir "$WORK/sb" --job-duration 0.5 > "$WORK/sb.log" 2>&1 &
SB=$!
for _ in $(seq 200); do grep -q "API key" "$WORK/sb.log" 2>/dev/null && break; sleep 0.1; done
BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sb.log" | head -1)
KEY=$(grep -o 'scripe_sk_test_[A-Za-z0-9]*' "$WORK/sb.log" | head -1)
[ -n "$BASE" ] && [ -n "$KEY" ] || { cat "$WORK/sb.log"; fail "the installed sandbox did not start"; }
SCRIPE_API_KEY="$KEY" SCRIPE_API_BASE="$BASE" scripe-desktop upload "$WORK/files" \
  --attach knowledge --wait --json > "$WORK/out.json" || { cat "$WORK/out.json"; fail "upload"; }
curl -fsS "$BASE/_sandbox/records" > "$WORK/records.json"
python3 - "$WORK/out.json" "$WORK/records.json" <<'EOF'
import json, sys
expected = {
    "paper.pdf": "application/pdf",
    "song.mp3": "audio/mpeg",
    "letter.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "note.txt": "text/plain",
}
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
files = {r["path"].rsplit("/", 1)[-1]: r for r in rows if "path" in r}
for name, ctype in expected.items():
    r = files.get(name)
    assert r, f"{name}: not in the CLI's output"
    print(f"  {name:12} {r['status']:9} {r['contentType']:72} job {r['jobStatus']}")
    assert r["status"] == "attached" and r["contentType"] == ctype, f"{name}: {r}"
    assert r["jobStatus"] == "DONE", f"{name}: the sandbox's job did not end DONE: {r}"
rec = json.load(open(sys.argv[2]))
by_id = {u["id"]: u for u in rec["uploads"]}
types = sorted(by_id[files[n]["uploadId"]]["contentType"] for n in expected)
assert types == sorted(expected.values()), f"sandbox uploads: {types}"
assert all(by_id[files[n]["uploadId"]]["received"] for n in expected), "bytes not received"
knowledge = [k for k in rec["knowledge"] if k["uploadId"] in {f["uploadId"] for f in files.values()}]
assert len(knowledge) == 4, f"sandbox knowledge entries: {len(knowledge)}"
print("  sandbox records: 4 uploads received with those types, 4 knowledge entries, each once")
EOF

step "installed CLI keeps the key in a real Secret Service (gnome-keyring) and uploads with it"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  mkdir -m 700 "$WORK/kr-home" "$WORK/kr-run"
  printf 'keyring check\n' > "$WORK/keyring.txt"
  # The frozen app must find keyring's SecretService back end (a hidden import in the spec):
  # login stores the key, upload reads it back (no SCRIPE_API_KEY), logout removes it.
  KEY="$KEY" BASE="$BASE" FILE="$WORK/keyring.txt" HOME="$WORK/kr-home" \
    XDG_RUNTIME_DIR="$WORK/kr-run" dbus-run-session -- bash -c '
    set -euo pipefail
    echo -n smoke-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    pid=""
    for _ in $(seq 100); do
      if reply=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus / \
          org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
          2>/dev/null); then pid=$(awk "{print \$2}" <<<"$reply"); break; fi
      sleep 0.1
    done
    [ -n "$pid" ] || { echo "gnome-keyring never took org.freedesktop.secrets"; exit 1; }
    trap "kill $pid 2>/dev/null || true" EXIT  # the daemon started here, by its id
    echo "$KEY" | SCRIPE_API_BASE="$BASE" scripe-desktop login
    SCRIPE_API_BASE="$BASE" scripe-desktop upload "$FILE" --attach knowledge --json > "$FILE.json"
    grep "\"status\": \"attached\"" "$FILE.json" | cut -c1-90
    scripe-desktop logout
    if SCRIPE_API_BASE="$BASE" scripe-desktop upload "$FILE" --attach knowledge; then
      echo "upload worked after logout"; exit 1
    fi
  ' > "$WORK/keyring.log" 2>&1 || { cat "$WORK/keyring.log"; fail "the installed app could not use the keyring"; }
  grep -v "Failed to set fd limit" "$WORK/keyring.log" | sed 's/^/  /'
  echo "  login stored the key in gnome-keyring, upload used it, logout removed it"
else
  echo "  (no dbus-run-session/gnome-keyring-daemon here: skipped)"
fi
kill "$SB"; wait "$SB" 2>/dev/null || true; SB=""

step "window opens offscreen (--sandbox), connects, quits cleanly on SIGTERM"
setsid env SCRIPE_DESKTOP_REPORT_STARTUP=1 scripe-desktop --sandbox > "$WORK/gui.log" 2>&1 &
GUI=$!
LOG="$SCRIPE_DESKTOP_HOME/sandbox/scripe-desktop.log"
in_group() { pgrep -g "$GUI" -f "$1" >/dev/null; }
SANDBOX_CHILD='scripe-desktop (-m scripe_desktop[.]ui[.]sandbox_process|sandbox) '
for _ in $(seq 300); do  # the window, its engine process and its sandbox process
  grep -q "window shown" "$WORK/gui.log" 2>/dev/null && in_group "$SANDBOX_CHILD" \
    && in_group "multiprocessing-fork" && break
  kill -0 "$GUI" 2>/dev/null || { cat "$WORK/gui.log"; fail "the window process exited early"; }
  sleep 0.1
done
grep "window shown" "$WORK/gui.log" || { cat "$WORK/gui.log"; fail "the window never showed"; }
in_group "multiprocessing-fork" || fail "the engine process never started"
in_group "$SANDBOX_CHILD" || fail "the sandbox process never started"
echo "  processes: $(pgrep -g "$GUI" -a | cut -c1-70 | sed 's|/opt/scripe-desktop/||' | tr '\n' ';')"
# The app checks the sandbox key through its engine: wait for that request in the records of
# the sandbox the app started (its port found from the process's listening socket).
SBPID=$(pgrep -g "$GUI" -f "$SANDBOX_CHILD" | head -1)
PORT=$(python3 - "$SBPID" <<'EOF'
import os, sys
pid = sys.argv[1]
links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
inodes = {link[8:-1] for link in links if link.startswith("socket:[")}
for line in open("/proc/net/tcp").read().splitlines()[1:]:
    f = line.split()
    if f[3] == "0A" and f[9] in inodes:  # LISTEN
        print(int(f[1].split(":")[1], 16))
        break
EOF
)
[ -n "$PORT" ] || fail "the app's sandbox listens on no port"
records() { curl -fsS "http://127.0.0.1:$PORT/_sandbox/records" 2>/dev/null || true; }
for _ in $(seq 200); do records | grep -q '/v1/workspaces/me' && break; sleep 0.1; done
records | grep -q '/v1/workspaces/me' \
  || fail "the app never reached its sandbox (no /v1/workspaces/me request)"
echo "  the app reached its sandbox on port $PORT"
kill -TERM "$GUI"
rc=0; timeout 30 tail --pid="$GUI" -f /dev/null || fail "the window did not quit within 30 s of SIGTERM"
wait "$GUI" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/gui.log"; fail "the window exited with $rc"; }
for _ in $(seq 50); do [ -z "$(pgrep -g "$GUI" || true)" ] && break; sleep 0.1; done
[ -z "$(pgrep -g "$GUI" || true)" ] || fail "processes left after quitting: $(pgrep -g "$GUI" -a)"
if grep -E "Traceback|CRITICAL|ERROR" "$WORK/gui.log" "$LOG" 2>/dev/null; then
  fail "errors in the app's output or log"
fi
echo "  quit with exit code 0; engine and sandbox processes gone"
