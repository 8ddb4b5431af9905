"""A PSA line naming only a kind of product, read at a held pair as the one product of that
kind the vendor client buys.

PSA catalogues bill a reseller's product by what it does as often as by its name: Keeper
Business is Keeper's password management for small business teams, which KeeperMSP lets an
MSP provision to each managed company (docs.keeper.io, "Keeper for Teams and Small Business"
and the KeeperMSP Administration Guide: "Keeper's password management and security
software"); Acronis Cyber Protect Cloud is sold only to service providers, per workload, as
backup and cyber protection (acronis.com/en-us/products/cloud/cyber-protect/pricing/); and an
MSP's agreement reads "Password Manager" or "Managed Backup - Workstation". At a matched
client the comparison reads such a text by the seats beside it
(:mod:`recon.match.phrase_kinds`, :mod:`recon.engine.unread_lines`) and asks one mapping
question. At a client held in review nothing read it: the pair showed "0 product(s) in
common" and the review hid the quantity gap.

So, for a review pair with one candidate, a PSA line no rule reads is read as the vendor
client's product when all of these hold (:func:`kind_line_product`):

- the text names exactly one catalogue kind, in its words or a ``kinds.csv`` phrase
  (:func:`recon.catalog.text.families_named`), and is not the MSP's own service about it;
- the vendor client buys exactly one product of that kind (kinds read as
  :data:`recon.engine.one_kind.ONE_KIND` reads them), and the catalogue gives it that kind;
- no other unread line of the PSA client names that kind (two texts beside one product: the
  seats alone would choose);
- the seats agree within a seat or a tenth (:func:`recon.match.overlap.seats_near`), or
  exactly with one of the vendor's subscriptions of the product where the client holds it on
  several (:mod:`recon.match.line_seats`: Pax8 lists each subscription apart, and an MSP
  may bill only one, "Password Manager" 2 beside Keeper Business bought as 2 and 3): the
  kind's words alone never say which line it is (as for a brand guess,
  :func:`recon.match.read_lines.kind_product`).

What it reads is never a silent pairing: the pair is compared pending its review, and the
text is weighed like a branded line (:func:`recon.engine.pending_review.evidence_pairs`), so
the gap shows pending one mapping question.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from recon.catalog.text import catalogue_family, families_named
from recon.match.overlap import seats_near
from recon.match.products import NAME_PREFIX

#: A (product key, milli-seats) line.
Line = tuple[str, int]


def names_a_kind(psa_key: str) -> bool:
    """True when a PSA text names exactly one catalogue kind (a reader keeps its lines)."""
    return len(families_named(psa_key.removeprefix(NAME_PREFIX))) == 1


def kind_line_product(
    psa_key: str,
    qty: int,
    vendor_lines: Sequence[Line],
    unread: Collection[str],
    kinds: Mapping[str, str],
    subscriptions: Callable[[str], Collection[int]] | None = None,
) -> str | None:
    """The one vendor product of the kind a PSA line's text names, or None (module docstring).

    Args:
        psa_key: the PSA text's key.
        qty: its milli-seats at the PSA client.
        vendor_lines: the vendor client's (product, milli-seats) lines.
        unread: the PSA client's other unread text keys.
        kinds: product key -> kind (:func:`recon.engine.one_kind.product_kinds`).
        subscriptions: a vendor product's milli-seats on each of its lines, where the client
            holds it on several (:mod:`recon.match.line_seats`; default: none read).
    """
    named = families_named(psa_key.removeprefix(NAME_PREFIX))
    if len(named) != 1:
        return None
    (family,) = named
    found = {p for p, _ in vendor_lines if catalogue_family(p) == family}
    if len(found) != 1:
        return None
    (product,) = found
    kind = kinds.get(product)
    if kind is None or any(kinds.get(p) == kind for p, _ in vendor_lines if p != product):
        return None
    if any(family in families_named(k.removeprefix(NAME_PREFIX)) for k in unread if k != psa_key):
        return None
    seats = sum(n for p, n in vendor_lines if p == product)
    if seats_near(seats, qty):
        return product
    # One of the vendor's subscriptions of it, seat for seat: the MSP bills that one here.
    return product if subscriptions is not None and qty in subscriptions(product) else None
