"""The display's virtual canvas: every region laid out on a 1920×1080 design, scaled uniformly.

The TV may be 1280×720, 1366×768, 3840×2160 or 4:3: the design is scaled by one factor, so
the picture is the same everywhere. A screen of another aspect is not letterboxed: the canvas
grows in the longer direction (1280×1024 is a 1920×1536 design) and the regions that
stretch (the call panel, the number of tile columns) take the extra room. Text is
not scaled as a picture: each text is fitted at the screen's own pixel sizes between its
design size and the legibility floor of that screen (``ui.common.legibility``), so it stays
sharp and never falls below the floor.

``plan`` decides how many tile rows, chip rows and recent-call rows fit, from the floors:
nothing here can grow the window, whatever the counts and texts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QFontMetricsF

from ui.common.fit import make_font
from ui.common.legibility import (
    DISPLAY_LABEL_MIN,
    DISPLAY_MARQUEE_MIN,
    DISPLAY_TILE_NUMBER_MIN,
    floor_px,
)

DESIGN_W, DESIGN_H = 1920, 1080
MARGIN = 28  # left and right of the body
GAP = 14  # between tiles, chips and regions
HEADER_H = 128
GOLD_LINE = 6
MARQUEE_H = 86
STRIP_H = 50  # the banner and the staff status line
TOP_MIN = 230  # the call panel and the recent calls never get less
TILE_ROWS_MAX = 3
CHIP_ROWS_MAX = 2
RECENT_ROWS_MAX = 5
LINE = 1.28  # a text line's height for a font size, with room for accents


@dataclass(frozen=True, slots=True)
class Canvas:
    """A screen ``width``×``height`` and the design mapped onto it."""

    width: int
    height: int

    @property
    def scale(self) -> float:
        return min(self.width / DESIGN_W, self.height / DESIGN_H)

    @property
    def design_w(self) -> float:
        """The canvas width in design units (1920, more on a wider screen)."""
        return self.width / self.scale

    @property
    def design_h(self) -> float:
        """The canvas height in design units (1080, more on a taller screen)."""
        return self.height / self.scale

    @property
    def origin(self) -> tuple[float, float]:
        return 0.0, 0.0

    def rect(self, r: QRectF) -> QRect:
        """The screen pixels of the design rectangle ``r`` (edges rounded, so neighbours
        share their edge and nothing leaks past the screen)."""
        s, (ox, oy) = self.scale, self.origin
        left, top = round(ox + r.left() * s), round(oy + r.top() * s)
        right, bottom = round(ox + r.right() * s), round(oy + r.bottom() * s)
        return QRect(left, top, max(1, right - left), max(1, bottom - top))

    def px(self, design: float) -> int:
        """A design size in screen pixels."""
        return max(1, round(design * self.scale))

    # --- legibility floors, in screen pixels, and the same in design units -------------
    @property
    def tile_floor(self) -> int:
        return floor_px(DISPLAY_TILE_NUMBER_MIN, self.height)

    @property
    def label_floor(self) -> int:
        return floor_px(DISPLAY_LABEL_MIN, self.height)

    @property
    def marquee_floor(self) -> int:
        return floor_px(DISPLAY_MARQUEE_MIN, self.height)

    def sizes(self, design_max: float, floor: int) -> tuple[int, int]:
        """``(max_px, min_px)`` for a text ``design_max`` high on the design, never below
        ``floor`` screen pixels."""
        return max(self.px(design_max), floor), floor

    def design(self, screen_px: float) -> float:
        return screen_px / self.scale

    def line(self, floor: int) -> float:
        """The design height of one line of text at the screen size ``floor``."""
        return self.design(QFontMetricsF(make_font(floor, bold=True)).height()) * 1.06

    def width_of(self, text: str, floor: int, *, bold: bool = True) -> float:
        """The design width of ``text`` at the screen size ``floor``."""
        return self.design(QFontMetricsF(make_font(floor, bold=bold)).horizontalAdvance(text))


@dataclass(frozen=True, slots=True)
class Plan:
    """Where each region goes on the design, and how many items each shows at once."""

    header: QRectF
    banner: QRectF | None
    call: QRectF
    media: QRectF | None
    recent: QRectF
    recent_rows: int
    tiles: QRectF
    tile_rows: int
    tile_columns: int
    chips: QRectF
    chip_rows: int
    chip_columns: int
    status: QRectF | None
    marquee: QRectF

    @property
    def tiles_per_page(self) -> int:
        return self.tile_rows * self.tile_columns

    @property
    def chips_per_page(self) -> int:
        return self.chip_rows * self.chip_columns


@dataclass(frozen=True, slots=True)
class Needs:
    """What the display must show: counts and the widest texts a tile must hold."""

    counters: int
    services: int
    banner: bool = False
    status: bool = False
    media: bool = False
    tile_text: str = "M-888"  # the widest ticket number
    tile_title: str = "LOKET 30"  # the widest counter title in the display's language
    chip_text: str = "188 menunggu  ·  ± 88 menit"  # a long detail line of a service chip


def tile_size(canvas: Canvas, needs: Needs) -> tuple[float, float]:
    """The smallest design width and height a counter tile can have at this screen's floors."""
    pad = 12.0
    width = max(
        canvas.width_of(needs.tile_text, canvas.tile_floor),
        canvas.width_of(needs.tile_title, canvas.label_floor),
    )
    height = canvas.line(canvas.tile_floor) + canvas.line(canvas.label_floor) + 2 * 6
    return width + 2 * pad + 4, height


def plan(canvas: Canvas, needs: Needs) -> Plan:
    """Lay the regions out for ``needs`` on this screen (pure: no widget is touched)."""
    full_w, full_h = canvas.design_w, canvas.design_h
    width = full_w - 2 * MARGIN
    tile_w, tile_min_h = tile_size(canvas, needs)
    chip_h = 2 * canvas.line(canvas.label_floor) + 14
    strip_h = max(STRIP_H, canvas.line(canvas.label_floor) + 8)
    marquee_h = max(MARQUEE_H, canvas.line(canvas.marquee_floor) + 6)
    columns_max = max(1, int((width + GAP) // (tile_w + GAP)))
    chip_w = max(400.0, canvas.width_of(needs.chip_text, canvas.label_floor, bold=False) + 44)
    chip_columns_max = max(1, int((width + GAP) // (chip_w + GAP)))
    counters, services = max(1, needs.counters), max(0, needs.services)

    header_h = max(HEADER_H, canvas.line(canvas.label_floor) / 0.4 + 18)
    fixed = header_h + GOLD_LINE + GAP + GAP + marquee_h
    fixed += (strip_h + GAP) if needs.banner else 0
    fixed += (strip_h + GAP) if needs.status else 0
    room = full_h - fixed  # for the top area, tiles and chips

    tile_rows = min(TILE_ROWS_MAX, math.ceil(counters / columns_max))
    chip_rows = min(CHIP_ROWS_MAX, max(1, math.ceil(services / chip_columns_max)))

    def tiles_height(rows: int) -> float:
        tile_h = max(tile_min_h, {1: 150.0, 2: 126.0}.get(rows, tile_min_h))
        return rows * tile_h + (rows - 1) * GAP

    def chips_height(rows: int) -> float:
        return rows * chip_h + (rows - 1) * GAP

    # Give up chip rows first, then tile rows (the rest pages), until the top area fits.
    while room - tiles_height(tile_rows) - chips_height(chip_rows) - 2 * GAP < TOP_MIN:
        if chip_rows > 1:
            chip_rows -= 1
        elif tile_rows > 1:
            tile_rows -= 1
        else:
            break
    tile_columns = min(columns_max, math.ceil(counters / tile_rows))
    chip_columns = min(chip_columns_max, max(1, math.ceil(services / chip_rows)))

    y = header_h + GOLD_LINE + GAP
    header = QRectF(0, 0, full_w, header_h)
    banner = None
    if needs.banner:
        banner = QRectF(0, y - GAP, full_w, strip_h)
        y += strip_h
    top_h = room - tiles_height(tile_rows) - chips_height(chip_rows) - 2 * GAP
    top = QRectF(MARGIN, y, width, top_h)
    y += top_h + GAP
    tiles = QRectF(MARGIN, y, width, tiles_height(tile_rows))
    y += tiles.height() + GAP
    chips = QRectF(MARGIN, y, width, chips_height(chip_rows))
    y += chips.height() + GAP
    status = None
    if needs.status:
        status = QRectF(MARGIN, y, width, strip_h)
    marquee = QRectF(0, full_h - marquee_h, full_w, marquee_h)

    share = (0.44, 0.30, 0.26) if needs.media else (0.60, 0.0, 0.40)
    call_w = (width - GAP * (2 if needs.media else 1)) * share[0]
    media_w = (width - 2 * GAP) * share[1]
    call = QRectF(top.left(), top.top(), call_w, top_h)
    media = None
    if needs.media:
        media = QRectF(call.right() + GAP, top.top(), media_w, top_h)
    recent_left = (media.right() if media else call.right()) + GAP
    recent = QRectF(recent_left, top.top(), top.right() - recent_left, top_h)
    head = canvas.line(canvas.label_floor) + 24
    row = canvas.line(canvas.tile_floor) + 4
    recent_rows = max(0, min(RECENT_ROWS_MAX, int((top_h - head) // row)))
    return Plan(
        header=header,
        banner=banner,
        call=call,
        media=media,
        recent=recent,
        recent_rows=recent_rows,
        tiles=tiles,
        tile_rows=tile_rows,
        tile_columns=tile_columns,
        chips=chips,
        chip_rows=chip_rows,
        chip_columns=chip_columns,
        status=status,
        marquee=marquee,
    )


def grid(area: QRectF, rows: int, columns: int, count: int, *, max_width: float) -> list[QRectF]:
    """``count`` cells of a ``rows``×``columns`` grid in ``area`` (row by row), each at most
    ``max_width`` wide, the grid centred horizontally."""
    if count <= 0 or rows <= 0 or columns <= 0:
        return []
    used_rows = min(rows, math.ceil(count / columns))
    cell_w = min(max_width, (area.width() - (columns - 1) * GAP) / columns)
    cell_h = (area.height() - (rows - 1) * GAP) / rows
    per_row = min(columns, count)
    left = area.left() + (area.width() - (per_row * cell_w + (per_row - 1) * GAP)) / 2
    top = area.top() + (area.height() - (used_rows * cell_h + (used_rows - 1) * GAP)) / 2
    cells = []
    for i in range(min(count, rows * columns)):
        r, c = divmod(i, columns)
        cells.append(QRectF(left + c * (cell_w + GAP), top + r * (cell_h + GAP), cell_w, cell_h))
    return cells
