"""A second tenant held in review beside its first tenant, for the one company, is no question.

Microsoft sells per tenant: Partner Center and Pax8 list each tenant of an organisation as a
customer of its own ("Maple Glen CPA Group Ltd." and "... (Omaha)"), while the MSP bills the
organisation as one PSA company ("Maple Glen CPA"). Where the names differ enough (an
organisation word, a legal form) for the first tenant to wait in review, the second waits
beside it for the same company, and each review then has a rival: the company is offered to
two items, so neither is compared pending its answer and every gap of the organisation (two
real shortfalls of four and three seats) hid behind two questions.
:func:`recon.match.tenant_sites.find_families` sums the two where their summed seats agree
with the company's on half its products; real gaps on most of them leave the pair.

Here the second tenant's item is withdrawn, the tenant left as a customer paired with nothing,
when the names and the lines say it is the first's:

- **the names**: its key is the first tenant's key plus a site or tenant label
  (:func:`recon.match.site_labels.is_site_label`), both items offer that one company alone,
  and no other item offers it;
- **the lines**: every product the second tenant buys is one the company bills more seats of
  than the first tenant buys, and on one product at least the two tenants' seats make the
  company's exactly (as :mod:`recon.match.named_tenants` reads a tenant's lines).

The first tenant's review then stands alone: compared pending its answer
(:mod:`recon.engine.pending_review`), and the second tenant summed into that pending pair
where it fills its shortfall (:mod:`recon.engine.review_tenants`). One question remains, with
the organisation's gaps pending it.

Sources: Microsoft Graph, "multiTenantOrganization resource type" (one organisation, more
than one Entra tenant, learn.microsoft.com/graph/api/resources/multitenantorganization);
Partner Center, "Customer resources" (a customer per tenant,
learn.microsoft.com/partner-center/developer/customer-resources).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence

from recon.match.client_evidence import Footprints, seats_by_product
from recon.match.clients import ClientMatching
from recon.match.names import ClientName
from recon.match.site_labels import MIN_BASE_WORDS, is_site_label


def _first_of(key: str, held: Mapping[str, str]) -> str | None:
    """The held key ``key`` extends by a site or tenant label (the longest such)."""
    words = key.split()
    for n in range(len(words) - 1, MIN_BASE_WORDS - 1, -1):
        base = " ".join(words[:n])
        if base in held and is_site_label(words[n:]):
            return base
    return None


def tenant_fills(
    whole: Mapping[str, int], first: Mapping[str, int], tenant: Mapping[str, int]
) -> bool:
    """True when the tenant's lines fit as the module says.

    Args:
        whole: the company's seats per product.
        first: the first tenant's seats per product.
        tenant: the second tenant's seats per product.
    """
    if not tenant or any(whole.get(p, 0) <= first.get(p, 0) for p in tenant):
        return False
    return any(first.get(p, 0) + q == whole[p] for p, q in tenant.items())


def release_second_tenants(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
) -> ClientMatching:
    """The matching with each second tenant's review item withdrawn (module docstring).

    Args:
        matching: the matching so far.
        vendor: every vendor client.
        psa: every PSA client.
        footprints: both sides' lines per client.
    """
    single = {
        item.vendor_key: item.candidates[0].psa_client
        for item in matching.review
        if len({c.psa_client for c in item.candidates}) == 1
    }
    if len(single) < 2:
        return matching
    offers: dict[str, int] = defaultdict(int)
    for item in matching.review:
        for name in {c.psa_client for c in item.candidates}:
            offers[name] += 1
    pairs: list[tuple[str, str, str]] = []  # (first key, tenant key, company name)
    for key, name in single.items():
        first = _first_of(key, single)
        if first is None or single[first] != name or offers[name] != 2:
            continue
        pairs.append((first, key, name))
    if not pairs:
        return matching
    keys = {k for f, t, _ in pairs for k in (f, t)}
    names = {n for _, _, n in pairs}
    v_of = {c.key: c.identity for c in reversed(vendor) if c.key in keys}
    p_of = {c.name: c.identity for c in reversed(psa) if c.name in names}
    pairs = [(f, t, n) for f, t, n in pairs if f in v_of and t in v_of and n in p_of]
    footprints.prepare([v_of[k] for f, t, _ in pairs for k in (f, t)], [p_of[n] for *_, n in pairs])
    released = {
        t
        for f, t, n in pairs
        if tenant_fills(
            seats_by_product(footprints.psa_lines(p_of[n])),
            seats_by_product(footprints.vendor_lines(v_of[f])),
            seats_by_product(footprints.vendor_lines(v_of[t])),
        )
    }
    if not released:
        return matching
    return dataclasses.replace(
        matching,
        review=tuple(i for i in matching.review if i.vendor_key not in released),
        unmatched_vendor=(*matching.unmatched_vendor, *(v_of[t] for t in sorted(released))),
    )
