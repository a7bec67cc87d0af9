#!/usr/bin/env bash
# Build the bundle (installer/build_bundle.sh: build + smoke) and pack it with the menu
# entries, systemd user units and install.sh into dist/antrean-VERSION-linux-ARCH.tar.gz.
#   bash installer/linux/build_tarball.sh            (SKIP_BUILD=1 reuses dist/antrean)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DIST="${DIST:-$ROOT/dist}"
[ "${SKIP_BUILD:-0}" = 1 ] || DIST="$DIST" bash installer/build_bundle.sh
VERSION="$("$DIST/antrean/antrean" --version | awk '{print $2}')"
NAME="antrean-$VERSION-linux-$(uname -m)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME"
cp -a "$DIST/antrean" "$STAGE/$NAME/antrean"
cp -a installer/linux/applications installer/linux/systemd installer/linux/install.sh "$STAGE/$NAME/"
tar -C "$STAGE" -czf "$DIST/$NAME.tar.gz" "$NAME"
echo "$DIST/$NAME.tar.gz ($(du -h "$DIST/$NAME.tar.gz" | cut -f1))"
