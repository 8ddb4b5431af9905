"""A subsidiary billing its parent's shortfall, one line under the text its parent bills too.

The vendor bills "The Birch HarborCommunity Center PLLC"; the PSA bills it as "Birch Harbor
Community Center - Albany" (a review question) and "Birch Staffing" (a subsidiary keeping the
brand), each with Exchange Online (Plan 1) and "File Sharing (Egnyte)", a text a mapping
question asks about at both. Staffing's Egnyte seat fills the parent's one-seat shortfall
exactly under that same text, and its 2 Exchange seats fill 2 of the 3 short: one family
question (recon.engine.family_same_texts), the one Exchange seat left the family's gap. Its
Egnyte line used to be set aside and its Exchange line alone fitted nothing: the dev pair
sites11 pax8subs-autotask c85 showed both of Staffing's lines "billed, not bought" and the
Exchange gap at 3. Nothing is merged.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side
from tests.recon.conftest import make_lines

CUSTOMER = "The Birch HarborCommunity Center PLLC"
SITE = "Birch Harbor Community Center - Albany"
STAFFING = "Birch Staffing"
EXO = "Exchange Online (Plan 1)"
EGNYTE_TEXT = "File Sharing (Egnyte)"
OTHERS = [
    ("Harbor Dental", "Microsoft 365 Business Premium", 5),
    ("Quill Legal", "Microsoft 365 Business Standard", 7),
    ("Tern Logistics", "Egnyte Business", 3),
]


def _run(staffing: str = STAFFING) -> ReconResult:
    vendor = make_lines(
        Side.VENDOR,
        [
            (CUSTOMER, EXO, 8, "3.38"),
            (CUSTOMER, "Egnyte Business", 5, "17.41"),
            (CUSTOMER, "Microsoft Intune Plan 1", 8, "7.06"),
        ]
        + [(c, p, n, "20.00") for c, p, n in OTHERS],
    )
    psa = make_lines(
        Side.PSA,
        [
            (SITE, EXO, 5, "5.36"),
            (SITE, EGNYTE_TEXT, 4, "22.28"),
            (staffing, EXO, 2, "5.36"),
            (staffing, EGNYTE_TEXT, 1, "22.28"),
        ]
        + [(c, p, n, "25.00") for c, p, n in OTHERS],
    )
    return reconcile(vendor, psa)


def test_a_company_filling_a_shortfall_under_the_parents_text_is_one_question() -> None:
    result = _run()
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    assert all(m.vendor_client != CUSTOMER for m in result.matches)
    (question,) = result.family_questions
    assert question.psa_clients == (SITE, STAFFING)
    assert not any(g.psa_client == STAFFING for g in result.gaps)
    (exchange,) = [g for g in result.gaps if g.product == EXO]
    assert (exchange.kind, exchange.vendor_qty, exchange.psa_qty) == (
        GapKind.QUANTITY_MISMATCH,
        Decimal(8),
        Decimal(7),
    )
    assert exchange.rests_on is not None and STAFFING in exchange.rests_on


@pytest.mark.parametrize("other", ["Apex Staffing", "Harbor Staffing"])
def test_a_company_under_another_brand_is_not_asked_about(other: str) -> None:
    # One exact line (a single Egnyte seat) is no evidence without the parent's brand.
    result = _run(other)
    assert not any(other in q.psa_clients for q in result.family_questions)
    assert any(g.psa_client == other and g.kind is GapKind.MISSING_IN_VENDOR for g in result.gaps)
