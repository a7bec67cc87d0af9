"""The survey's steps as plain state (no Qt): welcome → [service] → nine elements → thanks
(on the kiosk: ticket → nine elements → thanks).

One answer per element, a back step, and ``abandon()`` that forgets everything; only a
complete set of nine answers ever leaves (``finish()``). Whom the answers are about:

* an **invitation** (the clerk at this counter just finished a ticket): that ticket and the
  service that served it;
* otherwise the counter's last service when its last ticket finished at most
  ``RECENT_MINUTES`` ago (no ticket: the person may be somebody else);
* otherwise the counter's only service, or the citizen picks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.domain.ikm import CODES
from app.services.survey import FinishedTicket, ServiceChoice, SurveyContext


class Step(Enum):
    WELCOME = "welcome"
    TICKET = "ticket"  # on the kiosk: which ticket was yours?
    SERVICE = "service"
    QUESTION = "question"
    THANKS = "thanks"


@dataclass(frozen=True, slots=True)
class Target:
    service: ServiceChoice
    ticket_id: int | None = None
    ticket_display: str | None = None


@dataclass(frozen=True, slots=True)
class Completed:
    target: Target
    answers: tuple[int, ...]  # nine scores in element order


class SurveyFlow:
    def __init__(self) -> None:
        self.step = Step.WELCOME
        self.index = 0  # the element shown, 0..8
        self.answers: list[int | None] = [None] * len(CODES)
        self.target: Target | None = None
        self.invitation: FinishedTicket | None = None
        self.context: SurveyContext | None = None

    # --- what is known about the counter ---------------------------------------------------
    def update(self, context: SurveyContext) -> None:
        self.context = context

    def invite(self, finished: FinishedTicket) -> bool:
        """The clerk finished ``finished`` here: invite that citizen (only on the welcome
        screen, never in the middle of somebody's answers). True when it was taken."""
        if self.step is not Step.WELCOME:
            return False
        self.invitation = finished
        return True

    # --- the citizen's steps -----------------------------------------------------------------
    def start(self) -> Step:
        """Welcome touched: go to the first element, or ask the service first."""
        if self.invitation is not None:
            found = self.invitation
            self.target = Target(found.service, found.ticket_id, found.display)
        elif self.context is not None and self.context.recent is not None:
            self.target = Target(self.context.recent)
        elif self.context is not None and len(self.context.services) == 1:
            self.target = Target(self.context.services[0])
        else:
            self.target = None
            self.step = Step.SERVICE
            return self.step
        return self._first_question()

    def pick_ticket(self) -> Step:
        """On the kiosk: "Nilai layanan kami" touched; the citizen names their ticket."""
        self._reset()
        self.invitation = None
        self.step = Step.TICKET
        return self.step

    def choose_ticket(self, finished: FinishedTicket) -> Step:
        """The ticket the citizen picked or typed (checked rateable): its service, linked."""
        self.target = Target(finished.service, finished.ticket_id, finished.display)
        return self._first_question()

    def choose_service(self, service: ServiceChoice) -> Step:
        self.target = Target(service)
        return self._first_question()

    def answer(self, score: int) -> Step:
        """Score the element shown; the next one, or ``THANKS`` after the ninth."""
        if self.step is not Step.QUESTION or score not in (1, 2, 3, 4):
            raise ValueError(f"no answer {score} at step {self.step}")
        self.answers[self.index] = score
        if self.index + 1 < len(CODES):
            self.index += 1
        else:
            self.step = Step.THANKS
        return self.step

    def back(self) -> Step:
        """One element back (its answer kept, shown as chosen); from the first, the start."""
        if self.step is Step.QUESTION and self.index > 0:
            self.index -= 1
        elif self.step in (Step.QUESTION, Step.SERVICE, Step.TICKET):
            self.abandon()
        return self.step

    def finish(self) -> Completed:
        """The nine answers and whom they are about (at ``THANKS``); the flow starts over."""
        if self.step is not Step.THANKS or self.target is None or None in self.answers:
            raise ValueError("the survey is not complete")
        done = Completed(self.target, tuple(a for a in self.answers if a is not None))
        self._reset()
        self.step = Step.THANKS
        return done

    def abandon(self) -> None:
        """Forget every answer and the invitation; back to the welcome screen."""
        self._reset()
        self.invitation = None
        self.step = Step.WELCOME

    @property
    def in_progress(self) -> bool:
        return self.step in (Step.TICKET, Step.SERVICE, Step.QUESTION)

    def _first_question(self) -> Step:
        self.invitation = None
        self.index = 0
        self.answers = [None] * len(CODES)
        self.step = Step.QUESTION
        return self.step

    def _reset(self) -> None:
        self.index = 0
        self.answers = [None] * len(CODES)
        self.target = None
