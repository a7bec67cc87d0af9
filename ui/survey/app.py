"""``run_survey``: the survey screen of one counter; ``render_survey``: one of its steps at a
given size, for screenshots and the layout tests."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEventLoop

from app.services.survey import SurveyContext, SurveyService
from ui.common.application import application
from ui.common.feed import FeedSource
from ui.common.screens import show_full_screen
from ui.survey.window import SurveyTimings, SurveyWindow

log = logging.getLogger(__name__)
STEPS = ("welcome", "invited", "service", "question", "answered", "thanks")
_STILL = SurveyTimings(idle_ms=3_600_000, thanks_ms=3_600_000)


def run_survey(
    survey: SurveyService,
    feed: FeedSource,
    counter: int,
    *,
    lang: str = "id",
    timeout_s: int = 60,
    full_screen: bool = True,
) -> int:
    """Show counter ``counter``'s survey screen and run the event loop until it is closed."""
    app = application()
    window = SurveyWindow(
        survey, feed, counter, lang=lang, timings=SurveyTimings(idle_ms=timeout_s * 1000)
    )
    if full_screen:
        show_full_screen(window)
    else:
        window.resize(1024, 600)
        window.show()
    log.info("survey screen of counter %s started", counter)
    return int(app.exec())


def render_survey(
    step: str,
    survey: SurveyService,
    counter: int,
    *,
    width: int,
    height: int,
    lang: str = "id",
    context: SurveyContext | None = None,
) -> SurveyWindow:
    """The survey of ``counter`` at ``step`` (one of ``STEPS``), exactly ``width``×``height``,
    with the counter's state read synchronously (or ``context``); ready for ``grab()``.

    ``invited``: the welcome screen after the clerk finished a ticket (the counter must have
    one); ``question``: the third element with two answers given; ``answered``: the same
    with its answer chosen. The caller closes the window; its timers are still.
    """
    if step not in STEPS:
        raise ValueError(f"unknown survey step {step!r} (one of {', '.join(STEPS)})")
    application()
    window = SurveyWindow(survey, None, counter, lang=lang, timings=_STILL)
    window.setFixedSize(width, height)
    window.show()
    state = context or survey.survey_context(counter)
    window.apply(state)
    if step == "invited" and state.last_finished is not None:
        window.flow.invite(state.last_finished)
    if step == "service":
        window.flow.abandon()
        window.flow.update(
            SurveyContext(state.counter_number, state.now, state.services, None, None)
        )
        window.flow.start()
    elif step in ("question", "answered", "thanks"):
        window.flow.start()
        if window.flow.target is None:
            window.flow.choose_service(state.services[0])
        if step == "thanks":
            for _ in range(9):
                window.flow.answer(4)
            window.flow.finish()
        else:
            window.flow.answer(4)
            window.flow.answer(3)
            if step == "answered":
                window.flow.answer(4)
                window.flow.back()
    window.show_step()
    for _ in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return window
