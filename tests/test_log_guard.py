"""The log guard of tests/conftest.py: logged problems fail a test unless it expects them."""

from __future__ import annotations

import logging
import threading

import pytest

from tests.conftest import LogGuard

log = logging.getLogger(__name__)


def _from_a_thread(level: int, message: str) -> None:
    thread = threading.Thread(target=log.log, args=(level, message), name="worker")
    thread.start()
    thread.join()


def test_a_warning_from_any_thread_is_caught(log_guard: LogGuard) -> None:
    log.info("routine")  # below WARNING: fine
    _from_a_thread(logging.WARNING, "printer offline")
    _from_a_thread(logging.ERROR, "task failed")
    report = log_guard.take_report()  # taken here, so this test itself passes
    assert report is not None
    assert "WARNING tests.test_log_guard [worker]: printer offline" in report
    assert "ERROR tests.test_log_guard [worker]: task failed" in report
    assert log_guard.take_report() is None  # each record is reported once


@pytest.mark.expect_log(r"^printer .* offline$")
def test_an_expected_warning_passes_only_at_its_level(log_guard: LogGuard) -> None:
    log.warning("printer usb://04b8:0202 offline")
    assert log_guard.take_report() is None
    log.error("printer usb://04b8:0202 offline")  # the same text as an ERROR is not expected
    report = log_guard.take_report()
    assert report is not None and "ERROR" in report


def test_allow_declares_an_expected_record_inline(log_guard: LogGuard) -> None:
    log_guard.allow(r"task \w+ failed", level="ERROR")
    log.error("task login failed")
    assert log_guard.take_report() is None
