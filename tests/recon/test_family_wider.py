"""A lone customer's offices that also bill a product it never bought are one question.

``recon.engine.family_wider``: the vendor sells "Brooks Brothers Srveying" 10 E3, 15 Basic,
6 Standard and 8 EXO; the PSA bills them as "Brooks Brothers Surveying" and "Brooks Property
Services", which also bills 13 Windows E3 the customer never bought (the bigsites 20,000
pair). The Windows line kept the subsidiary out of the weighing and every line was a gap on
both sides. Weighed on the customer's products, the sums agree: one question, the Windows
line left the family's own gap.
"""

from __future__ import annotations

from typing import Any

from recon.engine.family_questions import ask_families
from recon.model import Gap, GapKind
from tests.recon.family_gaps import sided as _gap

CUSTOMER = "Brooks Brothers Srveying"
SURVEYING, PROPERTY = "Brooks Brothers Surveying", "Brooks Property Services"
BOUGHT = [("e3", 10), ("basic", 15), ("standard", 6), ("exo", 8)]
BILLED = [
    (SURVEYING, "e3", 6),
    (SURVEYING, "standard", 6),
    (SURVEYING, "exo", 3),
    (SURVEYING, "basic", 1),
    (PROPERTY, "e3", 4),
    (PROPERTY, "exo", 5),
    (PROPERTY, "basic", 14),
    (PROPERTY, "windows", 13),
]


def _gaps(bought: list[tuple[str, int]], billed: list[tuple[str, str, int]]) -> list[Gap]:
    return [_gap(GapKind.MISSING_IN_PSA, CUSTOMER, p, q, 0) for p, q in bought] + [
        _gap(GapKind.MISSING_IN_VENDOR, c, p, 0, q) for c, p, q in billed
    ]


def _ask(gaps: list[Gap]) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers)


def test_offices_billing_one_more_product_are_one_question() -> None:
    asked = _ask(_gaps(BOUGHT, BILLED))
    (question,) = asked.questions
    assert question.vendor_clients == (CUSTOMER,)
    assert question.psa_clients == (SURVEYING, PROPERTY)
    # The product the customer never bought stays the family's own gap.
    assert [(g.client, g.product) for g in asked.gaps] == [(PROPERTY, "windows")]


def test_two_exact_sums_with_a_foreign_product_are_no_question() -> None:
    """With one more company line off, only two sums are exact: chance at scale."""
    billed = [(c, p, q + 1 if (c, p) == (PROPERTY, "basic") else q) for c, p, q in BILLED]
    billed = [(c, p, q + 2 if (c, p) == (PROPERTY, "exo") else q) for c, p, q in billed]
    asked = _ask(_gaps(BOUGHT, billed))
    assert asked.questions == ()
    assert len(asked.gaps) == len(BOUGHT) + len(billed)


def test_a_company_billing_mostly_other_products_is_another_client() -> None:
    billed = [*BILLED, (PROPERTY, "visio", 2), (PROPERTY, "copilot", 3), (PROPERTY, "duo", 1)]
    asked = _ask(_gaps(BOUGHT, billed))
    assert asked.questions == ()


def test_without_a_company_of_the_customer_s_name_nothing_is_asked() -> None:
    """ "Brooks Brothers Design" is no slip of "Brooks Brothers Surveying": a company billing
    what the customer never bought stays another client (recon.engine.family_unpaired)."""
    billed = [(c.replace("Surveying", "Design"), p, q) for c, p, q in BILLED]
    asked = _ask(_gaps(BOUGHT, billed))
    assert asked.questions == ()
