"""espeak-ng and recorded-clip engines, the fallback chain, and the one-shot WAV builder."""

from __future__ import annotations

import logging
import math
import shutil
from array import array
from pathlib import Path

import pytest

from app.domain.announcement import announcement_text, clip_words
from hardware.speech.announce import build_announcement_wav
from hardware.speech.chime import CHIME_SECONDS
from hardware.speech.clips import GAP_AFTER_LETTER_S, GAP_BEFORE_PHRASE_S, GAP_S, ClipEngine
from hardware.speech.compose import CHIME_GAP_S
from hardware.speech.engines import EspeakEngine, SpeechEngine, build_engine
from hardware.speech.errors import SpeechError
from hardware.speech.paths import default_chime, default_clip_dir
from hardware.speech.wavio import Pcm, read_pcm, verify_wav, write_pcm

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt espeak-ng)"
)

RATE = 22050


def frames(path: Path) -> int:
    return verify_wav(path, min_duration=0.05).frames


@needs_espeak
@pytest.mark.parametrize("lang", ["id", "en"])
def test_espeak_speaks_the_announcement(tmp_path: Path, lang: str) -> None:
    engine = EspeakEngine()
    text = announcement_text("A-005", 3, lang=lang)
    out = engine.synthesize(text, tmp_path / "voice.wav")
    info = verify_wav(out)
    assert 2.0 < info.duration < 8.0  # about twelve words at 150 words per minute
    assert info.rms > 500
    longer = engine.synthesize(announcement_text("A-005", 3, lang=lang, recall=True), out)
    assert verify_wav(longer).duration > info.duration + 0.5


def test_espeak_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SpeechError, match="espeak-ng was not found") as caught:
        EspeakEngine()
    assert "espeak-ng" in caught.value.message("id")


def test_espeak_that_cannot_run_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="espeak-ng could not run"):
        EspeakEngine(executable=str(tmp_path / "no-such-espeak"))
    engine = EspeakEngine(executable=str(tmp_path / "no-such-espeak"), langs=())
    with pytest.raises(SpeechError, match="espeak-ng could not run"):
        engine.synthesize(announcement_text("A-005", 3), tmp_path / "v.wav")


def test_the_shipped_clip_sets_are_complete() -> None:
    for lang in ("id", "en"):
        for key in clip_words(lang):
            verify_wav(default_clip_dir(lang) / f"{key}.wav", min_duration=0.1)


def test_clips_join_in_order_with_gaps(tmp_path: Path) -> None:
    engine = ClipEngine(require_langs=("id", "en"))
    text = announcement_text("B-123", 12, style="words")
    out = engine.synthesize(text, tmp_path / "voice.wav")
    keys = text.clips
    expected = sum(frames(default_clip_dir("id") / f"{key}.wav") for key in keys)
    # gaps: after the opening phrase, after the letter, 5 words apart, before "loket", 1 apart
    gaps = [GAP_AFTER_LETTER_S if k.startswith("letter_") else GAP_S for k in keys[:-1]]
    gaps[keys.index("silakan_menuju_loket") - 1] = GAP_BEFORE_PHRASE_S
    expected += sum(round(RATE * g) for g in gaps)
    assert verify_wav(out).frames == expected
    assert verify_wav(out).rms > 500


def test_hall_recordings_override_clips_key_by_key(tmp_path: Path) -> None:
    user = tmp_path / "hall-clips"
    (user / "id").mkdir(parents=True)
    count = 44100  # one second of a 44.1 kHz tone: converted to 22050 Hz on joining
    tone = [round(8000 * math.sin(2 * math.pi * 330 * i / 44100)) for i in range(count)]
    write_pcm(user / "id" / "3.wav", Pcm(44100, array("h", tone)))
    text = announcement_text("A-005", 3)
    shipped = ClipEngine().synthesize(text, tmp_path / "shipped.wav")
    custom_engine = ClipEngine(user)
    assert custom_engine.clip_path("id", "3") == user / "id" / "3.wav"
    assert custom_engine.clip_path("id", "5") == default_clip_dir("id") / "5.wav"
    custom = custom_engine.synthesize(text, tmp_path / "custom.wav")
    shipped_three = frames(default_clip_dir("id") / "3.wav")
    assert frames(custom) - frames(shipped) == RATE - shipped_three
    tail = read_pcm(custom).samples[-RATE:]
    assert tail[1000] == pytest.approx(tone[2000], abs=2)


def test_missing_clips_are_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    with pytest.raises(SpeechError, match="Recorded clips incomplete") as caught:
        ClipEngine(shipped_dir=empty)
    assert "letter_a" in caught.value.message_en
    partial = tmp_path / "partial"
    shutil.copytree(default_clip_dir("id"), partial / "id")
    (partial / "id" / "letter_q.wav").unlink()
    engine = ClipEngine(shipped_dir=partial, require_langs=())
    engine.synthesize(announcement_text("A-005", 3), tmp_path / "fine.wav")
    with pytest.raises(SpeechError, match="letter_q"):
        engine.synthesize(announcement_text("Q-005", 3), tmp_path / "q.wav")


@needs_espeak
def test_build_engine_takes_the_preferred_one(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "hardware.speech.engines")
    assert build_engine("espeak").name == "espeak"
    assert build_engine("clips").name == "clips"
    assert "speech engine: clips" in caplog.text
    with pytest.raises(ValueError, match="unknown speech engine"):
        build_engine("cloud")


@pytest.mark.expect_log("speech engine espeak unavailable: espeak-ng was not found")
def test_build_engine_falls_back_to_clips(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", "")  # a hall PC without espeak-ng
    engine = build_engine("espeak")
    assert isinstance(engine, ClipEngine)
    assert "speech engine espeak unavailable" in caplog.text


@pytest.mark.expect_log("speech engine (espeak|clips) unavailable")
def test_no_engine_at_all_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SpeechError, match="No speech engine is available") as caught:
        build_engine("espeak", shipped_clip_dir=tmp_path / "no-clips")
    assert "espeak: " in caught.value.message_en
    assert "clips: Recorded clips incomplete" in caught.value.message_en


@pytest.mark.parametrize("engine_name", ["espeak", "clips"])
def test_build_announcement_wav(tmp_path: Path, engine_name: str) -> None:
    if engine_name == "espeak" and shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt espeak-ng)")
    engine: SpeechEngine = EspeakEngine() if engine_name == "espeak" else ClipEngine()
    out = build_announcement_wav(
        "A-005", 3, engine=engine, chime=default_chime(), repeat=2, out=tmp_path / "a.wav"
    )
    voice = engine.synthesize(announcement_text("A-005", 3), tmp_path / "voice.wav")
    expected = CHIME_SECONDS + CHIME_GAP_S + 2 * verify_wav(voice).duration + 0.4
    assert verify_wav(out).duration == pytest.approx(expected, abs=0.001)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav", "voice.wav"]
