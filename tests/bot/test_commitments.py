"""Commitments in Slack (issue 17): the DM card says what to do and by when, in the owner's
time zone, once; the digest lists renewals and closing windows with seats not billed."""

from __future__ import annotations

import datetime as dt
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot.notify
from bot.app import make_client
from bot.conversation import Conversation
from bot.jobs import Jobs
from bot.notify import notify_after_run, post_digest
from bot.settings import BotSettings
from recon import ReconcileRequest, Store, run_reconciliation
from tests.bot.conftest import ANN, BILLING, blocks_text
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock
from tests.recon.test_commitments import NCE, NCE_ROWS, PSA_HEADER, PSA_ROWS, write


@pytest.fixture
def commitments_run(tmp_path: Path, store: Store, clock: FakeClock) -> Store:
    """A run of a new-commerce export on 4 Dec 2026, 13:00 UTC (5 Dec, 02:00 in Auckland),
    whose annual Business Premium gap can be reduced until 6 Dec."""
    clock.set(datetime(2026, 12, 4, 13, 0, tzinfo=UTC))
    run_reconciliation(
        ReconcileRequest(
            vendor=write(tmp_path / "nce.csv", NCE, NCE_ROWS),
            psa=write(tmp_path / "psa.csv", PSA_HEADER, PSA_ROWS),
        ),
        store=store,
        clock=store.now,
    )
    store.set_owner("Acme Corp", slack_user=ANN, by="cli:test")
    store.set_setting("threshold", "1000", by="cli:test")  # only the closing window alerts
    return store


def _dm_texts(fake: FakeSlack) -> list[str]:
    return [
        blocks_text(c.params)
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == "D" + ANN[1:]
    ]


def test_the_dm_says_reduce_before_when_in_the_owners_time_zone_once(
    fake: FakeSlack, commitments_run: Store, chat: Conversation, settings: BotSettings
) -> None:
    store = commitments_run  # the store's time zone is UTC: the owner's own one counts
    fake.time_zones[ANN] = "Pacific/Auckland"
    client = make_client(settings)
    notify_after_run(client, store, chat, settings)
    [text] = _dm_texts(fake)
    assert fake.calls_to("users.info")[-1].params["user"] == ANN
    # The window's last day is 6 Dec; in Auckland it is already 5 Dec: 2 days left.
    assert "reduce the vendor by 2 before 7 Dec, 2 days left" in text
    assert "or bill 2 more" in text and "billing recovers $" in text
    fake.clear()
    notify_after_run(client, store, chat, settings)
    assert _dm_texts(fake) == []  # reminded once


def test_the_digest_lists_renewals_and_closing_windows_with_seats_not_billed(
    fake: FakeSlack, commitments_run: Store, settings: BotSettings
) -> None:
    post_digest(make_client(settings), commitments_run, settings)
    [digest] = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == BILLING]
    text = blocks_text(digest.params)
    assert "Renewals in the next 30 days with seats not billed" in text
    assert "Microsoft 365 Business Premium · 2 seats not billed · window closes 6 Dec 2026" in text
    assert "Exchange Online (Plan 1) · 2 seats not billed · renews 20 Dec 2026" in text


def _run_on_30_nov(tmp_path: Path, store: Store, clock: FakeClock) -> Store:
    """The same exports, run on 30 Nov 2026 (the annual term's purchase day): its reduction
    window closes on 6 Dec, more than 5 days away, so the run itself reminds nobody."""
    clock.set(datetime(2026, 11, 30, 7, 0, tzinfo=UTC))
    run_reconciliation(
        ReconcileRequest(
            vendor=write(tmp_path / "nce.csv", NCE, NCE_ROWS),
            psa=write(tmp_path / "psa.csv", PSA_HEADER, PSA_ROWS),
        ),
        store=store,
        clock=store.now,
    )
    store.set_setting("threshold", "1000", by="cli:test")  # only the closing window alerts
    return store


@pytest.fixture
def run_before_the_window_nears(tmp_path: Path, store: Store, clock: FakeClock) -> Store:
    """:func:`_run_on_30_nov`, Acme owned by Ann."""
    _run_on_30_nov(tmp_path, store, clock)
    store.set_owner("Acme Corp", slack_user=ANN, by="cli:test")
    return store


def test_a_window_that_nears_between_runs_is_reminded_once_by_the_daily_pass(
    fake: FakeSlack, run_before_the_window_nears: Store, settings: BotSettings, clock: FakeClock
) -> None:
    store = run_before_the_window_nears
    jobs = Jobs(make_client(settings), store, settings, runner=None, clock=clock)
    gap = next(g for g in store.gaps() if g.product == "Microsoft 365 Business Premium")
    assert gap.reduce_possible_until == dt.date(2026, 12, 6)
    assert jobs.send_reminders() is None  # 6 days left on the run's day: not yet
    assert _dm_texts(fake) == []

    # No new export arrives; on 2 Dec the window is 4 days from closing.
    clock.set(datetime(2026, 12, 2, 7, 30, tzinfo=UTC))
    report = jobs.send_reminders()
    assert report is not None and report.sent == 1
    [text] = _dm_texts(fake)
    assert "reduce the vendor by 2 before 7 Dec, 5 days left" in text

    fake.clear()
    clock.set(datetime(2026, 12, 3, 7, 30, tzinfo=UTC))  # the next day's pass
    assert jobs.send_reminders() is None
    assert fake.calls_to("chat.postMessage") == []


class _WatchedLock:
    """The sweep lock, saying when a second sweep has to wait for it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.waiting = threading.Event()

    def __enter__(self) -> _WatchedLock:
        if not self._lock.acquire(blocking=False):
            self.waiting.set()
            self._lock.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def test_an_upload_finishing_during_the_reminder_pass_does_not_send_the_reminder_twice(
    fake: FakeSlack,
    run_before_the_window_nears: Store,
    settings: BotSettings,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = run_before_the_window_nears
    jobs = Jobs(make_client(settings), store, settings, runner=None, clock=clock)
    clock.set(datetime(2026, 12, 2, 7, 30, tzinfo=UTC))
    sweep = _WatchedLock()
    monkeypatch.setattr(bot.notify, "_SWEEP", sweep)
    arrived, release = fake.hold("chat.postMessage")

    # The reminder pass is posting the DM (Slack has not answered yet) ...
    reminders = threading.Thread(target=jobs.send_reminders)
    reminders.start()
    assert arrived.wait(timeout=10)
    # ... when an upload's run finishes and sweeps too: it waits for the pass.
    upload = threading.Thread(
        target=notify_after_run,
        args=(jobs.client, store, jobs.chat, settings),
        kwargs={"now": clock()},
    )
    upload.start()
    assert sweep.waiting.wait(timeout=10)
    release.set()
    reminders.join(timeout=10)
    upload.join(timeout=10)

    [text] = _dm_texts(fake)  # once, not twice
    assert "reduce the vendor by 2 before 7 Dec, 5 days left" in text


def test_a_closing_window_of_a_client_nobody_owns_is_named_in_the_channel_once(
    fake: FakeSlack, tmp_path: Path, store: Store, settings: BotSettings, clock: FakeClock
) -> None:
    store = _run_on_30_nov(tmp_path, store, clock)  # nobody owns Acme
    jobs = Jobs(make_client(settings), store, settings, runner=None, clock=clock)
    clock.set(datetime(2026, 12, 2, 7, 30, tzinfo=UTC))
    report = jobs.send_reminders()
    assert report is not None
    posts = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == BILLING]
    assert posts and len(posts) <= 3
    summary = blocks_text(posts[0].params)
    assert "reduce Microsoft 365 Business Premium by 2 before 7 Dec, 5 days left" in summary

    fake.clear()
    clock.set(datetime(2026, 12, 3, 7, 30, tzinfo=UTC))
    assert jobs.send_reminders() is None
    assert fake.calls_to("chat.postMessage") == []
