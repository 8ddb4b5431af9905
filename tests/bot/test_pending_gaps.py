"""Pending gaps in Slack (issue 11): a gap resting on an unanswered mapping question alerts
like any gap above the threshold, and its DM says what it rests on."""

from __future__ import annotations

from pathlib import Path

from bot.app import make_client
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import ReconcileRequest, Store, run_reconciliation
from tests.bot.conftest import ANN, dm_texts
from tests.bot.fake_slack import FakeSlack
from tests.recon.test_pending_gaps import PSA, RESTS_ON, _vendor


def test_a_pending_gap_is_dmed_with_the_question_it_rests_on(
    tmp_path: Path,
    fake: FakeSlack,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
) -> None:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_text(_vendor(12))
    psa.write_text(PSA)
    run_reconciliation(ReconcileRequest(vendor=vendor, psa=psa), store=store, clock=store.now)
    store.set_owner("Acme", slack_user=ANN, by="cli:test")
    store.set_setting("threshold", "5", by="cli:test")  # the pending gap is $10/mo

    notify_after_run(make_client(settings), store, chat, settings)

    [dm] = dm_texts(fake, ANN)
    assert "Proofpoint Essentials Business" in dm
    assert f"Pending {RESTS_ON}: answer it to confirm or withdraw" in dm
