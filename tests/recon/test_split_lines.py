"""One product billed on two PSA lines, of which only one spelling maps.

The mapped line looks short by the other line's seats, client after client: the seats pair
the other spelling with the product, and the two lines are compared as one. A service line
whose seats equal a real shortfall at a few clients only is not paired. Each test fails when
its rule is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.model import GapKind
from tests.recon.conftest import reconcile_rows as run

PREMIUM = "Microsoft 365 Business Premium"
ADD_ON = "Contract B add-on seats"
SECOND = "Premium seats (second contract)"
SERVICE = "Managed Services per user"
PREMIUM_ID = "ms-m365-business-premium"
EXCHANGE = "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"


def _kinds(result) -> list[tuple[str, str, GapKind, Decimal]]:
    return sorted((g.client, g.product, g.kind, g.seat_delta) for g in result.gaps)


def test_a_second_line_that_makes_up_the_shortfall_is_the_same_product() -> None:
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        main, extra = 10 + i, 2 + i % 4
        vendor.append((client, PREMIUM, main + extra, "20.00"))
        psa.append((client, PREMIUM, main, "22.00"))
        psa.append((client, ADD_ON, extra, "22.00"))
    # At one client the two lines together still bill 3 seats fewer than bought.
    psa[-1] = ("Client 07", ADD_ON, 2 + 7 % 4 - 3, "22.00")
    result = run(vendor, psa)

    # No false gap on the seven clients where the lines add up, and the real one stays.
    assert _kinds(result) == [("Client 07", PREMIUM, GapKind.QUANTITY_MISMATCH, Decimal(3))]
    assert ADD_ON not in {u.psa_product for u in result.unmapped}


def test_a_service_line_equal_to_a_shortfall_by_chance_is_not_paired() -> None:
    vendor, psa = [], []
    for i in range(10):
        client = f"Client {i:02}"
        seats = 10 + i
        vendor.append((client, PREMIUM, seats, "20.00"))
        psa.append((client, PREMIUM, seats, "22.00"))
        psa.append((client, SERVICE, seats + 5, "60.00"))
    # Two real shortfalls whose size happens to equal the client's service seats.
    for i in (3, 6):
        vendor[i] = (f"Client {i:02}", PREMIUM, 2 * (10 + i) + 5, "20.00")
    result = run(vendor, psa)

    assert _kinds(result) == [
        ("Client 03", PREMIUM, GapKind.QUANTITY_MISMATCH, Decimal(18)),
        ("Client 06", PREMIUM, GapKind.QUANTITY_MISMATCH, Decimal(21)),
    ]
    assert SERVICE in {u.psa_product for u in result.unmapped}


def test_a_second_line_at_one_client_is_one_question_not_a_false_gap() -> None:
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        vendor.append((client, PREMIUM, 10 + i, "20.00"))
        psa.append((client, PREMIUM, 10 + i, "22.00"))
    # One client bills 4 of its seats on a second contract's line.
    vendor[2] = ("Client 02", PREMIUM, 16, "20.00")
    psa.append(("Client 02", SECOND, 4, "22.00"))
    result = run(vendor, psa)

    assert not result.gaps
    (question,) = result.questions
    assert question.psa_product == SECOND
    assert question.candidates[0].product_key == f"cat:{PREMIUM_ID}"


def test_an_unlike_line_equal_to_a_shortfall_at_one_client_holds_no_gap() -> None:
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        vendor.append((client, PREMIUM, 10 + i, "20.00"))
        psa.append((client, PREMIUM, 10 + i, "22.00"))
    # A real shortfall of 4, beside a server-care line of 4 that nothing else explains.
    vendor[2] = ("Client 02", PREMIUM, 16, "20.00")
    psa.append(("Client 02", "Managed Server", 4, "150.00"))
    result = run(vendor, psa)

    assert _kinds(result) == [("Client 02", PREMIUM, GapKind.QUANTITY_MISMATCH, Decimal(4))]
    assert not result.questions


def test_a_second_line_at_one_client_beside_an_unlike_unbilled_line_is_one_question() -> None:
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        vendor.append((client, PREMIUM, 10 + i, "20.00"))
        psa.append((client, PREMIUM, 10 + i, "22.00"))
    # Client 02 bills 4 of its 16 seats on a second line, and buys Exchange Online and Entra
    # seats it bills nowhere: seats near the second line's by chance, names nothing like it.
    vendor[2] = ("Client 02", PREMIUM, 16, "20.00")
    vendor.append(("Client 02", EXCHANGE, 5, "4.00"))
    vendor.append(("Client 02", ENTRA, 5, "6.00"))
    psa.append(("Client 02", "Business Premium seats (second contract)", 4, "22.00"))
    result = run(vendor, psa)

    # The unbilled lines stay real gaps; the second line is asked about, not a false gap.
    assert _kinds(result) == [
        ("Client 02", EXCHANGE, GapKind.MISSING_IN_PSA, Decimal(5)),
        ("Client 02", ENTRA, GapKind.MISSING_IN_PSA, Decimal(5)),
    ]
    (question,) = result.questions
    assert question.candidates[0].product_key == f"cat:{PREMIUM_ID}"
