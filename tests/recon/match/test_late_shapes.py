"""Name shapes looked at once more after the fuzzy step (issue 11, round sixteen): a licensee
whose look-alike the fuzzy step pairs, a licensee written without a title, a trade name
written a little apart on the other side."""

from __future__ import annotations

from decimal import Decimal

from recon.match import match_clients
from recon.match.late_pairs import LatePairs, late_pairs, settle_reviews
from recon.match.people import untitled
from recon.match.trade_near import near
from recon.model import Candidate, ReviewItem
from recon.normalize import client_key
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names, pairs

THIRD = [("cat:a", 3), ("cat:e", 5)]


def run(vendor: dict, psa: dict):
    return match_clients(names(*vendor), names(*psa), footprints=footprints(vendor, psa))


# --- the licensee rule once more ---------------------------------------------------------------


def test_a_licensee_pairs_once_the_fuzzy_step_has_paired_the_look_alike_firm() -> None:
    # Before the fuzzy step "Blair Dental Associates" is a second Blair dental firm unpaired;
    # the fuzzy step pairs it with its own PSA client (a typo in the surname), and then the
    # licensee is the one Blair dental client left on its side.
    result = run(
        {"Linda Blair DDS": SHARED, "Blair Dental Associates": OTHER},
        {"Blair Dental": SHARED, "Blaie Dental Associates": OTHER},
    )
    assert pairs(result) == {
        "Linda Blair DDS": "Blair Dental",
        "Blair Dental Associates": "Blaie Dental Associates",
    }


def test_a_look_alike_still_unpaired_after_the_fuzzy_step_is_still_a_twin() -> None:
    # The second Blair dental firm has no counterpart: it stays a twin, nothing is merged.
    result = run(
        {"Linda Blair DDS": SHARED, "Blair Dental Associates": OTHER},
        {"Blair Dental": SHARED},
    )
    assert "Linda Blair DDS" not in pairs(result)


# --- licensees without a title -------------------------------------------------------------------


def test_an_untitled_licensee_is_read_both_ways() -> None:
    assert {(p.surname, p.job) for p in untitled("John Crawford AIA")} == {
        ("crawford", "architecture"),
        ("john", "architecture"),
    }
    assert untitled("Dr. Mary Ashford, O.D.") == ()  # a title: one reading, person() has it
    assert untitled("Eaton CPA Group") == ()  # the letters do not end it: a firm


def test_an_untitled_licensee_pairs_with_the_firm_of_either_word_when_lines_agree() -> None:
    result = run(
        {"John Crawford AIA": SHARED, "Holt John DC": OTHER},
        {"Crawford Architects": SHARED, "Holt Chiropractic": OTHER},
    )
    assert pairs(result) == {
        "John Crawford AIA": "Crawford Architects",
        "Holt John DC": "Holt Chiropractic",
    }


def test_an_untitled_licensee_whose_lines_only_touch_is_neither_merged_nor_asked() -> None:
    # "Central Point CPA" may be a firm: without agreeing lines it is no licensee at all.
    result = run({"Central Point CPA": SHARED}, {"Central Accounting": THIRD})
    assert pairs(result) == {}
    assert result.review == ()


def test_an_untitled_licensee_with_two_firms_of_that_surname_is_not_merged() -> None:
    result = run(
        {"John Crawford AIA": SHARED},
        {"Crawford Architects": SHARED, "Crawford Architecture Studio": OTHER},
    )
    assert "John Crawford AIA" not in pairs(result)


# --- trade names written a little apart ----------------------------------------------------------


def test_near_reads_sites_organisation_words_and_typos_as_one_name() -> None:
    key = lambda n: tuple(client_key(n).split())  # noqa: E731
    assert near(key("Hensley Cleaning"), key("Hensley Cleaning Reno"))
    assert near(key("Twin Valley Fabricqtion"), key("Twin Valley Fabrication"))
    assert near(key("Falcon GroveFoods"), key("Falcon Grove Foods"))
    assert not near(key("Twin Valley Fabrication"), key("Twin Canyon Distribution"))
    assert not near(key("Hensley Cleaning"), key("Benson Cleaning"))


def test_a_trade_name_pairs_with_the_part_written_a_little_apart_when_lines_agree() -> None:
    result = run(
        {"Twin Capital Corp. T/A Twin Valley Fabricqtion": SHARED},
        {"Twin Valley Fabrication (Reno)": SHARED},
    )
    assert pairs(result) == {
        "Twin Capital Corp. T/A Twin Valley Fabricqtion": "Twin Valley Fabrication (Reno)"
    }


def test_a_trade_name_near_a_client_whose_lines_disagree_is_not_merged() -> None:
    result = run(
        {"Twin Capital Corp. T/A Twin Valley Fabricqtion": SHARED},
        {"Twin Valley Fabrication (Reno)": OTHER},
    )
    assert pairs(result) == {}


def test_a_trade_name_near_two_clients_is_not_merged() -> None:
    # Two PSA clients near the trade name: a twin, whatever the lines of one say.
    result = run(
        {"Smith Holdings LLC dba Smith Plumbing": SHARED},
        {"Smith Plumbing Reno": SHARED, "Smith Plumbing Boise": OTHER},
    )
    assert pairs(result) == {}


def test_a_client_near_another_vendor_leftover_is_not_taken_by_a_trade_name() -> None:
    # "Smith Plumbing Supply" (vendor, no counterpart) is as near the PSA name as the trade
    # name's part is: the PSA client may be its own; nothing is merged.
    result = run(
        {"Smith Holdings LLC dba Smith Plumbing": SHARED, "Smith Plumbing Supply Reno": OTHER},
        {"Smith Plumbing Supply": SHARED},
    )
    assert "Smith Holdings LLC dba Smith Plumbing" not in pairs(result)


def test_late_an_exact_trade_part_whose_lines_say_two_clients_is_not_merged() -> None:
    # After the fuzzy step the field has thinned: a trade-name part alone no longer suffices,
    # the two clients' lines must not say two clients.
    vendor = names("Smith Holdings LLC dba Smith Plumbing")
    psa = names("Smith Plumbing")
    prints = footprints({vendor[0].name: SHARED}, {psa[0].name: OTHER})
    assert late_pairs(vendor, psa, vendor, psa, prints).pairs == []
    prints = footprints({vendor[0].name: SHARED}, {psa[0].name: THIRD})
    assert [(v.name, p.name) for v, p, _ in late_pairs(vendor, psa, vendor, psa, prints).pairs] == [
        ("Smith Holdings LLC dba Smith Plumbing", "Smith Plumbing")
    ]


# --- licensees among look-alikes -----------------------------------------------------------------


def fillers(n: int = 40) -> dict:
    # Other clients of the file, each with its own line: the shared lines become rare, and
    # rare lines weigh (a line held by 1 of 44 clients says about 5.5 bits).
    return {f"Filler Client {i:02d}": [("cat:d", 100 + i)] for i in range(n)}


MARY = [("cat:a", 11), ("cat:b", 5)]
SUSAN = [("cat:c", 13), ("cat:e", 6)]


def test_licensees_among_look_alikes_pair_where_only_their_lines_agree() -> None:
    result = run(
        {"Dr. Mary Baldwin, DDS": MARY, "Dr. Susan Baldwin, DDS": SUSAN, **fillers()},
        {"Baldwin Orthodontics": MARY, "Baldwin Dental Spokane": SUSAN, **fillers()},
    )
    found = pairs(result)
    assert found["Dr. Mary Baldwin, DDS"] == "Baldwin Orthodontics"
    assert found["Dr. Susan Baldwin, DDS"] == "Baldwin Dental Spokane"


def test_look_alikes_whose_lines_weigh_little_are_not_paired() -> None:
    # The same two practices alone in their files: each line is held by half the clients.
    result = run(
        {"Dr. Mary Baldwin, DDS": MARY, "Dr. Susan Baldwin, DDS": SUSAN},
        {"Baldwin Orthodontics": MARY, "Baldwin Dental Spokane": SUSAN},
    )
    assert pairs(result) == {}


def test_a_firm_whose_lines_agree_with_two_look_alikes_is_not_paired() -> None:
    # "Baldwin Dental" (a firm, same side as the licensee) holds the same lines: the PSA
    # firm may be its own, so the licensee is not paired with it.
    result = run(
        {"Dr. Mary Baldwin, DDS": MARY, "Baldwin Dental": MARY, **fillers()},
        {"Baldwin Orthodontics": MARY, "Dr. David Baldwin, DDS": SUSAN, **fillers()},
    )
    assert "Dr. Mary Baldwin, DDS" not in pairs(result)


ZAMORA = [("cat:a", 7), ("cat:b", 20)]
ACADEMY = [("cat:c", 15), ("cat:e", 37)]


def test_a_licensee_pairs_with_the_one_firm_its_lines_leave_when_the_other_holds_none() -> None:
    # Two Zamora therapy firms in the PSA: names cannot say which is the licensee's, but the
    # Academy holds two lines and no product in common with it: another client. One line
    # held by 1 of 11 vendor clients (about 3.5 bits) then pairs, as with one firm alone.
    result = run(
        {"J. Zamora, DPT": ZAMORA, **fillers(10)},
        {
            "Zamora Physical Therapy": ZAMORA[:1],
            "Zamora Physical Therapy Academy": ACADEMY,
            **fillers(10),
        },
    )
    assert pairs(result)["J. Zamora, DPT"] == "Zamora Physical Therapy"


def test_a_licensee_left_one_firm_is_not_paired_on_a_line_every_client_holds() -> None:
    # The same three alone in their files: the one vendor client's line weighs nothing.
    result = run(
        {"J. Zamora, DPT": ZAMORA},
        {"Zamora Physical Therapy": ZAMORA[:1], "Zamora Physical Therapy Academy": ACADEMY},
    )
    assert "J. Zamora, DPT" not in pairs(result)


def test_a_licensee_beside_a_firm_sharing_a_product_is_not_paired_on_light_lines() -> None:
    # The Academy bills the licensee's other product (other seats): still a rival, and one
    # light line cannot say which firm is the licensee's.
    result = run(
        {"J. Zamora, DPT": ZAMORA, **fillers(10)},
        {
            "Zamora Physical Therapy": ZAMORA[:1],
            "Zamora Physical Therapy Academy": [("cat:b", 9), ("cat:e", 37)],
            **fillers(10),
        },
    )
    assert "J. Zamora, DPT" not in pairs(result)


# --- legal forms typed onto a word, company ids -----------------------------------------------


def test_a_legal_form_typed_onto_the_last_word_is_set_apart() -> None:
    assert client_key("Christensen Aviationllc") == client_key("Christensen Aviation, LLC")
    assert client_key("Wilder SolutionsLLC") == client_key("Wilder Solutions llc")
    assert client_key("Bishop HospiceINC") == client_key("Bishop Hospice, Inc.")
    assert client_key("SilverMountainOptometryLP") == client_key("Silver Mountain Optometry")
    # A "p" that ends a listed business word is the word's, not PLLC's.
    assert client_key("Harbor Groupllc") == client_key("Harbor Group, LLC")
    assert client_key("Harbor Grouppllc") == client_key("Harbor Group PLLC")
    # Words that only end in those letters stay whole.
    assert client_key("Zinc Works") == "zinc works"
    assert client_key("Shady Help") != client_key("Shady He")


def test_a_company_id_with_a_legal_form_or_and_run_in_pairs_when_lines_agree() -> None:
    result = run(
        {
            "Erickson Plumbing Company": SHARED,
            "Kennedy & Schaefer Associates, Inc.": OTHER,
            "Garner Creek Tax and Accounting INC": THIRD,
        },
        {
            "ERICKSONPLUMBINGCOMPANYCO": SHARED,
            "KennedyAnd": OTHER,
            "GarnerCreekTaxAccountingI": THIRD,
        },
    )
    assert pairs(result) == {
        "Erickson Plumbing Company": "ERICKSONPLUMBINGCOMPANYCO",
        "Kennedy & Schaefer Associates, Inc.": "KennedyAnd",
        "Garner Creek Tax and Accounting INC": "GarnerCreekTaxAccountingI",
    }


# --- review items a late pair settles ----------------------------------------------------------


def _review(vendor: str, *offered: str) -> ReviewItem:
    return ReviewItem(
        vendor, client_key(vendor), tuple(Candidate(p, 80.0) for p in offered), "?", Decimal(0)
    )


def test_a_late_pair_settles_the_review_item_offering_just_that_client() -> None:
    (v,), (p,) = names("Evergreen Meadows Restaurant"), names("EvergreenMea")
    late = LatePairs(pairs=[(v, p, "id")])
    settled = settle_reviews(late, [_review(v.name, p.name)], {p.identity})
    assert settled == {v.key} and len(late.pairs) == 1


def test_a_late_pair_leaves_a_review_item_with_other_candidates_or_rivals_alone() -> None:
    (v, w), (p, q) = (
        names("Evergreen Meadows Restaurant", "Evergreen Meadows Spa"),
        names("EvergreenMea", "Evergreen Meadow Spa"),
    )
    late = LatePairs(pairs=[(v, p, "id")])
    assert settle_reviews(late, [_review(v.name, p.name, q.name)], {p.identity}) == set()
    assert late.pairs == []
    late = LatePairs(pairs=[(v, p, "id")])
    rivals = [_review(v.name, p.name), _review(w.name, p.name)]
    assert settle_reviews(late, rivals, {p.identity}) == set()
    assert late.pairs == []
    # A client another vendor's review item holds is not taken by a vendor out of review.
    late = LatePairs(pairs=[(v, p, "id")])
    assert settle_reviews(late, [_review(w.name, p.name)], {p.identity}) == set()
    assert late.pairs == []


def test_a_firm_written_with_letters_and_in_full_is_no_licensee() -> None:
    # "Bay Bluff PT" is "Bay Bluff Physical Therapy" written short: the name steps pair them,
    # never the licensee rule (its note would say an owner's name that is not there).
    result = run({"Bay Bluff PT": SHARED}, {"Bay Bluff Physical Therapy": SHARED})
    assert [m.note for m in result.matches if "licensed owner" in m.note] == []
