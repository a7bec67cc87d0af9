"""This PC's settings file (printer, speech, HQ link) as the admin window edits it.

The per-PC settings live in a TOML file (``app.settings``); hall-wide settings live in the
database. ``PcSettingsFile.save`` validates the whole file with ``app.settings.Settings`` (the
model every command loads it with) before writing anything, then rewrites only the lines of
the keys it changes, so the comments and the other keys of a hand-edited file stay. The file is
replaced atomically (written beside it, then renamed), so a crash never leaves half a file.

No TOML writer ships with the product (``tomllib`` only reads); values written here are
strings, whole numbers and booleans, which ``_toml_value`` spells out.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain.errors import ConfigError, InvalidSetting
from app.domain.roles import Actor, Permission, require
from app.i18n import N_
from app.services.audit import AuditAction, AuditService
from app.settings import Settings

_SECRETS = frozenset({"token", "password", "admin_pin"})  # never copied into the trail
_SECTION = re.compile(r"^\s*\[([A-Za-z0-9_.-]+)\]\s*(#.*)?$")


class PcSettingsFile:
    """The settings file of this PC at ``path`` (it may not exist yet); each change is noted
    in the hall's audit trail through ``audit`` (secrets by name only)."""

    def __init__(self, path: Path, audit: AuditService | None = None) -> None:
        self.path = path
        self._audit = audit

    def _raw(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            return tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                N_("Berkas pengaturan {path} tidak bisa dibaca: {exc}"),
                path=self.path,
                exc=exc,
            ) from exc

    def load(self) -> Settings:
        """The file's settings (defaults for what it leaves out; environment not applied)."""
        return _validated(self._raw())

    def save(self, section: str, values: dict[str, Any], *, actor: Actor) -> Settings:
        """Set ``values`` in ``[section]`` (``Permission.CONFIGURE``, or ``SYNC`` for
        ``hq``). Raises ``InvalidSetting`` and writes nothing when the result would not
        load."""
        require(actor, Permission.SYNC if section == "hq" else Permission.CONFIGURE)
        raw = self._raw()
        merged = {**raw, section: {**raw.get(section, {}), **values}}
        settings = _validated(merged)
        text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        for key, value in values.items():
            text = set_key(text, section, key, value)
        _write_atomically(self.path, text)
        if self._audit is not None:
            shown = {k: ("***" if k in _SECRETS else v) for k, v in values.items()}
            self._audit.record(
                actor,
                AuditAction.PC_SETTINGS,
                target=f"{self.path} [{section}]",
                details={"section": section, "values": shown},
            )
        return settings


def _validated(raw: dict[str, Any]) -> Settings:
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise InvalidSetting(
            N_("Pengaturan {where} tidak sah ({msg})."),
            where=where,
            msg=error["msg"],
            field=where,
        ) from None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def set_key(text: str, section: str, key: str, value: Any) -> str:
    """``text`` (a TOML document) with ``key = value`` in ``[section]``: the key's line
    replaced where it is, else added after the section's last line, else a new section."""
    lines = text.splitlines()
    line = f"{key} = {_toml_value(value)}"
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    current, start, end = "", None, None
    for i, raw in enumerate(lines):
        header = _SECTION.match(raw)
        if header:
            if current == section and start is not None:
                end = i
                break
            current = header.group(1)
            if current == section:
                start = i
            continue
        if current == section and key_re.match(raw):
            lines[i] = line
            return "\n".join(lines) + "\n"
    if start is None:
        tail = [""] if lines and lines[-1].strip() else []
        return "\n".join([*lines, *tail, f"[{section}]", line]) + "\n"
    stop = end if end is not None else len(lines)
    last = max((i for i in range(start, stop) if lines[i].strip()), default=start)
    lines.insert(last + 1, line)
    return "\n".join(lines) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
