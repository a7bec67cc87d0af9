"""The windows: ``antrean kiosk``, ``counter --counter N``, ``display``, and ``demo``.

Each role is one process on its PC; ``demo`` opens kiosk, one counter and the display in one
process on this PC's SQLite database, with the preview printer and real speech where a voice
exists, so a newcomer sees the whole hall without any hardware.

The kiosk and the display run unattended: ``antrean kiosk``/``display`` start a watchdog that
runs the window as a child process and restarts it after a crash (``app/cli/watchdog.py``);
``--no-watchdog`` runs the bare window (that is what the watchdog starts). Every window holds
a lock file while it runs, which ``antrean restore`` looks for. The display writes what it
shows to ``<data dir>/run/display-status.json`` after each update (seq, the current call),
for a technician's script and the watchdog test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.output import Output
from app.domain.errors import ConfigError, KnownError
from app.i18n import N_

if TYPE_CHECKING:  # Qt and the core load only when a window opens, not for the parser
    from app.bootstrap import Core
    from app.services.tickets import TicketDesk
    from app.settings import Settings
    from ui.counter.app import CounterServices

log = logging.getLogger(__name__)
DEMO_USER, DEMO_PASSWORD = "petugas", "antrean"


def add_gui_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    no_watchdog = "run the window in this process, without the watchdog that restarts it"
    p = sub.add_parser("kiosk", parents=[common], help="the touch kiosk (full screen)")
    p.add_argument("--printer", help="printer URI (default: settings)")
    p.add_argument("--no-watchdog", action="store_true", help=no_watchdog)
    p.set_defaults(handler=None, standalone=True, run=run_kiosk_cmd)
    p = sub.add_parser("display", parents=[common], help="the lobby display (full screen)")
    p.add_argument("--screen", type=int, help="screen number, 0-based (default: the second)")
    p.add_argument("--silent", action="store_true", help="no spoken announcements")
    p.add_argument("--no-watchdog", action="store_true", help=no_watchdog)
    p.set_defaults(handler=None, standalone=True, run=run_display_cmd)
    p = sub.add_parser("demo", parents=[common], help="kiosk, counter 1 and display together")
    p.add_argument("--silent", action="store_true", help="no spoken announcements")
    p.set_defaults(handler=None, standalone=True, run=run_demo)


def _core(settings: Settings) -> Core:
    from app.bootstrap import build_core, warn_if_not_durable

    core = build_core(settings)
    core.setup.seed_typical()  # a new hall works at once; no-op on a configured database
    warn_if_not_durable(core)  # the windows run all day: say it once in the log
    return core


def _window_core(settings: Settings, lang: str) -> Core | None:
    """The core for a window; while the database does not answer, the calm connecting
    screen waits for it (``app/cli/waiting.py``). None: the person closed that screen."""
    from app.cli.waiting import core_when_ready

    return core_when_ready(settings, lang, _core)


def counter_services(core: Core) -> CounterServices:
    """What a counter PC uses of ``core``: the login's users and the window's services."""
    from ui.counter.app import CounterServices

    return CounterServices(
        users=core.users,
        queue=core.queue,
        hall=core.hall,
        snapshots=core.snapshots,
        feed=core.feed,
        clock=core.clock,
        access=core.access,
    )


def _ticket_desk(settings: Settings, core: Core, printer_uri: str | None = None) -> TicketDesk:
    """The kiosk's desk: commit the ticket, then print it on this PC's printer."""
    from app.bootstrap import build_printer
    from app.services.tickets import TicketDesk

    printer = build_printer(settings, printer_uri, logo=core.hall.logo_for_print)
    return TicketDesk(core.queue, core.hall, printer, settings.kiosk.lang)


def _child_words(args: argparse.Namespace, role: str, extra: list[str]) -> list[str]:
    """``antrean`` words that open the bare window of ``role`` as ``args`` asked."""
    words = ["--lang", args.lang]
    if getattr(args, "db", None):
        words += ["--db", args.db]
    if getattr(args, "config", None):
        words += ["--config", args.config]
    return [*words, role, *extra, "--no-watchdog"]


def _supervised(args: argparse.Namespace, role: str, extra: list[str]) -> int:
    from app.cli.watchdog import supervise

    return supervise(_child_words(args, role, extra), role)


def run_kiosk_cmd(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    if not args.no_watchdog:
        return _supervised(args, "kiosk", ["--printer", args.printer] if args.printer else [])
    from app.cli.watchdog import enable_fault_log, window_lock
    from ui.kiosk.app import run_kiosk
    from ui.survey.kiosk import kiosk_survey

    enable_fault_log()
    core = _window_core(settings, settings.kiosk.lang)
    if core is None:
        return 0
    try:
        with window_lock("kiosk", settings.database_url()):
            desk = _ticket_desk(settings, core, args.printer)
            return run_kiosk(
                desk,
                core.hall,
                settings.kiosk,
                core.clock,
                logo=core.hall.logo(),
                survey=kiosk_survey(core.survey),
            )
    finally:
        core.close()


def _display_extra(args: argparse.Namespace) -> list[str]:
    extra = ["--silent"] if args.silent else []
    return extra + (["--screen", str(args.screen)] if args.screen is not None else [])


def run_display_cmd(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    if not args.no_watchdog:
        return _supervised(args, "display", _display_extra(args))
    from app.bootstrap import build_announcer, start_background_sync
    from app.cli.watchdog import enable_fault_log, window_lock

    enable_fault_log()
    core = _window_core(settings, args.lang)
    if core is None:
        return 0
    sync = start_background_sync(settings, core)  # the display PC is on all day
    from app.cli.backup_cmds import start_daily_backup

    start_daily_backup(core)  # one SQLite backup per business day (docs/backup.md)
    try:
        with window_lock("display", settings.database_url()):
            announcer = None if args.silent else build_announcer(settings)
            return _run_display(settings, args, core, announcer, sync is not None)
    finally:
        if sync is not None:
            sync.stop()
        core.close()


def _run_display(
    settings: Settings, args: argparse.Namespace, core: Core, announcer: Any, syncs: bool
) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.display.app import open_display

    app = QApplication.instance() or QApplication(["antrean"])
    window = open_display(
        announcer,
        args.screen,
        snapshots=core.snapshots,
        feed=core.feed,
        clock=core.clock,
        lang=args.lang,
        logo=core.hall.logo(),
        media_dir=settings.display.media_path(),
        media_seconds=settings.display.media_seconds,
        sync_problem=_sync_problem(core, args.lang) if syncs else None,
    )
    window.bridge.updated.connect(
        lambda _events, snapshot: write_display_status(snapshot, window_place(window))
    )
    try:
        return int(app.exec())
    finally:
        window.bridge.stop()
        if announcer is not None:
            announcer.close()


def display_status_path() -> Path:
    from app.cli.watchdog import run_dir

    return run_dir() / "display-status.json"


def window_place(window: Any) -> dict[str, Any]:
    """Where ``window`` is: its screen (name, number, geometry) and its own geometry, as
    ``[x, y, width, height]`` lists, and whether it is full screen."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen()
    screens = QGuiApplication.screens()
    g, s = window.geometry(), screen.geometry()
    return {
        "screen": screens.index(screen) if screen in screens else None,
        "screen_name": screen.name(),
        "screen_geometry": [s.x(), s.y(), s.width(), s.height()],
        "geometry": [g.x(), g.y(), g.width(), g.height()],
        "full_screen": bool(window.isFullScreen()),
    }


def write_display_status(snapshot: Any, place: dict[str, Any] | None = None) -> None:
    """What the display shows now, replaced atomically (a reader never sees half a file);
    ``place``: where its window is (``window_place``), for the monitor a technician chose."""
    current = snapshot.current
    status = {
        "pid": os.getpid(),
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "seq": snapshot.seq,
        "current": None if current is None else current.display,
        "counter": None if current is None else current.counter_number,
        **(place or {}),
    }
    path = display_status_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_text(json.dumps(status), encoding="utf-8")
        part.replace(path)
    except OSError as exc:
        log.info("display status not written: %s", exc)


def _sync_problem(core: Core, lang: str) -> Callable[[], str | None]:
    """What HQ lacks, as one sentence for the display's staff line (None: nothing)."""
    from app.sync.health import sync_health

    def problem() -> str | None:
        health = sync_health(core.engine)
        return None if health is None or health.ok else health.message(lang)

    return problem


def run_counter_cmd(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    if args.counter is None:
        raise ConfigError(
            N_("Sebutkan nomor loket: antrean counter --counter 3"),
        )
    from app.bootstrap import build_announcer
    from app.cli.watchdog import window_lock
    from ui.counter.app import run_counter

    core = _window_core(settings, args.lang)
    if core is None:
        return 0
    try:
        with window_lock("counter", settings.database_url()):
            # The display PC speaks the calls; a counter speaks only with --speak (no display).
            announcer = build_announcer(settings) if args.speak else None
            return run_counter(counter_services(core), args.counter, announcer, lang=args.lang)
    finally:
        core.close()


def run_demo(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import build_announcer, start_background_sync
    from ui.counter.app import CounterLogin
    from ui.display.app import open_display
    from ui.kiosk.window import KioskWindow

    core = _core(settings)
    sync = start_background_sync(settings, core)
    _ensure_demo_user(core)
    app = QApplication.instance() or QApplication(["antrean"])
    announcer = None if args.silent else build_announcer(settings)
    desk = _ticket_desk(settings, core)
    logo = core.hall.logo()
    kiosk = KioskWindow(desk, core.hall, settings.kiosk, core.clock, logo=logo, access=core.access)
    # Kiosk on the left half, the TV on the right; the counter opens after its login.
    area = app.primaryScreen().availableGeometry()  # type: ignore[attr-defined]
    half = area.width() // 2
    kiosk.setGeometry(area.x(), area.y(), half, area.height())
    tv = QRect(area.x() + half, area.y(), area.width() - half, (area.width() - half) * 9 // 16)
    display = open_display(
        announcer,
        None,
        snapshots=core.snapshots,
        feed=core.feed,
        clock=core.clock,
        full=False,
        geometry=tv,
        lang=args.lang,
        logo=logo,
        media_dir=settings.display.media_path(),
        media_seconds=settings.display.media_seconds,
    )
    kiosk.show()
    login = CounterLogin(counter_services(core), 1, announcer=None, lang=args.lang)
    login.dialog.username.setText(DEMO_USER)
    login.dialog.password.setText(DEMO_PASSWORD)
    login.show()
    print(
        out.say(
            N_(
                "Demo: login loket 1 sebagai {demo_user} / {demo_password}. Tiket "
                "pratinjau tersimpan sebagai PNG."
            ),
            demo_user=DEMO_USER,
            demo_password=DEMO_PASSWORD,
        )
    )
    from app.cli.watchdog import window_lock

    try:
        with window_lock("demo", settings.database_url()):
            return int(app.exec())
    finally:
        display.bridge.stop()
        if login.window is not None:
            login.window.bridge.stop()
        if announcer is not None:
            announcer.close()
        if sync is not None:
            sync.stop()
        core.close()


def _ensure_demo_user(core: Core) -> None:
    if any(u.username == DEMO_USER for u in core.users.users()):
        return
    try:
        from app.domain.roles import STAND_IN_ADMIN

        core.users.add_user(STAND_IN_ADMIN, DEMO_USER, DEMO_PASSWORD, "clerk")
    except KnownError as exc:  # another demo created it a moment ago
        log.info("demo user not added: %s", exc.message_en)
