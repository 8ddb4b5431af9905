"""The weekly digest: the figures, the anomalies, the chart in its thread, the same from
``/reconcile digest``, and a message that reads well with no gaps or with thousands."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from bot.app import make_client
from bot.blocks import digest_message
from bot.jobs import Jobs
from bot.settings import BotSettings
from recon import Store, build_digest, render_chart
from recon.normalize import client_key
from recon.service import check_anomalies
from tests.bot.block_limits import block_problems
from tests.bot.conftest import ADMIN, ANN, BILLING, Slack, blocks_text
from tests.bot.fake_slack import Call, FakeSlack
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for

PNG = b"\x89PNG\r\n\x1a\n"
WAYNE = client_key("Wayne Enterprises")


def weekly_history(store: Store, clock: FakeClock) -> None:
    """Five weekly runs, the last one now: Acme's gap grows by two seats a week ($25 each),
    Globex's stays at $8, and Wayne's E3 seats jump at the vendor in the last run (an
    anomaly, $432/mo)."""
    for week in range(5):
        if week:
            clock.advance(days=7)
        gaps = [
            make_gap("Acme Corp", "M365 BP", vendor_qty=12 + 2 * week, psa_qty=10),
            make_gap("Globex", "EXO P1", vendor_qty=5, psa_qty=3, unit_price="4.00"),
        ]
        wayne = ("Wayne Enterprises", "M365 E3", 36 if week == 4 else 24, 24)
        run = store.record_run(make_result(*gaps, seats=seats_for(gaps, [wayne])))
        check_anomalies(store, run.run_id, prices={(WAYNE, "cat:m365-e3"): Decimal("36.00")})
    store.set_owner("Acme Corp", slack_user=ANN, by="cli:test")


def digest_post(fake: FakeSlack) -> Call:
    [post] = [c for c in fake.calls_to("chat.postMessage") if "Billing digest" in c.params["text"]]
    return post


def only_upload(fake: FakeSlack) -> tuple[Call, bytes]:
    [complete] = fake.calls_to("files.completeUploadExternal")
    [content] = fake.uploads.values()
    return complete, content


@pytest.fixture
def jobs(settings: BotSettings, store: Store, clock: FakeClock) -> Jobs:
    return Jobs(make_client(settings), store, settings, runner=None, clock=clock)


def test_the_weekly_digest_posts_the_figures_anomalies_and_chart(
    jobs: Jobs, fake: FakeSlack, store: Store, clock: FakeClock
) -> None:
    weekly_history(store, clock)
    assert jobs.weekly_digest()
    post = digest_post(fake)
    assert post.params["channel"] == BILLING
    text = blocks_text(post.params)
    # Acme 10 seats short x $25 + Globex 2 x $4 now; a week ago Acme was 8 short: +$50.
    assert "*$258.00/mo leaking* (:arrow_up: $50.00 since last week) across 2 open gaps" in text
    assert "*Top 2 open gaps*" in text
    assert f"*Acme Corp* · M365 BP · *$250.00/mo* · 28 days · <@{ANN}>" in text
    assert "*Globex* · EXO P1 · *$8.00/mo* · 28 days · _no owner_" in text
    assert "*Anomalies in the seat history* (1)" in text
    assert (
        "high: Wayne Enterprises / M365 E3, $432.00/mo, since 2026-03-30: Seats at the vendor "
        "jumped from 24 to 36 (+12)"
    ) in text
    assert "Expected: vendor hardly moved; a jump is 5 seats or more." in text
    assert post.params["text"] == "Billing digest: $258.00/mo leaking, 2 open gaps, 1 anomaly"

    complete, content = only_upload(fake)
    files = json.loads(complete.params["files"])
    assert complete.params["channel_id"] == BILLING
    assert complete.params["thread_ts"] == post.response["ts"]  # in the digest's thread
    assert files[0]["title"].startswith("leakage-") and files[0]["title"].endswith(".png")
    assert content.startswith(PNG) and len(content) > 1000
    weeks = build_digest(store, now=clock()).weeks
    assert [w.leaking for w in weeks] == [Decimal(v) for v in (58, 108, 158, 208, 258)]
    assert content == render_chart(weeks)  # the chart of those five weeks


def test_reconcile_digest_posts_exactly_the_same(
    jobs: Jobs, slack: Slack, fake: FakeSlack, store: Store, clock: FakeClock
) -> None:
    weekly_history(store, clock)
    jobs.weekly_digest()
    scheduled, (_, chart) = digest_post(fake), only_upload(fake)
    fake.clear()
    fake.uploads.clear()
    slack.command("digest", user=ADMIN)
    typed, (_, typed_chart) = digest_post(fake), only_upload(fake)
    assert typed.params["blocks"] == scheduled.params["blocks"]
    assert typed.params["text"] == scheduled.params["text"]
    assert typed_chart == chart
    [reply] = fake.calls_to("/webhook")
    assert f"Posted the digest to <#{BILLING}>" in reply.params["text"]


def test_with_no_gaps_the_digest_says_so_plainly(jobs: Jobs, fake: FakeSlack, store: Store) -> None:
    store.record_run(make_result(seats=seats_for([], [("Acme Corp", "M365 BP", 10, 10)])))
    jobs.weekly_digest()
    post = digest_post(fake)
    text = blocks_text(post.params)
    assert "*$0.00/mo leaking* across 0 open gaps · refund risk $0.00/mo" in text
    assert "Nothing open and nothing changed this week. :tada:" in text
    assert "Top" not in text and "Anomalies" not in text and "per account manager" not in text
    assert post.params["text"] == "Billing digest: $0.00/mo leaking, 0 open gaps"
    assert only_upload(fake)[1].startswith(PNG)


def test_before_any_run_the_digest_has_no_chart(jobs: Jobs, fake: FakeSlack) -> None:
    jobs.weekly_digest()
    assert "Last run: no run yet" in blocks_text(digest_post(fake).params)
    assert fake.calls_to("files.completeUploadExternal") == []


def test_thousands_of_gaps_owners_and_anomalies_stay_within_slacks_limits(
    jobs: Jobs, fake: FakeSlack, store: Store, clock: FakeClock
) -> None:
    gaps = [
        make_gap(f"Client {n:04d}", f"Product {p}", vendor_qty=10 + p, psa_qty=10)
        for n in range(300)
        for p in range(1, 11)
    ]
    store.record_run(make_result(*gaps))
    store.import_owners(
        [
            {"client": f"Client {n:04d}", "slack_user": f"U{n:08d}"}
            for n in range(0, 300, 2)  # 150 account managers, half the clients unowned
        ],
        by="cli:test",
    )
    assert jobs.weekly_digest()  # the fake refuses a message over the limits, like Slack
    post = digest_post(fake)
    blocks = post.params["blocks"]
    assert len(blocks) <= 50
    text = blocks_text(post.params)
    assert "across 3,000 open gaps" in text and "…and 2,990 more open gaps" in text
    assert "…and 111 more" in text  # 151 lines (150 people and nobody) show 40

    digest = build_digest(store, now=clock())
    lines = tuple(f"high: Client {n} / Product <{n}>: " + "seats " * 60 for n in range(4000))
    crowded = digest_message(
        dataclasses.replace(digest, anomalies=lines), zone=store.settings().zone
    )
    assert block_problems(crowded.blocks, max_blocks=50) == []
    shown = json.dumps(crowded.blocks, ensure_ascii=False)
    assert "…and 3,990 more: `recon anomalies` lists every one" in shown
    assert "&lt;7&gt;" in shown  # text from files is escaped
