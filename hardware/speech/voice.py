"""A voice an engine offers, as ``[speech] voice`` names it and the admin window lists it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Voice:
    """``id`` as written in ``[speech] voice`` (``id+f3``, a pyttsx3 voice id); ``label``
    as shown in a list."""

    id: str
    label: str
