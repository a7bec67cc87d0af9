"""``antrean backup`` and ``antrean restore`` (the mechanics: ``app.storage.backup``).

Both run on the SQLite hall database; a PostgreSQL hall is backed up with ``pg_dump``
(``docs/backup.md``), and the commands say so (exit 7). Imports stay inside the handlers so
``antrean --help`` does not load SQLite, SQLAlchemy or the services.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.errors import ConfigError, KnownError
from app.i18n import N_

from .output import Output

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from app.bootstrap import Core
    from app.domain.roles import Actor
    from app.settings import Settings

log = logging.getLogger(__name__)


class RestoreCancelled(KnownError):
    code = "restore_cancelled"
    exit_code = 2


class WindowsRunning(KnownError):
    """Antrean windows of this PC have the database open: they would keep the old file."""

    code = "windows_running"
    exit_code = 5


def add_backup_parsers(sub: Any, common: argparse.ArgumentParser, keep_type: Any) -> None:
    p = sub.add_parser(
        "backup", parents=[common], help="copy the SQLite hall database now (online, checked)"
    )
    p.add_argument("--to", metavar="FOLDER", help="folder (default: backups/ beside the database)")
    p.add_argument(
        "--keep", type=keep_type, metavar="N", help="keep the newest N backups (default 14)"
    )
    p.add_argument(
        "--if-due", action="store_true", help="only when today has no backup yet (for a timer)"
    )
    p.set_defaults(handler=None, standalone=True, run=run_backup)
    p = sub.add_parser(
        "restore", parents=[common], help="replace the hall database by a backup file"
    )
    p.add_argument("file", metavar="FILE", help="the backup file (antrean-….db)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=None, standalone=True, run=run_restore)


def _sqlite_file(settings: Settings, out: Output) -> Path:
    from sqlalchemy.engine import make_url

    from app.storage.engine import sqlite_path

    url = make_url(settings.database_url())
    path = sqlite_path(url)
    if path is None:
        raise ConfigError(
            N_(
                "Basis data PostgreSQL dicadangkan dan dipulihkan dengan "
                "pg_dump/pg_restore, bukan dengan perintah ini; lihat docs/backup.md."
            ),
        )
    return path


def _hall_zone(settings: Settings) -> ZoneInfo | None:
    """The hall's time zone from its database, or None when it cannot be read."""
    from app.bootstrap import build_core

    try:
        core = build_core(settings, migrate_schema=False)
    except Exception:  # a missing or broken database: the PC's local time names the file
        return None
    try:
        return core.hall.hall_config().zone()
    except Exception:
        return None
    finally:
        core.close()


def _local_now(zone: ZoneInfo | None) -> dt.datetime:
    now = dt.datetime.now(dt.UTC)
    return now.astimezone(zone) if zone is not None else now.astimezone()


def run_backup(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    from app.bootstrap import build_core
    from app.storage import backup as b

    db = _sqlite_file(settings, out)
    b.require_file(db)  # before opening it: opening would create an empty one
    core = build_core(settings)  # opens (and migrates) it: a broken database fails here
    try:
        zone = core.hall.hall_config().zone()
    finally:
        core.close()
    now = _local_now(zone)
    default = b.default_folder(db)
    folder = Path(args.to) if args.to else default
    if args.if_due and not b.due(folder, now.date()):
        newest = b.backups(folder)[-1]
        out.result(
            {"backup": None, "due": False, "newest": str(newest)},
            out.say(
                N_("Cadangan hari ini sudah ada: {newest}"),
                newest=newest,
            ),
        )
        return 0
    keep = args.keep if args.keep is not None else (b.DEFAULT_KEEP if folder == default else None)
    target = b.backup(db, folder, now, keep)
    size = target.stat().st_size
    out.result(
        {"backup": str(target), "bytes": size, "kept": len(b.backups(folder))},
        out.say(
            N_("Cadangan dibuat: {target} ({value:.1f} MB, diperiksa utuh)."),
            target=target,
            value=size / 1e6,
        ),
    )
    return 0


def run_restore(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    from app.storage import backup as b

    db = _sqlite_file(settings, out)
    candidate = b.check_candidate(Path(args.file))
    actor = _restorer(settings, args, db, out)
    _check_windows(settings, args.yes, out)
    if not args.yes:
        if not sys.stdin.isatty() and out.json_mode:
            raise RestoreCancelled(
                N_("Tambahkan --yes untuk memulihkan tanpa konfirmasi."),
            )
        prompt = out.say(
            N_("Ganti basis data {db} dengan {path} ({tickets} tiket)? Ketik 'ya': "),
            db=db,
            path=candidate.path,
            tickets=candidate.tickets,
        )
        print(prompt, end="", flush=True, file=sys.stderr)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("ya", "y", "yes"):
            raise RestoreCancelled(
                N_("Pemulihan dibatalkan; tidak ada yang diubah."),
            )
    now = _local_now(_hall_zone(settings))
    done = b.restore(candidate.path, db, b.default_folder(db), now)
    _audit_restore(settings, actor, candidate.path)
    safety = str(done.safety_copy) if done.safety_copy else None
    out.result(
        {
            "restored": str(candidate.path),
            "database": str(db),
            "safety_copy": safety,
            "tickets": candidate.tickets,
            "revision": candidate.revision,
            "sync_epoch": done.epoch,
        },
        out.say(
            N_("Basis data dipulihkan dari {path} ({tickets} tiket)."),
            path=candidate.path,
            tickets=candidate.tickets,
        )
        + (
            "\n" + out.say(N_("Salinan basis data sebelumnya: {safety}"), safety=safety)
            if safety
            else ""
        ),
    )
    return 0


def _restorer(settings: Settings, args: argparse.Namespace, db: Path, out: Output) -> Actor | None:
    """Who restores: an admin of the database being replaced (``--user``, BACKUP). A database
    that is missing, cannot be opened or has no admin yet cannot say who may: the restore
    goes ahead with a notice (a new PC, a damaged file)."""
    from app.cli.signin import require_standalone
    from app.domain.roles import Permission

    actor = require_standalone(settings, args, Permission.BACKUP) if db.exists() else None
    if actor is None:
        print(
            out.say(
                N_(
                    "Catatan: basis data sekarang tidak ada, rusak, atau belum punya "
                    "admin; pemulihan tidak memeriksa siapa yang menjalankannya."
                ),
            ),
            file=sys.stderr,
        )
    return actor


def _audit_restore(settings: Settings, actor: Actor | None, source: Path) -> None:
    """Note the restore in the restored database's audit trail (its own accounts may differ:
    the name is kept, not the account id). A failure here is logged; the restore stands."""
    from dataclasses import replace

    from app.bootstrap import build_core
    from app.services.audit import AuditAction

    try:
        core = build_core(settings)
    except Exception:  # the restore is done; the trail is a nicety here
        log.exception("restore: cannot open the restored database to audit it")
        return
    try:
        who = replace(actor, user_id=None) if actor is not None else None
        core.audit.record(who, AuditAction.RESTORE, target=str(source)[:200])
    except Exception:
        log.exception("restore: cannot write its audit row")
    finally:
        core.close()


def _check_windows(settings: Settings, confirmed: bool, out: Output) -> None:
    """Refuse (or, with ``--yes``, warn) while windows of this PC have the database open."""
    from app.cli.watchdog import running_windows

    running = running_windows(settings.database_url())
    if not running:
        return
    names = ", ".join(f"{w.role} (pid {w.pid})" for w in running)
    if not confirmed:
        raise WindowsRunning(
            N_(
                "Jendela Antrean masih berjalan di PC ini: {names}. Tutup dulu (di "
                "Linux: systemctl --user stop antrean-display antrean-kiosk), lalu "
                "ulangi; atau tambahkan --yes dan mulai ulang jendela itu setelah "
                "pemulihan."
            ),
            names=names,
            windows=[{"role": w.role, "pid": w.pid} for w in running],
        )
    print(
        out.say(
            N_("Peringatan: jendela Antrean masih berjalan ({names}); mulai ulang setelah ini."),
            names=names,
        ),
        file=sys.stderr,
    )


def start_daily_backup(
    core: Core, *, first_delay: float = 120.0, every: float = 3600.0
) -> threading.Event | None:
    """Back up the SQLite hall database once per business day from this (long-running)
    process: checks after ``first_delay`` seconds, then every ``every`` seconds, and backs up
    when the default folder has no backup of the hall's date yet (``backup --if-due``).
    Returns the event that stops it, or None on PostgreSQL (pg_dump there)."""
    from app.storage import backup as b
    from app.storage.engine import sqlite_path

    db = sqlite_path(core.engine.url)
    if db is None:
        return None
    stop = threading.Event()

    def _run() -> None:
        wait = first_delay
        while not stop.wait(wait):
            wait = every
            try:
                now = _local_now(core.hall.hall_config().zone())
                folder = b.default_folder(db)
                if b.due(folder, now.date()):
                    b.backup(db, folder, now, b.DEFAULT_KEEP)
            except KnownError as exc:
                log.warning("daily backup failed: %s", exc.message_en)
            except Exception:  # a bug must not end the window's process
                log.exception("daily backup failed")

    threading.Thread(target=_run, name="antrean-daily-backup", daemon=True).start()
    return stop
