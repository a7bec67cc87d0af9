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

from app.storage.engine import opening_error

_ADVICE_ID = "Minta pengelola server mengubahnya menjadi 'on' di postgresql.conf."
_ADVICE_EN = "Ask the server's administrator to set it to 'on' in postgresql.conf."

# setting -> (the unsafe value, what it risks in Indonesian, in English)
_CHECKS: dict[str, tuple[str, str, str]] = {
    "synchronous_commit": (
        "off",
        "tiket yang sudah diterbitkan dapat hilang bila server mati mendadak",
        "tickets already issued can be lost if the server stops suddenly",
    ),
    "fsync": (
        "off",
        "seluruh basis data dapat rusak bila listrik padam",
        "the whole database can be corrupted by a power cut",
    ),
    "full_page_writes": (
        "off",
        "halaman data dapat rusak bila listrik padam saat menulis",
        "data pages can be torn by a power cut during a write",
    ),
}


@dataclass(frozen=True, slots=True)
class DurabilityWarning:
    """One server setting that puts committed data at risk.

    ``setting`` is the PostgreSQL parameter name, ``value`` its value as ``SHOW`` prints it;
    the messages say what can be lost and what to do, for a supervisor.
    """

    setting: str
    value: str
    message_id: str
    message_en: str

    def message(self, lang: str = "id") -> str:
        """The message in ``lang`` ("en"; anything else gives Indonesian)."""
        return self.message_en if lang == "en" else self.message_id


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
    for name, (unsafe, risk_id, risk_en) in _CHECKS.items():
        value = values[name]
        if value.lower() == unsafe:
            warnings.append(
                DurabilityWarning(
                    setting=name,
                    value=value,
                    message_id=f"Server PostgreSQL memakai {name} = {value}: {risk_id}. "
                    + _ADVICE_ID,
                    message_en=f"The PostgreSQL server runs with {name} = {value}: {risk_en}. "
                    + _ADVICE_EN,
                )
            )
    return warnings
