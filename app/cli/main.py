"""``antrean`` — the command-line front for operators, scripts and button boxes.

Exit codes (stable, for scripts): 0 ok; 1 unexpected error; 2 usage; 3 queue empty;
4 not found; 5 action not allowed now (ticket/counter state); 6 service closed or quota
reached; 7 configuration/schema; 8 hardware; 9 sign-in needed, wrong or locked out;
10 HQ unreachable; 11 database unavailable; 12 signed in, but the role may not do this.

Who runs a command: ``--user NAME`` (password from ``ANTREAN_PASSWORD`` or a prompt without
echo; ``app/cli/signin.py``). Changing configuration, users or the day needs a supervisor or
an admin; a counter's queue actions need its clerk (or a supervisor/admin), except at a
counter where the hall enabled an unattended button box. Reading (status, lists, events,
doctor, version, screenshots) needs no sign-in, nor does ``init`` on an empty database, which
can create the first admin (``--admin NAME``). A refused command changes nothing.

Every refusal is one sentence on stderr (Indonesian, or English with ``--lang en``), or one
JSON object on stdout with ``--json`` — argument errors included (``app/cli/args.py``).
Anything else is a bug: its traceback goes to the log file, and the person reads one
sentence saying where that file is (exit 1). Nothing prints a traceback on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import device_cmds as d
from app.cli import gui_cmds as g
from app.cli.args import EVENTS_LIMIT_MAX, INT64_MAX, MAX_WORD, CliParser, Types, sniff
from app.cli.doctor_cmds import add_doctor_parsers
from app.cli.output import Output
from app.cli.screenshot_cmd import add_screenshot_parser
from app.domain.errors import ConfigError, KnownError
from app.domain.model import Outcome, TicketStatus
from app.domain.numbering import MAX_NUMBER
from app.i18n import N_
from app.logging_setup import FILE_ONLY, install_excepthooks, log_file, setup_logging
from app.sync.cli import add_sync_parser, sync_command

# The parser is built without SQLAlchemy, Alembic, Qt, httpx or printer drivers (a test
# checks it): a command loads what it runs when it runs, so `--help` and a button box's
# one-shot command do not pay for the rest (bench/cli_startup.py).
if TYPE_CHECKING:
    from app.bootstrap import Core
    from app.domain.roles import Actor
    from app.settings import Settings

log = logging.getLogger(__name__)
Handler = Callable[["Core", argparse.Namespace, Output], None]


def _later(name: str) -> Handler:
    """The handler ``name`` of ``app.cli.queue_cmds``, imported when the command runs."""

    def handler(core: Core, args: argparse.Namespace, out: Output) -> None:
        getattr(importlib.import_module("app.cli.queue_cmds"), name)(core, args, out)

    handler.__name__ = name
    return handler


def _common() -> CliParser:
    common = CliParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="machine-readable JSON output",
    )
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        metavar="NAME",
        help="sign in as NAME (password: ANTREAN_PASSWORD or a prompt)",
    )
    return common


def _version() -> str:
    """The installed distribution's version (a bundle carries its metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("antrean")
    except PackageNotFoundError:
        return "unknown"


def build_parser(lang: str = "id") -> CliParser:
    """The whole grammar; argument errors are ``UsageError`` in ``lang`` (see app/cli/args.py)."""
    t = Types(lang)
    common = _common()
    parser = CliParser(
        prog="antrean",
        description="Antrean — sistem antrean PTSP (queue system for police service halls)",
        parents=[common],
    )
    word = t.text(MAX_WORD)
    parser.add_argument(
        "--db", type=word, help="database URL (default: SQLite in the user data dir)"
    )
    parser.add_argument("--config", type=word, help="settings TOML file")
    parser.add_argument("--lang", choices=["id", "en"], default="id", help="output language")
    parser.add_argument("--version", action="version", version=f"antrean {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="create/migrate the database and seed")
    counters = t.machine_int(N_("Jumlah loket"))
    p.add_argument("--counters", type=counters)
    p.add_argument(
        "--admin",
        type=t.text(),
        metavar="NAME",
        help="create the hall's first admin (password: ANTREAN_PASSWORD or a prompt)",
    )
    p.set_defaults(handler=cmd_init, creates_database=True)

    _ticket_parsers(sub, common, t)
    _call_parsers(sub, common, t)
    _admin_parsers(sub, common, t)
    from app.cli.demo import add_demo_cli_parser

    add_demo_cli_parser(sub, common, t)
    d.add_announce_parser(sub, common, t)
    g.add_gui_parsers(sub, common)
    add_screenshot_parser(sub, common, t)
    batch = t.setting_range("hq", "batch_size", N_("Ukuran kiriman"))
    sync = add_sync_parser(sub, with_db=False, parents=[common], batch_size=batch, text=word)
    sync.set_defaults(handler=None, standalone=True, run=run_sync)
    add_doctor_parsers(sub, common)
    from app.cli.admin_cmd import add_admin_parser
    from app.cli.survey_cmd import add_survey_parsers

    add_admin_parser(sub, common)  # `antrean admin`: the admin window (ui/admin)
    add_survey_parsers(sub, common, t)  # `antrean survey`, `antrean ikm`
    from app.cli.report_cmd import add_report_parser

    add_report_parser(sub, common, t)  # `antrean report`: the hall's reports and their files
    from app.cli.backup_cmds import add_backup_parsers

    add_backup_parsers(sub, common, t.whole(1, 10_000, N_("Jumlah cadangan")))
    from app.cli.command_server import add_serve_parser

    add_serve_parser(sub, common)  # `antrean serve-commands`: one-shot commands answer fast
    return parser


def _ticket_parsers(sub: Any, common: argparse.ArgumentParser, t: Types) -> None:
    ticket = sub.add_parser("ticket", help="issue, list, show, cancel tickets")
    tsub = ticket.add_subparsers(dest="action", required=True)
    p = tsub.add_parser("issue", parents=[common], help="take a ticket")
    p.add_argument("--service", type=t.text(), required=True, help="service code, e.g. A")
    p.add_argument("--priority", action="store_true", help="priority ticket (UU 25/2009)")
    p.add_argument("--print", action="store_true", help="print it as the kiosk would")
    p.add_argument(
        "--printer",
        type=t.text(MAX_WORD),
        help="printer URI (default: settings), e.g. tcp://10.0.0.5:9100",
    )
    p.set_defaults(handler=_issue)
    p = tsub.add_parser("reprint", parents=[common], help="print today's ticket again")
    p.add_argument("ticket", type=t.ticket, help="ticket number, e.g. A-005")
    p.add_argument("--printer", type=t.text(MAX_WORD), help="printer URI (default: settings)")
    p.set_defaults(handler=d.cmd_ticket_reprint)
    p = tsub.add_parser("list", parents=[common], help="today's tickets")
    p.add_argument("--status", action="append", choices=[s.value for s in TicketStatus])
    p.add_argument("--date", type=t.date, help="business date YYYY-MM-DD (default today)")
    p.set_defaults(handler=_later("cmd_ticket_list"))
    for name, handler in (
        ("show", _later("cmd_ticket_show")),
        ("cancel", _later("cmd_ticket_cancel")),
    ):
        p = tsub.add_parser(name, parents=[common])
        p.add_argument("ticket", type=t.ticket, help="ticket number, e.g. A-005")
        p.set_defaults(handler=handler)


def _call_parsers(sub: Any, common: argparse.ArgumentParser, t: Types) -> None:
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
        p.add_argument("--counter", type=t.counter(), required=True)
        p.set_defaults(handler=_later("cmd_call"))
        if name in ("ticket", "return"):
            p.add_argument("ticket", type=t.ticket, help="ticket number, e.g. A-005")
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
                type=t.whole(0, MAX_NUMBER, N_("Jumlah antrean di depan")),
                metavar="N",
                help="put the ticket back behind the next N waiting",
            )
        if name == "transfer":
            p.add_argument("--to-service", type=t.text())
            p.add_argument("--to-counter", type=t.counter())
            p.add_argument("--front", action="store_true", help="keep its original place")
            p.add_argument(
                "--force",
                action="store_true",
                help="transfer even to a closed counter or a service no open counter serves",
            )


def _admin_parsers(sub: Any, common: argparse.ArgumentParser, t: Types) -> None:
    counter = sub.add_parser(
        "counter",
        parents=[common],
        help="the counter window (--counter N), or open/pause/resume/close/list counters",
    )
    counter.add_argument("--counter", type=t.counter(), help="counter number (opens its window)")
    counter.add_argument("--speak", action="store_true", help="announce calls from this PC")
    counter.set_defaults(handler=None, standalone=True, run=g.run_counter_cmd)
    csub = counter.add_subparsers(dest="action", required=False)
    for name in ("open", "pause", "resume", "close"):
        p = csub.add_parser(name, parents=[common])
        p.add_argument("--counter", type=t.counter(), required=True)
        p.set_defaults(handler=_later("cmd_counter"), standalone=False)
    p = csub.add_parser("assign", parents=[common], help="the services a counter calls, in order")
    # A new counter's number is a setting: the service judges it (InvalidSetting).
    p.add_argument("--counter", type=t.machine_int(N_("Nomor loket")))
    p.add_argument("--services", type=t.text(), required=True, help="codes in order, e.g. A,B")
    p.set_defaults(handler=_later("cmd_counter"), standalone=False)
    p = csub.add_parser("set", parents=[common], help="a counter's name and own priority ratio")
    p.add_argument("--counter", type=t.counter(), required=True)
    p.add_argument("--name", type=t.text())
    p.add_argument("--ratio", type=t.text(), help="its own P:R, or 'none' for the hall's")
    p.set_defaults(handler=_later("cmd_counter"), standalone=False)
    csub.add_parser("list", parents=[common]).set_defaults(
        handler=_later("cmd_counter"), standalone=False
    )
    p = csub.add_parser(
        "button-box", parents=[common], help="let an unattended button box serve a counter"
    )
    p.add_argument("--counter", type=t.counter(), required=True)
    p.add_argument("state", choices=["on", "off"])
    p.set_defaults(handler=_later("cmd_counter"), standalone=False)

    service = sub.add_parser("service", help="list or configure services")
    ssub = service.add_subparsers(dest="action", required=True)
    ssub.add_parser("list", parents=[common]).set_defaults(handler=_later("cmd_service"))
    p = ssub.add_parser("set", parents=[common], help="change (or add) a service")
    # Values go to the service as typed: it judges them (InvalidSetting, exit 2).
    p.add_argument("code", type=t.text())
    p.add_argument("--name-id", type=t.text())
    p.add_argument("--name-en", type=t.text())
    p.add_argument("--description-id", type=t.text())
    p.add_argument("--description-en", type=t.text())
    p.add_argument("--colour", type=t.text(), help="kiosk tile colour #RRGGBB, or 'none'")
    p.add_argument("--quota", type=t.text(), help="tickets per day, or 'none'")
    p.add_argument("--opens", type=t.text(), help="HH:MM or 'none'")
    p.add_argument("--closes", type=t.text(), help="last ticket time HH:MM or 'none'")
    p.add_argument("--target", type=t.machine_int(N_("Target")), help="target wait in minutes")
    p.add_argument(
        "--service-minutes",
        type=t.number(N_("Lama layanan")),
        help="typical minutes per ticket",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--active", dest="active", action="store_true", default=None)
    group.add_argument("--inactive", dest="active", action="store_false")
    p.set_defaults(handler=_later("cmd_service"))

    hall = sub.add_parser("hall", help="hall-wide settings (name, time zone, ratio, marquee)")
    hsub = hall.add_subparsers(dest="action", required=True)
    hsub.add_parser("show", parents=[common]).set_defaults(handler=_later("cmd_hall"))
    p = hsub.add_parser("set", parents=[common])
    p.add_argument("pairs", nargs="+", type=t.key_value, metavar="KEY=VALUE")
    p.set_defaults(handler=_later("cmd_hall"))

    day = sub.add_parser("day", help="business day")
    dsub = day.add_subparsers(dest="action", required=True)
    dsub.add_parser("close", parents=[common], help="end of day").set_defaults(
        handler=_later("cmd_day_close")
    )
    sub.add_parser("status", parents=[common], help="waiting per service").set_defaults(
        handler=_later("cmd_status")
    )
    p = sub.add_parser("events", parents=[common], help="the event feed (audit log)")
    p.add_argument("--after", type=t.whole(0, INT64_MAX, N_("Nomor urut")), default=0)
    limit = t.whole(1, EVENTS_LIMIT_MAX, N_("Batas"))
    p.add_argument("--limit", type=limit, default=200)
    p.add_argument("--follow", action="store_true")
    p.set_defaults(handler=_later("cmd_events"))

    user = sub.add_parser("user", help="accounts: admin, supervisor, clerk")
    usub = user.add_subparsers(dest="action", required=True)
    usub.add_parser("list", parents=[common]).set_defaults(handler=_later("cmd_user"))
    roles = ["admin", "supervisor", "clerk"]
    p = usub.add_parser("add", parents=[common])
    p.add_argument("username", type=t.text())
    p.add_argument("--role", default="clerk", choices=roles)
    p.add_argument("--password-stdin", action="store_true", help="the new password on stdin")
    p.set_defaults(handler=_later("cmd_user"))
    p = usub.add_parser("role", parents=[common])
    p.add_argument("username", type=t.text())
    p.add_argument("role", choices=roles)
    p.set_defaults(handler=_later("cmd_user"))
    for name in ("enable", "disable"):
        p = usub.add_parser(name, parents=[common])
        p.add_argument("username", type=t.text())
        p.set_defaults(handler=_later("cmd_user"))
    p = usub.add_parser("password", parents=[common], help="set a new password")
    p.add_argument("username", type=t.text())
    p.add_argument("--password-stdin", action="store_true", help="the new password on stdin")
    p.set_defaults(handler=_later("cmd_user"))

    p = sub.add_parser("kiosk-pin", parents=[common], help="set the kiosk admin menu's PIN")
    p.add_argument("--pin-stdin", action="store_true", help="the PIN on stdin")
    p.set_defaults(handler=_later("cmd_kiosk_pin"))

    p = sub.add_parser("audit", parents=[common], help="the audit trail (newest first)")
    p.add_argument("--since", type=t.date, help="from this date YYYY-MM-DD")
    p.add_argument("--name", type=t.text(), help="only this user name")
    p.add_argument("--kind", type=t.text(), help="only this action, e.g. sign_in_failed")
    p.add_argument("--limit", type=limit, default=200)
    p.add_argument("--csv", action="store_true", help="CSV rows")
    p.set_defaults(handler=_later("cmd_audit"))


def _issue(core: Core, args: argparse.Namespace, out: Output) -> None:
    if args.print:
        d.cmd_ticket_issue_print(core, args, out)
    else:
        _later("cmd_ticket_issue")(core, args, out)


def cmd_init(core: Core, args: argparse.Namespace, out: Output) -> None:
    from app.services.setup import DEFAULT_COUNTERS

    n = DEFAULT_COUNTERS if args.counters is None else args.counters
    admin: str | None = None
    password: str | None = None
    if args.admin:  # refused (exit 9) before anything is seeded when an admin exists
        from app.cli.signin import actor_for, read_secret
        from app.domain.roles import NOBODY, Permission, require

        existing = {u.username: u for u in core.users.users()}
        known = existing.get(args.admin)
        if known is not None and known.role == "admin" and known.active:
            pass  # `init` again: nothing to add
        elif core.users.has_admin():  # only the first admin is added without signing in
            actor = actor_for(core, args)
            require(actor, Permission.USERS)
        else:
            actor = NOBODY  # the bootstrap: a --user of this empty hall cannot sign in yet
        if known is None:
            prompt = out.say(N_("Kata sandi untuk {admin}: "), admin=args.admin)
            password = read_secret(prompt)
    seeded = core.setup.seed_typical(n)  # the service judges the number (InvalidSetting)
    if args.admin and password is not None:
        admin = core.users.add_user(actor, args.admin, password, "admin").username
    url = core.engine.url.render_as_string(hide_password=True)
    out.result(
        {"database": url, "seeded": seeded, "admin": admin},
        out.say(N_("Basis data siap: {url}"), url=url)
        + ("\n" + out.say(N_("Layanan A–E dan loket 1–{n} dibuat."), n=n) if seeded else "")
        + ("\n" + out.say(N_("Admin {admin} dibuat."), admin=admin) if admin else ""),
    )


def run_sync(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    """``antrean sync``: flags, then ANTREAN_* env vars, then the [hq] settings. Sending and
    reading the state stay open (the sync worker runs unattended); ``resend`` changes what
    the hall owes HQ, so it needs an admin (``--user``, SYNC) and is audited."""
    if args.action == "resend":
        from app.cli.signin import require_standalone
        from app.domain.roles import Permission

        actor = require_standalone(settings, args, Permission.SYNC)
        if actor is not None:
            _audit_resend(settings, actor, args.seq)
    args.db = settings.database_url()
    args.hq_url = args.hq_url or settings.hq.url
    args.hall_id = args.hall_id or settings.hq.hall_id
    args.token = args.token or settings.hq.token
    return sync_command(args, out)


def _audit_resend(settings: Settings, actor: Actor, seqs: list[int] | None) -> None:
    from app.bootstrap import build_core
    from app.services.audit import AuditAction

    core = build_core(settings)
    try:
        detail = {"seqs": list(seqs)} if seqs else {"seqs": "all"}
        core.audit.record(actor, AuditAction.SYNC_RESEND, details=detail)
    finally:
        core.close()


def settings_from_args(args: argparse.Namespace) -> Settings:
    from app.settings import load_settings

    config = Path(args.config) if args.config else None
    try:
        settings = load_settings(config, {"database.url": args.db})
    except OSError as exc:  # a path the system cannot even look at (too long, no access)
        raise ConfigError(
            N_("Berkas pengaturan {value} tidak dapat dibaca ({strerror})."),
            value=args.config or "",
            strerror=exc.strerror,
        ) from exc
    try:
        logging.getLogger().setLevel(settings.log_level.upper())
    except (ValueError, TypeError) as exc:
        raise ConfigError(
            N_("log_level {log_level!r} tidak dikenal (DEBUG, INFO, WARNING, ERROR)."),
            log_level=settings.log_level,
        ) from exc
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (see the module doc). Never raises, except
    ``SystemExit`` for ``--help`` and for a ticket that was not printed (8)."""
    words = list(sys.argv[1:] if argv is None else argv)
    json_mode, lang = sniff(words)
    out = Output(json_mode=json_mode, lang=lang)
    try:
        return _dispatch(words, out)
    except KnownError as exc:
        out.error(exc.code, exc.message(out.lang), exc.details)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`antrean events | head`): not a failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 0
    except Exception as exc:  # a bug: the traceback goes to the log file, one sentence here
        if not any(getattr(h, "_antrean", False) for h in logging.getLogger().handlers):
            start_logging()  # it broke before the command line parsed
        log.critical(
            "unexpected error in: antrean %s", _quoted(words), exc_info=True, extra=FILE_ONLY
        )
        where = log_file()
        out.error(
            "internal",
            out.say(N_("Terjadi kesalahan tak terduga ({kind}); "), kind=type(exc).__name__)
            + (
                out.say(N_("rinciannya tercatat di {where}."), where=where)
                if where
                else out.say(N_("log tidak dapat ditulis."))
            ),
        )
        return 1


def start_logging() -> None:
    """The log file in the data dir, errors only on stderr (as one sentence), the hooks."""
    from app.settings import log_dir

    setup_logging(log_dir(), "INFO", stderr_level="ERROR", stderr_tracebacks=False)
    install_excepthooks()


def _dispatch(words: list[str], out: Output) -> int:
    parser = build_parser(out.lang)
    args = parser.parse_args(words)  # `--help` and usage errors end here, before any log
    out.json_mode = out.json_mode or getattr(args, "json", False)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None and not getattr(args, "standalone", False):
        parser.error("the following arguments are required: COMMAND")
    start_logging()
    settings = settings_from_args(args)
    from sqlalchemy import exc as sa_exc

    from app.bootstrap import build_core
    from app.storage.engine import opening_error

    try:
        if getattr(args, "standalone", False):
            return int(args.run(settings, args, out) or 0)
        assert handler is not None
        if not getattr(args, "creates_database", False):
            from app.cli.hall_database import require_existing

            require_existing(settings.database_url())
        core = build_core(settings)
        try:
            handler(core, args, out)
        finally:
            core.close()
    except sa_exc.DBAPIError as exc:  # one the unit of work did not name: opening, damage
        known = opening_error(exc, settings.database_url())
        if known is None:
            raise
        raise known from exc
    return 0


def _quoted(words: Sequence[str]) -> str:
    return " ".join(repr(w) if not w or " " in w else w for w in words)[:500]


if __name__ == "__main__":
    sys.exit(main())
