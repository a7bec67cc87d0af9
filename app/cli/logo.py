"""``antrean hall set logo=FILE``: read the file, render an SVG for the ticket printer.

The services judge the picture (``app.services.logo``: type, size, readable); this module
only reads the file and, for an SVG, draws the PNG the printer will use (``print_png``),
because only the command line and the windows may load Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.domain.errors import InvalidSetting
from app.i18n import N_
from app.services.logo import MAX_LOGO_BYTES, SVG, sniff, too_large

PRINT_WIDTH_PX = 576  # the widest ticket (80 mm paper at 203 dpi)
PRINT_HEIGHT_PX = 320


def read_logo_file(text: str) -> bytes:
    """The bytes of the file named ``text``; ``InvalidSetting`` when it cannot be read."""
    path = Path(text).expanduser()
    shown = text if len(text) <= 60 else f"…{text[-59:]}"
    try:
        if path.is_dir():
            raise InvalidSetting(
                N_("{shown} adalah folder, bukan berkas gambar."),
                shown=shown,
                setting="logo",
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)  # enough to know it is too large
            if len(data) > MAX_LOGO_BYTES:
                raise too_large(os.fstat(handle.fileno()).st_size, text)
    except FileNotFoundError as exc:
        raise InvalidSetting(
            N_("Berkas logo {shown} tidak ada."), shown=shown, setting="logo"
        ) from exc
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise InvalidSetting(
            N_("Berkas logo {shown} tidak dapat dibaca ({why})."),
            shown=shown,
            why=why,
            setting="logo",
        ) from exc
    return data


def print_rendering(data: bytes, name: str = "") -> bytes | None:
    """For an SVG, a PNG of it sized for the ticket printer (white background); None for
    other pictures (the printer reads them as they are). ``InvalidSetting`` when Qt cannot
    draw the SVG."""
    if sniff(data) != SVG:
        return None
    from app.cli.qt import gui_application, use_offscreen

    use_offscreen(always=True)  # drawing only: never a display (an SSH session's may be gone)
    gui_application()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    size = renderer.defaultSize()
    if not renderer.isValid() or size.isEmpty():
        shown = f" {name}" if name else ""
        raise InvalidSetting(
            N_("Gambar SVG{shown} tidak dapat digambar."),
            shown=shown,
            setting="logo",
        )
    fitted = size.scaled(QSize(PRINT_WIDTH_PX, PRINT_HEIGHT_PX), Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(fitted, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, fitted.width(), fitted.height()))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it takes str
    return bytes(buffer.data().data())
