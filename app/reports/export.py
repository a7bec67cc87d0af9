"""Report files: JSON, CSV, XLSX (XlsxWriter, a sheet per table with a native chart) and
PDF (matplotlib: A4 landscape pages with the hall name, the period, a chart and the table).

Every writer takes the same ``Heading`` and ``Table`` list (``app.reports.tables``), so the
formats hold the same figures.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.reports.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("json", "csv", "xlsx", "pdf")
A4_LANDSCAPE_IN = (11.69, 8.27)
PDF_ROWS_PER_PAGE = 18


@dataclass(frozen=True, slots=True)
class Heading:
    hall: str
    period: str  # "2026-11-01 – 2026-11-30"
    kind: str  # summary, hourly, counters, ikm
    title: str  # "Laporan ringkasan" / "Summary report"
    date_from: str
    date_to: str
    service: str | None


def as_json(heading: Heading, tables: Sequence[Table]) -> dict[str, Any]:
    return {
        "hall": heading.hall,
        "report": heading.kind,
        "from": heading.date_from,
        "to": heading.date_to,
        "service": heading.service,
        "tables": {t.name: t.records() for t in tables},
    }


def write_json(heading: Heading, tables: Sequence[Table]) -> bytes:
    return (json.dumps(as_json(heading, tables), ensure_ascii=False, indent=2) + "\n").encode()


def write_csv(heading: Heading, tables: Sequence[Table]) -> bytes:
    """One CSV: each table is a block (its name, the English column keys, the rows) with a
    blank line between blocks; UTF-8 with a BOM so Excel reads the Indonesian labels."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["hall", heading.hall, "from", heading.date_from, "to", heading.date_to])
    for table in tables:
        w.writerow([])
        w.writerow([f"# {table.name}", table.title])
        w.writerow(table.keys)
        for row in table.rows:
            w.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_xlsx(heading: Heading, tables: Sequence[Table]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDE6F0"})
    for table in tables:
        sheet = book.add_worksheet(table.name[:31])
        sheet.write(0, 0, heading.hall, title)
        sheet.write(1, 0, f"{heading.title} · {heading.period}", bold)
        sheet.write(2, 0, table.title, bold)
        first = 4
        sheet.write_row(first, 0, table.headers, head)
        for i, row in enumerate(table.rows, start=first + 1):
            sheet.write_row(i, 0, ["" if v is None else v for v in row])
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, len(table.headers), 12)
        sheet.freeze_panes(first + 1, 1)
        last = first + len(table.rows)
        if table.chart is not None and table.rows:
            if table.chart.kind == "bar":
                end = last - 1 if table.chart.skip_last else last
                chart = book.add_chart({"type": "column"})
                for col in table.chart.series:
                    chart.add_series(
                        {
                            "name": [sheet.name, first, col],
                            "categories": [sheet.name, first + 1, 0, end, 0],
                            "values": [sheet.name, first + 1, col, end, col],
                        }
                    )
                chart.set_title({"name": table.title})
                chart.set_size({"width": 720, "height": 320})
                sheet.insert_chart(last + 2, 0, chart)
            else:
                sheet.conditional_format(
                    first + 1,
                    1,
                    last,
                    len(table.headers) - 1,
                    {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#C0392B"},
                )
    book.close()
    return buf.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def load_matplotlib() -> None:
    """Import matplotlib's font manager once, quietly: on a PC's first use it builds its
    font cache and logs a WARNING about the wait after 5 s (nothing is wrong)."""
    import logging

    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        import matplotlib.font_manager  # noqa: F401
    finally:
        logger.setLevel(level)


def write_pdf(heading: Heading, tables: Sequence[Table]) -> bytes:
    """A4 landscape pages: per table, a page with its chart, then its rows (split over as
    many pages as they need). Fonts are embedded as TrueType (text can be searched)."""
    load_matplotlib()
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    meta = {"Title": f"{heading.hall} {heading.title} {heading.period}"}
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.size": 8}),
        PdfPages(buf, metadata=meta) as pdf,
    ):
        for fig in pages(heading, tables):
            pdf.savefig(fig)
    return buf.getvalue()


def pages(heading: Heading, tables: Sequence[Table]) -> Iterator[Figure]:
    """The PDF's pages as matplotlib figures (also for a preview as PNG)."""
    from matplotlib.figure import Figure

    for table in tables:
        count = max(1, math.ceil(len(table.rows) / PDF_ROWS_PER_PAGE))
        for page in range(count):
            fig = Figure(figsize=A4_LANDSCAPE_IN)
            fig.text(0.04, 0.96, heading.hall, fontsize=14, weight="bold", va="top")
            fig.text(0.04, 0.925, f"{heading.title} · {heading.period}", fontsize=10, va="top")
            suffix = f" ({page + 1}/{count})" if count > 1 else ""
            fig.text(0.04, 0.895, table.title + suffix, fontsize=10, weight="bold", va="top")
            chunk = table.rows[page * PDF_ROWS_PER_PAGE : (page + 1) * PDF_ROWS_PER_PAGE]
            if page == 0 and table.chart is not None and table.rows:
                _chart(fig.add_axes((0.07, 0.52, 0.88, 0.34)), table)
                box = (0.03, 0.03, 0.94, 0.44)
            else:
                box = (0.03, 0.03, 0.94, 0.82)
            ax = fig.add_axes(box)
            ax.axis("off")
            if chunk:
                cells = [[_cell(v) for v in row] for row in chunk]
                t = ax.table(
                    cellText=cells,
                    colLabels=[_wrap(h) for h in table.headers],
                    loc="upper center",
                    cellLoc="right",
                )
                t.auto_set_font_size(False)
                t.set_fontsize(6.5 if len(table.headers) > 10 else 8)
                t.scale(1.0, 1.35)
                # the first column holds names ("Semua layanan", a clerk): wider than figures
                first = 0.13
                other = (1.0 - first) / max(1, len(table.headers) - 1)
                for (r, c), cell in t.get_celld().items():
                    cell.set_width(first if c == 0 else other)
                    if r == 0:
                        cell.set_height(cell.get_height() * 2.2)
                        cell.set_facecolor("#DDE6F0")
            else:
                ax.text(0.5, 0.9, "–", ha="center")
            yield fig


def _wrap(header: str) -> str:
    words = header.split(" ")
    if len(words) < 2:
        return header
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


def _chart(ax: Any, table: Table) -> None:
    assert table.chart is not None
    rows = table.rows[:-1] if table.chart.skip_last else table.rows
    labels = [str(r[0]) for r in rows]
    if table.chart.kind == "heat":
        values = [[float(v or 0) for v in r[1:]] for r in rows]
        image = ax.imshow(values, aspect="auto", cmap="Reds")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xticks(range(len(table.headers) - 1), list(table.headers[1:]))
        ax.figure.colorbar(image, ax=ax, fraction=0.03)
        return
    count = len(table.chart.series)
    width = 0.8 / count
    for i, col in enumerate(table.chart.series):
        xs = [x + (i - (count - 1) / 2) * width for x in range(len(labels))]
        ys = [float(r[col] or 0) for r in rows]
        ax.bar(xs, ys, width=width, label=table.headers[col])
    ax.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 8 else 0, ha="right")
    # above the plot, never over the last bars
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=count, frameon=False)
    ax.grid(axis="y", alpha=0.3)


WRITERS = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}


def write(fmt: str, heading: Heading, tables: Sequence[Table], out: Path | None = None) -> bytes:
    data = WRITERS[fmt](heading, tables)
    if out is not None:
        out.write_bytes(data)
    return data
