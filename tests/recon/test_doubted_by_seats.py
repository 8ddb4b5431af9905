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


def test_one_product_on_several_subscriptions_doubts_the_name_on_the_summed_seats() -> None:
    # Pax8 holds Grand Woods' SentinelOne on three subscriptions (5 + 4 annual, 3 monthly);
    # the PSA bills the 12 on one "Managed EDR /user" line, which the name reads as Huntress.
    # No single subscription has 12 seats: before, "Huntress 12 missing in vendor" beside
    # "SentinelOne 12 missing in PSA", two false statements about one line.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Grand Woods", S1, 5, "3.62"),
            ("Grand Woods", S1, 4, "3.62"),
            ("Grand Woods", S1, 3, "3.75"),
            ("Ramsey", HUNTRESS, 16, "3.20"),
        ],
        terms=[{"term_months": 12}, {"term_months": 12}, {"term_months": 1}, {"term_months": 1}],
    )
    psa = make_lines(
        Side.PSA,
        [("Grand Woods", "Managed EDR /user", 12, "6.41"), ("Ramsey", "Huntress", 16, "4.70")],
    )
    result = reconcile(vendor, psa)
    assert result.gaps == ()
    asked = {q.psa_product: q.candidates[0].vendor_product for q in result.questions}
    assert asked["Managed EDR /user"] == S1


def test_unbilled_seats_are_each_lines_and_each_products_summed() -> None:
    from recon.engine.shortfall_doubt import unbilled_seats

    width = 10
    scale = 1000
    keys = [3 * width + 1, 3 * width + 1, 3 * width + 2, -1]
    qty = [5 * scale, 7 * scale, 4 * scale, 9 * scale]
    found = {
        (int(k) >> 32, (int(k) & 0xFFFFFFFF) // scale) for k in unbilled_seats(keys, qty, width)
    }
    # Client 3: its lines' own 5, 7 and 4 seats, and product 1's 12 summed; no key for -1.
    assert found == {(3, 5), (3, 7), (3, 4), (3, 12)}
