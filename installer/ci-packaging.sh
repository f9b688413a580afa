#!/usr/bin/env bash
# The packaging part of CI (.ci/run calls it after the test suite; root, Debian 12):
#   1. build the Linux bundle and .deb          installer/build-linux.sh
#   2. test the INSTALLED package               installer/linux/smoke-installed.sh
#   3. compile the Inno Setup script under Wine installer/windows/compile-under-wine.sh
# Prints the time of each step and a summary table.
#   bash installer/ci-packaging.sh              # all three
#   SKIP_WINE=1 bash installer/ci-packaging.sh  # without the Windows installer check
set -euo pipefail
cd "$(dirname "$0")/.."
declare -a TIMES=()
timed() {
  local name=$1 t0=$SECONDS
  shift
  printf '\n---------- packaging: %s ----------\n' "$name"
  "$@"
  TIMES+=("$(printf '%5ss  %s' "$((SECONDS - t0))" "$name")")
}

export DEBIAN_FRONTEND=noninteractive
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' scripe_desktop/__init__.py)
DEB="dist/scripe-desktop_${VERSION}_amd64.deb"

timed "build bundle + .deb (build-linux.sh)" bash installer/build-linux.sh
timed "installed package: install, smoke test, remove" bash installer/linux/smoke-installed.sh "$DEB"
if [ -z "${SKIP_WINE:-}" ]; then
  timed "Inno Setup script under Wine (install + compile)" bash installer/windows/compile-under-wine.sh
fi

printf '\n---------- packaging times ----------\n'
printf '%s\n' "${TIMES[@]}"
python3 installer/bundle_size.py dist/scripe-desktop | tail -1
echo "package: $DEB ($(( $(stat -c %s "$DEB") / 1024 / 1024 )) MiB)"
