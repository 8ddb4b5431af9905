"""A parent's shortfall on one term of a product, read under the product's own key.

Used by :mod:`recon.engine.family_questions` when it indexes the parents' shortfalls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from recon.engine.terms import base_key
from recon.model import Gap


def term_shortfalls(
    on_terms: Sequence[Gap], parents: Mapping[str, Mapping[str, Gap]]
) -> list[tuple[str, Gap]]:
    """A parent's one shortfall on a product compared per term, under the product's own key.

    Where both files bill a product on two terms at the parent, each term is compared apart
    (:mod:`recon.engine.terms`: "Exchange Online (Plan 1) (annual term)"), while a department
    or office opened as its own PSA company bills the product on one term only and is
    compared on the product ("Exchange Online (Plan 1)"). Its line filling the parent's
    annual shortfall seat for seat found no parent short of that product: a question asked on
    the department's other lines left this one as two false gaps (the department's "billed,
    not bought" beside the parent's shortfall). A parent short on exactly one term of the
    product is short of the product by that gap; short on two, the split between terms is
    the parent's to explain and nothing is read.

    Returns:
        (product key without its term, the parent's gap on the one term) per such shortfall.
    """
    seen: dict[tuple[str, str], Gap | None] = {}
    for gap in on_terms:
        key = (gap.client_key, base_key(gap.product_key))
        seen[key] = None if key in seen else gap
    return [
        (product, gap)
        for (parent, product), gap in seen.items()
        if gap is not None and product not in parents[parent]
    ]
