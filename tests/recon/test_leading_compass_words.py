"""A compass word that begins a company's name is a word of the name, not a site.

"South Shore Furniture" is not the "South" office of "Shore Furniture": site words follow a
name ("Shore Furniture - South", "Shore Furniture South") or sit after a separator, as USPS
Publication 28 (section 233) reads a directional written before the word it qualifies as part
of the name. Read as a site, the leading word made the two a soft difference that a couple of
agreeing lines merged: two companies, one client. Read as a word, they are near twins, merged
only on lines that say one client overwhelmingly, and otherwise asked about or kept apart.
"""

from __future__ import annotations

import pytest

from tests.recon.conftest import reconcile_two_of_three

_run = reconcile_two_of_three


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("South Shore Furniture", "Shore Furniture"),
        ("Shore Furniture", "The South Shore Furniture"),
        ("North Meadows Technologies", "Meadows Technologies LLC"),
        ("E Crossing International", "Crossing International"),
    ],
)
def test_a_leading_compass_word_is_no_site_to_merge_on_a_few_lines(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert all(m.vendor_client != vendor for m in result.matches)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Shore Furniture", "Shore Furniture - South"),
        ("Shore Furniture", "Shore Furniture South"),
    ],
)
def test_a_compass_word_after_the_name_is_still_a_site(vendor: str, psa: str) -> None:
    result = _run(vendor, psa)
    assert [
        (m.vendor_client, m.psa_client) for m in result.matches if m.vendor_client == vendor
    ] == [(vendor, psa)]


def test_the_abbreviated_compass_word_still_reads_as_the_word() -> None:
    # A short form merges on lines that agree: the word, wherever it stands.
    result = _run("N. Meadows Technologies", "North Meadows Technologies", bought=10)
    pairs = {(m.vendor_client, m.psa_client) for m in result.matches}
    assert ("N. Meadows Technologies", "North Meadows Technologies") in pairs
