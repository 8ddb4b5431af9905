"""HTTP mode: Bolt behind a WSGI server that checks a request before Bolt reads it.

:class:`SlackHandler` serves ``/slack/events`` and ``/healthz``. A body over the size limit
(``RECON_MAX_REQUEST_MB``) is refused before it is read; an unsigned, badly signed or stale
(over five minutes) request gets 401 before it is parsed; a malformed one gets 400; none of
them produces a traceback, and no body is ever logged.

Bolt 1.30 decides that a form body is an interactive payload when the raw text contains
the substring ``payload`` anywhere, so ``/reconcile gaps Payload Systems`` would parse to
nothing and be answered ``404 unhandled request``. :class:`SlackRequest` parses the form
properly when there is no actual ``payload`` field (Socket Mode is not affected: its body
is already a dict). The signature is still checked over the raw body.

The server is waitress when it is installed (recommended for production: a pool of
threads, HTTP/1.1, behind a TLS-terminating proxy), else the standard library's WSGI server
in threading mode. Bolt's own development server handles one request at a time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context

log = logging.getLogger(__name__)

#: Bolt's standard path for events, commands and interactions.
EVENTS_PATH = "/slack/events"


class SlackRequest(BoltRequest):
    """A BoltRequest whose form bodies are parsed correctly (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        body = kwargs.get("body")
        if (
            self.mode == "http"
            and isinstance(body, str)
            and self.content_type != "application/json"
            and not body.startswith("{")
            and "payload" in body
        ):
            form = dict(parse_qsl(body, keep_blank_values=True))
            if "payload" not in form:
                self.body = form
                self.context = build_context(BoltContext(kwargs.get("context") or {}), form)

    def to_copyable(self) -> SlackRequest:
        """A copy for lazy listeners (kept of this class, so the fix survives the copy)."""
        return SlackRequest(
            body=self.raw_body if self.mode == "http" else self.body,
            query=self.query,
            headers=self.headers,
            context=self.context.to_copyable(),
            mode=self.mode,
        )


#: The process manager's health check (``GET``): 200 when the store can be read, else 503.
HEALTH_PATH = "/healthz"
#: Slack's own payloads are far smaller; anything bigger is refused before it is read.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
#: Slack's rule: a signature older (or newer) than five minutes is a replay.
MAX_SIGNATURE_AGE_S = 5 * 60

Health = Callable[[], tuple[bool, dict[str, Any]]]


def _healthy() -> tuple[bool, dict[str, Any]]:
    return True, {}


class SlackHandler(SlackRequestHandler):
    """Bolt's WSGI adapter with the checks that come before Bolt sees a request.

    In order, and without reading more than it must: the path and method (404 / 405); the
    body's declared length (411 without one, 400 when malformed, 413 over ``max_body``,
    before a byte of it is read); Slack's signature and timestamp (401 when missing, wrong,
    or more than five minutes off); UTF-8 (400). Only then is it parsed and dispatched.
    A refusal is one log line naming the path and the reason; a body is never logged.

    Args:
        app: the Bolt app.
        path: where Slack posts (default ``/slack/events``).
        signing_secret: checks the signature here (None: left to Bolt, tests only).
        max_body: the largest body read, in bytes (default 2 MB).
        health: what ``GET /healthz`` reports: ``(ok, details)``.
        clock: Unix time, for the signature's age (tests inject one).
    """

    def __init__(
        self,
        app: App,
        path: str = EVENTS_PATH,
        *,
        signing_secret: str | None = None,
        max_body: int = DEFAULT_MAX_BODY_BYTES,
        health: Health = _healthy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(app, path=path)
        self.max_body = max_body
        self.health = health
        self.clock = clock
        self._secret = signing_secret.encode() if signing_secret else None

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        """Hand one HTTP request to the app."""
        return self.app.dispatch(
            SlackRequest(
                body=request.get_body(), query=request.query_string, headers=request.get_headers()
            )
        )

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """Answer one WSGI request (see the class docstring for the order of checks)."""
        method = str(environ.get("REQUEST_METHOD", "GET"))
        path = str(environ.get("PATH_INFO", ""))
        try:
            if path == HEALTH_PATH:
                status, headers, body = self._health(method)
            elif path == self.path:
                status, headers, body = self._events(method, environ)
            else:
                status, headers, body = _plain(404, "not found")
        except Exception:  # a bug: logged with its traceback, never sent to the caller
            log.exception("%s %s failed", method, path)
            status, headers, body = _plain(500, "internal error")
        start_response(_status_line(status), headers)
        return [body]

    def _health(self, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
        if method not in ("GET", "HEAD"):
            return _plain(405, "use GET")
        ok, details = self.health()
        body = json.dumps({"ok": ok, **details}).encode()
        return 200 if ok else 503, [("Content-Type", "application/json")], body

    def _events(
        self, method: str, environ: dict[str, Any]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        if method != "POST":
            return _refuse(405, "use POST", method)
        declared = str(environ.get("CONTENT_LENGTH") or "").strip()
        if not declared:
            return _refuse(411, "a Content-Length is required", method)
        if not declared.isdigit():
            return _refuse(400, "malformed Content-Length", method)
        length = int(declared)
        if length > self.max_body:
            return _refuse(413, f"body of {length:,} bytes is over {self.max_body:,}", method)
        raw = environ["wsgi.input"].read(length) if length else b""
        if len(raw) != length:
            return _refuse(400, "body shorter than its Content-Length", method)
        request = WsgiHttpRequest(environ)
        headers = request.get_headers()
        if self._secret is not None and not self._signed(raw, headers):
            return _refuse(401, "missing, invalid or expired Slack signature", method)
        try:
            text = raw.decode("utf-8")
            bolt_request = SlackRequest(body=text, query=request.query_string, headers=headers)
        except (UnicodeDecodeError, ValueError) as err:  # JSONDecodeError is a ValueError
            return _refuse(400, f"unreadable body ({type(err).__name__})", method)
        response = self.app.dispatch(bolt_request)
        wsgi = WsgiHttpResponse(
            status=response.status, headers=response.headers, body=response.body
        )
        return response.status, wsgi.get_headers(), b"".join(wsgi.get_body())

    def _signed(self, raw: bytes, headers: dict[str, Any]) -> bool:
        stamp = _one(headers.get("x-slack-request-timestamp"))
        signature = _one(headers.get("x-slack-signature"))
        if not stamp or not signature or not stamp.isdigit():
            return False
        if abs(self.clock() - int(stamp)) > MAX_SIGNATURE_AGE_S:
            return False
        assert self._secret is not None
        # Slack's scheme, over the raw bytes (a body that is not UTF-8 is still checked).
        base = b"v0:" + stamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)


def _one(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return None if value is None else str(value)


def _plain(status: int, text: str) -> tuple[int, list[tuple[str, str]], bytes]:
    body = json.dumps({"error": text}).encode()
    return status, [("Content-Type", "application/json")], body


def _refuse(status: int, reason: str, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
    log.info("refused a %s to %s with %s: %s", method, EVENTS_PATH, status, reason)
    return _plain(status, "invalid request" if status == 401 else reason)


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def make_wsgi_app(
    app: App,
    *,
    signing_secret: str | None = None,
    max_body: int = DEFAULT_MAX_BODY_BYTES,
    health: Health = _healthy,
) -> SlackHandler:
    """The WSGI application serving ``/slack/events`` and ``/healthz``."""
    return SlackHandler(
        app, path=EVENTS_PATH, signing_secret=signing_secret, max_body=max_body, health=health
    )


def make_stdlib_server(
    app: App,
    *,
    host: str,
    port: int,
    signing_secret: str | None = None,
    max_body: int = DEFAULT_MAX_BODY_BYTES,
    health: Health = _healthy,
) -> WSGIServer:
    """A threading standard-library WSGI server (tests, and when waitress is missing)."""
    return make_server(
        host,
        port,
        make_wsgi_app(app, signing_secret=signing_secret, max_body=max_body, health=health),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )


def serve(
    app: App,
    *,
    host: str,
    port: int,
    signing_secret: str | None,
    max_body: int = DEFAULT_MAX_BODY_BYTES,
    health: Health = _healthy,
) -> None:
    """Serve the app until interrupted: waitress if installed, else the stdlib server."""
    wsgi = make_wsgi_app(app, signing_secret=signing_secret, max_body=max_body, health=health)
    try:
        import waitress  # noqa: PLC0415 - optional dependency
    except ImportError:
        log.warning("waitress is not installed; using the standard library's threading server")
        server = make_stdlib_server(
            app,
            host=host,
            port=port,
            signing_secret=signing_secret,
            max_body=max_body,
            health=health,
        )
        log.info("listening on http://%s:%d%s", host, port, EVENTS_PATH)
        server.serve_forever()
        return
    log.info("listening on http://%s:%d%s (waitress)", host, port, EVENTS_PATH)
    # waitress refuses a larger body itself (413), before reading it into memory.
    waitress.serve(wsgi, host=host, port=port, threads=8, max_request_body_size=max_body + 1)


def make_health_server(*, host: str, port: int, health: Health) -> WSGIServer:
    """A server answering ``GET /healthz`` only: Socket Mode takes no HTTP from Slack."""

    def health_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != HEALTH_PATH:
            status, headers, body = _plain(404, "not found")
        elif environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            status, headers, body = _plain(405, "use GET")
        else:
            ok, details = health()
            status, headers = (200 if ok else 503), [("Content-Type", "application/json")]
            body = json.dumps({"ok": ok, **details}).encode()
        start_response(_status_line(status), headers)
        return [body]

    return make_server(
        host, port, health_app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )


class RedactBodies(logging.Filter):
    """Never let a request body reach the log, even from a library's own log line.

    Bolt logs a failed signature check with the whole body at INFO; the bot checks
    signatures before Bolt does, and this filter, on the handlers, is the second lock.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Cut a record's message at ``body:``."""
        if record.name.startswith("slack_bolt"):
            message = record.getMessage()
            cut = message.find("body:")
            if cut >= 0:
                record.msg = message[:cut] + "body: (not logged)"
                record.args = None
        return True
