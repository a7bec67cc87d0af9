"""Accounts (admin, supervisor, clerk); passwords hashed with argon2.

Every change needs ``Permission.USERS`` (an admin), except the hall's first admin: while no
active admin exists, ``add_user(NOBODY, name, password, "admin")`` creates one (the wizard's
and ``antrean init --admin``'s bootstrap). Every change is in the audit trail. The hall never
loses its last active admin (refused with ``ConfigError``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.config import UserName, validated
from app.domain.errors import ConfigError, NotFound
from app.domain.roles import Actor, Permission, Role, require
from app.i18n import N_
from app.ports import Clock
from app.services.access import AccessService, hasher
from app.services.audit import AuditAction, record
from app.services.context import UowFactory
from app.storage.models import User

ROLES = tuple(r.value for r in (Role.ADMIN, Role.SUPERVISOR, Role.CLERK))
MIN_PASSWORD = 6


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    role: str
    active: bool


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.role, user.active)


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise ConfigError(
            N_("Peran harus salah satu dari {value}."),
            value=", ".join(ROLES),
        )
    return Role(role)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(
            N_("Kata sandi minimal {min_password} karakter."),
            min_password=MIN_PASSWORD,
        )


def _admins(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.active)
        )
        or 0
    )


class UserService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def add_user(self, actor: Actor, username: str, password: str, role: str = "clerk") -> UserView:
        """Add an account. ``username`` 2–40 of ``[A-Za-z0-9._-]`` (``InvalidSetting``
        otherwise), ``role`` one of ROLES, a password of at least 6 characters; an existing
        name raises ``ConfigError``. ``actor`` needs ``USERS``, except for the first admin
        while the hall has none (see the module doc)."""
        username = validated(UserName, {"username": username}).username
        wanted = _check_role(role)
        _check_password(password)
        password_hash = hasher.hash(password)
        with self._uow() as uow:
            bootstrap = False
            if not actor.may(Permission.USERS):
                if wanted is not Role.ADMIN or _admins(uow.session):
                    require(actor, Permission.USERS)
                bootstrap = True
            if uow.session.scalar(select(User).where(User.username == username)):
                raise ConfigError(N_("Pengguna {username} sudah ada."), username=username)
            user = User(
                username=username,
                password_hash=password_hash,
                role=wanted.value,
                active=True,
                created_at=self._clock.now(),
            )
            uow.session.add(user)
            uow.session.flush()
            record(
                uow.session,
                self._clock.now(),
                actor,
                AuditAction.USER_ADDED,
                target=username,
                details={"role": wanted.value, "first_admin": bootstrap},
            )
            uow.commit()
            return _view(user)

    def set_role(self, actor: Actor, username: str, role: str) -> UserView:
        require(actor, Permission.USERS)
        wanted = _check_role(role)
        with self._uow() as uow:
            user = self._user(uow.session, username)
            before = user.role
            if before == Role.ADMIN.value and wanted is not Role.ADMIN and user.active:
                self._keep_an_admin(uow.session)
            user.role = wanted.value
            record(
                uow.session,
                self._clock.now(),
                actor,
                AuditAction.USER_ROLE,
                target=user.username,
                details={"from": before, "to": wanted.value},
            )
            uow.commit()
            return _view(user)

    def set_active(self, actor: Actor, username: str, active: bool) -> UserView:
        require(actor, Permission.USERS)
        with self._uow() as uow:
            user = self._user(uow.session, username)
            if user.active and not active and user.role == Role.ADMIN.value:
                self._keep_an_admin(uow.session)
            user.active = bool(active)
            record(
                uow.session,
                self._clock.now(),
                actor,
                AuditAction.USER_ACTIVE,
                target=user.username,
                details={"active": bool(active)},
            )
            uow.commit()
            return _view(user)

    def set_password(self, actor: Actor, username: str, password: str) -> UserView:
        require(actor, Permission.USERS)
        _check_password(password)
        password_hash = hasher.hash(password)
        with self._uow() as uow:
            user = self._user(uow.session, username)
            user.password_hash = password_hash
            record(
                uow.session,
                self._clock.now(),
                actor,
                AuditAction.USER_PASSWORD,
                target=user.username,
            )
            uow.commit()
            return _view(user)

    def access_service(self) -> AccessService:
        """Sign-ins on the same database (for a front end given only this service)."""
        return AccessService(self._uow, self._clock)

    def has_admin(self) -> bool:
        """Whether the hall has an active admin (else the first may be added by anyone)."""
        with self._uow(readonly=True) as uow:
            return _admins(uow.session) > 0

    def users(self) -> list[UserView]:
        with self._uow(readonly=True) as uow:
            rows = uow.session.scalars(select(User).order_by(User.username))
            return [_view(u) for u in rows]

    @staticmethod
    def _user(session: Session, username: str) -> User:
        user = session.scalar(select(User).where(User.username == username).with_for_update())
        if user is None:
            raise NotFound(N_("Pengguna {username} tidak ada."), username=username)
        return user

    @staticmethod
    def _keep_an_admin(session: Session) -> None:
        if _admins(session) <= 1:
            raise ConfigError(
                N_("Ini admin aktif terakhir; tambahkan admin lain dulu."),
            )
