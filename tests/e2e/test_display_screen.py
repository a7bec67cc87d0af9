"""After a reboot the display comes back full screen on the configured monitor.

Two screens of different sizes and positions through Qt's offscreen platform
(``offscreen:configfile=…``, the JSON of qtbase's qoffscreenintegration.cpp); ``antrean
display --no-watchdog`` (the window the watchdog and the autostart entry start) runs as a real
process, and its ``run/display-status.json`` says where the window is. Without ``--screen`` the
display takes the second screen (``ui/display/app.py``, ``pick_screen``; docs/technician.md §5).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="offscreen config path")

# Different sizes, and the second screen neither at y=0 nor right of a same-sized first one.
SCREENS = [
    {"name": "KIOSK-1", "x": 0, "y": 0, "width": 1280, "height": 1024},
    {"name": "TV-2", "x": 1280, "y": 120, "width": 1920, "height": 1080},
]


def _start(tmp_path: Path, config: Path, *screen: str) -> tuple[subprocess.Popen[str], Path]:
    """``antrean display --no-watchdog`` on its own hall and data folder under ``tmp_path``."""
    tmp_path.mkdir()
    data = tmp_path / "data"
    env = {
        **os.environ,
        "ANTREAN_DATA_DIR": str(data),
        "ANTREAN_CONFIG": str(tmp_path / "none.toml"),
        "ANTREAN_DB_URL": f"sqlite:///{(tmp_path / 'hall.db').as_posix()}",
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
    }
    words = [sys.executable, "-m", "app.cli", "display", "--silent", "--no-watchdog", *screen]
    proc = subprocess.Popen(
        words, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return proc, data / "run" / "display-status.json"


def _place(proc: subprocess.Popen[str], status_file: Path) -> dict[str, Any]:
    """Where the display's window is, once it has shown the queue; then it is stopped."""
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = json.loads(status_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                status = {}
            if "geometry" in status:
                return status  # type: ignore[no-any-return]
            time.sleep(0.05)
        raise AssertionError(f"no display status (exit {proc.poll()})")
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=20)
        assert "Traceback" not in output, output


def _rect(screen: dict[str, Any]) -> list[int]:
    return [screen["x"], screen["y"], screen["width"], screen["height"]]


def test_display_covers_the_chosen_screen(tmp_path: Path) -> None:
    """The default (the second screen) and ``--screen 0``, both processes at once."""
    config = tmp_path / "screens.json"
    dpi = {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [{**s, **dpi} for s in SCREENS]}), encoding="utf-8")
    runs = {
        1: _start(tmp_path / "default", config),
        0: _start(tmp_path / "screen0", config, "--screen", "0"),
    }
    places = {}
    try:
        for chosen, (proc, status_file) in runs.items():
            places[chosen] = _place(proc, status_file)
    finally:
        for proc, _ in runs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    for chosen, place in places.items():
        assert place["screen"] == chosen
        assert place["screen_name"] == SCREENS[chosen]["name"]
        assert place["screen_geometry"] == _rect(SCREENS[chosen])
        assert place["geometry"] == _rect(SCREENS[chosen])
        assert place["full_screen"] is True
