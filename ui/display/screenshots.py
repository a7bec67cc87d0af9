"""Screenshots of the lobby display for the docs (``docs/make_screenshots.py``).

``shots(out_dir, core_factory)``: ``core_factory()`` returns a fresh, seeded ``Core``
(services A–E, counters 1–5). Returns the written files: a new call, a busy hall of ten
counters, the lost-connection banner (1920×1080), twelve counters with 40-character service
names and a 60-character hall name (1366×768), and the display in English (1920×1080).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.bootstrap import Core
from app.domain.errors import QueueEmpty
from app.domain.roles import STAND_IN_ADMIN
from app.ports import ManualClock
from app.services.snapshots import SnapshotService
from ui.display.window import DisplayWindow

SIZE = (1920, 1080)
MARQUEE = (
    "Selamat datang di PTSP Polres. Layanan SKCK dan SIM tanpa pungutan di luar tarif resmi. "
    "Siapkan KTP asli dan fotokopi sebelum dipanggil."
)
MARQUEE_EN = (
    "Welcome to the police one-stop service hall. No fees beyond the official tariff. "
    "Have your ID card ready before you are called."
)
LONG_NAMES = {  # what real halls call their services, up to 40 characters
    "A": ("SIM Baru, Perpanjangan dan Peningkatan", "Driving licence: new, renewal, upgrade"),
    "B": ("Surat Keterangan Catatan Kepolisian", "Police Clearance Certificate (SKCK)"),
    "C": ("Izin Keramaian dan Surat Tanda Terima", "Public event permits and notifications"),
    "D": ("Laporan Polisi dan Pengaduan Masyarakat", "Police reports and public complaints"),
    "E": ("Informasi dan Layanan Lainnya Polres", "Information and other police services"),
}
LONG_HALL = "Pelayanan Terpadu Satu Pintu Polres Metropolitan Contoh Raya"  # 60 characters


def _advance(core: Core, minutes: float) -> None:
    if isinstance(core.clock, ManualClock):
        core.clock.advance(minutes=minutes)


def _busy_hall(core: Core, counters: int = 10, *, long_names: bool = False) -> None:
    """``counters`` counters, a queue in every service, two counters away."""
    core.setup.seed_typical()
    plans = {6: "AB", 7: "AB", 8: "B", 9: "D", 10: "CE", 11: "AC", 12: "BD"}
    for number in range(6, counters + 1):
        core.setup.assign_services(number, list(plans.get(number, "AB")), actor=STAND_IN_ADMIN)
    if long_names:
        for code, (name_id, name_en) in LONG_NAMES.items():
            core.setup.configure_service(
                code, name_id=name_id, name_en=name_en, actor=STAND_IN_ADMIN
            )
    core.hall.update_hall_config(
        name=LONG_HALL if long_names else "PTSP Polres Metro Contoh",
        subtitle="Pelayanan Terpadu Satu Pintu",
        subtitle_en="One-Stop Police Service Hall",
        marquee=MARQUEE,
        marquee_en=MARQUEE_EN,
        actor=STAND_IN_ADMIN,
    )
    for i in range(46):
        core.queue.issue_ticket("ABBADEAB"[i % 8], priority=i % 9 == 4)
        _advance(core, 0.7)
    for number in sorted(c.number for c in core.hall.counters()):
        with contextlib.suppress(QueueEmpty):
            core.queue.call_next(number, actor=STAND_IN_ADMIN)
        _advance(core, 0.4)
    numbers = sorted(c.number for c in core.hall.counters())
    if len(numbers) >= 5:
        core.queue.finish(numbers[3], actor=STAND_IN_ADMIN)
        core.hall.pause_counter(numbers[3], actor=STAND_IN_ADMIN)
        core.queue.finish(numbers[-1], actor=STAND_IN_ADMIN)
        core.hall.close_counter(numbers[-1], actor=STAND_IN_ADMIN)


def _render(window: DisplayWindow, path: Path, size: tuple[int, int] = SIZE) -> Path:
    window.setGeometry(0, 0, *size)
    window.show()
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(path))
    return path


def _still(window: DisplayWindow) -> None:
    """A calm picture: the running text at its start, the pulse at its brightest."""
    window.stop_animations()
    window.marquee.stop()


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    core = core_factory()
    try:
        core.hall.update_hall_config(
            name="PTSP Polres Contoh", marquee=MARQUEE, actor=STAND_IN_ADMIN
        )
        for code in "ABB":
            core.queue.issue_ticket(code)
        start = core.hall.latest_seq()
        core.queue.call_next(1, actor=STAND_IN_ADMIN)
        _advance(core, 1)
        core.queue.call_next(3, actor=STAND_IN_ADMIN)
        window = DisplayWindow(core.clock)
        window.setGeometry(0, 0, *SIZE)
        snapshot = SnapshotService.for_engine(core.engine, core.clock).display_snapshot()
        window.apply(core.hall.events_after(start), snapshot)
        _still(window)
        window.call_panel.glow = 1.0  # type: ignore[assignment]  # Qt property
        written.append(_render(window, out_dir / "display-call.png"))
        window.close()
    finally:
        core.close()

    core = core_factory()
    try:
        _busy_hall(core)
        window = DisplayWindow(core.clock)
        window.setGeometry(0, 0, *SIZE)
        window.apply([], SnapshotService.for_engine(core.engine, core.clock).display_snapshot())
        _still(window)
        written.append(_render(window, out_dir / "display-busy.png"))
        window.set_connected(False)
        written.append(_render(window, out_dir / "display-offline.png"))
        window.close()
        window = DisplayWindow(core.clock, lang="en")
        window.setGeometry(0, 0, *SIZE)
        window.apply([], SnapshotService.for_engine(core.engine, core.clock).display_snapshot())
        _still(window)
        written.append(_render(window, out_dir / "display-en.png"))
        window.close()
    finally:
        core.close()

    core = core_factory()
    try:
        _busy_hall(core, 12, long_names=True)
        size = (1366, 768)
        window = DisplayWindow(core.clock)
        window.setGeometry(0, 0, *size)
        window.apply([], SnapshotService.for_engine(core.engine, core.clock).display_snapshot())
        _still(window)
        written.append(_render(window, out_dir / "display-12-counters-long-names.png", size))
        window.close()
    finally:
        core.close()
    return written
