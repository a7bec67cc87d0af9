"""The counter login signs in through ``AccessService`` (lockout shown as a wait), and the
window then acts as that clerk at that counter only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.bootstrap import Core
from app.cli.gui_cmds import counter_services
from app.ports import ManualClock
from app.storage.models import QueueEventRow
from tests.support.actors import ADMIN
from tests.ui.waits import wait_for
from ui.counter.app import CounterLogin


def _try(qtbot: QtBot, login: CounterLogin, password: str) -> str:
    dialog = login.dialog
    dialog.error.setText("")
    dialog.username.setText("bripka.sari")
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    wait_for(
        qtbot,
        "the answer",
        lambda: dialog.error.text() != "" or login.window is not None,
        dialog.error.text,
        10_000,
    )
    return dialog.error.text()


@pytest.mark.expect_log(r"sign-in locked at .* for 30 s")
def test_repeated_wrong_passwords_show_the_wait_then_the_clerk_works_at_this_counter(
    qtbot: QtBot, core: Core, clock: ManualClock
) -> None:
    user = core.users.add_user(ADMIN, "bripka.sari", "rahasia123")
    login = CounterLogin(counter_services(core), 3, poll_interval=0.05)
    qtbot.addWidget(login.dialog)
    login.show()
    for _ in range(5):
        assert _try(qtbot, login, "salah-sandi") == "Nama pengguna atau kata sandi salah."
    assert _try(qtbot, login, "rahasia123") == (
        "Terlalu banyak percobaan. Coba lagi dalam 30 detik."
    )
    assert login.window is None and login.dialog.login_button.isEnabled()
    clock.advance(seconds=31)
    core.queue.issue_ticket("A")
    assert _try(qtbot, login, "rahasia123") == ""
    window = login.window
    assert window is not None
    qtbot.addWidget(window)
    assert (window.user.user_id, window.user.counter) == (user.id, 3)
    with qtbot.waitSignal(window.action_done, timeout=10_000):
        window.buttons["next"].click()
    with core.engine.connect() as conn:
        called_by = conn.execute(
            select(QueueEventRow.user_id).where(QueueEventRow.kind == "called")
        ).scalar_one()
    assert called_by == user.id
    window.close()
