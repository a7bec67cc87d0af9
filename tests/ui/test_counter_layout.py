"""The counter window fits every hall: sizes 1280×720 … 3840×2160, 1–30 counters, 1–26
services with short or 40-character names, Indonesian and English, the bundled font and
DejaVu Sans (the widest common sans-serif).

A fixed sample covers every pair of values of the matrix (``CASES``); the full sweep is
``tests/ui/counter_sweep.py``. Each case builds a real SQLite hall, renders counter 1 with
``render_counter`` and asks ``layout_probe.problems``: the window equals the screen, no two
texts overlap, every text fits or ends in "…", nothing is below the staff floor, contrast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.cli.gui_cmds import counter_services
from app.ports import ManualClock
from app.services.users import UserView
from tests.conftest import MORNING, make_core
from tests.support.actors import ADMIN
from tests.support.databases import sqlite_file_url
from tests.ui.layout_probe import problems
from ui.common.fonts import FONT_ENV, WORST_CASE_FAMILY
from ui.common.legibility import STAFF_TEXT_MIN_PX
from ui.common.theme import PALETTE
from ui.counter.app import render_counter
from ui.counter.window import CounterWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SIZES = ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160))
COUNTERS = (1, 5, 12, 30)
SERVICES = (1, 5, 26)
NAMES = ("short", "long")
LANGS = ("id", "en")
FONTS = ("bundled", "dejavu")
LONG_ID = "Permohonan Surat Keterangan Kepolisian"  # + " X": 40 characters
LONG_EN = "Application for police clearance, SKCK"
LONG_CLERK = "bripka.sari.wulandari.kusumawati.putri"


@dataclass(frozen=True)
class Hall:
    counters: int
    services: int
    names: str

    @property
    def codes(self) -> list[str]:
        return [chr(ord("A") + i) for i in range(self.services)]


@dataclass(frozen=True)
class Case:
    size: tuple[int, int]
    hall: Hall
    lang: str
    font: str

    def __str__(self) -> str:
        h = self.hall
        w, ht = self.size
        return f"{w}x{ht}-{h.counters}c-{h.services}s-{h.names}-{self.lang}-{self.font}"


def service_name(code: str, lang: str, names: str) -> str:
    if names == "long":
        name = f"{LONG_ID if lang == 'id' else LONG_EN} {code}"
        assert len(name) == 40
        return name
    return f"Layanan {code}" if lang == "id" else f"Service {code}"


def build_hall(core: Core, hall: Hall) -> UserView:
    """Counters 1..N, services A.. with their names, counter 1 serving all of them, a queue
    with priority tickets, and a ticket being served at counter 1."""
    core.setup.seed_typical(counters=hall.counters)
    for code in hall.codes:
        if hall.names == "long" or code > "E":
            core.setup.configure_service(
                code,
                name_id=service_name(code, "id", hall.names),
                name_en=service_name(code, "en", hall.names),
                actor=ADMIN,
            )
    for code in "ABCDE"[hall.services :]:
        core.setup.configure_service(code, active=False, actor=ADMIN)
    core.setup.assign_services(1, hall.codes, actor=ADMIN)
    codes = hall.codes
    for i in range(24):
        core.queue.issue_ticket(codes[(i * 7) % len(codes)], priority=i % 5 == 2)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.start(1, actor=ADMIN)
    name = LONG_CLERK if hall.names == "long" else "bripka.sari"
    return core.users.add_user(ADMIN, name, "rahasia123")


def render(core: Core, user: UserView, case: Case) -> QWidget:
    width, height = case.size
    return render_counter(
        counter_services(core), 1, user, width=width, height=height, lang=case.lang
    )


def _pairwise() -> list[Case]:
    """Cases covering every pair of values of the six factors (greedy all-pairs)."""
    import itertools

    factors: list[tuple[object, ...]] = [SIZES, COUNTERS, SERVICES, NAMES, LANGS, FONTS]
    wanted = {
        (i, a, j, b)
        for i, j in itertools.combinations(range(len(factors)), 2)
        for a in factors[i]
        for b in factors[j]
    }
    pairs = list(itertools.combinations(range(len(factors)), 2))
    combos = list(itertools.product(*factors))
    cases: list[tuple[object, ...]] = []
    while wanted:  # take the combination that covers the most pairs not yet covered
        best = max(combos, key=lambda c: len({(i, c[i], j, c[j]) for i, j in pairs} & wanted))
        cases.append(best)
        wanted -= {(i, best[i], j, best[j]) for i, j in pairs}
    return [
        Case(c[0], Hall(c[1], c[2], c[3]), c[4], c[5])  # type: ignore[arg-type]
        for c in cases
    ]


CASES = _pairwise()


@pytest.fixture(scope="module")
def halls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Hall, tuple[Core, UserView]]]:
    built: dict[Hall, tuple[Core, UserView]] = {}
    yield built
    for core, _ in built.values():
        core.close()


def hall_core(
    halls: dict[Hall, tuple[Core, UserView]], hall: Hall, folder: Path
) -> tuple[Core, UserView]:
    if hall not in halls:
        clock = ManualClock(MORNING.astimezone(dt.UTC))
        core = make_core(sqlite_file_url(folder), clock, seed=False)
        halls[hall] = core, build_hall(core, hall)
    return halls[hall]


def check(core: Core, user: UserView, case: Case, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What is wrong with counter 1's window in ``case`` (empty: nothing)."""
    if case.font == "dejavu":
        monkeypatch.setenv(FONT_ENV, WORST_CASE_FAMILY)
    else:
        monkeypatch.delenv(FONT_ENV, raising=False)
    window = render(core, user, case)
    try:
        return problems(window, {"*": STAFF_TEXT_MIN_PX}, size=case.size)
    finally:
        window.close()


def test_the_sample_covers_every_pair_of_the_matrix() -> None:
    factors = [
        (SIZES, lambda c: c.size),
        (COUNTERS, lambda c: c.hall.counters),
        (SERVICES, lambda c: c.hall.services),
        (NAMES, lambda c: c.hall.names),
        (LANGS, lambda c: c.lang),
        (FONTS, lambda c: c.font),
    ]
    for i, (values_a, of_a) in enumerate(factors):
        for values_b, of_b in factors[i + 1 :]:
            seen = {(of_a(c), of_b(c)) for c in CASES}
            assert seen == {(a, b) for a in values_a for b in values_b}
    assert len(CASES) <= 30


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_counter_window_fits(
    qtbot: QtBot,
    halls: dict[Hall, tuple[Core, UserView]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: Case,
) -> None:
    core, user = hall_core(halls, case.hall, tmp_path)
    assert check(core, user, case, monkeypatch) == []


def test_render_counter_shows_the_state_at_exactly_the_size_asked(
    qtbot: QtBot, halls: dict[Hall, tuple[Core, UserView]], tmp_path: Path
) -> None:
    core, user = hall_core(halls, Hall(5, 5, "short"), tmp_path)
    for width, height in ((1280, 720), (2560, 1440)):
        window = render_counter(counter_services(core), 1, user, width=width, height=height)
        try:
            assert (window.width(), window.height()) == (width, height)
            assert window.isVisible() and not window.isFullScreen()
            image = window.grab()
            assert (image.width(), image.height()) == (width, height)
            assert isinstance(window, CounterWindow) and window.snapshot is not None
            current = window.snapshot.current
            assert current is not None and window.ticket_number.text().startswith(current.display)
            assert window.table.rowCount() == 23
        finally:
            window.close()


def test_priority_tickets_are_named_above_the_list_without_scrolling(
    qtbot: QtBot, tmp_path: Path
) -> None:
    core = make_core(sqlite_file_url(tmp_path), ManualClock(MORNING.astimezone(dt.UTC)))
    try:
        for i in range(40):
            core.queue.issue_ticket("AB"[i % 2], priority=i in (31, 36, 38))
        user = core.users.add_user(ADMIN, "bripka.sari", "rahasia123")
        window = render_counter(counter_services(core), 1, user, width=1280, height=720)
        assert isinstance(window, CounterWindow)
        try:
            banner = window.priority_banner
            assert banner.text() == "★ 3 prioritas menunggu: B-016 · A-019 · A-020"
            background = banner.background()
            assert background is not None and background.name() == PALETTE.gold.lower()
            (item,) = banner.text_items()
            assert not item.elided and window.rect().contains(item.rect)
            table = window.table
            cells = [table.item(r, 0) for r in range(40)]
            texts = [c.text() for c in cells if c is not None]
            last = cells[-1]
            assert last is not None
            assert not table.viewport().rect().contains(table.visualItemRect(last))  # it scrolls
            marked = [t for t in texts if "★" in t]
            assert sorted(marked) == ["★ A-019", "★ A-020", "★ B-016"]  # marked in the list too
        finally:
            window.close()
    finally:
        core.close()


def test_an_empty_queue_in_english(qtbot: QtBot, tmp_path: Path) -> None:
    core = make_core(sqlite_file_url(tmp_path), ManualClock(MORNING.astimezone(dt.UTC)))
    try:
        user = core.users.add_user(ADMIN, "clerk", "rahasia123")
        window = render_counter(counter_services(core), 1, user, width=1366, height=768, lang="en")
        assert isinstance(window, CounterWindow)
        try:
            assert window.waiting_title.text() == "Waiting: 0"
            assert window.priority_banner.text() == "No priority tickets waiting"
            assert window.empty_note.text() == (
                "No one is waiting yet. New numbers will appear here."
            )
            assert window.ticket_service.text().startswith("No one is waiting yet")
            assert window.logout_button.text() == "Switch clerk"
            assert problems(window, {"*": STAFF_TEXT_MIN_PX}, size=(1366, 768)) == []
        finally:
            window.close()
    finally:
        core.close()
