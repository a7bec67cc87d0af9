"""Reports: the hall's figures for a day, ISO week, month or range (``ReportService``), as
tables with charts beside them, read off the GUI thread with a progress bar, exported as
XLSX, CSV or PDF (``app.reports``). Supervisors and administrators (``Permission.REPORTS``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableWidget,
    QTabWidget,
)

from app.reports.export import Heading, load_matplotlib, write
from app.reports.tables import Table, tables
from app.services.reports import HallReport, Period
from ui.admin.base import Page, button, set_rows, table
from ui.admin.services import AdminActions
from ui.common.workers import TaskRunner

TABS = ("summary", "hourly", "counters")


class _Tab:
    """One table with its chart below it: the figures' tables are wide (16 columns), so the
    table takes the page's width and the chart the lower part."""

    def __init__(self) -> None:
        # matplotlib loads when the page is built, not with the admin window's module
        load_matplotlib()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.table: QTableWidget = table([""])
        self.figure = Figure(figsize=(8, 2.4), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setMinimumHeight(160)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.canvas)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 240])  # each tab alike, whichever is shown first

    def show(self, data: Table) -> None:
        from matplotlib.ticker import MaxNLocator

        self.table.setColumnCount(len(data.headers))
        self.table.setHorizontalHeaderLabels(list(data.headers))
        set_rows(self.table, [[_cell(v) for v in row] for row in data.rows])
        self.figure.clear()
        ax = self.figure.add_subplot()
        chart = data.chart
        rows = data.rows[:-1] if chart is not None and chart.skip_last else data.rows
        if chart is not None and rows:
            labels = [str(r[0]) for r in rows]
            if chart.kind == "heat":
                values = [[float(v or 0) for v in r[1:]] for r in rows]
                image = ax.imshow(values, aspect="auto", cmap="Reds")
                ax.set_yticks(range(len(labels)), labels)
                ax.set_xticks(range(len(data.headers) - 1), list(data.headers[1:]), fontsize=7)
                self.figure.colorbar(image, ax=ax, ticks=MaxNLocator(integer=True))
            else:
                width = 0.8 / len(chart.series)
                for i, col in enumerate(chart.series):
                    xs = [x + (i - (len(chart.series) - 1) / 2) * width for x in range(len(rows))]
                    ax.bar(xs, [float(r[col] or 0) for r in rows], width, label=data.headers[col])
                ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=7)
                ax.legend(fontsize=7)
                if all(isinstance(r[col], int | None) for r in rows for col in chart.series):
                    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: 0, 1, 2
        ax.set_title(data.title, fontsize=9)
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class ReportsPage(Page):
    progressed = Signal(float)  # 0–1, emitted from the worker thread

    def __init__(self, actions: AdminActions, runner: TaskRunner, lang: str) -> None:
        super().__init__(actions, runner, lang)
        self.report: HallReport | None = None
        self.kind = QComboBox()
        for key, text in (
            ("day", self.tr("Hari")),
            ("week", self.tr("Minggu")),
            ("month", self.tr("Bulan")),
            ("range", self.tr("Rentang")),
        ):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(2)
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        # the day the period holds (the hall's business day until the user picks one); the
        # date fields show the whole period it makes
        self.anchor: dt.date | None = None
        self._snapping = False
        self.services = QComboBox()
        self.services.addItem(self.tr("semua layanan"), None)
        self.show_button = button(self.tr("Tampilkan"), "primary")
        self.exports = {
            fmt: button(text)
            for fmt, text in (
                ("xlsx", self.tr("Ekspor XLSX…")),
                ("csv", self.tr("Ekspor CSV…")),
                ("pdf", self.tr("Ekspor PDF…")),
            )
        }
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Periode"), self.kind),
            (self.tr("Tanggal"), self.since),
            (self.tr("sampai"), self.until),
            (self.tr("Layanan"), self.services),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.progress, 1)
        actions_row.addStretch(1)
        for b in self.exports.values():
            actions_row.addWidget(b)
            b.setEnabled(False)
        self.tabs = QTabWidget()
        self.tab_views: dict[str, _Tab] = {}
        for name, text in (
            ("services", self.tr("Per layanan")),
            ("daily", self.tr("Per hari")),
            ("hours", self.tr("Per jam")),
            ("heatmap", self.tr("Peta jam")),
            ("counters", self.tr("Per loket")),
            ("clerks", self.tr("Per petugas")),
        ):
            view = _Tab()
            self.tab_views[name] = view
            self.tabs.addTab(view.splitter, text)
        self.body.addLayout(filters)
        self.body.addLayout(actions_row)
        self.body.addWidget(self.tabs, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.since.dateChanged.connect(self._since_changed)
        self.show_button.clicked.connect(self.refresh)
        for fmt, b in self.exports.items():
            b.clicked.connect(lambda _c=False, f=fmt: self._export(f))
        self.progressed.connect(lambda f: self.progress.setValue(round(f * 100)))
        self._kind_changed()

    def title(self) -> str:
        return self.tr("Laporan")

    def set_days(self, since: dt.date, until: dt.date) -> None:
        self.since.setDate(QDate(since.year, since.month, since.day))
        self.until.setDate(QDate(until.year, until.month, until.day))

    def period(self) -> Period:
        kind = str(self.kind.currentData())
        start, end = _day(self.since.date()), _day(self.until.date())
        if kind != "range" and self.anchor is not None:
            return Period.of(kind, self.anchor)
        return Period.of(kind, start, end)

    def _kind_changed(self) -> None:
        self.until.setEnabled(self.kind.currentData() == "range")
        self._snap()

    def _since_changed(self) -> None:
        if not self._snapping:
            self.anchor = _day(self.since.date())
            self._snap()

    def _snap(self) -> None:
        """Show the whole day, week or month in the date fields (a range stays as typed)."""
        if self.anchor is None or self.kind.currentData() == "range":
            return
        period = self.period()
        self._snapping = True
        try:
            self.set_days(period.start, period.end)
        finally:
            self._snapping = False

    def _dated(self, today: dt.date) -> None:
        if self.anchor is None:
            self.anchor = today
            self._snap()
        self.refresh()

    def refresh(self) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.show_button.setEnabled(False)
        if self.anchor is None:  # first: the hall's business day, which the periods hold
            self.runner.submit(
                self.admin.business_date,
                on_done=self._dated,
                on_error=self._failed,
                name="reports-day",
            )
            return
        period = self.period()
        service = self.services.currentData()

        def work() -> HallReport:
            return self.admin.report(period.start, period.end, service, self.progressed.emit)

        self.runner.submit(work, on_done=self.show_report, on_error=self._failed, name="reports")

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.show_button.setEnabled(True)
        self.fail(exc)

    def show_report(self, report: HallReport) -> None:
        self.report = report
        self.progress.setVisible(False)
        self.show_button.setEnabled(True)
        if self.services.count() == 1:
            for row in report.summary[:-1]:
                self.services.addItem(f"{row.key} {row.label(self.lang)}", row.key)
        for kind in TABS:
            for data in tables(kind, report, self.lang):
                self.tab_views[data.name].show(data)
        for b in self.exports.values():
            b.setEnabled(True)
        total = report.total.figures
        self.show_ok(
            self.tr("{0}: {1} tiket diambil, {2} dilayani.").format(
                report.period.label(), total.issued, total.served
            )
        )

    def export_heading(self, report: HallReport) -> Heading:
        return Heading(
            hall=report.hall_name,
            period=report.period.label(),
            kind="all",
            title=self.tr("Laporan aula"),
            date_from=report.period.start.isoformat(),
            date_to=report.period.end.isoformat(),
            service=report.service,
        )

    def _export(self, fmt: str) -> None:
        if self.report is None:
            return
        name = f"laporan-{self.report.period.start.isoformat()}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Ekspor laporan"), name, f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.export_to(fmt, Path(path))

    def export_to(self, fmt: str, path: Path) -> None:
        """Write every table of the shown report to ``path`` (off the GUI thread)."""
        report = self.report
        if report is None:
            return
        heading = self.export_heading(report)
        made = [t for kind in TABS for t in tables(kind, report, self.lang)]
        self.run(
            lambda: write(fmt, heading, made, path),
            ok=self.tr("Laporan diekspor ke {0}.").format(path),
            name="reports-export",
        )
