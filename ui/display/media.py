"""The optional media area beside the calls: the images (and videos) of a folder, looping.

Images are shown for ``seconds`` each, scaled to fit. Videos play only where Qt Multimedia
is installed (it is not part of PySide6-Essentials): elsewhere they are skipped, with one
log line. The window hides the area while a new call is on screen, which also pauses and
mutes a video.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QColor, QImageReader, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from ui.common.theme import PALETTE

log = logging.getLogger(__name__)
VIDEO_SUFFIXES = {".mp4", ".webm", ".mkv", ".avi", ".mov", ".m4v"}


def _multimedia() -> tuple[Any, Any] | None:
    """Qt Multimedia's (QtMultimedia, QtMultimediaWidgets) modules, or None without them."""
    try:
        return (
            importlib.import_module("PySide6.QtMultimedia"),
            importlib.import_module("PySide6.QtMultimediaWidgets"),
        )
    except ImportError:
        return None


def media_files(folder: Path, *, videos: bool) -> list[Path]:
    """The folder's images (and videos when they can be played), by name."""
    if not folder.is_dir():
        return []
    images = {"." + bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
    wanted = images | (VIDEO_SUFFIXES if videos else set())
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in wanted)


class MediaArea(QWidget):
    """Loops through ``folder``; empty (and ``available`` False) when it holds nothing."""

    def __init__(self, folder: Path, seconds: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mm = _multimedia()
        self.files = media_files(folder, videos=self._mm is not None)
        skipped = [p for p in folder.glob("*") if p.suffix.lower() in VIDEO_SUFFIXES]
        if self._mm is None and skipped:
            log.info("media: %d video(s) skipped, Qt Multimedia is not installed", len(skipped))
        self._index = -1
        self._pixmap: QPixmap | None = None
        self._player: Any = None
        self._audio: Any = None
        self._video: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(seconds * 1000)
        self._timer.timeout.connect(self.next)
        self.next()

    @property
    def available(self) -> bool:
        return bool(self.files)

    @property
    def current(self) -> Path | None:
        return self.files[self._index] if self.files and self._index >= 0 else None

    @Slot()
    def next(self) -> None:
        if not self.files:
            return
        for _ in range(len(self.files)):
            self._index = (self._index + 1) % len(self.files)
            path = self.files[self._index]
            if path.suffix.lower() in VIDEO_SUFFIXES:
                self._play(path)
                return
            pixmap = QPixmap(str(path))
            if not pixmap.isNull():
                self._stop_video()
                self._pixmap = pixmap
                self._timer.start()
                self.update()
                return
            log.warning("media: cannot read the image %s", path)
        self.files = []

    def _play(self, path: Path) -> None:
        assert self._mm is not None
        multimedia, widgets = self._mm
        if self._player is None:
            self._video = widgets.QVideoWidget(self)
            self._video.setGeometry(self.rect())
            self._audio = multimedia.QAudioOutput(self)
            self._player = multimedia.QMediaPlayer(self)
            self._player.setAudioOutput(self._audio)
            self._player.setVideoOutput(self._video)
            self._player.mediaStatusChanged.connect(self._video_status)
        self._timer.stop()
        self._pixmap = None
        self._video.show()
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()

    def _video_status(self, status: object) -> None:
        assert self._mm is not None
        if status == self._mm[0].QMediaPlayer.MediaStatus.EndOfMedia:
            self.next()

    def _stop_video(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._video.hide()

    def set_muted(self, muted: bool) -> None:
        """Quiet (and pause a video) while a call is being announced."""
        if self._audio is not None:
            self._audio.setMuted(muted)
        if self._player is not None and self._pixmap is None:
            if muted:
                self._player.pause()
            else:
                self._player.play()

    def stop(self) -> None:
        self._timer.stop()
        self._stop_video()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt naming)
        if self._video is not None:
            self._video.setGeometry(self.rect())
        super().resizeEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor(PALETTE.blue_deep))
        if self._pixmap is None:
            return
        size = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, size.width(), size.height())
        target.moveCenter(QRectF(self.rect()).center())
        painter.drawPixmap(target.toRect(), self._pixmap)
