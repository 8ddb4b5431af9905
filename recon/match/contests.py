"""Two vendor names wanting one PSA client: when the lines, or a closer name beside lines that
cannot tell, settle it without a person.

The fuzzy step (:mod:`recon.match.fuzzy`) holds every vendor name wanting a PSA client another
name wants as well, unless one of them outweighs the rest (twice the evidence, twice the
agreeing lines). Counted in lines, a client whose seats agree at nearly every line can lose
to a larger company agreeing here and there: at 60,000 clients "Kendall Capital Partners PA"
agreed with "KC Partners PA" at 5 of its 6 lines, "Kessler Consulting" (8 lines, "KC" read as
its initials too) at 1, 2 more nearly; "Sullivan Harbor ConsultingGroup" agreed with "SH
Cons. Group" at 4 of 5, "Sunset Hills Construction, Corp." at 3 of 16. Both questions hid
the other company's licences, 23 lines billed nowhere.

One client's two files agree at most lines (a licence not yet billed, a seat added: a line
in ten or so, :mod:`recon.match.other_company`); two companies buying from one catalogue
share products but seldom seats. So a name *clearly outweighs* a rival
(:func:`clearly_outweighs`) when

- its lines overwhelm, line by line, never summed: the same seats at
  :data:`recon.match.overlap.OVERWHELM_LINES` lines or more, covering
  :data:`recon.match.overlap.OVERWHELM_SHARE` of each side's lines (the bar a name a whole
  word apart must pass to be merged on its own, :meth:`Overlap.overwhelms`);
- the rival's lines agree (equal seats, or nearly) at no more than :data:`RIVAL_SHARE` of
  the larger side's: at most half, where the winner's agree at four in five;
- the rival is no share of the PSA client's lines (a second tenant billed on the same
  account: nearly all its products are the PSA client's, :data:`PART_PRODUCTS`), which
  would make it the same customer, not another.

Then the winner pairs and the rival is its own client, its lines its own gaps.

Where no name's lines can speak because the PSA client bills no product of either (services
only, or other products), the lines say nothing for the closer name, but they say the same
of every farther one: its licences are billed nowhere whichever way it is answered. A name a
whole word from the PSA client's ("Falcon Park Events Realty Corp.", tier 2: a near twin)
beside a name only an organisation word or legal form from it ("Falcon Park Events Group,
PC", tier 1) is then no candidate (:func:`farther_released`): it is its own vendor-only
client raising its own gaps, and the closer name stays in review. Nothing is ever paired on
that reading: releasing the near twin changes no gap of its lines, holding it hid them.
"""

from __future__ import annotations

from collections.abc import Sequence

from recon.match.overlap import Overlap

#: Share of the rival's products the PSA client must bill for the rival to be a share of it
#: (the value :data:`recon.match.office_sums.PART_PRODUCTS` reads a family's part by).
PART_PRODUCTS = 0.75
#: Share of the larger side's lines at most agreeing (by seats, or nearly) for a rival to
#: lose to a name whose lines overwhelm.
RIVAL_SHARE = 0.5


def clearly_outweighs(best: Overlap | None, rival: Overlap | None) -> bool:
    """True when ``best``'s lines say it is the PSA client's and ``rival``'s say it is not
    (module docstring).

    Args:
        best: what the leading vendor name shares with the PSA client.
        rival: what another vendor name wanting it shares.
    """
    if best is None or rival is None or best.summed or rival.summed:
        return False
    if not best.overwhelms or rival.vendor_lines == 0:
        return False
    larger = max(rival.vendor_lines, rival.psa_lines)
    if rival.shared + rival.near > RIVAL_SHARE * larger or rival.shared >= best.shared:
        return False
    # Nearly every product the rival holds billed to the PSA client: a share of it.
    return rival.shared_products < PART_PRODUCTS * rival.vendor_lines


def farther_released(tiers: Sequence[tuple[int, Overlap | None]]) -> list[int]:
    """The positions of the names a PSA client is no candidate of, because a closer name
    wants it and their lines share no product with it (module docstring).

    Args:
        tiers: per vendor name wanting the PSA client, its tier
            (:func:`recon.match.fuzzy_pairs.tier_of`) and what its lines share with it.

    Returns:
        Positions in ``tiers`` (empty unless exactly one name is the closest).
    """
    if len(tiers) < 2:
        return []
    closest = min(t for t, _ in tiers)
    if sum(1 for t, _ in tiers if t == closest) != 1:
        return []
    return [
        n
        for n, (tier, found) in enumerate(tiers)
        if tier > closest
        and tier == 2
        and found is not None
        and found.vendor_lines > 0
        and found.shared_products == 0
    ]
