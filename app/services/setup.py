"""First-run seeding and the hall's service/counter configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text

from app.domain.errors import ConfigError, NotFound
from app.domain.model import EventKind
from app.ports import Clock
from app.services.context import HALL_KEY, Context, UowFactory
from app.storage.models import Counter, CounterService, Service, Setting


@dataclass(frozen=True, slots=True)
class ServiceSeed:
    code: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    target_minutes: int
    default_service_minutes: float


# The five typical services of a police PTSP (DOMAIN.md); each hall edits its own.
TYPICAL_SERVICES = (
    ServiceSeed(
        "A",
        "SIM",
        "Driving licence (SIM)",
        "Baru, perpanjangan, peningkatan golongan",
        "New, renewal, upgrade",
        30,
        12,
    ),
    ServiceSeed(
        "B",
        "SKCK",
        "Police clearance (SKCK)",
        "Surat Keterangan Catatan Kepolisian",
        "Certificate of police record",
        20,
        10,
    ),
    ServiceSeed(
        "C",
        "Izin Keramaian",
        "Event permits",
        "Izin keramaian dan STTP kegiatan",
        "Crowd and event permits (STTP)",
        30,
        15,
    ),
    ServiceSeed(
        "D",
        "SPKT",
        "Police reports (SPKT)",
        "Laporan polisi, kehilangan, pengaduan",
        "Crime, loss and complaint reports",
        30,
        20,
    ),
    ServiceSeed(
        "E",
        "Informasi",
        "Information",
        "Informasi dan layanan lainnya",
        "Information and other services",
        15,
        5,
    ),
)
DEFAULT_COUNTERS = 5


class SetupService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def is_empty(self) -> bool:
        with self._uow(readonly=True) as uow:
            return not uow.session.scalar(select(func.count(Service.id)))

    def seed_typical(self, counters: int = DEFAULT_COUNTERS) -> bool:
        """Seed services A–E and counters 1..N serving all of them, on an empty database."""
        with self._uow() as uow:
            if uow.is_postgres:  # two PCs running `init` at once: one seeds, one sees it
                uow.session.execute(text("SELECT pg_advisory_xact_lock(74150003)"))
            if uow.session.scalar(select(func.count(Service.id))):
                return False
            services = []
            for position, seed in enumerate(TYPICAL_SERVICES):
                service = Service(
                    code=seed.code,
                    name_id=seed.name_id,
                    name_en=seed.name_en,
                    description_id=seed.description_id,
                    description_en=seed.description_en,
                    active=True,
                    target_minutes=seed.target_minutes,
                    default_service_minutes=seed.default_service_minutes,
                    position=position,
                )
                uow.session.add(service)
                services.append(service)
            uow.session.flush()
            for number in range(1, counters + 1):
                counter = Counter(
                    number=number,
                    name=f"Loket {number}",
                    active=True,
                    state="open",
                    streak_length=0,
                )
                uow.session.add(counter)
                uow.session.flush()
                for position, service in enumerate(services):
                    uow.session.add(
                        CounterService(
                            counter_id=counter.id, service_id=service.id, position=position
                        )
                    )
            if uow.session.get(Setting, HALL_KEY) is None:
                from app.domain.hall import HallConfig

                uow.session.add(Setting(key=HALL_KEY, value=HallConfig().to_json()))
            uow.add_event(EventKind.SETTINGS_CHANGED, self._clock.now(), data={"seeded": True})
            uow.commit()
            return True

    def configure_service(
        self,
        code: str,
        *,
        name_id: str | None = None,
        name_en: str | None = None,
        active: bool | None = None,
        daily_quota: int | None | bool = False,
        opens_at: dt.time | None | bool = False,
        closes_at: dt.time | None | bool = False,
        target_minutes: int | None = None,
        default_service_minutes: float | None = None,
    ) -> None:
        """Change a service; ``False`` leaves a nullable field as it is, ``None`` clears it."""
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            try:
                service = ctx.service_by_code(code)
            except NotFound:
                if not name_id:
                    raise
                service = Service(
                    code=code.upper(),
                    name_id=name_id,
                    name_en=name_en or name_id,
                    description_id="",
                    description_en="",
                    active=True,
                    target_minutes=30,
                    default_service_minutes=10.0,
                    position=len(ctx.services),
                )
                uow.session.add(service)
            if daily_quota is not False and daily_quota is not None and int(daily_quota) < 1:
                raise ConfigError("Kuota harus minimal 1.", "The quota must be at least 1.")
            for field, value in (
                ("name_id", name_id),
                ("name_en", name_en),
                ("active", active),
                ("target_minutes", target_minutes),
                ("default_service_minutes", default_service_minutes),
            ):
                if value is not None:
                    setattr(service, field, value)
            for field, nullable in (
                ("daily_quota", daily_quota),
                ("opens_at", opens_at),
                ("closes_at", closes_at),
            ):
                if nullable is not False:
                    setattr(service, field, nullable)
            uow.add_event(EventKind.SETTINGS_CHANGED, ctx.now, data={"service": code.upper()})
            uow.commit()

    def assign_services(self, counter_number: int, codes: list[str]) -> None:
        """Set the services a counter serves, in order; creates the counter if needed."""
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            services = [ctx.service_by_code(c) for c in codes]
            try:
                counter = ctx.counter_by_number(counter_number)
            except NotFound:
                counter = Counter(
                    number=counter_number,
                    name=f"Loket {counter_number}",
                    active=True,
                    state="open",
                    streak_length=0,
                )
                uow.session.add(counter)
                uow.session.flush()
            uow.session.execute(
                delete(CounterService).where(CounterService.counter_id == counter.id)
            )
            for position, service in enumerate(services):
                uow.session.add(
                    CounterService(counter_id=counter.id, service_id=service.id, position=position)
                )
            uow.add_event(
                EventKind.SETTINGS_CHANGED,
                ctx.now,
                counter_id=counter.id,
                data={"services": [s.code for s in services]},
            )
            uow.commit()
