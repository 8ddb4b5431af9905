"""What may be fixed in the PSA, decided without calling it: kinds, statuses, the run's PSA,
the ``write_back`` setting, credentials; and the button's offer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from recon.fix import fix_offer, fix_refusal
from recon.model import GapKind
from recon.service import ReconcileRequest, run_reconciliation
from recon.sources import SourceSettings
from recon.store import Store, StoredGap

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VENDOR = (EXAMPLES / "vendor_partner_center.csv").read_bytes()
PSA = (EXAMPLES / "psa_connectwise.csv").read_bytes()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """The examples recorded: the PSA side read from a ConnectWise export."""
    store = Store.open(tmp_path / "recon.db")
    run_reconciliation(ReconcileRequest(vendor=VENDOR, psa=PSA), store=store)
    return store


def _gap(store: Store, kind: GapKind, client: str) -> StoredGap:
    return next(g for g in store.gaps() if g.kind is kind and g.client.startswith(client))


def test_off_until_an_admin_names_the_psa(store: Store) -> None:
    gap = _gap(store, GapKind.QUANTITY_MISMATCH, "Globex")
    assert fix_refusal(store, gap) == (
        "fixing gaps in ConnectWise is off; an admin turns it on with "
        "`recon settings set write_back connectwise`"
    )
    assert fix_offer(store, gap) is None
    store.set_setting("write_back", "autotask", by="cli:admin")
    assert fix_offer(store, gap) is None  # another PSA's switch
    store.set_setting("write_back", "connectwise,autotask", by="cli:admin")
    offer = fix_offer(store, gap)
    assert offer is not None
    assert (offer.system, offer.field, offer.target) == ("ConnectWise", "quantity", Decimal(22))


def test_a_price_gap_offers_the_vendor_cost(store: Store) -> None:
    store.set_setting("write_back", "connectwise", by="cli:admin")
    gap = _gap(store, GapKind.PRICE_BELOW_COST, "Acme")
    offer = fix_offer(store, gap)
    assert offer is not None and offer.field == "price"
    assert offer.target == gap.vendor_unit_cost


@pytest.mark.parametrize(
    ("kind", "client", "reason"),
    [
        (GapKind.MISSING_IN_VENDOR, "Pied Piper", "recon writes fixes for quantity_mismatch"),
        (GapKind.MISSING_IN_PSA, "Prestige", "not a client the run found in the PSA"),
    ],
)
def test_gaps_a_fix_cannot_close_are_refused(
    store: Store, kind: GapKind, client: str, reason: str
) -> None:
    store.set_setting("write_back", "connectwise", by="cli:admin")
    gap = _gap(store, kind, client)
    refusal = fix_refusal(store, gap)
    assert refusal is not None and reason in refusal
    assert fix_offer(store, gap) is None


def test_a_decided_gap_is_not_fixed(store: Store) -> None:
    store.set_setting("write_back", "connectwise", by="cli:admin")
    gap = _gap(store, GapKind.QUANTITY_MISMATCH, "Globex")
    store.accept(gap.id, reason="free seats", by="cli:dana")
    refusal = fix_refusal(store, store.gap(gap.id))
    assert refusal is not None and "is accepted, not open" in refusal


def test_the_psa_credentials_are_named_when_missing(store: Store) -> None:
    store.set_setting("write_back", "connectwise", by="cli:admin")
    gap = _gap(store, GapKind.QUANTITY_MISMATCH, "Globex")
    sources = SourceSettings(missing={"connectwise": ("CONNECTWISE_COMPANY_ID",)})
    assert fix_refusal(store, gap, sources) == (
        "ConnectWise is not set up here: set CONNECTWISE_COMPANY_ID (the pull credentials)"
    )


def test_a_run_from_another_psa_is_not_fixed(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "other.db")
    generic = b"Client,Product,Quantity,Price\nGlobex Corporation,Microsoft 365 E3,20,43.20\n"
    run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=generic, psa_format="generic_psa"), store=store
    )
    store.set_setting("write_back", "connectwise", by="cli:admin")
    gap = _gap(store, GapKind.QUANTITY_MISMATCH, "Globex")
    refusal = fix_refusal(store, gap)
    assert refusal is not None and "did not read its PSA side from ConnectWise" in refusal
