"""This PC's settings file as the admin window edits it: validated by app.settings, comments
and other keys kept, nothing written on a refused value."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import AccessDenied, InvalidSetting
from app.domain.roles import Actor, Role
from app.ports import ManualClock
from app.services.admin_settings import PcSettingsFile, set_key
from app.settings import load_settings
from tests.conftest import make_core

ADMIN = Actor(user_id=1, username="admin", role=Role.ADMIN)


def test_save_keeps_comments_and_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "antrean.toml"
    path.write_text('# this PC\n[printer]\nuri = "preview:" # the kiosk\n\n[kiosk]\nlang = "id"\n')
    settings = PcSettingsFile(path).save(
        "printer", {"uri": "tcp://10.0.0.5:9100", "paper_mm": 58}, actor=ADMIN
    )
    assert settings.printer.paper_mm == 58
    text = path.read_text()
    assert text.startswith('# this PC\n[printer]\nuri = "tcp://10.0.0.5:9100"\npaper_mm = 58\n')
    assert load_settings(path).printer.uri == "tcp://10.0.0.5:9100"
    PcSettingsFile(path).save("speech", {"engine": "none", "chime": False}, actor=ADMIN)
    loaded = load_settings(path)
    assert (loaded.speech.engine, loaded.speech.chime, loaded.kiosk.lang) == ("none", False, "id")


def test_a_refused_value_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "antrean.toml"
    path.write_text("[printer]\npaper_mm = 80\n")
    with pytest.raises(InvalidSetting) as refused:
        PcSettingsFile(path).save("printer", {"paper_mm": 60}, actor=ADMIN)
    assert "printer.paper_mm" in refused.value.message("id")
    assert path.read_text() == "[printer]\npaper_mm = 80\n"


def test_only_an_admin_edits_this_pc(tmp_path: Path) -> None:
    sup = Actor(user_id=2, username="sup", role=Role.SUPERVISOR)
    with pytest.raises(AccessDenied):
        PcSettingsFile(tmp_path / "a.toml").save("hq", {"url": "https://x"}, actor=sup)


def test_set_key_quotes_strings() -> None:
    assert set_key("", "hq", "token", 'a"b\\c') == '[hq]\ntoken = "a\\"b\\\\c"\n'


def test_each_change_is_in_the_audit_trail_without_secrets(
    tmp_path: Path, sqlite_url: str, clock: ManualClock
) -> None:
    core = make_core(sqlite_url, clock)
    try:
        pc = PcSettingsFile(tmp_path / "antrean.toml", core.audit)
        pc.save("hq", {"url": "https://hq.example", "token": "s" * 32}, actor=ADMIN)
        viewer = Actor(user_id=None, username="kepala", role=Role.ADMIN)
        (entry,) = core.audit.entries(viewer=viewer, action="pc_settings")
        assert entry.username == "admin" and "[hq]" in entry.target
        assert entry.details["values"] == {"url": "https://hq.example", "token": "***"}
        assert "s" * 32 not in str(entry)
    finally:
        core.close()
