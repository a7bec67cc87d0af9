"""Where the shipped sounds live (source tree, installed package, or a frozen build)."""

from __future__ import annotations

import sys
from pathlib import Path


def sounds_dir() -> Path:
    """``resources/sounds``; inside a PyInstaller build it sits under ``sys._MEIPASS``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources" / "sounds"
    import resources

    return Path(resources.__file__).resolve().parent / "sounds"


def default_chime() -> Path:
    return sounds_dir() / "chime.wav"


def default_clip_dir(lang: str) -> Path:
    return sounds_dir() / "clips" / lang
