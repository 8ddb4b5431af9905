"""Scheduled runs end to end: the watched folder, DMs, no repeats, no overlap, the webhook."""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build_app, make_client
from bot.jobs import Jobs, SourceRunner, SweepResult
from bot.settings import BotSettings
from bot.webhooks import WebhookSender
from recon import Store
from recon.webhook import verify
from tests.bot.conftest import (
    ANN,
    BILLING,
    BOB,
    EXAMPLES,
    WEBHOOK_SECRET,
    InlineExecutor,
    Receiver,
    Slack,
    authorize,
    blocks_text,
    seed,
)
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock

ANN_DM = "D" + ANN[1:]
BOB_DM = "D" + BOB[1:]


@pytest.fixture
def waits() -> list[float]:
    """Every wait the webhook's retries asked for (never really slept)."""
    return []


@pytest.fixture
def runner(folder_settings: BotSettings, store: Store, clock: FakeClock) -> Iterator[SourceRunner]:
    """The watched folder as both sides; waiting for files to settle moves the fake clock."""
    opened = SourceRunner.open(
        folder_settings, store, clock=clock, sleep=lambda s: clock.advance(seconds=s)
    )
    assert opened is not None
    yield opened
    opened.close()


@pytest.fixture
def webhook(store: Store, waits: list[float]) -> Iterator[WebhookSender]:
    sender = WebhookSender(store, secret=WEBHOOK_SECRET, sleep=waits.append)
    yield sender
    sender.close()


@pytest.fixture
def jobs(
    folder_settings: BotSettings,
    store: Store,
    runner: SourceRunner,
    webhook: WebhookSender,
    clock: FakeClock,
) -> Jobs:
    return Jobs(
        make_client(folder_settings),
        store,
        folder_settings,
        runner=runner,
        webhook=webhook,
        clock=clock,
    )


def dm_channels(fake: FakeSlack) -> list[str]:
    return [str(c.params["channel"]) for c in fake.calls_to("chat.postMessage")]


def test_settings_default_to_the_watched_folder(folder_settings: BotSettings) -> None:
    assert (folder_settings.vendor_source, folder_settings.psa_source) == ("folder", "folder")


def test_a_scheduled_run_reads_the_folder_alerts_owners_and_never_repeats(
    jobs: Jobs, fake: FakeSlack, store: Store, watched: Path
) -> None:
    seed(store, owners={"Pied Piper": ANN, "Gotham Medical": BOB})  # run 1, by the CLI

    first = jobs.scheduled_run()
    assert first.result is SweepResult.RAN
    run = store.last_run()
    assert run is not None and run.run_id == 2 and run.source == "folder+folder"
    channels = dm_channels(fake)
    assert ANN_DM in channels and BOB_DM in channels and BILLING in channels
    assert any("Pied Piper Inc" in blocks_text(c.params) for c in fake.calls_to("chat.postMessage"))
    assert first.report is not None and first.report.sent == len(channels)

    fake.clear()
    second = jobs.scheduled_run()  # nothing new in the folder: no run, no message
    assert second.result is SweepResult.NOTHING_NEW
    assert store.last_run().run_id == 2 and fake.calls == []

    # A new vendor export lands: a run, but nothing already said is said again.
    shutil.copy(EXAMPLES / "vendor_partner_center.csv", watched / "vendor" / "april.csv")
    third = jobs.scheduled_run()
    assert third.result is SweepResult.RAN and store.last_run().run_id == 3
    assert fake.calls_to("chat.postMessage") == []
    assert third.report is not None and third.report.sent == 0 and third.report.alerts == []


def test_a_sweep_while_a_run_is_going_is_skipped_and_logged(
    jobs: Jobs, runner: SourceRunner, store: Store, clock: FakeClock, caplog
) -> None:
    inside, release = threading.Event(), threading.Event()

    def slow_settle(seconds: float) -> None:  # the first sweep waits here, holding the lock
        inside.set()
        assert release.wait(timeout=10)
        clock.advance(seconds=seconds)

    runner.sleep = slow_settle
    results = []
    first = threading.Thread(target=lambda: results.append(jobs.scheduled_run()))
    first.start()
    assert inside.wait(timeout=10)
    with caplog.at_level(logging.WARNING, logger="bot.jobs"):
        assert jobs.scheduled_run().result is SweepResult.BUSY
    assert "a reconciliation is still running; this scheduled run is skipped" in caplog.text
    release.set()
    first.join(timeout=30)
    assert [r.result for r in results] == [SweepResult.RAN]
    assert [r.run_id for r in store.runs()] == [1]


def test_reconcile_run_uses_the_same_sources_and_waits_for_no_one(
    folder_settings: BotSettings,
    runner: SourceRunner,
    store: Store,
    clock: FakeClock,
    fake: FakeSlack,
) -> None:
    app = build_app(
        folder_settings,
        store,
        authorize=authorize,
        listener_executor=InlineExecutor(),
        clock=clock,
        run_sources=runner.run_now,
    )
    slack = Slack(app, fake)
    with runner.lock:  # a scheduled run is going
        slack.command("run")
    [busy] = fake.calls_to("/webhook")
    assert "already going" in busy.params["text"] and store.last_run() is None

    fake.clear()
    slack.command("run")
    run = store.last_run()
    assert run is not None and run.source == "folder+folder"
    [reply] = fake.calls_to("/webhook")
    assert "Sent" in reply.params["text"]


def test_a_failing_source_is_posted_once_not_at_every_sweep(
    jobs: Jobs, fake: FakeSlack, store: Store, watched: Path
) -> None:
    shutil.rmtree(watched / "psa")
    assert jobs.scheduled_run().result is SweepResult.FAILED
    [post] = fake.calls_to("chat.postMessage")
    assert post.params["channel"] == BILLING
    assert "scheduled reconciliation failed" in post.params["text"]
    assert "no psa export yet" in post.params["text"]
    assert jobs.scheduled_run().result is SweepResult.FAILED
    assert len(fake.calls_to("chat.postMessage")) == 1 and store.last_run() is None


def test_the_alerts_reach_the_webhook_signed_off_the_slack_path(
    jobs: Jobs, fake: FakeSlack, store: Store, receiver: Receiver
) -> None:
    seed(store, owners={"Pied Piper": ANN})
    store.set_setting("webhook_url", receiver.url, by="cli:test")
    receiver.gate = threading.Event()  # the receiver hangs until the test lets it answer

    sweep = jobs.scheduled_run()  # returns with every DM sent while the webhook still waits
    assert sweep.result is SweepResult.RAN and sweep.report is not None
    assert ANN_DM in dm_channels(fake)
    assert sweep.report.webhook and not any(f.done() for f in sweep.report.webhook)
    receiver.gate.set()

    deliveries = [f.result(timeout=10) for f in sweep.report.webhook]
    assert deliveries and all(d.ok and d.attempts == 1 for d in deliveries)
    assert len(receiver.received) == len(sweep.report.alerts) == len(deliveries)
    for got in receiver.received:
        stamp = int(got.headers["x-recon-timestamp"])
        assert verify(WEBHOOK_SECRET, stamp, got.body, got.headers["x-recon-signature"])
        assert not verify("another-secret", stamp, got.body, got.headers["x-recon-signature"])
    payloads = [json.loads(r.body) for r in receiver.received]
    assert [p["client"] for p in payloads] == [a.client for a in sweep.report.alerts]
    pied = next(p for p in payloads if p["client"].startswith("Pied Piper"))
    assert pied["type"] == "billing_gap_alert" and pied["recipients"] == [ANN]
    assert {g["reason"] for g in pied["gaps"]} == {"new"}


def test_a_failing_webhook_is_logged_and_the_dms_go_out(
    jobs: Jobs,
    fake: FakeSlack,
    store: Store,
    receiver: Receiver,
    waits: list[float],
    caplog,
) -> None:
    seed(store, owners={"Pied Piper": ANN})
    store.set_setting("webhook_url", receiver.url, by="cli:test")
    receiver.status = 503
    with caplog.at_level(logging.ERROR, logger="bot.webhooks"):
        sweep = jobs.scheduled_run()
        assert sweep.report is not None
        deliveries = [f.result(timeout=10) for f in sweep.report.webhook]
    assert deliveries and not any(d.ok for d in deliveries)
    assert {(d.attempts, d.status) for d in deliveries} == {(4, 503)}
    assert waits[:3] == [1.0, 2.0, 4.0]  # backoff, through the injected sleep
    assert ANN_DM in dm_channels(fake)
    assert store.alert_marks()  # the Slack alerts were recorded as said
    assert "webhook: the alert for Pied Piper Inc was not delivered" in caplog.text
    assert receiver.url not in caplog.text


def test_without_the_secret_the_webhook_stays_off(
    folder_settings: BotSettings,
    store: Store,
    runner: SourceRunner,
    fake: FakeSlack,
    receiver: Receiver,
    clock: FakeClock,
    caplog,
) -> None:
    settings = dataclasses.replace(folder_settings, webhook_secret=None)
    sender = WebhookSender(store, secret=None)
    jobs = Jobs(make_client(settings), store, settings, runner=runner, webhook=sender, clock=clock)
    seed(store, owners={"Pied Piper": ANN})
    store.set_setting("webhook_url", receiver.url, by="cli:test")
    with caplog.at_level(logging.WARNING, logger="bot.webhooks"):
        sweep = jobs.scheduled_run()
    sender.close()
    assert sweep.report is not None and sweep.report.alerts and sweep.report.webhook == []
    assert receiver.received == []
    assert "RECON_WEBHOOK_SECRET is not" in caplog.text


def test_a_folder_that_is_not_mounted_is_a_failed_run_not_a_crash(
    jobs: Jobs, fake: FakeSlack, watched: Path
) -> None:
    shutil.rmtree(watched)
    assert jobs.scheduled_run().result is SweepResult.FAILED
    [post] = fake.calls_to("chat.postMessage")
    assert "RECON_WATCH_DIR" in post.params["text"]


def test_a_held_scheduled_run_asks_the_admins_alerts_nobody_and_is_not_repeated(
    jobs: Jobs, fake: FakeSlack, store: Store, watched: Path
) -> None:
    seed(store, owners={"Pied Piper": ANN})
    statuses = [(g.id, g.status) for g in store.gaps(status="all")]
    [psa] = list((watched / "psa").iterdir())
    psa.write_text(psa.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    swept = jobs.scheduled_run()
    assert swept.result is SweepResult.HELD
    assert [(g.id, g.status) for g in store.gaps(status="all")] == statuses
    [card] = fake.calls_to("chat.postMessage")
    assert card.params["channel"] == BILLING
    assert "run_confirm" in json.dumps(card.params) and "no data rows" in blocks_text(card.params)
    fake.clear()
    assert jobs.scheduled_run().result is SweepResult.NOTHING_NEW  # the same files: asked once
    assert fake.calls == []
