"""What Slack demands of a bot: retries on 429, one failure never stopping the rest, limits."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from bot.app import make_client
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import Gap, GapKind, ReconResult, Store, Summary
from tests.bot.block_limits import block_problems
from tests.bot.conftest import ADMIN, ANN, BILLING, BOB, PSA_CSV, VENDOR_CSV, Slack, seed
from tests.bot.fake_slack import FakeSlack


def test_a_429_is_retried_after_retry_after_and_then_succeeds(
    slack: Slack, fake: FakeSlack, store: Store, naps: list[float]
) -> None:
    seed(store)
    fake.rate_limit("chat.postMessage", times=1, retry_after=30)
    slack.command("digest")
    posts = fake.wait_for("chat.postMessage", 2)
    assert [p.params["channel"] for p in posts] == [BILLING, BILLING]
    assert len(naps) == 1 and 30 <= naps[0] < 31  # Retry-After honoured, without waiting
    assert "Posted the digest" in fake.wait_for("/webhook")[0].params["text"]


def test_one_dm_failing_does_not_stop_the_others_and_is_reported(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store, owners={"Pied Piper": ANN, "Gotham Medical": BOB})
    fake.fail("conversations.open", "user_not_found", when=lambda p: p.get("users") == BOB)
    vendor = fake.add_file("F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN)
    psa = fake.add_file("F0PSA0001", "cw.csv", PSA_CSV, user=ADMIN)
    slack.upload([vendor, psa])
    channels = [c.params["channel"] for c in fake.calls_to("chat.postMessage")]
    assert "D" + ANN[1:] in channels and BILLING in channels
    report = [c for c in fake.calls_to("chat.postMessage") if "Couldn't alert" in c.params["text"]]
    assert len(report) == 1 and f"<@{BOB}>: user_not_found" in report[0].params["text"]
    assert report[0].params["channel"] == "DADMIN001" and report[0].params["thread_ts"]
    # Bob's client was not marked as told, so the next sweep tries again.
    marks = store.alert_marks()
    gotham = store.gaps(client="Gotham")[0]
    pied = store.gaps(client="Pied Piper")[0]
    assert gotham.id not in marks and pied.id in marks


def _gap(n: int) -> Gap:
    return Gap(
        kind=GapKind.MISSING_IN_PSA,
        client_key="huge corp",
        product_key=f"p{n:03d}",
        client="Huge Corp " + "& Partners " * 8,
        product=f"Product number {n} " + "with a very long licence name " * 4,
        vendor_client="Huge Corp",
        psa_client="Huge Corp",
        vendor_product=f"Product {n}",
        psa_product=None,
        vendor_qty=Decimal(n + 1),
        psa_qty=Decimal(0),
        vendor_unit_cost=Decimal("10"),
        psa_unit_price=None,
        seat_delta=Decimal(n + 1),
        monthly_impact=Decimal(10 * (n + 1)),
        confidence=1.0,
        why="x" * 500,
    )


def test_a_client_with_300_gaps_gets_a_summary_and_the_csv(
    fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    gaps = tuple(_gap(n) for n in range(300))
    summary = Summary(
        (), {"missing_in_psa": 300}, {}, Decimal(0), Decimal(0), 1, 1, 1, 0, Decimal(0), 0, 0, 0
    )
    result = ReconResult(gaps, (), (), (), pd.DataFrame(), summary, store.now())
    store.record_run(result)
    store.set_owner("Huge Corp", slack_user=ANN, by="cli:test")

    report = notify_after_run(make_client(settings), store, chat, settings)

    assert report.failures == [] and report.sent == 1
    [post] = fake.calls_to("chat.postMessage")
    assert block_problems(post.params["blocks"], max_blocks=50) == []
    assert "more open gaps of this client" in str(post.params["blocks"])
    [upload] = fake.uploads.values()
    assert upload.decode().count("\r\n") == 301
    assert (
        fake.calls_to("files.completeUploadExternal")[0].params["thread_ts"] == "1700000000.000001"
    )
