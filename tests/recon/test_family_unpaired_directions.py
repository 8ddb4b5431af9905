"""Offices named with a bare "No" for North are weighed against the customer they bill.

``recon.engine.family_unpaired`` weighs lone PSA companies against a lone vendor customer only
when their names begin with the same key word. The PSA bills "North Meadows Technologies" as
three offices, "The No Meaadows Technologies Dayton", "... Irvine" and "... Phoenix" (a bare
"No", the everyday short form of North, and a doubled letter): "no" is not "north", so the
offices were never weighed and every line was a gap on both sides (the sites3 dev pair, 6
false gaps). For weighing only, a bare two-letter direction is read as the direction; the
summed seats still decide, and the outcome is a question.
"""

from __future__ import annotations

from typing import Any

import pytest

from recon.engine.family_questions import ask_families
from recon.model import Gap, GapKind
from tests.recon.family_gaps import sided as _gap

CUSTOMER = "North Meadows Technologies"


def _family(office: str) -> list[Gap]:
    """The customer bought 2 E3, 4 EXO and 3 Basic; each office bills one of them."""
    bought = [("e3", 2), ("exo", 4), ("basic", 3)]
    billed = [("Dayton", "e3", 2), ("Irvine", "exo", 4), ("Phoenix", "basic", 3)]
    return [_gap(GapKind.MISSING_IN_PSA, CUSTOMER, p, q, 0) for p, q in bought] + [
        _gap(GapKind.MISSING_IN_VENDOR, f"{office} {site}", p, 0, q) for site, p, q in billed
    ]


def _ask(gaps: list[Gap]) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers)


def test_offices_named_with_a_bare_no_for_north_are_one_question() -> None:
    asked = _ask(_family("The No Meaadows Technologies"))
    (question,) = asked.questions
    assert question.vendor_clients == (CUSTOMER,)
    assert len(question.psa_clients) == 3
    assert asked.gaps == ()  # the summed seats are the bought ones


@pytest.mark.parametrize("office", ["Nob Meadows Technologies", "Novak Technologies"])
def test_another_first_word_is_not_read_as_a_direction(office: str) -> None:
    asked = _ask(_family(office))
    assert asked.questions == ()
    assert len(asked.gaps) == 6
