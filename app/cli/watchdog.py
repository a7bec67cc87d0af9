"""The watchdog of the unattended windows, and the lock a running window holds.

``antrean kiosk`` and ``antrean display`` are a small supervisor process plus the window in
a child process (``... --no-watchdog``, the bare window). The supervisor:

* restarts the child when it ends with a crash (a non-zero exit code or a signal), after a
  growing pause (``Policy.backoff_s``); the child has logged a Python traceback to the log
  file itself (``app.logging_setup``); a hard crash (a segfault in Qt or a driver) leaves
  ``faulthandler``'s dump in ``logs/faults.log`` (``enable_fault_log``), which the supervisor
  copies into the log with the exit code;
* gives up after ``Policy.max_crashes`` crashes within ``Policy.window_s`` seconds and says so
  on stderr and in the log (a window that cannot start is a job for the technician);
* never restarts after a clean exit (0: closed on purpose), a settings or usage error (2, 7:
  a restart would fail the same way) or an interrupt (130);
* on SIGINT/SIGTERM/SIGHUP (SIGBREAK on Windows) stops for good: it ends the child with
  SIGTERM (TerminateProcess on Windows; a window keeps nothing that a commit has not
  written), waits for it, and exits 0.

On Linux the child also gets SIGTERM when the supervisor dies (``PR_SET_PDEATHSIG``), so a
killed supervisor leaves no orphan window. A Windows PC runs the supervisor from the
windowed ``antreanw.exe`` (no console window); the child inherits the same executable.

``WindowLock``: every window process of this PC holds an OS lock on a file in
``<data dir>/run/`` naming its database; ``antrean restore`` refuses while one is held (the
window would keep the old database file open). The OS drops the lock when the process
ends, however it ends, so a stale file never blocks.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

log = logging.getLogger(__name__)

NO_RESTART_CODES = frozenset({0, 2, 7, 130})
RESTART_NOW = 75  # app.cli.command_server.EXIT_OUTDATED: start the new program at once


@dataclass(frozen=True, slots=True)
class Policy:
    max_crashes: int = 5  # crashes within window_s after which the supervisor gives up
    window_s: float = 600.0
    backoff_s: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
    stop_grace_s: float = 10.0  # how long a forwarded stop may take before a kill


def child_command(words: Sequence[str]) -> list[str]:
    """The command that runs ``antrean <words>`` the way this process was started."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: antrean(.exe) or antreanw.exe
        return [sys.executable, *words]
    return [sys.executable, "-m", "app.cli", *words]


def _describe(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _pdeathsig() -> None:  # pragma: no cover (runs in the forked child before exec)
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Supervisor:
    """Runs ``command`` until it ends cleanly, is stopped, or crashes too often."""

    def __init__(self, command: Sequence[str], role: str, policy: Policy | None = None) -> None:
        self.command = list(command)
        self.role = role
        self.policy = policy or Policy()
        self.stopping = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def _spawn(self) -> subprocess.Popen[bytes]:
        kwargs: dict[str, object] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW
        elif sys.platform.startswith("linux"):
            kwargs["preexec_fn"] = _pdeathsig
        env = dict(os.environ, ANTREAN_WATCHDOG_PID=str(os.getpid()))
        self.starts += 1
        child = subprocess.Popen(self.command, env=env, **kwargs)  # type: ignore[call-overload]
        log.info("watchdog: %s started as pid %d (start %d)", self.role, child.pid, self.starts)
        return child  # type: ignore[no-any-return]

    def forward(self, signum: int) -> None:
        """Stop for good (``signum`` received): end the child; the supervisor ends with it.

        SIGTERM, whatever came: a Qt event loop may not look at SIGINT for a while."""
        del signum  # no logging here: a signal handler must not take the logging lock
        self.stopping.set()
        child = self.child
        if child is not None and child.poll() is None:
            with contextlib.suppress(OSError):
                child.terminate()

    def _wait(self, child: subprocess.Popen[bytes]) -> int:
        while True:
            try:
                return child.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
            if self.stopping.is_set():
                try:
                    return child.wait(timeout=self.policy.stop_grace_s)
                except subprocess.TimeoutExpired:
                    log.warning("watchdog: %s did not stop; killing it", self.role)
                    child.kill()
                    return child.wait()

    def run(self) -> int:
        crashes: list[float] = []
        while True:
            self.child = self._spawn()
            code = self._wait(self.child)
            dump = fault_dump(self.child.pid) if code != 0 else ""
            why = _describe(code) + (f"; its fault dump:\n{dump}" if dump else "")
            if self.stopping.is_set():
                log.info("watchdog: %s stopped (%s)", self.role, _describe(code))
                return 0 if code < 0 else code
            if code in NO_RESTART_CODES:
                log.info("watchdog: %s ended (%s); not restarted", self.role, _describe(code))
                return code
            if code == RESTART_NOW:  # the command server after an upgrade: not a crash
                log.info("watchdog: %s ended to be restarted (the program changed)", self.role)
                continue
            now = time.monotonic()
            crashes = [t for t in crashes if now - t < self.policy.window_s] + [now]
            if len(crashes) >= self.policy.max_crashes:
                log.error(
                    "watchdog: %s crashed %d times within %.0f min (last: %s); giving up",
                    self.role,
                    len(crashes),
                    self.policy.window_s / 60,
                    why,
                )
                print(
                    f"antrean {self.role}: berhenti setelah {len(crashes)} kali gagal; "
                    f"lihat log / stopped after {len(crashes)} crashes; see the log",
                    file=sys.stderr,
                )
                return code if code > 0 else 1
            pause = self.policy.backoff_s[min(len(crashes), len(self.policy.backoff_s)) - 1]
            log.error(
                "watchdog: %s crashed (%s); restarting in %.0f s "
                "(crash %d of %d allowed within %.0f min)",
                self.role,
                why if dump else why + "; a traceback, if any, is above",
                pause,
                len(crashes),
                self.policy.max_crashes,
                self.policy.window_s / 60,
            )
            if self.stopping.wait(pause):
                return 0


# --- hard crashes: faulthandler's dump --------------------------------------------------------
_FAULT_FILES: list[IO[str]] = []  # kept open for the life of the process
_FAULT_MARK = "--- antrean pid "
_DUMP_MAX = 8000  # characters of a dump copied into the log


def fault_log_path() -> Path:
    from app.settings import log_dir

    return log_dir() / "faults.log"


def enable_fault_log() -> None:
    """In a window process: a hard crash writes the Python stacks to ``logs/faults.log``."""
    import faulthandler

    path = fault_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 1_000_000:
            path.replace(path.with_suffix(".log.1"))
        handle = path.open("a", encoding="utf-8")
        handle.write(f"{_FAULT_MARK}{os.getpid()} started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
    except OSError as exc:
        log.info("no fault log (%s)", exc)
        return
    faulthandler.enable(file=handle, all_threads=True)
    _FAULT_FILES.append(handle)


def fault_dump(pid: int) -> str:
    """What ``faulthandler`` wrote for process ``pid`` (empty: nothing, or no such log)."""
    try:
        text = fault_log_path().read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    start = text.rfind(f"{_FAULT_MARK}{pid} started")
    if start < 0:
        return ""
    body = text[start:].split("\n", 1)[1] if "\n" in text[start:] else ""
    end = body.find(_FAULT_MARK)
    return (body if end < 0 else body[:end]).strip()[:_DUMP_MAX]


def supervise(words: Sequence[str], role: str, policy: Policy | None = None) -> int:
    """Run ``antrean <words>`` under a ``Supervisor`` with signals forwarded; its exit code.

    Beside the window it runs this user's command server (``antrean serve-commands``, under
    its own ``Supervisor``: restarted after a crash, stopped with the window), so that the
    button boxes and scripts of this PC get their one-shot commands answered fast; not when
    ``ANTREAN_COMMAND_SERVER=off``."""
    supervisor = Supervisor(child_command(words), role, policy)
    helpers = (
        []
        if _commands_off()
        else [Supervisor(child_command(["serve-commands"]), "serve-commands", policy)]
    )

    def _handler(signum: int, _frame: FrameType | None) -> None:
        for each in (supervisor, *helpers):
            each.forward(signum)

    names = ["SIGINT", "SIGTERM", "SIGBREAK", "SIGHUP"]
    for name in names:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _handler)
    threads = [
        threading.Thread(target=h.run, name="watchdog-commands", daemon=True) for h in helpers
    ]
    for thread in threads:
        thread.start()
    try:
        return supervisor.run()
    finally:
        for helper, thread in zip(helpers, threads, strict=True):
            helper.forward(signal.SIGTERM)
            thread.join(helper.policy.stop_grace_s + 1)


def _commands_off() -> bool:
    from app.cli.entry import switched_off

    return switched_off()


# --- the lock a running window holds ---------------------------------------------------------
def run_dir() -> Path:
    from app.settings import data_dir

    return data_dir() / "run"


_LOCK_AT = 4096  # the locked byte lies past the text, which stays readable on Windows


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(_LOCK_AT)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class RunningWindow:
    role: str
    pid: int
    database: str


@contextlib.contextmanager
def window_lock(role: str, database: str) -> Iterator[Path | None]:
    """Hold ``<run dir>/<role>-<pid>.lock`` (naming ``database``) while the window runs."""
    folder = run_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{role}-{os.getpid()}.lock"
        handle = path.open("w+b")
    except OSError as exc:
        log.info("no window lock file (%s): restore cannot see this window", exc)
        yield None
        return
    try:
        info = {"role": role, "pid": os.getpid(), "database": database}
        handle.write(json.dumps(info).encode() + b"\n")
        handle.flush()
        if not _try_lock(handle):
            log.info("window lock %s not taken", path)
        yield path
    finally:
        handle.close()
        with contextlib.suppress(OSError):
            path.unlink()


def running_windows(database: str | None = None) -> list[RunningWindow]:
    """The windows of this PC that hold their lock now (on ``database``, when given)."""
    found: list[RunningWindow] = []
    for path in sorted(run_dir().glob("*.lock")):
        try:
            with path.open("r+b") as handle:
                if _try_lock(handle):  # nobody holds it: a window that ended without tidying
                    handle.close()
                    path.unlink()
                    continue
                handle.seek(0)
                info = json.loads(handle.readline())
        except (OSError, ValueError):
            continue
        if database is None or info.get("database") == database:
            found.append(RunningWindow(str(info["role"]), int(info["pid"]), info["database"]))
    return found
