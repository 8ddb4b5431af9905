"""A PSA text the MSP pays nothing per unit for, in a file that records unit costs, is its own
service: the seats alone never hold it in a question beside an unbilled licence, so the real
"missing in PSA" line shows (:func:`recon.engine.name_questions.costless_asks`).
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_costed_lines, make_lines

PREMIUM = "Microsoft 365 Business Premium"
ESSENTIALS = "Microsoft Teams Essentials"


def _psa(rows: list[tuple[str, str, int, str, str | None]]):
    """PSA lines (client, text, seats, price, own unit cost or None)."""
    return make_costed_lines(Side.PSA, rows)


def _run(text: str, cost: str | None, *, licence_cost: str | None = "22.00"):
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", PREMIUM, 5, "22.00"),
            ("Acme", ESSENTIALS, 10, "3.50"),
            ("Bolt", PREMIUM, 7, "22.00"),
        ],
    )
    psa = _psa(
        [
            ("Acme", PREMIUM, 5, "26.00", licence_cost),
            ("Bolt", PREMIUM, 7, "26.00", licence_cost),
            ("Acme", text, 10, "25.00", cost),
        ]
    )
    return reconcile(vendor, psa)


def test_a_costless_text_holds_no_question_and_the_licence_gap_shows() -> None:
    result = _run("Backup Monitoring", None)
    assert result.questions == ()
    assert [(g.client, g.product, g.kind) for g in result.gaps] == [
        ("Acme", ESSENTIALS, GapKind.MISSING_IN_PSA)
    ]
    assert [u.psa_product for u in result.unmapped] == ["Backup Monitoring"]


def test_a_text_with_a_unit_cost_is_still_asked_about() -> None:
    result = _run("Backup Monitoring", "3.00")
    assert [q.psa_product for q in result.questions] == ["Backup Monitoring"]


def test_a_file_that_records_no_costs_asks_as_before() -> None:
    result = _run("Backup Monitoring", None, licence_cost=None)
    assert [q.psa_product for q in result.questions] == ["Backup Monitoring"]
