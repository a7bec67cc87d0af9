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
from app.i18n import LANGS, N_, SOURCE_LANG, gettext

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
        # argparse's own English message, and its Indonesian from the table below: a text
        # composed outside the catalog, carried as data in two languages
        problem = Bilingual.data(indonesian(message), message)
        said = Bilingual.of(
            N_("{prog}: {problem}. Lihat: {prog} --help"), prog=self.prog, problem=problem
        )
        raise UsageError(Bilingual.data(_short(said.id), _short(said.en)), command=self.prog)


def sniff(argv: Sequence[str]) -> tuple[bool, str]:
    """``(json_mode, lang)`` from the words before ``--``, for errors found while parsing."""
    words = list(argv[: argv.index("--")] if "--" in argv else argv)
    lang = "id"
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words):
            lang = words[i + 1]
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    return "--json" in words, lang if lang in LANGS else SOURCE_LANG


class Types:
    """Argument types that refuse in ``lang``; each returns the parsed value.

    ``what`` names the argument: an Indonesian msgid marked with ``N_`` (``N_("Nomor
    loket")``), read in ``lang`` when a value is refused.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _say(self, text: str) -> str:
        return gettext(text, self.lang)

    def _refuse(self, text: str, /, **fields: object) -> NoReturn:
        """Refuse with the catalog's ``text`` (an ``N_`` template) filled from ``fields``."""
        raise argparse.ArgumentTypeError(self._say(text).format(**fields))

    def whole(
        self, low: int, high: int, what: str, *, say_range: bool = True
    ) -> Callable[[str], int]:
        """A whole number in ``low..high`` (ASCII digits, an optional sign).

        Outside the range the refusal names it, or (``say_range=False``, for limits of the
        machine rather than of the argument) says "too large" / "too small".
        """

        def parse(text: str) -> int:
            word = text.strip()
            named = {"what": self._say(what), "shown": _shown(text)}
            if not re.fullmatch(r"[+-]?[0-9]+", word):
                self._refuse(N_("{what} harus bilangan bulat, bukan {shown}"), **named)
            value = int(word) if len(word) <= 40 else (high + 1 if word[0] != "-" else low - 1)
            if low <= value <= high:
                return value
            if say_range:
                self._refuse(
                    N_("{what} harus {low}–{high}, bukan {shown}"), low=low, high=high, **named
                )
            if value > high:
                self._refuse(N_("{what} {shown} terlalu besar"), **named)
            self._refuse(N_("{what} {shown} terlalu kecil"), **named)

        parse.__name__ = gettext(what, "en")
        return parse

    def machine_int(self, what: str) -> Callable[[str], int]:
        """Any whole number the database can hold; the services judge the value."""
        return self.whole(-INT32_MAX - 1, INT32_MAX, what, say_range=False)

    def counter(self) -> Callable[[str], int]:
        return self.whole(1, MAX_COUNTER, N_("Nomor loket"))

    def number(self, what: str) -> Callable[[str], float]:
        """A decimal number (``inf``/``nan`` included: the services judge the value)."""

        def parse(text: str) -> float:
            try:
                if len(text) <= 40:
                    return float(text.strip())
            except ValueError:
                pass
            self._refuse(
                N_("{what} harus angka, bukan {shown}"), what=self._say(what), shown=_shown(text)
            )

        parse.__name__ = gettext(what, "en")
        return parse

    def seconds(self, high: float) -> Callable[[str], float]:
        """A finite duration in seconds, ``0..high``."""
        number = self.number(N_("Jeda"))

        def parse(text: str) -> float:
            value = number(text)
            if not (math.isfinite(value) and 0 <= value <= high):
                self._refuse(
                    N_("Jeda harus 0–{high} detik, bukan {shown}"),
                    high=f"{high:g}",
                    shown=_shown(text),
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
            N_("tanggal {shown} tidak ada; tulis TTTT-BB-HH, mis. 2026-11-23"), shown=_shown(text)
        )

    def ticket(self, text: str) -> str:
        """A ticket number such as ``A-005`` (also ``a5``), returned as ``A-005``."""
        try:
            return format_number(*parse_display(text[:40]))
        except ValueError:
            self._refuse(N_("{shown} bukan nomor antrean (contoh A-005)"), shown=_shown(text))

    def text(self, limit: int = MAX_TEXT) -> Callable[[str], str]:
        """Free text of at most ``limit`` characters."""

        def parse(value: str) -> str:
            if len(value) > limit:
                self._refuse(
                    N_("teks terlalu panjang ({length} karakter, paling banyak {limit})"),
                    length=len(value),
                    limit=limit,
                )
            return value

        return parse

    def key_value(self, text: str) -> tuple[str, str]:
        """``KEY=VALUE`` (the value may be empty)."""
        key, sep, value = self.text()(text).partition("=")
        if not sep or not key.strip():
            self._refuse(N_("tulis kunci=nilai, bukan {shown}"), shown=_shown(text))
        return key.strip(), value

    def setting_range(self, section: str, name: str, what: str) -> Any:
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
            return self.whole(bounds["ge"], bounds["le"], what)(text)

        parse.__name__ = gettext(what, "en")
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
