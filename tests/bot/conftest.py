"""Bot scenarios: the real Bolt app, signed requests, a fake Slack Web API on 127.0.0.1.

Requests are signed exactly as Slack signs them and go through ``app.dispatch`` (Bolt's
real request handling: signature check, authorization, listener matching, ack). Listeners
run inline (:class:`InlineExecutor`), so a dispatch returns once the work is done.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.app import build_app
from bot.conversation import Conversation
from bot.http import SlackRequest
from bot.notify import notify_after_run
from bot.settings import BotSettings, load_settings
from recon import ReconcileOutcome, ReconcileRequest, Store, run_reconciliation
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0TEAM001"
BOT_USER = "UBOT00001"
ADMIN = "UADMIN001"
ANN = "UANNAM001"  # an account manager
BOB = "UBOBAM002"  # another account manager
OUTSIDER = "UOUTSID01"
BILLING = "CBILLING1"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VENDOR_CSV = (EXAMPLES / "vendor_partner_center.csv").read_bytes()
PSA_CSV = (EXAMPLES / "psa_connectwise.csv").read_bytes()


class InlineExecutor(Executor):
    """Runs each listener at once, on the caller's thread (tests only: the ack would wait)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:
            future.set_exception(err)
        return future


def authorize(**_kwargs: Any) -> AuthorizeResult:
    """Authorization without ``auth.test``."""
    return AuthorizeResult(
        enterprise_id=None,
        team_id=TEAM,
        bot_token="xoxb-test-token",
        bot_user_id=BOT_USER,
        bot_id="BBOT00001",
        user_id=None,
    )


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A fake Slack Web API, running for the test."""
    with FakeSlack() as server:
        yield server


@pytest.fixture
def settings(fake: FakeSlack) -> BotSettings:
    """Settings pointing at the fake, with one admin and a billing channel."""
    return BotSettings(
        bot_token="xoxb-test-token",
        signing_secret=SECRET,
        admins=frozenset({ADMIN}),
        billing_channel=BILLING,
        api_url=fake.api_url,
    )


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    """A real store in a temp folder, on the fake clock."""
    return Store.open(tmp_path / "recon.db", clock=clock)


@pytest.fixture
def chat(store: Store) -> Conversation:
    """The bot's own memory beside the store (the app opens the same tables)."""
    return Conversation.open(store)


@pytest.fixture
def naps() -> list[float]:
    """Every wait the Web API client asked for (retries never really sleep in tests)."""
    return []


@pytest.fixture
def app(settings: BotSettings, store: Store, clock: FakeClock, naps: list[float]) -> App:
    """The bot, built like production but authorized without auth.test and run inline."""
    return build_app(
        settings,
        store,
        authorize=authorize,
        listener_executor=InlineExecutor(),
        clock=clock,
        sleep=naps.append,
    )


@pytest.fixture
def slack(app: App, fake: FakeSlack) -> Slack:
    """Sends signed requests to the app."""
    return Slack(app, fake)


@pytest.fixture
def watched(tmp_path: Path) -> Path:
    """A watched folder holding the example exports in vendor/ and psa/ subfolders."""
    root = tmp_path / "watched"
    for side, source in (("vendor", "vendor_partner_center.csv"), ("psa", "psa_connectwise.csv")):
        (root / side).mkdir(parents=True)
        shutil.copy(EXAMPLES / source, root / side / source)
    return root


WEBHOOK_SECRET = "whsec-test-0123456789"


@pytest.fixture
def folder_settings(fake: FakeSlack, watched: Path, tmp_path: Path) -> BotSettings:
    """Settings as ``.env`` would give them with RECON_WATCH_DIR set (and a webhook secret)."""
    return load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": SECRET,
            "RECON_ADMINS": ADMIN,
            "RECON_BILLING_CHANNEL": BILLING,
            "SLACK_API_URL": fake.api_url,
            "RECON_DB": str(tmp_path / "recon.db"),
            "RECON_WATCH_DIR": str(watched),
            "RECON_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }
    )


@dataclass
class Received:
    """One POST the webhook receiver got."""

    body: bytes
    headers: dict[str, str]


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 that records POSTs and answers ``status``."""

    url: str
    status: int = 200
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    gate: threading.Event | None = None  # set: answers only once the test opens the gate


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A local webhook receiver, running for the test."""
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            got = box[0]
            if got.gate is not None:
                got.gate.wait(timeout=10)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with got.arrived:
                got.received.append(Received(body, headers))
                got.arrived.notify_all()
            self.send_response(got.status)
            self.send_header("content-length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(f"http://127.0.0.1:{server.server_address[1]}/hooks/recon"))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield box[0]
    server.shutdown()
    server.server_close()
    thread.join()


def saved_run(store: Store, vendor: Any, psa: Any) -> ReconcileOutcome:
    """A saved run of two exports (paths or an upload's bytes), on the store's clock."""
    return run_reconciliation(
        ReconcileRequest(vendor=vendor, psa=psa, vendor_name="v.csv", psa_name="p.csv"),
        store=store,
        clock=store.now,
    )


def seed(store: Store, owners: dict[str, str] | None = None) -> None:
    """A first run of the examples (as the CLI would), and owners for some clients."""
    saved_run(store, VENDOR_CSV, PSA_CSV)
    for client, user in (owners or {}).items():
        store.set_owner(client, slack_user=user, by="cli:test")


def sign(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """Headers Slack would send with this body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"x-slack-request-timestamp": ts, "x-slack-signature": signature}


class Slack:
    """Builds payloads like Slack's, signs them, and dispatches them to the app."""

    def __init__(self, app: App, fake: FakeSlack) -> None:
        self.app = app
        self.fake = fake
        self._events = 0

    def send(self, body: str, ctype: str, **sign_options: Any) -> BoltResponse:
        headers = {"content-type": ctype, **sign(body, **sign_options)}
        return self.app.dispatch(SlackRequest(body=body, headers=headers))

    def form(self, fields: dict[str, str], **sign_options: Any) -> BoltResponse:
        return self.send(urlencode(fields), "application/x-www-form-urlencoded", **sign_options)

    def command(self, text: str, *, user: str = ADMIN, channel: str = "DADMIN001") -> BoltResponse:
        return self.form(
            {
                "token": "legacy",
                "team_id": TEAM,
                "channel_id": channel,
                "user_id": user,
                "command": "/reconcile",
                "text": text,
                "response_url": self.fake.webhook(),
                "trigger_id": "1.2.3",
            }
        )

    def interactive(self, payload: dict[str, Any]) -> BoltResponse:
        payload.setdefault("team", {"id": TEAM})
        payload.setdefault("api_app_id", "A0APP0001")
        return self.form({"payload": json.dumps(payload)})

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        channel: str | None = None,
        ts: str | None = None,
        home: bool = False,
        selected_user: str | None = None,
        block_id: str = "b",
    ) -> BoltResponse:
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "action_ts": "1"}
        if selected_user is not None:
            action.update(type="users_select", selected_user=selected_user)
        else:
            action.update(type="button", value=value)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user},
            "trigger_id": "1.2.3",
            "actions": [action],
        }
        if home:
            payload["container"] = {"type": "view", "view_id": "V1"}
            payload["view"] = {"type": "home", "id": "V1"}
        else:
            payload["container"] = {
                "type": "message",
                "channel_id": channel,
                "message_ts": ts,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel}
            payload["message"] = {"ts": ts}
            payload["response_url"] = self.fake.webhook()
        return self.interactive(payload)

    def submit(
        self, callback_id: str, meta: str, values: dict[str, Any], *, user: str
    ) -> BoltResponse:
        return self.interactive(
            {
                "type": "view_submission",
                "user": {"id": user},
                "trigger_id": "1.2.3",
                "view": {
                    "id": "VMODAL1",
                    "type": "modal",
                    "callback_id": callback_id,
                    "private_metadata": meta,
                    "state": {"values": values},
                },
            }
        )

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: bool = False
    ) -> BoltResponse:
        self._events += 1
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": TEAM,
                "api_app_id": "A0APP0001",
                "type": "event_callback",
                "event_id": event_id or f"Ev{self._events:08d}",
                "event_time": 1700000000,
                "event": event,
                "authorizations": [
                    {"team_id": TEAM, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
                ],
            }
        )
        ctype = "application/json"
        headers = {"content-type": ctype, **sign(body)}
        if retry:
            headers.update({"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"})
        return self.app.dispatch(SlackRequest(body=body, headers=headers))

    def upload(
        self,
        files: list[dict[str, Any]],
        *,
        user: str = ADMIN,
        channel: str = "DADMIN001",
        ts: str = "1699999999.000100",
        event_id: str | None = None,
    ) -> BoltResponse:
        """A file_share message in a DM, as ``message.im`` delivers it."""
        return self.event(
            {
                "type": "message",
                "subtype": "file_share",
                "channel": channel,
                "channel_type": "im",
                "user": user,
                "text": "",
                "ts": ts,
                "files": files,
            },
            event_id=event_id,
        )


def posted_texts(fake: FakeSlack, method: str = "chat.postMessage") -> list[str]:
    """The fallback texts of every message posted (or updated) so far."""
    return [str(c.params.get("text", "")) for c in fake.calls_to(method)]


def blocks_text(call_params: dict[str, Any]) -> str:
    """All the text in a call's blocks, joined (for assertions)."""
    blocks = call_params.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    view = call_params.get("view") or {}
    if isinstance(view, str):
        view = json.loads(view)
    return json.dumps([blocks, view.get("blocks", [])], ensure_ascii=False)


def call_blocks(call_params: dict[str, Any]) -> list[dict[str, Any]]:
    """A call's blocks as a list (the Web API client sends them as JSON text)."""
    blocks = call_params["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def channel_posts(fake: FakeSlack, channel: str = BILLING) -> list[Any]:
    """Every chat.postMessage call into one channel, oldest first."""
    return [c for c in fake.calls_to("chat.postMessage") if c.params.get("channel") == channel]


def thread_reply(
    fake: FakeSlack,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
    outcome: ReconcileOutcome,
) -> Any:
    """The run posted to the billing channel; its thread reply (questions, merges), with the
    fake's calls cleared so a test sees only what its clicks cause."""
    notify_after_run(web_client(fake), store, chat, settings, outcome=outcome)
    (reply,) = [c for c in channel_posts(fake) if c.params.get("thread_ts")]
    fake.clear()
    return reply


def dm_texts(fake: FakeSlack, user: str) -> list[str]:
    """The block text of every direct message posted to ``user`` (the fake opens a user's DM
    as "D" + the user id without its leading "U")."""
    return [blocks_text(c.params) for c in channel_posts(fake, "D" + user[1:])]


def click_row_button(
    slack: Slack, reply: Any, block_prefix: str, action_id: str, user: str, channel: str = BILLING
) -> Any:
    """Click ``action_id`` in the first block of a posted reply whose id starts with
    ``block_prefix``, as ``user`` would, through Bolt's real request handling."""
    row = next(
        b for b in call_blocks(reply.params) if b.get("block_id", "").startswith(block_prefix)
    )
    button = next(e for e in row["elements"] if e["action_id"] == action_id)
    return slack.click(
        action_id,
        button["value"],
        user=user,
        channel=channel,
        ts=reply.response["ts"],
        block_id=row["block_id"],
    )


def web_client(fake: FakeSlack) -> WebClient:
    """A Web API client that talks to the local fake Slack."""
    return WebClient(token="xoxb-test-token", base_url=fake.api_url)
