"""What the hall sees on the TV follows what the counters do: hold, pause, finish, recall,
start; after midnight in a business day that started at 03:00; after hundreds of events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.ports import ManualClock
from tests.conftest import WIB
from tests.support.actors import ADMIN
from tests.ui.waits import wait_for
from tests.ui.windows import lobby_display
from ui.display.app import LobbyDisplay

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def panel(w: LobbyDisplay) -> tuple[str, str, str]:
    p = w.call_panel
    return p.heading.text(), p.number.text(), p.counter.text()


def seen(w: LobbyDisplay) -> Callable[[], object]:
    return lambda: {"panel": panel(w), "recent": w.recent.texts()}


def panel_shows(qtbot: QtBot, w: LobbyDisplay, expected: tuple[str, str, str]) -> None:
    wait_for(qtbot, f"the panel showing {expected}", lambda: panel(w) == expected, seen(w))


@pytest.fixture
def display(qtbot: QtBot, core_sqlite: Core) -> Iterator[LobbyDisplay]:
    window = lobby_display(core_sqlite, None, retry_interval=0.1)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.start()
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, seen(window))
    yield window
    window.close()


def test_hold_pause_and_finish_update_the_big_panel(
    qtbot: QtBot, core_sqlite: Core, display: LobbyDisplay
) -> None:
    core = core_sqlite
    for code in "AAB":
        core.queue.issue_ticket(code)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.call_next(2, actor=ADMIN)
    core.queue.call_next(3, actor=ADMIN)
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "B-001", "LOKET 3"))
    assert display.tiles[2].value.text() == "B-001"
    core.queue.hold(3, actor=ADMIN)
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "A-002", "LOKET 2"))
    core.hall.pause_counter(2, actor=ADMIN)
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "A-001", "LOKET 1"))
    core.queue.finish(1, actor=ADMIN)
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "—", "Silakan ambil nomor antrean"))
    assert display.recent.texts() == ["B-001", "A-002", "A-001"]  # the day's calls stay listed


def test_a_recall_is_listed_once_and_its_heading_clears_when_service_starts(
    qtbot: QtBot, core_sqlite: Core, display: LobbyDisplay
) -> None:
    core = core_sqlite
    core.queue.issue_ticket("A")
    core.queue.issue_ticket("B")
    core.queue.call_next(1, actor=ADMIN)
    core.queue.call_next(2, actor=ADMIN)
    core.queue.recall(1, actor=ADMIN)
    panel_shows(qtbot, display, ("PANGGILAN ULANG", "A-001", "LOKET 1"))
    assert display.recent.texts() == ["B-001"]
    core.queue.issue_ticket("C")
    core.queue.call_next(
        5, actor=ADMIN
    )  # C-001 at counter 5 takes the panel; A-001 goes to the list
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "C-001", "LOKET 5"))
    rows = [(n.text(), w.text()) for n, w in display.recent.rows if n.text()]
    assert rows == [("A-001", "Loket 1 · ulang"), ("B-001", "Loket 2")]
    core.queue.finish(5, actor=ADMIN)
    panel_shows(qtbot, display, ("PANGGILAN ULANG", "A-001", "LOKET 1"))
    core.queue.start(1, actor=ADMIN)
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "A-001", "LOKET 1"))


def test_a_call_at_half_past_midnight_shows_when_the_day_starts_at_3(
    qtbot: QtBot, core_sqlite: Core, clock: ManualClock
) -> None:
    core = core_sqlite
    core.hall.update_hall_config(day_start="03:00", actor=ADMIN)
    clock.set(dt.datetime(2026, 11, 24, 0, 30, tzinfo=WIB))
    core.queue.issue_ticket("A")
    core.queue.call_next(4, actor=ADMIN)
    window = lobby_display(core, None, retry_interval=0.1)
    qtbot.addWidget(window)
    try:
        window.resize(1366, 768)
        window.show()
        window.start()
        panel_shows(qtbot, window, ("NOMOR ANTREAN", "A-001", "LOKET 4"))
    finally:
        window.close()


def test_the_call_stays_after_250_printed_tickets(
    qtbot: QtBot, core_sqlite: Core, display: LobbyDisplay
) -> None:
    core = core_sqlite
    core.queue.issue_ticket("B")
    core.queue.call_next(3, actor=ADMIN)
    panel_shows(qtbot, display, ("NOMOR ANTREAN", "B-001", "LOKET 3"))
    for _ in range(250):
        issued = core.queue.issue_ticket("A")
        core.queue.record_print(issued.ticket.id, ok=True)
    wait_for(
        qtbot,
        "the display caught up",
        lambda: display.snapshot is not None and display.snapshot.seq == core.hall.latest_seq(),
        seen(display),
        10_000,
    )
    assert panel(display) == ("NOMOR ANTREAN", "B-001", "LOKET 3")
