"""``antrean screenshot``: a window drawn offscreen from the hall's database, exactly at the
size asked for, as support staff and the docs use it (real processes, a real SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.bootstrap import Core
from app.ports import ManualClock
from tests.conftest import make_core
from tests.e2e.test_cli import js, run
from tests.support.actors import ADMIN, clerk
from tests.support.databases import sqlite_file_url


@pytest.fixture
def core_for_clerks(tmp_path: Path, clock: ManualClock) -> Iterator[Core]:
    core = make_core(sqlite_file_url(tmp_path), clock)
    try:
        yield core
    finally:
        core.close()


def shoot(db: str, tmp_path: Path, *args: str, rc: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``antrean screenshot`` as on a PC without any display (no DISPLAY, no platform)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(ANTREAN_DATA_DIR=str(tmp_path), ANTREAN_CONFIG=str(tmp_path / "x.toml"))
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", db, "screenshot", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == rc, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A hall with a queue, a call and a clerk at counter 2."""
    tmp = tmp_path_factory.mktemp("hall")
    db = sqlite_file_url(tmp)
    run(db, "init", env_dir=tmp)
    for code in "AABBC":
        run(db, "ticket", "issue", "--service", code, env_dir=tmp)
    run(db, "call", "next", "--counter", "2", env_dir=tmp)
    return db, tmp


@pytest.mark.parametrize(
    ("window", "size", "extra"),
    [
        ("display", (1366, 768), ()),
        ("kiosk", (1080, 1920), ("--lang", "en")),
        ("counter", (1280, 720), ("--counter", "2")),
    ],
)
def test_each_window_is_drawn_exactly_at_the_size_asked(
    hall: tuple[str, Path], tmp_path: Path, window: str, size: tuple[int, int], extra: tuple[str]
) -> None:
    db, _ = hall
    out = tmp_path / f"{window}.png"
    done = shoot(db, tmp_path, window, "--size", f"{size[0]}x{size[1]}", "--out", str(out), *extra)
    assert str(out) in done.stdout
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.size == size
        assert len(image.getcolors(1_000_000) or []) > 10  # a window, not a blank sheet
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".antrean-shot-")]


def test_json_says_what_was_written(hall: tuple[str, Path], tmp_path: Path) -> None:
    db, _ = hall
    out = tmp_path / "tv.png"
    done = shoot(db, tmp_path, "display", "--size", "1920×1080", "--out", str(out), "--json")
    assert js(done)["result"] == {
        "file": str(out),
        "width": 1920,
        "height": 1080,
        "window": "display",
    }


@pytest.mark.parametrize(
    ("args", "rc", "words"),
    [
        (("display", "--size", "300x200"), 2, "di luar 320×240 … 7680×4320"),
        (("display", "--size", "8000x4000"), 2, "di luar 320×240 … 7680×4320"),
        (("display", "--size", "1920by1080"), 2, "LEBARxTINGGI"),
        (("counter", "--size", "1280x720"), 2, "Sebutkan nomor loket"),
        (("counter", "--counter", "42", "--size", "1280x720"), 4, "Loket 42 tidak ada"),
        (("display", "--size", "1280x720", "--out", "/nonexistent/x.png"), 2, "tidak ada"),
        (("display", "--size", "1280x720", "--out", "tv.jpg"), 2, "berakhiran .png"),
    ],
)
def test_bad_requests_are_refused_plainly(
    hall: tuple[str, Path], tmp_path: Path, args: tuple[str, ...], rc: int, words: str
) -> None:
    db, _ = hall
    if "--out" not in args:
        args = (*args, "--out", str(tmp_path / "x.png"))
    done = shoot(db, tmp_path, *args, rc=rc)
    assert words in done.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_an_unwritable_folder_is_refused_before_drawing(
    hall: tuple[str, Path], tmp_path: Path
) -> None:
    db, _ = hall
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    done = shoot(db, tmp_path, "display", "--size", "1280x720", "--out", str(locked / "x.png"),
                 "--lang", "en", rc=2)  # fmt: skip
    assert "permission denied" in done.stderr


def test_the_counter_picture_names_the_clerk_who_worked_there_last(core_for_clerks: Core) -> None:
    from app.cli.screenshot_cmd import STAND_IN_USER, clerk_at

    core = core_for_clerks
    sari = core.users.add_user(ADMIN, "sari", "rahasia123", "clerk")
    budi = core.users.add_user(ADMIN, "budi", "rahasia123", "clerk")
    for _ in range(3):
        core.queue.issue_ticket("A")
    core.queue.call_next(1, actor=clerk(1, sari.id, sari.username))
    core.queue.call_next(1, actor=clerk(1, budi.id, budi.username))  # budi took over counter 1
    assert clerk_at(core, 1).username == "budi"
    stand_in = clerk_at(core, 2)  # nobody has worked at counter 2 today
    assert (stand_in.username, stand_in.active) == (STAND_IN_USER, False)
