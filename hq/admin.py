"""Halls, tokens and HQ users: creation, revocation and verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from hq.db import Hall, HallToken, HqSession, HqUser, ReadToken, reading

SESSION_LIFETIME = dt.timedelta(hours=12)
_hasher = PasswordHasher()


def new_token() -> str:
    # A fixed prefix: a token never starts with '-', which a command line would read as an
    # option (`--token -x…`), and it is recognisable in a settings file.
    return "atq_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are 32 random bytes, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewHall:
    id: str
    name: str
    token: str


@dataclass(frozen=True, slots=True)
class HallInfo:
    id: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_received_at: dt.datetime | None
    max_seq: int


class HallAuth(Enum):
    OK = "ok"
    UNKNOWN = "unknown"  # 401
    REVOKED = "revoked"  # 403


def add_hall(
    factory: sessionmaker[Session], name: str, now: dt.datetime, region: str | None = None
) -> NewHall:
    token = new_token()
    hall_id = str(uuid.uuid4())
    with factory.begin() as session:
        session.add(
            Hall(
                id=hall_id,
                name=name,
                created_at=now,
                max_seq=0,
                max_feedback_id=0,
                region=region,
            )
        )
        session.flush()
        session.add(HallToken(hall_id=hall_id, token_hash=token_hash(token), created_at=now))
    return NewHall(hall_id, name, token)


def set_region(factory: sessionmaker[Session], hall_id: str, region: str | None) -> bool:
    with factory.begin() as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            return False
        hall.region = region or None
        return True


def region_halls(factory: sessionmaker[Session], region: str) -> list[str]:
    with reading(factory).begin() as session:
        return list(session.scalars(select(Hall.id).where(Hall.region == region)))


def list_halls(factory: sessionmaker[Session]) -> list[HallInfo]:
    with factory.begin() as session:
        halls = session.scalars(select(Hall).order_by(Hall.name, Hall.id)).all()
        return [
            HallInfo(h.id, h.name, h.created_at, h.revoked_at, h.last_received_at, h.max_seq)
            for h in halls
        ]


def revoke_hall(factory: sessionmaker[Session], hall_id: str, now: dt.datetime) -> bool:
    with factory.begin() as session:
        hall = session.get(Hall, hall_id)
        if hall is None:
            return False
        hall.revoked_at = hall.revoked_at or now
        for token in session.scalars(select(HallToken).where(HallToken.hall_id == hall_id)):
            token.revoked_at = token.revoked_at or now
        return True


def check_hall_token(factory: sessionmaker[Session], hall_id: str, token: str) -> HallAuth:
    with reading(factory).begin() as session:
        row = session.scalars(
            select(HallToken).where(HallToken.token_hash == token_hash(token))
        ).first()
        if row is None or row.hall_id != hall_id:
            return HallAuth.UNKNOWN
        hall = session.get(Hall, hall_id)
        if hall is None:
            return HallAuth.UNKNOWN
        if row.revoked_at is not None or hall.revoked_at is not None:
            return HallAuth.REVOKED
        return HallAuth.OK


def add_user(factory: sessionmaker[Session], username: str, password: str, now: dt.datetime) -> int:
    with factory.begin() as session:
        user = HqUser(username=username, password_hash=_hasher.hash(password), created_at=now)
        session.add(user)
        session.flush()
        return user.id


def verify_user(factory: sessionmaker[Session], username: str, password: str) -> int | None:
    """The user's id when the password is right. The hash is read in a short transaction
    and checked after it ended: argon2 takes ~0.6 s, and on SQLite every transaction of HQ
    holds the write lock (``hq.db.make_engine``), so checking inside one stalled uploads."""
    with reading(factory).begin() as session:
        found = session.execute(
            select(HqUser.id, HqUser.password_hash).where(HqUser.username == username)
        ).first()
    if found is None:
        # Spend the same effort so a missing user is not visible in the timing.
        _hasher.hash(password)
        return None
    user_id, password_hash = found
    try:
        _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return int(user_id)


def open_session(factory: sessionmaker[Session], user_id: int, now: dt.datetime) -> str:
    token = new_token()
    with factory.begin() as session:
        session.execute(delete(HqSession).where(HqSession.expires_at < now))
        session.add(
            HqSession(
                token_hash=token_hash(token), user_id=user_id, expires_at=now + SESSION_LIFETIME
            )
        )
    return token


def check_session(factory: sessionmaker[Session], token: str, now: dt.datetime) -> bool:
    with reading(factory).begin() as session:
        row = session.get(HqSession, token_hash(token))
        return row is not None and row.expires_at > now


def close_session(factory: sessionmaker[Session], token: str) -> None:
    with factory.begin() as session:
        session.execute(delete(HqSession).where(HqSession.token_hash == token_hash(token)))


def add_read_token(factory: sessionmaker[Session], name: str, now: dt.datetime) -> str:
    token = new_token()
    with factory.begin() as session:
        session.add(ReadToken(name=name, token_hash=token_hash(token), created_at=now))
    return token


def check_read_token(factory: sessionmaker[Session], token: str) -> bool:
    with reading(factory).begin() as session:
        row = session.scalars(
            select(ReadToken).where(ReadToken.token_hash == token_hash(token))
        ).first()
        return row is not None and row.revoked_at is None
