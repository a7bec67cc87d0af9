"""Hall-wide configuration shared by every PC of the hall (stored in the database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.errors import ConfigError
from app.domain.priority import PriorityRatio

# Indonesia's three zones: WIB, WITA, WIT.
INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


@dataclass(frozen=True, slots=True)
class HallConfig:
    name: str = "PTSP Polres"
    subtitle: str = "Pelayanan Terpadu Satu Pintu"
    timezone: str = "Asia/Jakarta"
    day_start: str = "00:00"
    priority_ratio: str = "1:2"
    marquee: str = ""
    footer_lines: tuple[str, ...] = field(
        default=(
            "Layanan tanpa pungutan di luar tarif resmi",
            "Pengaduan: 110 / Dumas Presisi",
        )
    )

    def __post_init__(self) -> None:
        self.zone()
        self.day_start_time()
        self.ratio()

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                f"Zona waktu tidak dikenal: {self.timezone}",
                f"Unknown time zone: {self.timezone}",
            ) from exc

    def day_start_time(self) -> dt.time:
        try:
            return dt.time.fromisoformat(self.day_start)
        except ValueError as exc:
            raise ConfigError(
                f"Awal hari layanan harus berbentuk JJ:MM, bukan {self.day_start!r}",
                f"Business day start must look like HH:MM, not {self.day_start!r}",
            ) from exc

    def ratio(self) -> PriorityRatio:
        try:
            return PriorityRatio.parse(self.priority_ratio)
        except ValueError as exc:
            raise ConfigError(
                f"Rasio prioritas tidak sah: {self.priority_ratio!r} (contoh 1:2)",
                f"Invalid priority ratio: {self.priority_ratio!r} (e.g. 1:2)",
            ) from exc

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["footer_lines"] = list(self.footer_lines)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HallConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "footer_lines" in known:
            known["footer_lines"] = tuple(str(x) for x in known["footer_lines"])
        return cls(**known)

    def with_changes(self, **changes: Any) -> HallConfig:
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise ConfigError(
                f"Pengaturan tidak dikenal: {', '.join(sorted(unknown))}",
                f"Unknown setting: {', '.join(sorted(unknown))}",
            )
        return replace(self, **changes)
