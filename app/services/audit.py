"""The audit trail: who did what, from which PC, with which outcome.

Every sign-in, failed sign-in, lockout, override (out-of-order call, recall, cancel,
force-close, reprint), configuration and user change is one ``audit`` row, written by
``record`` in the unit of work of the change it describes: both are committed or neither.
A refused use case (``AccessDenied``, ``SignInRequired``) changes nothing, so it leaves no
row (the log says it). The admin window's viewer reads ``AuditService.entries`` and exports
``csv_rows``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.roles import Actor, Permission, require
from app.ports import Clock
from app.services.context import UowFactory
from app.storage.models import AuditRow

MAX_LIMIT = 10_000


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_LOCKED = "sign_in_locked"  # a lockout began, or an attempt while locked
    KIOSK_PIN = "kiosk_pin"  # the kiosk admin menu opened
    KIOSK_PIN_FAILED = "kiosk_pin_failed"
    KIOSK_PIN_LOCKED = "kiosk_pin_locked"
    KIOSK_PIN_SET = "kiosk_pin_set"
    USER_ADDED = "user_added"
    USER_ROLE = "user_role"
    USER_ACTIVE = "user_active"
    USER_PASSWORD = "user_password"
    BUTTON_BOX = "button_box"
    HALL_CONFIG = "hall_config"
    RUNNING_TEXT = "running_text"
    LOGO = "logo"
    SERVICE = "service"
    COUNTER_SERVICES = "counter_services"
    COUNTER = "counter"  # a counter's name or own priority ratio
    CALL_OUT_OF_ORDER = "call_out_of_order"
    RECALL = "recall"
    CANCEL = "cancel"
    REPRINT = "reprint"
    FORCE_CLOSE = "force_close"
    CLOSE_DAY = "close_day"
    CLOCK_CONFIRMED = "clock_confirmed"
    RESTORE = "restore"  # a backup restored over this database (recorded in the restored one)
    PC_SETTINGS = "pc_settings"  # this PC's settings file (printer, speech, HQ link)
    SYNC_RESEND = "sync_resend"  # dead-lettered records sent to HQ again


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime  # UTC
    user_id: int | None
    username: str
    role: str | None
    station: str
    action: str
    target: str
    outcome: str
    details: dict[str, Any] = field(default_factory=dict)


CSV_HEADER = (
    "id",
    "at_utc",
    "user_id",
    "username",
    "role",
    "station",
    "action",
    "target",
    "outcome",
    "details",
)


def record(
    session: Session,
    at: dt.datetime,
    actor: Actor | None,
    action: AuditAction | str,
    *,
    target: str = "",
    outcome: Outcome | str = Outcome.OK,
    details: dict[str, Any] | None = None,
    username: str | None = None,
    station: str | None = None,
) -> AuditRow:
    """Add one audit row to ``session`` (the use case's own unit of work).

    ``username``/``station`` override the actor's (a failed sign-in has no actor: the name
    typed, cut to 60 characters, and the PC)."""
    row = AuditRow(
        at=at,
        user_id=actor.user_id if actor else None,
        username=(username if username is not None else (actor.username if actor else ""))[:60],
        role=actor.role.value if actor and actor.role else None,
        station=(station if station is not None else (actor.station if actor else ""))[:100],
        action=str(action),
        target=target[:200],
        outcome=str(outcome),
        details=dict(details or {}),
    )
    session.add(row)
    return row


class AuditService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def record(
        self,
        actor: Actor | None,
        action: AuditAction | str,
        *,
        target: str = "",
        outcome: Outcome | str = Outcome.OK,
        details: dict[str, Any] | None = None,
        username: str | None = None,
        station: str | None = None,
    ) -> AuditEntry:
        """One audit row in its own unit of work (for what changes nothing else, such as a
        window noting a supervisor's override it carried out through other use cases)."""
        with self._uow() as uow:
            row = record(
                uow.session,
                self._clock.now(),
                actor,
                action,
                target=target,
                outcome=outcome,
                details=details,
                username=username,
                station=station,
            )
            uow.commit()
            return _entry(row)

    def entries(
        self,
        *,
        viewer: Actor,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        actor: str | None = None,
        action: str | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> list[AuditEntry]:
        """Audit rows, newest first: ``since`` ≤ at < ``until``, of user name ``actor``,
        of ``action``; at most ``limit`` (1–10,000) after skipping ``offset``.

        ``viewer`` needs ``AUDIT`` (a supervisor or an admin)."""
        require(viewer, Permission.AUDIT)
        limit = max(1, min(int(limit), MAX_LIMIT))
        stmt = select(AuditRow)
        if since is not None:
            stmt = stmt.where(AuditRow.at >= since)
        if until is not None:
            stmt = stmt.where(AuditRow.at < until)
        if actor:
            stmt = stmt.where(AuditRow.username == actor)
        if action:
            stmt = stmt.where(AuditRow.action == action)
        stmt = stmt.order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        stmt = stmt.offset(max(0, int(offset)))
        with self._uow(readonly=True) as uow:
            return [_entry(r) for r in uow.session.scalars(stmt)]

    @staticmethod
    def csv_rows(entries: Sequence[AuditEntry]) -> list[list[str]]:
        """The export: the header and one row per entry (``csv_rows`` of this module)."""
        return csv_rows(entries)


def csv_rows(entries: Sequence[AuditEntry]) -> list[list[str]]:
    """The header and one row per entry, as text (times ISO 8601 UTC, details JSON)."""
    rows = [list(CSV_HEADER)]
    for e in entries:
        rows.append(
            [
                str(e.id),
                e.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                "" if e.user_id is None else str(e.user_id),
                e.username,
                e.role or "",
                e.station,
                e.action,
                e.target,
                e.outcome,
                json.dumps(e.details, ensure_ascii=False, sort_keys=True),
            ]
        )
    return rows


def csv_text(entries: Sequence[AuditEntry]) -> str:
    """``csv_rows`` as CSV text (for a file the supervisor saves)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csv_rows(entries))
    return buffer.getvalue()


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        user_id=row.user_id,
        username=row.username,
        role=row.role,
        station=row.station,
        action=row.action,
        target=row.target,
        outcome=row.outcome,
        details=dict(row.details or {}),
    )
