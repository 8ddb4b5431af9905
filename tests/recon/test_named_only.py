"""A text no catalogue rule reads, billed only where the seats cannot weigh it, whose name
clearly names one product the vendor file sells: one question, its "missing in vendor" shown
pending the answer instead of lost in the unmapped list.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side, pending_on
from tests.recon.conftest import make_lines

BARRACUDA = "Barracuda Email Protection Advanced"


def _run(psa_rows, vendor_rows=()):
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", BARRACUDA, 10, "3.00"),
            ("Bolt", "Microsoft 365 Business Premium", 5, "22.00"),
            *vendor_rows,
        ],
    )
    psa = make_lines(
        Side.PSA,
        [("Acme", BARRACUDA, 10, "4.00"), ("Bolt", "M365 BP", 5, "26.00"), *psa_rows],
    )
    return reconcile(vendor, psa)


def test_a_text_billed_only_at_a_psa_only_client_asks_with_its_gap_pending() -> None:
    result = _run([("Zeta Corp", "Barracuda Email", 4, "4.50")])
    (question,) = result.questions
    assert question.psa_product == "Barracuda Email"
    assert question.candidates[0].vendor_product == BARRACUDA
    assert [(g.client, g.kind, g.psa_qty, g.rests_on) for g in result.gaps] == [
        (
            "Zeta Corp",
            GapKind.MISSING_IN_VENDOR,
            Decimal(4),
            pending_on("Barracuda Email", BARRACUDA),
        )
    ]
    assert result.unmapped == ()


def test_beside_the_product_itself_the_seats_decide_not_the_name() -> None:
    # At Acme the vendor sells the product and another line bills it: the seats were weighed
    # there and paired nothing, so the name alone asks nothing.
    result = _run([("Acme", "Barracuda Email", 3, "4.50")])
    assert result.questions == ()
    assert [u.psa_product for u in result.unmapped] == ["Barracuda Email"]


def test_a_text_naming_another_maker_or_a_service_is_not_asked_about() -> None:
    # The file sells Check Point's email security only; "Barracuda Email" names its kind
    # (alike enough on that alone) but another maker: bought elsewhere, never asked about.
    harmony = "Check Point Harmony Email & Collaboration"
    vendor = make_lines(Side.VENDOR, [("Acme", harmony, 10, "3.00")])
    psa = make_lines(
        Side.PSA,
        [
            ("Acme", harmony, 10, "4.00"),
            ("Zeta Corp", "Barracuda Email", 4, "4.50"),
            ("Zeta Corp", "Managed Email", 4, "9.00"),
        ],
    )
    result = reconcile(vendor, psa)
    assert result.questions == ()
    assert result.gaps == ()


def test_a_client_buying_only_other_products_does_not_stop_the_question() -> None:
    # Bolt buys Business Premium, not the product the text names: its vendor lines weigh
    # nothing about "Barracuda Email", which is still asked about, its gap pending there.
    result = _run([("Bolt", "Barracuda Email", 4, "4.50")])
    (question,) = result.questions
    assert question.psa_product == "Barracuda Email"
    assert [(g.client, g.kind, g.rests_on) for g in result.gaps] == [
        ("Bolt", GapKind.MISSING_IN_VENDOR, pending_on("Barracuda Email", BARRACUDA))
    ]
