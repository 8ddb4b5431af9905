"""A name run together on both sides, one word in its listed short form ("CrownHeights" /
"Crownhts", USPS Publication 28): one client when the lines agree, a question otherwise."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.names import DiffKind, diff_names
from recon.match.run_together_short import one_word_respelled
from tests.recon.match.test_clients import footprints, names, pairs

AGREEING = [("cat:a", 10), ("cat:b", 4), ("cat:c", 7)]


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("CrownHeights Pharmacy", "Crownhts Pharmacy"),
        ("Crownhts Pharmacy", "CrownHeights Pharmacy"),
        ("Willowsprings Dental", "Willowspgs Dental"),
        ("HarborCrossing Realty", "HbrCrossing Realty"),
    ],
)
def test_one_word_respelled_inside_a_word_run_together_reads_as_a_short_form(
    vendor: str, psa: str
) -> None:
    diff = diff_names(vendor, psa)
    assert diff.kind is DiffKind.SHORT_FORMS
    assert not diff.vendor_only and not diff.psa_only


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("crownhats", "crownhts"),  # "hats" is no listed spelling of Heights
        ("crownheights", "crownhills"),  # two listed words, not one
        ("crownhtz", "crownheights"),  # a typo of the short form: not read
        ("abheights", "abhts"),  # three shared letters: a syllable, not a word
        ("crownheights", "crownheights"),
    ],
)
def test_other_words_are_not_read_as_one_respelled(x: str, y: str) -> None:
    assert not one_word_respelled(x, y)


def test_agreeing_lines_merge_the_pair() -> None:
    vendor, psa = "CrownHeights Pharmacy", "Crownhts Pharmacy"
    result = match_clients(
        names(vendor), names(psa), footprints=footprints({vendor: AGREEING}, {psa: AGREEING})
    )
    assert pairs(result) == {vendor: psa}
    assert result.review == ()


def test_lines_that_do_not_agree_leave_the_pair_unmerged() -> None:
    vendor, psa = "CrownHeights Pharmacy", "Crownhts Pharmacy"
    prints = footprints({vendor: [("cat:a", 10)]}, {psa: [("cat:a", 14)]})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert result.matches == ()
