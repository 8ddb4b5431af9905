"""What a client review item has at stake: at least the money of the gaps resting on it.

A review item's money at stake was the vendor's monthly cost of the vendor client's seats.
Where its pair's gaps show now, pending the review (:mod:`recon.engine.pending_review`,
:mod:`recon.engine.either_way`), they may move more than that: a PSA candidate billing lines
the vendor does not sell is refund risk no vendor cost counts. So an item carries the larger
of the two, and the queue is ranked on it, most money first, so the question a person should
answer first comes first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import Decimal

from recon.model import Gap, ReviewItem, pending_review
from recon.money import ZERO, cents


def with_gap_money(review: Sequence[ReviewItem], gaps: Iterable[Gap]) -> tuple[ReviewItem, ...]:
    """The review items, each carrying at least the money of the gaps resting on it, ranked.

    Args:
        review: the run's review items.
        gaps: the run's gaps (those pending a review name it in ``rests_on``).

    Returns:
        The items, money at stake most first (then by vendor client).
    """
    if not review:
        return tuple(review)
    resting: dict[str, Decimal] = {}
    questions = {
        pending_review(item.vendor_client, item.candidates[0].psa_client): item.vendor_key
        for item in review
        if item.candidates
    }
    for gap in gaps:
        if not gap.rests_on:
            continue
        for words, key in questions.items():
            # A gap may rest on a review and a mapping question ("... and the mapping ...").
            if gap.rests_on == words or gap.rests_on.startswith(f"{words} and "):
                resting[key] = resting.get(key, ZERO) + abs(gap.monthly_impact)
    out = [
        dataclasses.replace(item, money_at_stake=cents(money))
        if (money := resting.get(item.vendor_key, ZERO)) > item.money_at_stake
        else item
        for item in review
    ]
    out.sort(key=lambda r: (-r.money_at_stake, r.vendor_client))
    return tuple(out)
