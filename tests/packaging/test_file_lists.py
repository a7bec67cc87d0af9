"""The Inno Setup script ships what the PyInstaller spec builds: the same executables and
the same resource folders, and those folders exist in the source tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "pyinstaller" / "antrean.spec"
ISS = ROOT / "installer" / "windows" / "antrean.iss"


def _spec_literal(name: str) -> Any:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not a literal in {SPEC}")


def _iss_sources() -> list[str]:
    text = ISS.read_text(encoding="utf-8")
    return re.findall(r'^Source: "\{#BundleDir\}\\([^"]+)"', text, flags=re.MULTILINE)


def test_executables_agree() -> None:
    spec = {f"{name}.exe" for name, _script in _spec_literal("EXECUTABLES")}
    iss = {s for s in _iss_sources() if s.endswith(".exe")}
    assert spec == iss == {"antrean.exe", "antreanw.exe", "antrean-hq.exe"}
    for _name, script in _spec_literal("EXECUTABLES"):
        assert (SPEC.parent / script).is_file()
    assert _spec_literal("WINDOWED") == ["antreanw"]


def test_window_shortcuts_use_the_windowed_launcher() -> None:
    """No console window beside a kiosk, counter, display or admin window on Windows."""
    text = ISS.read_text(encoding="utf-8")
    icons = re.findall(r'^Name: "[^"]*Antrean ([^"]*)"; Filename: "([^"]+)"', text, re.MULTILINE)
    launchers = {title: exe for title, exe in icons}
    for title in ("Kiosk", "Loket (Counter)", "Layar (Display)", "Admin", "{code:RoleTitle}"):
        assert launchers[title] == "{app}\\antreanw.exe", title
    assert launchers["Doctor"] == "{cmd}"  # doctor prints: it keeps a console


def test_the_counter_number_is_chosen_in_the_wizard() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "--counter 1" not in text
    assert "counter --counter {code:CounterNo}" in text
    assert "CreateInputQueryPage" in text and "SetPreviousData" in text


def test_resource_folders_agree() -> None:
    spec = {dest for _src, dest in _spec_literal("DATA_DIRS")}
    iss = {
        s.removeprefix("_internal\\").removesuffix("\\*").replace("\\", "/")
        for s in _iss_sources()
        if s.startswith("_internal\\") and s != "_internal\\*"
    }
    assert spec == iss
    assert {"resources/sounds", "resources/locale", "resources/fonts", "hq/static"} <= spec


def test_spec_folders_exist_with_files() -> None:
    for src, _dest in _spec_literal("DATA_DIRS"):
        folder = ROOT / src
        assert folder.is_dir(), src
        assert any(p.is_file() for p in folder.rglob("*")), src
    assert list((ROOT / "resources" / "locale").glob("*/LC_MESSAGES/antrean.mo"))
    assert list((ROOT / "resources" / "fonts").glob("*.ttf"))


def test_iss_shortcuts_name_every_role() -> None:
    text = ISS.read_text(encoding="utf-8")
    for role in ("Kiosk", "Counter", "Display", "Admin"):
        assert re.search(rf'^Name: "\{{group\}}\\Antrean [^"]*{role}', text, re.MULTILINE), role
    assert "{commonstartup}" in text
    assert "5432" in text  # the firewall note for PostgreSQL LAN halls
