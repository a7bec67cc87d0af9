"""Bad ``--db`` targets, each with the exit code the README promises for it.

Shared by ``test_bad_db_targets.py`` and ``fuzz_cli_sweep.py``. A target is built in a
folder the test gives it and yields the URL to pass as ``--db``; ``guarded`` names files
whose bytes must be the same afterwards (Antrean must not touch a database it refuses).
Read-only targets need a user that permissions apply to: under root the command runs as
``nobody`` (``setpriv``), or the target is skipped where that is impossible.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.storage.engine import make_engine
from app.storage.migrate import migrate
from tests.e2e.cli_fuzz import ROOT, cli_env
from tests.support.databases import fresh_pg_database

CONFIG, UNAVAILABLE = 7, 11
Builder = Callable[[Path, "str | None"], AbstractContextManager["Built"]]


@dataclass
class Built:
    """The ``--db`` URL; files whose bytes must not change, and whether the folder beside
    them must not change either (an SQLite file in WAL mode may get its ``-wal``/``-shm``
    companions from any reader, Antrean's read-only look included)."""

    url: str
    guarded: list[Path] = field(default_factory=list)
    same_folder: bool = True
    absent: list[Path] = field(default_factory=list)  # must still not exist afterwards


@dataclass(frozen=True)
class Target:
    name: str
    expected: int
    build: Builder  # (folder, pg server url or None) -> the target, cleaned up after
    needs_pg: bool = False
    needs_permissions: bool = False  # run as a user that file modes apply to

    def __str__(self) -> str:
        return self.name


def _url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def antrean_sqlite(path: Path) -> Path:
    """A real, migrated Antrean database file (closed: no -wal/-shm beside it).

    Copied from one template made once: alembic's context is process-wide, so two threads
    must not migrate at the same time.
    """
    global _template
    with _TEMPLATE_LOCK:
        if _template is None:
            folder = Path(tempfile.mkdtemp(prefix="antrean-template-"))
            atexit.register(shutil.rmtree, folder, True)
            engine = make_engine(_url(folder / "template.db"))
            try:
                migrate(engine)
            finally:
                engine.dispose()
            _template = folder / "template.db"
        shutil.copyfile(_template, path)
    return path


_TEMPLATE_LOCK = threading.Lock()
_template: Path | None = None


def _file(content: bytes) -> Builder:
    @contextmanager
    def build(folder: Path, _pg: str | None) -> Iterator[Built]:
        path = folder / "data.db"
        path.write_bytes(content)
        yield Built(_url(path), [path])

    return build


@contextmanager
def _directory(folder: Path, _pg: str | None) -> Iterator[Built]:
    (folder / "data.db").mkdir()
    yield Built(_url(folder / "data.db"))


@contextmanager
def _corrupt_header(folder: Path, _pg: str | None) -> Iterator[Built]:
    path = antrean_sqlite(folder / "data.db")
    data = bytearray(path.read_bytes())
    data[:16] = b"not sqlite 3 \x00\x00\x00"
    path.write_bytes(bytes(data))
    yield Built(_url(path), [path])


@contextmanager
def _corrupt_pages(folder: Path, _pg: str | None) -> Iterator[Built]:
    path = antrean_sqlite(folder / "data.db")
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - page))
    path.write_bytes(bytes(data))
    yield Built(_url(path), [path], same_folder=False)


@contextmanager
def _truncated(folder: Path, _pg: str | None) -> Iterator[Built]:
    path = antrean_sqlite(folder / "data.db")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    yield Built(_url(path), [path], same_folder=False)


def _foreign(with_alembic: bool) -> Builder:
    @contextmanager
    def build(folder: Path, _pg: str | None) -> Iterator[Built]:
        path = folder / "other-app.db"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
            conn.execute("INSERT INTO customers (name) VALUES ('Siti'), ('Budi')")
            if with_alembic:
                conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
                conn.execute("INSERT INTO alembic_version VALUES ('3f2a1b0c9d8e')")
        conn.close()
        yield Built(_url(path), [path])

    return build


@contextmanager
def _empty_file(folder: Path, _pg: str | None) -> Iterator[Built]:
    (folder / "data.db").touch()
    yield Built(_url(folder / "data.db"))


@contextmanager
def _new_path(folder: Path, _pg: str | None) -> Iterator[Built]:
    yield Built(_url(folder / "new" / "sub" / "data.db"), absent=[folder / "new"])


@contextmanager
def _read_only_file(folder: Path, _pg: str | None) -> Iterator[Built]:
    path = antrean_sqlite(folder / "data.db")
    path.chmod(0o444)
    yield Built(_url(path), [path])


@contextmanager
def _unreadable_file(folder: Path, _pg: str | None) -> Iterator[Built]:
    path = antrean_sqlite(folder / "data.db")
    path.chmod(0o000)
    try:
        yield Built(_url(path))
    finally:
        path.chmod(0o644)


@contextmanager
def _read_only_dir(folder: Path, _pg: str | None) -> Iterator[Built]:
    sub = folder / "ro"
    sub.mkdir()
    path = antrean_sqlite(sub / "data.db")
    path.chmod(0o666)  # the file could be written: only the folder is read-only
    sub.chmod(0o555)
    try:
        yield Built(_url(path), [path])
    finally:
        sub.chmod(0o755)


@contextmanager
def _read_only_dir_new_file(folder: Path, _pg: str | None) -> Iterator[Built]:
    sub = folder / "ro"
    sub.mkdir()
    sub.chmod(0o555)
    try:
        yield Built(_url(sub / "data.db"), absent=[sub / "data.db"])
    finally:
        sub.chmod(0o755)


@contextmanager
def _sqlite_uri_read_only(folder: Path, _pg: str | None) -> Iterator[Built]:
    path = antrean_sqlite(folder / "data.db")
    yield Built(f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true", [path])


@contextmanager
def _parent_is_a_file(folder: Path, _pg: str | None) -> Iterator[Built]:
    (folder / "notes.txt").write_text("x")
    yield Built(_url(folder / "notes.txt" / "data.db"))


@contextmanager
def _name_too_long(folder: Path, _pg: str | None) -> Iterator[Built]:
    yield Built(_url(folder / ("d" * 300 + ".db")))


def _literal(url: str) -> Builder:
    @contextmanager
    def build(_folder: Path, _pg: str | None) -> Iterator[Built]:
        yield Built(url)

    return build


def _pg_variant(change: Callable[[str, str], str]) -> Builder:
    """A fresh PostgreSQL database, its URL changed by ``change(url, admin_dsn)``."""

    @contextmanager
    def build(_folder: Path, pg: str | None) -> Iterator[Built]:
        assert pg is not None
        with fresh_pg_database(pg, prefix="dbt") as url:
            yield Built(change(url, _admin_dsn(url)))

    return build


def _admin_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _unknown_role(url: str, _admin: str) -> str:
    return make_url(url).set(username="no_such_role_x").render_as_string(hide_password=False)


def _missing_database(url: str, _admin: str) -> str:
    return make_url(url).set(database="no_such_db_x").render_as_string(hide_password=False)


def _pg_foreign(url: str, admin: str) -> str:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text)")
        conn.execute("INSERT INTO customers (name) VALUES ('Siti')")
    return url


def _pg_read_only(url: str, admin: str) -> str:
    name = make_url(url).database
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    return url


TARGETS: tuple[Target, ...] = (
    Target("text file", CONFIG, _file(b"Daftar belanja: beras, gula, kopi\n" * 200)),
    Target("binary garbage", CONFIG, _file(bytes((i * 31 + 7) % 256 for i in range(65536)))),
    Target("directory", CONFIG, _directory),
    Target("corrupt header", CONFIG, _corrupt_header),
    Target("corrupt pages", CONFIG, _corrupt_pages),
    Target("truncated database", CONFIG, _truncated),
    Target("foreign SQLite file", CONFIG, _foreign(with_alembic=False)),
    Target("foreign SQLite file with alembic", CONFIG, _foreign(with_alembic=True)),
    Target("parent is a file", CONFIG, _parent_is_a_file),
    Target("file name too long", CONFIG, _name_too_long),
    Target("empty file (fine)", 0, _empty_file),
    Target("new path: only init creates it", CONFIG, _new_path),
    Target("in-memory (fine)", 0, _literal("sqlite://")),
    Target("read-only SQLite URI", UNAVAILABLE, _sqlite_uri_read_only),
    Target("read-only file", UNAVAILABLE, _read_only_file, needs_permissions=True),
    Target("unreadable file", UNAVAILABLE, _unreadable_file, needs_permissions=True),
    Target("read-only folder", UNAVAILABLE, _read_only_dir, needs_permissions=True),
    Target("read-only folder, new file", CONFIG, _read_only_dir_new_file, needs_permissions=True),
    Target("MySQL URL", CONFIG, _literal("mysql://hall@127.0.0.1/antrean")),
    Target("not a URL", CONFIG, _literal("bukan sebuah URL")),
    Target("unknown scheme", CONFIG, _literal("foo://127.0.0.1/antrean")),
    Target("missing driver", CONFIG, _literal("postgresql+nodriver://a@127.0.0.1/antrean")),
    Target("port not a number", CONFIG, _literal("postgresql+psycopg://a@127.0.0.1:abc/x")),
    Target("port out of range", CONFIG, _literal("postgresql+psycopg://a@127.0.0.1:99999/x")),
    Target("PostgreSQL closed port", UNAVAILABLE, _literal("postgresql+psycopg://a@127.0.0.1:1/x")),
    Target("PostgreSQL, no driver named", UNAVAILABLE, _literal("postgresql://a@127.0.0.1:1/x")),
    Target(
        "PostgreSQL unknown host", UNAVAILABLE, _literal("postgresql+psycopg://a@host.invalid/x")
    ),
    Target("PostgreSQL unknown role", CONFIG, _pg_variant(_unknown_role), needs_pg=True),
    Target("PostgreSQL missing database", CONFIG, _pg_variant(_missing_database), needs_pg=True),
    Target("PostgreSQL foreign database", CONFIG, _pg_variant(_pg_foreign), needs_pg=True),
    Target("PostgreSQL read-only", UNAVAILABLE, _pg_variant(_pg_read_only), needs_pg=True),
)


def digest(built: Built) -> dict[str, str]:
    """The bytes of each guarded file, and (``same_folder``) the names beside it."""
    out: dict[str, str] = {}
    for path in built.guarded:
        out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        if built.same_folder:
            out[f"{path.parent}/*"] = ",".join(sorted(p.name for p in path.parent.iterdir()))
    return out


def nobody_prefix() -> list[str] | None:
    """The command prefix that makes file modes apply: [] for a normal user, setpriv for root,
    None when running as root without a way to drop privileges."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def check_target(
    target: Target, pg_url: str | None, prefix: list[str], *, json_mode: bool = False
) -> str:
    """'' when ``antrean --db TARGET status`` gives the target's exit code, one plain line
    on stderr (or a JSON error object), and leaves the guarded files as they were."""
    with tempfile.TemporaryDirectory(prefix="antrean-target-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o777)  # reachable for 'nobody' when file modes are tested under root
        home = folder / "home"  # the data dir (logs), apart from the target's files
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        with target.build(folder, pg_url) as built:
            before = digest(built)
            command = [sys.executable, "-m", "app.cli", "--db", built.url, "status"]
            command += ["--json"] if json_mode else []
            if not target.needs_permissions:
                prefix = []
            done = subprocess.run(
                [*prefix, *command],
                capture_output=True,
                text=True,
                env=cli_env(home),
                cwd=ROOT,
                timeout=120,
                check=False,
            )
            problems = []
            if done.returncode != target.expected:
                problems.append(f"exit {done.returncode}, expected {target.expected}")
            if "Traceback" in done.stdout + done.stderr:
                problems.append("traceback")
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            if json_mode:
                problems += _json_error_problems(done.stdout, done.returncode)
            elif done.returncode and len(lines) != 1:
                problems.append(f"{len(lines)} lines on stderr")
            if digest(built) != before:
                problems.append("the file was changed")
            problems += [f"{path.name} was created" for path in built.absent if path.exists()]
            if problems:
                tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or [""]
                problems.append(f"said: {tail[0][:160]}")
            return "; ".join(problems)


def _json_error_problems(stdout: str, rc: int) -> list[str]:
    try:
        body = json.loads(stdout)
    except ValueError:
        return [f"--json printed no JSON: {stdout[:80]!r}"]
    if rc and (body.get("ok") is not False or "code" not in body.get("error", {})):
        return [f"--json printed no error object: {stdout[:80]!r}"]
    return []
