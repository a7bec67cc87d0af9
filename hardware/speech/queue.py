"""The hall's voice: announcements spoken one at a time, in call order, off the caller's thread.

``AnnouncementQueue`` implements ``app.ports.Announcer``. ``announce`` only enqueues; one worker
thread builds each WAV (text -> cached voice -> chime + voice) and plays it through the sink,
waiting for the end before the next. A failing item is logged and passed to ``on_error``; the
worker then goes on with the next one. Callbacks run on the worker thread (bridge them to the
GUI with a queued signal). ``watch`` adds listeners after construction (``ReportingAnnouncer``):
a window that shows failed announcements to the staff subscribes there. A sink that plays
nothing (``NullSink``, no audio device) counts as a failure for those listeners.

``volume`` (this PC's ``[speech] volume``, percent) scales every announcement, chime included
(``compose_announcement``). 0 means the hall muted this PC: nothing is synthesised or played,
``on_started``/``on_finished`` still run (the display shows the call as usual), and neither a
failure nor a spoken call is reported to the watchers.
"""

from __future__ import annotations

import itertools
import logging
import queue
import re
import threading
from collections.abc import Callable
from pathlib import Path

from app.domain.announcement import SpeechStyle
from app.domain.errors import KnownError
from app.domain.wording import Bilingual
from app.i18n import N_
from app.ports import Announcement, AnnouncementFailure
from hardware.speech.announce import AnnouncementRenderer
from hardware.speech.engines import SpeechEngine
from hardware.speech.paths import default_chime
from hardware.speech.player import AudioSink
from hardware.speech.wavio import volume_gain

log = logging.getLogger(__name__)

ErrorCallback = Callable[[Announcement, Exception], None]
AnnouncementCallback = Callable[[Announcement], None]
FailureCallback = Callable[[AnnouncementFailure], None]

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


class AnnouncementQueue:
    """FIFO speech worker. Callbacks: ``on_started`` just before a call is played,
    ``on_finished`` after it was played (also when playing failed), ``on_error`` for any failure.
    """

    def __init__(
        self,
        engine: SpeechEngine,
        sink: AudioSink,
        *,
        settings: SpeechStyle | None = None,
        chime: Path | None = None,
        use_chime: bool = True,
        cache_dir: Path | None = None,
        on_error: ErrorCallback | None = None,
        on_started: AnnouncementCallback | None = None,
        on_finished: AnnouncementCallback | None = None,
        volume: int = 100,
    ) -> None:
        chime_path = (chime or default_chime()) if use_chime else None
        self._renderer = AnnouncementRenderer(
            engine, chime=chime_path, settings=settings, cache_dir=cache_dir, volume=volume
        )
        self._muted = volume_gain(volume) == 0
        if self._muted:
            log.info("speaker volume 0: announcements are muted, calls only show on screen")
        self._sink = sink
        self._on_error = on_error
        self._on_started = on_started
        self._on_finished = on_finished
        self._items: queue.SimpleQueue[tuple[int, Announcement] | None] = queue.SimpleQueue()
        self._numbers = itertools.count(1)
        self._pending = 0
        self._idle = threading.Condition()
        self._closed = False
        self._watchers: list[tuple[FailureCallback, AnnouncementCallback | None]] = []
        self._silent_logged = False
        self._worker = threading.Thread(target=self._run, name="antrean-speech", daemon=True)
        self._worker.start()

    # -- caller side ---------------------------------------------------------------------------

    def announce(self, announcement: Announcement) -> None:
        """Queue ``announcement``; returns at once."""
        with self._idle:
            if self._closed:
                raise RuntimeError("announce() after close()")
            self._pending += 1
        self._items.put((next(self._numbers), announcement))

    def watch(
        self, on_failed: FailureCallback, on_spoken: AnnouncementCallback | None = None
    ) -> None:
        """Report every later failed (and, with ``on_spoken``, played) announcement; the
        callbacks run on the speech worker's thread."""
        with self._idle:
            self._watchers.append((on_failed, on_spoken))

    def pending(self) -> int:
        """Announcements queued or being spoken."""
        with self._idle:
            return self._pending

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far has been spoken; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, drain: bool = True, timeout: float | None = 30.0) -> None:
        """Stop the worker: after speaking what is queued (``drain``) or after the current one.

        The engine is not closed; it belongs to whoever built it.
        """
        with self._idle:
            if self._closed:
                return
            self._closed = True
        if not drain:
            dropped = self._drop_queued()
            if dropped:
                log.warning("speech queue closed: %d queued announcements not spoken", dropped)
        self._items.put(None)  # stop mark
        self._worker.join(timeout)
        if self._worker.is_alive():
            log.warning("speech worker still busy after %.0f s; leaving it to finish", timeout)
            return
        self._renderer.close()

    def _drop_queued(self) -> int:
        dropped = 0
        while True:
            try:
                self._items.get_nowait()
            except queue.Empty:
                break
            dropped += 1
        self._done(dropped)
        return dropped

    def _done(self, count: int = 1) -> None:
        with self._idle:
            self._pending -= count
            self._idle.notify_all()

    # -- worker side ---------------------------------------------------------------------------

    def _run(self) -> None:
        while (item := self._items.get()) is not None:
            number, announcement = item
            try:
                self._speak(number, announcement)
            finally:
                self._done()

    def _speak(self, number: int, announcement: Announcement) -> None:
        if self._muted:
            self._call(self._on_started, announcement)
            self._call(self._on_finished, announcement)
            return
        safe_display = _UNSAFE.sub("_", announcement.display)[:16]
        out = self._renderer.work_dir / f"call-{number:06d}-{safe_display}.wav"
        started = False
        try:
            self._renderer.render(
                announcement.display, announcement.counter_number, out, recall=announcement.recall
            )
            started = True
            self._call(self._on_started, announcement)
            self._sink.play(out)
            if getattr(self._sink, "audible", True):
                self._tell_spoken(announcement)
            else:
                self._silent(announcement)
        except KnownError as exc:
            log.error("announcement %s failed: %s", announcement.display, exc.message_en)
            self._report(announcement, exc)
        except Exception as exc:  # a bug or a bad announcement: logged with traceback, reported
            log.exception("announcement %s failed", announcement.display)
            self._report(announcement, exc)
        finally:
            out.unlink(missing_ok=True)
        if started:
            self._call(self._on_finished, announcement)

    def _silent(self, announcement: Announcement) -> None:
        if not self._silent_logged:
            log.info("no audio output: announcements are not heard")
            self._silent_logged = True
        self._tell_failed(
            AnnouncementFailure(
                announcement,
                Bilingual.of(N_("Tidak ada perangkat suara: panggilan tidak terdengar")),
            )
        )

    def _tell_failed(self, failure: AnnouncementFailure) -> None:
        with self._idle:
            watchers = list(self._watchers)
        for on_failed, _ in watchers:
            try:
                on_failed(failure)
            except Exception:
                log.exception("speech failure listener failed")

    def _tell_spoken(self, announcement: Announcement) -> None:
        with self._idle:
            watchers = list(self._watchers)
        for _, on_spoken in watchers:
            self._call(on_spoken, announcement)

    def _report(self, announcement: Announcement, exc: Exception) -> None:
        if isinstance(exc, KnownError):
            why = Bilingual.both(exc.message)
        else:  # a bug: its class and text as Python gives them, the same in either language
            shown = f"{type(exc).__name__}: {exc}"
            why = Bilingual.data(shown, shown)
        self._tell_failed(AnnouncementFailure(announcement, why))
        if self._on_error is not None:
            try:
                self._on_error(announcement, exc)
            except Exception:
                log.exception("speech on_error callback failed")

    def _call(self, callback: AnnouncementCallback | None, announcement: Announcement) -> None:
        if callback is None:
            return
        try:
            callback(announcement)
        except Exception:
            log.exception("speech callback %r failed", callback)
