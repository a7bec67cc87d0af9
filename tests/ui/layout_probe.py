"""Check a rendered window the way a citizen would see it: fills the screen, nothing overlaps,
every text fits or ends in "…", text is large enough and has enough contrast.

``problems(window, floors)`` returns readable findings (an empty list is a pass). Text comes
from ``text_items()`` of any widget that has it (``FitLabel`` and custom-painted widgets), and
from plain ``QLabel``s and buttons by measuring their text against their box. Items inside a
scroll area's viewport are checked only where the viewport shows them (the rest scrolls).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from coloraide import Color
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from ui.common.fit import TextItem
from ui.common.legibility import CONTRAST_MIN


@dataclass(frozen=True)
class Found:
    item: TextItem
    widget: QWidget
    clip: QRect  # the part of the window where this widget can show anything


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours (1.0 … 21.0)."""
    return float(Color(a.name()).contrast(Color(b.name()), method="wcag21"))


def _visible_clip(widget: QWidget, window: QWidget) -> QRect:
    clip = window.rect()
    node: QWidget | None = widget
    while node is not None and node is not window:
        top_left = node.mapTo(window, QPoint(0, 0))
        clip = clip.intersected(QRect(top_left, node.size()))
        node = node.parentWidget()
    return clip


def _label_item(label: QLabel, window: QWidget) -> TextItem | None:
    text = label.text()
    if not text or label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        return None
    metrics = QFontMetrics(label.font())
    box = label.contentsRect()
    margin = label.margin()
    box = box.adjusted(margin, margin, -margin, -margin)
    flags = int(label.alignment()) | (int(Qt.TextFlag.TextWordWrap) if label.wordWrap() else 0)
    ink = metrics.boundingRect(box, flags, text)
    fits = ink.width() <= box.width() + 1 and ink.height() <= box.height() + 1
    top_left = label.mapTo(window, QPoint(0, 0))
    return TextItem(
        text=text,
        shown=text,
        rect=ink.intersected(box).translated(top_left),
        px=label.font().pixelSize() if label.font().pixelSize() > 0 else metrics.height(),
        elided=text.endswith("…"),
        color=label.palette().color(QPalette.ColorRole.WindowText),
        background=None,
        role="label",
        fits=fits,
    )


def _button_item(button: QAbstractButton, window: QWidget) -> TextItem | None:
    text = button.text().replace("&", "")
    if not text:
        return None
    fits = button.sizeHint().width() <= button.width() + 1
    metrics = QFontMetrics(button.font())
    box = button.rect()
    ink = metrics.boundingRect(box, int(Qt.AlignmentFlag.AlignCenter), text)
    return TextItem(
        text=text,
        shown=text,
        rect=ink.intersected(box).translated(button.mapTo(window, QPoint(0, 0))),
        px=button.font().pixelSize() if button.font().pixelSize() > 0 else metrics.height(),
        elided=text.endswith("…"),
        color=button.palette().color(QPalette.ColorRole.ButtonText),
        background=None,
        role="button",
        fits=fits,
    )


def collect(window: QWidget) -> Iterator[Found]:
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0 or widget.height() <= 0:
            continue
        clip = _visible_clip(widget, window)
        if clip.isEmpty():
            continue
        items: list[TextItem]
        if hasattr(widget, "text_items"):
            items = list(widget.text_items())
        elif isinstance(widget, QLabel) and not hasattr(widget.parentWidget(), "text_items"):
            one = _label_item(widget, window)
            items = [one] if one else []
        elif isinstance(widget, QAbstractButton):
            one = _button_item(widget, window)
            items = [one] if one else []
        else:
            continue
        for item in items:
            yield Found(item, widget, clip)


def _in_scroll_area(widget: QWidget) -> bool:
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, QAbstractScrollArea):
            return True
        node = node.parentWidget()
    return False


def problems(
    window: QWidget,
    floors: Mapping[str, int] | None = None,
    *,
    size: tuple[int, int] | None = None,
    check_contrast: bool = True,
) -> list[str]:
    """Everything wrong with how ``window`` shows its text right now (empty: all good).

    ``floors`` maps an item role to its smallest allowed pixel size (``"*"``: any role);
    ``size`` is the screen the window must fill exactly.
    """
    found: list[str] = []
    if size is not None and (window.width(), window.height()) != size:
        found.append(f"window is {window.width()}×{window.height()}, screen is {size[0]}×{size[1]}")
    floors = floors or {}
    seen = [f for f in collect(window) if f.item.rect.intersects(f.clip) or not f.clip.isEmpty()]
    shown: list[Found] = []
    for f in seen:
        item, name = f.item, f"{type(f.widget).__name__} {f.item.shown!r}"
        visible = item.rect.intersected(f.clip)
        if visible.isEmpty():
            if not _in_scroll_area(f.widget):
                found.append(f"{name} is outside the visible area {f.clip}")
            continue
        if not item.fits:
            found.append(f"{name} does not fit its box and is not elided")
        if visible != item.rect and not _in_scroll_area(f.widget):
            found.append(f"{name} is clipped: drawn at {item.rect}, visible {visible}")
        floor = floors.get(item.role, floors.get("*", 0))
        if item.px < floor:
            found.append(f"{name} is {item.px} px, below the {item.role} floor of {floor} px")
        if check_contrast and item.background is not None:
            ratio = contrast(item.color, item.background)
            if ratio < CONTRAST_MIN:
                found.append(f"{name} has contrast {ratio:.2f}:1 (< {CONTRAST_MIN}:1)")
        shown.append(Found(item, f.widget, visible))
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if a.widget is b.widget and a.item.rect == b.item.rect:
                continue
            overlap = a.clip.intersected(b.clip)
            if overlap.width() > 1 and overlap.height() > 1:
                found.append(
                    f"{type(a.widget).__name__} {a.item.shown!r} overlaps "
                    f"{type(b.widget).__name__} {b.item.shown!r} at {overlap}"
                )
    return found
