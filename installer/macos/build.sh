#!/usr/bin/env bash
# Build Scripe Desktop for macOS: dist/Scripe Desktop.app and dist/scripe-desktop-<v>.dmg.
#   bash installer/macos/build.sh
# Needs Python 3.11+ and Homebrew's libmagic (brew install libmagic). NOT run on the project's
# Linux CI; .github/workflows/release.yml runs it on a macOS runner.
#
# Signing and notarisation run only when configured, else they are skipped with a message:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Scripe (TEAMID)" in the keychain
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile (xcrun notarytool store-credentials)
set -euo pipefail
cd "$(dirname "$0")/../.."
START=$SECONDS
step() { printf '\n== [%4ss] %s\n' "$((SECONDS - START))" "$*"; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' scripe_desktop/__init__.py)
APP="dist/Scripe Desktop.app"
DMG="dist/scripe-desktop-$VERSION.dmg"
PY=${PYTHON:-python3}

step "libmagic"
if [ -z "${SCRIPE_MAGIC_DB:-}" ]; then
  brew list libmagic >/dev/null 2>&1 || brew install libmagic
  export SCRIPE_MAGIC_DB="$(brew --prefix)/share/misc/magic.mgc"
  export DYLD_FALLBACK_LIBRARY_PATH="$(brew --prefix)/lib"  # python-magic finds libmagic here
fi

step "clean build venv"
rm -rf build/venv-mac
"$PY" -m venv build/venv-mac
build/venv-mac/bin/pip install -q --disable-pip-version-check '.[sandbox,build]'

step "PyInstaller (installer/scripe-desktop.spec: BUNDLE)"
rm -rf "$APP" dist/scripe-desktop
build/venv-mac/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build installer/scripe-desktop.spec
build/venv-mac/bin/python installer/bundle_size.py "$APP"
/usr/libexec/PlistBuddy -c 'Print :CFBundleIdentifier' -c 'Print :CFBundleShortVersionString' \
  -c 'Print :NSHighResolutionCapable' "$APP/Contents/Info.plist"

step "code signing"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  # Hardened runtime (required for notarisation); Python needs writable-executable memory for
  # ctypes/cffi callbacks.
  codesign --force --deep --timestamp --options runtime \
    --entitlements installer/macos/entitlements.plist --sign "$MACOS_SIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  echo "(no MACOS_SIGN_IDENTITY: signing skipped; PyInstaller's ad-hoc signature stays," \
       "Gatekeeper will ask users to confirm the first start)"
fi

step "disk image"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Scripe Desktop" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi

step "notarisation"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
else
  echo "(no MACOS_SIGN_IDENTITY/MACOS_NOTARY_PROFILE: notarisation skipped)"
fi
step "done: $DMG"
ls -l "$DMG"
