"""Which commands may create a hall's database: only ``antrean init`` and the windows.

Any other command on an SQLite file that does not exist would make an empty database and
answer from it, hiding a mistyped ``--db`` path behind an empty queue (or a green
``antrean doctor``).
"""

from __future__ import annotations

from app.domain.errors import ConfigError
from app.i18n import N_


def require_existing(url: str) -> None:
    """Refuse (``ConfigError``, exit 7) an SQLite database file that does not exist yet.

    ``url`` is the SQLAlchemy URL the command would open. A URL that does not parse, a
    server URL, an in-memory database and a path the system cannot look at are left to the
    engine, which names their faults itself.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from app.storage.engine import sqlite_path

    try:
        path = sqlite_path(make_url(url))
    except (ArgumentError, ValueError):
        return
    try:
        if path is None or path.exists():
            return
    except OSError:  # too long a name, no access: the engine says why
        return
    raise ConfigError(
        N_(
            "Basis data {path} belum ada. Buat dengan `antrean init`, atau periksa alamat"
            " --db / [database] url."
        ),
        path=path.as_posix(),
    )
