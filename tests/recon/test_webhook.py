"""Webhook delivery against a real HTTP server on 127.0.0.1: signature, retries, give-up."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from recon.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, deliver, sign, verify

SECRET = "s3cret-shared"


class Receiver:
    """A local webhook receiver answering a scripted list of statuses."""

    def __init__(self, statuses: list[int], retry_after: str | None = None) -> None:
        self.statuses = statuses
        self.retry_after = retry_after
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if receiver.retry_after and status == 429:
                    self.send_header("Retry-After", receiver.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory() -> Iterator:
    made: list[Receiver] = []

    def make(statuses: list[int], retry_after: str | None = None) -> Receiver:
        made.append(Receiver(statuses, retry_after))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


PAYLOAD = {"type": "billing_gap_alert", "client": "Acme", "monthly_total": "250.00"}


def test_delivery_is_signed_so_the_receiver_can_verify_it(receiver_factory) -> None:
    receiver = receiver_factory([200])
    result = deliver(receiver.url, PAYLOAD, secret=SECRET, clock=lambda: 1_760_000_000)
    assert (result.ok, result.attempts, result.status) == (True, 1, 200)
    ((headers, body),) = receiver.received
    assert json.loads(body) == PAYLOAD
    assert headers[TIMESTAMP_HEADER] == "1760000000"
    sent = 1_760_000_000
    assert verify(SECRET, sent, body, headers[SIGNATURE_HEADER], now=sent + 10)
    assert not verify("wrong", sent, body, headers[SIGNATURE_HEADER], now=sent)
    assert not verify(SECRET, sent + 1, body, headers[SIGNATURE_HEADER], now=sent)


@pytest.mark.parametrize(("offset", "ok"), [(299, True), (301, False), (-301, False)])
def test_a_signature_older_or_newer_than_five_minutes_is_refused(offset: int, ok: bool) -> None:
    body, sent = b'{"type":"billing_gap_alert"}', 1_760_000_000
    signature = sign(SECRET, sent, body)
    assert verify(SECRET, sent, body, signature, now=sent + offset) is ok
    assert verify(SECRET, sent, body, signature) is False  # years ago, by the real clock


def test_server_errors_are_retried_with_backoff(receiver_factory) -> None:
    receiver = receiver_factory([500, 503, 200])
    waits: list[float] = []
    result = deliver(receiver.url, PAYLOAD, secret=SECRET, sleep=waits.append)
    assert (result.ok, result.attempts) == (True, 3)
    assert waits == [1.0, 2.0]
    assert len(receiver.received) == 3


def test_429_honours_retry_after(receiver_factory) -> None:
    receiver = receiver_factory([429, 200], retry_after="30")
    waits: list[float] = []
    assert deliver(receiver.url, PAYLOAD, secret=SECRET, sleep=waits.append).ok
    assert waits == [30.0]


def test_a_refusal_is_not_retried(receiver_factory) -> None:
    receiver = receiver_factory([403])
    waits: list[float] = []
    result = deliver(receiver.url, PAYLOAD, secret=SECRET, sleep=waits.append)
    assert (result.ok, result.attempts, result.status, result.error) == (False, 1, 403, "HTTP 403")
    assert waits == []


def test_an_unreachable_receiver_gives_up_without_raising(receiver_factory) -> None:
    receiver = receiver_factory([])
    url = receiver.url
    receiver.close()
    waits: list[float] = []
    result = deliver(url, PAYLOAD, secret=SECRET, sleep=waits.append, attempts=3, timeout=2)
    assert (result.ok, result.attempts, result.status) == (False, 3, None)
    assert result.error is not None and result.error.startswith("unreachable")
    assert waits == [1.0, 2.0]


def test_signature_format() -> None:
    assert sign("k", 1, b"{}").startswith("v1=") and len(sign("k", 1, b"{}")) == 67
