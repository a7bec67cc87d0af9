"""Screenshots of the survey screen for the docs (see ``docs/make_screenshots.py``).

The steps on a small landscape screen (1024×600), a portrait tablet (800×1280) and a
1280×800 panel, in Indonesian and English, after counter 3 finished ticket A-001.
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
from ui.survey.app import render_survey

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
    finally:
        core.close()
    return written
