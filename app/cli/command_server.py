"""``antrean serve-commands``: this user's resident command server (see ``app/cli/entry.py``).

A long-running process that has the command line's libraries loaded and runs the one-shot
commands that ``antrean`` forwards to it, one at a time, with ``app.cli.main.main`` — the same
function a command runs in its own process — so the output, the JSON, the exit codes and the
sign-in and role checks are those of that run. For each request it sets the environment
variables the command reads (``ANTREAN_*``, the language, the time zone) and the working
folder to the client's, captures stdout and stderr (in order), gives the command an empty
stdin, and puts everything back afterwards.

It listens on ``multiprocessing.connection`` (an AF_UNIX socket ``<data dir>/run/
commands.sock``, ``0600``, on Linux; a named pipe on Windows), and both ends prove they hold
the key of ``<data dir>/run/commands.key`` (new at each start, ``0600``) before a request is
read. It runs with the rights of the user who started it, and only that user can connect.

When another server already answers for the same data folder (two windows on one PC), this one
waits and takes over when that one ends. When a client of other code asks and the files on disk
are no longer those it started with (an upgrade), it ends with ``EXIT_OUTDATED`` so that its
watchdog or systemd unit starts the new one. SIGTERM/SIGINT stop it after the request it is
running. The watchdog of the kiosk and the display starts one beside the window
(``app/cli/watchdog.py``); ``installer/linux/systemd/antrean-commands.service`` runs one on a
PC without those windows.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from app.cli import entry

if TYPE_CHECKING:
    from multiprocessing.connection import Connection, Listener

    from app.cli.output import Output
    from app.settings import Settings

log = logging.getLogger(__name__)
STANDBY_S = 10.0  # how often a second server looks whether the first one is still there
HANDSHAKE_S = 5.0
# Ended because the program changed on disk: the watchdog and systemd (Restart=on-failure)
# start the new one (EX_TEMPFAIL).
EXIT_OUTDATED = 75


def add_serve_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve-commands",
        parents=[common],
        help="keep the command line loaded so one-shot commands answer fast (see README)",
    )
    p.set_defaults(handler=None, standalone=True, run=run_serve_cmd)


def run_serve_cmd(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    del settings, args, out  # each request brings its own command line and environment
    server = CommandServer(entry.data_dir())
    stop = server.stop

    def _handler(signum: int, _frame: FrameType | None) -> None:
        del signum
        stop()

    for name in ("SIGINT", "SIGTERM", "SIGBREAK", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _handler)
    server.serve()
    return EXIT_OUTDATED if server.outdated else 0


class _Capture(io.TextIOBase):
    """A stdout or stderr that records what is written, in order with the other stream."""

    def __init__(self, name: str, chunks: list[tuple[str, str]], tty: bool, encoding: str):
        super().__init__()
        self._name = name
        self._chunks = chunks
        self._tty = tty
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._tty

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._chunks.append((self._name, text))
        return len(text)


def _empty_stdin(tty: bool) -> TextIO:
    stream = io.StringIO("")
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    return stream


def warm_up() -> None:
    """Load what the one-shot commands use, so that the first request does not pay for it."""
    import sqlalchemy.dialects.sqlite  # noqa: F401
    from sqlalchemy.orm import configure_mappers

    import app.bootstrap  # noqa: F401
    import app.cli.queue_cmds  # noqa: F401
    import app.storage.models  # noqa: F401
    from app.cli.main import build_parser

    configure_mappers()
    build_parser("id")
    with contextlib.suppress(ImportError):  # a hall on PostgreSQL
        import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401


class CommandServer:
    """Answers the requests of ``app.cli.entry.forward`` for the data folder ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(os.path.abspath(folder))
        self.address, self.family = entry.address(self.folder)
        self.stamp = entry.code_stamp()
        self.lock = threading.Lock()  # one command at a time
        self.stopping = threading.Event()
        self.listener: Listener | None = None
        self.key = b""
        self.served = 0
        self.outdated = False  # the files changed since it started (an upgrade)
        self.home = os.getcwd()
        self.base_env = {
            k: v for k, v in os.environ.items() if k not in entry.forwarded_env(os.environ)
        }

    # --- life -------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop after the running request (safe in a signal handler: no logging, no lock)."""
        self.stopping.set()
        listener = self.listener
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.close()

    def serve(self) -> None:
        """Listen until stopped; while another server answers, wait to take over."""
        warm_up()
        announced = False
        while not self.stopping.is_set():
            if self._other_answers():
                if not announced:
                    log.info("command server: another one answers at %s; waiting", self.address)
                    announced = True
                self.stopping.wait(STANDBY_S)
                continue
            try:
                self.listener = self._listen()
            except OSError as exc:
                log.warning("command server: cannot listen at %s (%s)", self.address, exc)
                self.stopping.wait(STANDBY_S)
                continue
            log.info("command server: listening at %s", self.address)
            try:
                self._accept_loop(self.listener)
            finally:
                with contextlib.suppress(OSError):
                    self.listener.close()
                self.listener = None
        with self.lock:  # the running request ends before the process does
            log.info("command server: stopped after %d request(s)", self.served)

    def _wake(self) -> None:
        """Let ``accept`` return (closing the socket from another thread does not)."""
        from multiprocessing.connection import Client

        with contextlib.suppress(OSError, ValueError):
            Client(self.address, family=self.family).close()

    def _other_answers(self) -> bool:
        from multiprocessing.connection import Client

        try:
            conn = Client(self.address, family=self.family)
        except (OSError, ValueError):
            return False
        conn.close()
        return True

    def _listen(self) -> Listener:
        from multiprocessing.connection import Listener

        run = self.folder / "run"
        run.mkdir(parents=True, exist_ok=True)
        if self.family == "AF_UNIX":
            folder = os.path.dirname(self.address)
            os.makedirs(folder, mode=0o700, exist_ok=True)
            info = os.stat(folder)
            private = info.st_uid == os.getuid() and not info.st_mode & 0o077
            if not private and folder != str(run):  # the short folder under /tmp
                raise OSError(f"{folder} is not this user's private folder")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.address)  # stale: nobody answered on it
        self.key = _write_key(entry.key_path(self.folder))
        if self.family == "AF_UNIX":
            old = os.umask(0o177)  # the socket file is 0600 from the start
            try:
                listener = Listener(self.address, family=self.family)
            finally:
                os.umask(old)
        else:
            listener = Listener(self.address, family=self.family)
        return listener

    def _accept_loop(self, listener: Listener) -> None:
        while not self.stopping.is_set():
            try:
                conn = listener.accept()  # no authkey here: the handshake runs in the thread
            except OSError:
                if self.stopping.is_set():
                    return
                raise
            if self.stopping.is_set():
                conn.close()
                return
            threading.Thread(
                target=self._handle, args=(conn,), name="antrean-command", daemon=True
            ).start()

    # --- one connection ---------------------------------------------------------------------
    def _handle(self, conn: Connection) -> None:
        from multiprocessing.connection import answer_challenge, deliver_challenge

        with conn:
            key = self.key
            try:
                deliver_challenge(conn, key)
                answer_challenge(conn, key)
                if not conn.poll(HANDSHAKE_S):
                    return
                request = conn.recv()
            except Exception as exc:  # another key, a client that went away
                log.info("command server: a connection failed its handshake (%s)", exc)
                return
            with contextlib.suppress(OSError, EOFError):
                self._answer(conn, request)

    def _answer(self, conn: Connection, request: Any) -> None:
        why = self._refusal(request)
        if why:
            conn.send({"status": "refused", "reason": why})
            return
        if not self.lock.acquire(timeout=entry.BUSY_S):
            conn.send({"status": "refused", "reason": "busy"})
            return
        try:
            if self.stopping.is_set():
                conn.send({"status": "refused", "reason": "stopping"})
                return
            try:
                os.chdir(request["cwd"])
            except OSError:
                conn.send({"status": "refused", "reason": "cwd"})
                return
            conn.send({"status": "started"})
            code, output = self.run(request)
            self.served += 1
        finally:
            with contextlib.suppress(OSError):
                os.chdir(self.home)
            self.lock.release()
        conn.send({"status": "done", "code": code, "output": output})

    def _refusal(self, request: Any) -> str:
        if not isinstance(request, dict) or request.get("protocol") != entry.PROTOCOL:
            return "protocol"
        if request.get("stamp") != self.stamp:
            if entry.code_stamp() != self.stamp:  # upgraded under it: end, to be restarted
                log.info("command server: the program changed on disk; stopping to restart")
                self.outdated = True
                self.stopping.set()
                self._wake()
            return "version"
        if request.get("data_dir") != str(self.folder):
            return "data_dir"
        argv = request.get("argv")
        if not isinstance(argv, list) or not all(isinstance(w, str) for w in argv):
            return "argv"
        if entry.command_of(argv) is None:
            return "not one-shot"
        return ""

    def run(self, request: dict[str, Any]) -> tuple[int, list[tuple[str, str]]]:
        """Run ``main(request["argv"])`` as the client would; its exit code and output."""
        from app.cli.main import main

        chunks: list[tuple[str, str]] = []
        tty = request.get("tty", {})
        with self._as_client(request["env"]):
            saved = sys.stdin, sys.stdout, sys.stderr
            sys.stdout = _Capture("stdout", chunks, bool(tty.get("stdout")), "utf-8")
            sys.stderr = _Capture("stderr", chunks, bool(tty.get("stderr")), "utf-8")
            sys.stdin = _empty_stdin(bool(tty.get("stdin")) and bool(request.get("stdin")))
            try:
                code = _exit_code(main, request["argv"])
            finally:
                sys.stdin, sys.stdout, sys.stderr = saved
        return code, chunks

    @contextlib.contextmanager
    def _as_client(self, env: dict[str, str]) -> Iterator[None]:
        saved_env = dict(os.environ)
        root = logging.getLogger()
        saved_level, saved_handlers = root.level, list(root.handlers)
        saved_hooks = sys.excepthook, threading.excepthook
        os.environ.clear()
        os.environ.update({**self.base_env, **entry.forwarded_env(env)})
        try:
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            for handler in list(root.handlers):  # the command's own log handlers
                if handler not in saved_handlers:
                    root.removeHandler(handler)
                    handler.close()
            for handler in saved_handlers:
                if handler not in root.handlers:
                    root.addHandler(handler)
            root.setLevel(saved_level)
            sys.excepthook, threading.excepthook = saved_hooks


def _exit_code(main: Any, argv: list[str]) -> int:
    try:
        return int(main(argv))
    except SystemExit as exc:  # --help would end here; so would a refused print
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        print(exc.code, file=sys.stderr)
        return 1


def _write_key(path: Path) -> bytes:
    """A new random key, readable by this user only, replacing the old one in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{time.monotonic_ns()}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    key = secrets.token_bytes(32)
    handle = os.open(temporary, flags, 0o600)
    try:
        os.write(handle, key)
    finally:
        os.close(handle)
    os.replace(temporary, path)
    return key
