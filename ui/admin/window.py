"""The admin window: a side list of the pages the signed-in role may use, one page at a time.

Admin: every page. Supervisor: supervision, running text and audit (closing the day is on
the supervision page). The services check the same permissions again, so a page shown by
mistake would still be refused there.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission, Role
from ui.admin.audit_page import AuditPage
from ui.admin.base import Page, admin_qss, button
from ui.admin.device_pages import PrinterPage, SpeechPage, SyncPage
from ui.admin.hall_pages import HallPage, RunningTextPage
from ui.admin.reports_page import ReportsPage
from ui.admin.services import AdminActions, AdminServices
from ui.admin.setup_pages import CountersPage, ServicesPage
from ui.admin.supervision import SupervisionPage
from ui.admin.users_page import UsersPage
from ui.common.workers import TaskRunner

PAGES: tuple[tuple[Permission, type[Page]], ...] = (
    (Permission.SUPERVISE, SupervisionPage),
    (Permission.CONFIGURE, ServicesPage),
    (Permission.CONFIGURE, CountersPage),
    (Permission.USERS, UsersPage),
    (Permission.CONFIGURE, HallPage),
    (Permission.CONFIGURE, PrinterPage),
    (Permission.CONFIGURE, SpeechPage),
    (Permission.RUNNING_TEXT, RunningTextPage),
    (Permission.SYNC, SyncPage),
    (Permission.AUDIT, AuditPage),
    (Permission.REPORTS, ReportsPage),
)


class AdminWindow(QMainWindow):
    signed_out = Signal()

    def __init__(self, services: AdminServices, actions: AdminActions, lang: str = "id") -> None:
        super().__init__()
        self.services = services
        self.admin = actions
        self.lang = lang
        self.runner = TaskRunner(self, max_threads=1)
        self.setStyleSheet(admin_qss())
        self.setWindowTitle(self.tr("Antrean — Administrasi"))
        role_names = {
            Role.ADMIN: self.tr("admin"),
            Role.SUPERVISOR: self.tr("supervisor"),
            Role.CLERK: self.tr("petugas loket"),
        }
        actor = actions.actor
        self.who = QLabel(
            f"{actor.username} ({role_names.get(actor.role, '') if actor.role else ''})"
        )
        self.hall_name = QLabel()
        self.sign_out = button(self.tr("Keluar"))
        top = QWidget()
        top.setObjectName("topBar")
        bar = QHBoxLayout(top)
        bar.setContentsMargins(14, 6, 14, 6)
        bar.addWidget(self.hall_name)
        bar.addStretch(1)
        bar.addWidget(self.who)
        bar.addWidget(self.sign_out)
        self.list = QListWidget()
        self.list.setObjectName("pageList")
        self.list.setFixedWidth(210)
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        for permission, page_class in PAGES:
            if actions.may(permission):
                page = page_class(actions, self.runner, lang)
                page.retitle()
                self.pages.append(page)
                self.stack.addWidget(page)
                self.list.addItem(page.title())
        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(0)
        middle.addWidget(self.list)
        middle.addWidget(self.stack, 1)
        root = QWidget()
        root.setObjectName("adminRoot")
        box = QVBoxLayout(root)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(top)
        box.addLayout(middle, 1)
        self.setCentralWidget(root)
        self.list.currentRowChanged.connect(self._open)
        self.sign_out.clicked.connect(self._sign_out)

    def start(self) -> None:
        """Read the hall's name and show the first page."""
        self.runner.submit(
            self.admin.hall, on_done=lambda hall: self.hall_name.setText(hall.name), name="hall"
        )
        if self.pages:
            self.list.setCurrentRow(0)

    def page(self, page_class: type[Page]) -> Page | None:
        return next((p for p in self.pages if isinstance(p, page_class)), None)

    def open_page(self, page_class: type[Page]) -> Page:
        page = self.page(page_class)
        if page is None:
            raise LookupError(f"{page_class.__name__} is not shown to this role")
        self.list.setCurrentRow(self.pages.index(page))
        return page

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentIndex(row)
            self.pages[row].refresh()

    def _sign_out(self) -> None:
        self.signed_out.emit()

    def shutdown(self) -> None:
        page = self.page(SupervisionPage)
        if isinstance(page, SupervisionPage):
            page.stop_following()
        self.runner.shutdown(10_000)
