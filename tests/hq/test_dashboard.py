"""The dashboard in a real headless Chromium, logged in with a read token in the fragment."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.hq.payloads import DAY, START, batch, busy_day
from tests.hq.server import ROOT, HqServer

SCREENSHOT = ROOT / "docs" / "screenshots" / "hq-dashboard.png"
UPDATE_ENV = "ANTREAN_UPDATE_SCREENSHOTS"  # "1": the shot replaces the docs' one
HALLS = [
    ("Polrestabes Bandung", 9.0, "Polda Jawa Barat"),
    ("Polres Bogor", 16.0, "Polda Jawa Barat"),
    ("Polresta Malang", 24.0, "Polda Jawa Timur"),
    ("Polres Sleman", 12.0, "Polda DIY"),
]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(binary: str, url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1440,900",
        "--virtual-time-budget=8000",
        "--hide-scrollbars",
    ]
    return subprocess.run(
        [binary, *flags, *extra, url], capture_output=True, text=True, timeout=90, check=False
    )


@pytest.fixture(scope="module")
def seeded(fresh_hq_server: HqServer) -> HqServer:
    hq_server = fresh_hq_server
    rng = random.Random(2026)
    for name, wait, region in HALLS:
        hall, token = hq_server.add_hall(name, region)
        events = busy_day(rng, 220, wait_scale=wait)
        survey = [
            {
                "id": n + 1,
                "at": START.isoformat(),
                "service": "A",
                "business_date": DAY.isoformat(),
                "answers": {f"U{i}": rng.choice([3, 3, 4, 4, 4, 2]) for i in range(1, 10)},
            }
            for n in range(12)
        ]
        for start in range(0, len(events), 1000):
            response = httpx.post(
                f"{hq_server.url}/api/v1/halls/{hall}/events",
                json=batch(hall, events[start : start + 1000], survey if start == 0 else None),
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            assert response.status_code == 200, response.text
    return hq_server


def test_dashboard_renders_halls_and_is_screenshotted(seeded: HqServer, tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    day = DAY.isoformat()
    url = f"{seeded.url}/#token={seeded.read_token}&from={day}&to={day}"
    dom = _browser(binary, url, tmp_path / "profile-dom", "--dump-dom", "--enable-logging=stderr")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Content Security Policy" not in dom.stderr  # the page obeys HQ's own CSP
    for name, _wait, _region in HALLS:
        assert name in dom.stdout
    assert "Perbandingan unit × layanan" in dom.stdout
    assert "<svg" in dom.stdout and "<rect" in dom.stdout
    assert "Polres Uji" in dom.stdout  # registered, never synced: listed as late
    assert "Tren tiket dan ketepatan target" in dom.stdout and 'class="bar"' in dom.stdout
    assert '<option value="Polda Jawa Barat">' in dom.stdout  # the region filter
    assert "IKM (survei)" in dom.stdout
    assert seeded.read_token not in dom.stdout
    png = tmp_path / "hq-dashboard.png"
    shot = _browser(binary, url, tmp_path / "profile-shot", f"--screenshot={png}")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert png.stat().st_size > 20_000
    if os.environ.get(UPDATE_ENV) == "1":  # asked for (docs/hq.md): the docs' picture too
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, SCREENSHOT)


def test_dashboard_without_credentials_shows_the_login(seeded: HqServer, tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    dom = _browser(binary, f"{seeded.url}/", tmp_path / "profile", "--dump-dom")
    assert 'id="login-view" class="card login"' in dom.stdout
    assert 'id="app-view" class="hidden"' in dom.stdout
