"""Screenshots of the lobby display at 1920×1080 for the docs (``docs/make_screenshots.py``).

``shots(out_dir, core_factory)``: ``core_factory()`` returns a fresh, seeded ``Core``
(services A–E, counters 1–5). Returns the written files.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.bootstrap import Core
from app.domain.errors import QueueEmpty
from app.ports import ManualClock
from app.services.snapshots import SnapshotService
from ui.common.theme import Metrics
from ui.display.window import DisplayWindow

SIZE = (1920, 1080)
MARQUEE = (
    "Selamat datang di PTSP Polres. Layanan SKCK dan SIM tanpa pungutan di luar tarif resmi. "
    "Siapkan KTP asli dan fotokopi sebelum dipanggil."
)


def _advance(core: Core, minutes: float) -> None:
    if isinstance(core.clock, ManualClock):
        core.clock.advance(minutes=minutes)


def _busy_hall(core: Core) -> None:
    """Ten counters, a queue in every service, two counters away."""
    core.setup.seed_typical()
    plans = {6: "AB", 7: "AB", 8: "B", 9: "D", 10: "CE"}
    for number, codes in plans.items():
        core.setup.assign_services(number, list(codes))
    core.hall.update_hall_config(
        name="PTSP Polres Metro Contoh", subtitle="Pelayanan Terpadu Satu Pintu", marquee=MARQUEE
    )
    for i in range(46):
        core.queue.issue_ticket("ABBADEAB"[i % 8], priority=i % 9 == 4)
        _advance(core, 0.7)
    for number in sorted(c.number for c in core.hall.counters()):
        with contextlib.suppress(QueueEmpty):
            core.queue.call_next(number)
        _advance(core, 0.4)
    counters = sorted(c.number for c in core.hall.counters())
    if len(counters) >= 5:
        core.queue.finish(counters[3])
        core.hall.pause_counter(counters[3])
        core.queue.finish(counters[-1])
        core.hall.close_counter(counters[-1])


def _render(window: DisplayWindow, path: Path) -> Path:
    window.resize(*SIZE)
    window.show()
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(path))
    return path


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    metrics = Metrics.for_size(*SIZE)

    core = core_factory()
    try:
        core.hall.update_hall_config(name="PTSP Polres Contoh", marquee=MARQUEE)
        for code in "ABB":
            core.queue.issue_ticket(code)
        start = core.hall.latest_seq()
        core.queue.call_next(1)
        _advance(core, 1)
        core.queue.call_next(3)
        window = DisplayWindow(core.clock, metrics)
        snapshot = SnapshotService.for_engine(core.engine, core.clock).display_snapshot()
        window.apply(core.hall.events_after(start), snapshot)
        window.stop_animations()
        window.call_panel.glow = 1.0  # type: ignore[assignment]  # Qt property
        written.append(_render(window, out_dir / "display-call.png"))
        window.close()
    finally:
        core.close()

    core = core_factory()
    try:
        _busy_hall(core)
        window = DisplayWindow(core.clock, metrics)
        window.apply([], SnapshotService.for_engine(core.engine, core.clock).display_snapshot())
        written.append(_render(window, out_dir / "display-busy.png"))
        window.set_connected(False)
        written.append(_render(window, out_dir / "display-offline.png"))
        window.close()
    finally:
        core.close()
    return written
