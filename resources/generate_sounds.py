"""Generate the shipped sounds: the chime and the default clip sets (Indonesian and English).

    python -m resources.generate_sounds            # chime + clips (needs espeak-ng)
    python -m resources.generate_sounds --chime-only

Clips are spoken by espeak-ng (voice ``id`` / ``en``), trimmed of silence and stored as
22050 Hz mono 16-bit WAV in ``resources/sounds/clips/<lang>/<key>.wav``; the keys come from
``app.domain.announcement.clip_words``. A hall can replace any of them with its own recording.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from app.domain.announcement import LANGS, clip_words
from hardware.speech.chime import write_chime
from hardware.speech.wavio import SAMPLE_RATE, read_pcm, resample, trim_silence, write_pcm

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parent / "sounds"
WORDS_PER_MINUTE = 150


def _espeak() -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise SystemExit("espeak-ng is needed to generate the clips (apt install espeak-ng)")
    return exe


def speak_clip(exe: str, words: str, lang: str, out: Path, tmp: Path) -> Path:
    """Say ``words`` with espeak-ng, trim the silence, write 22050 Hz mono 16-bit."""
    raw = tmp / "raw.wav"
    cmd = [exe, "-v", lang, "-s", str(WORDS_PER_MINUTE), "-w", str(raw), words]
    subprocess.run(cmd, check=True, capture_output=True, timeout=30)
    pcm = trim_silence(resample(read_pcm(raw), SAMPLE_RATE))
    if not pcm.samples:
        raise RuntimeError(f"espeak-ng produced silence for {words!r} ({lang})")
    return write_pcm(out, pcm)


def generate_clips(base: Path, langs: tuple[str, ...] = LANGS) -> int:
    exe = _espeak()
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang in langs:
            target = base / lang
            target.mkdir(parents=True, exist_ok=True)
            for key, words in sorted(clip_words(lang).items()):
                speak_clip(exe, words, lang, target / f"{key}.wav", Path(tmp))
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SOUNDS_DIR, help="sounds directory")
    parser.add_argument("--chime-only", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    chime = write_chime(args.out / "chime.wav")
    log.info("wrote %s", chime)
    if not args.chime_only:
        count = generate_clips(args.out / "clips")
        log.info("wrote %d clips under %s", count, args.out / "clips")
    return 0


if __name__ == "__main__":
    sys.exit(main())
