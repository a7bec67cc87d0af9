"""The lobby display on real databases: a new call, many counters, running text, lost link."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app.bootstrap import Core
from app.domain.model import CounterState
from app.ports import Announcement, ManualClock
from app.storage.notify import psycopg_dsn
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.support.databases import sqlite_file_url
from tests.ui.waits import wait_for
from tests.ui.windows import lobby_display
from ui.display.app import LobbyDisplay

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class Speaker:
    def __init__(self) -> None:
        self.said: list[Announcement] = []

    def announce(self, announcement: Announcement) -> None:
        self.said.append(announcement)

    def close(self) -> None:
        pass


def _banner(window: LobbyDisplay) -> Callable[[], object]:
    return lambda: {"banner": window.connection_lost, "text": window.banner.text()}


def screen(w: LobbyDisplay) -> Callable[[], object]:
    """What the hall sees on the TV, for failure messages."""
    return lambda: {
        "call": (
            w.call_panel.heading.text(),
            w.call_panel.number.text(),
            w.call_panel.counter.text(),
        ),
        "tiles": {t.title.text(): t.value.text() for t in w.tiles},
        "recent": w.recent.texts(),
        "marquee": w.marquee.text,
        "offline": w.connection_lost,
    }


def shows(qtbot: QtBot, w: LobbyDisplay, number: str, timeout: int = 5000) -> None:
    """Wait for ``number`` on the big call panel."""
    wait_for(
        qtbot,
        f"{number} on the call panel",
        lambda: w.call_panel.number.text() == number,
        screen(w),
        timeout,
    )


def open_display(qtbot: QtBot, core: Core, speaker: Speaker | None = None) -> LobbyDisplay:
    window = lobby_display(core, speaker, retry_interval=0.1)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.start()
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, screen(window))
    return window


@pytest.fixture
def display(qtbot: QtBot, core: Core) -> Iterator[tuple[LobbyDisplay, Speaker]]:
    speaker = Speaker()
    window = open_display(qtbot, core, speaker)
    yield window, speaker
    window.close()


def test_a_new_call_appears_big_flashes_and_is_spoken(
    qtbot: QtBot, core: Core, display: tuple[LobbyDisplay, Speaker]
) -> None:
    window, speaker = display
    assert window.call_panel.number.text() == "—"
    core.queue.issue_ticket("B")
    core.queue.call_next(3, actor=ADMIN)
    shows(qtbot, window, "B-001")
    assert window.call_panel.counter.text() == "LOKET 3"
    assert window.call_panel.flashing
    assert window.tiles[2].value.text() == "B-001"
    said = speaker.said.copy
    wait_for(qtbot, "B-001 announced", lambda: len(speaker.said) == 1, said)  # from its event
    assert [(a.display, a.counter_number, a.recall) for a in speaker.said] == [("B-001", 3, False)]
    core.queue.recall(3, actor=ADMIN)
    wait_for(qtbot, "the recall announced", lambda: len(speaker.said) == 2, said)
    assert speaker.said[1].recall
    assert window.call_panel.heading.text() == "PANGGILAN ULANG"
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    shows(qtbot, window, "A-001")
    assert window.recent.texts() == ["B-001"]  # called and recalled: listed once


def test_ten_counters_with_states_and_the_running_text(
    qtbot: QtBot, core: Core, display: tuple[LobbyDisplay, Speaker]
) -> None:
    window, _ = display
    for number in range(6, 11):
        core.setup.assign_services(number, ["A", "B"], actor=ADMIN)
    for _ in range(4):
        core.queue.issue_ticket("A")
    core.queue.call_next(7, actor=ADMIN)
    core.hall.pause_counter(9, actor=ADMIN)
    core.hall.close_counter(10, actor=ADMIN)
    core.hall.update_hall_config(marquee="Layanan SKCK buka sampai pukul 14.00", actor=ADMIN)
    wait_for(
        qtbot,
        "10 tiles, counter 10 closed",
        lambda: len(window.tiles) == 10 and window.tiles[9].value.text() == "Tutup",
        screen(window),
    )
    texts = {t.title.text(): t.value.text() for t in window.tiles}
    assert texts["LOKET 7"] == "A-001"
    assert texts["LOKET 9"] == "Istirahat"
    assert texts["LOKET 1"] == "—"
    wait_for(
        qtbot,
        "the new running text",
        lambda: window.marquee.text == "Layanan SKCK buka sampai pukul 14.00",
        screen(window),
    )
    chip = next(c for c in window.chips if c.name.text().startswith("A"))
    assert chip.detail.text().startswith("3 menunggu")


def _set_connections(server_url: str, database: str, allow: bool) -> None:
    with psycopg.connect(psycopg_dsn(server_url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
                sql.Identifier(database), sql.SQL("true" if allow else "false")
            )
        )
        if not allow:  # the clients only: an autovacuum worker is the server's own
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND backend_type = 'client backend'",
                (database,),
            )


@pytest.mark.expect_log(r"^live feed lost the database")
def test_lost_database_banner_keeps_state_then_recovers_and_restarts(
    qtbot: QtBot, pg_url: str, pg_server_url: str, clock: ManualClock
) -> None:
    core = make_core(pg_url, clock)
    core.queue.issue_ticket("A")
    core.queue.call_next(2, actor=ADMIN)
    database = make_url(pg_url).database or ""
    window = open_display(qtbot, core)
    try:
        assert window.call_panel.number.text() == "A-001"  # read at start, no event needed
        assert not window.connection_lost
        _set_connections(pg_server_url, database, allow=False)
        wait_for(
            qtbot, "the offline banner", lambda: window.connection_lost, _banner(window), 10_000
        )
        assert window.banner.text() == "Koneksi ke server terputus — mencoba lagi…"
        assert window.call_panel.number.text() == "A-001"  # the last state stays up
        _set_connections(pg_server_url, database, allow=True)
        wait_for(
            qtbot, "the banner gone", lambda: not window.connection_lost, _banner(window), 10_000
        )
        core.queue.issue_ticket("A")
        core.queue.call_next(4, actor=ADMIN)
        shows(qtbot, window, "A-002", timeout=10_000)
        window.close()
        # A restarted display shows the hall at once.
        again = open_display(qtbot, core)
        assert again.call_panel.number.text() == "A-002"
        assert again.call_panel.counter.text() == "LOKET 4"
        assert {t.title.text(): t.value.text() for t in again.tiles}["LOKET 2"] == "A-001"
        assert again.recent.texts() == ["A-001"]
        assert core.hall.counters()[0].state == CounterState.OPEN
        again.close()
    finally:
        window.close()
        core.close()


@pytest.mark.expect_log(r"^live feed lost the database: The database file .* cannot be opened")
def test_a_vanished_sqlite_database_shows_the_banner_then_recovers(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "hall"
    core = make_core(sqlite_file_url(folder), clock)
    core.queue.issue_ticket("A")
    core.queue.call_next(2, actor=ADMIN)
    window = open_display(qtbot, core)
    try:
        # The disk holding the database goes away (a USB disk pulled out, a network drive
        # dropped): the file cannot be opened, and the connections that had it are gone.
        folder.rename(tmp_path / "away")
        core.engine.dispose()
        wait_for(qtbot, "the offline banner", lambda: window.connection_lost, _banner(window))
        assert window.banner.text() == "Koneksi ke server terputus — mencoba lagi…"
        assert window.call_panel.number.text() == "A-001"  # the last state stays up
        (tmp_path / "away").rename(folder)
        wait_for(qtbot, "the banner gone", lambda: not window.connection_lost, _banner(window))
        core.queue.issue_ticket("A")
        core.queue.call_next(4, actor=ADMIN)
        shows(qtbot, window, "A-002")
    finally:
        window.close()
        core.close()
    lost = [r for r in caplog.records if "lost the database" in r.getMessage()]
    assert [(r.levelname, r.exc_info) for r in lost] == [("WARNING", None)], (
        "a lost database is logged once, as a warning without a traceback"
    )


def test_the_corner_warns_when_this_pc_clock_is_behind(
    qtbot: QtBot, core: Core, clock: ManualClock, display: tuple[LobbyDisplay, Speaker]
) -> None:
    window, _ = display
    assert window.clock_warning.isHidden()
    core.queue.issue_ticket("A")
    clock.advance(minutes=-20)  # this PC's clock is set back; the records are not
    core.queue.call_next(1, actor=ADMIN)
    shows(qtbot, window, "A-001")
    wait_for(
        qtbot,
        "the clock warning in the corner",
        lambda: (
            window.clock_warning.isVisible() and "terlambat 20 menit" in window.clock_warning.text()
        ),
        lambda: (window.clock_warning.isVisible(), window.clock_warning.text()),
    )
