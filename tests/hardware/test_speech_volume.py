"""This PC's speaker volume (``[speech] volume``): a linear gain on every announcement's samples,
chime included, the same for every engine; 0 mutes, nothing ever clips."""

from __future__ import annotations

import shutil
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.announcement import announcement_text
from app.ports import Announcement, AnnouncementFailure
from hardware.speech.announce import AnnouncementRenderer, build_announcement_wav
from hardware.speech.chime import CHIME_SECONDS
from hardware.speech.clips import ClipEngine
from hardware.speech.compose import compose_announcement
from hardware.speech.engines import EspeakEngine, SpeechEngine
from hardware.speech.errors import SpeechError, SpeechMuted
from hardware.speech.paths import default_chime
from hardware.speech.player import RecordingSink
from hardware.speech.pyttsx3_engine import Pyttsx3Engine
from hardware.speech.queue import AnnouncementQueue
from hardware.speech.wavio import Pcm, read_pcm, rms, scale, volume_gain

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt espeak-ng)"
)

# Halving is exact up to the rounding of each sample to an integer (at most 0.5 of a step on
# peaks of thousands of steps), so 1 % leaves plenty of room and still catches a wrong scale.
TOLERANCE = 0.01


def peak(samples: array[int]) -> int:
    return max(abs(v) for v in samples)


def espeak() -> SpeechEngine:
    return EspeakEngine()


def clips() -> SpeechEngine:
    return ClipEngine()


def pyttsx3() -> SpeechEngine:
    try:
        return Pyttsx3Engine()
    except SpeechError as exc:  # e.g. Linux without libespeak-ng1
        pytest.skip(f"pyttsx3 cannot start on this machine: {exc.message_en}")


def render(engine: SpeechEngine, out: Path, volume: int, *, chime: bool = True) -> Pcm:
    build_announcement_wav(
        "A-005",
        3,
        engine=engine,
        chime=default_chime() if chime else None,
        out=out,
        volume=volume,
    )
    return read_pcm(out)


@pytest.mark.parametrize(
    "make", [pytest.param(espeak, marks=needs_espeak), clips, pytest.param(pyttsx3)]
)
def test_volume_50_halves_peak_and_rms_for_every_engine(
    tmp_path: Path, make: Callable[[], SpeechEngine]
) -> None:
    engine = make()
    # one renderer: the voice is synthesised once (pyttsx3's timing varies between runs) and
    # the two volumes scale the same samples
    renderer = AnnouncementRenderer(engine, chime=default_chime(), cache_dir=tmp_path / "cache")
    try:
        full = read_pcm(renderer.render("A-005", 3, tmp_path / "full.wav"))
        renderer.volume = 50
        half = read_pcm(renderer.render("A-005", 3, tmp_path / "half.wav"))
    finally:
        engine.close()
    assert len(full.samples) == len(half.samples)
    assert peak(half.samples) / peak(full.samples) == pytest.approx(0.5, abs=TOLERANCE)
    assert rms(half.samples) / rms(full.samples) == pytest.approx(0.5, abs=TOLERANCE)
    # the chime at the start is scaled as well, not only the voice
    chime_end = round(full.rate * CHIME_SECONDS)
    ratio = peak(half.samples[:chime_end]) / peak(full.samples[:chime_end])
    assert ratio == pytest.approx(0.5, abs=TOLERANCE)


@needs_espeak
def test_espeak_voice_alone_follows_the_volume(tmp_path: Path) -> None:
    engine = EspeakEngine()
    levels = {v: render(engine, tmp_path / f"v{v}.wav", v, chime=False) for v in (100, 50, 25)}
    full = rms(levels[100].samples)
    assert full > 500  # real speech, not near-silence
    assert rms(levels[50].samples) / full == pytest.approx(0.5, abs=TOLERANCE)
    assert rms(levels[25].samples) / full == pytest.approx(0.25, abs=TOLERANCE)


def test_volume_zero_is_refused_before_any_synthesis(tmp_path: Path) -> None:
    class Untouchable:
        name = "untouchable"

        def synthesize(self, text: object, out_wav: Path) -> Path:
            raise AssertionError("a muted PC must not synthesise")

        def close(self) -> None: ...

    out = tmp_path / "call.wav"
    with pytest.raises(SpeechMuted, match="volume is 0") as caught:
        build_announcement_wav("A-005", 3, engine=Untouchable(), chime=None, out=out, volume=0)
    assert "dimatikan" in caught.value.message("id")
    assert caught.value.exit_code == 8  # a hardware refusal, as any speech error
    assert not out.exists()
    voice = ClipEngine().synthesize(announcement_text("A-005", 3), tmp_path / "voice.wav")
    with pytest.raises(SpeechMuted):
        compose_announcement(default_chime(), voice, out, volume=0)


def test_a_very_low_volume_is_quiet_not_refused_as_silent(tmp_path: Path) -> None:
    engine = ClipEngine()
    full = render(engine, tmp_path / "full.wav", 100)
    quiet = render(engine, tmp_path / "quiet.wav", 1)
    assert rms(quiet.samples) / rms(full.samples) == pytest.approx(0.01, abs=0.002)


def test_above_100_is_clamped_and_full_scale_never_clips(tmp_path: Path) -> None:
    assert [volume_gain(v) for v in (-5, 0, 50, 100, 150)] == [0.0, 0.0, 0.5, 1.0, 1.0]
    engine = ClipEngine()
    full = render(engine, tmp_path / "full.wav", 100)
    over = render(engine, tmp_path / "over.wav", 150)
    assert over.samples == full.samples
    extremes = Pcm(22050, array("h", [32767, -32768, 0, 12345, -12345]))
    assert scale(extremes, 1.0).samples == extremes.samples
    assert list(scale(extremes, 0.5).samples) == [16384, -16384, 0, 6172, -6172]
    assert list(scale(extremes, 1.5).samples) == [32767, -32768, 0, 18518, -18518]  # held


def test_a_muted_queue_plays_nothing_but_still_runs_the_display_callbacks() -> None:
    sink = RecordingSink()
    started: list[Announcement] = []
    finished: list[Announcement] = []
    failures: list[AnnouncementFailure] = []
    spoken: list[Announcement] = []
    engine = ClipEngine()
    queue = AnnouncementQueue(
        engine, sink, volume=0, on_started=started.append, on_finished=finished.append
    )
    queue.watch(failures.append, spoken.append)
    calls = [Announcement("A-001", 1), Announcement("B-002", 2, recall=True)]
    for call in calls:
        queue.announce(call)
    assert queue.wait_idle(10)
    queue.close()
    assert sink.records == []
    assert started == calls and finished == calls
    assert failures == [] and spoken == []


def test_the_queue_plays_at_the_configured_volume(tmp_path: Path) -> None:
    played: dict[int, Pcm] = {}

    class CopySink:
        def __init__(self, volume: int) -> None:
            self.volume = volume

        def play(self, wav: Path) -> None:
            played[self.volume] = read_pcm(wav)

    engine = ClipEngine()
    for volume in (100, 50):
        queue = AnnouncementQueue(
            engine, CopySink(volume), cache_dir=tmp_path / f"q{volume}", volume=volume
        )
        queue.announce(Announcement("A-005", 3))
        assert queue.wait_idle(10)
        queue.close()
    assert peak(played[50].samples) / peak(played[100].samples) == pytest.approx(0.5, abs=TOLERANCE)
