"""Who may run which ``antrean`` command, as real processes (a sample: each costs ~0.6 s).

Nobody gets exit 9, a clerk asking for a supervisor's or admin's command gets 12, and a
refused command changes nothing; reading stays open; ``init`` bootstraps the first admin; a
counter's button box works without a sign-in only where the hall enabled it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli_fuzz import snapshot
from tests.support.databases import sqlite_file_url

PASSWORDS = {"kapolsek": "admin-rahasia", "iptu.rina": "super-rahasia", "budi": "clerk-rahasia"}


def antrean(
    db: str, tmp: Path, *args: str, user: str | None = None, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTREAN_DATA_DIR=str(tmp), ANTREAN_CONFIG=str(tmp / "x.toml"))
    env.pop("ANTREAN_PASSWORD", None)
    words = ["--user", user] if user else []
    if password is not None or user:
        env["ANTREAN_PASSWORD"] = password if password is not None else PASSWORDS[user or ""]
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, *words, *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def result(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def hall_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hall")


@pytest.fixture(scope="module")
def hall(hall_dir: Path) -> str:
    """One hall for the module (a refused command changes nothing; allowed ones add up)."""
    tmp_path = hall_dir
    db = sqlite_file_url(tmp_path)
    done = antrean(db, tmp_path, "init", "--admin", "kapolsek", password="admin-rahasia")
    assert done.returncode == 0, done.stderr
    assert result(done)["result"]["admin"] == "kapolsek"
    for name, role in (("iptu.rina", "supervisor"), ("budi", "clerk")):
        add = subprocess.run(
            [sys.executable, "-m", "app.cli", "--db", db, "--user", "kapolsek", "user", "add",
             name, "--role", role, "--password-stdin"],
            input=PASSWORDS[name] + "\n", capture_output=True, text=True, timeout=120,
            env=dict(os.environ, ANTREAN_DATA_DIR=str(tmp_path),
                     ANTREAN_CONFIG=str(tmp_path / "x.toml"), ANTREAN_PASSWORD="admin-rahasia"),
        )  # fmt: skip
        assert add.returncode == 0, add.stderr
    return db


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (("service", "set", "A", "--target", "25"), {"kapolsek"}),
        (("hall", "set", "name=Polsek Baru"), {"kapolsek"}),
        (("hall", "set", "marquee=Libur"), {"kapolsek", "iptu.rina"}),
        (("call", "next", "--counter", "1"), {"kapolsek", "iptu.rina", "budi"}),
        (("day", "close"), {"kapolsek", "iptu.rina"}),  # the last: it closes the counters
    ],
)
def test_the_role_matrix_through_the_command_line(
    hall: str, hall_dir: Path, args: tuple[str, ...], allowed: set[str]
) -> None:
    tmp_path = hall_dir
    antrean(hall, tmp_path, "ticket", "issue", "--service", "A")
    for user in (None, "budi", "iptu.rina", "kapolsek"):
        if user in allowed:
            continue
        before = snapshot(hall)
        done = antrean(hall, tmp_path, *args, user=user)
        assert done.returncode == (9 if user is None else 12), done.stdout + done.stderr
        code = "sign_in_required" if user is None else "access_denied"
        assert result(done)["error"]["code"] == code
        assert snapshot(hall) == before, f"{args} refused for {user} changed the hall"
    who = sorted(allowed)[0]
    done = antrean(hall, tmp_path, *args, user=who)
    assert done.returncode == 0, done.stdout + done.stderr


def test_wrong_password_reading_and_button_boxes(hall: str, hall_dir: Path) -> None:
    tmp_path = hall_dir
    before = snapshot(hall)
    wrong = antrean(hall, tmp_path, "day", "close", user="kapolsek", password="salah")
    assert wrong.returncode == 9 and result(wrong)["error"]["code"] == "auth_error"
    unknown = antrean(hall, tmp_path, "day", "close", user="siapa", password="salah")
    assert result(unknown)["error"] == result(wrong)["error"]  # says nothing of the name
    assert snapshot(hall) == before
    assert antrean(hall, tmp_path, "status").returncode == 0  # reading needs nobody
    assert antrean(hall, tmp_path, "ticket", "issue", "--service", "A").returncode == 0
    opened = antrean(hall, tmp_path, "counter", "open", "--counter", "2", user="budi")
    assert opened.returncode == 0, opened.stderr  # a clerk signs in at the counter named
    no_box = antrean(hall, tmp_path, "call", "next", "--counter", "2")
    assert no_box.returncode == 9
    on = antrean(hall, tmp_path, "counter", "button-box", "--counter", "2", "on", user="kapolsek")
    assert on.returncode == 0, on.stderr
    called = antrean(hall, tmp_path, "call", "next", "--counter", "2")
    assert called.returncode == 0, called.stdout + called.stderr
    assert result(called)["result"]["service_code"] == "A"
    other = antrean(hall, tmp_path, "call", "recall", "--counter", "3")
    assert other.returncode == 9
    audit = antrean(hall, tmp_path, "audit", user="iptu.rina")
    actions = [e["action"] for e in result(audit)["result"]]
    assert {"sign_in_failed", "button_box", "user_added", "sign_in"} <= set(actions)
    again = antrean(hall, tmp_path, "init", "--admin", "lain", password="x")
    assert again.returncode == 9  # the first admin exists: no second one without signing in
