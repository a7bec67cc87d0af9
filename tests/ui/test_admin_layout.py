"""Every admin page and every wizard step fits 1366×768 drawn with DejaVu Sans (the widest
common sans-serif), in Indonesian and English: no text below the staff floor
(``STAFF_TEXT_MIN_PX``), clipped, overlapping or outside the window (``tests/ui/layout_probe``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.domain.roles import Actor
from tests.ui.layout_probe import problems
from tests.ui.test_admin import FakeDevices, _actor
from ui.admin.app import SIZE, render_admin, settle
from ui.admin.services import AdminServices
from ui.admin.window import PAGES
from ui.admin.wizard import SetupWizard
from ui.common.fonts import FONT_ENV, WORST_CASE_FAMILY
from ui.common.i18n import Translations
from ui.common.legibility import STAFF_TEXT_MIN_PX

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def services(core_sqlite: Core, tmp_path: Path) -> AdminServices:
    from app.cli.admin_cmd import admin_services

    built = admin_services(core_sqlite, tmp_path / "antrean.toml")
    return AdminServices(**{**built.__dict__, "devices": FakeDevices()})


@pytest.fixture
def admin(core_sqlite: Core, services: AdminServices) -> Actor:
    actor = _actor(core_sqlite, services, "admin", "admin")
    for i in range(12):
        core_sqlite.queue.issue_ticket("ABCDE"[i % 5])
    core_sqlite.queue.call_next(1, actor=actor)
    return actor


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_fits_the_smallest_staff_screen(
    qtbot: QtBot,
    services: AdminServices,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    monkeypatch.setenv(FONT_ENV, WORST_CASE_FAMILY)
    translations = Translations.installed(lang, ("admin", "common"))
    found: list[str] = []
    try:
        for _, page_class in PAGES:
            window = render_admin(services, admin, page_class.__name__, lang=lang)
            qtbot.addWidget(window)
            found += [
                f"{page_class.__name__}: {p}"
                for p in problems(window, {"*": STAFF_TEXT_MIN_PX}, size=SIZE, check_contrast=False)
            ]
            window.shutdown()
            window.close()
    finally:
        translations.switch("id")
    assert found == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_wizard_step_fits(
    qtbot: QtBot, services: AdminServices, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(FONT_ENV, WORST_CASE_FAMILY)
    translations = Translations.installed(lang, ("admin", "common"))
    try:
        wizard = SetupWizard(services, lang)
        qtbot.addWidget(wizard)
        wizard.resize(*SIZE)
        wizard.show()
        found = []
        for step in range(6):
            wizard.show_step(step)
            settle(wizard, wizard.runner)
            found += [
                f"step {step + 1}: {p}"
                for p in problems(wizard, {"*": STAFF_TEXT_MIN_PX}, size=SIZE, check_contrast=False)
            ]
        wizard.shutdown()
    finally:
        translations.switch("id")
    assert found == []


def _indonesian_sources() -> set[str]:
    """The msgids of the admin window's texts whose English differs."""
    from babel.messages.pofile import read_po

    from ui.common.resources import resource_path

    with open(resource_path("locale", "en", "LC_MESSAGES", "antrean.po"), "rb") as f:
        catalog = read_po(f)
    return {
        m.id
        for m in catalog
        if isinstance(m.id, str)
        and m.id
        and m.id != m.string
        and any(path.startswith("ui/admin/") for path, _line in m.locations)
    }


def _texts(widget: QWidget) -> list[str]:
    texts: list[str] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if not w.isVisibleTo(widget):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                header = w.horizontalHeaderItem(c)
                texts.append(header.text() if header else "")
                texts += [w.item(r, c).text() for r in range(w.rowCount()) if w.item(r, c)]
    return [t for t in texts if t]


def test_english_pages_show_no_indonesian_text(
    qtbot: QtBot, services: AdminServices, admin: Actor
) -> None:
    sources = _indonesian_sources()
    translations = Translations.installed("en", ("admin", "common"))
    left: list[str] = []
    try:
        for _, page_class in PAGES:
            window = render_admin(services, admin, page_class.__name__, lang="en")
            qtbot.addWidget(window)
            page = window.page(page_class)
            assert page is not None
            left += [f"{page_class.__name__}: {t!r}" for t in _texts(window) if t in sources]
            window.shutdown()
            window.close()
    finally:
        translations.switch("id")
    assert left == []
