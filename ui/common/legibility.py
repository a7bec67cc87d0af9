"""How large and how contrasted text must be, as numbers the layouts use and the tests check.

Sizes are fractions of the **screen height** (landscape) so they hold at every resolution.
Sources: a 43" 16:9 TV is 53.5 cm high; at 5 m, text needs a cap height of about 1/200 of
the distance for comfortable reading (signage practice, cf. ADA 2010 §703.5.5 for visual
characters: 15.9 mm minimum plus 3.2 mm per 305 mm beyond 1.8 m) — about 2.5% of that screen
for the smallest labels; ticket numbers are what people look for, so they are larger.
Contrast follows WCAG 2.1 success criterion 1.4.3 (4.5:1 for body text).
"""

from __future__ import annotations

from typing import Final

# Lobby display (a TV read from up to 5 m), pixel height of the font / screen height.
DISPLAY_TILE_NUMBER_MIN: Final = 0.045  # the ticket number on each counter tile
DISPLAY_LABEL_MIN: Final = 0.025  # counter names, service row, headings, clock
DISPLAY_MARQUEE_MIN: Final = 0.04  # the running text at the bottom

# Kiosk (a touch screen read at arm's length by citizens, the elderly included).
KIOSK_TEXT_MIN: Final = 0.022  # smallest text, fraction of the screen's shorter side
KIOSK_TOUCH_MIN: Final = 0.08  # smallest touch target side, fraction of the shorter side

# Staff windows (counter, admin) on a desktop monitor at 60 cm: an absolute floor.
STAFF_TEXT_MIN_PX: Final = 13

# WCAG 2.1 SC 1.4.3: every text against what is behind it, closed tiles included.
CONTRAST_MIN: Final = 4.5


def floor_px(fraction: float, screen_height: int) -> int:
    """The smallest font pixel size ``fraction`` allows on a screen ``screen_height`` px high."""
    return max(1, -(-round(fraction * screen_height * 1000) // 1000))
