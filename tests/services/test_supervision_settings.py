"""The hall settings the admin window edits beside supervision, on real SQLite and PostgreSQL:
a counter's own priority ratio (its calls and the wait estimate), its name, a service's
colour and description, the hall's address and queue-alert threshold; each validated by the
same model as the CLI, refused without change, and audited."""

from __future__ import annotations

import pytest

from app.bootstrap import Core
from app.domain.errors import AccessDenied, InvalidSetting, NotFound, SignInRequired
from app.domain.hall import QUEUE_ALERT_THRESHOLD
from app.domain.roles import NOBODY, Actor
from app.services.supervision import SupervisionService
from app.storage.uow import UnitOfWorkFactory
from tests.support.actors import SUPERVISOR, clerk


def _admin(core: Core) -> Actor:
    core.users.add_user(NOBODY, "admin", "rahasia123", "admin")
    return core.access.sign_in("admin", "rahasia123", station="test")


def _only_counter_one(core: Core, admin: Actor) -> None:
    for n in range(2, 6):
        core.hall.close_counter(n, actor=admin)


def _calls(core: Core, admin: Actor, n: int) -> list[bool]:
    return [core.queue.call_next(1, actor=admin).priority for _ in range(n)]


def test_a_counters_own_ratio_decides_its_calls_and_the_estimate(core: Core) -> None:
    admin = _admin(core)
    _only_counter_one(core, admin)
    for priority in (True, True, False, False, True):
        core.queue.issue_ticket("A", priority=priority)
    # the hall's 1:2: P, R, R, P, P — a new priority ticket has all five ahead
    assert core.queue.issue_ticket("A", priority=True).people_ahead == 5
    assert _calls(core, admin, 3) == [True, False, False]
    core.hall.close_day(actor=admin)  # every ticket ends, every counter closes
    core.hall.open_counter(1, actor=admin)

    core.setup.configure_counter(1, actor=admin, priority_ratio="3:1")
    assert [c.priority_ratio for c in core.hall.counters()] == ["3:1", None, None, None, None]
    for priority in (True, True, False, False):
        core.queue.issue_ticket("B", priority=priority)
    # its own 3:1: both priority tickets first, so a third one has only those two ahead
    assert core.queue.issue_ticket("B", priority=True).people_ahead == 2
    assert _calls(core, admin, 4) == [True, True, True, False]

    core.setup.configure_counter(1, actor=admin, priority_ratio="none")  # the hall's again
    assert core.hall.counters()[0].priority_ratio is None
    entries = [e for e in core.audit.entries(viewer=admin) if e.action == "counter"]
    assert [e.details["changes"] for e in entries] == [
        {"priority_ratio": "none"},
        {"priority_ratio": "3:1"},
    ]


def test_counter_name_and_refusals_change_nothing(core: Core) -> None:
    admin = _admin(core)
    core.setup.configure_counter(2, actor=admin, name="Loket SIM Baru")
    assert core.hall.counters()[1].name == "Loket SIM Baru"
    for kwargs in ({"priority_ratio": "0:2"}, {"priority_ratio": "11:1"}, {"name": " "}):
        with pytest.raises(InvalidSetting):
            core.setup.configure_counter(2, actor=admin, **kwargs)
    with pytest.raises(NotFound):
        core.setup.configure_counter(42, actor=admin, name="x")
    for actor in (NOBODY, clerk(2), SUPERVISOR):
        with pytest.raises((SignInRequired, AccessDenied)):
            core.setup.configure_counter(2, actor=actor, name="Diambil alih")
    two = core.hall.counters()[1]
    assert (two.name, two.priority_ratio) == ("Loket SIM Baru", None)


def test_service_colour_and_description(core: Core) -> None:
    admin = _admin(core)
    core.setup.configure_service(
        "A", actor=admin, colour="#1565c0", description_id="Baru dan perpanjangan"
    )
    a = core.hall.services()[0]
    assert (a.colour, a.description_id) == ("#1565C0", "Baru dan perpanjangan")
    assert a.description_en == "New, renewal, upgrade"  # untouched
    for bad in ("blue", "#12345", "#GGGGGG"):
        with pytest.raises(InvalidSetting) as refused:
            core.setup.configure_service("A", actor=admin, colour=bad)
        assert "#RRGGBB" in str(refused.value)
    with pytest.raises(InvalidSetting):
        core.setup.configure_service("A", actor=admin, description_en="x" * 201)
    core.setup.configure_service("A", actor=admin, colour="none", description_id="")
    a = core.hall.services()[0]
    assert (a.colour, a.description_id) == ("", "")
    last = next(e for e in core.audit.entries(viewer=admin) if e.action == "service")
    assert last.details["changes"] == {"colour": "none", "description_id": ""}


def test_address_and_the_queue_alert_threshold(core: Core) -> None:
    admin = _admin(core)
    supervision = SupervisionService(UnitOfWorkFactory(core.engine), core.clock)
    assert core.hall.hall_config().queue_alert_threshold == QUEUE_ALERT_THRESHOLD == 15
    for _ in range(4):
        core.queue.issue_ticket("C")
    assert supervision.snapshot(actor=admin).queue_threshold == 15
    assert not [a for a in supervision.snapshot(actor=admin).alerts if a.kind == "queue"]
    core.hall.update_hall_config(
        actor=admin, queue_alert_threshold="3", address="Jl. Bhayangkara No. 1, Pati"
    )
    snap = supervision.snapshot(actor=admin)
    assert snap.queue_threshold == 3
    assert [(a.kind, a.service_code) for a in snap.alerts if a.kind == "queue"] == [("queue", "C")]
    assert core.hall.hall_config().address == "Jl. Bhayangkara No. 1, Pati"
    for bad in ({"queue_alert_threshold": "0"}, {"address": "x" * 201}):
        with pytest.raises(InvalidSetting):
            core.hall.update_hall_config(actor=admin, **bad)
    assert core.hall.hall_config().queue_alert_threshold == 3


def test_the_address_is_printed_under_the_ticket_header(core: Core) -> None:
    from escpos.printer import Dummy

    from app.services.tickets import printable_ticket
    from hardware.printer.decode import decode_escpos
    from hardware.printer.layout import render_ticket
    from hardware.printer.preview import preview_lines

    admin = _admin(core)
    issued = core.queue.issue_ticket("A")
    plain = printable_ticket(issued, core.hall.hall_config())
    assert plain.hall_address == ""
    assert not any("Bhayangkara" in line for line in preview_lines(plain))
    core.hall.update_hall_config(actor=admin, address="Jl. Bhayangkara No. 1, Pati")
    ticket = printable_ticket(issued, core.hall.hall_config())
    lines = preview_lines(ticket)
    assert lines.index("Jl. Bhayangkara No. 1, Pati") < lines.index("A-001")
    dummy = Dummy(profile="TM-T88V")
    render_ticket(dummy, ticket, 80)
    assert decode_escpos(dummy.output).find("Jl. Bhayangkara No. 1, Pati")
