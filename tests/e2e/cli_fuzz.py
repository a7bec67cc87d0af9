"""The ``antrean`` argument grammar as Hypothesis strategies, and what a run must respect.

Shared by ``test_cli_fuzz.py`` (a small fixed sample, in CI) and ``fuzz_cli_sweep.py`` (the
full sweep, run by hand). Every input is run as a real process. A run is good when:

* neither stdout nor stderr holds a traceback;
* the exit code is one the README documents (0, 2–12), never 1 (the last-resort net);
* with ``--json`` every line of stdout is JSON, and a failure says so in JSON;
* without ``--json`` a failure is one line on stderr;
* a refusal (any exit but 0, and 8 where the ticket exists but was not printed) changed
  nothing: services, counters, tickets, settings, users and the last event seq are as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import MetaData, create_engine, func, select
from sqlalchemy.pool import NullPool

from tests.support.actors import admin_env, as_admin

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_EXIT_CODES = frozenset({0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
# A refusal must leave these untouched (sync_state may record an HQ error: exit 10).
WATCHED_TABLES = ("services", "counters", "counter_services", "tickets", "settings", "users")
PROCESS_TIMEOUT = 60.0

# --- values ---------------------------------------------------------------------------------
HUGE = ["18446744073709551616", str(10**40), "9223372036854775808", "2147483648", "1" + "0" * 400]
NEGATIVE = ["-1", "-2147483649", "-9223372036854775809", "-0"]
NOT_A_NUMBER = ["abc", "", " ", "1.5", "1e3", "0x10", "٣", "1_000", "NaN", "🚀"]
LONG = ["A" * 300, "x" * 5000, "é" * 81, "Ω" * 61]
UNICODE = ["é", "🚀", "\u202eA", "ẞ", "A\nB", "ｱ", "\t", "-x", "--", "'; DROP TABLE tickets; --"]
BAD_DATES = ["2026-02-30", "2026-13-01", "0000-01-01", "2026-2-3", "20260230", "besok", ""]
BAD_DATES += ["9999-12-31", "0001-01-01", "2026-11-23T08:00", "2026-11-31"]
BAD_TIMES = ["25:00", "12:60", "24:00", "abc", "-1:00", "8", "08:00:99", "٠٨:٠٠", ""]
BAD_TICKETS = ["A-000", "A-1000", "Z-001", "A--1", "", "A-" + "9" * 30, "x" * 500, "1-001"]
BAD_CODES = ["Z", "AB", "", "1", "ä", "🚀", "a" * 200, "-"]
BAD_FLOATS = ["inf", "-inf", "nan", "1e400", "-1", "0", "abc", "1e-400", str(10**400)]
BAD_PRINTERS = ["foo://x", "tcp://127.0.0.1:9", "usb://zzzz", "x" * 300, "", "serial://"]
BAD_PAIRS = ["timezone=WIT", "=", "name", "nama=x", "priority_ratio=0:0", "day_start=25:00"]
BAD_PAIRS += ["footer_lines=" + "|".join(["x"] * 50), "marquee=" + "m" * 5000, "name="]

HALL = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
SMALL_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
)
RANDOM_INT = st.integers(min_value=-(2**70), max_value=2**70).map(str)


def _pool(valid: Sequence[str], *bad: Sequence[str], extra: Any = None) -> Any:
    """Mostly bad values, now and then a valid one (so that state moves on)."""
    bad_values = st.sampled_from([v for group in bad for v in group])
    choices = [bad_values, bad_values, st.sampled_from(list(valid))]
    if extra is not None:
        choices.append(extra)
    return st.one_of(*choices)


COUNTER = _pool(["1", "2", "3"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0", "100", "99"], extra=RANDOM_INT)
COUNT = _pool(["5"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0", "1000"], extra=RANDOM_INT)
POSITION = _pool(["0", "2"], HUGE, NEGATIVE, NOT_A_NUMBER, extra=RANDOM_INT)
SEQ = _pool(["0", "3"], HUGE, NEGATIVE, NOT_A_NUMBER, extra=RANDOM_INT)
LIMIT = _pool(["5", "200"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0", "100000"], extra=RANDOM_INT)
MINUTES = _pool(["30"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0"], extra=RANDOM_INT)
FLOAT = _pool(["12.5"], BAD_FLOATS, HUGE, NOT_A_NUMBER)
QUOTA = _pool(["none", "200"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0", "1000"])
DATE = _pool(["2026-11-23"], BAD_DATES, extra=SMALL_TEXT)
TIME = _pool(["08:00", "none"], BAD_TIMES, extra=SMALL_TEXT)
TICKET = _pool(["A-001", "B-001", "A-5"], BAD_TICKETS, UNICODE, LONG, extra=SMALL_TEXT)
CODE = _pool(["A", "B", "e"], BAD_CODES, UNICODE, LONG, extra=SMALL_TEXT)
CODES = _pool(["A,B", "C"], BAD_CODES, [",", "A,,Z", ",".join("ABCDE" * 40)], LONG)
TEXT = _pool(["Loket Satu", "SIM"], LONG, UNICODE, [""], extra=SMALL_TEXT)
USERNAME = _pool(["budi"], LONG, UNICODE, ["", " "], extra=SMALL_TEXT)
PRINTER = _pool(["preview:"], BAD_PRINTERS, UNICODE)
PAIR = _pool(["marquee=Selamat datang", "name=PTSP Polres Contoh"], BAD_PAIRS, UNICODE, LONG)
STATUS = _pool(["waiting", "served"], ["", "WAITING", "x" * 300, "🚀"])
OUTCOME = _pool(["served", "incomplete"], ["", "x" * 300, "Served", "🚀"])
STYLE = _pool(["digits", "words"], ["", "x" * 300])
REPEAT = _pool(["1", "2"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0", "4", "1000000"])
BATCH = _pool(["100"], HUGE, NEGATIVE, NOT_A_NUMBER, ["0", "1001"])
DELAY = _pool(["0"], BAD_FLOATS, ["1e9", "-1"])
HQ_URL = _pool(["http://127.0.0.1:9"], ["", "ftp://x", "http://", "x" * 300, "🚀", "http://[::1"])
HALL_ID = _pool([HALL], ["aula-1", "", HALL.upper(), HALL + "0", "🚀"], LONG)
WORD = st.sampled_from(["frobnicate", "", "--nope", "-1", "🚀", "ticket", "x" * 300])

# command -> (fixed words, [(flag or "" for a positional, value strategy, required)])
Slot = tuple[str, Any, bool]
COMMANDS: dict[str, tuple[list[str], list[Slot]]] = {
    "init": (["init"], [("--counters", COUNT, False)]),
    "issue": (["ticket", "issue"], [("--service", CODE, True)]),
    "issue-print": (
        ["ticket", "issue", "--print"],
        [("--service", CODE, True), ("--printer", PRINTER, True)],
    ),
    "reprint": (["ticket", "reprint"], [("", TICKET, True), ("--printer", PRINTER, True)]),
    "list": (["ticket", "list"], [("--status", STATUS, False), ("--date", DATE, False)]),
    "show": (["ticket", "show"], [("", TICKET, True)]),
    "cancel": (["ticket", "cancel"], [("", TICKET, True)]),
    "next": (["call", "next"], [("--counter", COUNTER, True)]),
    "call-ticket": (["call", "ticket"], [("", TICKET, True), ("--counter", COUNTER, True)]),
    "recall": (["call", "recall"], [("--counter", COUNTER, True)]),
    "start": (["call", "start"], [("--counter", COUNTER, True)]),
    "finish": (["call", "finish"], [("--counter", COUNTER, True), ("--outcome", OUTCOME, False)]),
    "no-show": (
        ["call", "no-show"],
        [("--counter", COUNTER, True), ("--requeue-after", POSITION, False)],
    ),
    "transfer": (
        ["call", "transfer"],
        [
            ("--counter", COUNTER, True),
            ("--to-service", CODE, False),
            ("--to-counter", COUNTER, False),
        ],
    ),
    "hold": (["call", "hold"], [("--counter", COUNTER, True)]),
    "return": (["call", "return"], [("", TICKET, True), ("--counter", COUNTER, True)]),
    "counter-move": (
        ["counter"],
        [("", st.sampled_from(["open", "pause", "resume", "close"]), True)]
        + [("--counter", COUNTER, True)],
    ),
    "assign": (
        ["counter", "assign"],
        [("--counter", COUNTER, True), ("--services", CODES, True)],
    ),
    "service-set": (
        ["service", "set"],
        [
            ("", CODE, True),
            ("--name-id", TEXT, False),
            ("--name-en", TEXT, False),
            ("--quota", QUOTA, False),
            ("--opens", TIME, False),
            ("--closes", TIME, False),
            ("--target", MINUTES, False),
            ("--service-minutes", FLOAT, False),
        ],
    ),
    "hall-set": (["hall", "set"], [("", PAIR, True), ("", PAIR, False)]),
    "events": (["events"], [("--after", SEQ, False), ("--limit", LIMIT, False)]),
    "user-add": (
        ["user", "add", "--password-stdin"],
        [("", USERNAME, True), ("--role", st.sampled_from(["clerk", "boss", ""]), False)],
    ),
    "announce": (
        ["announce", "--text"],
        [
            ("", TICKET, True),
            ("--counter", COUNTER, True),
            ("--style", STYLE, False),
            ("--repeat", REPEAT, False),
        ],
    ),
    "sync": (
        ["sync", "--token", "atq_x"],
        [
            ("", st.sampled_from(["status", "--once", "frob"]), True),
            ("--hq-url", HQ_URL, True),
            ("--hall-id", HALL_ID, True),
            ("--batch-size", BATCH, False),
        ],
    ),
    "demo-cli": (
        ["demo-cli"],
        [
            ("--tickets", COUNT, False),
            ("--counters", COUNTER, False),
            ("--delay", DELAY, False),
            ("--seed", RANDOM_INT, False),
        ],
    ),
    "reads": (["status"], []),
    "garbage": ([], [("", WORD, True), ("", WORD, False)]),
}


@dataclass(frozen=True)
class CliInput:
    """One command line (without ``--db``) and what to feed its stdin."""

    command: str
    argv: tuple[str, ...]
    json_mode: bool
    stdin: str = "rahasia123\n"

    def __str__(self) -> str:
        return " ".join(_shell_word(a) for a in self.argv)


def _shell_word(word: str) -> str:
    shown = word if len(word) <= 40 else f"{word[:20]}…({len(word)} chars)"
    return repr(shown) if not shown or any(c in shown for c in " '\"\n\t") else shown


@st.composite
def cli_inputs(draw: Any, commands: Sequence[str] = tuple(COMMANDS)) -> CliInput:
    """A command of the grammar, its flags filled with (mostly) bad values."""
    name = draw(st.sampled_from(list(commands)))
    words, slots = COMMANDS[name]
    argv: list[str] = []
    json_mode = draw(st.booleans())
    if draw(st.booleans()):
        argv += ["--lang", "en"]
    if json_mode and draw(st.booleans()):
        argv.append("--json")
    argv += words
    for flag, values, required in slots:
        if not required and not draw(st.booleans()):
            continue
        value = draw(values)
        if not flag:
            argv.append(value)
        elif draw(st.booleans()):
            argv.append(f"{flag}={value}")  # the only way to pass a value beginning with '-'
        else:
            argv += [flag, value]
    if json_mode and "--json" not in argv:
        argv.append("--json")
    if json_mode and "--" in argv and argv.index("--") < argv.index("--json"):
        json_mode = False  # after a bare '--', "--json" is a value, not the option
    return CliInput(name, tuple(argv), json_mode)


# --- running --------------------------------------------------------------------------------
def cli_env(env_dir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        ANTREAN_DATA_DIR=str(env_dir),
        ANTREAN_CONFIG=str(env_dir / "none.toml"),
        ANTREAN_SPEECH_ENGINE="none",
        PYTHONPATH=str(ROOT),
    )


def run_cli(
    db_url: str, argv: Sequence[str], env_dir: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``antrean --db URL ARGV…`` as a real process (the same module the script entry runs)."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db_url, *as_admin(argv)],  # signed in
        input=stdin,
        capture_output=True,
        text=True,
        env=admin_env(cli_env(env_dir)),
        cwd=env_dir,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )


def snapshot(db_url: str) -> dict[str, Any]:
    """Every row of the watched tables and the last event seq, comparable with ``==``."""
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        meta = MetaData()
        with engine.connect() as conn:
            meta.reflect(conn, only=lambda name, _m: name in (*WATCHED_TABLES, "queue_events"))
            dump: dict[str, Any] = {}
            for name in WATCHED_TABLES:
                if name in meta.tables:
                    rows = conn.execute(select(meta.tables[name])).all()
                    dump[name] = sorted(repr(tuple(r)) for r in rows)
            if "queue_events" in meta.tables:
                events = meta.tables["queue_events"]
                dump["last_seq"] = conn.execute(select(func.max(events.c.seq))).scalar()
            return dump
    finally:
        engine.dispose()


@dataclass
class Verdict:
    """What one run did, and which promises it broke (empty: a good run)."""

    case: CliInput
    returncode: int | None
    problems: list[str] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""

    def describe(self) -> str:
        text = f"antrean {self.case}  → exit {self.returncode}: " + "; ".join(self.problems)
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-1:] or [""]
        return f"{text}\n    last line: {tail[0][:200]}"


def judge(case: CliInput, db_url: str, env_dir: Path) -> Verdict:
    """Run ``case`` against ``db_url`` and check every promise of the module doc."""
    before = snapshot(db_url)
    try:
        done = run_cli(db_url, case.argv, env_dir, case.stdin)
    except subprocess.TimeoutExpired:
        return Verdict(case, None, [f"no answer within {PROCESS_TIMEOUT:.0f} s"])
    verdict = Verdict(case, done.returncode, stdout=done.stdout, stderr=done.stderr)
    rc, out, err = done.returncode, done.stdout, done.stderr
    if "Traceback" in out or "Traceback" in err:
        verdict.problems.append("traceback")
    if rc not in DOCUMENTED_EXIT_CODES:
        verdict.problems.append(f"undocumented exit code {rc}")
    if case.json_mode:
        verdict.problems += _json_problems(out, rc)
    elif rc not in (0, 8):
        lines = [line for line in err.splitlines() if line.strip()]
        if len(lines) != 1:
            verdict.problems.append(f"{len(lines)} lines on stderr, not one sentence")
    if rc not in (0, 8) and snapshot(db_url) != before:
        verdict.problems.append("a refusal changed the database")
    return verdict


def _json_problems(out: str, rc: int) -> list[str]:
    lines = [line for line in out.splitlines() if line.strip()]
    docs = []
    for line in lines:
        try:
            docs.append(json.loads(line))
        except ValueError:
            return [f"--json printed a line that is not JSON: {line[:80]!r}"]
    if rc not in (0, 8) and not any(isinstance(d, dict) and d.get("ok") is False for d in docs):
        return ["--json failure without a JSON error object"]
    return []
