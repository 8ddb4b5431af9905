"""Offices that split a customer's products between them: a family, whatever the seats.

A vendor customer held in review between sibling offices (:mod:`recon.engine.review_sites`)
is read as one family when the offices' summed seats agree with its own. Where each office
bills a product of its own (one office the Business Premium seats, the other the Business
Basic ones: an MSP that opens a PSA company per site bills each site its own users'
licences, ConnectWise per company site, Autotask per sub-organization, while Microsoft and
Pax8 sell the organisation's licences once, to its one tenant), the sum of a product is one
office's line, and a seat short on it is that office's real gap: a customer of two products,
each a seat apart from the one office billing it, had no exact product to rest on and its
money stayed in review ("bought 1, billed 2" on both, nothing shown).

Such a split is evidence the seats alone do not give: two other clients' lines would
overlap on a product whose sum then misses the customer's, or leave a product unbilled. So
offices whose lines split the customer's products are one family when all of these hold:

- every product the customer holds is billed by the offices (none left out);
- a product several offices bill sums to the customer's seats exactly (its sum is the
  evidence, and a seat apart there is no one office's gap: the department's share of a
  licence the parent company bills too: Entra ID P1 at the company and at its lab);
- each office bills a product of the customer's (no office adds nothing);
- every product's seats are within a seat or a tenth of the customer's (the gap the run is
  for, never a different purchase).

The names are weighed before (one name plus site labels, offered to no other item), and the
answer is still a question with the money at stake, never a silent pairing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence


def split_between(
    whole: Mapping[str, int],
    parts: Sequence[Mapping[str, int]],
    near: Callable[[int, int], bool],
) -> bool:
    """True when ``parts`` (each office's seats per product) split ``whole`` (the customer's
    seats per product) between them (module docstring).

    Args:
        whole: the customer's seats per product.
        parts: each office's seats per product (products the customer does not hold are
            ignored: the caller weighs those).
        near: whether two seat counts (the customer's, the offices') are near enough.
    """
    if len(parts) < 2:
        return False
    summed: dict[str, int] = defaultdict(int)
    offices: dict[str, int] = defaultdict(int)
    for part in parts:
        held = [product for product in part if product in whole]
        if not held:
            return False
        for product in held:
            summed[product] += part[product]
            offices[product] += 1
    if set(summed) != set(whole):
        return False
    for product, qty in whole.items():
        if offices[product] > 1 and summed[product] != qty:
            return False  # a seat apart two offices share: whose gap, the lines cannot say
        if not near(qty, summed[product]):
            return False
    return True
