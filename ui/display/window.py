"""The lobby display: the call on the big panel, every counter, recent calls, running text.

Everything is placed on one virtual canvas (``ui.display.canvas``) that is scaled to the
screen, so the window is exactly the screen at any size and no text can grow it. Counters
and services beyond what fits legibly are paged (closed counters are left out first); pages
turn every ``PAGE_SECONDS``.

It reads its whole state once at start (so a restart shows the hall at once), then follows
the live feed (see ``ui.display.app``). When the database is away it keeps the last state on
screen under a clear banner and catches up when the link is back. Staff see a failed
announcement and a wrong PC clock on a status line above the running text.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QRectF, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from app.domain.calendar_names import clock_time, long_date
from app.domain.model import CounterState, CounterView, QueueEvent, ServiceStatus
from app.domain.wording import wait_text
from app.ports import AnnouncementFailure, Clock
from app.services.snapshots import CallEntry, DisplaySnapshot, calls_in
from ui.common.fit import FitLabel
from ui.common.i18n import SOURCE_LANG, Translations
from ui.common.theme import PALETTE, Metrics
from ui.display.canvas import (
    GOLD_LINE,
    HEADER_H,
    MARGIN,
    Canvas,
    Needs,
    Plan,
    grid,
    plan,
)
from ui.display.media import MediaArea
from ui.display.widgets import (
    LEFT,
    RIGHT,
    CallPanel,
    CounterTile,
    Logo,
    Marquee,
    RecentList,
    ServiceChip,
    text,
)

log = logging.getLogger(__name__)
P = PALETTE
W = TypeVar("W", CounterTile, ServiceChip)


class DisplayWindow(QWidget):
    """Layout and rendering only; ``apply`` takes a feed batch and a snapshot."""

    PAGE_SECONDS = 8
    MEDIA_AWAY_SECONDS = 15  # the media area gives way to a new call this long

    def __init__(
        self,
        clock: Clock,
        metrics: Metrics | None = None,
        *,
        lang: str = "id",
        logo: bytes | None = None,
        media_dir: Path | None = None,
        media_seconds: int = 10,
    ) -> None:
        super().__init__()
        del metrics  # sizes come from the canvas and the screen's legibility floors
        self.lang = lang  # the hall's language, fixed while the display runs
        self.translations = Translations.installed(lang, ("display", "common"), self)
        self.setObjectName("display")
        self.setWindowTitle(self.tr("Antrean — Layar Ruang Tunggu"))
        self._clock = clock
        self.snapshot: DisplaySnapshot | None = None
        self._shown_seq = 0  # seq of the newest call on screen
        self._hot_counter: int | None = None
        self._tile_page = self._chip_page = 0
        self._plan: Plan | None = None
        self._placed: tuple[Needs, int, int] | None = None
        self._counters: list[CounterView] = []
        self._services: list[ServiceStatus] = []
        self._speech_failure: AnnouncementFailure | None = None
        self._build(logo, media_dir, media_seconds)
        self._timers()
        self._tick()

    # --- parts ---------------------------------------------------------------------------
    def _build(self, logo: bytes | None, media_dir: Path | None, media_seconds: int) -> None:
        self.logo = Logo(logo, self)
        self.hall_name = text("label", P.white, P.blue_deep, align=LEFT)
        self.hall_subtitle = text("label", P.gold, P.blue_deep, bold=False, align=LEFT)
        self.clock_label = text("label", P.white, P.blue_deep, align=RIGHT)
        self.clock_label.setObjectName("clock")
        self.date_label = text("label", P.white, P.blue_deep, bold=False, align=RIGHT)
        self.call_panel = CallPanel(self)
        self.recent = RecentList(self)
        self.marquee = Marquee(self)
        self.banner = text("label", P.white, P.red)
        self.banner.setObjectName("lostBanner")
        # This PC's clock against the server's, and failed announcements: for the staff.
        self.clock_warning = text("label", P.amber_ink, P.amber_bg, align=LEFT)
        self.clock_warning.setObjectName("clockWarning")
        self.speech_status = text("label", P.amber_ink, P.amber_bg, align=LEFT)
        self.speech_status.setObjectName("speechStatus")
        self.sync_status = text("label", P.amber_ink, P.amber_bg, align=LEFT)
        self.sync_status.setObjectName("syncStatus")
        for label in (
            self.hall_name,
            self.hall_subtitle,
            self.clock_label,
            self.date_label,
            self.banner,
            self.clock_warning,
            self.speech_status,
            self.sync_status,
        ):
            label.setParent(self)
        for label in (self.banner, self.clock_warning, self.speech_status, self.sync_status):
            label.hide()
        self.media: MediaArea | None = None
        if media_dir is not None:
            media = MediaArea(media_dir, media_seconds, self)
            if media.available:
                self.media = media
            else:
                log.info("media area off: no image in %s", media_dir)
                media.deleteLater()
        self._media_away = False
        self.tiles: list[CounterTile] = []
        self.chips: list[ServiceChip] = []

    def _timers(self) -> None:
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        self._page_timer = QTimer(self)
        self._page_timer.timeout.connect(self.next_page)
        self._page_timer.start(self.PAGE_SECONDS * 1000)
        self._media_timer = QTimer(self)
        self._media_timer.setSingleShot(True)
        self._media_timer.timeout.connect(self._media_back)

    # --- layout --------------------------------------------------------------------------
    def canvas(self) -> Canvas:
        return Canvas(max(1, self.width()), max(1, self.height()))

    def _needs(self, counters: int) -> Needs:
        return Needs(
            counters=counters,
            services=len(self._services),
            banner=not self.banner.isHidden(),
            status=any(not w.isHidden() for w in self._status_labels()),
            media=self.media is not None and not self._media_away,
            tile_title=self.tr("LOKET {0}").format(
                max((c.number for c in self._counters), default=1)
            ),
            chip_text=self.tr("{0} menunggu").format(188)
            + "  ·  "
            + wait_text(88, self.lang, "short"),
        )

    def _shown_counters(self) -> tuple[list[CounterView], Plan]:
        """The counters the tiles show (closed ones left out when not all fit) and the plan."""
        canvas = self.canvas()
        counters = self._counters
        laid = plan(canvas, self._needs(len(counters)))
        if len(counters) > laid.tiles_per_page:
            counters = [c for c in counters if c.state != CounterState.CLOSED] or counters
            laid = plan(canvas, self._needs(len(counters)))
        return counters, laid

    def _relayout(self, *, force: bool = False) -> None:
        counters, laid = self._shown_counters()
        key = (self._needs(len(counters)), self.width(), self.height())
        if not force and key == self._placed:
            self._fill(counters, laid)
            return
        self._placed, self._plan = key, laid
        canvas = self.canvas()
        self._place_header(canvas, laid.header)
        self.call_panel.place(canvas, laid.call)
        self.recent.place(canvas, laid.recent, laid.recent_rows)
        if self.media is not None:
            self.media.setVisible(laid.media is not None)
            if laid.media is not None:
                self.media.setGeometry(canvas.rect(laid.media))
        self.marquee.place(canvas, laid.marquee)
        if laid.banner is not None:
            self.banner.setGeometry(canvas.rect(laid.banner))
            self.banner.set_sizes(max(canvas.px(34), canvas.label_floor), canvas.label_floor)
        self._place_status(canvas, laid)
        self._fill(counters, laid)
        self.update()

    def _place_header(self, canvas: Canvas, header: QRectF) -> None:
        full_w = canvas.design_w
        widest = long_date(dt.datetime(2026, 9, 30, tzinfo=dt.UTC), self.lang)  # a long date
        clock_w = max(430.0, canvas.width_of(widest, canvas.label_floor, bold=False) + 16)
        clock_w = min(clock_w, full_w * 0.4)
        names_right = full_w - MARGIN - clock_w - 24
        inner = header.height() - 16
        top, low = inner * 0.6, inner * 0.4
        self.logo.setGeometry(canvas.rect(QRectF(MARGIN, 12, 104, header.height() - 24)))
        left = MARGIN + 104 + 22
        clock_left = full_w - MARGIN - clock_w
        spots: list[tuple[FitLabel, QRectF, float]] = [
            (self.hall_name, QRectF(left, 8, names_right - left, top), 54),
            (self.hall_subtitle, QRectF(left, 8 + top, names_right - left, low), 32),
            (self.clock_label, QRectF(clock_left, 6, clock_w, top), 66),
            (self.date_label, QRectF(clock_left, 8 + top, clock_w, low), 30),
        ]
        for label, rect, size in spots:
            label.setGeometry(canvas.rect(rect))
            label.set_sizes(*canvas.sizes(size, canvas.label_floor))

    def _place_status(self, canvas: Canvas, laid: Plan) -> None:
        if laid.status is None:
            return
        shown = [w for w in self._status_labels() if not w.isHidden()]
        area = laid.status
        width = (area.width() - 14 * (len(shown) - 1)) / max(1, len(shown))
        for i, label in enumerate(shown):
            rect = QRectF(area.left() + i * (width + 14), area.top(), width, area.height())
            label.setGeometry(canvas.rect(rect))
            label.set_sizes(max(canvas.px(30), canvas.label_floor), canvas.label_floor)

    def _fill(self, counters: list[CounterView], laid: Plan) -> None:
        """Put the current page of counters and services into their cells."""
        canvas = self.canvas()
        per_page = max(1, laid.tiles_per_page)
        pages = max(1, math.ceil(len(counters) / per_page))
        self._tile_page %= pages
        page = counters[self._tile_page * per_page :][:per_page]
        cells = grid(laid.tiles, laid.tile_rows, laid.tile_columns, len(page), max_width=420)
        self.tiles = self._pool(self.tiles, len(cells), CounterTile)
        for tile, cell, counter in zip(self.tiles, cells, page, strict=True):
            tile.place(canvas, cell)
            tile.show_counter(counter, highlight=counter.number == self._hot_counter)
        per_chips = max(1, laid.chips_per_page)
        chip_pages = max(1, math.ceil(len(self._services) / per_chips))
        self._chip_page %= chip_pages
        shown = self._services[self._chip_page * per_chips :][:per_chips]
        cells = grid(laid.chips, laid.chip_rows, laid.chip_columns, len(shown), max_width=900)
        self.chips = self._pool(self.chips, len(cells), ServiceChip)
        for chip, cell, status in zip(self.chips, cells, shown, strict=True):
            chip.place(canvas, cell)
            chip.show_status(status, self.lang)

    def _pool(self, have: list[W], count: int, make: type[W]) -> list[W]:
        while len(have) < count:
            have.append(make(self))
        for extra in have[count:]:
            extra.hide()
            extra.deleteLater()
        have = have[:count]
        for widget in have:
            widget.show()
        return have

    @property
    def pages(self) -> tuple[int, int]:
        """How many pages of counters and of services turn (1: all shown at once)."""
        counters, laid = self._shown_counters()
        tiles = math.ceil(len(counters) / max(1, laid.tiles_per_page))
        chips = math.ceil(len(self._services) / max(1, laid.chips_per_page))
        return max(1, tiles), max(1, chips)

    @Slot()
    def next_page(self) -> None:
        tiles, chips = self.pages
        if tiles == 1 and chips == 1:
            return
        self._tile_page = (self._tile_page + 1) % tiles
        self._chip_page = (self._chip_page + 1) % chips
        self._relayout()

    # --- state ---------------------------------------------------------------------------
    def apply(self, events: Sequence[QueueEvent], snapshot: DisplaySnapshot) -> None:
        """Show ``snapshot``; flash when the batch holds a new call."""
        # A call is fresh when the snapshot's newest call is newer than the one on screen
        # (the snapshot may already hold a call whose event comes in the next batch).
        newest, current = snapshot.newest, snapshot.current
        first_load = self.snapshot is None and not calls_in(events)
        fresh = newest is not None and not first_load and newest.seq > self._shown_seq
        self._shown_seq = max(self._shown_seq, newest.seq if newest else 0)
        self.snapshot = snapshot
        hall = snapshot.hall
        self.hall_name.setText(hall.name)
        self.hall_subtitle.setText(hall.subtitle_in(self.lang))
        self.marquee.set_text(hall.running_text(self.lang))
        flash = fresh and current is not None and newest is not None and current.seq == newest.seq
        self._hot_counter = current.counter_number if flash and current else None
        self.call_panel.show_call(current, animate=flash)
        self.recent.show_calls(tuple(c for c in snapshot.recent if c != current))
        self._counters = list(snapshot.counters)
        self._services = [s for s in snapshot.services if s.is_open_now or s.waiting]
        clock = snapshot.clock
        warn = clock is not None and clock.warning
        warning = clock.message(self.lang) if clock is not None and warn else ""
        self.clock_warning.setText("⚠ " + warning if warning else "")
        self.clock_warning.setVisible(bool(warning))
        if flash and self.media is not None:
            self._media_away = True
            self.media.set_muted(True)
            self._media_timer.start(self.MEDIA_AWAY_SECONDS * 1000)
        self._relayout()
        self._tick()

    def current_calls(self) -> tuple[CallEntry | None, list[str]]:
        """The call on the big panel and the recent numbers (for tests and screenshots)."""
        return (self.snapshot.current if self.snapshot else None), self.recent.texts()

    @Slot()
    def _media_back(self) -> None:
        self._media_away = False
        if self.media is not None:
            self.media.set_muted(False)
        self._relayout()

    def set_connected(self, connected: bool) -> None:
        self.banner.setText(self.tr("Koneksi ke server terputus — mencoba lagi…"))
        if self.banner.isHidden() == connected:
            return
        self.banner.setVisible(not connected)
        self._relayout()

    def show_speech_failure(self, failure: AnnouncementFailure | None) -> None:
        """Tell the staff that calls are not heard (None: announcements work again)."""
        self._speech_failure = failure
        if failure is None:
            self.speech_status.setText("")
        else:
            why = failure.message(self.lang)
            self.speech_status.setText(
                self.tr("⚠ Suara panggilan {0} gagal: {1}").format(
                    failure.announcement.display, why
                )
            )
        if self.speech_status.isHidden() != (failure is None):
            self.speech_status.setVisible(failure is not None)
            self._relayout(force=True)

    def _status_labels(self) -> tuple[FitLabel, ...]:
        """The staff's lines, in the order they share the status row."""
        return (self.speech_status, self.clock_warning, self.sync_status)

    def show_sync_problem(self, message: str | None) -> None:
        """Tell the staff what HQ lacks (``app.sync.health``; None: HQ holds everything)."""
        self.sync_status.setText("⚠ " + message if message else "")
        if self.sync_status.isHidden() != (not message):
            self.sync_status.setVisible(bool(message))
            self._relayout(force=True)

    @property
    def speech_failed(self) -> bool:
        return not self.speech_status.isHidden()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._relayout(force=True)

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
        self.call_panel.glow = 0.0  # type: ignore[assignment]  # Qt property

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(P.blue_dark))
        canvas = self.canvas()
        header = self._plan.header if self._plan else QRectF(0, 0, canvas.design_w, HEADER_H)
        head = canvas.rect(header)
        line = canvas.rect(QRectF(0, header.bottom(), canvas.design_w, GOLD_LINE))
        painter.fillRect(0, head.top(), self.width(), head.height(), QColor(P.blue_deep))
        painter.fillRect(0, line.top(), self.width(), line.height(), QColor(P.gold))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self._page_timer.stop()
        self._clock_timer.stop()
        self.marquee.stop()
        if self.media is not None:
            self.media.stop()
        self.translations.switch(SOURCE_LANG)  # leave no display translator behind
        super().closeEvent(event)
