"""The resident command server (``antrean serve-commands``, app/cli/command_server.py) and the
thin client at the top of ``antrean`` (app/cli/entry.py): a served command prints exactly what
the in-process run prints and ends with the same exit code; without a usable server the
command runs in its own process. One real server process on real SQLite files."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli import entry
from app.cli.main import main as in_process

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rahasia-123"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX socket, POSIX signals")


class Hall:
    """Two halls set up alike (one answered by the server, one in this process) and the
    server of their data folder."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.data = base / "data"
        self.env = {
            "ANTREAN_DATA_DIR": str(self.data),
            "ANTREAN_CONFIG": str(base / "none.toml"),
            "ANTREAN_PASSWORD": PASSWORD,
        }
        self.server: subprocess.Popen[bytes] | None = None

    def url(self, which: str) -> str:
        return f"sqlite:///{(self.base / f'{which}.db').as_posix()}"

    def start(self) -> None:
        env = {**os.environ, **self.env, "ANTREAN_DB_URL": self.url("served")}
        self.server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve-commands"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        where, _family = entry.address(self.data)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            key = entry.read_key(self.data)
            if key is not None and os.path.exists(where):
                with contextlib.suppress(OSError, EOFError):
                    entry.connect(self.data, key).close()
                    return
            assert self.server.poll() is None, "the command server ended at start"
            time.sleep(0.05)
        raise AssertionError("the command server did not start")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
        if self.server is not None:
            _out, err = self.server.communicate(timeout=20)
            assert self.server.returncode == 0, err


def _socket_path(data: Path) -> str:
    """Where a server of ``data`` listens, its folder made (a short one under /tmp when the
    data folder's path is too long for a socket)."""
    where = entry.address(data)[0]
    os.makedirs(os.path.dirname(where), mode=0o700, exist_ok=True)
    return where


@contextlib.contextmanager
def _env(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _run(
    hall: Hall, which: str, words: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int | None, str, str]:
    """``antrean <words>`` on hall ``which``: through the server ("served") or here."""
    capsys.readouterr()
    with _env({**hall.env, "ANTREAN_DB_URL": hall.url(which)}):
        code = entry.forward(words) if which == "served" else in_process(words)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    hall = Hall(tmp_path_factory.mktemp("served-hall"))
    for which in ("served", "local"):
        with _env({**hall.env, "ANTREAN_DB_URL": hall.url(which)}):
            assert in_process(["init", "--admin", "boss"]) == 0
            saved = sys.stdin
            sys.stdin = io.StringIO(f"{PASSWORD}\n")
            try:
                add = ["--user", "boss", "user", "add", "siti", "--password-stdin"]
                assert in_process(add) == 0
            finally:
                sys.stdin = saved
    hall.start()
    yield hall
    hall.stop()


_TIME = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+\+00:00|\b\d\d:\d\d:\d\d\b")

COMMANDS = [
    ["status"],
    ["--json", "status"],
    ["ticket", "issue", "--service", "A"],
    ["--lang", "en", "ticket", "issue", "--service", "B", "--priority"],
    ["--json", "ticket", "issue", "--service", "A"],
    ["ticket", "issue", "--service", "Z"],  # no such service: exit 4, a sentence on stderr
    ["--json", "--lang", "en", "ticket", "issue", "--service", "Z"],
    ["ticket", "issue"],  # a usage error: exit 2
    ["status", "--json"],
    ["ticket", "list"],
    ["--user", "siti", "call", "next", "--counter", "1"],
    ["--user", "siti", "--json", "ticket", "cancel", "A-002"],  # a clerk may not: exit 12
    ["--user", "siti", "--lang", "en", "ticket", "cancel", "A-002"],
    ["--user", "nobody", "call", "next", "--counter", "2"],  # exit 9
    ["call", "next", "--counter", "2"],  # nobody signed in: exit 9
    ["events", "--limit", "3"],
]


def test_a_served_command_prints_and_exits_exactly_as_the_in_process_run(
    hall: Hall, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = []
    for words in COMMANDS:
        served = _run(hall, "served", words, capsys)
        local = _run(hall, "local", words, capsys)
        assert served[0] is not None, f"not served: {words}"
        # The moments of issue (JSON) and of the events are the only difference.
        served = (served[0], _TIME.sub("T", served[1]), served[2])
        local = (local[0], _TIME.sub("T", local[1]), local[2])
        assert served == local, words
        codes.append(served[0])
    assert set(codes) >= {0, 2, 4, 9, 12}, codes


def test_commands_that_prompt_wait_or_open_windows_are_never_sent(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    for words in (
        ["--help"],
        ["status", "--help"],
        ["--version"],
        ["events", "--follow"],
        ["events", "--fol"],
        ["ticket", "issue", "--service", "A", "--print"],
        ["ticket", "reprint", "A-001"],
        ["kiosk"],
        ["counter", "--counter", "1"],
        ["serve-commands"],
        ["user", "add", "x", "--password-stdin"],
        ["init"],
        ["--", "status"],
    ):
        assert entry.command_of(words) is None, words
    assert entry.command_of(["--db", "sqlite:///x.db", "--json", "status"]) == ("status", None)
    assert entry.command_of(["call", "next", "--counter", "1"]) == ("call", "next")
    with _env(hall.env):
        monkeypatch.delenv("ANTREAN_PASSWORD")
        assert entry.forward(["--user", "siti", "status"]) is None  # the prompt needs a tty
        assert entry.forward(["--us", "siti", "status"]) is None


def test_no_server_a_stale_socket_a_wrong_key_or_other_code_run_in_process(
    tmp_path: Path, hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = tmp_path / "data"
    with _env({**hall.env, "ANTREAN_DATA_DIR": str(alone)}):
        assert entry.forward(["status"]) is None  # no server, no key
        (alone / "run").mkdir(parents=True)
        key = alone / "run" / entry.KEY_FILE
        key.write_bytes(b"k" * 32)
        key.chmod(0o600)
        where = _socket_path(alone)
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(where)  # a socket file nobody listens on: what a killed server leaves
        stale.close()
        started = time.monotonic()
        assert entry.forward(["status"]) is None
        key.chmod(0o644)  # a key others can read is not used at all
        assert entry.read_key(alone) is None
        assert time.monotonic() - started < 2
    with _env(hall.env):
        path = entry.key_path(hall.data)
        right = path.read_bytes()
        try:
            path.write_bytes(b"w" * 32)  # another key: the handshake fails on both sides
            started = time.monotonic()
            assert entry.forward(["status"]) is None
            assert time.monotonic() - started < 2
        finally:
            path.write_bytes(right)
        monkeypatch.setattr(entry, "code_stamp", lambda: "other code")
        assert entry.forward(["status"]) is None  # a server of another version
        monkeypatch.undo()
        with _env({entry.SWITCH_ENV: "off"}):
            assert entry.forward(["status"]) is None
        with _env({"ANTREAN_DB_URL": hall.url("served")}):
            assert entry.forward(["status"]) == 0  # and the right server still answers


def test_the_command_line_falls_back_to_its_own_process(hall: Hall, tmp_path: Path) -> None:
    """A stale socket: ``antrean status`` still answers, in its own process, without waiting."""
    data = tmp_path / "data"
    (data / "run").mkdir(parents=True)
    key = data / "run" / entry.KEY_FILE
    key.write_bytes(b"k" * 32)
    key.chmod(0o600)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(_socket_path(data))
    stale.close()
    env = {**os.environ, **hall.env, "ANTREAN_DATA_DIR": str(data)}
    env["ANTREAN_DB_URL"] = hall.url("local")
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--json", "status"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('{"ok": true')


@pytest.mark.parametrize("kind", ["read", "change"])
def test_a_server_that_stops_mid_command(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read runs again here; a change is not repeated (its outcome is unknown): exit 1."""
    from multiprocessing.connection import Listener, answer_challenge, deliver_challenge

    data = tmp_path / "data"
    (data / "run").mkdir(parents=True)
    key = b"s" * 32
    path = entry.key_path(data)
    path.write_bytes(key)
    path.chmod(0o600)
    listener = Listener(_socket_path(data), family="AF_UNIX")

    def dying_server() -> None:
        with listener.accept() as conn:
            deliver_challenge(conn, key)
            answer_challenge(conn, key)
            conn.recv()
            conn.send({"status": "started"})  # then it dies

    thread = threading.Thread(target=dying_server)
    thread.start()
    monkeypatch.setenv("ANTREAN_DATA_DIR", str(data))
    words: list[Any] = (
        ["status"] if kind == "read" else ["--lang", "en", "ticket", "issue", "--service", "A"]
    )
    try:
        code = entry.forward(words)
    finally:
        thread.join(timeout=10)
        listener.close()
    if kind == "read":
        assert code is None
    else:
        assert code == 1
        assert "antrean status" in capsys.readouterr().err


def test_the_thin_client_agrees_with_the_settings_and_the_sign_in() -> None:
    from app.cli.signin import PASSWORD_ENV
    from app.settings import data_dir

    assert entry.PASSWORD_ENV == PASSWORD_ENV
    assert entry.data_dir() == data_dir()
    with _env({"ANTREAN_DATA_DIR": "/srv/antrean-data"}):
        assert entry.data_dir() == data_dir() == Path("/srv/antrean-data")


def test_a_server_whose_program_changed_on_disk_ends_to_be_restarted(tmp_path: Path) -> None:
    """After an upgrade the first client of the new code makes the old server end with
    EXIT_OUTDATED (its watchdog or systemd unit starts the new one); that client runs its
    command in its own process."""
    from app.cli.command_server import CommandServer

    data = tmp_path / ("a-long-folder-name-" * 6) / "data"  # too long a path for a socket
    assert len(entry.address(data)[0].encode()) <= 100  # so it listens in a short one
    server = CommandServer(data)
    server.stamp = "the code before the upgrade"
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while entry.read_key(data) is None or not os.path.exists(entry.address(data)[0]):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        with _env({"ANTREAN_DATA_DIR": str(data)}):
            assert entry.forward(["status"]) is None
        thread.join(timeout=10)
        assert not thread.is_alive() and server.outdated
    finally:
        server.stopping.set()
        server._wake()
        thread.join(timeout=10)
    assert not os.path.exists(entry.address(data)[0])  # its socket file went with it


def test_button_presses_at_the_same_moment_are_answered_one_after_the_other(
    hall: Hall, capsys: pytest.CaptureFixture[str]
) -> None:
    codes: list[int | None] = []
    words = ["--json", "ticket", "issue", "--service", "C"]
    with _env({**hall.env, "ANTREAN_DB_URL": hall.url("served")}):
        capsys.readouterr()
        threads = [
            threading.Thread(target=lambda: codes.append(entry.forward(words))) for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert codes == [0, 0, 0, 0]
    lines = capsys.readouterr().out.splitlines()
    numbers = {json.loads(line)["result"]["ticket"]["display"] for line in lines}
    assert len(lines) == 4 and len(numbers) == 4, lines


def test_the_antrean_process_prints_the_same_bytes_either_way(hall: Hall) -> None:
    """The real entry point, as a button box runs it: served, and in its own process."""
    outputs = []
    for switch in ("on", "off"):
        env = {**os.environ, **hall.env, "ANTREAN_DB_URL": hall.url("local")}
        env[entry.SWITCH_ENV] = switch
        for words in (["--json", "status"], ["--lang", "en", "ticket", "issue", "--service", "Z"]):
            done = subprocess.run(
                [sys.executable, "-m", "app.cli", *words],
                cwd=ROOT,
                env=env,
                capture_output=True,
                timeout=60,
            )
            outputs.append((done.returncode, done.stdout, done.stderr))
    served, alone = outputs[:2], outputs[2:]
    assert served == alone
    assert [code for code, _, _ in served] == [0, 4]
