"""A held run confirmed from Slack alerts the account managers exactly as an unheld run would.

A scheduled pull from the PSA brings each client's account manager, who becomes its owner
when the run is recorded. A run the guard held offers nobody; once an admin confirms it, the
managers its pull found become owners first, so the alerts go to them, not to the channel.
"""

from __future__ import annotations

from bot import ids
from recon import ReconcileRequest, Store, run_reconciliation
from recon.plausibility import RunFigures, SideFigures
from tests.bot.conftest import ADMIN, ANN, BILLING, PSA_CSV, VENDOR_CSV, Slack, blocks_text
from tests.bot.fake_slack import FakeSlack

ANN_DM = "D" + ANN[1:]
MANAGER = "ann@msp.example"


def _held_pull(store: Store, managers: dict[str, str]) -> int:
    """A run of the examples held by the guard, its PSA pull having named these managers."""
    shown = run_reconciliation(
        ReconcileRequest(VENDOR_CSV, PSA_CSV, vendor_name="v.csv", psa_name="p.csv", save=False),
        store=store,
    )
    held = store.hold_run(
        shown.result,
        source="partner-center+connectwise",
        by="scheduler",
        figures=RunFigures(
            SideFigures("partner_center_api", 0, 0, None),
            SideFigures("connectwise_api", 9, 9, None),
        ),
        reasons=("the vendor side has no data rows",),
        account_managers={"connectwise": managers},
    )
    return held.run_id


def test_confirming_a_held_pull_in_slack_alerts_its_account_manager(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    fake.people[MANAGER] = ANN
    run_id = _held_pull(store, {"Pied Piper Inc": MANAGER})
    assert store.owners() == []  # held: nobody was made an owner yet

    slack.click(ids.RUN_CONFIRM, str(run_id), user=ADMIN, channel=BILLING, ts="5.5")

    [owner] = store.owners()
    assert (owner.client, owner.slack_user, owner.source) == ("Pied Piper Inc", ANN, "psa")
    to_ann = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == ANN_DM]
    assert to_ann and "Pied Piper Inc" in blocks_text(to_ann[0].params)
    channel = " ".join(
        blocks_text(c.params)
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == BILLING
    )
    assert "Pied Piper Inc" not in channel  # its owner was told; the channel gets the rest
