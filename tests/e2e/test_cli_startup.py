"""The command line starts quickly: building its parser, ``--help`` and a usage error load
no database, Qt, HTTP or printer code (what each command needs loads when it runs)."""

from __future__ import annotations

import subprocess
import sys

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


def _heavy_loaded_after(*words: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *words], capture_output=True, text=True, check=True
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("loaded:")
    return set(last.removeprefix("loaded:").split(",")) & set(HEAVY)


def test_building_the_parser_loads_no_database_qt_http_or_printer_code() -> None:
    assert _heavy_loaded_after() == set()


def test_help_and_a_usage_error_load_none_of_them_either() -> None:
    assert _heavy_loaded_after("--help") == set()
    assert _heavy_loaded_after("ticket", "issue", "--help") == set()
    assert _heavy_loaded_after("ticket", "issue") == set()  # --service missing: exit 2
