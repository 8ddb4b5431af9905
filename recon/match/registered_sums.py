"""A registered place's pair agreeing on one subscription whose product's total does not.

A place in a registered name ("Tucker Brothers Restaurant Group of Tampa" beside "Tucker
Brothers Restaurant Group") says another organisation unless a line agrees
(:mod:`recon.match.registered_places`). Microsoft sells seats added on another term as
another subscription (new-commerce monthly and annual terms), so a vendor file often holds
one product as two lines (6 and 3 seats) while the MSP bills the product's total on one
line (:func:`recon.match.overlap.summed_overlap`). A PSA line equal to one of those
subscriptions (3) agrees line by line while the product's total (9 bought, 3 billed) does
not: it is a coincidence of small numbers, not the client's lines, and the franchise's pair
was held in review with the wrong gaps pending (3 of 9 seats "short" instead of 9 bought
and billed nowhere beside 3 billed and bought nowhere).

So for such a pair the lines agree only where they still agree with each side's seats of a
product summed (where a side holds a product on two lines or more; otherwise the lines are
their own sums).
"""

from __future__ import annotations

from collections.abc import Callable

from recon.match.names import diff_names
from recon.match.overlap import Overlap
from recon.match.registered_places import registered_place


def summed_apart(summed: Callable[[], Overlap | None]) -> bool:
    """True when, each side's seats of a product summed, no line agrees.

    Args:
        summed: the pair's summed overlap, asked only here (None: no side holds a product on
            two lines, the lines are their own sums and agree as they were read).
    """
    found = summed()
    return found is not None and found.shared + found.near == 0


def registered_apart(vendor_name: str, psa_name: str, summed: Callable[[], Overlap | None]) -> bool:
    """True when two names differ by a place in one organisation's registered name
    (:func:`recon.match.registered_places.registered_place`) and, each side's seats of a
    product summed, no line agrees: the leftovers pass asks no such pair
    (:mod:`recon.match.leftovers`), as the name steps offer none (module doc).

    Args:
        vendor_name: the vendor's name as written.
        psa_name: the PSA's name as written.
        summed: the pair's summed overlap, asked only for such names.
    """
    diff = diff_names(vendor_name, psa_name)
    return registered_place(diff, vendor_name, psa_name) and summed_apart(summed)
