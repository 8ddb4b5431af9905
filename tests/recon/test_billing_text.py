"""PSA texts that carry more than a product's name: a licence string id, counts and prices,
a billing period, an item code, a catalogue category, the reseller's own service, the
client's own name. Each is read as the product it names, never as another one, and each test
fails when its rule is removed.
"""

from __future__ import annotations

import pandas as pd
import pytest

from recon.catalog import load_catalog
from recon.catalog.billing_text import billing_core, core_key
from recon.engine import reconcile
from recon.engine.own_names import own_name_removed, without_own_names
from recon.match import ProductResolver
from recon.model import Col, GapKind, Knowledge, Side
from tests.recon.conftest import make_lines


@pytest.mark.parametrize(
    ("text", "product_id"),
    [
        ("365 Standard (Annual) (O365_BUSINESS_PREMIUM)", "ms-m365-business-standard"),
        ("M365 F3 (SPE_F1)", "ms-m365-f3"),
        ("SPE_F1 - M365 Frontline", "ms-m365-f3"),
        ("ENTERPRISEPACK - Office 365 E3", "ms-o365-e3"),
        # The PSA catalogue's category before the id names a group, not another product.
        ("Microsoft 365 Licensing: STANDARDPACK", "ms-o365-e1"),
        ("Microsoft 365 Licensing: ENTERPRISEPACK", "ms-o365-e3"),
    ],
)
def test_a_string_id_in_the_text_names_its_product(text: str, product_id: str) -> None:
    found = load_catalog().lookup(name=text)
    assert found is not None and found[0].id == product_id
    assert "string id" in found[1]


def test_a_string_id_beside_another_products_name_is_left_unread() -> None:
    # SPB is Business Premium; the words say Business Standard: two readings, no guess.
    assert load_catalog().lookup(name="SPB - Microsoft 365 Business Standard") is None
    # MDE_SMB is Defender for Business; the words name Teams Essentials (no edition clash).
    assert load_catalog().lookup(name="MDE_SMB - Microsoft Teams Essentials") is None
    # A product's name before the id is no category, however it is set off.
    assert load_catalog().lookup(name="Microsoft 365 E5: ENTERPRISEPACK") is None


@pytest.mark.parametrize(
    ("text", "product_id"),
    [
        ("25 x Project Plan 3 @ $22.00", "ms-project-p3"),
        ("Exchange Online (Plan 2) - 12 users @ $36.00/ea", "ms-exchange-online-p2"),
        ("Managed Services: Project Plan 3", "ms-project-p3"),
        ("Microsoft 365 Licensing: Office 365 E1", "ms-o365-e1"),
        ("Office 365 E3 (Microsoft 365 Licensing)", "ms-o365-e3"),
        ("Project Plan 3 11/01/2026-11/30/2026", "ms-project-p3"),
        ("Nov-26 Harmony Email & Collaboration", "checkpoint-harmony-email"),
        ("MS-365BP Microsoft 365 Business Premium", "ms-m365-business-premium"),
        ("Power BI Pro with Premium Support", "ms-power-bi-pro"),
    ],
)
def test_billing_words_in_the_text_are_set_aside(text: str, product_id: str) -> None:
    found = load_catalog().lookup(name=text)
    assert found is not None and found[0].id == product_id


def test_a_service_named_like_a_category_is_not_read_as_a_product() -> None:
    assert billing_core("Managed Services - Per User") == "Managed Services - Per User"
    assert load_catalog().lookup(name="Managed Services - Per User") is None
    # Two products on one line are not one product: left to the seats and a question.
    assert load_catalog().lookup(name="Exchange Online P2 & Entra ID P1 Bundle") is None


def test_a_leading_365_is_part_of_the_name_not_a_count() -> None:
    assert billing_core("365 Business Premium licenses") == "365 Business Premium licenses"
    assert billing_core("100 Office365 Essentials licenses") == "Office365 Essentials"


def test_an_unknown_text_with_billing_words_shares_its_plain_spellings_key() -> None:
    resolver = ProductResolver(load_catalog(), Knowledge())
    plain = resolver.identify("Hosted PBX Seat - 3 Year", "")
    coded = resolver.identify("Hosted PBX Seat - 3 Year #5581", "")
    assert coded.key == plain.key
    assert coded.name == "Hosted PBX Seat - 3 Year #5581"
    assert core_key("Hosted PBX Seat - 3 Year #5581") == core_key("Hosted PBX Seat")


def test_the_clients_own_name_is_set_aside_only_where_one_client_bills_the_text() -> None:
    assert (
        own_name_removed(
            "M365E3 - Brady Veterinary Services (Agreement)", "Brady Veterinary Services"
        )
        == "M365E3"
    )
    assert own_name_removed("Office 365 E3", "Brady Veterinary Services") is None
    lines = pd.DataFrame(
        {
            Col.CLIENT: ["Fenton Law Offices", "Fenton Law Offices", "River Rock", "Other Co"],
            Col.PRODUCT: [
                "Fenton Law Offices - Office365 Essentials",
                "Keeper Business",
                "Keeper Business",
                "Keeper Business",
            ],
        }
    )
    out = without_own_names(lines)
    assert list(out[Col.PRODUCT]) == [
        "Office365 Essentials",
        "Keeper Business",
        "Keeper Business",
        "Keeper Business",
    ]


def test_a_text_with_a_clients_name_billed_at_several_clients_is_left_as_written() -> None:
    # Billed at two clients, the name in it may be a product's or a brand's: never cut.
    lines = pd.DataFrame(
        {
            Col.CLIENT: ["Harbor Dental Group", "Other Co", "Other Co", "Harbor Dental Group"],
            Col.PRODUCT: [
                "Office 365 E3 - Harbor Dental Group",
                "Office 365 E3 - Harbor Dental Group",
                "Keeper Business",
                "Office 365 E3 - Harbor Dental Group",
            ],
        }
    )
    assert without_own_names(lines) is lines


def test_a_product_billed_under_a_text_with_the_clients_name_is_no_gap() -> None:
    vendor, psa = [], []
    for i in range(6):
        client = f"Harbor Dental Group {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
    # The client pays for 6 seats and is billed 4: the real gap is the 2 seats.
    vendor.append(("Harbor Dental Group 03", "Office 365 E3", 6, "23"))
    psa.append(("Harbor Dental Group 03", "Office 365 E3 - Harbor Dental Group 03", 4, "30"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    shown = {(g.product, g.kind, g.seat_delta) for g in result.gaps}
    assert shown == {("Office 365 E3", GapKind.QUANTITY_MISMATCH, 2)}
    # Read as the product, not left to a mapping question a person must answer first.
    assert all("mapping question" not in g.why for g in result.gaps)
