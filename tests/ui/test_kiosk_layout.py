"""The kiosk start screen fits every screen and hall: a sample of issue 10's matrix.

{1280×720, 1366×768, 1920×1080, 3840×2160, 1080×1920, 720×1280} × {1, 5, 9, 26 services} ×
{short, 40-character names} × {id, en} × {the bundled font, DejaVu Sans}, every pair of
values at least once (``allpairspy``, deterministic). ``tests/ui/kiosk_sweep.py`` walks all
of it by hand. Each case renders with ``render_kiosk`` and must pass
``layout_probe.problems``: the window is the screen, no text overlaps another, every text
fits or ends in "…", nothing is below the kiosk's text floor, contrast holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from allpairspy import AllPairs
from PySide6.QtWidgets import QApplication, QWidget

from app.bootstrap import Core
from app.ports import ManualClock
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from hardware.printer.recording import RecordingPrinter
from tests.conftest import make_core
from tests.support.databases import sqlite_file_url
from tests.ui.kiosk_sweep import COUNTS, LANGS, MORNING, NAMES, SIZES, hall_with
from tests.ui.layout_probe import problems
from ui.common.fonts import BUNDLED_FAMILY, FONT_ENV, WORST_CASE_FAMILY
from ui.common.legibility import KIOSK_TEXT_MIN, KIOSK_TOUCH_MIN, floor_px
from ui.kiosk.app import render_kiosk
from ui.kiosk.window import KioskWindow

FONTS = (BUNDLED_FAMILY, WORST_CASE_FAMILY)


@dataclass(frozen=True)
class Case:
    size: tuple[int, int]
    services: int
    names: str
    lang: str
    font: str

    def __str__(self) -> str:
        font = "dejavu" if self.font == WORST_CASE_FAMILY else "bundled"
        w, h = self.size
        return f"{w}x{h}-{self.services}svc-{self.names}-{self.lang}-{font}"


CASES = [
    Case(size, services, names, lang, font)
    for size, services, names, lang, font in AllPairs(
        [list(SIZES), list(COUNTS), list(NAMES), list(LANGS), list(FONTS)]
    )
]


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Core]:
    core = make_core(sqlite_file_url(tmp_path), ManualClock(MORNING.astimezone(dt.UTC)))
    try:
        yield core
    finally:
        core.close()


def kiosk_at(core: Core, case: Case) -> KioskWindow:
    desk = TicketDesk(core.queue, core.hall, RecordingPrinter(), case.lang)
    width, height = case.size
    window = render_kiosk(
        desk, core.hall, KioskSettings(), core.clock, width=width, height=height, lang=case.lang
    )
    assert isinstance(window, KioskWindow)
    return window


def close(window: QWidget) -> None:
    window.close()
    window.deleteLater()
    QApplication.processEvents()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_start_screen_fits(case: Case, hall: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_ENV, case.font)
    codes = hall_with(hall, case.services, case.names)
    for code in codes[:3]:
        hall.queue.issue_ticket(code, printed=False)
    window = kiosk_at(hall, case)
    try:
        width, height = case.size
        short = min(width, height)
        found = problems(window, {"*": floor_px(KIOSK_TEXT_MIN, short)}, size=case.size)
        assert not found, f"{case}:\n" + "\n".join(found)
        touch = KIOSK_TOUCH_MIN * short
        start = window.start
        small = [
            w.objectName()
            for w in (*start.tiles.values(), start.priority_bar, start.header.lang_button)
            if w.isVisible() and min(w.width(), w.height()) < touch
        ]
        assert not small, f"{case}: touch targets under {touch:.0f} px: {small}"
    finally:
        close(window)
