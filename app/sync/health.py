"""What the hall's HQ link lacks, in one sentence: for ``antrean doctor`` and status lines.

Reads the ``sync_state`` rows of the hall database (one per HQ endpoint) and says whether
records are held as dead letters (HQ lacks them) or HQ reported something the operator must
act on (another PC sending under this hall id; HQ lacked data it had acknowledged).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.domain.stored_text import read
from app.domain.wording import Bilingual
from app.i18n import N_
from app.storage.models import SyncState


@dataclass(frozen=True, slots=True)
class SyncHealth:
    ok: bool
    text: Bilingual

    def message(self, lang: str) -> str:
        return self.text.text(lang)


def sync_health(engine: Engine) -> SyncHealth | None:
    """None when this database never synced to HQ (sync not set up here)."""
    with Session(engine) as session:
        rows = session.scalars(select(SyncState)).all()
        if not rows:
            return None
        held = sum(len(r.dead_letters or []) for r in rows)
        notices = [r.notice for r in rows if r.notice]
    if held:
        held_back = N_(
            "{held} data tertahan, belum diterima server pusat (`antrean sync status`; "
            "setelah diperbaiki: `antrean sync resend`)"
        )
        return SyncHealth(False, Bilingual.of(held_back, held=held))
    notice = read(notices[0]) if notices else None
    if notice is not None:  # the sync worker's note, in the language asked for
        return SyncHealth(False, Bilingual.of(N_("server pusat: {notice}"), notice=notice))
    return SyncHealth(True, Bilingual.of(N_("pusat menerima semua data")))
