#!/usr/bin/env bash
# Install Scripe Desktop from this checkout into .venv and start it.
#   bash installer/dev-run.sh              # the window, against the local sandbox (no account)
#   bash installer/dev-run.sh --real       # the window, against api.scripe.io (asks for a key)
# Needs Debian/Ubuntu; uses sudo for apt-get when not root.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKGS=(python3-venv libmagic1 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
      libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
      libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0
      fonts-dejavu-core)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
[ -x .venv/bin/python ] || /usr/bin/python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[sandbox]'
if [ "${1:-}" = "--real" ]; then
  shift
  exec .venv/bin/scripe-desktop "$@"
fi
exec .venv/bin/scripe-desktop --sandbox "$@"
