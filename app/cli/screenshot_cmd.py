"""``antrean screenshot {kiosk|display|counter} --size WxH --out FILE.png``: a window as it
looks on a screen of that size, drawn offscreen from the configured database.

Support staff ask a hall for one ("send us what the TV shows at 1366×768"); the docs and the
tests use it too. Nothing is printed, spoken or called: the kiosk's desk has a printer that
only records, the windows start no live feed, and the command only reads the hall's data.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.args import MAX_WORD, Types, UsageError
from app.cli.output import Output
from app.domain.errors import KnownError
from app.i18n import N_, gettext

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from app.bootstrap import Core
    from app.services.users import UserView
    from app.settings import Settings

log = logging.getLogger(__name__)
WINDOWS = ("kiosk", "display", "counter")
MIN_SIZE = (320, 240)  # long side × short side: a portrait screen turns them round
MAX_SIZE = (7680, 4320)
STAND_IN_USER = "pratinjau"  # the counter's clerk when nobody has worked there yet


class CannotWrite(KnownError):
    """The picture cannot be written where ``--out`` says."""

    code = "cannot_write"
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Size:
    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width}×{self.height}"


def parse_size(lang: str) -> Any:
    """The ``--size`` type: ``WxH`` (also ``W×H``) within 320×240 … 7680×4320, either way
    round (a portrait kiosk is 1080×1920)."""

    def parse(text: str) -> Size:
        match = re.fullmatch(r"\s*([0-9]{1,6})\s*[xX×]\s*([0-9]{1,6})\s*", text)
        if match is None:
            raise argparse.ArgumentTypeError(
                gettext(
                    N_("tulis ukuran sebagai LEBARxTINGGI, mis. 1920x1080, bukan {text}"), lang
                ).format(text=repr(text[:24]))
            )
        size = Size(int(match.group(1)), int(match.group(2)))
        long, short = max(size.width, size.height), min(size.width, size.height)
        if not (MIN_SIZE[0] <= long <= MAX_SIZE[0] and MIN_SIZE[1] <= short <= MAX_SIZE[1]):
            raise argparse.ArgumentTypeError(
                gettext(N_("ukuran {size} di luar 320×240 … 7680×4320"), lang).format(size=size)
            )
        return size

    parse.__name__ = "size"
    return parse


def add_screenshot_parser(sub: Any, common: argparse.ArgumentParser, t: Types) -> None:
    p = sub.add_parser(
        "screenshot",
        parents=[common],
        help="draw a window offscreen at a screen size and save it as PNG",
    )
    p.add_argument("window", choices=WINDOWS, help="which window")
    p.add_argument(
        "--size",
        type=parse_size(t.lang),
        required=True,
        metavar="WxH",
        help="the screen, e.g. 1920x1080 or 1080x1920 (320x240 to 7680x4320)",
    )
    p.add_argument(
        "--out", type=t.text(MAX_WORD), required=True, metavar="FILE.png", help="PNG to write"
    )
    p.add_argument("--counter", type=t.counter(), help="the counter (counter window only)")
    # Also after the window's name, as support staff write it (the global --lang works too).
    p.add_argument(
        "--lang", choices=["id", "en"], default=argparse.SUPPRESS, help="the window's language"
    )
    p.set_defaults(handler=None, standalone=True, run=run_screenshot)


def run_screenshot(settings: Settings, args: argparse.Namespace, out: Output) -> int:
    if args.window == "counter" and args.counter is None:
        raise UsageError(
            N_("Sebutkan nomor loket: antrean screenshot counter --counter 1 ..."),
        )
    target = writable_png(args.out)
    from app.cli.qt import use_offscreen

    use_offscreen(always=True)  # never a window on someone's screen, the same on every PC
    from app.bootstrap import build_core

    core = build_core(settings)
    try:
        if args.window == "counter":
            _known_counter(core, args.counter)
        image = render(core, settings, args.window, args.size, args.lang, args.counter)
        save_png(image, target)
    finally:
        core.close()
    size: Size = args.size
    out.result(
        {"file": str(target), "width": size.width, "height": size.height, "window": args.window},
        f"{target} ({size})",
    )
    return 0


def render(
    core: Core, settings: Settings, window: str, size: Size, lang: str, counter: int | None
) -> QImage:
    """The window drawn at ``size``, as an image of exactly that size."""
    from app.cli.qt import gui_application

    app = gui_application()
    widget = _window(core, settings, window, size, lang, counter)
    try:
        if (widget.width(), widget.height()) != (size.width, size.height):
            log.warning(
                "the %s window is %d×%d at %s; resizing it", window, widget.width(),
                widget.height(), size,
            )  # fmt: skip
            widget.resize(size.width, size.height)
            app.processEvents()
        image = widget.grab().toImage()
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()
    if (image.width(), image.height()) != (size.width, size.height):  # a scaled screen
        from PySide6.QtCore import Qt

        image = image.scaled(
            size.width,
            size.height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image.setDevicePixelRatio(1.0)
    return image


def _window(
    core: Core, settings: Settings, window: str, size: Size, lang: str, counter: int | None
) -> QWidget:
    w, h = size.width, size.height
    if window == "display":
        from ui.display.app import render_display

        return render_display(
            snapshots=core.snapshots, clock=core.clock, width=w, height=h, lang=lang,
            logo=core.hall.logo(),
        )  # fmt: skip
    if window == "kiosk":
        from app.services.tickets import TicketDesk
        from hardware.printer.recording import RecordingPrinter
        from ui.kiosk.app import render_kiosk

        desk = TicketDesk(core.queue, core.hall, RecordingPrinter(), lang)  # prints nothing
        return render_kiosk(
            desk, core.hall, settings.kiosk, core.clock, width=w, height=h, lang=lang,
            logo=core.hall.logo(),
        )  # fmt: skip
    from app.cli.gui_cmds import counter_services
    from ui.counter.app import render_counter

    assert counter is not None
    user = clerk_at(core, counter)
    return render_counter(counter_services(core), counter, user, width=w, height=h, lang=lang)


def _known_counter(core: Core, number: int) -> None:
    """``NotFound`` (exit 4) for a counter the hall does not have."""
    core.hall.last_clerk(number)


def clerk_at(core: Core, number: int) -> UserView:
    """The clerk who worked at counter ``number`` last, else a stand-in that can do nothing
    (the picture needs a name; nobody logs in)."""
    from app.services.users import UserView

    clerk_id = core.hall.last_clerk(number)
    for user in core.users.users() if clerk_id is not None else []:
        if user.id == clerk_id:
            return user
    return UserView(id=0, username=STAND_IN_USER, role="clerk", active=False)


def writable_png(text: str) -> Path:
    """``--out`` as a path this process can write a PNG to; ``CannotWrite`` otherwise."""
    path = Path(text).expanduser()
    shown = text if len(text) <= 80 else f"…{text[-79:]}"
    if path.suffix.lower() != ".png":
        raise CannotWrite(
            N_("Nama berkas {shown} harus berakhiran .png."),
            shown=shown,
        )
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CannotWrite(N_("{shown} adalah folder."), shown=shown)
    if not folder.is_dir():
        raise CannotWrite(N_("Folder untuk {shown} tidak ada."), shown=shown)
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CannotWrite(
            N_("Tidak boleh menulis {shown} (izin ditolak)."),
            shown=shown,
        )
    return path


def save_png(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    handle, temporary = tempfile.mkstemp(prefix=".antrean-shot-", suffix=".png", dir=path.parent)
    os.close(handle)
    try:
        if not image.save(temporary):  # PNG: the name ends in .png
            raise CannotWrite(
                N_("Gambar tidak dapat disimpan ke {path} (disk penuh?)."),
                path=path,
            )
        os.replace(temporary, path)
    except OSError as exc:
        raise CannotWrite(
            N_("Gambar tidak dapat disimpan ke {path} ({strerror})."),
            path=path,
            strerror=exc.strerror,
        ) from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
