"""Today's Microsoft 365 name written under the suite the product was sold in before the April
2020 renames ("Office Apps for Business" for Microsoft 365 Apps for business, formerly Office
365 Business): read as that product (recon.catalog._loose, _office_renamed)."""

from __future__ import annotations

import pytest

from recon.catalog import load_catalog
from recon.engine import reconcile
from recon.model import Side
from tests.recon.conftest import make_lines

APPS = "Microsoft 365 Apps for business"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Office Apps for Business", "ms-m365-apps-business"),
        ("O365 Apps for Business", "ms-m365-apps-business"),
        ("Office 365 Apps for enterprise", "ms-m365-apps-enterprise"),
        ("Office Business Standard", "ms-m365-business-standard"),
        # Names the catalogue already holds keep their product.
        ("Office E3", "ms-o365-e3"),
        ("Office 365 Business Premium", "ms-m365-business-standard"),
    ],
)
def test_a_renamed_product_under_its_former_suite_reads_as_it(text: str, product: str) -> None:
    found = load_catalog().lookup(text)
    assert found is not None and found[0].id == product


def test_the_former_suite_never_reads_a_plan_that_was_not_renamed_out_of_it() -> None:
    # Office 365 Business Premium is today's Business Standard: "Office Business Premium" may
    # be either plan, so it is left to the seats.
    assert load_catalog().lookup("Office Business Premium") is None


def test_a_client_billing_the_apps_under_the_office_name_is_matched_on_that_line() -> None:
    # The PSA company's name adds a word ("Services"): the shared (product, seats) line settles
    # the pair, where unread it was held in review with its Microsoft 365 E3 gap hidden.
    company = "NELSON TECHNOLOGIES SERVICES, PLLC"
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Nelson Technologies", APPS, 14, "8.25"),
            ("Nelson Technologies", "Microsoft 365 E3", 6, "36.00"),
            ("Harbor Dental", "Microsoft 365 Business Premium", 5, "22.00"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            (company, "Office Apps for Business", 14, "11.68"),
            (company, "Managed Services - Per User", 6, "95.00"),
            ("Harbor Dental", "Microsoft 365 Business Premium", 5, "25.00"),
        ],
    )
    result = reconcile(vendor, psa)
    assert list(result.review) == []
