"""Who a command runs for: ``--user NAME`` with the password from ``ANTREAN_PASSWORD`` or a
prompt (no echo), an unattended button box where the hall enabled one, or nobody.

The services decide whether that actor may (``app.domain.roles.require``): nobody gets exit 9
(``SignInRequired``), a role that may not gets 12 (``AccessDenied``), and nothing changes.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from app.domain.errors import SignInRequired
from app.domain.roles import NOBODY, Actor
from app.i18n import N_, gettext

if TYPE_CHECKING:
    from app.bootstrap import Core
    from app.domain.roles import Permission
    from app.settings import Settings

PASSWORD_ENV = "ANTREAN_PASSWORD"


def read_secret(prompt: str, *, env: str = PASSWORD_ENV, what: str = "password") -> str:
    """``env``'s value, else a prompt on the terminal without echo; refused (exit 9) when
    there is neither (a script without a terminal must set ``env``)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise SignInRequired(
            N_("Kata sandi tidak dapat ditanyakan (bukan terminal); setel {env}."),
            env=env,
            what=what,
        )
    return getpass.getpass(prompt)


def actor_for(core: Core, args: argparse.Namespace, *, counter: int | None = None) -> Actor:
    """The actor of this command: ``--user`` signed in (at ``counter``), else the button box
    of ``counter`` when the hall enabled it there, else nobody."""
    from app.services.access import this_station

    station = this_station()
    username = getattr(args, "user", None)
    if username:
        language = getattr(args, "lang", "id")
        prompt = gettext(N_("Kata sandi {username}: "), language).format(username=username)
        password = read_secret(prompt)
        return core.access.sign_in(username, password, station=station, counter=counter)
    if counter is not None and core.access.button_boxes().get(counter, False):
        return core.access.button_box_actor(counter, station=station)
    return NOBODY


def require_standalone(
    settings: Settings, args: argparse.Namespace, permission: Permission
) -> Actor | None:
    """The check of a command that runs without a ``Core`` (``restore``, ``sync resend``):
    sign in with ``--user`` against this PC's hall database and ``require`` ``permission``.

    Returns the actor, or ``None`` when the database cannot be opened at all (damaged, a
    newer schema: often the very reason for a restore) or has no admin yet, and so cannot say
    who may; the caller says so. Raises ``SignInRequired`` (9) / ``AccessDenied`` (12) otherwise.
    """
    import logging

    from sqlalchemy import exc as sa_exc

    from app.bootstrap import build_core
    from app.domain.errors import SchemaTooNew, StorageUnavailable
    from app.domain.roles import require

    try:
        core = build_core(settings)
    except (SchemaTooNew, StorageUnavailable, sa_exc.DBAPIError) as exc:
        logging.getLogger(__name__).warning(
            "%s: the hall database cannot be opened (%s); nobody can be checked", permission, exc
        )
        return None
    try:
        if not core.users.has_admin():  # a hall nobody set up yet has nothing to protect
            return None
        actor = actor_for(core, args)
        require(actor, permission)
        return actor
    finally:
        core.close()
