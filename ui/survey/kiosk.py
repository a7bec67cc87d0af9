"""The IKM survey on the kiosk: a side path from the start screen ("Nilai layanan kami").

The citizen names their ticket — one of those finished in the last ``minutes`` minutes today
and not rated yet (``SurveyService.recently_served``), or typed on a large keypad
(``SurveyService.ticket_to_rate``: finished today, not rated) — then answers the same nine
elements on the same screens as ``antrean survey`` (this is a ``SurveyWindow``: one survey
flow, not two). A ticket answers once: a typed number already rated is told so politely, and
the store refuses a second row. ``left`` is emitted when the survey is over (thanks shown,
given up, or nobody touched it for ``SurveyTimings.idle_ms``): the kiosk goes back to issuing
tickets. Half answers are never stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from app.domain.errors import KnownError
from app.services.survey import FinishedTicket, SurveyService
from ui.common.theme import PALETTE
from ui.survey.flow import Step
from ui.survey.widgets import BigButton
from ui.survey.window import SurveyTimings, SurveyWindow, _label

log = logging.getLogger(__name__)
MAX_TYPED = 6  # "AB-123": a code and a number
MAX_SHOWN = 8  # recent tickets offered as buttons
KEYS_PORTRAIT = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK")
KEYS_LANDSCAPE = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "⌫", "OK")


class KioskSurvey(SurveyWindow):
    left = Signal()

    def __init__(
        self,
        survey: SurveyService,
        *,
        minutes: int,
        lang: str = "id",
        timings: SurveyTimings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.minutes = minutes
        self.codes: list[str] = []
        self.recent: tuple[FinishedTicket, ...] = ()
        self.typed = ""
        self.message = ""
        self.loading = False
        super().__init__(
            survey, None, None, lang=lang, timings=timings or SurveyTimings(), parent=parent
        )
        self.setObjectName("kioskSurvey")
        self.setStyleSheet(f"QWidget#kioskSurvey {{ background: {BG_KIOSK}; }}")

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        super()._build()
        self.ticket_page = QWidget()
        page = QVBoxLayout(self.ticket_page)
        self.ticket_title = _label(bold=True, lines=2)
        page.addWidget(self.ticket_title, 2)
        self.ticket_body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        page.addLayout(self.ticket_body, 8)
        # the recent tickets
        left = QVBoxLayout()
        self.recent_note = _label(lines=3, color=PALETTE.ink_soft)
        left.addWidget(self.recent_note, 1)
        self.recent_grid = QGridLayout()
        left.addLayout(self.recent_grid, 5)
        self.recent_buttons: list[BigButton] = []
        self.ticket_body.addLayout(left, 1)
        # the keypad
        right = QVBoxLayout()
        self.typed_label = _label(bold=True, lines=1, color=PALETTE.blue)
        self.typed_label.setObjectName("typedNumber")
        self.message_label = _label(lines=2, color=PALETTE.red)
        self.message_label.setObjectName("ticketMessage")
        right.addWidget(self.typed_label, 1)
        right.addWidget(self.message_label, 1)
        self.letter_grid = QGridLayout()
        self.letter_keys: list[BigButton] = []
        right.addLayout(self.letter_grid)
        self.keypad = QGridLayout()
        self.keys: dict[str, BigButton] = {}
        for key in KEYS_PORTRAIT:
            button = BigButton(role="primary" if key == "OK" else "plain")
            button.setText(key)
            button.setObjectName(f"key{key}" if key.isdigit() else "keyBack")
            button.clicked.connect(lambda _=False, k=key: self.on_key(k))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.keys[key] = button
        self.keys["OK"].setObjectName("keyOk")
        right.addLayout(self.keypad, 5)
        self.ticket_body.addLayout(right, 1)
        self.stack.addWidget(self.ticket_page)

    def _apply_sizes(self, width: int, height: int) -> None:
        super()._apply_sizes(width, height)
        short = max(1, min(width, height))
        floor = max(1, self.start_button.min_px)
        touch = max(1, self.back_button.minimumHeight())
        portrait = height > width
        self.ticket_body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # a phone's 3×4 keypad when there is height; 4×3 beside the list in landscape
        order, columns = (KEYS_PORTRAIT, 3) if portrait else (KEYS_LANDSCAPE, 4)
        for i, key in enumerate(order):
            self.keypad.addWidget(self.keys[key], i // columns, i % columns)
        self.ticket_body.setSpacing(round(short * 0.04))
        self.ticket_title.setMinimumHeight(round(short * 0.09))
        self.ticket_title.set_sizes(round(short * 0.06), floor)
        self.recent_note.set_sizes(round(short * 0.036), floor)
        self.typed_label.setMinimumHeight(round(touch * 0.8))
        self.typed_label.set_sizes(round(short * 0.08), floor)
        self.message_label.setMinimumHeight(round(short * 0.05))
        self.message_label.set_sizes(round(short * 0.04), floor)
        for button in [*self.recent_buttons, *self.letter_keys, *self.keys.values()]:
            button.setMinimumHeight(touch)
            button.set_sizes(round(short * 0.05), floor)
        for button in self.recent_buttons:
            button.setMaximumHeight(max(touch, round(short * 0.12)))
        spacing = round(short * 0.02)
        for grid in (self.recent_grid, self.letter_grid, self.keypad):
            grid.setSpacing(spacing)

    def _set_recent(self, tickets: Sequence[FinishedTicket]) -> None:
        for button in self.recent_buttons:
            self.recent_grid.removeWidget(button)
            button.deleteLater()
        self.recent_buttons = []
        for i, found in enumerate(tickets[:MAX_SHOWN]):
            button = BigButton(role="plain")
            button.max_lines = 2
            button.setObjectName(f"recent{found.display}")
            button.clicked.connect(lambda _=False, f=found: self.on_ticket(f))
            self.recent_grid.addWidget(button, i // 2, i % 2)
            self.recent_buttons.append(button)
        self.recent_grid.setRowStretch(MAX_SHOWN // 2 + 1, 1)
        self._apply_sizes(self.width(), self.height())

    def _set_letters(self, codes: Sequence[str]) -> None:
        if [b.text() for b in self.letter_keys] == list(codes):
            return
        for button in self.letter_keys:
            self.letter_grid.removeWidget(button)
            button.deleteLater()
        self.letter_keys = []
        columns = min(6, max(1, len(codes)))
        for i, code in enumerate(codes):
            button = BigButton(role="plain")
            button.setText(code)
            button.setObjectName(f"key{code}")
            button.clicked.connect(lambda _=False, k=code: self.on_key(k))
            self.letter_grid.addWidget(button, i // columns, i % columns)
            self.letter_keys.append(button)
        self._apply_sizes(self.width(), self.height())

    # --- the kiosk opens and leaves it ------------------------------------------------------
    def open(self, lang: str, codes: Sequence[str]) -> None:
        """The citizen touched "Nilai layanan kami" on the kiosk (speaking ``lang``)."""
        self.home_lang = lang
        if self.lang != lang:
            self.translations.switch(lang)
        self.codes = [c.upper() for c in codes]
        self.typed, self.message, self.save_error = "", "", None
        self.recent = ()
        self.thanks_timer.stop()
        self.flow.pick_ticket()
        self._set_letters(self.codes)
        self._set_recent(())
        self.loading = True
        self.idle_timer.start()
        self.show_step()
        self.runner.submit(
            lambda: self.survey.recently_served(self.minutes),
            on_done=self._recent_read,
            on_error=self._recent_failed,
            name="survey-recent",
        )

    def abandon(self) -> None:
        """Back to issuing: whatever was not finished is forgotten."""
        self.idle_timer.stop()
        self.thanks_timer.stop()
        self.flow.abandon()
        self.typed, self.message = "", ""
        self._home_language()

    def to_welcome(self) -> None:
        super().to_welcome()
        self.left.emit()

    def on_idle(self) -> None:
        was_open = self.flow.step is not Step.WELCOME
        super().on_idle()
        if was_open:
            self.left.emit()

    def on_back(self) -> None:
        super().on_back()
        if self.flow.step is Step.WELCOME:
            self.left.emit()

    # --- the ticket step ---------------------------------------------------------------------
    def _recent_read(self, tickets: tuple[FinishedTicket, ...]) -> None:
        self.loading = False
        if self.flow.step is not Step.TICKET:
            return
        self.recent = tickets
        self._set_recent(tickets)
        self.show_step()

    def _recent_failed(self, exc: BaseException) -> None:
        self.loading = False
        log.warning("kiosk survey: the recent tickets could not be read: %r", exc)
        if self.flow.step is Step.TICKET:
            self.show_step()

    def on_ticket(self, found: FinishedTicket) -> None:
        self.flow.choose_ticket(found)
        self.show_step()

    def on_key(self, key: str) -> None:
        if self.flow.step is not Step.TICKET:
            return
        self.message = ""
        if key == "⌫":
            self.typed = self.typed[:-1]
        elif key == "OK":
            self._check_typed()
        elif key.isalpha() and any(c.isdigit() for c in self.typed):
            self.typed = key  # a letter after the digits starts a new number
        elif len(self.typed) < MAX_TYPED:
            self.typed += key
        self.show_step()

    def _check_typed(self) -> None:
        typed = self.typed
        if not typed or not typed[0].isalpha() or not typed[-1].isdigit():
            self.message = self.tr("Ketik huruf layanan lalu angka nomor Anda, misalnya A 5.")
            return
        self.runner.submit(
            lambda: self.survey.ticket_to_rate(typed),
            on_done=self._typed_found,
            on_error=self._typed_refused,
            name="survey-ticket",
        )

    def _typed_found(self, found: FinishedTicket) -> None:
        if self.flow.step is Step.TICKET:
            self.on_ticket(found)

    def _typed_refused(self, exc: BaseException) -> None:
        if self.flow.step is not Step.TICKET:
            return
        if isinstance(exc, KnownError):
            self.message = exc.message(self.lang)
        else:
            log.warning("kiosk survey: the ticket could not be checked: %r", exc)
            self.message = self.tr("Nomor belum dapat diperiksa. Mohon beri tahu petugas.")
        self.show_step()

    # --- what it shows ---------------------------------------------------------------------
    def show_step(self) -> None:
        super().show_step()
        if self.flow.step is not Step.TICKET:
            return
        lang = self.lang
        self.back_button.setVisible(True)
        self.stack.setCurrentWidget(self.ticket_page)
        self.ticket_title.setText(self.tr("Nomor antrean Anda yang mana?"))
        if self.loading:
            self.recent_note.setText("…")
        elif self.recent:
            self.recent_note.setText(self.tr("Sentuh nomor Anda, atau ketik nomornya."))
        else:
            self.recent_note.setText(
                self.tr(
                    "Belum ada nomor yang selesai dilayani dalam {minutes} menit terakhir. "
                    "Ketik nomor Anda."
                ).format(minutes=self.minutes)
            )
        for button, found in zip(self.recent_buttons, self.recent, strict=False):
            button.setText(f"{found.display}  ·  {found.service.name(lang)}")
        self.typed_label.setText(_typed_shown(self.typed) or "_")
        self.message_label.setText(self.message)


def _typed_shown(typed: str) -> str:
    """ "A005" → "A-005" as on the ticket; a letter alone stays as typed."""
    letters = "".join(c for c in typed if c.isalpha())
    digits = typed[len(letters) :]
    return f"{letters}-{digits}" if letters and digits else typed


BG_KIOSK = PALETTE.blue_soft


def kiosk_survey(
    survey: SurveyService,
) -> Callable[[QWidget, int, int, str], QWidget]:
    """The kiosk's ``SideScreenFactory`` for this survey service (``ui.kiosk.window``)."""

    def make(parent: QWidget, minutes: int, idle_ms: int, lang: str) -> QWidget:
        timings = SurveyTimings(idle_ms=idle_ms)
        return KioskSurvey(survey, minutes=minutes, lang=lang, timings=timings, parent=parent)

    return make
