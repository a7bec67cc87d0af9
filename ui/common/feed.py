"""Qt side of the live feed: ``FeedWatcher`` callbacks become queued signals.

Windows never see the database: the composition root hands them a ``FeedSource`` that makes
watchers on the hall's database (``app.bootstrap.LiveFeed``), and the bridge asks it for one.

The watcher's thread also runs ``load`` (a blocking read of whatever the window needs, such as
a display snapshot), so the GUI thread only ever receives finished data. Signals emitted
from the watcher's thread reach slots on the GUI thread through Qt's queued connections.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from app.domain.model import QueueEvent
from app.services.feed import FeedWatcher

log = logging.getLogger(__name__)


class FeedSource(Protocol):
    """Makes live-feed watchers on the hall's database (one per window)."""

    def watcher(
        self,
        on_events: Callable[[Sequence[QueueEvent]], None],
        *,
        poll_interval: float,
        long_poll: float,
        retry_interval: float,
        on_lost: Callable[[str], None],
        on_restored: Callable[[], None],
        name: str,
    ) -> FeedWatcher: ...


class FeedState(Protocol):
    """A window's state kept from the feed (``app.services.snapshots.DisplayFeed``)."""

    def take(self, events: Sequence[QueueEvent]) -> Any:
        """The state after a batch (an empty one: read it whole)."""
        ...

    def refresh(self) -> Any | None:
        """A later, fuller state (what events cannot tell), or None when there is none."""
        ...


class FeedBridge(QObject):
    """Runs a window's feed watcher; each batch becomes an ``updated`` signal.

    ``load`` reads the window's whole state for every batch. A ``FeedState`` instead takes
    each batch itself (applying it without a read where it can), and its ``refresh`` follows
    as a second ``updated`` with an empty batch, so what a batch shows first is painted
    without waiting for that read.
    """

    updated = Signal(object, object)  # (list[QueueEvent], state from ``load``)
    lost = Signal(str)
    restored = Signal()

    def __init__(
        self,
        source: FeedSource,
        load: Callable[[], Any] | FeedState,
        parent: QObject | None = None,
        *,
        poll_interval: float = 0.5,
        long_poll: float = 10.0,
        retry_interval: float = 2.0,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self.watcher = source.watcher(
            self._on_events,
            poll_interval=poll_interval,
            long_poll=long_poll,
            retry_interval=retry_interval,
            on_lost=self.lost.emit,
            on_restored=self.restored.emit,
            name="antrean-feed-ui",
        )

    def start(self) -> None:
        self.watcher.start()

    def poke(self) -> None:
        self.watcher.poke()

    def stop(self) -> None:
        self.watcher.stop()

    def _on_events(self, events: Sequence[QueueEvent]) -> None:
        # Runs on the watcher's thread; a database error here propagates to the watcher,
        # which reports the loss and delivers the same batch again once it is back.
        load = self._load
        if callable(load):
            self.updated.emit(list(events), load())
            return
        self.updated.emit(list(events), load.take(events))
        later = load.refresh()
        if later is not None:
            self.updated.emit([], later)
