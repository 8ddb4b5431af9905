"""Client-name shapes a look-alike contests, and late pairs weighed against a review's hold
(issue 11, round seventeen)."""

from __future__ import annotations

from decimal import Decimal

from recon.match import match_clients
from recon.match.held_release import release_holds
from recon.model import Candidate, ReviewItem
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names, pairs

ENERGY = [("cat:b", 2)]
ASSOCIATION = [("cat:a", 5), ("cat:b", 4), ("cat:c", 4)]


def run(vendor: dict, psa: dict):
    return match_clients(names(*vendor), names(*psa), footprints=footprints(vendor, psa))


# --- a trade name whose other side a look-alike writes as well -----------------------------------


def test_a_trade_name_is_not_paired_with_a_name_a_look_alike_writes_as_well() -> None:
    # "Orton Assoc." is the trade name "Orton Associates" written short, and just as well
    # "Orton Association", another client unpaired on the vendor side: the lines say whose.
    result = run(
        {"Orton Ebergy d/b/a Orton Associates": ENERGY, "Orton Association": ASSOCIATION},
        {"Orton Assoc.": ASSOCIATION, "Orton Energy": ENERGY},
    )
    assert pairs(result).get("Orton Ebergy d/b/a Orton Associates") != "Orton Assoc."
    assert pairs(result).get("Orton Association") == "Orton Assoc."


def test_a_trade_name_no_look_alike_contests_still_pairs() -> None:
    result = run(
        {"Orton Ebergy d/b/a Orton Associates": ENERGY, "Orton Bakery": ASSOCIATION},
        {"Orton Assoc.": ENERGY, "Orton Bakery LLC": ASSOCIATION},
    )
    assert pairs(result)["Orton Ebergy d/b/a Orton Associates"] == "Orton Assoc."


# --- a late pair against another client's review item -------------------------------------------

#: Clients with lines of their own, so the lines the licensee and the firm share are rare
#: enough to tell look-alikes apart (people.TWIN_BITS).
FILLERS = {
    f"Quill{chr(97 + i)}{chr(97 + j)} Bakery": [("cat:e", 20 + 6 * i + j)]
    for i in range(6)
    for j in range(6)
}
LAW = [("cat:a", 10), ("cat:b", 4), ("cat:c", 7)]


def run_with_fillers(rival_lines: list[tuple[str, int]]):
    vendor = {"Law Office of D. Simmons": LAW, "Simmons Law Offices": rival_lines, **FILLERS}
    psa = {"Simmons Law": LAW, **FILLERS}
    return run(vendor, psa)


def test_a_late_pair_whose_lines_agree_takes_the_client_a_weaker_review_item_holds() -> None:
    # The fuzzy step offers "Simmons Law" to "Simmons Law Offices" (a word apart), whose one
    # line has other seats; the licensee's lines agree: the pair is made, the item goes.
    result = run_with_fillers([("cat:a", 3)])
    assert pairs(result)["Law Office of D. Simmons"] == "Simmons Law"
    assert [i.vendor_client for i in result.review] == []
    assert "Simmons Law" not in result.held_psa


def test_a_review_item_whose_lines_agree_too_keeps_its_hold() -> None:
    # Both vendor clients' lines agree with "Simmons Law": names and lines cannot say which.
    result = run_with_fillers([("cat:a", 10), ("cat:d", 2)])
    assert "Law Office of D. Simmons" not in pairs(result)
    assert [i.vendor_client for i in result.review] == ["Simmons Law Offices"]


# --- a trade name against the other side's name written short ----------------------------------


def test_a_trade_name_pairs_with_the_other_sides_name_written_with_short_forms() -> None:
    result = run(
        {
            "Baldwin Enterprises Inc. dba Baldwin Meadows Ortho": SHARED,
            "Fitzgerald Capital L.L.C. dba Fitzgerald Capital Partners": OTHER,
        },
        {"Baldwin Meadows Orthodontics": SHARED, "Fitzgerald Cap. Ptnrs LP": OTHER},
    )
    assert pairs(result) == {
        "Baldwin Enterprises Inc. dba Baldwin Meadows Ortho": "Baldwin Meadows Orthodontics",
        "Fitzgerald Capital L.L.C. dba Fitzgerald Capital Partners": "Fitzgerald Cap. Ptnrs LP",
    }


def test_a_look_alike_written_short_as_well_contests_the_trade_name() -> None:
    # "Baldwin Meadows Ortho Associates" reads as the PSA name just as the trade name does.
    result = run(
        {
            "Baldwin Enterprises Inc. dba Baldwin Meadows Ortho": SHARED,
            "Baldwin Meadows Ortho Associates": OTHER,
        },
        {"Baldwin Meadows Orthodontics": SHARED},
    )
    assert "Baldwin Enterprises Inc. dba Baldwin Meadows Ortho" not in pairs(result)


def test_a_late_pair_whose_lines_do_not_agree_leaves_the_hold_as_it_is() -> None:
    vendor = {"Law Office of D. Simmons": [("cat:a", 3)], "Simmons Law Offices": [("cat:b", 1)]}
    psa = {"Simmons Law": LAW}
    (v, rival), (p,) = names(*vendor), names(*psa)
    item = ReviewItem(rival.name, rival.key, (Candidate(p.name, 80.0),), "a word apart", Decimal(0))
    review, held = release_holds(
        [(v, p, "late")], [item], {p.identity}, [v, rival], [p], footprints(vendor, psa)
    )
    assert review == [item]
    assert held == {p.identity}
