"""The gap a "yes" to a family question implies: the parent's gap on the summed seats.

Shared by :mod:`recon.engine.family_questions` (one company filling a parent's shortfall)
and :mod:`recon.engine.family_offices` (several sibling offices filling it together): the
parent's gap is replaced by the gap on its seats plus the company's, shown now and pending
the question (and whatever the parent's or company's gap already waited on).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from recon.engine.family_review_lines import joined_rests
from recon.engine.pending import PENDING_CONFIDENCE
from recon.model import Gap, GapKind
from recon.money import ZERO, cents, format_money


def implied_gap(was: Gap, own: Gap, *, reverse: bool, rests_on: str, summed: str) -> Gap | None:
    """The parent's gap on the summed seats (pending the question), None where they agree."""
    if reverse:
        vendor_qty, psa_qty = was.vendor_qty + own.vendor_qty, was.psa_qty
    else:
        vendor_qty, psa_qty = was.vendor_qty, was.psa_qty + own.psa_qty
    delta = vendor_qty - psa_qty
    if delta == 0:
        return None
    price = was.psa_unit_price or own.psa_unit_price
    cost = was.vendor_unit_cost or own.vendor_unit_cost
    unit = price if price is not None else cost
    impact = cents(delta * unit) if unit is not None else ZERO
    under = delta > 0
    return _pending_family_gap(
        was,
        own,
        rests_on,
        kind=GapKind.QUANTITY_MISMATCH,
        vendor_qty=vendor_qty,
        psa_qty=psa_qty,
        seat_delta=delta,
        monthly_impact=impact,
        psa_unit_price=price,
        vendor_unit_cost=cost,
        why=f"{was.why}; seats summed over {summed}, pending the family question",
        reduce_possible_until=was.reduce_possible_until if under else None,
        act_by=was.act_by if under else None,
    )


def below_cost_gap(was: Gap, own: Gap, *, rests_on: str, summed: str) -> Gap | None:
    """Where the summed seats agree, the family's price below cost, pending the question.

    A subsidiary billing exactly the seats its parent leaves short is often billed under an
    agreement older than the vendor's price ("Spring Logistics" at $17.70 a seat of Business
    Premium the vendor charges $22.13 for): the seats agree, so :func:`implied_gap` has no
    gap, and the loss the run shows at any client billed below cost went unsaid. It is
    (cost - price) x the billed seats, as the comparison prices it, at the company's price.

    None where the seats differ (:func:`implied_gap` says that gap), the price is unknown or
    $0.00 (included in a bundle, never a price), or the parent's company bills seats of its
    own below cost (its own below-cost gap stands, on its seats).
    """
    cost, price = was.vendor_unit_cost, own.psa_unit_price
    if was.vendor_qty != was.psa_qty + own.psa_qty or cost is None or price is None:
        return None
    if price <= 0 or price >= cost:
        return None
    if was.psa_qty > 0 and was.psa_unit_price is not None and was.psa_unit_price < cost:
        return None
    billed = was.psa_qty + own.psa_qty
    return _pending_family_gap(
        was,
        own,
        rests_on,
        kind=GapKind.PRICE_BELOW_COST,
        psa_qty=billed,
        seat_delta=ZERO,
        monthly_impact=cents((cost - price) * billed),
        psa_unit_price=price,
        vendor_unit_cost=cost,
        why=f"{was.why}; seats summed over {summed} agree, billed {format_money(price)} per "
        f"seat, costs {format_money(cost)}, pending the family question",
        reduce_possible_until=None,
        act_by=None,
    )


def _pending_family_gap(was: Gap, own: Gap, rests_on: str, **fields: Any) -> Gap:
    """``was`` restated on the family's summed reading (``fields``), with the products either
    line names, its confidence capped as pending, what it rests on joined, and no money
    advice until the question is answered."""
    joined = joined_rests(was.rests_on, own.rests_on)  # family_review_lines
    return dataclasses.replace(
        was,
        vendor_product=was.vendor_product or own.vendor_product,
        psa_product=was.psa_product or own.psa_product,
        confidence=min(was.confidence, PENDING_CONFIDENCE),
        rests_on=f"{rests_on} and {joined}" if joined else rests_on,
        bill_recovers=None,
        reduce_saves=None,
        **fields,
    )
