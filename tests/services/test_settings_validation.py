"""Settings that cannot break the queue: every refused value is a plain InvalidSetting
(exit 2) and changes nothing; every accepted value works later (issue, status, announce)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from app.bootstrap import Core
from app.domain.announcement import announcement_text
from app.domain.errors import InvalidSetting, NotFound
from app.domain.numbering import MAX_NUMBER
from app.ports import ManualClock
from tests.support.actors import ADMIN

BAD_SERVICE_VALUES: list[dict[str, Any]] = [
    {"default_service_minutes": float("inf")},
    {"default_service_minutes": 1e308},
    {"default_service_minutes": float("nan")},
    {"default_service_minutes": 0},
    {"default_service_minutes": -3},
    {"target_minutes": -1},
    {"target_minutes": 0},
    {"target_minutes": 10**9},
    {"daily_quota": 1500},
    {"daily_quota": 0},
    {"daily_quota": -5},
    {"opens_at": dt.time(8, 0), "closes_at": dt.time(8, 0)},
    {"opens_at": "25:00"},
    {"name_id": ""},
    {"name_id": "x" * 81},
    {"name_en": "tab\tin\x07name"},
]


def snapshot(core: Core) -> tuple[object, ...]:
    return (tuple(core.hall.services()), tuple(core.hall.counters()), core.hall.hall_config())


@pytest.mark.parametrize("change", BAD_SERVICE_VALUES, ids=repr)
def test_bad_service_values_are_refused_and_change_nothing(
    core: Core, change: dict[str, Any]
) -> None:
    before = snapshot(core)
    with pytest.raises(InvalidSetting) as caught:
        core.setup.configure_service("A", **change, actor=ADMIN)
    assert caught.value.exit_code == 2
    assert caught.value.message_id.endswith(".") and "\n" not in caught.value.message_id
    assert snapshot(core) == before
    core.queue.issue_ticket("A")  # the queue still works
    assert [s.code for s in core.hall.status()] == ["A", "B", "C", "D", "E"]


@pytest.mark.parametrize("code", ["AB", "7", "", "-", "Ä", "a1"])
def test_service_codes_are_one_letter(core: Core, code: str) -> None:
    before = snapshot(core)
    with pytest.raises(InvalidSetting):
        core.setup.configure_service(code, name_id="Baru", name_en="New", actor=ADMIN)
    assert snapshot(core) == before


def test_a_new_service_in_lower_case_is_announced_and_shown(core: Core) -> None:
    core.setup.configure_service("f", name_id="Samsat", name_en="Vehicle tax", actor=ADMIN)
    issued = core.queue.issue_ticket("F")
    assert issued.ticket.display == "F-001"
    assert core.hall.ticket("F-001").display == "F-001"
    assert announcement_text("F-001", 3).sentence.startswith("Nomor antrean F nol nol satu")


def test_an_unknown_code_without_a_name_is_not_found(core: Core) -> None:
    with pytest.raises(NotFound):
        core.setup.configure_service("Q", target_minutes=10, actor=ADMIN)


def test_the_largest_quota_is_the_largest_number(core: Core) -> None:
    core.setup.configure_service("A", daily_quota=MAX_NUMBER, actor=ADMIN)
    assert core.hall.services()[0].daily_quota == MAX_NUMBER


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.setup.assign_services(100, ["A"], actor=ADMIN),
        lambda c: c.setup.assign_services(0, ["A"], actor=ADMIN),
        lambda c: c.setup.assign_services(1, [], actor=ADMIN),
        lambda c: c.setup.assign_services(1, ["A", "A"], actor=ADMIN),
        lambda c: c.setup.assign_services(1, ["AB"], actor=ADMIN),
        lambda c: c.setup.seed_typical(10**40),
        lambda c: c.setup.seed_typical(0),
        lambda c: c.users.add_user(ADMIN, "", "rahasia1"),
        lambda c: c.users.add_user(ADMIN, "   ", "rahasia1"),
        lambda c: c.users.add_user(ADMIN, "x" * 200, "rahasia1"),
        lambda c: c.users.add_user(ADMIN, "budi santoso", "rahasia1"),
        lambda c: c.hall.update_hall_config(timezone="Mars/Base", actor=ADMIN),
        lambda c: c.hall.update_hall_config(day_start="25:99", actor=ADMIN),
        lambda c: c.hall.update_hall_config(day_start="18:00", actor=ADMIN),
        lambda c: c.hall.update_hall_config(priority_ratio="0:1", actor=ADMIN),
        lambda c: c.hall.update_hall_config(priority_ratio="1:99", actor=ADMIN),
        lambda c: c.hall.update_hall_config(name="", actor=ADMIN),
        lambda c: c.hall.update_hall_config(marquee="x" * 1000, actor=ADMIN),
        lambda c: c.hall.update_hall_config(footer_lines=("a",) * 9, actor=ADMIN),
        lambda c: c.hall.update_hall_config(colour="red", actor=ADMIN),
    ],
)
def test_bad_counter_user_and_hall_values_are_refused(
    core: Core, call: Callable[[Core], object]
) -> None:
    before = snapshot(core)
    users = core.users.users()
    with pytest.raises(InvalidSetting):
        call(core)
    assert snapshot(core) == before
    assert core.users.users() == users


@pytest.mark.parametrize(
    ("alias", "zone"),
    [("WIB", "Asia/Jakarta"), ("wita", "Asia/Makassar"), ("WIT", "Asia/Jayapura")],
)
def test_indonesian_zone_names_are_accepted(core: Core, alias: str, zone: str) -> None:
    assert core.hall.update_hall_config(timezone=alias, actor=ADMIN).timezone == zone


def test_unknown_zone_names_the_accepted_ones(core: Core) -> None:
    with pytest.raises(InvalidSetting) as caught:
        core.hall.update_hall_config(timezone="WITT", actor=ADMIN)
    assert "WIB, WITA, WIT" in caught.value.message_id


def test_a_night_desk_across_midnight_opens(core: Core, clock: ManualClock) -> None:
    core.setup.configure_service("D", opens_at="20:00", closes_at="02:00", actor=ADMIN)
    base = clock.now()  # 08:00 WIB
    expected = {19: False, 20: True, 23: True, 25: True, 26: False, 27: False}
    seen = {}
    for hour in expected:
        clock.set(base + dt.timedelta(hours=hour - 8))
        seen[hour] = {s.code: s.is_open_now for s in core.hall.status()}["D"]
    assert seen == expected
    clock.set(base + dt.timedelta(hours=25 - 8))  # 01:00 the next morning
    assert core.queue.issue_ticket("D").ticket.display.startswith("D-")
