"""Every window fills exactly the screen it is given and shows every text whole or elided,
large enough and with enough contrast, in every hall shape (issue 10's matrix).

The space: {kiosk, display, counter} × {1280×720, 1366×768, 1920×1080, 3840×2160, kiosk
portrait 1080×1920} × {1, 5, 9, 26 services} × {1, 5, 12, 30 counters} × {short, 40-character
names} × {id, en} × {Atkinson Hyperlegible, DejaVu Sans}. CI runs an all-pairs sample of it
(``allpairspy``, deterministic); ``python -m tests.ui.layout_sweep`` walks all of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from allpairspy import AllPairs
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.bootstrap import Core
from app.ports import ManualClock
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from app.storage.engine import sqlite_url
from hardware.printer.recording import RecordingPrinter
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.ui.hall_shapes import Shape, shape_hall
from tests.ui.layout_probe import problems
from tests.ui.windows import counter_services
from ui.common.fonts import BUNDLED_FAMILY, FONT_ENV, WORST_CASE_FAMILY
from ui.common.legibility import (
    DISPLAY_LABEL_MIN,
    DISPLAY_MARQUEE_MIN,
    DISPLAY_TILE_NUMBER_MIN,
    KIOSK_TEXT_MIN,
    STAFF_TEXT_MIN_PX,
    floor_px,
)

WINDOWS = ("kiosk", "display", "counter")
SIZES = ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (1080, 1920))
SERVICES = (1, 5, 9, 26)
COUNTERS = (1, 5, 12, 30)
NAMES = (False, True)
LANGS = ("id", "en")
FONTS = (BUNDLED_FAMILY, WORST_CASE_FAMILY)
MORNING = dt.datetime(2026, 11, 23, 2, 30, tzinfo=dt.UTC)  # 09:30 WIB, a busy Monday


@dataclass(frozen=True)
class Case:
    window: str
    size: tuple[int, int]
    shape: Shape
    lang: str
    font: str

    def __str__(self) -> str:
        font = "dejavu" if self.font == WORST_CASE_FAMILY else "bundled"
        return f"{self.window}-{self.size[0]}x{self.size[1]}-{self.shape}-{self.lang}-{font}"


def sizes_for(window: str) -> tuple[tuple[int, int], ...]:
    """Portrait is a kiosk-only size (a lobby TV and a clerk's monitor are landscape)."""
    return SIZES if window == "kiosk" else tuple(s for s in SIZES if s[0] > s[1])


def all_cases() -> Iterator[Case]:
    for window in WINDOWS:
        for size, services, counters, long_names, lang, font in itertools.product(
            sizes_for(window), SERVICES, COUNTERS, NAMES, LANGS, FONTS
        ):
            yield Case(window, size, Shape(services, counters, long_names), lang, font)


def pairwise_cases() -> list[Case]:
    """Every pair of values of every two dimensions, per window (deterministic)."""
    cases = []
    for window in WINDOWS:
        rows = AllPairs(
            [
                list(sizes_for(window)),
                list(SERVICES),
                list(COUNTERS),
                list(NAMES),
                list(LANGS),
                list(FONTS),
            ]
        )
        cases += [
            Case(window, size, Shape(svc, ctr, long_names), lang, font)
            for size, svc, ctr, long_names, lang, font in rows
        ]
    return cases


def floors(window: str, size: tuple[int, int]) -> dict[str, int]:
    """The smallest pixel size each kind of text may have on this window and screen."""
    width, height = size
    if window == "display":
        return {
            "tile-number": floor_px(DISPLAY_TILE_NUMBER_MIN, height),
            "marquee": floor_px(DISPLAY_MARQUEE_MIN, height),
            "*": floor_px(DISPLAY_LABEL_MIN, height),
        }
    if window == "kiosk":
        return {"*": floor_px(KIOSK_TEXT_MIN, min(width, height))}
    return {"*": STAFF_TEXT_MIN_PX}


def render(core: Core, case: Case) -> QWidget:
    width, height = case.size
    if case.window == "display":
        from ui.display.app import render_display

        return render_display(
            snapshots=core.snapshots,
            clock=core.clock,
            width=width,
            height=height,
            lang=case.lang,
        )
    if case.window == "kiosk":
        from ui.kiosk.app import render_kiosk

        desk = TicketDesk(core.queue, core.hall, RecordingPrinter())
        return render_kiosk(
            desk,
            core.hall,
            KioskSettings(),
            core.clock,
            width=width,
            height=height,
            lang=case.lang,
        )
    from ui.counter.app import render_counter

    user = core.users.add_user(ADMIN, "petugas1", "rahasia123")
    return render_counter(
        counter_services(core), 1, user, width=width, height=height, lang=case.lang
    )


def check(case: Case, folder: Path, save: Path | None = None) -> list[str]:
    """Build ``case``'s hall on a fresh SQLite file, render its window, return the problems."""
    core = make_core(sqlite_url(folder / f"{case}.db"), ManualClock(MORNING))
    try:
        shape_hall(core, case.shape)
        window = render(core, case)
        try:
            QApplication.processEvents()
            if save is not None:
                window.grab().save(str(save / f"{case}.png"))
            return problems(window, floors(case.window, case.size), size=case.size)
        finally:
            window.close()
            window.deleteLater()
            # processEvents() leaves deferred deletes queued: a sweep would keep every window
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        core.close()


@pytest.mark.parametrize("case", pairwise_cases(), ids=str)
def test_window_fits_the_screen_in_every_hall_shape(
    case: Case, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qapp
    monkeypatch.setenv(FONT_ENV, case.font)
    found = check(case, tmp_path)
    assert not found, f"{case}:\n" + "\n".join(found)
