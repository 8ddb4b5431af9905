"""Mapping questions in Slack: posted once after a run, answered with one click by an admin."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk import WebClient

from bot import ids
from bot.blocks import questions_message
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import ReconcileOutcome, ReconcileRequest, Store, run_reconciliation
from tests.bot.block_limits import block_problems
from tests.bot.conftest import ADMIN, BILLING, OUTSIDER, Slack
from tests.bot.fake_slack import FakeSlack

VENDOR = (
    b"Customer Name,Product Name,Quantity,Unit Cost\n"
    b"Acme,Microsoft 365 Business Premium,10,22.00\n"
    b"Acme,Proofpoint Essentials Business,12,3.00\n"
)
PSA = (
    b"Company,Product,Quantity,Unit Price\n"
    b"Acme,M365 BP,10,26.00\n"
    b"Acme,Spam Filter Service,10,5.00\n"
)


@pytest.fixture
def outcome(store: Store) -> ReconcileOutcome:
    return run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=PSA, vendor_name="v.csv", psa_name="p.csv"),
        store=store,
        clock=store.now,
    )


@pytest.fixture
def posted(
    fake: FakeSlack, store: Store, settings: BotSettings, outcome: ReconcileOutcome
) -> dict[str, Any]:
    client = WebClient(token="xoxb-test-token", base_url=fake.api_url)
    notify_after_run(client, store, settings, outcome=outcome)
    (call,) = [c for c in fake.calls_to("chat.postMessage") if "Products to map" in str(c.params)]
    fake.clear()
    return call.params


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def _click(slack: Slack, params: dict[str, Any], action_id: str, user: str):
    blocks = _blocks(params)
    row = next(b for b in blocks if b.get("block_id", "").startswith("question:"))
    button = next(e for e in row["elements"] if e["action_id"] == action_id)
    return slack.interactive(
        {
            "type": "block_actions",
            "user": {"id": user},
            "trigger_id": "1.2.3",
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": row["block_id"],
                    "type": "button",
                    "value": button["value"],
                    "action_ts": "1",
                }
            ],
            "container": {"type": "message", "channel_id": BILLING, "message_ts": "1.1"},
            "channel": {"id": BILLING},
            "message": {"ts": "1.1", "blocks": blocks},
            "response_url": slack.fake.webhook(),
        }
    )


def test_a_run_posts_its_question_to_the_billing_channel_once(
    fake: FakeSlack,
    store: Store,
    settings: BotSettings,
    outcome: ReconcileOutcome,
    posted: dict[str, Any],
) -> None:
    assert posted["channel"] == BILLING
    text = json.dumps(_blocks(posted))
    assert "Spam Filter Service" in text and "Proofpoint Essentials Business" in text
    assert "$36.00/mo held" in text
    client = WebClient(token="xoxb-test-token", base_url=fake.api_url)
    notify_after_run(client, store, settings, outcome=outcome)
    assert not any("Products to map" in str(c.params) for c in fake.calls_to("chat.postMessage"))


def test_yes_stores_the_alias_and_redraws_the_question(
    slack: Slack, fake: FakeSlack, store: Store, posted: dict[str, Any]
) -> None:
    response = _click(slack, posted, ids.QUESTION_YES, ADMIN)
    assert response.status == 200
    assert store.knowledge().product_aliases == (
        ("Spam Filter Service", "proofpoint-essentials-business"),
    )
    (update,) = fake.calls_to("chat.update")
    redrawn = json.dumps(update.params["blocks"])
    assert "the next run compares them" in redrawn
    assert ids.QUESTION_YES not in redrawn
    again = _click(slack, posted, ids.QUESTION_YES, ADMIN)  # a double click changes nothing
    assert again.status == 200
    assert len(store.knowledge().product_aliases) == 1


def test_no_stores_a_rejection(slack: Slack, store: Store, posted: dict[str, Any]) -> None:
    _click(slack, posted, ids.QUESTION_NO, ADMIN)
    assert store.knowledge().product_rejections == (
        ("Spam Filter Service", "proofpoint-essentials-business"),
    )


def test_only_an_admin_may_map_a_product(
    slack: Slack, fake: FakeSlack, store: Store, posted: dict[str, Any]
) -> None:
    _click(slack, posted, ids.QUESTION_YES, OUTSIDER)
    assert store.knowledge().product_aliases == ()
    (notice,) = fake.calls_to("chat.postEphemeral")
    assert "Only billing admins" in str(notice.params)


def test_the_question_message_fits_slacks_limits(outcome: ReconcileOutcome) -> None:
    many = outcome.result.questions * 30
    msg = questions_message(many)
    assert block_problems(msg.blocks, max_blocks=50) == []
    assert "more" in json.dumps(msg.blocks[-1])
