"""The product's typeface, shipped with it, so every PC draws the same screens.

Antrean ships **Atkinson Hyperlegible** (Braille Institute, SIL Open Font License 1.1, see
``resources/fonts/OFL.txt``): designed for readers with low vision, with letters that cannot
be mistaken for each other (``I l 1``, ``O 0``, ``5 S``), which is what a ticket number read
from across a hall needs. It is registered with Qt from ``resources/fonts`` at first use, so
neither Windows nor Linux needs it installed.

``ANTREAN_UI_FONT`` names another installed family instead (a hall's preference, or the
tests' worst case: ``DejaVu Sans``, the widest common sans-serif). The layouts never depend
on the family: text is fitted to its box by measuring it (``ui.common.fit``).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QFontDatabase, QGuiApplication

from ui.common.resources import resource_path

log = logging.getLogger(__name__)

BUNDLED_FAMILY = "Atkinson Hyperlegible"
WORST_CASE_FAMILY = "DejaVu Sans"  # the widest common sans-serif: the layout tests use it
FALLBACK_FAMILIES = ("Noto Sans", "Segoe UI", "Liberation Sans", "DejaVu Sans", "Arial")
FONT_ENV = "ANTREAN_UI_FONT"

_state: dict[str, str] = {}


def register_bundled_fonts() -> list[str]:
    """Register the shipped font files with Qt (needs a ``QGuiApplication``).

    Returns the families registered; a file Qt cannot read is logged and skipped (the
    fallbacks then draw the text).
    """
    families: list[str] = []
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load the font file %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def ui_family() -> str:
    """The family every window draws with: ``ANTREAN_UI_FONT`` or the bundled one.

    Registers the bundled font the first time it is called with a running application.
    """
    wanted = os.environ.get(FONT_ENV, "").strip() or BUNDLED_FAMILY
    if _state.get("wanted") == wanted:
        return _state["family"]
    if QGuiApplication.instance() is None:
        return wanted  # nothing to register with yet; asked again once the app exists
    registered = register_bundled_fonts() if "registered" not in _state else []
    _state["registered"] = "yes"
    family = wanted
    if wanted not in QFontDatabase.families() and wanted not in registered:
        log.warning("font %r is not installed; drawing with %s", wanted, FALLBACK_FAMILIES[0])
        family = FALLBACK_FAMILIES[0]
    _state.update(wanted=wanted, family=family)
    return family


def ui_families() -> list[str]:
    """The family list for ``QFont.setFamilies`` and style sheets: ours, then fallbacks."""
    first = ui_family()
    return [first, *(name for name in FALLBACK_FAMILIES if name != first)]
