"""The one composition root: settings → engine, migrations, services (and later adapters)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.domain.announcement import SpeechStyle
from app.ports import Announcement, Announcer, Clock, SystemClock, TicketPrinter
from app.services.access import AccessService
from app.services.audit import AuditService
from app.services.hall import HallService
from app.services.queue import QueueService
from app.services.setup import SetupService
from app.services.snapshots import SnapshotService
from app.services.survey import SurveyService
from app.services.users import UserService
from app.settings import Settings
from app.storage.engine import is_postgres, make_engine
from app.storage.migrate import ensure_schema
from app.storage.uow import UnitOfWorkFactory

if TYPE_CHECKING:  # drivers and the live feed load only when a role needs them
    from app.services.feed import EventsCallback, FeedWatcher, StateCallback
    from app.services.reports import ReportService
    from hardware.speech.player import AudioSink

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveFeed:
    """Live-feed watchers on this hall's database: what a window needs of the feed, without
    the engine or the database URL (``ui.common.feed.FeedSource``)."""

    hall: HallService
    database_url: str

    def watcher(
        self,
        on_events: EventsCallback,
        *,
        poll_interval: float = 0.5,
        long_poll: float = 10.0,
        retry_interval: float = 1.0,
        on_lost: StateCallback | None = None,
        on_restored: Callable[[], None] | None = None,
        name: str = "antrean-feed",
    ) -> FeedWatcher:
        from app.services.feed import FeedWatcher, change_probe_for, notify_url_for

        return FeedWatcher(
            self.hall,
            on_events,
            notify_url=notify_url_for(self.database_url),
            change_probe=change_probe_for(self.database_url),
            poll_interval=poll_interval,
            long_poll=long_poll,
            retry_interval=retry_interval,
            on_lost=on_lost,
            on_restored=on_restored,
            name=name,
        )


@dataclass
class Core:
    """Everything a front end (CLI, windows) needs from the queue core."""

    settings: Settings
    engine: Engine
    clock: Clock
    queue: QueueService
    hall: HallService
    setup: SetupService
    users: UserService
    snapshots: SnapshotService
    feed: LiveFeed
    access: AccessService
    audit: AuditService
    survey: SurveyService
    uow: UnitOfWorkFactory

    @cached_property
    def reports(self) -> ReportService:
        """The report service, made on first use: its numeric libraries (numpy) cost a
        one-shot command about a fifth of its start when they load with everything else."""
        from app.services.reports import ReportService

        return ReportService(self.uow, self.clock)

    def close(self) -> None:
        self.engine.dispose()


def build_core(
    settings: Settings, *, clock: Clock | None = None, migrate_schema: bool = True
) -> Core:
    engine = make_engine(settings.database_url())
    if migrate_schema:
        ensure_schema(engine)
    uow = UnitOfWorkFactory(engine)
    if clock is None:
        # A LAN hall dates everything by the database server's clock; one PC by its own.
        clock = SystemClock()
        if is_postgres(engine):
            from app.storage.server_clock import ServerClock

            clock = ServerClock(engine)
    hall = HallService(uow, clock)
    return Core(
        settings=settings,
        engine=engine,
        clock=clock,
        queue=QueueService(uow, clock),
        hall=hall,
        setup=SetupService(uow, clock),
        users=UserService(uow, clock),
        snapshots=SnapshotService(uow, clock),
        feed=LiveFeed(hall, settings.database_url()),
        access=AccessService(uow, clock),
        audit=AuditService(uow, clock),
        survey=SurveyService(uow, clock),
        uow=uow,
    )


def warn_if_not_durable(core: Core) -> list[str]:
    """Log a WARNING for each PostgreSQL setting that makes a commit less than durable
    (``synchronous_commit``, ``fsync``, ``full_page_writes`` off); returns the messages.

    On SQLite there is nothing to check (the app itself sets ``synchronous=FULL``).
    """
    from app.storage.health import durability_warnings

    messages = [w.message("en") for w in durability_warnings(core.engine)]
    for message in messages:
        log.warning("database durability: %s", message)
    return messages


def build_printer(
    settings: Settings,
    uri: str | None = None,
    *,
    logo: Callable[[], bytes | None] | None = None,
) -> TicketPrinter:
    """The ticket printer named by ``uri`` or the settings (``preview:`` by default).

    ``logo`` (``HallService.logo_for_print``) puts the hall's logo on every ticket.
    """
    from hardware.printer import open_printer

    printer = open_printer(uri or settings.printer.uri)
    if logo is None:
        return printer
    from hardware.printer.logo import with_hall_logo

    return with_hall_logo(printer, logo)


def build_announcer(
    settings: Settings,
    *,
    on_started: Callable[[Announcement], None] | None = None,
    on_finished: Callable[[Announcement], None] | None = None,
    on_error: Callable[[Announcement, Exception], None] | None = None,
) -> Announcer | None:
    """The speech queue for this PC, or None when speech is off or no engine works here."""
    speech = settings.speech
    if speech.engine == "none":
        return None
    from hardware.speech.engines import build_engine
    from hardware.speech.errors import SpeechError
    from hardware.speech.queue import AnnouncementQueue

    try:
        engine = build_engine(
            speech.engine,
            clip_dir=Path(speech.clips_dir) if speech.clips_dir else None,
            lang=speech.lang,
            voice=speech.voice,
        )
    except SpeechError as exc:
        log.warning("announcements off: %s", exc.message_en)
        return None
    return AnnouncementQueue(
        engine,
        build_audio_sink(),
        settings=SpeechStyle(style=speech.style, lang=speech.lang, repeat=speech.repeat),
        use_chime=speech.chime,
        volume=speech.volume,
        on_started=on_started,
        on_finished=on_finished,
        on_error=on_error,
    )


def build_audio_sink() -> AudioSink:
    """The PC's speaker: winsound on Windows, else paplay/aplay/ffplay; silent when none."""
    from hardware.speech.errors import SpeechError
    from hardware.speech.player import NullSink, SubprocessSink, WinsoundSink

    try:
        return WinsoundSink() if sys.platform == "win32" else SubprocessSink()
    except SpeechError as exc:
        log.warning("no audio output, announcements are silent: %s", exc.message_en)
        return NullSink()


@dataclass
class BackgroundSync:
    """The HQ uploader on its own thread; ``stop()`` ends it at the next pause."""

    thread: threading.Thread
    stop_event: threading.Event

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)


def start_background_sync(settings: Settings, core: Core) -> BackgroundSync | None:
    """Upload statistics to HQ from this process when ``[hq]`` is configured."""
    hq = settings.hq
    if not (hq.url and hq.hall_id and hq.token):
        return None
    from app.sync.cli import endpoint_key
    from app.sync.client import HqClient
    from app.sync.sql_outbox import SqlOutbox
    from app.sync.worker import SyncWorker

    stop = threading.Event()

    def _run() -> None:
        outbox = SqlOutbox(core.engine, endpoint_key(hq.url, hq.hall_id))
        with HqClient(hq.url, hq.hall_id, hq.token) as client:
            worker = SyncWorker(outbox, client, hq.hall_id, core.clock, batch_size=hq.batch_size)
            report = worker.run_forever(stop)
        if report.error is not None:
            log.error("HQ sync stopped: %s", report.error.message_en)

    thread = threading.Thread(target=_run, name="antrean-hq-sync", daemon=True)
    thread.start()
    log.info("HQ sync started towards %s", hq.url)
    return BackgroundSync(thread, stop)
