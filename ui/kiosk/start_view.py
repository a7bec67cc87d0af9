"""The start screen: header, priority bar, one big tile per service, running text.

Layout only: it shows what the window hands it and reports touches with signals.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.hall import HallConfig
from ui.common.resources import resource_path, svg_pixmap
from ui.common.theme import PALETTE, Metrics
from ui.kiosk.tiles import ServiceTile, TileState
from ui.kiosk.widgets import Marquee, PriorityBar

DEFAULT_ATTRACT = "Sentuh layanan yang Anda perlukan untuk mengambil nomor antrean"


class Header(QWidget):
    """The blue band: emblem, hall name and subtitle, clock and date, language button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.metrics = Metrics()
        self.emblem = QLabel(self)
        self.emblem.setObjectName("emblem")
        self.hall_name = QLabel(self)
        self.hall_name.setObjectName("hallName")
        self.hall_name.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("hallSubtitle")
        self.subtitle.setWordWrap(True)
        self.clock = QLabel(self)
        self.clock.setObjectName("clock")
        self.date = QLabel(self)
        self.date.setObjectName("date")
        self.lang_button = QPushButton(self)
        self.lang_button.setObjectName("langButton")
        self.lang_button.setProperty("role", "ghost")
        self.lang_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addStretch(1)
        names.addWidget(self.hall_name)
        names.addWidget(self.subtitle)
        names.addStretch(1)
        times = QVBoxLayout()
        times.setSpacing(0)
        times.addStretch(1)
        times.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignRight)
        times.addWidget(self.date, 0, Qt.AlignmentFlag.AlignRight)
        times.addStretch(1)
        self.row = QHBoxLayout(self)
        self.row.addWidget(self.emblem)
        self.row.addLayout(names, 1)
        self.row.addLayout(times)
        self.row.addWidget(self.lang_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_metrics(self, m: Metrics, *, compact: bool = False) -> None:
        self.metrics = m
        self.setFixedHeight(m.px(240 if compact else 170))
        self.row.setContentsMargins(m.px(36), m.px(14), m.px(36), m.px(14))
        self.row.setSpacing(m.px(26))
        side = m.px(124)
        self.emblem.setPixmap(svg_pixmap(resource_path("images", "emblem.svg"), side))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        grad = QLinearGradient(0, 0, self.width(), self.height())
        grad.setColorAt(0.0, PALETTE.q("blue_deep"))
        grad.setColorAt(0.55, PALETTE.q("blue"))
        grad.setColorAt(1.0, PALETTE.q("blue_dark"))
        painter.fillRect(self.rect(), grad)
        band = self.metrics.px(6)
        painter.fillRect(QRectF(0, self.height() - band, self.width(), band), PALETTE.q("gold"))
        painter.end()


class StartScreen(QWidget):
    tile_touched = Signal(str)
    priority_toggled = Signal(bool)
    lang_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.metrics = Metrics()
        self.lang = "id"
        self.attract_text = DEFAULT_ATTRACT
        self.tiles: dict[str, ServiceTile] = {}
        self._columns = 0
        self._rows: list[QWidget] = []
        self._busy = False
        self._priority = False
        self.header = Header(self)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.priority_bar = PriorityBar(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setProperty("role", "warning")
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)
        self.grid_host = QWidget(self)
        self.grid_host.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.grid = QVBoxLayout(self.grid_host)
        self.marquee = Marquee(self)
        body = QVBoxLayout()
        body.addWidget(self.prompt)
        body.addWidget(self.priority_bar)
        body.addWidget(self.banner)
        body.addWidget(self.grid_host, 1)
        self.body = body
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addLayout(body, 1)
        outer.addWidget(self.marquee)
        self.header.lang_button.clicked.connect(self.lang_requested.emit)
        self.priority_bar.toggled.connect(self.priority_toggled.emit)
        self.retranslate()

    # --- content ---------------------------------------------------------------------------
    def set_metrics(self, m: Metrics) -> None:
        self.metrics = m
        compact = self.width() < m.px(1500)
        self.header.set_metrics(m, compact=compact)
        self.priority_bar.set_metrics(m, compact=compact)
        self.marquee.set_metrics(m)
        self.body.setContentsMargins(m.px(40), m.px(22), m.px(40), m.px(22))
        self.body.setSpacing(m.px(18))
        self.grid.setSpacing(m.px(12))
        for tile in self.tiles.values():
            tile.metrics = m
        self._reflow(force=True)

    def set_hall(self, config: HallConfig, tiles: list[TileState]) -> None:
        self.header.hall_name.setText(config.name)
        self.header.subtitle.setText(config.subtitle)
        self.marquee.set_text(config.marquee or "     •     ".join(config.footer_lines))
        if [t.code for t in tiles] != list(self.tiles):
            self._rebuild_tiles(tiles)
        for state in tiles:
            self.tiles[state.code].apply(state)
        self._sync_tiles()

    def set_clock(self, time_text: str, date_text: str) -> None:
        self.header.clock.setText(time_text)
        self.header.date.setText(date_text)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        for tile in self.tiles.values():
            tile.lang = lang
            tile.apply(tile.state)
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._sync_tiles()

    def set_priority(self, on: bool) -> None:
        self._priority = on
        if self.priority_bar.isChecked() != on:
            self.priority_bar.blockSignals(True)
            self.priority_bar.setChecked(on)
            self.priority_bar.blockSignals(False)
            self.priority_bar.update()
        self._sync_tiles()

    def show_banner(self, text: str, msecs: int = 8000) -> None:
        self.banner.setText(text)
        self.banner.show()
        self._banner_timer.start(msecs)

    def hide_banner(self) -> None:
        self._banner_timer.stop()
        self.banner.hide()

    def _sync_tiles(self) -> None:
        for tile in self.tiles.values():
            tile.priority_armed = self._priority
            tile.setEnabled(tile.state.available and not self._busy)
            tile.update()
        self.priority_bar.setEnabled(not self._busy)
        self.header.lang_button.setEnabled(not self._busy)

    def retranslate(self) -> None:
        self.header.lang_button.setText(
            self.tr("English") if self.lang == "id" else self.tr("Bahasa Indonesia")
        )
        if self.attract_text == DEFAULT_ATTRACT:  # the shipped text has a translation
            self.prompt.setText(
                self.tr("Sentuh layanan yang Anda perlukan untuk mengambil nomor antrean")
            )
        else:
            self.prompt.setText(self.attract_text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- tile grid -------------------------------------------------------------------------
    def _rebuild_tiles(self, tiles: list[TileState]) -> None:
        for tile in self.tiles.values():
            tile.setParent(None)
            tile.deleteLater()
        self.tiles = {}
        for state in tiles:
            tile = ServiceTile(state, self.grid_host)
            tile.metrics = self.metrics
            tile.lang = self.lang
            tile.clicked.connect(lambda _=False, code=state.code: self.tile_touched.emit(code))
            self.tiles[state.code] = tile
        self._reflow(force=True)

    def columns_for(self, width: int, height: int) -> int:
        count = len(self.tiles)
        if width < self.metrics.px(1100) or count <= 1:
            return 1
        if height > width:  # portrait: one wide tile per row, two when there are many
            return 1 if count <= 6 else 2
        return 3 if count > 4 else 2

    def _reflow(self, *, force: bool = False) -> None:
        """Lay the tiles out in rows of ``columns``; a short last row is centred."""
        columns = self.columns_for(self.width(), self.height())
        if columns == self._columns and not force:
            return
        self._columns = columns
        for tile in self.tiles.values():
            tile.setParent(self.grid_host)
        for row in self._rows:
            self.grid.removeWidget(row)
            row.deleteLater()
        self._rows = []
        tiles = list(self.tiles.values())
        for start in range(0, len(tiles), columns):
            row = QWidget(self.grid_host)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(self.metrics.px(12))
            chunk = tiles[start : start + columns]
            pad = columns - len(chunk)
            if pad:
                layout.addStretch(pad)
            for tile in chunk:
                layout.addWidget(tile, 2)
                tile.show()
            if pad:
                layout.addStretch(pad)
            self.grid.addWidget(row, 1)
            self._rows.append(row)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        compact = event.size().width() < self.metrics.px(1500)
        if compact != self.priority_bar.compact:
            self.priority_bar.set_metrics(self.metrics, compact=compact)
            self.header.set_metrics(self.metrics, compact=compact)
        self._reflow()
