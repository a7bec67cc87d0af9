"""Who may do what in the hall: roles, permissions and the one check per use case.

Three roles, each including the one below it (a hall's head or supervisor can stand in at
any counter):

- **clerk** — serves at the counter they are signed in to (call, recall, start, finish,
  no-show, transfer, hold, pause, open/close that counter); nothing else.
- **supervisor** — everything a clerk may do, at any counter, plus live supervision and
  overrides (moving or reassigning tickets, force-closing a counter, cancelling, reprinting),
  the running text, closing the day, reports and the audit trail.
- **admin** — everything a supervisor may do, plus configuration (services, counters, hall
  identity, devices, speech, HQ sync), users and roles, backups and restores.

Issuing a ticket at the kiosk and reading the hall's public state need no sign-in. The
check is made once per use case in the service layer (``require``) so that the windows and
the command line cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import AccessDenied, SignInRequired
from app.domain.wording import Bilingual
from app.i18n import N_


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    # a clerk's, at their own counter (a supervisor's and an admin's at any counter)
    SERVE = "serve"  # call/recall/start/finish/no-show/transfer/hold/return, counter state
    # a supervisor's
    OVERRIDE = "override"  # move/reassign tickets, force-close a counter, cancel a ticket
    REPRINT = "reprint"
    RUNNING_TEXT = "running_text"
    CLOSE_DAY = "close_day"
    SUPERVISE = "supervise"  # the live supervision view
    REPORTS = "reports"
    AUDIT = "audit"  # read the audit trail
    # an admin's
    CONFIGURE = "configure"  # services, counters, hall identity, devices, speech, display
    USERS = "users"  # accounts, roles, passwords, the kiosk PIN
    SYNC = "sync"  # HQ settings, resend, dead letters
    BACKUP = "backup"  # backups and restores


_CLERK = frozenset({Permission.SERVE})
_SUPERVISOR = _CLERK | {
    Permission.OVERRIDE,
    Permission.REPRINT,
    Permission.RUNNING_TEXT,
    Permission.CLOSE_DAY,
    Permission.SUPERVISE,
    Permission.REPORTS,
    Permission.AUDIT,
}
_ADMIN = _SUPERVISOR | {
    Permission.CONFIGURE,
    Permission.USERS,
    Permission.SYNC,
    Permission.BACKUP,
}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}

_ROLE_NAMES = {
    Role.CLERK: N_("petugas loket"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.ADMIN: N_("admin"),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (or device) a use case runs for.

    ``user_id``/``username``: the signed-in account, ``None`` for nobody. ``role``: that
    account's role, ``None`` for nobody. ``counter``: the counter number a clerk is signed in
    at (``None`` elsewhere); a clerk may serve only there. ``device``: no account but a
    device the hall trusts — an unattended button box the hall enabled for ``counter``
    (``SERVE`` at that counter only), or the kiosk's admin menu opened with the kiosk PIN —
    which may exactly its ``grants`` besides. ``station``: the PC it acts from (recorded in
    the audit trail).
    """

    user_id: int | None
    username: str
    role: Role | None
    counter: int | None = None
    device: bool = False
    station: str = ""
    grants: frozenset[Permission] = frozenset()

    @property
    def signed_in(self) -> bool:
        return self.role is not None

    def may(self, permission: Permission, *, counter: int | None = None) -> bool:
        """Whether this actor may ``permission`` (at ``counter`` for ``SERVE``)."""
        if self.device:
            if permission in self.grants:
                return True
            return (
                permission is Permission.SERVE and counter is not None and counter == self.counter
            )
        if self.role is None:
            return False
        if permission not in PERMISSIONS[self.role]:
            return False
        if self.role is Role.CLERK and permission is Permission.SERVE and counter is not None:
            return self.counter is not None and counter == self.counter
        return True


NOBODY = Actor(user_id=None, username="", role=None)

# An admin without an account: for code that sets up a hall in-process on its own (demo data,
# screenshots, benchmarks), never the result of a sign-in. Its changes record no user id.
STAND_IN_ADMIN = Actor(user_id=None, username="setup", role=Role.ADMIN)


def button_box(counter: int, *, station: str = "") -> Actor:
    """The actor of an unattended button box at ``counter`` (only where the hall enabled it)."""
    return Actor(
        user_id=None,
        username=f"button-box-{counter}",
        role=None,
        counter=counter,
        device=True,
        station=station,
    )


def kiosk_menu(station: str) -> Actor:
    """The actor of the kiosk's admin menu once the kiosk PIN was right: it may reprint a
    ticket (``REPRINT``) and nothing else; it ends when the menu closes."""
    return Actor(
        user_id=None,
        username="kiosk-pin",
        role=None,
        device=True,
        station=station,
        grants=frozenset({Permission.REPRINT}),
    )


def require(actor: Actor, permission: Permission, *, counter: int | None = None) -> None:
    """The one permission check of a use case.

    Raises ``SignInRequired`` (exit 9) for nobody and ``AccessDenied`` (exit 12) for an actor
    whose role does not carry ``permission`` or, for ``SERVE``, not at ``counter``.
    """
    if actor.may(permission, counter=counter):
        return
    if not actor.signed_in and not actor.device:
        raise SignInRequired(
            N_("Masuk dulu sebagai pengguna yang berwenang (--user NAMA)."),
            permission=permission.value,
        )
    who = Bilingual.of(_ROLE_NAMES[actor.role] if actor.role else N_("perangkat"))
    if permission is Permission.SERVE and counter is not None:
        raise AccessDenied(
            N_("{username} ({who}) tidak bertugas di loket {counter}."),
            username=actor.username,
            who=who,
            permission=permission.value,
            counter=counter,
        )
    raise AccessDenied(
        N_("{username} ({who}) tidak berwenang untuk ini."),
        username=actor.username,
        who=who,
        permission=permission.value,
    )
