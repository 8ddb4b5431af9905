"""A sibling office billing none of a customer's products is no rival of the office that does.

An MSP opens a PSA company per office ("The Canyon Point Solutions: Plano Office", "...:
Denver Office", "...: Phoenix Office": Autotask sub-organizations, ConnectWise sites) while
the vendor sells to the organisation once. Matching offers each office to the customer with
nearly the same name score (the names differ only by the place), so the best candidate never
leads by :data:`recon.engine.pending_review.MIN_LEAD` and the customer was held in review
with all its money: the one office billing exactly what the customer buys showed nothing
(not its price below the vendor's cost), while its siblings' own lines showed apart
(:mod:`recon.engine.held_twins`: not bought whichever way the review is answered).

The names cannot choose between sibling offices, but the lines can: an office holding none
of the products the customer buys is not the one its licences are billed under, whatever its
name scores. Such a sibling is set aside from the lead test, and the office holding the
customer's products is compared pending the review, as any candidate clearly ahead is.
A sibling holding even one of the customer's products stays a rival (the family question of
:mod:`recon.engine.review_sites` is then the question to ask).
"""

from __future__ import annotations

from collections.abc import Sequence

from recon.engine.family_sites import site_base
from recon.match.names import ClientName
from recon.match.overlap import Overlap


def rivals_holding_any(
    best: ClientName,
    overlap: Overlap,
    rivals: Sequence[ClientName],
    weighed: Sequence[tuple[float, Overlap]],
) -> list[tuple[float, Overlap]]:
    """``weighed`` (each rival's name score and overlap with the customer, in ``rivals``'
    order) without the sibling offices of ``best`` that hold none of the customer's
    products, where ``best`` holds every one of them (``overlap``); every other rival kept.

    A product the best office does not bill may be billed by a sibling under a text no rule
    reads yet ("Lic - Webroot"): its lines then say nothing, and the sibling stays a rival.

    Args:
        best: the review item's best candidate.
        overlap: what the best candidate holds in common with the vendor customer.
        rivals: the other candidates.
        weighed: their scores and overlaps with the vendor customer.
    """
    base = site_base(best.key)
    if base is None or overlap.shared_products < overlap.vendor_lines:
        return list(weighed)
    return [
        (score, overlap)
        for rival, (score, overlap) in zip(rivals, weighed, strict=True)
        if not (site_base(rival.key) == base and overlap.shared_products == 0)
    ]
