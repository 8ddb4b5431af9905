"""Buttons and modals: decisions recorded with who and when, messages edited in place."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot import ids
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import GapStatus, Store
from tests.bot.conftest import (
    ADMIN,
    ANN,
    BILLING,
    BOB,
    OUTSIDER,
    Slack,
    blocks_text,
    seed,
    web_client,
)
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock


@pytest.fixture
def alerted(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation, settings: BotSettings
) -> FakeSlack:
    """The examples recorded, Ann owning Pied Piper and Prestige, and the alerts sent."""
    seed(store, owners={"Pied Piper": ANN, "Prestige Worldwide": ANN})

    client = web_client(fake)
    notify_after_run(client, store, chat, settings)
    fake.clear()
    return fake


def _gap(store: Store, client: str, product: str | None = None):
    return next(g for g in store.gaps(client=client) if product is None or g.product == product)


def _ref(chat: Conversation, gap_id: int):
    return chat.messages_showing(gap_id=gap_id)[0]


def _modal(fake: FakeSlack) -> dict:
    view = fake.calls_to("views.open")[-1].params["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_accept_asks_for_a_reason_then_records_it_and_edits_the_message(
    slack: Slack, alerted: FakeSlack, store: Store, chat: Conversation
) -> None:
    gap = _gap(store, "Pied Piper", "Microsoft 365 E3")
    ref = _ref(chat, gap.id)
    slack.click(ids.GAP_ACCEPT, f"{gap.id}:open", user=ANN, channel=ref.channel, ts=ref.ts)
    modal = _modal(alerted)
    assert modal["callback_id"] == ids.ACCEPT_MODAL
    values = {
        ids.REASON_BLOCK: {
            ids.REASON_INPUT: {"type": "plain_text_input", "value": "free seats in contract"}
        }
    }
    response = slack.submit(ids.ACCEPT_MODAL, modal["private_metadata"], values, user=ANN)
    assert response.status == 200 and response.body == ""
    stored = store.gap(gap.id)
    assert stored.status is GapStatus.ACCEPTED and stored.accepted_by == ANN
    assert stored.accepted_reason == "free seats in contract"
    update = alerted.calls_to("chat.update")[-1]
    assert (update.params["channel"], update.params["ts"]) == (ref.channel, ref.ts)
    assert f"Accepted by <@{ANN}>" in blocks_text(update.params)
    assert "free seats in contract" in blocks_text(update.params)


def test_snooze_refuses_a_past_date_in_the_modal_then_snoozes(
    slack: Slack, alerted: FakeSlack, store: Store, clock: FakeClock, chat: Conversation
) -> None:
    gap = _gap(store, "Pied Piper", "Microsoft 365 E5")
    ref = _ref(chat, gap.id)
    slack.click(ids.GAP_SNOOZE, f"{gap.id}:open", user=ANN, channel=ref.channel, ts=ref.ts)
    modal = _modal(alerted)
    picker = modal["blocks"][1]["element"]
    assert picker["type"] == "datepicker" and picker["initial_date"] == "2026-03-09"

    def pick(day: str) -> dict:
        return {ids.DATE_BLOCK: {ids.DATE_INPUT: {"type": "datepicker", "selected_date": day}}}

    response = slack.submit(
        ids.SNOOZE_MODAL, modal["private_metadata"], pick("2026-03-01"), user=ANN
    )
    assert json.loads(response.body)["response_action"] == "errors"
    assert store.gap(gap.id).status is GapStatus.OPEN

    slack.submit(ids.SNOOZE_MODAL, modal["private_metadata"], pick("2026-04-01"), user=ANN)
    stored = store.gap(gap.id)
    assert stored.status is GapStatus.SNOOZED and stored.snoozed_until == date(2026, 4, 1)
    assert "Snoozed until 2026-04-01" in blocks_text(alerted.calls_to("chat.update")[-1].params)


def test_add_alias_offers_likely_psa_names_and_saves_the_alias(
    slack: Slack, alerted: FakeSlack, store: Store, chat: Conversation
) -> None:
    gap = _gap(store, "Prestige Worldwide")
    assert gap.psa_client is None  # a client only the vendor knows
    ref = _ref(chat, gap.id)
    slack.click(ids.GAP_ALIAS, f"{gap.id}:open", user=ANN, channel=ref.channel, ts=ref.ts)
    modal = _modal(alerted)
    assert modal["callback_id"] == ids.ALIAS_MODAL
    values = {
        ids.ALIAS_TYPED_BLOCK: {
            ids.ALIAS_TYPED_INPUT: {"type": "plain_text_input", "value": "Prestige WW Holdings"}
        }
    }
    slack.submit(ids.ALIAS_MODAL, modal["private_metadata"], values, user=ANN)
    assert ("Prestige Worldwide", "Prestige WW Holdings") in store.knowledge().client_aliases
    update = alerted.calls_to("chat.update")[-1]
    assert (update.params["channel"], update.params["ts"]) == (ref.channel, ref.ts)
    assert f"Alias added by <@{ANN}>" in blocks_text(update.params)


def test_an_empty_alias_keeps_the_modal_open(
    slack: Slack, alerted: FakeSlack, store: Store
) -> None:
    gap = _gap(store, "Prestige Worldwide")
    meta = json.dumps({"g": gap.id, "s": "open", "c": None, "t": None, "h": False})
    response = slack.submit(ids.ALIAS_MODAL, meta, {}, user=ANN)
    assert json.loads(response.body)["response_action"] == "errors"
    assert store.knowledge().client_aliases == ()


def test_review_prompts_confirm_once_and_refuse_outsiders(
    slack: Slack, fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:

    from recon import ReconcileRequest, run_reconciliation
    from tests.bot.conftest import PSA_CSV, VENDOR_CSV

    outcome = run_reconciliation(
        ReconcileRequest(vendor=VENDOR_CSV, psa=PSA_CSV), store=store, clock=store.now
    )
    assert outcome.result.review
    client = web_client(fake)
    notify_after_run(client, store, chat, settings, outcome=outcome)
    [ref] = chat.messages_showing(review_id=1)
    prompt = next(
        c for c in fake.calls_to("chat.postMessage") if "Confirm match" in blocks_text(c.params)
    )
    assert ref.channel == BILLING == prompt.params["channel"]  # nobody owns the likely client
    fake.clear()

    slack.click(ids.REVIEW_CONFIRM, "1", user=OUTSIDER, channel=ref.channel, ts=ref.ts)
    assert chat.review(1).status == "open"
    assert "Only the owner" in fake.calls_to("chat.postEphemeral")[-1].params["text"]

    slack.click(ids.REVIEW_CONFIRM, "1", user=ADMIN, channel=ref.channel, ts=ref.ts)
    assert chat.review(1).status == "confirmed"
    vendor = outcome.result.review[0].vendor_client
    psa = outcome.result.review[0].candidates[0].psa_client
    assert (vendor, psa) in store.knowledge().client_aliases
    assert "Match confirmed by <@" in blocks_text(fake.calls_to("chat.update")[-1].params)

    slack.click(ids.REVIEW_REJECT, "1", user=ADMIN, channel=ref.channel, ts=ref.ts)
    assert chat.review(1).status == "confirmed"
    assert "was already confirmed by <@" in fake.calls_to("chat.postEphemeral")[-1].params["text"]
    assert store.knowledge().client_rejections == ()


def test_assign_owner_from_the_billing_channel(
    slack: Slack, fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    seed(store)

    notify_after_run(web_client(fake), store, chat, settings)
    reply = next(
        c
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == BILLING and c.params.get("thread_ts")
    )
    thread = chat.message(BILLING, reply.response["ts"])
    assert thread is not None and thread.kind == "run_detail"
    key = store.resolve_client("Pied Piper")
    fake.clear()

    picker = f"owner:{key}"
    click = {"user": ADMIN, "channel": BILLING, "ts": thread.ts, "selected_user": BOB}
    slack.click(ids.ASSIGN_OWNER, "", **{**click, "user": OUTSIDER}, block_id=picker)
    assert store.owner_for(key) is None
    assert "Only billing admins" in fake.calls_to("chat.postEphemeral")[-1].params["text"]

    fake.fail("users.info", "user_not_found", times=1)  # a departed account: refused
    slack.click(ids.ASSIGN_OWNER, "", **click, block_id=picker)
    assert store.owner_for(key) is None
    assert (
        "can't own clients: user_not_found"
        in fake.calls_to("chat.postEphemeral")[-1].params["text"]
    )

    slack.click(ids.ASSIGN_OWNER, "", **click, block_id=picker)
    owner = store.owner_for(key)
    assert owner is not None and owner.slack_user == BOB and owner.updated_by == ADMIN
    update = fake.calls_to("chat.update")[-1]
    assert update.params["ts"] == thread.ts and f"Owner: <@{BOB}>" in blocks_text(update.params)
    assert fake.calls_to("users.info")[-1].params["user"] == BOB
    assert fake.calls_to("conversations.open")[-1].params["users"] == BOB  # Bob hears of it


def test_a_click_on_the_app_home_republishes_it(
    slack: Slack, alerted: FakeSlack, store: Store, chat: Conversation
) -> None:
    gap = _gap(store, "Pied Piper", "Microsoft 365 E5")
    slack.click(ids.GAP_RESOLVE, f"{gap.id}:open", user=ANN, home=True)
    assert store.gap(gap.id).status is GapStatus.RESOLVED
    published = alerted.calls_to("views.publish")[-1]
    assert published.params["user_id"] == ANN
    home = blocks_text(published.params)
    assert "Microsoft 365 E3" in home and "Microsoft 365 E5" not in home  # only open gaps
    # The DM showing the gap was edited too.
    assert alerted.calls_to("chat.update")[-1].params["ts"] == _ref(chat, gap.id).ts

    slack.click(ids.GAP_RESOLVE, f"{gap.id}:open", user=ANN, home=True)
    notice = blocks_text(alerted.calls_to("views.publish")[-1].params)
    assert "already resolved by" in notice
