"""A review item carries at least the money of the gaps resting on it, and ranks on it.

"Blair & Mann Partners Corp." (vendor, $10.92 of Defender) may be "Blair & Mann Ptnrs
Services Corp." (PSA), which bills $1,140.00 of Microsoft 365 E5 the vendor sells it none of:
not bought whichever way the review is answered, so that gap shows now, resting on the
review. The item said "$10.92 at stake" and sat below a $300 item with nothing shown: the
question that moves the most money came last. Fails when
:func:`recon.engine.review_money.with_gap_money` is taken out of the run.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side, pending_review
from tests.recon.conftest import make_lines

VENDOR_NAME = "Blair & Mann Partners Corp."
PSA_NAME = "Blair & Mann Ptnrs Services Corp."
E5 = "Microsoft 365 E5"
BP = "Microsoft 365 Business Premium"


def test_a_review_item_carries_the_money_of_its_gaps_and_comes_first() -> None:
    vendor = [
        (VENDOR_NAME, "Microsoft Defender for Office 365 (Plan 1)", 6, "1.82"),
        ("Acme Dental", E5, 5, "54.75"),
        # A second review item, worth more than Blair's vendor seats and nothing shown.
        ("Harbor View Dental Partners", BP, 12, "22.00"),
        ("Harbor View Dental Partners", "Exchange Online (Plan 1)", 9, "4.00"),
    ]
    psa = [
        (PSA_NAME, E5, 20, "57.00"),
        ("Acme Dental", E5, 5, "57.00"),
        ("Harbor View Dental", BP, 10, "26.40"),
        ("Harbor View Dental", "Exchange Online (Plan 1)", 7, "5.00"),
    ]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    resting = [g for g in result.gaps if g.rests_on == pending_review(VENDOR_NAME, PSA_NAME)]
    assert (GapKind.MISSING_IN_VENDOR, Decimal("-1140.00")) in {
        (g.kind, g.monthly_impact) for g in resting
    }
    items = {r.vendor_client: r for r in result.review}
    blair = items[VENDOR_NAME]
    assert blair.money_at_stake == sum(abs(g.monthly_impact) for g in resting)
    assert blair.money_at_stake >= Decimal("1140.00")
    # Ranked on it: the item moving the most money is the first a person sees.
    assert result.review[0].vendor_client == VENDOR_NAME
    assert result.summary.money_in_review == sum(r.money_at_stake for r in result.review)
