"""Leftover clients whose names write the leading words as initials (issue 11, client names).

"PT Hosp." for "Pacific Terrace Hospitality Corp.", "WB Company" for "Wyatt Brewing Company
L.P.": the initials are too short for the stacked reading (six letters or more) and one common
line ("Business Premium x 101") weighs too little for the lines alone, so the run listed the
client twice, once at each name. Read as initials with the rest of the name agreeing
(:mod:`recon.match.initials`), the pair is one review question, never two lists of gaps, and
never merged. Each test fails when its rule or guard is removed.
"""

from __future__ import annotations

import pytest

from recon.match import ClientMatching
from recon.match.client_evidence import Footprints
from recon.match.initials import initials_of
from recon.match.leftovers import ask_leftovers
from recon.normalize import client_key
from tests.recon.match.test_clients import lines, names

LINES = list[tuple[str, int]]
BP_KEY, PBI_KEY, E3_KEY = "cat:bp", "cat:pbi", "cat:e3"
COMMON = [(BP_KEY, 101)]  # ten fillers hold it too: the lines alone never ask


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("QH Hosp.", "Quillon Harbor Hospitality Corp."),  # initials and a short form
        ("OP Company", "Ostrander Prewitt Company L.P."),  # initials, the legal form only
        ("op company", "Ostrander Prewitt Company"),  # written in lower case
        ("QM Assc", "Quillon Mortgage Associates"),  # an organisation word written short
        ("QO Group LLP", "Quillon Orchards"),  # an organisation word on one side only
        ("The Quillon Lantern Pediatrics P.L.L.C.", "QL Ped. - Admin"),  # an office label
        ("qv veterinary clinic lp", "QUILLONVIEW VET. CLINIC LP"),  # a compound's two parts
    ],
)
def test_leading_words_written_as_initials_read_as_one(vendor: str, psa: str) -> None:
    assert initials_of(vendor, psa)
    assert initials_of(psa, vendor)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("QH Hosp.", "Quillon Harbor Holdings"),  # "Holdings" is no "Hosp"
        ("OP Dental", "Ostrander Prewitt Dental Lab"),  # a plain word more
        ("QH Dental", "Harbor Quillon Dental"),  # the letters out of order
        ("Q Dental", "Quillon Dental"),  # one letter is an initial, not a name
        ("QG Dental", "Quillon Group Dental"),  # "Group" is never initialled away
        ("Q2 Dental", "Quillon 2 Dental"),  # a number is no initial
        ("QH Hosp. - Tampa", "Quillon Harbor Hospitality (Omaha)"),  # two sites
        ("QH Pe Dental", "Quillon Harbor Pediatric Dental"),  # two letters say no word
        ("QV Company", "Quillonview Company"),  # a compound's initials need more name
        ("QV Dental", "Quvillon Dental"),  # a part of two letters is no word
        ("QN Dental", "Quillon Dental"),  # nor is one letter at the end
    ],
)
def test_initials_with_the_rest_apart_do_not_read_as_one(vendor: str, psa: str) -> None:
    assert not initials_of(vendor, psa)


def _ask(vendor: str, psa: list[str], vendor_lines: LINES, psa_lines: LINES) -> ClientMatching:
    """Ask about the leftovers: ``vendor`` and each of ``psa`` unmatched, ten fillers holding
    the vendor's lines too (the lines weigh too little to ask on alone)."""
    fillers = [f"Filler {n} Holdings" for n in range(40)]
    held = {vendor: vendor_lines} | dict.fromkeys(fillers[:10], vendor_lines)
    products = [BP_KEY, PBI_KEY, E3_KEY]
    prints = Footprints(lines(held), lines(dict.fromkeys(psa, psa_lines)), products)
    unmatched_psa = tuple(client_key(p) for p in psa)
    matching = ClientMatching((), (), {}, frozenset(), (client_key(vendor),), unmatched_psa)
    return ask_leftovers(matching, names(vendor, *fillers), names(*psa), prints)


def test_initials_on_one_common_line_are_one_question() -> None:
    vendor, psa = "QH Company", "Quillon Harbor Company L.P."
    result = _ask(vendor, [psa, "Marlow Tide Bakery"], COMMON, COMMON)
    (item,) = result.review
    assert item.vendor_client == vendor
    assert [c.psa_client for c in item.candidates] == [psa]
    assert "leading words as initials" in item.candidates[0].note
    # Asked, never merged.
    assert result.matches == ()
    assert result.unmatched_vendor == ()


def test_a_second_leftover_with_those_initials_leaves_the_pair_unasked() -> None:
    vendor, psa = "QH Company", "Quillon Harbor Company L.P."
    rival = "Quentin Hill Company"
    result = _ask(vendor, [psa, rival], COMMON, COMMON)
    assert result.review == ()


def test_initials_whose_lines_differ_are_not_asked() -> None:
    vendor, psa = "QH Company", "Quillon Harbor Company L.P."
    # They meet on one line; two other products' seats differ: two clients' lines.
    vendor_lines = [*COMMON, (PBI_KEY, 7), (E3_KEY, 5)]
    result = _ask(vendor, [psa], vendor_lines, [*COMMON, (PBI_KEY, 30), (E3_KEY, 12)])
    assert result.review == ()
