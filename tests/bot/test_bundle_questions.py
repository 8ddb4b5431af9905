"""A PSA line billing two products, asked in Slack: "Yes, a bundle of all" stores the same
bundle as ``recon bundle define``, under the same rule (admins), and the next run is right."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import ids
from bot.blocks.questions import bundle_value
from bot.conversation import Conversation
from bot.settings import BotSettings
from recon import ReconcileOutcome, Store
from tests.bot.conftest import (
    ADMIN,
    OUTSIDER,
    Slack,
    blocks_text,
    click_row_button,
    saved_run,
    thread_reply,
)
from tests.bot.fake_slack import FakeSlack

TEXT = "Exchange Online P2 & Entra ID P1 Bundle"
VENDOR = (
    b"Customer Name,Product Name,Quantity,Unit Cost\n"
    b"Acme,Microsoft 365 Business Premium,10,22.00\n"
    b"Acme,Exchange Online (Plan 2),6,8.00\n"
    b"Acme,Microsoft Entra ID P1,6,6.00\n"
    b"Birch,Microsoft Intune Plan 1,3,8.00\n"
)
PSA = (
    b"Company Name,Agreement Name,Agreement Type,Product ID,Description,Quantity,"
    b"Less Included,Price,Ext Price,Bill,Addition Status,Effective,Cancelled\n"
    b"Acme,Acme - MS,Managed Services,M365-BP,M365 BP,10,0,$26.00,$260.00,Billable,Active,"
    b"1/1/2026,\n"
    b"Acme,Acme - MS,Managed Services,EXB,Exchange Online P2 & Entra ID P1 Bundle,6,0,$18.00,"
    b"$108.00,Billable,Active,1/1/2026,\n"
    b"Birch,Birch - MS,Managed Services,INT,Intune,3,0,$9.00,$27.00,Billable,Active,1/1/2026,\n"
)


def _run(store: Store) -> ReconcileOutcome:
    return saved_run(store, VENDOR, PSA)


@pytest.fixture
def detail(fake: FakeSlack, store: Store, chat: Conversation, settings: BotSettings) -> Any:
    outcome = _run(store)
    (question,) = outcome.result.questions
    assert question.bundle, "the fixture must ask a bundle question"
    return thread_reply(fake, store, chat, settings, outcome)


def test_the_question_names_both_products_and_offers_a_bundle(detail: Any) -> None:
    text = blocks_text(detail.params)
    assert "bill *Exchange Online (Plan 2)* and *Microsoft Entra ID P1* on one line" in text
    assert "$84.00/mo held at 1 client" in text  # both vendor lines: 6 x 8.00 + 6 x 6.00
    assert ids.QUESTION_BUNDLE in text and ids.QUESTION_NO in text


def test_the_bundle_button_stores_the_bundle_and_the_next_run_is_right(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    reply = click_row_button(slack, detail, "question:", ids.QUESTION_BUNDLE, ADMIN)
    assert reply.status == 200
    (bundle,) = store.bundles()
    assert (bundle.name, bundle.components, bundle.created_by) == (
        TEXT,
        ("ms-exchange-online-p2", "ms-entra-id-p1"),
        ADMIN,
    )
    (update,) = fake.calls_to("chat.update")
    redrawn = json.dumps(update.params["blocks"])
    assert ids.QUESTION_BUNDLE not in redrawn and f"<@{ADMIN}>" in redrawn
    after = _run(store).result
    assert after.questions == () and after.gaps == () and after.unmapped == ()


def test_only_an_admin_may_define_the_bundle(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    click_row_button(slack, detail, "question:", ids.QUESTION_BUNDLE, OUTSIDER)
    assert store.bundles() == []
    notices = json.dumps([c.params for c in fake.calls_to("chat.postEphemeral")])
    assert "Only billing admins" in notices and "recon bundle define" in notices


def test_a_bundle_the_question_does_not_offer_changes_nothing_and_says_why(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    # A forged value naming a product of another client's (Birch's Intune).
    forged = bundle_value(TEXT, ["ms-exchange-online-p2", "ms-intune-p1"])
    reply = slack.click(
        ids.QUESTION_BUNDLE,
        forged,
        user=ADMIN,
        channel=detail.params["channel"],
        ts=detail.response["ts"],
        block_id="question:0",
    )
    assert reply.status == 200
    assert store.bundles() == []
    notices = json.dumps([c.params for c in fake.calls_to("chat.postEphemeral")])
    assert "ms-intune-p1" in notices and "Nothing was saved" in notices
    assert fake.calls_to("chat.update") == []
