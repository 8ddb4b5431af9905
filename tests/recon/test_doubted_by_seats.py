"""A text paired with one maker's product by its name alone ("Managed EDR" read as Huntress)
is doubted at a small MSP where the seats point at another maker's unbilled line beside it.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

S1 = "SentinelOne Singularity Control"
HUNTRESS = "Huntress Managed EDR"


def test_seats_equal_to_another_makers_line_doubt_the_name_where_its_product_is_sold() -> None:
    # Canyon buys Huntress 4 (billed as "Huntress" 4) and SentinelOne 6; the PSA bills the 6 as
    # "Managed EDR - M2M", which the name reads as Huntress. Before: Huntress 4 vs 10 and
    # "SentinelOne missing in PSA" at Canyon, and a gap on each side at Davenport.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Canyon", S1, 6, "3.70"),
            ("Canyon", HUNTRESS, 4, "3.20"),
            ("Davenport", S1, 20, "3.70"),
            ("Ramsey", HUNTRESS, 16, "3.20"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Canyon", "Managed EDR - M2M", 6, "6.40"),
            ("Canyon", "Huntress", 4, "4.40"),
            ("Davenport", "Managed EDR - M2M", 20, "6.70"),
            ("Ramsey", "Huntress", 16, "4.70"),
        ],
    )
    result = reconcile(vendor, psa)
    assert result.gaps == ()
    # The text names SentinelOne's kind (EDR) and its seats agree at both clients: paired on
    # the seats (a question where they are fewer), never a gap on each side.
    assert all(q.candidates[0].vendor_product == S1 for q in result.questions)


def test_seats_a_seat_apart_doubt_the_name_where_its_product_is_not_sold() -> None:
    # 134 bought (two added this month), 132 billed as "Managed EDR License": one question,
    # not "Huntress missing in vendor" beside "SentinelOne missing in PSA".
    vendor = make_lines(
        Side.VENDOR,
        [("Bishop", S1, 134, "3.84"), ("Middleton", HUNTRESS, 21, "3.2"), ("Blair", S1, 10, "3")],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Bishop", "Managed EDR License", 132, "4.97"),
            ("Middleton", "Huntress EDR", 21, "5.40"),
            ("Blair", S1, 10, "5.50"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [q.psa_product for q in result.questions] == ["Managed EDR License"]
    assert not [g for g in result.gaps if g.kind is GapKind.MISSING_IN_VENDOR]
    assert not [g for g in result.gaps if g.kind is GapKind.MISSING_IN_PSA]


def test_a_right_name_with_a_real_quantity_gap_stays_compared() -> None:
    # Huntress billed 10 of 12 bought; the unbilled line of 10 seats is a product the PSA
    # names surely elsewhere, so the name's pairing is upheld where its product is sold.
    vendor = make_lines(
        Side.VENDOR,
        [("Acme", HUNTRESS, 12, "3.20"), ("Bolt", HUNTRESS, 7, "3.20"), ("Cole", HUNTRESS, 5, "3")],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Acme", "Managed EDR", 10, "5.00"),
            ("Bolt", "Managed EDR", 7, "5.00"),
            ("Cole", "Managed EDR", 5, "5.00"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [(g.client, g.kind) for g in result.gaps] == [("Acme", GapKind.QUANTITY_MISMATCH)]
