"""``antrean admin``: the administration window (role-gated), or its first-run wizard.

Wired into the parser by ``add_admin_parser(sub, common)``. The command builds the core and
this PC's devices for the window's test buttons (printer, speech, HQ sync) and hands the
window only the services it uses (``ui.admin.services.AdminServices``). It runs offscreen
too (``QT_QPA_PLATFORM=offscreen``): nothing here needs a display before Qt starts.
"""

from __future__ import annotations

import argparse
import glob
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.output import Output
from app.i18n import N_

if TYPE_CHECKING:  # Qt and the core load only when the window opens, not for the parser
    from app.bootstrap import Core
    from app.domain.errors import KnownError
    from app.domain.hall import HallConfig
    from app.domain.roles import Actor
    from app.domain.wording import Bilingual
    from app.ports import Voice
    from app.settings import Settings, SpeechSettings
    from app.sync.report import SyncStatus
    from ui.admin.services import AdminServices


def add_admin_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "admin", parents=[common], help="administration window (supervision, settings, users)"
    )
    p.set_defaults(handler=None, standalone=True, run=run_admin_cmd)


class PcDevices:
    """This PC's printer, speech and HQ link, for the admin window's test buttons."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def test_print(self, uri: str, paper_mm: int, hall: HallConfig) -> None:
        from hardware.printer import open_printer
        from hardware.printer.sample import sample_ticket

        if "paper=" not in uri:
            uri = f"{uri}{'&' if '?' in uri else '?'}paper={paper_mm}"
        printer = open_printer(uri)
        ticket = sample_ticket(
            hall_name=hall.name,
            hall_subtitle=hall.subtitle,
            hall_address=hall.address,
            footer_lines=hall.footer_lines,
            issued_at_local=self._core.clock.now().astimezone(hall.zone()).replace(tzinfo=None),
        )
        printer.print_ticket(ticket)

    def test_voice(self, speech: SpeechSettings) -> str:
        from app.bootstrap import build_audio_sink
        from app.domain.announcement import announcement_text
        from hardware.speech.announce import build_announcement_wav
        from hardware.speech.engines import build_engine
        from hardware.speech.paths import default_chime

        text = announcement_text("A-001", 1, speech.style, speech.lang)
        if speech.engine == "none":
            return text.sentence
        engine = build_engine(
            speech.engine,
            clip_dir=Path(speech.clips_dir) if speech.clips_dir else None,
            lang=speech.lang,
            voice=speech.voice,
        )
        try:
            path = build_announcement_wav(
                "A-001",
                1,
                style=speech.style,
                lang=speech.lang,
                engine=engine,
                chime=default_chime() if speech.chime else None,
                repeat=speech.repeat,
                out=Path(tempfile.mkdtemp(prefix="antrean-voice-test-")) / "call.wav",
                volume=speech.volume,
            )
            build_audio_sink().play(path)
        finally:
            engine.close()
        return text.sentence

    def sync_now(self, settings: Settings) -> Bilingual:
        from app.domain import wording
        from app.domain.errors import ConfigError
        from app.sync.cli import endpoint_key
        from app.sync.client import HqClient
        from app.sync.sql_outbox import SqlOutbox
        from app.sync.worker import SyncWorker

        hq = settings.hq
        if not (hq.url and hq.hall_id and hq.token):
            raise ConfigError(
                N_("Isi alamat server pusat, ID aula dan token dulu, lalu simpan."),
            )
        outbox = SqlOutbox(self._core.engine, endpoint_key(hq.url, hq.hall_id))
        with HqClient(hq.url, hq.hall_id, hq.token) as client:
            worker = SyncWorker(
                outbox, client, hq.hall_id, self._core.clock, batch_size=hq.batch_size
            )
            report = worker.run_once()
        if report.error is not None:
            raise report.error
        return wording.Bilingual.of(
            wording.SYNC_SUMMARY, stored=report.stored, pending=report.pending
        )

    def voices(self, engine: str, lang: str) -> list[Voice]:
        from hardware.speech.engines import list_voices

        return list_voices(engine, lang)

    def sync_status(self, settings: Settings) -> SyncStatus | None:
        from app.sync.cli import endpoint_key
        from app.sync.report import SyncStatus
        from app.sync.sql_outbox import SqlOutbox

        hq = settings.hq
        if not (hq.url and hq.hall_id):
            return None
        outbox = SqlOutbox(self._core.engine, endpoint_key(hq.url, hq.hall_id))
        state = outbox.load_state()
        return SyncStatus(
            outbox.pending_count(state.last_acked_seq),
            state,
            outbox.pending_feedback(state.last_acked_feedback_id),
        )

    def reprint(
        self, display: str, actor: Actor, settings: Settings, lang: str
    ) -> KnownError | None:
        """``display`` printed again on this PC's printer (``settings.printer``), as
        ``antrean ticket reprint`` does; waits for a printer's check after the job."""
        from app.bootstrap import build_printer
        from app.services.tickets import TicketDesk

        printer = build_printer(settings, logo=self._core.hall.logo_for_print)
        desk = TicketDesk(self._core.queue, self._core.hall, printer, lang=lang)
        try:
            result = desk.reprint(display, actor=actor)
            if result.printed and result.after_check is not None:
                return result.after_check.result(timeout=30)
            return result.error
        finally:
            desk.close()

    def ports(self) -> list[str]:
        if sys.platform == "win32":
            return [f"COM{n}" for n in range(1, 10)]
        found = []
        for pattern in ("/dev/usb/lp*", "/dev/ttyUSB*", "/dev/ttyACM*", "/dev/ttyS[0-3]"):
            found += sorted(glob.glob(pattern))
        return found


def admin_services(core: Core, settings_path: Path) -> AdminServices:
    """What the admin window uses of ``core``, with this PC's settings file and devices."""
    from app.services.access import this_station
    from app.services.admin_settings import PcSettingsFile
    from app.services.supervision import SupervisionService
    from ui.admin.services import AdminServices

    return AdminServices.of(
        core,
        supervision=SupervisionService.for_engine(core.engine, core.clock),
        pc=PcSettingsFile(settings_path, core.audit),
        devices=PcDevices(core),
        station=this_station(),
        feed=core.feed,
    )


def run_admin_cmd(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    from app.bootstrap import build_core
    from app.cli.waiting import core_when_ready
    from app.settings import config_path
    from ui.admin.app import run_admin

    core = core_when_ready(settings, args.lang, build_core)  # a LAN server may boot later
    if core is None:
        return 0
    try:
        path = Path(args.config) if getattr(args, "config", None) else config_path()
        return run_admin(admin_services(core, path), lang=args.lang)
    finally:
        core.close()
