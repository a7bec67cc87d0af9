"""Pengawasan: the hall live — counters, queues against their targets, alerts, failed prints,
the HQ link — and the supervisor's overrides (move a waiting ticket, force-close a counter,
close the day, reprint a ticket whose print failed on this PC's printer)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QSplitter

from app.domain.errors import KnownError
from app.domain.model import CounterState
from app.domain.roles import Permission
from app.services.supervision import Supervision
from ui.admin.base import Page, button, row_text, set_rows, table
from ui.admin.services import AdminActions
from ui.common.feed import FeedBridge
from ui.common.theme import PALETTE
from ui.common.workers import TaskRunner


class SupervisionPage(Page):
    REFRESH_MS = 5000

    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.snapshot: Supervision | None = None
        self._arm_close_day = False
        self._reading = False
        self._again = False
        self.bridge: FeedBridge | None = None
        self.alerts = QLabel()
        self.alerts.setWordWrap(True)
        self.counters = table(
            [
                self.tr("Loket"),
                self.tr("Nama"),
                self.tr("Keadaan"),
                self.tr("Nomor"),
                self.tr("Sejak"),
                self.tr("Petugas"),
                self.tr("Layanan"),
            ]
        )
        self.queues = table(
            [
                self.tr("Kode"),
                self.tr("Layanan"),
                self.tr("Menunggu"),
                self.tr("Terlama"),
                self.tr("Perkiraan"),
                self.tr("Target"),
                self.tr("Buka"),
            ]
        )
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.counters)
        split.addWidget(self.queues)
        split.setChildrenCollapsible(False)
        self.printing = QLabel()
        self.printing.setWordWrap(True)
        # A ticket whose print failed is printed again on this PC's printer (the kiosk's
        # printer belongs to another PC): through the reprint use case, audited.
        self.failed = QComboBox()
        self.reprint = button(self.tr("Cetak ulang di printer PC ini"))
        self.failed.setVisible(actions.may(Permission.REPRINT))
        self.reprint.setVisible(actions.may(Permission.REPRINT))
        self.sync = QLabel()
        self.sync.setWordWrap(True)
        self.force_close = button(self.tr("Tutup paksa loket terpilih"), "danger")
        self.close_day = button(self.tr("Tutup hari layanan"))
        self.close_day.setVisible(actions.may(Permission.CLOSE_DAY))
        self.ticket = QComboBox()
        self.to_service = QComboBox()
        self.to_counter = QComboBox()
        self.move_button = button(self.tr("Pindahkan"), "primary")
        mover = QGroupBox(self.tr("Pindahkan nomor yang menunggu"))
        line = QHBoxLayout(mover)
        for label, widget in (
            (self.tr("Nomor"), self.ticket),
            (self.tr("ke layanan"), self.to_service),
            (self.tr("loket"), self.to_counter),
        ):
            line.addWidget(QLabel(label))
            line.addWidget(widget, 1)
        line.addWidget(self.move_button)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.force_close)
        actions_row.addWidget(self.close_day)
        actions_row.addStretch(1)
        self.body.addWidget(self.alerts)
        self.body.addWidget(split, 1)
        printing_row = QHBoxLayout()
        printing_row.addWidget(self.printing, 1)
        printing_row.addWidget(self.failed)
        printing_row.addWidget(self.reprint)
        self.body.addLayout(printing_row)
        self.body.addWidget(self.sync)
        self.body.addWidget(mover)
        self.body.addLayout(actions_row)
        self.timer = QTimer(self)
        self.timer.setInterval(self.REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.force_close.clicked.connect(self._force_close)
        self.close_day.clicked.connect(self._close_day)
        self.move_button.clicked.connect(self._move)
        self.reprint.clicked.connect(self._reprint)

    def title(self) -> str:
        return self.tr("Pengawasan")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.timer.start()
        self._follow()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        self.timer.stop()
        self.stop_following()
        super().hideEvent(event)

    def _follow(self) -> None:
        """Redraw on every change in the hall (the live feed), besides the timer (which
        keeps the ages current)."""
        feed = self.admin.s.feed
        if feed is None or self.bridge is not None:
            return
        self.bridge = FeedBridge(feed, self.admin.supervision, self)
        self.bridge.updated.connect(self._on_feed)
        self.bridge.start()

    def _on_feed(self, _events: object, snapshot: Supervision) -> None:
        self.show_snapshot(snapshot)

    def stop_following(self) -> None:
        bridge, self.bridge = self.bridge, None
        if bridge is not None:
            bridge.stop()
            bridge.deleteLater()

    def refresh(self) -> None:
        if self._reading:
            self._again = True  # read again once the read on its way has been shown
            return
        self._reading = True
        self._again = False
        self.runner.submit(
            self.admin.supervision,
            on_done=self._read_done,
            on_error=self._read_failed,
            name="supervision",
        )

    def _read_done(self, snap: Supervision) -> None:
        self._reading = False
        self.show_snapshot(snap)
        self._read_again()

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.fail(exc)
        self._read_again()

    def _read_again(self) -> None:
        """A refresh asked for while a read was on its way (after an action): do it now,
        so the page never keeps showing the state from before the action."""
        if self._again:
            self.refresh()

    # --- drawing -------------------------------------------------------------------------
    def show_snapshot(self, snap: Supervision) -> None:
        self.snapshot = snap
        self._alerts(snap)
        states = {
            CounterState.OPEN: self.tr("buka"),
            CounterState.PAUSED: self.tr("istirahat"),
            CounterState.CLOSED: self.tr("tutup"),
        }
        set_rows(
            self.counters,
            [
                [
                    str(c.number),
                    c.name,
                    states[c.state],
                    c.ticket or "—",
                    self._since(snap.now, c.since),
                    c.clerk or "—",
                    ", ".join(c.service_codes),
                ]
                for c in snap.counters
            ],
        )
        set_rows(
            self.queues,
            [
                [
                    s.code,
                    s.name(self.lang),
                    str(s.waiting),
                    self._minutes(s.oldest_wait_minutes),
                    self._minutes(s.estimate_minutes),
                    self.tr("{0} mnt").format(s.target_minutes),
                    str(s.open_counters),
                ]
                for s in snap.services
            ],
        )
        for row, s in enumerate(snap.services):
            if s.breached or s.waiting > snap.queue_threshold:
                for col in range(self.queues.columnCount()):
                    item = self.queues.item(row, col)
                    if item is not None:
                        item.setBackground(QColor(PALETTE.amber_bg))
        failed = ", ".join(p.display for p in snap.print_failed)
        self.printing.setText(
            self.tr("Tiket gagal dicetak: {0}").format(failed)
            if failed
            else self.tr("Tidak ada tiket yang gagal dicetak.")
        )
        keep = self.failed.currentText()
        self.failed.clear()
        self.failed.addItems([p.display for p in snap.print_failed])
        if keep:
            self.failed.setCurrentText(keep)
        self.reprint.setEnabled(bool(snap.print_failed))
        self.sync.setText(self._sync_text(snap))
        self._fill_mover(snap)

    def _alerts(self, snap: Supervision) -> None:
        if snap.alerts:
            lines = [a.message(self.lang) for a in snap.alerts]
            self.alerts.setText("⚠ " + "\n⚠ ".join(lines))
            self.alerts.setProperty("role", "alert")
        else:
            self.alerts.setText(self.tr("Semua antrean dalam target."))
            self.alerts.setProperty("role", "")
        self.alerts.style().unpolish(self.alerts)
        self.alerts.style().polish(self.alerts)

    def _sync_text(self, snap: Supervision) -> str:
        if not snap.sync:
            return self.tr("Sinkronisasi pusat: belum pernah (belum diatur di PC ini).")
        line = snap.sync[0]
        text = self.tr("Sinkronisasi pusat: {0} data belum terkirim").format(line.pending)
        if line.last_success_at is not None:
            text += self.tr(", terakhir berhasil {0}").format(
                snap.local(line.last_success_at).strftime("%H:%M")
            )
        if line.held:
            text += self.tr(", {0} tertahan").format(line.held)
        if line.last_error:
            text += self.tr(", galat: {0}").format(line.last_error.text(self.lang))
        return text

    def _fill_mover(self, snap: Supervision) -> None:
        keep = self.ticket.currentText()
        self.ticket.clear()
        self.ticket.addItems([w.display for w in snap.waiting])
        if keep:
            self.ticket.setCurrentText(keep)
        if self.to_service.count() != len(snap.services) + 1:
            self.to_service.clear()
            self.to_service.addItem(self.tr("(tetap)"), None)
            for s in snap.services:
                self.to_service.addItem(f"{s.code} {s.name(self.lang)}", s.code)
        if self.to_counter.count() != len(snap.counters) + 1:
            self.to_counter.clear()
            self.to_counter.addItem(self.tr("(loket mana saja)"), None)
            for c in snap.counters:
                self.to_counter.addItem(self.tr("Loket {0}").format(c.number), c.number)
        self.move_button.setEnabled(bool(snap.waiting))

    def _since(self, now: dt.datetime, since: dt.datetime | None) -> str:
        if since is None:
            return "—"
        return self._minutes(max(0.0, (now - since).total_seconds() / 60))

    def _minutes(self, minutes: float | None) -> str:
        if minutes is None:
            return "—"
        return self.tr("{0} mnt").format(round(minutes))

    # --- overrides -----------------------------------------------------------------------
    def _move(self) -> None:
        display = self.ticket.currentText()
        service = self.to_service.currentData()
        counter = self.to_counter.currentData()
        if not display:
            return
        if service is None and counter is None:
            self.show_error(self.tr("Pilih layanan atau loket tujuan."))
            return
        self.run(
            lambda: self.admin.move_ticket(display, service, counter),
            self._moved,
            name="move",
        )

    def _reprint(self) -> None:
        display = self.failed.currentText()
        if not display:
            return
        self.run(
            lambda: self.admin.reprint(display, self.lang),
            lambda error: self._reprinted(display, error),
            name="reprint",
        )

    def _reprinted(self, display: str, error: KnownError | None) -> None:
        if error is None:
            self.show_ok(self.tr("{0} dicetak ulang di printer PC ini.").format(display))
        else:
            self.show_error(
                self.tr("{0} tidak tercetak: {1}").format(display, error.message(self.lang))
            )
        self.refresh()

    def _moved(self, display: str) -> None:
        self.show_ok(self.tr("{0} dipindahkan.").format(display))
        self.refresh()

    def _force_close(self) -> None:
        number = row_text(self.counters)
        if number is None:
            self.show_error(self.tr("Pilih dulu loket di tabel."))
            return
        self.run(
            lambda: self.admin.force_close(int(number)),
            lambda back: self._closed(int(number), back),
            name="force-close",
        )

    def _closed(self, number: int, back: str | None) -> None:
        text = self.tr("Loket {0} ditutup.").format(number)
        if back:
            text += " " + self.tr("{0} kembali ke depan antrean.").format(back)
        self.show_ok(text)
        self.refresh()

    def _close_day(self) -> None:
        if not self._arm_close_day:
            self._arm_close_day = True
            self.show_error(
                self.tr(
                    "Tutup hari mengakhiri semua nomor yang masih terbuka dan menutup semua "
                    "loket. Klik sekali lagi untuk melanjutkan."
                )
            )
            QTimer.singleShot(8000, self._disarm)
            return
        self._arm_close_day = False
        self.run(
            self.admin.close_day,
            self._day_closed,
            name="close-day",
        )

    def _day_closed(self, expired: int) -> None:
        self.show_ok(self.tr("Hari ditutup; {0} nomor diakhiri.").format(expired))
        self.refresh()

    def _disarm(self) -> None:
        self._arm_close_day = False
