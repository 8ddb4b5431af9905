"""Commitments in Slack (issue 17): the DM card says what to do and by when, in the owner's
time zone, once; the digest lists renewals and closing windows with seats not billed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import make_client
from bot.conversation import Conversation
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
