"""Printer URIs: every kind, the common options, and clear errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import ConfigError
from hardware.printer.uri import PrinterConfig, PrinterKind, parse_printer_uri


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("usb://04b8:0202", {"kind": PrinterKind.USB, "vendor_id": 0x04B8, "product_id": 0x0202}),
        (
            "usb://0416:5011?in_ep=0x81&out_ep=3",
            {"vendor_id": 0x0416, "product_id": 0x5011, "in_ep": 0x81, "out_ep": 3},
        ),
        (
            "tcp://192.168.1.50:9100",
            {"kind": PrinterKind.TCP, "host": "192.168.1.50", "port": 9100},
        ),
        ("tcp://printer.local", {"host": "printer.local", "port": 9100}),
        ("socket://10.0.0.7:9101", {"kind": PrinterKind.TCP, "host": "10.0.0.7", "port": 9101}),
        ("tcp://[::1]:9100", {"host": "::1", "port": 9100}),
        ("serial:///dev/ttyS0?baudrate=19200", {"device": "/dev/ttyS0", "baudrate": 19200}),
        ("serial://COM3", {"kind": PrinterKind.SERIAL, "device": "COM3", "baudrate": 9600}),
        ("file:///dev/usb/lp0", {"kind": PrinterKind.FILE, "device": "/dev/usb/lp0"}),
        ("file:///C:/antrean/job.bin", {"device": "C:/antrean/job.bin"}),
        ("win32:EPSON TM-T82", {"kind": PrinterKind.WIN32, "printer_name": "EPSON TM-T82"}),
        ("win32://EPSON%20TM-T82%20Receipt", {"printer_name": "EPSON TM-T82 Receipt"}),
        ("preview:///tmp/t/ticket.png", {"preview_path": Path("/tmp/t/ticket.png")}),
        ("preview:", {"kind": PrinterKind.PREVIEW, "preview_path": None}),
        ("dummy:", {"kind": PrinterKind.DUMMY, "paper_mm": 80, "profile": None}),
        ("dummy:?paper=58&profile=TM-T88V", {"paper_mm": 58, "profile": "TM-T88V"}),
        ("tcp://10.1.1.9?paper=58&timeout=0.5", {"paper_mm": 58, "timeout": 0.5}),
        ("  USB://04B8:0E15  ", {"vendor_id": 0x04B8, "product_id": 0x0E15}),
    ],
)
def test_good_uris(uri: str, expected: dict[str, object]) -> None:
    config = parse_printer_uri(uri)
    assert isinstance(config, PrinterConfig)
    for field, value in expected.items():
        assert getattr(config, field) == value, field
    assert config.uri == uri


@pytest.mark.parametrize(
    ("uri", "hint"),
    [
        ("", "unknown kind"),
        ("192.168.1.50", "unknown kind"),
        ("lpt://1", "unknown kind"),
        ("usb://printer", "vendor:product"),
        ("usb://04b8", "vendor:product"),
        ("usb://04b8:0202?in_ep=300", "in_ep"),
        ("tcp://", "empty host"),
        ("tcp://host:99999", "bad port"),
        ("tcp://host:abc", "bad port"),
        ("tcp://host:9100/queue", "no path"),
        ("serial://", "empty serial"),
        ("serial:///dev/ttyS0?baudrate=fast", "baudrate"),
        ("file://", "empty device"),
        ("win32:", "empty Windows"),
        ("dummy://x", "no address"),
        ("dummy:?paper=76", "58 or 80"),
        ("dummy:?profile=NoSuchPrinter", "unknown profile"),
        ("dummy:?timeout=0", "timeout"),
        ("tcp://host?papr=58", "unknown parameter: papr"),
        ("tcp://host?baudrate=9600", "unknown parameter: baudrate"),
    ],
)
def test_bad_uris_raise_config_error_in_both_languages(uri: str, hint: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_printer_uri(uri)
    error = caught.value
    assert hint in error.message_en
    assert error.message_id.startswith("Alamat printer tidak valid")
    assert error.message("en").startswith("Invalid printer address")
    assert error.code == "config_error"


def test_config_is_frozen() -> None:
    config = parse_printer_uri("dummy:")
    with pytest.raises(AttributeError):
        config.paper_mm = 58  # type: ignore[misc]
