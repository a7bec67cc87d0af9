#!/usr/bin/env bash
# Install an Antrean bundle for the current user (no root): run from the unpacked tarball.
#
#   ./install.sh [--role kiosk|counter|display|none] [--counter N]
#
# Copies the bundle to ~/.local/opt/antrean, links antrean and antrean-hq into ~/.local/bin,
# adds the menu entries (Kiosk, Loket, Layar, Admin) and the systemd user units; --role
# enables the unit of that role so it starts with the graphical session every morning
# (kiosk and display run under their watchdog, which restarts them after a crash).
# --counter N (1-99): the counter this PC serves (menu entry and unit open it; default 1, or the
# number of the previous install). Run it again to upgrade.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROLE="none"
COUNTER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --role) ROLE="${2:-}"; shift 2 ;;
    --role=*) ROLE="${1#--role=}"; shift ;;
    --counter) COUNTER="${2:-}"; shift 2 ;;
    --counter=*) COUNTER="${1#--counter=}"; shift ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Galat: argumen tidak dikenal / unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$ROLE" in
  kiosk | counter | display | none) ;;
  *) echo "Galat: peran tidak dikenal / unknown role: $ROLE (kiosk, counter, display, none)" >&2
     exit 2 ;;
esac
UNITS="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
if [ -z "$COUNTER" ]; then  # an upgrade keeps the counter of the previous install
  COUNTER="$(sed -n 's/.*counter --counter \([0-9]*\).*/\1/p' "$UNITS/antrean-counter.service" 2>/dev/null | head -n 1 || true)"
  COUNTER="${COUNTER:-1}"
fi
# One range everywhere (the Windows installer's wizard asks the same): counters 1-99.
if ! [[ $COUNTER =~ ^[1-9][0-9]?$ ]]; then
  echo "Galat: nomor loket harus 1-99 / invalid counter number: $COUNTER (1-99)" >&2
  exit 2
fi
[ -x "$HERE/antrean/antrean" ] || {
  echo "Galat: folder antrean/ tidak ada di sebelah skrip ini / no antrean/ bundle next to this script" >&2
  exit 7
}

DEST="$HOME/.local/opt/antrean"
# The menu entries name the launcher by its absolute path (a desktop session's PATH often
# lacks ~/.local/bin); a desktop file cannot hold these characters in a quoted path.
case "$DEST" in
  *[\"\`\$\\]*) echo "Galat: folder rumah tidak dapat dipakai di menu / home path unusable in a menu entry: $DEST" >&2
    exit 2 ;;
esac
BIN="$HOME/.local/bin"
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
ICONS="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"

mkdir -p "$DEST" "$BIN" "$APPS" "$ICONS" "$UNITS"
rm -rf "$DEST.new"
cp -a "$HERE/antrean" "$DEST.new"
rm -rf "$DEST.old"
[ -e "$DEST" ] && mv "$DEST" "$DEST.old"
mv "$DEST.new" "$DEST"
rm -rf "$DEST.old"
ln -sf "$DEST/antrean" "$BIN/antrean"
ln -sf "$DEST/antrean-hq" "$BIN/antrean-hq"
for entry in "$HERE/applications/"*.desktop; do
  text="$(cat "$entry")"
  printf '%s\n' "${text//Exec=antrean /Exec=\"$DEST/antrean\" }" >"$APPS/$(basename "$entry")"
done
cp "$DEST/_internal/resources/images/emblem.svg" "$ICONS/antrean.svg"
cp "$HERE/systemd/"*.service "$UNITS/"
sed -i "s/--counter 1\b/--counter $COUNTER/; s/counter window 1\b/counter window $COUNTER/" \
  "$APPS/antrean-counter.desktop" "$UNITS/antrean-counter.service"
echo "Antrean dipasang di / installed in $DEST (loket / counter $COUNTER)"

if command -v systemctl >/dev/null 2>&1 && systemctl --user daemon-reload 2>/dev/null; then
  for role in kiosk counter display commands; do
    systemctl --user disable "antrean-$role.service" >/dev/null 2>&1 || true
  done
  if [ "$ROLE" != "none" ]; then
    systemctl --user enable "antrean-$ROLE.service"
    echo "Peran $ROLE mulai otomatis saat login / role $ROLE starts at login"
  fi
  # The kiosk's and the display's watchdog run the command server; a counter PC gets its own.
  if [ "$ROLE" = "counter" ]; then
    systemctl --user enable antrean-commands.service
  fi
elif [ "$ROLE" != "none" ]; then
  echo "Peringatan: systemd --user tidak tersedia; salin $APPS/antrean-$ROLE.desktop ke ~/.config/autostart /" \
    "warning: no systemd --user; copy it to ~/.config/autostart" >&2
fi
case ":$PATH:" in *":$BIN:"*) ;; *) echo "Tambahkan $BIN ke PATH / add $BIN to PATH" ;; esac
