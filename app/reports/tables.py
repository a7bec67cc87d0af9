"""The report's tables, independent of the file format: what each column is called (in
Indonesian and English) and holds, and which chart goes beside it.

``tables(kind, report, lang)``: ``summary`` (per service, the total, per day), ``hourly``
(per hour of day and the weekday × hour heat map), ``counters`` (per counter and per clerk:
the tickets each worked on, a transfer's every desk), ``ikm`` (from ``SurveyService.ikm_report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.i18n import N_, gettext, pick

if TYPE_CHECKING:
    from app.services.reports import HallReport, Row
    from app.services.survey import IkmReport

KINDS = ("summary", "hourly", "counters", "ikm")

# (key, header) of each figure column, in order; the header is a catalog text
FIGURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("issued", N_("Diambil")),
    ("served", N_("Dilayani")),
    ("no_show", N_("Tidak hadir")),
    ("cancelled", N_("Dibatalkan")),
    ("expired", N_("Kedaluwarsa")),
    ("transferred", N_("Dialihkan")),
    ("called", N_("Dipanggil")),
    ("wait_mean_min", N_("Tunggu rata2 (mnt)")),
    ("wait_median_min", N_("Tunggu median (mnt)")),
    ("wait_p90_min", N_("Tunggu p90 (mnt)")),
    ("service_mean_min", N_("Layan rata2 (mnt)")),
    ("service_median_min", N_("Layan median (mnt)")),
    ("within_target_pct", N_("Sesuai target (%)")),
    ("priority_pct", N_("Prioritas (%)")),
    ("print_failed", N_("Gagal cetak")),
)


# The counter and clerk tables: the tickets each desk worked on (``app.sync.facts.tally_desks``;
# a transferred ticket counts at every desk of its journey), its calls and transfers out.
DESK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("handled", N_("Ditangani")),
    ("calls", N_("Panggilan")),
    ("served", N_("Dilayani")),
    ("no_show", N_("Tidak hadir")),
    ("cancelled", N_("Dibatalkan")),
    ("expired", N_("Kedaluwarsa")),
    ("transferred_out", N_("Dialihkan keluar")),
    ("called", N_("Panggilan pertama")),
    *FIGURE_COLUMNS[7:],
)
# (name, title, first column key, its header); titles and headers are catalog texts
DESKS: dict[str, tuple[str, str, str, str]] = {
    "counters": ("counters", N_("Per loket"), "counter", N_("Loket")),
    "clerks": ("clerks", N_("Per petugas"), "clerk", N_("Petugas")),
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


def _say(lang: str, text: str) -> str:
    """``text`` (an Indonesian msgid marked with ``N_``) in ``lang``."""
    return gettext(text, lang)


def _figure_table(
    name: str,
    title: str,
    first: tuple[str, str],
    rows: tuple[Row, ...],
    lang: str,
    total: bool = False,
    columns: tuple[tuple[str, str], ...] = FIGURE_COLUMNS,
    series: tuple[int, ...] = (1, 2),
) -> Table:
    keys = (first[0], *(c[0] for c in columns))
    headers = (_say(lang, first[1]), *(_say(lang, c[1]) for c in columns))
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
                _say(lang, N_("Per layanan")),
                ("service", N_("Layanan")),
                report.summary,
                lang,
                total=True,
            ),
            _figure_table(
                "daily",
                _say(lang, N_("Per hari")),
                ("date", N_("Tanggal")),
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
                _say(lang, N_("Per jam (waktu setempat)")),
                ("hour", N_("Jam")),
                report.hours,
                lang,
            ),
            Table(
                "heatmap",
                _say(lang, N_("Tiket diambil: hari × jam")),
                ("weekday", *(f"h{h:02d}" for h in hours)),
                (_say(lang, N_("Hari")), *(f"{h:02d}" for h in hours)),
                heat_rows,
                Chart("heat") if hours else None,
            ),
        ]
    if kind == "counters":
        return [_desk_table(desk, report, lang) for desk in DESKS]
    raise ValueError(kind)


def _desk_table(desk: str, report: HallReport, lang: str) -> Table:
    """Per counter or per clerk (``DESKS``): one builder for both."""
    name, title, key, first = DESKS[desk]
    rows: tuple[Row, ...] = getattr(report, desk)
    return _figure_table(
        name,
        _say(lang, title),
        (key, first),
        rows,
        lang,
        columns=DESK_COLUMNS,
        series=(1, 3),
    )


def _ikm_table(report: IkmReport, lang: str) -> Table:
    from app.domain.ikm import CODES

    keys = ("service", "respondents", *(c.lower() for c in CODES), "ikm", "grade")
    headers = (
        _say(lang, N_("Layanan")),
        _say(lang, N_("Responden")),
        *(f"NRR {c}" for c in CODES),
        "IKM",
        _say(lang, N_("Mutu")),
    )
    rows = []
    named = [(f"{s.code} {pick(lang, s.name_id, s.name_en)}", s.summary) for s in report.services]
    named.append((_say(lang, N_("Semua layanan")), report.total))
    for label, s in named:
        nrr = [round(float(v), 3) for v in s.nrr] if s.nrr is not None else [None] * len(CODES)
        index = float(s.index_rounded) if s.index_rounded is not None else None
        grade = s.grade.letter if s.grade is not None else None
        rows.append((label, s.respondents, *nrr, index, grade))
    return Table(
        "ikm",
        _say(lang, N_("Indeks Kepuasan Masyarakat")),
        keys,
        headers,
        tuple(rows),
        Chart("bar", (len(keys) - 2,)),
    )
