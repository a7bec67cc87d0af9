"""Typed errors of the speech adapters."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.errors import HardwareError

_LANGUAGE_NAMES = {"id": ("Indonesia", "Indonesian"), "en": ("Inggris", "English")}


class SpeechError(HardwareError):
    """Speech could not be produced or played (no engine, bad clip, no audio device)."""

    code = "speech_error"


class VoiceMissing(SpeechError):
    """The engine works but has no voice for the language it must speak.

    It would read Indonesian with an English voice (SAPI5 often lists only English voices),
    so the engine counts as unavailable and the next one in the chain is taken.
    """

    code = "voice_missing"

    @classmethod
    def of(cls, engine: str, lang: str, voices: Sequence[str] | None = None) -> VoiceMissing:
        """``engine`` (its name) has no voice for ``lang``; ``voices``: the ones it has."""
        name_id, name_en = _LANGUAGE_NAMES.get(lang, (lang, lang))
        listed_id = listed_en = ""
        if voices is not None:
            shown = ", ".join(voices[:6])
            more = len(voices) - 6
            listed_id = f"; suara yang ada: {shown or 'tidak ada'}"
            listed_en = f"; its voices: {shown or 'none'}"
            if more > 0:
                listed_id += f" dan {more} lainnya"
                listed_en += f" and {more} more"
        return cls(
            f"{engine} tidak punya suara bahasa {name_id} ({lang}){listed_id}. Pasang suara "
            "bahasa tersebut (Windows: Pengaturan > Waktu & bahasa > Ucapan) atau pakai "
            "mesin suara lain.",
            f"{engine} has no {name_en} ({lang}) voice{listed_en}. Install one (Windows: "
            "Settings > Time & language > Speech) or use another speech engine.",
            engine=engine,
            lang=lang,
        )


class SpeechMuted(SpeechError):
    """This PC's speaker volume (``[speech] volume``) is 0: the hall chose silence.

    The speech queue does not raise it (it skips the sound and the display still shows the
    call); a one-off announcement (``antrean announce``, the admin window's test call) does.
    """

    code = "speech_muted"

    @classmethod
    def volume_zero(cls) -> SpeechMuted:
        return cls(
            "Volume speaker PC ini 0 (suara dimatikan): panggilan hanya tampil di layar. "
            "Naikkan volume di jendela admin (Suara) atau [speech] volume.",
            "This PC's speaker volume is 0 (muted): calls only show on the display. "
            "Raise it in the admin window (Voice) or [speech] volume.",
        )
