"""A place named with "of" names another organisation, not a site (issue 11, review).

"Dorsey Montessori School of Ohio" (vendor only) was offered for "Dorsey Montessori School,
Professional Corporation" (PSA only): two schools, the Ohio one incorporated apart. The
place used to keep the pair a question (a site label's place does), so a person was asked
a question whose answer is "no" and the gaps it held back were lost. The pair stays a
candidate only where a line agrees; a site label ("- Ohio") keeps its question as before.
"""

from __future__ import annotations

import pytest

from recon.engine import reconcile
from recon.match import match_clients
from recon.match.client_evidence import Overlap
from recon.match.fuzzy_pairs import apart_by_a_word, tier_of
from recon.match.names import diff_names
from recon.match.registered_places import of_a_place, registered_place
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines
from tests.recon.match.test_clients import footprints, names

VENDOR = "Dorsey Montessori School of Ohio"
PSA = "Dorsey Montessori School, Professional Corporation"


def _run(vendor: str, psa: str, v_lines: list, p_lines: list):
    prints = footprints({vendor: v_lines}, {psa: p_lines})
    return match_clients(names(vendor), names(psa), footprints=prints)


@pytest.mark.parametrize(
    "p_lines",
    [
        [("cat:a", 2)],  # one product in common, the seats far apart
        [("cat:b", 9), ("cat:c", 20)],  # nothing in common
        [("text:password manager", 10)],  # a text no rule reads yet
    ],
    ids=["seats-apart", "other-products", "lines-unread"],
)
def test_a_name_adding_of_a_place_is_another_organisation(p_lines: list) -> None:
    result = _run(VENDOR, PSA, [("cat:a", 18)], p_lines)
    assert result.matches == () and result.review == ()
    (vendor_id,) = result.unmatched_vendor
    assert result.notes[vendor_id] == (
        f"closest PSA client {PSA!r} differs by the word(s) 'of', 'Ohio', a place in "
        "another organisation's registered name, and no line agrees"
    )


@pytest.mark.parametrize(
    ("vendor", "psa", "v_lines", "p_lines"),
    [
        # A line agrees: the lines may say one client, a person decides as before.
        (VENDOR, PSA, [("cat:a", 18), ("cat:b", 3)], [("cat:a", 18), ("cat:c", 7)]),
        # The same seats within a seat: still agreeing.
        (VENDOR, PSA, [("cat:a", 18)], [("cat:a", 17)]),
    ],
    ids=["a-line-agrees", "a-line-nearly-agrees"],
)
def test_of_a_place_with_a_line_agreeing_stays_in_review(
    vendor: str, psa: str, v_lines: list, p_lines: list
) -> None:
    result = _run(vendor, psa, v_lines, p_lines)
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [psa]


def test_a_site_label_keeps_its_question() -> None:
    # "- Ohio" is an office of the client, its seats apart: the question stays.
    result = _run("Dorsey Montessori School - Ohio", PSA, [("cat:a", 18)], [("cat:a", 2)])
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [PSA]


@pytest.mark.parametrize(
    ("vendor", "psa", "expected"),
    [
        (VENDOR, PSA, True),
        ("SEXTON EYE CARE", "Sexton Eye Care of Tampa, LLC", True),  # either side
        ("Dorsey Montessori School Ohio", PSA, False),  # a place as a plain last word
        ("Dorsey Montessori School (Ohio)", PSA, False),  # a site label
        ("Heritage Haven Chamber of Commerce", "Heritage Haven Chamber", False),  # no place
        ("Sunset Terrace Center of Tampa", "Sunset Terrace Center of Tampa LLC", False),
    ],
)
def test_of_a_place_reads_of_before_a_place_on_one_side_only(
    vendor: str, psa: str, expected: bool
) -> None:
    assert of_a_place(diff_names(vendor, psa)) is expected


def test_the_rule_reads_the_tier_the_place_and_agreeing_lines() -> None:
    diff = diff_names(VENDOR, PSA)
    tier = tier_of(diff, False)
    assert tier == 2 and diff.places
    assert apart_by_a_word(tier, diff, Overlap(0, 1, 1, 1))  # a product, seats apart
    assert apart_by_a_word(tier, diff, Overlap(0, 1, 0, 0))  # one side unread
    assert not apart_by_a_word(tier, diff, Overlap(1, 2, 2, 1))  # a line agrees
    assert not apart_by_a_word(tier, diff, Overlap(0, 1, 1, 1, near=1))  # nearly agrees
    assert not apart_by_a_word(tier, diff, None)  # names alone: a person decides


BP = "Microsoft 365 Business Premium"
BASIC = "Microsoft 365 Business Basic"
OTHERS_V = [("Acme Dental", BP, 5, "22"), ("Zephyr Logistics", BASIC, 9, "6")]
OTHERS_P = [("Acme Dental", BP, 5, "26"), ("Zephyr Logistics", BASIC, 9, "7")]


def test_the_two_schools_gaps_show_on_each_school() -> None:
    result = reconcile(
        make_lines(Side.VENDOR, [(VENDOR, BP, 18, "22"), *OTHERS_V]),
        make_lines(Side.PSA, [(PSA, BP, 2, "26"), *OTHERS_P]),
    )
    assert result.review == ()
    found = {(g.vendor_client, g.psa_client, g.kind, g.vendor_qty, g.psa_qty) for g in result.gaps}
    assert found == {
        (VENDOR, None, GapKind.MISSING_IN_PSA, 18, 0),
        (None, PSA, GapKind.MISSING_IN_VENDOR, 0, 2),
    }
    assert all(not g.rests_on for g in result.gaps)


MECH, MECH_PSA = "Pacific Landing Mechanical South LLC", "Pacific Landing Mechanical"


@pytest.mark.parametrize(
    ("vendor", "psa", "p_lines"),
    [
        (MECH, MECH_PSA, [("cat:a", 9)]),  # one product, the seats far apart
        ("Lighthouse Canyon Systems - East PC", "Lighthouse Canyon Systems", [("text:x", 5)]),
        (MECH_PSA, MECH, [("cat:b", 9)]),  # the PSA's name holds the place
    ],
    ids=["seats-apart", "dash-before-form-unread", "psa-side"],
)
def test_a_place_before_the_legal_form_is_another_organisation(
    vendor: str, psa: str, p_lines: list
) -> None:
    result = _run(vendor, psa, [("cat:a", 5)], p_lines)
    assert result.matches == () and result.review == ()
    (vendor_id,) = result.unmatched_vendor
    assert "registered name, and no line agrees" in result.notes[vendor_id]


@pytest.mark.parametrize(
    ("vendor", "psa", "v_lines", "p_lines"),
    [
        # A site label after the whole legal name: an office, a person decides as before.
        ("Pacific Landing Mechanical LLC - South", MECH_PSA, [("cat:a", 5)], [("cat:a", 9)]),
        # The place before the form, a line agreeing: the question stays.
        (MECH, MECH_PSA, [("cat:a", 5), ("cat:b", 2)], [("cat:a", 5), ("cat:c", 4)]),
    ],
    ids=["site-label-after-form", "a-line-agrees"],
)
def test_a_place_after_the_form_or_agreeing_lines_keep_the_question(
    vendor: str, psa: str, v_lines: list, p_lines: list
) -> None:
    result = _run(vendor, psa, v_lines, p_lines)
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [psa]


@pytest.mark.parametrize(
    ("vendor", "psa", "expected"),
    [
        (MECH, MECH_PSA, True),
        ("BRIGGS TITLE COMPANY - EAST, PLLC", "Briggs Title Company", True),
        ("Boyd & Wyatt Consulting Group North Professional Corporation", "Boyd & Wyatt", True),
        (VENDOR, PSA, True),  # "of <place>"
        ("Pacific Landing Mechanical LLC (South)", MECH_PSA, False),  # after the form
        ("Pacific Landing Mechanical South", MECH_PSA, False),  # no legal form: a site
        ("South Landing Services LP", "Landing Services LP", False),  # the name's first word
        ("Lake s Hills Trucking LLC", "Lake Hills Trucking LLC", False),  # one letter
        ("Dalton Plumbing South Corp.", "Dalton Plumbing North Corp.", False),  # both sides
    ],
)
def test_registered_place_reads_where_the_place_stands(
    vendor: str, psa: str, expected: bool
) -> None:
    assert registered_place(diff_names(vendor, psa), vendor, psa) is expected
