"""The ``antrean`` command line as scripts use it: real processes, JSON, exit codes."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.actors import admin_env, as_admin
from tests.support.databases import sqlite_file_url


def run(
    db: str, *args: str, env_dir: Path, check_rc: int | None = 0
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANTREAN_DATA_DIR=str(env_dir), ANTREAN_CONFIG=str(env_dir / "x.toml"))
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, *as_admin(args)],
        capture_output=True,
        text=True,
        env=admin_env(env),
        timeout=120,
        check=False,
    )
    if check_rc is not None:
        assert done.returncode == check_rc, done.stdout + done.stderr
    return done


def run_as(
    db: str, *args: str, env_dir: Path, password: str | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``antrean`` with no test admin: signed in only where ``args`` has ``--user``, with
    ``password`` as ANTREAN_PASSWORD (none: no password at all)."""
    env = dict(os.environ, ANTREAN_DATA_DIR=str(env_dir), ANTREAN_CONFIG=str(env_dir / "x.toml"))
    env.pop("ANTREAN_PASSWORD", None)
    if password is not None:
        env["ANTREAN_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def js(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return sqlite_file_url(tmp_path)


def test_a_morning_through_the_cli(db: str, tmp_path: Path) -> None:
    out = run(db, "init", env_dir=tmp_path)
    assert "Layanan A–E" in out.stdout
    issued = js(run(db, "ticket", "issue", "--service", "B", "--json", env_dir=tmp_path))
    assert issued["ok"] and issued["result"]["ticket"]["display"] == "B-001"  # type: ignore[index]
    run(db, "ticket", "issue", "--service", "B", "--priority", env_dir=tmp_path)
    called = js(run(db, "--json", "call", "next", "--counter", "3", env_dir=tmp_path))
    assert called["result"]["display"] == "B-002"  # type: ignore[index]
    run(db, "call", "recall", "--counter", "3", env_dir=tmp_path)
    run(db, "call", "start", "--counter", "3", env_dir=tmp_path)
    done = js(
        run(
            db,
            "call",
            "finish",
            "--counter",
            "3",
            "--outcome",
            "incomplete",
            "--json",
            env_dir=tmp_path,
        )
    )
    assert done["result"]["outcome"] == "incomplete"  # type: ignore[index]
    status = js(run(db, "status", "--json", env_dir=tmp_path))
    b = [s for s in status["result"] if s["code"] == "B"][0]  # type: ignore[attr-defined]
    assert b["waiting"] == 1 and b["issued_today"] == 2
    listing = run(db, "ticket", "list", env_dir=tmp_path).stdout
    assert "B-001" in listing and "B-002" in listing and "selesai" in listing
    events = run(db, "events", env_dir=tmp_path).stdout
    assert "dipanggil ulang" in events and "selesai" in events  # the reader's words
    english = run(db, "--lang", "en", "events", env_dir=tmp_path).stdout
    assert "recalled" in english and "finished" in english
    wire = run(db, "--json", "events", env_dir=tmp_path).stdout.splitlines()
    kinds = {json.loads(line)["result"]["kind"] for line in wire}  # one object per event
    assert {"recalled", "finished"} <= kinds  # scripts read the wire names


def test_exit_codes_scripts_can_trust(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    empty = run(db, "call", "next", "--counter", "1", "--json", env_dir=tmp_path, check_rc=3)
    assert js(empty)["error"]["code"] == "queue_empty"  # type: ignore[index]
    run(db, "call", "finish", "--counter", "1", env_dir=tmp_path, check_rc=5)
    run(db, "ticket", "issue", "--service", "Z", env_dir=tmp_path, check_rc=4)
    run(db, "counter", "pause", "--counter", "2", env_dir=tmp_path)
    paused = run(db, "call", "next", "--counter", "2", env_dir=tmp_path, check_rc=5)
    assert "istirahat" in paused.stderr
    run(db, "service", "set", "C", "--quota", "1", env_dir=tmp_path)
    run(db, "ticket", "issue", "--service", "C", env_dir=tmp_path)
    full = run(
        db, "--lang", "en", "ticket", "issue", "--service", "C", env_dir=tmp_path, check_rc=6
    )
    assert "quota" in full.stderr
    run(db, "ticket", "frobnicate", env_dir=tmp_path, check_rc=2)


def test_print_and_reprint_with_preview_and_dead_printer(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    png = tmp_path / "t.png"
    run(
        db,
        "ticket",
        "issue",
        "--service",
        "A",
        "--print",
        "--printer",
        f"preview://{png}",
        env_dir=tmp_path,
    )
    assert png.stat().st_size > 5000
    dead = run(
        db,
        "ticket",
        "issue",
        "--service",
        "A",
        "--print",
        "--json",
        "--printer",
        "tcp://127.0.0.1:9",
        env_dir=tmp_path,
        check_rc=8,
    )
    body = js(dead)
    assert body["result"]["printed"] is False  # type: ignore[index]
    listing = js(run(db, "ticket", "list", "--json", env_dir=tmp_path))["result"]
    assert [t["print_state"] for t in listing] == ["printed", "failed"]
    assert "TIDAK TERCETAK" in run(db, "ticket", "list", env_dir=tmp_path).stdout  # type: ignore[union-attr,index]
    again = tmp_path / "again.png"
    run(db, "ticket", "reprint", "A-002", "--printer", f"preview://{again}", env_dir=tmp_path)
    assert again.exists()
    listing = js(run(db, "ticket", "list", "--json", env_dir=tmp_path))["result"]
    assert listing[1]["print_state"] == "printed"  # type: ignore[index]


def test_schema_newer_than_known_is_refused(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    import sqlite3

    path = db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    refused = run(db, "status", env_dir=tmp_path, check_rc=7)
    assert "lebih baru" in refused.stderr


def test_demo_cli_runs_a_morning(tmp_path: Path) -> None:
    done = run(
        "sqlite:///unused.db", "demo-cli", "--delay", "0", "--tickets", "15", env_dir=tmp_path
    )
    assert "memanggil" in done.stdout and "Nomor antrean" in done.stdout
    assert "Selesai: 15 warga dilayani." in done.stdout
    assert not (tmp_path / "unused.db").exists()


def test_announce_text_and_wav(tmp_path: Path) -> None:
    text = run(
        "sqlite:///x.db", "announce", "A-005", "--counter", "3", "--text", env_dir=tmp_path
    ).stdout
    assert text.strip() == "Nomor antrean A nol nol lima, silakan menuju loket tiga."
    if not __import__("shutil").which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path / "call.wav"
    run(
        "sqlite:///x.db",
        "announce",
        "K-120",
        "--counter",
        "12",
        "--style",
        "words",
        "--to-wav",
        str(wav),
        env_dir=tmp_path,
    )
    import wave

    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert 3.0 < seconds < 15.0


def test_usage_errors_are_one_sentence_or_json(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    bad_date = run(db, "ticket", "list", "--date", "2026-02-30", env_dir=tmp_path, check_rc=2)
    assert bad_date.stderr.count("\n") == 1 and "2026-02-30" in bad_date.stderr
    assert "tanggal" in bad_date.stderr and not bad_date.stdout
    huge = run(
        db, "--lang", "en", "call", "next", "--counter", str(2**64), env_dir=tmp_path, check_rc=2
    )
    assert "1–99" in huge.stderr and "Traceback" not in huge.stderr
    body = js(run(db, "--json", "ticket", "frobnicate", env_dir=tmp_path, check_rc=2))
    assert body["ok"] is False and body["error"]["code"] == "usage"  # type: ignore[index]
    refused = js(
        run(db, "service", "set", "A", "--quota", "lots", "--json", env_dir=tmp_path, check_rc=2)
    )
    assert refused["error"]["code"] == "invalid_setting"  # type: ignore[index]


def test_sync_speaks_json_too(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    missing = js(run(db, "sync", "--once", "--json", env_dir=tmp_path, check_rc=7))
    assert missing["error"]["code"] == "config_error"  # type: ignore[index]
    hall = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    hq = ["--hq-url", "http://127.0.0.1:9", "--hall-id", hall, "--token", "atq_x"]
    status = js(run(db, "sync", "status", *hq, "--json", env_dir=tmp_path))
    assert status["ok"] and status["result"]["last_acked_seq"] == 0  # type: ignore[index]
    away = js(run(db, "sync", "--once", *hq, "--json", env_dir=tmp_path, check_rc=10))
    assert away["error"]["code"] == "hq_unreachable"  # type: ignore[index]
    assert away["error"]["details"]["report"]["pending"] > 0  # type: ignore[index]


@pytest.mark.expect_log(r"^unexpected error in: antrean", level="CRITICAL")
@pytest.mark.parametrize("json_mode", [False, True], ids=["text", "json"])
def test_an_unexpected_error_is_one_sentence_and_its_traceback_goes_to_the_log(
    json_mode: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging
    import threading

    cli = importlib.import_module("app.cli.main")  # app.cli.main is also the function

    queue_cmds = importlib.import_module("app.cli.queue_cmds")

    def boom(*_args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setenv("ANTREAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ANTREAN_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setattr(queue_cmds, "cmd_status", boom)  # a command with a bug in it
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own hooks
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", root.level)
    try:
        assert cli.main(["init"]) == 0  # only `init` creates the hall's database
        capsys.readouterr()
        code = cli.main(["--lang", "en", *(["--json"] if json_mode else []), "status"])
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_antrean", False)]:
            root.removeHandler(handler)
            handler.close()
    captured = capsys.readouterr()
    log_file = tmp_path / "logs" / "antrean.log"
    assert code == 1
    if json_mode:
        body = json.loads(captured.out)
        assert body["error"]["code"] == "internal" and str(log_file) in body["error"]["message"]
    else:
        assert captured.err.count("\n") == 1 and "RuntimeError" in captured.err
        assert str(log_file) in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert "RuntimeError: a bug" in log_file.read_text() and "Traceback" in log_file.read_text()


def test_demo_cli_in_json_is_json_lines_and_a_reader_may_leave_early(tmp_path: Path) -> None:
    done = run("sqlite:///unused.db", "demo-cli", "--json", "--delay", "0", env_dir=tmp_path)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0]["ok"] and "who" in lines[0]["result"]
    env = dict(os.environ, ANTREAN_DATA_DIR=str(tmp_path), ANTREAN_CONFIG=str(tmp_path / "x"))
    with subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo-cli", "--delay", "0.01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as reader:  # like `antrean demo-cli | head -1`
        assert reader.stdout is not None and reader.stdout.readline()
        reader.stdout.close()
        assert reader.wait(timeout=60) == 0
        assert reader.stderr is not None and reader.stderr.read() == ""
