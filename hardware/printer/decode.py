"""Read an ESC/POS job back into lines, QR codes, images and cuts.

Understands the subset of ESC/POS that python-escpos emits for tickets. Used by the tests
to check a ticket the way a printer would see it, and handy for inspecting a captured job
(``python -m hardware.printer.decode job.bin``). An unknown command raises ``ValueError``
with its offset, so a layout change that emits something new is noticed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A


@dataclass(frozen=True, slots=True)
class Style:
    align: str = "left"
    bold: bool = False
    invert: bool = False
    width: int = 1  # character magnification, 1-8
    height: int = 1


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    style: Style


@dataclass(frozen=True, slots=True)
class Raster:
    width_dots: int
    height_dots: int


@dataclass
class DecodedJob:
    lines: list[Line] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    qr_module_size: int | None = None
    images: list[Raster] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)  # "full" or "partial"
    size_commands: list[tuple[int, int]] = field(default_factory=list)  # GS ! (w, h)
    status_queries: list[int] = field(default_factory=list)  # DLE EOT n
    inits: int = 0

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def find(self, needle: str) -> Line:
        for line in self.lines:
            if needle in line.text:
                return line
        raise LookupError(f"no printed line contains {needle!r}")


_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_SIMPLE_ESC = {ord("E"), ord("-"), ord("t"), ord("M"), ord("G"), ord("{"), ord("d"),
               ord("J"), ord("3"), ord("r"), ord("R")}  # fmt: skip
_SIMPLE_GS = {ord("b"), ord("|"), ord("H"), ord("h"), ord("w"), ord("f")}


class _Decoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.style = Style()
        self.job = DecodedJob()
        self.text: list[str] = []
        self.text_style: Style | None = None

    def run(self) -> DecodedJob:
        while self.pos < len(self.data):
            byte = self.data[self.pos]
            if byte == ESC:
                self._esc()
            elif byte == GS:
                self._gs()
            elif byte == DLE:
                self._dle()
            elif byte == LF:
                self._flush()
                self.pos += 1
            elif byte >= 0x20 or byte == 0x09:
                self._char(byte)
            else:
                raise ValueError(f"unexpected control byte 0x{byte:02x} at {self.pos}")
        if self.text:
            self._flush()
        return self.job

    def _need(self, count: int) -> bytes:
        chunk = self.data[self.pos : self.pos + count]
        if len(chunk) < count:
            raise ValueError(f"truncated command at {self.pos}")
        return chunk

    def _char(self, byte: int) -> None:
        if self.text_style is None:
            self.text_style = self.style
        self.text.append(bytes([byte]).decode("cp437"))
        self.pos += 1

    def _flush(self) -> None:
        self.job.lines.append(Line("".join(self.text), self.text_style or self.style))
        self.text = []
        self.text_style = None

    def _esc(self) -> None:
        cmd = self._need(2)[1]
        if cmd == ord("@"):
            self.job.inits += 1
            self.style = Style()
            self.pos += 2
        elif cmd == ord("2"):
            self.pos += 2
        elif cmd == ord("!"):
            mode = self._need(3)[2]
            self.style = replace(
                self.style,
                bold=bool(mode & 0x08),
                width=2 if mode & 0x20 else 1,
                height=2 if mode & 0x10 else 1,
            )
            self.pos += 3
        elif cmd == ord("a"):
            self.style = replace(self.style, align=_ALIGN.get(self._need(3)[2], "left"))
            self.pos += 3
        elif cmd == ord("E"):
            self.style = replace(self.style, bold=bool(self._need(3)[2] & 1))
            self.pos += 3
        elif cmd in _SIMPLE_ESC:
            self.pos += 3
        else:
            raise ValueError(f"unknown command ESC 0x{cmd:02x} at {self.pos}")

    def _gs(self) -> None:
        cmd = self._need(2)[1]
        if cmd == ord("!"):
            size = self._need(3)[2]
            width, height = (size >> 4) + 1, (size & 0x0F) + 1
            self.job.size_commands.append((width, height))
            self.style = replace(self.style, width=width, height=height)
            self.pos += 3
        elif cmd == ord("B"):
            self.style = replace(self.style, invert=bool(self._need(3)[2] & 1))
            self.pos += 3
        elif cmd == ord("V"):
            self._cut()
        elif cmd == ord("(") and self._need(3)[2] in (ord("k"), ord("L")):
            self._gs_paren()
        elif cmd == ord("v"):
            self._raster()
        elif cmd in _SIMPLE_GS:
            self.pos += 3
        else:
            raise ValueError(f"unknown command GS 0x{cmd:02x} at {self.pos}")

    def _cut(self) -> None:
        mode = self._need(3)[2]
        self.job.cuts.append("partial" if mode in (1, 49, 66) else "full")
        self.pos += 4 if mode in (65, 66) else 3

    def _gs_paren(self) -> None:
        head = self._need(5)
        length = head[3] | (head[4] << 8)
        body = self._need(5 + length)[5:]
        if head[2] == ord("k") and body[:1] == b"1":
            self._qr_function(body)
        self.pos += 5 + length

    def _qr_function(self, body: bytes) -> None:
        fn = body[1]
        if fn == ord("P"):  # store data: cn fn m d1...dk
            self.job.qr_codes.append(body[3:].decode("utf-8"))
        elif fn == ord("C"):
            self.job.qr_module_size = body[2]

    def _raster(self) -> None:
        head = self._need(8)
        if head[2] != ord("0"):
            raise ValueError(f"unknown GS v variant at {self.pos}")
        width_bytes = head[4] | (head[5] << 8)
        height = head[6] | (head[7] << 8)
        self._need(8 + width_bytes * height)
        self.job.images.append(Raster(width_bytes * 8, height))
        self.pos += 8 + width_bytes * height

    def _dle(self) -> None:
        head = self._need(3)
        if head[1] != 0x04:
            raise ValueError(f"unknown DLE command at {self.pos}")
        self.job.status_queries.append(head[2])
        self.pos += 3


def decode_escpos(data: bytes) -> DecodedJob:
    """Decode an ESC/POS byte stream; raise ``ValueError`` on anything unknown."""
    return _Decoder(data).run()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m hardware.printer.decode JOB.bin", file=sys.stderr)
        return 2
    with open(args[0], "rb") as handle:
        job = decode_escpos(handle.read())
    for line in job.lines:
        marks = f"{line.style.align[0]}{'B' if line.style.bold else ' '}"
        marks += f"{'I' if line.style.invert else ' '} {line.style.width}x{line.style.height}"
        print(f"[{marks}] {line.text}")
    for payload in job.qr_codes:
        print(f"[QR] {payload}")
    for image in job.images:
        print(f"[image] {image.width_dots}x{image.height_dots} dots")
    print(f"[cuts] {', '.join(job.cuts) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
