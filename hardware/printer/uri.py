"""Printer addresses as CUPS-style URIs.

====================================  ==============================================
``usb://04b8:0202``                   USB vendor:product id (``?in_ep=0x82&out_ep=0x01``)
``tcp://192.168.1.50:9100``           network printer, port 9100 by default (``socket://``)
``serial:///dev/ttyS0?baudrate=19200``  serial port (``serial://COM3`` on Windows)
``file:///dev/usb/lp0``               a device file (Linux usblp, parallel port)
``win32:EPSON TM-T82``                a Windows printer queue, sent raw
``preview:///path/ticket.png``        a PNG picture instead of paper (``preview:`` = default dir)
``dummy:``                            records tickets in memory (tests, demo)
====================================  ==============================================

Every kind accepts ``?paper=58|80&profile=NAME&timeout=SECONDS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from app.domain.errors import ConfigError
from app.domain.wording import Bilingual
from app.i18n import N_

DEFAULT_TCP_PORT = 9100
DEFAULT_BAUDRATE = 9600
DEFAULT_TIMEOUT = 2.0
PAPER_WIDTHS = (58, 80)


class PrinterKind(StrEnum):
    USB = "usb"
    TCP = "tcp"
    SERIAL = "serial"
    FILE = "file"
    WIN32 = "win32"
    PREVIEW = "preview"
    DUMMY = "dummy"


_SCHEMES = {kind.value: kind for kind in PrinterKind} | {"socket": PrinterKind.TCP}
_COMMON_KEYS = {"paper", "profile", "timeout"}
_KIND_KEYS = {
    PrinterKind.USB: {"in_ep", "out_ep"},
    PrinterKind.SERIAL: {"baudrate"},
}
_USB_ID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")
_WINDOWS_DRIVE = re.compile(r"^/[A-Za-z]:[/\\]")


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    """A parsed printer URI. Only the fields of its ``kind`` are set."""

    kind: PrinterKind
    uri: str
    paper_mm: int = 80
    profile: str | None = None  # None: the package default
    timeout: float = DEFAULT_TIMEOUT  # seconds, for connecting and status queries
    host: str = ""
    port: int = DEFAULT_TCP_PORT
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int | None = None
    out_ep: int | None = None
    device: str = ""  # serial port or device file
    baudrate: int = DEFAULT_BAUDRATE
    printer_name: str = ""  # Windows printer queue
    preview_path: Path | None = None  # None: the caller's default directory


def _bad(uri: str, why: Bilingual) -> ConfigError:
    return ConfigError(
        N_(
            "Alamat printer tidak valid: {uri!r} ({why}). Contoh: "
            "usb://04b8:0202, tcp://192.168.1.50:9100, file:///dev/usb/lp0, "
            "preview:"
        ),
        why=why,
        uri=uri,
    )


def parse_printer_uri(uri: str) -> PrinterConfig:
    """Parse a printer URI; raise ``ConfigError`` (Indonesian + English) when it is wrong."""
    text = uri.strip()
    scheme, sep, _ = text.partition(":")
    kind = _SCHEMES.get(scheme.lower()) if sep else None
    if kind is None:
        raise _bad(uri, Bilingual.of(N_("jenis '{scheme}' tidak dikenal"), scheme=scheme))
    parts = urlsplit(text)
    query = _query(uri, parts.query, kind)
    config = _PARSERS[kind](uri, parts, query)
    paper, profile, timeout = _common(uri, query)
    return replace(
        config,
        paper_mm=paper or config.paper_mm,
        profile=profile,
        timeout=timeout or config.timeout,
    )


def _query(uri: str, raw: str, kind: PrinterKind) -> dict[str, str]:
    try:
        parsed = parse_qs(raw, keep_blank_values=True, strict_parsing=bool(raw))
    except ValueError as exc:
        raise _bad(uri, Bilingual.of(N_("parameter rusak"))) from exc
    allowed = _COMMON_KEYS | _KIND_KEYS.get(kind, set())
    unknown = sorted(set(parsed) - allowed)
    if unknown:
        names = ", ".join(unknown)
        raise _bad(uri, Bilingual.of(N_("parameter tidak dikenal: {names}"), names=names))
    return {key: values[-1] for key, values in parsed.items()}


def _common(uri: str, query: dict[str, str]) -> tuple[int | None, str | None, float | None]:
    paper = _int(uri, "paper", query["paper"]) if "paper" in query else None
    if paper is not None and paper not in PAPER_WIDTHS:
        raise _bad(uri, Bilingual.of(N_("lebar kertas harus 58 atau 80")))
    profile = _profile(uri, query["profile"]) if "profile" in query else None
    timeout = None
    if "timeout" in query:
        try:
            timeout = float(query["timeout"])
        except ValueError:
            timeout = -1.0
        if not 0 < timeout <= 120:
            raise _bad(uri, Bilingual.of(N_("timeout harus 0-120 detik")))
    return paper, profile, timeout


def _profile(uri: str, name: str) -> str:
    from escpos.capabilities import CAPABILITIES

    if name not in CAPABILITIES["profiles"]:
        raise _bad(uri, Bilingual.of(N_("profil printer '{name}' tidak dikenal"), name=name))
    return name


def _int(uri: str, key: str, value: str, lo: int = 0, hi: int = 1 << 31) -> int:
    try:
        number = int(value, 0)
    except ValueError:
        number = -1
    if not lo <= number <= hi:
        raise _bad(uri, Bilingual.of(N_("nilai '{key}' salah: {value!r}"), key=key, value=value))
    return number


def _usb(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    match = _USB_ID.match(parts.netloc + parts.path.rstrip("/"))
    if match is None:
        raise _bad(uri, Bilingual.of(N_("tulis vendor:produk, mis. 04b8:0202")))
    in_ep = _int(uri, "in_ep", query["in_ep"], 0, 255) if "in_ep" in query else None
    out_ep = _int(uri, "out_ep", query["out_ep"], 0, 255) if "out_ep" in query else None
    return PrinterConfig(
        kind=PrinterKind.USB,
        uri=uri,
        vendor_id=int(match.group(1), 16),
        product_id=int(match.group(2), 16),
        in_ep=in_ep,
        out_ep=out_ep,
    )


def _tcp(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    if parts.path.strip("/"):
        raise _bad(uri, Bilingual.of(N_("alamat jaringan tidak boleh berisi path")))
    try:
        port = parts.port or DEFAULT_TCP_PORT
    except ValueError as exc:
        raise _bad(uri, Bilingual.of(N_("nomor port salah"))) from exc
    if not parts.hostname:
        raise _bad(uri, Bilingual.of(N_("nama host kosong")))
    return PrinterConfig(kind=PrinterKind.TCP, uri=uri, host=parts.hostname, port=port)


def _device_path(parts: SplitResult) -> str:
    joined = unquote(parts.netloc + parts.path)
    if _WINDOWS_DRIVE.match(joined):
        joined = joined[1:]
    return joined


def _serial(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    device = _device_path(parts)
    if not device:
        raise _bad(uri, Bilingual.of(N_("port serial kosong")))
    baud = _int(uri, "baudrate", query["baudrate"], 300, 921600) if "baudrate" in query else None
    return PrinterConfig(
        kind=PrinterKind.SERIAL, uri=uri, device=device, baudrate=baud or DEFAULT_BAUDRATE
    )


def _file(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    device = _device_path(parts)
    if not device:
        raise _bad(uri, Bilingual.of(N_("nama berkas perangkat kosong")))
    return PrinterConfig(kind=PrinterKind.FILE, uri=uri, device=device)


def _win32(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    name = unquote(parts.netloc + parts.path).strip("/").strip()
    if not name:
        raise _bad(uri, Bilingual.of(N_("nama printer Windows kosong")))
    return PrinterConfig(kind=PrinterKind.WIN32, uri=uri, printer_name=name)


def _preview(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    target = _device_path(parts)
    return PrinterConfig(
        kind=PrinterKind.PREVIEW, uri=uri, preview_path=Path(target) if target else None
    )


def _dummy(uri: str, parts: SplitResult, query: dict[str, str]) -> PrinterConfig:
    if parts.netloc or parts.path.strip("/"):
        raise _bad(uri, Bilingual.of(N_("dummy: tidak memakai alamat")))
    return PrinterConfig(kind=PrinterKind.DUMMY, uri=uri)


_PARSERS = {
    PrinterKind.USB: _usb,
    PrinterKind.TCP: _tcp,
    PrinterKind.SERIAL: _serial,
    PrinterKind.FILE: _file,
    PrinterKind.WIN32: _win32,
    PrinterKind.PREVIEW: _preview,
    PrinterKind.DUMMY: _dummy,
}
