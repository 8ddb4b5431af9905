"""The whole loop: two exports in a DM, alerts to the right people, a click, a refusal."""

from __future__ import annotations

import json

from bot.conversation import Conversation
from recon import GapStatus, Store
from tests.bot.conftest import (
    ADMIN,
    ANN,
    BILLING,
    BOB,
    OUTSIDER,
    PSA_CSV,
    VENDOR_CSV,
    Slack,
    blocks_text,
    seed,
)
from tests.bot.fake_slack import FakeSlack


def test_two_uploads_alert_owners_and_a_click_resolves_in_place(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    seed(store, owners={"Pied Piper": ANN, "Wayne Enterprises": ANN, "Gotham Medical": BOB})
    vendor = fake.add_file("F0VENDOR1", "partner-center.csv", VENDOR_CSV, user=ADMIN)
    psa = fake.add_file("F0PSA0001", "connectwise.csv", PSA_CSV, user=ADMIN)

    assert slack.upload([vendor, psa]).status == 200

    # One progress message, edited in place, ending with the answer; then the CSV.
    posts = fake.calls_to("chat.postMessage")
    progress = [c for c in posts if "Reading files" in str(c.params.get("text"))]
    assert len(progress) == 1
    updates = fake.calls_to("chat.update")
    assert any("Matching" in str(u.params["text"]) for u in updates)
    run = store.last_run()
    assert run is not None and run.run_id == 2 and run.source == "slack"
    assert updates[-1].params["text"].startswith(f"Done: {run.gap_count} gaps")
    assert {u.params["ts"] for u in updates} == {
        progress[0].params.get("ts") or updates[0].params["ts"]
    }
    completes = fake.calls_to("files.completeUploadExternal")
    assert completes and completes[0].params["channel_id"] == "DADMIN001"
    csv = next(iter(fake.uploads.values())).decode()
    assert csv.startswith("rank,kind,client") and csv.count("\r\n") == run.gap_count + 1

    # DMs: Ann gets one per client she owns, Bob one; unowned clients go to the channel.
    opened = {c.params["users"] for c in fake.calls_to("conversations.open")}
    assert {ANN, BOB} <= opened and OUTSIDER not in opened
    by_channel: dict[str, list[str]] = {}
    for call in fake.calls_to("chat.postMessage"):
        by_channel.setdefault(call.params["channel"], []).append(blocks_text(call.params))
    ann_dm = "D" + ANN[1:]
    assert len(by_channel[ann_dm]) == 2
    assert any("Pied Piper Inc" in text for text in by_channel[ann_dm])
    assert any("Gotham Medical Group" in text for text in by_channel["D" + BOB[1:]])
    # Everything nobody owns is one message in the billing channel, owner pickers in its thread.
    assert len(by_channel[BILLING]) == 2
    assert any("Who owns these clients?" in t and "users_select" in t for t in by_channel[BILLING])

    # Ann resolves the Pied Piper E5 gap from her DM.
    gap = next(g for g in store.gaps(client="Pied Piper") if g.product == "Microsoft 365 E5")
    ref = chat.messages_showing(gap_id=gap.id)[0]
    fake.clear()
    assert (
        slack.click(
            "gap_resolve", f"{gap.id}:open", user=ANN, channel=ref.channel, ts=ref.ts
        ).status
        == 200
    )
    assert store.gap(gap.id).status is GapStatus.RESOLVED
    assert store.gap(gap.id).resolved_by == ANN
    update = fake.wait_for("chat.update")[0]
    assert update.params["channel"] == ref.channel and update.params["ts"] == ref.ts
    assert f"Resolved by <@{ANN}>" in blocks_text(update.params)

    # A second click changes nothing and says who did it.
    fake.clear()
    slack.click("gap_resolve", f"{gap.id}:open", user=ANN, channel=ref.channel, ts=ref.ts)
    ephemeral = fake.wait_for("chat.postEphemeral")[0]
    assert f"already resolved by <@{ANN}>" in ephemeral.params["text"]
    assert not fake.calls_to("chat.update")
    assert len(store.decisions(gap_id=gap.id)) == 1

    # An outsider's click on another gap is refused and changes nothing.
    other = next(g for g in store.gaps(client="Pied Piper") if g.product == "Microsoft 365 E3")
    fake.clear()
    slack.click("gap_resolve", f"{other.id}:open", user=OUTSIDER, channel=ref.channel, ts=ref.ts)
    assert store.gap(other.id).status is GapStatus.OPEN
    refusal = fake.wait_for("chat.postEphemeral")[0]
    assert refusal.params["user"] == OUTSIDER and "Only the owner" in refusal.params["text"]
    assert store.decisions(gap_id=other.id) == []
    assert json.dumps([c.method for c in fake.calls]).count("chat.update") == 0
