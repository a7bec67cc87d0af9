"""Run blocking calls (database, printer) off the GUI thread; get the answer back on it.

``TaskRunner.submit(fn, on_done=..., on_error=...)`` runs ``fn()`` in the runner's own
``QThreadPool`` and calls ``on_done(result)`` or ``on_error(exc)`` on the thread that owns the
runner (the GUI thread). The worker emits a signal of the runner itself, so Qt queues the
delivery across threads; callbacks never run in a worker.

A ``KnownError`` is the world saying no and goes to ``on_error`` quietly. Any other exception
is a bug: it is logged with its traceback and also handed to ``on_error`` so the window can
show it once. Without ``on_error`` both are logged.

Types: ``submit`` is generic in the task's result type ``T``, so ``on_done`` is checked
against what ``fn`` returns. The type variable binds per task rather than per runner: one
runner serves tasks of different result types (a counter's actions return a ticket or a
counter; the kiosk issues tickets and reads the printer on the same runner), where a
``TaskRunner[T]`` would only ever be ``TaskRunner[object]``.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.domain.errors import KnownError

log = logging.getLogger(__name__)

T = TypeVar("T")
Failed = Callable[[BaseException], None]


@dataclass(slots=True)
class _Pending:
    # The result's type was checked at ``submit``; here, between threads, it is erased.
    on_done: Callable[[Any], None] | None
    on_error: Failed | None
    name: str


class _Task(QRunnable):
    """Runs one task on a pool thread and reports through the runner's signals."""

    def __init__(self, runner: TaskRunner, task_id: int, fn: Callable[[], object]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._runner._failed.emit(self._task_id, exc)
        else:
            self._runner._finished.emit(self._task_id, result)


class TaskRunner(QObject):
    """A small thread pool whose results arrive as calls on the owner's thread.

    ``max_threads=1`` makes a serial queue: tasks run one at a time in submission order
    (the kiosk issues tickets this way so two touches can never race each other).
    """

    _finished = Signal(int, object)  # task id, fn's result (any type: PyObject)
    _failed = Signal(int, BaseException)  # task id, what fn raised
    idle = Signal()  # the last pending task was delivered

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._closed = False
        self._finished.connect(self._deliver_result)
        self._failed.connect(self._deliver_error)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def pending(self) -> int:
        return len(self._pending)

    def submit(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
        name: str = "",
    ) -> int:
        """Queue ``fn`` (no arguments; blocking is fine, it runs on a pool thread).

        ``on_done(result)`` or ``on_error(exc)`` then runs on the runner's thread, unless the
        runner was shut down first. ``name`` labels the task in logs (default: ``fn``'s name).
        Returns the task id (≥ 1), or 0 when the runner is shut down and ``fn`` was not run.
        """
        if self._closed:
            log.debug("task %s not started: the runner is shut down", name)
            return 0
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_done, on_error, name or getattr(fn, "__name__", ""))
        self._pool.start(_Task(self, task_id, fn))
        return task_id

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the workers are done (tests, screenshots); results still queue."""
        return bool(self._pool.waitForDone(msecs))

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Accept no more tasks, wait for the running ones; their results are dropped."""
        self._closed = True
        done = self.wait(msecs)
        self._pending.clear()
        return done

    @Slot(int, object)
    def _deliver_result(self, task_id: int, result: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is not None and pending.on_done is not None:
            pending.on_done(result)
        self._maybe_idle()

    @Slot(int, BaseException)
    def _deliver_error(self, task_id: int, exc: BaseException) -> None:
        pending = self._pending.pop(task_id, None)
        name = pending.name if pending else str(task_id)
        if not isinstance(exc, KnownError):
            log.error("task %s failed", name, exc_info=(type(exc), exc, exc.__traceback__))
        if pending is not None and pending.on_error is not None:
            pending.on_error(exc)
        elif isinstance(exc, KnownError):
            log.warning("task %s refused: %s", name, exc.message_en)
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if not self._pending:
            self.idle.emit()
