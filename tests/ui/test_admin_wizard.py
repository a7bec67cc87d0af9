"""The first-run wizard on an empty SQLite file ends with a working hall: a ticket can be
issued and called, the admin is signed in, the kiosk PIN set, this PC's printer and voice
saved and tested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.cli.admin_cmd import admin_services
from app.domain.errors import KnownError
from app.ports import ManualClock
from app.settings import load_settings
from tests.conftest import make_core
from tests.ui.test_admin import FakeDevices
from tests.ui.waits import wait_for
from ui.admin.app import AdminApp
from ui.admin.services import AdminServices
from ui.admin.wizard import HallPlan, SetupWizard, build_hall


@pytest.fixture
def empty_core(sqlite_url: str, clock: ManualClock) -> Iterator[Core]:
    built = make_core(sqlite_url, clock, seed=False)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def services(empty_core: Core, tmp_path: Path) -> AdminServices:
    built = admin_services(empty_core, tmp_path / "antrean.toml")
    return AdminServices(**{**built.__dict__, "devices": FakeDevices()})


def _idle(qtbot: QtBot, wizard: SetupWizard) -> None:
    wait_for(qtbot, "the wizard's work", lambda: not wizard.runner.busy, wizard.message.text, 15000)


def test_the_wizard_builds_a_working_hall(
    qtbot: QtBot, empty_core: Core, services: AdminServices
) -> None:
    flow = AdminApp(services)
    qtbot.addWidget(flow.dialog)
    flow.start()
    wait_for(qtbot, "the wizard", lambda: flow.wizard is not None, lambda: flow.dialog.isVisible())
    wizard = flow.wizard
    assert wizard is not None
    assert wizard.step_label.text() == "Langkah 1 dari 6"
    wizard.hall_name.setText("PTSP Polres Kupang")
    wizard.zone.setCurrentIndex(wizard.zone.findData("Asia/Makassar"))
    wizard.next.click()
    wizard.template.item(2).setCheckState(wizard.template.item(2).checkState().Unchecked)
    wizard.custom_code.setText("F")
    wizard.custom_id.setText("Tilang")
    wizard.add_custom.click()
    wizard.next.click()
    wizard.counter_count.setText("3")
    wizard.next.click()
    assert wizard.next.text() == "Buat aula"
    wizard.admin_name.setText("kapolres")
    wizard.admin_password.setText("rahasia123")
    wizard.admin_again.setText("rahasia12")
    wizard.next.click()
    assert wizard.message.text() == "Kedua kata sandi tidak sama."
    wizard.admin_again.setText("rahasia123")
    wizard.pin.setText("2468")
    wizard.next.click()
    _idle(qtbot, wizard)
    assert wizard.step == 4, wizard.message.text()
    assert wizard.printer is not None and wizard.speech is not None
    wizard.printer.uri.setText("preview:")
    wizard.printer.save.click()
    wizard.printer.test.click()
    wizard.next.click()
    wizard.speech.test.click()
    _idle(qtbot, wizard)
    assert "loket satu" in wizard.speech.spoken.text()
    with qtbot.waitSignal(wizard.finished):
        wizard.next.click()
    assert flow.window is not None and flow.window.admin.actor.username == "kapolres"
    # a working hall
    hall = empty_core.hall.hall_config()
    assert (hall.name, hall.timezone) == ("PTSP Polres Kupang", "Asia/Makassar")
    services_now = {s.code: s.active for s in empty_core.hall.services()}
    assert services_now == {"A": True, "B": True, "C": False, "D": True, "E": True, "F": True}
    counters = empty_core.hall.counters()
    assert [c.service_codes for c in counters][:3] == [("A", "B", "D", "E", "F")] * 3
    assert empty_core.access.kiosk_pin_set()
    issued = empty_core.queue.issue_ticket("F")
    actor = empty_core.access.sign_in("kapolres", "rahasia123", station="test")
    assert empty_core.queue.call_next(2, actor=actor).display == issued.ticket.display
    assert load_settings(services.pc.path).printer.uri == "preview:"
    flow.shutdown()


def test_a_refused_step_stays_and_says_why(
    qtbot: QtBot, empty_core: Core, services: AdminServices
) -> None:
    wizard = SetupWizard(services)
    qtbot.addWidget(wizard)
    wizard.show_step(3)
    wizard.admin_name.setText("x")  # too short for the user-name rule
    wizard.admin_password.setText("rahasia123")
    wizard.admin_again.setText("rahasia123")
    wizard.next.click()
    _idle(qtbot, wizard)
    assert wizard.step == 3
    assert wizard.message.text().startswith("Nama pengguna harus 2–40")
    assert not empty_core.users.has_admin()
    wizard.shutdown()


def test_the_wizard_on_a_hall_init_seeded_ends_with_the_hall_it_showed(
    core: Core, tmp_path: Path
) -> None:
    """`antrean init` (the Windows installer) seeded services A–E and counters 1–5; the
    wizard's 3 counters and chosen services are what stays active (SQLite and PostgreSQL)."""
    services = AdminServices(
        **{**admin_services(core, tmp_path / "antrean.toml").__dict__, "devices": FakeDevices()}
    )
    plan = HallPlan(
        name="PTSP Polres Kupang",
        template=["A", "B", "D"],
        custom=[("F", "Tilang", "")],
        counters=3,
        password="rahasia123",
    )
    build_hall(services, plan)
    assert {s.code: s.active for s in core.hall.services()} == {
        "A": True, "B": True, "C": False, "D": True, "E": False, "F": True
    }  # fmt: skip
    counters = core.hall.counters()
    assert [(c.number, c.active) for c in counters] == [
        (1, True), (2, True), (3, True), (4, False), (5, False)
    ]  # fmt: skip
    assert {c.service_codes for c in counters if c.active} == {("A", "B", "D", "F")}
    issued = core.queue.issue_ticket("F")
    actor = core.access.sign_in("admin", "rahasia123", station="test")
    assert core.queue.call_next(3, actor=actor).display == issued.ticket.display
    with pytest.raises(KnownError):
        core.queue.call_next(4, actor=actor)  # inactive: calls nothing
    build_hall(services, HallPlan(template=["A"], counters=4, password="rahasia123", name="X"))
    assert [c.number for c in core.hall.counters() if c.active] == [1, 2, 3, 4]
