"""Clerk and supervisor accounts; passwords hashed with argon2."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from app.domain.config import UserName, validated
from app.domain.errors import AuthError, ConfigError
from app.ports import Clock
from app.services.context import UowFactory
from app.storage.models import User

ROLES = ("admin", "supervisor", "clerk")
_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    role: str
    active: bool


class UserService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def add_user(self, username: str, password: str, role: str = "clerk") -> UserView:
        """Add an account. ``username`` 2–40 of ``[A-Za-z0-9._-]`` (``InvalidSetting``
        otherwise), ``role`` one of ROLES, a password of at least 6 characters; an existing
        name raises ``ConfigError``."""
        username = validated(UserName, {"username": username}).username
        if role not in ROLES:
            raise ConfigError(
                f"Peran harus salah satu dari {', '.join(ROLES)}.",
                f"Role must be one of {', '.join(ROLES)}.",
            )
        if len(password) < 6:
            raise ConfigError(
                "Kata sandi minimal 6 karakter.", "The password needs at least 6 characters."
            )
        with self._uow() as uow:
            if uow.session.scalar(select(User).where(User.username == username)):
                raise ConfigError(
                    f"Pengguna {username} sudah ada.", f"User {username} already exists."
                )
            user = User(
                username=username,
                password_hash=_hasher.hash(password),
                role=role,
                active=True,
                created_at=self._clock.now(),
            )
            uow.session.add(user)
            uow.commit()
            return UserView(user.id, user.username, user.role, user.active)

    def authenticate(self, username: str, password: str) -> UserView:
        with self._uow(readonly=True) as uow:
            user = uow.session.scalar(select(User).where(User.username == username))
            ok = False
            if user is not None and user.active:
                try:
                    ok = _hasher.verify(user.password_hash, password)
                except (VerificationError, InvalidHashError):
                    ok = False
            if not ok or user is None:
                raise AuthError(
                    "Nama pengguna atau kata sandi salah.", "Wrong username or password."
                )
            return UserView(user.id, user.username, user.role, user.active)

    def users(self) -> list[UserView]:
        with self._uow(readonly=True) as uow:
            rows = uow.session.scalars(select(User).order_by(User.username))
            return [UserView(u.id, u.username, u.role, u.active) for u in rows]
