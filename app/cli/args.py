"""The command line's edge: argument types with ranges, and usage errors as plain sentences.

Only argument *syntax* is judged here: a whole number that is not one or does not fit the
database, a date that does not exist, a counter outside 1–99, a text longer than any setting
could be. Whether a setting value is acceptable (a quota, minutes, a time zone, a user name)
is the services' call (``InvalidSetting``, exit 2), so the rules live in one place.

``CliParser.error`` raises ``UsageError`` (exit 2) instead of printing usage and exiting, so
``main`` prints it like any refusal: one sentence, Indonesian or English, or a JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from app.domain.errors import KnownError
from app.domain.numbering import MAX_COUNTER, format_number, parse_display
from app.domain.wording import Bilingual

INT32_MAX = 2**31 - 1  # an INTEGER column on PostgreSQL
INT64_MAX = 2**63 - 1  # a BIGINT (event sequence numbers)
MAX_TEXT = 1_000  # longer than any setting (the running text is 500)
MAX_WORD = 4_096  # URLs and paths
EVENTS_LIMIT_MAX = 10_000
DEMO_DELAY_MAX = 10.0


class UsageError(KnownError):
    """The command line does not parse: a missing or unknown argument, a malformed value."""

    code = "usage"
    exit_code = 2


class CliParser(argparse.ArgumentParser):
    """``ArgumentParser`` whose errors are ``UsageError`` in the person's language."""

    def error(self, message: str) -> NoReturn:
        text_id = _short(f"{self.prog}: {indonesian(message)}. Lihat: {self.prog} --help")
        text_en = _short(f"{self.prog}: {message}. See: {self.prog} --help")
        raise UsageError(Bilingual(text_id, text_en), command=self.prog)


def sniff(argv: Sequence[str]) -> tuple[bool, str]:
    """``(json_mode, lang)`` from the words before ``--``, for errors found while parsing."""
    words = list(argv[: argv.index("--")] if "--" in argv else argv)
    lang = "id"
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words):
            lang = words[i + 1]
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    return "--json" in words, lang if lang in ("id", "en") else "id"


class Types:
    """Argument types that refuse in ``lang``; each returns the parsed value."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _refuse(self, id_text: str, en_text: str) -> NoReturn:
        raise argparse.ArgumentTypeError(id_text if self.lang == "id" else en_text)

    def whole(
        self, low: int, high: int, what_id: str, what_en: str, *, say_range: bool = True
    ) -> Callable[[str], int]:
        """A whole number in ``low..high`` (ASCII digits, an optional sign).

        Outside the range the refusal names it, or (``say_range=False``, for limits of the
        machine rather than of the argument) says "too large" / "too small".
        """

        def parse(text: str) -> int:
            word = text.strip()
            if not re.fullmatch(r"[+-]?[0-9]+", word):
                self._refuse(
                    f"{what_id} harus bilangan bulat, bukan {_shown(text)}",
                    f"{what_en} must be a whole number, not {_shown(text)}",
                )
            value = int(word) if len(word) <= 40 else (high + 1 if word[0] != "-" else low - 1)
            if low <= value <= high:
                return value
            if say_range:
                self._refuse(
                    f"{what_id} harus {low}–{high}, bukan {_shown(text)}",
                    f"{what_en} must be {low}–{high}, not {_shown(text)}",
                )
            big = value > high
            self._refuse(
                f"{what_id} {_shown(text)} terlalu {'besar' if big else 'kecil'}",
                f"{what_en} {_shown(text)} is too {'large' if big else 'small'}",
            )

        parse.__name__ = what_en
        return parse

    def machine_int(self, what_id: str, what_en: str) -> Callable[[str], int]:
        """Any whole number the database can hold; the services judge the value."""
        return self.whole(-INT32_MAX - 1, INT32_MAX, what_id, what_en, say_range=False)

    def counter(self) -> Callable[[str], int]:
        return self.whole(1, MAX_COUNTER, "Nomor loket", "The counter number")

    def number(self, what_id: str, what_en: str) -> Callable[[str], float]:
        """A decimal number (``inf``/``nan`` included: the services judge the value)."""

        def parse(text: str) -> float:
            try:
                if len(text) <= 40:
                    return float(text.strip())
            except ValueError:
                pass
            self._refuse(
                f"{what_id} harus angka, bukan {_shown(text)}",
                f"{what_en} must be a number, not {_shown(text)}",
            )

        parse.__name__ = what_en
        return parse

    def seconds(self, high: float) -> Callable[[str], float]:
        """A finite duration in seconds, ``0..high``."""
        number = self.number("Jeda", "The delay")

        def parse(text: str) -> float:
            value = number(text)
            if not (math.isfinite(value) and 0 <= value <= high):
                self._refuse(
                    f"Jeda harus 0–{high:g} detik, bukan {_shown(text)}",
                    f"The delay must be 0–{high:g} seconds, not {_shown(text)}",
                )
            return value

        return parse

    def date(self, text: str) -> dt.date:
        """A date that exists, written YYYY-MM-DD."""
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
                return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
        self._refuse(
            f"tanggal {_shown(text)} tidak ada; tulis TTTT-BB-HH, mis. 2026-11-23",
            f"there is no date {_shown(text)}; write YYYY-MM-DD, e.g. 2026-11-23",
        )

    def ticket(self, text: str) -> str:
        """A ticket number such as ``A-005`` (also ``a5``), returned as ``A-005``."""
        try:
            return format_number(*parse_display(text[:40]))
        except ValueError:
            self._refuse(
                f"{_shown(text)} bukan nomor antrean (contoh A-005)",
                f"{_shown(text)} is not a ticket number (e.g. A-005)",
            )

    def text(self, limit: int = MAX_TEXT) -> Callable[[str], str]:
        """Free text of at most ``limit`` characters."""

        def parse(value: str) -> str:
            if len(value) > limit:
                self._refuse(
                    f"teks terlalu panjang ({len(value)} karakter, paling banyak {limit})",
                    f"text too long ({len(value)} characters, at most {limit})",
                )
            return value

        return parse

    def key_value(self, text: str) -> tuple[str, str]:
        """``KEY=VALUE`` (the value may be empty)."""
        key, sep, value = self.text()(text).partition("=")
        if not sep or not key.strip():
            self._refuse(
                f"tulis kunci=nilai, bukan {_shown(text)}",
                f"write key=value, not {_shown(text)}",
            )
        return key.strip(), value

    def setting_range(self, section: str, name: str, what_id: str, what_en: str) -> Any:
        """A whole number within the bounds the per-PC settings field ``section.name`` declares
        (``ge``/``le``); the settings model is read when a value is parsed, not before."""

        def parse(text: str) -> int:
            from app.settings import Settings

            model = Settings.model_fields[section].annotation
            bounds = {"ge": -INT32_MAX - 1, "le": INT32_MAX}
            for rule in getattr(model, "model_fields", {})[name].metadata:
                for key in bounds:
                    if getattr(rule, key, None) is not None:
                        bounds[key] = int(getattr(rule, key))
            return self.whole(bounds["ge"], bounds["le"], what_id, what_en)(text)

        parse.__name__ = what_en
        return parse


def _shown(value: str) -> str:
    return repr(value if len(value) <= 24 else f"{value[:20]}…")


def _short(text: str, limit: int = 300) -> str:
    flat = " ".join(text.splitlines())
    return flat if len(flat) <= limit else f"{flat[: limit - 1]}…"


# argparse's own messages (Python 3.11–3.13), in Indonesian.
_INDONESIAN = (
    (r"the following arguments are required: (.*)", r"argumen wajib belum diisi: \1"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (
        r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
        r"argumen \1: \2 tidak ada; pilih \3",
    ),
    (r"argument (.*?): expected one argument", r"argumen \1 perlu satu nilai"),
    (r"argument (.*?): expected at least one argument", r"argumen \1 perlu minimal satu nilai"),
    (r"argument (.*?): not allowed with argument (.*)", r"argumen \1 tidak boleh bersama \2"),
    (r"argument (.*?): ignored explicit argument (.*)", r"argumen \1 tidak menerima nilai \2"),
    (r"ambiguous option: (.*?) could match (.*)", r"opsi \1 ambigu: bisa \2"),
    (r"argument (.*?): invalid (.*?) value: (.*)", r"argumen \1: nilai \3 tidak sah"),
    (r"argument (.*?): (.*)", r"argumen \1: \2"),
)


def indonesian(message: str) -> str:
    """argparse's English ``message`` in Indonesian (unchanged when it is not known)."""
    for pattern, replacement in _INDONESIAN:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match is not None:
            return match.expand(replacement)
    return message
