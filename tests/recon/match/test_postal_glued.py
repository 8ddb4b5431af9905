"""A postal short form of one or two letters run into the next word ("Sterling PtFitness" for
"Sterling Point Fitness", "THEEAST PARK" beside "E. Park", USPS Publication 28): read only as
the listed form of the word the other name spells out; a plain word is never read as a short
form of two words run together."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.name_diffs import NameDiffs
from recon.match.names import DiffKind, diff_names
from recon.match.postal_forms import postal_form_of
from tests.recon.match.test_clients import footprints, names, pairs

AGREEING = [("cat:a", 7), ("cat:b", 6), ("cat:c", 12)]
OTHER = [("cat:d", 67), ("cat:e", 29)]


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Sterling Point Fitness, LP", "Sterling PtFitness LP"),
        ("Sterling PtFitness LP", "Sterling Point Fitness, LP"),
        ("Grove FtWorth Dental", "Grove Fort Worth Dental"),
        ("North Meadows Bakery", "NMeadows Bakery"),
        ("E. Park Montessori School", "THEEAST PARK MONTESSORI SCHOOL"),
        ("W. Ridge Pediatrics", "TheWest Ridge Pediatrics"),
    ],
)
def test_a_postal_short_form_run_into_a_word_reads_as_a_short_form(vendor: str, psa: str) -> None:
    for diff in (diff_names(vendor, psa), NameDiffs(lambda _word: 1).diff(vendor, psa)):
        assert diff.kind is DiffKind.SHORT_FORMS
        assert not diff.vendor_only and not diff.psa_only


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        # "Pn" is no listed form of Point, "Pnt" is no form of two letters: words apart.
        ("Sterling Point Fitness", "Sterling PnFitness"),
        # The form of another word: "Mt" is Mount, not Point.
        ("Sterling Point Fitness", "Sterling MtFitness"),
        # The glued word's own letters must follow the form whole.
        ("Sterling Point Fitness", "Sterling PtFitnes Gym"),
        # "The" glued to a direction the other name does not write short.
        ("E. Park Montessori School", "THEWEST PARK MONTESSORI SCHOOL"),
    ],
)
def test_other_glued_words_are_not_read_as_postal_forms(vendor: str, psa: str) -> None:
    assert diff_names(vendor, psa).kind >= DiffKind.EXTRA_WORD


def test_a_plain_word_is_no_short_form_of_two_words_run_together() -> None:
    # "Pines" keeps letters of "PtFitness" in order, but a contraction shortens one word.
    diff = diff_names("Sterling Pines Hardware", "Sterling PtFitness LP")
    assert diff.kind is DiffKind.DIFFERENT
    assert "PtFitness" in diff.psa_only


def test_the_glued_pair_is_matched_over_a_rival_that_needs_a_word_read_as_it() -> None:
    true, rival = "Sterling Point Fitness, LP", "Sterling Pines Hardware"
    psa = "Sterling PtFitness LP"
    prints = footprints({true: AGREEING, rival: OTHER}, {psa: AGREEING})
    result = match_clients(names(true, rival), names(psa), footprints=prints)
    assert pairs(result) == {true: psa}
    assert result.review == ()


def test_the_glued_pair_whose_lines_do_not_agree_is_asked_alone() -> None:
    true, rival = "Sterling Point Fitness, LP", "Sterling Pines Hardware"
    psa = "Sterling PtFitness LP"
    prints = footprints({true: [("cat:a", 7)], rival: OTHER}, {psa: [("cat:b", 3)]})
    result = match_clients(names(true, rival), names(psa), footprints=prints)
    assert result.matches == ()
    assert [(r.vendor_client, [c.psa_client for c in r.candidates]) for r in result.review] == [
        (true, [psa])
    ]


def test_the_east_glued_to_the_is_matched_on_agreeing_lines() -> None:
    vendor, psa = "E. Park Montessori School", "THEEAST PARK MONTESSORI SCHOOL"
    prints = footprints({vendor: AGREEING}, {psa: AGREEING, "Park Montessori School": OTHER})
    result = match_clients(names(vendor), names(psa, "Park Montessori School"), footprints=prints)
    assert pairs(result) == {vendor: psa}


@pytest.mark.parametrize(
    ("short", "word", "listed"),
    [("pt", "point", True), ("e", "east", True), ("ne", "northeast", True), ("pt", "park", False)],
)
def test_postal_forms_come_from_the_lists(short: str, word: str, listed: bool) -> None:
    assert postal_form_of(short, word) is listed


def test_a_word_with_a_dropped_word_run_on_keeps_its_short_form() -> None:
    # "BrewingCompany" is one word of the name and a legal word keys drop: "Brwg" reads it.
    diff = diff_names("Ridge BrewingCompany", "Ridge Brwg Co")
    assert diff.kind is DiffKind.SHORT_FORMS


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Burke Bros Eng. Corp.", "The Burke BrothersEngineering Corp"),
        ("Ambrose Title Company", "Ambrose TitleCo"),
        ("Landmark HavenFlooring, Corp.", "Landmark Hven Flooring"),
    ],
)
def test_a_plain_word_still_reads_one_part_of_a_glued_word(vendor: str, psa: str) -> None:
    # The short form shortens one of the glued words, never letters taken across the glue.
    assert diff_names(vendor, psa).readings
    assert diff_names(vendor, psa).kind < DiffKind.DIFFERENT
