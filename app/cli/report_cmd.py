"""``antrean report {summary,hourly,counters,ikm} --from D --to D [--service A]
[--format json|csv|xlsx|pdf] [--out FILE]`` for a supervisor or admin (``--user``).

Without ``--format`` the tables are printed as text (``--json``: the JSON below in the usual
envelope). ``--format json|csv`` without ``--out`` writes the file to standard output;
``xlsx`` and ``pdf`` need ``--out``. The JSON: ``{"hall", "report", "from", "to",
"service", "tables": {name: [row…]}}``, rows keyed by the column keys of
``app.reports.tables`` (figures defined in ``docs/reports.md``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.output import Output
from app.i18n import N_, gettext

if TYPE_CHECKING:
    from app.bootstrap import Core
    from app.reports.export import Heading
    from app.reports.tables import Table

KINDS = ("summary", "hourly", "counters", "ikm")
FORMATS = ("json", "csv", "xlsx", "pdf")
TITLES = {
    "summary": N_("Laporan ringkasan"),
    "hourly": N_("Laporan per jam"),
    "counters": N_("Laporan loket dan petugas"),
    "ikm": N_("Laporan IKM"),
}


def add_report_parser(sub: Any, common: argparse.ArgumentParser, t: Any) -> None:
    """``report`` on the ``antrean`` subcommands ``sub``; ``t`` is ``app.cli.args.Types``."""
    p = sub.add_parser(
        "report", parents=[common], help="hall reports for a supervisor (--user): tables, files"
    )
    p.add_argument("kind", choices=KINDS, help="which report")
    p.add_argument("--from", dest="date_from", type=t.date, required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=t.date, required=True, help="YYYY-MM-DD")
    p.add_argument("--service", type=t.text(8), help="one service code (default: all)")
    p.add_argument("--format", dest="fmt", choices=FORMATS, help="file format (default: text)")
    p.add_argument("--out", type=t.text(), metavar="FILE", help="write the file here")
    p.set_defaults(handler=cmd_report)


def cmd_report(core: Core, args: argparse.Namespace, out: Output) -> None:
    from app.cli.signin import actor_for
    from app.domain.errors import InvalidSetting
    from app.reports.export import Heading, write
    from app.reports.tables import tables
    from app.services.reports import ReportService
    from app.storage.uow import UnitOfWorkFactory

    if args.fmt in ("xlsx", "pdf") and not args.out:
        raise InvalidSetting(N_("Format {fmt} perlu --out BERKAS."), fmt=args.fmt)
    actor = actor_for(core, args)
    service = ReportService(UnitOfWorkFactory(core.engine), core.clock)
    kw = {"date_from": args.date_from, "date_to": args.date_to, "service": args.service}
    if args.kind == "ikm":
        report: Any = service.ikm(actor=actor, **kw)
        hall = service.hall_name()
        chosen = args.service.upper() if args.service else None
    else:
        # only the counters report needs the events (each ticket's segments at desks), and
        # only it does without the services, days and hours
        desks = args.kind == "counters"
        report = service.report(actor=actor, desks=desks, groups=not desks, **kw)
        hall, chosen = report.hall_name, report.service
    lang = out.lang
    period = (
        args.date_from.isoformat()
        if args.date_from == args.date_to
        else f"{args.date_from.isoformat()} – {args.date_to.isoformat()}"
    )
    heading = Heading(
        hall=hall,
        period=period,
        kind=args.kind,
        title=gettext(TITLES[args.kind], lang),
        date_from=args.date_from.isoformat(),
        date_to=args.date_to.isoformat(),
        service=chosen,
    )
    made = tables(args.kind, report, lang)
    if args.fmt is None:
        from app.reports.export import as_json

        out.result(as_json(heading, made), _text(heading, made))
        return
    path = Path(args.out) if args.out else None
    data = write(args.fmt, heading, made, path)
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out.result(
        {"path": str(path), "format": args.fmt, "bytes": len(data)},
        out.say(
            N_("Laporan tersimpan: {path} ({data} bita)."),
            path=path,
            data=len(data),
        ),
    )


def _text(heading: Heading, made: list[Table]) -> str:
    lines = [heading.hall, f"{heading.title} · {heading.period}"]
    for table in made:
        lines += ["", table.title]
        cells = [list(table.headers)] + [
            ["–" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v)) for v in r]
            for r in table.rows
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(len(table.headers))]
        for row in cells:
            lines.append(
                "  ".join(
                    c.ljust(w) if i == 0 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                )
            )
    return "\n".join(lines)
