"""Does the database server keep what it reports as committed?

Antrean tells a citizen "your number is A-005" only after the ticket committed. On SQLite the
app sets ``synchronous=FULL`` itself. On PostgreSQL durability rests on server settings the
app does not own; ``durability_warnings`` reads them so the caller can tell the supervisor:

* ``synchronous_commit = off``: the last commits before a crash or power cut are lost
  (up to three times ``wal_writer_delay``), though the server had confirmed them;
* ``fsync = off``: a power cut can corrupt the whole database;
* ``full_page_writes = off``: a power cut during a write can leave torn, unreadable pages.

The values are read with ``SHOW`` on one of the engine's own connections, so they are the
ones the app's sessions run with (``postgresql.conf``, ``ALTER SYSTEM``, ``ALTER DATABASE`` /
``ALTER ROLE ... SET`` and connection options all count).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from app.i18n import N_, gettext
from app.storage.engine import opening_error

_MESSAGE = N_(
    "Server PostgreSQL memakai {setting} = {value}: {risk}. Minta pengelola server "
    "mengubahnya menjadi 'on' di postgresql.conf."
)

# setting -> (the unsafe value, what it risks: a catalog text)
_CHECKS: dict[str, tuple[str, str]] = {
    "synchronous_commit": (
        "off",
        N_("tiket yang sudah diterbitkan dapat hilang bila server mati mendadak"),
    ),
    "fsync": ("off", N_("seluruh basis data dapat rusak bila listrik padam")),
    "full_page_writes": ("off", N_("halaman data dapat rusak bila listrik padam saat menulis")),
}


@dataclass(frozen=True, slots=True)
class DurabilityWarning:
    """One server setting that puts committed data at risk.

    ``setting`` is the PostgreSQL parameter name, ``value`` its value as ``SHOW`` prints it;
    the messages say what can be lost and what to do, for a supervisor.
    """

    setting: str
    value: str
    risk: str  # what it risks (a catalog text, Indonesian)

    def message(self, lang: str = "id") -> str:
        """The message in ``lang`` (the catalog's)."""
        risk = gettext(self.risk, lang)
        return gettext(_MESSAGE, lang).format(setting=self.setting, value=self.value, risk=risk)


def durability_warnings(engine: Engine) -> list[DurabilityWarning]:
    """The settings of ``engine``'s PostgreSQL server that make commits less than durable.

    Checks ``synchronous_commit``, ``fsync`` and ``full_page_writes``, in that order; an
    empty list means all are safe. SQLite (and any other database) gives ``[]``: the app sets
    SQLite's durability itself. One short connection, three ``SHOW`` statements. Raises the
    storage layer's ``StorageUnavailable``/``ConfigError`` when the server cannot be reached
    or refuses the login, and the driver's ``DBAPIError`` for anything else.
    """
    if engine.dialect.name != "postgresql":
        return []
    try:
        with engine.connect() as conn:
            values = {name: str(conn.exec_driver_sql(f"SHOW {name}").scalar()) for name in _CHECKS}
    except DBAPIError as exc:
        known = opening_error(exc, engine.url)
        if known is None:
            raise
        raise known from exc
    warnings = []
    for name, (unsafe, risk) in _CHECKS.items():
        value = values[name]
        if value.lower() == unsafe:
            warnings.append(DurabilityWarning(setting=name, value=value, risk=risk))
    return warnings
