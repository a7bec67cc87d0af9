"""The one validated model of the hall's settings: services, counters, users, hall.

Every entry point (CLI, admin window, first-run seeding) goes through these models, so a
value the rest of the system cannot use is refused once, here, with a plain message, and
nothing is changed. The ranges are those the rest of Antrean needs:

* a service code is one letter A–Z (it is printed, announced "A nol nol lima", and sent to
  HQ as one letter);
* counters are numbered 1–99 (the announcement reads up to 99: "loket sembilan puluh
  sembilan");
* ticket numbers run 1–999 per service and day, so a daily quota is 1–999;
* minutes are finite and positive (a target wait of 1–480 min, a typical service time of
  0.5–240 min): ``inf`` or ``nan`` would break every estimate;
* opening hours may cross midnight (a night desk 20:00–02:00), but may not be equal;
* a service colour is ``#RRGGBB`` (or empty: the kiosk's own palette);
* a counter's own priority ratio is ``P:R`` with both 1–10 (or empty: the hall's);
* user names are 2–40 letters, digits, ``.``, ``_`` or ``-``;
* the hall's time zone is an IANA name or one of Indonesia's WIB / WITA / WIT.

``InvalidSetting`` (exit code 2) carries the message in Indonesian and English.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from app.domain.errors import InvalidSetting
from app.domain.numbering import MAX_COUNTER, MAX_NUMBER
from app.domain.priority import PriorityRatio
from app.domain.wording import Bilingual
from app.i18n import N_

MAX_COUNTERS_SEEDED = MAX_COUNTER
NAME_MAX = 80
DESCRIPTION_MAX = 200
TARGET_MINUTES = (1, 480)
SERVICE_MINUTES = (0.5, 240.0)
USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,40}$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
ADDRESS_MAX = 200
QUEUE_ALERT = (1, MAX_NUMBER)
MARQUEE_MAX = 500
FOOTER_LINES_MAX = 4
FOOTER_LINE_MAX = 64

# Indonesia's three zones and the names people use for them.
ZONE_ALIASES = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}
INDONESIAN_ZONES = tuple(ZONE_ALIASES.values())

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Per field: what the person is told when the value is refused (an Indonesian template
# marked for the catalog, and its fields).
_RULES: dict[str, tuple[str, dict[str, object]]] = {
    "code": (N_("Kode layanan harus satu huruf A–Z"), {}),
    "name_id": (N_("Nama layanan (Indonesia) harus 1–{max} karakter"), {"max": NAME_MAX}),
    "name_en": (N_("Nama layanan (Inggris) harus 1–{max} karakter"), {"max": NAME_MAX}),
    "description_id": (N_("Keterangan paling banyak {max} karakter"), {"max": DESCRIPTION_MAX}),
    "description_en": (N_("Keterangan paling banyak {max} karakter"), {"max": DESCRIPTION_MAX}),
    "colour": (N_("Warna layanan harus berbentuk #RRGGBB (contoh #1565C0) atau kosong"), {}),
    "daily_quota": (
        N_("Kuota harian harus bilangan bulat 1–{max} (atau 'none' tanpa kuota)"),
        {"max": MAX_NUMBER},
    ),
    "target_minutes": (
        N_("Target waktu tunggu harus bilangan bulat {low}–{high} menit"),
        {"low": TARGET_MINUTES[0], "high": TARGET_MINUTES[1]},
    ),
    "default_service_minutes": (
        N_("Lama layanan harus angka {low:g}–{high:g} menit"),
        {"low": SERVICE_MINUTES[0], "high": SERVICE_MINUTES[1]},
    ),
    "opens_at": (N_("Jam buka harus berbentuk JJ:MM"), {}),
    "closes_at": (N_("Jam tutup harus berbentuk JJ:MM"), {}),
    "hours": (N_("Jam buka dan jam tutup tidak boleh sama"), {}),
    "number": (N_("Nomor loket harus 1–{max}"), {"max": MAX_COUNTER}),
    "counters": (N_("Jumlah loket harus 1–{max}"), {"max": MAX_COUNTERS_SEEDED}),
    "service_codes": (N_("Sebutkan minimal satu layanan yang berbeda-beda, mis. A,B"), {}),
    "username": (
        N_("Nama pengguna harus 2–40 huruf, angka, titik, garis bawah atau tanda minus"),
        {},
    ),
    "name": (N_("Nama harus 1–{max} karakter"), {"max": NAME_MAX}),
    "subtitle": (N_("Subjudul paling banyak {max} karakter"), {"max": NAME_MAX * 2}),
    "timezone": (
        N_("Zona waktu tidak dikenal; gunakan WIB, WITA, WIT atau nama IANA seperti Asia/Jakarta"),
        {},
    ),
    "day_start": (N_("Awal hari layanan harus JJ:MM antara 00:00 dan 12:00"), {}),
    "priority_ratio": (
        N_("Rasio prioritas harus berbentuk P:R dengan angka 1–10 (contoh 1:2)"),
        {},
    ),
    "counter_name": (N_("Nama loket harus 1–{max} karakter"), {"max": NAME_MAX}),
    "address": (N_("Alamat paling banyak {max} karakter"), {"max": ADDRESS_MAX}),
    "queue_alert_threshold": (
        N_("Batas peringatan antrean harus bilangan bulat {low}–{high}"),
        {"low": QUEUE_ALERT[0], "high": QUEUE_ALERT[1]},
    ),
    "marquee": (N_("Teks berjalan paling banyak {max} karakter"), {"max": MARQUEE_MAX}),
    "marquee_en": (
        N_("Teks berjalan (Inggris) paling banyak {max} karakter"),
        {"max": MARQUEE_MAX},
    ),
    "subtitle_en": (N_("Subjudul (Inggris) paling banyak {max} karakter"), {"max": NAME_MAX * 2}),
    "footer_lines": (
        N_("Kaki tiket paling banyak {low} baris, masing-masing {high} karakter"),
        {"low": FOOTER_LINES_MAX, "high": FOOTER_LINE_MAX},
    ),
}


class SettingsModel(BaseModel):
    """Frozen, strict: unknown keys are refused, surrounding spaces stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def clean_text(value: str, max_len: int, *, required: bool) -> str:
    """``value`` if it has no control characters and fits ``max_len``; ValueError otherwise."""
    if _CONTROL.search(value):
        raise ValueError("control characters")
    if required and not value:
        raise ValueError("empty")
    if len(value) > max_len:
        raise ValueError("too long")
    return value


def _time(value: Any) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        text = value.strip().replace(".", ":")
        if text.lower() in ("", "none", "-"):
            return None
        return dt.time.fromisoformat(text)
    raise ValueError("not a time")


def _finite(value: float) -> float:
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError("not finite")
    return value


def colour(value: Any) -> str:
    """``"#1565c0"`` → ``"#1565C0"``; empty or ``none`` → ``""``; ValueError otherwise."""
    text = "" if value is None else str(value).strip()
    if text.lower() in ("", "none", "-"):
        return ""
    if not COLOUR.match(text):
        raise ValueError("not #RRGGBB")
    return text.upper()


def _letter(value: Any) -> str:
    """A service code as stored: one upper-case letter A–Z; ValueError otherwise."""
    text = str(value).strip().upper()
    if len(text) != 1 or not ("A" <= text <= "Z"):
        raise ValueError("one letter A-Z")
    return text


class ServiceCode(SettingsModel):
    """A service's code alone (to name a service before the rest of it is known)."""

    code: str

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> str:
        return _letter(value)


class ServiceConfig(ServiceCode):
    """One service as the hall configures it (a complete, valid record)."""

    name_id: str
    name_en: str
    description_id: str = ""
    description_en: str = ""
    colour: str = ""  # "#RRGGBB" on the kiosk tile; empty: the kiosk's palette
    active: bool = True
    daily_quota: int | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    target_minutes: int = 30
    default_service_minutes: float = 10.0

    @field_validator("name_id", "name_en")
    @classmethod
    def _names(cls, value: str) -> str:
        return clean_text(value, NAME_MAX, required=True)

    @field_validator("description_id", "description_en")
    @classmethod
    def _descriptions(cls, value: str) -> str:
        return clean_text(value, DESCRIPTION_MAX, required=False)

    @field_validator("colour", mode="before")
    @classmethod
    def _colour(cls, value: Any) -> str:
        return colour(value)

    @field_validator("daily_quota", mode="before")
    @classmethod
    def _quota(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("none", ""):
            return None
        return value

    @field_validator("daily_quota")
    @classmethod
    def _quota_range(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= MAX_NUMBER:
            raise ValueError("out of range")
        return value

    @field_validator("opens_at", "closes_at", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> dt.time | None:
        return _time(value)

    @field_validator("target_minutes")
    @classmethod
    def _target(cls, value: int) -> int:
        if not TARGET_MINUTES[0] <= value <= TARGET_MINUTES[1]:
            raise ValueError("out of range")
        return value

    @field_validator("default_service_minutes")
    @classmethod
    def _minutes(cls, value: float) -> float:
        _finite(value)
        if not SERVICE_MINUTES[0] <= value <= SERVICE_MINUTES[1]:
            raise ValueError("out of range")
        return value

    @model_validator(mode="after")
    def _hours_differ(self) -> ServiceConfig:
        if self.opens_at is not None and self.opens_at == self.closes_at:
            raise ValueError("hours: equal")
        return self


class CounterConfig(SettingsModel):
    """A counter and the services it serves, in calling order."""

    number: int
    service_codes: tuple[str, ...]

    @field_validator("number")
    @classmethod
    def _number(cls, value: int) -> int:
        if not 1 <= value <= MAX_COUNTER:
            raise ValueError("out of range")
        return value

    @field_validator("service_codes", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = value.split(",")
        codes = tuple(_letter(c) for c in value if str(c).strip())
        if not codes or len(set(codes)) != len(codes):
            raise ValueError("empty or repeated")
        return codes


class CounterDetails(SettingsModel):
    """A counter's name and its own priority ratio (``None``: the hall's)."""

    number: int
    counter_name: str
    priority_ratio: str | None = None

    @field_validator("number")
    @classmethod
    def _number(cls, value: int) -> int:
        if not 1 <= value <= MAX_COUNTER:
            raise ValueError("out of range")
        return value

    @field_validator("counter_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_text(value, NAME_MAX, required=True)

    @field_validator("priority_ratio", mode="before")
    @classmethod
    def _ratio(cls, value: Any) -> str | None:
        if value is None:
            return None
        text = str(value).strip()
        if text.lower() in ("", "none", "-"):
            return None
        return str(PriorityRatio.setting(text))


class SeedConfig(SettingsModel):
    """First-run seeding: how many counters to create."""

    counters: int

    @field_validator("counters")
    @classmethod
    def _counters(cls, value: int) -> int:
        if not 1 <= value <= MAX_COUNTERS_SEEDED:
            raise ValueError("out of range")
        return value


class UserName(SettingsModel):
    username: str

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        if not USERNAME.match(value):
            raise ValueError("bad user name")
        return value


def canonical_zone(name: str) -> str:
    """``"WIT"`` → ``"Asia/Jayapura"``; an IANA name is checked and returned as it is.

    Raises ValueError for an unknown zone.
    """
    text = name.strip()
    text = ZONE_ALIASES.get(text.upper(), text)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("unknown zone") from exc
    return text


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Mapping[str, Any]) -> M:
    """``model`` built from ``data``; a refused value raises ``InvalidSetting`` naming the rule.

    Only the first refused field is reported, as one plain sentence with the value given.
    """
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise invalid_setting(exc, data) from None


def invalid_setting(exc: ValidationError, data: Mapping[str, Any]) -> InvalidSetting:
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    if not field and "hours" in str(error.get("msg", "")):
        field = "hours"
    rule, fields = _RULES.get(field, (N_("Nilai pengaturan tidak sah"), {}))
    given = data.get(field) if field else None
    if given is None:
        return InvalidSetting(N_("{rule}."), rule=Bilingual.of(rule, **fields), field=field)
    return InvalidSetting(
        N_("{rule} (bukan {given})."),
        rule=Bilingual.of(rule, **fields),
        given=_short(given),
        field=field,
    )


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"
