"""One way to reach shipped files (images, translations, sounds), frozen or not.

In a PyInstaller build the ``resources`` folder is unpacked under ``sys._MEIPASS``; in a
source checkout or an installed wheel it sits next to the ``resources`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QPixmap

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

_SOURCE_ROOT = Path(__file__).resolve().parents[2] / "resources"


def resources_root() -> Path:
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """``resource_path("images", "emblem.svg")`` → absolute path inside ``resources/``."""
    return resources_root().joinpath(*parts)


def svg_pixmap(path: Path, width: int, height: int | None = None) -> QPixmap:
    """Render an SVG file at exactly ``width``×``height`` pixels (transparent background)."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        raise FileNotFoundError(f"not a readable SVG: {path}")
    if height is None:
        size = renderer.defaultSize()
        height = round(width * size.height() / max(1, size.width()))
    return _render(renderer, width, height)


def picture_pixmap(data: bytes, side: int) -> QPixmap | None:
    """A picture (PNG, JPEG or SVG bytes) fitted in a ``side`` px square, keeping its
    proportions; None when Qt cannot read it."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    if b"<svg" in data[:4096]:
        renderer = QSvgRenderer(QByteArray(data))
        if not renderer.isValid():
            return None
        size = renderer.defaultSize()
        scale = side / max(1, size.width(), size.height())
        return _render(
            renderer, max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        )
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return QPixmap.fromImage(image).scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def _render(renderer: QSvgRenderer, width: int, height: int) -> QPixmap:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter

    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap
