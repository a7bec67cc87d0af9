"""Pure rules: numbering, business day, priority ratio, wait estimate, opening hours."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.domain.errors import ConfigError
from app.domain.hall import HallConfig
from app.domain.hours import availability
from app.domain.numbering import business_date, format_number, parse_display
from app.domain.priority import PriorityRatio, Streak, choose_priority

WIB = ZoneInfo("Asia/Jakarta")


def test_number_format_and_parse() -> None:
    assert format_number("A", 5) == "A-005"
    assert format_number("K", 999) == "K-999"
    assert parse_display("a5") == ("A", 5)
    assert parse_display(" B-012 ") == ("B", 12)
    for bad in ("A-000", "AA-1", "5", "A-1000", ""):
        with pytest.raises(ValueError):
            parse_display(bad)
    with pytest.raises(ValueError):
        format_number("A", 1000)


def test_business_day_follows_local_time_and_day_start() -> None:
    # 23:30 UTC on the 22nd is 06:30 WIB on the 23rd.
    late = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)
    assert business_date(late, WIB, dt.time(0, 0)) == dt.date(2026, 11, 23)
    # A hall whose day starts at 07:00 still counts 06:30 as the previous day.
    assert business_date(late, WIB, dt.time(7, 0)) == dt.date(2026, 11, 22)
    papua = ZoneInfo("Asia/Jayapura")
    assert business_date(dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC), papua, dt.time()) == (
        dt.date(2026, 11, 23)
    )


def _sequence(ratio: PriorityRatio, priority_waiting: int, regular_waiting: int) -> str:
    streak, out = Streak(), []
    p, r = priority_waiting, regular_waiting
    while p or r:
        kind = choose_priority(ratio, streak, p > 0, r > 0)
        assert kind is not None
        out.append("P" if kind else "R")
        if kind:
            p -= 1
        else:
            r -= 1
        streak = streak.after(kind)
    return "".join(out)


def test_priority_ratio_alternates_without_starving() -> None:
    assert _sequence(PriorityRatio(1, 2), 3, 6) == "PRRPRRPRR"
    assert _sequence(PriorityRatio(2, 1), 4, 2) == "PPRPPR"
    # When one kind runs out the other is taken; never stalls.
    assert _sequence(PriorityRatio(1, 2), 0, 3) == "RRR"
    assert _sequence(PriorityRatio(1, 2), 3, 1) == "PRPP"
    assert choose_priority(PriorityRatio(), Streak(), False, False) is None


def test_priority_ratio_parse() -> None:
    assert PriorityRatio.parse("1:3") == PriorityRatio(1, 3)
    assert str(PriorityRatio.parse(" 2 : 5 ")) == "2:5"
    for bad in ("0:1", "1:0", "abc", "1-2"):
        with pytest.raises(ValueError):
            PriorityRatio.parse(bad)


def test_opening_hours_give_reasons() -> None:
    opens, closes = dt.time(8, 0), dt.time(14, 0)
    early = availability("SIM", "Driving licence", True, opens, closes, dt.time(7, 30))
    assert not early.open and "dibuka pukul 08.00" in early.reason_id
    late = availability("SIM", "Driving licence", True, opens, closes, dt.time(14, 0))
    assert not late.open and "ditutup pukul 14.00" in late.reason_id
    assert "besok pukul 08.00" in late.reason_id
    assert availability("SIM", "x", True, opens, closes, dt.time(9, 0)).open
    off = availability("SIM", "Driving licence", False, None, None, dt.time(9, 0))
    assert not off.open and "tidak tersedia" in off.reason_id


def test_hall_config_validates() -> None:
    cfg = HallConfig()
    assert cfg.with_changes(priority_ratio="1:3").ratio() == PriorityRatio(1, 3)
    with pytest.raises(ConfigError):
        cfg.with_changes(timezone="Mars/Base")
    with pytest.raises(ConfigError):
        cfg.with_changes(day_start="25:99")
    with pytest.raises(ConfigError):
        cfg.with_changes(colour="red")
    assert HallConfig.from_json(cfg.to_json()) == cfg
