"""``antrean survey --counter N`` (the citizen's IKM screen) and ``antrean ikm record|report``.

The parsers load nothing heavy (SQLAlchemy, Qt): each handler imports what it runs. The
figures and their rules are in ``docs/ikm.md``; ``--json`` output keys are stable:

``ikm record``: ``{"id", "at", "service", "business_date", "ticket"}``;
``ikm report``: ``{"date_from", "date_to", "service", "weight", "services": [row…], "total":
row}``, a row being ``{"code", "name_id", "name_en", "respondents", "nrr": {"U1"…"U9"},
"ikm", "grade", "grade_label_id", "grade_label_en", "ikm_0111", "difference_0111"}`` (NRR to
three decimals, indices to two, rounded half up; figures null without respondents).
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.cli.output import Output, fill
from app.i18n import N_, gettext, pick

if TYPE_CHECKING:
    from app.bootstrap import Core
    from app.domain.ikm import IkmSummary
    from app.services.survey import IkmReport, SurveyService
    from app.settings import Settings

DEFAULT_TIMEOUT_S = 60


def add_survey_parsers(sub: Any, common: argparse.ArgumentParser, t: Any) -> None:
    """``survey`` and ``ikm`` on the ``antrean`` subcommands ``sub``; ``t`` is ``Types``."""
    p = sub.add_parser(
        "survey", parents=[common], help="the IKM survey screen facing the citizen at a counter"
    )
    p.add_argument("--counter", type=t.counter(), required=True, help="counter number")
    p.add_argument(
        "--lang", dest="survey_lang", choices=["id", "en"], help="starting language (id)"
    )
    p.add_argument(
        "--timeout",
        type=t.whole(10, 600, N_("Batas waktu")),
        default=DEFAULT_TIMEOUT_S,
        help=f"seconds without a touch before an unfinished survey is discarded "
        f"(default {DEFAULT_TIMEOUT_S})",
    )
    p.add_argument("--window", action="store_true", help="a window instead of full screen")
    p.set_defaults(handler=None, standalone=True, run=run_survey_cmd)

    ikm = sub.add_parser("ikm", help="IKM survey answers and the index (PermenPANRB 14/2017)")
    isub = ikm.add_subparsers(dest="action", required=True)
    p = isub.add_parser("record", parents=[common], help="store one respondent's nine answers")
    p.add_argument("--service", type=t.text(8), required=True, help="service code, e.g. A")
    p.add_argument(
        "--answers", type=t.text(80), required=True, help="nine scores 1–4, e.g. 4,4,3,4,4,3,4,4,4"
    )
    p.add_argument("--ticket", type=t.ticket, help="the ticket finished today, e.g. A-005")
    p.set_defaults(handler=cmd_ikm_record)
    p = isub.add_parser("report", parents=[common], help="NRR per element, IKM and grade")
    p.add_argument("--from", dest="date_from", type=t.date, required=True, help="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=t.date, required=True, help="YYYY-MM-DD")
    p.add_argument("--service", type=t.text(8), help="one service code (default: all)")
    p.set_defaults(handler=cmd_ikm_report)


def survey_service(core: Core) -> SurveyService:
    from app.services.survey import SurveyService
    from app.storage.uow import UnitOfWorkFactory

    return SurveyService(UnitOfWorkFactory(core.engine), core.clock)


def cmd_ikm_record(core: Core, args: argparse.Namespace, out: Output) -> None:
    from app.domain.ikm import parse_answers

    answers = parse_answers(args.answers)
    done = survey_service(core).record(args.service, answers, ticket=args.ticket)
    value = {
        "id": done.id,
        "at": done.at,
        "service": done.service_code,
        "business_date": done.business_date,
        "ticket": done.ticket,
    }
    linked = f" ({done.ticket})" if done.ticket else ""
    out.result(
        value,
        out.say(
            N_("Jawaban survei tersimpan untuk layanan {service_code}{linked}."),
            service_code=done.service_code,
            linked=linked,
        ),
    )


def cmd_ikm_report(core: Core, args: argparse.Namespace, out: Output) -> None:
    report = survey_service(core).ikm_report(
        date_from=args.date_from, date_to=args.date_to, service=args.service
    )
    out.result(report_json(report), report_text(report, out.lang))


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def summary_json(summary: IkmSummary) -> dict[str, Any]:
    from app.domain.ikm import CODES, round2

    nrr = None
    if summary.nrr is not None:
        nrr = {c: float(round2(v * 1000) / 1000) for c, v in zip(CODES, summary.nrr, strict=True)}
    grade = summary.grade
    return {
        "respondents": summary.respondents,
        "nrr": nrr,
        "ikm": _num(summary.index_rounded),
        "grade": grade.letter if grade else None,
        "grade_label_id": grade.label_id if grade else None,
        "grade_label_en": grade.label_en if grade else None,
        "ikm_0111": _num(summary.index_0111_rounded),
        "difference_0111": _num(summary.difference_0111),
    }


def report_json(report: IkmReport) -> dict[str, Any]:
    return {
        "date_from": report.date_from,
        "date_to": report.date_to,
        "service": report.service,
        "weight": "1/9",
        "services": [
            {"code": s.code, "name_id": s.name_id, "name_en": s.name_en, **summary_json(s.summary)}
            for s in report.services
        ],
        "total": {
            "code": None,
            "name_id": "Semua layanan",
            "name_en": "All services",
            **summary_json(report.total),
        },
    }


def report_text(report: IkmReport, lang: str) -> str:
    from app.domain.ikm import CODES

    def say(text: str, /, **fields: object) -> str:
        return fill(gettext(text, lang), fields)

    rows = [("", s.code, pick(lang, s.name_id, s.name_en), s.summary) for s in report.services]
    if report.service is None:
        rows.append(("", "*", say(N_("Semua layanan")), report.total))
    head = say(N_("Kode Layanan         Resp "))
    head += " ".join(f"{c:>5}" for c in CODES) + say(N_("    IKM Mutu"))
    lines = [
        say(
            N_("IKM {date_from} s.d. {date_to} (PermenPANRB 14/2017)"),
            date_from=report.date_from,
            date_to=report.date_to,
        ),
        head,
    ]
    for _, code, name, summary in rows:
        line = f"{code:<4} {name[:15]:<15} {summary.respondents:>5} "
        if summary.nrr is None or summary.index_rounded is None or summary.grade is None:
            lines.append(line + " ".join(f"{'-':>5}" for _ in CODES) + f"{'-':>7} -")
            continue
        line += " ".join(f"{float(v):>5.2f}" for v in summary.nrr)
        label = summary.grade.label(lang)
        lines.append(line + f" {summary.index_rounded:>6} {summary.grade.letter} {label}")
    total = report.total
    if total.index_rounded is not None and total.index_0111_rounded is not None:
        lines.append(
            say(
                N_(
                    "Bobot tepat 1/9. Dengan bobot dibulatkan 0,111 indeks menjadi "
                    "{index_0111_rounded} ({difference_0111} lebih rendah)."
                ),
                index_0111_rounded=total.index_0111_rounded,
                difference_0111=total.difference_0111,
            )
        )
    else:
        lines.append(say(N_("Belum ada responden pada periode ini.")))
    return "\n".join(lines)


def run_survey_cmd(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    """Open the survey screen of counter ``--counter`` until it is closed."""
    from app.cli.waiting import core_when_ready
    from ui.survey.app import run_survey

    lang = args.survey_lang or getattr(args, "lang", "id") or "id"
    core = core_when_ready(settings, lang, _open_core)
    if core is None:
        return 0
    try:
        survey_service(core).survey_context(args.counter)  # NotFound (exit 4) before a window
        return run_survey(
            survey_service(core),
            core.feed,
            args.counter,
            lang=lang,
            timeout_s=args.timeout,
            full_screen=not args.window,
        )
    finally:
        core.close()


def _open_core(settings: Settings) -> Core:
    from app.bootstrap import build_core

    return build_core(settings)
