"""The watchdog (app/cli/watchdog.py): a killed display comes back within seconds showing what
happened while it was down; a clean exit is final; a crash loop ends; the window lock is seen
by ``antrean restore``. Real processes on a real SQLite file, offscreen."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.watchdog import Policy, Supervisor, fault_dump

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _signs_in() -> bool:
    """Whether this CLI asks who acts (``init --admin``, ``--user``): then the test signs in."""
    from app.cli.main import build_parser

    try:
        build_parser().parse_args(["init", "--admin", "boss"])
    except (SystemExit, Exception):
        return False
    return True


SIGNS_IN = _signs_in()
BOSS = ["--user", "boss"] if SIGNS_IN else []


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ANTREAN_PASSWORD": "rahasia-123",
        "ANTREAN_DATA_DIR": str(tmp_path / "data"),
        "ANTREAN_CONFIG": str(tmp_path / "none.toml"),
        "ANTREAN_DB_URL": f"sqlite:///{(tmp_path / 'hall.db').as_posix()}",
        "QT_QPA_PLATFORM": "offscreen",
    }


def _antrean(env: dict[str, str], *words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *words],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        input="",
    )


def _status(tmp_path: Path) -> dict[str, Any] | None:
    try:
        return json.loads((tmp_path / "data" / "run" / "display-status.json").read_text())  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return None


def _wait_for(tmp_path: Path, ok: Any, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = _status(tmp_path)
        if status is not None and ok(status):
            return status
        time.sleep(0.05)
    raise AssertionError(f"display status not reached in {timeout} s: {_status(tmp_path)}")


@pytest.fixture
def watched_display(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    env = _env(tmp_path)
    assert _antrean(env, "init", *(["--admin", "boss"] if SIGNS_IN else [])).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "display", "--silent"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc, env
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stdout and proc.stderr:
            proc.stdout.close()
            proc.stderr.close()


def test_a_killed_display_comes_back_showing_the_call_made_while_it_was_down(
    watched_display: tuple[subprocess.Popen[str], dict[str, str]], tmp_path: Path
) -> None:
    supervisor, env = watched_display
    first = _wait_for(tmp_path, lambda s: s["pid"] != supervisor.pid, 20)
    _wait_for_command_server(tmp_path / "data", 20)  # the watchdog runs one beside the window
    os.kill(first["pid"], signal.SIGKILL)
    killed_at = time.monotonic()
    assert _antrean(env, "ticket", "issue", "--service", "B").returncode == 0
    called = _antrean(env, "--json", "call", "next", "--counter", "2", *BOSS)
    assert called.returncode == 0, called.stdout + called.stderr
    ticket = json.loads(called.stdout)["result"]["display"]
    again = _wait_for(tmp_path, lambda s: s["pid"] != first["pid"] and s["current"] == ticket, 12)
    assert again["counter"] == 2 and again["seq"] > first["seq"]
    assert time.monotonic() - killed_at < 12
    assert supervisor.poll() is None  # the supervisor itself lives on
    supervisor.send_signal(signal.SIGTERM)  # the session ends: stop for good, no restart
    assert supervisor.wait(15) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(again["pid"], 0)
    log = (tmp_path / "data" / "logs").glob("*.log")
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in log)
    assert "display crashed (signal SIGKILL" in text
    served = re.search(r"command server: stopped after (\d+) request", text)
    assert served and int(served.group(1)) >= 2  # the ticket and the call above


def _wait_for_command_server(data: Path, timeout: float) -> None:
    from app.cli import entry

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        key = entry.read_key(data)
        if key is not None:
            try:
                entry.connect(data, key).close()
                return
            except (OSError, EOFError):
                pass
        time.sleep(0.05)
    raise AssertionError(f"no command server answered within {timeout} s")


def test_restore_refuses_while_a_window_runs(
    watched_display: tuple[subprocess.Popen[str], dict[str, str]], tmp_path: Path
) -> None:
    supervisor, env = watched_display
    _wait_for(tmp_path, lambda s: s["pid"] != supervisor.pid, 20)
    made = _antrean(env, "--json", "backup")
    assert made.returncode == 0, made.stdout + made.stderr
    backup = json.loads(made.stdout)["result"]["backup"]
    refused = _antrean(env, *BOSS, "--json", "restore", backup)
    assert refused.returncode == 5, refused.stdout + refused.stderr
    error = json.loads(refused.stdout)["error"]
    assert error["code"] == "windows_running" and error["details"]["windows"][0]["role"] == (
        "display"
    )
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(15) == 0
    done = _antrean(env, *BOSS, "--json", "restore", backup, "--yes")
    assert done.returncode == 0, done.stdout + done.stderr


FAST = Policy(max_crashes=3, window_s=60, backoff_s=(0.05,), stop_grace_s=2)


@pytest.mark.expect_log(r"watchdog: flaky (crashed|crashed \d times)", level="ERROR")
def test_a_crash_loop_ends_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    crash = Supervisor([sys.executable, "-c", "raise SystemExit(3)"], "flaky", FAST)
    assert crash.run() == 3
    assert crash.starts == 3
    assert "3 crashes" in capsys.readouterr().err


def test_a_clean_exit_or_a_settings_error_is_not_restarted() -> None:
    for code in (0, 7):
        once = Supervisor([sys.executable, "-c", f"raise SystemExit({code})"], "calm", FAST)
        assert once.run() == code
        assert once.starts == 1


SEGFAULT = (
    "from app.cli.watchdog import enable_fault_log; enable_fault_log(); "
    "import ctypes; ctypes.string_at(0)"
)


def test_a_hard_crash_leaves_its_stack_in_the_log(log_guard: Any) -> None:
    log_guard.allow(r"(?s)watchdog: segv crashed 1 times .*SIGSEGV.*Fatal Python error", "ERROR")
    once = Supervisor([sys.executable, "-c", SEGFAULT], "segv", Policy(max_crashes=1))
    assert once.run() == 1
    assert "ctypes" in fault_dump(once.child.pid if once.child else 0)


def test_a_command_server_that_ends_after_an_upgrade_starts_again_at_once(tmp_path: Path) -> None:
    from app.cli.command_server import EXIT_OUTDATED
    from app.cli.watchdog import RESTART_NOW

    assert EXIT_OUTDATED == RESTART_NOW
    marker = tmp_path / "upgraded"
    script = (
        "import pathlib, sys; p = pathlib.Path(sys.argv[1]); "
        f"sys.exit(0 if p.exists() else (p.touch() or {RESTART_NOW}))"
    )
    once = Supervisor([sys.executable, "-c", script, str(marker)], "serve-commands", FAST)
    assert once.run() == 0  # no crash logged (the log guard would fail on an ERROR)
    assert once.starts == 2
