"""Actors for tests: an admin, a supervisor and a clerk without accounts (``user_id`` None),
for tests about the queue rather than about who may act (tests/services/test_roles.py)."""

from __future__ import annotations

from app.domain.roles import Actor, Role

ADMIN = Actor(user_id=None, username="test-admin", role=Role.ADMIN, station="test")
SUPERVISOR = Actor(user_id=None, username="test-supervisor", role=Role.SUPERVISOR, station="test")


def clerk(counter: int, user_id: int | None = None, username: str = "test-clerk") -> Actor:
    """A clerk signed in at ``counter``."""
    return Actor(user_id=user_id, username=username, role=Role.CLERK, counter=counter, station="test")
