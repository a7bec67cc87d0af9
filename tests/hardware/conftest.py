"""Fixtures for the hardware tests: a real TCP "printer" on the loopback interface."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

READY = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}
PAPER_LOW = {1: 0x12, 2: 0x12, 4: 0x1E}
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}
DLE_EOT = b"\x10\x04"


def pytest_configure(config: pytest.Config) -> None:
    # The tests here declare the warnings they provoke with the suite's expect_log marker;
    # registering it here too keeps them collectable (--strict-markers) on their own.
    config.addinivalue_line(
        "markers", "expect_log(pattern, level='WARNING'): log records the test provokes"
    )


class FakeNetworkPrinter:
    """A socket server that records every byte and answers DLE EOT n like an Epson printer.

    ``status`` maps n (1, 2, 4) to the answer byte; ``silent`` answers nothing;
    ``answer_delay_s`` answers each query that many seconds late (a printer that stalls);
    ``status_after_cut`` switches the status once a paper cut (GS V) has been received, and
    ``delay_after_cut_s`` (when set) replaces ``answer_delay_s`` from then on, and
    ``hold_after_cut`` (an event, when set) holds every answer after the cut until it is set.
    ``first_job_byte_at`` is the ``time.monotonic()`` when the first byte that is not a status
    query arrived (None: none yet).
    """

    READY = READY
    PAPER_OUT = PAPER_OUT
    PAPER_LOW = PAPER_LOW
    COVER_OPEN = COVER_OPEN

    def __init__(self, port: int = 0) -> None:
        self.status: dict[int, int] = dict(READY)
        self.status_after_cut: dict[int, int] | None = None
        self.silent = False
        self.answer_delay_s = 0.0
        self.delay_after_cut_s: float | None = None
        self.hold_after_cut: threading.Event | None = None
        self.received = bytearray()
        self.first_job_byte_at: float | None = None
        self._due: list[tuple[float, bytes]] = []  # answers not yet sent: (when, byte)
        self.connections = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", port))
        self._server.listen(4)
        self._server.settimeout(0.05)
        self.port: int = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    def uri(self, query: str = "timeout=0.5") -> str:
        return f"tcp://127.0.0.1:{self.port}?{query}"

    @property
    def job_bytes(self) -> bytes:
        """Everything received except the status queries."""
        with self._lock:
            data = bytes(self.received)
        return b"".join(part[1:] if i else part for i, part in enumerate(data.split(DLE_EOT)))

    @property
    def queries(self) -> list[int]:
        with self._lock:
            data = bytes(self.received)
        return [part[0] for part in data.split(DLE_EOT)[1:] if part]

    def wait_for_cut(self, timeout_s: float = 5.0) -> bytes:
        """Wait until a whole ticket (up to its paper cut, GS V) has arrived; return the job.

        The sender may have closed its end before this listener has read everything.
        """
        deadline = time.monotonic() + timeout_s
        while b"\x1dV" not in (job := self.job_bytes):
            if time.monotonic() > deadline:
                raise AssertionError(f"no complete ticket within {timeout_s} s: {job[-40:]!r}")
            time.sleep(0.005)
        return job

    def clear(self) -> None:
        """Forget what was received so far (for measuring the next ticket on its own)."""
        with self._lock:
            self.received = bytearray()
            self.first_job_byte_at = None

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                self.connections += 1
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(0.01)
        pending = b""
        self._due = []
        while not self._stop.is_set():
            if not self._send_due(conn):
                return
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.received += chunk
            if self.first_job_byte_at is None and self.job_bytes:
                self.first_job_byte_at = time.monotonic()
            pending = self._answer(pending + chunk)

    def _send_due(self, conn: socket.socket) -> bool:
        now = time.monotonic()
        hold = self.hold_after_cut
        if hold is not None and not hold.is_set() and b"\x1dV" in self.received:
            return True  # answers after the cut wait for the test's go-ahead
        while self._due and self._due[0][0] <= now:
            _, answer = self._due.pop(0)
            try:
                conn.sendall(answer)
            except OSError:
                return False
        return True

    def _answer(self, pending: bytes) -> bytes:
        while True:
            at = pending.find(DLE_EOT)
            if at < 0:
                return pending[-1:]
            if at + 2 >= len(pending):
                return pending[at:]
            delay = self.answer_delay_s
            if b"\x1dV" in self.received:
                if self.status_after_cut is not None:
                    self.status = self.status_after_cut
                if self.delay_after_cut_s is not None:
                    delay = self.delay_after_cut_s
            n = pending[at + 2]
            if not self.silent:
                when = time.monotonic() + delay
                self._due.append((when, bytes([self.status.get(n, 0x12)])))
            pending = pending[at + 3 :]


@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    server = FakeNetworkPrinter()
    yield server
    server.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def make_fake_printer() -> Iterator[Callable[[int], FakeNetworkPrinter]]:
    """Start fake printers (on a given port, or 0 for any); all are stopped afterwards."""
    started: list[FakeNetworkPrinter] = []

    def make(port: int = 0) -> FakeNetworkPrinter:
        server = FakeNetworkPrinter(port)
        started.append(server)
        return server

    yield make
    for server in started:
        server.close()
