"""pyttsx3 in its own thread (espeak-ng library on Linux, SAPI5 on Windows)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.domain.announcement import announcement_text
from hardware.speech.errors import SpeechError
from hardware.speech.pyttsx3_engine import Pyttsx3Engine, pick_voice
from hardware.speech.wavio import verify_wav


@dataclass
class Voice:
    """The shape of a ``pyttsx3.voice.Voice``."""

    id: str
    name: str
    languages: list[str | bytes] = field(default_factory=list)


def test_pick_voice_prefers_indonesian_then_falls_back_to_none() -> None:
    espeak = [
        Voice("sit/cmn", "Chinese (Mandarin, latin as English)", ["cmn"]),
        Voice("gmw/en-029", "English (Caribbean)", ["en-029"]),
        Voice("gmw/en", "English (Great Britain)", ["en-gb"]),
        Voice("poz/id", "Indonesian", [b"\x05id"]),
    ]
    assert pick_voice(espeak, "id") == "poz/id"
    assert pick_voice(espeak, "en") == "gmw/en"
    sapi_id = (
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\TTS_MS_ID-ID_ANDIKA_11.0"
    )
    sapi = [
        Voice(
            "HKEY...\\TTS_MS_EN-US_ZIRA_11.0", "Microsoft Zira Desktop - English (United States)"
        ),
        Voice(sapi_id, "Microsoft Andika - Indonesian (Indonesia)"),
    ]
    assert pick_voice(sapi, "id") == sapi_id
    assert pick_voice(sapi[:1], "id") is None
    assert pick_voice([Voice("x/idiom", "Idiomatic")], "id") is None


@pytest.fixture
def engine() -> Iterator[Pyttsx3Engine]:
    try:
        tts = Pyttsx3Engine()
    except SpeechError as exc:  # e.g. Linux without libespeak-ng1
        pytest.skip(f"pyttsx3 cannot start on this machine: {exc.message_en}")
    yield tts
    tts.close()


def test_pyttsx3_speaks_indonesian_to_a_complete_wav(engine: Pyttsx3Engine, tmp_path: Path) -> None:
    if engine.voices["id"] is None:
        pytest.skip("no Indonesian pyttsx3 voice installed here")
    out = engine.synthesize(announcement_text("A-005", 3), tmp_path / "a.wav")
    info = verify_wav(out)
    assert 2.0 < info.duration < 8.0
    assert not (tmp_path / "a.partial.wav").exists()


def test_pyttsx3_requests_from_many_threads_each_get_their_own_text(
    engine: Pyttsx3Engine, tmp_path: Path
) -> None:
    texts = {
        "short": announcement_text("A-1", 1),
        "long": announcement_text("B-999", 99, style="words", recall=True),
    }
    results: dict[str, float] = {}
    errors: list[BaseException] = []

    def speak(name: str) -> None:
        try:
            results[name] = verify_wav(engine.synthesize(texts[name], tmp_path / name)).duration
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=speak, args=(name,)) for name in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert results["long"] > results["short"] + 2.0  # the long text was not cut to the short


def test_one_pyttsx3_engine_per_process_and_closed_refuses(
    engine: Pyttsx3Engine, tmp_path: Path
) -> None:
    with pytest.raises(SpeechError, match="already in use"):
        Pyttsx3Engine()
    engine.close()
    with pytest.raises(SpeechError, match="closed"):
        engine.synthesize(announcement_text("A-005", 3), tmp_path / "x.wav")
    again = Pyttsx3Engine()  # the driver is free again
    try:
        assert verify_wav(again.synthesize(announcement_text("C-7", 2), tmp_path / "c.wav"))
    finally:
        again.close()


def test_pyttsx3_without_a_driver_is_a_clear_error() -> None:
    with pytest.raises(SpeechError, match="pyttsx3 is unavailable"):
        Pyttsx3Engine(driver_name="no_such_driver")
