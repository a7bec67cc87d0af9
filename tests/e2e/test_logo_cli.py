"""``antrean hall set logo=FILE`` as an administrator uses it: real processes, one database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from hardware.printer.decode import decode_escpos
from tests.e2e.test_cli import js, run
from tests.support.databases import sqlite_file_url

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    '<rect width="200" height="100" fill="#0B3D91"/><circle cx="100" cy="50" r="30" '
    'fill="#F2B705"/></svg>'
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = sqlite_file_url(tmp_path)
    run(url, "init", env_dir=tmp_path)
    return url


def test_a_logo_is_set_shown_printed_and_cleared(db: str, tmp_path: Path) -> None:
    logo = tmp_path / "lambang.png"
    Image.new("RGB", (400, 200), "navy").save(logo)
    shown = run(db, "hall", "set", f"logo={logo}", env_dir=tmp_path).stdout
    assert "logo = PNG 400×200 px" in shown

    ticket = tmp_path / "ticket.bin"
    ticket.touch()
    run(db, "ticket", "issue", "--service", "A", "--print", "--printer", f"file://{ticket}",
        env_dir=tmp_path)  # fmt: skip
    job = decode_escpos(ticket.read_bytes())
    assert [(i.width_dots, i.height_dots) for i in job.images] == [(576, 160)]  # at the top

    result = js(run(db, "--json", "hall", "show", env_dir=tmp_path))["result"]
    assert result["logo"]["media_type"] == "image/png"  # type: ignore[index]
    assert result["logo"]["bytes"] == logo.stat().st_size  # type: ignore[index]
    assert result["name"]  # type: ignore[index]

    cleared = run(db, "--lang", "en", "hall", "set", "logo=", env_dir=tmp_path).stdout
    from app.i18n import has_translation

    # "(tidak ada)" in English arrives with the catalog's next merge (resources/locale).
    assert "logo = (none)" in cleared or not has_translation("(tidak ada)", "en")


def test_an_svg_logo_is_kept_as_svg_and_printed_from_its_rendering(db: str, tmp_path: Path) -> None:
    logo = tmp_path / "lambang.svg"
    logo.write_text(SVG, encoding="utf-8")
    assert (
        "logo = SVG 200×100 px" in run(db, "hall", "set", f"logo={logo}", env_dir=tmp_path).stdout
    )
    ticket = tmp_path / "ticket.bin"
    ticket.touch()
    run(db, "ticket", "issue", "--service", "B", "--print", "--printer", f"file://{ticket}",
        env_dir=tmp_path)  # fmt: skip
    assert len(decode_escpos(ticket.read_bytes()).images) == 1


def _gif(path: Path) -> Path:
    Image.new("RGB", (10, 10), "red").save(path, "GIF")
    return path


def _broken(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), "red").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue()[:70])
    return path


def _large(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1_100_000))
    return path


@pytest.mark.parametrize(
    ("make", "indonesian", "english"),
    [
        (_gif, "bukan gambar PNG, JPEG atau SVG", "is not a PNG, JPEG or SVG picture"),
        (_broken, "tidak dapat dibaca", "cannot be read"),
        (_large, "terlalu besar", "too large"),
        (lambda p: p, "tidak ada", "There is no logo file"),
    ],
)
def test_a_file_that_is_no_usable_logo_is_refused_as_bad_input(
    db: str, tmp_path: Path, make: object, indonesian: str, english: str
) -> None:
    path = make(tmp_path / "logo.png")  # type: ignore[operator]
    done = run(db, "hall", "set", f"logo={path}", "name=Tidak Berubah", env_dir=tmp_path,
               check_rc=2)  # fmt: skip
    assert indonesian in done.stderr and "Traceback" not in done.stderr
    done = run(db, "--lang", "en", "--json", "hall", "set", f"logo={path}", env_dir=tmp_path,
               check_rc=2)  # fmt: skip
    assert english in js(done)["error"]["message"]  # type: ignore[index]
    shown = run(db, "hall", "show", env_dir=tmp_path).stdout
    assert "logo = (tidak ada)" in shown and "Tidak Berubah" not in shown


def test_a_refused_setting_beside_the_logo_changes_nothing(db: str, tmp_path: Path) -> None:
    logo = tmp_path / "lambang.png"
    Image.new("RGB", (40, 40), "navy").save(logo)
    run(db, "hall", "set", f"logo={logo}", "timezone=Mars/Base", env_dir=tmp_path, check_rc=2)
    assert "logo = (tidak ada)" in run(db, "hall", "show", env_dir=tmp_path).stdout
