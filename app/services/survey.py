"""The IKM survey (PermenPANRB 14/2017): record a citizen's answers, report the index.

Open to anyone: the survey is the citizen's, so no use case here takes an ``Actor``. Answers
are anonymous: a row holds the time, the service, the business day, optionally the ticket the
clerk just finished (``feedback.ticket_id``), and the nine scores; nothing about the person.
The sync outbox (``app/sync/sql_outbox.py``) sends every row to HQ by its id.

``ikm_report`` sums the scores per service in one SQL ``GROUP BY`` over the JSON answers
(``json_extract`` on SQLite, ``->>`` on PostgreSQL); the arithmetic after that is exact
(``app.domain.ikm``). The figures are documented in ``docs/ikm.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.errors import InvalidSetting, InvalidTransition, ServiceClosed
from app.domain.ikm import CODES, IkmSummary, summarize, validate_answers
from app.domain.model import TicketStatus
from app.i18n import N_, pick
from app.ports import Clock
from app.services import views
from app.services.context import Context, UowFactory
from app.storage.models import Feedback, Service, Ticket

# A survey started without an invitation is about the counter's last service when that
# service's last ticket there finished at most this long ago (the citizen who just left the
# desk, or the next one a moment later); otherwise the citizen picks the service.
RECENT_MINUTES = 5


@dataclass(frozen=True, slots=True)
class RecordedFeedback:
    id: int
    at: dt.datetime
    service_code: str
    business_date: dt.date
    ticket: str | None  # "A-005" when linked to the ticket just finished


@dataclass(frozen=True, slots=True)
class ServiceChoice:
    code: str
    name_id: str
    name_en: str

    def name(self, lang: str = "id") -> str:
        return pick(lang, self.name_id, self.name_en)


@dataclass(frozen=True, slots=True)
class FinishedTicket:
    """The ticket a counter finished last today: whom the survey screen invites."""

    ticket_id: int
    display: str  # "A-005"
    service: ServiceChoice  # the service that served it (after any transfer)
    finished_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SurveyContext:
    """What a counter's survey screen needs to link answers, read in one unit of work.

    ``services``: the active services the counter serves, in its order (every active service
    when it serves none); ``last_finished``: its last finished ticket today; ``recent``: the
    service of that ticket when it finished at most ``RECENT_MINUTES`` ago, else None.
    """

    counter_number: int
    now: dt.datetime
    services: tuple[ServiceChoice, ...]
    last_finished: FinishedTicket | None
    recent: ServiceChoice | None


@dataclass(frozen=True, slots=True)
class ServiceIkm:
    code: str
    name_id: str
    name_en: str
    summary: IkmSummary


@dataclass(frozen=True, slots=True)
class IkmReport:
    """The IKM of ``date_from``–``date_to`` (business days, inclusive): per service (every
    service, or the one asked for, respondents or not) and over them all (``total``)."""

    date_from: dt.date
    date_to: dt.date
    service: str | None
    services: tuple[ServiceIkm, ...]
    total: IkmSummary


class SurveyService:
    def __init__(self, uow: UowFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def record(
        self,
        service_code: str,
        answers: Mapping[str, object] | Sequence[object],
        *,
        ticket: str | int | None = None,
    ) -> RecordedFeedback:
        """Store one respondent's answers for ``service_code`` (an active service), linked
        to ``ticket`` (``"A-005"`` of today, or a ticket id) when given: that ticket must have
        been finished today by that service, and not rated yet.

        Raises ``InvalidAnswers`` (2), ``NotFound`` (4), ``InvalidTransition`` (5),
        ``ServiceClosed`` (6), or ``ClockUnreliable`` (7).
        """
        checked = validate_answers(answers)
        with self._uow() as uow:
            ctx = Context(uow, self._clock)
            service = ctx.service_by_code(service_code)
            if not service.active:
                raise ServiceClosed(
                    N_("Layanan {code} tidak aktif."),
                    code=service.code,
                )
            linked = None if ticket is None else self._finished_ticket(ctx, ticket, service)
            row = Feedback(
                at=ctx.now,
                service_id=service.id,
                business_date=ctx.today,
                ticket_id=linked.id if linked is not None else None,
                answers=checked,
            )
            uow.session.add(row)
            uow.session.flush()
            uow.commit()
            return RecordedFeedback(
                id=row.id,
                at=row.at,
                service_code=service.code,
                business_date=row.business_date,
                ticket=views.display(ctx, linked) if linked is not None else None,
            )

    def _finished_ticket(self, ctx: Context, ticket: str | int, service: Service) -> Ticket:
        found = (
            ctx.ticket_by_id(ticket, lock=True)
            if isinstance(ticket, int)
            else ctx.ticket_by_display(ticket, lock=True)
        )
        return self._rateable(ctx, found, service)

    def _rateable(self, ctx: Context, found: Ticket, service: Service) -> Ticket:
        shown = views.display(ctx, found)
        if found.business_date != ctx.today or found.status != TicketStatus.FINISHED:
            raise InvalidTransition(
                N_("Nomor {shown} belum selesai dilayani hari ini."),
                shown=shown,
            )
        if found.current_service_id != service.id:
            served = ctx.code_of(found.current_service_id)
            raise InvalidTransition(
                N_("Nomor {shown} dilayani di layanan {served}, bukan {code}."),
                shown=shown,
                served=served,
                code=service.code,
            )
        rated = ctx.session.scalar(select(Feedback.id).where(Feedback.ticket_id == found.id))
        if rated is not None:
            raise InvalidTransition(
                N_("Nomor {shown} sudah mengisi survei."),
                shown=shown,
            )
        return found

    def survey_context(self, counter_number: int) -> SurveyContext:
        """What counter ``counter_number``'s survey screen links to (``NotFound`` if none)."""
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            counter = ctx.counter_by_number(counter_number)
            served = [ctx.services[i] for i in ctx.served_service_ids(counter.id)]
            active = [s for s in served if s.active] or sorted(
                (s for s in ctx.services.values() if s.active), key=lambda s: (s.position, s.code)
            )
            last = ctx.session.scalars(
                select(Ticket)
                .where(
                    Ticket.counter_id == counter.id,
                    Ticket.status == TicketStatus.FINISHED,
                    Ticket.business_date == ctx.today,
                )
                .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
                .limit(1)
            ).first()
            finished = None
            recent = None
            if last is not None and last.finished_at is not None:
                finished = FinishedTicket(
                    last.id,
                    views.display(ctx, last),
                    _choice(ctx.services[last.current_service_id]),
                    last.finished_at,
                )
                if ctx.now - last.finished_at <= dt.timedelta(minutes=RECENT_MINUTES):
                    recent = finished.service
            return SurveyContext(
                counter.number, ctx.now, tuple(_choice(s) for s in active), finished, recent
            )

    def recently_served(self, minutes: int, *, limit: int = 12) -> tuple[FinishedTicket, ...]:
        """Today's tickets finished in the last ``minutes`` and not rated yet, newest first
        (at most ``limit``): the kiosk's list of "which ticket was yours?"."""
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            rated = select(Feedback.id).where(Feedback.ticket_id == Ticket.id).exists()
            found = ctx.session.scalars(
                select(Ticket)
                .where(
                    Ticket.business_date == ctx.today,
                    Ticket.status == TicketStatus.FINISHED,
                    Ticket.finished_at >= ctx.now - dt.timedelta(minutes=minutes),
                    ~rated,
                )
                .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
                .limit(limit)
            ).all()
            return tuple(_finished(ctx, t) for t in found)

    def ticket_to_rate(self, ticket: str | int) -> FinishedTicket:
        """Today's ticket ``ticket`` (``"A-005"`` or an id) when its citizen may still rate it:
        finished today and not rated yet. Raises ``NotFound`` (4) for an unknown number,
        ``InvalidTransition`` (5) for a ticket not finished today or already rated."""
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            found = (
                ctx.ticket_by_id(ticket)
                if isinstance(ticket, int)
                else ctx.ticket_by_display(ticket)
            )
            service = ctx.services[found.current_service_id]
            return _finished(ctx, self._rateable(ctx, found, service))

    def ikm_report(
        self, *, date_from: dt.date, date_to: dt.date, service: str | None = None
    ) -> IkmReport:
        """The IKM of the business days ``date_from``–``date_to`` (inclusive), per service
        and over all (or only ``service``). Raises ``InvalidSetting`` (2) for a reversed
        period, ``NotFound`` (4) for an unknown service."""
        if date_from > date_to:
            raise InvalidSetting(
                N_("Tanggal awal {date_from} sesudah tanggal akhir {date_to}."),
                date_from=date_from,
                date_to=date_to,
            )
        with self._uow(readonly=True) as uow:
            ctx = Context(uow, self._clock)
            wanted = ctx.service_by_code(service) if service is not None else None
            scores = [func.sum(Feedback.answers[c].as_integer()) for c in CODES]
            stmt = (
                select(Feedback.service_id, func.count(Feedback.id), *scores)
                .where(Feedback.business_date.between(date_from, date_to))
                .group_by(Feedback.service_id)
            )
            if wanted is not None:
                stmt = stmt.where(Feedback.service_id == wanted.id)
            sums = {
                int(r[0]): (int(r[1]), [int(v or 0) for v in r[2:]])
                for r in uow.session.execute(stmt)
            }
            chosen = (
                [wanted]
                if wanted is not None
                else sorted(ctx.services.values(), key=lambda s: (s.position, s.code))
            )
            rows = []
            for s in chosen:
                count, element_sums = sums.get(s.id, (0, [0] * len(CODES)))
                rows.append(
                    ServiceIkm(s.code, s.name_id, s.name_en, summarize(count, element_sums))
                )
            total_count = sum(r.summary.respondents for r in rows)
            total_sums = [sum(r.summary.sums[i] for r in rows) for i in range(len(CODES))]
            return IkmReport(
                date_from,
                date_to,
                wanted.code if wanted is not None else None,
                tuple(rows),
                summarize(total_count, total_sums),
            )


def _finished(ctx: Context, ticket: Ticket) -> FinishedTicket:
    assert ticket.finished_at is not None
    return FinishedTicket(
        ticket.id,
        views.display(ctx, ticket),
        _choice(ctx.services[ticket.current_service_id]),
        ticket.finished_at,
    )


def _choice(service: Service) -> ServiceChoice:
    return ServiceChoice(service.code, service.name_id, service.name_en)
