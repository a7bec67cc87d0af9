"""What citizens read about their wait and a full service: one rule, one wording.

The paper ticket, the kiosk's tiles and confirmation, the lobby display and the CLI all say
these through the functions here, so a ticket never promises what the screen beside it
denies.

The rule of the estimate (``WaitEstimate.minutes``): None means no open counter serves the
service, so no figure is given; 0 means the ticket is next; otherwise "± N minutes".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.i18n import N_, gettext, pick

Form = Literal["long", "short"]


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text in Indonesian and English: a catalog text (``of``) or data (``data``)."""

    id: str
    en: str

    def text(self, lang: str = "id") -> str:
        return pick(lang, self.id, self.en)

    @classmethod
    def of(cls, text: str, /, **fields: object) -> Bilingual:
        """``text`` (an Indonesian template marked with ``N_``) and its English from the
        catalog, both with their ``{name}`` fields filled (no fields: not formatted); a field
        that is itself ``Bilingual`` is filled in each language."""
        return cls(_fill(text, fields, "id"), _fill(gettext(text, "en"), fields, "en"))

    @classmethod
    def both(cls, say: Callable[[str], str], /) -> Bilingual:
        """What ``say(lang)`` (a catalog text read in ``lang``, e.g. ``KnownError.message``)
        gives in each language."""
        return cls(say("id"), say("en"))

    @classmethod
    def data(cls, indonesian: str, english: str) -> Bilingual:
        """A value that is data in two languages (a service's name from its ``name_id`` and
        ``name_en`` columns), not a text of the program: those come from ``of``."""
        return cls(indonesian, english)


def _fill(template: str, fields: dict[str, object], lang: str) -> str:
    if not fields:
        return template
    return template.format(
        **{k: v.text(lang) if isinstance(v, Bilingual) else v for k, v in fields.items()}
    )


# What the admin window's "send now" to HQ reports (``antrean admin``'s devices).
SYNC_SUMMARY = N_("Terkirim {stored} data; {pending} masih menunggu.")


def wait_text(minutes: int | None, lang: str = "id", form: Form = "long") -> str:
    """The estimated wait as a citizen reads it.

    ``form="long"`` is a sentence for the ticket and the confirmation ("Perkiraan waktu
    tunggu: ± 12 menit"); ``"short"`` fits a tile or a display row ("± 12 menit").
    """
    return wait_wording(minutes, form).text(lang)


def wait_wording(minutes: int | None, form: Form = "long") -> Bilingual:
    if minutes is None:
        short = Bilingual.of(N_("belum ada loket buka"))
    elif minutes <= 0:
        short = Bilingual.of(N_("segera dilayani"))
    else:
        short = Bilingual.of(N_("± {minutes} menit"), minutes=minutes)
    if form == "short":
        return short
    return Bilingual.of(N_("Perkiraan waktu tunggu: {wait}"), wait=short)


def ahead_text(people: int, lang: str = "id") -> str:
    """How many waiting tickets will be called first ("Antrean di depan Anda: 3 orang")."""
    if people <= 0:
        return Bilingual.of(N_("Tidak ada antrean di depan Anda")).text(lang)
    return Bilingual.of(N_("Antrean di depan Anda: {people} orang"), people=people).text(lang)


def quota_reason(name_id: str, name_en: str, limit: int, form: Form = "long") -> Bilingual:
    """Why a service hands out no more tickets today: its daily quota of ``limit`` is used."""
    if form == "short":
        return Bilingual.of(N_("Kuota {limit} nomor hari ini habis"), limit=limit)
    return Bilingual.of(
        N_(
            "Kuota harian {name} ({limit} nomor) sudah habis. "
            "Silakan datang kembali pada hari layanan berikutnya."
        ),
        name=Bilingual.data(name_id, name_en),
        limit=limit,
    )
