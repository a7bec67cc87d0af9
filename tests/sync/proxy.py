"""A small HTTP proxy on loopback that injects real network faults between hall and HQ.

Each request takes the next scripted fault (or ``default``):

- ``pass``: forward and return HQ's answer;
- ``drop``: close the connection without forwarding;
- ``error500``: answer 500 without forwarding;
- ``ratelimit``: answer 429 with ``Retry-After: 7`` without forwarding;
- ``too_large``: answer 413 without forwarding;
- ``swallow``: forward (HQ stores the batch), then close without answering;
- ``stall``: forward, then hold the answer for ``stall_seconds`` before sending it.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FaultProxy:
    def __init__(self, upstream_port: int, default: str = "pass") -> None:
        self.upstream_port = upstream_port
        self.default = default
        self.stall_seconds = 2.0
        self.faults: deque[str] = deque()
        self.log: list[tuple[str, str, int]] = []  # (fault, path, body size)
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                proxy.handle(self)

            def do_GET(self) -> None:  # noqa: N802
                proxy.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, *faults: str) -> None:
        with self.lock:
            self.faults.extend(faults)

    def _next(self) -> str:
        with self.lock:
            return self.faults.popleft() if self.faults else self.default

    def count(self, fault: str) -> int:
        with self.lock:
            return sum(1 for f, _p, _n in self.log if f == fault)

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        fault = self._next()
        with self.lock:
            self.log.append((fault, handler.path, len(body)))
        handler.close_connection = True
        if fault == "drop":
            return
        if fault in ("error500", "ratelimit", "too_large"):
            status = {"error500": 500, "ratelimit": 429, "too_large": 413}[fault]
            self._reply(handler, status, {"Retry-After": "7"}, b'{"detail":"injected"}')
            return
        status, headers, answer = self._forward(handler, body)
        if fault == "swallow":
            return
        if fault == "stall":
            time.sleep(self.stall_seconds)
        self._reply(handler, status, headers, answer)

    def _forward(
        self, handler: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            headers = {k: v for k, v in handler.headers.items() if k.lower() != "connection"}
            conn.request(handler.command, handler.path, body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            kept = {
                k: v
                for k, v in response.getheaders()
                if k.lower() not in ("connection", "transfer-encoding", "content-length")
            }
            return response.status, kept, answer
        except OSError:
            return 502, {}, b'{"detail":"upstream down"}'
        finally:
            conn.close()

    @staticmethod
    def _reply(
        handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
    ) -> None:
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            return  # the client gave up (a timeout under test): the answer is lost
