"""Where the service tiles go: how many columns and rows, how many pages.

Pure geometry, so it is tested without a screen. The plan keeps every tile at least
``min_w``×``min_h`` (what its texts need at the legibility floor) and prefers, in order:
fewer pages, then tiles closest to the ideal size. A short last row is centred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Rect = tuple[int, int, int, int]  # x, y, width, height


@dataclass(frozen=True, slots=True)
class GridPlan:
    columns: int
    rows: int
    pages: int
    tile_w: int
    tile_h: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True, slots=True)
class TileBounds:
    min_w: int
    min_h: int
    ideal_w: int
    ideal_h: int
    spacing: int
    max_columns: int = 4


def _fit(available: int, minimum: int, spacing: int) -> int:
    return max(0, (available + spacing) // (minimum + spacing))


def plan_grid(count: int, width: int, height: int, b: TileBounds) -> GridPlan:
    """The best grid for ``count`` tiles in ``width``×``height`` px (at least one tile)."""
    count = max(1, count)
    max_rows = max(1, _fit(height, b.min_h, b.spacing))
    max_cols = max(1, min(b.max_columns, _fit(width, b.min_w, b.spacing), count))
    best: tuple[tuple[int, float, int], GridPlan] | None = None
    for columns in range(1, max_cols + 1):
        rows = min(max_rows, math.ceil(count / columns))
        pages = math.ceil(count / (columns * rows))
        tile_w = (width - (columns - 1) * b.spacing) // columns
        tile_h = (height - (rows - 1) * b.spacing) // rows
        score = min(tile_w / b.ideal_w, 1.0) * min(tile_h / b.ideal_h, 1.0)
        key = (pages, -round(score, 3), columns)
        plan = GridPlan(columns, rows, pages, tile_w, tile_h)
        if best is None or key < best[0]:
            best = (key, plan)
    assert best is not None
    return best[1]


def tile_rects(plan: GridPlan, shown: int, width: int, height: int, b: TileBounds) -> list[Rect]:
    """Rectangles for the ``shown`` tiles of one page inside ``width``×``height``.

    Tiles larger than 1.8× the ideal width or 1.6× the ideal height are capped and the block
    is centred, so one or two services do not become wall-sized buttons.
    """
    tile_w = min(plan.tile_w, round(b.ideal_w * 1.8))
    tile_h = min(plan.tile_h, round(b.ideal_h * 1.6))
    rows = max(1, math.ceil(shown / plan.columns))
    block_h = rows * tile_h + (rows - 1) * b.spacing
    top = max(0, (height - block_h) // 2)
    rects: list[Rect] = []
    for row in range(rows):
        in_row = min(plan.columns, shown - row * plan.columns)
        row_w = in_row * tile_w + (in_row - 1) * b.spacing
        left = max(0, (width - row_w) // 2)
        y = top + row * (tile_h + b.spacing)
        for col in range(in_row):
            rects.append((left + col * (tile_w + b.spacing), y, tile_w, tile_h))
    return rects
