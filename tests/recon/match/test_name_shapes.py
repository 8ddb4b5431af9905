"""Client names written with what an export puts beside them (issue 11, round fifteen):
a former name, a trade name, a PSA company id, number words, a licensee's name."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.people import different_people, person
from recon.model import Knowledge
from recon.name_marks import is_company_id_of, trade_parts
from recon.normalize import client_key
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names, pairs

# --- keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Heritage Falls Construction (formerly Heritage Services)", "Heritage Falls Construction"),
        ("Jacobs Grove Florist, PLLC fka Jacobs Services", "Jacobs Grove Florist"),
        ("Wright Brothers Logistics - formerly Wright Services", "Wright Brothers Logistics"),
        ("EagleHei - Eagle Heights Property Management", "Eagle Heights Property Management"),
        ("Weber Auto Repair (WEBEAU219)", "Weber Auto Repair"),
        ("BlueIslandSeniorLiving", "Blue Island Senior Living"),
        ("First Graves Electric", "1st Graves Electric Co"),
        ("Three Maddox Aviation PLLC", "3 Maddox Aviation"),
        ("Silva n' Garner Jewelers", "Silva & Garner Jewelers"),
    ],
)
def test_what_an_export_writes_beside_a_name_is_not_part_of_its_key(a: str, b: str) -> None:
    assert client_key(a) == client_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Law (Tampa)", "Acme Law"),  # a site, not an id spelled from the name
        ("Boise Builders (BOISE)", "Boise Builders"),  # one word of the name: a site
        ("First Graves Electric", "Second Graves Electric"),  # numbers still tell apart
        ("Formerly Yours Bakery", "Yours Bakery"),  # a name that starts with the word
        ("MacKenzie", "Mac Kenzie"),  # a surname's capital is not a run-together id
    ],
)
def test_sites_numbers_and_names_that_look_like_marks_still_count(a: str, b: str) -> None:
    assert client_key(a) != client_key(b)


def test_a_company_id_is_spelled_from_the_names_own_words() -> None:
    assert is_company_id_of("WOLFBE747", "Wolf Bend Logistics")
    assert is_company_id_of("EagleHei", "Eagle Heights Property Management")
    assert not is_company_id_of("Tampa", "Acme Law")
    assert not is_company_id_of("ACME", "Acme Corp")  # one word of the name, not a code
    assert trade_parts("Smith Holdings LLC d/b/a Smith Plumbing") == (
        "Smith Holdings LLC",
        "Smith Plumbing",
    )
    assert trade_parts("Smith Plumbing") == ()


# --- trade names -----------------------------------------------------------------------------


def test_a_trade_name_pairs_with_the_client_written_under_it() -> None:
    result = match_clients(
        names("Patton Enterprises LLC d/b/a Patton Jewelers", "Roman Consulting"),
        names("Patton Jewelers, Inc.", "Roman Consulting"),
    )
    assert pairs(result)["Patton Enterprises LLC d/b/a Patton Jewelers"] == "Patton Jewelers, Inc."


def test_a_trade_name_whose_two_parts_are_two_clients_is_not_merged() -> None:
    # The holding company and the trading name are both billed on the other side: which one
    # the vendor record means is for a person, never a guess.
    result = match_clients(
        names("Smith Holdings LLC dba Smith Plumbing"),
        names("Smith Holdings", "Smith Plumbing"),
    )
    assert pairs(result) == {}


def test_a_part_that_is_another_vendor_clients_own_name_is_left_to_it() -> None:
    # "Smith Plumbing" is billed at the vendor under its own name too (a person rejected its
    # exact pair, so the PSA client is still free): the trade-name record does not take it.
    knowledge = Knowledge(client_rejections=(("Smith Plumbing", "Smith Plumbing Co"),))
    result = match_clients(
        names("Smith Holdings LLC dba Smith Plumbing", "Smith Plumbing"),
        names("Smith Plumbing Co"),
        knowledge=knowledge,
    )
    assert pairs(result) == {}


# --- licensees -------------------------------------------------------------------------------


def test_a_licensee_pairs_with_the_firm_when_their_lines_agree() -> None:
    prints = footprints({"Linda Schaefer DDS": SHARED}, {"Schaefer Dental": SHARED})
    result = match_clients(names("Linda Schaefer DDS"), names("Schaefer Dental"), footprints=prints)
    assert pairs(result) == {"Linda Schaefer DDS": "Schaefer Dental"}


def test_a_licensee_whose_lines_disagree_is_not_merged() -> None:
    prints = footprints({"Linda Schaefer DDS": SHARED}, {"Schaefer Dental": OTHER})
    result = match_clients(names("Linda Schaefer DDS"), names("Schaefer Dental"), footprints=prints)
    assert pairs(result) == {}


def test_a_licensee_whose_seats_differ_on_a_common_product_is_asked_about() -> None:
    prints = footprints(
        {"Dr. Mary Ashford, O.D.": [("cat:a", 22)]}, {"Ashford Optometry": [("cat:a", 12)]}
    )
    result = match_clients(
        names("Dr. Mary Ashford, O.D."), names("Ashford Optometry"), footprints=prints
    )
    assert pairs(result) == {}
    (item,) = result.review
    assert [c.psa_client for c in item.candidates] == ["Ashford Optometry"]
    assert "licensee" in item.reason
    assert result.held_psa == frozenset({"ashford optometry"})
    assert result.unmatched_vendor == () and result.unmatched_psa == ()


def test_a_licensee_with_two_firms_of_that_surname_is_not_merged() -> None:
    # Two dental practices of one surname: the lines agree with one, but a twin is a twin.
    prints = footprints(
        {"Linda Schaefer DDS": SHARED},
        {"Schaefer Dental": SHARED, "Schaefer Family Dentistry": OTHER},
    )
    result = match_clients(
        names("Linda Schaefer DDS"),
        names("Schaefer Dental", "Schaefer Family Dentistry"),
        footprints=prints,
    )
    assert "Linda Schaefer DDS" not in pairs(result)


@pytest.mark.parametrize("name", ["Central Point CPA", "Beacon Trail PT", "Deer Bend DC"])
def test_letters_a_firm_writes_too_make_no_licensee_without_a_title(name: str) -> None:
    # "Beacon Trail PT" and "Becon Trail PT" are one firm with a typo, not two people.
    assert person(name) is None
    assert not different_people(name, name.replace("e", "", 1))


def test_two_licensees_of_one_surname_are_two_people_whatever_their_lines() -> None:
    assert person("Dr. M. Everett, DVM") is not None
    assert different_people("Dr. M. Everett, DVM", "Dr. D. Everett, M.D.")
    assert different_people("Jane Doe DDS", "John Doe DDS")
    assert not different_people("Jane Doe DDS", "Dr. J. Doe, DMD")
    prints = footprints({"Dr. M. Everett, DVM": SHARED}, {"Dr. D. Everett, M.D.": SHARED})
    result = match_clients(
        names("Dr. M. Everett, DVM"), names("Dr. D. Everett, M.D."), footprints=prints
    )
    assert pairs(result) == {}


# --- company ids alone -----------------------------------------------------------------------


def test_a_company_id_alone_pairs_with_the_name_it_is_spelled_from_when_lines_agree() -> None:
    prints = footprints({"Chapman Physical Therapy": SHARED}, {"ChapmanPhy": SHARED})
    result = match_clients(
        names("Chapman Physical Therapy"), names("ChapmanPhy"), footprints=prints
    )
    assert pairs(result) == {"Chapman Physical Therapy": "ChapmanPhy"}


def test_a_company_id_whose_lines_disagree_is_not_merged() -> None:
    prints = footprints({"Chapman Physical Therapy": SHARED}, {"ChapmanPhy": OTHER})
    result = match_clients(
        names("Chapman Physical Therapy"), names("ChapmanPhy"), footprints=prints
    )
    assert pairs(result) == {}


def test_a_company_id_two_names_spell_is_not_merged() -> None:
    # "ChapmanPh" is Chapman Physical Therapy or Chapman Pharmacy: the lines agree with the
    # first, but an id two clients spell is a twin's, and a person says which.
    prints = footprints(
        {"Chapman Physical Therapy": SHARED, "Chapman Pharmacy": OTHER}, {"ChapmanPh": SHARED}
    )
    result = match_clients(
        names("Chapman Physical Therapy", "Chapman Pharmacy"),
        names("ChapmanPh"),
        footprints=prints,
    )
    assert pairs(result) == {}
