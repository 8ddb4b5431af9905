"""A shortfall at an office its sibling office bills under the same text: a share, not a gap.

An MSP opens a PSA company per office of one customer (ConnectWise companies per site, each
with its own agreement; Autotask sub-organizations billed on their own contracts) and splits
a per-seat product between them by who works where, while the vendor sells the organisation
its seats once: "Young DentalGrp: Dayton Office" bills 11 "SAT (NCE)", "...: Spokane Office"
the other 8 of the customer's 19 Huntress SAT seats. Where matching holds the customer in
review between the two offices and one is compared pending the review
(:mod:`recon.engine.pending_review`), that office showed "bought 19, billed 11" while its
sibling billed the 8 under the very text the gap was read from: a false shortfall, beside
the review that already asks whether the offices are the customer's.

Here such a quantity gap is not shown, when all of these hold:

- the pair is compared pending its review, and its PSA client is an office: a name followed
  by a site or office label (:func:`recon.engine.family_sites.site_base`);
- another candidate of the same review item is an office of the same name;
- those sibling offices bill the gap's PSA text (the same product text, as written) at
  exactly the seats the gap says are missing: one seat more or less is a real gap and shows.

The review item stays, with the customer's money at stake: answered, the next run compares
the customer with the offices it names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import pandas as pd

from recon.engine.columns import member
from recon.engine.family_sites import site_base
from recon.engine.pending_review import PendingPair
from recon.match.client_index import by_lone_name
from recon.match.names import ClientName
from recon.match.products import ProductIdentity
from recon.model import QTY_SCALE, G, Gap, GapKind, ReviewItem


def sibling_texts(
    pending: Sequence[PendingPair],
    review: Sequence[ReviewItem],
    psa: Sequence[ClientName],
    lines: pd.DataFrame,
    products: Mapping[str, ProductIdentity],
) -> dict[str, dict[str, int]]:
    """Per client key of a pending pair whose PSA client is an office, the seats (milli) its
    sibling offices in the same review item bill per product text as written.

    Args:
        pending: the pairs compared pending their review.
        review: the review items.
        psa: every PSA client.
        lines: the PSA side's groups (:class:`recon.model.G` columns, clients by identity).
        products: PSA product key -> its identity (its name: the text as written, for a
            text no catalogue reads).
    """
    items = {item.vendor_key: item for item in review}
    by_name = by_lone_name(psa)
    owners: dict[str, str] = {}
    for pair in pending:
        base = site_base(pair.psa.key)
        item = items.get(pair.vendor.key)
        if base is None or item is None:
            continue
        for candidate in item.candidates:
            other = by_name.get(candidate.psa_client)
            if other is None or other.identity == pair.psa.identity:
                continue
            if site_base(other.key) == base:
                owners[other.identity] = pair.client_key
    if not owners:
        return {}
    rows = lines.loc[member(lines[G.CLIENT], owners) & (lines[G.QTY].fillna(0) > 0).to_numpy()]
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for client, product, qty in zip(
        rows[G.CLIENT].tolist(), rows[G.PRODUCT].tolist(), rows[G.QTY].tolist(), strict=True
    ):
        identity = products.get(str(product))
        if identity is not None:
            out[owners[str(client)]][identity.name] += int(qty)
    return {key: dict(found) for key, found in out.items()}


def billed_by_siblings(
    gaps: Sequence[Gap], siblings: Mapping[str, Mapping[str, int]]
) -> tuple[Gap, ...]:
    """The gaps without the shortfalls the pair's sibling offices bill (module docstring).

    Args:
        gaps: the run's gaps, ranked.
        siblings: :func:`sibling_texts`.
    """
    if not siblings:
        return tuple(gaps)
    return tuple(gap for gap in gaps if not _billed_beside(gap, siblings))


def _billed_beside(gap: Gap, siblings: Mapping[str, Mapping[str, int]]) -> bool:
    if gap.kind is not GapKind.QUANTITY_MISMATCH or gap.seat_delta <= 0 or not gap.psa_product:
        return False
    billed = siblings.get(gap.client_key, {}).get(gap.psa_product, 0)
    return billed > 0 and billed == int(gap.seat_delta * QTY_SCALE)
