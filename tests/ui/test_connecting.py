"""The "Menghubungkan ke server…" screen: a window whose database does not answer at start
waits calmly, retries in the background, and opens once the database answers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Core, build_core
from app.domain.errors import StorageUnavailable
from app.settings import DatabaseSettings, Settings
from tests.support.databases import sqlite_file_url
from tests.ui.layout_probe import problems
from ui.common.connecting import ConnectingScreen, first_line
from ui.common.legibility import STAFF_TEXT_MIN_PX

FAST = (0.05, 0.1, 0.2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def nowhere() -> str:
    """A PostgreSQL URL on a port where nothing listens."""
    return f"postgresql+psycopg://antrean@127.0.0.1:{free_port()}/antrean?connect_timeout=2"


class Target:
    """The database the next attempt connects to; records where attempts ran."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.threads: list[int] = []
        self.cores: list[Core] = []

    def connect(self) -> Core:
        self.threads.append(threading.get_ident())
        core = build_core(Settings(database=DatabaseSettings(url=self.url)))
        self.cores.append(core)
        core.setup.seed_typical()
        return core


@pytest.fixture
def reachable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database that answers: a fresh PostgreSQL one when a test server runs, else SQLite."""
    import os

    from tests.support.databases import fresh_pg_database

    server = os.environ.get("ANTREAN_TEST_PG_URL")
    if not server:
        yield sqlite_file_url(tmp_path)
        return
    with fresh_pg_database(server) as url:
        yield url


def test_the_screen_waits_for_a_server_that_comes_later_without_blocking(
    qtbot: QtBot, nowhere: str, reachable: str
) -> None:
    target = Target(nowhere)
    opened: list[Core] = []
    screen = ConnectingScreen(target.connect, opened.append, delays=FAST)
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    screen.start()
    assert screen.title.text() == "Menghubungkan ke server…"

    qtbot.waitUntil(lambda: screen.attempts >= 2 and screen.last_reason != "", timeout=15_000)
    assert not opened
    assert "cannot be reached" in screen.last_reason  # the plain words of StorageUnavailable
    assert "Percobaan terakhir" in screen.status.text() or "Mencoba lagi" in screen.status.text()
    assert threading.get_ident() not in target.threads  # never on the GUI thread

    target.url = reachable  # the server has booted
    qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
    try:
        assert len(opened[0].hall.services()) == 5  # a working core, migrated and seeded
        assert screen.done
        tries = screen.attempts
        qtbot.wait(300)
        assert screen.attempts == tries  # no more attempts once connected
    finally:
        for core in target.cores:
            core.close()


def test_a_final_refusal_stops_trying(qtbot: QtBot, nowhere: str) -> None:
    given_up: list[BaseException] = []
    screen = ConnectingScreen(
        Target(nowhere).connect,
        lambda core: pytest.fail("connected to nowhere"),
        should_retry=lambda exc: False,
        on_give_up=given_up.append,
        delays=FAST,
    )
    qtbot.addWidget(screen)
    screen.start()
    qtbot.waitUntil(lambda: bool(given_up), timeout=15_000)
    assert isinstance(given_up[0], StorageUnavailable)
    qtbot.wait(300)
    assert screen.attempts == 1


def test_the_delay_grows_to_about_ten_seconds(qtbot: QtBot) -> None:
    screen = ConnectingScreen(lambda: None, lambda _: None)
    qtbot.addWidget(screen)
    delays = []
    for attempts in range(1, 12):
        screen.attempts = attempts
        delays.append(screen.next_delay())
    assert delays == sorted(delays) and delays[0] <= 1 and delays[-1] == 10


def test_the_reason_is_one_short_line() -> None:
    assert first_line(ValueError("first\nsecond")) == "first"
    assert first_line(ValueError("")) == "ValueError"
    assert len(first_line(ValueError("x" * 500))) == 120


@pytest.mark.parametrize("font", ["", "DejaVu Sans"])
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1080, 1920), (3840, 2160)])
def test_the_screen_is_legible_at_every_size(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    font: str,
    lang: str,
    size: tuple[int, int],
) -> None:
    if font:
        monkeypatch.setenv("ANTREAN_UI_FONT", font)
    screen = ConnectingScreen(lambda: None, lambda _: None, lang=lang)
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    screen.attempts = 3
    screen.last_reason = (
        "Server basis data 192.168.100.200:5432/antrean tidak dapat dihubungi; periksa "
        "jaringan dan server."
    )
    import datetime as dt

    screen.last_attempt = dt.datetime(2026, 11, 23, 7, 1, 2).astimezone()
    screen._next_try_at = screen.last_attempt + dt.timedelta(seconds=8)
    screen._show_status()
    qtbot.wait(10)
    if lang == "en":
        assert screen.title.text() == "Connecting to the server…"
    assert problems(screen, {"*": STAFF_TEXT_MIN_PX}, size=size) == []
    texts = [item.shown for item in screen.text_items()]
    assert len(texts) == 4 and all(texts)
