"""From a call ("A-005" to counter 3) to one playable WAV: text, voice (cached), chime."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

from app.domain.announcement import AnnouncementText, SpeechStyle, announcement_text
from hardware.speech.compose import compose_announcement
from hardware.speech.engines import SpeechEngine
from hardware.speech.errors import SpeechMuted
from hardware.speech.wavio import volume_gain

log = logging.getLogger(__name__)


class AnnouncementRenderer:
    """Builds announcement WAVs; keeps the last ``cache_size`` voices (one WAV per text).

    ``volume``: this PC's speaker volume in percent, a gain on the finished WAV (chime and
    voice; see ``compose_announcement``); the cached voices stay at full level. Not
    thread-safe: one renderer belongs to one worker.
    """

    def __init__(
        self,
        engine: SpeechEngine,
        *,
        chime: Path | None,
        settings: SpeechStyle | None = None,
        cache_dir: Path | None = None,
        cache_size: int = 200,
        volume: int = 100,
    ) -> None:
        self.engine = engine
        self.volume = volume
        self.chime = chime
        self.settings = settings or SpeechStyle()
        self._owns_dir = cache_dir is None
        self.work_dir = cache_dir or Path(tempfile.mkdtemp(prefix="antrean-speech-"))
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._cache_size = cache_size
        self._cached: OrderedDict[str, Path] = OrderedDict()

    def text_for(self, display: str, counter: int, recall: bool = False) -> AnnouncementText:
        s = self.settings
        return announcement_text(display, counter, style=s.style, lang=s.lang, recall=recall)

    def voice_wav(self, text: AnnouncementText) -> Path:
        """The engine's WAV for ``text``, synthesised once and then reused."""
        key_source = "\0".join([self.engine.name, text.lang, text.tts_text, *text.clips])
        key = hashlib.sha256(key_source.encode()).hexdigest()[:24]
        path = self.work_dir / f"voice-{self.engine.name}-{key}.wav"
        if key in self._cached and path.is_file():
            self._cached.move_to_end(key)
            return path
        self.engine.synthesize(text, path)
        self._cached[key] = path
        while len(self._cached) > self._cache_size:
            _, old = self._cached.popitem(last=False)
            old.unlink(missing_ok=True)
        return path

    def render(self, display: str, counter: int, out: Path, *, recall: bool = False) -> Path:
        """Chime + voice (repeated as configured) for one call, written to ``out``."""
        text = self.text_for(display, counter, recall)
        voice = self.voice_wav(text)
        s = self.settings
        return compose_announcement(
            self.chime, voice, out, repeat=s.repeat, gap_s=s.gap_s, volume=self.volume
        )

    def close(self) -> None:
        """Remove the work directory if this renderer made it."""
        self._cached.clear()
        if self._owns_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)


def build_announcement_wav(
    display: str,
    counter: int,
    *,
    style: str = "digits",
    lang: str = "id",
    engine: SpeechEngine,
    chime: Path | None,
    repeat: int = 1,
    out: Path,
    recall: bool = False,
    volume: int = 100,
) -> Path:
    """One announcement straight to ``out`` (``antrean announce A-005 --counter 3 --to-wav``).

    ``volume`` 0 raises ``SpeechMuted`` (the PC is muted: nothing to write or play).
    """
    if volume_gain(volume) == 0:  # before any synthesis
        raise SpeechMuted.volume_zero()
    settings = SpeechStyle(style=style, lang=lang, repeat=repeat)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="antrean-speech-", dir=out.parent) as tmp:
        renderer = AnnouncementRenderer(
            engine, chime=chime, settings=settings, cache_dir=Path(tmp), volume=volume
        )
        renderer.render(display, counter, out, recall=recall)
    log.info("announcement %s -> counter %d written to %s", display, counter, out)
    return out
