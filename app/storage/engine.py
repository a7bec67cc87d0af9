"""Engine setup for SQLite (one PC) and PostgreSQL (a hall on a LAN).

SQLite follows SQLAlchemy's documented recipe for real transactions: pysqlite's own
transaction handling is switched off (``isolation_level=None``) and the engine's ``begin``
event emits ``BEGIN IMMEDIATE``, so every write transaction takes the write lock up front and
two processes can never claim the same ticket. Read-only units of work emit a plain deferred
``BEGIN`` so that displays polling the feed never queue behind writers. WAL lets readers
run beside the one writer; ``synchronous=FULL`` makes every commit survive a power cut.

A bad database target is a plain-language error, never a traceback: a URL that is not a
database URL, another kind of database, a folder or an impossible path are ``ConfigError``
(exit 7); an SQLite file or folder Antrean cannot write, and a server it cannot reach, are
``StorageUnavailable`` (exit 11). ``opening_error`` sorts a driver's error the same way.
Whether the database's *contents* are Antrean's is ``app.storage.migrate``'s business.
"""

from __future__ import annotations

import errno
import logging
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from app.domain.errors import ConfigError, KnownError, StorageUnavailable
from app.domain.wording import Bilingual
from app.i18n import N_

log = logging.getLogger(__name__)

READONLY = "antrean_readonly"
BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10  # a server away answers within this, not after the OS's minutes
PING_AFTER_IDLE_S = 2.0  # a pooled PostgreSQL connection idle longer is checked before use
_IDLE_SINCE = "antrean_idle_since"
_EXAMPLE = "postgresql+psycopg://antrean:sandi@192.168.1.10/antrean"
_BAD_OPTION = ("invalid port", "invalid connection option", "invalid integer value", "sslmode")
_UNREACHABLE = (
    "connection failed",
    "connection refused",
    "connection is bad",
    "could not connect",
    "failed to resolve host",
    "could not translate host name",
    "timeout expired",
    "server closed the connection",
    "terminating connection",
    "no route to host",
    "network is unreachable",
    "the database system is",  # starting up, shutting down, in recovery mode
    "too many clients",
    "consuming input failed",
)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; nothing is connected yet.

    Raises ``ConfigError`` for a URL that is not a database URL, another kind of database or
    a driver that is not installed, and for an SQLite path that is a folder or cannot be a
    file; ``StorageUnavailable`` when the SQLite file or its folder cannot be written.
    """
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed, echo=echo)
        if backend == "postgresql":
            return _postgres_engine(parsed, echo=echo)
    except (sa_exc.NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            N_("Driver basis data untuk {drivername!r} tidak terpasang; pakai misalnya {example}."),
            drivername=parsed.drivername,
            example=_EXAMPLE,
        ) from exc
    raise ConfigError(
        N_("Antrean memakai SQLite atau PostgreSQL, bukan {backend!r}."),
        backend=backend,
    )


def parse_url(url: str) -> URL:
    """``url`` parsed; ``ConfigError`` when it is not a database URL."""
    try:
        parsed = make_url(url)
        parsed.get_backend_name()
        return parsed
    except (sa_exc.ArgumentError, ValueError) as exc:
        shown = _short(url.split("@")[-1])  # never show a password
        raise ConfigError(
            N_("Alamat basis data {shown!r} tidak sah; contoh: {example}."),
            shown=shown,
            example=_EXAMPLE,
        ) from exc


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL (plain or ``file:`` URI); None in memory or not SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    database = url.database
    if _is_uri(url):
        if url.query.get("mode") == "memory":
            return None
        database = database.removeprefix("file:").split("?", 1)[0]
    if database == ":memory:" or not database:
        return None
    return Path(database)


def _is_uri(url: URL) -> bool:
    return str(url.query.get("uri", "")).lower() in ("true", "1")


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_location(path)
    if _is_uri(url) and (url.query.get("mode") == "ro" or url.query.get("immutable")):
        raise StorageUnavailable(
            N_("Basis data dibuka hanya-baca; Antrean perlu menyimpan setiap perubahan."),
        )
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: URL, *, echo: bool) -> Engine:
    if url.drivername == "postgresql":  # SQLAlchemy would pick psycopg2; Antrean ships psycopg 3
        url = url.set(drivername="postgresql+psycopg")
    timeout = {} if "connect_timeout" in url.query else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    engine = create_engine(url, echo=echo, pool_size=5, max_overflow=5, connect_args=timeout)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has been idle for a while.

    SQLAlchemy's ``pool_pre_ping`` costs a round trip at the start of every unit of work: one
    in a dozen of ``call_next``'s, and more under load, when every round trip waits for the
    CPU. A connection given back less than ``PING_AFTER_IDLE_S`` ago has just worked; a server
    restarted since then shows as the usual "cannot be reached" error for that one action, and
    SQLAlchemy then replaces every pooled connection. One idle longer (the hall was quiet, the
    server or the LAN may have gone away) is pinged, and replaced when the ping fails.
    """

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return  # new, or used a moment ago
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()
        except Exception as exc:  # the driver's own error: the pool opens a new connection
            log.debug("pooled connection failed its ping: %s", exc)
            raise sa_exc.DisconnectionError(str(exc)) from exc


def check_sqlite_location(path: Path) -> None:
    """Refuse an SQLite path Antrean could not use as its own writable file.

    Creates the missing folders. Raises ``ConfigError`` for a folder or an impossible path,
    ``StorageUnavailable`` for a file or folder that cannot be read or written.
    """
    shown = _short(path.as_posix())
    try:
        if path.is_dir():
            raise ConfigError(
                N_("{shown} adalah folder, bukan berkas basis data."),
                shown=shown,
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        readable = not path.exists() or os.access(path, os.R_OK)
        writable = not path.exists() or os.access(path, os.W_OK)
        folder_writable = os.access(path.parent, os.W_OK | os.X_OK)
    except PermissionError as exc:
        raise _no_permission(shown) from exc
    except OSError as exc:
        raise _bad_path(shown, exc) from exc
    if not readable:
        raise _no_permission(shown)
    if not writable:
        raise StorageUnavailable(
            N_("Berkas basis data {shown} hanya-baca; Antrean perlu menulis ke sana."),
            shown=shown,
        )
    if not folder_writable:  # WAL keeps two files beside the database
        folder = _short(path.parent.as_posix())
        raise StorageUnavailable(
            N_("Folder {folder} hanya-baca; Antrean perlu menulis berkas basis data di sana."),
            folder=folder,
        )


def _no_permission(shown: str) -> StorageUnavailable:
    return StorageUnavailable(
        N_("Basis data {shown} tidak dapat dibuka: izin ditolak."),
        shown=shown,
    )


def _bad_path(shown: str, exc: OSError) -> ConfigError:
    why: Bilingual | str = exc.strerror or type(exc).__name__  # the system's own words
    if exc.errno == errno.ENAMETOOLONG:
        why = Bilingual.of(N_("namanya terlalu panjang"))
    elif isinstance(exc, FileExistsError | NotADirectoryError):
        why = Bilingual.of(N_("ada berkas di tempat folder"))
    return ConfigError(
        N_("Berkas basis data {shown} tidak dapat dibuat: {why}."),
        shown=shown,
        why=why,
    )


def opening_error(error: BaseException, url: URL | str) -> KnownError | None:
    """A plain-language error for a database that cannot be opened or used; None for a bug.

    ``error`` is a SQLAlchemy ``DBAPIError`` or a driver's own exception (sqlite3, psycopg).
    """
    orig = getattr(error, "orig", None) or error
    text = str(orig).lower()
    where = _where(url)
    if "file is not a database" in text:
        return ConfigError(
            N_("{where} bukan berkas basis data SQLite."),
            where=where,
        )
    if "malformed" in text or "corrupt" in text:
        return ConfigError(
            N_("Berkas basis data {where} rusak; pulihkan dari cadangan."),
            where=where,
        )
    if any(s in text for s in ("password authentication failed", "no password supplied")):
        return ConfigError(
            N_("Server basis data {where} menolak login; periksa pengguna dan sandi di URL."),
            where=where,
        )
    if _unknown_name(text) or "pg_hba.conf" in text:
        return ConfigError(
            N_("Server {where} tidak mengenal basis data atau pengguna ini; periksa URL."),
            where=where,
        )
    if "permission denied" in text:
        return ConfigError(
            N_("Pengguna basis data tidak berhak membuat tabel di {where}."),
            where=where,
        )
    if any(s in text for s in _BAD_OPTION):
        return ConfigError(
            N_("Alamat basis data {where} tidak sah; contoh: {example}."),
            where=where,
            example=_EXAMPLE,
        )
    if "readonly" in text or "read-only" in text:
        return StorageUnavailable(
            N_("Basis data {where} hanya-baca; perubahan tidak dapat disimpan."),
            where=where,
        )
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return StorageUnavailable(
            N_("Penyimpanan komputer penuh; perubahan tidak disimpan. Hubungi petugas TI."),
        )
    if "database is locked" in text or "lock timeout" in text:
        return StorageUnavailable(
            N_("Basis data sedang sibuk; coba lagi sebentar."),
        )
    if "unable to open database file" in text or "disk i/o error" in text:
        return StorageUnavailable(
            N_("Berkas basis data {where} tidak dapat dibuka atau ditulis."),
            where=where,
        )
    if getattr(error, "connection_invalidated", False) or any(s in text for s in _UNREACHABLE):
        return StorageUnavailable(
            N_("Server basis data {where} tidak dapat dihubungi; periksa jaringan dan server."),
            where=where,
        )
    return None


def _unknown_name(text: str) -> bool:
    return "does not exist" in text and ('database "' in text or 'role "' in text)


def _where(url: URL | str) -> str:
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (sa_exc.ArgumentError, ValueError):
        return _short(str(url).split("@")[-1])
    path = sqlite_path(parsed)
    if path is not None:
        return _short(path.as_posix())
    if parsed.get_backend_name() == "sqlite":
        return "SQLite"
    host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return f"{host}/{parsed.database or ''}"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
