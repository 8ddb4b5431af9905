"""Client pairs on evidence: do two clients buy and bill the same (product, seats) lines?

Names alone cannot tell "Smith Dental Group" from "Smith Dental", or pick between two close
spellings. What each side holds for a client can: a vendor client and a PSA client that share
several (product, seat count) lines are very likely one client, and two similar names whose
product sets are disjoint are likely two. :class:`Footprints` answers that for the few pairs
the name matcher is unsure of, built only for the clients it asks about, so its cost follows
the uncertain pairs, never clients squared.

The thresholds, used by :mod:`recon.match.clients`:

- **supports**: at least :data:`SUPPORT_LINES` (2) shared (product, seats) lines, covering at
  least half of the smaller client's lines;
- **contradicts**: the PSA client bills products the vendor file carries, and none of them is
  a product the vendor client buys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

SUPPORT_LINES = 2

IDENTITY = "identity"
PRODUCT = "product"
QTY = "qty"


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

    @property
    def supports(self) -> bool:
        """True when the shared lines say this is one client."""
        smaller = min(self.vendor_lines, self.psa_lines)
        return self.shared >= SUPPORT_LINES and 2 * self.shared >= smaller

    @property
    def contradicts(self) -> bool:
        """True when the two hold no product in common although both hold some."""
        return self.vendor_lines > 0 and self.psa_lines > 0 and self.shared_products == 0

    def words(self) -> str:
        """The overlap in words, for a match note or a review candidate."""
        if self.contradicts:
            return "no product in common"
        if not self.shared:
            return f"{self.shared_products} product(s) in common, no seat count"
        return (
            f"shares {self.shared} of {max(self.vendor_lines, self.psa_lines)} "
            "(product, seats) lines"
        )


class Footprints:
    """Each client's (product, seats) lines on both sides, built on demand.

    Args:
        vendor: vendor groups: columns ``identity``, ``product``, ``qty`` (milli-seats).
        psa: PSA groups, products already mapped onto vendor product keys; same columns.
        vendor_products: product keys the vendor file carries (only these count on the PSA
            side: a PSA line of labour says nothing about the vendor client).
    """

    def __init__(
        self, vendor: pd.DataFrame, psa: pd.DataFrame, vendor_products: Iterable[str]
    ) -> None:
        carried = set(vendor_products)
        self._vendor = vendor.loc[vendor[QTY] > 0]
        self._psa = psa.loc[(psa[QTY] > 0) & psa[PRODUCT].isin(carried)]
        self._lines: dict[tuple[str, str], frozenset[tuple[str, int]]] = {}

    def prepare(self, vendor_ids: Iterable[str], psa_ids: Iterable[str]) -> None:
        """Build the lines of these clients in one pass per side (call before :meth:`overlap`)."""
        for side, frame, ids in (("v", self._vendor, vendor_ids), ("p", self._psa, psa_ids)):
            wanted = {i for i in ids if (side, i) not in self._lines}
            if not wanted:
                continue
            rows = frame.loc[frame[IDENTITY].isin(wanted)]
            grouped: dict[str, set[tuple[str, int]]] = {i: set() for i in wanted}
            for identity, product, qty in rows[[IDENTITY, PRODUCT, QTY]].itertuples(
                index=False, name=None
            ):
                grouped[identity].add((product, int(qty)))
            for identity, lines in grouped.items():
                self._lines[(side, identity)] = frozenset(lines)

    def overlap(self, vendor_ids: Iterable[str], psa_id: str) -> Overlap:
        """What the vendor client (one or more identities sharing a name) and a PSA client share."""
        vendor_lines: set[tuple[str, int]] = set()
        for identity in vendor_ids:
            vendor_lines |= self._lines.get(("v", identity), frozenset())
        psa_lines = self._lines.get(("p", psa_id), frozenset())
        shared = len(vendor_lines & psa_lines)
        products = {p for p, _ in vendor_lines} & {p for p, _ in psa_lines}
        return Overlap(shared, len(vendor_lines), len(psa_lines), len(products))


def footprint_frame(groups: pd.DataFrame, mapping: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A side's groups as the (identity, product, qty) frame :class:`Footprints` reads.

    Args:
        groups: a side's group frame (:class:`recon.aggregate.G` columns).
        mapping: PSA product key -> the vendor product key it is compared as.
    """
    from recon.aggregate import G  # noqa: PLC0415 - aggregate imports the match package

    products = groups[G.PRODUCT]
    if mapping:
        mapped = products.map(mapping)
        products = mapped.where(mapped.notna(), products)
    return pd.DataFrame(
        {IDENTITY: groups[G.CLIENT], PRODUCT: products, QTY: groups[G.QTY].astype("int64")}
    )
