"""HTTP mode: signatures, replays, and the ``payload`` substring workaround, over real HTTP."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from slack_bolt import App

from bot.http import EVENTS_PATH, make_stdlib_server
from recon import Store
from tests.bot.conftest import ADMIN, TEAM, Slack, seed, sign
from tests.bot.fake_slack import FakeSlack


@pytest.fixture
def server(app: App) -> Iterator[str]:
    """The bot served over HTTP on 127.0.0.1 (the stdlib threading server)."""
    httpd = make_stdlib_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{EVENTS_PATH}"
    httpd.shutdown()
    httpd.server_close()


def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def command_body(fake: FakeSlack, text: str) -> str:
    return urlencode(
        {
            "team_id": TEAM,
            "channel_id": "DADMIN001",
            "user_id": ADMIN,
            "command": "/reconcile",
            "text": text,
            "response_url": fake.webhook(),
            "trigger_id": "1.2.3",
        }
    )


FORM = {"content-type": "application/x-www-form-urlencoded"}


def test_a_signed_command_over_http_is_answered(server: str, fake: FakeSlack) -> None:
    body = command_body(fake, "help")
    status, _ = post(server, body, {**FORM, **sign(body)})
    assert status == 200
    assert "/reconcile status" in fake.wait_for("/webhook")[0].params["text"]


def test_a_bad_signature_gets_401_and_does_nothing(server: str, fake: FakeSlack) -> None:
    body = command_body(fake, "help")
    status, _ = post(server, body, {**FORM, **sign(body, secret="not-the-secret")})
    assert status == 401
    assert fake.calls == []


def test_a_replayed_old_request_gets_401(server: str, fake: FakeSlack, slack: Slack) -> None:
    body = command_body(fake, "help")
    old = int(time.time()) - 6 * 60
    status, _ = post(server, body, {**FORM, **sign(body, timestamp=old)})
    assert status == 401
    assert slack.form({"command": "/reconcile", "text": "help"}, timestamp=old).status == 401
    assert fake.calls == []


def test_a_command_mentioning_payload_is_not_lost(
    server: str, fake: FakeSlack, store: Store
) -> None:
    # Bolt 1.30 treats any form body containing "payload" as an interaction payload.
    seed(store)
    body = command_body(fake, "gaps payload.csv")
    status, _ = post(server, body, {**FORM, **sign(body)})
    assert status == 200
    [answer] = fake.wait_for("/webhook")
    assert "no client matches 'payload.csv'" in answer.params["text"]


def test_other_paths_are_not_found(server: str) -> None:
    status, _ = post(server.replace(EVENTS_PATH, "/elsewhere"), "x", FORM)
    assert status == 404


def test_socket_mode_envelopes_reach_the_same_listeners(app: App, fake: FakeSlack) -> None:
    from slack_bolt.adapter.socket_mode.internals import run_bolt_app
    from slack_sdk.socket_mode.request import SocketModeRequest

    payload = {
        "team_id": TEAM,
        "channel_id": "DADMIN001",
        "user_id": ADMIN,
        "command": "/reconcile",
        "text": "help payload",
        "response_url": fake.webhook(),
        "trigger_id": "1.2.3",
    }
    request = SocketModeRequest(type="slash_commands", envelope_id="e1", payload=payload)
    response = run_bolt_app(app, request)
    assert response.status == 200
    assert "/reconcile status" in fake.wait_for("/webhook")[0].params["text"]
