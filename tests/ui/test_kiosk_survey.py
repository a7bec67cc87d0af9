"""The IKM survey on the kiosk: off by default; a served citizen picks or types their ticket,
answers the nine elements on the survey's own screens; one survey a ticket; the kiosk's idle
timeout forgets half answers and returns to issuing (offscreen, real SQLite)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.bootstrap import Core
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from app.storage.models import Feedback
from hardware.printer.recording import RecordingPrinter
from tests.services.test_survey import GOOD, serve
from tests.ui.waits import wait_for
from ui.kiosk.window import KioskTimings, KioskWindow
from ui.survey.flow import Step
from ui.survey.kiosk import KioskSurvey, kiosk_survey

SLOW = 3_600_000
MakeKiosk = Callable[..., KioskWindow]


@pytest.fixture
def make_kiosk(qtbot: QtBot, core_sqlite: Core, printer: RecordingPrinter) -> Iterator[MakeKiosk]:
    windows: list[KioskWindow] = []

    def make(*, survey: bool = True, idle_ms: int = SLOW) -> KioskWindow:
        timings = KioskTimings(idle_ms=idle_ms, confirm_ms=SLOW, refresh_ms=SLOW)
        desk = TicketDesk(core_sqlite.queue, core_sqlite.hall, printer)
        window = KioskWindow(
            desk,
            core_sqlite.hall,
            KioskSettings(survey=survey, survey_minutes=30),
            core_sqlite.clock,
            timings=timings,
            survey=kiosk_survey(core_sqlite.survey),
        )
        windows.append(window)
        window.resize(1280, 800)
        window.show()
        wait_for(
            qtbot, "the service tiles", lambda: len(window.start.tiles) == 5, window.start.tiles
        )
        return window

    yield make
    for window in windows:
        window.exit_kiosk()


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def stored(core: Core) -> list[tuple[int | None, dict[str, int]]]:
    with core.engine.connect() as conn:
        return [(t, dict(a)) for t, a in conn.execute(select(Feedback.ticket_id, Feedback.answers))]


def test_off_by_default(make_kiosk: MakeKiosk) -> None:
    window = make_kiosk(survey=False)
    assert window.survey is None and window.start.survey_button.isHidden()


def test_pick_a_served_ticket_answer_nine_and_back_to_issuing(
    qtbot: QtBot, core_sqlite: Core, make_kiosk: MakeKiosk
) -> None:
    number = serve(core_sqlite, "B", counter=2)
    window = make_kiosk()
    assert window.start.survey_button.isVisible()
    click(qtbot, window.start.survey_button)
    survey = window.survey
    assert isinstance(survey, KioskSurvey) and window.stack.currentWidget() is survey
    wait_for(
        qtbot, "the served ticket offered", lambda: len(survey.recent_buttons) == 1, survey.recent
    )
    assert number in survey.recent_buttons[0].text()
    click(qtbot, survey.recent_buttons[0])
    assert survey.flow.step is Step.QUESTION and survey.progress.text() == "1 dari 9"
    for score in GOOD:  # the same face buttons as `antrean survey`
        click(qtbot, survey.faces[score - 1])
    wait_for(qtbot, "the answers stored", lambda: survey.last_saved is not None, survey.save_error)
    assert survey.last_saved is not None and survey.last_saved.ticket == number
    [(ticket_id, answers)] = stored(core_sqlite)
    assert ticket_id is not None and list(answers.values()) == GOOD
    survey.thanks_timer.timeout.emit()  # the thank-you screen's time is up
    assert window.stack.currentWidget() is window.start
    # the ticket is rated: not offered again, and typed it is refused politely
    click(qtbot, window.start.survey_button)
    wait_for(qtbot, "the list read", lambda: not survey.loading, survey.recent)
    assert survey.recent_buttons == []
    for key in ("B", "1", "OK"):
        click(qtbot, survey.keys[key] if key in survey.keys else _letter(survey, key))
    wait_for(
        qtbot,
        "the refusal",
        lambda: "sudah mengisi survei" in survey.message_label.text(),
        survey.message_label.text,
    )
    assert survey.flow.step is Step.TICKET and len(stored(core_sqlite)) == 1


def _letter(survey: KioskSurvey, code: str) -> QWidget:
    return next(b for b in survey.letter_keys if b.text() == code)


def test_typed_number_then_idle_timeout_stores_nothing(
    qtbot: QtBot, core_sqlite: Core, make_kiosk: MakeKiosk
) -> None:
    number = serve(core_sqlite, "A", counter=1)  # "A-001"
    core_sqlite.clock.advance(minutes=45)  # too long ago to be offered: typed instead
    window = make_kiosk(idle_ms=400)
    survey = window.survey
    assert isinstance(survey, KioskSurvey)
    click(qtbot, window.start.survey_button)
    wait_for(qtbot, "the list read", lambda: not survey.loading, survey.recent)
    assert survey.recent_buttons == [] and "30 menit" in survey.recent_note.text()
    click(qtbot, _letter(survey, "A"))
    click(qtbot, survey.keys["1"])
    assert survey.typed_label.text() == "A-1"
    click(qtbot, survey.keys["OK"])
    wait_for(
        qtbot,
        "the first element",
        lambda: survey.flow.step is Step.QUESTION,
        survey.message_label.text,
    )
    assert survey.flow.target is not None and survey.flow.target.ticket_display == number
    for score in GOOD[:4]:
        click(qtbot, survey.faces[score - 1])
    assert survey.progress.text() == "5 dari 9"
    wait_for(
        qtbot,
        "the start screen after the idle time",
        lambda: window.stack.currentWidget() is window.start,
        lambda: survey.flow.step,
    )
    assert survey.flow.step is Step.WELCOME and survey.flow.answers == [None] * 9
    with core_sqlite.engine.connect() as conn:
        assert conn.scalar(select(func.count(Feedback.id))) == 0
    # issuing was never blocked: a ticket right away
    click(qtbot, window.start.tiles["A"])
    wait_for(
        qtbot, "the confirmation", lambda: window.stack.currentWidget() is window.confirm, None
    )
