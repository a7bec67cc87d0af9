"""What citizens read about their wait and a full service: one rule, one wording.

The paper ticket, the kiosk's tiles and confirmation, the lobby display and the CLI all say
these through the functions here, so a ticket never promises what the screen beside it
denies.

The rule of the estimate (``WaitEstimate.minutes``): None means no open counter serves the
service, so no figure is given; 0 means the ticket is next; otherwise "± N minutes".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Form = Literal["long", "short"]


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text in Indonesian and English."""

    id: str
    en: str

    def text(self, lang: str = "id") -> str:
        return self.id if lang == "id" else self.en


def wait_text(minutes: int | None, lang: str = "id", form: Form = "long") -> str:
    """The estimated wait as a citizen reads it.

    ``form="long"`` is a sentence for the ticket and the confirmation ("Perkiraan waktu
    tunggu: ± 12 menit"); ``"short"`` fits a tile or a display row ("± 12 menit").
    """
    return wait_wording(minutes, form).text(lang)


def wait_wording(minutes: int | None, form: Form = "long") -> Bilingual:
    if minutes is None:
        short = Bilingual("belum ada loket buka", "no counter open yet")
    elif minutes <= 0:
        short = Bilingual("segera dilayani", "you are next")
    else:
        short = Bilingual(f"± {minutes} menit", f"about {minutes} min")
    if form == "short":
        return short
    return Bilingual(f"Perkiraan waktu tunggu: {short.id}", f"Estimated wait: {short.en}")


def ahead_text(people: int, lang: str = "id") -> str:
    """How many waiting tickets will be called first ("Antrean di depan Anda: 3 orang")."""
    if people <= 0:
        return Bilingual("Tidak ada antrean di depan Anda", "No one is ahead of you").text(lang)
    return Bilingual(
        f"Antrean di depan Anda: {people} orang", f"People ahead of you: {people}"
    ).text(lang)


def quota_reason(name_id: str, name_en: str, limit: int, form: Form = "long") -> Bilingual:
    """Why a service hands out no more tickets today: its daily quota of ``limit`` is used."""
    if form == "short":
        return Bilingual(
            f"Kuota {limit} nomor hari ini habis", f"Today's quota of {limit} tickets is used up"
        )
    return Bilingual(
        f"Kuota harian {name_id} ({limit} nomor) sudah habis. "
        "Silakan datang kembali pada hari layanan berikutnya.",
        f"Today's quota for {name_en} ({limit} tickets) is used up. "
        "Please come back on the next service day.",
    )
