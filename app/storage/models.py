"""SQLAlchemy 2 tables of a hall. No personal data is stored by default.

Times are stored as naive UTC (``UtcDateTime``) on both SQLite and PostgreSQL and come back
timezone-aware.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[dt.datetime]):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Service(Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(1), unique=True)
    name_id: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    description_id: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(String(200), default="")
    colour: Mapped[str] = mapped_column(String(7), default="")  # "#RRGGBB"; "": the palette
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opens_at: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    closes_at: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    target_minutes: Mapped[int] = mapped_column(Integer, default=30)
    default_service_minutes: Mapped[float] = mapped_column(Float, default=10.0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Counter(Base):
    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[str] = mapped_column(String(10), default="open")
    streak_priority: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    streak_length: Mapped[int] = mapped_column(Integer, default=0)
    # "P:R" of this counter's own priority ratio; None: the hall's (app.domain.priority).
    priority_ratio: Mapped[str | None] = mapped_column(String(5), nullable=True)
    # An unattended button box may serve this counter without a sign-in (the hall's choice).
    button_box: Mapped[bool] = mapped_column(Boolean, default=False)


class CounterService(Base):
    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="clerk")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("service_id", "business_date", "number", name="uq_ticket_number"),
        Index("ix_ticket_queue", "business_date", "status", "current_service_id", "queue_key"),
        Index("ix_ticket_queue_key", "queue_key"),
        Index("ix_ticket_counter", "counter_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    current_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    # The order of the queue comes from the database, never from a PC's clock: a position
    # allocated in the issuing transaction (see app/services/claim.py), ties broken by id.
    queue_key: Mapped[int] = mapped_column(BigInteger)
    issue_key: Mapped[int] = mapped_column(BigInteger)  # the place it was issued with
    queued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)  # when, for "waited since"
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(12), nullable=True)
    print_state: Mapped[str] = mapped_column(String(12), default="pending")
    print_error: Mapped[str | None] = mapped_column(String(200), nullable=True)


class QueueEventRow(Base):
    __tablename__ = "queue_events"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ticket_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("tickets.id"), nullable=True, index=True
    )
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class ReferenceVersion(Base):
    """One row whose token changes with every write to ``settings``, ``services`` and
    ``counter_services`` (database triggers, migration 0006): a process may keep those
    between units of work while the token stays the same (``app.services.reference``)."""

    __tablename__ = "reference_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))


class Feedback(Base):
    """IKM survey answers: anonymous, linked to a service and optionally a ticket."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id"), nullable=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)


class SyncState(Base):
    """Per HQ endpoint: the last event seq HQ acknowledged, and how the link fares."""

    __tablename__ = "sync_state"

    endpoint: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_feedback_id: Mapped[int] = mapped_column(BigInteger, default=0)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    dead_letters: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notice: Mapped[str | None] = mapped_column(String(500), nullable=True)
    notice_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class SyncEpoch(Base):
    """This database's identity towards HQ: an epoch covers the seqs from ``start_seq`` on
    (up to the next epoch's start). Created with the database; a restored copy forks a new
    one where its history leaves HQ's (``app.sync``)."""

    __tablename__ = "sync_epochs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    start_seq: Mapped[int] = mapped_column(BigInteger)
    start_feedback_id: Mapped[int] = mapped_column(BigInteger)
    parent: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    """The audit trail: sign-ins, failures, lockouts, overrides, configuration and user
    changes (``app.services.audit``). Written in the unit of work of the change itself."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(60), default="")
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    station: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SignInFailure(Base):
    """Failed sign-ins (``kind`` user) or kiosk PINs (``kind`` pin) per key and station,
    and until when that key is locked there (``app.services.access``)."""

    __tablename__ = "sign_in_failures"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    station: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
