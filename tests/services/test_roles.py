"""The role matrix through the service layer: nobody, a button box, a clerk (at counter 1 and
at another), a supervisor and an admin × every guarded use case, on SQLite and PostgreSQL.

Who may is stated here as a table (not computed from ``app.domain.roles``). A refused call
raises ``SignInRequired`` (nobody) or ``AccessDenied`` and changes nothing at all; an allowed
one is never refused for who is asking (it may still be refused for the state of the queue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, func, select

from app.bootstrap import Core
from app.domain.errors import AccessDenied, ConfigError, KnownError, SignInRequired
from app.domain.roles import NOBODY, Actor, Role, button_box
from app.services.admin_settings import PcSettingsFile
from app.services.supervision import SupervisionService
from app.storage.models import AuditRow, QueueEventRow
from app.storage.uow import UnitOfWorkFactory
from tests.services.test_logo import picture

PASSWORD = "rahasia123"
EVERYONE = ("nobody", "box1", "clerk1", "clerk2", "supervisor", "admin")
SERVE_1 = frozenset({"box1", "clerk1", "supervisor", "admin"})  # at counter 1
SUPERVISORS = frozenset({"supervisor", "admin"})
ADMINS = frozenset({"admin"})

UseCase = Callable[[Core, Actor], Any]


@dataclass(frozen=True)
class Case:
    name: str
    run: UseCase
    allowed: frozenset[str]


CASES = [
    # QueueService
    Case("call_next", lambda c, a: c.queue.call_next(1, actor=a), SERVE_1),
    Case("call_ticket", lambda c, a: c.queue.call_ticket(1, "A-003", actor=a), SERVE_1),
    Case("recall", lambda c, a: c.queue.recall(1, actor=a), SERVE_1),
    Case("start", lambda c, a: c.queue.start(1, actor=a), SERVE_1),
    Case("finish", lambda c, a: c.queue.finish(1, actor=a), SERVE_1),
    Case("no_show", lambda c, a: c.queue.no_show(1, requeue_after=1, actor=a), SERVE_1),
    Case("transfer", lambda c, a: c.queue.transfer(1, to_service="B", actor=a), SERVE_1),
    Case("hold", lambda c, a: c.queue.hold(1, actor=a), SERVE_1),
    Case("return_held", lambda c, a: c.queue.return_held(1, "A-001", actor=a), SERVE_1),
    Case("cancel", lambda c, a: c.queue.cancel("A-004", actor=a), SUPERVISORS),
    Case("reprint", lambda c, a: c.queue.reprint("A-004", actor=a), SUPERVISORS),
    # HallService
    Case("pause_counter", lambda c, a: c.hall.pause_counter(1, actor=a), SERVE_1),
    Case("resume_counter", lambda c, a: c.hall.resume_counter(1, actor=a), SERVE_1),
    Case("open_counter", lambda c, a: c.hall.open_counter(1, actor=a), SERVE_1),
    Case("close_counter", lambda c, a: c.hall.close_counter(1, actor=a), SERVE_1),
    Case("close_day", lambda c, a: c.hall.close_day(actor=a), SUPERVISORS),
    Case("confirm_clock", lambda c, a: c.hall.confirm_clock(actor=a), SUPERVISORS),
    Case(
        "running_text",
        lambda c, a: c.hall.update_hall_config(actor=a, marquee="Libur nasional"),
        SUPERVISORS,
    ),
    Case(
        "hall_config",
        lambda c, a: c.hall.update_hall_config(actor=a, name="PTSP Polsek Baru"),
        ADMINS,
    ),
    Case(
        "running_text_and_name",
        lambda c, a: c.hall.update_hall_config(actor=a, marquee="x", name="y"),
        ADMINS,
    ),
    Case(
        "set_logo", lambda c, a: c.hall.set_logo(picture("PNG"), name="logo.png", actor=a), ADMINS
    ),
    Case("clear_logo", lambda c, a: c.hall.clear_logo(actor=a), ADMINS),
    # SetupService
    Case(
        "configure_service",
        lambda c, a: c.setup.configure_service("A", target_minutes=25, actor=a),
        ADMINS,
    ),
    Case("assign_services", lambda c, a: c.setup.assign_services(1, ["A"], actor=a), ADMINS),
    Case(
        "configure_counter",
        lambda c, a: c.setup.configure_counter(1, name="Loket SIM", priority_ratio="2:1", actor=a),
        ADMINS,
    ),
    # UserService
    Case("add_user", lambda c, a: c.users.add_user(a, "baru", PASSWORD, "clerk"), ADMINS),
    Case("set_role", lambda c, a: c.users.set_role(a, "budi", "supervisor"), ADMINS),
    Case("set_active", lambda c, a: c.users.set_active(a, "budi", False), ADMINS),
    Case("set_password", lambda c, a: c.users.set_password(a, "budi", "lain12345"), ADMINS),
    # AccessService, AuditService
    Case("set_kiosk_pin", lambda c, a: c.access.set_kiosk_pin(a, "2468"), ADMINS),
    Case("set_button_box", lambda c, a: c.access.set_button_box(a, 3, True), ADMINS),
    Case("audit_entries", lambda c, a: c.audit.entries(viewer=a), SUPERVISORS),
    # SupervisionService (the admin window's live supervision)
    Case("supervise", lambda c, a: _supervision(c).snapshot(actor=a), SUPERVISORS),
    Case(
        "move_ticket",
        lambda c, a: _supervision(c).move_ticket("A-004", actor=a, to_counter=2),
        SUPERVISORS,
    ),
    Case("force_close", lambda c, a: _supervision(c).force_close(2, actor=a), SUPERVISORS),
    # ReportService
    Case(
        "report",
        lambda c, a: c.reports.report(actor=a, date_from=_today(c), date_to=_today(c)),
        SUPERVISORS,
    ),
    Case(
        "ikm_report",
        lambda c, a: c.reports.ikm(actor=a, date_from=_today(c), date_to=_today(c)),
        SUPERVISORS,
    ),
]


def _supervision(core: Core) -> SupervisionService:
    return SupervisionService(UnitOfWorkFactory(core.engine), core.clock)


def _today(core: Core) -> dt.date:
    return core.clock.now().date()


def _actors(core: Core) -> dict[str, Actor]:
    admin = core.users.add_user(NOBODY, "kapolsek", PASSWORD, "admin")  # the bootstrap
    boss = Actor(admin.id, admin.username, Role.ADMIN, station="pc")
    sup = core.users.add_user(boss, "iptu.rina", PASSWORD, "supervisor")
    clerk = core.users.add_user(boss, "budi", PASSWORD, "clerk")
    return {
        "nobody": NOBODY,
        "box1": button_box(1),
        "clerk1": Actor(clerk.id, clerk.username, Role.CLERK, counter=1),
        "clerk2": Actor(clerk.id, clerk.username, Role.CLERK, counter=2),
        "supervisor": Actor(sup.id, sup.username, Role.SUPERVISOR),
        "admin": boss,
    }


_TABLES: dict[str, MetaData] = {}


def _fingerprint(core: Core) -> dict[str, Any]:
    """Every row of every table (the audit trail and the event log included)."""
    key = str(core.engine.url)
    if key not in _TABLES:
        _TABLES[key] = MetaData()
        with core.engine.connect() as conn:
            _TABLES[key].reflect(conn)
    meta = _TABLES[key]
    with core.engine.connect() as conn:
        dump: dict[str, Any] = {
            name: sorted(repr(tuple(r)) for r in conn.execute(select(table)))
            for name, table in meta.tables.items()
        }
        dump["seq"] = conn.execute(select(func.max(QueueEventRow.seq))).scalar()
        dump["audit"] = conn.execute(select(func.count(AuditRow.id))).scalar()
    return dump


def _morning(core: Core, actors: dict[str, Actor]) -> None:
    """A–001 held at counter 1, A-002 called there, A-003 and A-004 waiting."""
    admin = actors["admin"]
    for _ in range(4):
        core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=admin)
    core.queue.hold(1, actor=admin)
    core.queue.call_next(1, actor=admin)


def test_the_role_matrix_of_every_guarded_use_case(core: Core) -> None:
    actors = _actors(core)
    _morning(core, actors)
    refused: list[str] = []
    for case in CASES:
        for who in EVERYONE:
            before = _fingerprint(core) if who not in case.allowed else None
            try:
                case.run(core, actors[who])
            except (AccessDenied, SignInRequired) as exc:
                if who in case.allowed:
                    pytest.fail(f"{who} was refused {case.name}: {exc.message_en}")
                expected = SignInRequired if who == "nobody" else AccessDenied
                assert type(exc) is expected, (case.name, who, exc)
                assert _fingerprint(core) == before, f"refused {case.name} by {who} changed data"
                refused.append(f"{case.name}:{who}")
                continue
            except KnownError:
                pass  # allowed, refused by the state of the queue or hall (not by role)
            if who not in case.allowed:
                pytest.fail(f"{who} was allowed {case.name}")
            if case.name in ("set_active", "set_role"):  # keep budi a clerk for the next
                core.users.set_active(actors["admin"], "budi", True)
                core.users.set_role(actors["admin"], "budi", "clerk")
            if case.name == "close_day":
                for n in (1, 2):
                    core.hall.open_counter(n, actor=actors["admin"])
                _morning(core, actors)
    assert len(refused) == sum(len(EVERYONE) - len(c.allowed) for c in CASES)


def test_events_record_the_actor_and_overrides_are_audited(core: Core) -> None:
    actors = _actors(core)
    clerk, sup = actors["clerk1"], actors["supervisor"]
    for _ in range(3):
        core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=clerk)
    core.queue.recall(1, actor=clerk)
    core.queue.call_ticket(1, "A-003", actor=clerk)  # out of order
    core.queue.cancel("A-002", actor=sup)
    core.queue.finish(1, actor=clerk)
    core.hall.close_counter(1, actor=sup)  # clerk1's counter, by the supervisor: forced
    core.hall.pause_counter(2, actor=actors["clerk2"])
    core.hall.close_counter(2, actor=actors["clerk2"])  # their own: not forced
    with core.engine.connect() as conn:
        users = {
            kind: uid
            for kind, uid in conn.execute(
                select(QueueEventRow.kind, QueueEventRow.user_id).where(
                    QueueEventRow.user_id.is_not(None)
                )
            )
        }
    assert users["called"] == clerk.user_id and users["cancelled"] == sup.user_id
    entries = core.audit.entries(viewer=sup)
    got = [(e.action, e.username, e.target) for e in reversed(entries)]
    assert [g for g in got if g[0] not in ("user_added",)] == [
        ("recall", "budi", "A-001"),
        ("call_out_of_order", "budi", "A-003"),
        ("cancel", "iptu.rina", "A-002"),
        ("force_close", "iptu.rina", "counter 1"),
    ]
    assert entries[0].role == "supervisor"
    assert [e.action for e in core.audit.entries(viewer=sup, action="cancel")] == ["cancel"]
    assert len(core.audit.entries(viewer=sup, limit=2)) == 2


def test_only_the_first_admin_is_added_without_signing_in(core: Core) -> None:
    with pytest.raises(SignInRequired):
        core.users.add_user(NOBODY, "budi", PASSWORD, "clerk")  # not an admin
    admin = core.users.add_user(NOBODY, "kapolsek", PASSWORD, "admin")
    with pytest.raises(SignInRequired):
        core.users.add_user(NOBODY, "kapolsek2", PASSWORD, "admin")  # one exists now
    boss = Actor(admin.id, admin.username, Role.ADMIN)
    with pytest.raises(ConfigError):  # the hall never loses its last active admin
        core.users.set_role(boss, "kapolsek", "clerk")
    with pytest.raises(ConfigError):
        core.users.set_active(boss, "kapolsek", False)
    first = core.audit.entries(viewer=boss)[0]
    assert (first.action, first.target, first.details) == (
        "user_added",
        "kapolsek",
        {"role": "admin", "first_admin": True},
    )


@pytest.mark.parametrize(
    ("section", "values", "allowed"),
    [
        ("printer", {"uri": "tcp://192.168.1.50:9100"}, ADMINS),
        ("speech", {"volume": 50}, ADMINS),
        ("hq", {"url": "https://statistik.polda.example"}, ADMINS),
    ],
    ids=["printer", "speech", "hq"],
)
def test_this_pc_settings_are_an_admins(
    core: Core, tmp_path: Path, section: str, values: dict[str, Any], allowed: frozenset[str]
) -> None:
    """The settings file of this PC (printer, speech, HQ) through the admin window's service:
    a refusal leaves the file byte for byte as it was and writes no audit row."""
    actors = _actors(core)
    path = tmp_path / "antrean.toml"
    path.write_text("# this PC\n[kiosk]\nidle_seconds = 20\n", encoding="utf-8")
    settings = PcSettingsFile(path, core.audit)
    for who in EVERYONE:
        before, audited = path.read_bytes(), _fingerprint(core)["audit"]
        try:
            settings.save(section, values, actor=actors[who])
        except (AccessDenied, SignInRequired) as exc:
            assert who not in allowed, f"{who} was refused {section}: {exc.message_en}"
            assert type(exc) is (SignInRequired if who == "nobody" else AccessDenied)
            assert path.read_bytes() == before and _fingerprint(core)["audit"] == audited
            continue
        assert who in allowed, f"{who} was allowed to change [{section}]"
        assert path.read_bytes() != before and _fingerprint(core)["audit"] == audited + 1
