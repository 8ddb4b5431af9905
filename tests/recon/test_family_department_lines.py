"""A department under its parent's name and a label, billing mostly its own products.

``recon.engine.family_fits`` (``_department_exact``): "Zimmerman Technologies - Accounting
Dept" bills the 16 SharePoint seats its parent buys and does not bill, and two products of
its own the vendor file does not sell it. A company named after its parent was weighed only
where the parent lacked at least half of its products, so on the site families' 20,000 pair
the SharePoint showed twice ("missing in PSA" at the parent, "missing in vendor" at the
department). (In a small file the name rule sums such a department outright, so the family
step is driven here on the comparison's gaps, as at scale.)
"""

from __future__ import annotations

import pytest

from recon.engine.family_questions import ask_families
from tests.recon.family_gaps import lone, short

PARENT, DEPT = "Zimmerman Technologies", "Zimmerman Technologies - Accounting Dept"


def _gaps(company: str, sharepoint: int) -> list:
    """The parent short of 16 SharePoint seats; ``company`` billing ``sharepoint`` of them
    and two products of its own."""
    return [
        short(PARENT, "sharepoint", 16, 0),
        lone(company, "sharepoint", sharepoint),
        lone(company, "exchange", 14),
        lone(company, "keeper", 1),
    ]


def test_a_department_filling_one_shortfall_exactly_is_asked_about_on_that_line() -> None:
    asked = ask_families(_gaps(DEPT, 16), lone_psa={DEPT}, lone_vendor=())
    (question,) = asked.questions
    assert question.psa_clients == (PARENT, DEPT)
    assert [line.product for line in question.lines] == ["sharepoint"]
    # its own products stay its own "billed, not bought" gaps; the SharePoint waits
    assert sorted((g.client, g.product) for g in asked.gaps) == [
        (DEPT, "exchange"),
        (DEPT, "keeper"),
    ]


@pytest.mark.parametrize(
    ("company", "sharepoint"),
    [
        (DEPT, 15),  # near, not exact: with most lines its own, a near line is no evidence
        ("Zimmerman Technologies Realty Group", 16),  # words of its own: maybe a business
    ],
    ids=["near-seats", "no-label"],
)
def test_a_company_mostly_of_its_own_lines_needs_a_label_and_exact_seats(
    company: str, sharepoint: int
) -> None:
    gaps = _gaps(company, sharepoint)
    asked = ask_families(gaps, lone_psa={company}, lone_vendor=())
    assert asked.questions == ()
    assert asked.gaps == tuple(gaps)
