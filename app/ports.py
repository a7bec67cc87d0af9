"""Protocols for everything outside the process: time, printers, speech, HQ.

Adapters live in ``hardware/``, ``app/storage`` and ``app/sync``; services and windows only
know these shapes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from app.domain.wording import Bilingual


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """Timezone-aware current time (UTC)."""
        ...


@runtime_checkable
class ReferenceClock(Protocol):
    """A clock that is not this PC's own (the database server's) and knows how far this PC's
    wall clock is off from it."""

    def now(self) -> dt.datetime: ...

    def offset_seconds(self) -> float | None:
        """This PC's wall clock minus the reference, in seconds; None when unknown."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that tests and simulations move by hand."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = when

    def advance(self, **delta: float) -> dt.datetime:
        self._now += dt.timedelta(**delta)
        return self._now


@dataclass(frozen=True, slots=True)
class PrintableTicket:
    """Everything printed on a paper ticket; built from an issued ticket and settings."""

    ticket_id: int
    display: str  # "A-005"
    service_code: str
    service_name: str  # in the hall's language
    priority: bool
    issued_at_local: dt.datetime  # hall local time
    people_ahead: int
    estimate_minutes: int | None
    hall_name: str
    hall_subtitle: str = ""
    hall_address: str = ""  # under the subtitle; empty: no line
    footer_lines: tuple[str, ...] = ()
    logo_path: str | None = None
    lang: str = "id"
    qr_payload: str = ""  # defaults to "ANTREAN:<ticket_id>:<display>" when empty
    reprint: bool = False


class PrinterState(StrEnum):
    READY = "ready"
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    PAPER_LOW = "paper_low"
    COVER_OPEN = "cover_open"
    UNKNOWN = "unknown"  # the connection cannot report status


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.state in (PrinterState.READY, PrinterState.PAPER_LOW, PrinterState.UNKNOWN)


@runtime_checkable
class TicketPrinter(Protocol):
    def status(self) -> PrinterStatus: ...

    def print_ticket(self, ticket: PrintableTicket) -> None:
        """Print and cut; raise a ``PrinterError`` subclass on failure."""
        ...


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice a speech engine offers: ``id`` as written in ``[speech] voice`` (``id+f3``,
    a pyttsx3 voice id), ``label`` as shown in a list (the admin window's Speech page)."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Announcement:
    """One call to speak: ticket ``display`` ("A-005") to counter ``counter_number``."""

    display: str
    counter_number: int
    recall: bool = False
    seq: int = 0
    extra: dict[str, str] = field(default_factory=dict)


class Announcer(Protocol):
    def announce(self, announcement: Announcement) -> None:
        """Queue an announcement; returns at once, never blocks the caller."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class AnnouncementFailure:
    """An announcement the hall did not hear (no audio device, a player or voice error)."""

    announcement: Announcement
    why: Bilingual  # for the staff

    def message(self, lang: str) -> str:
        return self.why.text(lang)


@runtime_checkable
class ReportingAnnouncer(Announcer, Protocol):
    """An announcer that can tell a window which announcements failed (an addition to
    ``Announcer``: announcers without it simply report nothing)."""

    def watch(
        self,
        on_failed: Callable[[AnnouncementFailure], None],
        on_spoken: Callable[[Announcement], None] | None = None,
    ) -> None:
        """Report every later failed (and, with ``on_spoken``, every played) announcement.

        Callbacks run on the announcer's own thread: bridge them to a GUI with a signal.
        """
        ...
