"""Screenshots of the counter window for the docs (``docs/make_screenshots.py``): its states
at 1366×768, the smallest supported screen (1280×720) with a hall of 26 services with long
names, an empty queue, and the window in English.

``shots(out_dir, core_factory)``: ``core_factory()`` returns a fresh, seeded ``Core``
(services A–E, counters 1–5). The window is fed snapshots directly (no feed thread).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from app.bootstrap import Core
from app.domain.errors import KnownError, QueueEmpty
from app.domain.roles import STAND_IN_ADMIN
from app.ports import ManualClock
from app.services.snapshots import SnapshotService
from app.services.users import UserView
from ui.counter.app import CounterServices, render_counter
from ui.counter.dialogs import TransferDialog
from ui.counter.window import CounterWindow

SIZE = (1366, 768)


def _advance(core: Core, **delta: float) -> None:
    if isinstance(core.clock, ManualClock):
        core.clock.advance(**delta)


def _morning(core: Core) -> None:
    for i in range(16):
        core.queue.issue_ticket("AB"[i % 2] if i % 5 else "D", priority=i in (3, 13))
        _advance(core, minutes=1.7)
    for _ in range(3):  # a few served earlier, for the day's figures
        core.queue.call_next(1, actor=STAND_IN_ADMIN)
        core.queue.start(1, actor=STAND_IN_ADMIN)
        _advance(core, minutes=4.3)
        core.queue.finish(1, actor=STAND_IN_ADMIN)


def _pump(widget: QWidget) -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    del widget


def _shot(widget: QWidget, path: Path) -> Path:
    _pump(widget)
    widget.grab().save(str(path))
    return path


def _composite(window: QWidget, dialog: QWidget, path: Path) -> Path:
    """The window with its (separate, top-level) dialog drawn on top, as a clerk sees it."""
    _pump(window)
    image = window.grab()
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(4, 28, 69, 110))
    shot = dialog.grab()
    x = (image.width() - shot.width()) // 2
    y = (image.height() - shot.height()) // 2
    painter.drawPixmap(x, y, shot)
    painter.end()
    image.save(str(path))
    return path


def _services(core: Core) -> CounterServices:
    return CounterServices(
        users=core.users,
        queue=core.queue,
        hall=core.hall,
        snapshots=_snapshots(core),
        feed=core.feed,
        clock=core.clock,
    )


def _window(
    core: Core, user: UserView, size: tuple[int, int] = SIZE, lang: str = "id"
) -> CounterWindow:
    window = render_counter(_services(core), 1, user, width=size[0], height=size[1], lang=lang)
    assert isinstance(window, CounterWindow)
    return window


def _snapshots(core: Core) -> SnapshotService:
    return SnapshotService.for_engine(core.engine, core.clock)


def _refresh(window: CounterWindow, core: Core) -> None:
    window._on_feed([], _snapshots(core).counter_snapshot(1))


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    core = core_factory()
    try:
        user = core.users.add_user(STAND_IN_ADMIN, "bripka.sari", "rahasia123")
        _morning(core)
        window = _window(core, user)
        _refresh(window, core)
        written.append(_shot(window, out_dir / "counter-idle.png"))

        called = core.queue.call_next(1, actor=STAND_IN_ADMIN)
        _advance(core, seconds=40)
        core.queue.start(1, actor=STAND_IN_ADMIN)
        _advance(core, minutes=4, seconds=12)
        _refresh(window, core)
        window.show_status(window._done_text("start", called), "ok")
        written.append(_shot(window, out_dir / "counter-serving.png"))

        core.queue.finish(1, actor=STAND_IN_ADMIN)
        _refresh(window, core)
        # Counter 2 takes the ticket this clerk was about to call out of order.
        taken = window.snapshot.waiting[1].display if window.snapshot else "A-002"
        window.table.selectRow(1)
        core.queue.call_ticket(2, taken, actor=STAND_IN_ADMIN)
        try:
            core.queue.call_ticket(1, taken, actor=STAND_IN_ADMIN)
        except KnownError as exc:
            window._failed("call_ticket", exc)
        written.append(_shot(window, out_dir / "counter-error.png"))
        _refresh(window, core)

        core.queue.call_next(1, actor=STAND_IN_ADMIN)
        _refresh(window, core)
        snap = window.snapshot
        assert snap is not None and snap.current is not None
        dialog = TransferDialog(
            snap.current.display,
            snap.current.current_service_code,
            list(snap.services),
            list(snap.counters),
            1,
            window,
        )
        dialog.select(service="B", counter=3)
        dialog.show()
        _pump(dialog)
        written.append(_composite(window, dialog, out_dir / "counter-transfer.png"))
        dialog.close()
        window.close()

        english = _window(core, user, lang="en")
        written.append(_shot(english, out_dir / "counter-en.png"))
        english.close()
    finally:
        core.close()
    written += _empty(out_dir, core_factory)
    written += _big_hall(out_dir, core_factory)
    return written


def _empty(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    """A new day: nobody waiting yet, and the clerk pressed F1 (calm, not an error)."""
    core = core_factory()
    try:
        window = _window(core, core.users.add_user(STAND_IN_ADMIN, "bripka.sari", "rahasia123"))
        try:
            core.queue.call_next(1, actor=STAND_IN_ADMIN)
        except QueueEmpty as exc:
            window._failed("next", exc)
        path = _shot(window, out_dir / "counter-empty.png")
        window.close()
        return [path]
    finally:
        core.close()


LONG_ID = "Permohonan Surat Keterangan Kepolisian"  # + " X": 40 characters
LONG_EN = "Application for police clearance, SKCK"


def _big_hall(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    """26 services with 40-character names, 30 counters, on the smallest supported screen,
    in Indonesian and in English."""
    core = core_factory()
    try:
        codes = [chr(ord("A") + i) for i in range(26)]
        for code in codes:
            core.setup.configure_service(
                code, name_id=f"{LONG_ID} {code}", name_en=f"{LONG_EN} {code}", actor=STAND_IN_ADMIN
            )
        for number in range(1, 31):
            core.setup.assign_services(
                number, codes if number == 1 else codes[:5], actor=STAND_IN_ADMIN
            )
        for i in range(30):
            core.queue.issue_ticket(codes[(i * 7) % 26], priority=i % 6 == 4)
            _advance(core, minutes=1.3)
        core.queue.call_next(1, actor=STAND_IN_ADMIN)
        core.queue.start(1, actor=STAND_IN_ADMIN)
        _advance(core, minutes=3)
        user = core.users.add_user(STAND_IN_ADMIN, "bripka.sari.wulandari.kusumawati", "rahasia123")
        written = []
        for lang, name in (("id", "counter-1280x720.png"), ("en", "counter-1280x720-en.png")):
            window = _window(core, user, (1280, 720), lang)
            written.append(_shot(window, out_dir / name))
            window.close()
        return written
    finally:
        core.close()
