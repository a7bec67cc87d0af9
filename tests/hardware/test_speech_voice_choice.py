"""``[speech] voice``: the engine's own voice list, real espeak-ng synthesis with the chosen
voice, and a voice the engine lacks (the same engine, its default voice, a WARNING)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.domain.announcement import announcement_text
from hardware.speech.engines import EspeakEngine, build_engine, list_voices
from hardware.speech.errors import VoiceUnknown
from hardware.speech.wavio import verify_wav

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt espeak-ng)"
)


def test_espeak_lists_its_indonesian_voices_with_variants() -> None:
    ids = [v.id for v in list_voices("espeak", "id")]
    assert ids[:2] == ["id", "id+m1"] and "id+f3" in ids
    assert all(i == "id" or i.startswith(("id+", "mb-id")) for i in ids)
    assert list_voices("clips", "id") == [] and list_voices("none", "id") == []


def test_the_chosen_voice_speaks_the_announcement(tmp_path: Path) -> None:
    text = announcement_text("A-001", 1, "digits", "id")
    default = EspeakEngine().synthesize(text, tmp_path / "default.wav")
    engine = build_engine("espeak", voice="id+f3")
    assert (engine.name, getattr(engine, "voice", None)) == ("espeak", "id+f3")
    chosen = engine.synthesize(text, tmp_path / "f3.wav")
    verify_wav(chosen)
    assert chosen.read_bytes() != default.read_bytes()  # another voice, not the default


def test_a_voice_espeak_lacks_is_refused_by_name() -> None:
    with pytest.raises(VoiceUnknown) as caught:
        EspeakEngine(voice="id+nosuchvariant")
    assert '"id+nosuchvariant"' in caught.value.message("id")
    assert EspeakEngine(langs=(), voice="Indonesian").voice == "Indonesian"


@pytest.mark.expect_log("speech voice unknown, default voice used", level="WARNING")
def test_the_chain_keeps_the_engine_with_its_default_voice(tmp_path: Path) -> None:
    engine = build_engine("espeak", voice="xx-nope")
    assert (engine.name, getattr(engine, "voice", None)) == ("espeak", "")
    text = announcement_text("A-001", 1, "digits", "id")
    verify_wav(engine.synthesize(text, tmp_path / "call.wav"))


def test_pyttsx3_lists_and_takes_a_voice_by_its_id(tmp_path: Path) -> None:
    listed = list_voices("pyttsx3", "id")
    if not listed:
        pytest.skip("pyttsx3 cannot start here (no driver or libespeak-ng)")
    from hardware.speech.pyttsx3_engine import Pyttsx3Engine

    with pytest.raises(VoiceUnknown):
        Pyttsx3Engine(voice="no/such-voice")
    engine = Pyttsx3Engine(voice=listed[0].id)
    try:
        assert engine.voices["id"] == listed[0].id
        text = announcement_text("A-001", 1, "digits", "id")
        verify_wav(engine.synthesize(text, tmp_path / "call.wav"))
    finally:
        engine.close()


@pytest.mark.expect_log("speech voice unknown, default voice used", level="WARNING")
def test_doctor_says_when_the_configured_voice_is_not_on_this_pc() -> None:
    from app.cli.doctor_cmds import speech_checks
    from app.cli.output import Output
    from app.settings import Settings, SpeechSettings

    out = Output(json_mode=False, lang="id")
    missing = speech_checks(Settings(speech=SpeechSettings(voice="xx-nope")), out)[0]
    assert (missing.level, missing.details["voice"]) == ("warn", "xx-nope")
    assert missing.message == 'espeak: suara "xx-nope" tidak ada di PC ini; memakai suara bawaan'
    present = speech_checks(Settings(speech=SpeechSettings(voice="id+f3")), out)[0]
    assert present.level == "ok"
