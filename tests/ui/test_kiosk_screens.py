"""What a citizen meets at the kiosk beyond the happy path: services no counter serves,
a printer problem, a technical failure, many services over several pages, the hall's logo,
and the confirmation's layout when the ticket did not print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.domain.errors import PaperOut
from app.domain.wording import Bilingual
from app.ports import PrinterState, PrinterStatus
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from hardware.printer.recording import RecordingPrinter
from tests.support.actors import ADMIN
from tests.ui.kiosk_sweep import hall_with
from tests.ui.layout_probe import problems
from tests.ui.waits import wait_for
from ui.common.fonts import BUNDLED_FAMILY, FONT_ENV, WORST_CASE_FAMILY
from ui.common.legibility import KIOSK_TEXT_MIN, KIOSK_TOUCH_MIN, floor_px
from ui.kiosk.window import KioskTimings, KioskWindow

SLOW = 3_600_000
MakeKiosk = Callable[..., KioskWindow]


@pytest.fixture
def make_kiosk(qtbot: QtBot, core_sqlite: Core, printer: RecordingPrinter) -> Iterator[MakeKiosk]:
    windows: list[KioskWindow] = []

    def make(
        size: tuple[int, int] = (1920, 1080), logo: bytes | None = None, **timing: int
    ) -> KioskWindow:
        timings = KioskTimings(
            idle_ms=SLOW,
            confirm_ms=timing.get("confirm_ms", SLOW),
            refresh_ms=SLOW,
            printer_ms=SLOW,
        )
        desk = TicketDesk(core_sqlite.queue, core_sqlite.hall, printer)
        settings = KioskSettings()
        window = KioskWindow(
            desk, core_sqlite.hall, settings, core_sqlite.clock, timings=timings, logo=logo
        )
        windows.append(window)
        window.setFixedSize(*size)
        window.show()
        wait_for(qtbot, "the tiles", lambda: bool(window.start.tiles), lambda: window.start.tiles)
        return window

    yield make
    for window in windows:
        window.exit_kiosk()


def refreshed(qtbot: QtBot, window: KioskWindow) -> None:
    """Re-read the hall and wait until the screen shows it."""
    seen = window.controller.snapshot
    window.controller.refresh()
    wait_for(
        qtbot,
        "the hall re-read",
        lambda: window.controller.snapshot is not seen,
        lambda: window.controller.snapshot,
    )


def layout_problems(window: KioskWindow) -> list[str]:
    short = min(window.width(), window.height())
    floors = {"*": floor_px(KIOSK_TEXT_MIN, short)}
    return problems(window, floors, size=(window.width(), window.height()))


def window_rect(window: KioskWindow, widget: object) -> QRect:
    assert hasattr(widget, "mapTo") and hasattr(widget, "rect")
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.rect().size())


# --- services no counter serves ---------------------------------------------------------------
def test_service_no_open_counter_serves_is_greyed_with_a_plain_reason(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    for number in range(1, 6):
        core_sqlite.setup.assign_services(number, ["A", "B", "C", "D"], actor=ADMIN)
    window = make_kiosk()
    tile = window.start.tiles["E"]

    assert not tile.state.available and not tile.isEnabled()
    assert tile.badge_text() == "BELUM BUKA"
    assert tile.state.reason("id").startswith("Loket belum buka")
    assert tile.state.reason("en").startswith("The counter is not open yet")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert not window.controller.busy
    assert core_sqlite.hall.tickets() == []
    assert layout_problems(window) == []

    core_sqlite.setup.assign_services(5, ["E"], actor=ADMIN)
    core_sqlite.hall.pause_counter(5, actor=ADMIN)
    refreshed(qtbot, window)
    assert tile.badge_text() == "ISTIRAHAT" and not tile.isEnabled()
    assert "istirahat" in tile.state.reason("id")

    core_sqlite.hall.resume_counter(5, actor=ADMIN)
    refreshed(qtbot, window)
    assert tile.state.available and tile.isEnabled()


def test_counter_closed_after_serving_says_it_is_closed(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    core_sqlite.queue.issue_ticket("E", printed=False)
    core_sqlite.queue.call_next(1, actor=ADMIN)
    core_sqlite.queue.start(1, actor=ADMIN)
    core_sqlite.queue.finish(1, actor=ADMIN)  # E has served someone today
    for number in range(1, 6):
        core_sqlite.setup.assign_services(number, ["A", "B", "C", "D"], actor=ADMIN)
    window = make_kiosk()
    tile = window.start.tiles["E"]
    assert tile.badge_text() == "TUTUP"
    assert tile.state.reason("id").startswith("Loket layanan ini sedang tutup")


# --- the printer --------------------------------------------------------------------------------
def test_printer_problem_is_on_the_start_screen_until_it_is_solved(
    qtbot: QtBot, make_kiosk: MakeKiosk, printer: RecordingPrinter
) -> None:
    window = make_kiosk()
    notice = window.start.printer_notice
    assert not notice.isVisible()

    printer.set_status(PrinterStatus(PrinterState.PAPER_OUT, "paper end sensor"))
    window.controller.check_printer()
    wait_for(qtbot, "the printer notice", notice.isVisible, notice.text)
    assert notice.text().startswith("Kertas tiket sedang habis")
    assert "paper" not in notice.text()  # no technical words for the citizen
    assert layout_problems(window) == []
    grid = window_rect(window, window.start.grid_host)
    assert not window_rect(window, notice).intersects(grid)  # it never covers the tiles

    qtbot.mouseClick(window.start.header.lang_button, Qt.MouseButton.LeftButton)
    assert notice.text().startswith("The ticket printer is out of paper")

    printer.set_status(PrinterStatus(PrinterState.READY))
    window.controller.check_printer()
    wait_for(qtbot, "the notice gone", lambda: not notice.isVisible(), notice.text)


@pytest.mark.expect_log(r"ticket A-001 not printed")
def test_failed_print_warns_the_next_citizen_and_stays_longer_on_screen(
    qtbot: QtBot, make_kiosk: MakeKiosk, printer: RecordingPrinter
) -> None:
    window = make_kiosk(confirm_ms=2000)
    printer.set_status(PrinterStatus(PrinterState.UNKNOWN, "cannot tell"))
    printer.fail_next(1, PaperOut(Bilingual("Kertas habis.", "Out of paper.")))
    qtbot.mouseClick(window.start.tiles["A"], Qt.MouseButton.LeftButton)
    wait_for(
        qtbot,
        "the confirmation",
        lambda: window.stack.currentWidget() is window.confirm and not window.controller.busy,
        lambda: window.stack.currentWidget(),
    )
    assert window.confirm.print_failed.isVisible()
    assert window.confirm.seconds_left >= 14  # 2 s when it prints; time to note the number
    for size in ((1280, 720), (1080, 1920), (720, 1280), (3840, 2160)):
        window.setFixedSize(*size)
        assert layout_problems(window) == [], size

    window.confirm.done_button.click()
    notice = window.start.printer_notice
    wait_for(qtbot, "the printer notice", notice.isVisible, notice.text)
    assert "catat atau foto" in notice.text()
    # It arrived while the confirmation was showing; the start screen still made room for it.
    grid = window_rect(window, window.start.grid_host)
    assert not window_rect(window, notice).intersects(grid)
    assert layout_problems(window) == []


@pytest.mark.expect_log(r"kiosk could not issue a ticket: The computer's clock says 06-01-2020")
def test_a_technical_failure_is_told_in_plain_words(
    qtbot: QtBot, make_kiosk: MakeKiosk, core_sqlite: Core
) -> None:
    window = make_kiosk()
    core_sqlite.clock.set(dt.datetime(2020, 1, 6, 1, 0, tzinfo=dt.UTC))  # type: ignore[attr-defined]
    qtbot.mouseClick(window.start.tiles["A"], Qt.MouseButton.LeftButton)
    banner = window.start.banner
    wait_for(qtbot, "the refusal", banner.isVisible, banner.text)
    assert banner.text().startswith("Maaf, nomor antrean belum dapat diberikan")
    assert "2020" not in banner.text() and "clock" not in banner.text().lower()
    assert layout_problems(window) == []
    grid = window_rect(window, window.start.grid_host)
    assert not window_rect(window, banner).intersects(grid)


# --- many services ------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 720), (1080, 1920), (720, 1280)], ids=str)
def test_every_service_can_be_read_and_touched_page_by_page(
    qtbot: QtBot,
    make_kiosk: MakeKiosk,
    core_sqlite: Core,
    printer: RecordingPrinter,
    size: tuple[int, int],
) -> None:
    codes = hall_with(core_sqlite, 26, "long")
    window = make_kiosk(size)
    start = window.start
    wait_for(qtbot, "26 tiles", lambda: len(start.tiles) == 26, lambda: len(start.tiles))
    pages = start.plan.pages
    assert pages > 1
    assert start.pager.label.text() == f"Halaman 1 dari {pages}"
    touch = KIOSK_TOUCH_MIN * min(size)
    seen: list[str] = []
    for page in range(pages):
        assert layout_problems(window) == [], f"page {page + 1}"
        shown = start.visible_codes()
        seen += shown
        grid = window_rect(window, start.grid_host)
        for code in shown:
            rect = window_rect(window, start.tiles[code])
            assert grid.contains(rect), code
            assert min(rect.width(), rect.height()) >= touch, code
        for button in (start.pager.previous, start.pager.next):
            assert min(button.width(), button.height()) >= touch
        assert start.pager.next.isEnabled() == (page < pages - 1)
        if page < pages - 1:
            qtbot.mouseClick(start.pager.next, Qt.MouseButton.LeftButton)
    assert seen == codes  # every service once, in the hall's order
    assert start.pager.label.text() == f"Halaman {pages} dari {pages}"

    qtbot.mouseClick(start.tiles["Z"], Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the ticket", lambda: bool(printer.jobs), lambda: window.controller.busy)
    assert printer.jobs[0].ticket.display == "Z-001"
    window.confirm.done_button.click()
    assert start.page == 0  # the next citizen starts on the first page


def test_few_services_need_no_pages(make_kiosk: MakeKiosk) -> None:
    window = make_kiosk((1366, 768))
    assert window.start.plan.pages == 1
    assert not window.start.pager.isVisible()
    assert window.start.visible_codes() == ["A", "B", "C", "D", "E"]


# --- the logo -----------------------------------------------------------------------------------
def _png(colour: str, size: int = 64) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt wants str
    return bytes(data.data())


def test_the_hall_logo_is_in_the_header(make_kiosk: MakeKiosk) -> None:
    window = make_kiosk(logo=_png("#00A000"))
    emblem = window.start.header.emblem
    image = emblem.pixmap().toImage()
    assert image.width() > 40
    assert image.pixelColor(image.width() // 2, image.height() // 2) == QColor("#00A000")


def test_an_svg_logo_is_drawn_too(make_kiosk: MakeKiosk) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10" fill="#0000ff"/></svg>'
    )
    window = make_kiosk(logo=svg)
    image = window.start.header.emblem.pixmap().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2) == QColor("#0000ff")


@pytest.mark.expect_log(r"the hall logo cannot be read")
def test_an_unreadable_logo_falls_back_to_the_emblem(make_kiosk: MakeKiosk) -> None:
    window = make_kiosk(logo=b"not a picture")
    assert not window.start.header.emblem.pixmap().isNull()


# --- the confirmation ---------------------------------------------------------------------------
@pytest.mark.expect_log(r"ticket A-001 not printed")
@pytest.mark.parametrize("font", [BUNDLED_FAMILY, WORST_CASE_FAMILY])
def test_confirmation_fits_every_screen_with_a_long_name_in_both_languages(
    qtbot: QtBot,
    make_kiosk: MakeKiosk,
    core_sqlite: Core,
    printer: RecordingPrinter,
    monkeypatch: pytest.MonkeyPatch,
    font: str,
) -> None:
    monkeypatch.setenv(FONT_ENV, font)
    hall_with(core_sqlite, 5, "long")
    window = make_kiosk()
    qtbot.mouseClick(window.start.priority_bar, Qt.MouseButton.LeftButton)
    printer.fail_next(1, PaperOut(Bilingual("Kertas habis.", "Out of paper.")))
    qtbot.mouseClick(window.start.tiles["A"], Qt.MouseButton.LeftButton)
    wait_for(
        qtbot,
        "the confirmation",
        lambda: window.stack.currentWidget() is window.confirm and not window.controller.busy,
        lambda: window.stack.currentWidget(),
    )
    assert window.confirm.priority.isVisible() and window.confirm.print_failed.isVisible()
    for lang in ("id", "en"):
        window.translations.switch(lang)
        window.confirm.show_result(window.confirm.result, lang)  # type: ignore[arg-type]
        for size in ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (1080, 1920)):
            window.setFixedSize(*size)
            assert layout_problems(window) == [], (lang, size)
    window.translations.switch("id")


@pytest.mark.expect_log("after printing, The printer is out of paper")
@pytest.mark.expect_log("not printed after all: The printer is out of paper")
def test_paper_out_found_after_the_ticket_printed_warns_the_next_citizen(
    qtbot: QtBot, core_sqlite: Core
) -> None:
    """A real ESC/POS printer (on a loopback listener) that runs out of paper with this
    ticket: the citizen saw "take your ticket", the next one is told before touching."""
    from hardware.printer.escpos_printer import EscposTicketPrinter
    from hardware.printer.uri import parse_printer_uri
    from tests.hardware.conftest import FakeNetworkPrinter

    server = FakeNetworkPrinter()
    server.status_after_cut = server.PAPER_OUT
    server.delay_after_cut_s = 0.1
    printer = EscposTicketPrinter(parse_printer_uri(server.uri("timeout=2")))
    desk = TicketDesk(core_sqlite.queue, core_sqlite.hall, printer)
    timings = KioskTimings(idle_ms=SLOW, confirm_ms=SLOW, refresh_ms=SLOW, printer_ms=SLOW)
    window = KioskWindow(
        desk, core_sqlite.hall, KioskSettings(), core_sqlite.clock, timings=timings
    )
    try:
        window.setFixedSize(1366, 768)
        window.show()
        wait_for(qtbot, "the tiles", lambda: bool(window.start.tiles), lambda: None)
        qtbot.mouseClick(window.start.tiles["A"], Qt.MouseButton.LeftButton)
        wait_for(
            qtbot,
            "the confirmation",
            lambda: window.stack.currentWidget() is window.confirm,
            lambda: window.stack.currentWidget(),
        )
        assert window.confirm.take.isVisible()  # the paper came out as far as anyone knew
        wait_for(
            qtbot,
            "the late paper-out",
            lambda: window.controller.printer_state == "paper",
            lambda: window.controller.printer_state,
        )
        window.confirm.done_button.click()
        notice = window.start.printer_notice
        assert notice.isVisible() and notice.text().startswith("Kertas tiket sedang habis")
    finally:
        window.exit_kiosk()
        desk.close()
        server.close()
