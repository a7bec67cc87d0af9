"""Screenshots of the survey screen for the docs (see ``docs/make_screenshots.py``).

The steps on a small landscape screen (1024×600), a portrait tablet (800×1280) and a
1280×800 panel, in Indonesian and English, after counter 3 finished ticket A-001; and the
survey on the kiosk (``survey-kiosk-*``, 1920×1080 and portrait 1080×1920): the ticket step
with the tickets just served and the keypad, a rated ticket typed again, an element.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop

# A tool may use the composition root's unit-of-work factory (not re-exported there).
from app.bootstrap import Core, UnitOfWorkFactory  # type: ignore[attr-defined]
from app.services.survey import SurveyService
from ui.survey.app import _STILL, render_survey
from ui.survey.kiosk import KioskSurvey

SMALL = (1024, 600)
PORTRAIT = (800, 1280)
PANEL = (1280, 800)
COUNTER = 3
SHOTS: tuple[tuple[str, str, tuple[int, int], str], ...] = (
    ("welcome", "id", SMALL, "welcome"),
    ("invited", "id", SMALL, "invited"),
    ("question", "id", SMALL, "question"),
    ("answered", "id", SMALL, "answered"),
    ("service", "id", SMALL, "service"),
    ("thanks", "id", SMALL, "thanks"),
    ("question", "en", SMALL, "question-en"),
    ("invited", "id", PORTRAIT, "invited-portrait"),
    ("question", "id", PORTRAIT, "question-portrait"),
    ("question", "en", PANEL, "question-panel-en"),
    ("service", "en", PANEL, "service-panel-en"),
)


def _staff(fn: Callable[..., Any]) -> dict[str, Any]:
    """An administrator for a guarded queue use case, when it asks for one."""
    if "actor" not in inspect.signature(fn).parameters:
        return {}
    from app.domain.roles import Actor, Role

    return {"actor": Actor(user_id=None, username="screenshots", role=Role.ADMIN)}


def served_ticket(core: Core, counter: int = COUNTER, code: str = "A") -> None:
    """Issue a ticket of ``code`` and have ``counter`` call and finish it."""
    core.queue.issue_ticket(code, printed=False)
    core.queue.call_next(counter, **_staff(core.queue.call_next))
    core.queue.finish(counter, **_staff(core.queue.finish))


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    core = core_factory()
    written: list[Path] = []
    try:
        served_ticket(core)
        survey = SurveyService(UnitOfWorkFactory(core.engine), core.clock)
        for step, lang, (width, height), name in SHOTS:
            window = render_survey(step, survey, COUNTER, width=width, height=height, lang=lang)
            for _ in range(3):
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            path = out_dir / f"survey-{name}.png"
            window.grab().save(str(path))
            written.append(path)
            window.close()
            window.deleteLater()
        written += _kiosk(out_dir, core, survey)
    finally:
        core.close()
    return written


def _settle(ms: int = 60) -> None:
    for _ in range(ms // 20):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _wait(condition: Callable[[], bool]) -> None:
    for _ in range(250):
        if condition():
            return
        _settle(20)
    raise RuntimeError("the kiosk survey did not answer in time")


def _kiosk(out_dir: Path, core: Core, survey: SurveyService) -> list[Path]:
    for counter, code in ((1, "B"), (2, "A"), (4, "D")):
        served_ticket(core, counter, code)
    rated = survey.recently_served(30)[-1]  # A-001, rated at the counter's screen already
    survey.record(rated.service.code, [4] * 9, ticket=rated.ticket_id)
    window = KioskSurvey(survey, minutes=30, timings=_STILL)
    written: list[Path] = []
    try:
        window.setFixedSize(1920, 1080)
        window.show()
        window.open("id", ["A", "B", "C", "D", "E"])
        _wait(lambda: not window.loading)
        written.append(_grab(window, out_dir / "survey-kiosk-ticket.png"))
        for key in ("A", "1", "OK"):
            (window.keys.get(key) or window.letter_keys[0]).click()
        _wait(lambda: bool(window.message))
        written.append(_grab(window, out_dir / "survey-kiosk-rated.png"))
        window.setFixedSize(1080, 1920)
        written.append(_grab(window, out_dir / "survey-kiosk-ticket-portrait.png"))
        window.recent_buttons[0].click()
        written.append(_grab(window, out_dir / "survey-kiosk-question-portrait.png"))
        window.setFixedSize(1920, 1080)
        window.faces[3].click()
        written.append(_grab(window, out_dir / "survey-kiosk-question.png"))
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
    return written


def _grab(window: KioskSurvey, path: Path) -> Path:
    _settle()
    window.grab().save(str(path))
    return path
