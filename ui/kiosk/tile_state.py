"""What one service tile shows: its names, waiting count, estimate, and whether (and why
not) it is offered now; built from the hall's services and status, in both languages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.hours import availability
from app.domain.model import ServiceStatus, ServiceView
from app.domain.wording import Bilingual
from app.i18n import pick
from app.services.offer import CounterGap

WHY_HOURS = "hours"
WHY_FULL = "full"


@dataclass(frozen=True, slots=True)
class TileState:
    code: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    waiting: int
    estimate_minutes: int | None
    available: bool
    # why it is not offered, in both languages (None: no reason to show)
    why_not: Bilingual | None = None
    full: bool = False
    why: str = ""  # "hours", "full" or an ``app.services.offer.NotOffered`` value
    ahead: int = 0  # tickets called before one issued now (counters share queues)
    colour: str = ""  # the service's "#RRGGBB" for its letter box; "": the kiosk's blue

    def name(self, lang: str) -> str:
        return pick(lang, self.name_id, self.name_en)

    def description(self, lang: str) -> str:
        return pick(lang, self.description_id, self.description_en)

    def reason(self, lang: str) -> str:
        return self.why_not.text(lang) if self.why_not is not None else ""


def build_tiles(
    services: list[ServiceView],
    statuses: list[ServiceStatus],
    local_now: dt.time,
    gaps: dict[str, CounterGap] | None = None,
) -> list[TileState]:
    """Tiles for the active services, in the hall's order, with reasons in both languages.

    ``gaps`` (``app.services.offer.counter_gaps``) greys services no open counter serves.
    """
    by_code = {s.code: s for s in statuses}
    gaps = gaps or {}
    tiles = []
    for view in services:
        status = by_code.get(view.code)
        if not view.active or status is None:
            continue
        avail = availability(
            view.name_id, view.name_en, view.active, view.opens_at, view.closes_at, local_now
        )
        full = avail.open and not status.is_open_now
        gap = gaps.get(view.code) if status.is_open_now else None
        why_not: Bilingual | None = None
        if not status.is_open_now:
            why = WHY_FULL if full else WHY_HOURS
            why_not = status.closed_reason or avail.reason
        elif gap is not None:
            why, why_not = gap.why.value, gap.reason
        else:
            why = ""
        tiles.append(
            TileState(
                code=view.code,
                name_id=view.name_id,
                name_en=view.name_en,
                description_id=view.description_id,
                description_en=view.description_en,
                colour=view.colour,
                waiting=status.waiting,
                estimate_minutes=status.estimate_minutes,
                ahead=status.people_ahead,
                available=status.is_open_now and gap is None,
                why_not=why_not,
                full=full,
                why=why,
            )
        )
    return tiles
