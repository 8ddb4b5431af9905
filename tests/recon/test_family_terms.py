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


def test_a_parent_short_on_two_terms_is_short_of_the_products_total() -> None:
    # The department's seats fill the annual and monthly shortfalls together (2 + 1): which
    # term they sit on is the family's own split, not another client's line.
    gaps = [
        short("Acme Holdings", "exo~12", 3, 1),
        short("Acme Holdings", "exo~1", 4, 3),
        lone(LAB, "exo", 3),
    ]
    result = ask_families(gaps, lone_psa={LAB}, lone_vendor=())
    (question,) = result.questions
    (line,) = question.lines
    assert (line.vendor_seats, line.billed) == (
        (("Acme Holdings", 7),),
        (("Acme Holdings", 4), (LAB, 3)),
    )
    # exact on the total: both term gaps and the department's line wait on the answer
    assert result.gaps == ()


def test_a_yes_on_two_terms_implies_one_gap_on_the_total() -> None:
    gaps = [
        short("Acme Holdings", "exo~12", 5, 1),
        short("Acme Holdings", "exo~1", 4, 3),
        lone(LAB, "exo", 3),
    ]
    result = ask_families(gaps, lone_psa={LAB}, lone_vendor=())
    (implied,) = result.gaps
    assert (implied.product_key, implied.kind) == ("exo", GapKind.QUANTITY_MISMATCH)
    assert (implied.vendor_qty, implied.psa_qty, implied.seat_delta) == (9, 7, 2)
    assert implied.rests_on is not None and "family question" in implied.rests_on


def test_a_subsidiary_fills_a_parent_short_on_both_terms() -> None:
    # "Alvarado Staffing" bills Project Plan 5 on its own agreement (14 annual + 3 monthly,
    # compared as 17) beside its share of two other products; the parent's company bills
    # 7 of 21 annual and 10 of 13 monthly seats.
    parent, sub = "Alvarado Heating and Air", "Alvarado Staffing"
    gaps = [
        short(parent, "pp5~12", 21, 7),
        short(parent, "pp5~1", 13, 10),
        short(parent, "bb", 13, 8),
        short(parent, "bs", 20, 15),
        lone(sub, "pp5", 17),
        lone(sub, "bb", 5),
        lone(sub, "bs", 5),
    ]
    result = ask_families(gaps, lone_psa={sub}, lone_vendor=())
    (question,) = result.questions
    pp5 = question.lines[-1]
    assert (pp5.vendor_seats, pp5.billed) == (((parent, 34),), ((parent, 17), (sub, 17)))
    assert result.gaps == ()


def test_a_parent_over_on_one_term_is_not_read() -> None:
    # Billed one seat over on the monthly term, short on the annual: the product's total
    # shortfall is not the annual one, and which the department fills the files cannot tell.
    gaps = [
        short("Acme Holdings", "exo~12", 3, 1),
        short("Acme Holdings", "exo~1", 2, 3),
        lone(LAB, "exo", 2),
    ]
    result = ask_families(gaps, lone_psa={LAB}, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)
