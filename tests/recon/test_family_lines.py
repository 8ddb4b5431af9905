"""One family text billing two editions, at some clients on two lines of that text.

The MSP bills "Microsoft 365 Plan" for Business Premium at most clients, for Business
Standard at others, and at a few clients for both, on two lines of the same text. Summed,
neither line's seats could say which edition it is; kept apart, each line is compared as the
edition its seats say. Each test fails when its rule is removed (the lines kept apart in
:mod:`recon.engine.groups`, the split in :mod:`recon.engine.second_products`).
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PREMIUM = "Microsoft 365 Business Premium"
STANDARD = "Microsoft 365 Business Standard"
TEXT = "Microsoft 365 Plan"


def _run(*, both: int = 4, standard: int = 6, clients: int = 30, short: int | None = None):
    """``clients`` clients billed the text: the first ``both`` buy both editions (billed on
    two lines of the text), the next ``standard`` Standard, the rest Premium. Each buys
    Exchange too, billed by its own name. Client ``short`` (one of the first) buys two
    Standard seats more than its Standard line bills."""
    vendor, psa = [], []
    for i in range(clients):
        client = f"Client {i:03}"
        seats = 3 + i % 17
        vendor.append((client, "Exchange Online (Plan 1)", 40 + i, "4.00"))
        psa.append((client, "Exchange Online (Plan 1)", 40 + i, "5.00"))
        if i < both:
            vendor.append((client, PREMIUM, seats, "22.00"))
            vendor.append((client, STANDARD, 20 + i + (2 if i == short else 0), "12.50"))
            psa.append((client, TEXT, seats, "26.00"))
            psa.append((client, TEXT, 20 + i, "15.00"))
        else:
            vendor.append((client, STANDARD if i < both + standard else PREMIUM, seats, "20.00"))
            psa.append((client, TEXT, seats, "24.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_two_lines_of_one_text_billing_two_editions_are_compared_line_by_line() -> None:
    result = _run()
    assert [(g.client, g.product, g.kind) for g in result.gaps] == []


def test_a_real_gap_on_one_of_the_two_lines_is_one_quantity_gap_on_that_edition() -> None:
    # Client 001's Standard line bills two seats fewer than it buys: one quantity gap on
    # Standard, saying which line is which, not a false gap on Premium.
    result = _run(short=1)
    assert [(g.client, g.product, g.kind) for g in result.gaps] == [
        ("Client 001", STANDARD, GapKind.QUANTITY_MISMATCH)
    ]
    assert "the text bills two products on lines of its own here" in result.gaps[0].why


def test_in_a_small_file_the_second_edition_is_read_at_its_few_clients() -> None:
    # Four clients buying Standard alone, beside 26 buying Premium: more than chance gives
    # where unrelated seats never agree, so no fixed ten-client bar keeps Standard out.
    result = _run(both=0, standard=4)
    assert result.gaps == ()
