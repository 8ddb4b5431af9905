"""The one sibling office billing a customer's licences, compared pending the review.

An MSP opens a PSA company per office ("Campbell Solar - Tampa Office", "Campbell Solar -
Fresno Office": ConnectWise companies per site, Autotask sub-organizations) while Microsoft
and Pax8 sell the organisation its licences once, under one customer. Matching offers every
office to the customer with nearly the same name score (the names differ only by the place),
so none leads by :data:`recon.engine.pending_review.MIN_LEAD` and the customer was held in
review with all its money. :mod:`recon.engine.office_rivals` already sets aside a sibling
billing none of the customer's products, but only behind the name's best candidate and only
where that candidate bills every product the customer holds. Two shapes stayed hidden:

- the office billing the licences is not the name's best candidate ("Tampa" scores above
  "Fresno", and only Fresno bills the 12 F1 seats the customer buys 10 of);
- the office bills most of the customer's products, but one is billed nowhere (Toledo's
  Entra ID line was cancelled in May): that product is the organisation's real
  "bought, not billed" gap, the one the run is for.

The lines choose where the names cannot: among sibling offices of one name (every candidate
that name and a site label, :func:`recon.engine.family_sites.site_base`, offered to no other
item), one office holds products the customer buys (most of its own, most of the
customer's: :func:`recon.engine.pending_review.clearly_ahead` with no rival) and every other
holds none of them, not even under a text the run reads only later (a sibling's line of a
product the vendor file does not carry, at about the seats of a product the office does not
bill, "Lic - Webroot" x 2 beside 2 Webroot seats bought, may be that product: then the lines
say nothing and the review stands).
That office is compared with the customer as any candidate clearly ahead is: its gaps shown
pending the review question, which stays (one question, the money at stake beside it;
never a match). The other offices' lines are compared apart, not bought whichever way the
review is answered (:mod:`recon.engine.held_twins`).

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

from collections import Counter
from collections.abc import Collection, Sequence

from recon.engine.family_sites import site_base
from recon.engine.pending_review import PendingPair, clearly_ahead
from recon.match import ClientMatching
from recon.match.client_evidence import Footprints
from recon.match.client_index import by_lone_name, by_name_and_key
from recon.match.names import ClientName
from recon.match.overlap import seats_near
from recon.match.read_lines import LineReader
from recon.model import pending_review

#: Offices a review item may offer (more is a common name, not one organisation's sites).
MAX_OFFICES = 4


def holder_pairs(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    reader: LineReader,
    *,
    pending: Collection[str] = (),
) -> list[PendingPair]:
    """The review items whose one office billing the customer's products is compared now
    (module docstring), each as a pending pair with that office.

    Args:
        matching: the client matching (its review queue).
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        reader: reads the PSA lines matching could not (an unread line at a sibling keeps
            the review as it is).
        pending: vendor keys already compared pending their review.

    Returns:
        One pending pair (never alone: the review has siblings) per item so read.
    """
    offered = Counter(c.psa_client for item in matching.review for c in item.candidates)
    keys = Counter(item.vendor_key for item in matching.review)
    psa_by_name, vendor_by_name = by_lone_name(psa), by_name_and_key(vendor)
    chosen: list[tuple[ClientName, tuple[tuple[float, ClientName], ...]]] = []
    for item in matching.review:
        if not 2 <= len(item.candidates) <= MAX_OFFICES or item.vendor_key in pending:
            continue
        if keys[item.vendor_key] != 1 or item.vendor_key in matching.by_lines:
            continue  # paired on the lines alone: the names say nothing of offices
        customer = vendor_by_name.get((item.vendor_client, item.vendor_key))
        offices = [(c.score, psa_by_name.get(c.psa_client)) for c in item.candidates]
        sure = tuple((score, o) for score, o in offices if o is not None)
        if customer is None or len(sure) != len(offices):
            continue
        if any(offered[o.name] != 1 for _, o in sure):
            continue  # a candidate another item may take is not this customer's to weigh
        bases = {site_base(o.key) for _, o in sure}
        if len(bases) != 1 or None in bases:
            continue  # not sibling offices of one name
        chosen.append((customer, sure))
    if not chosen:
        return []
    footprints.prepare(
        (c.identity for c, _ in chosen), (o.identity for _, os in chosen for _, o in os)
    )
    loose = reader.uncarried(o.identity for _, os in chosen for _, o in os)
    out = []
    for customer, sites in chosen:
        ids = [customer.identity]
        weighed = [(score, o, footprints.overlap(ids, o.identity)) for score, o in sites]
        holders = [(score, o, ov) for score, o, ov in weighed if ov.shared_products > 0]
        if len(holders) != 1:
            continue  # two offices billing its products: the family question's to ask
        score, holder, overlap = holders[0]
        if not clearly_ahead(overlap, score, []):
            continue
        billed = {product for product, _ in footprints.psa_lines(holder.identity)}
        lacking = [q for p, q in footprints.vendor_lines(customer.identity) if p not in billed]
        if any(
            seats_near(want, qty)
            for _, o, _ in weighed
            if o is not holder
            for _, qty in loose.get(o.identity, ())
            for want in lacking
        ):
            continue  # a sibling's unread line at the seats of a product the office lacks
        out.append(
            PendingPair(
                customer,
                holder,
                score,
                pending_review(customer.name, holder.name),
                overlap=overlap,
            )
        )
    return out
