"""A calm full-screen "Menghubungkan ke server…" while a window waits for its database.

A LAN hall's PCs often boot before the server. Instead of exiting, a kiosk, display or
counter shows this screen and keeps trying in the background: ``try_connect()`` runs on a
thread of its own (it may block for seconds), never on the GUI thread; after a failure the
next try waits a little longer (``DELAYS_S``, up to ~10 s). The screen says when it last
tried and, in a few plain words, why that failed. When ``try_connect`` returns, the result
goes to ``on_ready(result)`` on the GUI thread and the screen's job is done.

``should_retry(exc)`` decides which failures are worth waiting for (a server away) and which
are final (a wrong password); a final one goes to ``on_give_up(exc)``. ``describe(exc)``
turns a failure into the short reason shown. The screen knows nothing of databases: the
command line wires it (``app/cli/gui_cmds.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.calendar_names import clock_time
from ui.common.fit import FitLabel, TextItem
from ui.common.i18n import Translations
from ui.common.legibility import STAFF_TEXT_MIN_PX
from ui.common.theme import PALETTE

log = logging.getLogger(__name__)

DELAYS_S: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0, 8.0, 10.0)  # then 10 s between tries
CENTER = Qt.AlignmentFlag.AlignCenter


def first_line(exc: BaseException, limit: int = 120) -> str:
    """A failure in a few words: the first line of its message (its type when it has none)."""
    text = (str(exc).strip().splitlines() or [""])[0].strip() or type(exc).__name__
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class _Relay(QObject):
    """Carries one attempt's outcome from its thread to the GUI thread (a queued signal)."""

    succeeded = Signal(int, object)
    failed = Signal(int, BaseException)


class ConnectingScreen(QWidget):
    """The waiting screen; ``start()`` makes the first attempt at once."""

    def __init__(
        self,
        try_connect: Callable[[], Any],
        on_ready: Callable[[Any], None],
        *,
        should_retry: Callable[[BaseException], bool] = lambda exc: True,
        on_give_up: Callable[[BaseException], None] | None = None,
        describe: Callable[[BaseException], str] = first_line,
        lang: str = "id",
        delays: Sequence[float] = DELAYS_S,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._try_connect = try_connect
        self._on_ready = on_ready
        self._should_retry = should_retry
        self._on_give_up = on_give_up
        self._describe = describe
        self._delays = tuple(delays) or DELAYS_S
        self.lang = lang
        self.attempts = 0
        self.last_attempt: dt.datetime | None = None
        self.last_reason = ""
        self.done = False
        self._next_try_at: dt.datetime | None = None
        self._running = False
        self._relay = _Relay()
        self._relay.succeeded.connect(self._succeeded)
        self._relay.failed.connect(self._failed)
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._attempt)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_status)
        self.translations = Translations.installed(lang, ("common",), self)
        self.setObjectName("connecting")
        self.setWindowTitle("Antrean")
        self.setAutoFillBackground(False)
        self._build()

    # --- look ------------------------------------------------------------------------------
    def _build(self) -> None:
        ink, soft, back = PALETTE.white, "#D5DCE8", PALETTE.blue_deep
        self.title = FitLabel(
            self.tr("Menghubungkan ke server…"),
            bold=True,
            color=ink,
            background=back,
            align=CENTER,
            role="title",
        )
        self.hint = FitLabel(
            self.tr("Layar ini terbuka sendiri begitu server menjawab."),
            color=soft,
            background=back,
            align=CENTER,
            max_lines=2,
            role="label",
        )
        self.status = FitLabel(
            "", color=soft, background=back, align=CENTER, max_lines=2, role="status"
        )
        self.next_try = FitLabel("", color=soft, background=back, align=CENTER, role="status")
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(3)
        layout.addWidget(self.title, 2)
        layout.addWidget(self.hint, 1)
        layout.addStretch(1)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.next_try, 1)
        layout.addStretch(3)
        self._fit_sizes()

    def _fit_sizes(self) -> None:
        short = max(1, min(self.width(), self.height()))
        floor = STAFF_TEXT_MIN_PX
        self.title.set_sizes(max(floor, round(short * 0.075)), floor)
        self.hint.set_sizes(max(floor, round(short * 0.035)), floor)
        self.status.set_sizes(max(floor, round(short * 0.028)), floor)
        self.next_try.set_sizes(max(floor, round(short * 0.028)), floor)
        margin = round(self.width() * 0.08)
        self._layout.setContentsMargins(margin, 0, margin, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit_sizes()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PALETTE.blue_deep))
        painter.end()

    def text_items(self) -> list[TextItem]:
        labels = (self.title, self.hint, self.status, self.next_try)
        return [item for label in labels for item in label.text_items()]

    # --- trying ----------------------------------------------------------------------------
    def start(self) -> None:
        """Make the first attempt now (in the background); later ones follow by themselves."""
        self._tick.start()
        self._attempt()

    def stop(self) -> None:
        """No more attempts; an attempt still running is ignored when it ends."""
        self.done = True
        self._retry.stop()
        self._tick.stop()

    def next_delay(self) -> float:
        """Seconds before the next attempt after ``attempts`` failed ones."""
        return self._delays[min(max(self.attempts - 1, 0), len(self._delays) - 1)]

    @Slot()
    def _attempt(self) -> None:
        if self.done or self._running:
            return
        self._running = True
        self.attempts += 1
        self.last_attempt = dt.datetime.now().astimezone()
        attempt, relay, try_connect = self.attempts, self._relay, self._try_connect

        def run() -> None:
            try:
                result = try_connect()
            except BaseException as exc:  # handed to the GUI thread, which decides
                relay.failed.emit(attempt, exc)
            else:
                relay.succeeded.emit(attempt, result)

        # A daemon thread: an attempt stuck in a network timeout never holds up the exit.
        threading.Thread(target=run, name=f"antrean-connect-{attempt}", daemon=True).start()
        self._show_status()

    @Slot(int, object)
    def _succeeded(self, attempt: int, result: object) -> None:
        self._running = False
        if self.done:
            return
        log.info("database answered after %d attempt(s)", attempt)
        self.stop()
        self._on_ready(result)

    @Slot(int, BaseException)
    def _failed(self, attempt: int, exc: BaseException) -> None:
        self._running = False
        if self.done:
            return
        if not self._should_retry(exc):
            log.info("not connecting again: %s", first_line(exc))
            self.stop()
            if self._on_give_up is not None:
                self._on_give_up(exc)
            return
        self.last_reason = self._describe(exc)
        delay = self.next_delay()
        if attempt == 1:  # once, not every few seconds all morning
            log.info("database not reachable yet, trying again: %s", first_line(exc))
        self._next_try_at = dt.datetime.now().astimezone() + dt.timedelta(seconds=delay)
        self._retry.start(round(delay * 1000))
        self._show_status()

    @Slot()
    def _show_status(self) -> None:
        if self.last_attempt is None or self.attempts < 2 and self._running:
            self.status.setText("")
            self.next_try.setText("")
            return
        when = clock_time(self.last_attempt, self.lang, seconds=True)
        if self._running:
            self.status.setText(
                self.tr("Mencoba lagi… (percobaan terakhir {time})").format(time=when)
            )
            self.next_try.setText("")
            return
        self.status.setText(
            self.tr("Percobaan terakhir {time}: {reason}").format(
                time=when, reason=self.last_reason
            )
        )
        if self._next_try_at is not None:
            left = (self._next_try_at - dt.datetime.now().astimezone()).total_seconds()
            self.next_try.setText(
                self.tr("Mencoba lagi dalam {seconds} detik.").format(seconds=max(1, round(left)))
            )
