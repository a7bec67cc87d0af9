"""Backups of the SQLite hall database, and restoring one (``antrean backup`` / ``restore``).

A backup is taken with SQLite's online backup API (``sqlite3.Connection.backup``): a
consistent copy while kiosks and counters keep writing. The copy is written beside its final
name, checked with ``PRAGMA integrity_check`` and only then renamed into place, so a
half-written file never looks like a backup. Backups are named by the hall's local date-time
(``antrean-YYYYMMDD-HHMMSS.db``); retention keeps the newest N of those names and never
touches any other file.

A restore first proves the candidate is an Antrean database (SQLite, intact, an Antrean
schema this build knows), keeps a safety copy of the current database, and then copies the
candidate into the live database with the same backup API: one write transaction, so every
connection sees either the old or the restored database, never a mix, and the WAL of the
live file stays consistent. Before that copy the candidate gets a new sync epoch starting
after its newest event and feedback: events issued after the restore reuse seq numbers HQ may
already hold from the original history, and HQ keeps both (``app.sync``, ``docs/hq.md``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import sqlite3
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import KnownError, SchemaTooNew, StorageUnavailable
from app.i18n import N_
from app.storage.engine import BUSY_TIMEOUT_MS
from app.storage.migrate import _OWN_MARKERS, VERSION_TABLE, check_ours

log = logging.getLogger(__name__)

DEFAULT_KEEP = 14
PREFIX = "antrean-"
SAFETY_PREFIX = "pre-restore-"
_NAME = re.compile(r"^antrean-(\d{8})-(\d{6})(?:-\d+)?\.db$")
_HEADER = b"SQLite format 3\x00"
_PAGES_PER_STEP = 256  # the writers get the database between steps (~1 MB each)


class NotAntreanDatabase(KnownError):
    """A file offered for restore that is not an intact Antrean database."""

    code = "not_antrean_database"
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path
    revision: str
    events: int
    tickets: int


def default_folder(db: Path) -> Path:
    return db.parent / "backups"


def backup_name(local: dt.datetime, prefix: str = PREFIX) -> str:
    return f"{prefix}{local:%Y%m%d-%H%M%S}.db"


def backups(folder: Path) -> list[Path]:
    """The backups in ``folder`` named by ``backup``, oldest first."""
    try:
        names = [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    except FileNotFoundError:
        return []
    return sorted(names, key=lambda p: p.name)


def due(folder: Path, today: dt.date) -> bool:
    """True when ``folder`` holds no backup taken on the hall's ``today``."""
    stamp = f"{PREFIX}{today:%Y%m%d}-"
    return not any(p.name.startswith(stamp) for p in backups(folder))


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``folder``; return the deleted ones."""
    old = backups(folder)[: max(0, len(backups(folder)) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
        log.info("backup %s removed (keeping the newest %d)", path, keep)
    return old


def _read_only(path: Path) -> sqlite3.Connection:
    uri = f"file:{urllib.parse.quote(path.as_posix())}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _unavailable(exc: BaseException, where: Path) -> StorageUnavailable:
    full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
    full = full or "full" in str(exc).lower()
    if full:
        return StorageUnavailable(
            N_("Disk penuh: cadangan di {where} tidak dapat ditulis. Kosongkan ruang disk."),
            where=where,
        )
    return StorageUnavailable(
        N_("Cadangan di {where} tidak dapat ditulis ({exc})."),
        where=where,
        exc=exc,
    )


def _integrity(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows[:3])


def copy_database(db: Path, target: Path) -> None:
    """An online, consistent copy of ``db`` at ``target`` (written aside, checked, renamed)."""
    part = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source = _read_only(db)
        try:
            dest = sqlite3.connect(part)
            try:
                source.backup(dest, pages=_PAGES_PER_STEP)
                dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                verdict = _integrity(dest)
            finally:
                dest.close()
        finally:
            source.close()
        if verdict != "ok":
            raise StorageUnavailable(
                N_("Salinan {db} rusak ({verdict}); basis data perlu diperiksa."),
                db=db,
                verdict=verdict,
            )
        with open(part, "rb") as written:
            os.fsync(written.fileno())
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        raise _unavailable(exc, target.parent) from exc
    finally:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def require_file(db: Path) -> None:
    if not db.is_file():
        raise StorageUnavailable(
            N_("Basis data {db} tidak ada; tidak ada yang dicadangkan."),
            db=db,
        )


def backup(db: Path, folder: Path, local_now: dt.datetime, keep: int | None) -> Path:
    """Back up ``db`` into ``folder`` under the hall's local time; keep the newest ``keep``."""
    require_file(db)
    target = folder / backup_name(local_now)
    n = 1
    while target.exists():  # two backups within one second
        target = folder / f"{PREFIX}{local_now:%Y%m%d-%H%M%S}-{n}.db"
        n += 1
    copy_database(db, target)
    log.info("database %s backed up to %s", db, target)
    if keep is not None:
        prune(folder, keep)
    return target


def check_candidate(path: Path) -> Candidate:
    """Prove ``path`` is an intact Antrean database this build can use, or refuse it."""
    where = path.as_posix()
    try:
        with open(path, "rb") as f:
            header = f.read(len(_HEADER))
    except OSError as exc:
        raise NotAntreanDatabase(
            N_("Berkas {where} tidak dapat dibaca ({strerror})."),
            where=where,
            strerror=exc.strerror,
        ) from exc
    if header != _HEADER:
        raise NotAntreanDatabase(
            N_("{where} bukan basis data Antrean (bukan berkas SQLite); tidak ada yang diubah."),
            where=where,
        )
    try:
        conn = _read_only(path)
        try:
            verdict = _integrity(conn)
            tables = {
                str(n) for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if VERSION_TABLE in tables:
                row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
                revision = str(row[0]) if row else None
            counts = (0, 0)
            if tables >= _OWN_MARKERS:
                counts = (
                    int(conn.execute("SELECT count(*) FROM queue_events").fetchone()[0]),
                    int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0]),
                )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise NotAntreanDatabase(
            N_("{where} rusak atau tidak dapat dibaca ({exc}); tidak ada yang diubah."),
            where=where,
            exc=exc,
        ) from exc
    if verdict != "ok":
        raise NotAntreanDatabase(
            N_("{where} rusak (pemeriksaan integritas: {verdict}); tidak ada yang diubah."),
            where=where,
            verdict=verdict,
        )
    if revision is None or not tables >= _OWN_MARKERS:
        raise NotAntreanDatabase(
            N_(
                "{where} bukan basis data Antrean (tidak ada skema Antrean); tidak ada yang diubah."
            ),
            where=where,
        )
    try:
        check_ours(tables, revision, where)
    except SchemaTooNew as exc:
        raise NotAntreanDatabase(
            N_(
                "{where} memakai skema {revision} yang lebih baru dari versi Antrean "
                "ini; perbarui Antrean dahulu. Tidak ada yang diubah."
            ),
            where=where,
            revision=revision,
        ) from exc
    return Candidate(path, revision, *counts)


def fork_epoch(conn: sqlite3.Connection) -> str | None:
    """Give a restored copy a new sync epoch after its newest event and feedback.

    Returns the new epoch id, or None for a schema before epochs (migration 0003 then gives
    it one when it is first opened)."""
    tables = {str(n) for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "sync_epochs" not in tables:
        return None
    top_seq = int(conn.execute("SELECT coalesce(max(seq), 0) FROM queue_events").fetchone()[0])
    if "sqlite_sequence" in tables:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name='queue_events'").fetchone()
        top_seq = max(top_seq, int(row[0]) if row else 0)
    top_feedback = 0
    if "feedback" in tables:
        top_feedback = int(conn.execute("SELECT coalesce(max(id), 0) FROM feedback").fetchone()[0])
    newest = conn.execute(
        "SELECT id, start_seq, start_feedback_id FROM sync_epochs ORDER BY start_seq DESC LIMIT 1"
    ).fetchone()
    parent = str(newest[0]) if newest else None
    start_seq = max(top_seq + 1, int(newest[1]) if newest else 1)
    start_feedback = max(top_feedback + 1, int(newest[2]) if newest else 1)
    epoch = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn.execute(
        "INSERT INTO sync_epochs (id, start_seq, start_feedback_id, parent, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (epoch, start_seq, start_feedback, parent, now),
    )
    conn.commit()
    log.info("restored database continues as sync epoch %s from seq %d", epoch, start_seq)
    return epoch


@dataclass(frozen=True, slots=True)
class Restored:
    candidate: Candidate
    safety_copy: Path | None
    epoch: str | None


def restore(candidate: Path, db: Path, safety_folder: Path, local_now: dt.datetime) -> Restored:
    """Replace the content of ``db`` by ``candidate`` (checked first), after a safety copy."""
    found = check_candidate(candidate)
    if db.exists() and candidate.resolve() == db.resolve():
        raise NotAntreanDatabase(
            N_("{candidate} adalah basis data yang sedang dipakai; pilih berkas cadangan."),
            candidate=candidate,
        )
    safety = None
    if db.is_file() and db.stat().st_size > 0:
        safety = safety_folder / backup_name(local_now, SAFETY_PREFIX)
        copy_database(db, safety)
        log.info("database %s saved as %s before the restore", db, safety)
    part = db.with_name(f".{db.name}.restore.part")
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        part.unlink(missing_ok=True)
        source = _read_only(candidate)
        try:
            staged = sqlite3.connect(part)
            try:
                source.backup(staged)
                epoch = fork_epoch(staged)
                live = sqlite3.connect(db, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    staged.backup(live)  # one write transaction on the live database
                finally:
                    live.close()
            finally:
                staged.close()
        finally:
            source.close()
    except (OSError, sqlite3.Error) as exc:
        raise StorageUnavailable(
            N_("Pemulihan ke {db} gagal ({exc}); basis data lama tetap dipakai."),
            db=db,
            exc=exc,
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
    log.info("database %s restored from %s", db, candidate)
    return Restored(found, safety, epoch)
