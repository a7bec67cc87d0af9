"""The hall logo: which files are accepted, and how the logo is kept in the ``settings`` table.

A logo is stored as one JSON value (``settings`` key ``logo``) so every PC of a LAN hall sees
the same picture: the file's bytes in base64, their SHA-256, the media type, the picture's
size, and for an SVG a PNG rendering the ticket printer can use (the printer code has no SVG
renderer; the command that sets the logo makes one).

Accepted: PNG, JPEG or SVG of at most ``MAX_LOGO_BYTES``, recognised by their content (not
the file name) and readable. Everything else is ``InvalidSetting`` (exit 2).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from app.domain.errors import InvalidSetting
from app.i18n import N_

LOGO_KEY = "logo"
MAX_LOGO_BYTES = 1024 * 1024  # "1 MB"
MAX_LOGO_SIDE = 8192  # pixels; a larger picture is no logo and costs memory on every PC
PNG, JPEG, SVG = "image/png", "image/jpeg", "image/svg+xml"
KIND = {PNG: "PNG", JPEG: "JPEG", SVG: "SVG"}


@dataclass(frozen=True, slots=True)
class HallLogo:
    """The hall's logo as stored: ``data`` is the file exactly as it was given."""

    data: bytes
    media_type: str  # image/png, image/jpeg or image/svg+xml
    sha256: str
    width: int  # pixels (an SVG: its declared size, 0 when it declares none)
    height: int
    print_png: bytes | None = None  # an SVG's rendering for the ticket printer

    @property
    def kind(self) -> str:
        return KIND[self.media_type]

    @property
    def raster(self) -> bytes | None:
        """Bytes a raster library can open (PNG or JPEG), for the ticket; None if there are
        none (an SVG stored without its rendering)."""
        return self.print_png if self.media_type == SVG else self.data

    def summary(self) -> dict[str, Any]:
        """What ``hall show`` says about it (no bytes)."""
        return {
            "media_type": self.media_type,
            "bytes": len(self.data),
            "width": self.width,
            "height": self.height,
            "sha256": self.sha256,
        }

    def to_json(self) -> dict[str, Any]:
        value = {**self.summary(), "data": base64.b64encode(self.data).decode("ascii")}
        if self.print_png is not None:
            value["print_png"] = base64.b64encode(self.print_png).decode("ascii")
        return value

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> HallLogo | None:
        """The stored logo, or None when the value is not one (damaged or from elsewhere)."""
        try:
            data = base64.b64decode(value["data"], validate=True)
            printed = value.get("print_png")
            logo = cls(
                data=data,
                media_type=str(value["media_type"]),
                sha256=str(value["sha256"]),
                width=int(value.get("width", 0)),
                height=int(value.get("height", 0)),
                print_png=base64.b64decode(printed, validate=True) if printed else None,
            )
        except (KeyError, TypeError, ValueError, binascii.Error):
            return None
        if logo.media_type not in KIND or hashlib.sha256(data).hexdigest() != logo.sha256:
            return None
        return logo


def checked_logo(data: bytes, *, print_png: bytes | None = None, name: str = "") -> HallLogo:
    """``data`` as a ``HallLogo`` when it is an accepted picture; raises ``InvalidSetting``.

    ``name`` (the file's name) only makes the messages clearer.
    """
    shown = f" {name}" if name else ""
    if not data:
        raise _refused(N_("Berkas logo{shown} kosong."), shown=shown)
    if len(data) > MAX_LOGO_BYTES:
        raise too_large(len(data), name)
    media_type = sniff(data)
    if media_type is None:
        raise _refused(N_("Berkas{shown} bukan gambar PNG, JPEG atau SVG."), shown=shown)
    width, height = _svg_size(data, shown) if media_type == SVG else _raster_size(data, shown)
    if print_png is not None and sniff(print_png) != PNG:
        raise ValueError("print_png must be PNG bytes")
    return HallLogo(
        data=data,
        media_type=media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
        print_png=print_png if media_type == SVG else None,
    )


def sniff(data: bytes) -> str | None:
    """The media type by content: PNG, JPEG, SVG; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data:
        return SVG
    return None


def too_large(size: int, name: str = "") -> InvalidSetting:
    """The refusal of a logo file of ``size`` bytes (more than ``MAX_LOGO_BYTES``)."""
    shown = f" {name}" if name else ""
    return _refused(
        N_("Berkas logo{shown} terlalu besar ({mb:.2f} MB); paling besar 1 MB."),
        shown=shown,
        mb=size / 1_048_576,
    )


def _refused(message: str, **fields: object) -> InvalidSetting:
    return InvalidSetting(message, setting=LOGO_KEY, **fields)


def _unreadable(shown: str, why: str) -> InvalidSetting:
    return _refused(
        N_("Gambar logo{shown} tidak dapat dibaca ({why})."),
        shown=shown,
        why=why,
    )


def _raster_size(data: bytes, shown: str) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if max(width, height) > MAX_LOGO_SIDE:
                raise _refused(
                    N_(
                        "Gambar logo{shown} terlalu besar ({width}×{height} piksel); paling "
                        "besar {max_logo_side}×{max_logo_side}."
                    ),
                    shown=shown,
                    width=width,
                    height=height,
                    max_logo_side=MAX_LOGO_SIDE,
                )
            image.load()  # a truncated or damaged file fails here, not on every PC later
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise _unreadable(shown, str(exc)[:80] or type(exc).__name__) from exc
    if width < 1 or height < 1:
        raise _unreadable(shown, "0 pixels")
    return width, height


_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_size(data: bytes, shown: str) -> tuple[int, int]:
    """The declared size of an SVG (width/height in px, else its viewBox); checks that it is
    well-formed XML with an ``<svg>`` root and no entity declarations."""
    if b"<!ENTITY" in data.upper():  # entity expansion is how XML files blow up readers
        raise _unreadable(shown, "XML entities")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _unreadable(shown, str(exc)[:80]) from exc
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise _unreadable(shown, "no <svg> root")
    sizes = [_LENGTH.match(root.get(side, "")) for side in ("width", "height")]
    if sizes[0] and sizes[1]:
        return round(float(sizes[0].group(1))), round(float(sizes[1].group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
    except ValueError:
        pass
    return 0, 0
