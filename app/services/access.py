"""Signing in, the kiosk PIN, lockouts and unattended button boxes.

Sign-in (``sign_in``) and the kiosk PIN (``check_kiosk_pin``) are argon2 verifications. An
unknown or inactive user name is verified against a dummy hash, so the answer takes the same
time and says the same thing whether the name exists or not.

**Lockout rule.** Failures are counted per key and per PC (``station``): for a sign-in, the
name typed at that PC (whether it exists or not) and, separately, every name at that PC
together; for the PIN, the kiosk PIN at that PC. From the 5th consecutive failure of a name
(the 10th of a PC, the 5th of the PIN) the key is locked for 30 s, each further failure
doubles the wait (60 s, 120 s, …) up to 15 min. While locked every attempt is refused at
once, without checking the password (``SignInLocked``, exit 9, with ``wait_seconds``), and
does not count. A success clears the counts of the name and of the PC (or the PIN's); a count
left alone for an hour starts again from zero. Every sign-in, failure and lockout is in the
audit trail.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import socket
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import AuthError, ConfigError, NotFound, SignInLocked, SignInRequired
from app.domain.roles import Actor, Permission, Role, button_box, kiosk_menu, require
from app.domain.wording import Bilingual
from app.i18n import N_
from app.ports import Clock
from app.services.audit import AuditAction, Outcome, record
from app.services.context import UowFactory
from app.storage.models import Counter, Setting, SignInFailure, User

log = logging.getLogger(__name__)

KIOSK_PIN_KEY = "kiosk_pin"
FIRST_LOCK = 5  # failures of one name (or of the PIN) before the first lock
STATION_LOCK = 10  # failures of any names at one PC before it is locked
BASE_WAIT = 30.0  # seconds, doubling with each further failure
MAX_WAIT = 15 * 60.0
FORGET_AFTER = dt.timedelta(hours=1)
ALL_NAMES = "*"
PIN_KEY = "kiosk"

hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash of no one's password, verified for an unknown name (same work as a real one)."""
    return hasher.hash("antrean-no-such-user")


def this_station() -> str:
    """This PC's name, as the audit trail and the lockout count it."""
    return socket.gethostname()[:100] or "pc"


def lock_wait(failures: int, threshold: int) -> float:
    """Seconds a key is locked after its ``failures``-th consecutive failure (0: not locked)."""
    if failures < threshold:
        return 0.0
    return float(min(BASE_WAIT * 2 ** min(failures - threshold, 20), MAX_WAIT))


def verify(password_hash: str, password: str) -> bool:
    try:
        return bool(hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def locked_error(wait: float) -> SignInLocked:
    seconds = max(1, math.ceil(wait))
    if seconds < 120:
        span = Bilingual.of(N_("{seconds} detik"), seconds=seconds)
    else:
        span = Bilingual.of(N_("{minutes} menit"), minutes=math.ceil(seconds / 60))
    return SignInLocked(
        N_("Terlalu banyak percobaan. Coba lagi dalam {span}."),
        span=span,
        wait_seconds=seconds,
    )


def _wrong_login() -> AuthError:
    return AuthError(N_("Nama pengguna atau kata sandi salah."))


@dataclass(frozen=True, slots=True)
class _Key:
    kind: str  # user | pin
    key: str
    station: str
    threshold: int


class AccessService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # --- signing in ------------------------------------------------------------------------
    def sign_in(
        self, username: str, password: str, *, station: str, counter: int | None = None
    ) -> Actor:
        """The actor of ``username`` if ``password`` is theirs and the account is active;
        ``counter``: where a clerk signs in (their only counter).

        Raises ``AuthError`` (the same sentence for an unknown name, an inactive account and
        a wrong password) or ``SignInLocked`` (see the module doc for the rule)."""
        name = username.strip()[:60]
        keys = [
            _Key("user", name.lower(), station, FIRST_LOCK),
            _Key("user", ALL_NAMES, station, STATION_LOCK),
        ]
        self._refuse_if_locked(keys, AuditAction.SIGN_IN_LOCKED, name, station)
        with self._uow(readonly=True) as uow:
            user = uow.session.scalar(select(User).where(User.username == name))
            found = (
                (user.id, user.username, user.role, user.active, user.password_hash)
                if user
                else None
            )
        ok = verify(found[4] if found else _dummy_hash(), password)
        ok = ok and found is not None and bool(found[3])
        if not ok or found is None:
            self._failed(
                keys, AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN_LOCKED, name, station
            )
            raise _wrong_login()
        actor = Actor(
            user_id=found[0],
            username=found[1],
            role=Role(found[2]),
            counter=counter,
            station=station,
        )
        with self._uow() as uow:
            for key in keys:
                self._clear(uow.session, key)
            record(
                uow.session,
                self._clock.now(),
                actor,
                AuditAction.SIGN_IN,
                target=f"counter {counter}" if counter is not None else "",
            )
            uow.commit()
        log.info("%s (%s) signed in at %s", actor.username, found[2], station)
        return actor

    # --- the kiosk PIN ---------------------------------------------------------------------
    def kiosk_pin_set(self) -> bool:
        with self._uow(readonly=True) as uow:
            return uow.session.get(Setting, KIOSK_PIN_KEY) is not None

    def set_kiosk_pin(self, actor: Actor, pin: str) -> None:
        """Set the kiosk admin menu's PIN: 4–8 digits (``ConfigError`` otherwise)."""
        require(actor, Permission.USERS)
        if not re.fullmatch(r"[0-9]{4,8}", pin):
            raise ConfigError(N_("PIN harus 4–8 angka."))
        value = {"hash": hasher.hash(pin)}
        with self._uow() as uow:
            row = uow.session.get(Setting, KIOSK_PIN_KEY)
            if row is None:
                uow.session.add(Setting(key=KIOSK_PIN_KEY, value=value))
            else:
                row.value = value
            record(uow.session, self._clock.now(), actor, AuditAction.KIOSK_PIN_SET)
            uow.commit()

    def check_kiosk_pin(self, pin: str, *, station: str) -> bool:
        """Whether ``pin`` is the kiosk PIN (False when none is set). Raises
        ``SignInLocked`` after repeated failures at ``station`` (the module doc's rule)."""
        keys = [_Key("pin", PIN_KEY, station, FIRST_LOCK)]
        self._refuse_if_locked(keys, AuditAction.KIOSK_PIN_LOCKED, "", station)
        with self._uow(readonly=True) as uow:
            row = uow.session.get(Setting, KIOSK_PIN_KEY)
            stored = str(row.value.get("hash", "")) if row is not None else ""
        if not stored:
            return False
        if not verify(stored, pin):
            self._failed(
                keys, AuditAction.KIOSK_PIN_FAILED, AuditAction.KIOSK_PIN_LOCKED, "", station
            )
            return False
        with self._uow() as uow:
            self._clear(uow.session, keys[0])
            record(uow.session, self._clock.now(), None, AuditAction.KIOSK_PIN, station=station)
            uow.commit()
        return True

    def open_kiosk_menu(self, pin: str, *, station: str) -> Actor | None:
        """The kiosk admin menu's actor (``roles.kiosk_menu``: reprint only) when ``pin`` is
        the kiosk PIN, else None; ``SignInLocked`` as ``check_kiosk_pin``."""
        return kiosk_menu(station) if self.check_kiosk_pin(pin, station=station) else None

    # --- unattended button boxes -----------------------------------------------------------
    def set_button_box(self, actor: Actor, counter: int, enabled: bool) -> None:
        """Let (or stop) an unattended button box serve ``counter`` without a sign-in."""
        require(actor, Permission.CONFIGURE)
        with self._uow() as uow:
            row = uow.session.scalar(select(Counter).where(Counter.number == counter))
            if row is None:
                raise NotFound(N_("Loket {counter} tidak ada."), counter=counter)
            row.button_box = bool(enabled)
            record(
                uow.session,
                self._clock.now(),
                actor,
                AuditAction.BUTTON_BOX,
                target=f"counter {counter}",
                details={"enabled": bool(enabled)},
            )
            uow.commit()

    def button_boxes(self) -> dict[int, bool]:
        """Counter number → whether an unattended button box may serve it."""
        with self._uow(readonly=True) as uow:
            return {
                number: bool(flag)
                for number, flag in uow.session.execute(select(Counter.number, Counter.button_box))
            }

    def button_box_actor(self, counter: int, *, station: str = "") -> Actor:
        """The actor of a button box at ``counter``; ``SignInRequired`` unless the hall
        enabled button boxes there."""
        if not self.button_boxes().get(counter, False):
            raise SignInRequired(
                N_(
                    "Loket {counter} tidak mengizinkan tombol tanpa petugas; masuk dengan "
                    "--user NAMA."
                ),
                counter=counter,
            )
        return button_box(counter, station=station)

    # --- the lockout -----------------------------------------------------------------------
    def _refuse_if_locked(
        self, keys: list[_Key], action: AuditAction, name: str, station: str
    ) -> None:
        now = self._clock.now()
        with self._uow(readonly=True) as uow:
            wait = max((self._remaining(uow.session, k, now) for k in keys), default=0.0)
        if wait <= 0:
            return
        with self._uow() as uow:
            record(
                uow.session,
                now,
                None,
                action,
                outcome=Outcome.LOCKED,
                username=name,
                station=station,
                details={"wait_seconds": math.ceil(wait)},
            )
            uow.commit()
        raise locked_error(wait)

    @staticmethod
    def _remaining(session: Session, key: _Key, now: dt.datetime) -> float:
        row = session.get(SignInFailure, (key.kind, key.key, key.station))
        if row is None or row.locked_until is None:
            return 0.0
        return max(0.0, (row.locked_until - now).total_seconds())

    def _failed(
        self,
        keys: list[_Key],
        failed: AuditAction,
        locked: AuditAction,
        name: str,
        station: str,
    ) -> None:
        now = self._clock.now()
        with self._uow() as uow:
            longest = 0.0
            counts = {}
            for key in keys:
                row = uow.session.get(SignInFailure, (key.kind, key.key, key.station))
                if row is None:
                    row = SignInFailure(kind=key.kind, key=key.key, station=key.station, failures=0)
                    uow.session.add(row)
                elif row.last_failure_at is not None and now - row.last_failure_at > FORGET_AFTER:
                    row.failures = 0
                row.failures += 1
                row.last_failure_at = now
                wait = lock_wait(row.failures, key.threshold)
                row.locked_until = now + dt.timedelta(seconds=wait) if wait else None
                longest = max(longest, wait)
                counts[key.key if key.key != ALL_NAMES else "station"] = row.failures
            record(
                uow.session,
                now,
                None,
                failed,
                outcome=Outcome.FAILED,
                username=name,
                station=station,
            )
            if longest:
                record(
                    uow.session,
                    now,
                    None,
                    locked,
                    outcome=Outcome.LOCKED,
                    username=name,
                    station=station,
                    details={"wait_seconds": math.ceil(longest), "failures": counts},
                )
                log.warning(
                    "sign-in locked at %s for %.0f s after repeated failures", station, longest
                )
            uow.commit()

    @staticmethod
    def _clear(session: Session, key: _Key) -> None:
        row = session.get(SignInFailure, (key.kind, key.key, key.station))
        if row is not None:
            row.failures = 0
            row.locked_until = None
