"""The admin window's Reports page: a supervisor reads the month off the GUI thread (a
progress bar while it works), the tables and charts show the raw tickets' figures, and the
exports are read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.ports import ManualClock
from tests.services.test_reports import DAYS, PASSWORD, _raw, expected, simulate
from tests.ui.test_admin import _settle, devices, services  # noqa: F401 (fixtures)
from ui.admin.app import render_admin
from ui.admin.reports_page import ReportsPage
from ui.admin.services import AdminServices


def test_a_supervisor_reads_and_exports_the_month(
    qtbot: QtBot,
    core_sqlite: Core,
    clock: ManualClock,
    services: AdminServices,  # noqa: F811
    tmp_path: Path,
) -> None:
    import openpyxl
    from pypdf import PdfReader

    simulate(core_sqlite, clock, steps=120)
    want = expected(_raw(core_sqlite, dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    sup = core_sqlite.access.sign_in("ani", PASSWORD, station="test")  # a supervisor
    window = render_admin(services, sup)
    qtbot.addWidget(window)
    try:
        assert any(isinstance(p, ReportsPage) for p in window.pages)
        page = window.open_page(ReportsPage)
        assert isinstance(page, ReportsPage)
        seen: list[float] = []
        page.progressed.connect(seen.append)
        page.kind.setCurrentIndex(page.kind.findData("month"))
        page.show_button.click()
        assert page.progress.isVisible() or page.report is not None
        _settle(qtbot, window)
        qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=15000)
        assert seen and seen[-1] == 1.0
        report = page.report
        assert report is not None
        assert (report.period.start, report.period.end) == (
            dt.date(2026, 11, 1),
            dt.date(2026, 11, 30),
        )
        assert report.total.figures.issued == want["issued"]
        assert report.total.figures.served == want["served"]
        services_tab = page.tab_views["services"]
        assert services_tab.table.rowCount() == 6  # A–E and the total
        total_row = services_tab.table.rowCount() - 1
        cell = services_tab.table.item(total_row, 1)
        assert cell is not None and cell.text() == str(want["issued"])
        assert page.tab_views["daily"].table.rowCount() == len(DAYS)
        assert page.tab_views["heatmap"].table.rowCount() == 7
        assert services_tab.figure.axes and services_tab.figure.axes[0].patches  # bars drawn
        assert str(want["issued"]) in page.message.text()
        assert page.services.count() == 6  # "all" and A–E, for the next reading

        window.resize(1280, 800)
        page.tabs.setCurrentIndex(0)
        qtbot.wait(50)
        shot = tmp_path / "admin-reports.png"
        window.grab().save(str(shot))
        assert shot.stat().st_size > 10_000

        for fmt in ("xlsx", "pdf", "csv"):
            page.export_to(fmt, tmp_path / f"laporan.{fmt}")
        _settle(qtbot, window)
        book = openpyxl.load_workbook(tmp_path / "laporan.xlsx")
        assert book.sheetnames == ["services", "daily", "hours", "heatmap", "counters", "clerks"]
        rows = list(book["services"].iter_rows(min_row=6, values_only=True))
        total = next(r for r in rows if r[0] == "Semua layanan")
        assert total[1] == want["issued"] and total[2] == want["served"]
        text = PdfReader(tmp_path / "laporan.pdf").pages[0].extract_text()
        assert "PTSP Polres" in text and "2026-11-01" in text and str(want["issued"]) in text
        assert "Semua layanan" in (tmp_path / "laporan.csv").read_text("utf-8-sig")
    finally:
        window.shutdown()


def test_the_date_fields_show_the_whole_period(
    qtbot: QtBot,
    core_sqlite: Core,
    clock: ManualClock,
    services: AdminServices,  # noqa: F811
) -> None:
    simulate(core_sqlite, clock, steps=10)
    today = core_sqlite.hall.business_date()
    sup = core_sqlite.access.sign_in("ani", PASSWORD, station="test")
    window = render_admin(services, sup, "ReportsPage")
    qtbot.addWidget(window)
    try:
        page = window.page(ReportsPage)
        assert isinstance(page, ReportsPage)
        _settle(qtbot, window)
        qtbot.waitUntil(lambda: page.report is not None, timeout=15000)
        assert page.anchor == today  # the hall's business day
        report = page.report
        assert report is not None
        month = (page.since.date().toPython(), page.until.date().toPython())
        assert month == (today.replace(day=1), report.period.end)
        assert not page.until.isEnabled()

        page.kind.setCurrentIndex(page.kind.findData("week"))
        monday = today - dt.timedelta(days=today.weekday())
        assert page.since.date().toPython() == monday
        assert page.until.date().toPython() == monday + dt.timedelta(days=6)
        page.kind.setCurrentIndex(page.kind.findData("day"))
        assert page.since.date().toPython() == page.until.date().toPython() == today

        page.kind.setCurrentIndex(page.kind.findData("range"))
        assert page.until.isEnabled()
        page.since.setDate(page.since.date().addDays(-3))
        assert page.period().start == today - dt.timedelta(days=3)
        assert page.period().end == today
    finally:
        window.shutdown()
