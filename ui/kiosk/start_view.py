"""The start screen: header, prompt, priority bar, notices, the service tiles, running text.

Layout only: it shows what the window hands it and reports touches with signals. Geometry
is computed from the screen's size (``KioskSizes``) in ``_place``: each band gets its
height top to bottom, the tiles get what is left, and when they cannot all be shown at a
legible size they are paged ("Berikutnya / Sebelumnya", "Halaman 1 dari 3").
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from app.domain.hall import HallConfig
from app.i18n import other
from ui.common.fit import FitLabel
from ui.common.theme import PALETTE
from ui.kiosk.fitted import FitButton, Notice
from ui.kiosk.grid import GridPlan, TileBounds, plan_grid, tile_rects
from ui.kiosk.header import Header
from ui.kiosk.sizes import KioskSizes, line_height
from ui.kiosk.tiles import ServiceTile, TileState, tile_min_size
from ui.kiosk.widgets import Marquee, PriorityBar

DEFAULT_ATTRACT = "Sentuh layanan yang Anda perlukan untuk mengambil nomor antrean"


class Pager(QWidget):
    """ "Sebelumnya", "Halaman 1 dari 3", "Berikutnya": large enough for any finger."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sizes = KioskSizes()
        self.page = 0
        self.pages = 1
        self.previous = FitButton(style="primary", parent=self)
        self.previous.setObjectName("previousPage")
        self.next = FitButton(style="primary", parent=self)
        self.next.setObjectName("nextPage")
        self.label = FitLabel(
            bold=True,
            color=PALETTE.blue_deep,
            background=PALETTE.blue_soft,
            align=Qt.AlignmentFlag.AlignCenter,
            role="pager",
            parent=self,
        )
        self.label.setObjectName("pageLabel")
        self.retranslate()

    def set_sizes(self, sizes: KioskSizes) -> None:
        self.sizes = sizes
        for button in (self.previous, self.next):
            button.set_sizes(sizes, sizes.px(32))
        self.label.set_sizes(sizes.text(30), sizes.floor)
        self._place()

    def wanted_height(self) -> int:
        return self.sizes.touch_px(86)

    def set_page(self, page: int, pages: int) -> None:
        self.page, self.pages = page, pages
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < pages - 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.previous.setText(self.tr("◀  Sebelumnya"))
        self.next.setText(self.tr("Berikutnya  ▶"))
        self.label.setText(
            self.tr("Halaman {page} dari {pages}").format(page=self.page + 1, pages=self.pages)
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        w, h = self.width(), self.height()
        button_w = min(max(self.sizes.px(420), 3 * self.sizes.touch), round(w * 0.34))
        self.previous.setGeometry(0, 0, button_w, h)
        self.next.setGeometry(w - button_w, 0, button_w, h)
        gap = self.sizes.px(16)
        self.label.setGeometry(button_w + gap, 0, max(1, w - 2 * (button_w + gap)), h)


class StartScreen(QWidget):
    tile_touched = Signal(str)
    priority_toggled = Signal(bool)
    lang_requested = Signal()
    survey_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.sizes = KioskSizes()
        self.lang = "id"
        self.attract_text = DEFAULT_ATTRACT
        self.tiles: dict[str, ServiceTile] = {}
        self.page = 0
        self.plan = GridPlan(1, 1, 1, 0, 0)
        self._busy = False
        self._priority = False
        self.header = Header(self)
        self.prompt = FitLabel(
            bold=True,
            color=PALETTE.blue_deep,
            background=PALETTE.blue_soft,
            align=Qt.AlignmentFlag.AlignCenter,
            max_lines=2,
            role="prompt",
            parent=self,
        )
        self.prompt.setObjectName("prompt")
        self.priority_bar = PriorityBar(self)
        self.printer_notice = Notice(tone="problem", parent=self)
        self.printer_notice.setObjectName("printerNotice")
        self.printer_notice.hide()
        self.banner = Notice(parent=self)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.hide_banner)
        self.grid_host = QWidget(self)
        self.grid_host.setObjectName("tileGrid")
        self.pager = Pager(self)
        self.pager.hide()
        self.marquee = Marquee(self)
        # The IKM survey's way in (``KioskSettings.survey``), under the tiles; hidden when off.
        self.survey_button = FitButton(style="plain", parent=self)
        self.survey_button.setObjectName("surveyButton")
        self.survey_button.hide()
        self.survey_button.clicked.connect(self.survey_requested.emit)
        self.header.lang_button.clicked.connect(self.lang_requested.emit)
        self.priority_bar.toggled.connect(self.priority_toggled.emit)
        self.pager.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.pager.next.clicked.connect(lambda: self.show_page(self.page + 1))
        self.retranslate()

    # --- content ---------------------------------------------------------------------------
    def set_sizes(self, sizes: KioskSizes) -> None:
        self.sizes = sizes
        self.header.set_sizes(sizes)
        self.prompt.set_sizes(sizes.text(36), sizes.floor)
        self.priority_bar.set_sizes(sizes)
        for notice in (self.banner, self.printer_notice):
            notice.set_sizes(sizes, sizes.text(26))
        self.pager.set_sizes(sizes)
        self.survey_button.set_sizes(sizes, sizes.px(34))
        self.marquee.set_sizes(sizes)
        for tile in self.tiles.values():
            tile.sizes = sizes
        self._place()

    def set_logo(self, logo: bytes | None) -> None:
        self.header.set_logo(logo)

    def set_hall(self, config: HallConfig, tiles: list[TileState]) -> None:
        self.header.set_names(config.name, config.subtitle)
        self.marquee.set_text(config.marquee or "     •     ".join(config.footer_lines))
        if [t.code for t in tiles] != list(self.tiles):
            self._rebuild_tiles(tiles)
        for state in tiles:
            self.tiles[state.code].apply(state)
        self._sync_tiles()
        self._place()

    def set_clock(self, time_text: str, date_text: str) -> None:
        self.header.clock.setText(time_text)
        self.header.date.setText(date_text)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        for tile in self.tiles.values():
            tile.lang = lang
            tile.apply(tile.state)
        self.retranslate()

    def set_survey(self, on: bool) -> None:
        """Show the survey's button ("Nilai layanan kami") or not."""
        self.survey_button.setVisible(on)
        self._place()

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
        self._place()

    def hide_banner(self) -> None:
        self._banner_timer.stop()
        if not self.banner.isHidden():
            self.banner.hide()
            self._place()

    def show_printer_problem(self, text: str) -> None:
        """A printer problem, until it is solved: the next citizen knows before touching."""
        self.printer_notice.setText(text)
        if self.printer_notice.isHidden():
            self.printer_notice.show()
            self._place()

    def hide_printer_problem(self) -> None:
        if not self.printer_notice.isHidden():
            self.printer_notice.hide()
            self._place()

    def _sync_tiles(self) -> None:
        for tile in self.tiles.values():
            tile.priority_armed = self._priority
            tile.setEnabled(tile.state.available and not self._busy)
            tile.update()
        self.priority_bar.setEnabled(not self._busy)
        self.header.lang_button.setEnabled(not self._busy)

    def retranslate(self) -> None:
        # the button names the language it switches to, in that language
        names = {"id": self.tr("Bahasa Indonesia"), "en": self.tr("English")}
        self.header.set_lang_text(names[other(self.lang)])
        if self.attract_text == DEFAULT_ATTRACT:  # the shipped text has a translation
            self.prompt.setText(
                self.tr("Sentuh layanan yang Anda perlukan untuk mengambil nomor antrean")
            )
        else:
            self.prompt.setText(self.attract_text)
        self.pager.retranslate()
        self.survey_button.setText(self.tr("Sudah dilayani? Nilai layanan kami  ▶"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- tiles and pages -------------------------------------------------------------------
    def _rebuild_tiles(self, tiles: list[TileState]) -> None:
        for tile in self.tiles.values():
            tile.setParent(None)
            tile.deleteLater()
        self.tiles = {}
        for state in tiles:
            tile = ServiceTile(state, self.grid_host)
            tile.sizes = self.sizes
            tile.lang = self.lang
            tile.clicked.connect(lambda _=False, code=state.code: self.tile_touched.emit(code))
            self.tiles[state.code] = tile
        self.page = 0

    def page_of(self, code: str) -> int:
        """The page that shows ``code``'s tile."""
        return list(self.tiles).index(code) // max(1, self.plan.per_page)

    def show_page(self, page: int) -> None:
        self.page = max(0, min(page, self.plan.pages - 1))
        self._place_tiles()

    def visible_codes(self) -> list[str]:
        return [code for code, tile in self.tiles.items() if not tile.isHidden()]

    def _bounds(self) -> TileBounds:
        s = self.sizes
        min_w, min_h = tile_min_size(s)
        return TileBounds(
            min_w=min_w,
            min_h=min_h,
            ideal_w=max(min_w, s.px(580)),
            ideal_h=max(min_h, s.px(240)),
            spacing=s.px(14),
            max_columns=4 if not s.portrait else 3,
        )

    def _place(self) -> None:
        """Every band's geometry, top to bottom; the tiles get what is left."""
        s = self.sizes
        w, h = self.width(), self.height()
        if w <= 0 or h <= 0:
            return
        header_h = self.header.wanted_height()
        self.header.setGeometry(0, 0, w, header_h)
        marquee_h = self.marquee.wanted_height() if self.marquee.text() else 0
        self.marquee.setGeometry(0, h - marquee_h, w, marquee_h)
        self.marquee.setVisible(marquee_h > 0)
        margin, gap = s.px(32), s.px(12)
        x, width = margin, w - 2 * margin
        y = header_h + gap
        prompt_lines = 1 if w >= s.px(1500) else 2
        prompt_h = math.ceil(line_height(s.text(36), True) * prompt_lines) + 1
        self.prompt.setGeometry(x, y, width, prompt_h)
        y += prompt_h + gap
        bar_h = self.priority_bar.wanted_height()
        self.priority_bar.setGeometry(x, y, width, bar_h)
        y += bar_h + gap
        for notice in (self.printer_notice, self.banner):
            if not notice.isHidden():
                notice_h = notice.wanted_height(s.text(26), width)
                notice.setGeometry(x, y, width, notice_h)
                y += notice_h + gap
        bottom = h - marquee_h - gap
        if not self.survey_button.isHidden():
            survey_h = self.sizes.touch_px(86)
            bottom -= survey_h + gap
            self.survey_button.setGeometry(x, bottom + gap, width, survey_h)
        grid = QRect(x, y, width, max(1, bottom - y))
        bounds = self._bounds()
        plan = plan_grid(len(self.tiles), grid.width(), grid.height(), bounds)
        if plan.pages > 1:
            pager_h = self.pager.wanted_height()
            grid.setHeight(max(1, grid.height() - pager_h - gap))
            plan = plan_grid(len(self.tiles), grid.width(), grid.height(), bounds)
            self.pager.setGeometry(x, grid.bottom() + 1 + gap, width, pager_h)
        self.pager.setVisible(plan.pages > 1)
        self.plan = plan
        self.grid_host.setGeometry(grid)
        self.page = min(self.page, plan.pages - 1)
        self._place_tiles()

    def _place_tiles(self) -> None:
        plan, bounds = self.plan, self._bounds()
        codes = list(self.tiles)
        first = self.page * plan.per_page
        shown = codes[first : first + plan.per_page]
        rects = tile_rects(
            plan, len(shown), self.grid_host.width(), self.grid_host.height(), bounds
        )
        for code, tile in self.tiles.items():
            if code in shown:
                tile.setGeometry(*rects[shown.index(code)])
                tile.show()
            else:
                tile.hide()
        self.pager.set_page(self.page, plan.pages)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place()
