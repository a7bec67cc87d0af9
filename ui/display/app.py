"""Run the lobby display: pick the screen, go full screen, follow the feed, speak new calls.

Who speaks: in a hall with a display PC, the display announces every call and recall it sees
in the feed (that is where the hall's speakers are); counter windows then run without an
announcer. ``SPEAK_WITHIN`` keeps a display that was cut off from reading out a backlog of
old calls when it catches up. An announcer that reports failures (``ReportingAnnouncer``)
has them shown to the staff on the display's status line.

``render_display`` builds the window at a given size from one snapshot, for screenshots and
the layout tests.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.model import QueueEvent
from app.ports import (
    Announcement,
    AnnouncementFailure,
    Announcer,
    Clock,
    ReportingAnnouncer,
)
from app.services.snapshots import DisplayFeed, DisplaySnapshot, SnapshotService, calls_in
from ui.common.feed import FeedBridge, FeedSource
from ui.common.theme import Metrics
from ui.common.workers import TaskRunner
from ui.display.window import DisplayWindow

log = logging.getLogger(__name__)
SPEAK_WITHIN = dt.timedelta(seconds=30)
SYNC_CHECK_MS = 60_000  # how often the display asks what HQ lacks


class LobbyDisplay(DisplayWindow):
    """The display window with its live feed and (optionally) the hall's announcer."""

    # From the speech worker's thread to the GUI thread.
    speech_failure_seen = Signal(object)
    speech_heard = Signal(object)

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
        logo: bytes | None = None,
        media_dir: Path | None = None,
        media_seconds: int = 10,
        sync_problem: Callable[[], str | None] | None = None,
        sync_check_ms: int = SYNC_CHECK_MS,
    ) -> None:
        super().__init__(
            clock, metrics, lang=lang, logo=logo, media_dir=media_dir, media_seconds=media_seconds
        )
        # What HQ lacks, asked off the GUI thread now and then (None: this hall does not sync).
        self._sync_problem = sync_problem
        self._sync_runner = TaskRunner(self)
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(sync_check_ms)
        self._sync_timer.timeout.connect(self.check_sync)
        self.announcer = announcer
        self.speech_failure_seen.connect(self.show_speech_failure)
        self.speech_heard.connect(self._heard)
        self._listening = True  # False once closed: late reports from the worker are dropped
        if isinstance(announcer, ReportingAnnouncer):
            announcer.watch(self._relay_failure, self._relay_heard)
        self._spoken_seq = 0
        self.state = DisplayFeed(snapshots, clock)  # kept on the feed's thread
        self.bridge = FeedBridge(
            feed,
            self.state,
            self,
            poll_interval=poll_interval,
            retry_interval=retry_interval,
        )
        self.bridge.updated.connect(self._on_update)
        self.bridge.lost.connect(self._on_lost)
        self.bridge.restored.connect(self._on_restored)

    def start(self) -> None:
        self.bridge.start()
        if self._sync_problem is not None:
            self.check_sync()
            self._sync_timer.start()

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

    def _relay_failure(self, failure: AnnouncementFailure) -> None:
        """On the speech worker's thread: hand the failure to the GUI thread."""
        if self._listening:
            self.speech_failure_seen.emit(failure)

    def _relay_heard(self, announcement: Announcement) -> None:
        if self._listening:
            self.speech_heard.emit(announcement)

    @Slot(object)
    def _heard(self, announcement: Announcement) -> None:
        del announcement
        if self.speech_failed:
            self.show_speech_failure(None)

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

    def check_sync(self) -> None:
        """Ask (on a worker thread) what HQ lacks; the answer shows in the staff line."""
        if self._sync_problem is None or self._sync_runner.busy:
            return
        self._sync_runner.submit(
            self._sync_problem,
            on_done=self.show_sync_problem,
            on_error=self._sync_unknown,
            name="sync health",
        )

    def _sync_unknown(self, exc: BaseException) -> None:
        log.info("sync health not read: %s", exc)  # the feed reports a lost database itself

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self._listening = False
        self._sync_timer.stop()
        self._sync_runner.shutdown(2_000)
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
    logo: bytes | None = None,
    media_dir: Path | None = None,
    media_seconds: int = 10,
    sync_problem: Callable[[], str | None] | None = None,
) -> LobbyDisplay:
    """Create, place and start the display (in an existing QApplication).

    ``geometry`` puts it in a window of its own (the one-PC demo) instead of a whole screen;
    the display is scaled to that size. ``media_dir``: the ``[display]`` media folder.
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
        logo=logo,
        media_dir=media_dir,
        media_seconds=media_seconds,
        sync_problem=sync_problem,
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
    logo: bytes | None = None,
    media_dir: Path | None = None,
    media_seconds: int = 10,
    sync_problem: Callable[[], str | None] | None = None,
) -> int:
    """``antrean display [--screen N]``: the whole process for a display PC, in ``lang``."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = open_display(
        announcer,
        screen_index,
        snapshots=snapshots,
        feed=feed,
        clock=clock,
        lang=lang,
        logo=logo,
        media_dir=media_dir,
        media_seconds=media_seconds,
        sync_problem=sync_problem,
    )
    try:
        return app.exec()
    finally:
        window.bridge.stop()
        if announcer is not None:
            announcer.close()


def render_display(
    *,
    snapshots: SnapshotService,
    clock: Clock,
    width: int,
    height: int,
    lang: str = "id",
    logo: bytes | None = None,
) -> QWidget:
    """The display window shown (not full screen) at exactly ``width``×``height`` with the
    hall's current state, ready for ``grab()``; the caller closes it. Without a running
    QApplication one is made (and kept alive by the window).

    No feed thread runs: the snapshot is read once, here, on the caller's thread.
    """
    made = None if QApplication.instance() is not None else QApplication([])
    app = QApplication.instance()
    assert app is not None
    window = DisplayWindow(clock, lang=lang, logo=logo)
    window.owned_app = made  # type: ignore[attr-defined]  # lives as long as the window
    window.setGeometry(0, 0, width, height)
    window.show()
    window.apply([], snapshots.display_snapshot())
    window.stop_animations()
    window.marquee.stop()
    for _ in range(3):
        app.processEvents()
    if (window.width(), window.height()) != (width, height):
        window.resize(width, height)
        app.processEvents()
    return window
