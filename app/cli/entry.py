"""The ``antrean`` entry point: a one-shot command goes to this PC's command server if one
answers, else it runs in this process as it always did.

Importing the CLI's libraries (SQLAlchemy and its ORM above all) costs most of a one-shot
command's half second. ``antrean serve-commands`` (``app/cli/command_server.py``) keeps them
loaded; this module, which imports the standard library only, sends it the command words,
the working folder and the environment that matter, and prints what the command printed, with
its exit code. The server runs the very same ``app.cli.main.main`` on them, so the output, the
JSON and the exit codes are the ones of the in-process run, and so are the sign-in and role
checks (a request is only words for the same command line).

The command runs in this process instead, exactly as before, when:

* the command is not on ``ONE_SHOT`` (windows, prompts, ``events --follow``, printing,
  ``serve-commands`` itself, ``--help``, anything unknown);
* ``--user`` is given but ``ANTREAN_PASSWORD`` is not (the prompt needs this terminal);
* ``ANTREAN_COMMAND_SERVER=off``;
* no server listens for this user's data folder, its socket file is stale, the key file is
  missing or readable by others, the handshake fails (another key), the server runs other
  code (``code_stamp``) or another request format (``PROTOCOL``), or it is busy for longer
  than ``BUSY_S``;
* the server stops while running a command that only reads.

A server that stops while running a command that changes something (a ticket, a call) leaves
it unknown whether the change was made; running it again here could issue a second ticket or
finish a citizen who was never served, so that one case ends with exit 1 and a sentence
saying to look (``antrean status``, ``antrean events``).

Who can connect: the socket (Linux) lies in the user's data folder and is made ``0600``; both
ends prove they hold the key in ``<data dir>/run/commands.key`` (32 random bytes, ``0600``,
new at each server start) by the standard library's HMAC challenge before anything else is
sent. On Windows it is a named pipe of the user's name and data folder, with the key file in
the user's own ``%LOCALAPPDATA%``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROTOCOL = 1  # the request and reply dicts below; a change in either raises it
SWITCH_ENV = "ANTREAN_COMMAND_SERVER"  # "off": never ask a server
PASSWORD_ENV = "ANTREAN_PASSWORD"  # app.cli.signin.PASSWORD_ENV (a test checks they agree)
CONNECT_S = 1.0  # the server's first word after connecting
BUSY_S = 5.0  # how long a request waits for the one before it, in the server
START_S = BUSY_S + 5.0  # the client's wait for "started" (the server says "busy" before)
KEY_FILE = "commands.key"
SOCKET_FILE = "commands.sock"
_UNIX_PATH_MAX = 100  # sun_path holds 104-108 bytes

# Environment the command reads: its own settings (ANTREAN_*: the database, the password),
# where the settings file and ``~`` are, the language and time zone of the terminal. The
# rest is the server's.
FORWARDED_PREFIXES = ("ANTREAN_", "LC_", "XDG_")
FORWARDED_NAMES = frozenset(
    {"LANG", "LANGUAGE", "TZ", "COLUMNS", "LINES", "HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA"}
)

# (command, action) a server may run: one-shot commands that neither prompt nor wait.
READ_ONLY: frozenset[tuple[str, str | None]] = frozenset(
    {
        ("status", None),
        ("events", None),  # without --follow
        ("ticket", "list"),
        ("ticket", "show"),
        ("counter", "list"),
        ("service", "list"),
        ("hall", "show"),
        ("user", "list"),
    }
)
CHANGING: frozenset[tuple[str, str | None]] = frozenset(
    {("ticket", "issue"), ("ticket", "cancel")}  # issue without --print
    | {
        ("call", a)
        for a in ("next", "ticket", "recall", "start", "finish", "no-show", "transfer", "hold")
    }
    | {("call", "return")}
    | {("counter", a) for a in ("open", "pause", "resume", "close")}
)
ONE_SHOT = READ_ONLY | CHANGING
# Options of the top level and of every command that take a value (``--db URL``).
_VALUE_OPTIONS = frozenset({"--db", "--config", "--lang", "--user"})


def command_of(words: Sequence[str]) -> tuple[str, str | None] | None:
    """The ``(command, action)`` of ``words`` when a server may run it, else None.

    Judged before parsing, so it errs on the safe side: an abbreviated option, ``--``,
    ``--help`` or an unusual order makes it None (the command then runs here, as before)."""
    positional: list[str] = []
    options: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "--" or word == "-h" or word.startswith(("--h", "--v", "--prin")):
            return None  # --help, --version, --print, --printer: in this process
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            options.append(name)
            if "=" not in word and name in _VALUE_OPTIONS:
                skip = True
            continue
        positional.append(word)
    if not positional:
        return None
    key = (positional[0], positional[1] if len(positional) > 1 else None)
    if key not in ONE_SHOT:
        key = (positional[0], None)
    if key not in ONE_SHOT:
        return None
    if key == ("events", None) and any(o.startswith("--f") for o in options):
        return None  # --follow waits for events: in this process
    return key


def _needs_prompt(words: Sequence[str]) -> bool:
    """``--user`` (or a prefix argparse would take for it) without the password's env var."""
    for word in words:
        name = word.split("=", 1)[0]
        if len(name) >= 3 and "--user".startswith(name):
            return PASSWORD_ENV not in os.environ
    return False


def data_dir() -> Path:
    """``app.settings.data_dir()`` without loading the settings (a test checks they agree)."""
    override = os.environ.get("ANTREAN_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import PlatformDirs

    return Path(PlatformDirs("antrean", appauthor=False).user_data_dir)


def _user() -> str:
    try:
        return str(os.getuid())  # type: ignore[attr-defined,unused-ignore]
    except AttributeError:  # Windows
        return os.environ.get("USERNAME", "user")


def address(folder: Path) -> tuple[str, str]:
    """``(address, family)`` of the command server for the data folder ``folder``."""
    tag = hashlib.sha256(f"{_user()}\0{os.path.abspath(folder)}".encode()).hexdigest()[:16]
    if sys.platform == "win32":
        return rf"\\.\pipe\antrean-{tag}", "AF_PIPE"
    path = os.path.join(os.path.abspath(folder), "run", SOCKET_FILE)
    if len(path.encode()) > _UNIX_PATH_MAX:  # a deep data folder: a short private folder
        path = os.path.join(tempfile.gettempdir(), f"antrean-{_user()}", f"{tag}.sock")
    return path, "AF_UNIX"


def key_path(folder: Path) -> Path:
    return folder / "run" / KEY_FILE


def read_key(folder: Path) -> bytes | None:
    """The server's key, or None when it is missing or others could read it."""
    path = key_path(folder)
    try:
        with open(path, "rb") as handle:
            if sys.platform != "win32":
                info = os.fstat(handle.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o077:
                    return None
            key = handle.read(256)
    except OSError:
        return None
    return key if len(key) >= 16 else None


def code_stamp() -> str:
    """Which code answers: the same interpreter, the same files, the same request format.

    A server started before an upgrade (or an edit) differs here and is not asked."""
    parts = [str(PROTOCOL), sys.version, sys.executable]
    if getattr(sys, "frozen", False):  # a bundle: its executable changes with each install
        try:
            parts.append(str(os.stat(sys.executable).st_mtime_ns))
        except OSError:
            parts.append("?")
    else:
        root = Path(__file__).resolve().parents[2]
        newest = 0
        for top in ("app", "hardware"):
            for folder, dirs, files in os.walk(root / top):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                for name in files:
                    if name.endswith(".py"):
                        newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
        parts += [str(root), str(newest)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def forwarded_env(environ: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    return {
        k: v for k, v in environ.items() if k.startswith(FORWARDED_PREFIXES) or k in FORWARDED_NAMES
    }


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError):
        return False


def request_for(words: Sequence[str], folder: Path) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL,
        "stamp": code_stamp(),
        "argv": list(words),
        "cwd": os.getcwd(),
        "env": forwarded_env(os.environ),
        "data_dir": os.path.abspath(folder),
        "tty": {name: _isatty(getattr(sys, name)) for name in ("stdin", "stdout", "stderr")},
        "stdin": False,  # no command on ONE_SHOT reads stdin: the server gives it none
    }


def connect(folder: Path, key: bytes) -> Any:
    """An authenticated connection to the server of ``folder``; raises OSError and the like
    when there is none (a missing or stale socket fails at once)."""
    from multiprocessing.connection import Client, answer_challenge, deliver_challenge

    where, family = address(folder)
    conn = Client(where, family=family)  # no authkey: the handshake below has a timeout
    try:
        if not conn.poll(CONNECT_S):
            raise TimeoutError("the command server did not answer")
        answer_challenge(conn, key)
        deliver_challenge(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def switched_off() -> bool:
    """``ANTREAN_COMMAND_SERVER=off``: no server is asked, and the watchdog starts none."""
    return os.environ.get(SWITCH_ENV, "").strip().lower() in ("off", "0", "no", "false")


def forward(words: Sequence[str]) -> int | None:
    """Run ``antrean <words>`` in this user's command server; its exit code, after printing
    its output here. None: run it in this process (see the module doc)."""
    if switched_off():
        return None
    kind = command_of(words)
    if kind is None or _needs_prompt(words):
        return None
    folder = data_dir()
    key = read_key(folder)
    if key is None:
        return None
    try:
        conn = connect(folder, key)
    except Exception:  # no server, a stale socket, another key: run it here
        return None
    with conn:
        try:
            conn.send(request_for(words, folder))
            if not conn.poll(START_S):
                return None
            first = conn.recv()
        except Exception:
            return None
        if not isinstance(first, dict) or first.get("status") != "started":
            return None  # refused (another version, busy, another folder): nothing ran
        try:
            while not conn.poll(1.0):
                pass
            reply = conn.recv()
        except KeyboardInterrupt:  # the server finishes the command; this one stops waiting
            return 130
        except Exception:
            reply = None
    if not isinstance(reply, dict) or reply.get("status") != "done":
        if kind in READ_ONLY:
            return None  # it only read: run it here
        return _unknown_outcome(words)
    return _replay(reply["output"], int(reply["code"]))


def _replay(output: list[tuple[str, str]], code: int) -> int:
    """Print what the command printed, in order; its exit code (0 when the reader of stdout
    went away, as ``main`` does)."""
    try:
        for name, text in output:
            stream = getattr(sys, name)
            try:
                stream.write(text)
            except UnicodeEncodeError:  # a console that cannot show a character
                stream.flush()
                encoding = stream.encoding or "ascii"
                stream.buffer.write(text.encode(encoding, "replace"))
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `antrean ticket list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


def _unknown_outcome(words: Sequence[str]) -> int:
    """The server stopped in the middle of a command that changes the queue."""
    from app.cli.args import sniff
    from app.cli.output import Output
    from app.i18n import N_

    json_mode, lang = sniff(words)
    out = Output(json_mode=json_mode, lang=lang)
    out.error(
        "command_server_stopped",
        out.say(
            N_(
                "Server perintah berhenti di tengah perintah; belum pasti apakah perintah itu "
                "sudah dijalankan. Periksa dengan 'antrean status' atau 'antrean events' "
                "sebelum mengulanginya."
            )
        ),
    )
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """``antrean``: through the command server when one answers, else in this process."""
    words = list(sys.argv[1:] if argv is None else argv)
    code = forward(words)
    if code is not None:
        return code
    from app.cli.main import main as run_here

    return run_here(words)
