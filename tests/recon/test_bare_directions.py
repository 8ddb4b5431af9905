"""A bare "No" beside "North" is North, as a bare "So" beside "South" is South.

The American Heritage Dictionary gives "No." and "So." as the two-letter abbreviations of
North and South, and they are written without the stop on road signs and in addresses ("No
White Plains", "No Little Rock"). A PSA that types "No Prairie Roofing" for the vendor's "North
Prairie Roofing" bills one company. A bare "No" is also a word ("No Limits"), so it is read as
North only beside the other name's "North", and, as every short form, it merges the two
clients only when their (product, seats) lines agree: on names alone they stay a question.
"""

from __future__ import annotations

import pytest

from tests.recon.conftest import reconcile_rows, reconcile_two_of_three


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("No Prairie Roofing", "North Prairie Roofing"),
        ("The North Heights Roofing", "The No Heights Roofing"),
        ("North Hills Recruiting", "No Hills Recruiting Inc"),
    ],
)
def test_a_bare_no_beside_north_merges_on_agreeing_lines(vendor: str, psa: str) -> None:
    result = reconcile_two_of_three(vendor, psa)
    assert (vendor, psa) in {(m.vendor_client, m.psa_client) for m in result.matches}
    # One client: the two lines billed as bought raise nothing, the third its seat gap.
    assert [(g.client, g.vendor_qty, g.psa_qty) for g in result.gaps] == [(psa, 12, 10)]


def test_a_bare_no_beside_north_is_asked_when_the_lines_do_not_agree() -> None:
    vendor, psa = "No Prairie Roofing", "North Prairie Roofing"
    result = reconcile_rows(
        [(vendor, "Microsoft 365 Business Premium", 12, "18.51")],
        [(psa, "Exchange Online (Plan 1)", 4, "4.50")],
    )
    assert not result.matches
    assert [r.vendor_client for r in result.review] == [vendor]
