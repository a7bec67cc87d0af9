"""Signing in, the lockout (with the manual clock), the kiosk PIN, button boxes, the timing of
unknown names, and what the audit trail keeps of it."""

from __future__ import annotations

import statistics
import time

import pytest

from app.bootstrap import Core
from app.domain.errors import (
    AccessDenied,
    AuthError,
    ConfigError,
    SignInLocked,
    SignInRequired,
)
from app.domain.roles import NOBODY, Actor, Role
from app.ports import ManualClock
from app.services.access import AccessService, lock_wait
from app.services.audit import csv_rows
from tests.support.actors import ADMIN

PASSWORD = "rahasia123"
LOCKED = r"sign-in locked at .* after repeated failures"


def _wrong(access: AccessService, name: str, station: str = "pc-1") -> str:
    with pytest.raises(AuthError) as refused:
        access.sign_in(name, "salah-sandi", station=station)
    assert not isinstance(refused.value, SignInLocked)
    return refused.value.message_en


def test_the_lockout_rule_grows_to_a_cap() -> None:
    assert [lock_wait(n, 5) for n in (1, 4, 5, 6, 7, 8)] == [0, 0, 30, 60, 120, 240]
    assert lock_wait(30, 5) == lock_wait(500, 5) == 15 * 60


@pytest.mark.expect_log(LOCKED)
def test_five_failures_lock_the_name_then_waits_grow(core: Core, clock: ManualClock) -> None:
    core.users.add_user(ADMIN, "budi", PASSWORD, "clerk")
    access = core.access
    for _ in range(5):
        assert _wrong(access, "budi") == "Wrong username or password."
    with pytest.raises(SignInLocked) as locked:  # even the right password: not even checked
        access.sign_in("budi", PASSWORD, station="pc-1")
    assert locked.value.message_id == "Terlalu banyak percobaan. Coba lagi dalam 30 detik."
    assert locked.value.exit_code == 9 and locked.value.details["wait_seconds"] == 30
    assert access.sign_in("budi", PASSWORD, station="pc-2").username == "budi"  # another PC
    clock.advance(seconds=29)
    with pytest.raises(SignInLocked):
        access.sign_in("budi", PASSWORD, station="pc-1")
    clock.advance(seconds=2)
    _wrong(access, "budi")  # the 6th failure: 60 s
    clock.advance(seconds=59)
    with pytest.raises(SignInLocked):
        access.sign_in("budi", PASSWORD, station="pc-1")
    clock.advance(seconds=2)
    actor = access.sign_in("budi", PASSWORD, station="pc-1", counter=2)
    assert (actor.role, actor.counter, actor.station) == (Role.CLERK, 2, "pc-1")
    for _ in range(4):  # a success cleared the count: four failures lock nothing
        _wrong(access, "budi")
    assert access.sign_in("budi", PASSWORD, station="pc-1").username == "budi"
    actions = [e.action for e in core.audit.entries(viewer=ADMIN, limit=1000)]
    assert actions.count("sign_in_failed") == 10 and actions.count("sign_in") == 3
    assert actions.count("sign_in_locked") == 5  # 2 lockouts begun, 3 tries while locked
    header, *rows = csv_rows(core.audit.entries(viewer=ADMIN, action="sign_in_locked"))
    assert header[:3] == ["id", "at_utc", "user_id"] and len(rows) == 5


@pytest.mark.expect_log(LOCKED)
def test_unknown_names_get_the_same_answer_and_lock_too(core: Core) -> None:
    core.users.add_user(ADMIN, "budi", PASSWORD, "clerk")
    core.users.add_user(ADMIN, "andi", PASSWORD, "clerk")
    core.users.set_active(ADMIN, "andi", False)
    access = core.access
    assert _wrong(access, "budi") == _wrong(access, "nobody.here")
    with pytest.raises(AuthError) as inactive:
        access.sign_in("andi", PASSWORD, station="pc-1")  # right password, account off
    assert inactive.value.message_en == "Wrong username or password."
    for _ in range(4):
        _wrong(access, "nobody.here")
    with pytest.raises(SignInLocked):
        access.sign_in("nobody.here", "x", station="pc-1")


@pytest.mark.expect_log(LOCKED)
def test_one_pc_trying_many_names_is_locked(core: Core) -> None:
    core.users.add_user(ADMIN, "budi", PASSWORD, "clerk")
    for i in range(10):
        _wrong(core.access, f"guess{i}", station="pc-9")
    with pytest.raises(SignInLocked):
        core.access.sign_in("budi", PASSWORD, station="pc-9")
    assert core.access.sign_in("budi", PASSWORD, station="pc-1").username == "budi"


def test_unknown_names_take_as_long_as_real_ones(sqlite_url: str, clock: ManualClock) -> None:
    from tests.conftest import make_core

    core = make_core(sqlite_url, clock)
    try:
        core.users.add_user(ADMIN, "budi", PASSWORD, "clerk")
        real: list[float] = []
        unknown: list[float] = []
        for i in range(7):  # each attempt at its own station: no lockout in the way
            for name, times in (("budi", real), ("tidak.ada", unknown)):
                began = time.perf_counter()
                with pytest.raises(AuthError):
                    core.access.sign_in(name, "salah-sandi", station=f"{name}-{i}")
                times.append(time.perf_counter() - began)
        a, b = statistics.median(real), statistics.median(unknown)
        assert abs(a - b) / max(a, b) < 0.20, (real, unknown)
    finally:
        core.close()


@pytest.mark.expect_log(LOCKED)
def test_the_kiosk_pin_is_set_hashed_and_locks(core: Core, clock: ManualClock) -> None:
    access = core.access
    assert not access.kiosk_pin_set()
    assert access.check_kiosk_pin("1234", station="kiosk-1") is False  # no default PIN
    with pytest.raises(ConfigError):
        access.set_kiosk_pin(ADMIN, "12a4")
    with pytest.raises(ConfigError):
        access.set_kiosk_pin(ADMIN, "123")
    access.set_kiosk_pin(ADMIN, "482916")
    assert access.kiosk_pin_set()
    with core.engine.connect() as conn:
        from sqlalchemy import text

        stored = conn.execute(text("SELECT value FROM settings WHERE key = 'kiosk_pin'")).scalar()
    assert "482916" not in str(stored) and "argon2" in str(stored)
    for _ in range(5):
        assert access.check_kiosk_pin("000000", station="kiosk-1") is False
    with pytest.raises(SignInLocked):
        access.check_kiosk_pin("482916", station="kiosk-1")
    clock.advance(seconds=31)
    assert access.check_kiosk_pin("482916", station="kiosk-1") is True
    actions = [e.action for e in core.audit.entries(viewer=ADMIN)]
    assert (
        actions[0] == "kiosk_pin" and "kiosk_pin_locked" in actions and "kiosk_pin_set" in actions
    )


def test_the_kiosk_menu_may_reprint_and_nothing_else(core: Core) -> None:
    """The kiosk PIN opens a menu whose actor the service hands out: it reprints a ticket,
    and every other use case refuses it (12), so the kiosk window cannot grant more."""
    core.access.set_kiosk_pin(ADMIN, "482916")
    assert core.access.open_kiosk_menu("000000", station="kiosk-1") is None
    menu = core.access.open_kiosk_menu("482916", station="kiosk-1")
    assert menu is not None and menu.role is None
    issued = core.queue.issue_ticket("A")
    assert core.queue.reprint(issued.ticket.display, actor=menu).ticket.display == "A-001"
    with pytest.raises(AccessDenied):
        core.queue.cancel(issued.ticket.display, actor=menu)
    with pytest.raises(AccessDenied):
        core.queue.call_next(1, actor=menu)
    with pytest.raises(AccessDenied):
        core.hall.close_day(actor=menu)
    with pytest.raises(AccessDenied):
        core.access.set_kiosk_pin(menu, "111111")


def test_a_button_box_serves_only_where_the_hall_enabled_it(core: Core) -> None:
    access = core.access
    with pytest.raises(SignInRequired):
        access.button_box_actor(2)
    with pytest.raises(SignInRequired):
        access.set_button_box(NOBODY, 2, True)
    access.set_button_box(ADMIN, 2, True)
    box = access.button_box_actor(2)
    core.queue.issue_ticket("A")
    assert core.queue.call_next(2, actor=box).display == "A-001"
    from app.domain.errors import AccessDenied

    with pytest.raises(AccessDenied):
        core.queue.call_next(3, actor=box)
    with pytest.raises(AccessDenied):
        core.queue.cancel("A-001", actor=box)
    access.set_button_box(ADMIN, 2, False)
    with pytest.raises(SignInRequired):
        access.button_box_actor(2)


def test_a_signed_in_actor_is_the_account(core: Core) -> None:
    admin = core.users.add_user(NOBODY, "kapolsek", PASSWORD, "admin")
    actor = core.access.sign_in("kapolsek", PASSWORD, station="pc-1")
    assert actor == Actor(admin.id, "kapolsek", Role.ADMIN, station="pc-1")
    core.users.set_password(actor, "kapolsek", "baru-123456")
    with pytest.raises(AuthError):
        core.access.sign_in("kapolsek", PASSWORD, station="pc-1")
    assert core.access.sign_in("kapolsek", "baru-123456", station="pc-1").role is Role.ADMIN
