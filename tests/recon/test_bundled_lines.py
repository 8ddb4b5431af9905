"""A PSA line billing a product with something else on one line ("Office 365 E3 - Annual
incl. Email Security", "Intune Device Mgmt w/ Onboarding Bundle"): the MSP's catalogue adds
its own extra to a licence line. The whole text is alike no vendor product, but one part names
the product plainly, so at a client both files have it is read as that product where the
seats settle it (:mod:`recon.engine.unread_lines`), and its name alone never asks whether it
is the *other* thing it mentions (:func:`recon.engine.name_questions.named_only`).
"""

from __future__ import annotations

from recon.model import GapKind
from tests.recon.conftest import gap_sides, reconcile_beside_premium

O365_E3 = "Office 365 E3"
M365_E3 = "Microsoft 365 E3"
IRONSCALES = "IRONSCALES Email Security"
MONTHLY = "Office 365 E3 - Monthly"
WITH_EMAIL = "Office 365 E3 - Annual incl. Email Security"


def test_a_line_billing_the_product_with_an_extra_completes_its_seats() -> None:
    # Acme buys 4 Office 365 E3; the PSA bills 2 monthly and 2 "incl. Email Security". The
    # file sells IRONSCALES at Bolt, so "Email Security" has a namesake the name alone
    # would ask about: neither a false shortfall on E3 nor a pending "missing in vendor".
    result = reconcile_beside_premium(
        [("Acme", O365_E3, 4, "20.00"), ("Bolt", IRONSCALES, 3, "3.00")],
        [
            ("Acme", MONTHLY, 2, "26.00", "20.00"),
            ("Acme", WITH_EMAIL, 2, "29.00", "22.00"),
            ("Bolt", IRONSCALES, 3, "4.00", "3.00"),
        ],
    )
    assert gap_sides(result) == []
    assert WITH_EMAIL not in [q.psa_product for q in result.questions]
    assert result.unmapped == ()


def test_the_named_part_is_read_on_its_own_tier_only() -> None:
    # "Microsoft 365 E3 ... incl. Email Security" beside Office 365 E3 seats that it would
    # complete exactly: two products, never read as one (the worst error: it invents money).
    text = "Microsoft 365 E3 - Annual incl. Email Security"
    result = reconcile_beside_premium(
        [("Acme", O365_E3, 4, "20.00"), ("Bolt", M365_E3, 3, "33.00")],
        [
            ("Acme", MONTHLY, 2, "26.00", "20.00"),
            ("Acme", text, 2, "45.00", "33.00"),
            ("Bolt", M365_E3, 3, "40.00", "33.00"),
        ],
    )
    assert ("Acme", O365_E3, MONTHLY, GapKind.QUANTITY_MISMATCH) in gap_sides(result)


def test_a_line_whose_other_part_is_bought_unbilled_there_is_not_read_as_one_product() -> None:
    # Acme also buys IRONSCALES, billed nowhere: the line may bill both (a bundle), so the
    # seats of E3 alone do not read it; it stays a statement for a person.
    result = reconcile_beside_premium(
        [("Acme", O365_E3, 4, "20.00"), ("Acme", IRONSCALES, 2, "3.00")],
        [("Acme", MONTHLY, 2, "26.00", "20.00"), ("Acme", WITH_EMAIL, 2, "29.00", "22.00")],
    )
    assert ("Acme", O365_E3, MONTHLY, GapKind.QUANTITY_MISMATCH) in gap_sides(result)
    left = [u.psa_product for u in result.unmapped] + [q.psa_product for q in result.questions]
    assert WITH_EMAIL in left


INTUNE = "Microsoft Intune Plan 1"
INTUNE_WITH = "Intune Device Mgmt (1 Year) incl. Datto SaaS Protection"


def test_a_line_naming_the_one_unbilled_product_there_shows_the_real_quantity_gap() -> None:
    # Acme buys 8 Intune seats and nothing else bills them; the line billing Intune with
    # Datto bills 11. One statement, the quantity gap, not "missing in PSA" of all 8 seats
    # beside an unmapped line.
    result = reconcile_beside_premium(
        [("Acme", INTUNE, 8, "8.00"), ("Bolt", INTUNE, 4, "8.00")],
        [("Acme", INTUNE_WITH, 11, "9.50", "8.00"), ("Bolt", INTUNE, 4, "9.50", "8.00")],
    )
    assert gap_sides(result) == [("Acme", INTUNE, INTUNE_WITH, GapKind.QUANTITY_MISMATCH)]
    (gap,) = result.gaps
    assert (gap.vendor_qty, gap.psa_qty) == (8, 11)
    assert "billed with something else on one line" in gap.why


def test_two_lines_that_may_each_bill_the_product_are_not_read_on_differing_seats() -> None:
    # Two texts at Acme each name Intune with an extra: which bills the 8 seats is unknown
    # (guard: a product two such texts claim at a client is read as neither).
    other = "Intune Device Mgmt w/ Advanced Threat Protection"
    result = reconcile_beside_premium(
        [("Acme", INTUNE, 8, "8.00"), ("Bolt", INTUNE, 4, "8.00")],
        [
            ("Acme", INTUNE_WITH, 6, "9.50", "8.00"),
            ("Acme", other, 5, "9.50", "8.00"),
            ("Bolt", INTUNE, 4, "9.50", "8.00"),
        ],
    )
    assert ("Acme", INTUNE, INTUNE_WITH, GapKind.QUANTITY_MISMATCH) not in gap_sides(result)
    assert ("Acme", INTUNE, other, GapKind.QUANTITY_MISMATCH) not in gap_sides(result)


def test_a_line_another_unread_text_there_may_also_bill_is_not_read_on_differing_seats() -> None:
    # Acme's 8 Intune seats are billed 5 with Datto and 3 under a plain text no rule reads:
    # together they are the vendor's 8. Read alone, the first would invent a 3-seat gap.
    plain = "MS Intune Device Mgmt"
    result = reconcile_beside_premium(
        [("Acme", INTUNE, 8, "8.00"), ("Bolt", INTUNE, 4, "8.00")],
        [
            ("Acme", INTUNE_WITH, 5, "9.50", "8.00"),
            ("Acme", plain, 3, "9.50", "8.00"),
            ("Bolt", INTUNE, 4, "9.50", "8.00"),
        ],
    )
    assert ("Acme", INTUNE, INTUNE_WITH, GapKind.QUANTITY_MISMATCH) not in gap_sides(result)


def test_a_part_the_catalogue_reads_as_the_product_completes_its_seats() -> None:
    # Acme buys 20 Business Standard, billed 13 as "365 Standard Subscription - Annual" (the
    # catalogue reads it) and 7 as an agreement line adding Entra ID P1, which Acme does not
    # buy. "365 Standard ..." is far from "Microsoft 365 Business Standard" in letters, but
    # the catalogue reads it as that product: the 7 complete the 20, no false shortfall.
    standard = "Microsoft 365 Business Standard"
    annual = "365 Standard Subscription - Annual"
    agreement = "AGR3558 365 Standard Subscription - 3 Year + Entra ID P1"
    result = reconcile_beside_premium(
        [("Acme", standard, 20, "12.50")],
        [("Acme", annual, 13, "15.00", "12.50"), ("Acme", agreement, 7, "16.00", "12.50")],
    )
    assert gap_sides(result) == []
    assert result.unmapped == ()


E5_WITH_ENTRA = "AGR3558 365 E5 + Entra ID P1"


def test_a_part_with_a_bare_365_is_the_one_suite_product_of_it_the_client_buys() -> None:
    # "365 E5" is Microsoft 365 E5 or Office 365 E5; Acme buys only the first, 10 seats,
    # billed nowhere else, and no Entra ID P1: the line is its 10, not an unmapped line
    # beside a false "missing in PSA" (its tier words, E5 and P1, conflict with either name).
    result = reconcile_beside_premium(
        [("Acme", "Microsoft 365 E5", 10, "54.75")],
        [("Acme", E5_WITH_ENTRA, 10, "63.54", "54.75")],
    )
    assert gap_sides(result) == []
    assert result.unmapped == ()


def test_a_part_with_a_bare_365_beside_both_suites_products_is_read_as_neither() -> None:
    # Acme buys Microsoft 365 E5 and Office 365 E5, 10 each: which the line bills is not
    # known, so it is not read as either.
    result = reconcile_beside_premium(
        [("Acme", "Microsoft 365 E5", 10, "54.75"), ("Acme", "Office 365 E5", 10, "38.00")],
        [("Acme", E5_WITH_ENTRA, 10, "63.54", "54.75")],
    )
    assert ("Acme", "Microsoft 365 E5", None, GapKind.MISSING_IN_PSA) in gap_sides(result)
