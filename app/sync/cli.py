"""``antrean sync [--once]``, ``antrean sync status`` and ``antrean sync resend``.

``sync --once`` exits 0 only when HQ holds everything this hall has: with dead letters
(events the hall could not send or HQ refused) it exits 10, with another PC sending under
the same hall id 7, besides the HQ errors (9 token, 10 unreachable). ``sync resend [--seq N]``
sends dead letters again after their cause is fixed.

``add_sync_parser(subparsers)`` adds the sub-command to the main ``antrean`` parser; the
handler it installs (``args.handler(args)``) returns the exit code. ``python -m app.sync``
runs the same command on its own.

What it prints goes through a ``Printer`` (``app.cli.output.Output`` is one): text for
people, one JSON object with ``--json``. The hall database is opened like every command
opens it (``migrate``): a foreign or unreachable database is a plain ``KnownError``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol

from app.domain.errors import ConfigError, KnownError
from app.domain.stored_text import read
from app.i18n import N_
from app.ports import SystemClock

if TYPE_CHECKING:  # httpx and the database load when the command runs (``antrean --help``)
    from app.sync.worker import SyncReport, SyncWorker

log = logging.getLogger(__name__)


class Printer(Protocol):
    """Where results and refusals go: text for people or JSON for scripts."""

    json_mode: bool
    lang: str

    def result(self, value: Any, text: str) -> None: ...

    def error(self, code: str, message: str, details: dict[str, Any] | None = None) -> None: ...


class TextPrinter:
    """The printer of ``python -m app.sync``: text, both languages for errors."""

    json_mode = False
    lang = "id"

    def result(self, value: Any, text: str) -> None:
        print(text)

    def error(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        print(message, file=sys.stderr)


def add_sync_parser(
    subparsers: argparse._SubParsersAction[Any],
    *,
    with_db: bool = True,
    parents: Sequence[argparse.ArgumentParser] = (),
    batch_size: Callable[[str], int] = int,
    text: Callable[[str], str] = str,
) -> argparse.ArgumentParser:
    """Add ``sync``; ``batch_size`` and ``text`` are the argument types (checked ranges)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sync", parents=list(parents), help="kirim statistik ke pusat / upload stats to HQ"
    )
    _add_options(parser, with_db=with_db, batch_size=batch_size, text=text)
    parser.set_defaults(handler=sync_command)
    return parser


def _add_options(
    parser: argparse.ArgumentParser,
    *,
    with_db: bool = True,
    batch_size: Callable[[str], int] = int,
    text: Callable[[str], str] = str,
) -> None:
    parser.add_argument("action", nargs="?", choices=["run", "status", "resend"], default="run")
    parser.add_argument(
        "--seq",
        type=int,
        action="append",
        default=[],
        help="resend: only this dead-lettered event (repeatable; default all)",
    )
    parser.add_argument("--once", action="store_true", help="send what is pending, then exit")
    parser.add_argument("--hq-url", type=text, default=os.environ.get("ANTREAN_HQ_URL"))
    parser.add_argument("--hall-id", type=text, default=os.environ.get("ANTREAN_HALL_ID"))
    parser.add_argument("--token", type=text, default=os.environ.get("ANTREAN_HQ_TOKEN"))
    if with_db:
        parser.add_argument("--db", type=text, default=os.environ.get("ANTREAN_DB_URL"))
    parser.add_argument("--batch-size", type=batch_size, default=500)


def _require(args: argparse.Namespace) -> tuple[str, str, str, str]:
    from app.sync.payload import UUID_PATTERN

    missing = [
        name
        for name, value in (
            ("--hq-url / ANTREAN_HQ_URL", args.hq_url),
            ("--hall-id / ANTREAN_HALL_ID", args.hall_id),
            ("--token / ANTREAN_HQ_TOKEN", args.token),
            ("--db / ANTREAN_DB_URL", args.db),
        )
        if not value
    ]
    if missing:
        raise ConfigError(
            N_("Pengaturan sinkronisasi belum lengkap: {missing}"), missing=", ".join(missing)
        )
    _check_hq_url(args.hq_url)
    if not re.fullmatch(UUID_PATTERN, args.hall_id):
        raise ConfigError(
            N_(
                "ID aula harus ID dari `antrean-hq hall add` (mis. "
                "1b4e28ba-2fa1-11d2-883f-0016d3cca427), bukan {value!r}."
            ),
            value=args.hall_id[:40],
        )
    return args.hq_url, args.hall_id, args.token, args.db


def _check_hq_url(url: str) -> None:
    import httpx

    try:
        parsed = httpx.URL(url)
        usable = parsed.scheme in ("http", "https") and bool(parsed.host)
    except httpx.InvalidURL:
        usable = False
    if not usable:
        raise ConfigError(
            N_("Alamat server pusat {value!r} tidak sah; contoh https://statistik.polda.example."),
            value=url[:60],
        )


def endpoint_key(hq_url: str, hall_id: str) -> str:
    """The ``sync_state`` row of one HQ endpoint and hall."""
    return f"{hq_url.rstrip('/')}#{hall_id}"


def _report_fields(report: SyncReport) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "batches": report.batches,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "dead_lettered": report.dead_lettered,
        "dead_letters": report.dead_letters,
        "pending": report.pending,
    }
    if report.resent_from is not None:
        fields["resent_from"] = report.resent_from
    if report.forks:
        fields["new_epochs"] = report.forks
    if report.concurrent:
        fields["concurrent"] = True
    return fields


def _print_report(report: SyncReport, out: Printer) -> int:
    """The run's figures; with a problem (an HQ error, dead letters, a shared hall id), that
    problem and its exit code."""
    fields = _report_fields(report)
    line = " ".join(f"{k}={v}" for k, v in fields.items())
    problem = report.problem
    if problem is None:
        out.result(fields, line)
        return 0
    if out.json_mode:
        out.error(problem.code, problem.message(out.lang), {**problem.details, "report": fields})
    else:
        print(line)
        out.error(problem.code, _message(problem, out))
    return problem.exit_code


def _message(error: KnownError, out: Printer) -> str:
    if isinstance(out, TextPrinter):
        return f"{error.message_id} / {error.message_en}"
    return error.message(out.lang)


def _stored(value: str | None, out: Printer) -> str:
    """A notice or error the worker stored (``app.domain.stored_text``), in ``out``'s language."""
    text = read(value)
    if text is None:
        return "-"
    if isinstance(out, TextPrinter) and text.id != text.en:
        return f"{text.id} / {text.en}"
    return text.text(out.lang)


def _when(value: dt.datetime | None) -> str:
    return value.isoformat() if value is not None else "-"


def _print_status(worker: SyncWorker, out: Printer) -> int:
    """Where the link stands; exit 10 while anything is dead-lettered (HQ lacks it)."""
    status = worker.status()
    state = status.state
    lines = [
        f"pending={status.pending} pending_feedback={status.pending_feedback} "
        f"last_acked_seq={state.last_acked_seq}",
        f"last_success_at={_when(state.last_success_at)}",
        f"last_error={_stored(state.last_error, out)} at {_when(state.last_error_at)}",
        f"dead_letters={len(state.dead_letters)}",
        *(
            f"  {'seq ' + str(d.seq) if d.seq is not None else f'feedback {d.feedback_id}'}: "
            f"{d.reason} ({d.at.isoformat()})"
            for d in state.dead_letters[:20]
        ),
        f"notice={_stored(state.notice, out)} at {_when(state.notice_at)}",
        f"epoch={status.epoch or 'legacy'}",
    ]
    value = {
        "pending": status.pending,
        "pending_feedback": status.pending_feedback,
        "epoch": status.epoch,
        **asdict(state),
        "last_error": read(state.last_error),
        "notice": read(state.notice),
    }
    out.result(value, "\n".join(lines))
    return 10 if state.dead_letters else 0


def sync_command(args: argparse.Namespace, out: Printer | None = None) -> int:
    """Run ``sync`` or ``sync status`` and return the exit code.

    Raises ``ConfigError`` for missing settings or a database that is not Antrean's,
    ``StorageUnavailable`` for one that cannot be reached (see ``migrate``).
    """
    from app.storage.engine import make_engine
    from app.storage.migrate import migrate
    from app.sync.client import HqClient
    from app.sync.sql_outbox import SqlOutbox
    from app.sync.worker import SyncWorker

    out = out or TextPrinter()
    hq_url, hall_id, token, db = _require(args)
    engine = make_engine(db)
    try:
        migrate(engine)
        outbox = SqlOutbox(engine, endpoint_key(hq_url, hall_id))
        with HqClient(hq_url, hall_id, token) as client:
            clock = SystemClock()
            worker = SyncWorker(outbox, client, hall_id, clock, batch_size=args.batch_size)
            if args.action == "status":
                return _print_status(worker, out)
            if args.action == "resend":
                count = worker.resend(seqs=args.seq)
                print(f"resend={count}", file=sys.stderr)
                return _print_report(worker.run_once(), out)
            report = worker.run_once() if args.once else worker.run_forever(_stop_on_signals())
            return _print_report(report, out)
    finally:
        engine.dispose()


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def _handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _handler)
    signal.signal(signal.SIGTERM, _handler)
    return stop


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.sync")
    _add_options(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        return sync_command(args)
    except KnownError as exc:
        print(f"{exc.message_id} / {exc.message_en}", file=sys.stderr)
        return exc.exit_code
