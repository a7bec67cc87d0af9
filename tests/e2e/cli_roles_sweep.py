"""The role matrix through the command line as real processes: every guarded ``antrean``
command × nobody, a clerk, a supervisor and an admin.

    .venv/bin/python -m tests.e2e.cli_roles_sweep            # the full sweep, a table
    .venv/bin/python -m tests.e2e.cli_roles_sweep --json     # the same as JSON lines

Each cell runs one ``antrean`` process on its own copy of one prepared hall (a SQLite file:
services A–E, counters 1–5, an admin, a supervisor, a clerk and a disabled clerk, tickets
waiting, one called at counter 1, one held at counter 2, counter 4 paused, counter 5
closed), so every command finds the state it needs and no cell depends on another. A clerk
signs in at the counter the command names (``--counter``), which is the only counter a
clerk may serve.

What each cell must show:

* allowed: exit 0;
* refused: exit 9 (nobody: ``sign_in_required``) or 12 (a role without the permission:
  ``access_denied``), and nothing changed in the database — every table is compared row by
  row before and after, except the audit trail, where the only new row may be the refused
  person's own ``sign_in``.

``tests/e2e/test_cli_roles.py`` runs a fixed sample of these cells in CI; this module is the
full sweep (about 0.6 s a process).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.pool import NullPool

ACTORS: tuple[str | None, ...] = (None, "budi", "iptu.rina", "kapolsek")
ROLE_OF: dict[str | None, str] = {
    None: "none",
    "budi": "clerk",
    "iptu.rina": "supervisor",
    "kapolsek": "admin",
}
PASSWORDS = {
    "kapolsek": "admin-rahasia",
    "iptu.rina": "super-rahasia",
    "budi": "clerk-rahasia",
    "lama": "lama-rahasia",
}
ALL = frozenset({"clerk", "supervisor", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})
ADMINS = frozenset({"admin"})
# Tables whose rows may change on a refusal: none but the audit trail (checked apart).
UNWATCHED = frozenset({"audit", "alembic_version"})


@dataclasses.dataclass(frozen=True)
class Row:
    """One guarded command: its words (``{held}``/``{today}`` filled from the hall), who may
    run it, and what it reads on stdin."""

    name: str
    words: tuple[str, ...]
    allowed: frozenset[str]
    stdin: str = ""


ROWS: tuple[Row, ...] = (
    # a clerk's, at the counter named
    Row("call next", ("call", "next", "--counter", "1"), ALL),
    Row("call ticket", ("call", "ticket", "--counter", "3", "B-002"), ALL),
    Row("call recall", ("call", "recall", "--counter", "1"), ALL),
    Row("call start", ("call", "start", "--counter", "1"), ALL),
    Row("call finish", ("call", "finish", "--counter", "1"), ALL),
    Row("call no-show", ("call", "no-show", "--counter", "1"), ALL),
    Row("call transfer", ("call", "transfer", "--counter", "1", "--to-service", "B"), ALL),
    Row("call hold", ("call", "hold", "--counter", "1"), ALL),
    Row("call return", ("call", "return", "--counter", "2", "{held}"), ALL),
    Row("counter open", ("counter", "open", "--counter", "5"), ALL),
    Row("counter pause", ("counter", "pause", "--counter", "3"), ALL),
    Row("counter resume", ("counter", "resume", "--counter", "4"), ALL),
    Row("counter close", ("counter", "close", "--counter", "3"), ALL),
    # a supervisor's
    Row("ticket cancel", ("ticket", "cancel", "A-003"), SUPERVISORS),
    Row("ticket reprint", ("ticket", "reprint", "A-003"), SUPERVISORS),
    Row("hall set marquee", ("hall", "set", "marquee=Layanan SIM tutup 15.00"), SUPERVISORS),
    Row("day close", ("day", "close"), SUPERVISORS),
    Row("audit", ("audit",), SUPERVISORS),
    Row(
        "report summary", ("report", "summary", "--from", "{today}", "--to", "{today}"), SUPERVISORS
    ),
    Row("clock confirm", ("clock", "confirm"), SUPERVISORS),
    # an admin's
    Row("service set", ("service", "set", "A", "--target", "25"), ADMINS),
    Row(
        "service set colour",
        ("service", "set", "B", "--colour", "#2E7D32", "--description-id", "SKCK baru"),
        ADMINS,
    ),
    Row("service add", ("service", "set", "F", "--name-id", "Tilang"), ADMINS),
    Row("counter assign", ("counter", "assign", "--counter", "1", "--services", "A,B"), ADMINS),
    Row(
        "counter set",
        ("counter", "set", "--counter", "2", "--name", "Loket SIM", "--ratio", "2:1"),
        ADMINS,
    ),
    Row("counter button-box", ("counter", "button-box", "--counter", "2", "on"), ADMINS),
    Row("hall set name", ("hall", "set", "name=Polsek Baru"), ADMINS),
    Row(
        "hall set address",
        ("hall", "set", "address=Jl. Bhayangkara 1", "queue_alert_threshold=20"),
        ADMINS,
    ),
    Row(
        "user add",
        ("user", "add", "baru", "--role", "clerk", "--password-stdin"),
        ADMINS,
        "baru-rahasia\n",
    ),
    Row("user role", ("user", "role", "budi", "supervisor"), ADMINS),
    Row("user disable", ("user", "disable", "budi"), ADMINS),
    Row("user enable", ("user", "enable", "lama"), ADMINS),
    Row(
        "user password", ("user", "password", "budi", "--password-stdin"), ADMINS, "lain-rahasia\n"
    ),
    Row("kiosk-pin", ("kiosk-pin", "--pin-stdin"), ADMINS, "482916\n"),
    Row("init (an admin exists)", ("init", "--admin", "kapolsek2"), ADMINS),
    Row("restore", ("restore", "{work}/copy.db", "--yes"), ADMINS),  # a copy of the hall
)


@dataclasses.dataclass(frozen=True)
class Hall:
    """The prepared hall: its file and what its rows refer to."""

    path: Path
    held: str
    today: str


@dataclasses.dataclass(frozen=True)
class Cell:
    row: str
    actor: str  # none / clerk / supervisor / admin
    expected: int
    got: int
    unchanged: bool | None  # None: not checked (an allowed command may change the hall)
    seconds: float
    output: str = ""

    @property
    def ok(self) -> bool:
        return self.got == self.expected and self.unchanged is not False


def expected_exit(row: Row, user: str | None) -> int:
    role = ROLE_OF[user]
    if role in row.allowed:
        return 0
    return 9 if user is None else 12


def prepare(folder: Path) -> Hall:
    """The hall every cell starts from, built in this process (no CLI: it is not under test)."""
    from app.bootstrap import build_core
    from app.domain.roles import NOBODY
    from app.settings import DatabaseSettings, Settings

    path = folder / "hall.db"
    core = build_core(Settings(database=DatabaseSettings(url=_url(path))))
    try:
        core.setup.seed_typical(5)
        core.users.add_user(NOBODY, "kapolsek", PASSWORDS["kapolsek"], "admin")
        admin = core.access.sign_in("kapolsek", PASSWORDS["kapolsek"], station="sweep")
        core.users.add_user(admin, "iptu.rina", PASSWORDS["iptu.rina"], "supervisor")
        core.users.add_user(admin, "budi", PASSWORDS["budi"], "clerk")
        core.users.add_user(admin, "lama", PASSWORDS["lama"], "clerk")
        core.users.set_active(admin, "lama", False)
        for code in "AAAABB":
            core.queue.issue_ticket(code)
        core.queue.call_next(1, actor=admin)  # A-001 called at counter 1
        core.queue.call_next(2, actor=admin)  # A-002 at counter 2 ...
        held = core.queue.hold(2, actor=admin).display  # ... parked there
        core.hall.pause_counter(4, actor=admin)
        core.hall.close_counter(5, actor=admin)
        today = core.hall.business_date().isoformat()
    finally:
        core.close()
    return Hall(path, held, today)


def run_cell(hall: Hall, row: Row, user: str | None, work: Path) -> Cell:
    """``row`` run by ``user`` on a fresh copy of ``hall`` in ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    db = work / "hall.db"
    shutil.copyfile(hall.path, db)
    shutil.copyfile(hall.path, work / "copy.db")  # what a restore cell restores
    before = dump(db)
    where = work.resolve().as_posix()
    words = [w.format(held=hall.held, today=hall.today, work=where) for w in row.words]
    # a reprint's paper: a picture in the cell's folder, not the user's cache
    picture = (work / "ticket.png").resolve().as_posix()
    (work / "antrean.toml").write_text(f'[printer]\nuri = "preview://{picture}"\n')
    env = dict(
        os.environ,
        ANTREAN_DATA_DIR=str(work),
        ANTREAN_CONFIG=str(work / "antrean.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    env.pop("ANTREAN_PASSWORD", None)
    env.pop("ANTREAN_KIOSK_PIN", None)
    login: list[str] = []
    if user is not None:
        login = ["--user", user]
        env["ANTREAN_PASSWORD"] = PASSWORDS[user]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", _url(db), *login, *words, "--json"],
        input=row.stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - started
    expected = expected_exit(row, user)
    unchanged: bool | None = None
    if expected != 0:
        unchanged = _unchanged(before, dump(db), user)
    return Cell(
        row.name,
        ROLE_OF[user],
        expected,
        done.returncode,
        unchanged,
        seconds,
        (done.stdout + done.stderr)[-600:],
    )


def dump(db: Path) -> dict[str, list[str]]:
    """Every row of every table of ``db``, comparable with ``==``."""
    engine = create_engine(_url(db), poolclass=NullPool)
    try:
        meta = MetaData()
        with engine.connect() as conn:
            meta.reflect(conn)
            return {
                name: sorted(repr(tuple(r)) for r in conn.execute(select(table)).all())
                for name, table in meta.tables.items()
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def _unchanged(before: dict[str, list[str]], after: dict[str, list[str]], user: str | None) -> bool:
    """Nothing changed but, for a person who signed in, their own ``sign_in`` audit row."""
    if set(before) != set(after):
        return False
    for name in before:
        if name in UNWATCHED:
            continue
        if before[name] != after[name]:
            return False
    new = [r for r in after.get("audit", []) if r not in set(before.get("audit", []))]
    allowed = 0 if user is None else 1
    return len(new) <= allowed and all("'sign_in'" in r and repr(user) in r for r in new)


def sweep(cells: Iterable[tuple[Row, str | None]], hall: Hall, work: Path) -> list[Cell]:
    return [run_cell(hall, row, user, work / f"{i:03d}") for i, (row, user) in enumerate(cells)]


def every_cell() -> list[tuple[Row, str | None]]:
    return [(row, user) for row in ROWS for user in ACTORS]


# The commands added with the admin window's new fields: swept whole in the sample too.
NEW_ROWS = ("counter set", "service set colour", "hall set address")


def sample_cells() -> list[tuple[Row, str | None]]:
    """A fixed sample for CI: every (who may run it × actor) pair once, on rows spread over
    each group, and the newest commands × every actor (about 24 processes)."""
    cells: list[tuple[Row, str | None]] = []
    for group in (ALL, SUPERVISORS, ADMINS):
        rows = [r for r in ROWS if r.allowed == group and r.name not in NEW_ROWS]
        for k, user in enumerate(ACTORS):
            cells.append((rows[(k * 3 + 1) % len(rows)], user))
    for row in ROWS:
        if row.name in NEW_ROWS:
            cells += [(row, user) for user in ACTORS]
    return cells


def table(cells: Sequence[Cell]) -> str:
    """One line per command: each actor's exit code, ``!`` after a wrong one."""
    by_row: dict[str, dict[str, Cell]] = {}
    for c in cells:
        by_row.setdefault(c.row, {})[c.actor] = c
    width = max(len(r) for r in by_row) + 2
    head = "command".ljust(width) + "".join(a.ljust(12) for a in ROLE_OF.values())
    lines = [head, "-" * len(head)]
    for name, row in by_row.items():
        parts = []
        for actor in ROLE_OF.values():
            found = row.get(actor)
            if found is None:
                parts.append("".ljust(12))
                continue
            mark = "" if found.ok else (" !" if found.unchanged is not False else " !changed")
            parts.append(f"{found.got}{mark}".ljust(12))
        lines.append(name.ljust(width) + "".join(parts))
    return "\n".join(lines)


def summary(cells: Sequence[Cell], seconds: float) -> dict[str, Any]:
    refused = [c for c in cells if c.expected != 0]
    return {
        "commands": len({c.row for c in cells}),
        "cells": len(cells),
        "allowed_ok": sum(1 for c in cells if c.expected == 0 and c.ok),
        "allowed": sum(1 for c in cells if c.expected == 0),
        "refused_ok": sum(1 for c in refused if c.ok),
        "refused": len(refused),
        "exit_9": sum(1 for c in cells if c.got == 9),
        "exit_12": sum(1 for c in cells if c.got == 12),
        "failures": [dataclasses.asdict(c) for c in cells if not c.ok],
        "seconds": round(seconds, 1),
        "seconds_per_process": round(sum(c.seconds for c in cells) / max(1, len(cells)), 2),
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="the cells and summary as JSON")
    parser.add_argument("--only", help="only commands whose name contains this")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="antrean-roles-") as tmp:
        folder = Path(tmp)
        hall = prepare(folder)
        cells = [(r, u) for r, u in every_cell() if not args.only or args.only in r.name]
        result = sweep(cells, hall, folder / "cells")
    seconds = time.perf_counter() - started
    report = summary(result, seconds)
    if args.json:
        print(json.dumps({"cells": [dataclasses.asdict(c) for c in result], **report}))
    else:
        print(table(result))
        print()
        print(
            f"{report['commands']} commands × 4 actors = {report['cells']} processes in "
            f"{report['seconds']} s ({report['seconds_per_process']} s each): "
            f"allowed {report['allowed_ok']}/{report['allowed']} exit 0, "
            f"refused {report['refused_ok']}/{report['refused']} exit 9/12 with nothing changed"
        )
        for f in report["failures"]:
            print(
                f"FAILED {f['row']} as {f['actor']}: exit {f['got']} "
                f"(expected {f['expected']}), unchanged={f['unchanged']}\n"
                f"  {f['output'].strip()}"
            )
    return 0 if not report["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
