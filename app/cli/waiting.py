"""A window's database at start: open it, or wait on the "connecting" screen until it answers.

A LAN hall's PCs often boot before the database server. The kiosk, display and counter
commands call ``core_when_ready``: the first attempt runs at once in the background; when it
has not answered within ``SHOW_AFTER_MS`` the calm connecting screen appears
(``ui.common.connecting``) and keeps trying, a little slower each time. A server that cannot
be reached, a busy or unopenable database are worth waiting for; a wrong URL, password or
schema is not: that refusal ends the command as it always did (exit 7, one sentence).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.domain.errors import KnownError, StorageUnavailable

if TYPE_CHECKING:
    from app.bootstrap import Core
    from app.settings import Settings

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 700  # a database that answers at once never shows the screen


def worth_waiting(exc: BaseException) -> bool:
    """Whether ``exc`` (from opening the database) may go away by itself."""
    if isinstance(exc, StorageUnavailable):
        return True
    if isinstance(exc, KnownError):
        return False  # a wrong URL, password, schema: waiting will not mend it
    from sqlalchemy import exc as sa_exc

    # A driver error nobody named (a server still starting up, a dropped connection).
    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError | OSError)


def known(exc: BaseException, url: str) -> BaseException:
    """``exc`` in plain words when it is a database error that has them."""
    from sqlalchemy import exc as sa_exc

    from app.storage.engine import opening_error

    if isinstance(exc, sa_exc.DBAPIError):
        return opening_error(exc, url) or exc
    return exc


def reason(exc: BaseException, lang: str) -> str:
    """The few words the connecting screen shows for ``exc``."""
    if isinstance(exc, KnownError):
        return exc.message(lang)
    from ui.common.connecting import first_line

    return first_line(exc)


def core_when_ready(
    settings: Settings, lang: str, open_core: Callable[[Settings], Core]
) -> Core | None:
    """``open_core(settings)`` once the database answers; None when the person closed the
    connecting screen first. A refusal that waiting will not mend is raised."""
    from app.cli.qt import gui_application

    app = gui_application()
    from PySide6.QtCore import QTimer

    from ui.common.connecting import ConnectingScreen
    from ui.common.screens import show_full_screen

    url = settings.database_url()
    ready: list[Core] = []
    final: list[BaseException] = []

    def attempt() -> Core:
        try:
            return open_core(settings)
        except Exception as exc:
            raise known(exc, url) from exc

    def opened(core: Core) -> None:
        ready.append(core)
        app.quit()

    def refused(exc: BaseException) -> None:
        final.append(exc)
        app.quit()

    screen = ConnectingScreen(
        attempt,
        opened,
        should_retry=worth_waiting,
        on_give_up=refused,
        describe=lambda exc: reason(exc, lang),
        lang=lang,
    )
    screen.start()
    QTimer.singleShot(SHOW_AFTER_MS, lambda: None if screen.done else show_full_screen(screen))
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(True)  # closing the screen ends the command
    try:
        if not screen.done:
            app.exec()
    finally:
        screen.stop()
        app.setQuitOnLastWindowClosed(False)  # hiding the screen must not end the window
        screen.hide()
        screen.deleteLater()
        app.setQuitOnLastWindowClosed(quit_on_close)
    if final:
        raise final[0]
    if not ready:
        log.info("connecting screen closed before the database answered")
        return None
    return ready[0]
