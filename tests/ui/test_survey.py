"""The survey screen with pytest-qt on a real SQLite hall: the whole flow, back, language,
the idle timeout that discards, the invitation after the clerk finishes a ticket, and the
layout on small screens in both fonts."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.bootstrap import Core
from app.ports import ManualClock
from app.services.survey import RECENT_MINUTES, ServiceChoice, SurveyContext, SurveyService
from app.storage.models import Feedback
from app.storage.uow import UnitOfWorkFactory
from tests.ui.layout_probe import problems
from ui.common.fonts import BUNDLED_FAMILY, FONT_ENV, WORST_CASE_FAMILY
from ui.common.legibility import KIOSK_TEXT_MIN, KIOSK_TOUCH_MIN, floor_px
from ui.survey.app import STEPS, render_survey
from ui.survey.flow import Step, SurveyFlow
from ui.survey.widgets import BigButton, FaceButton
from ui.survey.window import SurveyTimings, SurveyWindow


def _staff(fn: Callable[..., Any]) -> dict[str, Any]:
    if "actor" not in inspect.signature(fn).parameters:
        return {}
    from app.domain.roles import Actor, Role

    return {"actor": Actor(user_id=None, username="survey-test", role=Role.ADMIN)}


def serve(core: Core, counter: int, code: str = "A") -> str:
    core.queue.issue_ticket(code, printed=False)
    core.queue.call_next(counter, **_staff(core.queue.call_next))
    return core.queue.finish(counter, **_staff(core.queue.finish)).display


@pytest.fixture
def survey(core_sqlite: Core) -> SurveyService:
    return SurveyService(UnitOfWorkFactory(core_sqlite.engine), core_sqlite.clock)


@pytest.fixture
def make_window(
    qtbot: QtBot, core_sqlite: Core, survey: SurveyService
) -> Iterator[Callable[..., SurveyWindow]]:
    made: list[SurveyWindow] = []

    def build(counter: int = 3, *, feed: bool = True, **timings: int) -> SurveyWindow:
        window = SurveyWindow(
            survey,
            core_sqlite.feed if feed else None,
            counter,
            timings=SurveyTimings(**{"idle_ms": 60_000, "thanks_ms": 60_000, **timings}),
        )
        qtbot.addWidget(window)
        window.resize(1024, 600)
        window.show()
        made.append(window)
        if not feed:
            window.apply(survey.survey_context(counter))
        return window

    yield build
    for window in made:
        window.close()


def _rows(core: Core) -> list[tuple[int, int | None, dict[str, int]]]:
    with core.engine.connect() as conn:
        stmt = select(Feedback.service_id, Feedback.ticket_id, Feedback.answers)
        return [(s, t, dict(a)) for s, t, a in conn.execute(stmt)]


def _click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _answer_all(qtbot: QtBot, window: SurveyWindow, scores: list[int]) -> None:
    for score in scores:
        assert window.flow.step is Step.QUESTION
        _click(qtbot, window.faces[score - 1])


def test_invited_after_the_clerk_finishes_and_linked_to_that_ticket(
    qtbot: QtBot, core_sqlite: Core, make_window: Callable[..., SurveyWindow]
) -> None:
    window = make_window(3)
    qtbot.waitUntil(lambda: window.flow.context is not None, timeout=5000)
    assert window.flow.invitation is None
    serve(core_sqlite, counter=1)  # another counter: no invitation here
    number = serve(core_sqlite, counter=3, code="B")
    qtbot.waitUntil(lambda: window.flow.invitation is not None, timeout=5000)
    assert window.flow.invitation is not None and window.flow.invitation.display == number
    assert number in window.invite_text.text()
    _click(qtbot, window.start_button)
    assert window.progress.text() == "1 dari 9"
    _answer_all(qtbot, window, [4, 4, 3, 4, 4, 3, 4, 4, 4])
    assert window.flow.step is Step.THANKS and window.thanks_title.text() == "Terima kasih!"
    qtbot.waitUntil(lambda: window.last_saved is not None, timeout=5000)
    assert window.last_saved is not None and window.last_saved.ticket == number
    assert window.last_saved.service_code == "B"
    [(_service, ticket_id, answers)] = _rows(core_sqlite)
    assert ticket_id is not None and list(answers.values()) == [4, 4, 3, 4, 4, 3, 4, 4, 4]


def test_back_keeps_answers_and_the_first_back_leaves(
    qtbot: QtBot, core_sqlite: Core, make_window: Callable[..., SurveyWindow]
) -> None:
    window = make_window(3, feed=False)
    _click(qtbot, window.start_button)
    assert window.flow.step is Step.SERVICE  # nothing served here lately: ask the service
    _click(qtbot, window.service_buttons[2])
    assert window.flow.target is not None and window.flow.target.service.code == "C"
    _answer_all(qtbot, window, [2, 3])
    assert window.progress.text() == "3 dari 9"
    _click(qtbot, window.back_button)
    assert window.progress.text() == "2 dari 9" and window.faces[2].isChecked()
    _click(qtbot, window.back_button)
    _click(qtbot, window.back_button)
    assert window.flow.step is Step.WELCOME and window.flow.answers == [None] * 9
    assert _rows(core_sqlite) == []


def test_language_switch(qtbot: QtBot, make_window: Callable[..., SurveyWindow]) -> None:
    window = make_window(3, feed=False)
    assert window.title.text() == "Bagaimana pelayanan kami?"
    _click(qtbot, window.lang_button)
    assert window.title.text() == "How was our service?"
    assert window.lang_button.text() == "Bahasa Indonesia"
    _click(qtbot, window.start_button)
    _click(qtbot, window.service_buttons[0])
    assert window.progress.text() == "1 of 9"
    assert window.question.text().startswith("How clear")
    assert [f.text() for f in window.faces] == ["Not good", "Not quite good", "Good", "Very good"]
    _click(qtbot, window.lang_button)
    assert window.progress.text() == "1 dari 9" and window.faces[0].text() == "Tidak baik"
    _click(qtbot, window.lang_button)
    _answer_all(qtbot, window, [4] * 9)
    assert window.thanks_title.text() == "Thank you!"
    window.to_welcome()  # the thank-you screen's time is up: the next citizen, in Indonesian
    assert window.title.text() == "Bagaimana pelayanan kami?"


@pytest.mark.expect_log(r"left unfinished .*answers discarded", level="INFO")
def test_abandoned_survey_times_out_and_stores_nothing(
    qtbot: QtBot, core_sqlite: Core, make_window: Callable[..., SurveyWindow]
) -> None:
    window = make_window(3, feed=False, idle_ms=400)
    _click(qtbot, window.start_button)
    _click(qtbot, window.service_buttons[0])
    _answer_all(qtbot, window, [4, 4, 4, 4])
    assert window.progress.text() == "5 dari 9"
    qtbot.waitUntil(lambda: window.flow.step is Step.WELCOME, timeout=3000)
    assert window.flow.answers == [None] * 9 and window.flow.target is None
    assert window.stack.currentWidget() is window.welcome
    assert _rows(core_sqlite) == []
    # Touches keep it alive: each restarts the timer.
    _click(qtbot, window.start_button)
    _click(qtbot, window.service_buttons[0])
    for _ in range(4):
        qtbot.wait(200)
        _click(qtbot, window.faces[2])
    assert window.flow.step is Step.QUESTION and window.progress.text() == "5 dari 9"


@pytest.mark.expect_log(r"left unfinished .*answers discarded", level="INFO")
def test_an_unanswered_invitation_expires(
    qtbot: QtBot, core_sqlite: Core, make_window: Callable[..., SurveyWindow]
) -> None:
    window = make_window(3, idle_ms=400)
    qtbot.waitUntil(lambda: window.flow.context is not None, timeout=5000)
    serve(core_sqlite, counter=3)
    qtbot.waitUntil(lambda: window.flow.invitation is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.flow.invitation is None, timeout=3000)
    assert "terima kasih sudah dilayani" not in window.invite_text.text()


def test_without_invitation_the_recent_service_is_used_without_the_ticket(
    qtbot: QtBot, core_sqlite: Core, make_window: Callable[..., SurveyWindow]
) -> None:
    serve(core_sqlite, counter=3, code="D")
    window = make_window(3, feed=False)
    _click(qtbot, window.start_button)
    assert window.flow.step is Step.QUESTION  # D finished here just now
    assert window.flow.target is not None and window.flow.target.service.code == "D"
    assert window.flow.target.ticket_id is None
    _answer_all(qtbot, window, [3] * 9)
    qtbot.waitUntil(lambda: window.last_saved is not None, timeout=5000)
    assert window.last_saved is not None and window.last_saved.ticket is None
    # Later than RECENT_MINUTES: the citizen picks the service.
    assert isinstance(core_sqlite.clock, ManualClock)
    core_sqlite.clock.advance(minutes=RECENT_MINUTES + 1)
    later = make_window(3, feed=False)
    _click(qtbot, later.start_button)
    assert later.flow.step is Step.SERVICE


@pytest.mark.expect_log(r"task survey-record", level="ERROR")
def test_a_failed_save_is_said_on_the_thanks_screen(
    qtbot: QtBot, core_sqlite: Core, make_window: Callable[..., SurveyWindow]
) -> None:
    window = make_window(3, feed=False)
    _click(qtbot, window.start_button)
    _click(qtbot, window.service_buttons[0])
    core_sqlite.engine.dispose()
    with core_sqlite.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE feedback")  # a database that lost the table
    _answer_all(qtbot, window, [4] * 9)
    qtbot.waitUntil(lambda: window.save_error is not None, timeout=5000)
    assert window.thanks_title.text() == "Maaf"


def test_flow_only_completes_with_nine_answers() -> None:
    flow = SurveyFlow()
    with pytest.raises(ValueError):
        flow.answer(4)
    assert flow.start() is Step.SERVICE  # nothing known about the counter
    with pytest.raises(ValueError):
        flow.finish()


SIZES = ((1024, 600), (800, 1280), (1280, 800))


@pytest.mark.parametrize("font", [BUNDLED_FAMILY, WORST_CASE_FAMILY])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_step_fits_small_screens(
    core_sqlite: Core,
    survey: SurveyService,
    size: tuple[int, int],
    font: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(FONT_ENV, font)
    serve(core_sqlite, counter=3)
    short = min(size)
    floors = {"*": floor_px(KIOSK_TEXT_MIN, short)}
    touch = KIOSK_TOUCH_MIN * short
    for lang in ("id", "en"):
        for step in STEPS:
            window = render_survey(step, survey, 3, width=size[0], height=size[1], lang=lang)
            try:
                found = problems(window, floors, size=size)
                assert not found, f"{step} {lang}: {found}"
                buttons = [
                    b
                    for b in window.findChildren(BigButton) + window.findChildren(FaceButton)
                    if b.isVisibleTo(window)
                ]
                assert buttons, step
                small = [b.text() for b in buttons if min(b.width(), b.height()) < touch]
                assert not small, f"{step} {lang}: touch targets below {touch:.0f} px: {small}"
                elided = [i.item.shown for i in _items(window) if i.item.elided]
                assert not elided, f"{step} {lang}: elided {elided}"
            finally:
                window.close()


NINE = (
    ("A", "Surat Izin Mengemudi Baru dan Perpanjang", "New and renewed driving licences (SIM)"),
    ("B", "Surat Keterangan Catatan Kepolisian Baru", "Police clearance certificate (SKCK)"),
    ("C", "Izin Keramaian dan Kegiatan Masyarakat", "Permits for public events and gatherings"),
    ("D", "Laporan Polisi dan Pengaduan Masyarakat", "Police reports and public complaints"),
    ("E", "Informasi", "Information"),
    ("F", "Laporan Kehilangan Barang dan Dokumen", "Reports of lost items and documents"),
    ("G", "Pengambilan Barang Bukti", "Collecting evidence items"),
    ("H", "Rekomendasi Izin Senjata Api Olahraga", "Sport firearm permit recommendations"),
    ("I", "Konsultasi Hukum", "Legal advice"),
)


@pytest.mark.parametrize("count", [2, 5, 9, 12])  # one service is never asked
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_counter_serving_many_services_still_fits(
    survey: SurveyService, size: tuple[int, int], count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FONT_ENV, WORST_CASE_FAMILY)
    names = [NINE[i % len(NINE)] for i in range(count)]
    services = tuple(
        ServiceChoice(chr(65 + i), name_id, name_en)
        for i, (_, name_id, name_en) in enumerate(names)
    )
    context = survey.survey_context(3)
    many = SurveyContext(3, context.now, services, None, None)
    short = min(size)
    for lang in ("id", "en"):
        window = render_survey("service", survey, 3, width=size[0], height=size[1], lang=lang,
                               context=many)  # fmt: skip
        try:
            assert len(window.service_buttons) == count
            assert not problems(window, {"*": floor_px(KIOSK_TEXT_MIN, short)}, size=size)
            low = [b.text() for b in window.service_buttons
                   if min(b.width(), b.height()) < KIOSK_TOUCH_MIN * short]  # fmt: skip
            assert not low, low
        finally:
            window.close()


def _items(window: SurveyWindow) -> list[Any]:
    from tests.ui.layout_probe import collect

    return list(collect(window))
