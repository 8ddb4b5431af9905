"""Where a family's summed seats agree, a price below the vendor's cost is still its gap.

``recon.engine.family_implied.below_cost_gap``: "Spring Logistics" bills the six Business
Premium seats "Spring Springs Roofing, PLLC" buys and does not bill, at $17.70 a seat the
vendor charges $22.13 for. The question's seats agree, so no gap showed, and the loss the run
reports at any client billed below cost went unsaid (15 such families on the site families'
20,000 pair).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from recon.engine.family_questions import ask_families
from recon.model import FAMILY_WORDS, Gap, GapKind
from tests.recon.family_gaps import lone, short

PARENT = "Spring Springs Roofing"
COMPANY = "Spring Logistics"


def _family(price: str, *, parent_billed: int = 0, parent_price: str | None = None) -> list[Gap]:
    """The parent buys 6 at $22.13 and bills ``parent_billed``; the company bills the rest,
    exactly, at ``price``; a second product fills exactly too (two exact lines)."""
    was = dataclasses.replace(
        short(PARENT, "bp", 6, parent_billed),
        vendor_unit_cost=Decimal("22.13"),
        psa_unit_price=Decimal(parent_price) if parent_price else None,
    )
    own = dataclasses.replace(lone(COMPANY, "bp", 6 - parent_billed), psa_unit_price=Decimal(price))
    return [was, own, short(PARENT, "exo", 3, 0), lone(COMPANY, "exo", 3)]


def test_a_company_billing_the_shortfall_below_cost_shows_the_familys_loss_pending() -> None:
    result = ask_families(_family("17.70"), lone_psa={COMPANY}, lone_vendor=())
    (question,) = result.questions
    assert "exactly on 2" in question.reason
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind) == (PARENT, "bp", GapKind.PRICE_BELOW_COST)
    assert (gap.vendor_qty, gap.psa_qty, gap.seat_delta) == (6, 6, 0)
    assert gap.monthly_impact == Decimal("26.58")  # (22.13 - 17.70) x 6
    assert gap.rests_on is not None and gap.rests_on.startswith(FAMILY_WORDS)
    assert "billed $17.70 per seat, costs $22.13" in gap.why


@pytest.mark.parametrize("price", ["22.13", "25.00", "0.00"])
def test_a_price_at_or_above_cost_or_included_in_a_bundle_makes_no_gap(price: str) -> None:
    result = ask_families(_family(price), lone_psa={COMPANY}, lone_vendor=())
    assert len(result.questions) == 1
    assert result.gaps == ()


def test_a_parent_billing_seats_below_cost_itself_keeps_its_own_gap_alone() -> None:
    # The parent's own below-cost gap (on its 2 seats) stands; no second one on the family.
    gaps = _family("17.70", parent_billed=2, parent_price="17.70")
    result = ask_families(gaps, lone_psa={COMPANY}, lone_vendor=())
    assert len(result.questions) == 1
    assert [g for g in result.gaps if g.kind is GapKind.PRICE_BELOW_COST] == []
