"""A licensee and the firm of a surname written a little apart (recon.match.people_near)."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.people_near import loose_firm
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names, pairs


def run(vendor: dict, psa: dict):
    return match_clients(names(*vendor), names(*psa), footprints=footprints(vendor, psa))


@pytest.mark.parametrize(
    ("firm", "licensee"),
    [
        ("Hoffmaan Optometry PC", "Dr. Robert Hoffman, O.D."),  # a letter doubled
        ("Chmabers Law L.L.C.", "Law Office of D. Chambers"),  # two letters swapped
        ("Sutton Accounting LP", "John Stuton CPA"),  # untitled, surname first or last
        ("Shady Gate Law PC", "Law Office of D. ShadyGate"),  # a two-word surname run together
        ("Bishop Opotmetry", "John Bishop OD"),  # the firm word with a typo
        ("CONLEY DNTL", "Mary Conley DDS"),  # the firm word written short
        ("Choi Ortho", "Linda Choi DDS"),
        ("HANCOCKPEDIATRICS", "Susan Hancock MD"),  # the firm word run together
    ],
)
def test_a_licensee_pairs_with_the_firm_of_a_surname_written_a_little_apart(
    firm: str, licensee: str
) -> None:
    assert pairs(run({firm: SHARED}, {licensee: SHARED})) == {firm: licensee}


def test_a_firm_of_the_very_surname_unpaired_beside_it_is_a_twin() -> None:
    result = run(
        {"Hoffmaan Optometry PC": SHARED, "Hoffman Optometry": OTHER},
        {"Dr. Robert Hoffman, O.D.": SHARED},
    )
    assert "Hoffmaan Optometry PC" not in pairs(result)


def test_a_licensee_and_a_near_firm_whose_lines_do_not_agree_stay_apart() -> None:
    assert pairs(run({"Hoffmaan Optometry PC": OTHER}, {"Dr. Robert Hoffman, O.D.": SHARED})) == {}


def test_two_surnames_the_population_writes_are_two_people() -> None:
    # "Hansen" and "Hanson" are both written by other clients: no typo of each other.
    others = {
        "Hansen Bakery": [("cat:d", 3)],
        "Hansen Florist": [("cat:d", 5)],
        "Hanson Plumbing": [("cat:d", 6)],
        "Hanson Motors": [("cat:d", 8)],
    }
    result = run({"Hanson Law": SHARED, **others}, {"Law Office of D. Hansen": SHARED, **others})
    assert "Hanson Law" not in pairs(result)


def test_a_firm_near_two_licensees_pairs_with_neither() -> None:
    result = run(
        {"Hoffmaan Optometry PC": SHARED},
        {"Dr. Robert Hoffman, O.D.": SHARED, "Dr. Susan Hoffmann, O.D.": OTHER},
    )
    assert "Hoffmaan Optometry PC" not in pairs(result)


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("Tucker Chiropracric", (("tucker",), frozenset({"chiropractic"}))),
        ("Larsen Dntl PLLC", (("larsen",), frozenset({"dental"}))),
        ("HoffmanOrthodontics LLP", (("hoffman",), frozenset({"dental"}))),
        ("Hoffman Optometry", None),  # written right: people.firm reads it
        ("Dent Motors", None),  # no firm word after the surname
        ("Olsen Vet Clinic", None),
    ],
)
def test_a_firm_word_written_loosely_is_read(name: str, reading: object) -> None:
    assert loose_firm(name) == reading


def test_a_loosely_written_firm_beside_a_firm_written_right_is_a_twin() -> None:
    result = run(
        {"Choi Ortho": SHARED, "Choi Dental": OTHER},
        {"Linda Choi DDS": SHARED},
    )
    assert "Choi Ortho" not in pairs(result)
