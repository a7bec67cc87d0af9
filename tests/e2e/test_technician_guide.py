"""docs/technician.md, section 1 ("One PC"), runs as written.

Every ```bash block of that section is cut into command lines and run in order, each as a
real process (``bash -c``, with ``antrean`` standing for ``python -m app.cli`` of this tree),
against a temporary data folder and SQLite file. The prompts (passwords, the kiosk PIN) are
answered through a pseudo-terminal, as a technician types them; every line must exit 0.
A line that needs hardware, Windows or an unpacked tarball is skipped by SKIP below, by name.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "technician.md"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal"),
]

#: Lines of section 1 not run here, each with why (the start of the line, as written).
SKIP = {
    # needs the unpacked release tarball (installer/linux/build_tarball.sh) and systemd;
    # tests/packaging/test_linux_files.py checks its files, build_bundle.sh runs the bundle
    "./install.sh": "installs a bundle",
}
PASSWORD = "rahasia-kepala-1"
PIN = "482915"


def _section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def guide_lines() -> list[str]:
    section = _section(GUIDE.read_text(encoding="utf-8"), "1. One PC")
    blocks = re.findall(r"^```bash\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _answer(prompt: str) -> str:
    return PIN if "PIN" in prompt else PASSWORD


def _run(line: str, env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run ``line`` on a pseudo-terminal, typing an answer after each prompt (": ")."""
    master, slave = os.openpty()
    command = f'antrean() {{ "{sys.executable}" -m app.cli "$@"; }}\n{line}'
    # A session of its own: no controlling terminal, so getpass reads the pty on stdin.
    proc = subprocess.Popen(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    answered_at = 0  # bytes of output when the last answer was typed
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            text = output.decode("utf-8", "replace")
            if not ready and len(output) > answered_at and text.rstrip(" ").endswith(":"):
                # A prompt waits (nothing more came within 0.1 s): type the answer.
                answered_at = len(output)
                os.write(master, (_answer(text.splitlines()[-1]) + "\n").encode())
            if proc.poll() is not None and not ready:
                break
        else:
            proc.kill()
            raise AssertionError(f"{line!r} still running after {timeout} s:\n{output!r}")
    finally:
        os.close(master)
    return proc.wait(timeout=10), output.decode("utf-8", "replace")


def test_the_guide_has_the_admin_first() -> None:
    lines = guide_lines()
    assert lines[0].startswith("./install.sh")
    assert any(line.startswith("antrean init --admin ") for line in lines)
    assert any("--user " in line and " user add " in line for line in lines)


def test_one_pc_set_up_runs_as_written(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ANTREAN_") or key == "ANTREAN_COMMAND_SERVER"
    }
    env.update(
        HOME=str(tmp_path / "home"),
        ANTREAN_DATA_DIR=str(tmp_path / "data"),
        ANTREAN_CONFIG=str(tmp_path / "antrean.toml"),  # no file: the defaults
        ANTREAN_DB_URL=f"sqlite:///{(tmp_path / 'data' / 'antrean.db').as_posix()}",
        ANTREAN_PRINTER=f"preview:{tmp_path / 'tickets'}",
        ANTREAN_SPEECH_ENGINE="none",  # no sound card here; doctor still runs its checks
        ANTREAN_COMMAND_SERVER="off",
        LANG="C.UTF-8",
    )
    (tmp_path / "home").mkdir()
    ran, said = [], ""
    for line in guide_lines():
        if any(line.startswith(start) for start in SKIP):
            continue
        code, output = _run(line, env)
        assert code == 0, f"{line!r} exited {code}:\n{output}"
        ran.append(line.split("#")[0].strip())
        said += output
    assert len(ran) >= 4, ran
    # What the lines said (Indonesian, the default): the admin, the clerk, the PIN, doctor.
    for done in ("Admin kepala dibuat.", "Pengguna siti dibuat.", "PIN kios tersimpan."):
        assert done in said, said
    assert "[  ok ] basis data" in said, said
