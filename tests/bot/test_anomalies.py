"""Anomalies in Slack: a DM to the owner above the threshold, once, and the Expected button."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bot import ids
from bot.app import make_client
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import Store
from recon.normalize import client_key
from recon.service import check_anomalies
from tests.bot.conftest import ADMIN, ANN, BILLING, OUTSIDER, Slack, blocks_text
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for

WAYNE = client_key("Wayne Enterprises")
JUMP = f"{WAYNE}|cat:m365-e3|one_sided_jump"
ANN_DM = "D" + ANN[1:]


def record_jump(store: Store, clock: FakeClock, *, price: str = "36.00") -> None:
    """Four checked runs: Wayne's E3 steady at 24 seats, then 36 at the vendor ($432/mo)."""
    gap = make_gap("Wayne Enterprises", "M365 E3", vendor_qty=2, psa_qty=1, unit_price="1.00")
    for vendor in (24, 24, 24, 36):
        clock.advance(days=30)
        rows = [("Wayne Enterprises", "M365 E3", vendor, 24)]
        run = store.record_run(make_result(gap, seats=seats_for([], rows)))
        check_anomalies(store, run.run_id, prices={(WAYNE, "cat:m365-e3"): Decimal(price)})


@pytest.fixture
def alerted(
    fake: FakeSlack, store: Store, chat: Conversation, settings: BotSettings, clock: FakeClock
) -> FakeSlack:
    """The jump recorded, Ann owning Wayne Enterprises, the alerts sent, the calls forgotten."""
    record_jump(store, clock)
    store.set_owner("Wayne Enterprises", slack_user=ANN, by="cli:test")
    notify_after_run(make_client(settings), store, chat, settings)
    return fake


def anomaly_dm(fake: FakeSlack):
    return next(
        c
        for c in fake.calls_to("chat.postMessage")
        if "unusual seat change" in str(c.params.get("text"))
    )


def test_an_anomaly_over_the_threshold_is_dmed_to_the_owner_with_a_button(
    alerted: FakeSlack, store: Store
) -> None:
    dm = anomaly_dm(alerted)
    assert dm.params["channel"] == ANN_DM
    text = blocks_text(dm.params)
    assert "Wayne Enterprises / M365 E3" in text and "$432.00/mo" in text
    assert "Seats at the vendor jumped from 24 to 36" in text
    # Why, in numbers: since when, what was expected, and the period values it rests on.
    assert "_Since 2026-06-30 · expected: vendor hardly moved; a jump is 5 seats or more_" in text
    assert "Months 2026-04-01 to 2026-06-30: vendor 24, 24, 24, 36; PSA 24, 24, 24, 24" in text
    blocks = dm.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (button["action_id"], button["value"]) == (ids.ANOMALY_EXPECTED, JUMP)
    assert button["text"]["text"] == "Expected"


def test_an_anomaly_is_said_once(
    alerted: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    alerted.clear()
    report = notify_after_run(make_client(settings), store, chat, settings)
    assert report.sent == 0 and alerted.calls_to("chat.postMessage") == []


def test_below_the_threshold_an_anomaly_waits_for_the_digest(
    fake: FakeSlack, store: Store, settings: BotSettings, clock: FakeClock, chat: Conversation
) -> None:
    record_jump(store, clock)
    store.set_owner("Wayne Enterprises", slack_user=ANN, by="cli:test")
    store.set_setting("threshold", "500", by="cli:test", client="Wayne Enterprises")
    notify_after_run(make_client(settings), store, chat, settings)
    assert not any(
        "unusual seat change" in str(c.params.get("text"))
        for c in fake.calls_to("chat.postMessage")
    )


def test_an_unowned_clients_anomaly_goes_to_the_billing_channel(
    fake: FakeSlack, store: Store, settings: BotSettings, clock: FakeClock, chat: Conversation
) -> None:
    record_jump(store, clock)
    notify_after_run(make_client(settings), store, chat, settings)
    # Not a message of its own: a line of the run's one billing-channel message.
    posts = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == BILLING]
    assert posts and any("anomal" in blocks_text(c.params) for c in posts)
    assert not any("unusual seat change" in str(c.params.get("text")) for c in posts)


def test_a_failed_dm_is_tried_again_next_run(
    fake: FakeSlack, store: Store, settings: BotSettings, clock: FakeClock, chat: Conversation
) -> None:
    record_jump(store, clock)
    store.set_owner("Wayne Enterprises", slack_user=ANN, by="cli:test")
    fake.fail("conversations.open", "user_not_found", times=1)
    report = notify_after_run(make_client(settings), store, chat, settings)
    assert (f"<@{ANN}>", "user_not_found") in report.failures
    notify_after_run(make_client(settings), store, chat, settings)
    assert anomaly_dm(fake).params["channel"] == ANN_DM


def test_expected_is_for_the_owner_once_and_edits_the_dm(
    slack: Slack, alerted: FakeSlack, store: Store, chat: Conversation
) -> None:
    ref = _recorded(alerted, chat)
    alerted.clear()

    slack.click(ids.ANOMALY_EXPECTED, JUMP, user=OUTSIDER, channel=ref.channel, ts=ref.ts)
    refusal = alerted.calls_to("chat.postEphemeral")[-1].params
    assert refusal["user"] == OUTSIDER
    assert f"Only the owner of *Wayne Enterprises* (<@{ANN}>)" in refusal["text"]
    assert store.expected_marks() == [] and not alerted.calls_to("chat.update")

    slack.click(ids.ANOMALY_EXPECTED, JUMP, user=ANN, channel=ref.channel, ts=ref.ts)
    [mark] = store.expected_marks()
    assert (mark.key, mark.by) == (JUMP, ANN)
    [update] = alerted.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (ref.channel, ref.ts)
    text = blocks_text(update.params)
    assert f"Marked expected by <@{ANN}>" in text and ids.ANOMALY_EXPECTED not in text
    assert store.anomalies() == []  # quiet now: the digest leaves it out

    alerted.clear()
    slack.click(ids.ANOMALY_EXPECTED, JUMP, user=ADMIN, channel=ref.channel, ts=ref.ts)
    notice = alerted.calls_to("chat.postEphemeral")[-1].params["text"]
    assert notice.startswith("Nothing changed: *Wayne Enterprises / M365 E3* was already marked")
    assert f"expected by <@{ANN}> at 2026-" in notice
    assert len(store.expected_marks()) == 1 and not alerted.calls_to("chat.update")
    assert [d.by for d in store.decisions() if d.action == "mark_expected"] == [ANN]


def test_expected_on_an_anomaly_the_latest_run_no_longer_shows(
    slack: Slack, alerted: FakeSlack, store: Store, clock: FakeClock, chat: Conversation
) -> None:
    ref = _recorded(alerted, chat)
    clock.advance(days=30)
    run = store.record_run(
        make_result(seats=seats_for([], [("Wayne Enterprises", "M365 E3", 36, 36)]))
    )
    check_anomalies(store, run.run_id)
    alerted.clear()
    slack.click(ids.ANOMALY_EXPECTED, JUMP, user=ANN, channel=ref.channel, ts=ref.ts)
    assert (
        "no longer shows that anomaly" in alerted.calls_to("chat.postEphemeral")[-1].params["text"]
    )
    assert store.expected_marks() == []


def _recorded(fake: FakeSlack, chat: Conversation):
    """The store's record of the anomaly DM (where the button was clicked)."""
    dm = anomaly_dm(fake)
    msg = chat.message(dm.response["channel"], dm.response["ts"])
    assert msg is not None
    return msg
