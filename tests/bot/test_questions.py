"""Mapping questions in Slack: in the run's one billing-channel message, answered with one
click by an admin in its thread, never asked for a held run or a preview."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import ids
from bot.blocks.channel import ChannelRun, UnownedClient, run_channel_detail, run_full_list
from bot.blocks.questions import MappingItem
from bot.conversation import ClaimKind, Conversation
from bot.notify import notify_after_run
from bot.run_message import from_message
from bot.settings import BotSettings
from recon import ReconcileOutcome, ReconcileRequest, Store, run_reconciliation
from tests.bot.block_limits import block_problems
from tests.bot.conftest import (
    ADMIN,
    OUTSIDER,
    Slack,
    blocks_text,
    channel_posts,
    click_row_button,
    thread_reply,
    web_client,
)
from tests.bot.fake_slack import FakeSlack

VENDOR = (
    b"Customer Name,Product Name,Quantity,Unit Cost\n"
    b"Acme,Microsoft 365 Business Premium,10,22.00\n"
    b"Acme,Proofpoint Essentials Business,12,3.00\n"
)
PSA = (  # ConnectWise columns, so an upload of the pair is told apart without asking
    b"Company Name,Agreement Name,Agreement Type,Product ID,Description,Quantity,"
    b"Less Included,Price,Ext Price,Bill,Addition Status,Effective,Cancelled\n"
    b"Acme,Acme - MS,Managed Services,M365-BP,M365 BP,10,0,$26.00,$260.00,Billable,Active,"
    b"1/1/2026,\n"
    b"Acme,Acme - MS,Managed Services,SPAM,Spam Filter Service,10,0,$5.00,$50.00,Billable,"
    b"Active,1/1/2026,\n"
)
UTC = ZoneInfo("UTC")


@pytest.fixture
def outcome(store: Store) -> ReconcileOutcome:
    return run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=PSA, vendor_name="v.csv", psa_name="p.csv"),
        store=store,
        clock=store.now,
    )


@pytest.fixture
def detail(
    fake: FakeSlack,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
    outcome: ReconcileOutcome,
) -> Any:
    """The thread reply of the run's billing-channel message, which holds the question."""
    assert outcome.result.questions, "the fixture must raise a mapping question"
    return thread_reply(fake, store, chat, settings, outcome)


def _click(slack: Slack, reply: Any, action_id: str, user: str) -> Any:
    return click_row_button(slack, reply, "question:", action_id, user)


def test_the_question_is_in_the_runs_one_channel_message(
    fake: FakeSlack,
    store: Store,
    settings: BotSettings,
    outcome: ReconcileOutcome,
    chat: Conversation,
) -> None:
    notify_after_run(web_client(fake), store, chat, settings, outcome=outcome)
    posts = channel_posts(fake)
    assert 1 <= len(posts) + len(fake.calls_to("files.completeUploadExternal")) <= 3
    (summary,) = [c for c in posts if not c.params.get("thread_ts")]
    text = blocks_text(summary.params)
    assert "Spam Filter Service" in text and "Proofpoint Essentials Business" in text
    assert "$36.00/mo held at 1 client" in text  # the vendor's 12 seats x $3.00
    assert "$36.00/mo with no owner" in text  # the held money counts as money at stake
    assert ids.QUESTION_YES not in text  # the buttons are in the thread, not the summary
    (reply,) = [c for c in posts if c.params.get("thread_ts") == summary.response["ts"]]
    assert ids.QUESTION_YES in blocks_text(reply.params)
    assert ids.QUESTION_NO in blocks_text(reply.params)
    fake.clear()
    notify_after_run(web_client(fake), store, chat, settings, outcome=outcome)
    assert not any("Spam Filter" in blocks_text(c.params) for c in channel_posts(fake))


def test_an_unmapped_product_bought_elsewhere_says_so_in_slack_and_after_a_redraw(
    fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    """The engine's note on an unmapped product (the vendor file sells nothing of its maker)
    is shown in the run's message, and kept in what the message records for its redraws."""
    psa = PSA + (
        b"Acme,Acme - MS,Managed Services,HEDR,Huntress Managed EDR,10,0,$8.00,$80.00,"
        b"Billable,Active,1/1/2026,\n"
    )
    outcome = run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=psa, vendor_name="v.csv", psa_name="p.csv"),
        store=store,
        clock=store.now,
    )
    (unmapped,) = [u for u in outcome.result.unmapped if u.psa_product == "Huntress Managed EDR"]
    assert "sells nothing of Huntress" in unmapped.note
    notify_after_run(web_client(fake), store, chat, settings, outcome=outcome)
    shown = json.dumps([c.params for c in channel_posts(fake)])
    assert "Huntress Managed EDR" in shown and "sells nothing of Huntress" in shown
    (summary,) = [c for c in channel_posts(fake) if not c.params.get("thread_ts")]
    posted = chat.message(summary.params["channel"], summary.response["ts"])
    assert posted is not None
    redrawn = from_message(store, chat, posted)
    (item,) = [m for m in redrawn.mappings if m.product == "Huntress Managed EDR"]
    assert "sells nothing of Huntress" in item.why and not item.question


def test_yes_stores_the_alias_and_redraws_the_thread_reply(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    assert _click(slack, detail, ids.QUESTION_YES, ADMIN).status == 200
    assert store.knowledge().product_aliases == (
        ("Spam Filter Service", "proofpoint-essentials-business"),
    )
    (update,) = fake.calls_to("chat.update")
    assert update.params["ts"] == detail.response["ts"]
    redrawn = json.dumps(update.params["blocks"])
    assert "the next run compares them" in redrawn and f"<@{ADMIN}>" in redrawn
    assert ids.QUESTION_YES not in redrawn
    fake.clear()
    assert _click(slack, detail, ids.QUESTION_YES, ADMIN).status == 200  # a double click
    assert len(store.knowledge().product_aliases) == 1
    assert "Nothing changed" in json.dumps([c.params for c in fake.calls_to("chat.postEphemeral")])


def test_no_stores_a_rejection_and_says_so(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    _click(slack, detail, ids.QUESTION_NO, ADMIN)
    assert store.knowledge().product_rejections == (
        ("Spam Filter Service", "proofpoint-essentials-business"),
    )
    (update,) = fake.calls_to("chat.update")
    assert "won't be proposed again" in json.dumps(update.params["blocks"])


def test_only_an_admin_may_answer(slack: Slack, fake: FakeSlack, store: Store, detail: Any) -> None:
    _click(slack, detail, ids.QUESTION_YES, OUTSIDER)
    _click(slack, detail, ids.QUESTION_NO, OUTSIDER)
    knowledge = store.knowledge()
    assert knowledge.product_aliases == () and knowledge.product_rejections == ()
    notices = [str(c.params) for c in fake.calls_to("chat.postEphemeral")]
    assert len(notices) == 2 and all("Only billing admins" in n for n in notices)
    assert fake.calls_to("chat.update") == []


def test_an_unsaved_outcome_asks_nothing(
    fake: FakeSlack,
    store: Store,
    settings: BotSettings,
    outcome: ReconcileOutcome,
    chat: Conversation,
) -> None:
    notify_after_run(
        web_client(fake), store, chat, settings, outcome=dataclasses.replace(outcome, run=None)
    )
    assert not any("Spam Filter" in blocks_text(c.params) for c in channel_posts(fake))
    assert not chat.claimed(ClaimKind.MAPPING_QUESTION)  # the next applied run asks


def test_a_held_run_asks_nothing(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    others = [f"Client {n}" for n in range(9)]
    run_reconciliation(  # an earlier run of the same formats with ten clients
        ReconcileRequest(
            vendor=VENDOR
            + b"".join(f"{c},Exchange Online Plan 1,5,4.00\n".encode() for c in others),
            psa=PSA
            + b"".join(
                f"{c},{c} - MS,Managed Services,EXO1,Exchange Online Plan 1,5,0,$5.00,$25.00,"
                "Billable,Active,1/1/2026,\n".encode()
                for c in others
            ),
            vendor_name="v.csv",
            psa_name="p.csv",
        ),
        store=store,
        clock=store.now,
    )
    claims = chat.claimed(ClaimKind.MAPPING_QUESTION)
    fake.clear()
    vendor = fake.add_file("F0VENDOR8", "v.csv", VENDOR, user=ADMIN)
    psa = fake.add_file("F0PSA0008", "p.csv", PSA, user=ADMIN)
    assert slack.upload([vendor, psa]).status == 200
    assert len(store.held_runs()) == 1  # nine of ten clients gone: held, nothing applied
    posts = channel_posts(fake)
    assert posts and all(ids.RUN_CONFIRM in blocks_text(c.params) for c in posts)
    assert not any("Spam Filter" in blocks_text(c.params) for c in posts)
    assert chat.claimed(ClaimKind.MAPPING_QUESTION) == claims


def test_a_preview_upload_asks_nothing(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    vendor = fake.add_file("F0VENDOR9", "v.csv", VENDOR, user=OUTSIDER)
    psa = fake.add_file("F0PSA0009", "p.csv", PSA, user=OUTSIDER)
    assert slack.upload([vendor, psa], user=OUTSIDER, channel="DOUTSID01").status == 200
    assert "not saved" in json.dumps([c.params for c in fake.calls_to("chat.postMessage")])
    assert channel_posts(fake) == []
    assert not chat.claimed(ClaimKind.MAPPING_QUESTION)


def _question(n: int) -> MappingItem:
    return MappingItem(
        f"PSA Product {n:02d}",
        3,
        Decimal(10),
        Decimal(100 + n),
        candidate=f"Vendor Product {n:02d}",
        target=f"vendor-product-{n:02d}",
        why="seats agree at 3 of 3 client(s)",
    )


def test_a_crowded_thread_reply_fits_slack_and_keeps_room_for_questions() -> None:
    run = ChannelRun(
        run_id=7,
        clients=tuple(
            UnownedClient(f"client {n}", f"Client {n}", 2, Decimal(50)) for n in range(60)
        ),
        mappings=(
            *(_question(n) for n in range(30)),
            MappingItem("Labour", 4, Decimal(12), Decimal(800)),
        ),
    )
    reply = run_channel_detail(run, zone=UTC)
    assert block_problems(reply.blocks, max_blocks=50) == []
    text = json.dumps(reply.blocks)
    assert text.count(ids.QUESTION_YES) >= 5  # questions are not crowded out by clients
    assert "more products" in text and "Labour" in text
    listed = json.dumps(run_full_list(run)["blocks"])
    assert "PSA Product 29" in listed and "Labour" in listed


def test_a_name_too_long_for_a_button_points_at_the_cli() -> None:
    long = dataclasses.replace(_question(1), product="P" * 3_000)
    reply = run_channel_detail(ChannelRun(run_id=1, mappings=(long,)), zone=UTC)
    assert block_problems(reply.blocks, max_blocks=50) == []
    text = json.dumps(reply.blocks)
    assert ids.QUESTION_YES not in text and "recon alias product" in text
