"""Every window text goes through Qt's translations, and English mode shows no Indonesian.

The first tests run ``resources/locale/build.py``'s check: every marked text (``tr()``,
``translate()``, ``N_()``) has an English translation in the gettext catalog, every ``tr()`` is
under the context Qt looks it up under at run time, and the committed .po/.mo are current.
The others open each window offscreen in English and read what a person would see (labels,
buttons, table headers and cells, lists, combo boxes, painted tile texts); a text that is
still one of the Indonesian msgids of the catalog, or the Indonesian half of a data pair (a
service name, a day or a month, the wait wording), fails. Hall data (name, subtitle, running
text) and ticket numbers are the hall's own and are not looked at.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.domain.calendar_names import DAYS_EN, DAYS_ID, MONTHS_EN, MONTHS_ID
from app.domain.wording import ahead_text, wait_wording
from app.services.tickets import TicketDesk
from app.settings import KioskSettings
from hardware.printer.recording import RecordingPrinter
from tests.support.actors import ADMIN
from tests.ui.waits import wait_for
from tests.ui.windows import counter_window, lobby_display
from ui.common.resources import resource_path
from ui.counter.dialogs import FinishDialog, LoginDialog, NoShowDialog, TransferDialog
from ui.counter.window import CounterWindow
from ui.display.app import LobbyDisplay
from ui.kiosk.tiles import ServiceTile
from ui.kiosk.widgets import Marquee, PriorityBar
from ui.kiosk.window import KioskTimings, KioskWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SLOW = 3_600_000
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_SEPARATORS = re.compile(r"\n|\s+·\s+")


def _load_build() -> ModuleType:
    path = resource_path("locale", "build.py")
    spec = importlib.util.spec_from_file_location("antrean_i18n_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


build = _load_build()


# --- the catalog -------------------------------------------------------------------------------
def test_every_text_is_translated_under_the_context_qt_looks_it_up_under() -> None:
    problems = build.problems()
    assert problems == [], "resources/locale/build.py --check:\n" + "\n".join(problems)


def test_the_check_refuses_a_tr_outside_a_class_and_a_missing_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = tmp_path / "ui" / "fake"
    area.mkdir(parents=True)
    (area / "render.py").write_text(
        "def draw(w):\n"
        '    w.label.setText(w.tr("Halo"))\n'
        '    return translate("Nobody", "Apa kabar")\n\n\n'
        "class FakeWindow:\n"
        "    def title(self):\n"
        '        return self.tr("Selamat datang")\n',
        encoding="utf-8",
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "words.py").write_text('GREETING = N_("Selamat pagi")\n', "utf-8")
    (tmp_path / "resources" / "locale").mkdir(parents=True)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "HERE", tmp_path / "resources" / "locale")

    problems = build.problems()
    text = "\n".join(problems)
    assert "ui/fake/render.py:2: tr('Halo') outside a class" in text
    assert "ui/fake/render.py:3: context 'Nobody' is no class of ui/fake" in text
    assert "en: no translation for 'Selamat datang'" in problems
    assert "en: no translation for 'Selamat pagi'" in problems  # an N_() text outside ui/
    assert "resources/locale/en/LC_MESSAGES/antrean.mo is not up to date" in text
    assert list((tmp_path / "resources" / "locale").iterdir()) == []  # the check wrote nothing
    assert build.main(["--check"]) == 1


# --- what the windows show in English ----------------------------------------------------------
class Indonesian:
    """Recognises Indonesian on an English screen: the catalog's msgids (those whose English
    differs), and the Indonesian halves of data pairs."""

    def __init__(self, core: Core) -> None:
        self.sources: list[tuple[re.Pattern[str], str]] = []
        for m in build.messages("en"):
            words = re.findall(r"[^\W\d_]{2,}", _PLACEHOLDER.sub("", m.source))
            if not words:  # all fields ("{rule}{shown}."): it matches anything
                continue
            if m.translation is not None and m.translation.strip() != m.source.strip():
                self.sources.append((_pattern(m.source), f"msgid {m.source!r}"))
        english_words = set(DAYS_EN) | set(MONTHS_EN)
        words = [w for w in (*DAYS_ID, *MONTHS_ID) if w not in english_words]
        self.words = re.compile(r"\b(?:" + "|".join(words) + r")\b")
        self.names = [(s.name_id, s.name_en) for s in core.hall.services()]
        self.phrases = [
            *(wait_wording(m, form).id for m in (None, 0) for form in ("long", "short")),
            "menit",
            ahead_text(0, "id"),
            "Antrean di depan Anda",
        ]

    def found_in(self, text: str) -> list[str]:
        parts = [text.strip(), *(p.strip() for p in _SEPARATORS.split(text))]
        found = []
        for part in dict.fromkeys(p for p in parts if p):
            where = next((w for pattern, w in self.sources if pattern.fullmatch(part)), None)
            if where is not None:
                found.append(f"{part!r} is the source of {where}")
        found += [f"{text!r} names an Indonesian day or month" for _ in self.words.findall(text)]
        found += [
            f"{text!r} has the Indonesian service name {name_id!r}"
            for name_id, name_en in self.names
            if name_id != name_en and name_id in text.replace(name_en, "")
        ]
        found += [f"{text!r} has {p!r}" for p in self.phrases if p in text]
        return found


def _pattern(source: str) -> re.Pattern[str]:
    pieces = _PLACEHOLDER.split(source.strip())
    return re.compile(".+?".join(re.escape(p) for p in pieces), re.S)


def visible_texts(root: QWidget, skip: tuple[str, ...] = ()) -> list[str]:
    """Every text a person can see on ``root`` (and its title), except ``skip`` (hall data)."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        texts += _texts_of(w)
    return [t for t in texts if t and t not in skip]


def _texts_of(w: QWidget) -> list[str]:
    if isinstance(w, ServiceTile):
        s, lang = w.state, w.lang
        painted = [s.name(lang), s.description(lang), w.waiting_text(), w.estimate_text()]
        return painted + ([w.badge_text(), s.reason(lang)] if not s.available else [])
    if isinstance(w, PriorityBar):
        return [w.title(), w.hint()]
    if isinstance(w, Marquee):
        return []  # the hall's running text
    if isinstance(w, (QLabel, QAbstractButton)):
        return [w.text(), w.toolTip()]
    if hasattr(w, "text_items"):  # FitLabel and other fitted or painted texts
        return [item.text for item in w.text_items()]
    if isinstance(w, QLineEdit):
        return [w.placeholderText()]
    if isinstance(w, QComboBox):
        return [w.itemText(i) for i in range(w.count())]
    if isinstance(w, QListWidget):
        return [w.item(i).text() for i in range(w.count())]
    if isinstance(w, QTableWidget):
        headers = [w.horizontalHeaderItem(c) for c in range(w.columnCount())]
        cells = [w.item(r, c) for r in range(w.rowCount()) for c in range(w.columnCount())]
        return [i.text() for i in headers if i] + [
            t for i in cells if i for t in (i.text(), i.toolTip())
        ]
    return []


def assert_english(indonesian: Indonesian, what: str, texts: list[str]) -> None:
    assert texts, f"{what}: no texts read"
    found = [line for text in texts for line in indonesian.found_in(text)]
    assert not found, f"{what} shows Indonesian in English mode:\n  " + "\n  ".join(found)


def test_the_recogniser_finds_indonesian_and_passes_english(core_sqlite: Core) -> None:
    indonesian = Indonesian(core_sqlite)
    for text in (
        "LOKET 3",
        "Waiting: 2 (1 priority)\nTunda",
        "A · SIM",
        "3 waiting  ·  ± 5 menit",
        "Senin, 23 November 2026",
        "Tidak ada antrean di depan Anda",
    ):
        assert indonesian.found_in(text), text
    for text in ("COUNTER 3", "A · Driving licence (SIM)", "Monday, 23 November 2026", "English"):
        assert indonesian.found_in(text) == [], text


def _hall_data(core: Core) -> tuple[str, ...]:
    hall = core.hall.hall_config()
    return (hall.name, hall.subtitle, hall.marquee, *hall.footer_lines)


@pytest.fixture
def no_translator_left() -> Iterator[None]:
    """After the test (and its windows) ended, every source reads as itself again."""
    yield
    contexts = list(build.contexts(build.qt_uses()))
    left = [
        f"{context}: {m.source!r}"
        for m in build.messages("en")
        for context in contexts
        if QCoreApplication.translate(context, m.source) != m.source
    ]
    assert not left, "translators left installed after the windows closed:\n" + "\n".join(left)


@pytest.fixture
def english_kiosk(
    qtbot: QtBot, no_translator_left: None, core_sqlite: Core, printer: RecordingPrinter
) -> Iterator[KioskWindow]:
    core_sqlite.setup.configure_service("C", opens_at=dt.time(13, 0), actor=ADMIN)
    core_sqlite.queue.issue_ticket("A", printed=False)
    desk = TicketDesk(core_sqlite.queue, core_sqlite.hall, printer, "en")
    timings = KioskTimings(idle_ms=SLOW, confirm_ms=SLOW, refresh_ms=SLOW)
    window = KioskWindow(
        desk, core_sqlite.hall, KioskSettings(lang="en"), core_sqlite.clock, timings=timings
    )
    window.resize(1920, 1080)
    window.show()
    wait_for(qtbot, "the service tiles", lambda: len(window.start.tiles) == 5, window.start.tiles)
    yield window
    window.exit_kiosk()


def test_kiosk_start_page_in_english(english_kiosk: KioskWindow, core_sqlite: Core) -> None:
    start = english_kiosk.start
    texts = visible_texts(start, _hall_data(core_sqlite))
    assert_english(Indonesian(core_sqlite), "the kiosk start page", texts)
    assert start.prompt.text() == "Touch the service you need to take a queue number"
    assert "1 ahead of you" in texts and "CLOSED" in texts  # the tiles' painted texts were read


def test_kiosk_confirmation_in_english(
    qtbot: QtBot, english_kiosk: KioskWindow, core_sqlite: Core
) -> None:
    english_kiosk.start.tiles["A"].click()
    wait_for(
        qtbot,
        "the confirmation page",
        lambda: english_kiosk.stack.currentWidget() is english_kiosk.confirm,
        lambda: english_kiosk.start.banner.text(),
    )
    wait_for(qtbot, "the kiosk idle", lambda: not english_kiosk.controller.busy, lambda: None)
    confirm = english_kiosk.confirm
    assert confirm.number.text() == "A-002"
    texts = visible_texts(confirm, _hall_data(core_sqlite))
    assert_english(Indonesian(core_sqlite), "the kiosk confirmation", texts)
    assert "Your queue number" in texts and "Driving licence (SIM)" in texts


def _counter_state(core: Core) -> None:
    """A counter with a called ticket, one on hold, regular and priority tickets waiting."""
    for priority in (False, False, True, False):
        core.queue.issue_ticket("A", priority=priority)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.hold(1, actor=ADMIN)
    core.queue.call_next(1, actor=ADMIN)
    core.queue.recall(1, actor=ADMIN)


@pytest.fixture
def english_counter(
    qtbot: QtBot, no_translator_left: None, core_sqlite: Core
) -> Iterator[CounterWindow]:
    _counter_state(core_sqlite)
    user = core_sqlite.users.add_user(ADMIN, "petugas1", "rahasia123")
    window = counter_window(core_sqlite, 1, user, lang="en")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, lambda: None)
    yield window
    window.close()


def test_counter_window_in_english(english_counter: CounterWindow, core_sqlite: Core) -> None:
    w = english_counter
    w.table.selectRow(0)
    texts = visible_texts(w, _hall_data(core_sqlite))
    assert_english(Indonesian(core_sqlite), "the counter window", texts)
    assert "COUNTER 1" in texts and "Call next\nF1 / +" in texts and "Number" in texts
    assert w.held_list.count() == 1 and w.table.rowCount() == 2


def test_counter_dialogs_in_english(
    qtbot: QtBot, english_counter: CounterWindow, core_sqlite: Core
) -> None:
    snap = english_counter.snapshot
    assert snap is not None
    dialogs: list[Callable[[], QWidget]] = [
        lambda: LoginDialog(1),
        lambda: FinishDialog("A-002", english_counter),
        lambda: NoShowDialog("A-002", english_counter),
        lambda: TransferDialog(
            "A-002", "A", list(snap.services), list(snap.counters), 1, english_counter, lang="en"
        ),
    ]
    indonesian = Indonesian(core_sqlite)
    for make in dialogs:
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        texts = visible_texts(dialog)
        assert_english(indonesian, type(dialog).__name__, texts)
        dialog.close()


@pytest.fixture
def english_display(
    qtbot: QtBot, no_translator_left: None, core_sqlite: Core
) -> Iterator[LobbyDisplay]:
    _counter_state(core_sqlite)
    core_sqlite.queue.issue_ticket("B")
    core_sqlite.queue.call_next(2, actor=ADMIN)
    core_sqlite.hall.pause_counter(3, actor=ADMIN)
    core_sqlite.hall.close_counter(4, actor=ADMIN)
    window = lobby_display(core_sqlite, lang="en")
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.start()
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, lambda: None)
    yield window
    window.close()


def test_lobby_display_in_english(english_display: LobbyDisplay, core_sqlite: Core) -> None:
    w = english_display
    w.set_connected(False)  # the banner too
    texts = visible_texts(w, _hall_data(core_sqlite))
    assert_english(Indonesian(core_sqlite), "the lobby display", texts)
    assert "RECENT CALLS" in texts and "On break" in texts and "Closed" in texts
    assert any(t.startswith("Monday") for t in texts)
    w.set_connected(True)
