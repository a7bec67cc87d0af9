"""The sync worker's notices and errors are stored as catalog texts and read in each
reader's language; a plain string stored before reads as it is."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.stored_text import read, store, store_error
from app.storage.models import SyncState
from app.sync.errors import HqRateLimited, HqUnreachable
from app.sync.health import sync_health
from app.sync.worker import CONCURRENT_NOTICE, FORK_NOTICES, LACKED_NOTICES
from tests.sync.hall import new_hall


def test_a_notice_reads_in_both_languages() -> None:
    lacked = read(store(LACKED_NOTICES["event"], key=42))
    assert lacked is not None
    assert (
        lacked.text("id")
        == "pusat tidak lagi memiliki peristiwa yang sudah diakuinya, mulai nomor 42"
    )
    assert lacked.text("en") == "HQ lacked acknowledged events from 42"
    fork = read(store(FORK_NOTICES["feedback"], key=7, epoch=3))
    assert fork is not None and "umpan balik 7" in fork.id and "epoch 3" in fork.id
    assert fork.en == "this database's history left HQ's at feedback 7; continuing as epoch 3"
    concurrent = read(store(CONCURRENT_NOTICE))
    assert concurrent is not None
    assert concurrent.en == "another hall database sends under this hall id at the same time"
    assert concurrent.id.startswith("basis data aula lain")


def test_an_error_reads_in_both_languages() -> None:
    busy = read(store_error(HqRateLimited(12.4)))
    assert busy is not None
    assert busy.id == HqRateLimited(12.4).message_id and busy.en == HqRateLimited(12.4).message_en
    long = read(store_error(HqUnreachable("x" * 2000)))
    assert long is not None and len(store_error(HqUnreachable("x" * 2000))) < 500
    assert long.id.startswith("Server pusat tidak dapat dihubungi (xxx")


def test_a_plain_string_from_before_reads_as_it_is() -> None:
    old = read("HQ lacked acknowledged events from 5")
    assert old is not None and old.id == old.en == "HQ lacked acknowledged events from 5"
    assert read(None) is None and read("") is None
    assert read('{"msgid": "x {missing}", "fields": {}}') is not None


def test_the_halls_health_line_says_the_notice_in_its_language(tmp_path: Path) -> None:
    hall = new_hall(tmp_path)
    with Session(hall.engine) as session:
        session.add(SyncState(endpoint="hq", notice=store(LACKED_NOTICES["event"], key=9)))
        session.commit()
    health = sync_health(hall.engine)
    assert health is not None and not health.ok
    assert health.message("id") == (
        "server pusat: pusat tidak lagi memiliki peristiwa yang sudah diakuinya, mulai nomor 9"
    )
    assert health.message("en").endswith("HQ lacked acknowledged events from 9")
    assert "{" not in health.message("en")
    with Session(hall.engine) as session:
        row = session.get(SyncState, "hq")
        assert row is not None
        row.notice = "HQ lacked acknowledged events from 3"  # stored before: as it is
        session.commit()
    old = sync_health(hall.engine)
    assert old is not None and old.message("id").endswith("HQ lacked acknowledged events from 3")
