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


def _iss_sections() -> dict[str, list[str]]:
    """The .iss cut into its sections: name -> entry lines (no comments, no blank lines)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text(encoding="utf-8").splitlines():
        header = re.fullmatch(r"\[(\w+)\]\s*", line)
        if header:
            current = header.group(1)
            assert current not in sections, f"[{current}] twice"
            sections[current] = []
        elif current and line.strip() and (current == "Code" or not line.startswith(";")):
            sections[current].append(line)
    return sections


def _entry(line: str) -> dict[str, str]:
    """One ``Name: "value"; Flags: a b`` line of an entry section as a dict."""
    pairs = re.findall(r'(\w+): ("(?:[^"]|"")*"|[^;]*)(?:;|$)', line)
    return {key: value.strip().strip('"') for key, value in pairs}


def test_iss_sections_parse() -> None:
    sections = _iss_sections()
    assert list(sections) == ["Setup", "Languages", "Files", "Icons", "Run", "Code"]
    for name in ("Languages", "Files", "Icons", "Run"):
        for line in sections[name]:
            entry = _entry(line)
            assert entry, line
            assert (
                "Source" if name == "Files" else "Name" if name != "Run" else "Filename"
            ) in entry
    code = "\n".join(sections["Code"])
    defined = set(re.findall(r"^(?:function|procedure) (\w+)", code, re.MULTILINE))
    text = ISS.read_text(encoding="utf-8")
    used = set(re.findall(r"\{code:(\w+)", text)) | set(re.findall(r"Check: (\w+)", text))
    assert used <= defined, used - defined


def test_installer_creates_no_database() -> None:
    """[Run] without postinstall runs elevated, as the installing admin (Inno Setup's default,
    runascurrentuser): an `antrean init` there would put the database in that admin's
    %LOCALAPPDATA% and make no hall admin. The first start creates the hall instead."""
    runs = [_entry(line) for line in _iss_sections()["Run"]]
    for run in runs:
        words = run.get("Parameters", "").split()
        assert "init" not in words, run
        flags = run.get("Flags", "").split()
        assert "postinstall" in flags and "runasoriginaluser" in flags, run
    assert any(run.get("Parameters") == "admin" for run in runs)
