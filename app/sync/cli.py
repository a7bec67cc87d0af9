"""``antrean sync [--once]`` and ``antrean sync status``.

``add_sync_parser(subparsers)`` adds the sub-command to the main ``antrean`` parser; the
handler it installs (``args.handler(args)``) returns the exit code. ``python -m app.sync``
runs the same command on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from app.domain.errors import ConfigError
from app.ports import SystemClock
from app.storage.engine import make_engine
from app.sync.client import HqClient
from app.sync.sql_outbox import SqlOutbox
from app.sync.worker import SyncReport, SyncWorker

log = logging.getLogger(__name__)


def add_sync_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    with_db: bool = True,
    parents: Sequence[argparse.ArgumentParser] = (),
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "sync", parents=list(parents), help="kirim statistik ke pusat / upload stats to HQ"
    )
    _add_options(parser, with_db=with_db)
    parser.set_defaults(handler=sync_command)
    return parser


def _add_options(parser: argparse.ArgumentParser, *, with_db: bool = True) -> None:
    parser.add_argument("action", nargs="?", choices=["run", "status"], default="run")
    parser.add_argument("--once", action="store_true", help="send what is pending, then exit")
    parser.add_argument("--hq-url", default=os.environ.get("ANTREAN_HQ_URL"))
    parser.add_argument("--hall-id", default=os.environ.get("ANTREAN_HALL_ID"))
    parser.add_argument("--token", default=os.environ.get("ANTREAN_HQ_TOKEN"))
    if with_db:
        parser.add_argument("--db", default=os.environ.get("ANTREAN_DB_URL"))
    parser.add_argument("--batch-size", type=int, default=500)


def _require(args: argparse.Namespace) -> tuple[str, str, str, str]:
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
            "Pengaturan sinkronisasi belum lengkap: " + ", ".join(missing),
            "Sync settings are incomplete: " + ", ".join(missing),
        )
    return args.hq_url, args.hall_id, args.token, args.db


def endpoint_key(hq_url: str, hall_id: str) -> str:
    """The ``sync_state`` row of one HQ endpoint and hall."""
    return f"{hq_url.rstrip('/')}#{hall_id}"


def _print_report(report: SyncReport) -> None:
    print(
        f"batches={report.batches} stored={report.stored} duplicates={report.duplicates} "
        f"dead_lettered={report.dead_lettered} pending={report.pending}"
    )
    if report.error is not None:
        print(f"{report.error.message_id} / {report.error.message_en}", file=sys.stderr)


def _when(value: dt.datetime | None) -> str:
    return value.isoformat() if value is not None else "-"


def _print_status(worker: SyncWorker) -> None:
    status = worker.status()
    state = status.state
    print(f"pending={status.pending} last_acked_seq={state.last_acked_seq}")
    print(f"last_success_at={_when(state.last_success_at)}")
    print(f"last_error={state.last_error or '-'} at {_when(state.last_error_at)}")
    print(f"dead_letters={len(state.dead_letters)}")


def sync_command(args: argparse.Namespace) -> int:
    hq_url, hall_id, token, db = _require(args)
    outbox = SqlOutbox(make_engine(db), endpoint_key(hq_url, hall_id))
    with HqClient(hq_url, hall_id, token) as client:
        worker = SyncWorker(outbox, client, hall_id, SystemClock(), batch_size=args.batch_size)
        if args.action == "status":
            _print_status(worker)
            return 0
        report = worker.run_once() if args.once else worker.run_forever(_stop_on_signals())
        _print_report(report)
        if report.error is None:
            return 0
        return report.error.exit_code


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
    except ConfigError as exc:
        print(f"{exc.message_id} / {exc.message_en}", file=sys.stderr)
        return exc.exit_code
