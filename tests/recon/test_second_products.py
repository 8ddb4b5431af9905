"""One PSA text billing two products at different clients.

The MSP bills "Defender" for Defender for Office 365 at most clients and for Defender for
Endpoint at others. The seats pair the text with the first; at the clients where only the
second has exactly the text's seats, the text is compared as the second there, so no client
shows "missing in vendor" of one and "missing in PSA" of the other for the same seats. Each
test fails when its rule is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

OFFICE = "Microsoft Defender for Office 365 (Plan 1)"
ENDPOINT = "Microsoft Defender for Endpoint P1"
TEXT = "Defender"


def _run(second: int, clients: int = 50, *, gap_at: int | None = None):
    """Clients billed "Defender"; the last ``second`` of them buy Endpoint, not Office."""
    vendor, psa = [], []
    for i in range(clients):
        client = f"Client {i:03}"
        seats = 3 + i % 17
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        bought = ENDPOINT if i >= clients - second else OFFICE
        vendor.append((client, bought, seats, "2.00"))
        psa.append((client, TEXT, seats + (2 if i == gap_at else 0), "3.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_second_product_the_text_bills_at_many_clients_is_compared_there() -> None:
    result = _run(10)
    assert result.gaps == ()


def test_a_text_billing_two_products_alike_often_is_compared_per_client() -> None:
    # Twenty clients buy Office, twenty Endpoint, ten neither: the seats cannot pair the text
    # with either product, and at each client that buys one it is that one (where the vendor
    # sells neither, the question's "missing in vendor" shows pending, as for any question).
    vendor, psa = [], []
    for i in range(50):
        client = f"Client {i:03}"
        seats = 3 + i % 17
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        if i < 40:
            vendor.append((client, OFFICE if i < 20 else ENDPOINT, seats, "2.00"))
        psa.append((client, TEXT, seats, "3.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    bought = {f"Client {i:03}" for i in range(40)}
    assert not [g for g in result.gaps if g.client in bought]


def test_a_real_gap_on_the_second_product_is_one_quantity_gap() -> None:
    # Client 045 buys Endpoint only and is billed 2 seats more: one quantity gap on Endpoint,
    # not "missing in vendor" of Office beside "missing in PSA" of Endpoint.
    result = _run(12, gap_at=45)
    assert [(g.client, g.product, g.kind) for g in result.gaps] == [
        ("Client 045", ENDPOINT, GapKind.QUANTITY_MISMATCH)
    ]


def test_a_second_product_at_a_few_clients_is_not_compared_as_the_text() -> None:
    # Four clients of thirty are no evidence of a second product: both statements stand.
    result = _run(4, clients=30)
    kinds = {(g.product, g.kind) for g in result.gaps}
    assert kinds == {(OFFICE, GapKind.MISSING_IN_VENDOR), (ENDPOINT, GapKind.MISSING_IN_PSA)}


def test_a_second_product_at_a_small_share_of_clients_is_not_compared_as_the_text() -> None:
    # Ten clients of two hundred: a share a coincidence can reach.
    result = _run(10, clients=200)
    kinds = {(g.product, g.kind) for g in result.gaps}
    assert kinds == {(OFFICE, GapKind.MISSING_IN_VENDOR), (ENDPOINT, GapKind.MISSING_IN_PSA)}
