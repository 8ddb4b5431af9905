"""A fake Slack Web API on 127.0.0.1 that records every call and answers like Slack.

- ``/api/<method>``: JSON answers shaped like Slack's, ``ok: false`` with Slack's error
  codes when told to fail (or when a message breaks a Block Kit limit: ``invalid_blocks``,
  exactly as Slack would refuse it), and HTTP 429 with ``Retry-After`` when told to.
- ``/files/<id>/<name>``: the bytes of files registered with :meth:`FakeSlack.add_file`
  (their ``url_private_download`` points here), or an HTML login page, like Slack's when
  the token can't read files.
- ``/upload/<id>``: the upload URL of ``files.getUploadURLExternal``.
- ``/webhook/<n>``: ``response_url`` targets (``respond()``).

Waiting for something asynchronous uses a condition variable with a timeout, never a sleep.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.bot.block_limits import block_problems

Params = dict[str, Any]


@dataclass
class Call:
    """One request the fake received."""

    path: str
    method: str  # the Web API method (chat.postMessage), or the path for other requests
    params: Params
    body: bytes
    headers: dict[str, str]
    response: dict[str, Any] = field(default_factory=dict)  # what the fake answered


@dataclass
class _Failure:
    method: str
    error: str
    when: Callable[[Params], bool]
    times: int | None


@dataclass
class _RateLimit:
    method: str
    times: int
    retry_after: int


@dataclass
class FakeFile:
    """A file the fake serves."""

    id: str
    name: str
    content: bytes
    user: str
    content_type: str = "text/csv"
    html: bool = False
    size: int | None = None
    shares: dict[str, Any] = field(default_factory=dict)
    redirect: str | None = None  # answer 302 to this URL instead of the bytes


class FakeSlack:
    """The fake server. Use as a context manager, or call :meth:`start` / :meth:`stop`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.files: dict[str, FakeFile] = {}
        self.uploads: dict[str, bytes] = {}
        #: The workspace's people by e-mail, for ``users.lookupByEmail``.
        self.people: dict[str, str] = {}
        #: People's time zones (IANA names), for ``users.info``'s ``tz``.
        self.time_zones: dict[str, str] = {}
        self._failures: list[_Failure] = []
        self._limits: list[_RateLimit] = []
        self._holds: dict[str, tuple[threading.Event, threading.Event]] = {}
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>/``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def api_url(self) -> str:
        """The Web API base URL to give the bot (ends with ``/``)."""
        return self.base + "api/"

    def webhook(self) -> str:
        """A fresh response_url."""
        return f"{self.base}webhook/{next(self._ids)}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- set-up -------------------------------------------------------------------

    def add_file(
        self,
        file_id: str,
        name: str,
        content: bytes,
        *,
        user: str,
        html: bool = False,
        size: int | None = None,
        channel: str | None = None,
        share_ts: str | None = None,
    ) -> dict[str, Any]:
        """Register a file; returns its Slack file object (as events and files.info carry it)."""
        shares = {"private": {channel: [{"ts": share_ts}]}} if channel and share_ts else {}
        self.files[file_id] = FakeFile(
            file_id, name, content, user, html=html, size=size, shares=shares
        )
        return self.file_object(file_id)

    def file_object(self, file_id: str) -> dict[str, Any]:
        f = self.files[file_id]
        return {
            "id": f.id,
            "name": f.name,
            "title": f.name,
            "user": f.user,
            "filetype": "csv",
            "mimetype": "text/csv",
            "size": f.size if f.size is not None else len(f.content),
            "url_private": f"{self.base}files/{f.id}/{f.name}",
            "url_private_download": f"{self.base}files/{f.id}/download/{f.name}",
            "shares": f.shares,
        }

    def fail(
        self,
        method: str,
        error: str,
        *,
        when: Callable[[Params], bool] = lambda _p: True,
        times: int | None = None,
    ) -> None:
        """Answer ``ok: false, error`` to calls of a method (matching ``when``)."""
        with self._lock:
            self._failures.append(_Failure(method, error, when, times))

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 0) -> None:
        """Answer HTTP 429 with Retry-After to the next ``times`` calls of a method."""
        with self._lock:
            self._limits.append(_RateLimit(method, times, retry_after))

    # ---- reading what happened ------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Every call of a method so far, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        """The methods called so far, in order."""
        with self._lock:
            return [c.method for c in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait (without sleeping) until a method was called ``count`` times."""
        with self._lock:
            self._lock.wait_for(
                lambda: len([c for c in self.calls if c.method == method]) >= count, timeout
            )
            found = [c for c in self.calls if c.method == method]
        assert len(found) >= count, f"{method}: {len(found)} call(s), wanted {count}"
        return found

    def clear(self) -> None:
        """Forget the calls so far."""
        with self._lock:
            self.calls.clear()

    # ---- answering --------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _limited(self, method: str) -> int | None:
        with self._lock:
            for limit in self._limits:
                if limit.method == method and limit.times > 0:
                    limit.times -= 1
                    return limit.retry_after
        return None

    def _failure(self, method: str, params: Params) -> str | None:
        with self._lock:
            for failure in self._failures:
                if failure.method == method and failure.when(params):
                    if failure.times is not None:
                        if failure.times <= 0:
                            continue
                        failure.times -= 1
                    return failure.error
        return None

    def hold(self, method: str) -> tuple[threading.Event, threading.Event]:
        """Keep the next call of ``method`` waiting until the test lets it go.

        Returns:
            ``arrived`` (set when that call reaches the fake) and ``release`` (set it to
            answer the call).
        """
        arrived, release = threading.Event(), threading.Event()
        with self._lock:
            self._holds[method] = (arrived, release)
        return arrived, release

    def answer(self, method: str, params: Params) -> dict[str, Any]:
        """What Slack would answer to a Web API call."""
        with self._lock:
            held = self._holds.pop(method, None)
        if held is not None:
            held[0].set()
            held[1].wait(timeout=10)
        error = self._failure(method, params)
        if error:
            return {"ok": False, "error": error}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        result: dict[str, Any] = handler(params)
        return result

    def _ts_next(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _chat_postMessage(self, p: Params) -> dict[str, Any]:
        channel = str(p.get("channel", ""))
        if channel.startswith(("U", "W")):
            return {"ok": False, "error": "channel_not_found"}
        problems = block_problems(p.get("blocks"), max_blocks=50)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return {"ok": True, "channel": channel, "ts": self._ts_next(), "message": {}}

    def _chat_update(self, p: Params) -> dict[str, Any]:
        if str(p.get("channel", "")).startswith(("U", "W")):
            return {"ok": False, "error": "channel_not_found"}
        problems = block_problems(p.get("blocks"), max_blocks=50)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts")}

    def _chat_postEphemeral(self, p: Params) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._ts_next()}

    def _conversations_open(self, p: Params) -> dict[str, Any]:
        user = str(p.get("users", ""))
        return {"ok": True, "channel": {"id": "D" + user[1:]}}

    def _views_open(self, p: Params) -> dict[str, Any]:
        problems = block_problems(_view(p).get("blocks"), max_blocks=100)
        if problems:
            return {"ok": False, "error": "invalid_arguments", "errors": problems}
        return {"ok": True, "view": {"id": f"V{next(self._ids)}"}}

    def _views_publish(self, p: Params) -> dict[str, Any]:
        return self._views_open(p)

    def _views_update(self, p: Params) -> dict[str, Any]:
        if not p.get("view_id") and not p.get("external_id"):
            return {"ok": False, "error": "invalid_arguments"}
        problems = block_problems(_view(p).get("blocks"), max_blocks=100)
        if problems:
            return {"ok": False, "error": "invalid_arguments", "errors": problems}
        return {"ok": True, "view": {"id": p.get("view_id")}}

    def _users_info(self, p: Params) -> dict[str, Any]:
        user = str(p.get("user", ""))
        found = {"id": user, "name": user.lower(), "is_bot": False}
        if user in self.time_zones:
            found["tz"] = self.time_zones[user]
        return {"ok": True, "user": found}

    def _users_lookupByEmail(self, p: Params) -> dict[str, Any]:
        user = self.people.get(str(p.get("email", "")).lower())
        if user is None:
            return {"ok": False, "error": "users_not_found"}
        return {"ok": True, "user": {"id": user, "name": user.lower(), "is_bot": False}}

    def _files_info(self, p: Params) -> dict[str, Any]:
        file_id = str(p.get("file", ""))
        if file_id not in self.files:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": self.file_object(file_id)}

    def _files_getUploadURLExternal(self, p: Params) -> dict[str, Any]:
        file_id = f"FUP{next(self._ids)}"
        return {"ok": True, "upload_url": f"{self.base}upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, p: Params) -> dict[str, Any]:
        files = json.loads(p.get("files", "[]"))
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _auth_test(self, p: Params) -> dict[str, Any]:
        return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}


def _view(params: Params) -> dict[str, Any]:
    view = params.get("view") or {}
    return json.loads(view) if isinstance(view, str) else dict(view)


_LOGIN_PAGE = b"<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in</body></html>"


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            params: Params = dict(parse_qsl(parts.query))
            ctype = self.headers.get("content-type", "")
            path = parts.path
            if path.startswith("/upload/"):
                pass  # an upload's body is the file's bytes (a PNG), not parameters
            elif body and "json" in ctype:
                params.update(json.loads(body))
            elif body and "x-www-form-urlencoded" in ctype:
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            if path.startswith("/api/"):
                method = path[len("/api/") :]
            else:
                method = "/" + path.strip("/").split("/")[0]
            call = Call(path, method, params, body, dict(self.headers.items()))
            fake._record(call)
            if path.startswith("/api/"):
                retry_after = fake._limited(method)
                if retry_after is not None:
                    self._send(
                        429,
                        b'{"ok":false,"error":"ratelimited"}',
                        "application/json",
                        {"Retry-After": str(retry_after)},
                    )
                    return
                call.response = fake.answer(method, params)
                answer = json.dumps(call.response).encode()
                self._send(200, answer, "application/json; charset=utf-8")
            elif path.startswith("/files/"):
                file_id = path.split("/")[2]
                f = fake.files.get(file_id)
                if f is None:
                    self._send(404, b"not found", "text/plain")
                elif f.redirect is not None:
                    self.send_response(302)
                    self.send_header("Location", f.redirect)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif f.html or "Bearer xoxb-" not in self.headers.get("authorization", ""):
                    self._send(200, _LOGIN_PAGE, "text/html; charset=utf-8")
                else:
                    self._send(200, f.content, f.content_type)
            elif path.startswith("/upload/"):
                fake.uploads[path.split("/")[2]] = body
                self._send(200, b"OK", "text/plain")
            else:
                self._send(200, b"ok", "text/plain")

        def _send(
            self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
