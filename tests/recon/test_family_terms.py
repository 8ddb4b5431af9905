"""A department's line on a product its parent's files split per term still fills the parent.

``recon.engine.family_terms``: where both files bill a product on two terms
at the parent, each term is compared on its own ("Exchange Online (Plan 1) (annual term)",
product key ``exo~12``), while the department opened as its own PSA company bills it on one
term and is compared on the product (``exo``). Its line filling the annual shortfall found no
parent short of that product: a question on its other lines left it as two false gaps.
"""

from __future__ import annotations

from recon.engine.family_questions import ask_families
from recon.model import GapKind
from tests.recon.family_gaps import lone, short

LAB = "Acme Holdings Lab"


def test_a_department_fills_its_parents_shortfall_on_one_term() -> None:
    gaps = [short("Acme Holdings", "exo~12", 3, 1), lone(LAB, "exo", 2)]
    result = ask_families(gaps, lone_psa={LAB}, lone_vendor=())
    (question,) = result.questions
    assert question.psa_clients == ("Acme Holdings", LAB)
    # exact: the parent's annual shortfall and the department's line both wait on it
    assert result.gaps == ()


def test_the_gap_a_yes_implies_is_the_parents_term_gap() -> None:
    gaps = [short("Acme Holdings", "exo~12", 5, 1), lone(LAB, "exo", 3)]
    result = ask_families(gaps, lone_psa={LAB}, lone_vendor=())
    (implied,) = result.gaps
    assert (implied.product_key, implied.kind) == ("exo~12", GapKind.QUANTITY_MISMATCH)
    assert (implied.vendor_qty, implied.psa_qty) == (5, 4)


def test_a_parent_short_on_two_terms_of_the_product_is_not_read() -> None:
    # Which term the department's seats fill, the files cannot tell.
    gaps = [
        short("Acme Holdings", "exo~12", 3, 1),
        short("Acme Holdings", "exo~1", 4, 2),
        lone(LAB, "exo", 2),
    ]
    result = ask_families(gaps, lone_psa={LAB}, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)
