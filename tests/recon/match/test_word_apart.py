"""A name a whole word apart whose client bills products, none of them at the vendor
client's seats, is another company: never a review question
(:func:`recon.match.fuzzy_pairs.apart_by_a_word`).

"Walsh Lake Services" / "Walsh Lake Services Laboratory": the word is how two businesses of
one family name differ, and the lines, one product each and not the same, say so. One line
each never *contradicts* (that asks two), so the pair used to be asked about. A product in
common at seats no proration explains says the same. Lines that say nothing (a text no rule
reads yet), a line agreeing (or nearly), a company id read as words run together, or a site
label in the difference keep the question.
"""

from __future__ import annotations

import pytest

from recon.match import match_clients
from recon.match.client_evidence import Overlap
from recon.match.fuzzy_pairs import apart_by_a_word, tier_of
from recon.match.names import diff_names
from tests.recon.match.test_clients import footprints, names

VENDOR, PSA = "Walsh Lake Services", "Walsh Lake Services Laboratory"


def _run(vendor: str, psa: str, v_lines: list, p_lines: list):
    prints = footprints({vendor: v_lines}, {psa: p_lines})
    return match_clients(names(vendor), names(psa), footprints=prints)


def test_a_word_apart_billing_another_product_is_another_company() -> None:
    result = _run(VENDOR, PSA, [("cat:a", 5)], [("cat:b", 5)])
    assert result.matches == () and result.review == ()
    (vendor_id,) = result.unmatched_vendor
    assert result.notes[vendor_id] == (
        f"closest PSA client {PSA!r} differs by the word(s) 'Laboratory' "
        "and holds no product in common with it"
    )


@pytest.mark.parametrize(
    ("v_lines", "p_lines"),
    [
        ([("cat:a", 5)], [("cat:a", 9)]),  # one product in common, the seats apart
        ([("cat:a", 5), ("cat:b", 2)], [("cat:a", 9), ("cat:c", 4)]),
    ],
    ids=["one-product-seats-apart", "two-lines-none-agreeing"],
)
def test_a_word_apart_with_no_line_agreeing_is_another_company(
    v_lines: list, p_lines: list
) -> None:
    # "Strickland Foods Management Inc" / "Strickland Foods": both buy Business Premium,
    # at seats no proration explains; the word and the lines both say two companies.
    result = _run(VENDOR, PSA, v_lines, p_lines)
    assert result.matches == () and result.review == ()
    (vendor_id,) = result.unmatched_vendor
    assert result.notes[vendor_id] == (
        f"closest PSA client {PSA!r} differs by the word(s) 'Laboratory' "
        "and no line has the same seats"
    )


@pytest.mark.parametrize(
    ("vendor", "psa", "v_lines", "p_lines"),
    [
        # The PSA bills only a text no rule reads yet: the lines say nothing.
        (VENDOR, PSA, [("cat:a", 5)], [("text:lab services", 5)]),
        # A line agreeing within a seat: a person decides, as before.
        (VENDOR, PSA, [("cat:a", 5), ("cat:b", 2)], [("cat:a", 6), ("cat:c", 4)]),
        # A company id read as words run together: the extra word may be one it cut.
        ("Nelson Property Management", "NelsonPro", [("cat:a", 5)], [("cat:a", 9)]),
        # An office named by a site label: a family's office bills its own products.
        (
            "Frontier Point Systems PC",
            "frontier point sys.: Raleigh Office",
            [("cat:a", 5)],
            [("cat:b", 5)],
        ),
    ],
    ids=["lines-unread", "a-line-nearly-agrees", "company-id", "site-label"],
)
def test_other_word_apart_pairs_stay_in_review(
    vendor: str, psa: str, v_lines: list, p_lines: list
) -> None:
    result = _run(vendor, psa, v_lines, p_lines)
    assert result.matches == ()
    assert [c.psa_client for c in result.review[0].candidates] == [psa]


def test_the_rule_reads_the_tier_the_place_and_the_lines() -> None:
    diff = diff_names(VENDOR, PSA)
    tier = tier_of(diff, False)
    assert tier == 2
    assert apart_by_a_word(tier, diff, Overlap(0, 1, 1, 0))
    assert not apart_by_a_word(tier, diff, Overlap(0, 1, 0, 0))  # one side unread
    assert apart_by_a_word(tier, diff, Overlap(0, 1, 1, 1))  # in common, seats apart
    assert not apart_by_a_word(tier, diff, Overlap(0, 2, 2, 1, near=1))  # a line nearly agrees
    assert not apart_by_a_word(tier, diff, Overlap(1, 2, 2, 1))  # a line agrees
    assert not apart_by_a_word(tier, diff, None)  # names alone
    assert not apart_by_a_word(1, diff, Overlap(0, 1, 1, 0))  # closer tiers: as before
