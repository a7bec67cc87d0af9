"""A throwaway PostgreSQL server for the test suite and the benchmarks.

From Python::

    server = PgServer.start(tmp_path)
    try:
        url = server.create_database("antrean_x")  # postgresql+psycopg://...
        ...
    finally:
        server.stop()

From a shell (run from the repository root)::

    env=$(python -m tests.support.pgserver start --dir "$D") && eval "$env"
    ...
    python -m tests.support.pgserver stop --dir "$D"

The cluster is fast but not durable (fsync off), listens only on 127.0.0.1 on a free port, has
no Unix socket (so it never meets a system cluster on 5432) and trusts loopback connections.
It has the superuser ``postgres`` and a role and database ``antrean_test``.

initdb refuses to run as root, so under root the server runs as the ``postgres`` account, in a
private temporary directory owned by that account. The binaries are looked up in
``$ANTREAN_PG_BIN``, then Debian's ``/usr/lib/postgresql/<version>/bin`` (newest first), then
``PATH``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

STATE_FILE = "pgserver.json"
HOST = "127.0.0.1"
SUPERUSER = "postgres"
TEST_ROLE = "antrean_test"
TEST_DATABASE = "antrean_test"
SERVICE_ACCOUNT = "postgres"
START_ATTEMPTS = 3
INITDB_OPTIONS = (
    "--auth=trust",
    "--encoding=UTF8",
    "--no-locale",
    "--no-sync",
    "--no-instructions",
)
SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "log_min_messages": "warning",
}


class PgServerError(RuntimeError):
    """The throwaway server could not be found, started or stopped."""


def find_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    override = os.environ.get("ANTREAN_PG_BIN")
    if override:
        path = Path(override)
        if not (path / "initdb").exists():
            raise PgServerError(f"ANTREAN_PG_BIN={override} has no initdb in it")
        return path
    debian = list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if debian:
        newest = max(debian, key=lambda p: _version_key(p.parent.parent.name))
        return newest.parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _service_account() -> str | None:
    """The account that must run the server, or None to run it as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        raise PgServerError(
            "running as root, but there is no 'postgres' account to run the server as; "
            "install the postgresql package or run as a normal user"
        ) from None
    return SERVICE_ACCOUNT


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _clean_env() -> dict[str, str]:
    """Our environment without PG* variables, which would redirect initdb and pg_ctl."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


@dataclass
class PgServer:
    """A running throwaway cluster; build it with :meth:`start`, end it with :meth:`stop`."""

    bin_dir: Path
    work_dir: Path
    base_dir: Path
    run_as: str | None
    port: int = 0
    _stopped: bool = field(default=False, repr=False)

    @classmethod
    def start(cls, base_dir: Path | str, *, timeout: float = 30.0) -> PgServer:
        """Create a fresh cluster, start it and create the ``antrean_test`` role and database.

        ``base_dir`` receives the state file that :meth:`load` and the CLI's ``stop`` read.
        """
        base = Path(base_dir).resolve()
        base.mkdir(parents=True, exist_ok=True)
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise PgServerError(
                "no PostgreSQL server binaries (initdb, pg_ctl) found; on Debian/Ubuntu run "
                "'apt-get install postgresql', or point ANTREAN_PG_BIN at their directory"
            )
        run_as = _service_account()
        server = cls(bin_dir=bin_dir, work_dir=_make_work_dir(run_as), base_dir=base, run_as=run_as)
        try:
            server._initdb()
            server._launch(timeout)
            server._create_test_database()
            server._save_state()
        except BaseException:
            server.stop()
            raise
        log.info("PostgreSQL %s started on %s:%d", bin_dir, HOST, server.port)
        return server

    @classmethod
    def load(cls, base_dir: Path | str) -> PgServer:
        """The server that :meth:`start` recorded in ``base_dir``."""
        state_path = Path(base_dir).resolve() / STATE_FILE
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PgServerError(f"no server recorded in {state_path.parent}") from None
        return cls(
            bin_dir=Path(state["bin_dir"]),
            work_dir=Path(state["work_dir"]),
            base_dir=state_path.parent,
            run_as=state["run_as"],
            port=int(state["port"]),
        )

    @property
    def data_dir(self) -> Path:
        return self.work_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.work_dir / "server.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``antrean_test`` database, as the ``antrean_test`` role."""
        return self.url_for(TEST_DATABASE)

    @property
    def admin_url(self) -> str:
        """SQLAlchemy URL of the ``postgres`` database, as the superuser."""
        return self.url_for("postgres", user=SUPERUSER)

    def url_for(self, database: str, *, user: str = TEST_ROLE) -> str:
        return f"postgresql+psycopg://{user}@{HOST}:{self.port}/{database}"

    def dsn(self, database: str = TEST_DATABASE, *, user: str = TEST_ROLE) -> str:
        """A plain libpq connection string, for psycopg.connect()."""
        return f"postgresql://{user}@{HOST}:{self.port}/{database}"

    def create_database(self, name: str, *, owner: str = TEST_ROLE) -> str:
        """Create an empty database owned by ``owner``; return its SQLAlchemy URL."""
        statement = sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(name), sql.Identifier(owner)
        )
        with self._admin_connection() as conn:
            conn.execute(statement)
        return self.url_for(name, user=owner)

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever still uses it."""
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        with self._admin_connection() as conn:
            conn.execute(statement)

    def stop(self) -> None:
        """Stop the server (if it runs) and delete its data; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        failure = None
        if (self.data_dir / "postmaster.pid").exists():
            result = self._run_pg(
                "pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop", check=False
            )
            if result.returncode != 0:
                failure = f"pg_ctl stop failed: {result.stderr.strip() or result.stdout.strip()}"
        shutil.rmtree(self.work_dir, ignore_errors=failure is not None)
        (self.base_dir / STATE_FILE).unlink(missing_ok=True)
        if failure:
            raise PgServerError(failure)

    def __enter__(self) -> PgServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------------------

    def _run_pg(
        self, tool: str, *args: str, check: bool = True, timeout: float = 60.0
    ) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        result = subprocess.run(
            command,
            cwd=self.work_dir,
            env=_clean_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise PgServerError(
                f"{tool} exited with {result.returncode}: "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return result

    def _initdb(self) -> None:
        self._run_pg("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, *INITDB_OPTIONS)
        lines = "".join(f"{key} = {value}\n" for key, value in SETTINGS.items())
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# throwaway test server\n" + lines)

    def _launch(self, timeout: float) -> None:
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = _free_port()
            result = self._run_pg(
                "pg_ctl",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-w",
                "-t",
                str(int(timeout)),
                "-o",
                f"-p {self.port}",
                "start",
                check=False,
                timeout=timeout + 10,
            )
            if result.returncode == 0:
                return
            server_log = self._log_tail()
            if "could not bind" not in server_log or attempt == START_ATTEMPTS:
                raise PgServerError(
                    f"PostgreSQL did not start: {result.stderr.strip()}\n{server_log}"
                )
            log.warning("port %d was taken; retrying on another", self.port)

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _create_test_database(self) -> None:
        role = sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(TEST_ROLE))
        with self._admin_connection() as conn:
            conn.execute(role)
        self.create_database(TEST_DATABASE)

    def _admin_connection(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            self.dsn("postgres", user=SUPERUSER), autocommit=True, connect_timeout=10
        )

    def _save_state(self) -> None:
        state = {
            "bin_dir": str(self.bin_dir),
            "work_dir": str(self.work_dir),
            "run_as": self.run_as,
            "port": self.port,
        }
        (self.base_dir / STATE_FILE).write_text(json.dumps(state, indent=2), encoding="utf-8")


def _make_work_dir(run_as: str | None) -> Path:
    """A private directory the server account owns (and can reach: /tmp, not a root-only dir)."""
    if run_as is None:
        return Path(tempfile.mkdtemp(prefix="antrean-pg-"))
    work = Path(tempfile.mkdtemp(prefix="antrean-pg-", dir="/tmp"))
    account = pwd.getpwnam(run_as)
    os.chown(work, account.pw_uid, account.pw_gid)
    return work


def _export_lines(server: PgServer) -> str:
    exports = {
        "ANTREAN_TEST_PG_URL": server.url,
        "ANTREAN_TEST_PG_ADMIN_URL": server.admin_url,
        "ANTREAN_TEST_PG_PORT": str(server.port),
    }
    return "".join(f"export {key}={shlex.quote(value)}\n" for key, value in exports.items())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.pgserver",
        description="Start or stop a throwaway PostgreSQL server for tests.",
    )
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--dir", required=True, type=Path, help="where the state file lives")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="pgserver: %(message)s")
    try:
        if args.action == "start":
            server = PgServer.start(args.dir)
            sys.stdout.write(_export_lines(server))
        else:
            PgServer.load(args.dir).stop()
    except PgServerError as error:
        print(f"pgserver: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
