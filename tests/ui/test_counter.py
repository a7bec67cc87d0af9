"""The counter window on real SQLite and PostgreSQL: every action by button and by key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.cli.gui_cmds import counter_services
from app.domain.model import CounterState, Outcome, TicketStatus
from app.ports import Announcement, ManualClock
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.ui.waits import signal_within, signals_within, wait_for
from tests.ui.windows import counter_window
from ui.common.theme import PALETTE
from ui.counter.app import CounterLogin
from ui.counter.dialogs import FinishDialog, NoShowDialog, TransferDialog
from ui.counter.window import CounterWindow

# The offscreen platform cannot resize native windows to their size hints; harmless here.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

KEYS = {
    "next": Qt.Key.Key_F1,
    "recall": Qt.Key.Key_F2,
    "start": Qt.Key.Key_F3,
    "finish": Qt.Key.Key_F4,
    "no_show": Qt.Key.Key_F5,
    "transfer": Qt.Key.Key_F6,
    "hold": Qt.Key.Key_F7,
    "pause": Qt.Key.Key_F8,
}


class Speaker:
    """Records what the window asks to announce (the speaker is the edge)."""

    def __init__(self) -> None:
        self.said: list[Announcement] = []

    def announce(self, announcement: Announcement) -> None:
        self.said.append(announcement)

    def close(self) -> None:
        pass


def open_window(
    qtbot: QtBot, core: Core, number: int = 1, announcer: Speaker | None = None
) -> CounterWindow:
    user = core.users.add_user(ADMIN, f"petugas{number}", "rahasia123")
    window = counter_window(core, number, user, announcer)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.start()
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, screen(window))
    return window


@pytest.fixture
def window(qtbot: QtBot, core: Core) -> Iterator[CounterWindow]:
    w = open_window(qtbot, core)
    yield w
    w.close()


def screen(w: CounterWindow) -> Callable[[], object]:
    """What the clerk sees, for failure messages."""

    def look() -> dict[str, object]:
        rows = [w.table.item(r, 0) for r in range(w.table.rowCount())]
        return {
            "current": w.ticket_number.text(),
            "waiting": [i.text() if i else None for i in rows],
            "held": w.held_list.count(),
            "pause": w.buttons["pause"].text(),
            "status": w.status_line.text(),
        }

    return look


def press(qtbot: QtBot, w: CounterWindow, key: str, mode: str) -> None:
    if mode == "button":
        qtbot.mouseClick(w.buttons[key], Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(w, KEYS[key])


def act(qtbot: QtBot, w: CounterWindow, key: str, mode: str) -> None:
    with signal_within(qtbot, w.action_done, f"{key} by {mode} to succeed", screen(w), 10_000):
        press(qtbot, w, key, mode)


def done_after(qtbot: QtBot, w: CounterWindow, what: str) -> AbstractContextManager[Any]:
    """The ``with`` body's action succeeds (``action_done``) within 5 s."""
    return signal_within(qtbot, w.action_done, what, screen(w))


def dialog_of(qtbot: QtBot, w: CounterWindow, key: str, mode: str) -> object:
    press(qtbot, w, key, mode)
    wait_for(qtbot, f"the {key} dialog", lambda: w.dialog is not None, screen(w))
    return w.dialog


def until_feed(qtbot: QtBot, w: CounterWindow, what: str, check: Callable[[], bool]) -> None:
    """Wait up to 10 s for the live feed to bring the window to ``check``."""
    wait_for(qtbot, what, check, screen(w), timeout=10_000)


@pytest.mark.parametrize("mode", ["button", "key"])
def test_every_action_by_button_and_by_key(
    qtbot: QtBot, core: Core, window: CounterWindow, mode: str
) -> None:
    w = window
    for code in "AAA":
        core.queue.issue_ticket(code)
    until_feed(qtbot, w, "3 waiting tickets", lambda: w.table.rowCount() == 3)

    act(qtbot, w, "next", mode)
    until_feed(qtbot, w, "A-001 called", lambda: w.ticket_number.text() == "A-001")
    assert core.hall.ticket("A-001").status == TicketStatus.CALLED
    act(qtbot, w, "recall", mode)
    assert core.hall.ticket("A-001").recall_count == 1
    act(qtbot, w, "start", mode)
    assert core.hall.ticket("A-001").status == TicketStatus.SERVING
    until_feed(qtbot, w, "the service timer", lambda: "Waktu layanan" in w.timer_label.text())

    act(qtbot, w, "hold", mode)
    assert core.hall.ticket("A-001").status == TicketStatus.HELD
    until_feed(qtbot, w, "A-001 held", lambda: w.held_list.count() == 1)
    with done_after(qtbot, w, "taking A-001 back"):
        qtbot.mouseClick(w.take_back, Qt.MouseButton.LeftButton)
    assert core.hall.ticket("A-001").status == TicketStatus.SERVING

    finish = dialog_of(qtbot, w, "finish", mode)
    assert isinstance(finish, FinishDialog)
    with done_after(qtbot, w, "finishing A-001 as incomplete"):
        if mode == "button":
            qtbot.mouseClick(finish.buttons[Outcome.INCOMPLETE], Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(finish, Qt.Key.Key_2)
    assert core.hall.ticket("A-001").outcome == Outcome.INCOMPLETE

    act(qtbot, w, "next", mode)
    until_feed(qtbot, w, "A-002 called", lambda: w.ticket_number.text() == "A-002")
    no_show = dialog_of(qtbot, w, "no_show", mode)
    assert isinstance(no_show, NoShowDialog)
    no_show.places.setValue(1)
    with done_after(qtbot, w, "A-002 put back behind one ticket"):
        qtbot.mouseClick(no_show.requeue_button, Qt.MouseButton.LeftButton)
    assert core.hall.ticket("A-002").status == TicketStatus.WAITING
    assert "dikembalikan" in w.status_line.text()

    act(qtbot, w, "next", mode)
    # A-002 went back behind one ticket
    until_feed(qtbot, w, "A-003 called", lambda: w.ticket_number.text() == "A-003")
    transfer = dialog_of(qtbot, w, "transfer", mode)
    assert isinstance(transfer, TransferDialog)
    transfer.select(service="B", counter=3)
    with done_after(qtbot, w, "A-003 transferred to B at counter 3"):
        qtbot.mouseClick(transfer.ok_button, Qt.MouseButton.LeftButton)
    moved = core.hall.ticket("A-003")
    assert (moved.display, moved.current_service_code) == ("A-003", "B")
    assert moved.target_counter_number == 3

    act(qtbot, w, "pause", mode)
    assert core.hall.counters()[0].state == CounterState.PAUSED
    until_feed(
        qtbot,
        w,
        "the pause button to offer resuming",
        lambda: w.buttons["pause"].text().startswith("Lanjut"),
    )
    act(qtbot, w, "pause", mode)
    assert core.hall.counters()[0].state == CounterState.OPEN


def test_keypad_plus_calls_next_and_the_counter_announces_when_asked(
    qtbot: QtBot, core: Core
) -> None:
    speaker = Speaker()
    w = open_window(qtbot, core, 2, speaker)
    core.queue.issue_ticket("B", priority=True)
    with done_after(qtbot, w, "keypad + to call next"):
        qtbot.keyClick(w, Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier)
    until_feed(qtbot, w, "priority B-001 called", lambda: w.ticket_number.text() == "B-001 ★")
    with done_after(qtbot, w, "F2 to recall"):
        qtbot.keyClick(w, Qt.Key.Key_F2)
    assert [(a.display, a.counter_number, a.recall) for a in speaker.said] == [
        ("B-001", 2, False),
        ("B-001", 2, True),
    ]
    w.close()


def refused_after(qtbot: QtBot, w: CounterWindow, what: str) -> AbstractContextManager[Any]:
    """The ``with`` body's action is refused (``action_failed``) within 5 s."""
    return signal_within(qtbot, w.action_failed, what, screen(w))


def test_an_empty_queue_is_calm_information_not_an_error(
    qtbot: QtBot, window: CounterWindow
) -> None:
    calm = "Belum ada yang menunggu untuk loket 1. Nomor baru akan muncul di daftar."
    with refused_after(qtbot, window, "F1 on an empty queue to answer") as failed:
        qtbot.keyClick(window, Qt.Key.Key_F1)
    assert failed.args[1] == calm
    assert window.status_line.text() == calm
    assert window.status_line.property("kind") == "calm"
    background = window.status_line.background()
    assert background is not None and background.name() == PALETTE.white.lower()
    assert window.ticket_service.text().startswith("Belum ada yang menunggu")
    assert window.waiting_stack.currentWidget() is window.empty_note
    assert window.empty_note.text() == "Belum ada yang menunggu. Nomor baru akan muncul di sini."
    assert window.priority_banner.text() == "Tidak ada prioritas menunggu"


def test_a_real_refusal_is_still_shown_as_an_error(
    qtbot: QtBot, core: Core, window: CounterWindow
) -> None:
    core.queue.issue_ticket("A")
    until_feed(qtbot, window, "1 waiting ticket", lambda: window.table.rowCount() == 1)
    window.table.selectRow(0)
    core.queue.call_ticket(2, "A-001", actor=ADMIN)  # counter 2 takes it before this clerk clicks
    with refused_after(qtbot, window, "the out-of-order call to be refused") as failed:
        qtbot.mouseClick(window.call_selected, Qt.MouseButton.LeftButton)
    assert "A-001" in failed.args[1]
    assert window.status_line.property("kind") == "error"


def test_another_counters_call_leaves_the_list_and_out_of_order_call(
    qtbot: QtBot, core: Core, window: CounterWindow
) -> None:
    for code in "ABD":
        core.queue.issue_ticket(code)
    until_feed(qtbot, window, "3 waiting tickets", lambda: window.table.rowCount() == 3)
    core.queue.call_next(4, actor=ADMIN)  # another PC takes A-001
    until_feed(qtbot, window, "A-001 gone from the list", lambda: window.table.rowCount() == 2)
    first, second = window.table.item(0, 0), window.table.item(1, 0)
    assert first is not None and second is not None and first.text() == "B-001"
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualItemRect(second).center(),
    )
    assert window.call_selected.isEnabled()
    assert "D-001" in window.call_selected.text()
    with done_after(qtbot, window, "D-001 called out of order"):
        qtbot.mouseClick(window.call_selected, Qt.MouseButton.LeftButton)
    until_feed(qtbot, window, "D-001 shown", lambda: window.ticket_number.text() == "D-001")
    assert core.hall.ticket("D-001").counter_number == 1


def test_a_snapshot_read_before_the_clerks_action_does_not_undo_it(
    qtbot: QtBot, core: Core, window: CounterWindow
) -> None:
    core.queue.issue_ticket("A")
    until_feed(qtbot, window, "1 waiting ticket", lambda: window.table.rowCount() == 1)
    before = window.snapshot  # what the feed may still deliver after the next action
    assert before is not None and before.current is None
    act(qtbot, window, "next", "button")
    # The state read right after the call is on screen when the action reports done.
    assert window.ticket_number.text() == "A-001"
    assert window.buttons["finish"].isEnabled()
    window.bridge.updated.emit([], before)  # a snapshot the feed read before the call
    assert window.ticket_number.text() == "A-001"
    assert window.buttons["finish"].isEnabled()
    assert window.snapshot is not None and window.snapshot.seq > before.seq


def test_two_counters_race_for_the_queue(qtbot: QtBot, core: Core, clock: ManualClock) -> None:
    other = make_core(core.settings.database_url(), clock, seed=False)
    one = open_window(qtbot, core, 1)
    two = open_window(qtbot, other, 2)
    try:
        for _ in range(2):
            core.queue.issue_ticket("A")
        both = [one.action_done, two.action_done]

        def seen() -> object:
            return screen(one)(), screen(two)()

        with signals_within(qtbot, both, "both counters to call", seen, timeout=10_000):
            one.buttons["next"].click()
            two.buttons["next"].click()
        got = {core.hall.ticket(d).counter_number for d in ("A-001", "A-002")}
        assert got == {1, 2}
        wait_for(
            qtbot,
            "A-001 and A-002 shown, one at each counter",
            lambda: {one.ticket_number.text(), two.ticket_number.text()} == {"A-001", "A-002"},
            seen,
        )

        core.queue.issue_ticket("A")
        outcomes: list[str] = []
        for w in (one, two):
            w.action_done.connect(lambda _k, w=w: outcomes.append(f"ok{w.number}"))
            w.action_failed.connect(lambda _k, m: outcomes.append(m))
        one.buttons["next"].click()
        two.buttons["next"].click()
        wait_for(qtbot, "both answers", lambda: len(outcomes) == 2, lambda: outcomes, 10_000)
        assert sum(o.startswith("ok") for o in outcomes) == 1
        refusal = next(o for o in outcomes if not o.startswith("ok"))
        assert refusal.startswith("Belum ada yang menunggu untuk loket")
    finally:
        one.close()
        two.close()
        other.close()


def test_login_failure_is_plain_then_success_opens_the_counter(qtbot: QtBot, core: Core) -> None:
    core.users.add_user(ADMIN, "bripka.sari", "rahasia123")
    login = CounterLogin(counter_services(core), 3, poll_interval=0.05)
    qtbot.addWidget(login.dialog)
    login.show()
    login.dialog.username.setText("bripka.sari")
    login.dialog.password.setText("salah-sandi")
    qtbot.mouseClick(login.dialog.login_button, Qt.MouseButton.LeftButton)
    error = login.dialog.error
    wait_for(qtbot, "the login refusal", lambda: error.text() != "", error.text, 10_000)
    assert login.dialog.error.text() == "Nama pengguna atau kata sandi salah."
    assert login.window is None
    assert login.dialog.login_button.isEnabled()
    login.dialog.password.setText("rahasia123")
    qtbot.keyClick(login.dialog.password, Qt.Key.Key_Return)
    wait_for(qtbot, "the counter window", lambda: login.window is not None, error.text, 10_000)
    assert login.window is not None
    qtbot.addWidget(login.window)
    assert login.window.counter_label.text() == "LOKET 3"
    assert "bripka.sari" in login.window.clerk_label.text()
    services = login.window.services_label
    wait_for(qtbot, "the counter's services", lambda: "SIM" in services.text(), services.text)
    login.window.close()


def test_the_status_bar_warns_when_this_pc_clock_is_behind(
    qtbot: QtBot, core: Core, clock: ManualClock, window: CounterWindow
) -> None:
    assert window.clock_warning.isHidden()
    core.queue.issue_ticket("A")
    clock.advance(minutes=-5)
    core.queue.issue_ticket("A")
    wait_for(
        qtbot,
        "the clock warning under the status line",
        lambda: (
            window.clock_warning.isVisible() and "terlambat 5 menit" in window.clock_warning.text()
        ),
        lambda: (window.clock_warning.isVisible(), window.clock_warning.text()),
    )


def log_in(qtbot: QtBot, login: CounterLogin, username: str) -> CounterWindow:
    login.dialog.username.setText(username)
    login.dialog.password.setText("rahasia123")
    qtbot.mouseClick(login.dialog.login_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, f"{username}'s window", lambda: login.window is not None, lambda: None, 10_000)
    window = login.window
    assert window is not None
    qtbot.addWidget(window)
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, screen(window))
    return window


def test_switch_clerk_pauses_the_counter_and_the_next_clerk_logs_in(
    qtbot: QtBot, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("bripka.sari", "briptu.andi"):
        core.users.add_user(ADMIN, name, "rahasia123")
    login = CounterLogin(counter_services(core), 3, poll_interval=0.05)
    qtbot.addWidget(login.dialog)
    login.show()
    first = log_in(qtbot, login, "bripka.sari")
    assert first.logout_button.isVisible() and first.logout_button.text() == "Ganti petugas"

    caplog.set_level("INFO", logger="ui.counter.window")
    with signal_within(qtbot, first.logged_out, "the clerk to log out", screen(first)) as left:
        qtbot.mouseClick(first.logout_button, Qt.MouseButton.LeftButton)
    assert left.args is not None and left.args[0].username == "bripka.sari"
    assert core.hall.counters()[2].state == CounterState.PAUSED  # nobody at the desk
    assert "bripka.sari logged out at counter 3" in caplog.text
    assert login.window is None and not first.isVisible()
    dialog = login.dialog
    assert dialog.isVisible() and dialog.username.text() == "" and dialog.password.text() == ""
    assert dialog.note.isVisible() and "bripka.sari keluar" in dialog.note.text()
    assert dialog.error.text() == ""

    second = log_in(qtbot, login, "briptu.andi")
    assert "briptu.andi" in second.clerk_label.text()
    assert second.status_line.text().startswith("Loket 3 sedang istirahat. Tekan F8")
    assert second.status_line.property("kind") == "info"
    assert second.ticket_service.text().startswith("Loket sedang istirahat")
    with signal_within(qtbot, second.action_done, "F8 to reopen", screen(second)):
        qtbot.keyClick(second, Qt.Key.Key_F8)
    assert core.hall.counters()[2].state == CounterState.OPEN
    second.close()


def test_a_paused_counter_stays_paused_when_its_clerk_leaves(
    qtbot: QtBot, core: Core, window: CounterWindow
) -> None:
    act(qtbot, window, "pause", "button")
    with signal_within(qtbot, window.logged_out, "the clerk to log out", screen(window)):
        qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert core.hall.counters()[0].state == CounterState.PAUSED


def test_a_clerk_cannot_leave_a_ticket_at_the_counter(
    qtbot: QtBot, core: Core, window: CounterWindow
) -> None:
    core.queue.issue_ticket("A")
    act(qtbot, window, "next", "key")
    left: list[object] = []
    window.logged_out.connect(left.append)
    with refused_after(qtbot, window, "the logout to be refused") as refused:
        qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert refused.args[1] == (
        "Selesaikan, tunda atau alihkan dulu A-001 sebelum berganti petugas."
    )
    assert window.status_line.property("kind") == "warn"
    assert left == [] and window.logout_button.isEnabled()
    assert core.hall.counters()[0].state == CounterState.OPEN
