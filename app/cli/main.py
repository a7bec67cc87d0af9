"""``antrean`` — the command-line front for operators, scripts and button boxes.

Exit codes (stable, for scripts): 0 ok; 1 unexpected error; 2 usage; 3 queue empty;
4 not found; 5 action not allowed now (ticket/counter state); 6 service closed or quota
reached; 7 configuration/schema; 8 hardware; 9 authentication; 10 HQ unreachable;
11 database unavailable.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.bootstrap import Core, build_core
from app.cli import device_cmds as d
from app.cli import gui_cmds as g
from app.cli import queue_cmds as q
from app.cli.output import Output
from app.domain.errors import KnownError
from app.domain.model import Outcome, TicketStatus
from app.logging_setup import install_excepthooks, setup_logging
from app.settings import Settings, load_settings, log_dir
from app.sync.cli import add_sync_parser, sync_command

log = logging.getLogger(__name__)
Handler = Callable[[Core, argparse.Namespace, Output], None]
# Extra sub-commands registered by other front ends: name -> (configure parser, run).
EXTENSIONS: list[Callable[[Any], None]] = []


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="machine-readable JSON output",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="antrean",
        description="Antrean — sistem antrean PTSP (queue system for police service halls)",
        parents=[common],
    )
    parser.add_argument("--db", help="database URL (default: SQLite in the user data dir)")
    parser.add_argument("--config", type=Path, help="settings TOML file")
    parser.add_argument("--lang", choices=["id", "en"], default="id", help="output language")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="create/migrate the database and seed")
    p.add_argument("--counters", type=int, default=5)
    p.set_defaults(handler=cmd_init)

    _ticket_parsers(sub, common)
    _call_parsers(sub, common)
    _admin_parsers(sub, common)
    from app.cli.demo import add_demo_cli_parser

    add_demo_cli_parser(sub, common)
    d.add_announce_parser(sub, common)
    g.add_gui_parsers(sub, common)
    sync = add_sync_parser(sub, with_db=False, parents=[common])
    sync.set_defaults(handler=None, standalone=True, run=run_sync)
    for extend in EXTENSIONS:
        extend(sub)
    return parser


def _ticket_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    ticket = sub.add_parser("ticket", help="issue, list, show, cancel tickets")
    tsub = ticket.add_subparsers(dest="action", required=True)
    p = tsub.add_parser("issue", parents=[common], help="take a ticket")
    p.add_argument("--service", required=True, help="service code, e.g. A")
    p.add_argument("--priority", action="store_true", help="priority ticket (UU 25/2009)")
    p.add_argument("--print", action="store_true", help="print it as the kiosk would")
    p.add_argument("--printer", help="printer URI (default: settings), e.g. tcp://10.0.0.5:9100")
    p.set_defaults(handler=_issue)
    p = tsub.add_parser("reprint", parents=[common], help="print today's ticket again")
    p.add_argument("ticket", help="ticket number, e.g. A-005")
    p.add_argument("--printer", help="printer URI (default: settings)")
    p.set_defaults(handler=d.cmd_ticket_reprint)
    p = tsub.add_parser("list", parents=[common], help="today's tickets")
    p.add_argument("--status", action="append", choices=[s.value for s in TicketStatus])
    p.add_argument("--date", help="business date YYYY-MM-DD (default today)")
    p.set_defaults(handler=q.cmd_ticket_list)
    for name, handler in (("show", q.cmd_ticket_show), ("cancel", q.cmd_ticket_cancel)):
        p = tsub.add_parser(name, parents=[common])
        p.add_argument("ticket", help="ticket number, e.g. A-005")
        p.set_defaults(handler=handler)


def _call_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    call = sub.add_parser("call", help="counter actions")
    csub = call.add_subparsers(dest="action", required=True)
    specs: dict[str, str] = {
        "next": "call the next ticket (finishes the current one as served)",
        "ticket": "call a specific ticket out of order",
        "recall": "call the current ticket again",
        "start": "start serving the current ticket",
        "finish": "finish the current ticket",
        "no-show": "the called citizen did not come",
        "transfer": "send the current ticket to another service/counter",
        "hold": "park the current ticket",
        "return": "take a held ticket back",
    }
    for name, help_text in specs.items():
        p = csub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("--counter", type=int, required=True)
        p.set_defaults(handler=q.cmd_call)
        if name in ("ticket", "return"):
            p.add_argument("ticket", help="ticket number, e.g. A-005")
        if name in ("next", "ticket"):
            p.add_argument(
                "--no-auto-finish",
                action="store_true",
                help="refuse instead of finishing the current ticket",
            )
        if name == "finish":
            p.add_argument("--outcome", default="served", choices=[o.value for o in Outcome])
        if name == "no-show":
            p.add_argument(
                "--requeue-after",
                type=int,
                metavar="N",
                help="put the ticket back behind the next N waiting",
            )
        if name == "transfer":
            p.add_argument("--to-service")
            p.add_argument("--to-counter", type=int)
            p.add_argument("--front", action="store_true", help="keep its original place")


def _admin_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    counter = sub.add_parser(
        "counter",
        parents=[common],
        help="the counter window (--counter N), or open/pause/resume/close/list counters",
    )
    counter.add_argument("--counter", type=int, help="counter number (opens its window)")
    counter.add_argument("--speak", action="store_true", help="announce calls from this PC")
    counter.set_defaults(handler=None, standalone=True, run=g.run_counter_cmd)
    csub = counter.add_subparsers(dest="action", required=False)
    for name in ("open", "pause", "resume", "close", "assign"):
        p = csub.add_parser(name, parents=[common])
        p.add_argument("--counter", type=int, required=True)
        if name == "assign":
            p.add_argument("--services", required=True, help="codes in order, e.g. A,B")
        p.set_defaults(handler=q.cmd_counter, standalone=False)
    csub.add_parser("list", parents=[common]).set_defaults(handler=q.cmd_counter, standalone=False)

    service = sub.add_parser("service", help="list or configure services")
    ssub = service.add_subparsers(dest="action", required=True)
    ssub.add_parser("list", parents=[common]).set_defaults(handler=q.cmd_service)
    p = ssub.add_parser("set", parents=[common], help="change (or add) a service")
    p.add_argument("code")
    p.add_argument("--name-id")
    p.add_argument("--name-en")
    p.add_argument("--quota", help="tickets per day, or 'none'")
    p.add_argument("--opens", help="HH:MM or 'none'")
    p.add_argument("--closes", help="last ticket time HH:MM or 'none'")
    p.add_argument("--target", type=int, help="target wait in minutes")
    p.add_argument("--service-minutes", type=float, help="typical minutes per ticket")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--active", dest="active", action="store_true", default=None)
    group.add_argument("--inactive", dest="active", action="store_false")
    p.set_defaults(handler=q.cmd_service)

    hall = sub.add_parser("hall", help="hall-wide settings (name, time zone, ratio, marquee)")
    hsub = hall.add_subparsers(dest="action", required=True)
    hsub.add_parser("show", parents=[common]).set_defaults(handler=q.cmd_hall)
    p = hsub.add_parser("set", parents=[common])
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.set_defaults(handler=q.cmd_hall)

    day = sub.add_parser("day", help="business day")
    dsub = day.add_subparsers(dest="action", required=True)
    dsub.add_parser("close", parents=[common], help="end of day").set_defaults(
        handler=q.cmd_day_close
    )
    sub.add_parser("status", parents=[common], help="waiting per service").set_defaults(
        handler=q.cmd_status
    )
    p = sub.add_parser("events", parents=[common], help="the event feed (audit log)")
    p.add_argument("--after", type=int, default=0)
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--follow", action="store_true")
    p.set_defaults(handler=q.cmd_events)

    user = sub.add_parser("user", help="clerk accounts")
    usub = user.add_subparsers(dest="action", required=True)
    p = usub.add_parser("add", parents=[common])
    p.add_argument("username")
    p.add_argument("--role", default="clerk", choices=["admin", "supervisor", "clerk"])
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(handler=q.cmd_user_add)


def _issue(core: Core, args: argparse.Namespace, out: Output) -> None:
    (d.cmd_ticket_issue_print if args.print else q.cmd_ticket_issue)(core, args, out)


def cmd_init(core: Core, args: argparse.Namespace, out: Output) -> None:
    seeded = core.setup.seed_typical(args.counters)
    url = core.engine.url.render_as_string(hide_password=True)
    out.result(
        {"database": url, "seeded": seeded},
        out.say(
            f"Basis data siap: {url}" + ("\nLayanan A–E dan loket 1–5 dibuat." if seeded else ""),
            f"Database ready: {url}"
            + ("\nServices A–E and counters 1–5 seeded." if seeded else ""),
        ),
    )


def run_sync(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    """``antrean sync``: flags, then ANTREAN_* env vars, then the [hq] settings."""
    args.db = settings.database_url()
    args.hq_url = args.hq_url or settings.hq.url
    args.hall_id = args.hall_id or settings.hq.hall_id
    args.token = args.token or settings.hq.token
    return sync_command(args)


def settings_from_args(args: argparse.Namespace) -> Settings:
    return load_settings(args.config, {"database.url": args.db})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(json_mode=getattr(args, "json", False), lang=args.lang)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None and not getattr(args, "standalone", False):
        parser.print_help()
        return 2
    try:
        settings = settings_from_args(args)
        setup_logging(log_dir(), settings.log_level, stderr_level="ERROR")
        install_excepthooks()
        if getattr(args, "standalone", False):
            return int(args.run(settings, args, out) or 0)
        assert handler is not None
        core = build_core(settings)
        try:
            handler(core, args, out)
        finally:
            core.close()
    except KnownError as exc:
        out.error(exc.code, exc.message(out.lang), exc.details)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: logged with traceback, shown once
        log.exception("unexpected error in %s", args.command)
        out.error("internal", f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
