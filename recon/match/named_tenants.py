"""A vendor customer its own name calls a tenant of a paired customer is that customer's.

Microsoft sells per tenant: Partner Center lists each tenant as a customer of its own, so an
organisation that keeps a second tenant (an acquired office, a region kept apart: Microsoft's
multi-tenant organisation) is two vendor customers, while the MSP bills the organisation as
one PSA company. Pax8 and partners name the second customer after the first with the word
"Tenant" ("The Rolling Brook Counseling Center, Co. - Tulsa Tenant").

:func:`recon.match.tenant_sites.lines_agree` sums such a customer into the family only where
the summed seats agree with the PSA company's: a family whose billing is itself off (the PSA
bills 10 Exchange seats, the two tenants buy 1 + 4) stayed two clients, its second tenant's
4 seats a false "bought, not billed" beside a first tenant's quantity gap of 9 where the
organisation's is 5. Where the name says "tenant", the name is the evidence the lines
otherwise give; the lines need only not contradict it: every product the tenant buys is one
the PSA company bills, each beyond what the first tenant alone buys (the tenants' sum may
exceed the billed seats: that is the organisation's gap, "bought 7, billed 4"). A tenant
buying a product the company never bills, or bills no more of than the first tenant buys,
is left to the lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: The word (as a client key writes it) by which a vendor customer's label names it a tenant.
TENANT = "tenant"


def named_tenants_fit(
    whole: Mapping[str, int],
    parts: Sequence[Mapping[str, int]],
    labels: Sequence[Sequence[str]],
) -> bool:
    """True when the second tenants (``parts[1:]``, each labelled ``labels[i - 1]``) of the
    first (``parts[0]``, paired with the PSA company holding ``whole``) fit as the module
    says.

    Args:
        whole: the PSA company's seats per product.
        parts: the first tenant's seats per product, then each second tenant's.
        labels: the words after the first tenant's name, per second tenant.
    """
    if len(parts) < 2 or len(labels) != len(parts) - 1:
        return False
    if any(TENANT not in label for label in labels):
        return False
    first, tenants = parts[0], parts[1:]
    for tenant in tenants:
        if not tenant:
            return False
        for product in tenant:
            billed = whole.get(product, 0)
            if billed <= first.get(product, 0):
                return False  # the company bills nothing beyond the first tenant's seats
    return True
