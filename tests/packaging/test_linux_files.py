"""Linux menu entries and systemd user units: valid files that start existing commands."""

from __future__ import annotations

import argparse
import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli.main import build_parser

LINUX = Path(__file__).resolve().parents[2] / "installer" / "linux"
DESKTOP_FILES = sorted((LINUX / "applications").glob("*.desktop"))
UNIT_FILES = sorted((LINUX / "systemd").glob("*.service"))
ROLES = ("kiosk", "counter", "display", "admin")
#: Commands named by a menu entry that are not written yet.
NOT_YET: set[str] = set()


def _commands() -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("antrean has no subcommands")


def _check_command(words: list[str]) -> None:
    assert Path(words[0]).name == "antrean", words
    command = words[1]
    if command in NOT_YET:
        assert command not in _commands(), f"{command} exists now: drop it from NOT_YET"
        return
    assert command in _commands(), words
    with pytest.raises(SystemExit) as exit_info:  # the arguments parse as the program would
        build_parser().parse_args([*words[1:], "--help"])
    assert exit_info.value.code == 0


def _read(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_one_menu_entry_per_role() -> None:
    assert {p.stem for p in DESKTOP_FILES} == {f"antrean-{role}" for role in ROLES}


@pytest.mark.parametrize("path", DESKTOP_FILES, ids=lambda p: p.name)
def test_desktop_file_is_valid(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = _read(path)["Desktop Entry"]
    for key in ("Type", "Name", "Exec", "Icon"):
        assert entry.get(key), f"{path.name}: {key} missing"
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    _check_command(shlex.split(entry["Exec"]))
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.parametrize("path", UNIT_FILES, ids=lambda p: p.name)
def test_unit_starts_an_existing_command(path: Path) -> None:
    unit = _read(path)
    assert unit["Unit"]["Description"]
    assert unit["Install"]["WantedBy"] == "graphical-session.target"
    exec_start = shlex.split(unit["Service"]["ExecStart"])
    assert exec_start[0] == "%h/.local/opt/antrean/antrean"  # where install.sh puts it
    _check_command(exec_start)


@pytest.mark.parametrize("role", ["kiosk", "display"])
def test_kiosk_and_display_restart_after_a_crash(role: str) -> None:
    service = _read(LINUX / "systemd" / f"antrean-{role}.service")["Service"]
    assert service["Restart"] == "on-failure"


def test_install_script_installs_units_and_entries() -> None:
    script = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert "systemd/user" in script and "applications" in script
    result = subprocess.run(["bash", "-n", str(LINUX / "install.sh")], capture_output=True)
    assert result.returncode == 0, result.stderr


def _install(tmp_path: Path, *words: str) -> subprocess.CompletedProcess[str]:
    """Run install.sh from a copy of installer/linux beside a stand-in bundle, as a user."""
    kit = tmp_path / "kit"
    if not kit.exists():
        shutil.copytree(LINUX, kit)
        bundle = kit / "antrean"
        (bundle / "_internal" / "resources" / "images").mkdir(parents=True)
        (bundle / "_internal" / "resources" / "images" / "emblem.svg").write_text("<svg/>")
        for name in ("antrean", "antrean-hq"):
            (bundle / name).write_text("#!/bin/sh\n")
            (bundle / name).chmod(0o755)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(tmp_path / "none")}
    return subprocess.run(
        ["bash", str(kit / "install.sh"), *words], env=env, capture_output=True, text=True
    )


def test_install_opens_the_counter_chosen_and_an_upgrade_keeps_it(tmp_path: Path) -> None:
    done = _install(tmp_path, "--counter", "4")
    assert done.returncode == 0, done.stderr
    home = tmp_path / "home"
    entry = home / ".local/share/applications/antrean-counter.desktop"
    unit = home / ".config/systemd/user/antrean-counter.service"
    launcher = home / ".local/opt/antrean/antrean"
    # The menu names the installed launcher itself: a desktop session's PATH may lack ~/.local/bin.
    assert f'Exec="{launcher}" counter --counter 4\n' in entry.read_text()
    for desktop in (home / ".local/share/applications").glob("antrean-*.desktop"):
        words = shlex.split(_read(desktop)["Desktop Entry"]["Exec"])
        assert words[0] == str(launcher) and Path(words[0]).is_file(), desktop.name
    assert "antrean counter --counter 4\n" in unit.read_text()
    again = _install(tmp_path)  # an upgrade without --counter
    assert again.returncode == 0, again.stderr
    assert "--counter 4\n" in unit.read_text() and "--counter 4\n" in entry.read_text()
    assert "counter 4" in again.stdout
    for wrong in ("x1", "0", "100", "07"):  # one range, 1-99, as the Windows wizard asks
        bad = _install(tmp_path, "--counter", wrong)
        assert bad.returncode == 2 and "(1-99)" in bad.stderr, wrong
    assert _install(tmp_path, "--counter", "99").returncode == 0
