#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle (installer/pyinstaller/antrean.spec) and smoke-run it:
#   antrean --version, antrean init + doctor --no-printer on a fresh SQLite, a PDF report
#   (matplotlib), antrean-hq --help, the HQ dashboard served by antrean-hq serve, and
#   the demo started offscreen for a few seconds (it must still be running, with no ERROR,
#   CRITICAL or traceback in its log), and the display under its watchdog: its window is
#   killed and must come back showing the queue; SIGTERM then ends both (exit 0).
#
#   bash installer/build_bundle.sh            build into dist/antrean, then smoke-run
#   DIST=/tmp/d bash installer/build_bundle.sh
#   BUILD=0 bash installer/build_bundle.sh    smoke-run the bundle already in $DIST
#
# Needs the .venv of `bash installer/run.sh setup`; installs PyInstaller into it if missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
DIST="${DIST:-$ROOT/dist}"
WORK="${WORK:-$ROOT/build/pyinstaller}"
DEMO_SECONDS="${DEMO_SECONDS:-6}"
START=$SECONDS

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

[ -x "$VENV/bin/python" ] || die "no .venv: run 'bash installer/run.sh setup' first"
if ! "$VENV/bin/python" -c 'import PyInstaller' >/dev/null 2>&1; then
  step "Installing PyInstaller into .venv"
  "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q 'pyinstaller>=6.10,<7'
fi

if [ "${BUILD:-1}" != 0 ]; then
  step "PyInstaller build (log: $WORK.log)"
  mkdir -p "$(dirname "$WORK")"
  if ! "$VENV/bin/pyinstaller" --noconfirm --clean --distpath "$DIST" --workpath "$WORK" \
    installer/pyinstaller/antrean.spec >"$WORK.log" 2>&1; then
    tail -n 40 "$WORK.log" >&2
    die "PyInstaller failed"
  fi
fi
BUNDLE="$DIST/antrean"
printf '    %s: %s\n' "$BUNDLE" "$(du -sh "$BUNDLE" | cut -f1)"

# A fresh home: no settings, data or caches of this machine leak into the smoke run.
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/antrean-smoke.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
export HOME="$SCRATCH/home" XDG_DATA_HOME="$SCRATCH/data" XDG_CACHE_HOME="$SCRATCH/cache"
export XDG_CONFIG_HOME="$SCRATCH/config" XDG_STATE_HOME="$SCRATCH/state"
unset ANTREAN_DB_URL ANTREAN_CONFIG || true
mkdir -p "$HOME"
DB="sqlite:///$SCRATCH/antrean.db"

step "Smoke: antrean --version"
"$BUNDLE/antrean" --version || die "antrean --version failed"
"$BUNDLE/antreanw" --version >/dev/null || die "antreanw --version failed"
step "Smoke: antrean-hq --help"
"$BUNDLE/antrean-hq" --help >/dev/null || die "antrean-hq --help failed"
step "Smoke: antrean init, then doctor --no-printer (fresh SQLite)"
"$BUNDLE/antrean" --db "$DB" init >/dev/null || die "antrean init failed"
"$BUNDLE/antrean" --db "$DB" doctor --no-printer || die "antrean doctor failed"

step "Smoke: a PDF report (matplotlib and its fonts in the bundle)"
export ANTREAN_PASSWORD="smoke-rahasia-1"
"$BUNDLE/antrean" --db "$DB" init --admin smoke >/dev/null || die "antrean init --admin failed"
"$BUNDLE/antrean" --db "$DB" ticket issue --service A >/dev/null || die "ticket issue failed"
since="$(date -d "-1 day" +%Y-%m-%d)" until="$(date -d "+1 day" +%Y-%m-%d)"  # any time zone
"$BUNDLE/antrean" --db "$DB" --user smoke report summary --from "$since" --to "$until" \
  --format pdf --out "$SCRATCH/report.pdf" || die "the PDF report failed"
head -c 5 "$SCRATCH/report.pdf" | grep -q '%PDF-' || die "report.pdf is not a PDF"
if grep -E ' (WARNING|ERROR|CRITICAL) |Traceback' "$XDG_DATA_HOME/antrean/logs/antrean.log" 2>/dev/null >&2; then
  die "the report logged warnings or errors (above)"
fi
unset ANTREAN_PASSWORD

step "Smoke: antrean-hq serves its dashboard and static files"
"$BUNDLE/antrean-hq" --db "sqlite:///$SCRATCH/hq.db" init >/dev/null || die "antrean-hq init failed"
HQ_PORT="${HQ_PORT:-18765}"
"$BUNDLE/antrean-hq" --db "sqlite:///$SCRATCH/hq.db" serve --host 127.0.0.1 --port "$HQ_PORT" \
  >"$SCRATCH/hq.log" 2>&1 &
hq_pid=$!
hq_ok=0
for _ in $(seq 1 30); do
  if "$VENV/bin/python" - "$HQ_PORT" <<'PY' 2>/dev/null; then
import sys, urllib.request
for path in ("/", "/static/app.js", "/static/style.css"):
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}{path}", timeout=2) as r:
        assert r.status == 200 and r.read()
PY
    hq_ok=1
    break
  fi
  sleep 0.5
done
kill "$hq_pid" 2>/dev/null || true
wait "$hq_pid" 2>/dev/null || true
if [ "$hq_ok" -ne 1 ]; then
  cat "$SCRATCH/hq.log" >&2
  die "antrean-hq did not serve / and /static/ within 15 s"
fi
echo "    /, /static/app.js and /static/style.css answer 200"

step "Smoke: antrean demo offscreen for ${DEMO_SECONDS} s"
rc=0
QT_QPA_PLATFORM=offscreen timeout -k 5 -s TERM "$DEMO_SECONDS" \
  "$BUNDLE/antrean" --db "$DB" demo >"$SCRATCH/demo.out" 2>"$SCRATCH/demo.err" || rc=$?
# 124: still running when the timeout stopped it, which is what a healthy demo does.
if [ "$rc" -ne 124 ]; then
  cat "$SCRATCH/demo.out" "$SCRATCH/demo.err" >&2
  die "the demo ended by itself (exit $rc) before ${DEMO_SECONDS} s"
fi
bad="$(cat "$SCRATCH/demo.err"; find "$SCRATCH" -name '*.log' -exec cat {} + 2>/dev/null)"
if grep -E ' (ERROR|CRITICAL) |Traceback' <<<"$bad" >&2; then
  die "the demo logged errors (above)"
fi
echo "    demo ran ${DEMO_SECONDS} s without errors"

step "Smoke: antrean display under its watchdog; a killed window comes back"
QT_QPA_PLATFORM=offscreen "$BUNDLE/antrean" --db "$DB" display --silent \
  >"$SCRATCH/display.out" 2>&1 &
wd_pid=$!
if ! "$VENV/bin/python" - "$XDG_DATA_HOME/antrean/run/display-status.json" "$wd_pid" <<'PY'; then
import json, os, signal, sys, time

path, supervisor = sys.argv[1], int(sys.argv[2])


def window(not_pid, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with open(path) as f:
                pid = json.load(f)["pid"]
            if pid not in (supervisor, not_pid):
                return pid
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.1)
    sys.exit(f"no display window within {timeout} s")


first = window(None, 30)
os.kill(first, signal.SIGKILL)
start = time.monotonic()
second = window(first, 20)
print(f"    window {first} killed; {second} showed the queue {time.monotonic() - start:.1f} s later")
PY
  kill "$wd_pid" 2>/dev/null || true
  cat "$SCRATCH/display.out" >&2
  die "the watchdog did not bring the display back"
fi
kill -TERM "$wd_pid"
wd_rc=0
wait "$wd_pid" || wd_rc=$?
[ "$wd_rc" -eq 0 ] || die "the watchdog ended with exit $wd_rc after SIGTERM (expected 0)"
echo "    SIGTERM stopped the watchdog and its window (exit 0)"

step "Bundle built and smoke-tested in $((SECONDS - START)) s"
