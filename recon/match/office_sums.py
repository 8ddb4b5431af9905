"""Sibling offices whose seats, summed, are the customer's: a share, not another client.

An MSP opens a PSA company per office of one customer (ConnectWise companies per site, each
with its own agreement; Autotask parent and child accounts, "sub-organizations" billed on
their own contracts) while the vendor sells to the organisation once. Each office then bills
part of nearly every product: "Iron Crossing Family Dentistry: Madison Office" 3 of 158
Business Premium, 30 of 72 Business Standard, 31 of 153 Huntress ITDR, its sibling "...:
Fresno Office" the rest. Line by line against the customer, an office agrees at few of the
many products it shares (:attr:`recon.match.overlap.Overlap.refutes`: two clients buying from
one catalogue share products but seldom seats), so the more of its lines were read, the
surer the step was that each office was another client: the customer went unmatched and
every line showed on both sides (14 to 15 false gaps on the site families' 300-client pair).

The office's seats disagree because they are a share: summed over the sibling offices the
matching offers together, they are the customer's. Here such offices are not refuted
(:func:`office_shares`); they stay candidates, for a person or the site step
(:mod:`recon.engine.review_sites`) to weigh together. Nothing is merged here: an office's lines
never settle a pair on their own. The evidence, all required:

- **the names**: two or more candidates of the customer are one name followed by a site or
  office label (:func:`recon.match.site_labels.sibling_offices`, the review step's own test);
- **each a share**: nearly all of an office's products are the customer's, each at no more
  seats (:func:`part_of`); an office billing more than the customer
  holds is another client;
- **the sum**: the offices' seats summed per product equal the customer's exactly on at least
  :data:`EXACT_PRODUCTS` products, and within a seat or a tenth on at least half of the
  customer's products; each office bills a product where the sum agrees (an office adding
  nothing is another client). Two clients' seats seldom add up to a third's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping

from recon.match.overlap import seats_near
from recon.match.site_labels import office_base, sibling_offices

#: Products whose summed seats must equal the customer's exactly.
EXACT_PRODUCTS = 2

#: Share of a part's products the whole must hold for the part to be one of a family's.
PART_PRODUCTS = 0.75

Lines = Collection[tuple[str, int]]


def part_of(part: Iterable[tuple[str, int]], whole: Iterable[tuple[str, int]]) -> bool:
    """True when one client's lines may be a share of the other's: nearly all its products
    are the other's (:data:`PART_PRODUCTS`), each at no more seats (summed per product).

    Args:
        part: one client's (product, seats) lines.
        whole: the other client's.
    """
    mine: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for product, qty in part:
        mine[product] += qty
    for product, qty in whole:
        theirs[product] += qty
    common = mine.keys() & theirs.keys()
    return (
        bool(common)
        and len(common) >= PART_PRODUCTS * len(mine)
        and all(mine[p] <= theirs[p] for p in common)
    )


def _sums(lines: Lines) -> Counter[str]:
    summed: Counter[str] = Counter()
    for product, qty in lines:
        summed[product] += qty
    return summed


def fills(customer: Lines, offices: Iterable[Lines]) -> bool:
    """True when the offices' seats, summed per product, are the customer's (module docstring).

    Args:
        customer: the vendor customer's (product, milli-seats) lines.
        offices: each office's (product, milli-seats) lines.
    """
    whole = _sums(customer)
    parts = [_sums(lines) for lines in offices]
    if len(parts) < 2 or not whole:
        return False
    summed: Counter[str] = Counter()
    for part in parts:
        summed.update(part)
    exact = {p for p, qty in whole.items() if summed.get(p) == qty}
    near = {p for p, qty in whole.items() if p in summed and seats_near(qty, summed[p])}
    if len(exact) < min(EXACT_PRODUCTS, len(whole)) or 2 * len(near) < len(whole):
        return False
    return all(near & part.keys() for part in parts)


def office_shares(customer: Lines, candidates: Mapping[str, Lines]) -> set[str]:
    """The candidates (client keys) that are sibling offices billing shares of the customer.

    Args:
        customer: the vendor customer's (product, milli-seats) lines.
        candidates: each candidate's client key -> its (product, milli-seats) lines.

    Returns:
        The keys of the offices whose summed seats are the customer's (:func:`fills`); empty
        where no two offices of one name do.
    """
    mine = list(customer)
    by_base: dict[str, list[str]] = defaultdict(list)
    for key in sorted(sibling_offices(list(candidates))):
        base = office_base(key)
        if base is not None and part_of(candidates[key], mine):
            by_base[base].append(key)
    found: set[str] = set()
    for offices in by_base.values():
        if fills(mine, (candidates[k] for k in offices)):
            found.update(offices)
    return found
