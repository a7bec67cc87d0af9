"""Qt for commands that draw without a person at the screen (``hall set logo=``,
``screenshot``): the offscreen platform when there is no display, and one application."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication


def has_display() -> bool:
    """Whether this process could show a window (Windows and macOS always can)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def use_offscreen(*, always: bool = False) -> None:
    """Select Qt's offscreen platform before PySide6 loads: ``always``, or when there is no
    display (an SSH session, a service). A platform chosen by the environment is kept."""
    if "PySide6.QtGui" in sys.modules or os.environ.get("QT_QPA_PLATFORM"):
        return
    if always or not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def gui_application() -> QGuiApplication:
    """The process's Qt application (created once; a widget application for windows)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(["antrean"])
    assert isinstance(app, QApplication)  # a QGuiApplication made elsewhere has no widgets
    return app
