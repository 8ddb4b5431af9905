"""A company id several names spell, or one spells with a typo: the lines decide
(recon.match.id_twins)."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.company_ids import _words
from recon.match.id_twins import spells_near, twin_id_pairs
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names
from tests.recon.match.name_shape_setup import pairs as all_pairs

#: Clients with lines of their own, so the lines two clients share weigh (people.TWIN_BITS).
FILLERS = {
    f"Quill{chr(97 + i)}{chr(97 + j)} Bakery": [("cat:e", 20 + 6 * i + j)]
    for i in range(6)
    for j in range(6)
}


def pairs(result) -> dict[str, str]:
    return {v: p for v, p in all_pairs(result).items() if v not in FILLERS}


def run(vendor: dict, psa: dict):
    return match_clients(
        names(*vendor, *FILLERS),
        names(*psa, *FILLERS),
        footprints=footprints({**vendor, **FILLERS}, {**psa, **FILLERS}),
    )


@pytest.mark.parametrize(
    ("code", "name", "spelt"),
    [
        ("springspr", "Sprring Springs Solutions", True),  # a letter doubled in the name
        ("spirnggat", "The Spring Gate Investments", True),  # two letters swapped in the id
        ("cedarspr", "Cedsr Springs Rotary Club", True),  # a letter changed
        ("greenpea", "Green Peak Motors", True),  # no typo at all
        ("greenpea", "Grey Peak Motors", False),  # two letters apart
        ("greenpea", "Green Motors", False),  # a word the id does not spell
        ("gpeakmot", "Green Peak Motors", False),  # the first word keeps three letters
    ],
)
def test_an_id_is_spelt_up_to_one_typo(code: str, name: str, spelt: bool) -> None:
    assert spells_near(code, _words(name)) is spelt


def test_an_id_two_names_spell_pairs_with_the_one_whose_lines_agree() -> None:
    result = run(
        {"Green Peak Motors PLLC": SHARED, "Green Peak Accounting LP": OTHER},
        {"GreenPea": SHARED},
    )
    assert pairs(result)["Green Peak Motors PLLC"] == "GreenPea"


def test_an_id_two_names_spell_whose_lines_both_agree_is_not_paired() -> None:
    result = run(
        {"Green Peak Motors PLLC": SHARED, "Green Peak Accounting LP": SHARED[:2]},
        {"GreenPea": SHARED},
    )
    assert "GreenPea" not in pairs(result).values()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("The Spring Gate Investments, Company", "SpirngGat"),
        ("Hastings Insurance Agency", "HastingsInsuranceAgencySe"),
    ],
)
def test_an_id_spelt_with_a_typo_or_past_the_names_end_pairs_when_the_lines_agree(
    name: str, code: str
) -> None:
    assert pairs(run({name: SHARED}, {code: SHARED})) == {name: code}
    assert pairs(run({name: OTHER}, {code: SHARED})) == {}


def test_a_name_whose_lines_agree_with_two_ids_it_spells_pairs_with_neither() -> None:
    vendor = {"Green Peak Motors PLLC": SHARED, "Green Peak Accounting LP": OTHER, **FILLERS}
    psa = {"GreenPea": SHARED, "GreenPeak": SHARED[:2], **FILLERS}
    found = twin_id_pairs(names(*vendor), names(*psa), footprints(vendor, psa))
    assert found == []


# --- a late pair against the vendor client's own review item -------------------------------------

RUSSO_GROUP = {"Russo Auto Group Ltd.": [("cat:d", 2)]}  # spells "RussoAut" too


def test_a_late_pair_whose_lines_agree_settles_the_clients_own_review_item() -> None:
    # The fuzzy step asked whether "Russo Auto Repair" is "Russo Auto" (a word apart, no
    # seats alike); its company id "RussoAut" has its lines: the pair answers the item.
    result = run(
        {"Russo Auto Repair L.L.P.": SHARED, **RUSSO_GROUP},
        {"RussoAut": SHARED, "Russo Auto": [("cat:d", 5)]},
    )
    assert pairs(result) == {"Russo Auto Repair L.L.P.": "RussoAut"}
    assert "Russo Auto Repair L.L.P." not in [i.vendor_client for i in result.review]


def test_a_review_item_offering_a_candidate_whose_lines_agree_is_not_settled() -> None:
    result = run(
        {"Russo Auto Repair L.L.P.": SHARED, **RUSSO_GROUP},
        {"RussoAut": SHARED, "Russo Auto": [("cat:a", 10), ("cat:d", 5)]},
    )
    assert "Russo Auto Repair L.L.P." not in pairs(result)
    assert "Russo Auto Repair L.L.P." in [i.vendor_client for i in result.review]
