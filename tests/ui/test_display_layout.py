"""The lobby display fits every hall: a pairwise sample of sizes, counters, names, languages
and fonts, checked with the layout probe (the full sweep: ``tests/ui/display_sweep.py``)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from pytestqt.qtbot import QtBot

from app.bootstrap import Core, build_core
from app.ports import ManualClock
from app.services.snapshots import SnapshotService
from app.settings import DatabaseSettings, Settings
from tests.ui.display_sweep import COUNTERS, FONTS, LANGS, NAMES, SIZES, build_hall, floors
from tests.ui.layout_probe import problems
from ui.common.fonts import FONT_ENV
from ui.common.legibility import DISPLAY_TILE_NUMBER_MIN, floor_px
from ui.display.app import render_display
from ui.display.canvas import TOP_MIN, Canvas, Needs, plan
from ui.display.window import DisplayWindow

MORNING = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def _pairwise() -> list[tuple[tuple[int, int], int, str, str, str]]:
    """Every size with every counter count; names, language and font chosen so that every
    pair of any two factors' values appears at least once (16 renders)."""
    rows = []
    for s, size in enumerate(SIZES):
        for c, counters in enumerate(COUNTERS):
            rows.append(
                (
                    size,
                    counters,
                    NAMES[(s + c) % 2],
                    LANGS[(s // 2 + c) % 2],
                    FONTS[(s + c // 2) % 2],
                )
            )
    return rows


class Halls:
    """One seeded hall per (counters, names), built on first use, shared by the module."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cores: dict[tuple[int, str], Core] = {}

    def get(self, counters: int, names: str) -> Core:
        key = (counters, names)
        if key not in self.cores:
            url = f"sqlite:///{self.folder / f'{counters}-{names}.db'}"
            settings = Settings(database=DatabaseSettings(url=url))
            core = build_core(settings, clock=ManualClock(MORNING))
            build_hall(core, counters, names)
            self.cores[key] = core
        return self.cores[key]

    def close(self) -> None:
        for core in self.cores.values():
            core.close()


@pytest.fixture(scope="module")
def halls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Halls]:
    built = Halls(tmp_path_factory.mktemp("halls"))
    yield built
    built.close()


def render(qtbot: QtBot, core: Core, size: tuple[int, int], lang: str) -> DisplayWindow:
    window = render_display(
        snapshots=SnapshotService.for_engine(core.engine, core.clock),
        clock=core.clock,
        width=size[0],
        height=size[1],
        lang=lang,
    )
    assert isinstance(window, DisplayWindow)
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize(
    ("size", "counters", "names", "lang", "font"),
    _pairwise(),
    ids=lambda v: f"{v[0]}x{v[1]}" if isinstance(v, tuple) else str(v),
)
def test_the_display_fits_the_screen(
    qtbot: QtBot,
    halls: Halls,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    counters: int,
    names: str,
    lang: str,
    font: str,
) -> None:
    if font != "bundled":
        monkeypatch.setenv(FONT_ENV, font)
    core = halls.get(counters, names)
    window = render(qtbot, core, size, lang)
    assert problems(window, floors(size[1]), size=size) == []
    # Every counter is on some page (closed ones may be left out when not all fit).
    seen: set[str] = set()
    for _ in range(window.pages[0]):
        seen |= {t.title.text() for t in window.tiles}
        window.next_page()
        assert problems(window, floors(size[1]), size=size) == []
    open_counters = [c for c in core.hall.counters() if c.state.value != "closed"]
    assert len(seen) >= len(open_counters)
    window.close()


def test_a_4_to_3_screen_is_filled_not_stretched(qtbot: QtBot, halls: Halls) -> None:
    core = halls.get(12, "long")
    window = render(qtbot, core, (1280, 1024), "id")
    assert (window.width(), window.height()) == (1280, 1024)
    assert problems(window, floors(1024), size=(1280, 1024)) == []
    tile = window.tiles[0].value.fitted()
    assert tile.px >= floor_px(DISPLAY_TILE_NUMBER_MIN, 1024)
    window.close()


def test_thirty_counters_page_and_leave_closed_ones_out(qtbot: QtBot, halls: Halls) -> None:
    core = halls.get(30, "short")
    window = render(qtbot, core, (1280, 720), "id")
    pages, _ = window.pages
    assert pages > 1
    titles: list[str] = []
    for _ in range(pages):
        titles += [t.title.text() for t in window.tiles]
        window.next_page()
    assert "LOKET 30" not in titles  # closed, and not all counters fit at once
    assert len(titles) == len(set(titles)) == 29
    window.close()


def test_the_plan_keeps_every_region_on_the_canvas_and_apart(qtbot: QtBot) -> None:
    """Every count of counters and services, with and without banner, status line and
    media, on every screen: regions inside the canvas, none overlapping, a page ≥ 1 item."""
    del qtbot  # only for the QApplication the font metrics need
    for width, height in (*SIZES, (1280, 1024), (2560, 1080)):
        canvas = Canvas(width, height)
        bounds = QRectF(0, 0, canvas.design_w, canvas.design_h)
        for counters, services, flags in itertools.product(
            (1, 4, 9, 17, 30), (0, 1, 6, 26), itertools.product((False, True), repeat=3)
        ):
            banner, status, media = flags
            laid = plan(canvas, Needs(counters, services, banner, status, media))
            regions = [laid.header, laid.call, laid.recent, laid.tiles, laid.chips, laid.marquee]
            regions += [r for r in (laid.banner, laid.status, laid.media) if r is not None]
            where = f"{width}x{height} {counters}c {services}s {flags}"
            assert all(bounds.contains(r) for r in regions), where
            for a, b in itertools.combinations(regions, 2):
                assert not a.intersected(b).isValid() or a.intersected(b).isEmpty(), where
            assert laid.tiles_per_page >= 1 and laid.chips_per_page >= 1, where
            assert laid.call.height() >= TOP_MIN - 1, where
