"""Screenshots of the admin window for the docs (``docs/make_screenshots.py``): every page at
1366×768 with a morning's queue, the sign-in with a clerk refused, every step of the
first-run wizard, and the supervision page in English.

``shots(out_dir, core_factory)``: ``core_factory()`` returns a fresh, seeded ``Core``. The
test buttons are wired to a recorder (no printer, speaker or HQ is touched).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.bootstrap import Core
from app.domain.errors import KnownError
from app.domain.hall import HallConfig
from app.domain.roles import NOBODY, Actor
from app.domain.stored_text import store
from app.domain.wording import SYNC_SUMMARY, Bilingual
from app.i18n import N_
from app.ports import ManualClock, Voice
from app.services.admin_settings import PcSettingsFile
from app.services.supervision import SupervisionService
from app.settings import Settings, SpeechSettings
from app.sync.ports import SyncState
from app.sync.report import SyncStatus
from ui.admin.app import SIZE, render_admin, settle
from ui.admin.services import AdminServices
from ui.admin.signin import SignInDialog
from ui.admin.wizard import SetupWizard
from ui.common.i18n import Translations

PAGES = (
    ("SupervisionPage", "admin-supervision.png"),
    ("ServicesPage", "admin-services.png"),
    ("CountersPage", "admin-counters.png"),
    ("UsersPage", "admin-users.png"),
    ("HallPage", "admin-hall.png"),
    ("PrinterPage", "admin-printer.png"),
    ("SpeechPage", "admin-speech.png"),
    ("RunningTextPage", "admin-running-text.png"),
    ("SyncPage", "admin-sync.png"),
    ("AuditPage", "admin-audit.png"),
    ("ReportsPage", "admin-reports.png"),
)


class _Devices:
    def test_print(self, uri: str, paper_mm: int, hall: HallConfig) -> None:
        del uri, paper_mm, hall

    def test_voice(self, speech: SpeechSettings) -> str:
        del speech
        return "Nomor antrean, A, nol, nol, satu. Silakan menuju loket, satu."

    def sync_now(self, settings: Settings) -> Bilingual:
        del settings
        return Bilingual.of(SYNC_SUMMARY, stored=0, pending=0)

    def ports(self) -> list[str]:
        return ["/dev/usb/lp0", "/dev/ttyUSB0"]

    def voices(self, engine: str, lang: str) -> list[Voice]:
        if engine != "espeak":
            return []
        return [Voice(v, f"Indonesian ({v})") for v in ("id", "id+m3", "id+f3")]

    def sync_status(self, settings: Settings) -> SyncStatus | None:
        del settings
        state = SyncState(
            last_acked_seq=1180,
            last_success_at=dt.datetime(2026, 11, 30, 7, 42, tzinfo=dt.UTC),
            last_error=store(
                N_(
                    "Server pusat tidak dapat dihubungi ({detail}); data disimpan dan "
                    "dikirim nanti."
                ),
                detail="timeout",
            ),
            last_error_at=dt.datetime(2026, 11, 30, 8, 5, tzinfo=dt.UTC),
        )
        return SyncStatus(37, state, 2)

    def reprint(
        self, display: str, actor: Actor, settings: Settings, lang: str
    ) -> KnownError | None:
        del display, actor, settings, lang
        return None


def _services(core: Core, folder: Path) -> AdminServices:
    """As ``app/cli/admin_cmd.py`` builds them, with the recorder for this PC's devices."""
    return AdminServices.of(
        core,
        supervision=SupervisionService.for_engine(core.engine, core.clock),
        pc=PcSettingsFile(folder / "antrean.toml", core.audit),
        devices=_Devices(),
        station="pc-admin",
    )


def _advance(core: Core, **delta: float) -> None:
    if isinstance(core.clock, ManualClock):
        core.clock.advance(**delta)


def _morning(core: Core) -> Actor:
    core.users.add_user(NOBODY, "admin", "rahasia123", "admin")
    admin = core.access.sign_in("admin", "rahasia123", station="pc-admin")
    for name, role in (
        ("iptu.rina", "supervisor"),
        ("bripka.sari", "clerk"),
        ("brigpol.adi", "clerk"),
    ):
        core.users.add_user(admin, name, "rahasia123", role)
    core.hall.update_hall_config(
        actor=admin,
        name="PTSP Polres Metro Contoh",
        address="Jl. Bhayangkara No. 1, Kota Metro, Lampung",
    )
    colours = ("#1565C0", "#2E7D32", "#6A1B9A", "#C62828", "#EF6C00")
    for code, colour in zip("ABCDE", colours, strict=True):
        core.setup.configure_service(code, actor=admin, colour=colour)
    core.setup.configure_counter(1, actor=admin, name="Loket SIM")
    core.setup.configure_counter(4, actor=admin, name="Loket Prioritas", priority_ratio="3:1")
    sari = core.access.sign_in("bripka.sari", "rahasia123", station="loket-1", counter=1)
    adi = core.access.sign_in("brigpol.adi", "rahasia123", station="loket-2", counter=2)
    for i in range(22):
        issued = core.queue.issue_ticket("AABD"[i % 4] if i % 7 else "E", priority=i in (5, 13))
        if i == 9:
            core.queue.record_print(issued.ticket.id, ok=False, error="kertas habis")
        _advance(core, minutes=2.1)
    core.queue.call_next(1, actor=sari)
    core.queue.start(1, actor=sari)
    core.queue.call_next(2, actor=adi)
    core.hall.pause_counter(3, actor=admin)
    core.hall.close_counter(5, actor=admin)
    _advance(core, minutes=6)
    return admin


def _shot(widget: QWidget, path: Path) -> Path:
    settle(widget)
    widget.grab().save(str(path))
    return path


def shots(out_dir: Path, core_factory: Callable[[], Core]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="antrean-admin-shots-") as tmp:
        core = core_factory()
        try:
            services = _services(core, Path(tmp))
            admin = _morning(core)
            services.pc.path.write_text(  # as a technician left it (no audit row in the shot)
                '[hq]\nurl = "https://pusat.example.go.id"\nhall_id = "polres-metro"\n'
                'token = "x"\n\n[speech]\nvoice = "id+f3"\n',
                encoding="utf-8",
            )
            for page, name in PAGES:
                window = render_admin(services, admin, page, width=SIZE[0], height=SIZE[1])
                written.append(_shot(window, out_dir / name))
                window.shutdown()
                window.close()
            translations = Translations.installed("en", ("admin", "common"))
            try:
                window = render_admin(services, admin, "SupervisionPage", lang="en")
                written.append(_shot(window, out_dir / "admin-supervision-en.png"))
                window.shutdown()
                window.close()
            finally:
                translations.switch("id")
            written.append(_sign_in(out_dir))
        finally:
            core.close()
        written += _wizard(out_dir, core_factory, Path(tmp))
    return written


def _sign_in(out_dir: Path) -> Path:
    dialog = SignInDialog()
    dialog.username.setText("bripka.sari")
    dialog.refuse_clerk()
    dialog.resize(460, dialog.sizeHint().height())
    dialog.show()
    path = _shot(dialog, out_dir / "admin-sign-in.png")
    dialog.close()
    return path


def _wizard(out_dir: Path, core_factory: Callable[[], Core], folder: Path) -> list[Path]:
    core = core_factory()
    written = []
    try:
        wizard = SetupWizard(_services(core, folder / "wizard"), "id")
        wizard.resize(980, 680)
        wizard.show()
        wizard.hall_name.setText("PTSP Polres Metro Contoh")
        wizard.custom_code.setText("F")
        wizard.custom_id.setText("Tilang")
        wizard.custom_en.setText("Traffic fines")
        wizard.add_custom.click()
        wizard.admin_name.setText("kapolres")
        for edit in (wizard.admin_password, wizard.admin_again):
            edit.setText("rahasia123")
        wizard.pin.setText("2468")
        for step in range(4):
            wizard.show_step(step)
            written.append(_shot(wizard, out_dir / f"admin-wizard-{step + 1}.png"))
        wizard.go_next()
        settle(wizard, wizard.runner)
        for step in (4, 5):
            wizard.show_step(step)
            written.append(_shot(wizard, out_dir / f"admin-wizard-{step + 1}.png"))
        wizard.shutdown()
        wizard.close()
    finally:
        core.close()
    return written
