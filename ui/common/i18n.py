"""Qt translations: Indonesian is the source language, English (and more) come from .qm files.

Every window writes its texts in Indonesian with ``self.tr()`` (or
``QCoreApplication.translate``); ``resources/i18n/build.py`` extracts them into
``resources/i18n/<area>_<lang>.ts`` and compiles ``.qm`` files. ``Translations.switch(lang)``
removes the installed translators and installs every ``*_<lang>.qm`` found, so Qt sends each
widget a ``LanguageChange`` event and the widgets re-read their texts.

The context a text is extracted under must be the one Qt looks it up under at run time:
``self.tr()`` looks under the class names of ``type(self)`` and its bases, so it belongs
inside a method of that class. A module-level function calls ``QCoreApplication.translate``
with the class's name written out as its first argument (see ``ui/counter/render.py``);
``build.py --check`` refuses a context that is no class of its area.

The kiosk switches language at a touch (its ID/EN button); the counter and the display
keep the language they were opened with (``lang=``), installed before their first text.
Texts that are not widgets' (``Bilingual`` wording, ``KnownError`` messages, dates, service
names) are Indonesian/English pairs; a window picks the half for its own ``lang``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

from ui.common.resources import resource_path

log = logging.getLogger(__name__)

SOURCE_LANG = "id"
LANGS = ("id", "en")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """Mark ``text`` for extraction under ``context`` and return it unchanged; it is
    translated later with ``tr()`` in that class. (Qt's own returns ``object``.)"""
    del context
    return text


def qm_files(
    lang: str, directory: Path | None = None, domains: tuple[str, ...] | None = None
) -> list[Path]:
    """The compiled translations for ``lang``; only those of ``domains`` when given."""
    folder = directory or resource_path("i18n")
    files = sorted(folder.glob(f"*_{lang}.qm"))
    if domains is not None:
        files = [f for f in files if f.stem.rsplit("_", 1)[0] in domains]
    return files


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
            for path in qm_files(lang, self._directory, self._domains):
                translator = QTranslator(self)
                if translator.load(str(path)):
                    self._app.installTranslator(translator)
                    self._installed.append(translator)
                else:
                    log.error("cannot load translation %s", path)
            if not self._installed:
                folder = self._directory or resource_path("i18n")
                log.error("no %s translations in %s", lang, folder)
        self.lang = lang
        self.changed.emit(lang)
