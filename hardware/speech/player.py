"""Audio sinks: play one WAV and return when it has finished (called from the speech worker).

* ``SubprocessSink`` - paplay / aplay / ffplay on Linux (or an explicit player).
* ``WinsoundSink``   - ``winsound.PlaySound`` on Windows.
* ``NullSink``       - checks the file and plays nothing (preview, headless demo).
* ``RecordingSink``  - records what was played and when (tests), optionally taking time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.i18n import N_
from hardware.speech.errors import SpeechError
from hardware.speech.wavio import verify_wav

PLAYERS: dict[str, list[str]] = {
    "paplay": ["paplay"],
    "aplay": ["aplay", "-q"],
    "ffplay": ["ffplay", "-nodisp", "-autoexit", "-loglevel", "error"],
}


@runtime_checkable
class AudioSink(Protocol):
    def play(self, wav: Path) -> None:
        """Play ``wav`` and return when it has finished; raise ``SpeechError`` on failure."""
        ...


def _play_error(what: str, detail: str) -> SpeechError:
    return SpeechError(N_("Suara gagal diputar ({what}): {detail}"), what=what, detail=detail)


class SubprocessSink:
    """Plays through a command-line player; the first of paplay, aplay, ffplay found."""

    def __init__(
        self,
        player: str | None = None,
        *,
        device: str | None = None,
        extra_timeout_s: float = 10.0,
    ) -> None:
        names = [player] if player else list(PLAYERS)
        for name in names:
            exe = shutil.which(name)
            if exe is not None:
                self.player = name
                self._argv = [exe, *PLAYERS.get(name, [name])[1:]]
                break
        else:
            raise SpeechError(
                N_("Pemutar suara tidak ditemukan (paplay, aplay atau ffplay)."),
                value=", ".join(names),
            )
        if device is not None:
            self._argv += ["-D", device] if self.player == "aplay" else [f"--device={device}"]
        self._extra_timeout_s = extra_timeout_s

    def play(self, wav: Path) -> None:
        info = verify_wav(wav)
        try:
            done = subprocess.run(
                [*self._argv, str(wav)],
                capture_output=True,
                text=True,
                timeout=info.duration + self._extra_timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise _play_error(self.player, f"no end after {exc.timeout:.0f} s") from exc
        except OSError as exc:
            raise _play_error(self.player, str(exc)) from exc
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            detail = lines[-1] if lines else f"exit code {done.returncode}"
            raise _play_error(" ".join([self.player, *self._argv[1:]]), detail)


class WinsoundSink:
    """Windows: ``PlaySound(path, SND_FILENAME)`` blocks until the sound has played."""

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise SpeechError(N_("winsound hanya ada di Windows."))

    def play(self, wav: Path) -> None:
        verify_wav(wav)
        if sys.platform == "win32":  # narrows the platform for type checkers
            import winsound

            try:
                winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_NODEFAULT)
            except RuntimeError as exc:
                raise _play_error("winsound", str(exc)) from exc


class NullSink:
    """Plays nothing, but still refuses a broken file.

    ``audible`` is False: the speech queue reports every announcement through it as not
    heard, so a display whose PC has no audio output says so to the staff.
    """

    audible = False

    def play(self, wav: Path) -> None:
        verify_wav(wav)


@dataclass(frozen=True, slots=True)
class PlayRecord:
    path: Path
    started: float  # time.monotonic()
    ended: float
    duration: float  # of the WAV, seconds


class RecordingSink:
    """A speaker for tests: records each play; takes ``time_scale`` x the real duration.

    ``gate``, when given, holds every play until it is set, so a test can keep the sink busy
    for exactly as long as it needs; ``playing`` is set whenever a play has begun.
    """

    def __init__(self, time_scale: float = 0.0, gate: threading.Event | None = None) -> None:
        self.time_scale = time_scale
        self.gate = gate
        self.playing = threading.Event()
        self.records: list[PlayRecord] = []
        self._lock = threading.Lock()
        self._active = 0
        self.max_concurrent = 0

    def play(self, wav: Path) -> None:
        started = time.monotonic()
        with self._lock:
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)
        self.playing.set()
        try:
            info = verify_wav(wav)
            if self.gate is not None:
                self.gate.wait()
            if self.time_scale > 0:
                time.sleep(info.duration * self.time_scale)
        finally:
            with self._lock:
                self._active -= 1
        self.records.append(PlayRecord(wav, started, time.monotonic(), info.duration))
