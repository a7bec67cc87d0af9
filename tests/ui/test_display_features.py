"""The display's extras: a failed announcement shown to the staff, the hall's logo, the media
area beside the calls, and English with the hall's English running text."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.bootstrap import Core
from app.domain.wording import Bilingual
from app.ports import ManualClock
from app.services.snapshots import SnapshotService
from app.settings import DisplaySettings, Settings
from hardware.speech.clips import ClipEngine
from hardware.speech.errors import SpeechError
from hardware.speech.player import NullSink
from hardware.speech.queue import AnnouncementQueue
from hardware.speech.wavio import verify_wav
from tests.conftest import make_core
from tests.support.actors import ADMIN
from tests.ui.display_sweep import floors
from tests.ui.layout_probe import problems
from tests.ui.waits import wait_for
from tests.ui.windows import lobby_display
from ui.common.theme import PALETTE
from ui.display.app import LobbyDisplay, render_display
from ui.display.window import DisplayWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<circle cx="50" cy="50" r="45" fill="#C00000"/></svg>"""


def png(color: str = "#C00000", size: tuple[int, int] = (64, 64)) -> bytes:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes
    return bytes(data.data())


class FlakySink:
    """A speaker that fails while ``broken`` is set (no device), then plays."""

    def __init__(self) -> None:
        self.broken = threading.Event()
        self.played = 0

    def play(self, wav: Path) -> None:
        verify_wav(wav)
        if self.broken.is_set():
            raise SpeechError(
                Bilingual(
                    "Suara gagal diputar (paplay): tidak ada perangkat",
                    "Playback failed (paplay): no device",
                ),
            )
        self.played += 1


def open_window(qtbot: QtBot, core: Core, announcer: AnnouncementQueue) -> LobbyDisplay:
    window = lobby_display(core, announcer, retry_interval=0.1)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, lambda: None)
    return window


def status(w: LobbyDisplay) -> object:
    return {"shown": w.speech_failed, "text": w.speech_status.text()}


@pytest.mark.expect_log(r"^announcement A-001 failed: Playback failed", level="ERROR")
def test_a_failed_announcement_is_shown_to_the_staff_until_one_is_heard(
    qtbot: QtBot, sqlite_url: str, clock: ManualClock
) -> None:
    core = make_core(sqlite_url, clock)
    sink = FlakySink()
    sink.broken.set()
    announcer = AnnouncementQueue(ClipEngine(), sink)
    window = open_window(qtbot, core, announcer)
    try:
        assert not window.speech_failed
        core.queue.issue_ticket("A")
        core.queue.call_next(1, actor=ADMIN)
        wait_for(
            qtbot, "the failure on screen", lambda: window.speech_failed, lambda: status(window)
        )
        assert window.speech_status.text() == (
            "⚠ Suara panggilan A-001 gagal: Suara gagal diputar (paplay): tidak ada perangkat"
        )
        assert problems(window, floors(768), size=(1366, 768)) == []
        sink.broken.clear()
        core.queue.issue_ticket("B")
        core.queue.call_next(2, actor=ADMIN)
        wait_for(qtbot, "the line gone", lambda: not window.speech_failed, lambda: status(window))
        assert sink.played == 1
    finally:
        window.close()
        announcer.close()
        core.close()


def test_a_pc_without_audio_output_says_so(
    qtbot: QtBot, sqlite_url: str, clock: ManualClock
) -> None:
    core = make_core(sqlite_url, clock)
    announcer = AnnouncementQueue(ClipEngine(), NullSink())
    window = open_window(qtbot, core, announcer)
    try:
        core.queue.issue_ticket("A")
        core.queue.call_next(3, actor=ADMIN)
        wait_for(
            qtbot, "the failure on screen", lambda: window.speech_failed, lambda: status(window)
        )
        assert "Tidak ada perangkat suara" in window.speech_status.text()
    finally:
        window.close()
        announcer.close()
        core.close()


@pytest.mark.parametrize("logo", [png(), SVG], ids=["png", "svg"])
def test_the_halls_logo_is_in_the_header(qtbot: QtBot, core_sqlite: Core, logo: bytes) -> None:
    snapshots = SnapshotService.for_engine(core_sqlite.engine, core_sqlite.clock)
    window = render_display(
        snapshots=snapshots, clock=core_sqlite.clock, width=1280, height=720, logo=logo
    )
    qtbot.addWidget(window)
    assert isinstance(window, DisplayWindow)
    assert window.logo.has_logo
    centre = window.logo.geometry().center()
    assert window.grab().toImage().pixelColor(centre).name() == "#c00000"
    assert (window.width(), window.height()) == (1280, 720)
    window.close()


def test_each_service_row_carries_the_colour_of_its_kiosk_tile(
    qtbot: QtBot, core_sqlite: Core
) -> None:
    """A service with its own colour shows it in the display row's bar (the bar is drawn,
    not read: the pixel is checked); one without keeps the palette's gold."""
    core_sqlite.setup.configure_service("B", colour="#1565C0", actor=ADMIN)
    snapshots = SnapshotService.for_engine(core_sqlite.engine, core_sqlite.clock)
    window = render_display(snapshots=snapshots, clock=core_sqlite.clock, width=1366, height=768)
    qtbot.addWidget(window)
    assert isinstance(window, DisplayWindow)
    chips = {c.name.text()[0]: c for c in window.chips if c.isVisible()}
    assert chips["B"].accent().name() == "#1565c0"
    assert chips["A"].accent() == QColor(PALETTE.gold)
    image = window.grab().toImage()
    for code, colour in (("B", "#1565c0"), ("A", QColor(PALETTE.gold).name())):
        chip = chips[code]
        bar = chip.mapTo(window, chip.rect().center())
        bar.setX(chip.mapTo(window, chip.rect().topLeft()).x() + 2)
        assert image.pixelColor(bar).name() == colour, code
    window.close()


def test_without_a_logo_the_emblem_is_drawn(qtbot: QtBot, core_sqlite: Core) -> None:
    snapshots = SnapshotService.for_engine(core_sqlite.engine, core_sqlite.clock)
    window = render_display(
        snapshots=snapshots, clock=core_sqlite.clock, width=1920, height=1080, logo=b"not an image"
    )
    qtbot.addWidget(window)
    assert isinstance(window, DisplayWindow)
    assert not window.logo.has_logo
    window.close()


def test_the_media_area_loops_and_gives_way_to_a_new_call(
    qtbot: QtBot, core_sqlite: Core, tmp_path: Path
) -> None:
    (tmp_path / "1-welcome.png").write_bytes(png("#00A000", (320, 180)))
    (tmp_path / "2-skck.png").write_bytes(png("#0000A0", (180, 320)))
    (tmp_path / "notes.txt").write_text("not media")
    core = core_sqlite
    snapshots = SnapshotService.for_engine(core.engine, core.clock)
    window = DisplayWindow(core.clock, media_dir=tmp_path, media_seconds=3)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    start = core.hall.latest_seq()
    window.apply([], snapshots.display_snapshot())
    media = window.media
    assert media is not None and [p.name for p in media.files] == ["1-welcome.png", "2-skck.png"]
    assert media.isVisible()
    assert window.rect().contains(media.geometry())
    assert not media.geometry().intersects(window.call_panel.geometry())
    assert not media.geometry().intersects(window.recent.geometry())
    assert problems(window, floors(1080), size=(1920, 1080)) == []
    media.next()
    assert media.current is not None and media.current.name == "2-skck.png"
    core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=ADMIN)
    window.apply(core.hall.events_after(start), snapshots.display_snapshot())
    assert not media.isVisible()  # the call takes the room
    assert window.call_panel.flashing
    window._media_back()  # the call has been on screen long enough
    assert media.isVisible()
    window.close()


def test_media_is_off_by_default_and_read_from_the_display_section() -> None:
    assert Settings().display.media_path() is None
    chosen = Settings.model_validate({"display": {"media_dir": "/srv/antrean/media"}})
    assert chosen.display.media_path() == Path("/srv/antrean/media")
    assert DisplaySettings(media_dir="  ").media_path() is None


def test_an_empty_media_folder_leaves_the_layout_as_it_was(
    qtbot: QtBot, core_sqlite: Core, tmp_path: Path
) -> None:
    window = DisplayWindow(core_sqlite.clock, media_dir=tmp_path)
    qtbot.addWidget(window)
    assert window.media is None
    window.close()


def test_english_uses_the_halls_english_running_text_and_subtitle(
    qtbot: QtBot, core_sqlite: Core
) -> None:
    core = core_sqlite
    core.hall.update_hall_config(
        marquee="Layanan tanpa pungutan liar",
        marquee_en="No fees beyond the official tariff",
        subtitle_en="One-Stop Service Hall",
        actor=ADMIN,
    )
    core.queue.issue_ticket("A")
    core.queue.call_next(2, actor=ADMIN)
    core.queue.recall(2, actor=ADMIN)
    snapshots = SnapshotService.for_engine(core.engine, core.clock)
    window = render_display(
        snapshots=snapshots, clock=core.clock, width=1366, height=768, lang="en"
    )
    qtbot.addWidget(window)
    assert isinstance(window, DisplayWindow)
    assert window.marquee.text == "No fees beyond the official tariff"
    assert window.hall_subtitle.text() == "One-Stop Service Hall"
    assert (window.call_panel.heading.text(), window.call_panel.counter.text()) == (
        "CALLED AGAIN",
        "COUNTER 2",
    )
    assert window.tiles[1].title.text() == "COUNTER 2"
    assert window.chips[0].detail.text().startswith("0 waiting")
    assert problems(window, floors(768), size=(1366, 768)) == []
    window.close()
    indonesian = render_display(
        snapshots=snapshots, clock=core.clock, width=1366, height=768, lang="id"
    )
    qtbot.addWidget(indonesian)
    assert isinstance(indonesian, DisplayWindow)
    assert indonesian.marquee.text == "Layanan tanpa pungutan liar"
    assert indonesian.hall_subtitle.text() == "Pelayanan Terpadu Satu Pintu"
    indonesian.close()


def test_records_hq_lacks_are_shown_to_the_staff(qtbot: QtBot, core_sqlite: Core) -> None:
    """The display PC runs the sync: held records show in the staff line until resent."""
    from sqlalchemy.orm import Session

    from app.cli.gui_cmds import _sync_problem
    from app.storage.models import SyncState

    with Session(core_sqlite.engine) as session:
        session.add(SyncState(endpoint="https://hq.example/api", dead_letters=[]))
        session.commit()
    window = lobby_display(core_sqlite, sync_problem=_sync_problem(core_sqlite, "id"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    try:
        wait_for(qtbot, "the first snapshot", lambda: window.snapshot is not None, lambda: None)
        window._sync_runner.wait()
        qtbot.wait(50)
        assert window.sync_status.isHidden()  # HQ holds everything
        with Session(core_sqlite.engine) as session:
            state = session.get(SyncState, "https://hq.example/api")
            assert state is not None
            state.dead_letters = [{"seq": 7, "error": "refused"}, {"seq": 8, "error": "refused"}]
            session.commit()
        window.check_sync()
        wait_for(
            qtbot,
            "the line on screen",
            lambda: not window.sync_status.isHidden(),
            lambda: window.sync_status.text(),
        )
        assert window.sync_status.text().startswith("⚠ 2 data tertahan")
        assert problems(window, floors(768), size=(1366, 768)) == []
    finally:
        window.close()


def test_a_service_no_open_counter_serves_says_so_on_its_row(core_sqlite: Core) -> None:
    core_sqlite.setup.assign_services(1, ["A"], actor=ADMIN)
    for number in range(2, 6):
        core_sqlite.hall.close_counter(number, actor=ADMIN)
    core_sqlite.hall.pause_counter(1, actor=ADMIN)
    window = render_display(
        snapshots=core_sqlite.snapshots, clock=core_sqlite.clock, width=1366, height=768
    )
    try:
        rows = {chip.name.text(): chip.detail.text() for chip in window.chips if chip.isVisible()}
        assert rows["A · SIM"] == "0 menunggu  ·  belum ada loket buka"
    finally:
        window.close()


def test_a_row_with_nobody_waiting_still_gives_the_wait_of_a_shared_queue(
    core_sqlite: Core,
) -> None:
    core_sqlite.setup.assign_services(1, ["A", "B"], actor=ADMIN)
    for number in range(2, 6):
        core_sqlite.hall.close_counter(number, actor=ADMIN)
    for _ in range(3):
        core_sqlite.queue.issue_ticket("A")
    core_sqlite.queue.call_next(1, actor=ADMIN)
    window = render_display(
        snapshots=core_sqlite.snapshots, clock=core_sqlite.clock, width=1366, height=768
    )
    try:
        rows = {chip.name.text(): chip.detail.text() for chip in window.chips if chip.isVisible()}
        # B has nobody waiting, but counter 1 calls the two older A tickets first
        assert rows["B · SKCK"].startswith("0 menunggu  ·  ± ")
    finally:
        window.close()
