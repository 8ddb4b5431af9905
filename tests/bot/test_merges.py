"""Vendor products read as one, in Slack: each merge shown once in the run's billing-channel
thread, undone with one click by an admin ("Not the same product"), which the next run honours.

The vendor sells Business Standard under its catalogue name and, at every client, part of the
seats under a legacy SKU name the catalogue does not know; the PSA bills one line for both, so
the run compares the legacy name as Business Standard.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import ids
from bot.blocks.channel import (
    ChannelRun,
    MappingItem,
    MergeItem,
    UnownedClient,
    run_channel_detail,
    run_full_list,
)
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import (
    ProductMerge,
    ReconcileOutcome,
    Store,
)
from tests.bot.block_limits import block_problems
from tests.bot.conftest import (
    ADMIN,
    BILLING,
    OUTSIDER,
    Slack,
    blocks_text,
    call_blocks,
    channel_posts,
    saved_run,
    thread_reply,
    web_client,
)
from tests.bot.fake_slack import FakeSlack

STANDARD = "Microsoft 365 Business Standard"
LEGACY = "Business Standard Legacy SKU AAA-10337"
REJECTION = ((LEGACY, "ms-m365-business-standard"),)  # what `recon reject product` stores
UTC = ZoneInfo("UTC")


def _exports(clients: int = 4) -> tuple[bytes, bytes]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [
        "Company Name,Agreement Name,Agreement Type,Product ID,Description,Quantity,"
        "Less Included,Price,Ext Price,Bill,Addition Status,Effective,Cancelled"
    ]
    for i in range(clients):
        client, seats, legacy = f"Client {i:02}", 10 + i, 2 + i % 3
        vendor += [
            f"{client},{STANDARD},{seats - legacy},12.00",
            f"{client},{LEGACY},{legacy},12.00",
        ]
        psa.append(
            f"{client},{client} - MS,Managed Services,M365-BS,{STANDARD},{seats},0,$15.00,"
            f"${15 * seats}.00,Billable,Active,1/1/2026,"
        )
    return ("\n".join(vendor) + "\n").encode(), ("\n".join(psa) + "\n").encode()


def _run(store: Store, clients: int = 4) -> ReconcileOutcome:
    vendor, psa = _exports(clients)
    return saved_run(store, vendor, psa)


@pytest.fixture
def outcome(store: Store) -> ReconcileOutcome:
    done = _run(store)
    assert [m.second_name for m in done.result.merges] == [LEGACY], "the fixture must merge"
    return done


@pytest.fixture
def detail(
    fake: FakeSlack,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
    outcome: ReconcileOutcome,
) -> Any:
    """The thread reply of the run's billing-channel message, which shows the merge."""
    return thread_reply(fake, store, chat, settings, outcome)


def _click(slack: Slack, reply: Any, user: str) -> Any:
    row = next(b for b in call_blocks(reply.params) if b.get("block_id", "").startswith("merge:"))
    (button,) = row["elements"]
    assert button["action_id"] == ids.MERGE_REJECT
    assert button["text"]["text"] == "Not the same product"
    return slack.click(
        ids.MERGE_REJECT,
        button["value"],
        user=user,
        channel=BILLING,
        ts=reply.response["ts"],
        block_id=row["block_id"],
    )


def test_each_merge_is_shown_once_in_the_runs_thread(
    fake: FakeSlack,
    store: Store,
    settings: BotSettings,
    outcome: ReconcileOutcome,
    chat: Conversation,
) -> None:
    notify_after_run(web_client(fake), store, chat, settings, outcome=outcome)
    posts = channel_posts(fake)
    (summary,) = [c for c in posts if not c.params.get("thread_ts")]
    assert "1 vendor product read as another" in blocks_text(summary.params)
    (reply,) = [c for c in posts if c.params.get("thread_ts") == summary.response["ts"]]
    text = blocks_text(reply.params)
    assert f"The vendor's *{LEGACY}* is compared as *{STANDARD}*" in text
    assert "(11 seats at 4 of 4 clients)" in text
    assert outcome.result.merges[0].why in text
    assert text.count(ids.MERGE_REJECT) == 1
    fake.clear()
    notify_after_run(web_client(fake), store, chat, settings, outcome=outcome)
    assert not any(LEGACY in blocks_text(c.params) for c in channel_posts(fake))


def test_not_the_same_product_stores_the_rejection_and_the_next_run_compares_apart(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    assert _click(slack, detail, ADMIN).status == 200
    assert store.knowledge().product_rejections == REJECTION
    (update,) = fake.calls_to("chat.update")
    assert update.params["ts"] == detail.response["ts"]
    redrawn = json.dumps(update.params["blocks"])
    assert f"Undone by <@{ADMIN}>" in redrawn and "compared apart" in redrawn
    assert ids.MERGE_REJECT not in redrawn
    later = _run(store, clients=5)  # the next export: one more client
    assert later.result.merges == ()
    assert {g.client for g in later.result.gaps if g.product == LEGACY} == {
        f"Client {i:02}" for i in range(5)
    }


def test_only_an_admin_may_undo_a_merge(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    assert _click(slack, detail, OUTSIDER).status == 200
    assert store.knowledge().product_rejections == ()
    (notice,) = fake.calls_to("chat.postEphemeral")
    assert "Only billing admins can undo a merge" in str(notice.params)
    assert "Nothing was changed" in str(notice.params)
    assert fake.calls_to("chat.update") == []
    assert _run(store, clients=5).result.merges != ()  # still merged


def test_a_double_click_stores_one_decision(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    _click(slack, detail, ADMIN)
    before = len(store.decisions())
    fake.clear()
    assert _click(slack, detail, ADMIN).status == 200  # a double click, or Slack's retry
    assert store.knowledge().product_rejections == REJECTION
    assert len(store.decisions()) == before
    assert fake.calls_to("chat.update") == []
    (notice,) = fake.calls_to("chat.postEphemeral")
    assert "Nothing changed" in str(notice.params)


def _merge(n: int) -> MergeItem:
    return MergeItem(
        ProductMerge(
            f"Legacy SKU {n:02d}",
            f"name:legacy sku {n:02d}",
            f"Product {n:02d}",
            f"cat:product-{n:02d}",
            3,
            4,
            Decimal(7),
            f"product-{n:02d}",
        )
    )


def test_many_merges_fit_slack_and_say_how_many_more() -> None:
    run = ChannelRun(
        run_id=3,
        clients=tuple(
            UnownedClient(f"client {n}", f"Client {n}", 2, Decimal(50)) for n in range(60)
        ),
        mappings=tuple(
            MappingItem(f"PSA {n}", 3, Decimal(10), Decimal(100), "Vendor", f"v-{n}", "why")
            for n in range(30)
        ),
        merges=tuple(_merge(n) for n in range(30)),
    )
    reply = run_channel_detail(run, zone=UTC)
    assert block_problems(reply.blocks, max_blocks=50) == []
    text = json.dumps(reply.blocks)
    assert text.count(ids.MERGE_REJECT) == 5  # capped, not crowded out by clients or questions
    assert "and 25 more: the full list names them all" in text
    assert ids.QUESTION_YES in text
    listed = json.dumps(run_full_list(run)["blocks"])
    assert "Legacy SKU 29" in listed
    alone = run_channel_detail(ChannelRun(run_id=3, merges=run.merges), zone=UTC)
    assert json.dumps(alone.blocks).count(ids.MERGE_REJECT) == 5  # room or not, five at most


def test_a_name_too_long_for_a_button_gives_the_cli_undo() -> None:
    long = MergeItem(dataclasses.replace(_merge(1).merge, second_name="L" * 3_000))
    reply = run_channel_detail(ChannelRun(run_id=1, merges=(long,)), zone=UTC)
    assert block_problems(reply.blocks, max_blocks=50) == []
    text = json.dumps(reply.blocks)
    assert ids.MERGE_REJECT not in text and "recon reject product" in text
