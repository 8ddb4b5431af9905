"""A fit under names beginning alike outranks a fit on seats alone (``family_fits.unique``).

At 20,000 clients "Red Imaging" bills one seat each of Business Basic and Standard, exactly
what its parent "Red Springs Realty" leaves short, and exactly what an unrelated "Cameron
Falls Motors" leaves short too. Two fits made the company ambiguous, so neither was asked,
and the second fit also took "Cameron Transport" (Cameron Falls Motors' own subsidiary) out
of its question: 6 false gaps on the site families' 20,000 pair. The brand a subsidiary keeps
ranks its fit first, as a parent's whole name already did.
"""

from __future__ import annotations

from recon.engine.family_questions import ask_families
from recon.model import GapKind
from tests.recon.test_family_questions import _gap, _lone

RED, CAMERON = "Red Springs Realty", "Cameron Falls Motors"


def _parents() -> list:
    return [
        _gap(GapKind.MISSING_IN_PSA, RED, "bb", 1, 0),
        _gap(GapKind.MISSING_IN_PSA, RED, "bs", 1, 0),
        _gap(GapKind.MISSING_IN_PSA, CAMERON, "bb", 1, 0),
        _gap(GapKind.MISSING_IN_PSA, CAMERON, "bs", 1, 0),
    ]


def test_the_fit_under_the_parents_first_word_is_asked_about() -> None:
    gaps = [*_parents(), _lone("Red Imaging", "bb", 1), _lone("Red Imaging", "bs", 1)]
    asked = ask_families(gaps, lone_psa={"Red Imaging"}, lone_vendor=())
    (question,) = asked.questions
    assert question.psa_clients == (RED, "Red Imaging")
    # Cameron Falls Motors' shortfall stays its own
    assert {g.client for g in asked.gaps} == {CAMERON}


def test_each_subsidiary_is_asked_about_under_its_own_brand() -> None:
    gaps = [
        *_parents(),
        _lone("Red Imaging", "bb", 1),
        _lone("Red Imaging", "bs", 1),
        _lone("Cameron Transport", "bb", 1),
        _lone("Cameron Transport", "bs", 1),
    ]
    asked = ask_families(gaps, lone_psa={"Red Imaging", "Cameron Transport"}, lone_vendor=())
    assert sorted(q.psa_clients for q in asked.questions) == [
        (CAMERON, "Cameron Transport"),
        (RED, "Red Imaging"),
    ]
    assert asked.gaps == ()


def test_two_fits_on_seats_alone_still_make_a_company_ambiguous() -> None:
    gaps = [*_parents(), _lone("Harper Imaging", "bb", 1), _lone("Harper Imaging", "bs", 1)]
    asked = ask_families(gaps, lone_psa={"Harper Imaging"}, lone_vendor=())
    assert asked.questions == ()
