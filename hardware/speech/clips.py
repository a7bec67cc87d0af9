"""Speech from recorded clips: "nomor antrean" + "a" + "nol" + "nol" + "lima" + ...

Clips are WAV files named ``<key>.wav`` (keys from ``app.domain.announcement``) in
``<base>/<lang>/``. The shipped set lives in ``resources/sounds/clips``; a hall may put its own
recordings in a user directory with the same layout, and those win key by key. Clips of any
PCM format are accepted: they are converted to mono 16-bit at the output rate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from app.domain.announcement import PHRASE_CLIPS, AnnouncementText, clip_words
from app.i18n import N_
from hardware.speech.errors import SpeechError
from hardware.speech.paths import sounds_dir
from hardware.speech.wavio import SAMPLE_RATE, Pcm, concat, read_pcm, verify_wav, write_pcm

log = logging.getLogger(__name__)

GAP_S = 0.06  # between words
GAP_AFTER_LETTER_S = 0.15  # "A, nol nol lima"
GAP_BEFORE_PHRASE_S = 0.3  # "..., silakan menuju loket"


class ClipEngine:
    """Joins recorded clips into one WAV."""

    name = "clips"
    voice = ""  # recorded clips have no voice to choose

    def __init__(
        self,
        user_dir: Path | None = None,
        *,
        shipped_dir: Path | None = None,
        rate: int = SAMPLE_RATE,
        require_langs: Sequence[str] = ("id",),
    ) -> None:
        shipped = shipped_dir if shipped_dir is not None else sounds_dir() / "clips"
        self._bases: tuple[Path, ...] = tuple(d for d in (user_dir, shipped) if d is not None)
        self._rate = rate
        self._cache: dict[Path, tuple[float, Pcm]] = {}
        for lang in require_langs:
            missing = self.missing_clips(lang)
            if missing:
                raise self._missing_error(lang, missing)

    def clip_path(self, lang: str, key: str) -> Path | None:
        """The first ``<base>/<lang>/<key>.wav`` that exists, user recordings first."""
        for base in self._bases:
            candidate = base / lang / f"{key}.wav"
            if candidate.is_file():
                return candidate
        return None

    def missing_clips(self, lang: str) -> list[str]:
        return sorted(key for key in clip_words(lang) if self.clip_path(lang, key) is None)

    def _missing_error(self, lang: str, keys: Sequence[str]) -> SpeechError:
        where = ", ".join(str(b / lang) for b in self._bases)
        listed = ", ".join(keys[:12]) + (" ..." if len(keys) > 12 else "")
        return SpeechError(
            N_("Rekaman suara tidak lengkap ({v_lang}): {listed} tidak ada di {where}"),
            v_lang=lang,
            listed=listed,
            where=where,
        )

    def _load(self, path: Path) -> Pcm:
        mtime = path.stat().st_mtime
        cached = self._cache.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        verify_wav(path, min_duration=0.05)
        pcm = read_pcm(path)
        self._cache[path] = (mtime, pcm)
        return pcm

    def synthesize(self, text: AnnouncementText, out_wav: Path) -> Path:
        paths = [self.clip_path(text.lang, key) for key in text.clips]
        missing = [key for key, path in zip(text.clips, paths, strict=True) if path is None]
        if missing:
            raise self._missing_error(text.lang, missing)
        parts = [self._load(path) for path in paths if path is not None]
        joined = concat(parts, self._rate, _gaps(text.clips, text.lang))
        write_pcm(out_wav, joined)
        verify_wav(out_wav)
        return out_wav

    def close(self) -> None:
        self._cache.clear()


def _gaps(keys: Sequence[str], lang: str) -> list[float]:
    phrases = PHRASE_CLIPS.get(lang, {})
    gaps: list[float] = []
    for previous, key in zip(keys, keys[1:], strict=False):
        if key in phrases:
            gaps.append(GAP_BEFORE_PHRASE_S)
        elif previous.startswith("letter_"):
            gaps.append(GAP_AFTER_LETTER_S)
        else:
            gaps.append(GAP_S)
    return gaps
