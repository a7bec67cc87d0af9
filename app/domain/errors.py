"""Typed errors of the queue domain.

``KnownError`` is the world saying no (a closed service, an empty queue, a dead printer):
it carries a message for the person in Indonesian and English and a stable ``code`` for
scripts. Anything that is not a ``KnownError`` is a bug.
"""

from __future__ import annotations


class KnownError(Exception):
    """An expected refusal, shown to the person in their language."""

    code = "error"
    exit_code = 1  # 2 is argparse's usage error; see docs/cli.md for the table

    def __init__(self, message_id: str, message_en: str, **details: object) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        self.details = details

    def message(self, lang: str = "id") -> str:
        return self.message_id if lang == "id" else self.message_en


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
