"""Audit: who did what when (sign-ins, overrides, configuration and user changes), filtered
by day, user and action, exported as CSV (``AuditService``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QLineEdit

from app.services.audit import AuditAction, AuditEntry, csv_text
from ui.admin.base import Page, button, set_rows, table
from ui.admin.services import AdminActions
from ui.common.workers import TaskRunner


class AuditPage(Page):
    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.entries: list[AuditEntry] = []
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("semua pengguna"))
        self.action = QComboBox()
        self.action.addItem(self.tr("semua tindakan"), None)
        for action in AuditAction:
            self.action.addItem(action.value, action.value)
        self.show_button = button(self.tr("Tampilkan"), "primary")
        self.export = button(self.tr("Ekspor CSV…"))
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Dari"), self.since),
            (self.tr("sampai"), self.until),
            (self.tr("Pengguna"), self.user),
            (self.tr("Tindakan"), self.action),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.show_button)
        filters.addWidget(self.export)
        filters.addStretch(1)
        self.table = table(
            [
                self.tr("Waktu"),
                self.tr("Pengguna"),
                self.tr("Peran"),
                self.tr("PC"),
                self.tr("Tindakan"),
                self.tr("Sasaran"),
                self.tr("Hasil"),
            ]
        )
        self.body.addLayout(filters)
        self.body.addWidget(self.table, 1)
        self.show_button.clicked.connect(self.refresh)
        self.export.clicked.connect(self._export)
        self._dates_set = False
        self.zone: ZoneInfo | None = None

    def title(self) -> str:
        return self.tr("Audit")

    def set_days(self, since: dt.date, until: dt.date) -> None:
        self.since.setDate(QDate(since.year, since.month, since.day))
        self.until.setDate(QDate(until.year, until.month, until.day))
        self._dates_set = True

    def refresh(self) -> None:
        if self.zone is None:  # first: the hall's time zone, which the days are in
            self.run(lambda: self.admin.hall().zone(), self._zoned, name="audit-zone")
            return
        zone = self.zone
        since = _start(self.since.date(), zone)
        until = _start(self.until.date(), zone) + dt.timedelta(days=1)
        user = self.user.text().strip() or None
        action = self.action.currentData()
        self.run(
            lambda: self.admin.audit(since, until, user, action),
            self.show_entries,
            name="audit",
        )

    def _zoned(self, zone: ZoneInfo) -> None:
        self.zone = zone
        if not self._dates_set:
            today = self.admin.s.clock.now().astimezone(zone).date()
            self.set_days(today - dt.timedelta(days=7), today)
        self.refresh()

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.entries = entries
        zone = self.zone
        set_rows(
            self.table,
            [
                [
                    e.at.astimezone(zone).strftime("%d-%m %H:%M:%S"),
                    e.username or "—",
                    e.role or "—",
                    e.station,
                    e.action,
                    e.target,
                    e.outcome,
                ]
                for e in entries
            ],
        )
        self.show_ok(self.tr("{0} catatan.").format(len(entries)))

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Ekspor audit"), "audit.csv", self.tr("CSV (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        text = csv_text(self.entries)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.show_error(self.tr("Tidak bisa menulis {0}: {1}").format(path, exc.strerror))
            return
        self.show_ok(self.tr("{0} catatan diekspor ke {1}.").format(len(self.entries), path))


def _start(day: QDate, zone: ZoneInfo) -> dt.datetime:
    """Midnight of ``day`` in the hall's zone, in UTC."""
    return dt.datetime(day.year(), day.month(), day.day(), tzinfo=zone).astimezone(dt.UTC)
