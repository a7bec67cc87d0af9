"""Small WAV toolkit in plain Python: read, check, convert, join, write.

Everything is worked on as mono 16-bit PCM (``Pcm``) at some sample rate; readers convert
8/24/32-bit and multi-channel files into that form, ``resample`` changes the rate by linear
interpolation. That is plenty for speech and chimes played through hall speakers.
"""

from __future__ import annotations

import logging
import math
import sys
import wave
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.i18n import N_
from hardware.speech.errors import SpeechError

log = logging.getLogger(__name__)

SAMPLE_RATE = 22050
"""The rate of the shipped chime and clips, and the default output rate."""

MIN_DURATION_S = 0.3
SILENCE_RMS = 30.0
"""RMS (on the 16-bit scale, full scale 32767) below which a sound counts as silent."""


@dataclass(frozen=True, slots=True)
class Pcm:
    """Mono signed 16-bit samples at ``rate`` Hz."""

    rate: int
    samples: array[int]

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


@dataclass(frozen=True, slots=True)
class WavInfo:
    rate: int
    channels: int
    width: int  # bytes per sample
    frames: int
    rms: float  # of the mono 16-bit form

    @property
    def duration(self) -> float:
        return self.frames / self.rate


def _error(path: Path, id_text: str, en_text: str) -> SpeechError:
    return SpeechError(
        N_("Berkas suara {path}: {id_text}"), path=path, id_text=id_text, en_text=en_text
    )


def _to_16bit(data: bytes, width: int) -> array[int]:
    if width == 2:
        raw = bytes(data)
    elif width == 1:  # unsigned 8-bit
        raw = array("h", [(b - 128) << 8 for b in data]).tobytes()
        return raw_to_samples(raw, native=True)
    elif width in (3, 4):  # keep the two most significant bytes of each little-endian sample
        out = bytearray(len(data) // width * 2)
        out[0::2] = data[width - 2 :: width]
        out[1::2] = data[width - 1 :: width]
        raw = bytes(out)
    else:
        raise ValueError(f"unsupported sample width {width}")
    return raw_to_samples(raw)


def raw_to_samples(raw: bytes, *, native: bool = False) -> array[int]:
    """Little-endian (WAV) 16-bit bytes to an ``array('h')``."""
    samples = array("h")
    samples.frombytes(raw[: len(raw) // 2 * 2])
    if not native and sys.byteorder == "big":
        samples.byteswap()
    return samples


def samples_to_raw(samples: array[int]) -> bytes:
    if sys.byteorder == "big":
        swapped = array("h", samples)
        swapped.byteswap()
        return swapped.tobytes()
    return samples.tobytes()


def _mixdown(samples: array[int], channels: int) -> array[int]:
    if channels == 1:
        return samples
    columns = [samples[c::channels] for c in range(channels)]
    return array("h", [sum(frame) // channels for frame in zip(*columns, strict=False)])


def _open(path: Path) -> tuple[wave._wave_params, bytes]:
    if not path.is_file():
        raise _error(path, "tidak ada", "does not exist")
    try:
        with wave.open(str(path), "rb") as wav:
            params = wav.getparams()
            data = wav.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        raise _error(
            path, f"bukan WAV PCM yang sah ({exc})", f"not a valid PCM WAV ({exc})"
        ) from exc
    expected = params.nframes * params.sampwidth * params.nchannels
    if len(data) != expected:
        raise _error(
            path,
            f"tidak lengkap ({len(data)} dari {expected} bita)",
            f"incomplete ({len(data)} of {expected} bytes of audio)",
        )
    if params.sampwidth not in (1, 2, 3, 4) or params.framerate <= 0:
        raise _error(path, "format tidak didukung", f"unsupported format {params}")
    return params, data


def read_pcm(path: Path) -> Pcm:
    """Read any PCM WAV as mono 16-bit."""
    params, data = _open(path)
    samples = _mixdown(_to_16bit(data, params.sampwidth), params.nchannels)
    return Pcm(params.framerate, samples)


def rms(samples: Iterable[int]) -> float:
    total = 0
    count = 0
    for value in samples:
        total += value * value
        count += 1
    return math.sqrt(total / count) if count else 0.0


def verify_wav(
    path: Path, *, min_duration: float = MIN_DURATION_S, min_rms: float = SILENCE_RMS
) -> WavInfo:
    """Check ``path`` is a complete, audible WAV; raise ``SpeechError`` saying why not."""
    params, data = _open(path)
    samples = _mixdown(_to_16bit(data, params.sampwidth), params.nchannels)
    info = WavInfo(
        params.framerate, params.nchannels, params.sampwidth, params.nframes, rms(samples)
    )
    if info.duration < min_duration:
        raise _error(
            path,
            f"terlalu pendek ({info.duration:.2f} dtk)",
            f"too short ({info.duration:.2f} s, expected at least {min_duration:.2f} s)",
        )
    if info.rms < min_rms:
        raise _error(path, "senyap", f"silent (RMS {info.rms:.1f} < {min_rms:.1f})")
    return info


def resample(pcm: Pcm, rate: int) -> Pcm:
    """Linear-interpolation resampling to ``rate``."""
    if rate == pcm.rate or not pcm.samples:
        return Pcm(rate, array("h", pcm.samples))
    src = pcm.samples
    last = len(src) - 1
    step = pcm.rate / rate
    count = max(1, round(len(src) * rate / pcm.rate))
    out = array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = src[last]
            continue
        frac = pos - j
        out[i] = int(src[j] + (src[j + 1] - src[j]) * frac)
    return Pcm(rate, out)


def silence(rate: int, seconds: float) -> array[int]:
    return array("h", bytes(2 * max(0, round(rate * seconds))))


def concat(parts: Iterable[Pcm], rate: int, gaps: Iterable[float] = ()) -> Pcm:
    """Join ``parts`` at ``rate``; ``gaps[i]`` seconds of silence go before part ``i + 1``."""
    out = array("h")
    gap_list = list(gaps)
    for index, part in enumerate(parts):
        if index:
            gap = gap_list[index - 1] if index - 1 < len(gap_list) else 0.0
            out.extend(silence(rate, gap))
        out.extend(resample(part, rate).samples if part.rate != rate else part.samples)
    return Pcm(rate, out)


def trim_silence(pcm: Pcm, *, threshold: int = 300, pad_s: float = 0.02) -> Pcm:
    """Cut leading and trailing near-silence, keeping ``pad_s`` seconds either side."""
    samples = pcm.samples
    loud = [i for i, value in enumerate(samples) if abs(value) >= threshold]
    if not loud:
        return Pcm(pcm.rate, array("h"))
    pad = round(pcm.rate * pad_s)
    start = max(0, loud[0] - pad)
    end = min(len(samples), loud[-1] + 1 + pad)
    return Pcm(pcm.rate, samples[start:end])


def volume_gain(volume: int) -> float:
    """The sample gain for a speaker volume in percent: linear, 100 -> 1.0, 50 -> 0.5, 0 -> 0.0.

    Values outside 0-100 are clamped, so no volume ever amplifies (and clips) the sound.
    """
    return min(100, max(0, volume)) / 100


def scale(pcm: Pcm, gain: float) -> Pcm:
    """``pcm`` with every sample multiplied by ``gain`` (rounded, held within 16 bits)."""
    if gain == 1.0:
        return pcm
    out = array("h", [max(-32768, min(32767, round(v * gain))) for v in pcm.samples])
    return Pcm(pcm.rate, out)


def write_pcm(path: Path, pcm: Pcm) -> Path:
    """Write mono 16-bit WAV atomically (a temporary name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with wave.open(str(partial), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(pcm.rate)
        wav.writeframes(samples_to_raw(pcm.samples))
    partial.replace(path)
    return path
