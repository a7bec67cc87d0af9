"""The kiosk's layout over the whole matrix, by hand (the tests run a sample of it):

    .venv/bin/python tests/ui/kiosk_sweep.py [--out DIR] [--quick]

{1280×720, 1366×768, 1920×1080, 3840×2160, 1080×1920, 720×1280} × {1, 5, 9, 26 services} ×
{short, 40-character names} × {id, en} × {the bundled font, DejaVu Sans}: renders the start
screen with ``render_kiosk`` and lists every ``layout_probe.problems`` finding; with
``--out`` it saves each picture too. Exits 1 when anything was found.

``hall_with`` (used by the tests as well) shapes a seeded hall: ``count`` services, names
short or 40 characters long, every counter serving all of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import string
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

if __name__ == "__main__":  # run by hand: the same set-up the tests have
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = tempfile.mkdtemp(prefix="antrean-sweep-")
    os.environ.setdefault("ANTREAN_DATA_DIR", data)
    os.environ.setdefault("ANTREAN_CONFIG", str(Path(data) / "none.toml"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.bootstrap import Core
from tests.support.actors import ADMIN

SIZES = ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (1080, 1920), (720, 1280))
COUNTS = (1, 5, 9, 26)
NAMES = ("short", "long")
LANGS = ("id", "en")
FONTS = ("", "DejaVu Sans")  # "": the bundled font
MORNING = dt.datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

# 40 characters exactly, the longest a service name may be.
LONG_ID = "Surat Keterangan Catatan Kepolisian Baru"
LONG_EN = "Police Clearance Certificate Application"
LONG_DESC_ID = "Untuk melamar kerja, sekolah, atau keperluan lain; bawa KTP asli dan pas foto"
LONG_DESC_EN = "For a job, school or other needs; bring your original ID card and photos"
assert len(LONG_ID) == len(LONG_EN) == 40


def hall_with(core: Core, count: int, names: str = "short") -> list[str]:
    """Shape ``core``'s seeded hall (A–E) to ``count`` active services; returns their codes."""
    codes = list(string.ascii_uppercase[:count])
    existing = {s.code for s in core.hall.services()}
    for index, code in enumerate(string.ascii_uppercase):
        if code not in codes:
            if code in existing:
                core.setup.configure_service(code, active=False, actor=ADMIN)
            continue
        name_id: str | None = None  # None: keep the seeded name
        name_en: str | None = None
        if names == "long":
            name_id = LONG_ID if index == 0 else f"{LONG_ID[:-2]} {code}"
            name_en = LONG_EN if index == 0 else f"{LONG_EN[:-2]} {code}"
        elif code not in existing:
            name_id, name_en = f"Layanan {code}", f"Service {code}"
        core.setup.configure_service(
            code, name_id=name_id, name_en=name_en, active=True, actor=ADMIN
        )
    _describe(core, codes, names)
    for number in {c.number for c in core.hall.counters()}:
        core.setup.assign_services(number, codes, actor=ADMIN)
    return codes


def _describe(core: Core, codes: list[str], names: str) -> None:
    """Long descriptions too (no use case sets them: written straight to the test database)."""
    if names != "long":
        return
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from app.storage.models import Service

    with Session(core.engine) as session:
        session.execute(
            update(Service)
            .where(Service.code.in_(codes))
            .values(description_id=LONG_DESC_ID, description_en=LONG_DESC_EN)
        )
        session.commit()


def sweep_one(count: int, names: str, lang: str, out: Path | None) -> list[str]:
    """Every size for one hall shape in one language (in this process's font)."""
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import build_core
    from app.ports import ManualClock
    from app.services.tickets import TicketDesk
    from app.settings import DatabaseSettings, KioskSettings, Settings
    from hardware.printer.recording import RecordingPrinter
    from tests.ui.layout_probe import problems
    from ui.common.legibility import KIOSK_TEXT_MIN, floor_px
    from ui.kiosk.app import render_kiosk

    QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="antrean-sweep-db-"))
    clock = ManualClock(MORNING.astimezone(dt.UTC))
    url = f"sqlite:///{folder / 'hall.db'}"
    core = build_core(Settings(database=DatabaseSettings(url=url)), clock=clock)
    found: list[str] = []
    try:
        core.setup.seed_typical()
        codes = hall_with(core, count, names)
        for code in codes[:3]:
            core.queue.issue_ticket(code, printed=False)
        desk = TicketDesk(core.queue, core.hall, RecordingPrinter(), lang)
        for width, height in SIZES:
            window = render_kiosk(
                desk, core.hall, KioskSettings(), clock, width=width, height=height, lang=lang
            )
            try:
                floor = floor_px(KIOSK_TEXT_MIN, min(width, height))
                where = f"{count} {names} {lang} {width}x{height}"
                found += [
                    f"{where}: {p}" for p in problems(window, {"*": floor}, size=(width, height))
                ]
                if out is not None:
                    font = os.environ.get("ANTREAN_UI_FONT", "bundled").replace(" ", "")
                    name = f"kiosk-{count}-{names}-{lang}-{width}x{height}-{font}.png"
                    window.grab().save(str(out / name))
            finally:
                window.close()
                window.deleteLater()
    finally:
        core.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="save every picture in this folder")
    parser.add_argument("--one-font", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    if not args.one_font:  # each font in its own process: the font is chosen once per process
        failed = 0
        for font in FONTS:
            env = {**os.environ, "ANTREAN_UI_FONT": font}
            command = [sys.executable, __file__, "--one-font"]
            if args.out:
                command += ["--out", str(args.out)]
            failed |= subprocess.call(command, env=env)
        return 1 if failed else 0
    found: list[str] = []
    for count, names, lang in itertools.product(COUNTS, NAMES, LANGS):
        found += sweep_one(count, names, lang, args.out)
    font = os.environ.get("ANTREAN_UI_FONT") or "bundled font"
    print(f"{font}: {len(found)} problem(s)")
    for line in found:
        print("  " + line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
