"""Speech engines: announcement text in, complete WAV file out.

* ``EspeakEngine``   - the espeak-ng command line (Indonesian voice ``id``), offline.
* ``Pyttsx3Engine``  - pyttsx3 (SAPI5 on Windows, libespeak-ng on Linux) in its own thread.
* ``ClipEngine``     - recorded clips joined together.

Engines always synthesise at their full level; this PC's speaker volume is applied as a gain
on the finished WAV, the same for every engine (``compose.compose_announcement``).

Each engine checks at construction that it can speak the hall's language: one without a
voice for it raises ``VoiceMissing`` instead of reading Indonesian with an English voice.
``build_engine`` walks a fallback chain (preferred -> espeak -> clips), logs a WARNING naming
why each skipped engine is unavailable, and says in the log which engine it took.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.domain.announcement import AnnouncementText
from app.i18n import N_
from hardware.speech.clips import ClipEngine
from hardware.speech.errors import SpeechError, VoiceMissing
from hardware.speech.pyttsx3_engine import Pyttsx3Engine
from hardware.speech.wavio import verify_wav

log = logging.getLogger(__name__)

ENGINE_NAMES = ("pyttsx3", "espeak", "clips")

__all__ = [
    "ENGINE_NAMES",
    "ClipEngine",
    "EspeakEngine",
    "Pyttsx3Engine",
    "SpeechEngine",
    "build_engine",
]


@runtime_checkable
class SpeechEngine(Protocol):
    name: str

    def synthesize(self, text: AnnouncementText, out_wav: Path) -> Path:
        """Write the whole announcement to ``out_wav`` (verified) or raise ``SpeechError``."""
        ...

    def close(self) -> None: ...


def _find_espeak() -> str | None:
    found = shutil.which("espeak-ng") or shutil.which("espeak")
    if found is None and sys.platform == "win32":  # the installer does not touch PATH
        for root in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            candidate = Path(root or "C:\\Program Files") / "eSpeak NG" / "espeak-ng.exe"
            if candidate.is_file():
                return str(candidate)
    return found


class EspeakEngine:
    """``espeak-ng -v id -s 150 -w out.wav "text"``.

    Raises ``SpeechError`` when espeak-ng is missing or cannot run, ``VoiceMissing`` when it
    has no voice for one of ``langs`` (asked with ``espeak-ng --voices=<lang>``).
    """

    name = "espeak"
    VOICES = {"id": "id", "en": "en"}

    def __init__(
        self,
        *,
        words_per_minute: int = 150,
        executable: str | None = None,
        timeout_s: float = 30.0,
        langs: Sequence[str] = ("id",),
    ) -> None:
        found = executable or _find_espeak()
        if found is None:
            raise SpeechError(
                N_("Program espeak-ng tidak ditemukan; pasang paket espeak-ng."),
            )
        self.executable = found
        self._wpm = words_per_minute
        self._timeout_s = timeout_s
        for lang in langs:
            if not self.has_voice(lang):
                raise VoiceMissing.of(self.name, lang)

    def has_voice(self, lang: str) -> bool:
        """Whether espeak-ng lists a voice for ``lang`` (``id`` or ``id-...``)."""
        voice = self.VOICES.get(lang, lang)
        done = self._run([self.executable, f"--voices={voice}"])
        rows = (line.split() for line in done.stdout.splitlines()[1:])
        spoken = [row[1].lower() for row in rows if len(row) > 1]
        return any(tag == voice or tag.startswith(f"{voice}-") for tag in spoken)

    def _run(self, cmd: list[str]) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=self._timeout_s, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechError(N_("espeak-ng gagal dijalankan: {exc}"), exc=exc) from exc
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
            raise SpeechError(N_("espeak-ng gagal: {detail}"), detail=detail)
        return done

    def synthesize(self, text: AnnouncementText, out_wav: Path) -> Path:
        voice = self.VOICES.get(text.lang, text.lang)
        out_wav.parent.mkdir(parents=True, exist_ok=True)
        partial = out_wav.with_name(out_wav.name + ".part")
        cmd = [self.executable, "-v", voice, "-s", str(self._wpm), "-w", str(partial)]
        self._run([*cmd, text.tts_text])
        verify_wav(partial)
        partial.replace(out_wav)
        return out_wav

    def close(self) -> None:
        """Nothing to release: each synthesis is its own process."""


def build_engine(
    preferred: str = "pyttsx3",
    *,
    clip_dir: Path | None = None,
    shipped_clip_dir: Path | None = None,
    lang: str = "id",
    pyttsx3_driver: str | None = None,
) -> SpeechEngine:
    """The first engine of ``preferred`` -> espeak -> clips that can speak ``lang``.

    ``clip_dir`` is the hall's own recordings (``<clip_dir>/<lang>/<key>.wav``), which override
    the shipped clips (``shipped_clip_dir``, default ``resources/sounds/clips``) key by key.
    ``pyttsx3_driver`` names a pyttsx3 driver module (None: the platform's, e.g. sapi5).
    Each engine passed over is logged as a WARNING with the reason (e.g. "pyttsx3 has no
    Indonesian (id) voice"). Raises ``ValueError`` for an unknown name, ``SpeechError`` when
    no engine works.
    """
    factories: dict[str, Callable[[], SpeechEngine]] = {
        "pyttsx3": lambda: Pyttsx3Engine(driver_name=pyttsx3_driver, langs=(lang,)),
        "espeak": lambda: EspeakEngine(langs=(lang,)),
        "clips": lambda: ClipEngine(clip_dir, shipped_dir=shipped_clip_dir, require_langs=(lang,)),
    }
    if preferred not in factories:
        raise ValueError(
            f"unknown speech engine {preferred!r}; choose from {', '.join(ENGINE_NAMES)}"
        )
    chain = list(dict.fromkeys([preferred, "espeak", "clips"]))
    failures: list[str] = []
    for name in chain:
        try:
            engine = factories[name]()
        except SpeechError as exc:
            log.warning("speech engine %s unavailable: %s", name, exc.message_en)
            failures.append(f"{name}: {exc.message_en}")
            continue
        log.info("speech engine: %s (preferred %s, language %s)", engine.name, preferred, lang)
        return engine
    detail = "; ".join(failures)
    raise SpeechError(
        N_("Tidak ada mesin suara yang dapat dipakai ({detail})"),
        detail=detail,
    )
