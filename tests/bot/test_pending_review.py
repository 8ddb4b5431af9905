"""A gap pending a client review in Slack (issue 11): it alerts like any gap above the
threshold, and its DM says which client pair it rests on."""

from __future__ import annotations

from pathlib import Path

from bot.app import make_client
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import ReconcileRequest, Store, run_reconciliation
from tests.bot.conftest import ANN, dm_texts
from tests.bot.fake_slack import FakeSlack
from tests.recon.test_pending_review import PSA, PSA_NAME, RESTS_ON, _vendor


def test_a_gap_pending_a_review_is_dmed_with_the_pair_it_rests_on(
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
    store.set_owner(PSA_NAME, slack_user=ANN, by="cli:test")
    store.set_setting("threshold", "5", by="cli:test")  # the pending gap is $52/mo

    notify_after_run(make_client(settings), store, chat, settings)

    [dm] = dm_texts(fake, ANN)
    assert "Microsoft 365 Business Premium" in dm
    assert f"Pending {RESTS_ON}: answer it to confirm or withdraw" in dm
