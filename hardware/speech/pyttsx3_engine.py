"""pyttsx3 speech, owned by one dedicated thread for the engine's whole life.

pyttsx3 engines are not thread-safe and speak only the last queued text of a batch, so every
call of ``synthesize`` becomes one request to the worker thread: ``save_to_file`` +
``runAndWait`` for that request alone. ``runAndWait`` can return before the driver has closed
the file (SAPI5 writes its header last), so the worker then waits until the WAV is complete.
Its ``volume`` property stays at 1.0: the speaker volume scales the finished WAV instead
(``compose.compose_announcement``), as for the other engines.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.announcement import AnnouncementText
from app.i18n import N_
from hardware.speech.errors import SpeechError, VoiceMissing, VoiceUnknown
from hardware.speech.voice import Voice
from hardware.speech.wavio import verify_wav

log = logging.getLogger(__name__)

_LANG_NAMES = {"id": "indonesian", "en": "english"}
_POLL_S = 0.02


def _language_tags(voice: Any) -> list[str]:
    """pyttsx3 voices list languages as str or bytes (espeak prefixes a priority byte)."""
    tags: list[str] = []
    for raw in getattr(voice, "languages", None) or []:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        tags.append(text.lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09 ").lower())
    return tags


def voice_score(voice: Any, lang: str) -> int:
    """How surely this pyttsx3 voice speaks ``lang``; 0 means not at all.

    Language tags weigh most (exact "id" 4, "en-gb" for "en" 3), then the voice id (espeak
    "poz/id", SAPI "...\\TTS_MS_ID-ID_ANDIKA_11.0") 2, then the name ("Indonesian",
    "Microsoft Andika - Indonesian (Indonesia)") 1; the parts add up.
    """
    lang = lang.lower()
    tags = _language_tags(voice)
    score = 0
    if lang in tags:
        score += 4
    elif any(tag.startswith((f"{lang}-", f"{lang}_")) for tag in tags):
        score += 3
    voice_id = str(getattr(voice, "id", "") or "").lower()
    if voice_id == lang or voice_id.endswith(f"/{lang}") or f"{lang}-{lang}" in voice_id:
        score += 2
    name = str(getattr(voice, "name", "") or "").lower()
    full_name = _LANG_NAMES.get(lang)
    if full_name and (name.startswith(full_name) or f"- {full_name}" in name):
        score += 1
    return score


def pick_voice(voices: Iterable[Any], lang: str) -> str | None:
    """The id of the voice that best speaks ``lang`` (first of equals), or None."""
    best: tuple[int, str | None] = (0, None)
    for voice in voices:
        score = voice_score(voice, lang)
        if score > best[0]:
            best = (score, str(voice.id))
    return best[1]


@dataclass(frozen=True, slots=True)
class _Request:
    text: AnnouncementText
    out_wav: Path
    future: Future[Path]


class Pyttsx3Engine:
    """One per process: pyttsx3 shares its driver (and espeak its callbacks) process-wide.

    ``langs``: the languages it must speak; a driver without a voice for one of them raises
    ``VoiceMissing`` here rather than reading them with another language's voice. ``voice``:
    the id of the voice that reads the first of ``langs`` (empty: the best match); one the
    driver does not list raises ``VoiceUnknown``. Other start failures raise ``SpeechError``.
    """

    name = "pyttsx3"
    _in_use = threading.Lock()

    def __init__(
        self,
        *,
        words_per_minute: int = 150,
        driver_name: str | None = None,
        langs: Sequence[str] = ("id",),
        start_timeout_s: float = 20.0,
        file_timeout_s: float = 30.0,
        voice: str = "",
    ) -> None:
        if not Pyttsx3Engine._in_use.acquire(blocking=False):
            raise SpeechError(
                N_("pyttsx3 sudah dipakai oleh bagian lain program."),
            )
        self._langs = tuple(langs)
        self.voice = voice.strip()
        try:
            self._start_thread(words_per_minute, driver_name, start_timeout_s, file_timeout_s)
        except BaseException:
            Pyttsx3Engine._in_use.release()
            raise

    def _start_thread(
        self,
        words_per_minute: int,
        driver_name: str | None,
        start_timeout_s: float,
        file_timeout_s: float,
    ) -> None:
        self._wpm = words_per_minute
        self._driver_name = driver_name
        self._file_timeout_s = file_timeout_s
        self._requests: queue.Queue[_Request | None] = queue.Queue()
        self._ready = threading.Event()
        self._closed = False
        self._init_error: BaseException | None = None
        self.voices: dict[str, str | None] = {}
        self.voice_names: list[str] = []
        self._listed: list[Any] = []  # the driver's voices (id, name, languages)
        self._thread = threading.Thread(target=self._run, name="antrean-pyttsx3", daemon=True)
        self._thread.start()
        if not self._ready.wait(start_timeout_s):
            raise SpeechError(
                N_("pyttsx3 tidak siap dalam waktu yang wajar."),
                start_timeout_s=start_timeout_s,
            )
        if isinstance(self._init_error, SpeechError):
            raise self._init_error
        if self._init_error is not None:
            err = self._init_error
            raise SpeechError(
                N_("pyttsx3 tidak dapat dipakai: {err}"),
                err=err,
                name=type(err).__name__,
            ) from err

    # -- the worker thread -------------------------------------------------------------------

    def _start(self) -> Any:
        if sys.platform == "win32":  # SAPI5 is COM: initialise COM in this thread
            import comtypes

            comtypes.CoInitialize()
        import pyttsx3

        engine = pyttsx3.Engine(self._driver_name)  # not init(): that one is a shared cache
        voices = list(engine.getProperty("voices") or [])
        self.voices = {lang: pick_voice(voices, lang) for lang in {*_LANG_NAMES, *self._langs}}
        self.voice_names = [str(getattr(voice, "name", "") or voice.id) for voice in voices]
        self._listed = voices
        if self.voice:
            if self.voice not in {str(v.id) for v in voices}:
                engine.stop()
                raise VoiceUnknown.of(self.name, self.voice)
            if self._langs:
                self.voices[self._langs[0]] = self.voice
        for lang in self._langs:
            if self.voices[lang] is None:
                engine.stop()
                raise VoiceMissing.of(self.name, lang, self.voice_names)
        engine.setProperty("rate", self._wpm)
        log.info("pyttsx3 ready: %d voices, chosen %s", len(voices), self.voices)
        return engine

    def _run(self) -> None:
        try:
            engine = self._start()
        except Exception as exc:  # ImportError, OSError (no libespeak), RuntimeError, COM errors,
            # VoiceMissing
            log.debug("pyttsx3 start failed", exc_info=True)
            self._init_error = exc
            self._ready.set()
            return
        self._ready.set()
        while (request := self._requests.get()) is not None:
            if not request.future.set_running_or_notify_cancel():
                continue
            try:
                request.future.set_result(self._synthesize_here(engine, request))
            except BaseException as exc:  # handed to the caller of synthesize()
                request.future.set_exception(exc)
        engine.stop()

    def _synthesize_here(self, engine: Any, request: _Request) -> Path:
        voice = self.voices.get(request.text.lang)
        if voice is None:  # never read a language with another language's voice
            raise VoiceMissing.of(self.name, request.text.lang, self.voice_names)
        engine.setProperty("voice", voice)
        out = request.out_wav
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.stem + ".partial.wav")
        partial.unlink(missing_ok=True)
        engine.save_to_file(request.text.tts_text, str(partial))
        engine.runAndWait()
        self._wait_complete(partial)
        partial.replace(out)
        return out

    def _wait_complete(self, path: Path) -> None:
        """Poll until ``path`` is a complete, audible WAV whose size has stopped changing."""
        deadline = time.monotonic() + self._file_timeout_s
        last_size = -1
        last_error: SpeechError | None = None
        while time.monotonic() < deadline:
            size = path.stat().st_size if path.exists() else -1
            if size > 44 and size == last_size:
                try:
                    verify_wav(path)
                    return
                except SpeechError as exc:
                    last_error = exc
            last_size = size
            time.sleep(_POLL_S)
        detail = last_error.message_en if last_error else f"{path} was never written"
        raise SpeechError(
            N_("pyttsx3 tidak menghasilkan berkas suara yang utuh."),
            file_timeout_s=self._file_timeout_s,
            detail=detail,
        ) from last_error

    # -- the caller's side -------------------------------------------------------------------

    def voices_for(self, lang: str) -> list[Voice]:
        """The driver's voices that speak ``lang``, best first (all of them when none does)."""
        scored = sorted(
            ((voice_score(v, lang), i, v) for i, v in enumerate(self._listed)),
            key=lambda x: (-x[0], x[1]),
        )
        chosen = [v for score, _, v in scored if score > 0] or [v for _, _, v in scored]
        return [Voice(str(v.id), str(getattr(v, "name", "") or v.id)) for v in chosen]

    def synthesize(self, text: AnnouncementText, out_wav: Path) -> Path:
        if self._closed or not self._thread.is_alive():
            raise SpeechError(N_("pyttsx3 sudah ditutup."))
        future: Future[Path] = Future()
        self._requests.put(_Request(text, out_wav, future))
        try:
            return future.result(timeout=self._file_timeout_s + 30.0)
        except TimeoutError as exc:
            raise SpeechError(N_("pyttsx3 tidak menjawab.")) from exc

    def close(self, timeout_s: float = 5.0) -> None:
        if self._closed:
            return
        self._closed = True
        self._requests.put(None)
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.warning("pyttsx3 thread still busy after %.0f s", timeout_s)
        Pyttsx3Engine._in_use.release()
