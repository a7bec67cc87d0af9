"""The kiosk as a citizen and an administrator use it: offscreen, real SQLite, fake printer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.domain.errors import PaperOut
from app.domain.model import PrintState
from app.domain.wording import Bilingual, wait_text
from app.ports import ManualClock
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from hardware.printer.recording import RecordingPrinter
from tests.support.actors import ADMIN
from tests.ui.waits import signal_within, wait_for
from ui.kiosk.window import KioskTimings, KioskWindow

SLOW = 3_600_000  # a timer that never fires during a test
MakeKiosk = Callable[..., KioskWindow]


@pytest.fixture
def make_kiosk(qtbot: QtBot, core_sqlite: Core, printer: RecordingPrinter) -> Iterator[MakeKiosk]:
    windows: list[KioskWindow] = []

    def make(**timing: int) -> KioskWindow:
        timings = KioskTimings(
            idle_ms=timing.get("idle_ms", SLOW),
            confirm_ms=timing.get("confirm_ms", SLOW),
            hold_ms=timing.get("hold_ms", 3000),
            refresh_ms=SLOW,
        )
        desk = TicketDesk(core_sqlite.queue, core_sqlite.hall, printer)
        window = KioskWindow(
            desk, core_sqlite.hall, KioskSettings(), core_sqlite.clock, timings=timings
        )
        windows.append(window)
        window.resize(1920, 1080)
        window.show()
        wait_for(
            qtbot,
            "the 5 service tiles",
            lambda: len(window.start.tiles) == 5,
            lambda: sorted(window.start.tiles),
        )
        return window

    yield make
    for window in windows:
        window.exit_kiosk()


@pytest.fixture
def kiosk(make_kiosk: MakeKiosk) -> KioskWindow:
    return make_kiosk()


def touch(qtbot: QtBot, window: KioskWindow, code: str) -> None:
    qtbot.mouseClick(window.start.tiles[code], Qt.MouseButton.LeftButton)


def screen(window: KioskWindow) -> Callable[[], object]:
    """What the citizen sees, for failure messages."""
    return lambda: {
        "page": window.stack.currentWidget().objectName()
        or type(window.stack.currentWidget()).__name__,
        "number": window.confirm.number.text(),
        "banner": window.start.banner.text() if window.start.banner.isVisible() else None,
        "busy": window.controller.busy,
    }


def wait_confirmation(qtbot: QtBot, window: KioskWindow) -> None:
    wait_for(
        qtbot,
        "the confirmation page",
        lambda: window.stack.currentWidget() is window.confirm,
        screen(window),
    )
    wait_for(qtbot, "the kiosk idle again", lambda: not window.controller.busy, screen(window))


def test_touch_shows_number_stores_ticket_and_prints(
    qtbot: QtBot, kiosk: KioskWindow, core_sqlite: Core, printer: RecordingPrinter
) -> None:
    touch(qtbot, kiosk, "B")
    wait_confirmation(qtbot, kiosk)

    assert kiosk.confirm.number.text() == "B-001"
    assert kiosk.confirm.service.text() == "SKCK"
    assert kiosk.confirm.take.isVisibleTo(kiosk.confirm)
    assert not kiosk.confirm.print_failed.isVisibleTo(kiosk.confirm)
    [ticket] = core_sqlite.hall.tickets()
    assert (ticket.display, ticket.priority, ticket.print_state) == (
        "B-001",
        False,
        PrintState.PRINTED,
    )
    [job] = printer.jobs
    assert job.ticket.display == "B-001"
    assert job.data.startswith(b"\x1b@")  # ESC/POS initialise, as a real printer gets it
    assert b"B-001" in job.data


def test_waiting_count_and_estimate_on_the_tile(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    for _ in range(3):
        core_sqlite.queue.issue_ticket("A", printed=False)
    window = make_kiosk()
    tile = window.start.tiles["A"]
    wait_for(
        qtbot, "3 waiting on tile A", lambda: tile.state.waiting == 3, lambda: tile.waiting_text()
    )
    assert tile.waiting_text() == "3 orang di depan Anda"
    assert tile.estimate_text() == wait_text(tile.state.estimate_minutes, "id", "short")
    # every seeded counter also serves B: the three older A tickets are called first
    assert window.start.tiles["B"].waiting_text() == "3 orang di depan Anda"


def test_priority_ticket_in_one_touch_then_reset(
    qtbot: QtBot, kiosk: KioskWindow, core_sqlite: Core
) -> None:
    qtbot.mouseClick(kiosk.start.priority_bar, Qt.MouseButton.LeftButton)
    assert kiosk.controller.priority
    assert kiosk.start.tiles["A"].priority_armed
    touch(qtbot, kiosk, "A")
    wait_confirmation(qtbot, kiosk)

    assert core_sqlite.hall.ticket("A-001").priority is True
    assert kiosk.confirm.priority.isVisibleTo(kiosk.confirm)
    assert kiosk.confirm.priority.text() == "PRIORITAS"
    assert not kiosk.controller.priority  # the next citizen starts without priority
    assert not kiosk.start.priority_bar.isChecked()


def test_language_switch_changes_texts_and_back(qtbot: QtBot, kiosk: KioskWindow) -> None:
    start = kiosk.start
    assert start.prompt.text().startswith("Sentuh layanan")
    assert start.header.lang_button.text() == "English"
    qtbot.mouseClick(start.header.lang_button, Qt.MouseButton.LeftButton)

    assert start.prompt.text() == "Touch the service you need to take a queue number"
    assert start.header.lang_button.text() == "Bahasa Indonesia"
    assert start.priority_bar.title().startswith("Priority: elderly")
    assert start.tiles["A"].waiting_text() == "No queue"
    assert start.header.date.text() == "Monday, 23 November 2026"
    touch(qtbot, kiosk, "E")
    wait_confirmation(qtbot, kiosk)
    assert kiosk.confirm.your_number.text() == "Your queue number"
    assert kiosk.confirm.service.text() == "Information"

    qtbot.mouseClick(kiosk.confirm.done_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is start
    assert start.prompt.text().startswith("Sentuh layanan")  # back to Indonesian
    assert start.header.date.text() == "Senin, 23 November 2026"


def test_closed_and_full_services_show_the_reason_and_issue_nothing(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    core_sqlite.setup.configure_service("C", opens_at=dt.time(13, 0), actor=ADMIN)
    core_sqlite.setup.configure_service("D", daily_quota=1, actor=ADMIN)
    core_sqlite.queue.issue_ticket("D", printed=False)
    window = make_kiosk()
    closed, full = window.start.tiles["C"], window.start.tiles["D"]

    assert not closed.isEnabled() and not full.isEnabled()
    assert "13.00" in closed.state.reason("id")
    assert closed.badge_text() == "TUTUP"
    assert full.badge_text() == "PENUH" and "Kuota" in full.state.reason("id")
    assert "quota" in full.state.reason("en")
    for tile in (closed, full):
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert not window.controller.busy
    assert [t.display for t in core_sqlite.hall.tickets()] == ["D-001"]


def test_service_closing_after_the_screen_was_drawn_is_refused_with_reason(
    qtbot: QtBot, kiosk: KioskWindow, core_sqlite: Core
) -> None:
    core_sqlite.setup.configure_service(
        "C", closes_at=dt.time(7, 0), actor=ADMIN
    )  # the screen still shows C
    touch(qtbot, kiosk, "C")
    wait_for(qtbot, "the refusal banner", lambda: kiosk.start.banner.isVisible(), screen(kiosk))

    assert "ditutup pukul 07.00" in kiosk.start.banner.text()
    assert kiosk.stack.currentWidget() is kiosk.start
    assert core_sqlite.hall.tickets() == []
    wait_for(
        qtbot,
        "tile C disabled",
        lambda: not kiosk.start.tiles["C"].isEnabled(),
        lambda: kiosk.start.tiles["C"].badge_text(),
    )


@pytest.mark.expect_log(r"ticket A-001 not printed: Out of paper")
def test_print_failure_keeps_number_and_admin_reprints_it(
    qtbot: QtBot, kiosk: KioskWindow, core_sqlite: Core, printer: RecordingPrinter
) -> None:
    printer.fail_next(1, PaperOut(Bilingual("Kertas habis.", "Out of paper.")))
    touch(qtbot, kiosk, "A")
    wait_confirmation(qtbot, kiosk)

    assert kiosk.confirm.number.text() == "A-001"
    assert kiosk.confirm.print_failed.isVisibleTo(kiosk.confirm)
    assert "Tiket tidak tercetak" in kiosk.confirm.print_failed.text()
    assert not kiosk.confirm.take.isVisibleTo(kiosk.confirm)
    assert core_sqlite.hall.ticket("A-001").print_state == PrintState.FAILED
    assert printer.jobs == []

    core_sqlite.access.set_kiosk_pin(ADMIN, "1234")
    kiosk.pin_pad.open()
    for key in "1234":
        kiosk.pin_pad.press(key)
    qtbot.mouseClick(kiosk.pin_pad.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the admin panel", lambda: kiosk.admin is not None, screen(kiosk), 5000)
    admin = kiosk.admin
    assert admin is not None and admin.isVisible()

    def failed() -> list[str]:
        return [admin.failed.item(i).text() for i in range(admin.failed.count())]

    wait_for(
        qtbot,
        "one unprinted ticket listed",
        lambda: admin.failed.count() == 1 and admin.failed.item(0).text() != "",
        failed,
    )
    wait_for(qtbot, "A-001 listed", lambda: admin.failed.item(0).text().startswith("A-001"), failed)
    wait_for(
        qtbot,
        "the printer ready",
        lambda: "ready" in admin.printer_label.text(),
        lambda: admin.printer_label.text(),
    )
    admin.failed.itemClicked.emit(admin.failed.item(0))
    assert admin.display == "A-001"
    qtbot.mouseClick(admin.reprint_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the reprint", lambda: len(printer.jobs) == 1, lambda: admin.result.text())

    assert printer.jobs[0].ticket.display == "A-001"
    assert printer.jobs[0].ticket.reprint is True
    wait_for(
        qtbot,
        "the reprint result",
        lambda: "A-001" in admin.result.text(),
        lambda: admin.result.text(),
    )
    assert core_sqlite.hall.ticket("A-001").print_state == PrintState.PRINTED
    assert [t.display for t in core_sqlite.hall.tickets()] == ["A-001"]  # no new number


def test_impatient_tapping_issues_exactly_one_ticket(
    qtbot: QtBot, kiosk: KioskWindow, core_sqlite: Core, printer: RecordingPrinter
) -> None:
    for _ in range(5):
        touch(qtbot, kiosk, "A")
    assert all(not tile.isEnabled() for tile in kiosk.start.tiles.values())
    wait_confirmation(qtbot, kiosk)
    wait_for(
        qtbot,
        "the printing done",
        lambda: not kiosk.controller._desk_runner.busy,
        lambda: f"{kiosk.controller._desk_runner.pending()} task(s) pending",
    )

    assert [t.display for t in core_sqlite.hall.tickets()] == ["A-001"]
    assert len(printer.jobs) == 1
    assert kiosk.controller.touch("A") is True  # the next citizen can touch again


def test_idle_returns_to_start_and_resets(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window = make_kiosk(idle_ms=300)
    qtbot.mouseClick(window.start.header.lang_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.start.priority_bar, Qt.MouseButton.LeftButton)
    window.pin_pad.open()
    assert window.controller.lang == "en" and window.controller.priority

    wait_for(
        qtbot,
        "the idle reset to Indonesian",
        lambda: window.controller.lang == "id",
        lambda: window.controller.lang,
        3000,
    )
    assert not window.controller.priority
    assert not window.pin_pad.isVisible()
    assert window.stack.currentWidget() is window.start


def test_confirmation_returns_to_start_by_itself(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window = make_kiosk(confirm_ms=400)
    touch(qtbot, window, "E")
    wait_confirmation(qtbot, window)
    wait_for(
        qtbot,
        "the start page",
        lambda: window.stack.currentWidget() is window.start,
        screen(window),
        3000,
    )


def test_escape_alt_f4_and_close_are_ignored(qtbot: QtBot, kiosk: KioskWindow) -> None:
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)
    qtbot.keyClick(kiosk.start.tiles["A"], Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert kiosk.close() is False
    event = QCloseEvent()
    kiosk.closeEvent(event)
    assert not event.isAccepted()
    assert kiosk.isVisible()
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_long_press_opens_pin_pad_wrong_pin_refused_right_pin_opens_admin(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    core_sqlite.access.set_kiosk_pin(ADMIN, "1234")
    window = make_kiosk(hold_ms=150)
    name = window.start.header.hall_name
    qtbot.mousePress(name, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the PIN pad", lambda: window.pin_pad.isVisible(), screen(window), 3000)
    qtbot.mouseRelease(name, Qt.MouseButton.LeftButton)

    pad = window.pin_pad
    for key in "9999":
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    assert pad.dots.text() == "● ● ● ●"
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    wait_for(
        qtbot,
        "the refusal",
        lambda: pad.message.text() == "PIN salah. Coba lagi.",
        lambda: pad.message.text(),
        5000,
    )
    assert pad.isVisible() and window.admin is None

    for key in "1234":
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the admin panel", lambda: window.admin is not None, screen(window), 5000)
    assert not pad.isVisible()
    assert window.admin is not None and window.admin.isVisible()

    with signal_within(
        qtbot,
        window.exit_requested,
        "the kiosk to ask to exit",
        lambda: window.admin.isVisible() if window.admin else None,
    ):
        qtbot.mouseClick(window.admin.exit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def _enter_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> str:
    pad = window.pin_pad
    for key in pin:
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    before = pad.message.text()
    pad.message.setText("")
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the answer", lambda: pad.message.text() != "", lambda: before, 5000)
    return pad.message.text()


@pytest.mark.expect_log(r"sign-in locked at .* for 30 s")
def test_the_pin_pad_says_when_no_pin_is_set_and_locks_after_wrong_pins(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core, clock: ManualClock
) -> None:
    window = make_kiosk()
    window.pin_pad.open()
    assert "PIN kios belum diatur" in _enter_pin(qtbot, window, "1234")
    assert "antrean kiosk-pin" in window.pin_pad.message.text()
    core_sqlite.access.set_kiosk_pin(ADMIN, "2468")
    with_wait = ""
    for _ in range(5):
        with_wait = _enter_pin(qtbot, window, "1111")
    assert with_wait == "PIN salah. Coba lagi."  # the 5th wrong PIN locks the next tries
    assert (
        _enter_pin(qtbot, window, "2468") == "Terlalu banyak percobaan. Coba lagi dalam 30 detik."
    )
    assert window.admin is None
    clock.advance(seconds=31)
    for key in "2468":
        qtbot.mouseClick(window.pin_pad.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pin_pad.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the admin panel", lambda: window.admin is not None, screen(window), 5000)


def test_short_press_on_the_hall_name_does_nothing(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window = make_kiosk(hold_ms=150)
    qtbot.mouseClick(window.start.header.hall_name, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(window.hold.held, wait=300):
        pass
    assert not window.pin_pad.isVisible()


def test_admin_panel_warns_when_this_pc_clock_is_behind_the_records(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    window = make_kiosk()
    core_sqlite.queue.issue_ticket("A")
    core_sqlite.clock.advance(minutes=-30)  # type: ignore[attr-defined]
    window.open_admin()
    admin = window.admin
    assert admin is not None
    wait_for(
        qtbot,
        "the clock warning in the admin panel",
        lambda: "terlambat 30 menit" in admin.clock_label.text(),
        admin.clock_label.text,
    )
    assert admin.clock_label.property("role") == "error"
