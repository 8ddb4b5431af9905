"""Client pairs whose names differ more than their letters suggest: how they are read and found."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.forms import RARE_TAKE, RareWords, forms
from recon.match.names import DiffKind, diff_names
from recon.normalize import client_key
from tests.recon.match.test_clients import OTHER, SHARED, footprints, names, pairs


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [("Byrne PT", "Byrne PhysicalTherapy"), ("SV Dermatology", "StarValley Dermatology")],
)
def test_initials_stand_for_capitalised_words_run_together(vendor: str, psa: str) -> None:
    assert diff_names(vendor, psa).kind is DiffKind.SHORT_FORMS
    assert diff_names(psa, vendor).kind is DiffKind.SHORT_FORMS


def test_a_capitalised_surname_is_one_word_not_initials() -> None:
    # "Mc" is no word: "McDaniel" is never read as two words "M... D...".
    assert diff_names("Byrne McDaniel", "Byrne MD").kind is DiffKind.DIFFERENT


def test_so_and_no_without_their_full_stop_are_south_and_north() -> None:
    assert diff_names("So Grove Foods", "South Grove Foods").kind is DiffKind.SHORT_FORMS
    # "No" is read as North only beside "North", as a short form (merged on agreeing lines
    # only: tests/recon/test_bare_directions.py); beside no "North" it stays a word.
    assert diff_names("No Prairie Roofing", "North Prairie Roofing").kind is DiffKind.SHORT_FORMS
    assert diff_names("No Limits Gym", "Limits Gym").kind is not DiffKind.SHORT_FORMS
    assert diff_names("No Limits Gym", "South Limits Gym").kind is DiffKind.DIFFERENT


def test_the_same_letters_spaced_at_other_places_are_the_same_name() -> None:
    assert diff_names("Klein MachineWorks", "KleinMachine Works").kind is DiffKind.SAME
    # Other letters are another name.
    assert diff_names("Klein MachineWorks", "KleinMachine Parts").kind is DiffKind.DIFFERENT


@pytest.mark.parametrize("psa", ["Jacobs Insurance Svcs", "Jacobs Insurance Sevrices"])
def test_a_contraction_beside_another_form_of_its_word_is_that_word(psa: str) -> None:
    # "Srvs" and "Svcs" are two writers' contractions of Services; "Sevrices" a typo of it.
    assert diff_names("Jacobs Insurance Srvs", psa).kind is DiffKind.SHORT_FORMS
    # "Servs" is Serv.'s plural (The Bluebook, T6): keyed as Services, the same name.
    assert diff_names("Jacobs Insurance Servs", psa).kind is DiffKind.SAME
    # A bare truncation begins too many words to stand for the one.
    assert diff_names("Red Valley Comm Center", "Red Valley Cmty Center").kind is (
        DiffKind.DIFFERENT
    )


def _found_among_closer_names(vendor: str, psa: str, closer: tuple[str, ...]) -> dict[str, str]:
    prints = footprints({vendor: SHARED}, {psa: SHARED, **dict.fromkeys(closer, OTHER)})
    return pairs(match_clients(names(vendor), names(psa, *closer), footprints=prints))


def test_a_rare_word_finds_the_client_closer_spelled_names_hide() -> None:
    # Three "... Mechanical" clients score closer than "Wright Mech." and fill the fuzzy
    # step's candidates; only "Wright", a word few clients write, finds the client.
    vendor, psa = "Wright Mechanical Group", "Wright Mech."
    closer = ("Tri Glen Mechanical", "West Creek Mechanical", "Green Mtn Mechanical")
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


def test_a_rare_word_is_only_a_candidate_the_names_still_judge() -> None:
    # "Wright Dental" writes the rare word too, but is another name: never merged.
    vendor, psa = "Wright Mechanical Group", "Wright Dental"
    closer = ("Tri Glen Mechanical", "West Creek Mechanical", "Green Mtn Mechanical")
    assert _found_among_closer_names(vendor, psa, closer) == {}


@pytest.mark.parametrize(
    ("vendor", "psa", "closer"),
    [
        # Initials over words run together.
        ("Lone ParkAssociates", "LP Associates", ("Lone Point Assoc", "Stone Park Eng", "Lone Mo")),
        # Initials beside a site the initials side adds.
        ("BC Center - TX", "Bradford Counseling Center", ("TY Center", "BM Ctr", "AC Center")),
    ],
)
def test_initials_are_found_over_words_run_together_or_beside_a_site(
    vendor: str, psa: str, closer: tuple[str, ...]
) -> None:
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


@pytest.mark.parametrize(
    ("initials", "spelled"),
    [
        ("BC Center - TX", "Bradford Counseling Center"),
        ("LP Consulting Group Austin", "Lighthouse Peak Consulting"),
    ],
)
def test_a_name_with_initials_shares_a_form_without_the_site_it_adds(
    initials: str, spelled: str
) -> None:
    assert forms(client_key(initials)) & forms(client_key(spelled))


@pytest.mark.parametrize(
    ("vendor", "psa", "word"),
    [
        ("Sherman & Harlow Systesm", "Sherman & Harlow Ssytems", "systems"),
        ("Conley Bros. Eneergy", "Conley Brothers Energgy", "energy"),
        ("Tmber Mountain Medical", "Timbwr Mountain Medical", "timber"),
    ],
)
def test_two_spellings_of_one_real_word_are_a_typo_read_on_the_lines(
    vendor: str, psa: str, word: str
) -> None:
    def count(written: str) -> int:
        return 5 if written == word else 1

    found = diff_names(vendor, psa, count=count)
    assert found.kind is DiffKind.SHORT_FORMS and found.typo
    # With no client writing the word, each spelling is still one typing slip from it (a swap,
    # a doubled or dropped letter, a neighbouring key): read as a typo on the lines too
    # (recon.match.name_typos._slip; tests/recon/match/test_name_typo_slips.py holds the
    # words that are no slips of one word).
    alone = diff_names(vendor, psa)
    assert alone.kind is DiffKind.SHORT_FORMS and alone.typo

    # Two spellings other clients write too are two words.
    def common(written: str) -> int:
        return 5

    assert diff_names(vendor, psa, count=common).kind is DiffKind.DIFFERENT


_SURNAMES = (
    "Tucker Summit Baldwin Abbott Barker Carson Dalton Ellis Fisher Gibson Hardy Irwin "
    "Jensen Keller Lowe Moran Nolan Ortiz Pratt"
).split()


def test_initials_with_a_typo_are_found_by_a_close_spelling_of_their_form() -> None:
    # Nineteen "... Signs & Graphics" clients make every word of the name common; the
    # initials form "ws graphics" is one letter swap from the PSA's "WS & Graphcis".
    vendor, psa = "Wolfe Signs & Graphics", "WS & Graphcis"
    closer = tuple(f"{s} Signs & Graphics" for s in _SURNAMES)
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


def test_a_psa_name_of_initials_only_is_found_from_the_spelled_out_name() -> None:
    vendor, psa = "Garrison Pediatrics", "GP Company"
    closer = ("Garrison Logistics", "Franklin Pediatrics Company", "Lawson Pediatrics")
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


def test_a_candidate_the_lines_contradict_does_not_stop_the_second_look() -> None:
    # "Graham Cons. Group" reads as the name but holds none of its products; the client
    # written together, "GrahamConstruction", is found by the look written without spaces.
    vendor, psa = "Grahm Construction", "GrahamConstruction"
    closer = (
        "Graham Cons. Group",
        *(f"Graham {s}" for s in _SURNAMES),
        *(f"{s} Construction" for s in _SURNAMES),
    )
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


def test_initials_written_as_a_word_are_looked_up_from_the_spelled_out_name() -> None:
    # No derived form is shared ("db pediatrics" / "db ped"), every word the PSA name
    # writes is common or short: the initials "DB" find it.
    vendor, psa = "The Deer Bend Pediatrics LP", "DB Ped. LP"
    closer = ("Mercer Pediatrics", "Brady Pediatrics", "Bell Pediatrics")
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


def test_a_short_rare_word_finds_its_client() -> None:
    vendor, psa = "Kim Pediatrics Ltd", "Kim Peds - Columbus"
    closer = ("Burke Pediatrics", "Ellis Pediatrics", "Kerr Pedatrics")
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}


def test_a_common_word_is_no_rare_word_but_the_closest_shapes_are_still_read() -> None:
    # Twenty "Wright ..." clients: the rare-word look reads the few beginning most like the
    # name ("Wright Mech."), never all of them.
    others = tuple(f"Wright {s} Dental" for s in _SURNAMES)
    rare = RareWords([*others, "Wright Mech."])
    found = rare.find("Wright Mechanical Group")
    assert len(found) == RARE_TAKE
    assert len(others) in found


@pytest.mark.parametrize("department", ["Billing", "Admin", "- Billing", "(Admin)"])
def test_a_department_after_a_name_is_a_site(department: str) -> None:
    found = diff_names(f"Olsen Mortgage {department}", "Olsen Mortgage")
    assert found.kind is DiffKind.SOFT_EXTRA and found.places
    # A department beside a town is two sites: two clients.
    assert diff_names(f"Olsen Mortgage {department}", "Olsen Mortgage (Denver)").kind is (
        DiffKind.DIFFERENT
    )


@pytest.mark.parametrize(
    "written",
    [
        "Dempsey Turner Technologies Professional Corporation Admin",
        "Dempsey Turner Technologies Corporation Admin",
        "Dempsey Turner Technologies PC Admin",
    ],
)
def test_a_legal_form_written_out_before_a_site_is_left_out(written: str) -> None:
    assert client_key(written) == client_key("Dempsey & Turner Technologies - Admin")


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Silver Meadows Accounting", "SMAccounting"),
        ("Prairie Crossing Association", "PCASSOCIATION"),
        ("W. Hollow Services", "WHSERVICES"),
    ],
)
def test_initials_run_into_the_next_word_are_read_as_initials(vendor: str, psa: str) -> None:
    assert diff_names(vendor, psa).kind is DiffKind.SHORT_FORMS


def test_initials_run_into_a_word_must_be_the_other_names_initials() -> None:
    assert diff_names("Smith Accounting", "SMAccounting").kind is DiffKind.DIFFERENT


def test_initials_run_into_the_next_word_are_found() -> None:
    vendor, psa = "Silver Meadows Accounting", "SMAccounting"
    closer = ("Silver Meadows Financial", "Silver Falls Architects", "Pierce Accounting")
    assert _found_among_closer_names(vendor, psa, closer) == {vendor: psa}
