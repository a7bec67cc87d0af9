"""The admin window, page by page, on a real SQLite file: what a supervisor and an admin see
and change, refusals shown in the page, the sign-in (a clerk is refused), English."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.cli.admin_cmd import PcDevices, admin_services
from app.domain.errors import KnownError
from app.domain.hall import HallConfig
from app.domain.model import CounterState
from app.domain.roles import NOBODY, Actor
from app.domain.stored_text import store_error
from app.domain.wording import SYNC_SUMMARY, Bilingual
from app.ports import Voice
from app.settings import Settings, SpeechSettings, load_settings
from app.sync.cli import endpoint_key
from app.sync.errors import HqUnreachable
from app.sync.ports import DeadLetter, SyncState
from app.sync.report import SyncStatus
from app.sync.sql_outbox import SqlOutbox
from hardware.speech.engines import list_voices
from tests.ui.waits import wait_for
from ui.admin.app import AdminApp, render_admin
from ui.admin.audit_page import AuditPage
from ui.admin.base import Page
from ui.admin.device_pages import PrinterPage, SpeechPage, SyncPage
from ui.admin.hall_pages import HallPage, RunningTextPage
from ui.admin.reports_page import ReportsPage
from ui.admin.services import AdminServices
from ui.admin.setup_pages import CountersPage, ServicesPage
from ui.admin.supervision import SupervisionPage
from ui.admin.users_page import UsersPage
from ui.admin.window import AdminWindow


class FakeDevices:
    """Records the test buttons' calls instead of touching a printer, speaker or HQ."""

    def __init__(self) -> None:
        self.printed: list[tuple[str, int, str]] = []
        self.spoken: list[SpeechSettings] = []
        self.synced = 0

    def test_print(self, uri: str, paper_mm: int, hall: HallConfig) -> None:
        self.printed.append((uri, paper_mm, hall.name))

    def test_voice(self, speech: SpeechSettings) -> str:
        self.spoken.append(speech)
        return "Nomor antrean A nol nol satu, silakan ke loket satu."

    def sync_now(self, settings: Settings) -> Bilingual:
        self.synced += 1
        return Bilingual.of(SYNC_SUMMARY, stored=0, pending=0)

    def ports(self) -> list[str]:
        return ["/dev/usb/lp0"]

    def voices(self, engine: str, lang: str) -> list[Voice]:
        return list_voices(engine, lang)  # this PC's real engines

    def sync_status(self, settings: Settings) -> SyncStatus | None:
        return self.real.sync_status(settings) if self.real is not None else None

    real: PcDevices | None = None  # reprint goes through this PC's real printer path

    def reprint(
        self, display: str, actor: Actor, settings: Settings, lang: str
    ) -> KnownError | None:
        assert self.real is not None
        return self.real.reprint(display, actor, settings, lang)


@pytest.fixture
def devices() -> FakeDevices:
    return FakeDevices()


@pytest.fixture
def services(core_sqlite: Core, tmp_path: Path, devices: FakeDevices) -> AdminServices:
    built = admin_services(core_sqlite, tmp_path / "antrean.toml")
    devices.real = PcDevices(core_sqlite)
    return AdminServices(**{**built.__dict__, "devices": devices})


def _actor(core: Core, services: AdminServices, name: str, role: str) -> Actor:
    if not core.users.has_admin():
        core.users.add_user(NOBODY, "admin", "rahasia123", "admin")
    if name != "admin":
        admin = core.access.sign_in("admin", "rahasia123", station="test")
        core.users.add_user(admin, name, "rahasia123", role)
    return core.access.sign_in(name, "rahasia123", station="test")


@pytest.fixture
def admin(core_sqlite: Core, services: AdminServices) -> Actor:
    return _actor(core_sqlite, services, "admin", "admin")


@pytest.fixture
def window(qtbot: QtBot, services: AdminServices, admin: Actor) -> Iterator[AdminWindow]:
    w = render_admin(services, admin)
    qtbot.addWidget(w)
    yield w
    w.shutdown()


def _settle(qtbot: QtBot, window: AdminWindow) -> None:
    wait_for(
        qtbot,
        "the window's work",
        lambda: not window.runner.busy,
        lambda: window.runner.pending(),
        timeout=15000,
    )


def _open(qtbot: QtBot, window: AdminWindow, page_class: type[Page]) -> Page:
    page = window.open_page(page_class)
    _settle(qtbot, window)
    return page


def _cell(table: QTableWidget, row: int, column: int) -> str:
    """A table cell's text ("" while the table has no such cell yet)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


def _message(page: Page) -> str:
    return page.message.text()


def test_an_admin_sees_every_page_a_supervisor_three(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices, window: AdminWindow
) -> None:
    titles = [window.list.item(i).text() for i in range(window.list.count())]
    assert titles == [
        "Pengawasan",
        "Layanan",
        "Loket",
        "Pengguna",
        "Identitas aula",
        "Printer",
        "Suara",
        "Teks berjalan",
        "Sinkronisasi HQ",
        "Audit",
        "Laporan",
    ]
    sup = _actor(core_sqlite, services, "sup.rina", "supervisor")
    other = render_admin(services, sup)
    qtbot.addWidget(other)
    assert [type(p) for p in other.pages] == [
        SupervisionPage,
        RunningTextPage,
        AuditPage,
        ReportsPage,
    ]
    assert other.page(SupervisionPage).close_day.isVisibleTo(other.page(SupervisionPage))  # type: ignore[union-attr]
    other.shutdown()


def test_supervision_shows_the_hall_and_force_closes_a_counter(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow, admin: Actor
) -> None:
    for _ in range(3):
        core_sqlite.queue.issue_ticket("A")
    core_sqlite.queue.call_next(2, actor=admin)
    page = _open(qtbot, window, SupervisionPage)
    assert isinstance(page, SupervisionPage)
    page.refresh()
    _settle(qtbot, window)
    wait_for(
        qtbot,
        "A-001 at counter 2",
        lambda: _cell(page.counters, 1, 3) == "A-001",
        lambda: (_cell(page.counters, 1, 3), _message(page)),
        15000,
    )
    assert page.queues.item(0, 2).text() == "2"
    page.counters.selectRow(1)
    page.force_close.click()
    _settle(qtbot, window)
    _settle(qtbot, window)
    assert "Loket 2 ditutup" in _message(page) and "A-001" in _message(page)
    assert core_sqlite.hall.counters()[1].state is CounterState.CLOSED
    page.ticket.setCurrentText("A-002")
    page.to_service.setCurrentIndex(page.to_service.findData("B"))
    page.move_button.click()
    _settle(qtbot, window)
    assert core_sqlite.hall.ticket("A-002").current_service_code == "B"


def test_close_day_needs_a_second_click(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    core_sqlite.queue.issue_ticket("A")
    page = _open(qtbot, window, SupervisionPage)
    assert isinstance(page, SupervisionPage)
    page.close_day.click()
    assert "Klik sekali lagi" in _message(page)
    page.close_day.click()
    _settle(qtbot, window)
    assert "1 nomor diakhiri" in _message(page)


def test_services_page_saves_through_the_settings_model(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    page = _open(qtbot, window, ServicesPage)
    assert isinstance(page, ServicesPage)
    assert page.code.text() == "A"
    page.target.setText("45")
    page.closes.setText("15:00")
    page.save.click()
    _settle(qtbot, window)
    a = core_sqlite.hall.services()[0]
    assert (a.target_minutes, a.closes_at.strftime("%H:%M")) == (45, "15:00")  # type: ignore[union-attr]
    assert "Layanan A disimpan" in _message(page)
    page.target.setText("0")
    page.save.click()
    _settle(qtbot, window)
    assert _message(page).startswith("Target waktu tunggu harus bilangan bulat 1–480 menit")
    assert core_sqlite.hall.services()[0].target_minutes == 45
    page.new.click()
    page.code.setText("F")
    page.name_id.setText("Tilang")
    page.save.click()
    _settle(qtbot, window)
    assert [s.code for s in core_sqlite.hall.services()][-1] == "F"


def test_services_page_edits_description_and_colour(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    page = _open(qtbot, window, ServicesPage)
    assert isinstance(page, ServicesPage)
    page.table.selectRow(1)
    assert page.description_id.text() == "Surat Keterangan Catatan Kepolisian"
    page.description_en.setText("Police record certificate")
    page.colour.setText("#2e7d32")
    assert "#2e7d32" in page.swatch.styleSheet()
    page.save.click()
    _settle(qtbot, window)
    b = core_sqlite.hall.services()[1]
    assert (b.description_en, b.colour) == ("Police record certificate", "#2E7D32")
    page.colour.setText("hijau")
    assert page.swatch.styleSheet() == ""
    page.save.click()
    _settle(qtbot, window)
    assert _message(page).startswith("Warna layanan harus berbentuk #RRGGBB")
    assert core_sqlite.hall.services()[1].colour == "#2E7D32"
    entry = core_sqlite.audit.entries(viewer=window.admin.actor)[0]
    assert (entry.action, entry.target) == ("service", "B")


def test_counters_page_assigns_services(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    page = _open(qtbot, window, CountersPage)
    assert isinstance(page, CountersPage)
    page.new.click()
    assert page.number.text() == "6"
    page.check(["B", "D"])
    page.button_box.setChecked(True)
    page.save.click()
    _settle(qtbot, window)
    assert core_sqlite.hall.counters()[-1].service_codes == ("B", "D")
    assert core_sqlite.access.button_boxes()[6] is True
    page.check([])
    page.save.click()
    _settle(qtbot, window)
    assert "minimal satu layanan" in _message(page)


def test_counters_page_names_a_counter_and_sets_its_own_ratio(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    page = _open(qtbot, window, CountersPage)
    assert isinstance(page, CountersPage)
    page.table.selectRow(1)
    assert (page.counter_name.text(), page.ratio.text()) == ("Loket 2", "")
    page.counter_name.setText("Loket SKCK")
    page.ratio.setText("2:1")
    page.save.click()
    _settle(qtbot, window)
    two = core_sqlite.hall.counters()[1]
    assert (two.name, two.priority_ratio) == ("Loket SKCK", "2:1")
    ratio_cell = page.table.item(1, 4)
    assert ratio_cell is not None and ratio_cell.text() == "2:1"
    page.ratio.setText("12:1")
    page.check(["A"])
    page.save.click()
    _settle(qtbot, window)
    assert _message(page).startswith("Rasio prioritas harus berbentuk P:R")
    two = core_sqlite.hall.counters()[1]  # refused before anything was stored
    assert (two.priority_ratio, len(two.service_codes)) == ("2:1", 5)
    page.ratio.setText("")
    page.save.click()
    _settle(qtbot, window)
    assert core_sqlite.hall.counters()[1].priority_ratio is None


def test_users_page_adds_and_changes_accounts(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    page = _open(qtbot, window, UsersPage)
    assert isinstance(page, UsersPage)
    page.username.setText("bripka.sari")
    page.password.setText("rahasia123")
    page.role.setCurrentIndex(page.role.findData("clerk"))
    page.add.click()
    _settle(qtbot, window)
    assert ("bripka.sari", "clerk") in [(u.username, u.role) for u in core_sqlite.users.users()]
    page.role.setCurrentIndex(page.role.findData("supervisor"))
    page.change_role.click()
    _settle(qtbot, window)
    page.toggle.click()
    _settle(qtbot, window)
    sari = next(u for u in core_sqlite.users.users() if u.username == "bripka.sari")
    assert (sari.role, sari.active) == ("supervisor", False)
    page.pin.setText("12ab")
    page.save_pin.click()
    _settle(qtbot, window)
    assert "PIN harus 4–8 angka" in _message(page)
    page.pin.setText("2468")
    page.save_pin.click()
    _settle(qtbot, window)
    assert core_sqlite.access.kiosk_pin_set()


def test_hall_and_running_text_pages(qtbot: QtBot, core_sqlite: Core, window: AdminWindow) -> None:
    page = _open(qtbot, window, HallPage)
    assert isinstance(page, HallPage)
    page.name.setText("PTSP Polres Kupang")
    page.zone.setCurrentIndex(page.zone.findData("Asia/Makassar"))
    page.save.click()
    _settle(qtbot, window)
    hall = core_sqlite.hall.hall_config()
    assert (hall.name, hall.timezone) == ("PTSP Polres Kupang", "Asia/Makassar")
    assert page.threshold.text() == "15"
    page.address.setText("Jl. El Tari No. 1, Kupang")
    page.threshold.setText("25")
    page.save.click()
    _settle(qtbot, window)
    hall = core_sqlite.hall.hall_config()
    assert (hall.address, hall.queue_alert_threshold) == ("Jl. El Tari No. 1, Kupang", 25)
    page.threshold.setText("0")
    page.save.click()
    _settle(qtbot, window)
    assert _message(page).startswith("Batas peringatan antrean harus bilangan bulat 1–999")
    assert core_sqlite.hall.hall_config().queue_alert_threshold == 25
    page.ratio.setText("0:0")
    page.save.click()
    _settle(qtbot, window)
    assert "Rasio prioritas" in _message(page)
    text = _open(qtbot, window, RunningTextPage)
    assert isinstance(text, RunningTextPage)
    text.marquee.setPlainText("Layanan SIM tutup pukul 15.00")
    text.save.click()
    _settle(qtbot, window)
    assert core_sqlite.hall.hall_config().marquee == "Layanan SIM tutup pukul 15.00"


def test_device_pages_write_this_pcs_file_and_test(
    qtbot: QtBot, services: AdminServices, window: AdminWindow, devices: FakeDevices
) -> None:
    page = _open(qtbot, window, PrinterPage)
    assert isinstance(page, PrinterPage)
    page.kind.setCurrentIndex(2)  # network
    page.address.setText("10.0.0.5:9100")
    page.use.click()
    assert page.uri.text() == "tcp://10.0.0.5:9100"
    page.paper.setCurrentIndex(page.paper.findData(58))
    page.save.click()
    page.test.click()
    _settle(qtbot, window)
    saved = load_settings(services.pc.path)
    assert (saved.printer.uri, saved.printer.paper_mm) == ("tcp://10.0.0.5:9100", 58)
    assert devices.printed == [("tcp://10.0.0.5:9100", 58, "PTSP Polres")]
    speech = _open(qtbot, window, SpeechPage)
    assert isinstance(speech, SpeechPage)
    speech.engine.setCurrentIndex(speech.engine.findData("clips"))
    speech.repeat.setText("9")
    speech.save.click()
    _settle(qtbot, window)
    assert "speech.repeat" in _message(speech)
    speech.repeat.setText("2")
    speech.volume.setText("70")
    speech.save.click()
    speech.test.click()
    _settle(qtbot, window)
    assert load_settings(services.pc.path).speech.repeat == 2
    assert load_settings(services.pc.path).speech.volume == 70
    assert devices.spoken[-1].engine == "clips" and "loket satu" in speech.spoken.text()
    sync = _open(qtbot, window, SyncPage)
    assert isinstance(sync, SyncPage)
    sync.url.setText("https://pusat.example.go.id")
    sync.hall_id.setText("polres-kupang")
    sync.token.setText("rahasia")
    sync.save.click()
    sync.sync_now.click()
    _settle(qtbot, window)
    _settle(qtbot, window)
    assert load_settings(services.pc.path).hq.hall_id == "polres-kupang"
    assert devices.synced == 1


def test_audit_page_lists_sign_ins_and_exports_csv(
    qtbot: QtBot, tmp_path: Path, window: AdminWindow
) -> None:
    page = _open(qtbot, window, AuditPage)
    assert isinstance(page, AuditPage)
    assert page.table.rowCount() >= 1
    assert "sign_in" in [page.table.item(r, 4).text() for r in range(page.table.rowCount())]
    page.export_to(tmp_path / "audit.csv")
    assert (tmp_path / "audit.csv").read_text().startswith("id,at_utc,user_id,username")


def test_sign_in_refuses_a_clerk_and_opens_the_window_for_an_admin(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices, admin: Actor
) -> None:
    core_sqlite.users.add_user(admin, "budi", "rahasia123", "clerk")
    flow = AdminApp(services)
    qtbot.addWidget(flow.dialog)
    flow.start()
    wait_for(qtbot, "the sign-in", flow.dialog.isVisible, lambda: flow.wizard)
    flow.dialog.username.setText("budi")
    flow.dialog.password.setText("rahasia123")
    flow.dialog.sign_in.click()
    wait_for(
        qtbot,
        "the refusal",
        lambda: "petugas loket" in flow.dialog.error.text(),
        flow.dialog.error.text,
    )
    flow.dialog.username.setText("admin")
    flow.dialog.password.setText("salah")
    flow.dialog.sign_in.click()
    wait_for(
        qtbot, "wrong password", lambda: "salah" in flow.dialog.error.text(), flow.dialog.error.text
    )
    flow.dialog.password.setText("rahasia123")
    flow.dialog.sign_in.click()
    wait_for(qtbot, "the window", lambda: flow.window is not None, flow.dialog.error.text)
    assert flow.window is not None
    flow.window.sign_out.click()
    assert flow.window is None and flow.dialog.isVisible()
    flow.shutdown()


def test_the_window_in_english(qtbot: QtBot, services: AdminServices, admin: Actor) -> None:
    from ui.common.i18n import Translations

    translations = Translations.installed("en", ("admin", "common"))
    try:
        w = render_admin(services, admin, "ServicesPage", lang="en")
        qtbot.addWidget(w)
        titles = [w.list.item(i).text() for i in range(w.list.count())]
        assert titles[:3] == ["Supervision", "Services", "Counters"]
        assert w.pages[1].heading.text() == "Services"
        w.shutdown()
    finally:
        translations.switch("id")


_COMMAND = """
import argparse, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.cli.admin_cmd import add_admin_parser, run_admin_cmd
from app.cli.output import Output
from app.settings import DatabaseSettings, Settings

app = QApplication([])  # as gui_application() makes it, early enough for the timer below
parser = argparse.ArgumentParser()
parser.add_argument("--lang", default="id")
parser.add_argument("--config")
sub = parser.add_subparsers()
add_admin_parser(sub, argparse.ArgumentParser(add_help=False))
args = parser.parse_args(["--config", sys.argv[2], "admin"])
assert args.run is run_admin_cmd and args.standalone
seen = []

def look_and_quit():
    seen.extend(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible())
    if "SetupWizard" in seen or len(seen) > 400:
        QApplication.quit()
    else:
        QTimer.singleShot(50, look_and_quit)

QTimer.singleShot(50, look_and_quit)
code = run_admin_cmd(
    Settings(database=DatabaseSettings(url=sys.argv[1])), args, Output(json_mode=False, lang="id")
)
print(code, "SetupWizard" in seen)
"""


def test_the_command_opens_the_wizard_on_a_new_hall_offscreen(tmp_path: Path) -> None:
    """``antrean admin`` as main.py runs it (standalone, its own process, no display): on an
    empty database it opens the wizard."""
    import os
    import subprocess
    import sys

    from tests.support.databases import sqlite_file_url

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, sqlite_file_url(tmp_path), str(tmp_path / "pc.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.split() == ["0", "True"], done.stderr[-2000:]


def test_a_refusal_is_shown_in_english_with_lang_en(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices, admin: Actor
) -> None:
    w = render_admin(services, admin, "ServicesPage", lang="en")
    qtbot.addWidget(w)
    page = w.page(ServicesPage)
    assert isinstance(page, ServicesPage)
    page.target.setText("999")
    page.save.click()
    _settle(qtbot, w)
    assert _message(page).startswith("The target wait must be a whole number of minutes, 1–480")
    w.shutdown()


def test_supervision_follows_the_live_feed(
    qtbot: QtBot, core_sqlite: Core, window: AdminWindow
) -> None:
    page = _open(qtbot, window, SupervisionPage)
    assert isinstance(page, SupervisionPage) and page.bridge is not None
    core_sqlite.queue.issue_ticket("C")
    wait_for(
        qtbot,
        "C's queue to show the new ticket without a refresh",
        lambda: page.queues.item(2, 2) is not None and page.queues.item(2, 2).text() == "1",
        lambda: page.queues.item(2, 2).text() if page.queues.item(2, 2) else None,
        timeout=8000,
    )
    window.open_page(ServicesPage)
    assert page.bridge is None  # the feed stops while the page is hidden


def test_a_services_colour_paints_its_kiosk_tile_letter(qtbot: QtBot) -> None:
    from ui.common.theme import PALETTE
    from ui.kiosk.tile_state import TileState
    from ui.kiosk.tiles import ServiceTile

    def tile(colour: str, available: bool = True) -> ServiceTile:
        state = TileState("A", "SIM", "SIM", "", "", 0, None, available, colour=colour)
        widget = ServiceTile(state)
        qtbot.addWidget(widget)
        return widget

    def names(pair: tuple[object, ...]) -> tuple[str, ...]:
        return tuple(c.name() for c in pair)  # type: ignore[attr-defined]

    white, ink = PALETTE.q("white").name(), PALETTE.q("ink").name()
    assert names(tile("#2E7D32")._letter_colours()) == ("#2e7d32", white)
    assert names(tile("#FFEB3B")._letter_colours()) == ("#ffeb3b", ink)  # light: dark ink
    assert names(tile("")._letter_colours()) == (PALETTE.q("blue").name(), white)
    assert names(tile("#2E7D32", available=False)._letter_colours())[0] == (
        PALETTE.q("closed_ink").name()
    )


@pytest.mark.expect_log(r"(?i)ticket A-001 not printed", level="WARNING")
def test_supervision_reprints_a_failed_ticket_on_this_pcs_printer(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices, window: AdminWindow, tmp_path: Path
) -> None:
    issued = core_sqlite.queue.issue_ticket("A")
    core_sqlite.queue.record_print(issued.ticket.id, ok=False, error="kertas habis")
    page = _open(qtbot, window, SupervisionPage)
    assert isinstance(page, SupervisionPage)
    page.refresh()
    _settle(qtbot, window)
    wait_for(
        qtbot,
        "A-001 among the failed prints",
        lambda: page.failed.currentText() == "A-001" and page.reprint.isEnabled(),
        lambda: (page.failed.currentText(), _message(page)),
        15000,
    )
    # this PC's printer fails too: said so, the ticket stays in the list
    services.pc.path.write_text(f'[printer]\nuri = "file://{tmp_path}/no/such/lp0"\n')
    page.reprint.click()
    _settle(qtbot, window)
    assert _message(page).startswith("A-001 tidak tercetak")
    assert core_sqlite.hall.ticket("A-001").print_state.value == "failed"
    picture = tmp_path / "reprint.png"
    services.pc.path.write_text(f'[printer]\nuri = "preview://{picture}"\n')
    page.reprint.click()
    _settle(qtbot, window)
    _settle(qtbot, window)
    assert "A-001 dicetak ulang" in _message(page)
    assert picture.exists()
    assert core_sqlite.hall.ticket("A-001").print_state.value == "printed"
    assert page.failed.count() == 0 and not page.reprint.isEnabled()
    actions = [e.action for e in core_sqlite.audit.entries(viewer=window.admin.actor)]
    assert actions[:2] == ["reprint", "reprint"]


def test_a_supervisor_sees_the_reprint_button(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices
) -> None:
    sup = _actor(core_sqlite, services, "sup.rina", "supervisor")
    w = render_admin(services, sup)
    qtbot.addWidget(w)
    try:
        page = _open(qtbot, w, SupervisionPage)
        assert isinstance(page, SupervisionPage)
        assert page.reprint.isVisibleTo(page)
    finally:
        w.shutdown()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_speech_page_lists_the_engines_voices_and_saves_one(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices, window: AdminWindow, admin: Actor
) -> None:
    speech = _open(qtbot, window, SpeechPage)
    assert isinstance(speech, SpeechPage)
    assert speech.voice.currentData() == ""  # empty: the engine's Indonesian default
    assert speech.voice.findData("id+f3") > 0  # espeak-ng's own list, read off the GUI thread
    speech.voice.addItem("mistyped", "id+nosuch")
    speech.voice.setCurrentIndex(speech.voice.findData("id+nosuch"))
    speech.save.click()
    _settle(qtbot, window)
    assert _message(speech).startswith('Mesin suara espeak tidak punya suara "id+nosuch"')
    assert load_settings(services.pc.path).speech.voice == ""  # nothing written
    speech.voice.setCurrentIndex(speech.voice.findData("id+f3"))
    speech.save.click()
    speech.test.click()
    _settle(qtbot, window)
    assert load_settings(services.pc.path).speech.voice == "id+f3"
    assert speech.voice.currentData() == "id+f3"
    audited = core_sqlite.audit.entries(viewer=admin, action="pc_settings")
    assert audited[0].details["values"]["voice"] == "id+f3"


def test_sync_page_shows_where_the_hq_link_stands(
    qtbot: QtBot, core_sqlite: Core, services: AdminServices, window: AdminWindow
) -> None:
    sync = _open(qtbot, window, SyncPage)
    assert isinstance(sync, SyncPage)
    assert sync.state.text() == "Isi alamat server pusat dan ID aula, lalu simpan."
    core_sqlite.queue.issue_ticket("A")
    sync.url.setText("https://pusat.example.go.id")
    sync.hall_id.setText("polres-kupang")
    sync.save.click()
    _settle(qtbot, window)
    _settle(qtbot, window)
    assert sync.state.text() == "Belum pernah tersinkron dari PC ini."
    assert sync.last_success.text() == "belum pernah"
    pending = int(sync.pending.text().split()[0])
    assert pending >= 1 and sync.held.text() == "tidak ada"
    outbox = SqlOutbox(
        core_sqlite.engine, endpoint_key("https://pusat.example.go.id", "polres-kupang")
    )
    error = HqUnreachable("timeout")
    outbox.save_state(
        SyncState(
            last_acked_seq=1,
            last_success_at=dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC),
            last_error=store_error(error),
            last_error_at=dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC),
            dead_letters=(DeadLetter(1, None, "bad", dt.datetime.now(dt.UTC)),),
        )
    )
    sync.refresh()
    _settle(qtbot, window)
    assert sync.state.text().startswith("Ada data yang tertahan")
    assert sync.last_success.text() == "30-11-2026 08:00"  # the hall's WIB
    assert sync.pending.text().startswith(f"{pending - 1} catatan antrean")
    assert sync.held.text().startswith("1 catatan ditolak")
    assert sync.last_error.text() == f"{error.message('id')} (30-11-2026 09:00)"
