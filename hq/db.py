"""HQ tables (SQLAlchemy 2) and engine setup; SQLite for a trial, PostgreSQL in production."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import platformdirs
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    false,
    inspect,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as UTC and always returns them aware (SQLite drops offsets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


class Hall(Base):
    __tablename__ = "halls"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    max_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    max_feedback_id: Mapped[int] = mapped_column(BigInteger, default=0)
    # The Polda (or any grouping) the dashboard filters by; None: not set.
    region: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)


class HallToken(Base):
    __tablename__ = "hall_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class HallEpoch(Base):
    """One history of a hall: a hall database (its epoch), or the legacy ``""`` of version 1.

    ``acked_seq``: every event of the epoch up to it is held here or was declared skipped by
    the hall; ``skipped``: seqs the hall declared it could not send (its dead letters), until
    they arrive. ``first_stored_at``/``last_stored_at`` tell two live databases sending under
    one hall id apart from a reinstall (the old one stops before the new one starts).
    """

    __tablename__ = "hall_epochs"
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(36), primary_key=True)
    parent: Mapped[str | None] = mapped_column(String(36), nullable=True)
    start_seq: Mapped[int] = mapped_column(BigInteger, default=1)
    start_feedback_id: Mapped[int] = mapped_column(BigInteger, default=1)
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    acked_feedback_id: Mapped[int] = mapped_column(BigInteger, default=0)
    max_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    max_feedback_id: Mapped[int] = mapped_column(BigInteger, default=0)
    skipped: Mapped[list[Any]] = mapped_column(JSON, default=list)
    skipped_feedback: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    first_stored_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_stored_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("hall_id", "epoch", "seq", name="uq_events_hall_epoch_seq"),
        Index("ix_events_hall_date", "hall_id", "business_date"),
        Index("ix_events_date", "business_date"),
        Index("ix_events_hall_ticket", "hall_id", "ticket_id"),
    )
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    epoch: Mapped[str] = mapped_column(String(36), default="", server_default="")
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ticket_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    service: Mapped[str | None] = mapped_column(String(1), nullable=True)
    business_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    priority: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    target_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_service: Mapped[str | None] = mapped_column(String(1), nullable=True)
    to_counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recall_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requeue_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    # Dated more than a day ahead of HQ's clock when it arrived (a hall clock set wrong).
    clock_ahead: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("hall_id", "epoch", "feedback_id", name="uq_feedback_hall_epoch_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    epoch: Mapped[str] = mapped_column(String(36), default="", server_default="")
    feedback_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    service: Mapped[str] = mapped_column(String(1))
    business_date: Mapped[dt.date] = mapped_column(Date)
    ticket_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    u1: Mapped[int] = mapped_column(Integer)
    u2: Mapped[int] = mapped_column(Integer)
    u3: Mapped[int] = mapped_column(Integer)
    u4: Mapped[int] = mapped_column(Integer)
    u5: Mapped[int] = mapped_column(Integer)
    u6: Mapped[int] = mapped_column(Integer)
    u7: Mapped[int] = mapped_column(Integer)
    u8: Mapped[int] = mapped_column(Integer)
    u9: Mapped[int] = mapped_column(Integer)
    payload_hash: Mapped[str] = mapped_column(String(64))


class TicketFact(Base):
    """One ticket as its events tell it so far (see ``hq.rollups``); ``epoch`` is the
    history that issued it."""

    __tablename__ = "ticket_facts"
    __table_args__ = (Index("ix_ticket_facts_hall_date", "hall_id", "business_date"),)
    hall_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(36), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    service: Mapped[str] = mapped_column(String(1))
    business_date: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    priority: Mapped[bool] = mapped_column(Boolean)
    target_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    final: Mapped[str | None] = mapped_column(String(32), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    wait_min: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    within_target: Mapped[bool] = mapped_column(Boolean)
    # Every service time of the ticket (a requeued ticket is served more than once).
    service_min: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


# The counts a rollup row adds up, in the order ``StatsCounts`` declares them.
STATS_COUNTS = (
    "issued",
    "served",
    "no_show",
    "cancelled",
    "expired",
    "called",
    "within_target",
    "priority",
)


class StatsCounts:
    """The tickets of a rollup row (a day's, a week's or a month's), counted by what became
    of them: issued, served, no-show, cancelled, expired, called, called within the service's
    target wait, priority. A period's counts are its days' added."""

    issued: Mapped[int] = mapped_column(Integer)
    served: Mapped[int] = mapped_column(Integer)
    no_show: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[int] = mapped_column(Integer)
    expired: Mapped[int] = mapped_column(Integer)
    called: Mapped[int] = mapped_column(Integer)
    within_target: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer)


class StatsDaily(StatsCounts, Base):
    """Rollup of the facts of one hall × service × business day (tickets issued that day).

    ``waits``/``service_times``: the day's values as sorted float64 (``hq.rollups.pack``),
    merged for a period's exact median and p90 (one hall). ``wait_hist``/``service_hist``:
    the same values as a sparse histogram of 0.1-minute bins (``hq.rollups.pack_hist``:
    each occupied bin once, with its count when above 1), merged for the summaries of many
    halls (median/p90 within 0.05 min of exact) and into ``StatsPeriod``."""

    __tablename__ = "stats_daily"
    __table_args__ = (Index("ix_stats_daily_date", "business_date"),)
    hall_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service: Mapped[str] = mapped_column(String(1), primary_key=True)
    business_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    wait_median: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    wait_p90: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    service_median: Mapped[float | None] = mapped_column(Float(53), nullable=True)
    waits: Mapped[bytes] = mapped_column(LargeBinary)
    service_times: Mapped[bytes] = mapped_column(LargeBinary)
    wait_hist: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    service_hist: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class StatsPeriod(StatsCounts, Base):
    """The day rows of one hall × service over an ISO week (``span`` "week", ``first_day``
    its Monday) or a calendar month ("month", its 1st), added: counts and the merged
    histograms (``hq.rollups.pack_hist``), whose size is bounded by the bins the values
    occupy, not by the tickets. Kept with the day rows at ingest (``hq.rollups``); many-hall
    summaries read a period as weeks and months plus or minus a few days."""

    __tablename__ = "stats_period"
    __table_args__ = (Index("ix_stats_period_day", "first_day", "span"),)
    hall_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service: Mapped[str] = mapped_column(String(1), primary_key=True)
    span: Mapped[str] = mapped_column(String(5), primary_key=True)
    first_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    wait_hist: Mapped[bytes] = mapped_column(LargeBinary)
    service_hist: Mapped[bytes] = mapped_column(LargeBinary)


class HqUser(Base):
    __tablename__ = "hq_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class HqSession(Base):
    __tablename__ = "hq_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("hq_users.id"))
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LoginBackoff(Base):
    """Failed logins of one address or user (``hq.throttle.SharedLoginThrottle``); times
    are wall-clock seconds."""

    __tablename__ = "login_backoff"
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    until: Mapped[float] = mapped_column(Float(53))
    seen: Mapped[float] = mapped_column(Float(53))


class LoginTrusted(Base):
    """An address a user logged in from (the per-user backoff spares it)."""

    __tablename__ = "login_trusted"
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    address: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[float] = mapped_column(Float(53))


class ReadToken(Base):
    """A read-only token for the summary API (reports, kiosks on the HQ wall)."""

    __tablename__ = "read_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


def default_url() -> str:
    folder = Path(platformdirs.user_data_dir("antrean-hq", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'hq.db'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Driver-level autocommit; transactions begin IMMEDIATE so writers queue up
            # instead of failing on a lock upgrade.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # Reading (``reading``) takes no lock, so a login or a report never delays uploads.
            read_only = conn.get_execution_options().get(READ_ONLY, False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)


READ_ONLY = "hq_read_only"


def reading(factory: sessionmaker[Any]) -> sessionmaker[Any]:
    """Sessions of the same database that only read: on SQLite a deferred transaction (no
    write lock); elsewhere the same as ``factory``. Never write through one."""
    bind = factory.kw["bind"]
    return sessionmaker(bind.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def bulk_insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert many rows fast: ``COPY`` on PostgreSQL (``executemany`` costs a round trip a
    row there, multi-row ``VALUES`` a long compile), ``executemany`` on SQLite."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(table.insert(), rows)
        return
    keys = list(rows[0])
    binds = {c.name: c.type for c in table.columns}
    converters = {k: binds[k].bind_processor(connection.dialect) for k in keys}
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        columns = ", ".join(keys)
        with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        convert(row[k]) if convert is not None else row[k]
                        for k, convert in converters.items()
                    ]
                )


VERSION_TABLE = "hq_alembic_version"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_LOCK_KEY = 74_150_015


def init_db(engine: Engine) -> None:
    """Bring the HQ database to the newest schema with Alembic (``hq/migrations``): a new
    database, one made by ``create_all`` before migrations (adopted by the baseline) or one
    from before epochs. On PostgreSQL an advisory lock keeps several workers starting at
    once from migrating twice. Idempotent."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        if _revision(conn) != schema_head():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        from hq import partitions

        partitions.ensure(conn, dt.datetime.now(dt.UTC).date())


def _revision(conn: Connection) -> str | None:
    if VERSION_TABLE not in set(inspect(conn).get_table_names()):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def schema_head() -> str:
    """The newest revision in ``hq/migrations/versions`` (a test checks it is the head)."""
    return SCHEMA_HEAD


SCHEMA_HEAD = "0007"


def legacy_upgrade(conn: Connection) -> None:
    """What ``init_db`` did before Alembic, for a database it made: epochs, ``clock_ahead``."""
    _upgrade_to_epochs(conn)
    _add_missing_columns(conn)


def _add_missing_columns(conn: Connection) -> None:
    if "events" not in set(inspect(conn).get_table_names()):
        return
    if "clock_ahead" in {c["name"] for c in inspect(conn).get_columns("events")}:
        return
    conn.execute(text("ALTER TABLE events ADD COLUMN clock_ahead BOOLEAN NOT NULL DEFAULT FALSE"))


def _upgrade_to_epochs(conn: Connection) -> None:
    """Events and feedback of an HQ from before epochs move to the legacy epoch ``""``.

    The unique key changes from hall × seq to hall × epoch × seq: PostgreSQL alters it in
    place; SQLite, which cannot drop a constraint, rebuilds the table (renamed aside, created
    anew, copied, dropped), all in one transaction.
    """
    tables = set(inspect(conn).get_table_names())
    if "events" not in tables:
        return
    if "epoch" in {c["name"] for c in inspect(conn).get_columns("events")}:
        return
    old_keys = {"events": "uq_events_hall_seq", "feedback": "uq_feedback_hall_id"}
    for table, old_key in old_keys.items():
        if conn.dialect.name == "postgresql":
            new = Base.metadata.tables[table]
            unique = next(c for c in new.constraints if isinstance(c, UniqueConstraint))
            listed = ", ".join(c.name for c in unique.columns)
            conn.execute(
                text(f"ALTER TABLE {table} ADD COLUMN epoch VARCHAR(36) NOT NULL DEFAULT ''")
            )
            conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {old_key}"))
            conn.execute(
                text(f"ALTER TABLE {table} ADD CONSTRAINT {unique.name} UNIQUE ({listed})")
            )
            continue
        if table == "events":
            for index in ("ix_events_hall_date", "ix_events_date"):
                conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
        names = ", ".join(c["name"] for c in inspect(conn).get_columns(table))
        conn.execute(text(f"ALTER TABLE {table} RENAME TO {table}_before_epochs"))
        Base.metadata.tables[table].create(conn)
        conn.execute(
            text(
                f"INSERT INTO {table} ({names}, epoch) "
                f"SELECT {names}, '' FROM {table}_before_epochs"
            )
        )
        conn.execute(text(f"DROP TABLE {table}_before_epochs"))
