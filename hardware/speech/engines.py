"""Speech engines: announcement text in, complete WAV file out.

* ``EspeakEngine``   - the espeak-ng command line (Indonesian voice ``id``), offline.
* ``Pyttsx3Engine``  - pyttsx3 (SAPI5 on Windows, libespeak-ng on Linux) in its own thread.
* ``ClipEngine``     - recorded clips joined together.

``build_engine`` walks a fallback chain and says in the log which engine it took.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.domain.announcement import AnnouncementText
from hardware.speech.clips import ClipEngine
from hardware.speech.errors import SpeechError
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
    """``espeak-ng -v id -s 150 -w out.wav "text"``."""

    name = "espeak"
    VOICES = {"id": "id", "en": "en"}

    def __init__(
        self,
        *,
        words_per_minute: int = 150,
        executable: str | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        found = executable or _find_espeak()
        if found is None:
            raise SpeechError(
                "Program espeak-ng tidak ditemukan; pasang paket espeak-ng.",
                "espeak-ng was not found on PATH; install the espeak-ng package.",
            )
        self.executable = found
        self._wpm = words_per_minute
        self._timeout_s = timeout_s

    def synthesize(self, text: AnnouncementText, out_wav: Path) -> Path:
        voice = self.VOICES.get(text.lang, text.lang)
        out_wav.parent.mkdir(parents=True, exist_ok=True)
        partial = out_wav.with_name(out_wav.name + ".part")
        cmd = [self.executable, "-v", voice, "-s", str(self._wpm), "-w", str(partial)]
        try:
            done = subprocess.run(
                [*cmd, text.tts_text],
                capture_output=True,
                text=True,
                timeout=self._timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechError(
                f"espeak-ng gagal dijalankan: {exc}", f"espeak-ng could not run: {exc}"
            ) from exc
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
            raise SpeechError(f"espeak-ng gagal: {detail}", f"espeak-ng failed: {detail}")
        verify_wav(partial)
        partial.replace(out_wav)
        return out_wav

    def close(self) -> None:
        """Nothing to release: each synthesis is its own process."""


def _make(name: str, clip_dir: Path | None, shipped_clip_dir: Path | None) -> SpeechEngine:
    factories: dict[str, Callable[[], SpeechEngine]] = {
        "pyttsx3": Pyttsx3Engine,
        "espeak": EspeakEngine,
        "clips": lambda: ClipEngine(clip_dir, shipped_dir=shipped_clip_dir),
    }
    if name not in factories:
        raise ValueError(f"unknown speech engine {name!r}; choose from {', '.join(ENGINE_NAMES)}")
    return factories[name]()


def build_engine(
    preferred: str = "pyttsx3",
    *,
    clip_dir: Path | None = None,
    shipped_clip_dir: Path | None = None,
) -> SpeechEngine:
    """The first engine that works of ``preferred`` -> espeak -> clips.

    ``clip_dir`` is the hall's own recordings (``<clip_dir>/<lang>/<key>.wav``), which override
    the shipped clips (``shipped_clip_dir``, default ``resources/sounds/clips``) key by key.
    """
    chain = list(dict.fromkeys([preferred, "espeak", "clips"]))
    failures: list[str] = []
    for name in chain:
        try:
            engine = _make(name, clip_dir, shipped_clip_dir)
        except SpeechError as exc:
            log.warning("speech engine %s unavailable: %s", name, exc.message_en)
            failures.append(f"{name}: {exc.message_en}")
            continue
        log.info("speech engine: %s (preferred %s)", engine.name, preferred)
        return engine
    detail = "; ".join(failures)
    raise SpeechError(
        f"Tidak ada mesin suara yang dapat dipakai ({detail})",
        f"No speech engine is available ({detail})",
    )
