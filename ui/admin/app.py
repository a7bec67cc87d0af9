"""``antrean admin``: the first-run wizard on a hall without an admin, else the sign-in, then
the window; signing out returns to the sign-in."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.errors import KnownError
from app.domain.roles import Actor, Permission
from ui.admin.services import AdminActions, AdminServices
from ui.admin.signin import SignInDialog
from ui.admin.window import AdminWindow
from ui.admin.wizard import SetupWizard
from ui.common.i18n import Translations
from ui.common.workers import TaskRunner

log = logging.getLogger(__name__)
SIZE = (1366, 768)


class AdminApp:
    """The whole flow of one ``antrean admin`` process."""

    def __init__(self, services: AdminServices, *, lang: str = "id") -> None:
        self.services = services
        self.lang = lang
        self.translations = Translations.installed(lang, ("admin", "common"))
        self.dialog = SignInDialog()
        self.translations.setParent(self.dialog)
        self.runner = TaskRunner(self.dialog)
        self.wizard: SetupWizard | None = None
        self.window: AdminWindow | None = None
        self.dialog.submitted.connect(self._sign_in)

    def start(self) -> None:
        """The wizard when the hall has no admin yet, else the sign-in."""
        self.runner.submit(
            self.services.users.has_admin,
            on_done=self._first_screen,
            on_error=self._refused,
            name="has-admin",
        )

    def _first_screen(self, has_admin: bool) -> None:
        if has_admin:
            self.dialog.show()
            return
        self.wizard = SetupWizard(self.services, self.lang)
        self.wizard.finished.connect(self._wizard_done)
        self.wizard.resize(980, 680)
        self.wizard.show()

    def _wizard_done(self, actions: AdminActions) -> None:
        wizard, self.wizard = self.wizard, None
        self.open_window(actions)
        if wizard is not None:
            wizard.close()
            wizard.deleteLater()

    def _sign_in(self, username: str, password: str) -> None:
        self.runner.submit(
            lambda: self.services.access.sign_in(username, password, station=self.services.station),
            on_done=self._signed_in,
            on_error=self._refused,
            name="sign-in",
        )

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.dialog.show_error(exc.message(self.lang))
        else:
            self.dialog.show_error(
                QCoreApplication.translate(
                    "SignInDialog", "Tidak bisa memeriksa akun; rinciannya ada di log."
                )
            )
        self.dialog.show()

    def _signed_in(self, actor: Actor) -> None:
        if not actor.may(Permission.SUPERVISE):
            self.dialog.refuse_clerk()
            return
        self.open_window(AdminActions(self.services, actor))
        self.dialog.hide()

    def open_window(self, actions: AdminActions) -> AdminWindow:
        log.info("%s opened the admin window", actions.actor.username)
        window = AdminWindow(self.services, actions, self.lang)
        window.signed_out.connect(self._signed_out)
        self.window = window
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        window.start()
        return window

    def _signed_out(self) -> None:
        window, self.window = self.window, None
        self.dialog.reset()
        self.dialog.show()
        if window is not None:
            window.shutdown()
            window.close()
            window.deleteLater()

    def shutdown(self) -> None:
        for w in (self.window, self.wizard):
            if w is not None:
                w.shutdown()
        self.runner.shutdown(10_000)


def render_admin(
    services: AdminServices,
    actor: Actor,
    page: str | None = None,
    *,
    width: int = SIZE[0],
    height: int = SIZE[1],
    lang: str = "id",
) -> AdminWindow:
    """The admin window for ``actor`` at ``width``×``height`` with ``page`` (a page class
    name, e.g. ``"ServicesPage"``; None: the first) open and its data read, ready for
    ``grab()``; the caller closes it (and calls ``shutdown()``)."""
    window = AdminWindow(services, AdminActions(services, actor), lang)
    window.resize(width, height)
    window.show()
    window.start()
    if page is not None:
        chosen = next(p for p in window.pages if type(p).__name__ == page)
        window.open_page(type(chosen))
    settle(window)
    return window


def settle(widget: QWidget, runner: TaskRunner | None = None) -> None:
    """Let every read the widget started arrive and be drawn (screenshots, tests)."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(20):
        for r in (runner, getattr(widget, "runner", None)):
            if isinstance(r, TaskRunner):
                r.wait()
        app.processEvents()


def run_admin(services: AdminServices, *, lang: str = "id") -> int:
    """``antrean admin``: the whole process."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    flow = AdminApp(services, lang=lang)
    flow.start()
    try:
        return app.exec()
    finally:
        flow.shutdown()
