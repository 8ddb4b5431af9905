"""Several companies billing a family's seats exactly, each below the vendor's cost: its loss.

An MSP opens a PSA company per office or department ("Hudson Distribution: Spokane Office",
"...: Madison Office") while the vendor sells to the organisation once. Where the family
question's summed seats agree, :func:`recon.engine.family_implied.implied_gap` has no gap, and
:func:`recon.engine.family_implied.below_cost_gap` weighs only one company's price: with two
or three companies each billing part of the seats below what the vendor charges (Defender for
Office 365 Plan 1 at $1.81 a seat at each office, $2.03 from the vendor), the loss the run
shows at any single client billed below cost went unsaid (issue 11: sites5 and sites14).

A ConnectWise agreement addition carries its own price and cost, its margin being extended
price minus extended cost (the Additions tab, betterinvoice.io/docs/connectwise/agreements/
additions-tab), and an agreement covers a company's sites (its Sites tab): each office's line
is its own margin, so the family's loss is the sum over the companies of (cost - price) x
seats. Said only where every company bills below cost, so however the question is answered
no seat of the product is billed at or above it, and shown pending the question.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from recon.engine.family_implied import below_cost_gap
from recon.model import Gap
from recon.money import ZERO, cents, format_money


def summed_below_cost(was: Gap, own: Sequence[Gap], *, rests_on: str, summed: str) -> Gap | None:
    """The family's loss where ``own`` (two or more companies' lines of ``was``'s product)
    bill its seats exactly, every one at a known price above $0.00 and below the cost.

    Args:
        was: the customer's gap on the product (its seats and the vendor's cost).
        own: each company's one-sided line of the product.
        rests_on: the family question, in words.
        summed: the companies' names as the ``why`` gives them.

    Returns:
        The price-below-cost gap on the summed seats, pending the question, or None.
    """
    cost = was.vendor_unit_cost
    if len(own) < 2 or cost is None:
        return None
    prices = [gap.psa_unit_price for gap in own]
    if any(price is None or price <= 0 or price >= cost for price in prices):
        return None  # a company billing at or above cost, or in a bundle: no one reading
    billed = sum((gap.psa_qty for gap in own), ZERO)
    highest = max(price for price in prices if price is not None)
    together = dataclasses.replace(own[0], psa_qty=billed, psa_unit_price=highest)
    gap = below_cost_gap(was, together, rests_on=rests_on, summed=summed)
    if gap is None:
        return None
    loss = sum(
        (
            (cost - line.psa_unit_price) * line.psa_qty
            for line in own
            if line.psa_unit_price is not None
        ),
        ZERO,
    )
    return dataclasses.replace(
        gap,
        monthly_impact=cents(loss),
        why=f"{was.why}; seats summed over {summed} agree, each company billed at most "
        f"{format_money(highest)} per seat, costs {format_money(cost)}, pending the family "
        "question",
    )
