"""How the kiosk places its tiles and which services it offers: pure rules, no window."""

from __future__ import annotations

import math

import pytest

from app.domain.model import CounterState, CounterView, ServiceStatus
from app.services.offer import NotOffered, counter_gap
from ui.kiosk.grid import TileBounds, plan_grid, tile_rects

BOUNDS = TileBounds(min_w=380, min_h=170, ideal_w=580, ideal_h=240, spacing=14)


@pytest.mark.parametrize(
    ("count", "width", "height", "columns", "pages"),
    [
        (1, 1840, 600, 1, 1),
        (5, 1840, 600, 3, 1),  # two rows of three, the last one centred
        (9, 1840, 600, 3, 1),
        (26, 1840, 550, 3, 3),  # 3 rows fit; 4 columns would still need 3 pages: larger tiles
        (5, 1000, 1300, 1, 1),  # portrait: one wide tile a row
        (26, 1000, 1300, 2, 2),
    ],
)
def test_plan_prefers_fewer_pages_then_tiles_near_the_ideal(
    count: int, width: int, height: int, columns: int, pages: int
) -> None:
    plan = plan_grid(count, width, height, BOUNDS)
    assert (plan.columns, plan.pages) == (columns, pages)
    assert plan.tile_w >= BOUNDS.min_w and plan.tile_h >= BOUNDS.min_h
    assert plan.pages == math.ceil(count / plan.per_page)


@pytest.mark.parametrize("count", [1, 2, 5, 7, 9, 12, 26])
@pytest.mark.parametrize("size", [(1216, 400), (1840, 560), (1000, 1300), (660, 800)])
def test_tiles_never_overlap_and_stay_inside(count: int, size: tuple[int, int]) -> None:
    width, height = size
    plan = plan_grid(count, width, height, BOUNDS)
    shown = min(count, plan.per_page)
    rects = tile_rects(plan, shown, width, height, BOUNDS)
    assert len(rects) == shown
    for i, (x, y, w, h) in enumerate(rects):
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def _status(code: str, open_counters: int, served: int = 0) -> ServiceStatus:
    return ServiceStatus(
        code=code,
        name_id=code,
        name_en=code,
        waiting=0,
        waiting_priority=0,
        issued_today=served,
        served_today=served,
        open_counters=open_counters,
        estimate_minutes=None,
        is_open_now=True,
        closed_reason=None,
    )


def _counter(number: int, state: CounterState, *codes: str) -> CounterView:
    return CounterView(number, number, f"Loket {number}", state, True, codes)


def test_a_service_is_offered_while_an_open_counter_serves_it() -> None:
    assert counter_gap(_status("A", 1), []) is None


def test_why_a_service_is_not_offered() -> None:
    counters = [
        _counter(1, CounterState.PAUSED, "A"),
        _counter(2, CounterState.CLOSED, "B", "C"),
    ]
    on_break = counter_gap(_status("A", 0), counters)
    not_yet = counter_gap(_status("B", 0), counters)
    closed = counter_gap(_status("C", 0, served=4), counters)
    nobody = counter_gap(_status("D", 0), counters)
    assert on_break is not None and on_break.why is NotOffered.ON_BREAK
    assert not_yet is not None and not_yet.why is NotOffered.NOT_OPEN_YET
    assert not_yet.reason_id.startswith("Loket belum buka")
    assert closed is not None and closed.why is NotOffered.COUNTER_CLOSED
    assert nobody is not None and nobody.why is NotOffered.NOT_OPEN_YET
