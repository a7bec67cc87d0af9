"""What the admin window uses, and the one place its calls name the signed-in actor.

``AdminServices`` is handed in by ``app/cli/admin_cmd.py`` (the entry point); the window never
sees the engine. ``AdminActions`` binds the services to the actor who signed in, so every
page calls one method and every change is made (and audited) as that person. Every method
blocks (database, printer, speech): pages run them on their ``TaskRunner``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.config import CounterDetails, validated
from app.domain.errors import InvalidSetting, KnownError
from app.domain.hall import HallConfig
from app.domain.model import CounterView, ServiceView
from app.domain.roles import Actor, Permission
from app.domain.wording import Bilingual
from app.i18n import N_
from app.ports import Clock, Voice
from app.services.access import AccessService
from app.services.admin_settings import PcSettingsFile
from app.services.audit import AuditEntry, AuditService
from app.services.hall import HallService
from app.services.reports import HallReport, ReportService
from app.services.setup import SetupService
from app.services.supervision import Supervision, SupervisionService
from app.services.users import UserService, UserView
from app.settings import Settings, SpeechSettings
from app.sync.report import SyncStatus
from ui.common.feed import FeedSource


class AdminDevices(Protocol):
    """This PC's devices, for the test buttons (the entry point builds them)."""

    def test_print(self, uri: str, paper_mm: int, hall: HallConfig) -> None:
        """Print a sample ticket on ``uri``; raises a ``KnownError`` when it fails."""
        ...

    def test_voice(self, speech: SpeechSettings) -> str:
        """Speak a sample call with ``speech``; returns the sentence spoken."""
        ...

    def sync_now(self, settings: Settings) -> Bilingual:
        """Send what HQ lacks now; returns a summary (a catalog text, both languages)."""
        ...

    def voices(self, engine: str, lang: str) -> list[Voice]:
        """The voices ``engine`` has on this PC for ``lang`` (none for clips and none)."""
        ...

    def sync_status(self, settings: Settings) -> SyncStatus | None:
        """Where this PC's HQ link stands (``antrean sync status``'s source: the outbox of
        ``settings.hq``); None while no HQ address and hall id are set."""
        ...

    def ports(self) -> list[str]:
        """Printer ports found on this PC (serial devices, printer device files)."""
        ...

    def reprint(
        self, display: str, actor: Actor, settings: Settings, lang: str
    ) -> KnownError | None:
        """Print today's ticket ``display`` again on this PC's printer (``settings``) through
        the reprint use case (``actor`` needs ``REPRINT``; audited). Returns None when the
        paper came out, else why not (the ticket's print state says the same)."""
        ...


@dataclass(frozen=True)
class AdminServices:
    access: AccessService
    users: UserService
    setup: SetupService
    hall: HallService
    supervision: SupervisionService
    audit: AuditService
    reports: ReportService
    pc: PcSettingsFile
    devices: AdminDevices
    clock: Clock
    station: str
    feed: FeedSource | None = None  # live updates for the supervision page (None: polling)

    @classmethod
    def of(
        cls,
        core: HallCore,
        *,
        supervision: SupervisionService,
        pc: PcSettingsFile,
        devices: AdminDevices,
        station: str,
        feed: FeedSource | None = None,
    ) -> AdminServices:
        """What the admin window uses of the composition root's ``core`` (``app.bootstrap.Core``
        or anything shaped like it), with its supervision read model (on ``core``'s engine),
        this PC's settings file and devices."""
        return cls(
            access=core.access,
            users=core.users,
            setup=core.setup,
            hall=core.hall,
            supervision=supervision,
            audit=core.audit,
            reports=core.reports,
            pc=pc,
            devices=devices,
            clock=core.clock,
            station=station,
            feed=feed,
        )


class HallCore(Protocol):
    """The parts of the composition root's ``Core`` the admin window takes."""

    @property
    def access(self) -> AccessService: ...
    @property
    def users(self) -> UserService: ...
    @property
    def setup(self) -> SetupService: ...
    @property
    def hall(self) -> HallService: ...
    @property
    def audit(self) -> AuditService: ...
    @property
    def reports(self) -> ReportService: ...
    @property
    def clock(self) -> Clock: ...


class AdminActions:
    """The services as ``actor`` uses them (one method per use case the window offers)."""

    def __init__(self, services: AdminServices, actor: Actor) -> None:
        self.s = services
        self.actor = actor
        self.queue_threshold: int | None = None  # None: the hall's queue_alert_threshold

    def may(self, permission: Permission) -> bool:
        return self.actor.may(permission)

    # --- supervision ---------------------------------------------------------------------
    def supervision(self) -> Supervision:
        return self.s.supervision.snapshot(actor=self.actor, queue_threshold=self.queue_threshold)

    def move_ticket(self, display: str, to_service: str | None, to_counter: int | None) -> str:
        return self.s.supervision.move_ticket(
            display, actor=self.actor, to_service=to_service, to_counter=to_counter
        )

    def reprint(self, display: str, lang: str = "id") -> KnownError | None:
        """A failed print again, on this PC's printer (see ``AdminDevices.reprint``); the
        paper in ``lang``."""
        return self.s.devices.reprint(display, self.actor, self.s.pc.load(), lang)

    def force_close(self, counter: int) -> str | None:
        return self.s.supervision.force_close(counter, actor=self.actor)

    def close_day(self) -> int:
        return self.s.hall.close_day(actor=self.actor)

    # --- services and counters -----------------------------------------------------------
    def services(self) -> list[ServiceView]:
        return self.s.hall.services()

    def counters(self) -> list[CounterView]:
        return self.s.hall.counters()

    def configure_service(self, code: str, fields: dict[str, Any]) -> list[ServiceView]:
        self.s.setup.configure_service(code, actor=self.actor, **fields)
        return self.services()

    def assign_services(
        self,
        number: int,
        codes: list[str],
        button_box: bool | None = None,
        details: dict[str, Any] | None = None,
    ) -> list[CounterView]:
        """The counter's services in order; ``button_box``: whether an unattended button box
        may serve it (None: unchanged); ``details``: its ``name``, own ``priority_ratio`` and
        ``active`` (``SetupService.configure_counter``), changed only where they differ."""
        if details:  # judged before anything is stored (InvalidSetting)
            validated(
                CounterDetails,
                {
                    "number": number,
                    "counter_name": details.get("name", "-"),
                    "priority_ratio": details.get("priority_ratio"),
                },
            )
        self.s.setup.assign_services(number, codes, actor=self.actor)
        if details:
            current = next((c for c in self.counters() if c.number == number), None)
            changed = {
                k: v
                for k, v in details.items()
                if current is None or (getattr(current, k) or "") != (v or "")
            }
            if changed:
                self.s.setup.configure_counter(number, actor=self.actor, **changed)
        if button_box is not None and self.button_boxes().get(number, False) != button_box:
            self.s.access.set_button_box(self.actor, number, button_box)
        return self.counters()

    def button_boxes(self) -> dict[int, bool]:
        return self.s.access.button_boxes()

    # --- users ---------------------------------------------------------------------------
    def users(self) -> list[UserView]:
        return self.s.users.users()

    def add_user(self, username: str, password: str, role: str) -> list[UserView]:
        self.s.users.add_user(self.actor, username, password, role)
        return self.users()

    def set_role(self, username: str, role: str) -> list[UserView]:
        self.s.users.set_role(self.actor, username, role)
        return self.users()

    def set_active(self, username: str, active: bool) -> list[UserView]:
        self.s.users.set_active(self.actor, username, active)
        return self.users()

    def set_password(self, username: str, password: str) -> list[UserView]:
        self.s.users.set_password(self.actor, username, password)
        return self.users()

    def set_kiosk_pin(self, pin: str) -> None:
        self.s.access.set_kiosk_pin(self.actor, pin)

    # --- hall ----------------------------------------------------------------------------
    def hall(self) -> HallConfig:
        return self.s.hall.hall_config()

    def update_hall(self, changes: dict[str, Any]) -> HallConfig:
        return self.s.hall.update_hall_config(actor=self.actor, **changes)

    def set_logo(self, data: bytes, name: str) -> HallConfig:
        self.s.hall.set_logo(data, name=name, actor=self.actor)
        return self.hall()

    # --- this PC -------------------------------------------------------------------------
    def pc_settings(self) -> Settings:
        return self.s.pc.load()

    def save_pc(self, section: str, values: dict[str, Any]) -> Settings:
        voice = str(values.get("voice") or "") if section == "speech" else ""
        if voice:  # a voice the engine lacks here is refused before anything is written
            engine, lang = str(values.get("engine")), str(values.get("lang", "id"))
            if voice not in {v.id for v in self.voices(engine, lang)}:
                raise InvalidSetting(
                    N_(
                        'Mesin suara {engine} tidak punya suara "{voice}"; pilih salah '
                        "satu dari daftar suara mesin itu."
                    ),
                    engine=engine,
                    voice=voice,
                    field="speech.voice",
                )
        return self.s.pc.save(section, values, actor=self.actor)

    def voices(self, engine: str, lang: str) -> list[Voice]:
        return self.s.devices.voices(engine, lang)

    def sync_status(self) -> SyncStatus | None:
        return self.s.devices.sync_status(self.s.pc.load())

    def test_print(self, uri: str, paper_mm: int) -> None:
        self.s.devices.test_print(uri, paper_mm, self.hall())

    def test_voice(self, speech: SpeechSettings) -> str:
        return self.s.devices.test_voice(speech)

    def sync_now(self) -> Bilingual:
        return self.s.devices.sync_now(self.s.pc.load())

    # --- audit ---------------------------------------------------------------------------
    def audit(
        self,
        since: dt.datetime | None,
        until: dt.datetime | None,
        username: str | None,
        action: str | None,
        limit: int = 500,
    ) -> list[AuditEntry]:
        return self.s.audit.entries(
            viewer=self.actor, since=since, until=until, actor=username, action=action, limit=limit
        )

    # --- reports -------------------------------------------------------------------------
    def business_date(self) -> dt.date:
        """The hall's business day now (its time zone and day start)."""
        return self.s.hall.business_date()

    def report(
        self,
        date_from: dt.date,
        date_to: dt.date,
        service: str | None,
        progress: Callable[[float], None] | None = None,
    ) -> HallReport:
        """The hall's figures for ``date_from``–``date_to`` (only ``service`` when given);
        ``progress`` hears 0–1 from the calling thread."""
        return self.s.reports.report(
            actor=self.actor,
            date_from=date_from,
            date_to=date_to,
            service=service,
            progress=progress,
        )


Task = Callable[[], object]
