"""The review budget is charged only for the items that stay in review.

The leftovers pass (:func:`recon.match.leftovers.ask_leftovers`) asks about a pair only while
the review queue holds at most :data:`recon.match.leftovers.REVIEW_BUDGET` (3 %) of the
vendor file's clients. It runs before the site step
(:func:`recon.engine.review_sites.site_reviews`), which takes a customer held between
sibling offices out of review and asks one family question instead. Counted before that
step, such items filled the budget, and a pair whose lines agree ("Coastal Brook Research" /
"Coasstal Brook Research Company", "Stafford Optometry PLLC" / "Stafford Optmetry, PLLC")
was left a vendor-only and a PSA-only client, two false statements, while the final queue
stayed under the budget.

:func:`leaving_review` says how many of the items in review the site step will take out, so
the leftovers pass charges only the rest. The site step is asked on the matching as it stands
before the leftovers pass. That pass adds items of one candidate each, which the site step
never takes (it reads items of two or more): it takes the same items after, unless a pair the
leftovers pass asks holds one of their offices, and then that family stays in review as it
always did.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from recon.engine.review_sites import site_reviews
from recon.match.client_evidence import Footprints
from recon.match.clients import ClientMatching
from recon.match.names import ClientName


def leaving_review(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    apart: Collection[tuple[str, str]] = (),
) -> int:
    """How many of ``matching``'s review items the site step takes out of review.

    Args:
        matching: the client matching before the leftovers pass.
        vendor: every vendor client.
        psa: every PSA client.
        footprints: both sides' lines per client.
        apart: (vendor key, PSA key) pairs people said are not one organisation, as the site
            step takes them (default: none).

    Returns:
        The number of review items that will not stay in review.
    """
    if not any(len(item.candidates) >= 2 for item in matching.review):
        return 0  # the site step reads only items offering several offices
    kept, _ = site_reviews(matching, vendor, psa, footprints, apart=apart)
    return len(matching.review) - len(kept.review)
