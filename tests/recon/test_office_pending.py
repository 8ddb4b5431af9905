"""A named office's line on a mapping question its parent shows nothing of stays its own gap.

``recon.engine.office_pending``: "...: Fresno Office", with no vendor customer, fills what
its sibling "...: Madison Office" leaves short of the customer's licences, exactly on five
products. It also bills its share of the customer's Huntress seats under a text a mapping
question asks about, where the parent shows no line (its vendor line waits on that answer).
That one line used to leave the office unasked, and its five exact lines showed twice.
"""

from __future__ import annotations

import dataclasses

from recon.engine.family_questions import ask_families
from recon.model import PENDING_WORDS, Gap
from tests.recon.family_gaps import lone, short

MADISON = "Iron Ridge Family Dentistry: Madison Office"
FRESNO = "Iron Ridge Family Dentistry: Fresno Office"
#: product -> (seats bought, billed at Madison, billed at Fresno)
SEATS = {"bp": (158, 3, 155), "bs": (72, 30, 42), "e3": (95, 93, 2), "e1": (80, 55, 25)}


def _pending(company: str, product: str, seats: int) -> Gap:
    """A lone company's line compared as ``product`` pending a mapping question."""
    line = lone(company, product, seats)
    return dataclasses.replace(line, rests_on=f"{PENDING_WORDS} 'Huntress M365' = 'ITDR'")


def _gaps(products: dict[str, tuple[int, int, int]]) -> list[Gap]:
    return [
        *(short(MADISON, p, whole, mine) for p, (whole, mine, _) in products.items()),
        *(lone(FRESNO, p, theirs) for p, (_, _, theirs) in products.items()),
        _pending(FRESNO, "itdr", 122),
    ]


def test_the_office_is_asked_about_on_its_exact_lines_its_pending_line_its_own() -> None:
    result = ask_families(_gaps(SEATS), lone_psa={FRESNO}, lone_vendor=())
    (question,) = result.questions
    assert question.psa_clients == (MADISON, FRESNO)
    assert {line.product for line in question.lines} == set(SEATS)
    # the pending line is still shown, on its own question
    (mine,) = [g for g in result.gaps if g.product_key == "itdr"]
    assert mine.psa_client == FRESNO and mine.rests_on is not None


def test_one_exact_line_is_too_little_to_leave_the_pending_line_aside() -> None:
    one = {"bp": SEATS["bp"]}
    result = ask_families(_gaps(one), lone_psa={FRESNO}, lone_vendor=())
    assert result.questions == ()
