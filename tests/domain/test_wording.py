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
