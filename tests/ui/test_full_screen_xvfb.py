"""On a bare X server (no window manager, as on a kiosk or TV PC) a window still covers the
whole screen: a real Xvfb, a real xcb window, in a process of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from ui.common.screens import show_full_screen
app = QApplication([])
window = QWidget()
show_full_screen(window)
QTimer.singleShot(500, lambda: (print(window.width(), window.height()), app.quit()))
app.exec()
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (apt xvfb)")
@pytest.mark.parametrize("size", [(1366, 768), (1080, 1920)])
def test_a_full_screen_window_covers_a_bare_x_screen(size: tuple[int, int]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {size[0]}x{size[1]}x24", sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(size[0]), str(size[1])]
