"""The fitting rule every citizen-facing text goes through (``ui.common.fit``)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from ui.common.fit import ELLIPSIS, FitLabel, fit_text
from ui.common.fonts import BUNDLED_FAMILY, FONT_ENV, WORST_CASE_FAMILY, ui_family

LONG = "Surat Keterangan Catatan Kepolisian (SKCK) baru dan perpanjangan"


@pytest.fixture(params=[BUNDLED_FAMILY, WORST_CASE_FAMILY])
def family(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> str:
    monkeypatch.setenv(FONT_ENV, request.param)
    assert ui_family() == request.param
    return str(request.param)


def test_the_bundled_font_is_registered_from_resources(qapp: QApplication) -> None:
    del qapp
    assert ui_family() == BUNDLED_FAMILY


def test_a_short_text_is_drawn_at_the_largest_size(family: str) -> None:
    fit = fit_text("A-005", 400, 200, max_px=120, min_px=20, bold=True)
    assert fit.px == 120 and not fit.elided and fit.lines == ("A-005",)


def test_a_long_text_shrinks_then_wraps_whole_words(family: str) -> None:
    fit = fit_text(LONG, 360, 200, max_px=60, min_px=14, max_lines=3)
    assert not fit.elided and 14 <= fit.px < 60
    assert " ".join(fit.lines) == LONG  # words never broken
    assert fit.width <= 360 and fit.height <= 200


def test_below_the_floor_the_text_ends_in_an_ellipsis_after_a_whole_word(family: str) -> None:
    fit = fit_text(LONG, 300, 40, max_px=40, min_px=24, max_lines=1)
    assert fit.elided and fit.px == 24 and fit.width <= 300
    shown = fit.lines[-1]
    assert shown.endswith(ELLIPSIS)
    assert LONG.startswith(shown[:-1]) and LONG[len(shown) - 1] == " "  # cut at a word end


def test_an_empty_size_range_is_refused() -> None:
    with pytest.raises(ValueError, match="range"):
        fit_text("x", 10, 10, max_px=10, min_px=20)


def test_a_fit_label_never_widens_its_window(family: str) -> None:
    window = QWidget()
    box = QVBoxLayout(window)
    label = FitLabel(LONG * 3, max_px=48, min_px=20)
    box.addWidget(label)
    window.resize(320, 120)
    window.show()
    QApplication.processEvents()
    assert window.width() == 320
    (item,) = label.text_items()
    assert item.elided and item.fits and item.rect.width() <= label.width()
    window.close()
