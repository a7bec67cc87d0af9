"""The hall logo is kept in the database: every PC of the hall reads the same picture."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.bootstrap import Core
from app.domain.errors import InvalidSetting
from app.services.logo import JPEG, MAX_LOGO_BYTES, PNG, SVG, checked_logo, sniff
from tests.support.actors import ADMIN

SVG_LOGO = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32">'
    b'<rect width="64" height="32" fill="#0B3D91"/></svg>'
)


def picture(kind: str, size: tuple[int, int] = (120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, kind)
    return buffer.getvalue()


def test_a_logo_round_trips_through_the_database_byte_for_byte(core: Core) -> None:
    assert core.hall.logo() is None and core.hall.logo_media_type() is None
    png = picture("PNG")
    stored = core.hall.set_logo(png, actor=ADMIN)
    assert (stored.width, stored.height, stored.media_type) == (120, 60, PNG)
    assert core.hall.logo() == png
    assert core.hall.logo_media_type() == PNG
    assert core.hall.logo_for_print() == png

    jpeg = picture("JPEG")
    core.hall.set_logo(jpeg, actor=ADMIN)  # replaces it
    assert core.hall.logo() == jpeg and core.hall.logo_media_type() == JPEG

    core.hall.clear_logo(actor=ADMIN)
    assert core.hall.logo() is None and core.hall.logo_for_print() is None


def test_an_svg_keeps_its_source_and_the_printer_gets_its_rendering(core: Core) -> None:
    rendering = picture("PNG", (576, 288))
    stored = core.hall.set_logo(SVG_LOGO, print_png=rendering, actor=ADMIN)
    assert (stored.media_type, stored.width, stored.height) == (SVG, 64, 32)
    assert core.hall.logo() == SVG_LOGO
    assert core.hall.logo_for_print() == rendering


def test_the_logo_is_seen_by_another_pc_of_the_hall(core: Core, db_url: str) -> None:
    from tests.conftest import make_core

    png = picture("PNG")
    core.hall.set_logo(png, actor=ADMIN)
    other = make_core(db_url, core.clock, seed=False)  # type: ignore[arg-type]
    try:
        assert other.hall.logo() == png
    finally:
        other.close()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (picture("GIF"), "not a PNG, JPEG or SVG"),
        (picture("BMP"), "not a PNG, JPEG or SVG"),
        (b"hello, world", "not a PNG, JPEG or SVG"),
        (picture("PNG")[:50], "cannot be read"),
        (picture("JPEG")[:200], "cannot be read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "cannot be read"),
        (b"<?xml version='1.0'?><html><svg/></html>", "no <svg> root"),
        (
            b"<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaa'>]><svg>&a;</svg>",
            "XML entities",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(MAX_LOGO_BYTES), "too large"),
        (picture("PNG", (9000, 10)), "too large (9000×10 pixels)"),
    ],
)
def test_anything_but_a_readable_small_picture_is_refused(
    core: Core, data: bytes, words: str
) -> None:
    core.hall.set_logo(picture("PNG"), actor=ADMIN)
    with pytest.raises(InvalidSetting) as refused:
        core.hall.set_logo(data, name="logo.x", actor=ADMIN)
    assert words in refused.value.message_en
    assert refused.value.message_id != refused.value.message_en  # Indonesian first
    assert refused.value.exit_code == 2
    assert core.hall.logo() == picture("PNG")  # nothing changed


def test_the_type_comes_from_the_content_not_the_name() -> None:
    assert sniff(picture("PNG")) == PNG
    assert sniff(picture("JPEG")) == JPEG
    assert sniff(b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>") == SVG
    assert sniff(picture("GIF")) is None
    assert checked_logo(SVG_LOGO).sha256 == checked_logo(SVG_LOGO, name="x.png").sha256
