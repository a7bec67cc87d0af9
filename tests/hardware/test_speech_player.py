"""Audio sinks: command-line players, winsound, null and recording."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pytest

from hardware.speech.errors import SpeechError
from hardware.speech.paths import default_chime
from hardware.speech.player import NullSink, RecordingSink, SubprocessSink, WinsoundSink

needs_aplay = pytest.mark.skipif(
    shutil.which("aplay") is None, reason="aplay is not installed (apt alsa-utils)"
)


@needs_aplay
def test_aplay_plays_to_the_alsa_null_device() -> None:
    sink = SubprocessSink("aplay", device="null")
    sink.play(default_chime())  # returns only after aplay has exited successfully


@needs_aplay
def test_a_player_failure_is_surfaced_with_its_message() -> None:
    sink = SubprocessSink("aplay", device="no_such_pcm_device")
    with pytest.raises(
        SpeechError, match=r"Playback failed \(aplay .*no_such_pcm_device\): .*audio open error"
    ):
        sink.play(default_chime())


def test_no_player_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SpeechError, match="No audio player found"):
        SubprocessSink()


def test_sinks_refuse_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF....WAVE")
    for sink in (NullSink(), RecordingSink()):
        with pytest.raises(SpeechError, match="not a valid PCM WAV"):
            sink.play(broken)


@pytest.mark.skipif(sys.platform == "win32", reason="winsound exists on Windows")
def test_winsound_is_windows_only() -> None:
    with pytest.raises(SpeechError, match="only available on Windows"):
        WinsoundSink()


def test_recording_sink_records_and_can_be_held() -> None:
    gate = threading.Event()
    sink = RecordingSink(gate=gate)
    player = threading.Thread(target=sink.play, args=(default_chime(),))
    player.start()
    assert sink.playing.wait(5)
    assert sink.records == []  # still "playing" while the gate is closed
    gate.set()
    player.join(5)
    (record,) = sink.records
    assert record.path == default_chime()
    assert record.duration == pytest.approx(1.2)
    assert record.ended >= record.started
    assert sink.max_concurrent == 1
