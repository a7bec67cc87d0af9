"""A window PC that boots before the database server: ``antrean display`` waits on the
connecting screen instead of exiting, then opens once the server answers (real processes,
a real PostgreSQL reached through a port that only starts forwarding later)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.e2e.test_cli import run
from tests.support.databases import PG_ENV, fresh_pg_database


class Forwarder:
    """Forwards a local port to the real server: the "server" boots when this starts."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.target = target
        self.server = socket.create_server(("127.0.0.1", port))
        self.sockets: list[socket.socket] = [self.server]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        for s in self.sockets:
            s.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(path: Path, text: str, process: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the window exited ({process.returncode}) before {text!r}: {out}{err}")
        time.sleep(0.1)
    pytest.fail(f"no {text!r} in the log within {timeout} s")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set")
    with fresh_pg_database(server) as url:
        run(url, "init", env_dir=tmp_path)
        yield url


def test_the_display_waits_for_a_server_that_boots_later(database: str, tmp_path: Path) -> None:
    real = make_url(database)
    port = free_port()
    late = real.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    env = dict(
        os.environ,
        ANTREAN_DATA_DIR=str(tmp_path),
        ANTREAN_CONFIG=str(tmp_path / "x.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    log = tmp_path / "logs" / "antrean.log"
    window = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--db", late, "display", "--silent"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    forwarder: Forwarder | None = None
    try:
        wait_for(log, "database not reachable yet", window, timeout=30)
        time.sleep(1.0)
        assert window.poll() is None  # still waiting, not exited with a traceback
        forwarder = Forwarder(port, (real.host or "127.0.0.1", real.port or 5432))
        wait_for(log, "database answered after", window, timeout=30)
        time.sleep(1.5)
        assert window.poll() is None  # the display itself now runs its event loop
    finally:
        window.send_signal(signal.SIGTERM)
        try:
            window.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            window.kill()
            window.communicate()
        if forwarder is not None:
            forwarder.close()
    assert "Traceback" not in log.read_text(encoding="utf-8")
