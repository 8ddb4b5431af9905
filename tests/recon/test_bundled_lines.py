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
