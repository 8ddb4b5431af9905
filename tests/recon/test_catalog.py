from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recon.catalog import (
    ALIAS_KINDS,
    Catalog,
    load_catalog,
    product_key,
    tier_tokens,
    tiers_compatible,
)
from recon.errors import UsageError


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _bundled_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("recon.catalog").joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


# --- naming traps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sku", "expected"),
    [
        # Office 365 Business Premium is the OLD name of today's Business Standard.
        ("Office 365 Business Premium", "", "ms-m365-business-standard"),
        ("O365 Business Premium", "", "ms-m365-business-standard"),
        ("", "O365_BUSINESS_PREMIUM", "ms-m365-business-standard"),
        ("O365_BUSINESS_PREMIUM", "", "ms-m365-business-standard"),
        ("", "SPB", "ms-m365-business-premium"),
        ("", "spb", "ms-m365-business-premium"),
        ("", "O365_BUSINESS_ESSENTIALS", "ms-m365-business-basic"),
        ("Office 365 Business Essentials", "", "ms-m365-business-basic"),
        ("Microsoft 365 Business", "", "ms-m365-business-premium"),
        ("Office 365 Business", "", "ms-m365-apps-business"),
        ("Office 365 ProPlus", "", "ms-m365-apps-enterprise"),
        # SPE_F1 is Microsoft 365 F3, not F1.
        ("", "SPE_F1", "ms-m365-f3"),
        ("", "M365_F1", "ms-m365-f1"),
        ("Office 365 F1", "", "ms-o365-f3"),
        ("Azure AD Premium P1", "", "ms-entra-id-p1"),
        ("Azure Active Directory Premium P1", "", "ms-entra-id-p1"),
        ("Azure Active Directory Premium (Plan 2)", "", "ms-entra-id-p2"),
        ("AAD P1", "", "ms-entra-id-p1"),
        ("Entra P1", "", "ms-entra-id-p1"),
        ("M365 BP", "", "ms-m365-business-premium"),
        ("MS365 Bus Prem", "", "ms-m365-business-premium"),
        ("MS365 Business Prem", "", "ms-m365-business-premium"),
        ("", "CFQ7TTC0LCHC", "ms-m365-business-premium"),
        ("", "CFQ7TTC0LCHC:0002", "ms-m365-business-premium"),
        ("", "cfq7ttc0lchc:0002:CFQ7TTC0X6RN", "ms-m365-business-premium"),
        ("", "P1Y:CFQ7TTC0LCHC:0002:1:", "ms-m365-business-premium"),
        ("", "{CBDC14AB-D96C-4C30-B9F4-6ADA7CDC1D46}", "ms-m365-business-premium"),
        ("Office 365 E3", "", "ms-o365-e3"),
        ("Office 365 Enterprise E3", "", "ms-o365-e3"),
        ("O365 E3", "", "ms-o365-e3"),
        ("", "ENTERPRISEPACK", "ms-o365-e3"),
        ("Microsoft 365 E3", "", "ms-m365-e3"),
        ("", "SPE_E3", "ms-m365-e3"),
        ("", "DEFENDER_BUSINESS", "ms-defender-business"),
        ("DEFENDER_BUSINESS", "", "ms-defender-business"),
        ("Microsoft Defender for Business", "", "ms-defender-business"),
        ("Def for Bus", "", "ms-defender-business"),
        ("", "MDE_SMB", "ms-defender-business"),
        ("Microsoft 365 Business Premium (NCE, Monthly)", "", "ms-m365-business-premium"),
        ("Microsoft 365 Business Premium - Annual Commitment", "", "ms-m365-business-premium"),
        (
            "Microsoft 365 Business Premium (Month to Month) - 1 Year",
            "",
            "ms-m365-business-premium",
        ),
        ("Microsoft 365 Business Premium P1Y monthly billing", "", "ms-m365-business-premium"),
        ("Microsoft 365 Business Premium Licenses per user", "", "ms-m365-business-premium"),
        ("EXO P1", "", "ms-exchange-online-p1"),
        ("Exchange Online (Plan 1) NCE", "", "ms-exchange-online-p1"),
        ("Exchange Online Plan 2 /user/month", "", "ms-exchange-online-p2"),
        ("Office 365 Advanced Threat Protection (Plan 1)", "", "ms-defender-office-p1"),
        ("MDO P2", "", "ms-defender-office-p2"),
        ("MDE P2", "", "ms-defender-endpoint-p2"),
        ("Microsoft Intune", "", "ms-intune-p1"),
        ("Project Plan 3", "", "ms-project-p3"),
        ("Copilot for Microsoft 365", "", "ms-m365-copilot"),
        ("S1 Complete", "", "s1-singularity-complete"),
        ("SentinelOne Singularity Control", "", "s1-singularity-control"),
        ("Falcon Go", "", "crowdstrike-falcon-go"),
        ("Huntress for Microsoft 365", "", "huntress-managed-itdr"),
        ("KnowBe4 Gold", "", "knowbe4-kmsat-gold"),
        ("Duo Access", "", "duo-advantage"),
        ("Avanan", "", "checkpoint-harmony-email"),
        ("", "M365-BP", "ms-m365-business-premium"),
    ],
)
def test_naming_traps_resolve_to_the_right_product(
    catalog: Catalog, name: str, sku: str, expected: str
) -> None:
    hit = catalog.identify(name=name, sku=sku)
    assert hit is not None
    assert hit.id == expected


@pytest.mark.parametrize(
    ("sku", "expected"),
    [
        # Confirmed new-commerce product ids, including the ones a price sheet had wrong.
        ("CFQ7TTC0LH18", "ms-m365-business-basic"),
        ("CFQ7TTC0LDPB", "ms-m365-business-standard"),
        ("CFQ7TTC0LCHC", "ms-m365-business-premium"),
        ("CFQ7TTC0LFLX", "ms-m365-e3"),
        ("CFQ7TTC0LFLZ", "ms-m365-e5"),
        ("CFQ7TTC0LH16", "ms-exchange-online-p1"),
        ("CFQ7TTC0LH1P", "ms-exchange-online-p2"),
        ("CFQ7TTC0LH04", "ms-defender-office-p1"),
        ("CFQ7TTC0LH0R", "ms-teams-phone-resource-account"),
        ("CFQ7TTC0JN4R", "ms-teams-essentials"),
        ("CFQ7TTC0LFLS", "ms-entra-id-p1"),
        ("CFQ7TTC0LFK5", "ms-entra-id-p2"),
        ("CFQ7TTC0LH05", "ms-m365-f3"),
    ],
)
def test_new_commerce_product_ids(catalog: Catalog, sku: str, expected: str) -> None:
    hit = catalog.identify(sku=sku)
    assert hit is not None
    assert hit.id == expected


@pytest.mark.parametrize("sku", ["CFQ7TTC0LDCX", "CFQ7TTC0LH8L"])
def test_unverified_product_ids_are_not_in_the_catalogue(catalog: Catalog, sku: str) -> None:
    assert catalog.identify(sku=sku) is None


def test_office_and_microsoft_365_e3_are_different_products(catalog: Catalog) -> None:
    office = catalog.identify(name="Office 365 E3")
    microsoft = catalog.identify(name="Microsoft 365 E3")
    assert office is not None
    assert microsoft is not None
    assert office.id != microsoft.id


def test_defender_for_business_is_not_business_premium(catalog: Catalog) -> None:
    for name, sku in [("", "DEFENDER_BUSINESS"), ("Microsoft Defender for Business", "")]:
        hit = catalog.identify(name=name, sku=sku)
        assert hit is not None
        assert hit.id != "ms-m365-business-premium"


def test_sku_wins_over_name(catalog: Catalog) -> None:
    hit = catalog.identify(name="Microsoft 365 Business Standard", sku="SPB")
    assert hit is not None
    assert hit.id == "ms-m365-business-premium"


def test_unknown_sku_falls_back_to_name(catalog: Catalog) -> None:
    hit = catalog.identify(name="Microsoft 365 E5", sku="CW-PROD-00042")
    assert hit is not None
    assert hit.id == "ms-m365-e5"


@pytest.mark.parametrize(
    ("name", "sku"),
    [
        ("Managed Services Bundle", ""),
        ("Labour - Remote Support", ""),
        ("Microsoft 365 Business Premium Plus Ultra Extra", ""),
        # Names an MSP may give its own services are not guessed to be Microsoft's.
        ("Business Premium", ""),
        ("Phone System", ""),
        ("Microsoft 365", ""),
        ("E3", ""),
        ("", "CFQ7TTC0X6RN"),
        ("", "00000000-0000-0000-0000-000000000000"),
        ("", ""),
        ("   ", "  "),
    ],
)
def test_unknown_products_are_none(catalog: Catalog, name: str, sku: str) -> None:
    assert catalog.identify(name=name, sku=sku) is None


def test_consumption_products_are_not_seat_based(catalog: Catalog) -> None:
    azure = catalog.identify(name="Azure plan")
    assert azure is not None
    assert azure.seat_based is False
    premium = catalog.get("ms-m365-business-premium")
    assert premium is not None
    assert premium.seat_based is True


def test_get_products_and_len(catalog: Catalog) -> None:
    product = catalog.get("ms-m365-business-premium")
    assert product is not None
    assert product.name == "Microsoft 365 Business Premium"
    assert product.vendor == "Microsoft"
    assert catalog.get("no-such-product") is None
    assert len(catalog) == len(catalog.products()) >= 100


def test_default_catalogue_is_loaded_once() -> None:
    assert load_catalog() is load_catalog()


# --- the bundled data ------------------------------------------------------------------------


def test_every_bundled_name_and_alias_identifies_its_own_product(catalog: Catalog) -> None:
    # This is also the collision check: a key shared by two products would fail one of them.
    for row in _bundled_rows("products.csv"):
        hit = catalog.identify(name=row["name"])
        assert hit is not None, row
        assert hit.id == row["id"]
    aliases = _bundled_rows("aliases.csv")
    assert len(aliases) >= 300
    for row in aliases:
        assert row["kind"] in ALIAS_KINDS
        by_name = catalog.identify(name=row["alias"])
        assert by_name is not None, row
        assert by_name.id == row["product_id"], row
        if row["kind"] in {"string_id", "product_id", "sku_guid"}:
            by_sku = catalog.identify(sku=row["alias"])
            assert by_sku is not None, row
            assert by_sku.id == row["product_id"], row


def test_no_alias_key_is_shared_by_two_products() -> None:
    owners: dict[str, set[str]] = {}
    for row in _bundled_rows("products.csv"):
        owners.setdefault(product_key(row["name"]), set()).add(row["id"])
    for row in _bundled_rows("aliases.csv"):
        owners.setdefault(product_key(row["alias"]), set()).add(row["product_id"])
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_bundled_product_ids_are_unique_slugs() -> None:
    ids = [row["id"] for row in _bundled_rows("products.csv")]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


# --- product_key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Microsoft 365 Business Premium", "microsoft 365 business premium (NCE)"),
        ("Microsoft 365 Business Premium", "MS365 Business Premium - Monthly"),
        ("Microsoft 365 Business Premium", "M365 Bus Prem 1 Year"),
        ("Microsoft 365 Business Premium", "Ms 365 Business Premium Subscription"),
        ("Exchange Online (Plan 1)", "EXO Plan1"),
        ("Exchange Online (Plan 1)", "Exchange Online P1 (Annual Commitment)"),
        ("Enterprise Mobility + Security E3", "Enterprise Mobility & Security E3"),
        ("Enterprise Mobility + Security E3", "Enterprise Mobility and Security E3"),
        ("Azure Active Directory Premium P1", "Azure AD Premium Plan 1"),
        ("Visio Plan 2", "Visio Plan 2 /seat"),
        ("Café Teams Room", "cafe teams room"),
        # Microsoft's short forms, also run together with the plan.
        ("SharePoint Online (Plan 1)", "SPO P1 (Monthly)"),
        ("Azure AD P1", "AADP1 per user"),
        ("Windows Enterprise E3", "Win Enterprise E3"),
    ],
)
def test_same_product_spelled_differently_has_one_key(a: str, b: str) -> None:
    assert product_key(a) == product_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Office 365 E3", "Microsoft 365 E3"),
        ("Office 365 Business Premium", "Microsoft 365 Business Premium"),
        ("Microsoft 365 Business Standard", "Microsoft 365 Business Premium"),
        ("Exchange Online (Plan 1)", "Exchange Online (Plan 2)"),
        ("Teams Domestic Calling Plan (120 min)", "Teams Domestic Calling Plan (240 min)"),
        ("Microsoft 365 E3", "Microsoft 365 E3 (no Teams)"),
    ],
)
def test_different_products_keep_distinct_keys(a: str, b: str) -> None:
    assert product_key(a) != product_key(b)


@pytest.mark.parametrize("name", ["(NCE)", "Monthly", "-", "Microsoft", "per user", "***"])
def test_key_of_a_noise_only_name_is_not_empty(name: str) -> None:
    assert product_key(name) != ""


@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_key_is_never_empty_for_a_non_blank_name(name: str) -> None:
    assert product_key(name) != ""


_NAME_WORDS = (
    "Microsoft MS 365 Office O M Plan 1 2 01 P1M Year Month to per user / - ( ) NCE E3 "
    "Business Bus Prem EXO AAD Azure Active Directory & + , _ Café ß 120 min"
)
_WORDS = st.sampled_from(_NAME_WORDS.split(" "))


@given(st.one_of(st.text(), st.lists(_WORDS, max_size=10).map(" ".join)))
def test_key_is_idempotent(name: str) -> None:
    key = product_key(name)
    assert product_key(key) == key


# --- tiers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Microsoft 365 Business Standard", "Microsoft 365 Business Premium"),
        ("Microsoft 365 Business Basic", "Microsoft 365 Business Standard"),
        ("Microsoft 365 Business Premium", "Microsoft 365 Apps for business"),
        ("Microsoft 365 E3", "Microsoft 365 E5"),
        ("Office 365 E3", "Microsoft 365 E3"),
        ("Microsoft 365 F1", "Microsoft 365 F3"),
        ("Exchange Online (Plan 1)", "Exchange Online (Plan 2)"),
        ("Exchange Online Plan 1", "Exchange Online Kiosk"),
        ("Microsoft Defender for Endpoint P1", "Microsoft Defender for Endpoint P2"),
        ("Defender for Office 365 Plan 1", "Defender for Office 365 Plan 2"),
        ("Microsoft Entra ID P1", "Microsoft Entra ID P2"),
        ("Visio Plan 1", "Visio Plan 2"),
        ("Project Plan 3", "Project Plan 5"),
        ("Microsoft 365 E5", "Microsoft 365 E5 Security"),
        ("Power BI Pro", "Power BI Premium Per User"),
        ("Teams Essentials", "Teams Premium"),
        ("SentinelOne Core", "SentinelOne Complete"),
        ("SentinelOne Control", "SentinelOne Complete"),
        ("CrowdStrike Falcon Go", "CrowdStrike Falcon Pro"),
        ("CrowdStrike Falcon Pro", "CrowdStrike Falcon Enterprise"),
        ("KnowBe4 Silver", "KnowBe4 Gold"),
        ("KnowBe4 Platinum", "KnowBe4 Diamond"),
        ("Duo Essentials", "Duo Advantage"),
        ("Duo Advantage", "Duo Premier"),
        ("Keeper Business", "Keeper Enterprise"),
        ("Proofpoint Essentials Business", "Proofpoint Essentials Professional"),
        ("Barracuda Email Protection Premium", "Barracuda Email Protection Premium Plus"),
        ("Sophos Intercept X Advanced", "Sophos Intercept X Advanced with XDR"),
        ("Sophos Intercept X Advanced", "Sophos Intercept X Advanced for Server"),
        ("Teams Domestic Calling Plan (120 min)", "Teams Domestic Calling Plan (240 min)"),
    ],
)
def test_sibling_tiers_are_incompatible(a: str, b: str) -> None:
    assert not tiers_compatible(a, b)
    assert not tiers_compatible(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Microsoft 365 Business Premium", "MS365 Bus Prem (NCE, Monthly)"),
        ("Exchange Online (Plan 1)", "EXO Plan1 Annual"),
        ("Microsoft Defender for Endpoint P2", "Defender Endpoint Plan 2 per user"),
        ("SentinelOne Singularity Complete", "S1 Complete"),
        ("Huntress Managed EDR", "Huntress EDR"),
        ("Labour - Remote Support", "Labor, remote support"),
        ("Datto RMM", "Datto RMM per device"),
    ],
)
def test_same_tiers_are_compatible(a: str, b: str) -> None:
    assert tiers_compatible(a, b)


def test_tier_tokens_of_a_suite() -> None:
    assert tier_tokens("Microsoft 365 Business Premium (NCE)") == {"m365", "business", "premium"}
    assert tier_tokens("Exchange Online (Plan 2)") == {"p2"}
    assert tier_tokens("Managed Services") == frozenset()


# --- extra (user) catalogues -----------------------------------------------------------------

_PRODUCTS_HEADER = "id,name,vendor,family,seat_based\n"
_ALIASES_HEADER = "product_id,alias,kind\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_extra_catalogue_adds_products_and_aliases(tmp_path: Path) -> None:
    products = _write(
        tmp_path / "products.csv",
        "# our own products\n" + _PRODUCTS_HEADER + "acme-backup,Acme Backup Pro,Acme,Backup,yes\n",
    )
    aliases = _write(
        tmp_path / "aliases.csv",
        _ALIASES_HEADER
        + "acme-backup,ACME-BKP-01,product_id\n"
        + "ms-m365-business-premium,Our Secure Desktop Seat,abbreviation\n",
    )
    extended = load_catalog([products, aliases])
    acme = extended.identify(sku="acme-bkp-01")
    assert acme is not None
    assert acme.name == "Acme Backup Pro"
    assert acme.seat_based is True
    seat = extended.identify(name="Our Secure Desktop Seat")
    assert seat is not None
    assert seat.id == "ms-m365-business-premium"
    assert len(extended) == len(load_catalog()) + 1
    assert load_catalog().identify(name="Our Secure Desktop Seat") is None


@pytest.mark.parametrize(
    ("filename", "text", "message"),
    [
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,Big Suite,abbreviation\nno-such-id,Thing,abbreviation\n",
            "line 3: unknown product id 'no-such-id'",
        ),
        (
            "products.csv",
            _PRODUCTS_HEADER + "ms-m365-e3,Another E3,Microsoft,Microsoft 365,true\n",
            "line 2: duplicate product id 'ms-m365-e3'",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,Business Premium Seats,abbreviation\n"
            "ms-m365-e5,Business Premium Seat,abbreviation\n",
            "line 3: 'Business Premium Seat' would identify both",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,M365 BP,abbreviation\n",
            "would identify both 'ms-m365-business-premium' and 'ms-m365-e3'",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,SPB,string_id\n",
            "'SPB' would identify both",
        ),
        (
            "products.csv",
            _PRODUCTS_HEADER + "acme-x,,Acme,Backup,true\n",
            "line 2: empty name",
        ),
        (
            "products.csv",
            _PRODUCTS_HEADER + "Acme X,Acme X,Acme,Backup,true\n",
            "must be a lower-case slug",
        ),
        (
            "products.csv",
            _PRODUCTS_HEADER + "acme-x,Acme X,Acme,Backup,maybe\n",
            "seat_based must be true or false",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,,abbreviation\n",
            "line 2: empty alias",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,E3 thing,nickname\n",
            "unknown alias kind 'nickname'",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,not-a-guid,sku_guid\n",
            "'not-a-guid' is not a GUID",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + "ms-m365-e3,E3 thing\n",
            "line 2: expected 3 cells, found 2",
        ),
        (
            "aliases.csv",
            _ALIASES_HEADER + 'ms-m365-e3,"E3 thing,abbreviation\n',
            "line 2: not valid CSV",
        ),
        ("other.csv", "client,product,qty\nAcme,M365 BP,3\n", "line 1: not a catalogue file"),
        ("empty.csv", "# nothing but a comment\n", "no header row"),
    ],
)
def test_bad_extra_catalogue_is_a_usage_error_naming_file_and_line(
    tmp_path: Path, filename: str, text: str, message: str
) -> None:
    path = _write(tmp_path / filename, text)
    with pytest.raises(UsageError) as caught:
        load_catalog([path])
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_extra_catalogue_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(UsageError, match="catalogue file not found"):
        load_catalog([missing])


@pytest.mark.parametrize(
    ("name", "sku", "expected"),
    [
        # A new-commerce id came with today's names: when the export's own name says another
        # product, our id table is what is wrong, so the name wins.
        ("Microsoft Entra ID P1", "CFQ7TTC0LFK5", "ms-entra-id-p1"),
        ("Microsoft Defender for Office 365 (Plan 1)", "CFQ7TTC0LH0R", "ms-defender-office-p1"),
        # Agreeing, or a name the catalogue doesn't know: the id decides.
        ("Microsoft Entra ID P2", "CFQ7TTC0LFK5", "ms-entra-id-p2"),
        ("Some Label", "CFQ7TTC0LFK5", "ms-entra-id-p2"),
        # String ids are older than the renames: SPE_F1 is F3 whatever an old export says.
        ("Microsoft 365 F1", "SPE_F1", "ms-m365-f3"),
    ],
)
def test_an_exports_own_name_beats_a_conflicting_new_commerce_id(
    catalog: Catalog, name: str, sku: str, expected: str
) -> None:
    hit = catalog.identify(name=name, sku=sku)
    assert hit is not None
    assert hit.id == expected


# --- a short category or billing qualifier set aside (issue 11, class 1) -------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SW - Exchange Online Plan 1", "ms-exchange-online-p1"),
        ("Licensing: Microsoft 365 E3", "ms-m365-e3"),
        ("Microsoft 365 Business Basic - M2M", "ms-m365-business-basic"),
        ("Email - Exchange Online (Plan 2) - M2M", "ms-exchange-online-p2"),
        ("Office 365 ProPlus [legacy]", "ms-m365-apps-enterprise"),
        ("SW - PowerBI Pro", "ms-power-bi-pro"),  # also written without spaces
    ],
)
def test_a_short_qualifier_is_set_aside(catalog: Catalog, name: str, expected: str) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    product, how = found
    assert product.id == expected
    assert "set aside" in how


@pytest.mark.parametrize(
    "name",
    [
        "Help Desk - Microsoft 365 E3",  # a service for E3 users, not the licence
        "Microsoft 365 E3 - Support",
        "Exchange Online - Plan 2",  # the plan is no qualifier
        "Microsoft 365 Business Premium (without Teams)",  # another SKU
        "Northwind Cloud Shield - Microsoft 365 E3",  # three words: a name, not a qualifier
    ],
)
def test_what_is_no_qualifier_is_never_set_aside(catalog: Catalog, name: str) -> None:
    found = catalog.lookup(name=name)
    assert found is None or "set aside" not in found[1]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Secure Productive Enterprise E3", "ms-m365-e3"),
        ("Secure Productive Enterprise E5", "ms-m365-e5"),
        ("Office 365 ATP", "ms-defender-office-p1"),
        ("Exchange Online Advanced Threat Protection", "ms-defender-office-p1"),
        ("Office 365 ATP Plan 2", "ms-defender-office-p2"),  # the plan still decides
        ("Microsoft Endpoint Manager", "ms-intune-p1"),
        ("Microsoft Teams Rooms Premium", "ms-teams-rooms-pro"),
        ("Microsoft 365 Firstline F3", "ms-m365-f3"),
        ("Microsoft 365 F1 Firstline", "ms-m365-f1"),
    ],
)
def test_microsofts_published_old_names_find_todays_product(
    catalog: Catalog, name: str, expected: str
) -> None:
    assert catalog.identify(name=name) is not None
    assert catalog.identify(name=name).id == expected  # type: ignore[union-attr]


# --- a brand and the words beside it (issue 11: branded PSA names the catalogue lacks) -------


@pytest.mark.parametrize(
    ("name", "expected", "how"),
    [
        # IRONSCALES has one catalogue product; "Anti-Phishing" is a word the catalogue lacks.
        (
            "IRONSCALES Anti-Phishing",
            "ironscales-email-security",
            "only catalogue product of its maker",
        ),
        (
            "SW - Acronis Backup",
            "acronis-cyber-protect-cloud",
            "only catalogue product of its maker",
        ),
        # Adobe has three products; "Acrobat Pro" is in one of them only.
        ("Adobe Acrobat Pro", "adobe-acrobat-pro-teams", "only one of the maker's products"),
        ("Checkpoint Harmony - Annual", "checkpoint-harmony-email", "only one of the maker's"),
    ],
)
def test_a_brand_and_its_deciding_words_name_one_product(
    catalog: Catalog, name: str, expected: str, how: str
) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    assert (found[0].id, how in found[1]) == (expected, True)


@pytest.mark.parametrize(
    "name",
    [
        "Huntress",  # three Huntress products and no word to choose
        "Adobe Acrobat",  # Pro or Standard: not said
        "Bitdefender AV",  # three GravityZone editions; "AV" picks none
        "Acronis Managed Backup",  # the MSP's own service around the product
        "IRONSCALES Premium",  # an edition the catalogue's one product does not carry
        "Acronis Backup (no encryption)",  # takes something out: another SKU
        "IRONSCALES Dropsuite",  # two makers' brands
        "IRONSCALES Backup",  # an add-on word that contradicts the product's own
    ],
)
def test_a_brand_without_a_deciding_word_names_nothing(catalog: Catalog, name: str) -> None:
    assert catalog.lookup(name=name) is None


# --- today's suite product with "Microsoft 365" left out (issue 11) -------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("365 Business Premium - M2M", "ms-m365-business-premium"),  # a bare "365" shows the suite
        ("365 F1", "ms-m365-f1"),  # no Office 365 F1 today
        ("MS Copilot License", "ms-m365-copilot"),  # a product word, not a tier word
        # Microsoft's business plans differ by the edition word alone: "Business" left out too.
        ("365 Standard (Annual)", "ms-m365-business-standard"),
        ("365 Basic", "ms-m365-business-basic"),
    ],
)
def test_a_suite_product_with_the_suite_left_out_is_that_product(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    assert (found[0].id, "suite" in found[1]) == (expected, True)


@pytest.mark.parametrize(
    "name",
    [
        "365 E5",  # Microsoft 365 E5 or Office 365 E5: both are sold today
        "365 E3",  # likewise, with "Business" left out as well: no business plan is "E3"
        "Standard",  # an edition word with no "365" before it
        "Business Basic",  # tier words alone: an MSP may call its own plan that
        "E3",
    ],
)
def test_a_suite_left_out_names_nothing_when_two_suites_fit_or_only_tiers_are_left(
    catalog: Catalog, name: str
) -> None:
    assert catalog.lookup(name=name) is None


# --- the Office 365 suite written "Office" alone (issue 11) ----------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Office E3", "ms-o365-e3"),  # today's name: never Microsoft 365 E3
        ("Office E1 - M2M", "ms-o365-e1"),  # with a billing qualifier set aside
        ("Office ProPlus", "ms-m365-apps-enterprise"),  # the old name Office 365 ProPlus
        ("Defender for Office P1", "ms-defender-office-p1"),
    ],
)
def test_the_office_suite_without_its_number_is_the_office_365_product(
    catalog: Catalog, name: str, expected: str
) -> None:
    found = catalog.lookup(name=name)
    assert found is not None
    assert (found[0].id, "'Office' for 'Office 365'" in found[1]) == (expected, True)


@pytest.mark.parametrize(
    "name",
    [
        # The old name of Business Standard, but also today's Business Premium's words under
        # Microsoft 365: left to the seats, never read by the name.
        "Office Business Premium",
        "Office F1",  # old Office 365 F1 (today F3) beside today's Microsoft 365 F1
        "Office",
    ],
)
def test_an_office_name_whose_old_name_was_renamed_onto_another_reads_nothing(
    catalog: Catalog, name: str
) -> None:
    assert catalog.lookup(name=name) is None
