"""Actors for tests: an admin, a supervisor and a clerk without accounts (``user_id`` None),
for tests about the queue rather than about who may act (tests/services/test_roles.py)."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.roles import Actor, Role

ADMIN = Actor(user_id=None, username="test-admin", role=Role.ADMIN, station="test")
SUPERVISOR = Actor(user_id=None, username="test-supervisor", role=Role.SUPERVISOR, station="test")


def clerk(counter: int, user_id: int | None = None, username: str = "test-clerk") -> Actor:
    """A clerk signed in at ``counter``."""
    return Actor(
        user_id=user_id, username=username, role=Role.CLERK, counter=counter, station="test"
    )


# --- the command line as a signed-in admin (process tests) --------------------------------------
TEST_ADMIN = "test-admin"
TEST_PASSWORD = "test-password-1"


def as_admin(args: Sequence[str]) -> list[str]:
    """``antrean`` words signed in as the test admin; ``init`` also creates that admin (on a
    hall without one; nothing when it exists)."""
    words = ["--user", TEST_ADMIN, *args]
    if args and args[0] == "init" and "--admin" not in args:
        words += ["--admin", TEST_ADMIN]
    return words


def admin_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the test admin's password for ``--user`` (ANTREAN_PASSWORD)."""
    return {**env, "ANTREAN_PASSWORD": TEST_PASSWORD}


def ensure_admin(url: str) -> None:
    """Create the test admin in the hall database at ``url`` (migrated) unless it exists."""
    from app.bootstrap import build_core
    from app.domain.roles import NOBODY
    from app.settings import DatabaseSettings, Settings

    core = build_core(Settings(database=DatabaseSettings(url=url)))
    try:
        if not any(u.username == TEST_ADMIN for u in core.users.users()):
            core.users.add_user(NOBODY, TEST_ADMIN, TEST_PASSWORD, "admin")
    finally:
        core.close()
