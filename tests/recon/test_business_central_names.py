"""Business Central's plans billed without "Dynamics 365".

Microsoft's own licensing pages write "Business Central Essentials"; a PSA item of that name
was unread, so a client buying 6 seats and billed 4 showed "6 missing in the PSA" instead of
"2 seats short". The lookups fail when the three name_variant rows for Business Central are
taken out of ``recon/catalog/aliases.csv``; the run below is the outcome they serve.
"""

from __future__ import annotations

import pytest

from recon.catalog import load_catalog
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

ESSENTIALS = "Dynamics 365 Business Central Essentials"


@pytest.mark.parametrize(
    ("text", "product_id"),
    [
        ("Business Central Essentials", "ms-d365-bc-essentials"),
        ("Business Central Essentials (Monthly)", "ms-d365-bc-essentials"),
        ("Business Central Premium", "ms-d365-bc-premium"),
        ("Business Central Team Members", "ms-d365-bc-team-members"),
    ],
)
def test_a_plan_without_its_product_line_is_read(text: str, product_id: str) -> None:
    found = load_catalog().lookup(text)
    assert found is not None and found[0].id == product_id


def test_seats_short_of_business_central_are_a_shortfall_not_two_gaps() -> None:
    vendor = [
        ("Graves Research", ESSENTIALS, 6, "70.11"),
        ("Graves Research", "Microsoft 365 Business Premium", 13, "22.00"),
    ]
    psa = [
        ("Graves Research", "Business Central Essentials", 4, "88.00"),
        ("Graves Research", "M365 BP", 13, "26.00"),
    ]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    kinds = {(g.client, g.kind) for g in result.gaps}
    assert kinds == {("Graves Research", GapKind.QUANTITY_MISMATCH)}
