"""A held pair whose candidate bills only texts read later shows its gaps, pending the review.

"Choi Consulting Group" buys 25 Microsoft 365 Copilot seats; the PSA bills "Choi Consulting"
23 seats of "Copilot add-on License", a text the catalogue does not hold and the comparison
reads as Copilot only on the seats of every matched client. Client matching could not read
it, so the pair sat in review with "0 product(s) in common" and its two-seat leak showed
nowhere. Read by its text and seats together, the line agrees with the vendor's product: the
pair is compared now and its gap shows pending the review, never matched outright. A text that
names the product with seats far apart, or the MSP's own service with seats alike, is not
read. Each test fails when :class:`recon.match.read_lines.LineReader` is taken out of
:func:`recon.engine.pending_review.pending_pairs`.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import TextCandidate, TextMatch
from recon.engine import reconcile
from recon.match.client_evidence import IDENTITY, PRODUCT, QTY
from recon.match.read_lines import LineReader
from recon.model import GapKind, Side, pending_review
from tests.recon.conftest import make_lines

COPILOT = "Microsoft 365 Copilot"
TEXT = "Copilot add-on License"
VENDOR_NAME = "Choi Consulting Group"
PSA_NAME = "Choi Consulting"

# Matched clients whose seats teach the comparison that the PSA text is Copilot. Only one
# name agrees exactly (the others carry a typo), too few for matching to learn it first.
_OTHERS = [
    ("Eagle Vista Library", "Eagle Vista Library", 12),
    ("Barrett Finanical", "Barrett Financial", 7),
    ("Mosley Dentall", "Mosley Dental", 9),
]


def _run(psa_seats: int):
    vendor = [(VENDOR_NAME, COPILOT, 25, "25.79")]
    psa = [(PSA_NAME, TEXT, psa_seats, "36.25")]
    for vendor_name, psa_name, seats in _OTHERS:
        vendor.append((vendor_name, COPILOT, seats, "25.79"))
        vendor.append((vendor_name, "Microsoft 365 Business Premium", seats + 3, "22.00"))
        psa.append((psa_name, TEXT, seats, "36.25"))
        psa.append((psa_name, "M365 Business Premium", seats + 3, "26.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_line_read_by_text_and_seats_shows_the_held_pairs_gap_pending() -> None:
    result = _run(23)
    # Still a person's question: never matched on a text reading.
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (VENDOR_NAME, PSA_NAME)
    assert PSA_NAME not in {m.psa_client for m in result.matches}
    (gap,) = [g for g in result.gaps if g.vendor_client == VENDOR_NAME]
    assert (gap.kind, gap.product, gap.vendor_qty, gap.psa_qty) == (
        GapKind.QUANTITY_MISMATCH,
        COPILOT,
        Decimal(25),
        Decimal(23),
    )
    assert gap.monthly_impact == Decimal("72.50")
    assert gap.rests_on is not None and pending_review(VENDOR_NAME, PSA_NAME) in gap.rests_on
    assert gap.confidence <= 0.5


def test_seats_far_apart_leave_the_line_unread() -> None:
    # 12 seats billed for 25 bought: the text alone does not say it is the same line.
    result = _run(12)
    assert not [
        g
        for g in result.gaps
        if g.vendor_client == VENDOR_NAME and g.kind is GapKind.QUANTITY_MISMATCH
    ]


def _reader(rows: list[tuple[str, str, int]], ranked: dict[str, list[str]]) -> LineReader:
    frame = pd.DataFrame(
        {
            IDENTITY: [r[0] for r in rows],
            PRODUCT: [r[1] for r in rows],
            QTY: [r[2] * 1000 for r in rows],
        }
    )
    found = {
        key: [TextCandidate(v, TextMatch(70.0, TierRelation.SAME, "")) for v in names]
        for key, names in ranked.items()
    }
    return LineReader(frame, {"cat:copilot", "cat:edr", "cat:e3", "cat:e5"}, found)


def test_reader_needs_the_text_and_the_seats_together() -> None:
    reader = _reader(
        [
            ("p1", "name:copilot add on", 23),
            ("p1", "name:managed services", 30),
            ("p2", "name:managed services", 30),
            ("p3", "name:copilot add on", 12),
        ],
        {"name:copilot add on": ["cat:copilot"], "name:managed services": ["cat:edr"]},
    )
    reader.prepare(["p1", "p2", "p3"])
    # Text and seats: read. The MSP's own service, its seats far from the EDR line: not.
    assert reader.read([("cat:copilot", 25_000), ("cat:edr", 20_000)], "p1") == {
        ("cat:copilot", 23_000)
    }
    # Seats alike, but the text names no product the client holds: not read.
    assert reader.read([("cat:e3", 30_000)], "p2") == frozenset()
    # The text names it, the seats are far apart: not read.
    assert reader.read([("cat:copilot", 25_000)], "p3") == frozenset()


def test_reader_leaves_a_line_two_products_fit() -> None:
    reader = _reader([("p1", "name:365", 10)], {"name:365": ["cat:e3", "cat:e5"]})
    reader.prepare(["p1"])
    assert reader.read([("cat:e3", 10_000), ("cat:e5", 10_000)], "p1") == frozenset()
    assert reader.read([("cat:e3", 10_000), ("cat:e5", 40_000)], "p1") == {("cat:e3", 10_000)}


def test_lines_read_by_text_never_match_the_pair_outright() -> None:
    # Both the candidate's lines read as the vendor's two products at equal seats: the
    # rule that matches two clients holding the same products under names a word apart
    # would take it, but on text readings a person still decides.
    vendor = [
        (VENDOR_NAME, COPILOT, 25, "25.79"),
        (VENDOR_NAME, "Microsoft Intune Plan 1", 3, "6.91"),
    ]
    psa = [(PSA_NAME, TEXT, 25, "36.25"), (PSA_NAME, "MS Intune Device Mgmt", 3, "4.31")]
    for vendor_name, psa_name, seats in _OTHERS:
        vendor.append((vendor_name, COPILOT, seats, "25.79"))
        vendor.append((vendor_name, "Microsoft 365 Business Premium", seats + 3, "22.00"))
        psa.append((psa_name, TEXT, seats, "36.25"))
        psa.append((psa_name, "M365 Business Premium", seats + 3, "26.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert PSA_NAME not in {m.psa_client for m in result.matches}
