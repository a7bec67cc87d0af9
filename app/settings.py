"""Typed per-PC settings: a TOML file in the user config dir, then env vars, then CLI flags.

Hall-wide settings (name, time zone, priority ratio, running text) live in the database so
that every PC of a hall agrees; see ``app.domain.hall.HallConfig``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from platformdirs import PlatformDirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.domain.announcement import REPEAT_RANGE
from app.domain.errors import ConfigError
from app.i18n import N_

DIRS = PlatformDirs("antrean", appauthor=False)
ENV_PREFIX = "ANTREAN_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseSettings(_Section):
    url: str = ""  # empty: SQLite file in the user data dir


class PrinterSettings(_Section):
    uri: str = "preview:"  # see hardware.printer.uri
    paper_mm: Literal[58, 80] = 80


class SpeechSettings(_Section):
    engine: Literal["espeak", "pyttsx3", "clips", "none"] = "espeak"
    style: Literal["digits", "words"] = "digits"
    lang: Literal["id", "en"] = "id"
    # The engine's voice for ``lang``: an espeak-ng voice (``id``, ``id+f3``, ``mb-id1``) or a
    # pyttsx3 voice id; empty: the engine's own pick for the language. Not used by clips.
    voice: str = Field("", max_length=300, pattern=r"^[^\x00-\x1f]*$")
    repeat: int = Field(1, ge=REPEAT_RANGE[0], le=REPEAT_RANGE[1])
    chime: bool = True
    clips_dir: str = ""
    volume: int = Field(100, ge=0, le=100)  # percent of the engine's full loudness


class KioskSettings(_Section):
    lang: Literal["id", "en"] = "id"
    idle_seconds: int = Field(20, ge=5, le=600)
    confirm_seconds: int = Field(8, ge=3, le=60)
    # Ignored (the kiosk says so in its log): the PIN is set by an admin and stored hashed in
    # the hall database (``antrean kiosk-pin``). Kept so an old settings file still loads.
    admin_pin: str | None = None
    attract_text: str = "Sentuh layanan yang Anda perlukan untuk mengambil nomor antrean"
    # The IKM survey on the kiosk (docs/ikm.md): off unless the hall switches it on; the
    # citizen picks a ticket served in the last ``survey_minutes`` minutes today.
    survey: bool = False
    survey_minutes: int = Field(30, ge=5, le=240)


class DisplaySettings(_Section):
    # A folder of images (and videos, where Qt Multimedia is installed) the lobby display
    # loops beside the calls; empty: no media area.
    media_dir: str = ""
    media_seconds: int = Field(10, ge=3, le=600)  # how long each image stays up

    def media_path(self) -> Path | None:
        return Path(self.media_dir).expanduser() if self.media_dir.strip() else None


class HqSettings(_Section):
    url: str = ""
    hall_id: str = ""
    token: str = ""
    batch_size: int = Field(500, ge=1, le=1000)


class Settings(_Section):
    database: DatabaseSettings = DatabaseSettings()
    printer: PrinterSettings = PrinterSettings()
    speech: SpeechSettings = SpeechSettings()
    kiosk: KioskSettings = KioskSettings()
    display: DisplaySettings = DisplaySettings()
    hq: HqSettings = HqSettings()
    log_level: str = "INFO"

    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{(data_dir() / 'antrean.db').as_posix()}"


# env var → (section, key)
_ENV_MAP = {
    "DB_URL": ("database", "url"),
    "PRINTER": ("printer", "uri"),
    "SPEECH_ENGINE": ("speech", "engine"),
    "HQ_URL": ("hq", "url"),
    "HALL_ID": ("hq", "hall_id"),
    "HQ_TOKEN": ("hq", "token"),
}


def data_dir() -> Path:
    override = os.environ.get(ENV_PREFIX + "DATA_DIR")
    return Path(override) if override else Path(DIRS.user_data_dir)


def config_path() -> Path:
    override = os.environ.get(ENV_PREFIX + "CONFIG")
    return Path(override) if override else Path(DIRS.user_config_dir) / "antrean.toml"


def log_dir() -> Path:
    return data_dir() / "logs"


def load_settings(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    path = path or config_path()
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                N_("Berkas pengaturan {path} tidak bisa dibaca: {exc}"),
                path=path,
                exc=exc,
            ) from exc
    for name, (section, key) in _ENV_MAP.items():
        value = os.environ.get(ENV_PREFIX + name)
        if value:
            raw.setdefault(section, {})[key] = value
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        section, key = dotted.split(".", 1)
        raw.setdefault(section, {})[key] = value
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(N_("Pengaturan tidak sah ({path}): {exc}"), path=path, exc=exc) from exc
