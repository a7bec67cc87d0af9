"""The look of every Antrean window: police blue, white and a gold accent, high contrast.

Sizes are given for a 1920×1080 screen and scaled with ``Metrics.px`` so that the same
layout works on 1280×800 panels and 1080×1920 portrait kiosks. ``base_qss`` styles the common
widgets by object name and by the dynamic ``role`` property; windows append their own rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

from ui.common.fonts import ui_families


@dataclass(frozen=True, slots=True)
class Palette:
    blue: str = "#0B3D91"  # police blue: headers, primary buttons
    blue_dark: str = "#062A66"
    blue_deep: str = "#041C45"
    blue_soft: str = "#E8EEF9"  # tinted background
    gold: str = "#F2B705"  # accent: priority, highlights
    gold_dark: str = "#B88700"
    white: str = "#FFFFFF"
    ink: str = "#0F1B2D"  # body text on white
    ink_soft: str = "#4A5568"
    line: str = "#D5DCE8"
    closed_bg: str = "#E4E7EC"
    closed_ink: str = "#6B7280"
    amber: str = "#FFB020"  # warnings (print failed): dark text on amber
    amber_bg: str = "#FFF4DB"
    amber_ink: str = "#5C3B00"
    green: str = "#1E7F3B"
    red: str = "#B42318"
    shadow: str = "#0B1F44"

    def q(self, name: str) -> QColor:
        return QColor(getattr(self, name))


PALETTE = Palette()


@dataclass(frozen=True, slots=True)
class Metrics:
    """Pixel sizes for one screen; ``scale`` 1.0 is a 1920×1080 landscape screen."""

    scale: float = 1.0

    def px(self, base: float) -> int:
        return max(1, round(base * self.scale))

    @classmethod
    def for_size(cls, width: int, height: int) -> Metrics:
        if height > width:  # portrait: the short side is the width
            return cls(round(min(width / 1080, height / 1920), 3))
        return cls(round(min(width / 1920, height / 1080), 3))


def app_font(point_px: int = 24) -> QFont:
    font = QFont()
    font.setFamilies(ui_families())
    font.setPixelSize(point_px)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def font(px: int, *, bold: bool = False, weight: QFont.Weight | None = None) -> QFont:
    f = app_font(px)
    if weight is not None:
        f.setWeight(weight)
    elif bold:
        f.setWeight(QFont.Weight.Bold)
    return f


def _families() -> str:
    return ", ".join(f'"{name}"' for name in ui_families())


def base_qss(m: Metrics, p: Palette = PALETTE) -> str:
    """Shared rules: window background, buttons by ``role``, dialogs, messages."""
    radius = m.px(18)
    return f"""
QWidget {{
    font-family: {_families()};
    color: {p.ink};
}}
QWidget#root, QStackedWidget#root {{ background: {p.blue_soft}; }}
QPushButton {{
    font-size: {m.px(30)}px;
    font-weight: 600;
    border-radius: {radius}px;
    padding: {m.px(14)}px {m.px(28)}px;
    min-height: {m.px(84)}px;
    border: {m.px(2)}px solid {p.line};
    background: {p.white};
    color: {p.blue};
}}
QPushButton:pressed {{ background: {p.blue_soft}; }}
QPushButton:disabled {{ color: {p.closed_ink}; background: {p.closed_bg}; }}
QPushButton[role="primary"] {{
    background: {p.blue}; color: {p.white}; border-color: {p.blue_dark};
}}
QPushButton[role="primary"]:pressed {{ background: {p.blue_dark}; }}
QPushButton[role="accent"] {{
    background: {p.gold}; color: {p.blue_deep}; border-color: {p.gold_dark};
}}
QPushButton[role="danger"] {{ background: {p.red}; color: {p.white}; border-color: {p.red}; }}
QPushButton[role="ghost"] {{
    background: transparent; color: {p.white};
    border: {m.px(2)}px solid rgba(255, 255, 255, 0.55);
}}
QLabel[role="warning"] {{
    background: {p.amber_bg}; color: {p.amber_ink};
    border: {m.px(3)}px solid {p.amber}; border-radius: {radius}px;
    padding: {m.px(16)}px {m.px(24)}px;
}}
QLabel[role="error"] {{ color: {p.red}; font-weight: 600; }}
QDialog {{ background: {p.white}; }}
QLineEdit {{
    font-size: {m.px(34)}px; padding: {m.px(10)}px {m.px(16)}px;
    border: {m.px(2)}px solid {p.line}; border-radius: {m.px(10)}px;
    background: {p.white}; min-height: {m.px(60)}px;
}}
QListWidget {{
    font-size: {m.px(24)}px; border: {m.px(2)}px solid {p.line};
    border-radius: {m.px(10)}px; background: {p.white};
}}
"""
