"""An engine without a voice for the hall's language is not used: the chain falls back.

pyttsx3 runs its real espeak driver here; the true edge is the voice list it reports, which
``EnglishOnlyDriver`` trims to English, like a Windows PC whose SAPI5 has only English voices.
"""

from __future__ import annotations

import logging
import shutil
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from app.domain.announcement import announcement_text
from hardware.speech.clips import ClipEngine
from hardware.speech.engines import EspeakEngine, build_engine
from hardware.speech.errors import SpeechError, VoiceMissing
from hardware.speech.pyttsx3_engine import Pyttsx3Engine
from hardware.speech.wavio import verify_wav

try:
    from pyttsx3.drivers import espeak as real_espeak
except (ImportError, OSError) as exc:  # Linux without libespeak-ng1
    pytest.skip(f"pyttsx3's espeak driver cannot load here: {exc}", allow_module_level=True)

DRIVER = "antrean_english_only"
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt espeak-ng)"
)


class EnglishOnlyDriver:
    """pyttsx3's espeak driver reporting only its English voices; records what it was asked."""

    built: list[EnglishOnlyDriver] = []

    def __init__(self, proxy: Any) -> None:
        self._real = real_espeak.buildDriver(proxy)
        self.served: list[list[str]] = []  # the voice ids of each voice list handed out
        self.voices_set: list[str] = []
        self.texts: list[str] = []
        EnglishOnlyDriver.built.append(self)

    def getProperty(self, name: str) -> Any:  # noqa: N802 - pyttsx3's driver interface
        value = self._real.getProperty(name)
        if name == "voices":
            value = [v for v in value if v.languages and str(v.languages[0]).startswith("en")]
            self.served.append([v.id for v in value])
        return value

    def setProperty(self, name: str, value: Any) -> None:  # noqa: N802
        if name == "voice":
            self.voices_set.append(value)
        self._real.setProperty(name, value)

    def save_to_file(self, text: str, filename: str) -> None:
        self.texts.append(text)
        self._real.save_to_file(text, filename)

    def say(self, text: str) -> None:
        self.texts.append(text)
        self._real.say(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def english_only(monkeypatch: pytest.MonkeyPatch) -> type[EnglishOnlyDriver]:
    """Register the driver where pyttsx3 looks for drivers (``pyttsx3.drivers.<name>``)."""
    module = types.ModuleType(f"pyttsx3.drivers.{DRIVER}")
    module.buildDriver = EnglishOnlyDriver  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    EnglishOnlyDriver.built.clear()
    return EnglishOnlyDriver


def _start(**kw: Any) -> Pyttsx3Engine:
    try:
        return Pyttsx3Engine(**kw)
    except VoiceMissing:
        raise
    except SpeechError as exc:
        pytest.skip(f"pyttsx3 cannot start on this machine: {exc.message_en}")


def test_pyttsx3_without_the_language_s_voice_is_unavailable(
    english_only: type[EnglishOnlyDriver], tmp_path: Path
) -> None:
    with pytest.raises(VoiceMissing) as caught:
        _start(driver_name=DRIVER)
    assert "no Indonesian (id) voice" in caught.value.message_en
    assert "English" in caught.value.message_en  # names the voices it does have
    assert "Indonesia" in caught.value.message("id")
    [driver] = english_only.built
    assert driver.served and all("poz/id" not in ids for ids in driver.served)
    assert driver.texts == []  # nothing was read with the wrong voice

    english = _start(driver_name=DRIVER, langs=("en",))  # the driver itself works
    try:
        out = english.synthesize(announcement_text("A-005", 3, lang="en"), tmp_path / "en.wav")
        assert verify_wav(out).duration > 1.0
        with pytest.raises(VoiceMissing, match="no Indonesian"):
            english.synthesize(announcement_text("A-005", 3), tmp_path / "id.wav")
    finally:
        english.close()
    assert not (tmp_path / "id.wav").exists()
    assert english_only.built[-1].texts == [announcement_text("A-005", 3, lang="en").tts_text]


@pytest.mark.expect_log("speech engine pyttsx3 unavailable: pyttsx3 has no Indonesian")
@needs_espeak
def test_the_chain_falls_back_to_espeak_and_says_why(
    english_only: type[EnglishOnlyDriver], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.INFO, "hardware.speech.engines")
    engine = build_engine("pyttsx3", pyttsx3_driver=DRIVER)
    try:
        assert isinstance(engine, EspeakEngine)
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert warnings[0].startswith(
            "speech engine pyttsx3 unavailable: pyttsx3 has no Indonesian"
        )
        assert "speech engine: espeak (preferred pyttsx3, language id)" in caplog.text
        wav = engine.synthesize(announcement_text("A-005", 3), tmp_path / "a.wav")
        assert verify_wav(wav).duration > 1.0
    finally:
        engine.close()


@pytest.mark.expect_log("speech engine (pyttsx3|espeak) unavailable")
def test_then_to_the_recorded_clips(
    english_only: type[EnglishOnlyDriver],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")  # and no espeak-ng program either
    engine = build_engine("pyttsx3", pyttsx3_driver=DRIVER)
    assert isinstance(engine, ClipEngine)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w.split(":")[0] for w in warnings] == [
        "speech engine pyttsx3 unavailable",
        "speech engine espeak unavailable",
    ]
    assert "no Indonesian (id) voice" in warnings[0]
    assert "espeak-ng was not found" in warnings[1]


@needs_espeak
def test_espeak_without_the_language_s_voice_is_unavailable() -> None:
    engine = EspeakEngine()  # Indonesian is there
    assert engine.has_voice("id") and engine.has_voice("en")
    assert not engine.has_voice("tlh")
    with pytest.raises(VoiceMissing, match=r"espeak has no tlh \(tlh\) voice") as caught:
        EspeakEngine(langs=("tlh",))
    assert caught.value.details == {"engine": "espeak", "lang": "tlh"}


def test_pyttsx3_with_the_language_s_voice_is_taken(caplog: pytest.LogCaptureFixture) -> None:
    """The real driver's full voice list has Indonesian here: no fallback, no warning."""
    try:
        engine = build_engine("pyttsx3")
    except SpeechError as exc:
        pytest.skip(f"no engine at all here: {exc.message_en}")
    try:
        if not isinstance(engine, Pyttsx3Engine):
            pytest.skip("pyttsx3 has no Indonesian voice on this machine")
        assert engine.voices["id"] is not None
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    finally:
        engine.close()
