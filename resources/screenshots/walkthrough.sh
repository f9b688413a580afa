#!/usr/bin/env bash
# Walk through the app as a person does and save the screenshots in this folder, on a real X
# server with a window manager, a tray host and a keyring (../shared/tools/desktop-session):
#
#   ../shared/tools/desktop-session --display :93 -- bash resources/screenshots/walkthrough.sh
#
# Env: OUT (default: this folder), APP_ARGS (e.g. nothing), QT_SCALE_FACTOR as you like.
# The app runs against a separate local sandbox (not --sandbox) so that the first start has no
# key, exactly like a new user's.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-$PWD/resources/screenshots}"
mkdir -p "$OUT"
export SCRIPE_DESKTOP_HOME="$HOME/scripe-home"
# Keys are made up at run time, so no key-shaped string is committed.
rand() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
KEY="scripe_sk_test_$(rand)"
WRONG_KEY="scripe_sk_live_$(rand)"   # well-formed, unknown to the sandbox
.venv/bin/scripe-desktop sandbox --port 0 --key "$KEY" --job-duration 2 >"$HOME/sandbox.log" 2>&1 &
SB=$!
trap 'kill ${APP:-} $SB 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "listening on" "$HOME/sandbox.log" && break; sleep 0.2; done
BASE=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$HOME/sandbox.log")
export SCRIPE_API_BASE="$BASE"
mkdir -p "$HOME/.config/Scripe"
printf '[uploads]\nrate_limit_kbps=1024\nconcurrency=3\n' >"$HOME/.config/Scripe/Scripe Desktop.conf"

files="$HOME/Project files"
python3 - "$files" <<'PY'
import sys
from pathlib import Path
root = Path(sys.argv[1])
for sub in ("Interviews", "Notes"):
    (root / sub).mkdir(parents=True, exist_ok=True)
names = ["Interview with Dr. Alvarez", "Board meeting notes", "Quarterly plan",
         "Customer call 14 May", "Product FAQ", "Research summary", "Team retro"]
for i, name in enumerate(names):
    line = f"{name}: a line of text that someone typed up after the meeting.\n"
    (root / "Interviews" / f"{name}.txt").write_text(line * (9000 + 4000 * i))
(root / "Interviews" / "notes.txt").write_text("notes\n" * 30000)
(root / "Notes" / "notes.txt").write_text("other notes\n" * 20000)
png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0@\0\0\0@\x08\x02\0\0\0"
(root / "Whiteboard photo.png").write_bytes(png + bytes(30 * 1024 * 1024))
(root / "setup.exe").write_bytes(b"MZ\x90\0" + bytes(4000))
(root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1" + bytes(64))
(root / "Notes" / "desktop.ini").write_bytes(b"[.ShellClassInfo]\r\n")
PY

window() { xdotool search --onlyvisible --name '^Scripe Desktop' | head -1; }
snap() {  # snap NAME [window id]: the window itself, at its real size
  local id="${2:-$(window)}"
  import -window "$id" "$OUT/$1.png" && echo "saved $OUT/$1.png"
}
key() { xdotool key --clearmodifiers "$@"; sleep 0.6; }
type_text() { xdotool type --delay 15 "$1"; }

.venv/bin/scripe-desktop ${APP_ARGS:-} &
APP=$!
sleep 6
key Escape                                 # "not now" in the first-start dialog
sleep 1; snap not-connected
key ctrl+comma; sleep 1; [ -n "${DEBUG:-}" ] && shot dbg-settings
key alt+k                                  # Settings → Add key…
sleep 1.5; [ -n "${DEBUG:-}" ] && shot dbg-onboarding
xdotool search --onlyvisible --name '^Connect Scripe Desktop' | head -1 | xargs -r xdotool windowactivate --sync
sleep 0.5
type_text "$WRONG_KEY"; key Return
sleep 2; snap onboarding-error "$(xdotool getactivewindow)"
key ctrl+a; type_text "$KEY"; key Return
sleep 3; snap empty-window
curl -s -X POST -d '{"count": 1}' "$BASE/_sandbox/faults/fail_jobs" >/dev/null
.venv/bin/scripe-desktop ${APP_ARGS:-} "$files" 2>/dev/null   # hands the folder to the window
sleep 2; xdotool windowactivate --sync "$(window)"; sleep 0.5
key alt+k; key alt+t                       # a first drop asks where: Knowledge, then Start
sleep 5; snap busy-queue
for _ in $(seq 90); do
  curl -s "$BASE/_sandbox/records" | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if sum(1 for j in r["jobs"] if j["status"] in ("DONE","FAILED"))>=9 else 1)' && break
  sleep 1
done
sleep 4; snap finished-batch
key ctrl+shift+f                           # Show failed only
eval "$(xdotool getwindowgeometry --shell "$(window)")"
xdotool mousemove --window "$(window)" 200 "${ROW_Y:-252}" click 1
sleep 1; snap failed-details
key ctrl+shift+f
key ctrl+comma; sleep 1; snap settings "$(xdotool getactivewindow)"
key Escape
eval "$(xdotool getdisplaygeometry --shell)"
xdotool mousemove $((WIDTH - 12)) 12 click 3; sleep 1.2   # the tray icon's menu
import -window root "$OUT/tray-menu.png" && echo "saved $OUT/tray-menu.png"
key Escape
kill $APP 2>/dev/null || true; sleep 1; kill $SB 2>/dev/null || true
