"""An office billing the customer's products exactly beside an office whose lines are unread.

An MSP bills an organisation under its own name per office or department ("Newport Supply
Main Office", "Newport Supply Main Office - IT Dept"): Autotask sub-organizations for "a
sub-organization, department, or franchise" billed apart ("Invoicing sub-organization items
to a parent organization", Autotask help), ConnectWise sites or companies per location. The
vendor sells to the organisation once ("Newport Supply"). Matching offers both offices to the
customer; one bills the customer's Teams Essentials at its very seats, the other bills the
password manager under the MSP's own text ("SW - Password Manager"), which no rule reads
while matching. :mod:`recon.engine.review_sites` asks the family question only where two
offices bill the customer's products, so the customer stayed in review with all its money
(3 of a sites pair's 85 clients held in review, over the 3 % budget).

Here, under the customer's own name only (the offices' common name is the customer's key:
the names already say one organisation), one office whose every product is one the
customer holds at exactly the customer's seats, beside candidates whose every line is a text
no rule reads yet, is named with them in the family question, where the customer holds more
products than that office bills (the rest may be the unread lines'; an office filling every
product alone is a pair, :mod:`recon.engine.pending_review`'s). The question is still
asked only where those lines are read by then as the customer's products
(:func:`recon.engine.review_sites.ask_site_reviews`); a "no" keeps the review as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from recon.engine.family_unpaired import MAX_MEMBERS
from recon.match.names import ClientName


def beside_unread(
    whole: Mapping[str, int],
    office: ClientName,
    part: Mapping[str, int],
    unread: Sequence[ClientName],
) -> tuple[ClientName, ...]:
    """The offices to name: ``office`` and the ``unread`` candidates, or none (module doc).

    Args:
        whole: the customer's seats (milli-seats) per product.
        office: the one candidate billing products the vendor file carries.
        part: its seats per product.
        unread: the candidates whose every line is unread.
    """
    if not unread or 1 + len(unread) > MAX_MEMBERS or not part:
        return ()
    if any(whole.get(product) != seats for product, seats in part.items()):
        return ()  # a product the customer does not hold, or other seats: not settled so
    if not set(whole) - set(part):
        return ()  # the office fills every product alone: a pair, the review's
    return (office, *unread)
