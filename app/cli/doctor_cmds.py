"""``antrean doctor`` (what is wrong with this PC, in plain words) and ``antrean clock``.

Each check says ok / warn / fail with one sentence; the exit code is 0 when nothing failed
(warnings included) and 7 when something must be fixed before the hall can run.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.domain.errors import KnownError

from .output import Output

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from app.bootstrap import Core

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    level: str  # ok | warn | fail
    message: str


def add_doctor_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("doctor", parents=[common], help="check this PC: database, clock, printer")
    p.add_argument("--no-printer", action="store_true", help="skip asking the printer")
    p.set_defaults(handler=cmd_doctor)
    clock = sub.add_parser("clock", help="this PC's clock against the hall's reference")
    csub = clock.add_subparsers(dest="action", required=True)
    csub.add_parser("status", parents=[common]).set_defaults(handler=cmd_clock)
    csub.add_parser(
        "confirm", parents=[common], help="accept the clock although it is far from the records"
    ).set_defaults(handler=cmd_clock)


def cmd_clock(core: Core, args: argparse.Namespace, out: Output) -> None:
    if args.action == "confirm":
        when = core.hall.confirm_clock()
        local = when.astimezone(core.hall.hall_config().zone())
        out.result(
            {"confirmed": when},
            out.say(
                f"Jam {local:%d-%m-%Y %H:%M} diterima sebagai jam yang benar.",
                f"{local:%Y-%m-%d %H:%M} accepted as the right time.",
            ),
        )
        return
    status = core.hall.clock_status()
    text = status.message(out.lang) or out.say("Jam PC ini cocok.", "This PC's clock agrees.")
    out.result(status, text)


def cmd_doctor(core: Core, args: argparse.Namespace, out: Output) -> None:
    checks = [*database_checks(core, out), clock_check(core, out)]
    checks.extend(sync_checks(core, out))
    if not args.no_printer:
        checks.append(printer_check(core, out))
    marks = {OK: "  ok ", WARN: "  !  ", FAIL: "GAGAL" if out.lang == "id" else "FAIL "}
    text = "\n".join(f"[{marks[c.level]}] {c.name:<10} {c.message}" for c in checks)
    failed = [c for c in checks if c.level == FAIL]
    out.result({"ok": not failed, "checks": checks}, text)
    if failed:
        raise DoctorFailed(len(failed), out)


class DoctorFailed(KnownError):
    code = "doctor_failed"
    exit_code = 7

    def __init__(self, count: int, out: Output) -> None:
        super().__init__(
            f"{count} pemeriksaan gagal; lihat di atas.", f"{count} checks failed; see above."
        )


def database_checks(core: Core, out: Output) -> list[Check]:
    from app.storage.health import durability_warnings
    from app.storage.migrate import current_revision, known_head

    url = core.engine.url.render_as_string(hide_password=True)
    with core.engine.connect() as conn:
        revision = current_revision(conn)
    head = known_head()
    checks = [
        Check(
            out.say("basis data", "database"),
            OK if revision == head else WARN,
            url
            + (
                ""
                if revision == head
                else out.say(
                    f" (skema {revision}, versi ini {head})", f" (schema {revision}, this {head})"
                )
            ),
        )
    ]
    for warning in durability_warnings(core.engine):
        checks.append(Check(out.say("ketahanan", "durability"), WARN, warning.message(out.lang)))
    return checks


def sync_checks(core: Core, out: Output) -> list[Check]:
    """HQ sync, only where this database has synced (issue 11: nothing dropped silently)."""
    from app.sync.health import sync_health

    health = sync_health(core.engine)
    if health is None:
        return []
    return [Check(out.say("pusat", "HQ"), OK if health.ok else WARN, health.message(out.lang))]


def clock_check(core: Core, out: Output) -> Check:
    status = core.hall.clock_status()
    if status.refusal_id:
        return Check(out.say("jam", "clock"), FAIL, status.message(out.lang))
    if status.warning:
        return Check(out.say("jam", "clock"), WARN, status.message(out.lang))
    source = out.say("server basis data", "the database server")
    if status.reference != "server":
        source = out.say("catatan terakhir", "the last record")
    return Check(
        out.say("jam", "clock"), OK, out.say(f"cocok dengan {source}", f"agrees with {source}")
    )


def printer_check(core: Core, out: Output) -> Check:
    from app.bootstrap import build_printer

    name = out.say("printer", "printer")
    try:
        printer = build_printer(core.settings)
        status = printer.status()
    except KnownError as exc:
        return Check(name, FAIL, exc.message(out.lang))
    detail = f"{core.settings.printer.uri}: {status.state.value}"
    if status.detail:
        detail += f" ({status.detail})"
    return Check(name, OK if status.can_print else FAIL, detail)
