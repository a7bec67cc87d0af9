"""Chime + voice (+ the voice again) as one WAV, so the player plays one file per call."""

from __future__ import annotations

from pathlib import Path

from hardware.speech.errors import SpeechMuted
from hardware.speech.wavio import (
    SILENCE_RMS,
    Pcm,
    concat,
    read_pcm,
    scale,
    verify_wav,
    volume_gain,
    write_pcm,
)

CHIME_GAP_S = 0.25  # between the chime and the voice


def compose_announcement(
    chime: Path | None,
    voice_wav: Path,
    out: Path,
    repeat: int = 1,
    gap_s: float = 0.4,
    *,
    volume: int = 100,
) -> Path:
    """Write ``chime`` (if any), then ``voice_wav`` ``repeat`` times ``gap_s`` apart, to ``out``.

    The output has the voice's sample rate; the chime is resampled if its rate differs.
    ``volume`` (percent, the per-PC ``[speech] volume``) is a linear gain on the samples of
    the whole output, chime included (``wavio.volume_gain``: 50 halves the amplitude, about
    -6 dB). Every engine's voice passes through here, so one setting changes the loudness of
    espeak-ng, pyttsx3 and recorded clips alike; the engines themselves always synthesise at
    their full level (espeak-ng's ``-a`` and pyttsx3's ``volume`` are left at their defaults,
    as their own scales are not linear gains). Above 100 is clamped: nothing is amplified, so
    nothing clips. 0 raises ``SpeechMuted``: there is no silent file to play.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat}")
    if gap_s < 0:
        raise ValueError(f"gap_s must be >= 0, got {gap_s}")
    gain = volume_gain(volume)
    if gain == 0:
        raise SpeechMuted.volume_zero()
    verify_wav(voice_wav)
    voice = read_pcm(voice_wav)
    parts: list[Pcm] = []
    gaps: list[float] = []
    if chime is not None:
        verify_wav(chime)
        parts.append(read_pcm(chime))
        gaps.append(CHIME_GAP_S)
    parts.extend([voice] * repeat)
    gaps.extend([gap_s] * (repeat - 1))
    write_pcm(out, scale(concat(parts, voice.rate, gaps), gain))
    verify_wav(out, min_rms=SILENCE_RMS * gain)  # a quiet setting is not a silent file
    return out
