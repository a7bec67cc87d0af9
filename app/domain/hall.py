"""Hall-wide configuration shared by every PC of the hall (stored in the database).

Validated by the same rules as every other setting (``app.domain.config``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import field_validator

from app.domain.config import (
    ADDRESS_MAX,
    FOOTER_LINE_MAX,
    FOOTER_LINES_MAX,
    INDONESIAN_ZONES,
    MARQUEE_MAX,
    NAME_MAX,
    QUEUE_ALERT,
    SettingsModel,
    canonical_zone,
    clean_text,
    validated,
)
from app.domain.errors import InvalidSetting
from app.domain.priority import PriorityRatio
from app.i18n import N_, pick

QUEUE_ALERT_THRESHOLD = 15  # more waiting for one service: live supervision alerts

__all__ = ["INDONESIAN_ZONES", "HallConfig"]


class HallConfig(SettingsModel):
    """Hall-wide configuration shared by every PC of the hall (stored in the database)."""

    name: str = "PTSP Polres"
    subtitle: str = "Pelayanan Terpadu Satu Pintu"
    address: str = ""  # printed under the ticket header and shown by the display
    timezone: str = "Asia/Jakarta"
    day_start: str = "00:00"
    priority_ratio: str = "1:2"
    marquee: str = ""
    # English versions for a display run with ``--lang en``; empty: the Indonesian text.
    marquee_en: str = ""
    subtitle_en: str = ""
    footer_lines: tuple[str, ...] = (
        "Layanan tanpa pungutan di luar tarif resmi",
        "Pengaduan: 110 / Dumas Presisi",
    )
    # Live supervision alerts when more than this many tickets wait for one service.
    queue_alert_threshold: int = QUEUE_ALERT_THRESHOLD

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_text(value, NAME_MAX, required=True)

    @field_validator("subtitle", "subtitle_en")
    @classmethod
    def _subtitle(cls, value: str) -> str:
        return clean_text(value, NAME_MAX * 2, required=False)

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        return clean_text(value, ADDRESS_MAX, required=False)

    @field_validator("queue_alert_threshold")
    @classmethod
    def _threshold(cls, value: int) -> int:
        if not QUEUE_ALERT[0] <= value <= QUEUE_ALERT[1]:
            raise ValueError("out of range")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return canonical_zone(value)

    @field_validator("day_start")
    @classmethod
    def _day_start(cls, value: str) -> str:
        start = dt.time.fromisoformat(value.replace(".", ":"))
        if start.second or start.microsecond or start > dt.time(12, 0):
            raise ValueError("out of range")
        return f"{start.hour:02d}:{start.minute:02d}"

    @field_validator("priority_ratio")
    @classmethod
    def _ratio(cls, value: str) -> str:
        return str(PriorityRatio.setting(value))

    @field_validator("marquee", "marquee_en")
    @classmethod
    def _marquee(cls, value: str) -> str:
        return clean_text(value, MARQUEE_MAX, required=False)

    @field_validator("footer_lines", mode="before")
    @classmethod
    def _footer(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = value.split("|")
        lines = tuple(str(x).strip() for x in value)
        if len(lines) > FOOTER_LINES_MAX:
            raise ValueError("too many lines")
        for line in lines:
            clean_text(line, FOOTER_LINE_MAX, required=False)
        return lines

    def running_text(self, lang: str = "id") -> str:
        """The display's running text in ``lang``: the English one when set for "en", else
        the Indonesian one, else the ticket footer lines, else the hall's name."""
        text = pick(lang, self.marquee, self.marquee_en or self.marquee)
        return text or "   •   ".join(line for line in self.footer_lines if line) or self.name

    def subtitle_in(self, lang: str = "id") -> str:
        """The subtitle in ``lang`` (the English one when set for "en")."""
        return pick(lang, self.subtitle, self.subtitle_en or self.subtitle)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def day_start_time(self) -> dt.time:
        return dt.time.fromisoformat(self.day_start)

    def ratio(self) -> PriorityRatio:
        return PriorityRatio.parse(self.priority_ratio)

    def to_json(self) -> dict[str, Any]:
        data = self.model_dump()
        data["footer_lines"] = list(self.footer_lines)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HallConfig:
        """Read a stored config; unknown keys (from a newer version) are ignored."""
        known = {k: v for k, v in data.items() if k in cls.model_fields}
        return validated(cls, known)

    def with_changes(self, **changes: Any) -> HallConfig:
        """A copy with ``changes`` applied and validated. Raises InvalidSetting."""
        unknown = set(changes) - set(type(self).model_fields)
        if unknown:
            keys = ", ".join(sorted(unknown))
            known = ", ".join(type(self).model_fields)
            raise InvalidSetting(
                N_("Pengaturan tidak dikenal: {keys}. Yang ada: {known}."),
                keys=keys,
                known=known,
            )
        return validated(type(self), {**self.model_dump(), **changes})
