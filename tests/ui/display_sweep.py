"""Every lobby display configuration the issue names, checked with the layout probe.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.display_sweep [--out DIR]

Sweeps {1280×720, 1366×768, 1920×1080, 3840×2160} × {1, 5, 12, 30 counters} × {short,
40-character names} × {id, en} × {bundled font, DejaVu Sans} (128 renders) and prints every
problem ``tests.ui.layout_probe.problems`` finds; exits 1 when any. ``--out`` also saves each
render as a PNG. The tests (``test_display_layout.py``) run a sample of it with the same
helpers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import string
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.bootstrap import Core, build_core  # noqa: E402
from app.domain.errors import QueueEmpty  # noqa: E402
from app.ports import ManualClock  # noqa: E402
from app.services.snapshots import SnapshotService  # noqa: E402
from app.settings import DatabaseSettings, Settings  # noqa: E402
from tests.support.actors import ADMIN
from tests.ui.layout_probe import problems  # noqa: E402
from ui.common.fonts import FONT_ENV, WORST_CASE_FAMILY  # noqa: E402
from ui.common.legibility import (  # noqa: E402
    DISPLAY_LABEL_MIN,
    DISPLAY_MARQUEE_MIN,
    DISPLAY_TILE_NUMBER_MIN,
    floor_px,
)
from ui.display.app import render_display  # noqa: E402

SIZES = ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160))
COUNTERS = (1, 5, 12, 30)
NAMES = ("short", "long")
LANGS = ("id", "en")
FONTS = ("bundled", WORST_CASE_FAMILY)
MORNING = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)  # 08:00 WIB

LONG_ID = "Surat Keterangan Catatan Kepolisian Baru"  # 40 characters
LONG_EN = "Police Clearance Certificate Renewal Now"  # 40 characters
LONG_HALL = "Pelayanan Terpadu Satu Pintu Kepolisian Resor Metro Contoh X"  # 60 characters
MARQUEE = "Selamat datang di PTSP Polres. Layanan SKCK dan SIM tanpa pungutan di luar tarif resmi."


def floors(height: int) -> dict[str, int]:
    """The layout probe's floors for a display ``height`` pixels high."""
    label = floor_px(DISPLAY_LABEL_MIN, height)
    return {
        "tile-number": floor_px(DISPLAY_TILE_NUMBER_MIN, height),
        "label": label,
        "marquee": floor_px(DISPLAY_MARQUEE_MIN, height),
        "*": label,
    }


def build_hall(core: Core, counters: int, names: str, services: int = 26) -> None:
    """A hall with ``counters`` counters and ``services`` services (A–Z), short or 40-char
    names, a queue, calls, a recall, a counter on break and one closed."""
    clock = core.clock
    core.setup.seed_typical(counters=counters)
    codes = string.ascii_uppercase[:services]
    long = names == "long"
    for code in codes:
        core.setup.configure_service(
            code,
            name_id=LONG_ID if long else f"Layanan {code}",
            name_en=LONG_EN if long else f"Service {code}",
            actor=ADMIN,
        )
    for number in range(1, counters + 1):
        own = codes[(number - 1) % len(codes)]
        core.setup.assign_services(number, list(dict.fromkeys(own + "AB")), actor=ADMIN)
    core.hall.update_hall_config(
        name=LONG_HALL if long else "PTSP Polres Contoh",
        marquee=MARQUEE,
        marquee_en="Welcome. SKCK and driving licence services have no fees beyond the tariff.",
        actor=ADMIN,
    )
    for i in range(counters * 2 + 6):
        core.queue.issue_ticket(codes[i % len(codes)] if i % 3 else "A", priority=i % 7 == 3)
        if isinstance(clock, ManualClock):
            clock.advance(seconds=40)
    for number in range(1, counters + 1):
        with suppress(QueueEmpty):
            core.queue.call_next(number, actor=ADMIN)
    core.queue.recall(1, actor=ADMIN)
    if counters >= 3:
        core.queue.finish(2, actor=ADMIN)
        core.hall.pause_counter(2, actor=ADMIN)
        core.queue.finish(counters, actor=ADMIN)
        core.hall.close_counter(counters, actor=ADMIN)


@contextmanager
def font(name: str) -> Iterator[None]:
    before = os.environ.get(FONT_ENV)
    if name == "bundled":
        os.environ.pop(FONT_ENV, None)
    else:
        os.environ[FONT_ENV] = name
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(FONT_ENV, None)
        else:
            os.environ[FONT_ENV] = before


def check(core: Core, size: tuple[int, int], lang: str, out: Path | None = None) -> list[str]:
    """Render the display of ``core``'s hall at ``size`` in ``lang``; the probe's findings."""
    snapshots = SnapshotService.for_engine(core.engine, core.clock)
    window: QWidget = render_display(
        snapshots=snapshots, clock=core.clock, width=size[0], height=size[1], lang=lang
    )
    try:
        if out is not None:
            window.grab().save(str(out))
        return problems(window, floors(size[1]), size=size)
    finally:
        window.close()
        window.deleteLater()


def sweep(out: Path | None) -> int:
    app = QApplication.instance() or QApplication([])
    failures = 0
    with tempfile.TemporaryDirectory(prefix="antrean-sweep-") as tmp:
        for counters, names in itertools.product(COUNTERS, NAMES):
            url = f"sqlite:///{Path(tmp) / f'{counters}-{names}.db'}"
            settings = Settings(database=DatabaseSettings(url=url))
            core = build_core(settings, clock=ManualClock(MORNING))
            try:
                build_hall(core, counters, names)
                for size, lang, family in itertools.product(SIZES, LANGS, FONTS):
                    with font(family):
                        name = f"{size[0]}x{size[1]}-{counters}c-{names}-{lang}-{family}"
                        png = out / f"{name.replace(' ', '_')}.png" if out else None
                        found = check(core, size, lang, png)
                    app.processEvents()
                    if found:
                        failures += 1
                        print(f"FAIL {name}:")
                        for problem in found:
                            print(f"    {problem}")
                    else:
                        print(f"ok   {name}")
            finally:
                core.close()
    print(f"{failures} failing configuration(s)")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="save every render as PNG here")
    args = parser.parse_args(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    return sweep(args.out)


if __name__ == "__main__":
    sys.exit(main())
