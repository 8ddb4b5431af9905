"""Offices and tenants whose brand word carries a typing slip are weighed with their family.

``recon.engine.family_unpaired`` and ``recon.engine.family_tenants`` weigh lone companies
against a lone customer (or the reverse) only where their names begin with the same key
word, the brand the offices of one organisation keep. The PSA bills "Brady Services" as
"Brrady Services" and "Brrady Services - HR Department" (a doubled letter in the first
word, the bigsites 20,000 dev pair): "brrady" is not "brady", so the companies were never
weighed and every line was a gap on both sides. A first word one typing slip apart
(Damerau's four kinds, the first letter kept) joins the group where the word's own group
fits nothing; the summed seats still decide, and the outcome is a question.
"""

from __future__ import annotations

from typing import Any

import pytest

from recon.engine.family_questions import ask_families
from recon.match.name_typos import SlipIndex
from recon.model import Gap, GapKind
from tests.recon.family_gaps import sided as _gap

CUSTOMER = "Brady Services"


def _offices(brand: str) -> list[Gap]:
    """The customer bought 6 E3, 4 EXO and 3 Basic; two companies bill them between them."""
    bought = [("e3", 6), ("exo", 4), ("basic", 3)]
    billed = [
        ("", "e3", 6),
        ("", "exo", 1),
        (" - HR Department", "exo", 3),
        (" - HR Department", "basic", 3),
    ]
    return [_gap(GapKind.MISSING_IN_PSA, CUSTOMER, p, q, 0) for p, q in bought] + [
        _gap(GapKind.MISSING_IN_VENDOR, f"{brand} Services{site}", p, 0, q) for site, p, q in billed
    ]


def _tenants(brand: str) -> list[Gap]:
    """The PSA company "Bishop Ridge Architects" bills 12 BP, 5 EXO and 3 Visio; the vendor's
    two tenants, typed ``brand`` ..., hold them between them."""
    main = f"{brand} Ridge Architects"
    second = f"{main} - Denver Tenant"
    billed = [("bp", 12), ("exo", 5), ("visio", 3)]
    bought = [(main, "bp", 8), (main, "exo", 5), (second, "bp", 4), (second, "visio", 3)]
    return [
        _gap(GapKind.MISSING_IN_VENDOR, "Bishop Ridge Architects", p, 0, q) for p, q in billed
    ] + [_gap(GapKind.MISSING_IN_PSA, c, p, q, 0) for c, p, q in bought]


def _ask(gaps: list[Gap]) -> Any:
    companies = {g.psa_client for g in gaps if g.psa_client}
    customers = {g.vendor_client for g in gaps if g.vendor_client}
    return ask_families(gaps, lone_psa=companies, lone_vendor=customers)


@pytest.mark.parametrize(
    "brand",
    [
        "Brrady",  # a letter doubled
        "Bardy",  # two neighbours swapped
        "Brasy",  # a key beside the one meant
    ],
)
def test_offices_typing_the_brand_with_a_slip_are_one_question(brand: str) -> None:
    asked = _ask(_offices(brand))
    (question,) = asked.questions
    assert question.vendor_clients == (CUSTOMER,)
    assert question.psa_clients == (f"{brand} Services", f"{brand} Services - HR Department")
    assert asked.gaps == ()  # the summed seats are the bought ones


@pytest.mark.parametrize(
    "brand",
    [
        "Grady",  # the first letter: another name, not a slip
        "Broadly",  # two edits: another word
    ],
)
def test_offices_under_another_brand_are_not_asked_about(brand: str) -> None:
    asked = _ask(_offices(brand))
    assert asked.questions == ()
    assert len(asked.gaps) == 7  # every line stays a gap on its side


@pytest.mark.parametrize("brand", ["Bshop", "Bihsop"])
def test_tenants_typing_the_brand_with_a_slip_are_one_question(brand: str) -> None:
    asked = _ask(_tenants(brand))
    (question,) = asked.questions
    assert question.psa_clients == ("Bishop Ridge Architects",)
    assert question.vendor_clients == (
        f"{brand} Ridge Architects",
        f"{brand} Ridge Architects - Denver Tenant",
    )
    assert asked.gaps == ()


def test_the_word_s_own_group_is_weighed_first() -> None:
    """Offices under the exact brand that fit are the question; a look-alike brand's lone
    company billing the same products is not pulled in beside them."""
    gaps = _offices("Brady")
    gaps.append(_gap(GapKind.MISSING_IN_VENDOR, "Brody Services", "e3", 0, 6))
    asked = _ask(gaps)
    (question,) = asked.questions
    assert question.psa_clients == ("Brady Services", "Brady Services - HR Department")
    assert [g.client for g in asked.gaps] == ["Brody Services"]


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("brady", {"brrady"}),  # a letter doubled
        ("noble", {"nible"}),  # a key beside the one meant
        ("kriby", {"kirby"}),  # two neighbours swapped
        ("bishop", {"bshop"}),  # a letter dropped
        ("ross", set()),  # short words one edit apart are often two names
        ("krby", set()),
        ("wirby", set()),  # the first letter is rarely the one mistyped
    ],
)
def test_slip_index_finds_words_one_slip_apart(word: str, found: set[str]) -> None:
    index = SlipIndex(["brrady", "nible", "kirby", "bshop", "rossi", "brady"])
    assert index.near(word) == found
