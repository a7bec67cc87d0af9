"""Every kiosk size from the screen it is shown on: one unit, a text floor, a touch floor.

The kiosk is designed on a 1080 px short side (a 1920×1080 landscape or a 1080×1920 portrait
screen); ``px(base)`` scales a design size to this screen. Text never goes below ``floor``
(``KIOSK_TEXT_MIN`` of the shorter side) and nothing a citizen touches is smaller than
``touch`` (``KIOSK_TOUCH_MIN`` of the shorter side), whatever the scale gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QFontMetricsF

from ui.common.fit import make_font
from ui.common.fonts import ui_family
from ui.common.legibility import KIOSK_TEXT_MIN, KIOSK_TOUCH_MIN, floor_px
from ui.common.theme import Metrics

DESIGN_SHORT_SIDE = 1080


@dataclass(frozen=True, slots=True)
class KioskSizes:
    width: int = 1920
    height: int = 1080

    @property
    def short(self) -> int:
        return max(1, min(self.width, self.height))

    @property
    def unit(self) -> float:
        return self.short / DESIGN_SHORT_SIDE

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def floor(self) -> int:
        """The smallest text on this screen, px."""
        return floor_px(KIOSK_TEXT_MIN, self.short)

    @property
    def touch(self) -> int:
        """The smallest side of anything touchable on this screen, px."""
        return math.ceil(KIOSK_TOUCH_MIN * self.short)

    @property
    def metrics(self) -> Metrics:
        return Metrics(round(self.unit, 3))

    def px(self, base: float) -> int:
        return max(1, round(base * self.unit))

    def text(self, base: float) -> int:
        """A design text size on this screen, never below the floor."""
        return max(self.floor, self.px(base))

    def touch_px(self, base: float) -> int:
        """A design size for something touchable, never below the touch floor."""
        return max(self.touch, self.px(base))


def line_height(px: int, bold: bool = False) -> float:
    """The height of one line of text at ``px`` in the product's font, px."""
    return _line_height(ui_family(), px, bold)


@lru_cache(maxsize=512)
def _line_height(family: str, px: int, bold: bool) -> float:
    del family  # part of the cache key: make_font draws with the current family
    return QFontMetricsF(make_font(px, bold=bold)).height()


def lines_height(px: int, lines: int, *, bold: bool = False) -> int:
    return math.ceil(line_height(px, bold) * lines) + 1
