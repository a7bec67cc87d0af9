"""The one translation mechanism: gettext catalogs, Indonesian source, English translation.

Every user-facing text is written in Indonesian in the code (the msgid); its translations sit
in ``resources/locale/<lang>/LC_MESSAGES/antrean.po``, compiled into the ``antrean.mo`` next
to it by ``resources/locale/build.py`` (committed, so the program needs only the standard
library's ``gettext`` at run time; Babel is a development tool). Qt windows keep calling
``self.tr()``: ``ui.common.i18n`` installs a ``QTranslator`` that looks the text up in this
same catalog. A text that needs different English in two windows has a ``msgctxt`` entry
named after the window's class; everything else is a plain msgid.

``N_("...")`` marks a text for extraction without translating it (translated later with
``gettext(text, lang)``).
"""

from __future__ import annotations

import gettext as _gettext
import sys
from functools import cache
from pathlib import Path
from typing import TypeVar

DOMAIN = "antrean"
SOURCE_LANG = "id"
LANGS = ("id", "en")
T = TypeVar("T")
_SOURCE_ROOT = Path(__file__).resolve().parents[1] / "resources" / "locale"


def locale_dir() -> Path:
    """``resources/locale``: in the source tree, an installed wheel, or a PyInstaller bundle."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources" / "locale"
    return _SOURCE_ROOT


@cache
def translation(lang: str) -> _gettext.NullTranslations:
    """The catalog for ``lang``; the source language (and a missing catalog) translates
    nothing."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language: {lang!r} (use one of {LANGS})")
    if lang == SOURCE_LANG:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, str(locale_dir()), languages=[lang], fallback=True)


def gettext(text: str, lang: str) -> str:
    """``text`` (Indonesian) in ``lang``."""
    return translation(lang).gettext(text)


def pgettext(context: str, text: str, lang: str) -> str:
    """``text`` in ``lang`` as ``context`` translates it, else as the plain msgid does."""
    catalog = translation(lang)
    found = catalog.pgettext(context, text)
    return found if found != text else catalog.gettext(text)


def has_translation(text: str, lang: str, context: str | None = None) -> bool:
    """Whether the catalog of ``lang`` has an entry for ``text`` (under ``context`` or
    plain)."""
    catalog = translation(lang)
    entries: dict[str, str] = getattr(catalog, "_catalog", {})
    return text in entries or (context is not None and f"{context}\x04{text}" in entries)


def N_(text: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``text`` for extraction; return it unchanged."""
    return text


def pick(lang: str, indonesian: T, english: T) -> T:
    """The one choice between two values that are *data* in two languages: a service's name
    from its ``name_id``/``name_en`` columns, the hall's running text and its English, a row
    of a day-name table. ``indonesian`` for the source language, ``english`` for any other.

    Texts written in the program are not picked: they are Indonesian msgids read through
    ``gettext`` (``tests/test_i18n_pairs.py`` refuses literals here).
    """
    return indonesian if lang == SOURCE_LANG else english


def other(lang: str) -> str:
    """The language a one-button switch goes to from ``lang`` ("id" <-> "en")."""
    return LANGS[1] if lang == LANGS[0] else LANGS[0]


def has_catalog(lang: str) -> bool:
    """Whether a compiled catalog for ``lang`` was found (the source language needs none)."""
    return lang == SOURCE_LANG or isinstance(translation(lang), _gettext.GNUTranslations)
