"""Whether two products could be one product read two ways: only two of one kind.

A vendor line beside a review ("Carver Coffee Roasters" in review with "Carver Rock Coffee
Roasters") is "missing in PSA" whichever way the review is answered when the candidate bills
nothing like it (:mod:`recon.engine.either_way`). A candidate's line with about the same
seats of another product used to count as "like it" whatever that product was: one product
misread as another ("Microsoft 365 F1" billing F3 seats) would be two gaps on one line. But a
misreading stays within a kind of product: a PSA text read as Exchange Online (Plan 2) may be
Plan 1, never Huntress Security Awareness Training. Small clients bill many products at one
to five seats, so some line of some other product is almost always within a seat of any
vendor line; counting those hid a small near-twin's vendor lines on a distributor-sized
month (issue 11, 60,000 clients: 56 lines "bought, not billed" whichever way the review went,
shown nowhere; 7 at 20,000).

So two products may be one line read two ways unless both are catalogued with a kind
(:attr:`recon.catalog.CatalogProduct.family`) and the kinds differ. A product the catalogue
does not hold (a PSA text no rule read) keeps the old caution: it may be anything.

The catalogue's kinds are finer than what a PSA text tells apart: "Managed EDR" on an
agreement may be Huntress's managed EDR (kind MDR) or SentinelOne Singularity Control (EDR)
read by its words. Endpoint protection, EDR and MDR are one kind here (:data:`ONE_KIND`):
Gartner's endpoint protection platform market takes in EDR, and an MDR offer is EDR run as a
service (Huntress sells "Managed EDR"), so an MSP's text for one is the text for the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from recon.catalog import CatalogProduct
from recon.catalog.text import CATALOGUE_PREFIX

#: Catalogue kinds one PSA text may name interchangeably: read as one kind.
ONE_KIND: Mapping[str, str] = {
    "EDR": "Endpoint security",
    "MDR": "Endpoint security",
    "Endpoint protection": "Endpoint security",
}


def product_kinds(products: Iterable[CatalogProduct]) -> dict[str, str]:
    """Product key -> kind, for every catalogued product that has one.

    Args:
        products: the run's catalogue products (:meth:`recon.catalog.Catalog.products`).

    Returns:
        ``{"cat:ms-exchange-online-p2": "Email", ...}``, kinds in :data:`ONE_KIND` read as
        theirs.
    """
    return {CATALOGUE_PREFIX + p.id: ONE_KIND.get(p.family, p.family) for p in products if p.family}


def other_kinds(a: str, b: str, kinds: Mapping[str, str]) -> bool:
    """True when two product keys are catalogued products of different kinds, so never one
    product read two ways.

    Args:
        a: a product key.
        b: another product key.
        kinds: :func:`product_kinds` of the run's catalogue.
    """
    kind_a, kind_b = kinds.get(a), kinds.get(b)
    return kind_a is not None and kind_b is not None and kind_a != kind_b
