"""A word that only styles a trade name merges a client whose seats changed; a holding company
or a subsidiary, a second word or disjoint products never do."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.names import diff_names
from recon.match.overlap import Overlap
from recon.match.style_words import STYLE_WORDS, settled_by_style, style_only
from tests.recon.match.test_clients import footprints, names, pairs

# One line each, the same product, the seats changed: a quantity gap the run must show.
V_LINES = [("cat:a", 10)]
P_LINES = [("cat:a", 12)]


def _run(vendor: str, psa: str, v_lines=V_LINES, p_lines=P_LINES):
    prints = footprints({vendor: v_lines}, {psa: p_lines})
    return match_clients(names(vendor), names(psa), footprints=prints)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Bell Travel Group LP", "Bell Travel"),
        ("Highland Gate Insurance", "Highland Gate Insurance Services"),
        ("Burton & Conrad Engineering Associates", "Burton & Conrad Engineering"),
        # Words only spaced otherwise beside it: still the same words.
        ("Wilcox & Richter Solar, PLLC", "The Wilcox and RichterSolar Services PLLC"),
    ],
)
def test_a_style_word_and_a_product_in_common_merge(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert pairs(result) == {vendor: psa}
    assert result.review == ()


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        # A holding company, a national subsidiary: another legal entity (the twin guard).
        ("Snyder Design Studio Holdings", "Snyder Design Studio"),
        ("Lake Meadows Insurance Agency", "Lake Meadows Insurance Agency Hold Co"),
        ("Paragon Marketing International", "Paragon Marketing"),
        ("Paragon Marketing UK", "Paragon Marketing"),
        # A partnership: a firm of its own (the example files' review item).
        ("Harbor View Dental Partners", "Harbor View Dental"),
        # A word on each side: two firms' names as often as one's.
        ("Wilcox Services LLP", "Wilcox Group"),
        # A place beside the style word: a site, decided by its own rule.
        ("Crane Pest Control Group - Denver", "Crane Pest Control"),
        # A typo beside it: a second difference.
        ("Harrington Roofing Group", "Harringtn Roofing"),
        # Initials or a reading beside it: other companies at 60,000 clients (dev).
        ("Palmer Laboratories", "PL Group"),
        ("Brady Solutions", "BradCyommunications"),
    ],
)
def test_a_twin_shape_sharing_a_product_stays_in_review(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [psa]


def test_disjoint_products_leave_a_style_word_to_a_person() -> None:
    result = _run("Bell Travel Group", "Bell Travel", p_lines=[("cat:b", 10)])
    assert result.matches == ()
    assert result.review[0].candidates[0].psa_client == "Bell Travel"


def test_names_alone_never_merge_a_style_word() -> None:
    result = match_clients(names("Bell Travel Group"), names("Bell Travel"))
    assert result.matches == ()


def test_a_rival_of_the_same_shape_keeps_the_question() -> None:
    # Two vendor clients want the one PSA client, neither by its lines: a person decides.
    vendor = ("Bell Travel Group", "Bell Travel Services")
    prints = footprints(dict.fromkeys(vendor, V_LINES), {"Bell Travel": P_LINES})
    result = match_clients(names(*vendor), names("Bell Travel"), footprints=prints)
    assert result.matches == ()


def test_the_style_words_leave_out_parents_and_subsidiaries() -> None:
    parents = {"hldg", "holdco", "hold", "intl", "uk", "usa", "us", "global", "ptnr"}
    assert parents.isdisjoint(STYLE_WORDS)


def test_the_rule_reads_the_overlap() -> None:
    diff = diff_names("Bell Travel Group", "Bell Travel")
    assert style_only(diff)
    assert settled_by_style(diff, Overlap(0, 1, 1, 1))
    assert not settled_by_style(diff, Overlap(0, 1, 1, 0))
    assert not settled_by_style(diff, Overlap(0, 2, 2, 0))  # contradicts
    assert not settled_by_style(diff, None)
    assert not style_only(diff_names("Crane Pest Control Group - Denver", "Crane Pest Control"))
