"""The office roots found in one sorted pass are those a walk over each key's words finds."""

from __future__ import annotations

import pytest

from recon.match.office_words import office_repeats, prefix_roots


def _walked(keys: list[str]) -> dict[str, str]:
    """Each key's longest other key it begins with before a space, word by word."""
    found = {}
    for key in keys:
        cut = key.rfind(" ")
        while cut > 0:
            if key[:cut] in keys:
                found[key] = key[:cut]
                break
            cut = key.rfind(" ", 0, cut)
    return found


@pytest.mark.parametrize(
    "keys",
    [
        ["qinn gate solar llc", "qinn gate solar llc properties", "qinn gate solar"],
        ["nible cpa", "nible cpa grp", "nible cpa grp denver", "nible cpa grp tampa"],
        # A key its root's text begins without a space ("smith dentalcare"), and a character
        # sorting before the space between them.
        ["smith dental", "smith dentalcare", "smith dental\tcare", "smith dental care co"],
        ["a b", "a b!", "a b c", "a bc d", "a b c d e", "a b cd", "b c"],
    ],
)
def test_prefix_roots_are_the_walked_roots(keys: list[str]) -> None:
    assert prefix_roots(keys) == _walked(keys)


def test_an_office_writes_its_clients_words_once() -> None:
    names = ["Qinn Gate Solar LLC", "Qinn Gate Solar LLC Properties", "Quinn Gate Solar LLC"]
    keys = ["qinn gate solar llc", "qinn gate solar llc properties", "quinn gate solar llc"]
    assert office_repeats(names, keys) == {"qinn": 1, "gate": 1, "solar": 1, "llc": 1}


def test_one_name_at_several_sites_writes_its_words_once() -> None:
    names = [
        "Nible CPA Grp Denver",
        "Nible CPA Grp Tampa",
        "Nible CPA Grp Lab",
        "Nible CPA Grp - Reno",
    ]
    keys = [
        "nible cpa grp denver",
        "nible cpa grp tampa",
        "nible cpa grp lab",
        "nible cpa grp reno",
    ]
    # "Lab" is no site: that name is another client's, its words counted as written.
    assert office_repeats(names, keys) == {"nible": 2, "cpa": 2, "grp": 2}
