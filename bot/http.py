"""HTTP mode: Bolt behind a WSGI server, with a workaround for a Bolt body-parsing bug.

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

import logging
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
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


class SlackHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, dispatching :class:`SlackRequest` objects."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        """Hand one HTTP request to the app."""
        return self.app.dispatch(
            SlackRequest(
                body=request.get_body(), query=request.query_string, headers=request.get_headers()
            )
        )


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def make_wsgi_app(app: App) -> SlackHandler:
    """The WSGI application serving ``/slack/events``."""
    return SlackHandler(app, path=EVENTS_PATH)


def make_stdlib_server(app: App, *, host: str, port: int) -> WSGIServer:
    """A threading standard-library WSGI server (tests, and when waitress is missing)."""
    return make_server(
        host,
        port,
        make_wsgi_app(app),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )


def serve(app: App, *, host: str = "0.0.0.0", port: int) -> None:
    """Serve the app until interrupted: waitress if installed, else the stdlib server."""
    wsgi = make_wsgi_app(app)
    try:
        import waitress  # noqa: PLC0415 - optional dependency
    except ImportError:
        log.warning("waitress is not installed; using the standard library's threading server")
        server = make_stdlib_server(app, host=host, port=port)
        log.info("listening on http://%s:%d%s", host, port, EVENTS_PATH)
        server.serve_forever()
        return
    log.info("listening on http://%s:%d%s (waitress)", host, port, EVENTS_PATH)
    waitress.serve(wsgi, host=host, port=port, threads=8)
