"""A tiny real HTTP server on 127.0.0.1 for fake vendor APIs, with scripted failures.

Each fake API is a handler ``(Request) -> Reply``. The server records every request, and
``script(prefix, replies)`` makes the next requests whose path starts with ``prefix`` get
those replies first (a 429, a 500, malformed JSON...), so a test can stage a failure at an
exact point of a pull.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        """The body as a form."""
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Reply:
    """What to answer: a status, a body (dict/list become JSON) and headers."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        """Body bytes and headers (with a content type)."""
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            return self.body, headers
        if isinstance(self.body, str):
            headers.setdefault("Content-Type", "text/plain")
            return self.body.encode(), headers
        if self.body is None:
            return b"", headers
        headers.setdefault("Content-Type", "application/json")
        return json.dumps(self.body).encode(), headers


Handler = Callable[[Request], Reply]


class FakeServer:
    """ThreadingHTTPServer on an ephemeral port, serving one fake API in a thread.

    Usage::

        with FakeServer(api.handle) as server:
            server.url            # http://127.0.0.1:PORT
            server.script("/v1/subscriptions", [Reply(429, headers={"Retry-After": "7"})])
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self._scripts: list[tuple[str, list[Reply]]] = []
        self._lock = threading.Lock()
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms stalls

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                request = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                reply = outer._dispatch(request)
                body, headers = reply.encoded()
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: tests read ``requests`` instead."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, prefix: str, replies: list[Reply]) -> None:
        """Answer the next requests under ``prefix`` with ``replies``, in order."""
        with self._lock:
            self._scripts.append((prefix, list(replies)))

    def paths(self, method: str | None = None) -> list[str]:
        """Paths requested so far (optionally of one method)."""
        with self._lock:
            return [r.path for r in self.requests if method is None or r.method == method]

    def _dispatch(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            for prefix, replies in self._scripts:
                if request.path.startswith(prefix) and replies:
                    return replies.pop(0)
        return self.handler(request)

    def start(self) -> FakeServer:
        """Start serving."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def bearer(request: Request) -> str:
    """The bearer token of a request, or ""."""
    value = request.headers.get("authorization", "")
    return value[7:] if value.startswith("Bearer ") else ""
