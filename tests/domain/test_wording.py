"""One wording of the wait and the quota for paper, kiosk, display and CLI."""

from __future__ import annotations

import pytest

from app.domain.wording import ahead_text, quota_reason, wait_text


@pytest.mark.parametrize(
    ("minutes", "long_id", "short_en"),
    [
        (None, "Perkiraan waktu tunggu: belum ada loket buka", "no counter open yet"),
        (0, "Perkiraan waktu tunggu: segera dilayani", "you are next"),
        (1, "Perkiraan waktu tunggu: ± 1 menit", "about 1 min"),
        (45, "Perkiraan waktu tunggu: ± 45 menit", "about 45 min"),
    ],
)
def test_one_rule_for_every_screen(minutes: int | None, long_id: str, short_en: str) -> None:
    assert wait_text(minutes, "id") == long_id
    assert wait_text(minutes, "en", "short") == short_en
    assert long_id.endswith(wait_text(minutes, "id", "short"))


def test_people_ahead_and_quota() -> None:
    assert ahead_text(0) == "Tidak ada antrean di depan Anda"
    assert ahead_text(3, "en") == "People ahead of you: 3"
    reason = quota_reason("SIM", "Driving licence", 200)
    assert "(200 nomor)" in reason.id and "(200 tickets)" in reason.en
    assert quota_reason("SIM", "Driving licence", 200, "short").text("en").startswith("Today")


def test_a_part_that_differs_by_language_is_itself_a_catalog_text() -> None:
    """``Bilingual.of`` fills a ``Bilingual`` field in each language; data is picked, not
    translated."""
    from app.domain.errors import ClockUnreliable
    from app.domain.wording import Bilingual
    from app.i18n import N_, other, pick

    span = Bilingual.of(N_("{minutes} menit"), minutes=5)
    name = Bilingual.data("Pembuatan SIM", "Driving licence")
    text = Bilingual.of(N_("Layanan {name} dibuka pukul {time}."), name=name, time="08.00")
    assert (span.id, span.en) == ("5 menit", "5 minutes")
    assert text.text("id") == "Layanan Pembuatan SIM dibuka pukul 08.00."
    assert text.text("en") == "Driving licence opens at 08.00."
    error = ClockUnreliable(N_("Terlalu banyak percobaan. Coba lagi dalam {span}."), span=span)
    assert error.message("en") == "Too many attempts. Try again in 5 minutes."
    assert Bilingual.both(error.message).id == "Terlalu banyak percobaan. Coba lagi dalam 5 menit."
    assert (pick("id", "a", "b"), pick("en", "a", "b")) == ("a", "b")
    assert (other("id"), other("en")) == ("en", "id")
