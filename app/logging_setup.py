"""One logging setup: a rotating file in the log dir, warnings and worse on stderr.

Tracebacks go to the file; stderr shows them only when asked (``stderr_tracebacks``): the
command line promises one plain sentence there. A record logged with ``extra=FILE_ONLY``
goes to the file alone.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
LOG_FILE_NAME = "antrean.log"
FILE_ONLY = {"antrean_file_only": True}


class _NoTraceback(logging.Formatter):
    """One line per record: the message without its traceback or stack."""

    def format(self, record: logging.LogRecord) -> str:
        plain = logging.makeLogRecord(record.__dict__)
        plain.exc_info = plain.exc_text = plain.stack_info = None
        return super().format(plain)


def _not_file_only(record: logging.LogRecord) -> bool:
    return not getattr(record, "antrean_file_only", False)


def setup_logging(
    log_dir: Path | None,
    level: str = "INFO",
    *,
    stderr_level: str = "WARNING",
    stderr_tracebacks: bool = True,
) -> None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        if getattr(handler, "_antrean", False):
            root.removeHandler(handler)
            handler.close()
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                log_dir / LOG_FILE_NAME, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
            file_handler.setFormatter(logging.Formatter(_FORMAT))
            file_handler._antrean = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)
        except OSError as exc:  # a read-only or full disk must not stop the hall
            print(f"warning: cannot write logs to {log_dir}: {exc}", file=sys.stderr)
    stream = logging.StreamHandler(sys.stderr)
    stream.setLevel(stderr_level.upper())
    plain = "%(levelname)s %(name)s: %(message)s"
    stream.setFormatter(logging.Formatter(plain) if stderr_tracebacks else _NoTraceback(plain))
    stream.addFilter(_not_file_only)
    stream._antrean = True  # type: ignore[attr-defined]
    root.addHandler(stream)


def log_file() -> Path | None:
    """The file this process logs to, or None when it could not be opened."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_antrean", False) and isinstance(
            handler, logging.handlers.RotatingFileHandler
        ):
            return Path(handler.baseFilename)
    return None


def install_excepthooks() -> None:
    """Log every uncaught exception (main thread and workers) with its traceback."""
    log = logging.getLogger("antrean.uncaught")

    def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))

    def _thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical(
                "uncaught exception in thread %s",
                args.thread.name if args.thread else "?",
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    sys.excepthook = _hook
    threading.excepthook = _thread_hook
