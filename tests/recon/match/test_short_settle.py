"""A word written short merges a client whose seats changed, when both hold a product;
initials of several words, a typo, a rival or disjoint products leave it to a person."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.names import diff_names
from recon.match.overlap import Overlap
from recon.match.short_settle import settled_by_short_forms, short_forms_only
from tests.recon.match.test_clients import footprints, names, pairs

V_LINES = [("cat:a", 10)]
P_LINES = [("cat:a", 12)]


def _run(vendor: str, psa: str, v_lines=V_LINES, p_lines=P_LINES):
    prints = footprints({vendor: v_lines}, {psa: p_lines})
    return match_clients(names(vendor), names(psa), footprints=prints)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Castillo Pediatrics", "Castillo Ped."),
        ("Frost Point Trucking", "Frost Pt Trucking"),
        ("Hubbard Bluff Financial Services", "Hubbard Bluff Fncl Services"),
    ],
)
def test_a_short_form_and_a_product_in_common_merge(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert pairs(result) == {vendor: psa}


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        # Initials of a run of words: two letters name too many companies.
        ("Mesa Bend Bakery", "MB Bakery LLP"),
        ("Byrne PT PA", "Byrne PhysicalTherapy"),
        # A typo beside the short form: a second difference.
        ("Birvh Point Family Medicine", "Birch Pt Family Medicine"),
        # A bare word reading as a shortening of another: as often another surname.
        ("Brady Solutions", "Bradley Solutions"),
        ("Hart Plumbing", "Hartley Plumbing"),
        ("Choi Ortho", "Choi Orthodontics"),
    ],
)
def test_other_readings_sharing_a_product_stay_in_review(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [psa]


def test_disjoint_products_leave_a_short_form_to_a_person() -> None:
    result = _run("Castillo Pediatrics", "Castillo Ped.", p_lines=[("cat:b", 10)])
    assert result.matches == ()
    assert result.review[0].candidates[0].psa_client == "Castillo Ped."


def test_two_readings_of_one_short_form_keep_the_question() -> None:
    # "Res." is Research or Resources: both PSA clients hold the product, neither by its
    # seats, so a person decides.
    prints = footprints(
        {"Gordon Res.": V_LINES},
        {"Gordon Research": P_LINES, "Gordon Resources": P_LINES},
    )
    result = match_clients(
        names("Gordon Res."), names("Gordon Research", "Gordon Resources"), footprints=prints
    )
    assert result.matches == ()


def test_the_rule_reads_the_names_and_the_overlap() -> None:
    both = ("Castillo Pediatrics", "Castillo Ped.")
    diff = diff_names(*both)
    assert short_forms_only(diff, both)
    assert settled_by_short_forms(diff, Overlap(0, 1, 1, 1), both)
    assert not settled_by_short_forms(diff, Overlap(0, 1, 1, 0), both)
    assert not settled_by_short_forms(diff, Overlap(1, 4, 4, 4), both)  # the seats refute
    assert not settled_by_short_forms(diff, None, both)
    # Without its full stop "Ped" is a bare truncation: agreeing lines still decide.
    bare = ("Castillo Pediatrics", "Castillo Ped")
    assert not short_forms_only(diff_names(*bare), bare)
    # A contraction without a vowel, or a listed abbreviation, needs no stop.
    for pair in (("Klein Financial Group", "Klein Fncl Group"), ("Frost Point", "Frost Pt")):
        assert short_forms_only(diff_names(*pair), pair)
    group = ("Castillo Pediatrics Group", "Castillo Ped.")
    assert not short_forms_only(diff_names(*group), group)


#: A PSA line of a text no rule reads yet: no product the vendor file carries.
UNREAD = [("text:business premium", 4)]


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("North Mountain Coffee Roasters", "No. Mountain Coffee Roasters"),
        ("Graves Research", "Graves Res."),
        ("East Hills Realty Company", "E. Hills Realty"),
        ("Woodward and Reeves Dental Group", "Woodward and Reeves Dntl Group"),
    ],
)
def test_a_marked_short_form_beside_unread_lines_merges(vendor: str, psa: str) -> None:
    # The PSA client bills only a text no rule reads yet: its lines say nothing either way,
    # and the names differ by one marked short form (a stop, a vowelless contraction, a
    # USPS directional letter).
    result = _run(vendor, psa, p_lines=UNREAD)
    assert pairs(result) == {vendor: psa}


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        # One letter that is no directional: "J." is any first name.
        ("Jane Porter Design", "J. Porter Design"),
        # A bare truncation, initials of a run of words: the lines must help.
        ("Choi Orthodontics", "Choi Ortho"),
        ("Mesa Bend Bakery", "MB Bakery LLP"),
    ],
)
def test_other_readings_beside_unread_lines_stay_in_review(vendor: str, psa: str) -> None:
    result = _run(vendor, psa, p_lines=UNREAD)
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [psa]


def test_two_readings_beside_unread_lines_keep_the_question() -> None:
    prints = footprints(
        {"Gordon Res.": V_LINES},
        {"Gordon Research": UNREAD, "Gordon Resources": UNREAD},
    )
    result = match_clients(
        names("Gordon Res."), names("Gordon Research", "Gordon Resources"), footprints=prints
    )
    assert result.matches == ()


def test_unread_lines_are_one_side_holding_nothing_the_other_carries() -> None:
    both = ("North Mountain Coffee Roasters", "No. Mountain Coffee Roasters")
    diff = diff_names(*both)
    assert settled_by_short_forms(diff, Overlap(0, 1, 0, 0), both)
    assert settled_by_short_forms(diff, Overlap(0, 0, 2, 0), both)
    # Both hold lines and none of the same product: two clients' lines, a person decides.
    assert not settled_by_short_forms(diff, Overlap(0, 1, 1, 0), both)
    letter = ("Jane Porter Design", "J. Porter Design")
    assert not settled_by_short_forms(diff_names(*letter), Overlap(0, 1, 0, 0), letter)
    # With a product in common a letter reads as before.
    assert settled_by_short_forms(diff_names(*letter), Overlap(0, 1, 1, 1), letter)
