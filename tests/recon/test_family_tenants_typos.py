"""Tenants whose names carry a typing error in the company's name are still asked about.

``recon.engine.family_tenants`` asks one question where a PSA company no vendor customer is
paired with is bought for as several tenants, and keeps only tenants whose names begin with
the company's first two words. The vendor typed "Beacon Cannyon Dental Group" (a doubled
letter) for both tenants of the PSA's "Beacon Canyon Dental Group": the two words were not
the company's, so every line of the organisation was a gap on both sides (the sites4 dev pair,
28 false gaps). A word one typing error apart of a long word counts as the same word; the
summed seats stay the evidence and the outcome stays a question.
"""

from __future__ import annotations

from typing import Any

import pytest

from recon.engine.family_questions import ask_families
from recon.match.name_typos import one_typo_apart
from recon.model import Gap, GapKind
from tests.recon.family_gaps import sided as _gap

COMPANY = "Beacon Canyon Dental Group"


def _family(main: str) -> list[Gap]:
    """The company is billed 12 BP, 5 EXO and 3 Visio; the tenants ``main`` and ``main`` -
    Raleigh Tenant hold 8 + 4 BP, 5 EXO and 3 Visio."""
    second = f"{main} - Raleigh Tenant"
    billed = [("bp", 12), ("exo", 5), ("visio", 3)]
    bought = [(main, "bp", 8), (main, "exo", 5), (second, "bp", 4), (second, "visio", 3)]
    return [_gap(GapKind.MISSING_IN_VENDOR, COMPANY, p, 0, q) for p, q in billed] + [
        _gap(GapKind.MISSING_IN_PSA, c, p, q, 0) for c, p, q in bought
    ]


def _ask(gaps: list[Gap]) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers)


@pytest.mark.parametrize(
    "main",
    [
        "Beacon Cannyon Dental Group",  # a letter doubled
        "Beacon Caynon Dental Group",  # two letters swapped
        "Beacon Canyn Dental Group",  # a letter dropped
    ],
)
def test_tenants_typing_the_company_name_a_letter_off_are_one_question(main: str) -> None:
    asked = _ask(_family(main))
    (question,) = asked.questions
    assert question.vendor_clients == (main, f"{main} - Raleigh Tenant")
    assert question.psa_clients == (COMPANY,)
    assert asked.gaps == ()  # the summed seats are the billed ones: nothing is a gap


@pytest.mark.parametrize(
    "main",
    [
        "Beacon Crayon Dental Group",  # two edits: another word
        "Beacon Rock Dental Group",  # another word altogether
    ],
)
def test_tenants_whose_second_word_is_another_word_are_not_asked_about(main: str) -> None:
    asked = _ask(_family(main))
    assert asked.questions == ()
    assert len(asked.gaps) == 7  # every line stays a gap on its side


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("cannyon", "canyon", True),
        ("caynon", "canyon", True),
        ("canyon", "canyon", False),  # the same word is no typo
        ("park", "pork", False),  # short words one edit apart are often two words
        ("crayon", "canyon", False),
        ("1234567", "1234568", False),  # numbers say which office, never a typo
    ],
)
def test_one_typo_apart_reads_one_slip_of_a_long_word_only(a: str, b: str, apart: bool) -> None:
    assert one_typo_apart(a, b) is apart
