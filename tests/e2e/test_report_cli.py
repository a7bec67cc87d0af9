"""``antrean report`` as a real process on a hall database filled in-process: the XLSX read
back with openpyxl, the PDF with pypdf, the CSV and JSON parsed, each checked against figures
computed from the raw ticket rows (``tests/services/test_reports.expected``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.ports import ManualClock
from tests.conftest import make_core
from tests.services.test_reports import PASSWORD, WIB, _raw, expected, simulate
from tests.support.databases import sqlite_file_url

# Past days (a Monday, Tuesday and Thursday): the process signs in with the real clock,
# which must not be behind the hall's records.
DAYS = (dt.date(2025, 6, 2), dt.date(2025, 6, 3), dt.date(2025, 6, 5))
FROM, TO = "2025-06-02", "2025-06-05"
FIGURES = ("issued", "served", "no_show", "cancelled", "expired", "transferred", "called")
TIMES = ("wait_mean_min", "wait_median_min", "wait_p90_min", "service_median_min")


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, dict[str, Any]]:
    where = tmp_path_factory.mktemp("report-cli")
    url = sqlite_file_url(where)
    start = dt.datetime.combine(DAYS[0], dt.time(8), WIB).astimezone(dt.UTC)
    core = make_core(url, ManualClock(start))
    try:
        simulate(core, core.clock, seed=7, steps=120, days=DAYS)  # type: ignore[arg-type]
        want = expected(_raw(core, DAYS[0], DAYS[-1]))
    finally:
        core.close()
    return url, where, want


def antrean(
    hall: tuple[str, Path, dict[str, Any]], *words: str, user: str | None = "kapolsek", rc: int = 0
) -> subprocess.CompletedProcess[bytes]:
    url, where, _ = hall
    env = dict(os.environ, ANTREAN_DATA_DIR=str(where), ANTREAN_CONFIG=str(where / "x.toml"))
    env["ANTREAN_PASSWORD"] = PASSWORD
    sign_in = ["--user", user] if user else []
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", url, *sign_in, *words],
        capture_output=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == rc, done.stdout.decode() + done.stderr.decode()
    return done


def test_xlsx_pdf_csv_and_json_hold_the_raw_figures(
    hall: tuple[str, Path, dict[str, Any]], tmp_path: Path
) -> None:
    import openpyxl
    from pypdf import PdfReader

    want = hall[2]
    assert want["issued"] > 50 and want["served"] and want["no_show"]
    xlsx = tmp_path / "ringkasan.xlsx"
    done = antrean(hall, "--json", "report", "summary", "--from", FROM, "--to", TO,
                   "--format", "xlsx", "--out", str(xlsx))  # fmt: skip
    answer = json.loads(done.stdout)
    assert answer["ok"] and answer["result"]["bytes"] == xlsx.stat().st_size
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["services", "daily"]
    sheet = book["services"]
    assert sheet["A1"].value == "PTSP Polres" and FROM in str(sheet["A2"].value)
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    header, total = rows[0], next(r for r in rows if r[0] == "Semua layanan")
    got = dict(zip(header, total, strict=True))
    assert got["Diambil"] == want["issued"] and got["Dilayani"] == want["served"]
    assert got["Tidak hadir"] == want["no_show"] and got["Dialihkan"] == want["transferred"]
    assert got["Gagal cetak"] == want["print_failed"]
    assert got["Tunggu p90 (mnt)"] == pytest.approx(want["wait_p90_min"], abs=0.011)
    assert got["Sesuai target (%)"] == pytest.approx(want["within_target_pct"], abs=0.011)
    assert sheet._charts, "a native chart beside the table"
    daily = list(book["daily"].iter_rows(min_row=6, values_only=True))
    assert [r[0] for r in daily if r[0]] == [d.isoformat() for d in DAYS]
    assert sum(r[1] for r in daily if r[0]) == want["issued"]

    pdf = tmp_path / "ringkasan.pdf"
    antrean(hall, "report", "summary", "--from", FROM, "--to", TO, "--format", "pdf",
            "--out", str(pdf))  # fmt: skip
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, points
    text = reader.pages[0].extract_text()
    assert "PTSP Polres" in text and FROM in text and TO in text and "Semua layanan" in text
    assert str(want["issued"]) in text and f"{want['wait_median_min']:.2f}" in text

    done = antrean(hall, "--lang", "en", "report", "summary", "--from", FROM, "--to", TO,
                   "--format", "csv")  # fmt: skip
    lines = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"))))
    keys = next(r for r in lines if r and r[0] == "service")
    total_row = next(r for r in lines if r and r[0] == "All services")
    got = dict(zip(keys, total_row, strict=True))
    for key in FIGURES:
        assert int(got[key]) == want[key], key
    for key in TIMES:
        assert float(got[key]) == pytest.approx(want[key], abs=0.011), key

    done = antrean(hall, "--json", "report", "counters", "--from", FROM, "--to", TO)
    tables = json.loads(done.stdout)["result"]["tables"]
    assert [r["counter"] for r in tables["counters"]] == [f"Loket {n}" for n in (1, 2, 3, 4)]
    assert {r["clerk"] for r in tables["clerks"]} == {"ani", "budi", "citra", "kapolsek"}
    assert sum(r["called"] for r in tables["counters"]) == want["called"]

    done = antrean(hall, "report", "hourly", "--from", FROM, "--to", TO, "--format", "json")
    tables = json.loads(done.stdout)["tables"]
    assert sum(r["issued"] for r in tables["hours"]) == want["issued"]
    heat = {r["weekday"]: sum(v for k, v in r.items() if k != "weekday") for r in tables["heatmap"]}
    assert heat["Senin"] + heat["Selasa"] + heat["Kamis"] == want["issued"]

    text = antrean(hall, "report", "ikm", "--from", FROM, "--to", TO).stdout.decode()
    assert "Indeks Kepuasan Masyarakat" in text and "Semua layanan" in text


def test_refusals(hall: tuple[str, Path, dict[str, Any]], tmp_path: Path) -> None:
    antrean(hall, "report", "summary", "--from", FROM, "--to", TO, user=None, rc=9)
    antrean(hall, "report", "summary", "--from", TO, "--to", FROM, rc=2)
    antrean(hall, "report", "summary", "--from", FROM, "--to", TO, "--format", "pdf", rc=2)
    antrean(hall, "report", "summary", "--from", FROM, "--to", "2025-02-30", rc=2)
    antrean(hall, "report", "summary", "--from", FROM, "--to", TO, "--service", "Z", rc=4)
