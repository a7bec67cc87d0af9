"""First-run seeding and the hall's service/counter configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text

from app.domain.config import (
    CounterConfig,
    CounterDetails,
    SeedConfig,
    ServiceCode,
    ServiceConfig,
    validated,
)
from app.domain.errors import InvalidTransition, NotFound
from app.domain.hall import HallConfig
from app.domain.model import EventKind, TicketStatus
from app.domain.roles import Actor, Permission, require
from app.i18n import N_
from app.ports import Clock
from app.services import views
from app.services.audit import AuditAction, record
from app.services.context import HALL_KEY, Context, UowFactory
from app.storage.models import Counter, CounterService, Service, Setting, Ticket


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
        """Seed services A–E and counters 1..N serving all of them, on an empty database.

        ``counters`` is 1–99 (``InvalidSetting`` otherwise). Returns False when the database
        already had services (nothing is changed then).
        """
        counters = validated(SeedConfig, {"counters": counters}).counters
        with self._uow() as uow:
            if uow.is_postgres:  # two PCs running `init` at once: one seeds, one sees it
                uow.session.execute(text("SELECT pg_advisory_xact_lock(74150003)"))
            if uow.session.scalar(select(func.count(Service.id))):
                return False
            now = Context(uow, self._clock).now  # refuses a clock that cannot be right
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
                uow.session.add(Setting(key=HALL_KEY, value=HallConfig().to_json()))
            uow.add_event(EventKind.SETTINGS_CHANGED, now, data={"seeded": True})
            uow.commit()
            return True

    def configure_service(
        self,
        code: str,
        *,
        actor: Actor,
        name_id: str | None = None,
        name_en: str | None = None,
        description_id: str | None = None,
        description_en: str | None = None,
        colour: str | None = None,
        active: bool | None = None,
        daily_quota: int | str | None | bool = False,
        opens_at: dt.time | str | None | bool = False,
        closes_at: dt.time | str | None | bool = False,
        target_minutes: int | None = None,
        default_service_minutes: float | None = None,
    ) -> None:
        """Change (or add, when ``name_id`` is given) a service.

        ``None`` leaves a text field as it is (``""`` empties a description or the colour);
        ``False`` leaves a nullable field as it is, ``None`` clears it. Every value goes
        through ``ServiceConfig`` (app/domain/config.py); a refused one raises
        ``InvalidSetting`` and nothing changes. An unknown code without a name raises
        ``NotFound``. ``actor`` needs ``CONFIGURE`` (audited).
        """
        require(actor, Permission.CONFIGURE)
        changes: dict[str, object] = {
            k: v
            for k, v in (
                ("name_id", name_id),
                ("name_en", name_en),
                ("description_id", description_id),
                ("description_en", description_en),
                ("colour", colour),
                ("active", active),
                ("target_minutes", target_minutes),
                ("default_service_minutes", default_service_minutes),
            )
            if v is not None
        }
        for field, nullable in (
            ("daily_quota", daily_quota),
            ("opens_at", opens_at),
            ("closes_at", closes_at),
        ):
            if nullable is not False:
                changes[field] = nullable
        wanted = validated(ServiceCode, {"code": code})
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            try:
                service = ctx.service_by_code(wanted.code)
                current = _service_config(service)
            except NotFound:
                if not name_id:
                    raise
                service = Service(code=wanted.code, position=len(ctx.services))
                current = {"code": wanted.code, "name_en": name_en or name_id}
                uow.session.add(service)
            config = validated(ServiceConfig, {**current, **changes})
            for field, value in config.model_dump().items():
                setattr(service, field, value)
            uow.add_event(
                EventKind.SETTINGS_CHANGED,
                ctx.now,
                user_id=actor.user_id,
                data={"service": config.code},
            )
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.SERVICE,
                target=config.code,
                details={"changes": {k: str(v) for k, v in sorted(changes.items())}},
            )
            uow.commit()

    def assign_services(self, counter_number: int, codes: list[str], *, actor: Actor) -> None:
        """Set the services a counter serves, in order; creates the counter if needed.

        Validated by ``CounterConfig`` (counter 1–99, at least one service, each once):
        ``InvalidSetting`` otherwise; an unknown code raises ``NotFound``. ``actor`` needs
        ``CONFIGURE`` (audited).
        """
        require(actor, Permission.CONFIGURE)
        config = validated(CounterConfig, {"number": counter_number, "service_codes": codes})
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            services = [ctx.service_by_code(c) for c in config.service_codes]
            try:
                counter = ctx.counter_by_number(config.number)
            except NotFound:
                counter = Counter(
                    number=config.number,
                    name=f"Loket {config.number}",
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
                user_id=actor.user_id,
                data={"services": [s.code for s in services]},
            )
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.COUNTER_SERVICES,
                target=f"counter {config.number}",
                details={"services": [s.code for s in services]},
            )
            uow.commit()

    def configure_counter(
        self,
        counter_number: int,
        *,
        actor: Actor,
        name: str | None = None,
        priority_ratio: str | None | bool = False,
        active: bool | None = None,
    ) -> None:
        """Rename an existing counter, set its own priority ratio and/or (de)activate it.

        ``name`` None leaves the name; ``priority_ratio`` ``False`` leaves it, ``None`` or
        ``""``/``"none"`` clears it (the counter calls by the hall's ratio again), ``"P:R"``
        sets it; ``active`` None leaves it (an inactive counter calls nothing and is not
        shown). Validated by ``CounterDetails`` (``InvalidSetting``); an unknown counter
        raises ``NotFound``. ``actor`` needs ``CONFIGURE`` (audited).
        """
        require(actor, Permission.CONFIGURE)
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number)
            changes: dict[str, object] = {}
            if name is not None:
                changes["counter_name"] = name
            if priority_ratio is not False:
                changes["priority_ratio"] = priority_ratio
            config = validated(
                CounterDetails,
                {
                    "number": counter.number,
                    "counter_name": counter.name or f"Loket {counter.number}",
                    "priority_ratio": counter.priority_ratio,
                    **changes,
                },
            )
            counter.name = config.counter_name
            counter.priority_ratio = config.priority_ratio
            if active is False and counter.active:
                _require_no_ticket_at(ctx, counter)
            if active is not None:
                counter.active = active
                changes["active"] = active
            uow.add_event(
                EventKind.SETTINGS_CHANGED,
                ctx.now,
                counter_id=counter.id,
                user_id=actor.user_id,
                data={"counter": config.number},
            )
            record(
                ctx.session,
                ctx.now,
                actor,
                AuditAction.COUNTER,
                target=f"counter {config.number}",
                details={"changes": {k: str(v) for k, v in sorted(changes.items())}},
            )
            uow.commit()


_AT_A_COUNTER = (TicketStatus.CALLED.value, TicketStatus.SERVING.value, TicketStatus.HELD.value)


def _require_no_ticket_at(ctx: Context, counter: Counter) -> None:
    """Refuse (``InvalidTransition``) to take a counter out of the hall while one of today's
    tickets is called, served or held there: an inactive counter can act on nothing, so
    the ticket would be stranded until the day is closed."""
    ticket = ctx.session.scalars(
        select(Ticket).where(
            Ticket.counter_id == counter.id,
            Ticket.status.in_(_AT_A_COUNTER),
            Ticket.business_date == ctx.today,
        )
    ).first()
    if ticket is not None:
        raise InvalidTransition(
            N_(
                "Loket {number} masih memegang {display}; selesaikan, alihkan, atau tutup"
                " paksa loket itu dulu sebelum menonaktifkannya."
            ),
            number=counter.number,
            display=views.display(ctx, ticket),
        )


def _service_config(service: Service) -> dict[str, object]:
    return {field: getattr(service, field) for field in ServiceConfig.model_fields}
