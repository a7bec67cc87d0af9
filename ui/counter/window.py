"""The counter window: one clerk at one counter calls, serves and records tickets.

Every action is one service call on the window's ``TaskRunner`` (off the GUI thread). A
``KnownError`` is shown plainly in the status line in the clerk's language; anything else is
logged with its traceback and shown once as an unexpected error. The window's state comes
from the live feed (``FeedBridge``): another counter's call leaves this list within a poll.

After an action the same worker task reads the counter's state again, so the result shows at
once. Snapshots carry the newest event seq they include; one older than the state on screen
(read by the feed just before the action landed) is dropped instead of undoing it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QDialog

from app.domain.errors import KnownError, QueueEmpty, StorageUnavailable
from app.domain.model import CounterState, Outcome, TicketStatus, TicketView
from app.domain.roles import Actor, Role
from app.ports import Announcement, Announcer, Clock
from app.services.hall import HallService
from app.services.queue import QueueService
from app.services.snapshots import CounterSnapshot, SnapshotService
from app.services.users import UserView
from ui.common.feed import FeedBridge, FeedSource
from ui.common.i18n import SOURCE_LANG, Translations
from ui.common.workers import TaskRunner
from ui.counter.dialogs import FinishDialog, NoShowDialog, TransferDialog
from ui.counter.render import render_snapshot, render_timer, status_colors
from ui.counter.view import CounterLayout

log = logging.getLogger(__name__)

SHORTCUTS: dict[str, tuple[Any, ...]] = {
    "next": (Qt.Key.Key_F1, Qt.Key.Key_Plus),
    "recall": (Qt.Key.Key_F2, Qt.Key.Key_Asterisk),
    "start": (Qt.Key.Key_F3,),
    "finish": (Qt.Key.Key_F4,),
    "no_show": (Qt.Key.Key_F5,),
    "transfer": (Qt.Key.Key_F6,),
    "hold": (Qt.Key.Key_F7,),
    "pause": (Qt.Key.Key_F8,),
}


def as_actor(user: Actor | UserView, counter: int) -> Actor:
    """The clerk as the use cases' actor, signed in at ``counter`` (a screenshot's stand-in
    ``UserView`` becomes the clerk it names)."""
    if isinstance(user, Actor):
        return user
    return Actor(
        user_id=user.id or None, username=user.username, role=Role(user.role), counter=counter
    )


class CounterWindow(CounterLayout):
    action_done = Signal(str)  # the action key, after the service call succeeded
    action_failed = Signal(str, str)  # the action key, the message shown
    logged_out = Signal(object)  # the Actor who left (``switch_clerk`` succeeded)

    def __init__(
        self,
        counter_number: int,
        user: Actor | UserView,
        announcer: Announcer | None = None,
        *,
        queue: QueueService,
        hall: HallService,
        snapshots: SnapshotService,
        feed: FeedSource,
        clock: Clock,
        lang: str = "id",
        poll_interval: float = 0.5,
    ) -> None:
        # The layout sets its texts while it is built: the clerk's language goes in first.
        translations = Translations.installed(lang, ("counter", "common"))
        super().__init__()
        translations.setParent(self)
        self.translations = translations
        self._queue = queue
        self._hall = hall
        self._clock = clock
        self.number = counter_number
        self.user = as_actor(user, counter_number)  # every use case runs for this clerk
        self.announcer = announcer
        self.lang = lang
        self._snapshots = snapshots
        self.snapshot: CounterSnapshot | None = None
        self.dialog: QDialog | None = None
        self.setWindowTitle(self.tr("Antrean — Loket {0}").format(counter_number))
        self.runner = TaskRunner(self)
        self.bridge = FeedBridge(
            feed,
            lambda: snapshots.counter_snapshot(counter_number),
            self,
            poll_interval=poll_interval,
        )
        self._connect_signals()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self.counter_label.setText(self.tr("LOKET {0}").format(counter_number))
        self.clerk_label.setText(self.tr("Petugas: {0}").format(user.username))
        self.show_status(self.tr("Memuat…"), "info")

    def _connect_signals(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "next": self.call_next,
            "recall": lambda: self._act("recall", lambda n: self._queue.recall(n, **self._u)),
            "start": lambda: self._act("start", lambda n: self._queue.start(n, **self._u)),
            "finish": self.ask_finish,
            "no_show": self.ask_no_show,
            "transfer": self.ask_transfer,
            "hold": lambda: self._act("hold", lambda n: self._queue.hold(n, **self._u)),
            "pause": self.toggle_pause,
        }
        for key, handler in handlers.items():
            button = self.buttons[key]
            button.clicked.connect(handler)
            for seq in SHORTCUTS[key]:
                shortcut = QShortcut(QKeySequence(seq), self)
                shortcut.activated.connect(button.click)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.call_selected.click())
        self.call_selected.clicked.connect(self.call_selected_ticket)
        self.logout_button.clicked.connect(self.switch_clerk)
        self.take_back.clicked.connect(self.take_back_held)
        self.bridge.updated.connect(self._on_feed)
        self.bridge.lost.connect(self._on_lost)
        self.bridge.restored.connect(lambda: self.show_status(self.tr("Terhubung kembali."), "ok"))

    def start(self) -> None:
        self.bridge.start()

    @property
    def _u(self) -> dict[str, Any]:
        return {"actor": self.user}

    # --- actions -------------------------------------------------------------------------
    @Slot()
    def call_next(self) -> None:
        self._act("next", lambda n: self._queue.call_next(n, **self._u))

    @Slot()
    def call_selected_ticket(self) -> None:
        display = self.selected_display()
        if display is None:
            self.show_status(self.tr("Pilih dulu nomor di daftar tunggu."), "warn")
            return
        self._act("call_ticket", lambda n: self._queue.call_ticket(n, display, **self._u))

    @Slot()
    def ask_finish(self) -> None:
        current = self._current()
        if current is None:  # let the core say why (it knows the latest state)
            self._act("finish", lambda n: self._queue.finish(n, **self._u))
            return
        dialog = FinishDialog(current.display, self)
        dialog.chosen.connect(
            lambda outcome: self._act(
                "finish", lambda n: self._queue.finish(n, Outcome(outcome), **self._u)
            )
        )
        self._open(dialog)

    @Slot()
    def ask_no_show(self) -> None:
        current = self._current()
        if current is None:
            self._act("no_show", lambda n: self._queue.no_show(n, **self._u))
            return
        dialog = NoShowDialog(current.display, self)
        dialog.chosen.connect(
            lambda after: self._act(
                "no_show", lambda n: self._queue.no_show(n, requeue_after=after, **self._u)
            )
        )
        self._open(dialog)

    @Slot()
    def ask_transfer(self) -> None:
        current, snap = self._current(), self.snapshot
        if current is None or snap is None:
            self._act("transfer", lambda n: self._queue.transfer(n, to_counter=n, **self._u))
            return
        dialog = TransferDialog(
            current.display,
            current.current_service_code,
            list(snap.services),
            list(snap.counters),
            self.number,
            self,
            lang=self.lang,
        )
        dialog.chosen.connect(
            lambda service, counter, front: self._act(
                "transfer",
                lambda n: self._queue.transfer(
                    n, to_service=service, to_counter=counter, front=front, **self._u
                ),
            )
        )
        self._open(dialog)

    @Slot()
    def take_back_held(self) -> None:
        item = self.held_list.currentItem() or self.held_list.item(0)
        if item is None:
            self.show_status(self.tr("Tidak ada nomor yang ditunda di loket ini."), "warn")
            return
        display = item.data(Qt.ItemDataRole.UserRole)
        self._act("return", lambda n: self._queue.return_held(n, display, **self._u))

    @Slot()
    def toggle_pause(self) -> None:
        state = self.snapshot.counter.state if self.snapshot else CounterState.OPEN
        hall = self._hall
        if state == CounterState.OPEN:
            self._act("pause", lambda n: hall.pause_counter(n, **self._u))
        elif state == CounterState.PAUSED:
            self._act("resume", lambda n: hall.resume_counter(n, **self._u))
        else:
            self._act("open", lambda n: hall.open_counter(n, **self._u))

    @Slot()
    def switch_clerk(self) -> None:
        """Log this clerk out so another can log in: an open counter is paused first (no one
        expects calls from an empty desk); a paused or closed one is left as it is. A ticket
        still at the counter must be finished, held or transferred first."""
        number, user, hall, snapshots = self.number, self.user, self._hall, self._snapshots

        def leave() -> tuple[str | None, CounterState]:
            snap = snapshots.counter_snapshot(number)
            if snap.current is not None:
                return snap.current.display, snap.counter.state
            if snap.counter.state == CounterState.OPEN:
                return None, hall.pause_counter(number, actor=user).state
            return None, snap.counter.state

        self.logout_button.setEnabled(False)
        self.runner.submit(
            leave,
            on_done=lambda done: self._left(*done),
            on_error=self._not_left,
            name="counter-logout",
        )

    def _left(self, busy: str | None, state: CounterState) -> None:
        self.logout_button.setEnabled(True)
        if busy is not None:
            self.show_status(
                self.tr("Selesaikan, tunda atau alihkan dulu {0} sebelum berganti petugas.").format(
                    busy
                ),
                "warn",
            )
            self.action_failed.emit("logout", self.status_line.text())
            return
        log.info("%s logged out at counter %s (counter %s)", self.user.username, self.number, state)
        self.action_done.emit("logout")
        self.logged_out.emit(self.user)

    def _not_left(self, exc: BaseException) -> None:
        self.logout_button.setEnabled(True)
        self._failed("logout", exc)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    @Slot(int)
    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self.activateWindow()  # the F-keys work again at once

    def _act(self, key: str, call: Callable[[int], Any]) -> None:
        number, snapshots = self.number, self._snapshots

        def act_then_read() -> tuple[object, CounterSnapshot | None]:
            result = call(number)
            return result, _state_after(snapshots, number)

        self.runner.submit(
            act_then_read,
            on_done=lambda done: self._done(key, *done),
            on_error=lambda exc: self._failed(key, exc),
            name=f"counter-{key}",
        )

    def _done(self, key: str, result: object, after: CounterSnapshot | None) -> None:
        if after is not None:
            self._take(after)
        elif isinstance(result, TicketView):
            self._apply_ticket(result)
        if isinstance(result, TicketView):
            self.show_status(self._done_text(key, result), "ok")
            if key in ("next", "call_ticket", "recall") and self.announcer is not None:
                self.announcer.announce(
                    Announcement(result.display, self.number, recall=key == "recall")
                )
        else:
            self.show_status(self._done_text(key, None), "ok")
        self.bridge.poke()
        self.action_done.emit(key)

    def _failed(self, key: str, exc: BaseException) -> None:
        if isinstance(exc, QueueEmpty):  # information, not a fault: calm words and colour
            message = self.tr(
                "Belum ada yang menunggu untuk loket {0}. Nomor baru akan muncul di daftar."
            ).format(self.number)
            self.show_status(message, "calm")
            self.bridge.poke()
            self.action_failed.emit(key, message)
            return
        if isinstance(exc, KnownError):
            message = exc.message(self.lang)
        else:
            message = self.tr("Terjadi kesalahan tak terduga; tercatat di log. ({0})").format(
                type(exc).__name__
            )
        self.show_status(message, "error")
        self.bridge.poke()
        self.action_failed.emit(key, message)

    def _done_text(self, key: str, t: TicketView | None) -> str:
        d = t.display if t else ""
        texts = {
            "next": self.tr("{0} dipanggil ke loket {1}."),
            "call_ticket": self.tr("{0} dipanggil (di luar urutan) ke loket {1}."),
            "recall": self.tr("{0} dipanggil ulang."),
            "start": self.tr("Mulai melayani {0}."),
            "finish": self.tr("{0} selesai."),
            "no_show": self.tr("{0} dilewati.")
            if t is None or t.status != TicketStatus.WAITING
            else self.tr("{0} dikembalikan ke antrean."),
            "transfer": self.tr("{0} dialihkan; nomornya tetap."),
            "hold": self.tr("{0} ditunda."),
            "return": self.tr("{0} dilayani kembali."),
            "pause": self.tr("Loket {1} istirahat."),
            "resume": self.tr("Loket {1} buka kembali."),
            "open": self.tr("Loket {1} dibuka."),
        }
        return texts[key].format(d, self.number)

    def _apply_ticket(self, ticket: TicketView) -> None:
        """Patch the action's ticket into the state on screen, when the state itself could not
        be read after the action (the feed's next snapshot replaces the patch)."""
        if self.snapshot is None:
            return
        active = ticket.status.is_active and ticket.counter_number == self.number
        current = ticket if active else None
        if not active and (self.snapshot.current is None or self.snapshot.current.id != ticket.id):
            current = self.snapshot.current
        waiting = tuple(t for t in self.snapshot.waiting if t.id != ticket.id)
        self.snapshot = dataclasses.replace(self.snapshot, current=current, waiting=waiting)
        self.redraw()

    # --- feed and rendering --------------------------------------------------------------
    def show_snapshot(self, snapshot: CounterSnapshot) -> None:
        """Draw ``snapshot`` now, as if the feed had brought it (screenshots, tests)."""
        self._on_feed([], snapshot)

    @Slot(object, object)
    def _on_feed(self, _events: list[object], snapshot: CounterSnapshot) -> None:
        first = self.snapshot is None
        if self._take(snapshot) and first:
            self.show_status(self._ready_text(snapshot.counter.state), "info")

    def _ready_text(self, state: CounterState) -> str:
        if state == CounterState.PAUSED:
            return self.tr(
                "Loket {0} sedang istirahat. Tekan F8 (Lanjut) untuk mulai memanggil."
            ).format(self.number)
        if state == CounterState.CLOSED:
            return self.tr("Loket {0} tutup. Tekan F8 untuk membuka loket.").format(self.number)
        return self.tr("Siap. Tekan F1 untuk memanggil nomor berikutnya.")

    def _take(self, snapshot: CounterSnapshot) -> bool:
        """Show ``snapshot`` unless the window already shows a newer state; True if shown."""
        if self.snapshot is not None and snapshot.seq < self.snapshot.seq:
            return False
        self.snapshot = snapshot
        self.redraw()
        return True

    @Slot(str)
    def _on_lost(self, _why: str) -> None:
        self.show_status(self.tr("Koneksi ke server terputus — mencoba lagi…"), "error")

    def redraw(self) -> None:
        if self.snapshot is not None:
            render_snapshot(self, self.snapshot)
            self._selection_changed()

    @Slot()
    def _tick(self) -> None:
        if self.snapshot is not None:
            render_timer(self, self.snapshot.current, self._clock.now())

    def _current(self) -> TicketView | None:
        return self.snapshot.current if self.snapshot else None

    def selected_display(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    @Slot()
    def _selection_changed(self) -> None:
        display = self.selected_display()
        self.call_selected.setEnabled(display is not None)
        self.call_selected.setText(
            self.tr("Panggil {0} sekarang (di luar urutan)").format(display)
            if display
            else self.tr("Pilih nomor di daftar untuk dipanggil")
        )

    def show_status(self, message: str, kind: str) -> None:
        """``kind``: "ok", "info", "calm" (nothing to do), "warn" or "error"."""
        background, ink = status_colors(kind)
        self.status_line.setText(message)
        self.status_line.setProperty("kind", kind)
        self.status_line.set_color(ink, background)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        before = self.scale
        super().resizeEvent(event)
        if self.scale != before:
            self.redraw()  # the table's cells carry their font

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self.bridge.stop()
        self.runner.wait(10_000)
        self.translations.switch(SOURCE_LANG)  # leave no counter translator behind
        super().closeEvent(event)


def _state_after(snapshots: SnapshotService, number: int) -> CounterSnapshot | None:
    """Counter ``number``'s state read after an action committed, or None when the database
    cannot be read right now: the action went through, and the feed brings the state later."""
    try:
        return snapshots.counter_snapshot(number)
    except StorageUnavailable:
        return None
