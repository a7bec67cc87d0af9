"""The report's tables, independent of the file format: what each column is called (in
Indonesian and English) and holds, and which chart goes beside it.

``tables(kind, report, lang)``: ``summary`` (per service, the total, per day), ``hourly``
(per hour of day and the weekday × hour heat map), ``counters`` (per counter and per clerk:
the tickets each worked on, a transfer's every desk), ``ikm`` (from ``SurveyService.ikm_report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.reports import HallReport, Row
    from app.services.survey import IkmReport

KINDS = ("summary", "hourly", "counters", "ikm")

# (key, Indonesian, English) of each figure column, in order
FIGURE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("issued", "Diambil", "Issued"),
    ("served", "Dilayani", "Served"),
    ("no_show", "Tidak hadir", "No-show"),
    ("cancelled", "Dibatalkan", "Cancelled"),
    ("expired", "Kedaluwarsa", "Expired"),
    ("transferred", "Dialihkan", "Transferred"),
    ("called", "Dipanggil", "Called"),
    ("wait_mean_min", "Tunggu rata2 (mnt)", "Wait mean (min)"),
    ("wait_median_min", "Tunggu median (mnt)", "Wait median (min)"),
    ("wait_p90_min", "Tunggu p90 (mnt)", "Wait p90 (min)"),
    ("service_mean_min", "Layan rata2 (mnt)", "Service mean (min)"),
    ("service_median_min", "Layan median (mnt)", "Service median (min)"),
    ("within_target_pct", "Sesuai target (%)", "Within target (%)"),
    ("priority_pct", "Prioritas (%)", "Priority (%)"),
    ("print_failed", "Gagal cetak", "Print failed"),
)


# The counter and clerk tables: the tickets each desk worked on (``app.sync.facts.tally_desks``;
# a transferred ticket counts at every desk of its journey), its calls and transfers out.
DESK_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("handled", "Ditangani", "Handled"),
    ("calls", "Panggilan", "Calls"),
    ("served", "Dilayani", "Served"),
    ("no_show", "Tidak hadir", "No-show"),
    ("cancelled", "Dibatalkan", "Cancelled"),
    ("expired", "Kedaluwarsa", "Expired"),
    ("transferred_out", "Dialihkan keluar", "Transferred out"),
    ("called", "Panggilan pertama", "First calls"),
    *FIGURE_COLUMNS[7:],
)
# (name, title id, title en, first column key, its Indonesian and English header)
DESKS: dict[str, tuple[str, str, str, str, str, str]] = {
    "counters": ("counters", "Per loket", "Per counter", "counter", "Loket", "Counter"),
    "clerks": ("clerks", "Per petugas", "Per clerk", "clerk", "Petugas", "Clerk"),
}
# a desk column read from another figure
_FIGURE_OF = {"handled": "issued"}


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart (``bar``: categories from column 0, one series per ``series`` column)
    or a heat map (``heat``: the table's numeric cells)."""

    kind: str
    series: tuple[int, ...] = ()
    skip_last: bool = False  # the last row is a total: not charted beside its parts


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # stable key: "services", "daily", "hours", "heatmap", "counters", ...
    title: str
    keys: tuple[str, ...]  # stable column keys (JSON, CSV header in English)
    headers: tuple[str, ...]  # column titles in the chosen language
    rows: tuple[tuple[Any, ...], ...]
    chart: Chart | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.keys, row, strict=True)) for row in self.rows]


def _say(lang: str, id_text: str, en_text: str) -> str:
    return id_text if lang == "id" else en_text


def _figure_table(
    name: str,
    title: str,
    first: tuple[str, str, str],
    rows: tuple[Row, ...],
    lang: str,
    total: bool = False,
    columns: tuple[tuple[str, str, str], ...] = FIGURE_COLUMNS,
    series: tuple[int, ...] = (1, 2),
) -> Table:
    keys = (first[0], *(c[0] for c in columns))
    headers = (_say(lang, first[1], first[2]), *(_say(lang, c[1], c[2]) for c in columns))
    out = []
    for row in rows:
        values = [
            row.print_failed if k == "print_failed" else getattr(row.figures, _FIGURE_OF.get(k, k))
            for k in keys[1:]
        ]
        out.append((row.label(lang), *values))
    # bars: issued (handled) and served
    return Table(name, title, keys, headers, tuple(out), Chart("bar", series, skip_last=total))


def tables(kind: str, report: HallReport | IkmReport, lang: str = "id") -> list[Table]:
    from app.services.reports import HallReport, weekday_name

    if kind == "ikm":
        assert not isinstance(report, HallReport)
        return [_ikm_table(report, lang)]
    assert isinstance(report, HallReport)
    if kind == "summary":
        return [
            _figure_table(
                "services",
                _say(lang, "Per layanan", "Per service"),
                ("service", "Layanan", "Service"),
                report.summary,
                lang,
                total=True,
            ),
            _figure_table(
                "daily",
                _say(lang, "Per hari", "Per day"),
                ("date", "Tanggal", "Date"),
                report.daily,
                lang,
            ),
        ]
    if kind == "hourly":
        hours = sorted({h for _d, h in report.heatmap})
        heat_rows = tuple(
            (weekday_name(day, lang), *(report.heatmap.get((day, h), 0) for h in hours))
            for day in range(1, 8)
        )
        return [
            _figure_table(
                "hours",
                _say(lang, "Per jam (waktu setempat)", "Per hour of day (hall time)"),
                ("hour", "Jam", "Hour"),
                report.hours,
                lang,
            ),
            Table(
                "heatmap",
                _say(lang, "Tiket diambil: hari × jam", "Tickets issued: weekday × hour"),
                ("weekday", *(f"h{h:02d}" for h in hours)),
                (_say(lang, "Hari", "Day"), *(f"{h:02d}" for h in hours)),
                heat_rows,
                Chart("heat") if hours else None,
            ),
        ]
    if kind == "counters":
        return [_desk_table(desk, report, lang) for desk in DESKS]
    raise ValueError(kind)


def _desk_table(desk: str, report: HallReport, lang: str) -> Table:
    """Per counter or per clerk (``DESKS``): one builder for both."""
    name, title_id, title_en, key, first_id, first_en = DESKS[desk]
    rows: tuple[Row, ...] = getattr(report, desk)
    return _figure_table(
        name,
        _say(lang, title_id, title_en),
        (key, first_id, first_en),
        rows,
        lang,
        columns=DESK_COLUMNS,
        series=(1, 3),
    )


def _ikm_table(report: IkmReport, lang: str) -> Table:
    from app.domain.ikm import CODES

    keys = ("service", "respondents", *(c.lower() for c in CODES), "ikm", "grade")
    headers = (
        _say(lang, "Layanan", "Service"),
        _say(lang, "Responden", "Respondents"),
        *(f"NRR {c}" for c in CODES),
        "IKM",
        _say(lang, "Mutu", "Grade"),
    )
    rows = []
    named = [
        (f"{s.code} {s.name_id if lang == 'id' else s.name_en}", s.summary) for s in report.services
    ]
    named.append((_say(lang, "Semua layanan", "All services"), report.total))
    for label, s in named:
        nrr = [round(float(v), 3) for v in s.nrr] if s.nrr is not None else [None] * len(CODES)
        index = float(s.index_rounded) if s.index_rounded is not None else None
        grade = s.grade.letter if s.grade is not None else None
        rows.append((label, s.respondents, *nrr, index, grade))
    return Table(
        "ikm",
        _say(lang, "Indeks Kepuasan Masyarakat", "Community Satisfaction Index"),
        keys,
        headers,
        tuple(rows),
        Chart("bar", (len(keys) - 2,)),
    )
