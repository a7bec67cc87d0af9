"""The "ting-tung" chime played before every announcement, synthesised in plain Python."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

from hardware.speech.wavio import SAMPLE_RATE, Pcm, write_pcm

# (start s, frequency Hz, peak 0..1): a high "ting" then a lower "tung" (E5 then C5).
_NOTES: tuple[tuple[float, float, float], ...] = ((0.0, 659.25, 0.42), (0.42, 523.25, 0.42))
CHIME_SECONDS = 1.2
_DECAY_PER_S = 3.2  # exponential decay rate of each bell tone
_ATTACK_S = 0.008  # soft start, no click


def chime_pcm(rate: int = SAMPLE_RATE, seconds: float = CHIME_SECONDS) -> Pcm:
    """Two soft bell tones with decay; a short fade-out ends exactly at ``seconds``."""
    count = round(rate * seconds)
    mix = [0.0] * count
    for start, freq, peak in _NOTES:
        first = round(start * rate)
        for i in range(first, count):
            t = (i - first) / rate
            envelope = peak * math.exp(-_DECAY_PER_S * t) * min(1.0, t / _ATTACK_S)
            phase = 2 * math.pi * freq * t
            # the fundamental plus a quiet octave gives a bell colour without harshness
            mix[i] += envelope * (math.sin(phase) + 0.18 * math.sin(2 * phase))
    fade = round(0.05 * rate)
    for k in range(fade):
        mix[count - 1 - k] *= k / fade
    top = max(1e-9, max(abs(v) for v in mix))
    scale = 0.6 * 32767 / top  # about -4.4 dBFS peak: soft, leaves room for the voice
    return Pcm(rate, array("h", [round(v * scale) for v in mix]))


def write_chime(path: Path, rate: int = SAMPLE_RATE) -> Path:
    return write_pcm(path, chime_pcm(rate))
