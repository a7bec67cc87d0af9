"""Priority tickets in a configured ratio, never starving either kind.

UU 25/2009 asks for special treatment of the elderly, people with disabilities, pregnant
women and children. A counter alternates runs: up to ``priority`` priority tickets, then up
to ``regular`` regular tickets, while both kinds wait. When only one kind waits, it is taken.

The ratio is the hall's, unless a counter has its own (``Counter.priority_ratio``): then that
counter's calls and every wait estimate that plays that counter forward use its own
(``effective_ratio``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RATIO = re.compile(r"^\s*(\d{1,2})\s*:\s*(\d{1,2})\s*$")
RATIO_MAX = 10  # either side of a configured ratio


@dataclass(frozen=True, slots=True)
class PriorityRatio:
    priority: int = 1
    regular: int = 2

    def __post_init__(self) -> None:
        if self.priority < 1 or self.regular < 1:
            raise ValueError("both sides of the priority ratio must be at least 1")

    @classmethod
    def parse(cls, text: str) -> PriorityRatio:
        match = _RATIO.match(text)
        if match is None:
            raise ValueError(f"priority ratio must look like 1:2, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def setting(cls, text: str) -> PriorityRatio:
        """A ratio as a hall or counter setting: ``parse`` with both sides 1–``RATIO_MAX``."""
        ratio = cls.parse(text)
        if ratio.priority > RATIO_MAX or ratio.regular > RATIO_MAX:
            raise ValueError("out of range")
        return ratio

    def __str__(self) -> str:
        return f"{self.priority}:{self.regular}"


def effective_ratio(hall: PriorityRatio, own: str | None) -> PriorityRatio:
    """The ratio a counter calls by: its own when it has one (stored text), else the hall's."""
    if not own:
        return hall
    try:
        return PriorityRatio.parse(own)
    except ValueError:  # stored values are validated; an unreadable one falls back
        return hall


@dataclass(frozen=True, slots=True)
class Streak:
    """What a counter called last: the kind and how many of it in a row."""

    last_priority: bool | None = None
    length: int = 0

    def after(self, priority: bool) -> Streak:
        if self.last_priority is priority:
            return Streak(priority, self.length + 1)
        return Streak(priority, 1)


def choose_priority(
    ratio: PriorityRatio, streak: Streak, has_priority: bool, has_regular: bool
) -> bool | None:
    """True to call a priority ticket, False for regular, None when nothing waits."""
    if not (has_priority or has_regular):
        return None
    if has_priority != has_regular:
        return has_priority
    if streak.last_priority is None:
        return True
    if streak.last_priority:
        return streak.length < ratio.priority
    return streak.length >= ratio.regular
