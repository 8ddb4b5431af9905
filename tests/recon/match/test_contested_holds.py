"""A PSA client two review items hold goes to the holder its lines back (issue 11, review).

At 20,000 clients "GordonHav" was offered to "Gordon Haven Insurance Services LP" (its one
line alike) and to "GORDON CONSULTING, L.P.", a customer bought for and billed nowhere that
holds none of its products: held by both, neither question settled and the customer's gaps
hid. The holder sharing no product loses the offer (``recon.match.other_company``). Each test
fails when its rule or guard is removed.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from recon.match import ClientMatching, ClientName
from recon.match.client_evidence import Footprints
from recon.match.other_company import NOTE, release_other_companies
from recon.model import QTY_SCALE, Candidate, ReviewItem
from recon.normalize import client_key

PRODUCTS = {"cat:bp", "cat:edr", "cat:f3"}
HELD = "GordonHav"
OWNER = "Gordon Haven Insurance Services LP"
OTHER = "GORDON CONSULTING, L.P."


def _name(raw: str) -> ClientName:
    return ClientName(client_key(raw), raw, client_key(raw), "", Decimal(0))


def _frame(rows: dict[str, list[tuple[str, int]]]) -> pd.DataFrame:
    records = [(client_key(c), p, n * QTY_SCALE) for c, held in rows.items() for p, n in held]
    return pd.DataFrame(records, columns=["identity", "product", "qty"])


def _release(owner: list[tuple[str, int]], other: list[tuple[str, int]]) -> ClientMatching:
    vendor_rows = {OWNER: owner, OTHER: other}
    psa_rows = {HELD: [("cat:bp", 7)]}
    items = tuple(
        ReviewItem(v, client_key(v), (Candidate(HELD, 50.0, ""),), "", Decimal(0))
        for v in (OWNER, OTHER)
    )
    matching = ClientMatching(
        matches=(),
        review=items,
        vendor_to_psa={},
        held_psa=frozenset({client_key(HELD)}),
        unmatched_vendor=(),
        unmatched_psa=(),
    )
    footprints = Footprints(_frame(vendor_rows), _frame(psa_rows), PRODUCTS)
    return release_other_companies(
        matching, [_name(n) for n in vendor_rows], [_name(n) for n in psa_rows], footprints
    )


def test_a_holder_sharing_no_product_loses_the_offer_to_the_one_whose_lines_agree() -> None:
    result = _release([("cat:bp", 7)], [("cat:edr", 5), ("cat:f3", 3)])
    assert [(r.vendor_client, [c.psa_client for c in r.candidates]) for r in result.review] == [
        (OWNER, [HELD])
    ]
    assert result.unmatched_vendor == (client_key(OTHER),)
    assert result.notes[client_key(OTHER)] == NOTE
    assert result.held_psa == frozenset({client_key(HELD)})


def test_without_a_holder_whose_lines_agree_both_offers_stand() -> None:
    result = _release([("cat:bp", 30)], [("cat:edr", 5), ("cat:f3", 3)])
    assert [r.vendor_client for r in result.review] == [OWNER, OTHER]


def test_a_holder_sharing_a_product_keeps_the_offer() -> None:
    # An office billed within the company's sum holds its products at other seats: a
    # family's question, not another company's.
    result = _release([("cat:bp", 7)], [("cat:bp", 3), ("cat:f3", 3)])
    assert [r.vendor_client for r in result.review] == [OWNER, OTHER]
