"""The shared Qt helpers the kiosk stands on: workers, translations, resources, theme, texts."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.domain.errors import QuotaReached
from app.domain.wording import Bilingual
from tests.support.actors import ADMIN
from tests.ui.waits import wait_for
from ui.common.i18n import Translations
from ui.common.resources import resource_path, svg_pixmap
from ui.common.theme import Metrics
from ui.common.workers import TaskRunner
from ui.kiosk.texts import clock_text
from ui.kiosk.tiles import build_tiles


def test_runner_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["value"] = value

    runner.submit(work, on_done=done)
    wait_for(qtbot, "the result on the GUI thread", lambda: "value" in seen, lambda: seen)
    assert seen["worker"] != gui
    assert seen["callback"] == gui
    assert seen["value"] == 42
    assert not runner.busy


def test_runner_hands_errors_to_on_error(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def refuse() -> None:
        raise QuotaReached(Bilingual("Kuota habis", "Quota used up"))

    runner.submit(refuse, on_error=errors.append)
    wait_for(qtbot, "the refusal in on_error", lambda: bool(errors), runner.pending)
    assert isinstance(errors[0], QuotaReached)
    assert errors[0].message("en") == "Quota used up"


def test_serial_runner_keeps_order_and_refuses_work_after_shutdown(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=1)
    order: list[int] = []
    for i in range(5):
        runner.submit(lambda i=i: i, on_done=order.append)
    wait_for(qtbot, "5 results", lambda: len(order) == 5, lambda: order)
    assert order == [0, 1, 2, 3, 4]
    runner.shutdown()
    assert runner.submit(lambda: 1, on_done=order.append) == 0


def test_translations_switch_kiosk_texts_only(qtbot: QtBot) -> None:
    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    translations = Translations(app, domains=("kiosk",))
    try:
        translations.switch("en")
        assert QCoreApplication.translate("ConfirmScreen", "Selesai") == "Done"
        # the counter's class is no kiosk context: the kiosk's translator leaves it alone
        assert QCoreApplication.translate("CounterWindow", "Selesai") == "Selesai"
        translations.switch("id")
        assert QCoreApplication.translate("ConfirmScreen", "Selesai") == "Selesai"
    finally:
        translations.switch("id")
    with pytest.raises(ValueError):
        translations.switch("fr")


def test_the_english_catalog_is_shipped_compiled() -> None:
    mo = resource_path("locale", "en", "LC_MESSAGES", "antrean.mo")
    assert mo.stat().st_size > 10_000
    assert resource_path("locale", "contexts.json").stat().st_size > 100


def test_resource_path_inside_a_frozen_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert resource_path("images", "emblem.svg").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("i18n", "kiosk_en.qm") == tmp_path / "resources" / "i18n" / "kiosk_en.qm"


def test_shipped_svgs_render(qtbot: QtBot) -> None:
    for parts in (("emblem.svg",), ("priority", "wheelchair.svg"), ("priority", "child.svg")):
        pixmap = svg_pixmap(resource_path("images", *parts), 64)
        assert pixmap.width() == 64 and not pixmap.toImage().isNull()


def test_metrics_scale_for_landscape_panel_and_portrait() -> None:
    assert Metrics.for_size(1920, 1080).px(36) == 36
    assert Metrics.for_size(1080, 1920).px(36) == 36
    assert Metrics.for_size(1280, 800).px(36) == 24


def test_clock_text_reads_like_indonesian() -> None:
    when = dt.datetime(2026, 11, 23, 8, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert clock_text(when) == "Senin, 23 November 2026 · 08.15"
    assert clock_text(when, "en") == "Monday, 23 November 2026 · 08:15"


def test_tiles_carry_reasons_in_both_languages(core_sqlite: Core) -> None:
    core_sqlite.setup.configure_service("C", opens_at=dt.time(13, 0), actor=ADMIN)
    core_sqlite.setup.configure_service("E", active=False, actor=ADMIN)
    tiles = build_tiles(core_sqlite.hall.services(), core_sqlite.hall.status(), dt.time(8, 0))
    by_code = {t.code: t for t in tiles}
    assert list(by_code) == ["A", "B", "C", "D"]  # inactive services get no tile
    assert by_code["C"].reason("id") == "Layanan Izin Keramaian dibuka pukul 13.00."
    assert by_code["C"].reason("en") == "Event permits opens at 13.00."
    assert by_code["A"].available and by_code["A"].reason("id") == ""
