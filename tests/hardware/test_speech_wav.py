"""WAV checks, conversion, the chime, and chime + voice composition."""

from __future__ import annotations

import math
import shutil
import subprocess
import wave
from array import array
from pathlib import Path

import pytest

from hardware.speech.chime import CHIME_SECONDS, chime_pcm, write_chime
from hardware.speech.compose import CHIME_GAP_S, compose_announcement
from hardware.speech.errors import SpeechError
from hardware.speech.paths import default_chime
from hardware.speech.wavio import (
    Pcm,
    read_pcm,
    resample,
    samples_to_raw,
    trim_silence,
    verify_wav,
    write_pcm,
)


def sine(freq: float, seconds: float, rate: int = 22050, amp: float = 0.5) -> Pcm:
    count = round(seconds * rate)
    values = [round(amp * 32767 * math.sin(2 * math.pi * freq * i / rate)) for i in range(count)]
    return Pcm(rate, array("h", values))


def write_raw(path: Path, data: bytes, *, rate: int, channels: int, width: int) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(data)
    return path


def zero_crossings(samples: array[int]) -> int:
    return sum(1 for a, b in zip(samples, samples[1:], strict=False) if (a < 0) != (b < 0))


def test_verify_accepts_a_tone_and_reports_its_format(tmp_path: Path) -> None:
    path = write_pcm(tmp_path / "tone.wav", sine(440, 0.5))
    info = verify_wav(path)
    assert (info.rate, info.channels, info.width, info.frames) == (22050, 1, 2, 11025)
    assert info.duration == pytest.approx(0.5)
    assert info.rms == pytest.approx(0.5 * 32767 / math.sqrt(2), rel=0.01)


def test_verify_refuses_short_silent_truncated_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="too short"):
        verify_wav(write_pcm(tmp_path / "short.wav", sine(440, 0.1)))
    with pytest.raises(SpeechError, match="silent"):
        verify_wav(write_pcm(tmp_path / "quiet.wav", Pcm(22050, array("h", bytes(22050)))))
    whole = write_pcm(tmp_path / "whole.wav", sine(440, 1.0)).read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(SpeechError, match="incomplete"):
        verify_wav(cut)
    text = tmp_path / "text.wav"
    text.write_text("not a sound")
    with pytest.raises(SpeechError, match="not a valid PCM WAV") as caught:
        verify_wav(text)
    assert caught.value.code == "speech_error"
    assert "Berkas suara" in caught.value.message("id")
    with pytest.raises(SpeechError, match="does not exist"):
        verify_wav(tmp_path / "absent.wav")


def test_other_pcm_formats_become_mono_16_bit(tmp_path: Path) -> None:
    tone = sine(300, 0.5)
    raw16 = samples_to_raw(tone.samples)
    stereo = bytearray(len(raw16) * 2)
    for i in range(0, len(raw16), 2):
        stereo[2 * i : 2 * i + 2] = raw16[i : i + 2]  # left: the tone, right: silence
    mixed = read_pcm(write_raw(tmp_path / "st.wav", bytes(stereo), rate=22050, channels=2, width=2))
    assert len(mixed.samples) == len(tone.samples)
    assert mixed.samples[100] == tone.samples[100] // 2
    # 24-bit: a zero low byte in front of each 16-bit sample
    raw24 = b"".join(b"\x00" + raw16[i : i + 2] for i in range(0, len(raw16), 2))
    wide = read_pcm(write_raw(tmp_path / "w.wav", raw24, rate=22050, channels=1, width=3))
    assert wide.samples == tone.samples
    raw8 = bytes((s >> 8) + 128 for s in tone.samples)
    narrow = read_pcm(write_raw(tmp_path / "n.wav", raw8, rate=22050, channels=1, width=1))
    assert max(abs(a - b) for a, b in zip(narrow.samples, tone.samples, strict=True)) < 256


def test_resample_keeps_duration_and_pitch() -> None:
    tone = sine(440, 1.0, rate=44100)
    down = resample(tone, 22050)
    assert down.rate == 22050
    assert len(down.samples) == 22050
    assert zero_crossings(down.samples) == pytest.approx(880, abs=3)
    up = resample(sine(440, 1.0, rate=16000), 22050)
    assert len(up.samples) == 22050
    assert zero_crossings(up.samples) == pytest.approx(880, abs=3)


def test_trim_silence_cuts_both_ends() -> None:
    pad = array("h", bytes(2 * 11025))
    padded = Pcm(22050, pad + sine(440, 0.5).samples + pad)
    trimmed = trim_silence(padded, pad_s=0.0)
    assert trimmed.duration == pytest.approx(0.5, abs=0.01)


def test_chime_is_a_soft_two_tone_sound(tmp_path: Path) -> None:
    path = write_chime(tmp_path / "chime.wav")
    info = verify_wav(path)
    assert (info.rate, info.channels, info.width) == (22050, 1, 2)
    assert info.duration == pytest.approx(CHIME_SECONDS)
    pcm = read_pcm(path)
    assert max(abs(s) for s in pcm.samples) < 0.65 * 32767  # soft, never clipping
    assert pcm.samples[-1] == 0  # faded out, no click
    first = pcm.samples[: round(0.4 * 22050)]
    second = pcm.samples[round(0.5 * 22050) : round(0.9 * 22050)]
    # "ting" (659 Hz) then "tung" (523 Hz): fewer zero crossings per second in the second
    assert zero_crossings(first) / 0.4 > zero_crossings(second) / 0.4 + 150


def test_the_shipped_chime_is_the_generated_one() -> None:
    shipped = read_pcm(default_chime())
    fresh = chime_pcm()
    assert len(shipped.samples) == len(fresh.samples)
    assert max(abs(a - b) for a, b in zip(shipped.samples, fresh.samples, strict=True)) <= 1


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox is not installed (apt sox)")
def test_sox_agrees_on_the_files_written_here(tmp_path: Path) -> None:
    path = write_pcm(tmp_path / "tone.wav", sine(440, 0.75))
    done = subprocess.run(["sox", "--i", "-D", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) == pytest.approx(0.75, abs=1 / 22050)
    samples = subprocess.run(["sox", "--i", "-s", str(path)], capture_output=True, text=True)
    assert int(samples.stdout) == verify_wav(path).frames


def test_compose_puts_the_chime_first_then_the_voice_repeated(tmp_path: Path) -> None:
    voice = write_pcm(tmp_path / "voice.wav", sine(200, 1.5))
    out = compose_announcement(default_chime(), voice, tmp_path / "out.wav", repeat=2, gap_s=0.4)
    info = verify_wav(out)
    expected = CHIME_SECONDS + CHIME_GAP_S + 1.5 + 0.4 + 1.5
    assert info.duration == pytest.approx(expected, abs=1 / 22050 * 3)
    samples = read_pcm(out).samples
    chime = read_pcm(default_chime()).samples
    assert samples[: len(chime)] == chime
    gap = samples[len(chime) : len(chime) + round(CHIME_GAP_S * 22050)]
    assert not any(gap)
    no_chime = compose_announcement(None, voice, tmp_path / "bare.wav")
    assert verify_wav(no_chime).duration == pytest.approx(1.5)


def test_compose_resamples_a_chime_of_another_rate(tmp_path: Path) -> None:
    chime16k = write_pcm(tmp_path / "chime16k.wav", chime_pcm(rate=16000))
    voice = write_pcm(tmp_path / "voice.wav", sine(200, 1.0))
    out = compose_announcement(chime16k, voice, tmp_path / "out.wav")
    info = verify_wav(out)
    assert info.rate == 22050
    assert info.duration == pytest.approx(CHIME_SECONDS + CHIME_GAP_S + 1.0, abs=0.001)
    with pytest.raises(ValueError, match="repeat"):
        compose_announcement(None, voice, tmp_path / "x.wav", repeat=0)
