"""One kind of product bought from two makers at one client (a move from Datto SaaS
Protection to Dropsuite, both Microsoft 365 backup on Pax8's catalogue): a text of that kind
asked about the maker another text already bills in full is the other maker's product there
(:mod:`recon.engine.kind_makers`). Each test fails when its guard there is removed."""

from __future__ import annotations

from typing import Any

from recon.model import GapKind
from tests.recon.conftest import gap_sides, reconcile_beside_premium

DATTO = "Datto SaaS Protection for Microsoft 365"
DROPSUITE = "Dropsuite Microsoft 365 Backup"
PAIRED = "M365 Backup (Monthly)"
TEXT = "Mailbox Backup"


def _migrating(text_seats: int, *, text: str = TEXT) -> Any:
    """Acme buys 2 Datto and 2 Dropsuite seats, billed as 2 "M365 Backup (Monthly)" and
    ``text_seats`` of ``text``; three more clients buy Datto alone, billed under the first
    text at their seats (so the seats pair it with Datto)."""
    vendor = [("Acme", DATTO, 2, "2.36"), ("Acme", DROPSUITE, 2, "2.06")]
    psa = [("Acme", PAIRED, 2, "4.31", "2.27"), ("Acme", text, text_seats, "2.74", "2.12")]
    for client, seats in (("Bolt", 3), ("Cato", 4), ("Dune", 5)):
        vendor.append((client, DATTO, seats, "2.36"))
        psa.append((client, PAIRED, seats, "4.31", "2.27"))
    return reconcile_beside_premium(vendor, psa)


def test_the_second_backup_text_is_the_other_makers_product_at_its_seats() -> None:
    # Before: 'Mailbox Backup' was asked as Datto (already billed by the paired text), so
    # Datto showed 4 billed against 2 bought and Dropsuite "missing in PSA".
    result = _migrating(2)
    assert gap_sides(result) == []
    assert result.questions == ()
    assert result.unmapped == ()


def test_other_seats_ask_one_question_about_the_other_maker_with_its_gap() -> None:
    # 3 billed beside 2 Dropsuite seats: the seats do not decide it, so it stays a question,
    # now about Dropsuite, and the gap a "yes" implies shows pending it; Datto, billed in
    # full by the paired text, carries no gap.
    result = _migrating(3)
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (TEXT, DROPSUITE)
    ]
    assert gap_sides(result) == [("Acme", DROPSUITE, TEXT, GapKind.QUANTITY_MISMATCH)]
    (gap,) = result.gaps
    assert gap.rests_on is not None


def test_a_text_of_another_kind_is_not_read_as_the_backup() -> None:
    # "Mailbox Archive Plan" names no backup: it is not read as Dropsuite.
    result = _migrating(2, text="Mailbox Archive Plan")
    assert ("Acme", DROPSUITE, None, GapKind.MISSING_IN_PSA) in gap_sides(result)


def test_a_product_the_paired_text_bills_short_keeps_the_question() -> None:
    # Datto 2 bought at Acme but 1 billed under the paired text: Datto is not accounted
    # for, so "Mailbox Backup" may yet be Datto and is not read as Dropsuite silently.
    vendor = [("Acme", DATTO, 2, "2.36"), ("Acme", DROPSUITE, 2, "2.06")]
    psa = [("Acme", PAIRED, 1, "4.31", "2.27"), ("Acme", TEXT, 2, "2.74", "2.12")]
    for client, seats in (("Bolt", 3), ("Cato", 4), ("Dune", 5)):
        vendor.append((client, DATTO, seats, "2.36"))
        psa.append((client, PAIRED, seats, "4.31", "2.27"))
    result = reconcile_beside_premium(vendor, psa)
    assert ("Acme", DROPSUITE, TEXT, GapKind.QUANTITY_MISMATCH) not in gap_sides(result)
    assert [q.psa_product for q in result.questions] == [TEXT]


def test_another_unread_text_of_the_kind_leaves_a_question_about_the_other_maker() -> None:
    # "Server Backup" (the MSP's own, at no cost) also names the kind at Acme: it may be the
    # line billing Dropsuite, so "Mailbox Backup" is asked about Dropsuite, not read as it.
    vendor = [("Acme", DATTO, 2, "2.36"), ("Acme", DROPSUITE, 2, "2.06")]
    psa = [("Acme", PAIRED, 2, "4.31", "2.27"), ("Acme", TEXT, 2, "2.74", "2.12")]
    for client, seats in (("Bolt", 3), ("Cato", 4), ("Dune", 5)):
        vendor.append((client, DATTO, seats, "2.36"))
        psa.append((client, PAIRED, seats, "4.31", "2.27"))
    psa += [(c, "Server Backup", 1, "9.00", "0") for c in ("Acme", "Bolt", "Cato")]
    result = reconcile_beside_premium(vendor, psa)
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (TEXT, DROPSUITE)
    ]
    assert not [g for g in result.gaps if g.vendor_product == DATTO]


def test_two_other_products_of_the_kind_leave_the_question_as_it_was() -> None:
    # Acme buys Spanning too: Dropsuite or Spanning is a choice the seats cannot make here.
    spanning = "Spanning Backup for Microsoft 365"
    vendor = [("Acme", DATTO, 2, "2.36"), ("Acme", DROPSUITE, 2, "2.06")]
    vendor.append(("Acme", spanning, 2, "2.10"))
    psa = [("Acme", PAIRED, 2, "4.31", "2.27"), ("Acme", TEXT, 2, "2.74", "2.12")]
    for client, seats in (("Bolt", 3), ("Cato", 4), ("Dune", 5)):
        vendor.append((client, DATTO, seats, "2.36"))
        psa.append((client, PAIRED, seats, "4.31", "2.27"))
    result = reconcile_beside_premium(vendor, psa)
    assert ("Acme", DROPSUITE, None, GapKind.MISSING_IN_PSA) in gap_sides(result)
    assert ("Acme", spanning, None, GapKind.MISSING_IN_PSA) in gap_sides(result)


def test_a_text_asked_elsewhere_keeps_its_question() -> None:
    # "Mailbox Backup" also bills Eton, beside Eton's unbilled Datto: read as Dropsuite at
    # Acme, it is still asked about at Eton (9 billed, 6 bought).
    vendor = [
        ("Acme", DATTO, 2, "2.36"),
        ("Acme", DROPSUITE, 2, "2.06"),
        ("Eton", DATTO, 6, "2.36"),
    ]
    psa = [("Acme", PAIRED, 2, "4.31", "2.27"), ("Acme", TEXT, 2, "2.74", "2.12")]
    psa.append(("Eton", TEXT, 9, "2.74", "2.12"))
    for client, seats in (("Bolt", 3), ("Cato", 4), ("Dune", 5)):
        vendor.append((client, DATTO, seats, "2.36"))
        psa.append((client, PAIRED, seats, "4.31", "2.27"))
    result = reconcile_beside_premium(vendor, psa)
    assert TEXT in {q.psa_product for q in result.questions}
    assert not [g for g in result.gaps if g.client == "Acme"]


IRONSCALES = "IRONSCALES Email Security"
PROOFPOINT = "Proofpoint Essentials Business"
PHISHING = "Phishing Protection Licenses"


def _two_email_makers(kind_seats: int, *, text: str = "Email Security") -> Any:
    """Acme buys 1 IRONSCALES and 1 Proofpoint seat, billed as ``kind_seats`` of ``text``
    (read as IRONSCALES by its words with the brand left out) and 3 "Phishing Protection
    Licenses", which the seats at Bolt and Cato ask about as IRONSCALES."""
    vendor = [("Acme", IRONSCALES, 1, "2.80"), ("Acme", PROOFPOINT, 1, "2.83")]
    vendor += [("Bolt", IRONSCALES, 4, "2.80"), ("Cato", IRONSCALES, 7, "2.80")]
    psa = [("Acme", text, kind_seats, "4.71", "2.97"), ("Acme", PHISHING, 3, "4.85", "2.92")]
    psa += [("Bolt", PHISHING, 4, "4.85", "2.92"), ("Cato", PHISHING, 9, "4.85", "2.92")]
    return reconcile_beside_premium(vendor, psa)


def test_a_guessed_kind_text_yields_to_the_text_asked_as_its_product() -> None:
    # Before: both texts on IRONSCALES (4 billed, 1 bought) and Proofpoint "missing in PSA".
    sides = gap_sides(_two_email_makers(1))
    assert ("Acme", PROOFPOINT, None, GapKind.MISSING_IN_PSA) not in sides
    assert ("Acme", IRONSCALES, PHISHING, GapKind.QUANTITY_MISMATCH) in sides
    assert not [s for s in sides if s[0] == "Acme" and s[2] == "Email Security"]


def test_a_guessed_kind_text_at_other_seats_keeps_its_guess() -> None:
    # 2 "Email Security" beside 1 Proofpoint: the seats do not say it is Proofpoint.
    sides = gap_sides(_two_email_makers(2))
    assert ("Acme", PROOFPOINT, None, GapKind.MISSING_IN_PSA) in sides
