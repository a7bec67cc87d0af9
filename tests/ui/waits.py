"""Waiting in window tests, with failures that say what was awaited and what was seen.

``qtbot.waitUntil`` only says that it timed out and ``qtbot.waitSignal`` only names the
signal; these wrappers add the awaited state in words and the state on screen at the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pytestqt.exceptions import TimeoutError as QtTimeout
from pytestqt.qtbot import QtBot
from pytestqt.wait_signal import MultiSignalBlocker, SignalBlocker

Seen = Callable[[], object]


def wait_for(
    qtbot: QtBot, what: str, condition: Callable[[], bool], seen: Seen, timeout: int = 5000
) -> None:
    """Process Qt events until ``condition()`` holds, at most ``timeout`` ms.

    On timeout raises ``AssertionError("waited N ms for <what>; saw <seen()>")``.
    """
    try:
        qtbot.waitUntil(condition, timeout=timeout)
    except QtTimeout as exc:
        raise AssertionError(f"waited {timeout} ms for {what}; saw {_look(seen)}") from exc


@contextmanager
def signal_within(
    qtbot: QtBot, signal: Any, what: str, seen: Seen, timeout: int = 5000
) -> Iterator[SignalBlocker]:
    """``qtbot.waitSignal`` around the ``with`` body, failing with what was seen instead."""
    try:
        with qtbot.waitSignal(signal, timeout=timeout) as blocker:
            yield blocker
    except QtTimeout as exc:
        raise AssertionError(f"waited {timeout} ms for {what}; saw {_look(seen)}") from exc


@contextmanager
def signals_within(
    qtbot: QtBot, signals: Sequence[Any], what: str, seen: Seen, timeout: int = 5000
) -> Iterator[MultiSignalBlocker]:
    """``qtbot.waitSignals`` (all of them) around the ``with`` body, with a clear failure."""
    try:
        with qtbot.waitSignals(list(signals), timeout=timeout) as blocker:
            yield blocker
    except QtTimeout as exc:
        raise AssertionError(f"waited {timeout} ms for {what}; saw {_look(seen)}") from exc


def _look(seen: Seen) -> str:
    try:
        return repr(seen())
    except Exception as exc:  # the state itself could not be read: say so, keep the timeout
        return f"<unreadable: {type(exc).__name__}: {exc}>"
