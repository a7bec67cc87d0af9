"""Typed errors of the speech adapters."""

from __future__ import annotations

from app.domain.errors import HardwareError


class SpeechError(HardwareError):
    """Speech could not be produced or played (no engine, bad clip, no audio device)."""

    code = "speech_error"
