"""A trade name whose first word is a place's ("Arnold Springs Investments": Arnold, MO;
"Carmichael Plumbing": Carmichael, CA) against the other side's name written a little apart
(issue 11, names at 20,000 clients). The place words set aside are the site's ("... Boise"),
never the word the name is built on. Each test fails when its guard is removed.
"""

from __future__ import annotations

from recon.match.late_pairs import late_pairs
from recon.match.trade_near import ASK, NOTE
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names

TRADED = "Arnold Enterprises Inc. dba Arnold Springs Investments, PLLC"
BILLED = "Arnold  Springs Investments Boise"


def _late(vendor: dict, psa: dict):
    v, p = names(*vendor), names(*psa)
    return late_pairs(v, p, v, p, footprints(vendor, psa))


def test_a_trade_name_built_on_a_place_word_pairs_with_its_site() -> None:
    late = _late({TRADED: SHARED}, {BILLED: SHARED})
    assert [(v.name, p.name, note) for v, p, note in late.pairs] == [(TRADED, BILLED, NOTE)]


def test_another_place_word_is_another_company() -> None:
    # "Carmichael Springs Investments" is not "Arnold Springs Investments": read without
    # their first words the two were one name.
    late = _late({TRADED: SHARED}, {"Carmichael Springs Investments Boise": SHARED})
    assert late.pairs == [] and late.asks == []


def test_a_typo_in_the_place_word_with_seats_moved_is_one_question() -> None:
    vendor, psa = "Carmchael Plumbing", "Carmichael Plumbing DBA Carmichael Partners"
    late = _late({vendor: SHARED}, {psa: [("cat:a", 12), ("cat:b", 4), ("cat:c", 9)]})
    assert late.pairs == []
    assert [
        (a.vendor_client, a.reason, [c.psa_client for c in a.candidates]) for a in late.asks
    ] == [(vendor, ASK, [psa])]


def test_a_typo_in_the_place_word_whose_lines_say_two_clients_is_not_asked() -> None:
    vendor, psa = "Carmchael Plumbing", "Carmichael Plumbing DBA Carmichael Partners"
    late = _late({vendor: SHARED}, {psa: OTHER})
    assert late.pairs == [] and late.asks == []
