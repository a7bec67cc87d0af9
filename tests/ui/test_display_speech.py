"""The display speaks through the real announcement queue without freezing its window."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.ports import ManualClock
from hardware.speech.clips import ClipEngine
from hardware.speech.player import RecordingSink
from hardware.speech.queue import AnnouncementQueue
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.ui.waits import wait_for
from tests.ui.windows import lobby_display


def test_the_window_stays_live_while_a_call_is_being_spoken(
    qtbot: QtBot, sqlite_url: str, clock: ManualClock
) -> None:
    core = make_core(sqlite_url, clock)
    gate = threading.Event()  # holds the "speaker" busy until the test lets go
    sink = RecordingSink(gate=gate)
    announcer = AnnouncementQueue(ClipEngine(), sink)
    window = lobby_display(core, announcer, retry_interval=0.1)
    qtbot.addWidget(window)
    ticks = [0]
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(10)
    try:
        window.resize(1920, 1080)
        window.show()
        window.start()
        panel = window.call_panel
        wait_for(
            qtbot, "the first snapshot", lambda: window.snapshot is not None, panel.number.text
        )
        core.queue.issue_ticket("A")
        core.queue.call_next(2, actor=ADMIN)

        def playing() -> object:
            return {"playing": sink.playing.is_set(), "played": sink.records}

        wait_for(qtbot, "A-001 being spoken", sink.playing.is_set, playing, 10_000)  # chime + voice
        # While the call is being spoken the GUI thread keeps running its timers and
        # takes the next call from the feed.
        before = ticks[0]
        wait_for(
            qtbot,
            "10 timer ticks while speaking",
            lambda: ticks[0] >= before + 10,
            lambda: f"{ticks[0] - before} tick(s)",
            3_000,
        )
        core.queue.issue_ticket("B")
        core.queue.call_next(3, actor=ADMIN)
        wait_for(
            qtbot,
            "B-001 on the call panel",
            lambda: panel.number.text() == "B-001",
            panel.number.text,
        )
        assert sink.records == []  # the first call is still "playing"
        gate.set()
        # The panel may show B-001 from a snapshot read just after B's call committed, one
        # feed cycle before the call's event itself arrives and is queued for speaking.
        wait_for(qtbot, "both calls played", lambda: len(sink.records) == 2, playing, 20_000)
        assert announcer.wait_idle(20)
        assert len(sink.records) == 2 and sink.max_concurrent == 1  # in order, no overlap
        assert sink.records[0].ended <= sink.records[1].started
    finally:
        gate.set()
        timer.stop()
        window.close()
        announcer.close()
        core.close()
