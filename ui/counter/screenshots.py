"""Screenshots of the counter window at 1366×768 for the docs (``docs/make_screenshots.py``).

``shots(out_dir, core_factory)``: ``core_factory()`` returns a fresh, seeded ``Core``
(services A–E, counters 1–5). The window is fed snapshots directly (no feed thread).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from app.bootstrap import Core
from app.domain.errors import KnownError
from app.ports import ManualClock
from app.services.snapshots import SnapshotService
from app.services.users import UserView
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
        core.queue.call_next(1)
        core.queue.start(1)
        _advance(core, minutes=4.3)
        core.queue.finish(1)


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


def _window(core: Core, user: UserView) -> CounterWindow:
    window = CounterWindow(
        1,
        user,
        queue=core.queue,
        hall=core.hall,
        snapshots=_snapshots(core),
        feed=core.feed,
        clock=core.clock,
    )
    window.resize(*SIZE)
    window.show()
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
        user = core.users.add_user("bripka.sari", "rahasia123")
        _morning(core)
        window = _window(core, user)
        _refresh(window, core)
        written.append(_shot(window, out_dir / "counter-idle.png"))

        called = core.queue.call_next(1)
        _advance(core, seconds=40)
        core.queue.start(1)
        _advance(core, minutes=4, seconds=12)
        _refresh(window, core)
        window.show_status(window._done_text("start", called), "ok")
        written.append(_shot(window, out_dir / "counter-serving.png"))

        core.queue.finish(1)
        _refresh(window, core)
        # Counter 2 takes the ticket this clerk was about to call out of order.
        taken = window.snapshot.waiting[1].display if window.snapshot else "A-002"
        window.table.selectRow(1)
        core.queue.call_ticket(2, taken)
        try:
            core.queue.call_ticket(1, taken)
        except KnownError as exc:
            window._failed("call_ticket", exc)
        written.append(_shot(window, out_dir / "counter-error.png"))
        _refresh(window, core)

        core.queue.call_next(1)
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
    finally:
        core.close()
    return written
