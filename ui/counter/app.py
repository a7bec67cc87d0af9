"""Run a counter PC: log the clerk in, then open the counter window.

Announcements: when the hall has a display PC, the display speaks every call it sees in the
feed and the counter passes ``announcer=None``. Only a counter with no display anywhere (a
single PC without a TV) passes its own announcer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.errors import KnownError
from app.domain.roles import Actor
from app.ports import Announcer, Clock
from app.services.access import AccessService, this_station
from app.services.hall import HallService
from app.services.queue import QueueService
from app.services.snapshots import SnapshotService
from app.services.users import UserService, UserView
from ui.common.feed import FeedSource
from ui.common.i18n import Translations
from ui.common.workers import TaskRunner
from ui.counter.dialogs import LoginDialog
from ui.counter.window import CounterWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CounterServices:
    """What a counter PC uses: ``access`` for the sign-in (``users``' when not given), the
    rest for the counter window."""

    users: UserService
    queue: QueueService
    hall: HallService  # opening, pausing and resuming the counter
    snapshots: SnapshotService
    feed: FeedSource
    clock: Clock
    access: AccessService | None = None

    def sign_in(self) -> AccessService:
        return self.access if self.access is not None else self.users.access_service()


class CounterLogin:
    """The login step: signs the clerk in off the GUI thread (``AccessService.sign_in``: the
    lockout's wait is shown as the refusal), then opens the counter window."""

    def __init__(
        self,
        services: CounterServices,
        counter_number: int,
        announcer: Announcer | None = None,
        *,
        lang: str = "id",
        poll_interval: float = 0.5,
    ) -> None:
        self.services = services
        self.number = counter_number
        self.announcer = announcer
        self.lang = lang
        self.poll_interval = poll_interval
        self.window: CounterWindow | None = None
        self.translations = Translations.installed(lang, ("counter", "common"))
        self.dialog = LoginDialog(counter_number)
        self.translations.setParent(self.dialog)
        self.runner = TaskRunner(self.dialog)
        self.dialog.submitted.connect(self._authenticate)

    def show(self) -> None:
        self.dialog.show()

    def _authenticate(self, username: str, password: str) -> None:
        access, station, number = self.services.sign_in(), this_station(), self.number
        self.runner.submit(
            lambda: access.sign_in(username, password, station=station, counter=number),
            on_done=self._logged_in,
            on_error=self._refused,
            name="login",
        )

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.dialog.show_error(exc.message(self.lang))
        else:
            self.dialog.show_error(
                QCoreApplication.translate("LoginDialog", "Tidak bisa memeriksa akun; lihat log.")
            )

    def _logged_in(self, user: Actor) -> None:
        log.info("%s logged in at counter %s", user.username, self.number)
        window = _window(
            self.services, self.number, user, self.announcer, self.lang, self.poll_interval
        )
        window.logged_out.connect(self._logged_out)
        self.window = window
        screen = self.dialog.screen() or QGuiApplication.primaryScreen()
        window.setGeometry(screen.availableGeometry())  # a bare X server: no corner window
        window.showMaximized()
        window.start()
        self.dialog.accept()

    def _logged_out(self, user: Actor) -> None:
        """Back to the login for the next clerk; the window has paused the counter."""
        window, self.window = self.window, None
        self.dialog.reset(
            QCoreApplication.translate(
                "LoginDialog", "{0} keluar. Loket {1} istirahat sampai petugas berikutnya masuk."
            ).format(user.username, self.number)
        )
        self.dialog.show()  # first: closing the window must not leave no window at all
        if window is not None:
            window.close()
            window.deleteLater()


def _window(
    services: CounterServices,
    number: int,
    user: Actor | UserView,
    announcer: Announcer | None,
    lang: str,
    poll_interval: float = 0.5,
) -> CounterWindow:
    return CounterWindow(
        number,
        user,
        announcer,
        queue=services.queue,
        hall=services.hall,
        snapshots=services.snapshots,
        feed=services.feed,
        clock=services.clock,
        lang=lang,
        poll_interval=poll_interval,
    )


def render_counter(
    services: CounterServices,
    number: int,
    user: Actor | UserView,
    *,
    width: int,
    height: int,
    lang: str = "id",
) -> QWidget:
    """Counter ``number``'s window for ``user``, shown (not full screen) at exactly
    ``width``×``height`` with its current state drawn, ready for ``grab()``; the caller
    closes it. The live feed is not started. Raises ``NotFound`` for an unknown counter."""
    snapshot = services.snapshots.counter_snapshot(number)
    window = _window(services, number, user, None, lang)
    window.resize(width, height)
    window.show()
    window.show_snapshot(snapshot)
    app = QApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()
    return window


def run_counter(
    services: CounterServices,
    counter_number: int,
    announcer: Announcer | None = None,
    *,
    lang: str = "id",
) -> int:
    """``antrean counter --counter N``: the whole process for a counter PC, in ``lang``."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    login = CounterLogin(services, counter_number, announcer, lang=lang)
    login.show()
    try:
        return app.exec()
    finally:
        if login.window is not None:
            login.window.bridge.stop()
        if announcer is not None:
            announcer.close()
