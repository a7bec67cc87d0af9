"""Run the lobby display: pick the screen, go full screen, follow the feed, speak new calls.

Who speaks: in a hall with a display PC, the display announces every call and recall it sees
in the feed (that is where the hall's speakers are); counter windows then run without an
announcer. ``SPEAK_WITHIN`` keeps a display that was cut off from reading out a backlog of
old calls when it catches up.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QRect, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from app.domain.model import QueueEvent
from app.ports import Announcement, Announcer, Clock
from app.services.snapshots import DisplaySnapshot, SnapshotService, calls_in
from ui.common.feed import FeedBridge, FeedSource
from ui.common.theme import Metrics
from ui.display.window import DisplayWindow

log = logging.getLogger(__name__)
SPEAK_WITHIN = dt.timedelta(seconds=30)


class LobbyDisplay(DisplayWindow):
    """The display window with its live feed and (optionally) the hall's announcer."""

    def __init__(
        self,
        announcer: Announcer | None,
        *,
        snapshots: SnapshotService,
        feed: FeedSource,
        clock: Clock,
        metrics: Metrics | None = None,
        poll_interval: float = 0.5,
        retry_interval: float = 2.0,
        lang: str = "id",
    ) -> None:
        super().__init__(clock, metrics, lang=lang)
        self.announcer = announcer
        self._spoken_seq = 0
        self.bridge = FeedBridge(
            feed,
            snapshots.display_snapshot,
            self,
            poll_interval=poll_interval,
            retry_interval=retry_interval,
        )
        self.bridge.updated.connect(self._on_update)
        self.bridge.lost.connect(self._on_lost)
        self.bridge.restored.connect(self._on_restored)

    def start(self) -> None:
        self.bridge.start()

    @Slot(object, object)
    def _on_update(self, events: list[QueueEvent], snapshot: DisplaySnapshot) -> None:
        self.set_connected(True)
        self.apply(events, snapshot)
        self._speak(events)

    @Slot(str)
    def _on_lost(self, why: str) -> None:
        del why  # the feed has logged it (once, as a warning); the banner says it plainly
        self.set_connected(False)

    @Slot()
    def _on_restored(self) -> None:
        self.set_connected(True)

    def _speak(self, events: list[QueueEvent]) -> None:
        if self.announcer is None:
            return
        now = self._clock.now()
        for call in calls_in(events):
            if call.seq <= self._spoken_seq:
                continue
            self._spoken_seq = call.seq
            if now - call.at > SPEAK_WITHIN:
                log.info("not announcing %s: called %s ago", call.display, now - call.at)
                continue
            self.announcer.announce(
                Announcement(call.display, call.counter_number, recall=call.recall, seq=call.seq)
            )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self.bridge.stop()
        self.stop_animations()
        super().closeEvent(event)


def pick_screen(screen_index: int | None) -> QScreen:
    """``--screen N`` (0-based), else the second monitor when there is one, else the first."""
    screens = QGuiApplication.screens()
    if screen_index is not None and 0 <= screen_index < len(screens):
        return screens[screen_index]
    if screen_index is not None:
        log.warning("no screen %s (have %d); using the default", screen_index, len(screens))
    return screens[1] if len(screens) > 1 else screens[0]


def open_display(
    announcer: Announcer | None,
    screen_index: int | None = None,
    *,
    snapshots: SnapshotService,
    feed: FeedSource,
    clock: Clock,
    full: bool = True,
    geometry: QRect | None = None,
    lang: str = "id",
) -> LobbyDisplay:
    """Create, place and start the display (in an existing QApplication).

    ``geometry`` puts it in a window of its own (the one-PC demo) instead of a whole screen;
    type and tiles are scaled to that size.
    """
    screen = pick_screen(screen_index)
    geometry = geometry or screen.geometry()
    window = LobbyDisplay(
        announcer,
        snapshots=snapshots,
        feed=feed,
        clock=clock,
        metrics=Metrics.for_size(geometry.width(), geometry.height()),
        lang=lang,
    )
    window.setScreen(screen)
    window.setGeometry(geometry)
    if full:
        window.showFullScreen()
    else:
        window.show()
    window.start()
    return window


def run_display(
    announcer: Announcer | None,
    screen_index: int | None = None,
    *,
    snapshots: SnapshotService,
    feed: FeedSource,
    clock: Clock,
    lang: str = "id",
) -> int:
    """``antrean display [--screen N]``: the whole process for a display PC, in ``lang``."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = open_display(
        announcer, screen_index, snapshots=snapshots, feed=feed, clock=clock, lang=lang
    )
    try:
        return app.exec()
    finally:
        window.bridge.stop()
        if announcer is not None:
            announcer.close()
