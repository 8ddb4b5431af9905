"""Coincidences at clients that buy many products do not become pairings.

A client holding 17 products offers many lines of equal seats by chance. Each test builds
such a coincidence beside a text the evidence otherwise reads rightly, and fails when the rule
that keeps the coincidence from deciding is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.model import GapKind
from tests.recon.conftest import reconcile_rows as run

BC = "Dynamics 365 Business Central Essentials"
BC_TYPED = "Dynmaics 365 Business Central Essentials"
BASIC = "Microsoft 365 Business Basic"


def _gaps(result) -> list[tuple[str, str, GapKind]]:
    return sorted((g.client, g.vendor_product or g.psa_product, g.kind) for g in result.gaps)


def test_a_few_equal_seats_do_not_re_pair_a_text_its_name_pairs_at_many_clients() -> None:
    vendor, psa = [], []
    for i in range(12):
        client = f"Client {i:02}"
        vendor.append((client, BC, 3 + i, "70.00"))
        psa.append((client, BC_TYPED, 3 + i, "80.00"))
    # Three clients bill the typed text where the vendor sells no Business Central, beside an
    # unbilled Business Basic line whose seats equal it by chance.
    for i, seats in enumerate((4, 9, 13), start=12):
        client = f"Client {i:02}"
        vendor.append((client, BASIC, seats, "6.00"))
        psa.append((client, BC_TYPED, seats, "80.00"))
    result = run(vendor, psa)

    # The name's pairing stands at the twelve clients where the seats uphold it: no gap
    # there; the three coincidences stay the two real statements each.
    assert _gaps(result) == sorted(
        [(f"Client {i:02}", BASIC, GapKind.MISSING_IN_PSA) for i in (12, 13, 14)]
        + [(f"Client {i:02}", BC_TYPED, GapKind.MISSING_IN_VENDOR) for i in (12, 13, 14)]
    )
    assert all(g.seat_delta != Decimal(0) for g in result.gaps)


KIOSK = "Exchange Online Kiosk"
KIOSK_A = "3 Year - Kiosk Mailbox"
KIOSK_B = "Kiosk Mailbox - Monhly"


def test_a_second_unmapped_spelling_makes_up_what_the_first_leaves_after_it_is_paired() -> None:
    vendor, psa = [], []
    # Ten clients bill the product on one line, under a spelling no rule reads.
    for i in range(10):
        client = f"Client {i:02}"
        vendor.append((client, KIOSK, 3 + i, "2.00"))
        psa.append((client, KIOSK_A, 3 + i, "2.50"))
    # Six hold it on two terms, billed on two lines: the second spelling is no rule's either.
    for i in range(10, 16):
        client = f"Client {i:02}"
        first, second = 4 + i, 1 + i % 4
        vendor.append((client, KIOSK, first, "2.00"))
        vendor.append((client, KIOSK, second, "2.00"))
        psa.append((client, KIOSK_A, first, "2.50"))
        psa.append((client, KIOSK_B, second, "2.50"))
    # One of them really bills two seats fewer than it buys.
    psa[-1] = ("Client 15", KIOSK_B, 1 + 15 % 4 - 2, "2.50")
    result = run(vendor, psa)

    assert [(g.client, g.kind, g.seat_delta) for g in result.gaps] == [
        ("Client 15", GapKind.QUANTITY_MISMATCH, Decimal(2))
    ]
    assert not result.questions
    assert KIOSK_B not in {u.psa_product for u in result.unmapped}


HUNTRESS = "Huntress Managed EDR"
S1 = "SentinelOne Singularity Control"
EDR_TYPED = "Managd EDR"


def test_a_name_pairing_is_upheld_by_equal_seats_not_by_the_product_being_sold_there() -> None:
    vendor, psa = [], []
    # Six clients buy only SentinelOne and bill it as "Managd EDR", which the name reads as
    # Huntress: the vendor sells no Huntress there and the seats say SentinelOne.
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, S1, 4 + i, "3.00"))
        psa.append((client, EDR_TYPED, 4 + i, "6.00"))
    # Eight crowded clients buy both and bill the same text with SentinelOne's seats; their
    # Huntress seats, billed nowhere, are real gaps that the text does not uphold.
    for i in range(6, 14):
        client = f"Client {i:02}"
        vendor.append((client, S1, 4 + i, "3.00"))
        vendor.append((client, HUNTRESS, 20 + i, "4.00"))
        psa.append((client, EDR_TYPED, 4 + i, "6.00"))
    result = run(vendor, psa)

    assert _gaps(result) == [
        (f"Client {i:02}", HUNTRESS, GapKind.MISSING_IN_PSA) for i in range(6, 14)
    ]
