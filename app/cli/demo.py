"""``antrean demo-cli``: a short simulated morning, printed as it goes.

It runs against its own throw-away SQLite file (never the hall's database) with a clock the
simulation moves, so a morning of arrivals and three counters takes a few seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.cli.args import DEMO_DELAY_MAX, INT64_MAX, Types
from app.cli.output import Output, minutes_text
from app.domain.announcement import announcement_text
from app.domain.errors import QueueEmpty
from app.domain.numbering import MAX_NUMBER
from app.domain.roles import STAND_IN_ADMIN
from app.i18n import N_
from app.ports import ManualClock

if TYPE_CHECKING:  # loaded when the demo runs, not when the parser is built
    from app.settings import Settings

TZ = ZoneInfo("Asia/Jakarta")
WEIGHTS = {"A": 40, "B": 30, "C": 5, "D": 10, "E": 15}


def add_demo_cli_parser(sub: Any, common: argparse.ArgumentParser, t: Types) -> None:
    p = sub.add_parser("demo-cli", parents=[common], help="a simulated morning in the terminal")
    tickets = t.whole(1, MAX_NUMBER, N_("Jumlah tiket"))
    p.add_argument("--tickets", type=tickets, default=30)
    p.add_argument("--counters", type=t.counter(), default=3)
    p.add_argument("--seed", type=t.whole(0, INT64_MAX, N_("Benih")), default=7)
    delay = t.seconds(DEMO_DELAY_MAX)
    p.add_argument("--delay", type=delay, default=0.05, help="seconds between printed lines")
    p.set_defaults(handler=None, standalone=True, run=run_demo_cli)


@dataclass
class _Desk:
    number: int
    busy_until: dt.datetime | None = None
    current: str | None = None
    served: list[float] = field(default_factory=list)


def run_demo_cli(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    from app.bootstrap import build_core
    from app.settings import DatabaseSettings, Settings
    from app.storage.engine import sqlite_url

    rng = random.Random(args.seed)
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=TZ).astimezone(dt.UTC)
    clock = ManualClock(start)
    with tempfile.TemporaryDirectory(prefix="antrean-demo-") as tmp:
        db = sqlite_url(Path(tmp) / "demo.db")
        core = build_core(Settings(database=DatabaseSettings(url=db)), clock=clock)
        try:
            core.setup.seed_typical(counters=args.counters)
            _simulate(core, clock, rng, args, out)
        finally:
            core.close()
    return 0


def _simulate(core: Any, clock: ManualClock, rng: random.Random, args: Any, out: Output) -> None:
    arrivals = sorted(
        clock.now() + dt.timedelta(minutes=rng.uniform(0, 75)) for _ in range(args.tickets)
    )
    desks = [_Desk(n) for n in range(1, args.counters + 1)]
    minute = dt.timedelta(minutes=1)
    _line(
        clock,
        "Aula",
        out.say(
            N_("Aula PTSP dibuka, loket 1–{counters} siap"),
            counters=args.counters,
        ),
        args,
        out,
    )
    while arrivals or any(d.current for d in desks) or _waiting(core):
        now = clock.now()
        while arrivals and arrivals[0] <= now:
            arrivals.pop(0)
            _arrive(core, clock, rng, out, args)
        for desk in desks:
            if desk.current and desk.busy_until and desk.busy_until <= now:
                t = core.queue.finish(desk.number, actor=STAND_IN_ADMIN)
                minutes = (t.finished_at - t.called_at).total_seconds() / 60
                desk.served.append(minutes)
                _line(
                    clock,
                    f"Loket {desk.number}",
                    out.say(
                        N_("selesai      {display}  ({minutes:.0f} menit)"),
                        display=t.display,
                        minutes=minutes,
                    ),
                    args,
                    out,
                )
                desk.current = None
            if desk.current is None:
                _call(core, clock, rng, desk, out, args)
        clock.advance(minutes=1)
        if clock.now() - now > minute * 2:
            break
    served = sum(len(d.served) for d in desks)
    _line(
        clock,
        "Aula",
        out.say(N_("Selesai: {served} warga dilayani."), served=served),
        args,
        out,
    )
    for s in core.hall.status():
        if s.issued_today:
            out.result(
                {"service": s.code, "issued": s.issued_today, "served": s.served_today},
                f"      {s.code} {s.name_id:<16} diambil {s.issued_today:>3}  "
                f"dilayani {s.served_today:>3}",
            )


def _arrive(core: Any, clock: ManualClock, rng: random.Random, out: Output, args: Any) -> None:
    code = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    priority = rng.random() < 0.15
    issued = core.queue.issue_ticket(code, priority=priority, printed=False)
    tag = " PRIORITAS" if priority else ""
    _line(
        clock,
        "Kiosk",
        out.say(
            N_(
                "ambil nomor  {display}  {service_name_id:<15}{people_ahead} di depan "
                "· tunggu {minutes_text}{tag}"
            ),
            display=issued.ticket.display,
            service_name_id=issued.service_name_id,
            people_ahead=issued.people_ahead,
            minutes_text=minutes_text(issued.estimate.minutes, "id"),
            tag=tag,
            service_name_en=issued.service_name_en,
            minutes_text2=minutes_text(issued.estimate.minutes, "en"),
        ),
        args,
        out,
    )


def _call(
    core: Any, clock: ManualClock, rng: random.Random, desk: _Desk, out: Output, args: Any
) -> None:
    try:
        t = core.queue.call_next(desk.number, actor=STAND_IN_ADMIN)
    except QueueEmpty:
        return
    desk.current = t.display
    mean = {"A": 9, "B": 7, "C": 12, "D": 15, "E": 4}[t.current_service_code]
    desk.busy_until = clock.now() + dt.timedelta(minutes=max(1.0, rng.expovariate(1 / mean)))
    text = announcement_text(t.display, desk.number, lang=out.lang).sentence
    _line(
        clock,
        f"Loket {desk.number}",
        f"{out.say(N_('memanggil')):<12} {t.display}  “{text}”",
        args,
        out,
    )
    if rng.random() < 0.3:
        core.queue.start(desk.number, actor=STAND_IN_ADMIN)


def _waiting(core: Any) -> bool:
    return any(s.waiting for s in core.hall.status())


def _line(clock: ManualClock, who: str, text: str, args: Any, out: Output) -> None:
    """One line of the morning (with ``--json``, one JSON object per line)."""
    at = f"{clock.now().astimezone(TZ):%H:%M}"
    out.result({"at": at, "who": who, "text": text}, f"{at}  {who:<8} {text}")
    sys.stdout.flush()
    if args.delay:
        time.sleep(args.delay)
