"""Printing results for people (Indonesian first) or for scripts (``--json``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import sys
from typing import Any

from app.domain.wording import wait_text
from app.i18n import N_, gettext


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


class Output:
    def __init__(self, *, json_mode: bool, lang: str) -> None:
        self.json_mode = json_mode
        self.lang = lang

    def result(self, value: Any, text: str) -> None:
        if self.json_mode:
            json.dump({"ok": True, "result": to_jsonable(value)}, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(text)

    def error(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        if self.json_mode:
            payload = {"ok": False, "error": {"code": code, "message": message}}
            if details:
                payload["error"]["details"] = to_jsonable(details)  # type: ignore[index]
            json.dump(payload, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:  # one line, whatever the message quotes
            line = " ".join(message.splitlines())
            print(self.say(N_("Galat: {line}"), line=line), file=sys.stderr)

    def say(self, text: str, /, **fields: object) -> str:
        """``text`` (an Indonesian template marked with ``N_``) in this output's language,
        its ``{name}`` fields filled from ``fields`` (a text without fields is not
        formatted: its braces are literal)."""
        return fill(gettext(text, self.lang), fields)


def fill(template: str, fields: dict[str, object]) -> str:
    """``template.format(**fields)``; ``template`` itself when there are no fields."""
    return template.format(**fields) if fields else template


def minutes_text(minutes: int | None, lang: str) -> str:
    """The estimate as a line of terminal output (``app.domain.wording``, short form)."""
    return wait_text(minutes, lang, "short")
