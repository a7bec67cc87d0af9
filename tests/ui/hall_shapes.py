"""Halls of every shape the screens must fit: 1–26 services, 1–30 counters, short or
40-character names (Indonesian and English), hall names up to 60 characters, with a morning's
activity so the waiting counts, estimates and recent calls are filled in."""

from __future__ import annotations

import string
from dataclasses import dataclass

from app.bootstrap import Core
from tests.support.actors import ADMIN

LONG_ID = "Surat Keterangan Catatan Kepolisian Baru"  # 40 characters
LONG_EN = "Police Clearance Certificate, New Issuer"  # 40 characters
LONG_HALL = "PTSP Kepolisian Resor Kota Besar Yogyakarta dan Sekitarnya!"[:60]
SHORT = {"id": "SIM", "en": "Licence"}
assert len(LONG_ID) == 40 and len(LONG_EN) == 40


@dataclass(frozen=True)
class Shape:
    services: int  # 1..26, codes A.. in order
    counters: int  # 1..30
    long_names: bool

    def __str__(self) -> str:
        names = "long" if self.long_names else "short"
        return f"{self.services}svc-{self.counters}ctr-{names}"


def _name(code: str, lang: str, long_names: bool) -> str:
    if long_names:
        base = LONG_ID if lang == "id" else LONG_EN
        return base[:-2] + f" {code}"  # still 40 characters, each one different
    return f"{SHORT[lang]} {code}"


def shape_hall(core: Core, shape: Shape, *, busy: bool = True) -> None:
    """Turn a freshly seeded core (services A–E, counters 1–5) into ``shape``."""
    codes = list(string.ascii_uppercase[: shape.services])
    for code in string.ascii_uppercase[:26]:
        wanted = code in codes
        if wanted:
            core.setup.configure_service(
                code,
                name_id=_name(code, "id", shape.long_names),
                name_en=_name(code, "en", shape.long_names),
                active=True,
                actor=ADMIN,
            )
        elif code in "ABCDE":
            core.setup.configure_service(code, active=False, actor=ADMIN)
    for number in range(1, max(shape.counters, 5) + 1):
        if number <= shape.counters:
            # each counter serves two or three services, as real halls assign them
            served = [codes[(number - 1 + k) % len(codes)] for k in range(min(3, len(codes)))]
            core.setup.assign_services(number, list(dict.fromkeys(served)), actor=ADMIN)
        else:
            core.hall.close_counter(number, actor=ADMIN)
    if shape.long_names:
        core.hall.update_hall_config(name=LONG_HALL, marquee=LONG_ID + " · " + LONG_EN, actor=ADMIN)
    if busy:
        _morning(core, codes, shape.counters)


def _morning(core: Core, codes: list[str], counters: int) -> None:
    """Tickets in every service (a few priority), some called, one recalled, one paused."""
    for round_ in range(3):
        for code in codes:
            core.queue.issue_ticket(code, priority=(round_ == 1 and code == codes[0]))
    for number in range(1, min(counters, 6, len(codes) * 3 - 1) + 1):
        core.queue.call_next(number, actor=ADMIN)  # leaves at least one ticket waiting
    if counters >= 2:
        core.queue.start(1, actor=ADMIN)
        core.hall.pause_counter(2, actor=ADMIN)
