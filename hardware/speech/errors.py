"""Typed errors of the speech adapters."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.errors import HardwareError
from app.domain.wording import Bilingual
from app.i18n import N_

_LANGUAGE_NAMES = {"id": N_("Indonesia"), "en": N_("Inggris")}


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
        known = _LANGUAGE_NAMES.get(lang)
        name = Bilingual.of(known) if known else Bilingual.data(lang, lang)
        listed = Bilingual.data("", "")
        if voices is not None:
            shown = ", ".join(voices[:6])
            more = len(voices) - 6
            if not shown:
                listed = Bilingual.of(N_("; suara yang ada: tidak ada"))
            elif more > 0:
                listed = Bilingual.of(
                    N_("; suara yang ada: {shown} dan {more} lainnya"), shown=shown, more=more
                )
            else:
                listed = Bilingual.of(N_("; suara yang ada: {shown}"), shown=shown)
        template = N_(
            "{engine} tidak punya suara bahasa {name} ({lang}){listed}. Pasang suara bahasa "
            "tersebut (Windows: Pengaturan > Waktu & bahasa > Ucapan) atau pakai mesin suara "
            "lain."
        )
        message = Bilingual.of(template, engine=engine, lang=lang, name=name, listed=listed)
        return cls(message, engine=engine, lang=lang)


class VoiceUnknown(SpeechError):
    """``[speech] voice`` names a voice the engine does not have (mistyped, or not installed
    on this PC)."""

    code = "voice_unknown"

    @classmethod
    def of(cls, engine: str, voice: str) -> VoiceUnknown:
        return cls(
            N_(
                'Mesin suara {engine} tidak punya suara "{voice}"; pilih salah satu dari '
                "daftar suara mesin itu."
            ),
            engine=engine,
            voice=voice,
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
            N_(
                "Volume speaker PC ini 0 (suara dimatikan): panggilan hanya tampil di "
                "layar. Naikkan volume di jendela admin (Suara) atau [speech] volume."
            ),
        )
