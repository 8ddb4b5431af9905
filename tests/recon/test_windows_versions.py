"""A Windows Enterprise licence named with the Windows version ("Windows 11 E3") is the one
licence Microsoft sells for Windows 10 and 11 (recon.catalog.windows_versions)."""

from __future__ import annotations

import pytest

from recon.catalog import load_catalog
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines


def test_a_windows_licence_billed_and_not_bought_is_shown_as_such() -> None:
    # Before: "Windows 11 E3" was no product the catalogue knew, listed unmapped with
    # Windows 365 as its best candidate; its 4 seats billed and not bought were never a gap.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Jacobs Auto Repair", "Microsoft 365 E3", 5, "32.94"),
            ("Birch Dental", "Windows 10/11 Enterprise E3", 2, "6.69"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Jacobs Auto Repair", "Microsoft 365 E3", 5, "39.00"),
            ("Jacobs Auto Repair", "Windows 11 E3", 4, "10.03"),
            ("Birch Dental", "Windows 10/11 Enterprise E3", 2, "10.03"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [(g.kind, g.psa_product, g.seat_delta) for g in result.gaps] == [
        (GapKind.MISSING_IN_VENDOR, "Windows 11 E3", -4)
    ]
    assert not result.unmapped


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Windows 11 E3", "ms-windows-enterprise-e3"),
        ("Win 10 E5", "ms-windows-enterprise-e5"),
        ("Windows 365 Business", "ms-w365-business"),
        ("Windows 11 Pro", None),
    ],
)
def test_only_the_version_is_set_aside(text: str, product: str | None) -> None:
    found = load_catalog().identify(name=text)
    assert (found.id if found else None) == product
