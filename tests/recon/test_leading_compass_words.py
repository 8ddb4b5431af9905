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

from recon.engine import reconcile
from recon.model import ReconResult, Side
from tests.recon.conftest import make_lines

BP = "Microsoft 365 Business Premium"
SP1 = "SharePoint (Plan 1)"
KEEPER = "Keeper Business"
EXO = "Exchange Online (Plan 1)"
OTHERS = ("Dudley Consulting", "Lyons Dental Care")


def _run(vendor: str, psa: str, *, bought: int = 12) -> ReconResult:
    """Two of three lines agree (SharePoint and Keeper); Business Premium is ``bought`` / 10."""
    vendor_rows = [
        (vendor, BP, bought, "18.51"),
        (vendor, SP1, 7, "4.15"),
        (vendor, KEEPER, 9, "3.06"),
    ]
    psa_rows = [(psa, BP, 10, "24.45"), (psa, SP1, 7, "5.64"), (psa, KEEPER, 9, "4.96")]
    for other in OTHERS:
        vendor_rows.append((other, EXO, 4, "3.65"))
        psa_rows.append((other, EXO, 4, "4.50"))
    return reconcile(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))


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
