"""PSA lines no rule read, at a client both files have: read per client as the one vendor
product alike them when the seats add up, or ``missing_in_vendor`` under their own text when
nothing at the client can be what they bill. Each test fails when its guard in
:mod:`recon.engine.unread_lines` is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import gap_sides, make_costed_lines, make_lines, reconcile_beside_premium

PREMIUM = "Microsoft 365 Business Premium"
KEEPER = "Keeper Business"
KIND = "Password Management - Per User"
MDR = "Managed Detection & Response - Annual"
EDR = "Huntress Managed EDR"

Psa = tuple[str, str, int, str, str | None]


def test_a_kind_text_billing_the_rest_of_a_vendor_line_is_read_as_it_at_that_client() -> None:
    # Keeper is billed "Password Manager (1 Year)" at three clients; at Acme half its 10
    # seats are billed under a text naming only the kind. Together they are the vendor's 10:
    # no false shortfall on Keeper, and the text is not left unmapped.
    manager = "Password Manager (1 Year)"
    text = "Password Management - Per User (Monthly)"
    result = reconcile_beside_premium(
        [("Acme", KEEPER, 10, "3.00"), ("Bolt", KEEPER, 3, "3.00"), ("Cato", KEEPER, 7, "3.00")],
        [
            ("Acme", manager, 5, "4.00", "3.00"),
            ("Acme", text, 5, "4.00", "3.00"),
            ("Bolt", manager, 3, "4.00", "3.00"),
            ("Cato", manager, 7, "4.00", "3.00"),
        ],
    )
    assert gap_sides(result) == []
    assert result.unmapped == ()


def test_a_text_is_read_as_the_product_only_when_the_seats_add_up_exactly() -> None:
    # Keeper's 10 seats are billed in full; 4 more under the kind's name are not its rest.
    result = reconcile_beside_premium(
        [("Acme", KEEPER, 10, "3.00")],
        [("Acme", KEEPER, 10, "4.00", "3.00"), ("Acme", KIND, 4, "4.00", "3.00")],
    )
    assert ("Acme", KEEPER, KEEPER, GapKind.QUANTITY_MISMATCH) not in gap_sides(result)
    assert KIND in [u.psa_product for u in result.unmapped] + [
        q.psa_product for q in result.questions
    ]


def test_two_alike_vendor_products_at_the_client_read_the_text_as_neither() -> None:
    # Acme buys Keeper Business and Keeper Enterprise: the kind text may be either.
    manager = "Password Manager (1 Year)"
    text = "Password Management - Per User (Monthly)"
    result = reconcile_beside_premium(
        [
            ("Acme", KEEPER, 10, "3.00"),
            ("Acme", "Keeper Enterprise", 5, "5.00"),
            ("Bolt", KEEPER, 3, "3.00"),
            ("Cato", KEEPER, 7, "3.00"),
        ],
        [
            ("Acme", manager, 5, "4.00", "3.00"),
            ("Acme", text, 5, "4.00", "3.00"),
            ("Bolt", manager, 3, "4.00", "3.00"),
            ("Cato", manager, 7, "4.00", "3.00"),
        ],
    )
    assert ("Acme", KEEPER, manager, GapKind.QUANTITY_MISMATCH) in gap_sides(result)
    assert [u.psa_product for u in result.unmapped] == [text]


def test_an_unread_licence_nothing_at_its_client_can_be_is_missing_in_vendor() -> None:
    # Bolt's only vendor line is billed in full and none is alike the text; the file sells
    # Huntress EDR (at Acme), so this vendor is where the MSP buys such seats.
    result = reconcile_beside_premium(
        [("Acme", EDR, 10, "3.00")],
        [("Acme", EDR, 10, "4.00", "3.00"), ("Bolt", MDR, 9, "5.00", "3.43")],
    )
    assert gap_sides(result) == [("Bolt", None, MDR, GapKind.MISSING_IN_VENDOR)]
    (gap,) = result.gaps
    assert gap.psa_qty == Decimal(9)
    assert "no vendor line at this client is alike it" in gap.why
    assert gap.confidence == 0.7
    assert result.unmapped == ()


def test_a_vendor_line_short_of_its_seats_at_the_client_makes_no_gap_of_the_text() -> None:
    # Bolt's Premium is billed 5 of 8: the text may be what bills the rest.
    vendor = make_lines(Side.VENDOR, [("Acme", EDR, 10, "3.00"), ("Bolt", PREMIUM, 8, "22.00")])
    psa = make_costed_lines(
        Side.PSA,
        [
            ("Acme", EDR, 10, "4.00", "3.00"),
            ("Bolt", PREMIUM, 5, "26.00", "22.00"),
            ("Bolt", MDR, 9, "5.00", "3.43"),
        ],
    )
    result = reconcile(vendor, psa)
    assert gap_sides(result) == [("Bolt", PREMIUM, PREMIUM, GapKind.QUANTITY_MISMATCH)]
    assert [u.psa_product for u in result.unmapped] == [MDR]


def test_a_text_without_its_own_unit_cost_makes_no_gap() -> None:
    result = reconcile_beside_premium(
        [("Acme", EDR, 10, "3.00")],
        [("Acme", EDR, 10, "4.00", "3.00"), ("Bolt", MDR, 9, "5.00", None)],
    )
    assert gap_sides(result) == []
    assert [u.psa_product for u in result.unmapped] == [MDR]


def test_a_text_alike_nothing_the_file_sells_may_be_bought_elsewhere() -> None:
    # The file sells Premium only: nothing says the MSP buys an EDR here.
    result = reconcile_beside_premium([], [("Bolt", MDR, 9, "5.00", "3.43")])
    assert gap_sides(result) == []
    assert [u.psa_product for u in result.unmapped] == [MDR]


VALLEY_BEND, RENO, DAYTON = (
    "Valley Bend Foods",
    "Valley Bend Foods Reno",
    "Valley Bend Foods Dayton",
)
#: The Valley Bend family's Microsoft lines, bought by the organisation and billed at its two
#: offices (Reno, Dayton) so that the comparison sums the offices; the tests add one product.
VALLEY_BEND_BOUGHT = [
    (VALLEY_BEND, PREMIUM, 57, "22.00"),
    (VALLEY_BEND, "Microsoft 365 Business Standard", 41, "12.00"),
    (VALLEY_BEND, "Microsoft 365 Business Basic", 46, "6.00"),
    (VALLEY_BEND, "Microsoft Entra ID P1", 47, "6.00"),
]
VALLEY_BEND_BILLED = [
    (RENO, PREMIUM, 57, "26.00", "22.00"),
    (RENO, "Microsoft 365 Business Standard", 12, "17.00", "12.00"),
    (DAYTON, "Microsoft 365 Business Standard", 29, "17.00", "12.00"),
    (RENO, "Microsoft 365 Business Basic", 46, "7.00", "6.00"),
    (RENO, "Microsoft Entra ID P1", 38, "8.00", "6.00"),
    (DAYTON, "Microsoft Entra ID P1", 9, "8.00", "6.00"),
]


def test_a_text_billed_at_two_offices_of_one_family_is_read_on_their_summed_seats() -> None:
    # One organisation billed as two PSA companies (Reno, Dayton), compared summed. Its EDR
    # is billed "Managed Detection & Response" 14 at one office and 47 at the other: the
    # vendor's 61 together. Read office by office, Reno's 14 alone was taken for the whole
    # product and showed a false shortfall of 47 beside Dayton's unread line.
    client, reno, dayton = VALLEY_BEND, RENO, DAYTON
    mdr = "Managed Detection & Response"
    vendor = make_lines(
        Side.VENDOR,
        [
            *VALLEY_BEND_BOUGHT,
            (client, EDR, 61, "3.27"),
            ("Acme", EDR, 10, "3.00"),
        ],
    )
    psa = make_costed_lines(
        Side.PSA,
        [
            *VALLEY_BEND_BILLED,
            (reno, mdr, 14, "5.22", "3.27"),
            (dayton, mdr, 47, "5.22", "3.27"),
            ("Acme", EDR, 10, "4.00", "3.00"),
        ],
    )
    result = reconcile(vendor, psa)
    assert gap_sides(result) == []
    assert result.unmapped == ()


def test_a_product_line_billed_without_its_edition_is_read_as_the_one_edition_bought() -> None:
    # "Creative Cloud - Monthly" at both offices is Adobe's line without its edition: the
    # family buys one edition of it (All Apps, 36 + 12 seats), the offices bill 21 + 27. The
    # file sells another edition elsewhere, so no question pairs the text file-wide; at this
    # client the line names one product and the seats are its own.
    client, reno, dayton = VALLEY_BEND, RENO, DAYTON
    all_apps, single = (
        "Adobe Creative Cloud All Apps for teams",
        "Adobe Creative Cloud Single App for teams",
    )
    vendor = make_lines(
        Side.VENDOR,
        [
            *VALLEY_BEND_BOUGHT,
            (client, all_apps, 36, "71.74"),
            (client, all_apps, 12, "71.74"),
            ("Acme", single, 3, "30.00"),
        ],
    )
    psa = make_costed_lines(
        Side.PSA,
        [
            *VALLEY_BEND_BILLED,
            (reno, "Creative Cloud - Monthly", 21, "122.07", "73.46"),
            (dayton, "Creative Cloud - Monthly", 27, "122.07", "73.46"),
            ("Acme", single, 3, "40.00", "30.00"),
        ],
    )
    result = reconcile(vendor, psa)
    assert gap_sides(result) == []
    assert result.unmapped == ()
