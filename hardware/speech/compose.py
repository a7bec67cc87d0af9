"""Chime + voice (+ the voice again) as one WAV, so the player plays one file per call."""

from __future__ import annotations

from pathlib import Path

from hardware.speech.wavio import Pcm, concat, read_pcm, verify_wav, write_pcm

CHIME_GAP_S = 0.25  # between the chime and the voice


def compose_announcement(
    chime: Path | None,
    voice_wav: Path,
    out: Path,
    repeat: int = 1,
    gap_s: float = 0.4,
) -> Path:
    """Write ``chime`` (if any), then ``voice_wav`` ``repeat`` times ``gap_s`` apart, to ``out``.

    The output has the voice's sample rate; the chime is resampled if its rate differs.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat}")
    if gap_s < 0:
        raise ValueError(f"gap_s must be >= 0, got {gap_s}")
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
    write_pcm(out, concat(parts, voice.rate, gaps))
    verify_wav(out)
    return out
