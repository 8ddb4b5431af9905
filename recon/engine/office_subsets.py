"""Offices under the customer's own name, each billing only what it buys: a family.

A vendor customer held in review between sibling offices (:mod:`recon.engine.review_sites`)
is read as one family when the offices' summed seats agree with its own. Offices under the
customer's own name and a site label ("Sweeney Dermatology - Plano" and "Sweeney Dermatology -
Denver" for "Sweeney Dermatology") needed one product summed exactly and every other within a
seat or a tenth. An organisation with real gaps on two of its three products (11 F1 seats
bought, 9 billed; 13 Business Basic bought, 16 billed) failed that test on the very gaps the
run is for, and stayed in review with all its money, nothing shown.

The names say what the seats cannot there: an MSP opens a PSA company per office
(ConnectWise companies per site, Autotask sub-organizations) under the organisation's own
name and a place, while Microsoft and Pax8 sell the organisation its licences once. What
keeps the reading from a coincidence is the lines:

- at least two offices, each billing only products the customer holds (an office billing a
  product it never bought may be another client's, and keeps the other tests);
- the offices together bill at least :data:`MIN_PRODUCTS` of the customer's products;
- the summed seats equal the customer's exactly on at least one of them (a licence split
  across the offices, summed to the seat: two other clients' lines would not).

The answer is still a question with the money at stake (the family question, its gaps
pending the answer), never a silent pairing.

Sources: Autotask's help defines a sub-organization as "typically a customer location or
franchise of the parent organization" set up as an organization of its own, and lets each
be billed apart (ww1.autotask.net/help, "Invoicing sub-organization items to a parent
organization"; ww4.autotask.net/help, "Parent/sub-organization and job-level invoicing");
ConnectWise Manage keeps sites under a company (``/company/companies/{id}/sites``), and an MSP
that opens a company per location instead bills each apart; CloudRadial's guide to Autotask
child companies notes they "often share a single Microsoft 365 tenant but have different
geographic locations" (support.cloudradial.com, "Handling Autotask Child Companies"): one
Partner Center or Pax8 customer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

#: Products of the customer's the offices must bill between them.
MIN_PRODUCTS = 2


def only_theirs(whole: Mapping[str, int], parts: Sequence[Mapping[str, int]]) -> bool:
    """True when offices under the customer's own name (``parts``: each office's seats per
    product) bill only the customer's products (``whole``: its seats per product) and say
    it on the lines as the module docstring requires.

    Args:
        whole: the customer's seats per product.
        parts: each office's seats per product.
    """
    if len(parts) < 2:
        return False
    summed: dict[str, int] = defaultdict(int)
    for part in parts:
        if not part or any(product not in whole for product in part):
            return False
        for product, qty in part.items():
            summed[product] += qty
    if len(summed) < MIN_PRODUCTS:
        return False
    return any(whole[product] == qty for product, qty in summed.items())
