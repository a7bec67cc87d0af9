"""Typed errors of the queue domain.

``KnownError`` is the world saying no (a closed service, an empty queue, a dead printer):
it carries a message for the person (an Indonesian template from the gettext catalog, read
in the person's language with ``message(lang)``) and a stable ``code`` for scripts.
Anything that is not a ``KnownError`` is a bug.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Wording(Protocol):
    """A text in both languages (``app.domain.wording.Bilingual``)."""

    def text(self, lang: str = "id") -> str: ...


class KnownError(Exception):
    """An expected refusal, shown to the person in their language.

    ``message`` is an Indonesian template marked with ``N_`` (``N_("Loket {counter} tutup.")``)
    whose ``{fields}`` are filled from ``details``; its English is the gettext catalog's
    (``app.i18n``). A template without details is not formatted (its braces are literal). A
    detail that is a ``Bilingual`` (wording made elsewhere from the catalog) is filled in the
    language asked for; a ``Bilingual`` message is a text composed elsewhere (argparse's).
    """

    code = "error"
    exit_code = 1  # 2 is argparse's usage error; see docs/cli.md for the table

    def __init__(self, message: str | Wording, /, **details: object) -> None:
        super().__init__(message)
        self.template = message
        self.details = details

    def __str__(self) -> str:
        return self.message_en

    def message(self, lang: str = "id") -> str:
        from app.i18n import gettext

        if not isinstance(self.template, str):
            return self.template.text(lang)
        text = gettext(self.template, lang)
        if not self.details:
            return text
        fields = {k: v.text(lang) if isinstance(v, Wording) else v for k, v in self.details.items()}
        return text.format(**fields)

    @property
    def message_id(self) -> str:
        return self.message("id")

    @property
    def message_en(self) -> str:
        return self.message("en")


class NotFound(KnownError):
    code = "not_found"
    exit_code = 4


class InvalidTransition(KnownError):
    """An action that the ticket's or counter's current state does not allow."""

    code = "invalid_transition"
    exit_code = 5


class ServiceClosed(KnownError):
    code = "service_closed"
    exit_code = 6


class QuotaReached(KnownError):
    code = "quota_reached"
    exit_code = 6


class QueueEmpty(KnownError):
    code = "queue_empty"
    exit_code = 3


class CounterUnavailable(KnownError):
    """The counter is closed or paused, or inactive."""

    code = "counter_unavailable"
    exit_code = 5


class StaleTicket(InvalidTransition):
    """An action on a ticket of an earlier business day."""

    code = "stale_ticket"


class SchemaTooNew(KnownError):
    code = "schema_too_new"
    exit_code = 7


class StorageUnavailable(KnownError):
    """The database cannot take the change now (disk full, server away, busy too long)."""

    code = "storage_unavailable"
    exit_code = 11


class ConfigError(KnownError):
    code = "config_error"
    exit_code = 7


class InvalidSetting(ConfigError):
    """A refused setting value (out of range, malformed); nothing was changed.

    Exit code 2, like any other usage error: the person typed something the hall cannot use.
    """

    code = "invalid_setting"
    exit_code = 2


class ClockUnreliable(KnownError):
    """This PC's clock (or the database server's) is too far off to date tickets by it."""

    code = "clock_unreliable"
    exit_code = 7


class HardwareError(KnownError):
    """Base for printer and audio failures."""

    code = "hardware_error"
    exit_code = 8


class PrinterError(HardwareError):
    code = "printer_error"


class PrinterOffline(PrinterError):
    code = "printer_offline"


class PaperOut(PrinterError):
    code = "paper_out"


class CoverOpen(PrinterError):
    code = "cover_open"


class AuthError(KnownError):
    code = "auth_error"
    exit_code = 9


class SignInLocked(AuthError):
    """Too many failed sign-ins (or PINs) here: refused without checking until the wait is
    over (details ``wait_seconds``)."""

    code = "sign_in_locked"


class AccessDenied(KnownError):
    """Signed in, but the role does not allow this use case (or not at this counter)."""

    code = "access_denied"
    exit_code = 12


class SignInRequired(KnownError):
    """A use case that needs a signed-in user was asked for without one."""

    code = "sign_in_required"
    exit_code = 9
