"""The speech queue: one announcement at a time, in call order, never blocking the caller."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.announcement import AnnouncementText, SpeechStyle
from app.domain.wording import Bilingual
from app.ports import Announcement, Announcer
from hardware.speech.clips import ClipEngine
from hardware.speech.errors import SpeechError
from hardware.speech.player import RecordingSink
from hardware.speech.queue import AnnouncementQueue


class RecordingEngine:
    """The real clip engine, recording every request; letter X tickets make it fail."""

    name = "recording-clips"
    voice = ""

    def __init__(self) -> None:
        self._clips = ClipEngine()
        self.texts: list[AnnouncementText] = []

    def synthesize(self, text: AnnouncementText, out_wav: Path) -> Path:
        self.texts.append(text)
        if "letter_x" in text.clips:
            raise SpeechError(Bilingual("Mesin suara rusak", "voice engine crashed"))
        return self._clips.synthesize(text, out_wav)

    def close(self) -> None:
        self._clips.close()


class Events:
    """What the queue told us, in order."""

    def __init__(self) -> None:
        self.started: list[Announcement] = []
        self.finished: list[Announcement] = []
        self.errors: list[tuple[Announcement, Exception]] = []

    def on_error(self, announcement: Announcement, exc: Exception) -> None:
        self.errors.append((announcement, exc))


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine()


@pytest.fixture
def events() -> Events:
    return Events()


def make_queue(
    engine: RecordingEngine, sink: RecordingSink, events: Events, **settings: object
) -> AnnouncementQueue:
    return AnnouncementQueue(
        engine,
        sink,
        settings=SpeechStyle(**settings),  # type: ignore[arg-type]
        on_error=events.on_error,
        on_started=events.started.append,
        on_finished=events.finished.append,
    )


@pytest.fixture
def closing() -> Iterator[list[AnnouncementQueue]]:
    queues: list[AnnouncementQueue] = []
    yield queues
    for q in queues:
        q.close(drain=False)


def test_a_burst_is_spoken_in_order_without_overlap(
    engine: RecordingEngine, events: Events, closing: list[AnnouncementQueue]
) -> None:
    sink = RecordingSink(time_scale=0.01)
    q: Announcer = make_queue(engine, sink, events, style="words")  # the port it implements
    assert isinstance(q, AnnouncementQueue)
    closing.append(q)
    calls = [Announcement(f"{'ABC'[i % 3]}-{i + 1:03d}", i % 7 + 1, seq=i) for i in range(20)]
    for call in calls:
        q.announce(call)
    assert q.wait_idle(30)
    assert events.errors == []
    assert events.started == calls
    assert events.finished == calls
    assert [r.path.name.split("-", 2)[2] for r in sink.records] == [
        f"{c.display}.wav" for c in calls
    ]
    for previous, current in zip(sink.records, sink.records[1:], strict=False):
        assert current.started >= previous.ended
    assert sink.max_concurrent == 1
    assert [t.sentence for t in engine.texts][4] == (
        "Nomor antrean B lima, silakan menuju loket lima."
    )
    assert all(r.duration > 3.0 for r in sink.records)  # chime + a whole sentence each


@pytest.mark.expect_log("announcement (X-002|not-a-ticket) failed", level="ERROR")
def test_a_failing_item_is_reported_and_the_rest_still_play(
    engine: RecordingEngine,
    events: Events,
    closing: list[AnnouncementQueue],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sink = RecordingSink()
    q = make_queue(engine, sink, events)
    closing.append(q)
    calls = [
        Announcement("A-001", 1),
        Announcement("X-002", 2),  # the engine fails on it
        Announcement("not-a-ticket", 3),  # the text cannot be built
        Announcement("A-004", 4),
    ]
    for call in calls:
        q.announce(call)
    assert q.wait_idle(30)
    assert [(a.display, type(e).__name__) for a, e in events.errors] == [
        ("X-002", "SpeechError"),
        ("not-a-ticket", "ValueError"),
    ]
    assert [a.display for a in events.finished] == ["A-001", "A-004"]
    assert len(sink.records) == 2
    assert "X-002 failed: voice engine crashed" in caplog.text
    assert "not-a-ticket failed" in caplog.text


def test_announce_returns_while_the_speaker_is_busy(
    engine: RecordingEngine, events: Events, closing: list[AnnouncementQueue]
) -> None:
    gate = threading.Event()
    sink = RecordingSink(gate=gate)
    q = make_queue(engine, sink, events)
    closing.append(q)
    q.announce(Announcement("A-001", 1))
    assert sink.playing.wait(10)  # the first call is now "being spoken" and held there
    for n in range(2, 6):
        q.announce(Announcement(f"A-{n:03d}", n))  # each returns although the sink is held
    assert q.pending() == 5
    assert sink.records == []
    assert not gate.is_set()
    gate.set()
    assert q.wait_idle(30)
    assert [a.display for a in events.finished] == [f"A-{n:03d}" for n in range(1, 6)]


def test_voices_are_cached_per_text(
    engine: RecordingEngine, events: Events, closing: list[AnnouncementQueue]
) -> None:
    sink = RecordingSink()
    q = make_queue(engine, sink, events, repeat=2)
    closing.append(q)
    for call in [Announcement("A-001", 1)] * 3 + [Announcement("A-001", 1, recall=True)]:
        q.announce(call)
    assert q.wait_idle(30)
    assert len(sink.records) == 4
    assert len(engine.texts) == 2  # once plain, once the recall
    assert engine.texts[1].sentence.startswith("Panggilan ulang")
    assert sink.records[3].duration > sink.records[0].duration


@pytest.mark.expect_log("speech queue closed: .* not spoken")
def test_close_drains_or_drops(
    engine: RecordingEngine, events: Events, caplog: pytest.LogCaptureFixture
) -> None:
    sink = RecordingSink()
    q = make_queue(engine, sink, events)
    for n in range(1, 4):
        q.announce(Announcement(f"A-{n:03d}", 1))
    q.close()  # drains
    assert len(sink.records) == 3
    with pytest.raises(RuntimeError, match="after close"):
        q.announce(Announcement("A-004", 1))

    gate = threading.Event()
    held = RecordingSink(gate=gate)
    q2 = make_queue(engine, held, events)
    for n in range(1, 6):
        q2.announce(Announcement(f"B-{n:03d}", 1))
    assert held.playing.wait(10)
    closer = threading.Thread(target=q2.close, kwargs={"drain": False})
    closer.start()
    deadline = time.monotonic() + 10
    while q2.pending() > 1 and time.monotonic() < deadline:
        time.sleep(0.005)  # until close() has taken the four queued calls off
    gate.set()
    closer.join(10)
    assert not closer.is_alive()
    assert len(held.records) == 1  # the one being spoken was finished, not cut off
    assert "4 queued announcements not spoken" in caplog.text


@pytest.mark.expect_log("speech callback .* failed", level="ERROR")
def test_a_failing_callback_does_not_stop_the_queue(
    engine: RecordingEngine, closing: list[AnnouncementQueue], caplog: pytest.LogCaptureFixture
) -> None:
    def explode(announcement: Announcement) -> None:
        raise RuntimeError(f"display for {announcement.display} is gone")

    sink = RecordingSink()
    q = AnnouncementQueue(engine, sink, on_started=explode)
    closing.append(q)
    q.announce(Announcement("A-001", 1))
    q.announce(Announcement("A-002", 1))
    assert q.wait_idle(30)
    assert len(sink.records) == 2
    assert "display for A-002 is gone" in caplog.text
