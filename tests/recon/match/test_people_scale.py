"""Licensees and their firms at scale (issue 11, names at 20,000 clients): a letterhead
licensee whose seats moved, a firm whose surname is typed a letter off, and the licensee left
alone once its look-alikes have paired. Names find the one candidate; the lines merge only
when they agree, and otherwise a person answers one question. Each test fails when its guard
is removed.
"""

from __future__ import annotations

from recon.match import match_clients
from recon.match.people import ASK as OWNER_ASK
from recon.match.people import owner_pairs, untitled
from recon.match.people_near import ASK as NEAR_ASK
from tests.recon.match.name_shape_setup import footprints, names, pairs

#: Two products in common, no seat count alike: the lines neither agree nor say two clients.
BOUGHT = [("cat:a", 10), ("cat:b", 4)]
BILLED = [("cat:a", 12), ("cat:b", 6)]


def run(vendor: dict, psa: dict):
    return match_clients(names(*vendor), names(*psa), footprints=footprints(vendor, psa))


def fillers(n: int = 40) -> dict:
    # Other clients of the file, each with its own line: the shared lines become rare; a
    # few hold KAREN's line as well, which makes it a common one.
    rows = {f"Filler Client {i:02d}": [("cat:d", 100 + i)] for i in range(n)}
    for i in range(COMMON):
        rows[f"Filler Client {i:02d}"] = [*rows[f"Filler Client {i:02d}"], *KAREN]
    return rows


def _asked(result, vendor: str) -> tuple[str, list[str]] | None:
    item = next((i for i in result.review if i.vendor_client == vendor), None)
    return None if item is None else (item.reason, [c.psa_client for c in item.candidates])


def test_a_letterhead_licensee_whose_seats_moved_is_one_question() -> None:
    # "John Hardy OD": given name, surname, degree; the one Hardy eye practice billed.
    result = run({"John Hardy OD": BOUGHT}, {"Hardy Eye Care": BILLED})
    assert pairs(result) == {}
    assert _asked(result, "John Hardy OD") == (OWNER_ASK, ["Hardy Eye Care"])


def test_a_roster_reading_whose_lines_only_touch_is_not_asked() -> None:
    # The firm on the first word ("Central Point CPA" / "Central Accounting"): a firm's own
    # name ends with the letters as often, so only agreeing lines make it a licensee.
    result = run({"Central Point CPA": BOUGHT}, {"Central Accounting": BILLED})
    assert pairs(result) == {}
    assert _asked(result, "Central Point CPA") is None


def test_a_letterhead_licensee_whose_lines_say_two_clients_is_not_asked() -> None:
    result = run({"John Hardy OD": BOUGHT}, {"Hardy Eye Care": [("cat:c", 3), ("cat:e", 7)]})
    assert pairs(result) == {}
    assert _asked(result, "John Hardy OD") is None


def test_a_firm_whose_surname_is_a_letter_off_and_seats_moved_is_one_question() -> None:
    result = run({"Frankklin Pediatrics": BOUGHT}, {"Dr. M. Franklin, M.D.": BILLED})
    assert pairs(result) == {}
    assert _asked(result, "Frankklin Pediatrics") == (NEAR_ASK, ["Dr. M. Franklin, M.D."])


def test_a_firm_a_letter_off_whose_lines_say_two_clients_is_not_asked() -> None:
    result = run(
        {"Frankklin Pediatrics": BOUGHT}, {"Dr. M. Franklin, M.D.": [("cat:c", 3), ("cat:e", 7)]}
    )
    assert pairs(result) == {}
    assert _asked(result, "Frankklin Pediatrics") is None


ROBERT = [("cat:a", 11), ("cat:b", 5), ("cat:c", 13)]
KAREN = [("cat:e", 6)]
#: Filler clients holding KAREN's line: a line one client in five holds weighs too little
#: to pair look-alikes on (people.TWIN_BITS, RULED_OUT_BITS), as a common licence at scale.
COMMON = 8


def test_the_licensee_its_look_alikes_leave_alone_pairs_with_the_firm_left() -> None:
    # Two Conrad physicians and two Conrad medical firms: names cannot say whose is whose.
    # Robert's three rare lines pair him with the pediatrics firm among the look-alikes; the
    # one physician and the one medical firm left are then no twins, and their line agrees
    # (a common line: too light to pick among look-alikes, enough for the one pair left).
    result = run(
        {"Robert Conrad MD": ROBERT, "Dr. K. Conrad, M.D.": KAREN, **fillers()},
        {"Conrad Pediatrics LLP": ROBERT, "Conrad Medical Center": KAREN, **fillers()},
    )
    found = pairs(result)
    assert found["Robert Conrad MD"] == "Conrad Pediatrics LLP"
    assert found["Dr. K. Conrad, M.D."] == "Conrad Medical Center"


def test_the_licensee_left_beside_two_firms_is_still_a_twin() -> None:
    # A third Conrad medical firm unpaired: after Robert pairs, two firms remain for one
    # physician, and the names cannot say which.
    result = run(
        {"Robert Conrad MD": ROBERT, "Dr. K. Conrad, M.D.": KAREN, **fillers()},
        {
            "Conrad Pediatrics LLP": ROBERT,
            "Conrad Medical Center": KAREN,
            "Conrad Family Medicine": KAREN,
            **fillers(),
        },
    )
    assert "Dr. K. Conrad, M.D." not in pairs(result)


def test_a_firm_written_with_the_and_letters_is_no_licensee() -> None:
    # "The Gentry PT LLP": "The" is no given name; the fuzzy step reads the two firm names.
    assert untitled("The Gentry PT LLP") == ()
    result = run({"Gentry Physical Therapy LLP": BOUGHT}, {"The Gentry PT LLP": BILLED})
    assert all(item.reason != OWNER_ASK for item in result.review)


def test_the_letterhead_question_waits_for_the_fuzzy_step() -> None:
    # Before the fuzzy step (clients.match_clients' first licensee pass) no such question:
    # an untitled name the fuzzy step can pair is the fuzzy step's.
    vendor, psa = names("John Hardy OD"), names("Hardy Eye Care")
    prints = footprints({"John Hardy OD": BOUGHT}, {"Hardy Eye Care": BILLED})
    assert owner_pairs(vendor, psa, prints).asks == []
    late = owner_pairs(vendor, psa, prints, letterhead=True)
    assert [(v.name, p.name) for v, p, _ in late.asks] == [("John Hardy OD", "Hardy Eye Care")]
