"""The lobby display: the newest call very large, every counter, recent calls, running text.

It reads its whole state once at start (so a restart shows the hall at once), then follows
the live feed (see ``ui.display.app``). When the database is away it keeps the last state on
screen under a clear banner and catches up when the link is back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from app.domain.calendar_names import clock_time, long_date
from app.domain.model import QueueEvent
from app.ports import Clock
from app.services.snapshots import DisplaySnapshot, calls_in
from ui.common.i18n import SOURCE_LANG, Translations
from ui.common.theme import PALETTE, Metrics
from ui.display.widgets import (
    CallPanel,
    CounterTile,
    Emblem,
    Marquee,
    RecentList,
    ServiceChip,
    label,
)

log = logging.getLogger(__name__)
P = PALETTE


class DisplayWindow(QWidget):
    """Layout and rendering only; ``apply`` takes a feed batch and a snapshot."""

    COLUMNS = 5

    def __init__(self, clock: Clock, metrics: Metrics | None = None, *, lang: str = "id") -> None:
        super().__init__()
        self.lang = lang  # the hall's language, fixed while the display runs
        self.translations = Translations.installed(lang, ("display", "common"), self)
        self.setObjectName("display")
        self.setWindowTitle(self.tr("Antrean — Layar Ruang Tunggu"))
        self._clock = clock
        self._m = m = metrics or Metrics()
        self.snapshot: DisplaySnapshot | None = None
        self._shown_seq = 0  # seq of the newest call on screen
        self.setStyleSheet(f"#display {{ background: {P.blue_dark}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.call_panel = CallPanel(m)
        self.recent = RecentList(m, rows=5)
        self.marquee = Marquee(m)
        # The banner floats over the top of the body so the layout never moves under it.
        self.banner = label("", m.px(40), P.white, bold=True, name="lostBanner")
        self.banner.setParent(self)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(f"background: {P.red}; color: {P.white}; padding: {m.px(14)}px;")
        self.banner.hide()
        self.tiles: list[CounterTile] = []
        self._tile_grid = QGridLayout()
        self._tile_grid.setSpacing(m.px(16))
        self.chips: list[ServiceChip] = []
        self._chip_row = QHBoxLayout()
        self._chip_row.setSpacing(m.px(16))
        self._build()
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        self._tick()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        m = self._m
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self._head = self._header()
        root.addWidget(self._head)
        body = QVBoxLayout()
        body.setContentsMargins(m.px(28), m.px(20), m.px(28), m.px(16))
        body.setSpacing(m.px(16))
        top = QHBoxLayout()
        top.setSpacing(m.px(20))
        top.addWidget(self.call_panel, 62)
        top.addWidget(self.recent, 38)
        body.addLayout(top, 1)
        body.addLayout(self._tile_grid)
        body.addLayout(self._chip_row)
        root.addLayout(body, 1)
        root.addWidget(self.marquee)

    def _header(self) -> QWidget:
        m = self._m
        head = QWidget()
        head.setObjectName("head")
        head.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        head.setStyleSheet(
            f"#head {{ background: {P.blue_deep}; border-bottom: {m.px(6)}px solid {P.gold}; }}"
        )
        row = QHBoxLayout(head)
        row.setContentsMargins(m.px(28), m.px(12), m.px(28), m.px(14))
        row.setSpacing(m.px(20))
        row.addWidget(Emblem(m.px(92)))
        names = QVBoxLayout()
        names.setSpacing(0)
        self.hall_name = label("", m.px(48), P.white, bold=True)
        self.hall_subtitle = label("", m.px(28), P.gold)
        names.addWidget(self.hall_name)
        names.addWidget(self.hall_subtitle)
        row.addLayout(names, 1)
        when = QVBoxLayout()
        when.setSpacing(0)
        self.clock_label = label("", m.px(64), P.white, bold=True, name="clock")
        self.date_label = label("", m.px(28), P.white)
        # This PC's clock against the server's: small, in the corner, for the technician.
        self.clock_warning = label("", m.px(20), P.amber, bold=True, name="clockWarning")
        self.clock_warning.hide()
        for w in (self.clock_label, self.date_label, self.clock_warning):
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            when.addWidget(w)
        row.addLayout(when)
        return head

    def _ensure_tiles(self, count: int) -> None:
        if len(self.tiles) == count:
            return
        for tile in self.tiles:
            self._tile_grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = [CounterTile(self._m) for _ in range(count)]
        columns = self.COLUMNS if count > 6 else max(1, count)
        for i, tile in enumerate(self.tiles):
            self._tile_grid.addWidget(tile, i // columns, i % columns)
        for c in range(columns):
            self._tile_grid.setColumnStretch(c, 1)

    def _ensure_chips(self, count: int) -> None:
        while len(self.chips) < count:
            chip = ServiceChip(self._m)
            self.chips.append(chip)
            self._chip_row.addWidget(chip, 1)
        for i, chip in enumerate(self.chips):
            chip.setVisible(i < count)

    # --- state ---------------------------------------------------------------------------
    def apply(self, events: Sequence[QueueEvent], snapshot: DisplaySnapshot) -> None:
        """Show ``snapshot``; flash when the batch holds a new call."""
        # A call is fresh when the snapshot's newest call is newer than the one on screen
        # (the snapshot may already hold a call whose event comes in the next batch).
        newest = snapshot.newest
        first_load = self.snapshot is None and not calls_in(events)
        fresh = newest is not None and not first_load and newest.seq > self._shown_seq
        self._shown_seq = max(self._shown_seq, newest.seq if newest else 0)
        self.snapshot = snapshot
        self.hall_name.setText(snapshot.hall.name)
        self.hall_subtitle.setText(snapshot.hall.subtitle)
        hall = snapshot.hall
        # No running text set: the ticket footer (fees, complaint channel) runs instead.
        self.marquee.set_text(hall.marquee or "   •   ".join(hall.footer_lines) or hall.name)
        self.call_panel.show_call(snapshot.newest, animate=fresh)
        self.recent.show_calls(snapshot.recent[1:])
        self._ensure_tiles(len(snapshot.counters))
        for tile, counter in zip(self.tiles, snapshot.counters, strict=True):
            hot = newest is not None and fresh and newest.counter_number == counter.number
            tile.show_counter(counter, highlight=hot)
        visible = [s for s in snapshot.services if s.is_open_now or s.waiting]
        self._ensure_chips(len(visible))
        for chip, status in zip(self.chips, visible, strict=False):
            chip.show_status(status, self.lang)
        clock = snapshot.clock
        warn = clock is not None and clock.warning
        warning = clock.message(self.lang) if clock is not None and warn else ""
        self.clock_warning.setText("⚠ " + warning if warning else "")
        self.clock_warning.setVisible(warn)
        self._tick()

    def set_connected(self, connected: bool) -> None:
        self.banner.setText(self.tr("Koneksi ke server terputus — mencoba lagi…"))
        self.banner.setVisible(not connected)
        if not connected:
            self._place_banner()
            self.banner.raise_()

    def _place_banner(self) -> None:
        top = self._head.geometry().bottom() + 1
        self.banner.setGeometry(0, top, self.width(), self.banner.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._place_banner()

    @property
    def connection_lost(self) -> bool:
        return not self.banner.isHidden()

    @Slot()
    def _tick(self) -> None:
        zone = self.snapshot.hall.zone() if self.snapshot else dt.UTC
        local = self._clock.now().astimezone(zone)
        self.clock_label.setText(clock_time(local, self.lang))
        self.date_label.setText(long_date(local, self.lang))

    def stop_animations(self) -> None:
        self.call_panel.animation.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self.translations.switch(SOURCE_LANG)  # leave no display translator behind
        super().closeEvent(event)
