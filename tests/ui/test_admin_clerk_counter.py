"""A clerk works at their counter only (docs/admin.md): signed in at counter 3 in the
counter window, the clerk acts there and is refused at counter 4 (call, finish), where a
supervisor may act."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.cli.gui_cmds import counter_services
from app.domain.errors import AccessDenied
from tests.support.actors import ADMIN
from tests.ui.waits import wait_for
from ui.counter.app import CounterLogin


def test_a_clerk_signed_in_at_counter_3_cannot_act_at_counter_4(
    qtbot: QtBot, core_sqlite: Core
) -> None:
    core = core_sqlite
    core.users.add_user(ADMIN, "bripka.sari", "rahasia123")  # a clerk
    core.users.add_user(ADMIN, "iptu.dewi", "rahasia123", "supervisor")
    first, second = core.queue.issue_ticket("A"), core.queue.issue_ticket("A")
    login = CounterLogin(counter_services(core), 3, poll_interval=0.05)
    qtbot.addWidget(login.dialog)
    login.show()
    login.dialog.username.setText("bripka.sari")
    login.dialog.password.setText("rahasia123")
    qtbot.mouseClick(login.dialog.login_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, "the window", lambda: login.window is not None, login.dialog.error.text)
    window = login.window
    assert window is not None
    qtbot.addWidget(window)
    clerk = window.user
    assert (window.number, clerk.counter) == (3, 3)
    with qtbot.waitSignal(window.action_done, timeout=10_000):
        window.buttons["next"].click()  # at its own counter: allowed
    assert core.hall.counters()[2].current_ticket == first.ticket.display
    with pytest.raises(AccessDenied) as refused:
        core.queue.call_next(4, actor=clerk)
    assert refused.value.message("id") == "bripka.sari (petugas loket) tidak bertugas di loket 4."
    supervisor = core.access.sign_in("iptu.dewi", "rahasia123", station="test")
    assert core.queue.call_next(4, actor=supervisor).display == second.ticket.display
    with pytest.raises(AccessDenied):
        core.queue.finish(4, actor=clerk)
    core.queue.finish(4, actor=supervisor)  # a supervisor acts at any counter
    window.close()
