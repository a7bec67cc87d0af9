"""The command line starts quickly: building its parser, ``--help`` and a usage error load
no database, Qt, HTTP or printer code (what each command needs loads when it runs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "alembic", "PySide6", "httpx", "escpos")

_PROBE = """
import sys
from app.cli.main import build_parser, main
build_parser("id")
build_parser("en")
if len(sys.argv) > 1:
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print("loaded:" + ",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _loaded_after(*words: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *words],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("loaded:")
    return set(last.removeprefix("loaded:").split(","))


def _heavy_loaded_after(*words: str) -> set[str]:
    return _loaded_after(*words) & set(HEAVY)


def test_building_the_parser_loads_no_database_qt_http_or_printer_code() -> None:
    assert _heavy_loaded_after() == set()


def test_help_and_a_usage_error_load_none_of_them_either() -> None:
    assert _heavy_loaded_after("--help") == set()
    assert _heavy_loaded_after("ticket", "issue", "--help") == set()
    assert _heavy_loaded_after("ticket", "issue") == set()  # --service missing: exit 2


def test_queue_commands_load_no_report_libraries(tmp_path: Path) -> None:
    """``status`` and ``ticket issue`` run the queue core; numpy and matplotlib (the reports')
    load only for a report (they cost a one-shot command about a fifth of its start)."""
    env = {**os.environ, "ANTREAN_DATA_DIR": str(tmp_path), "ANTREAN_COMMAND_SERVER": "off"}
    db = ["--db", f"sqlite:///{(tmp_path / 'hall.db').as_posix()}"]
    subprocess.run(
        [sys.executable, "-m", "app.cli", *db, "init", "--admin", "kepala"],
        capture_output=True,
        check=True,
        env={**env, "ANTREAN_PASSWORD": "kata-sandi-kepala-1"},
    )
    for words in (["status"], ["ticket", "issue", "--service", "A"]):
        loaded = _loaded_after(*db, *words, env=env)
        assert "sqlalchemy" in loaded  # the command did run
        assert not loaded & {"numpy", "matplotlib"}, words
