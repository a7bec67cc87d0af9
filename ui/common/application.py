"""The one ``QApplication`` of a window's process, named and with the product font."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from ui.common.theme import app_font


def application() -> QApplication:
    """The running ``QApplication`` (one made now when there is none), named "Antrean" and
    drawing with the product font (``ui/common/fonts.py``)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Antrean")
    app.setFont(app_font())
    return app
