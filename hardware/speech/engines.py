"""Speech engines: announcement text in, complete WAV file out.

* ``EspeakEngine``   - the espeak-ng command line (Indonesian voice ``id``), offline.
* ``Pyttsx3Engine``  - pyttsx3 (SAPI5 on Windows, libespeak-ng on Linux) in its own thread.
* ``ClipEngine``     - recorded clips joined together.

Engines always synthesise at their full level; this PC's speaker volume is applied as a gain
on the finished WAV, the same for every engine (``compose.compose_announcement``).

Each engine checks at construction that it can speak the hall's language: one without a
voice for it raises ``VoiceMissing`` instead of reading Indonesian with an English voice.
``voice`` (``[speech] voice``; empty: the engine's own pick for the language) names the voice
that reads the hall's language: an espeak-ng voice (``id``, ``id+f3``, ``mb-id1``) or a pyttsx3
voice id; one the engine does not have raises ``VoiceUnknown``, and ``build_engine`` then
takes the same engine with its default voice (a WARNING says so).
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
from hardware.speech.errors import SpeechError, VoiceMissing, VoiceUnknown
from hardware.speech.pyttsx3_engine import Pyttsx3Engine
from hardware.speech.voice import Voice
from hardware.speech.wavio import verify_wav

log = logging.getLogger(__name__)

ENGINE_NAMES = ("pyttsx3", "espeak", "clips")

__all__ = [
    "ENGINE_NAMES",
    "ClipEngine",
    "EspeakEngine",
    "Pyttsx3Engine",
    "SpeechEngine",
    "Voice",
    "build_engine",
    "list_voices",
]


@runtime_checkable
class SpeechEngine(Protocol):
    name: str
    voice: str  # the chosen voice for the hall's language; "": the engine's default

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


# espeak-ng's classic variants (male m1-m7, female f1-f5), offered on top of each voice.
_VARIANTS = (*(f"m{n}" for n in range(1, 8)), *(f"f{n}" for n in range(1, 6)))


class EspeakEngine:
    """``espeak-ng -v id -s 150 -w out.wav "text"``.

    Raises ``SpeechError`` when espeak-ng is missing or cannot run, ``VoiceMissing`` when it
    has no voice for one of ``langs`` (asked with ``espeak-ng --voices=<lang>``),
    ``VoiceUnknown`` when ``voice`` (for the first of ``langs``) is not one of its voices.
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
        voice: str = "",
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
        self.voice = voice.strip()
        self._voice_lang = langs[0] if langs else None
        if self.voice and not self.knows(self.voice):
            raise VoiceUnknown.of(self.name, self.voice)

    def _rows(self, which: str = "") -> list[list[str]]:
        """``espeak-ng --voices[=which]``: Pty, Language, Age/Gender, VoiceName, File, ..."""
        done = self._run([self.executable, f"--voices={which}" if which else "--voices"])
        return [line.split() for line in done.stdout.splitlines()[1:] if line.split()]

    @staticmethod
    def _voice_id(row: list[str]) -> str:
        """How ``-v`` names the voice of a ``--voices`` row: its file's base name."""
        return row[4].rsplit("/", 1)[-1] if len(row) > 4 else row[-1]

    def _usable(self, row: list[str]) -> bool:
        """mbrola voices (``mb-...``) speak only where the mbrola program is installed."""
        return not self._voice_id(row).startswith("mb-") or shutil.which("mbrola") is not None

    def voices(self, lang: str) -> list[Voice]:
        """The voices that speak ``lang``, each also with the classic variants (``id+f3``)."""
        tag = self.VOICES.get(lang, lang)
        found: list[Voice] = []
        for row in self._rows(tag):
            if len(row) < 5 or not (row[1] == tag or row[1].startswith(f"{tag}-")):
                continue
            if not self._usable(row):
                continue
            voice_id, label = self._voice_id(row), row[3]
            found.append(Voice(voice_id, f"{label} ({voice_id})"))
            if not voice_id.startswith("mb-"):  # mbrola voices take no variants
                found += [Voice(f"{voice_id}+{v}", f"{label} ({voice_id}+{v})") for v in _VARIANTS]
        return found

    def knows(self, voice: str) -> bool:
        """Whether ``-v voice`` names one of espeak-ng's voices (with a variant it has)."""
        base, _, variant = voice.partition("+")
        names = {
            name.lower()
            for row in self._rows()
            if len(row) > 4 and self._usable(row)
            for name in (self._voice_id(row), row[3], row[1])
        }
        if base.lower() not in names:
            return False
        if not variant:
            return True
        variants = {
            name.lower()
            for row in self._rows("variant")
            if len(row) > 4
            for name in (self._voice_id(row), row[3])
        }
        return variant.lower() in variants

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
        if self.voice and self._voice_lang in (None, text.lang):
            voice = self.voice
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
    voice: str = "",
) -> SpeechEngine:
    """The first engine of ``preferred`` -> espeak -> clips that can speak ``lang``.

    ``voice`` is the preferred engine's voice for ``lang`` (empty: its own pick); a voice it
    lacks is logged as a WARNING and its default voice used (``engine.voice`` is then "").

    ``clip_dir`` is the hall's own recordings (``<clip_dir>/<lang>/<key>.wav``), which override
    the shipped clips (``shipped_clip_dir``, default ``resources/sounds/clips``) key by key.
    ``pyttsx3_driver`` names a pyttsx3 driver module (None: the platform's, e.g. sapi5).
    Each engine passed over is logged as a WARNING with the reason (e.g. "pyttsx3 has no
    Indonesian (id) voice"). Raises ``ValueError`` for an unknown name, ``SpeechError`` when
    no engine works.
    """
    factories: dict[str, Callable[[str], SpeechEngine]] = {
        "pyttsx3": lambda v: Pyttsx3Engine(driver_name=pyttsx3_driver, langs=(lang,), voice=v),
        "espeak": lambda v: EspeakEngine(langs=(lang,), voice=v),
        "clips": lambda _v: ClipEngine(
            clip_dir, shipped_dir=shipped_clip_dir, require_langs=(lang,)
        ),
    }
    if preferred not in factories:
        raise ValueError(
            f"unknown speech engine {preferred!r}; choose from {', '.join(ENGINE_NAMES)}"
        )
    chain = list(dict.fromkeys([preferred, "espeak", "clips"]))
    failures: list[str] = []
    for name in chain:
        try:
            try:
                engine = factories[name](voice.strip() if name == preferred else "")
            except VoiceUnknown as exc:
                log.warning("speech voice unknown, default voice used: %s", exc.message_en)
                engine = factories[name]("")
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


def list_voices(engine: str, lang: str) -> list[Voice]:
    """The voices ``engine`` (``espeak``, ``pyttsx3``) has for ``lang``; none for the others
    (clips, none) or an engine that cannot start. Blocking: run it off the GUI thread."""
    try:
        if engine == "espeak":
            return EspeakEngine(langs=()).voices(lang)
        if engine == "pyttsx3":
            speaker = Pyttsx3Engine(langs=())
            try:
                return speaker.voices_for(lang)
            finally:
                speaker.close()
    except SpeechError as exc:
        log.info("no voices listed for %s: %s", engine, exc.message_en)
    return []
