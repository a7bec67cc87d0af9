"""Qt translations from the gettext catalog (``app.i18n``): Indonesian source, English (and more)
from ``resources/locale/<lang>/LC_MESSAGES/antrean.mo``.

Every window writes its texts in Indonesian with ``self.tr()`` (or
``QCoreApplication.translate``); ``resources/locale/build.py`` extracts them (with every other
user-facing text) into ``resources/locale/<lang>/LC_MESSAGES/antrean.po`` and compiles the
``.mo``. The translator installed is a ``CatalogTranslator``: Qt's own ``QTranslator`` API,
whose ``translate(context, source)`` looks the text up in that catalog (under ``msgctxt
context`` first, for the few texts two windows translate differently, then the plain msgid).
``Translations.switch(lang)`` removes the installed translator and installs one for
``lang``, so Qt sends each widget a ``LanguageChange`` event and the widgets re-read their
texts.

The context of a ``tr()`` text is the class Qt looks it up under at run time: ``self.tr()``
looks under the class names of ``type(self)`` and its bases, so it belongs inside a method of
that class. A module-level function calls ``QCoreApplication.translate`` with the class's name
written out as its first argument (see ``ui/counter/render.py``); ``build.py --check`` refuses
a context that is no class of its area. ``resources/locale/contexts.json`` (written by
``build.py``) names each class's area, so a translator for some areas translates their
classes only.

The kiosk switches language at a touch (its ID/EN button); the counter and the display
keep the language they were opened with (``lang=``), installed before their first text.
Texts that are not widgets' (``Bilingual`` wording, ``KnownError`` messages) come from the
same catalog through ``app.i18n``; hall data (service names) and dates are Indonesian/English
pairs of their own; a window picks the half for its own ``lang``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

from app import i18n

log = logging.getLogger(__name__)

SOURCE_LANG = i18n.SOURCE_LANG
LANGS = i18n.LANGS


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Mark ``text`` for extraction under ``context`` and return it unchanged; it is
    translated later with ``tr()`` in that class. (Qt's own returns ``object``.)"""
    del context
    return text


@cache
def context_areas(directory: Path | None = None) -> dict[str, str]:
    """Each ``tr()`` context (a class name) → the window area (``ui/<area>``) it belongs to."""
    path = (directory or i18n.locale_dir()) / "contexts.json"
    try:
        found: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.error("cannot read the translation contexts %s: %s", path, exc)
        return {}
    return found


class CatalogTranslator(QTranslator):
    """A ``QTranslator`` answering from the gettext catalog of ``lang``; with ``domains``,
    only for the contexts (classes) of those window areas (an empty answer lets Qt ask the
    next translator, or keep the Indonesian source)."""

    def __init__(
        self,
        lang: str,
        parent: QObject | None = None,
        *,
        domains: tuple[str, ...] | None = None,
        directory: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self._contexts: frozenset[str] | None = None
        if domains is not None:
            areas = context_areas(directory)
            self._contexts = frozenset(c for c, a in areas.items() if a in domains)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def language(self) -> str:
        return self.lang

    def translate(
        self,
        context: str,
        sourceText: str,  # noqa: N803 (Qt's name)
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        del disambiguation, n
        if self._contexts is not None and context not in self._contexts:
            return None  # a null QString: Qt asks the next translator
        if not i18n.has_translation(sourceText, self.lang, context):
            return None
        return i18n.pgettext(context, sourceText, self.lang)


class Translations(QObject):
    """Owns a set of installed translators; switches their language at run time.

    ``domains`` limits it to some areas (``("kiosk",)``): in ``antrean demo`` the kiosk, the
    counter and the display share one process, and a citizen touching "English" on the kiosk
    must not switch the clerk's window. Each window owns the translators of its own contexts.
    """

    changed = Signal(str)

    def __init__(
        self,
        app: QCoreApplication,
        parent: QObject | None = None,
        *,
        directory: Path | None = None,
        domains: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._directory = directory
        self._domains = domains
        self._installed: list[QTranslator] = []
        self.lang = SOURCE_LANG

    @classmethod
    def installed(
        cls, lang: str, domains: tuple[str, ...], parent: QObject | None = None
    ) -> Translations:
        """The translators of ``domains`` for ``lang``, installed now.

        A window whose language is fixed for the whole process (the counter, the display)
        sets its texts while it is built, so it installs these before its first ``tr()``.
        """
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing translations")
        translations = cls(app, parent, domains=domains)
        translations.switch(lang)
        return translations

    def switch(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unsupported language: {lang!r} (use one of {LANGS})")
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        if lang != SOURCE_LANG:
            if not i18n.has_catalog(lang):
                log.error("no %s translations in %s", lang, i18n.locale_dir())
            translator = CatalogTranslator(
                lang, self, domains=self._domains, directory=self._directory
            )
            self._app.installTranslator(translator)
            self._installed.append(translator)
        self.lang = lang
        self.changed.emit(lang)
