#!/usr/bin/env bash
# Run a command with the host's libmagic database hidden: an empty file is bind-mounted over
# it. Only inside a private mount namespace (root): unshare -m bash hide-magic.sh CMD...
# Proves that a bundle sniffs file types with the database it ships, not the host's.
set -euo pipefail
EMPTY=$(mktemp /tmp/empty-magic.XXXXXX)
hidden=0
for db in /usr/share/misc/magic.mgc /usr/lib/file/magic.mgc /usr/share/file/magic.mgc; do
  if [ -e "$db" ]; then
    mount --bind "$EMPTY" "$db"
    [ ! -s "$db" ] || { echo "could not hide $db" >&2; exit 1; }
    hidden=$((hidden + 1))
  fi
done
echo "(host libmagic database hidden: $hidden path(s))" >&2
exec "$@"
