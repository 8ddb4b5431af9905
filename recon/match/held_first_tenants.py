"""A first tenant held in review whose lone second tenant makes up the candidate's bill.

Microsoft sells per tenant: Partner Center lists each tenant of an organisation as a customer
of its own (Microsoft's multi-tenant organisation; an acquired office keeps its tenant), so
one organisation is two vendor customers, "Lucero Peak Communications LP" and "... (Tampa)",
while the MSP bills it as one PSA company ("Lucero Peak Communications LP Denver"). Matching
weighs the first tenant alone against that company: it holds only part of every line, so the
lines "do not settle it" and the pair waits in review, and the second tenant, whose name no
PSA company writes, is paired with nothing. :func:`recon.match.tenant_sites.find_families`
sums a second tenant under a *paired* first one, or two tenants both held in review for the
one company; a lone tenant beside a held first one was left out: a question a person must
answer although the two tenants' summed lines are the company's, line for line.

Here such a family is summed (and so paired) when the names and the lines both say so, held
to more than a paired tenant's test because the first pairing itself is what is decided:

- **the names**: the tenant is the held customer's name plus a site or tenant label (as
  :func:`recon.match.tenant_sites.find_families` reads it), the held customer's review offers
  one PSA company, offered to no other item and paired with nothing;
- **the lines**: every product a tenant buys is one the company bills, and the tenants'
  summed seats equal the company's exactly on at least :data:`MIN_EXACT` products and on at
  least :data:`EXACT_SHARE` of the company's products (the first tenant alone agreeing on
  fewer). Two companies buying from one catalogue share products, seldom seats; three exact
  sums of two customers' lines on one company are not chance.

Sources: Microsoft Graph, "multiTenantOrganization resource type" (an organisation with more
than one instance of Microsoft Entra ID, its tenants collaborating as one entity,
learn.microsoft.com/graph/api/resources/multitenantorganization); Partner Center, "Customer
resources" (a customer per tenant, each with its own company and billing profile,
learn.microsoft.com/partner-center/developer/customer-resources).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from recon.match.clients import ClientMatching

#: Products whose summed seats must equal the company's exactly.
MIN_EXACT = 3
#: Share of the company's products whose summed seats must equal its own exactly.
EXACT_SHARE = 3 / 4

#: Finds the anchor vendor identity a key is a site or tenant of, with the label.
FindBase = Callable[[str], "tuple[str, tuple[str, ...]] | None"]


def lone_tenants_of_held(
    matching: ClientMatching,
    vendor_keys: Mapping[str, str],
    psa_by_name: Mapping[str, str],
    find: FindBase,
    unmatched: Sequence[str],
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Held first tenants with lone second tenants: anchor vendor identity -> (the one PSA
    company, the tenants).

    Args:
        matching: the matching so far.
        vendor_keys: vendor identity by the key review items name.
        psa_by_name: PSA identity by the name review candidates name.
        find: the anchor a vendor key is a site or tenant of (:class:`recon.match.tenant_sites`).
        unmatched: the vendor customers paired with nothing and in no review, by identity,
            with their keys (identity -> key) looked up by ``find``.
    """
    items = {vendor_keys[i.vendor_key]: i for i in matching.review if i.vendor_key in vendor_keys}
    offered_to: dict[str, set[str]] = defaultdict(set)
    for v_id, item in items.items():
        for cand in item.candidates:
            offered_to[cand.psa_client].add(v_id)
    paired = set(matching.vendor_to_psa.values())
    groups: dict[str, list[str]] = defaultdict(list)
    for v_id in unmatched:
        found = find(v_id)
        if found is None or found[0] == v_id or found[0] not in items:
            continue
        groups[found[0]].append(v_id)
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for anchor, group in groups.items():
        names = {c.psa_client for c in items[anchor].candidates}
        if len(names) != 1:
            continue
        (name,) = names
        head = psa_by_name.get(name)
        if head is None or head in paired or offered_to[name] - {anchor}:
            continue
        out[anchor] = (head, tuple(group))
    return out


def sums_exactly(whole: Mapping[str, int], parts: Sequence[Mapping[str, int]]) -> bool:
    """True when the tenants' summed seats are the company's as the module says.

    Args:
        whole: the company's seats per product.
        parts: the first tenant's seats per product, then each second tenant's.
    """
    if len(parts) < 2 or any(not set(part) <= set(whole) for part in parts[1:]):
        return False
    summed: dict[str, int] = defaultdict(int)
    for part in parts:
        for product, qty in part.items():
            summed[product] += qty
    exact = sum(1 for p, q in whole.items() if summed.get(p, 0) == q)
    alone = sum(1 for p, q in whole.items() if parts[0].get(p, 0) == q)
    return exact >= MIN_EXACT and exact >= EXACT_SHARE * len(whole) and alone < exact
