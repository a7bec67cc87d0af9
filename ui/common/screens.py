"""Putting a window on a whole screen, the same way for every window.

``QWidget.showFullScreen()`` alone asks the window manager; on a bare X server (a kiosk or
a TV PC that starts X without a desktop) nobody answers and the window stays a 640×480
corner window. Setting the geometry to the screen's first makes it cover the screen with or
without a window manager.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def show_full_screen(window: QWidget, screen: QScreen | None = None) -> None:
    """Show ``window`` covering ``screen`` (default: the primary screen) exactly."""
    target = screen or window.screen() or QGuiApplication.primaryScreen()
    window.setScreen(target)
    window.setGeometry(target.geometry())
    window.showFullScreen()
