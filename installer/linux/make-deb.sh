#!/usr/bin/env bash
# Turn the PyInstaller bundle into a Debian package with dpkg-deb (no debhelper needed).
#   bash installer/linux/make-deb.sh dist/scripe-desktop 0.1.0 dist/scripe-desktop_0.1.0_amd64.deb
# Layout: /opt/scripe-desktop/ (the bundle), /usr/bin/scripe-desktop (link), the .desktop
# file and hicolor icons (dpkg triggers of desktop-file-utils and the icon theme refresh the
# menus, so there are no maintainer scripts). Everything installed is a file dpkg owns, and the
# app writes nothing under /opt at run time, so removing the package leaves only user data.
set -euo pipefail
BUNDLE=$1 VERSION=$2 OUT=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STAGE=$(mktemp -d /tmp/scripe-deb.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
PKG=$STAGE/pkg
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/doc/scripe-desktop"
cp -a "$BUNDLE" "$PKG/opt/scripe-desktop"
ln -s /opt/scripe-desktop/scripe-desktop "$PKG/usr/bin/scripe-desktop"
install -m 644 "$ROOT/resources/scripe-desktop.desktop" "$PKG/usr/share/applications/"
install -D -m 644 "$ROOT/resources/icons/app.svg" \
  "$PKG/usr/share/icons/hicolor/scalable/apps/scripe-desktop.svg"
for png in "$ROOT"/installer/icons/png/scripe-desktop-*.png; do
  size=$(basename "$png" .png); size=${size##*-}
  install -D -m 644 "$png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/scripe-desktop.png"
done
install -m 644 "$ROOT/installer/linux/copyright" "$PKG/usr/share/doc/scripe-desktop/copyright"
find "$PKG" -type d -exec chmod 755 {} +
find "$PKG/opt" -type f ! -perm -u+x -exec chmod 644 {} +

DEPENDS=$(python3 "$ROOT/installer/linux/deps.py" depends "$PKG/opt/scripe-desktop")
echo "Depends: $DEPENDS"
SIZE_KB=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: scripe-desktop
Version: $VERSION
Architecture: amd64
Maintainer: Scripe <support@scripe.io>
Installed-Size: $SIZE_KB
Depends: $DEPENDS
Recommends: gnome-keyring
Section: net
Priority: optional
Homepage: https://scripe.io
Description: Upload files and folders to a Scripe workspace
 Drop recordings, videos, pictures, PDFs, Word documents and text files onto a
 window, or save them into a watched folder, and they arrive in your Scripe
 workspace as sources or knowledge. The API key is kept in the desktop keyring
 (a Secret Service such as GNOME Keyring). Includes the scripe-desktop command
 line and a local sandbox for trying it without an account.
CONTROL
(cd "$PKG" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z \
  | xargs -0 md5sum | sed 's| \./| |' > DEBIAN/md5sums)
mkdir -p "$(dirname "$OUT")"
T0=$SECONDS
dpkg-deb --root-owner-group -Zxz -z3 --build "$PKG" "$OUT" >/dev/null
echo "dpkg-deb: $((SECONDS - T0)) s; installed size $((SIZE_KB / 1024)) MiB;" \
  "package $(( $(stat -c %s "$OUT") / 1024 / 1024 )) MiB: $OUT"
dpkg-deb --info "$OUT" | sed -n '/Package:/,/Description:/p'
