"""A lone vendor customer whose second tenant took its PSA company: the family's first tenant.

An organisation with a second Microsoft tenant shows in Partner Center and Pax8 as two
customers, the first under the organisation's name ("Noble CPA Group") and the second under
that name plus a place or "Tenant" ("Noble CPA Group (Plano)", "... - Phoenix Tenant"), while
the MSP bills both as one PSA company. Matching pairs the company with whichever tenant shares
more of its lines, often the second: the first tenant was then a customer with no PSA company
("bought, not billed" on every line) beside the company's excess on the same products
("billed, not bought"), two false gaps per product.

:class:`recon.engine.family_sites.SiteTenants` finds a lone customer named as the site of a
parent's PSA company; this is its mirror on the vendor side: the parents whose *vendor*
customer is named as a site or tenant of the lone customer's name (the lone customer is the
first tenant by name, the paired one its second). The family question then weighs the lines
as for any second tenant (:func:`recon.engine.family_fits.named_tenant_fits`: every product
the lone customer holds is one the company bills in excess, near on half and exact on one),
and asks: one question with the money at stake, never a silent pairing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from recon.engine.family_sites import site_base
from recon.model import Gap


class FirstTenants:
    """The parents whose paired vendor customer is a site or tenant of a customer's name.

    Parents are keyed as :func:`recon.engine.family_index.index_parents` keys them; each is
    indexed under the name its vendor customer is a site of (one look-up per parent whose
    vendor customer's name ends in a site label), and a customer is one look-up.
    """

    def __init__(self, parents: Mapping[str, Mapping[str, Gap]], key: Callable[[str], str]) -> None:
        self._key = key
        self._by_base: dict[str, set[str]] = defaultdict(set)
        for parent, gaps in parents.items():
            vendor = next((g.vendor_client for g in gaps.values() if g.vendor_client), None)
            if vendor is None:
                continue
            base = site_base(key(vendor))
            if base is not None:
                self._by_base[base].add(parent)

    def __call__(self, customer: str) -> set[str]:
        return set(self._by_base.get(self._key(customer), ()))
