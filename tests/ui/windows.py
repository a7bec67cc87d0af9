"""How the window tests build windows from a test ``Core``: each window gets only its services."""

from __future__ import annotations

from typing import Any

from app.bootstrap import Core
from app.cli.gui_cmds import counter_services as counter_services  # as a counter PC builds it
from app.ports import Announcer
from app.services.users import UserView
from ui.counter.window import CounterWindow
from ui.display.app import LobbyDisplay


def counter_window(
    core: Core, number: int, user: UserView, announcer: Announcer | None = None, **options: Any
) -> CounterWindow:
    """Counter ``number``'s window for ``user`` (feed polled every 50 ms unless told)."""
    options.setdefault("poll_interval", 0.05)
    return CounterWindow(
        number,
        user,
        announcer,
        queue=core.queue,
        hall=core.hall,
        snapshots=core.snapshots,
        feed=core.feed,
        clock=core.clock,
        **options,
    )


def lobby_display(core: Core, announcer: Announcer | None = None, **options: Any) -> LobbyDisplay:
    """The lobby display on ``core``'s hall (feed polled every 50 ms unless told)."""
    options.setdefault("poll_interval", 0.05)
    return LobbyDisplay(
        announcer, snapshots=core.snapshots, feed=core.feed, clock=core.clock, **options
    )
