"""One logging setup: a rotating file in the log dir, warnings and worse on stderr."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def setup_logging(
    log_dir: Path | None, level: str = "INFO", *, stderr_level: str = "WARNING"
) -> None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        if getattr(handler, "_antrean", False):
            root.removeHandler(handler)
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                log_dir / "antrean.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
            file_handler.setFormatter(logging.Formatter(_FORMAT))
            file_handler._antrean = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)
        except OSError as exc:  # a read-only or full disk must not stop the hall
            print(f"warning: cannot write logs to {log_dir}: {exc}", file=sys.stderr)
    stream = logging.StreamHandler(sys.stderr)
    stream.setLevel(stderr_level.upper())
    stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    stream._antrean = True  # type: ignore[attr-defined]
    root.addHandler(stream)


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
