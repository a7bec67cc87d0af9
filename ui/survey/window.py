"""The IKM survey screen facing the citizen at a counter (a tablet or a small screen).

Welcome ("Bagaimana pelayanan kami?") → the service, when it is not known → one element per
screen with four faces, progress "3 dari 9" and a back button → thank you. ID/EN at a touch.
After ``SurveyTimings.idle_ms`` without a touch, unfinished answers (and a pending
invitation) are discarded and the welcome screen returns: only nine answers are ever stored.

The window follows its counter on the live feed: a ``finished`` event there invites the
citizen just served, linked to that ticket (``ui.survey.flow``). Every database call
(``SurveyService``) runs on the window's ``TaskRunner`` or the feed's thread, never here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KnownError
from app.domain.ikm import ANSWER_LABELS, CODES, ELEMENTS
from app.domain.model import EventKind, QueueEvent
from app.i18n import other
from app.services.survey import RecordedFeedback, ServiceChoice, SurveyContext, SurveyService
from ui.common.feed import FeedBridge, FeedSource
from ui.common.fit import FitLabel
from ui.common.i18n import Translations
from ui.common.legibility import KIOSK_TEXT_MIN, KIOSK_TOUCH_MIN, floor_px
from ui.common.theme import PALETTE
from ui.common.workers import TaskRunner
from ui.survey.flow import Completed, Step, SurveyFlow
from ui.survey.widgets import BigButton, FaceButton

log = logging.getLogger(__name__)
_INPUT = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)
BG = PALETTE.blue_soft


@dataclass(frozen=True, slots=True)
class SurveyTimings:
    idle_ms: int = 60_000  # no touch this long: unfinished answers are discarded
    thanks_ms: int = 6_000  # the thank-you screen, then welcome again


def _label(bold: bool = False, lines: int = 1, color: str = PALETTE.ink) -> FitLabel:
    return FitLabel(
        bold=bold,
        max_lines=lines,
        color=color,
        background=BG,
        align=Qt.AlignmentFlag.AlignCenter,
    )


class SurveyWindow(QWidget):
    def __init__(
        self,
        survey: SurveyService,
        feed: FeedSource | None,
        counter: int | None,
        *,
        lang: str = "id",
        timings: SurveyTimings = SurveyTimings(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("root")
        self.setWindowTitle(f"Antrean — survei loket {counter}")
        self.setStyleSheet(f"QWidget#root {{ background: {BG}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.survey, self.counter, self.timings = survey, counter, timings
        self.flow = SurveyFlow()
        self.runner = TaskRunner(self)
        self.last_saved: RecordedFeedback | None = None
        self.save_error: str | None = None
        app = QCoreApplication.instance()
        assert app is not None, "create the QApplication first"
        self.translations = Translations(app, self, domains=("survey",))
        self.translations.switch(lang)
        self.home_lang = lang  # the next citizen starts in the hall's language again
        self._build()
        self.idle_timer = QTimer(self, singleShot=True, interval=timings.idle_ms)
        self.idle_timer.timeout.connect(self.on_idle)
        self.thanks_timer = QTimer(self, singleShot=True, interval=timings.thanks_ms)
        self.thanks_timer.timeout.connect(self.to_welcome)
        self.bridge: FeedBridge | None = None
        if feed is not None and counter is not None:
            number = counter
            self.bridge = FeedBridge(feed, lambda: survey.survey_context(number), self)
            self.bridge.updated.connect(self.on_feed)
            self.bridge.start()
        app.installEventFilter(self)
        self.show_step()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        self.top = QHBoxLayout()
        self.back_button = BigButton(role="plain")
        self.back_button.clicked.connect(self.on_back)
        self.progress = _label(bold=True)
        self.lang_button = BigButton(role="plain")
        self.lang_button.clicked.connect(self.toggle_lang)
        self.top.addWidget(self.back_button, 3)
        self.top.addWidget(self.progress, 4)
        self.top.addWidget(self.lang_button, 3)
        root.addLayout(self.top)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        # welcome
        self.welcome = QWidget()
        w = QVBoxLayout(self.welcome)
        self.title = _label(bold=True, lines=2, color=PALETTE.blue)
        self.invite_text = _label(lines=3)
        self.start_button = BigButton(role="primary")
        self.start_button.clicked.connect(self.on_start)
        self.privacy = _label(lines=2, color=PALETTE.ink_soft)
        for widget, stretch in ((self.title, 3), (self.invite_text, 3)):
            w.addWidget(widget, stretch)
        w.addWidget(self.start_button)
        w.addWidget(self.privacy, 2)
        self.stack.addWidget(self.welcome)
        # service
        self.service_page = QWidget()
        s = QVBoxLayout(self.service_page)
        self.service_title = _label(bold=True, lines=2)
        s.addWidget(self.service_title, 2)
        self.service_grid = QGridLayout()
        s.addLayout(self.service_grid, 6)
        self.service_buttons: list[BigButton] = []
        self.stack.addWidget(self.service_page)
        # question
        self.question_page = QWidget()
        q = QVBoxLayout(self.question_page)
        self.element_name = _label(lines=1, color=PALETTE.ink_soft)
        self.question = _label(bold=True, lines=3)
        self.faces_grid = QGridLayout()
        self.faces = [FaceButton(a.score) for a in ANSWER_LABELS]
        for face in self.faces:
            face.clicked.connect(lambda _=False, score=face.score: self.on_answer(score))
        q.addWidget(self.element_name, 1)
        q.addWidget(self.question, 3)
        q.addLayout(self.faces_grid, 7)
        self.stack.addWidget(self.question_page)
        # thanks
        self.thanks_page = QWidget()
        t = QVBoxLayout(self.thanks_page)
        self.thanks_title = _label(bold=True, lines=1, color=PALETTE.blue)
        self.thanks_text = _label(lines=3)
        t.addStretch(1)
        t.addWidget(self.thanks_title, 3)
        t.addWidget(self.thanks_text, 3)
        t.addStretch(1)
        self.stack.addWidget(self.thanks_page)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_sizes(self.width(), self.height())

    def _apply_sizes(self, width: int, height: int) -> None:
        short = max(1, min(width, height))
        floor = floor_px(KIOSK_TEXT_MIN, short)
        touch = max(round(short * 0.1), -(-int(KIOSK_TOUCH_MIN * short * 1000) // 1000))
        margin = round(short * 0.03)
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(margin)
        for button in (self.back_button, self.lang_button):
            button.setFixedHeight(touch)
            button.set_sizes(round(short * 0.04), floor)
        self.progress.setFixedHeight(touch)
        self.progress.set_sizes(round(short * 0.045), floor)
        self.title.set_sizes(round(short * 0.085), floor)
        self.invite_text.set_sizes(round(short * 0.048), floor)
        self.privacy.set_sizes(round(short * 0.032), floor)
        self.start_button.setFixedHeight(round(short * 0.15))
        self.start_button.set_sizes(round(short * 0.06), floor)
        self.service_title.set_sizes(round(short * 0.06), floor)
        for button in self.service_buttons:
            button.setMinimumHeight(touch)  # rows share the page, never below a touch target
            button.setMaximumHeight(max(touch, round(short * 0.11)))
            button.set_sizes(round(short * 0.042), floor)
        self.element_name.set_sizes(round(short * 0.035), floor)
        self.question.set_sizes(round(short * 0.062), floor)
        for face in self.faces:
            face.setMinimumSize(touch, touch)
            face.set_sizes(round(short * 0.042), floor)
        self.thanks_title.set_sizes(round(short * 0.1), floor)
        self.thanks_text.set_sizes(round(short * 0.05), floor)
        self._place_faces(portrait=height > width)

    def _place_faces(self, *, portrait: bool) -> None:
        columns = 2 if portrait else 4
        for i, face in enumerate(self.faces):
            self.faces_grid.addWidget(face, i // columns, i % columns)
        spacing = round(min(self.width(), self.height()) * 0.025)
        self.faces_grid.setSpacing(spacing)
        self.service_grid.setSpacing(spacing)

    def _set_services(self, services: Sequence[ServiceChoice]) -> None:
        if [b.property("code") for b in self.service_buttons] == [s.code for s in services]:
            return
        for button in self.service_buttons:
            self.service_grid.removeWidget(button)
            button.deleteLater()
        self.service_buttons = []
        count, landscape = len(services), self.width() > self.height()
        if landscape:
            columns = 1 if count <= 5 else 2 if count <= 10 else 3
        else:
            columns = 1 if count <= 8 else 2
        for i, service in enumerate(services):
            button = BigButton(role="plain")
            button.max_lines = 2
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setProperty("code", service.code)
            button.clicked.connect(lambda _=False, s=service: self.on_service(s))
            self.service_grid.addWidget(button, i // columns, i % columns)
            self.service_buttons.append(button)
        self.service_grid.setRowStretch(len(services) // columns + 1, 1)
        self._apply_sizes(self.width(), self.height())

    # --- what the window shows --------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.translations.lang

    def show_step(self) -> None:
        step, flow, lang = self.flow.step, self.flow, self.lang
        # the button names the language it switches to, in that language
        names = {"id": self.tr("Bahasa Indonesia"), "en": self.tr("English")}
        self.lang_button.setText(names[other(lang)])
        self.back_button.setText(self.tr("‹ Kembali"))
        self.back_button.setVisible(step in (Step.SERVICE, Step.QUESTION))
        self.progress.setText("")
        if step is Step.WELCOME:
            self.stack.setCurrentWidget(self.welcome)
            self.title.setText(self.tr("Bagaimana pelayanan kami?"))
            invited = flow.invitation
            if invited is not None:
                self.invite_text.setText(
                    self.tr("Nomor {number}, terima kasih sudah dilayani di {service}.").format(
                        number=invited.display, service=invited.service.name(lang)
                    )
                    + " "
                    + self.tr("Mohon nilai pelayanan kami: 9 pertanyaan singkat.")
                )
            else:
                self.invite_text.setText(
                    self.tr("Bantu kami menjadi lebih baik: 9 pertanyaan singkat, satu sentuhan.")
                )
            self.start_button.setText(self.tr("Mulai"))
            self.privacy.setText(
                self.tr("Tanpa nama. Jawaban Anda tidak disimpan bersama data pribadi apa pun.")
            )
        elif step is Step.SERVICE:
            self.stack.setCurrentWidget(self.service_page)
            self.service_title.setText(self.tr("Layanan apa yang baru Anda terima?"))
            services = flow.context.services if flow.context is not None else ()
            self._set_services(services)
            for button, service in zip(self.service_buttons, services, strict=True):
                button.setText(f"{service.code} — {service.name(lang)}")
        elif step is Step.QUESTION:
            self.stack.setCurrentWidget(self.question_page)
            element = ELEMENTS[flow.index]
            self.progress.setText(
                self.tr("{n} dari {total}").format(n=flow.index + 1, total=len(CODES))
            )
            self.element_name.setText(f"{element.code} · {element.name(lang)}")
            self.question.setText(element.question(lang))
            for face, label in zip(self.faces, ANSWER_LABELS, strict=True):
                face.setText(label.label(lang))
                face.setChecked(flow.answers[flow.index] == face.score)
        else:
            self.stack.setCurrentWidget(self.thanks_page)
            if self.save_error is None:
                self.thanks_title.setText(self.tr("Terima kasih!"))
                self.thanks_text.setText(
                    self.tr("Jawaban Anda membantu kami memperbaiki pelayanan.")
                )
            else:
                self.thanks_title.setText(self.tr("Maaf"))
                self.thanks_text.setText(self.save_error)

    # --- the citizen's touches ----------------------------------------------------------------
    def on_start(self) -> None:
        self.flow.start()
        self._touched()
        self.show_step()

    def on_service(self, service: ServiceChoice) -> None:
        self.flow.choose_service(service)
        self.show_step()

    def on_answer(self, score: int) -> None:
        if self.flow.answer(score) is Step.THANKS:
            self._save(self.flow.finish())
        self.show_step()

    def on_back(self) -> None:
        self.flow.back()
        self.show_step()

    def toggle_lang(self) -> None:
        self.translations.switch(other(self.lang))
        self.show_step()

    def to_welcome(self) -> None:
        """Back to the welcome screen (after thanks), in the hall's language."""
        self.thanks_timer.stop()
        self.flow.abandon()
        self.save_error = None
        self._home_language()
        self.show_step()

    def on_idle(self) -> None:
        """Nobody touched the screen for ``idle_ms``: discard what was not finished."""
        if self.flow.in_progress or self.flow.invitation is not None:
            log.info(
                "survey at counter %s left unfinished for %d s: answers discarded",
                self.counter,
                self.timings.idle_ms // 1000,
            )
        self.flow.abandon()
        self._home_language()
        self.show_step()

    def _home_language(self) -> None:
        if self.lang != self.home_lang:
            self.translations.switch(self.home_lang)

    def _touched(self) -> None:
        if self.flow.in_progress or self.flow.invitation is not None:
            self.idle_timer.start()

    def _save(self, done: Completed) -> None:
        self.idle_timer.stop()
        self.save_error = None
        self.thanks_timer.start()
        ticket = done.target.ticket_id
        code = done.target.service.code
        answers = list(done.answers)
        self.runner.submit(
            lambda: self.survey.record(code, answers, ticket=ticket),
            on_done=self._saved,
            on_error=self._not_saved,
            name="survey-record",
        )

    def _saved(self, recorded: RecordedFeedback) -> None:
        self.last_saved = recorded
        log.info("survey answers stored for service %s", recorded.service_code)

    def _not_saved(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.save_error = exc.message(self.lang)
        else:
            self.save_error = self.tr("Jawaban belum tersimpan. Mohon beri tahu petugas.")
        if self.flow.step is Step.THANKS:
            self.show_step()

    # --- the counter, from the live feed --------------------------------------------------------
    def on_feed(self, events: list[QueueEvent], context: SurveyContext) -> None:
        self.apply(context, events)

    def apply(self, context: SurveyContext, events: Sequence[QueueEvent] = ()) -> None:
        """Take the counter's state; a ``finished`` event here invites that citizen."""
        self.flow.update(context)
        finished_here = any(
            e.kind is EventKind.FINISHED and e.counter_number == self.counter for e in events
        )
        if finished_here and context.last_finished is not None:
            if self.flow.step is Step.THANKS:
                self.to_welcome()
            if self.flow.invite(context.last_finished):
                self.idle_timer.start()
        if not self.flow.in_progress:
            self.show_step()

    # --- the window's life ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        mine = isinstance(watched, QWidget) and (watched is self or self.isAncestorOf(watched))
        if mine and event.type() in _INPUT:
            self._touched()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop timers, the feed and the runner; leave no translator installed."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle_timer.stop()
        self.thanks_timer.stop()
        if self.bridge is not None:
            self.bridge.stop()
        self.runner.shutdown()
        self.translations.switch("id")
