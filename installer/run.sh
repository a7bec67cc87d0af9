#!/usr/bin/env bash
# Antrean on Debian/Ubuntu: one entry point that sets everything up, then does one thing.
#
#   bash installer/run.sh setup         system packages, .venv, the app and its test tools
#                                       (the versions of uv.lock, hashes checked)
#   bash installer/run.sh demo [ARGS]   setup, then `antrean demo` (kiosk, counter, display)
#   bash installer/run.sh test [ARGS]   setup, a throwaway PostgreSQL, then the whole test suite
#                                       against SQLite and PostgreSQL (ARGS go to pytest)
#   bash installer/run.sh bench [FILE]  setup, a throwaway PostgreSQL, then bench/*.py (or FILE)
#
# Every step is skipped when already done, so a second run takes seconds.
# Environment: PYTHON=python3.12 picks the interpreter for a new .venv;
# ANTREAN_TEST_PG_URL set by you means "use this server" instead of a throwaway one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
STAMP="$VENV/.antrean-install-stamp"
LOG_DIR="${TMPDIR:-/tmp}/antrean-setup"
START_SECONDS=$SECONDS

APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential
  libusb-1.0-0 postgresql espeak-ng sox alsa-utils
  libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3
  xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
  fonts-dejavu-core chromium chromium-driver faketime
  desktop-file-utils
)

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Run a noisy command with its output in a log file; show the log's end only if it fails.
quietly() {
  local name=$1; shift
  mkdir -p "$LOG_DIR"
  local log="$LOG_DIR/$name.log"
  if ! "$@" >"$log" 2>&1; then
    printf '\nERROR: %s failed; last lines of %s:\n' "$*" "$log" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "root rights are needed to install system packages (no sudo found): $*"
  fi
}

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

install_system_packages() {
  step "System packages"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script is for Debian/Ubuntu"
  local missing=() available=() pkg policy
  for pkg in "${APT_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    note "all ${#APT_PACKAGES[@]} present"
    return
  fi
  note "installing: ${missing[*]}"
  quietly apt-update as_root apt-get -o DPkg::Lock::Timeout=300 update
  for pkg in "${missing[@]}"; do
    policy="$(apt-cache policy "$pkg" 2>/dev/null)"
    if [[ $policy == *"Candidate: "* && $policy != *"Candidate: (none)"* ]]; then
      available+=("$pkg")
    else
      note "warning: package '$pkg' is not offered by this distribution; skipped"
    fi
  done
  if [ "${#available[@]}" -eq 0 ]; then
    return
  fi
  quietly apt-install as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${available[@]}"
}

python_ok() {  # $1: interpreter; true when it is Python 3.11 or newer
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

pick_python() {
  local candidate
  for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  local found
  found="$(python3 --version 2>&1 || echo 'no python3')"
  die "Antrean needs Python 3.11 or newer, but found: $found.
       Install a newer Python (e.g. apt-get install python3.11 python3.11-venv on Ubuntu 22.04)
       and run again with PYTHON=python3.11."
}

make_venv() {
  step "Python environment (.venv)"
  if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python"; then
    note "present: $("$VENV/bin/python" --version)"
    return
  fi
  if [ -e "$VENV" ]; then
    note ".venv is broken or older than Python 3.11; recreating it"
    rm -rf "$VENV"
  fi
  local python
  python="$(pick_python)"
  note "creating with $python ($("$python" --version))"
  quietly venv "$python" -m venv "$VENV"
}

UV_VERSION="0.13.9"  # the uv that wrote uv.lock; it only reads the lock here

install_app() {
  step "Antrean and its test tools from uv.lock (extras test, hq; hashes checked)"
  local wanted lock_txt="$VENV/antrean-lock.txt"
  wanted="$(cat pyproject.toml uv.lock | sha256sum | cut -d' ' -f1) $("$VENV/bin/python" --version)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ] && [ -x "$VENV/bin/antrean" ]; then
    note "up to date (pyproject.toml and uv.lock unchanged since the last install)"
    return
  fi
  rm -f "$STAMP"
  if [ "$("$VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    quietly uv "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input \
      "uv==$UV_VERSION"
  fi
  # Exactly the locked versions, every file checked against its hash; then the app itself.
  quietly uv-export "$VENV/bin/uv" export --frozen --no-dev --extra test --extra hq \
    --no-emit-project --format requirements-txt --no-header -o "$lock_txt"
  quietly uv-install "$VENV/bin/uv" pip install --python "$VENV/bin/python" \
    --require-hashes -r "$lock_txt"
  quietly app "$VENV/bin/uv" pip install --python "$VENV/bin/python" --no-deps -e .
  echo "$wanted" >"$STAMP"
  note "installed $(grep -c '==' "$lock_txt") locked packages"
}

setup() {
  install_system_packages
  make_venv
  install_app
}

# --- throwaway PostgreSQL for test and bench ------------------------------------------------
PG_DIR=""

stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/pgserver.json" ]; then
    "$VENV/bin/python" -m tests.support.pgserver stop --dir "$PG_DIR" ||
      echo "warning: could not stop the test PostgreSQL in $PG_DIR" >&2
  fi
  if [ -n "$PG_DIR" ]; then
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

start_postgres() {
  if [ -n "${ANTREAN_TEST_PG_URL:-}" ]; then
    step "PostgreSQL: using ANTREAN_TEST_PG_URL from the environment"
    return
  fi
  step "PostgreSQL: starting a throwaway server"
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/antrean-pgstate.XXXXXX")"
  trap stop_postgres EXIT
  trap 'exit 130' INT TERM
  local exports
  exports="$("$VENV/bin/python" -m tests.support.pgserver start --dir "$PG_DIR")"
  eval "$exports"
  note "listening on 127.0.0.1:$ANTREAN_TEST_PG_PORT"
}

# --- commands --------------------------------------------------------------------------------
cmd_test() {
  setup
  start_postgres
  export ANTREAN_REQUIRE_PG=1
  export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
  if [ "$#" -eq 0 ]; then
    step "Lint and types (ruff, mypy)"
    "$VENV/bin/ruff" check . || return 1
    "$VENV/bin/mypy" app hardware ui hq || return 1
    if [ "${ANTREAN_SKIP_BUNDLE:-0}" != 1 ]; then
      # ~70 s on 2 cores: the PyInstaller bundle builds and starts (installer/build_bundle.sh).
      step "PyInstaller bundle: build and smoke-run (skip: ANTREAN_SKIP_BUNDLE=1)"
      bash "$ROOT/installer/build_bundle.sh" || return 1
    fi
  fi
  step "Test suite against SQLite and PostgreSQL (set-up took $((SECONDS - START_SECONDS)) s)"
  # Nothing is printed after pytest's summary on success: it stays the closing line.
  local rc=0
  # Three workers on two cores: most tests wait on processes, servers and the database.
  "$VENV/bin/python" -m pytest -q -n "${ANTREAN_TEST_WORKERS:-3}" "$@" || rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "ERROR: pytest collected no tests; that counts as a failure" >&2
    rc=1
  fi
  return "$rc"
}

cmd_demo() {
  setup
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
    note "warning: no display found; on a server try: xvfb-run -a bash installer/run.sh demo"
  fi
  step "antrean demo"
  exec "$VENV/bin/antrean" demo "$@"
}

cmd_bench() {
  setup
  local files=("$@")
  if [ "${#files[@]}" -eq 0 ]; then
    shopt -s nullglob
    files=(bench/*.py)
    shopt -u nullglob
  fi
  if [ "${#files[@]}" -eq 0 ]; then
    note "no benchmarks in bench/"
    return
  fi
  start_postgres
  export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
  local file
  for file in "${files[@]}"; do
    step "Benchmark $file"
    "$VENV/bin/python" "$file"
  done
}

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
}

main() {
  local command="${1:-}"
  [ $# -gt 0 ] && shift
  case "$command" in
    setup) setup; step "Setup done in $((SECONDS - START_SECONDS)) s" ;;
    demo) cmd_demo "$@" ;;
    test) cmd_test "$@" ;;
    bench) cmd_bench "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
