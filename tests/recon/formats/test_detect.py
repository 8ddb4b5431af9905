"""Format detection from header rows, column maps, and the messages when a file doesn't fit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from recon.errors import FormatNotRecognised, MissingColumns, UsageError
from recon.formats import (
    FORMATS,
    FormatSpec,
    detect_export,
    get_format,
    list_formats,
    read_export,
)
from recon.formats.detect import choose_format
from recon.formats.header import header_key
from recon.model import Col, Side

AS_OF = dt.date(2026, 3, 1)

HEADERS = {
    "microsoft_nce": (
        "PartnerId,CustomerId,CustomerName,CustomerDomainName,ProductId,SkuId,AvailabilityId,"
        "SkuName,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TermAndBillingCycle,"
        "EffectiveUnitPrice,BillableQuantity,BillingFrequency,PCToBCExchangeRate"
    ),
    "microsoft_legacy": (
        "PartnerId,CustomerId,CustomerName,MpnId,OrderId,SubscriptionId,"
        "SyndicationPartnerSubscriptionNumber,OfferId,DurableOfferId,OfferName,ChargeType,"
        "UnitPrice,Quantity,Amount,TotalForCustomer,DomainName,SubscriptionName,BillingCycleType"
    ),
    "pax8_invoice": (
        "id,type,companyId,companyName,startPeriod,endPeriod,quantity,term,sku,productName,"
        "price,subTotal,cost,costTotal,billedByPax8,amountDue"
    ),
    "pax8_subscriptions": (
        "id,companyName,companyId,productName,vendorSkuId,quantity,status,billingTerm,"
        "partnerCost,price,startDate,endDate,commitmentTerm"
    ),
    "connectwise": (
        "Company Name,Agreement Name,Agreement Type,Product ID,Description,Quantity,"
        "Less Included,Price,Ext Price,Bill,Addition Status,Effective,Cancelled"
    ),
    "autotask": (
        "Contract Name,Organization Name,Service Name,Units,Unit Price,Adjusted Price,"
        "Period Type,Contract Status,Start Date,End Date"
    ),
    "kaseya_bms": "Account Name,Contract Name,Service Name,Quantity,Rate,Frequency,Status",
    "halopsa": "Client Name,Recurring Invoice,Item,Quantity,Unit Price,Active,Billing Period",
}
SIDES = {spec.name: spec.side for spec in FORMATS}


def _snake(header: str) -> str:
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", header)
    return "_".join(w.lower() for w in words) or header


SPELLINGS: dict[str, Callable[[str], str]] = {
    "as-is": lambda h: h,
    "lower": str.lower,
    "upper": str.upper,
    "snake": _snake,
    "spaced": lambda h: f"  {_snake(h).replace('_', ' ').title()} ",
    "dashed": lambda h: _snake(h).upper().replace("_", "-"),
}


def _file(header: str, spell: Callable[[str], str] = lambda h: h) -> bytes:
    return (",".join(spell(h) for h in header.split(",")) + "\r\n").encode()


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("name", HEADERS)
def test_each_format_is_detected_whatever_the_header_spelling(name: str, spelling: str) -> None:
    detection = detect_export(_file(HEADERS[name], SPELLINGS[spelling]), name="x.csv")
    assert detection.format_name == name
    assert detection.side is SIDES[name]
    assert 0 < detection.score <= 1
    assert {"client", "quantity"} <= set(detection.columns)


@pytest.mark.parametrize("name", HEADERS)
def test_each_format_reads_as_its_own_side(name: str) -> None:
    lines = read_export(_file(HEADERS[name]), name="x.csv", side=SIDES[name], as_of=AS_OF)
    assert lines.format_name == name
    assert lines.rows_read == 0


@pytest.mark.parametrize("name", HEADERS)
def test_a_file_given_as_the_other_side_is_called_swapped(name: str) -> None:
    other = Side.PSA if SIDES[name] is Side.VENDOR else Side.VENDOR
    label = get_format(name).label
    with pytest.raises(FormatNotRecognised) as caught:
        read_export(_file(HEADERS[name]), name="x.csv", side=other)
    message = str(caught.value)
    assert message.startswith(f"x.csv: this looks like a {label} export")
    assert message.endswith("did you swap the two files?")
    assert ("(a PSA file)" in message) is (SIDES[name] is Side.PSA)


def test_unknown_headers_with_the_roles_fall_back_to_generic() -> None:
    data = b"Customer,Product,Qty,Unit Price\r\nA,B,1,2\r\n"
    detection = detect_export(data, name="x.csv")
    assert (detection.format_name, detection.side, detection.score) == ("generic", None, 1.0)
    assert read_export(data, side=Side.VENDOR).format_name == "generic_vendor"
    assert read_export(data, side=Side.PSA).format_name == "generic_psa"


def test_generic_file_without_a_side_asks_for_one() -> None:
    with pytest.raises(UsageError, match=r"x\.csv: can't tell whether this is a vendor or a PSA"):
        read_export(b"Customer,Product,Qty\r\nA,B,1\r\n", name="x.csv")


def test_a_tie_between_two_formats_falls_back_to_generic() -> None:
    twins = [
        FormatSpec(name=n, label=n, side=Side.PSA, signature=frozenset({"Alpha", "Beta", "Gamma"}))
        for n in ("one", "two")
    ]
    specs = (*twins, *FORMATS)
    headers = ("Client", "Product", "Qty", "Price", "Alpha", "Beta", "Gamma")
    spec, _ = choose_format(specs, headers, side=Side.PSA, path="x.csv")
    assert spec is not None
    assert spec.name == "generic_psa"
    assert choose_format(specs, headers, side=None, path="x.csv") == (None, 0.0)
    assert choose_format(specs, headers[:-1], side=None, path="x.csv")[0] is None  # too weak


def test_weak_signature_falls_back_to_generic_psa() -> None:
    data = b"Company,Product,Quantity,Price,Bill\r\nA,B,1,2,Billable\r\n"
    lines = read_export(data, side=Side.PSA, as_of=AS_OF)
    assert lines.format_name == "generic_psa"
    assert lines.columns["billable"] == "Bill"


def test_nce_is_not_taken_for_legacy_or_the_other_way_round() -> None:
    assert detect_export(_file(HEADERS["microsoft_nce"])).format_name == "microsoft_nce"
    assert detect_export(_file(HEADERS["microsoft_legacy"])).format_name == "microsoft_legacy"


def test_list_formats_names_side_and_required_roles() -> None:
    infos = {info.name: info for info in list_formats()}
    assert set(infos) == set(HEADERS) | {"generic_vendor", "generic_psa"}
    assert infos["connectwise"].required == (
        "client",
        "quantity",
        "product or sku",
        "unit_price or amount",
    )
    assert infos["pax8_invoice"].side is Side.VENDOR


# --- forced formats --------------------------------------------------------------------------


def test_unknown_forced_format_lists_the_valid_names() -> None:
    with pytest.raises(
        UsageError, match=r"unknown format 'pax9'; valid formats are: .*pax8_invoice"
    ):
        read_export(b"x", format_name="pax9", side=Side.VENDOR)


def test_forced_format_of_the_other_side_is_refused() -> None:
    with pytest.raises(
        UsageError, match=r"connectwise .* is a psa format; it can't read the vendor"
    ):
        read_export(b"x", format_name="connectwise", side=Side.VENDOR)


def test_forced_format_wins_over_detection() -> None:
    data = _file(HEADERS["kaseya_bms"]) + b"Contoso,MSA,Backup,3,10,Monthly,Active\r\n"
    lines = read_export(data, format_name="generic_psa", side=Side.PSA, as_of=AS_OF)
    assert lines.format_name == "generic_psa"


def test_forced_format_that_does_not_fit_names_the_missing_roles() -> None:
    with pytest.raises(MissingColumns, match="Pax8 subscriptions export, but no column"):
        read_export(b"Client,Item,Amount\r\n", format_name="pax8_subscriptions")


# --- missing columns and --map ---------------------------------------------------------------

SEATS = b"Customer,Offer,Seats Purchased,Monthly\r\nContoso,Backup,3,10.00\r\n"


def test_missing_quantity_suggests_the_likeliest_column() -> None:
    with pytest.raises(MissingColumns) as caught:
        read_export(SEATS, name="dist.csv", side=Side.VENDOR)
    err = caught.value
    assert err.missing_roles == ("quantity",)
    assert err.headers == ("Customer", "Offer", "Seats Purchased", "Monthly")
    assert err.format_name == "generic_vendor"
    assert str(err) == (
        "dist.csv: this looks like a generic vendor export, but no column was found for "
        'quantity. Columns in the file: "Customer", "Offer", "Seats Purchased", "Monthly". '
        'Say which column to use, e.g. --map quantity="Seats Purchased" (roles: client, '
        "client_id, product, sku, quantity, unit_price, amount, status, billable, less_included, "
        "charge_type, start_date, end_date, billing_cycle, subscription_id, agreement, term, "
        "term_start, term_end, cancel_by, auto_renew, currency)"
    )


def test_missing_psa_price_names_both_roles_and_the_map() -> None:
    with pytest.raises(MissingColumns) as caught:
        read_export(b"Customer,Product,Qty,Charge Per Month\r\n", name="p.csv", side=Side.PSA)
    message = str(caught.value)
    assert "no column was found for unit_price or amount" in message
    assert '--map unit_price="Charge Per Month"' in message
    assert caught.value.missing_roles == ("unit_price", "amount")


def test_a_map_fills_the_missing_role() -> None:
    lines = read_export(
        SEATS, side=Side.VENDOR, column_map={"quantity": "seats purchased", "unit_price": "Monthly"}
    )
    assert lines.lines[Col.QTY].tolist() == [3000]
    assert lines.lines[Col.UNIT].tolist() == [10_000_000]
    assert lines.columns["quantity"] == "Seats Purchased"


def test_a_map_can_find_the_header_row() -> None:
    data = b"Report\r\nTenant Display,Offer,Seats Purchased\r\nContoso,Backup,3\r\n"
    lines = read_export(
        data,
        side=Side.VENDOR,
        column_map={"client": "Tenant Display", "quantity": "Seats Purchased"},
    )
    assert lines.lines[[Col.ROW, Col.CLIENT]].values.tolist() == [[3, "Contoso"]]


def test_a_map_takes_a_column_away_from_the_role_that_had_it() -> None:
    data = b"Customer,Product,Qty,Price,Cost\r\nA,B,1,9,5\r\n"
    lines = read_export(data, side=Side.VENDOR, column_map={"unit_price": "Cost"})
    assert lines.columns["unit_price"] == "Cost"
    assert lines.lines[Col.UNIT].tolist() == [5_000_000]


def test_an_empty_map_entry_drops_a_role() -> None:
    data = b"Customer,Product,Qty,Status\r\nA,B,1,Weird\r\n"
    lines = read_export(data, side=Side.VENDOR, column_map={"status": ""})
    assert "status" not in lines.columns
    assert not lines.warnings or all("status" not in w for w in lines.warnings)


def test_unknown_role_in_map_lists_the_roles() -> None:
    with pytest.raises(UsageError, match=r"--map: unknown role 'seats'; valid roles are: client,"):
        read_export(SEATS, side=Side.VENDOR, column_map={"seats": "Seats Purchased"})


def test_map_to_a_missing_column_lists_the_headers() -> None:
    with pytest.raises(UsageError) as caught:
        read_export(SEATS, name="d.csv", side=Side.VENDOR, column_map={"quantity": "Seats"})
    assert str(caught.value) == (
        "--map quantity='Seats': d.csv has no column 'Seats'; its columns are: "
        '"Customer", "Offer", "Seats Purchased", "Monthly"'
    )


def test_saved_map_applies_to_its_format_and_explicit_map_wins() -> None:
    saved = {"generic_vendor": {"quantity": "Seats Purchased", "unit_price": "Monthly"}}
    lines = read_export(SEATS, side=Side.VENDOR, saved_maps=saved)
    assert lines.lines[Col.UNIT].tolist() == [10_000_000]
    lines = read_export(SEATS, side=Side.VENDOR, saved_maps=saved, column_map={"unit_price": ""})
    assert lines.lines[Col.UNIT].isna().all()


def test_saved_map_for_another_format_is_not_applied() -> None:
    saved = {"connectwise": {"quantity": "Seats Purchased"}}
    with pytest.raises(MissingColumns):
        read_export(SEATS, side=Side.VENDOR, saved_maps=saved)


def test_stale_saved_map_entry_is_a_warning_not_an_error() -> None:
    saved = {"generic_vendor": {"quantity": "Seats Purchased", "unit_price": "Old Column"}}
    lines = read_export(SEATS, side=Side.VENDOR, saved_maps=saved)
    assert any("'Old Column'" in w for w in lines.warnings)


def test_header_keys_ignore_case_spacing_punctuation_and_camel_case() -> None:
    spellings = [
        "Customer Name",
        "customer_name",
        "CUSTOMER-NAME",
        "customerName",
        " Customer.Name ",
    ]
    assert {header_key(s) for s in spellings} == {"customername"}
    assert header_key("Unit Price ($)") == header_key("unit_price_usd") == "unitprice"


def test_weak_evidence_for_the_other_side_is_not_called_swapped() -> None:
    data = (
        b"Customer,Product,Qty,Contract Name,Period Type,Contract Status\r\n"
        b"A,B,1,C,Monthly,Active\r\n"
    )
    assert detect_export(data).format_name == "autotask"  # 3 signature headers: enough to guess
    lines = read_export(data, side=Side.VENDOR, as_of=AS_OF)  # not enough to accuse
    assert lines.format_name == "generic_vendor"
