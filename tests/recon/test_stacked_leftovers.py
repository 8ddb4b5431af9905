"""Leftover clients whose names differ by several things at once (issue 11, client names).

"Ostrander Park Fabrication" / "OParkFabrication": an initial *and* words run together, each a
rule's reading alone, together leave the names "a whole word apart", and one common line
("Business Premium x 101", held by another client too) weighs too little for the lines alone.
Read letter by letter (:mod:`recon.match.stacked_names`), the names are one name shortened;
with their lines agreeing, the pair is one review question, never two lists of gaps, and never
merged. Each test fails when its rule or guard is removed.
"""

from __future__ import annotations

import pytest

from recon.match import ClientMatching
from recon.match.client_evidence import Footprints
from recon.match.leftovers import ask_leftovers, summed_overlap
from recon.match.stacked_names import licensee_of, read_as_one
from recon.model import GapKind
from recon.normalize import client_key
from tests.recon.match.test_clients import lines, names
from tests.recon.meadows_pair import BP, PBI, VISIO, rows
from tests.recon.test_leftover_clients import _one_sided, _run

COMMON = [(BP, 101)]  # a filler holds it too: the lines alone never ask


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Quillon Harbor Partners", "QuillonHbr Ptnrs"),  # short forms, run together
        ("Ostrander Park Fabrication", "OParkFabrication"),  # an initial in a company id
        ("Ostrander Crossing Assoc", "Ostrander Crrossing Assc"),  # a typo and a short form
        ("Lindqvist Woods Community Church", "LW Comm. Church"),  # initials and a short form
        ("Quillon Mortgage LP", "Quillon Mortgageservices"),  # run together, an org word
        ("Ostrander Insurance Agency", "OstranderInsuranceAgencySe"),  # an id cut at 25
        ("Prewitt Medical Associates", "Prewit Medical"),  # a typo, an org word dropped
        ("Ostrander Heights Family Dentistry", "OstranderHei"),  # an id cutting its tail
        ("TheQuillon Group Inc t/a TheQuillon Florist", "Quillon Florist"),  # a trade name
        # A typo, and a site label read apart before the letters: "Spokane" is never read
        # from the last "s" of "Architects" (the guard below would refuse that reading).
        ("Nichols Architects PA", "Nochols Architects PA - Spokane"),
        ("Quillon Ped.", "Quillon Pediatrics (Omaha)"),  # a short form, a site in brackets
        # A department's PSA company, its office word run into the name's last word.
        ("Quillon Bend Capital Partners P.A.", "Quillon Bend Capital PartnersAdmin"),
    ],
)
def test_names_read_as_one_with_differences_stacked(vendor: str, psa: str) -> None:
    assert read_as_one(vendor, psa)
    assert read_as_one(psa, vendor)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Route 66 Diner Group", "Route 6 Diner Group"),  # a number is read whole
        ("Ostrander Park Fabrication", "OParkFabrication II"),  # a numbered twin
        ("OParkFabrication", "The Ostrander Park Fabrication II"),  # never cut by an id
        ("Reid Dental Care", "Reed Dental Care"),  # a typo only in a word of five letters
        ("Marsh Plumbing", "Marsh Plumbing Supply"),  # a plain word more: a near twin
        ("Hale Bakery", "Hale Bakers"),  # a letter for a letter at the end of a word
        ("AKPT", "Alder Knoll Physical Therapy"),  # four initials fit too many names
        ("Smith Dental", "Smith Dental Lab"),  # "dental"'s last letter is no "Lab"
        # Two sites, one on each side: two places, the near-twin guard's two clients.
        ("Quillon Hospice Co. - TX", "Quillon  Hospice Co. - Raleigh"),
        ("Quillon Ped. - Tampa", "Quillon Pediatrics (Omaha)"),
    ],
)
def test_names_a_number_or_a_word_apart_do_not_read_as_one(vendor: str, psa: str) -> None:
    assert not read_as_one(vendor, psa)


def test_a_stacked_name_pair_on_one_common_line_is_one_question() -> None:
    vendor, psa = "Ostrander Park Fabrication", "OParkFabrication"
    result = _run(rows(vendor, COMMON, "22"), rows(psa, COMMON, "30"))
    (item,) = result.review
    assert item.vendor_client == vendor
    assert [c.psa_client for c in item.candidates] == [psa]
    assert "the names read as one" in item.candidates[0].note
    # Asked, never merged, and no gap of one side only at either name.
    assert all(m.vendor_client != vendor for m in result.matches)
    assert _one_sided(result) == set()


def test_a_second_leftover_reading_as_one_leaves_the_pair_unasked() -> None:
    vendor, psa = "Ostrander Park Fabrication", "OParkFabrication"
    rival = "OPkFabrication"
    result = _run(
        rows(vendor, COMMON, "22"), [*rows(psa, COMMON, "30"), *rows(rival, COMMON, "30")]
    )
    assert all(r.vendor_client != vendor for r in result.review)
    assert (vendor, GapKind.MISSING_IN_PSA) in _one_sided(result)


@pytest.mark.parametrize(
    "site", ["Ostrander Park Fabrication (Dayton)", "Ostrander Park Fabrication - Main Office"]
)
def test_a_head_office_and_its_site_reading_as_one_ask_about_the_head_office(site: str) -> None:
    # One client bought as two tenants, one per office: both read as the PSA's one company.
    # The office without a label is asked about; the site keeps its gaps, as before.
    vendor, psa = "Ostrander Park Fabrication", "OParkFabrication"
    result = _run([*rows(vendor, COMMON, "22"), *rows(site, COMMON, "22")], rows(psa, COMMON, "30"))
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (vendor, psa)


def test_two_offices_each_with_a_label_leave_the_question_open() -> None:
    vendor, psa = "Ostrander Park Fabrication (Tampa)", "OParkFabrication"
    site = "Ostrander Park Fabrication (Dayton)"
    result = _run([*rows(vendor, COMMON, "22"), *rows(site, COMMON, "22")], rows(psa, COMMON, "30"))
    assert result.review == ()


@pytest.mark.parametrize(
    ("vendor_lines", "asked"),
    [
        ([("cat:a", 6), ("cat:a", 32), ("cat:b", 31), ("cat:d", 32)], True),  # 6 + 32: 38
        ([("cat:a", 6), ("cat:a", 20), ("cat:b", 31), ("cat:d", 32)], False),  # 26, not 38
        # Two subscriptions of 19 seats each: two rows, 38 (one line of 19 in a set of lines).
        ([("cat:a", 19), ("cat:a", 19), ("cat:b", 31), ("cat:d", 32)], True),
    ],
)
def test_a_product_bought_as_two_subscriptions_and_billed_as_one_line_confirms(
    vendor_lines: list[tuple[str, int]], asked: bool
) -> None:
    # Seats added mid-term on a second subscription: line by line nothing agrees; summed,
    # the product's seats are the same. The note says the seats were summed.
    vendor, psa = "Ostrander Park Fabrication", "OParkFabrication"
    fillers = [f"Filler {n} Holdings" for n in range(40)]
    # One line the same (the pair meets on it), one product in another's name on each side.
    psa_lines = [("cat:c", 32), ("cat:b", 31), ("cat:a", 38)]
    products = ["cat:a", "cat:b", "cat:c", "cat:d"]
    prints = Footprints(lines({vendor: vendor_lines}), lines({psa: psa_lines}), products)
    matching = ClientMatching((), (), {}, frozenset(), (client_key(vendor),), (client_key(psa),))
    result = ask_leftovers(matching, names(vendor, *fillers), names(psa), prints)
    assert bool(result.review) is asked
    if asked:
        (candidate,) = result.review[0].candidates
        assert candidate.psa_client == psa and "seats summed" in candidate.note
        assert result.matches == ()


def test_summed_overlap_adds_each_sides_seats_of_a_product() -> None:
    overlap = summed_overlap([("a", 6000), ("a", 32000), ("b", 3000)], [("a", 38000), ("c", 1000)])
    assert (overlap.shared, overlap.vendor_lines, overlap.psa_lines, overlap.shared_products) == (
        1,
        2,
        2,
        1,
    )
    near = summed_overlap([("a", 6000), ("a", 33000)], [("a", 38000)])
    assert (near.shared, near.near) == (0, 1)


def test_lines_that_disagree_keep_the_two_apart() -> None:
    # One line alike, but the two other products both hold are billed for other seats.
    vendor, psa = "Ostrander Park Fabrication", "OParkFabrication"
    result = _run(
        rows(vendor, [*COMMON, (VISIO, 7), (PBI, 30)], "4"),
        rows(psa, [*COMMON, (VISIO, 20), (PBI, 3)], "6"),
    )
    assert result.review == ()
    assert (vendor, GapKind.MISSING_IN_PSA) in _one_sided(result)
    assert (psa, GapKind.MISSING_IN_VENDOR) in _one_sided(result)


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("Dr. J. Quillon, M.D.", "Quillon Family Medicine", True),
        ("Mary Ostranderr DDS", "Ostrander Dental", True),  # a surname a letter off
        ("Dr. Jane Reid DDS", "Reed Dental", False),  # short surnames: two people
        ("Dr. Jane Quillon DDS", "Quillon Law", False),  # another profession
    ],
)
def test_a_licensee_reads_as_the_practice_of_the_surname(a: str, b: str, one: bool) -> None:
    assert licensee_of(a, b) is one
    assert licensee_of(b, a) is one


def test_a_licensee_among_leftovers_is_one_question() -> None:
    vendor, psa = "Dr. J. Quillon, M.D.", "Quillon Family Medicine"
    rival = "Quillon Medical Group"  # a second practice on a line of its own
    result = _run(
        rows(vendor, COMMON, "22"), [*rows(psa, COMMON, "30"), *rows(rival, [(PBI, 5)], "6")]
    )
    (item,) = result.review
    assert (item.vendor_client, item.candidates[0].psa_client) == (vendor, psa)
    assert "a licensee" in item.candidates[0].note
    assert _one_sided(result) == {(rival, GapKind.MISSING_IN_VENDOR)}
