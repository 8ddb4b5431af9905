"""What a vendor client and a PSA client share, and the thresholds that read it.

The thresholds, used by :mod:`recon.match.clients`:

- **supports**: at least :data:`SUPPORT_LINES` (2) shared (product, seats) lines (one, when a
  client holds a single line), covering at least half of the smaller client's lines;
- **overwhelms**: at least :data:`OVERWHELM_LINES` (3) shared lines covering
  :data:`OVERWHELM_SHARE` (80 %) of *both* clients' lines: only this can merge names that
  differ by a dropped word (never a place, a number or a branch qualifier);
- **contradicts**: both hold at least :data:`CONTRADICT_LINES` (2) lines of products the vendor
  file carries, and no product in common. A review candidate that contradicts is dropped; a
  vendor name whose every candidate contradicts is left unmatched (its gaps are raised)
  rather than held in review;
- **refutes**: the lines say two clients though some products are common: each holds at
  least :data:`REFUTE_LINES` (4) lines and the products in common are at most
  :data:`REFUTE_SHARE` (a quarter) of the smaller client's, or at least :data:`REFUTE_LINES`
  products are common and the seats agree (or nearly) at most at a quarter of them. One
  client's two files differ at a line in ten or so (a seat added, a licence not yet billed);
  two clients buying from one catalogue share products but seldom seats. Of the 56,000 true
  pairs of each 60,000-client dev pair, at most two refute (none by the products), all of
  them matched by their exact names, which this never undoes. The fuzzy step drops a
  refuting candidate as it drops a contradicting one (:attr:`Overlap.apart`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from recon.model import QTY_SCALE

SUPPORT_LINES = 2
#: Seats "nearly" agree within this many seats or this share of the larger count.
NEAR_SEATS = 1
NEAR_SHARE = 0.1

CONTRADICT_LINES = 2
OVERWHELM_LINES = 3
OVERWHELM_SHARE = 0.8
AGREE_SHARE = 0.3
REFUTE_LINES = 4
REFUTE_SHARE = 0.25
NEAR_FLOOR = NEAR_SEATS * QTY_SCALE


def seats_near(qty: int, other: int) -> bool:
    """Two seat counts of one product that still agree: within a seat or two, or a tenth
    (a proration, a credit)."""
    return abs(other - qty) <= max(NEAR_FLOOR, NEAR_SHARE * max(qty, other))


@dataclass(frozen=True, slots=True)
class Overlap:
    """What a vendor client and a PSA client have in common.

    Attributes:
        shared: (product, seats) lines both hold.
        vendor_lines: the vendor client's lines.
        psa_lines: the PSA client's lines of products the vendor file carries.
        shared_products: products both hold, whatever the seats.
    """

    shared: int
    vendor_lines: int
    psa_lines: int
    shared_products: int
    near: int = 0
    bits: float = 0.0
    #: True when each side's seats of a product were summed over its lines first
    #: (:func:`summed_overlap`): a product bought as several subscriptions, billed as one.
    summed: bool = False
    # The readings every step asks again and again (the fuzzy step 175,000 times at 60,000
    # clients, of a few thousand distinct overlaps): each worked out on its first question
    # and kept (None: not asked yet). Not in __post_init__: most of the 50,000 overlaps a run
    # makes are never asked, and making them would cost what asking saves.
    _agrees: bool | None = field(default=None, init=False, repr=False, compare=False)
    _apart: bool | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def counted(
        cls,
        shared: int,
        vendor_lines: int,
        psa_lines: int,
        shared_products: int,
        near: int,
        bits: float,
    ) -> Overlap:
        """``Overlap(shared, vendor_lines, psa_lines, shared_products, near, bits)``, made
        without the frozen dataclass's ``__init__``: the batch counts of
        :meth:`recon.match.client_evidence.Footprints.overlaps` make some fifty thousand a
        run at 60,000 clients, and the frozen ``__init__`` (a guarded assignment per field)
        took half of their time. ``tests/recon/match/test_overlap_counted.py`` holds the two
        equal."""
        made = object.__new__(cls)
        _SET_SHARED(made, shared)
        _SET_VENDOR(made, vendor_lines)
        _SET_PSA(made, psa_lines)
        _SET_PRODUCTS(made, shared_products)
        _SET_NEAR(made, near)
        _SET_BITS(made, bits)
        _SET_SUMMED(made, False)
        _SET_AGREES(made, None)
        _SET_APART(made, None)
        return made

    @property
    def agrees(self) -> bool:
        """True when lines agree (equal seats, or nearly) in proportion to what both hold:
        at least one, half of the smaller client's lines and :data:`AGREE_SHARE` of the
        larger's. The weakest evidence that two names are one client."""
        found = self._agrees
        if found is None:
            agreeing = self.shared + self.near
            smaller = min(self.vendor_lines, self.psa_lines)
            larger = max(self.vendor_lines, self.psa_lines)
            found = (
                agreeing >= 1
                and 2 * agreeing >= smaller
                and agreeing >= AGREE_SHARE * larger
                and not self.contradicts
            )
            object.__setattr__(self, "_agrees", found)
        return found

    @property
    def disjoint(self) -> bool:
        """True when both hold products the vendor file carries and none in common."""
        return min(self.vendor_lines, self.psa_lines) >= 1 and self.shared_products == 0

    @property
    def supports(self) -> bool:
        """True when the shared lines say this is one client (a client with a single line
        needs it shared; any other needs two, and half of the smaller client's lines)."""
        smaller = min(self.vendor_lines, self.psa_lines)
        needed = max(1, min(SUPPORT_LINES, smaller))
        return self.shared >= needed and 2 * self.shared >= smaller

    @property
    def overwhelms(self) -> bool:
        """True when nearly everything both clients hold is the same: at least
        :data:`OVERWHELM_LINES` shared lines, covering :data:`OVERWHELM_SHARE` of each."""
        larger = max(self.vendor_lines, self.psa_lines)
        return self.shared >= OVERWHELM_LINES and self.shared >= OVERWHELM_SHARE * larger

    @property
    def contradicts(self) -> bool:
        """True when the two hold no product in common although both hold two or more."""
        return (
            min(self.vendor_lines, self.psa_lines) >= CONTRADICT_LINES and self.shared_products == 0
        )

    @property
    def refutes(self) -> bool:
        """True when the lines say two clients although some products are common: few of the
        products are common, or the seats of many common products disagree."""
        smaller = min(self.vendor_lines, self.psa_lines)
        if smaller >= REFUTE_LINES and self.shared_products <= REFUTE_SHARE * smaller:
            return True
        return (
            self.shared_products >= REFUTE_LINES
            and self.shared + self.near <= REFUTE_SHARE * self.shared_products
        )

    @property
    def apart(self) -> bool:
        """True when the lines say two clients: they contradict or refute."""
        found = self._apart
        if found is None:
            found = self.contradicts or self.refutes
            object.__setattr__(self, "_apart", found)
        return found

    def words(self) -> str:
        """The overlap in words, for a match note or a review candidate."""
        if self.contradicts:
            return "no product in common"
        if self.refutes:
            return (
                f"{self.shared_products} product(s) in common of "
                f"{self.vendor_lines} / {self.psa_lines} lines, seats agree at "
                f"{self.shared + self.near}: two clients' lines"
            )
        if not self.shared and not self.near:
            return f"{self.shared_products} product(s) in common, seats differ"
        close = f", {self.near} more within a seat or a tenth" if self.near else ""
        return (
            f"shares {self.shared} of {max(self.vendor_lines, self.psa_lines)} "
            f"(product, seats) lines{close}"
        )


# The slots' own setters, which a frozen dataclass's assignment guard goes around too
# (:meth:`Overlap.counted`).
_SET_SHARED = vars(Overlap)["shared"].__set__
_SET_VENDOR = vars(Overlap)["vendor_lines"].__set__
_SET_PSA = vars(Overlap)["psa_lines"].__set__
_SET_PRODUCTS = vars(Overlap)["shared_products"].__set__
_SET_NEAR = vars(Overlap)["near"].__set__
_SET_BITS = vars(Overlap)["bits"].__set__
_SET_SUMMED = vars(Overlap)["summed"].__set__
_SET_AGREES = vars(Overlap)["_agrees"].__set__
_SET_APART = vars(Overlap)["_apart"].__set__

#: How a summed match's note says so.
SUMMED_NOTE = "seats summed over each product's subscriptions"


def summed_overlap(
    vendor: Iterable[tuple[str, int]],
    psa: Iterable[tuple[str, int]],
    weigh: Callable[[str, int], float] | None = None,
) -> Overlap:
    """What two clients' lines share with each side's seats of a product summed.

    A vendor bills one product as several subscriptions when seats were added mid-term or
    bought on another term (Microsoft's new-commerce monthly and annual terms, an add-on
    subscription), while the PSA bills the client one agreement line for the total: 6 and 32
    seats of Business Premium bought, 38 billed. Line by line they share nothing; summed, one
    product with the same seats.

    Args:
        vendor: the vendor client's (product, milli-seats) lines, every row (two subscriptions
            of the same seats are two lines here, not one).
        psa: the PSA client's (product, milli-seats) lines.
        weigh: bits of evidence of a (product, summed milli-seats) line; a summed agreement
            counts half of it (a near one a quarter), as a near line does. Default: no bits.

    Returns:
        The overlap of the summed lines, ``summed`` set.
    """
    mine: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for product, qty in vendor:
        mine[product] += qty
    for product, qty in psa:
        theirs[product] += qty
    common = mine.keys() & theirs.keys()
    shared = near = 0
    bits = 0.0
    for k in sorted(common):  # sorted: the bits' float sum is the same on every run
        if mine[k] == theirs[k]:
            shared += 1
            bits += 0.5 * weigh(k, mine[k]) if weigh is not None else 0.0
        elif seats_near(mine[k], theirs[k]):
            near += 1
            bits += 0.25 * weigh(k, mine[k]) if weigh is not None else 0.0
    return Overlap(
        shared, len(mine), len(theirs), len(common), near=near, bits=round(bits, 1), summed=True
    )
