"""Vendor product names as a distributor or Partner Center writes them: an offer, unit or term
word around the product's name, a "Bundle" wrapper, a "(no Teams)" edition, a product id our id
table lists for another edition, a maker's new product under the maker's brand.

Each is read as the product the words say (and the reading says how), or not read at all; never
as another product.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon.catalog import Catalog, TierRelation, load_catalog, qualifier_cores
from recon.catalog.text import compare_product
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# --- a product id our table lists for another edition than the name says -----------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # CFQ7TTC0LFK5 is Entra ID P2 in our id table; a Pax8 price sheet lists it for P1.
        ("Azure Active Directory Premium P1 - Device", "ms-entra-id-p1"),
        ("Microsoft Entra ID P1 (New Commerce)", "ms-entra-id-p1"),
        ("Entra ID P1 - 1 Year Term", "ms-entra-id-p1"),
        # The name agrees with the id, or says no edition: the id stands.
        ("Microsoft Entra ID P2 (New Commerce)", "ms-entra-id-p2"),
        ("Entra ID - Device", "ms-entra-id-p2"),
    ],
)
def test_an_offer_name_naming_another_edition_than_its_product_id_wins(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name=name, sku="CFQ7TTC0LFK5:0001")
    assert found is not None
    assert found[0].id == expected


def test_only_a_reading_of_the_same_name_overrules_the_product_id(catalog: Catalog) -> None:
    # "Premium P1" with the brand left out is a guess: it never overrules an id.
    found = catalog.lookup(name="Premium P1 - Device", sku="CFQ7TTC0LFK5")
    assert found is not None
    assert found[0].id == "ms-entra-id-p2"
    assert found[1] == "SKU"


def test_the_product_id_overruled_by_the_offer_name_says_so(catalog: Catalog) -> None:
    found = catalog.lookup(name="Microsoft Entra ID P1 (New Commerce)", sku="CFQ7TTC0LFK5")
    assert found is not None
    assert "product id is listed for another product" in found[1]


def test_a_partner_center_line_whose_id_says_p2_and_name_p1_is_billed_as_p1() -> None:
    # At each client the PSA bills Entra ID P1 for the seats Partner Center bills under
    # "Azure Active Directory Premium P1 - Device" with id CFQ7TTC0LFK5: one product, no gap.
    offer = "Azure Active Directory Premium P1 - Device"
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", offer, 12, "6.00", "CFQ7TTC0LFK5:0001"),
            ("Bolt", offer, 5, "6.00", "CFQ7TTC0LFK5:0001"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [("Acme", "Microsoft Entra ID P1", 12, "7.50"), ("Bolt", "Entra ID P1", 4, "7.50")],
    )
    result = reconcile(vendor, psa)
    assert [(g.client, g.kind, g.product, g.vendor_qty, g.psa_qty) for g in result.gaps] == [
        ("Bolt", GapKind.QUANTITY_MISMATCH, "Microsoft Entra ID P1", Decimal(5), Decimal(4))
    ]


# --- unit, term and bundle words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bundle - Exchange Online (Plan 1) - 1 Year Term", "ms-exchange-online-p1"),
        ("Exchange Online (Plan 1) - 1 Year Term", "ms-exchange-online-p1"),
        ("Planner and Project Plan 3 User License", "ms-project-p3"),
        ("Huntress Managed EDR User License", "huntress-managed-edr"),
        ("Dynamics 365 Business Central Essentials Bundle", "ms-d365-bc-essentials"),
        ("Power BI Pro Bundle", "ms-power-bi-pro"),
        ("Microsoft Defender for Endpoint P2 Bundle", "ms-defender-endpoint-p2"),
    ],
)
def test_unit_term_and_bundle_words_are_set_aside(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    assert found[0].id == expected


def test_a_billing_only_segment_is_a_short_qualifier() -> None:
    assert ("Exchange Online (Plan 1)", "Bundle, 1 Year Term") in qualifier_cores(
        "Bundle - Exchange Online (Plan 1) - 1 Year Term"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Managed Services Bundle",  # the MSP's own bundle names no product
        "Microsoft Intune Device",  # a per-device SKU of its own, not Intune Plan 1
        "Security Bundle",
    ],
)
def test_what_is_no_unit_or_bundle_word_is_not_read(catalog: Catalog, name: str) -> None:
    found = catalog.lookup(name=name)
    assert found is None or found[0].id != "ms-intune-p1"
    assert found is None or "set aside" not in found[1]


# --- "add-on": how a licence is sold, not what it is -------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Microsoft sells Copilot as "the dedicated Microsoft 365 Copilot add on license".
        ("Copilot add-on", "ms-m365-copilot"),
        ("Microsoft 365 Copilot Add-On", "ms-m365-copilot"),
        ("M365 Copilot Add On", "ms-m365-copilot"),
        ("Teams Phone Addon", "ms-teams-phone-standard"),
    ],
)
def test_an_add_on_word_ending_a_name_is_set_aside(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    assert found[0].id == expected


def test_an_add_on_word_on_a_name_that_says_no_plan_reads_nothing(catalog: Catalog) -> None:
    # Exchange Online Archiving is the add-on (EXCHANGEARCHIVE_ADDON): no plan is guessed.
    assert catalog.lookup(name="Exchange Online add-on") is None


def test_a_copilot_add_on_line_is_billed_as_copilot() -> None:
    # One client, seats apart: only the name can say what the line bills.
    vendor = make_lines(Side.VENDOR, [("Acme", "Microsoft 365 Copilot", 12, "25.84")])
    psa = make_lines(Side.PSA, [("Acme", "Copilot add-on", 4, "38.32")])
    result = reconcile(vendor, psa)
    assert [(g.client, g.kind, g.product, g.vendor_qty, g.psa_qty) for g in result.gaps] == [
        ("Acme", GapKind.QUANTITY_MISMATCH, "Microsoft 365 Copilot", Decimal(12), Decimal(4))
    ]
    # Read by its name, decided: no question pending a person's answer, nothing unmapped.
    assert result.gaps[0].rests_on is None
    assert not result.questions
    assert not result.unmapped


# --- "(no Teams)" editions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Microsoft 365 Business Premium (no Teams)", "ms-m365-business-premium"),
        ("Microsoft 365 E3 EEA (no Teams)", "ms-m365-e3"),
        ("Office 365 E3 EEA (no Teams) - 1 Year Term", "ms-o365-e3"),
        ("Office 365 E3 without Teams", "ms-o365-e3"),
        ("365 Business Standard - Microsoft - No Teams", "ms-m365-business-standard"),
    ],
)
def test_a_no_teams_edition_reads_as_its_suite(catalog: Catalog, name: str, expected: str) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    assert found[0].id == expected
    assert "(no Teams) edition" in found[1]


@pytest.mark.parametrize(
    "name",
    [
        "Microsoft Teams Essentials (no Teams)",  # nonsense: Teams without Teams
        "Business Premium (no Teams)",  # no suite named: an MSP's own plan
        "Email Security (no Teams)",  # a brand left out and the edition set aside: two guesses
    ],
)
def test_a_no_teams_text_that_names_no_suite_is_not_read(catalog: Catalog, name: str) -> None:
    assert catalog.lookup(name=name) is None


def test_a_no_teams_edition_is_compared_with_the_suite_the_psa_bills() -> None:
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", "Microsoft 365 Business Premium (no Teams)", 9, "20.00"),
            ("Bolt", "Microsoft 365 Business Premium (no Teams)", 3, "20.00"),
        ],
    )
    psa = make_lines(
        Side.PSA, [("Acme", "M365 Business Premium", 9, "26"), ("Bolt", "M365 BP", 2, "26")]
    )
    result = reconcile(vendor, psa)
    assert [(g.client, g.kind, g.vendor_qty, g.psa_qty) for g in result.gaps] == [
        ("Bolt", GapKind.QUANTITY_MISMATCH, Decimal(3), Decimal(2))
    ]


# --- a maker's brand beside a kind of product its one catalogue product is not -----------------


def test_a_brand_with_a_kind_word_its_one_product_lacks_is_not_that_product(
    catalog: Catalog,
) -> None:
    # NinjaOne sells its own endpoint backup beside its RMM; the catalogue's one NinjaOne
    # product is the RMM, so "NinjaOne Backup" is no product the catalogue knows (its SaaS
    # Backup, Dropsuite's until 2024, is known by that name: an alias).
    assert catalog.lookup(name="NinjaOne Backup") is None
    assert catalog.lookup(name="NinjaOne Backup - Device") is None


def test_a_brand_with_its_one_products_kind_word_is_still_that_product(catalog: Catalog) -> None:
    found = catalog.lookup(name="Acronis Backup")
    assert found is not None
    assert found[0].id == "acronis-cyber-protect-cloud"


# --- a vendor offer under the older name of the product the PSA bills --------------------------


def test_a_vendor_spelling_under_an_older_name_is_alike_the_psas_product() -> None:
    # "Office 365 Business" is the older name of Microsoft 365 Apps for business: a vendor
    # offer keeping it clashes with today's suite word, yet is a candidate the seats weigh.
    found = compare_product(
        "Microsoft 365 Apps for business", "name:o365 business apps", "O365 Business Apps EEA"
    )
    assert found.relation is TierRelation.SAME
    assert 70.0 <= found.score <= 85.0
    assert "as 'Office 365 Business'" in found.how


def test_an_older_name_never_makes_another_edition_alike() -> None:
    # Office 365 E3 is no older name of Microsoft 365 E3: the suites stay apart.
    found = compare_product("Microsoft 365 E3", "name:o365 e3 eea", "O365 E3 EEA")
    assert found.relation is TierRelation.CONFLICT
    assert found.score == 0.0


def test_seats_pair_a_vendor_offer_under_an_older_name_with_the_psas_product() -> None:
    # Four clients buy "O365 Business Apps - 1 Year Term" and are billed the same seats of
    # Microsoft 365 Apps for business: one product, not a gap on each side at every client.
    offer = "O365 Business Apps - 1 Year Term"
    apps = "Microsoft 365 Apps for business"
    seats = {"Acme": 9, "Bolt": 4, "Cato": 12, "Dyer": 7}
    vendor = make_lines(Side.VENDOR, [(c, offer, n, "8.25") for c, n in seats.items()])
    psa = make_lines(Side.PSA, [(c, apps, n, "11.00") for c, n in seats.items()])
    result = reconcile(vendor, psa)
    assert [(g.client, g.kind) for g in result.gaps] == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Windows 365 Business 2 vCPU, 4 GB, 128 GB", "ms-w365-business"),
        ("Windows 365 Enterprise 2 vCPU, 8 GB, 128 GB", "ms-w365-enterprise"),
        ("Windows 365 Business (4vCPU/16GB/256GB)", "ms-w365-business"),
    ],
)
def test_a_cloud_pc_size_after_the_name_is_set_aside(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name=name)
    assert found is not None and found[0].id == expected
    assert "machine size" in found[1]


def test_a_size_with_no_catalogue_name_before_it_is_not_read(catalog: Catalog) -> None:
    assert catalog.lookup(name="Frontline Desktop 2 vCPU, 8 GB, 128 GB") is None


def test_an_acquired_products_new_name_is_the_product_the_psa_bills_by_its_old_one() -> None:
    # NinjaOne sells Dropsuite's backup as "NinjaOne SaaS Backup" since buying it (2024):
    # read by name, the seats need not agree for the shortfall to show as one gap.
    vendor = make_lines(Side.VENDOR, [("Acme", "NinjaOne SaaS Backup - Device", 12, "2.10")])
    psa = make_lines(Side.PSA, [("Acme", "Dropsuite M365 Backup", 9, "3.00")])
    result = reconcile(vendor, psa)
    assert [(g.kind, g.vendor_qty, g.psa_qty) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, Decimal(12), Decimal(9))
    ]
    assert result.unmapped == () and result.questions == ()
