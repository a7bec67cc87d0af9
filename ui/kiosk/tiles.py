"""One big touch tile per service: letter, name, description, people waiting, wait estimate.

Every text is fitted into its own band of the tile (``ui.common.fit``): the bands never
overlap, each is at least one line high at the legibility floor, and a text that does not
fit even there ends with "…" after a whole word. A tile that is not offered (closed hours,
quota reached, no open counter) is greyed, says why, and cannot be touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from app.domain.wording import wait_text
from app.services.offer import NotOffered
from ui.common.fit import Fit, TextItem, draw_fitted, fit_text, ink_rect, text_item
from ui.common.theme import PALETTE
from ui.kiosk.sizes import KioskSizes, line_height
from ui.kiosk.tile_state import WHY_FULL, TileState, build_tiles

__all__ = ["ServiceTile", "TileState", "build_tiles", "tile_min_size"]


@dataclass(frozen=True, slots=True)
class _Band:
    """One text of the tile: where it goes and how it may be drawn."""

    key: str
    text: str
    rect: QRectF
    max_px: int
    bold: bool
    max_lines: int
    color: QColor
    background: QColor
    align: Qt.AlignmentFlag


_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def tile_min_size(sizes: KioskSizes) -> tuple[int, int]:
    """The smallest tile whose texts all fit at the floor: name, description, two stats."""
    f = sizes.floor
    pad, margin = sizes.px(16), sizes.px(8)
    text_h = line_height(f, True) + 3 * line_height(f) + 3 * sizes.px(4)
    min_h = round(text_h + 2 * pad + 2 * margin)
    letter = max(sizes.touch, round(min_h * 0.5))
    min_w = round(2 * (pad + margin) + letter + sizes.px(20) + 11 * f)
    return max(min_w, sizes.touch), max(min_h, sizes.touch)


class ServiceTile(QAbstractButton):
    """A painted tile; its texts are re-read at paint time, so a language switch is a repaint."""

    def __init__(self, state: TileState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.lang = "id"
        self.sizes = KioskSizes()
        self.priority_armed = False
        self.setObjectName(f"tile-{state.code}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.apply(state)

    def apply(self, state: TileState) -> None:
        self.state = state
        self.setAccessibleName(f"{state.code} {state.name(self.lang)}")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0)  # placed by the start screen, never by a layout

    # --- texts -----------------------------------------------------------------------------
    def waiting_text(self) -> str:
        """Who a ticket taken now would wait for: counters that serve several services call
        across them in order, so the people ahead may be more than this service's queue."""
        ahead = max(self.state.ahead, self.state.waiting)
        if ahead == 0:
            return self.tr("Tidak ada antrean")
        return self.tr("{n} orang di depan Anda").format(n=ahead)

    def estimate_text(self) -> str:
        return wait_text(self.state.estimate_minutes, self.lang, "short")

    def badge_text(self) -> str:
        why = self.state.why
        if why == WHY_FULL or (not why and self.state.full):
            return self.tr("PENUH")
        if why == NotOffered.NOT_OPEN_YET:
            return self.tr("BELUM BUKA")
        if why == NotOffered.ON_BREAK:
            return self.tr("ISTIRAHAT")
        return self.tr("TUTUP")

    # --- geometry --------------------------------------------------------------------------
    def _card(self) -> QRectF:
        margin = self.sizes.px(8)
        return QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)

    def _letter_box(self, card: QRectF) -> QRectF:
        pad = self.sizes.px(16)
        inner = card.adjusted(pad, pad, -pad, -pad)
        side = min(inner.height(), self.sizes.px(150), inner.width() * 0.28)
        return QRectF(inner.left(), inner.center().y() - side / 2, side, side)

    def _bands(self) -> list[_Band]:
        """The texts, each in its own band, as one block centred in the tile's height."""
        pad = self.sizes.px(16)
        return self._centred(self._spread_bands(), self._card().adjusted(pad, pad, -pad, -pad))

    def _centred(self, bands: list[_Band], inner: QRectF) -> list[_Band]:
        """``bands`` (top to bottom, spread over ``inner``) packed to the height each text
        needs and centred; as they were when packing gains nothing."""
        s = self.sizes
        heights = [b.rect.height() if b.key == "badge" else self._fit(b).height + 1 for b in bands]
        gaps = [s.px(18) if b.key in ("waiting", "badge") else s.px(6) for b in bands[1:]]
        total = sum(heights) + sum(gaps)
        if total >= inner.height():
            return sorted(bands, key=lambda b: b.rect.top())
        y = inner.top() + (inner.height() - total) / 2
        packed = []
        for index, (b, height) in enumerate(zip(bands, heights, strict=True)):
            if index:
                y += gaps[index - 1]
            rect = QRectF(b.rect.left(), y, b.rect.width(), height)
            packed.append(
                _Band(
                    b.key,
                    b.text,
                    rect,
                    b.max_px,
                    b.bold,
                    b.max_lines,
                    b.color,
                    b.background,
                    b.align,
                )
            )
            y += height
        return packed

    def _spread_bands(self) -> list[_Band]:
        s, p = self.sizes, PALETTE
        card = self._card()
        pad = s.px(16)
        inner = card.adjusted(pad, pad, -pad, -pad)
        letter = self._letter_box(card)
        left = letter.right() + s.px(20)
        width = max(1.0, inner.right() - left)
        on = self.state.available
        bg = p.q("white") if on else p.q("closed_bg")
        ink = p.q("ink") if on else p.q("ink_soft")
        soft = p.q("ink_soft")
        f, gap = s.floor, s.px(4)
        name_min = line_height(f, True)
        line = line_height(f)

        def band(key: str, text: str, top: float, h: float, size: int, **kw: object) -> _Band:
            return _Band(
                key,
                text,
                QRectF(left, top, width, h),
                max(f, size),
                bool(kw.get("bold", False)),
                int(kw.get("lines", 1)),  # type: ignore[call-overload]
                kw.get("color", ink),  # type: ignore[arg-type]
                bg,
                kw.get("align", _TOP_LEFT),  # type: ignore[arg-type]
            )

        name = self.state.name(self.lang)
        bottom = inner.bottom()
        bands: list[_Band] = []
        if on:
            stat = max(
                name_min, min(line_height(s.text(26), True), (inner.height() - name_min) / 3)
            )
            est_top = bottom - stat
            wait_top = est_top - stat
            bands.append(
                band(
                    "waiting",
                    self.waiting_text(),
                    wait_top,
                    stat,
                    s.px(26),
                    bold=True,
                    color=p.q("blue"),
                )
            )
            bands.append(band("estimate", self.estimate_text(), est_top, stat, s.px(24), color=ink))
            room = wait_top - gap - inner.top()
        else:
            badge_h = line_height(f, True) + 2 * gap
            # The name keeps two lines when it can; the reason takes one to three lines.
            spare = inner.height() - badge_h - 2 * gap
            reason_h = min(3 * line_height(s.text(22)), spare - 2 * name_min)
            if reason_h < 2 * line:
                reason_h = min(2 * line, spare - name_min)
            reason_h = max(line, reason_h)
            reason_lines = max(1, min(3, int(reason_h // line)))
            reason_top = bottom - reason_h
            badge_top = reason_top - gap - badge_h
            badge = band("badge", self.badge_text(), badge_top, badge_h, s.px(22), bold=True)
            inset = s.px(14)
            bands.append(
                _Band(
                    "badge",
                    badge.text,
                    badge.rect.adjusted(inset, 0, -inset, 0),
                    badge.max_px,
                    True,
                    1,
                    p.q("white"),
                    p.q("red"),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                )
            )
            bands.append(
                band(
                    "reason",
                    self.state.reason(self.lang),
                    reason_top,
                    reason_h,
                    s.px(22),
                    lines=reason_lines,
                    color=ink,
                )
            )
            room = badge_top - gap - inner.top()
        # The name first (up to two lines, as large as fits), the description in what is left.
        name_lines = 2 if room >= 2 * name_min else 1
        name_room = max(name_min, min(room, name_lines * line_height(s.text(40), True)))
        named = fit_text(
            name, width, name_room, max_px=max(f, s.px(40)), min_px=f, bold=True, max_lines=2
        )
        name_h = max(name_min, min(name_room, named.height + 1))
        bands.append(band("name", name, inner.top(), name_h, s.px(40), bold=True, lines=2))
        description = self.state.description(self.lang) if on else ""
        desc_h = room - name_h - gap
        if description and desc_h >= line:
            lines = max(1, min(2, int(desc_h // line)))
            desc_top = inner.top() + name_h + gap
            bands.append(
                band(
                    "description", description, desc_top, desc_h, s.px(24), lines=lines, color=soft
                )
            )
        return sorted(bands, key=lambda b: b.rect.top())

    def _fit(self, b: _Band) -> Fit:
        return fit_text(
            b.text,
            b.rect.width(),
            b.rect.height(),
            max_px=b.max_px,
            min_px=min(self.sizes.floor, b.max_px),
            bold=b.bold,
            max_lines=b.max_lines,
        )

    def text_items(self) -> list[TextItem]:
        if not self.isVisible():
            return []
        origin = self.mapTo(self.window(), QPoint(0, 0))
        items = [self._letter_item(origin)]
        for b in self._bands():
            if not b.text:
                continue
            items.append(
                text_item(self, self._fit(b), b.rect, b.align, b.color, b.background, "tile")
            )
        return items

    def _letter_fit(self, box: QRectF) -> Fit:
        return fit_text(
            self.state.code,
            box.width(),
            box.height(),
            max_px=max(1, int(box.height() * 0.62)),
            min_px=1,
            bold=True,
        )

    def _letter_item(self, origin: QPoint) -> TextItem:
        box = self._letter_box(self._card())
        fit = self._letter_fit(box)
        colour, ink = self._letter_colours()
        return TextItem(
            text=self.state.code,
            shown=self.state.code,
            rect=ink_rect(fit, box).translated(origin),
            px=max(fit.px, self.sizes.floor),
            elided=False,
            color=ink,
            background=colour,
            role="tile-letter",
        )

    # --- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        s, p = self.sizes, PALETTE
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = self._card()
        radius = s.px(24)
        enabled = self.state.available and self.isEnabled()
        self._paint_shadow(painter, card, radius, enabled)
        path = QPainterPath()
        path.addRoundedRect(card, radius, radius)
        bg = p.q("white") if self.state.available else p.q("closed_bg")
        if self.isDown():
            bg = p.q("blue_soft")
        painter.fillPath(path, bg)
        border = p.q("gold") if self.priority_armed and self.state.available else p.q("line")
        painter.setPen(QPen(border, s.px(6) if self.priority_armed else max(1, s.px(2))))
        painter.drawPath(path)
        self._paint_letter(painter, card)
        for b in self._bands():
            if b.text:
                self._paint_band(painter, b)
        painter.end()

    def _paint_shadow(self, painter: QPainter, card: QRectF, radius: float, on: bool) -> None:
        steps = 5 if on else 2
        unit = self.sizes.unit
        for i in range(steps, 0, -1):
            shade = QColor(PALETTE.shadow)
            shade.setAlpha(10 if on else 6)
            grow = i * unit * 1.4
            path = QPainterPath()
            path.addRoundedRect(
                card.adjusted(-grow, -grow + 2 * unit, grow, grow + 2 * unit),
                radius + grow,
                radius + grow,
            )
            painter.fillPath(path, shade)

    def _letter_colours(self) -> tuple[QColor, QColor]:
        """The letter box and its letter: the service's own colour when the hall set one
        (dark ink on a light colour), the kiosk's blue otherwise, grey when closed."""
        if not self.state.available:
            return PALETTE.q("closed_ink"), PALETTE.q("white")
        own = QColor(self.state.colour) if self.state.colour else QColor()
        if not own.isValid():
            return PALETTE.q("blue"), PALETTE.q("white")
        light = 0.299 * own.redF() + 0.587 * own.greenF() + 0.114 * own.blueF() > 0.6
        return own, PALETTE.q("ink") if light else PALETTE.q("white")

    def _paint_letter(self, painter: QPainter, card: QRectF) -> None:
        box = self._letter_box(card)
        radius = self.sizes.px(20)
        path = QPainterPath()
        path.addRoundedRect(box, radius, radius)
        colour, ink = self._letter_colours()
        painter.fillPath(path, colour)
        painter.setPen(ink)
        fit = self._letter_fit(box)
        draw_fitted(painter, box, self.state.code, max_px=fit.px, min_px=fit.px, bold=True)

    def _paint_band(self, painter: QPainter, b: _Band) -> None:
        rect = b.rect
        if b.key == "badge":
            fit = self._fit(b)
            pad = self.sizes.px(14)
            pill = QPainterPath()
            pill_rect = QRectF(rect.left() - pad, rect.top(), fit.width + 2 * pad, rect.height())
            pill.addRoundedRect(pill_rect, rect.height() / 2, rect.height() / 2)
            painter.fillPath(pill, b.background)
        painter.setPen(b.color)
        draw_fitted(
            painter,
            rect,
            b.text,
            max_px=b.max_px,
            min_px=min(self.sizes.floor, b.max_px),
            bold=b.bold,
            max_lines=b.max_lines,
            align=b.align,
        )
