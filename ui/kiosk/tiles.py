"""One big touch tile per service: letter, name, description, people waiting, wait estimate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from app.domain.hours import availability
from app.domain.model import ServiceStatus, ServiceView
from app.domain.wording import wait_text
from ui.common.theme import PALETTE, Metrics, font


@dataclass(frozen=True, slots=True)
class TileState:
    code: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    waiting: int
    estimate_minutes: int | None
    available: bool
    reason_id: str = ""
    reason_en: str = ""
    full: bool = False

    def name(self, lang: str) -> str:
        return self.name_id if lang == "id" else self.name_en

    def description(self, lang: str) -> str:
        return self.description_id if lang == "id" else self.description_en

    def reason(self, lang: str) -> str:
        return self.reason_id if lang == "id" else self.reason_en


def build_tiles(
    services: list[ServiceView], statuses: list[ServiceStatus], local_now: dt.time
) -> list[TileState]:
    """Tiles for the active services, in the hall's order, with reasons in both languages."""
    by_code = {s.code: s for s in statuses}
    tiles = []
    for view in services:
        status = by_code.get(view.code)
        if not view.active or status is None:
            continue
        avail = availability(
            view.name_id, view.name_en, view.active, view.opens_at, view.closes_at, local_now
        )
        full = avail.open and not status.is_open_now
        reason_en = status.closed_reason_en or avail.reason_en
        tiles.append(
            TileState(
                code=view.code,
                name_id=view.name_id,
                name_en=view.name_en,
                description_id=view.description_id,
                description_en=view.description_en,
                waiting=status.waiting,
                estimate_minutes=status.estimate_minutes,
                available=status.is_open_now,
                reason_id=status.closed_reason or "" if not status.is_open_now else "",
                reason_en=reason_en if not status.is_open_now else "",
                full=full,
            )
        )
    return tiles


class ServiceTile(QAbstractButton):
    """A painted tile; its texts are re-read at paint time, so a language switch is a repaint."""

    def __init__(self, state: TileState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.lang = "id"
        self.metrics = Metrics()
        self.priority_armed = False
        self.setObjectName(f"tile-{state.code}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.apply(state)

    def apply(self, state: TileState) -> None:
        self.state = state
        self.setAccessibleName(f"{state.code} {state.name(self.lang)}")
        self.update()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.metrics.px(420), self.metrics.px(200))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.metrics.px(560), self.metrics.px(260))

    # --- texts -----------------------------------------------------------------------------
    def waiting_text(self) -> str:
        if self.state.waiting == 0:
            return self.tr("Tidak ada antrean")
        return self.tr("{n} orang menunggu").format(n=self.state.waiting)

    def estimate_text(self) -> str:
        return wait_text(self.state.estimate_minutes, self.lang, "short")

    def badge_text(self) -> str:
        return self.tr("PENUH") if self.state.full else self.tr("TUTUP")

    # --- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        m, p = self.metrics, PALETTE
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pad = m.px(10)
        card = QRectF(self.rect()).adjusted(pad, pad, -pad, -pad - m.px(4))
        radius = m.px(26)
        enabled = self.state.available and self.isEnabled()
        self._paint_shadow(painter, card, radius, enabled)
        path = QPainterPath()
        path.addRoundedRect(card, radius, radius)
        bg = p.q("white") if self.state.available else p.q("closed_bg")
        if self.isDown():
            bg = p.q("blue_soft")
        painter.fillPath(path, bg)
        border = p.q("gold") if self.priority_armed and self.state.available else p.q("line")
        painter.setPen(QPen(border, m.px(6) if self.priority_armed else m.px(2)))
        painter.drawPath(path)
        self._paint_letter(painter, card, radius)
        self._paint_body(painter, card)
        painter.end()

    def _paint_shadow(self, painter: QPainter, card: QRectF, radius: float, on: bool) -> None:
        steps = 6 if on else 3
        for i in range(steps, 0, -1):
            shade = QColor(PALETTE.shadow)
            shade.setAlpha(10 if on else 6)
            grow = i * self.metrics.scale * 1.6
            path = QPainterPath()
            path.addRoundedRect(
                card.adjusted(-grow, -grow + 4, grow, grow + 4 + i), radius + grow, radius + grow
            )
            painter.fillPath(path, shade)

    def _paint_letter(self, painter: QPainter, card: QRectF, radius: float) -> None:
        m, p = self.metrics, PALETTE
        side = min(card.height() - m.px(48), m.px(170))
        box = QRectF(card.left() + m.px(24), card.top() + m.px(24), side, side)
        path = QPainterPath()
        path.addRoundedRect(box, radius * 0.8, radius * 0.8)
        painter.fillPath(path, p.q("blue") if self.state.available else p.q("closed_ink"))
        painter.setPen(p.q("white"))
        painter.setFont(font(int(side * 0.62), bold=True))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.state.code)

    def _paint_body(self, painter: QPainter, card: QRectF) -> None:
        m, p = self.metrics, PALETTE
        side = min(card.height() - m.px(48), m.px(170))
        left = card.left() + m.px(24) + side + m.px(28)
        width = card.right() - left - m.px(24)
        top = card.top() + m.px(22)
        ink = p.q("ink") if self.state.available else p.q("closed_ink")
        painter.setPen(ink)
        name = self.state.name(self.lang)
        size = m.px(44)
        painter.setFont(font(size, bold=True))
        while size > m.px(30) and painter.fontMetrics().horizontalAdvance(name) > width:
            size -= 2  # long names (often in English) shrink a little before they elide
            painter.setFont(font(size, bold=True))
        name = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(width))
        painter.drawText(QRectF(left, top, width, m.px(56)), _LEFT_ELIDE, name)
        painter.setPen(p.q("ink_soft") if self.state.available else p.q("closed_ink"))
        painter.setFont(font(m.px(24)))
        desc_rect = QRectF(left, top + m.px(60), width, m.px(64))
        painter.drawText(desc_rect, _WRAP, self.state.description(self.lang))
        if self.state.available:
            self._paint_stats(painter, QRectF(left, card.bottom() - m.px(88), width, m.px(70)))
        else:
            self._paint_closed(painter, QRectF(left, card.bottom() - m.px(112), width, m.px(100)))

    def _paint_stats(self, painter: QPainter, rect: QRectF) -> None:
        m, p = self.metrics, PALETTE
        painter.setFont(font(m.px(26), bold=True))
        painter.setPen(p.q("blue"))
        half = QRectF(rect.left(), rect.top(), rect.width(), rect.height() / 2)
        painter.drawText(half, _LEFT_ELIDE, self.waiting_text())
        painter.setFont(font(m.px(24)))
        painter.setPen(p.q("ink"))
        painter.drawText(half.translated(0, rect.height() / 2), _LEFT_ELIDE, self.estimate_text())

    def _paint_closed(self, painter: QPainter, rect: QRectF) -> None:
        m, p = self.metrics, PALETTE
        painter.setFont(font(m.px(22), bold=True))
        badge_w = painter.fontMetrics().horizontalAdvance(self.badge_text()) + m.px(28)
        badge = QRectF(rect.left(), rect.top(), badge_w, m.px(34))
        path = QPainterPath()
        path.addRoundedRect(badge, m.px(17), m.px(17))
        painter.fillPath(path, p.q("red"))
        painter.setPen(p.q("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.badge_text())
        painter.setPen(p.q("ink"))
        painter.setFont(font(m.px(21)))
        text = QRectF(rect.left(), rect.top() + m.px(38), rect.width(), rect.height())
        painter.drawText(text, _WRAP, self.state.reason(self.lang))


_LEFT_ELIDE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
