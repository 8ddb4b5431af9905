"""A short word one letter off merges a client whose seats changed on one product when an
uncommon (product, seats) line is shared; a common line, a second difference or no shared
line leave it to a person."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.names import diff_names
from recon.match.overlap import Overlap
from recon.match.typo_settle import settled_by_typo
from tests.recon.match.test_clients import footprints, names, pairs

# The pair: Power BI x 5 alike (held by no other client); Business Premium 3 / 1 and a
# third product 2 / 6 differ, so the lines do not agree (one of three).
PAIR_V = [("cat:a", 3), ("cat:b", 5), ("cat:c", 2)]
PAIR_P = [("cat:a", 1), ("cat:b", 5), ("cat:c", 6)]
# Forty other clients on each side, each holding the common line "cat:a" x 1 (their names
# share no word with the pair's, so they never compete for it).
OTHERS = {f"Client{chr(65 + i // 26)}{chr(65 + i % 26)} Zed": [("cat:a", 1)] for i in range(40)}


def _run(vendor: str, psa: str, v_lines=PAIR_V, p_lines=PAIR_P):
    prints = footprints({vendor: v_lines, **OTHERS}, {psa: p_lines, **OTHERS})
    return match_clients(names(vendor, *OTHERS), names(psa, *OTHERS), footprints=prints)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Falcon Field Media Group", "Falcon Fied Media Group"),
        ("North Crossing Events", "Noth Crossing Events LLC"),
    ],
)
def test_a_short_typo_and_an_uncommon_shared_line_merge(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert pairs(result)[vendor] == psa
    assert all(item.vendor_client != vendor for item in result.review)


def test_a_shared_line_every_client_holds_leaves_the_typo_to_a_person() -> None:
    # Only Business Premium x 1 is shared: forty other clients hold it, it weighs little.
    result = _run(
        "Falcon Field Media Group",
        "Falcon Fied Media Group",
        v_lines=[("cat:a", 1), ("cat:b", 5), ("cat:c", 2)],
        p_lines=[("cat:a", 1), ("cat:b", 9), ("cat:c", 7)],
    )
    assert "Falcon Field Media Group" not in pairs(result)


def test_a_second_difference_beside_the_typo_leaves_it_to_a_person() -> None:
    result = _run("Falcon Field Media Group", "Falcon Fied Media Group Tampa")
    assert "Falcon Field Media Group" not in pairs(result)


def test_the_rule_reads_one_typo_and_the_weight_of_what_is_shared() -> None:
    diff = diff_names("Falcon Field Media Group", "Falcon Fied Media Group")
    assert settled_by_typo(diff, Overlap(1, 2, 2, 2, bits=6.0))
    assert not settled_by_typo(diff, Overlap(1, 2, 2, 2, bits=1.0))
    assert not settled_by_typo(diff, Overlap(0, 2, 2, 2, near=1, bits=6.0))
    assert not settled_by_typo(diff, None)
    short = diff_names("Castillo Pediatrics", "Castillo Ped.")
    assert not settled_by_typo(short, Overlap(1, 2, 2, 2, bits=6.0))
    # A typo and a short form: two readings, two differences.
    both = diff_names("Falcon Field Pediatrics", "Falcon Fied Ped.")
    assert len(both.readings) == 2
    assert not settled_by_typo(both, Overlap(1, 2, 2, 2, bits=6.0))
