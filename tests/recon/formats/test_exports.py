"""One realistic small file per format, read end to end into seat lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pytest

from recon.errors import BadCell
from recon.formats import read_export
from recon.formats.rules import period_months
from recon.model import Col, ExtraCol, LineSet, Side

AS_OF = dt.date(2026, 3, 1)


def _columns(text: str) -> list[str]:
    return text.split(",")


NCE_HEADER = _columns(
    "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,"
    "Tier2MpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,"
    "UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,"
    "PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,"
    "TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,BillingFrequency,"
    "PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,"
    "CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,"
    "PromotionId,ProductCategory"
)
LEGACY_HEADER = _columns(
    "PartnerId,CustomerId,CustomerName,MpnId,OrderId,SubscriptionId,"
    "SyndicationPartnerSubscriptionNumber,OfferId,DurableOfferId,OfferName,SubscriptionStartDate,"
    "SubscriptionEndDate,ChargeStartDate,ChargeEndDate,ChargeType,UnitPrice,Quantity,Amount,"
    "TotalOtherDiscount,Subtotal,Tax,TotalForCustomer,Currency,DomainName,SubscriptionName,"
    "SubscriptionDescription,BillingCycleType"
)
PAX8_INVOICE_HEADER = _columns(
    "id,purchaseOrderNumber,type,companyId,externalId,companyName,startPeriod,endPeriod,quantity,"
    "unitOfMeasure,term,sku,description,details,rateType,chargeType,price,subTotal,cost,costTotal,"
    "offeredBy,billedByPax8,total,productId,productName,billingFee,billingFeeRate,amountDue,"
    "currencyCode,salesTax,subscriptionId,vendorName"
)


def write(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Mapping[str, str] | Sequence[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    above: Sequence[str] = (),
    newline: str = "\r\n",
) -> Path:
    """Write a CSV the way an export would: optional title lines, header, rows."""
    buffer = io.StringIO()
    for line in above:
        buffer.write(line + newline)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        cells = [row.get(h, "") for h in header] if isinstance(row, Mapping) else list(row)
        writer.writerow(cells)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read(path: Path, side: Side, **kwargs: object) -> LineSet:
    """Read and check what every LineSet must satisfy."""
    lines = read_export(path, side=side, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
    frame = lines.lines
    assert tuple(c for c in frame.columns if c not in Col.OPTIONAL) == Col.ALL
    # Row numbers and commitment columns: the narrowest integer type for their values.
    for column in (Col.ROW, *(c for c in Col.COMMITMENT if c != Col.CURRENCY)):
        assert frame[column].dtype.kind == "i"
    assert frame[Col.QTY].dtype == "int64"
    assert frame[Col.UNIT].dtype == "Int64"
    for column in (Col.CLIENT, Col.CLIENT_ID, Col.PRODUCT, Col.SKU):
        assert not frame[column].isna().any()
        assert all(isinstance(v, str) for v in frame[column])
    assert lines.rows_read == len(frame) + sum(lines.skipped.values())
    assert lines.side is side
    return lines


def records(lines: LineSet, *columns: str) -> list[tuple[object, ...]]:
    frame = lines.lines
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in frame[list(columns)].itertuples(index=False)
    ]


# --- Microsoft -------------------------------------------------------------------------------


def _nce_rows() -> list[dict[str, str]]:
    basic = {
        "CustomerId": "0f1c-contoso",
        "CustomerName": "Contoso Ltd",
        "ProductId": "CFQ7TTC0LH18",
        "SkuId": "0001",
        "SkuName": "Microsoft 365 Business Basic",
        "ProductName": "Microsoft 365 Business Basic",
        "UnitPrice": "6.00",
        "TermAndBillingCycle": "1 Year, Monthly",
        "SubscriptionId": "sub-1",
        "ChargeStartDate": "2/1/2026",
    }
    return [
        {**basic, "ChargeType": "cycleCharge", "BillableQuantity": "10", "Quantity": "10"},
        {
            **basic,
            "ChargeType": "addQuantity",
            "BillableQuantity": "2",
            "EffectiveUnitPrice": "3.870967741935",
        },
        {**basic, "ChargeType": "removeQuantity", "BillableQuantity": "-1", "ProductName": ""},
        {
            "CustomerId": "7a2e-fabrikam",
            "CustomerName": "Fabrikam, Inc.",
            "ProductId": "CFQ7TTC0LCHC",
            "SkuId": "0002",
            "ProductName": "Microsoft 365 Business Premium",
            "ChargeType": "new",
            "UnitPrice": "'264.00",
            "BillableQuantity": "'5",
            "TermAndBillingCycle": "1 Year, Annual",
        },
        {
            "CustomerId": "99-northwind",
            "CustomerName": "Northwind",
            "ProductId": "CFQ7TTC0LFLX",
            "SkuId": "0002",
            "ProductName": "Microsoft 365 E3",
            "ChargeType": "new",
            "UnitPrice": "1296.00",
            "Quantity": "3",  # BillableQuantity empty: Quantity is used
            "TermAndBillingCycle": "3 Years, Triennial",
        },
        {"PartnerId": "Total", "Subtotal": "1234.00"},
    ]


def test_microsoft_nce(tmp_path: Path) -> None:
    lines = read(write(tmp_path / "nce.csv", NCE_HEADER, _nce_rows()), Side.VENDOR)
    assert lines.format_name == "microsoft_nce"
    assert records(lines, Col.ROW, Col.CLIENT_ID, Col.SKU, Col.PRODUCT, Col.QTY, Col.UNIT) == [
        (2, "0f1c-contoso", "CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic", 10_000, 6_000_000),
        (3, "0f1c-contoso", "CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic", 2_000, 6_000_000),
        (4, "0f1c-contoso", "CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic", -1_000, 6_000_000),
        (5, "7a2e-fabrikam", "CFQ7TTC0LCHC:0002", "Microsoft 365 Business Premium", 5_000,
         22_000_000),
        (6, "99-northwind", "CFQ7TTC0LFLX:0002", "Microsoft 365 E3", 3_000, 36_000_000),
    ]  # fmt: skip
    assert lines.skipped == {"total row": 1}
    assert lines.columns["quantity"] == "BillableQuantity"
    assert lines.columns["unit_price"] == "UnitPrice"
    assert lines.lines.groupby(Col.CLIENT_ID)[Col.QTY].sum()["0f1c-contoso"] == 11_000


def test_microsoft_nce_with_renamed_reordered_columns_semicolons_and_bom(tmp_path: Path) -> None:
    header = [h if h != "Tier2MpnId" else "ResellerMpnId" for h in NCE_HEADER]
    header = [h.upper() if h.startswith("Customer") else h for h in reversed(header)]
    rows = [
        {k.upper() if k.startswith("Customer") else k: v for k, v in r.items()} for r in _nce_rows()
    ]
    path = write(tmp_path / "nce.csv", header, rows, delimiter=";", encoding="utf-8-sig")
    lines = read(path, Side.VENDOR)
    assert lines.format_name == "microsoft_nce"
    assert lines.lines[Col.QTY].sum() == 19_000
    assert lines.columns["client"] == "CUSTOMERNAME"


def test_microsoft_legacy(tmp_path: Path) -> None:
    common = {
        "CustomerId": "c-1",
        "CustomerName": "Müller GmbH",
        "OfferId": "91FD106F-4B2C-4938-95AC-F54F74E9A239",
        "DurableOfferId": "CFQ7TTC0LF8Q",
        "OfferName": "Office 365 E3",
        "UnitPrice": "20.00",
        "BillingCycleType": "Monthly",
        "ChargeStartDate": "2/1/2019 0:00",
        "ChargeEndDate": "2/28/2019 23:59",
    }
    rows = [
        {**common, "ChargeType": "Cycle fee", "Quantity": "10"},
        {**common, "ChargeType": "Cycle instance prorate", "Quantity": "2"},
        {**common, "ChargeType": "Cancel instance prorate", "Quantity": "-2"},
        {
            **common,
            "CustomerName": "Café Nord",
            "OfferName": "",
            "SubscriptionName": "Exchange Plan 1",
            "DurableOfferId": "",
            "ChargeType": "Cycle fee",
            "Quantity": "4",
            "UnitPrice": "48.00",
            "BillingCycleType": "Annual",
        },
    ]
    lines = read(
        write(tmp_path / "legacy.csv", LEGACY_HEADER, rows, encoding="cp1252"), Side.VENDOR
    )
    assert lines.format_name == "microsoft_legacy"
    assert records(lines, Col.CLIENT, Col.PRODUCT, Col.SKU, Col.QTY, Col.UNIT) == [
        ("Müller GmbH", "Office 365 E3", "CFQ7TTC0LF8Q", 10_000, 20_000_000),
        ("Müller GmbH", "Office 365 E3", "CFQ7TTC0LF8Q", 2_000, 20_000_000),
        ("Müller GmbH", "Office 365 E3", "CFQ7TTC0LF8Q", -2_000, 20_000_000),
        ("Café Nord", "Exchange Plan 1", "91FD106F-4B2C-4938-95AC-F54F74E9A239", 4_000, 4_000_000),
    ]


# --- Pax8 ------------------------------------------------------------------------------------


def test_pax8_invoice_keeps_only_subscription_lines_priced_at_partner_cost(tmp_path: Path) -> None:
    # Prorate and one-time lines are set aside (listed with their money, never compared);
    # credits and other adjustments are skipped.
    base = {"companyId": "p8-1", "companyName": "Contoso", "sku": "MST-365-BP", "chargeType": "per"}
    rows = [
        {**base, "type": "subscription", "productName": "M365 Business Premium", "quantity": "10",
         "term": "Monthly", "price": "26.40", "cost": "22.00", "costTotal": "220.00"},
        {**base, "type": "subscription", "productName": "M365 Business Premium", "quantity": "5",
         "term": "Annual", "price": "316.80", "cost": "264.00"},
        {**base, "type": "prorate", "productName": "M365 Business Premium", "quantity": "2",
         "term": "Monthly", "cost": "7.33"},
        {**base, "type": "service-credit", "productName": "Credit", "quantity": "1", "cost": "-5"},
        {**base, "type": "one-time", "productName": "Setup", "quantity": "1", "cost": "50"},
        {**base, "type": "subscription", "productName": "", "description": "Backup 1TB",
         "quantity": "1", "term": "3 Year", "cost": "360"},
    ]  # fmt: skip
    lines = read(write(tmp_path / "pax8.csv", PAX8_INVOICE_HEADER, rows), Side.VENDOR)
    assert lines.format_name == "pax8_invoice"
    assert records(lines, Col.PRODUCT, Col.QTY, Col.UNIT) == [
        ("M365 Business Premium", 10_000, 22_000_000),
        ("M365 Business Premium", 5_000, 22_000_000),
        ("Backup 1TB", 1_000, 10_000_000),
    ]
    assert lines.skipped == {
        "proration": 1,
        "adjustment line (service credit)": 1,
        "one-time charge": 1,
    }
    assert lines.extras is not None
    assert sorted(
        zip(lines.extras[ExtraCol.CHARGE], lines.extras[ExtraCol.AMOUNT], strict=True)
    ) == [("one_time", 50_000_000), ("proration", 14_660_000)]
    assert lines.columns["unit_price"] == "cost"
    assert "price" not in lines.columns.values()


def test_pax8_invoice_title_case_export_without_type_column(tmp_path: Path) -> None:
    header = ["Company Id", "Company Name", "Product Name", "Sku", "Quantity", "Cost", "Cost Total",
              "Start Period", "End Period", "Billed By Pax8"]  # fmt: skip
    rows = [["1", "Contoso", "M365 BP", "X", "3", "$22.00", "$66.00", "2026-02-01", "2026-02-28",
             "true"]]  # fmt: skip
    lines = read(write(tmp_path / "p.csv", header, rows), Side.VENDOR)
    assert lines.format_name == "pax8_invoice"
    assert records(lines, Col.QTY, Col.UNIT) == [(3_000, 22_000_000)]


def test_pax8_subscriptions_status_and_dates(tmp_path: Path) -> None:
    header = ["id", "companyName", "companyId", "productName", "vendorSkuId", "quantity",
              "status", "billingTerm", "partnerCost", "price", "startDate", "endDate",
              "commitmentTerm", "createdDate"]  # fmt: skip

    def sub(status: str, qty: str, **extra: str) -> dict[str, str]:
        row = {"companyName": "Contoso", "productName": "Exchange Online (Plan 1)",
               "vendorSkuId": "CFQ7TTC0LH16:0001", "quantity": qty, "status": status,
               "billingTerm": "Monthly", "partnerCost": "4.00", "price": "5.00",
               "startDate": "2025-01-01"}  # fmt: skip
        return row | extra

    rows = [
        sub("Active", "10"),
        sub("PendingCancel", "2"),
        sub("Activated", "1", billingTerm="Annual", partnerCost="48.00"),
        sub("Cancelled", "5"),
        sub("PendingManual", "3"),
        sub("Trial", "25"),
        sub("Active", "4", endDate="2026-02-28"),
        sub("Active", "4", endDate="2026-03-01"),
        sub("Active", "6", startDate="2026-04-01"),
    ]
    lines = read(write(tmp_path / "subs.csv", header, rows), Side.VENDOR)
    assert lines.format_name == "pax8_subscriptions"
    assert records(lines, Col.SKU, Col.QTY, Col.UNIT) == [
        ("CFQ7TTC0LH16:0001", 10_000, 4_000_000),
        ("CFQ7TTC0LH16:0001", 2_000, 4_000_000),
        ("CFQ7TTC0LH16:0001", 1_000, 4_000_000),
        ("CFQ7TTC0LH16:0001", 4_000, 4_000_000),
    ]
    assert lines.skipped == {
        "cancelled": 1,
        "pending manual": 1,
        "trial": 1,
        "ended before 2026-03-01": 1,
        "not yet effective": 1,
    }


# --- generic vendor --------------------------------------------------------------------------


def test_generic_vendor_semicolon_decimal_comma_and_title_rows(tmp_path: Path) -> None:
    header = ["Kunde ID", "Customer", "Product", "Seats", "List Price", "Unit Cost", "Status"]
    rows = [
        ["1", "Müller GmbH", "Backup 500GB", "3", "15,00", "12,50", "Active"],
        ["2", "Café Nord", "Backup 1TB", "1.200", "25,00", "1.234,50", "active"],
        ["3", "Gone AG", "Backup 1TB", "2", "25,00", "20,00", "Suspended"],
        ["4", "", "Backup 1TB", "2", "", "", ""],
        ["5", "Odd AG", "", "2", "", "", ""],
    ]
    path = write(tmp_path / "dist.csv", header, rows, delimiter=";", encoding="cp1252",
                 above=["Distributor seat report", "Generated 01.03.2026", ""])  # fmt: skip
    lines = read(path, Side.VENDOR)
    assert lines.format_name == "generic_vendor"
    assert records(lines, Col.ROW, Col.CLIENT, Col.QTY, Col.UNIT) == [
        (5, "Müller GmbH", 3_000, 12_500_000),
        (6, "Café Nord", 1_200_000, 1_234_500_000),
    ]
    assert lines.skipped == {"suspended": 1, "no client name": 1, "no product name or SKU": 1}
    assert lines.columns["unit_price"] == "Unit Cost"


def test_vendor_file_without_cost_warns(tmp_path: Path) -> None:
    lines = read(write(tmp_path / "v.csv", ["Customer", "Product", "Qty"], [["A", "B", "1"]]),
                 Side.VENDOR)  # fmt: skip
    assert lines.lines[Col.UNIT].isna().all()
    expected = "no unit cost column: missing_in_psa gaps will be priced from PSA prices"
    assert expected in lines.warnings


def test_vendor_unreadable_cost_is_missing_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", ["Customer", "Product", "Qty", "Cost"],
                 [["A", "B", "1", "n/a"], ["A", "C", "1", "2.00"]])  # fmt: skip
    lines = read(path, Side.VENDOR)
    assert records(lines, Col.UNIT) == [(None,), (2_000_000,)]
    assert any("unreadable amount in 'Cost'" in w for w in lines.warnings)


def test_product_id_without_name_is_kept_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", ["Customer", "Product Name", "SKU", "Qty"],
                 [["A", "", "CFQ7TTC0LH18", "1"], ["A", "", "CFQ7TTC0LH16", "1"]])  # fmt: skip
    lines = read(path, Side.VENDOR)
    assert len(lines.lines) == 2
    assert "2 rows had a product id but no name" in lines.warnings


def test_prices_with_many_decimals_are_rounded_and_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", ["Customer", "Product", "Qty", "Unit Cost"],
                 [["A", "B", "1", "3.870967741935"]])  # fmt: skip
    lines = read(path, Side.VENDOR)
    assert records(lines, Col.UNIT) == [(3_870_968,)]
    assert any("more than 6 decimals" in w for w in lines.warnings)


# --- ConnectWise -----------------------------------------------------------------------------

CW_HEADER = ["Company Name", "Agreement Name", "Agreement Type", "Product ID", "Description",
             "Quantity", "Less Included", "Price", "Ext Price", "Cost", "Bill", "Addition Status",
             "Effective", "Cancelled"]  # fmt: skip


def _cw(desc: str, qty: str, **kw: str) -> dict[str, str]:
    row = {"Company Name": "Contoso", "Agreement Name": "Contoso MSA", "Agreement Type": "Managed",
           "Product ID": "M365-BP", "Description": desc, "Quantity": qty, "Less Included": "0",
           "Price": "$26.40", "Ext Price": "", "Cost": "22.00", "Bill": "Billable",
           "Addition Status": "Active", "Effective": "1/1/2025", "Cancelled": ""}  # fmt: skip
    return row | kw


def _cw_rows() -> list[dict[str, str]]:
    return [
        _cw("Microsoft 365 Business Premium", "10", **{"Less Included": "2"}),
        _cw("Microsoft 365 Business Premium", "3", Bill="Do Not Bill"),
        _cw("Backup", "5", Bill="No Charge"),
        _cw("Backup", "5", **{"Addition Status": "Cancelled"}),
        _cw("Backup", "5", **{"Addition Status": "Inactive"}),
        _cw("Backup", "5", Cancelled="2/15/2026"),
        _cw("Backup", "7", Cancelled="3/15/2026", Price="(1,000.00)"),
        _cw("Backup", "5", Effective="4/1/2026"),
        _cw("", "2", **{"Product ID": "DEF-O365"}),
        _cw("Included seats", "2", **{"Less Included": "5"}),
        {"Company Name": "Total", "Ext Price": "$999.00"},
    ]


def test_connectwise_additions(tmp_path: Path) -> None:
    lines = read(write(tmp_path / "cw.csv", CW_HEADER, _cw_rows()), Side.PSA)
    assert lines.format_name == "connectwise"
    assert records(lines, Col.ROW, Col.PRODUCT, Col.SKU, Col.QTY, Col.UNIT) == [
        (2, "Microsoft 365 Business Premium", "M365-BP", 8_000, 26_400_000),
        (8, "Backup", "M365-BP", 7_000, -1_000_000_000),
        (10, "DEF-O365", "DEF-O365", 2_000, 26_400_000),
        (11, "Included seats", "M365-BP", 0, 26_400_000),
    ]
    assert lines.skipped == {
        "not billable (Do Not Bill)": 1,
        "not billable (No Charge)": 1,
        "cancelled": 2,
        "inactive": 1,
        "not yet effective": 1,
        "total row": 1,
    }
    assert lines.columns["unit_price"] == "Price"
    assert lines.columns["less_included"] == "Less Included"
    assert any("more seats than their quantity" in w for w in lines.warnings)


def test_connectwise_tab_delimited_with_header_below_a_title(tmp_path: Path) -> None:
    path = write(tmp_path / "cw.tsv", CW_HEADER, _cw_rows()[:2], delimiter="\t",
                 above=["Agreement Additions", "Exported on 3/1/2026"])  # fmt: skip
    lines = read(path, Side.PSA)
    assert lines.format_name == "connectwise"
    assert records(lines, Col.ROW, Col.QTY) == [(4, 8_000)]


def test_connectwise_skips_additions_of_cancelled_agreements(tmp_path: Path) -> None:
    header = [*CW_HEADER, "Agreement Status"]
    rows = [_cw("A", "1", **{"Agreement Status": "Active"}),
            _cw("B", "1", **{"Agreement Status": "Cancelled"})]  # fmt: skip
    lines = read(write(tmp_path / "cw.csv", header, rows), Side.PSA)
    assert records(lines, Col.PRODUCT) == [("A",)]
    assert lines.skipped == {"agreement cancelled": 1}


def test_bad_quantity_in_a_seat_row_names_row_column_and_value(tmp_path: Path) -> None:
    rows = [_cw("A", "1"), _cw("B", "ten"), _cw("C", "lots"), _cw("D", "??", Bill="Do Not Bill")]
    with pytest.raises(BadCell) as caught:
        read(write(tmp_path / "cw.csv", CW_HEADER, rows), Side.PSA)
    err = caught.value
    assert (err.row, err.column, err.value, err.more) == (3, "Quantity", "ten", 1)
    assert str(err) == (
        f"{tmp_path / 'cw.csv'}: row 3, column 'Quantity': quantity is not readable: got 'ten', "
        "expected a number of seats like 12 or 1,200 (at most 3 decimals) (1 more bad value in "
        "this file)"
    )


def test_bad_quantity_in_a_skipped_row_is_ignored(tmp_path: Path) -> None:
    rows = [_cw("A", "1"), _cw("B", "ten", **{"Addition Status": "Cancelled"})]
    lines = read(write(tmp_path / "cw.csv", CW_HEADER, rows), Side.PSA)
    assert len(lines.lines) == 1


def test_bad_price_on_the_psa_side_is_an_error(tmp_path: Path) -> None:
    rows = [_cw("A", "1", Price="call us")]
    with pytest.raises(BadCell, match=r"row 2, column 'Price'.*got 'call us', expected an amount"):
        read(write(tmp_path / "cw.csv", CW_HEADER, rows), Side.PSA)


# --- other PSAs ------------------------------------------------------------------------------


def test_autotask_recurring_services(tmp_path: Path) -> None:
    header = ["Contract Name", "Contract Type", "Organization Name", "Service Name", "Units",
              "Unit Price", "Adjusted Price", "Unit Cost", "Period Type", "Contract Status",
              "Start Date", "End Date"]  # fmt: skip

    def svc(units: str, **kw: str) -> dict[str, str]:
        row = {
            "Contract Name": "Managed",
            "Contract Type": "Recurring Service",
            "Organization Name": "Contoso",
            "Service Name": "M365 BP",
            "Units": units,
            "Unit Price": "30.00",
            "Unit Cost": "22.00",
            "Period Type": "Monthly",
            "Contract Status": "Active",
            "Start Date": "2025-01-01",
            "End Date": "2026-12-31",
        }
        return row | kw  # fmt: skip

    rows = [
        svc("10"),
        svc("4", **{"Adjusted Price": "27.50"}),
        svc("2", **{"Period Type": "Quarterly", "Unit Price": "90.00"}),
        svc("1", **{"Period Type": "Yearly", "Unit Price": "360.00"}),
        svc("1", **{"Period Type": "Semi-Annual", "Unit Price": "180.00"}),
        svc("9", **{"Contract Status": "Inactive"}),
        svc("9", **{"End Date": "2026-01-31"}),
        svc("9", **{"Contract Type": "Time & Materials"}),
    ]
    lines = read(write(tmp_path / "at.csv", header, rows), Side.PSA)
    assert lines.format_name == "autotask"
    assert records(lines, Col.QTY, Col.UNIT) == [
        (10_000, 30_000_000),
        (4_000, 27_500_000),
        (2_000, 30_000_000),
        (1_000, 30_000_000),
        (1_000, 30_000_000),
    ]
    assert lines.skipped == {
        "inactive": 1,
        "ended before 2026-03-01": 1,
        "not a recurring contract (Time & Materials)": 1,
    }


def test_kaseya_bms(tmp_path: Path) -> None:
    header = ["Account Name", "Contract Name", "Service Name", "Quantity", "Rate", "Frequency",
              "Status", "Cost"]  # fmt: skip
    rows = [["Contoso", "MSA", "Backup", "3", "10.00", "Monthly", "Active", "5"],
            ["Contoso", "MSA", "Firewall", "1", "1200.00", "Annually", "Active", "5"],
            ["Fabrikam", "MSA", "Backup", "3", "10.00", "Monthly", "Expired", "5"]]  # fmt: skip
    lines = read(write(tmp_path / "bms.csv", header, rows), Side.PSA)
    assert lines.format_name == "kaseya_bms"
    assert records(lines, Col.PRODUCT, Col.QTY, Col.UNIT) == [
        ("Backup", 3_000, 10_000_000),
        ("Firewall", 1_000, 100_000_000),
    ]
    assert lines.skipped == {"expired": 1}


def test_halopsa(tmp_path: Path) -> None:
    header = ["Client Name", "Recurring Invoice", "Item", "Quantity", "Unit Price", "Active",
              "Billing Period"]  # fmt: skip
    rows = [["Contoso", "Monthly MSP", "M365 BP", "10", "26.40", "Yes", "Monthly"],
            ["Contoso", "Yearly", "Domain", "1", "24.00", "Yes", "Yearly"],
            ["Contoso", "Old", "M365 BP", "3", "26.40", "No", "Monthly"]]  # fmt: skip
    lines = read(write(tmp_path / "halo.csv", header, rows), Side.PSA)
    assert lines.format_name == "halopsa"
    assert records(lines, Col.PRODUCT, Col.QTY, Col.UNIT) == [
        ("M365 BP", 10_000, 26_400_000),
        ("Domain", 1_000, 2_000_000),
    ]
    assert lines.skipped == {"inactive": 1}


def test_generic_psa_derives_unit_price_from_amount(tmp_path: Path) -> None:
    header = ["Client", "Item Description", "Qty", "Line Total", "Billing Cycle"]
    rows = [["Contoso", "Backup", "3", "30.00", "Monthly"],
            ["Contoso", "Firewall", "2", "240.00", "Annual"],
            ["Contoso", "Spare", "0", "0.00", "Monthly"]]  # fmt: skip
    lines = read(write(tmp_path / "psa.csv", header, rows), Side.PSA)
    assert lines.format_name == "generic_psa"
    assert records(lines, Col.PRODUCT, Col.QTY, Col.UNIT) == [
        ("Backup", 3_000, 10_000_000),
        ("Firewall", 2_000, 10_000_000),
        ("Spare", 0, None),
    ]


def test_generic_psa_never_takes_cost_as_the_price(tmp_path: Path) -> None:
    header = ["Client", "Product", "Qty", "Cost", "Unit Price"]
    lines = read(write(tmp_path / "psa.csv", header, [["A", "B", "1", "5", "9"]]), Side.PSA)
    assert lines.columns["unit_price"] == "Unit Price"
    assert records(lines, Col.UNIT) == [(9_000_000,)]


def test_unrecognised_billing_cycle_is_monthly_with_a_warning(tmp_path: Path) -> None:
    header = ["Client", "Product", "Qty", "Price", "Billing Cycle"]
    lines = read(write(tmp_path / "p.csv", header, [["A", "B", "1", "5", "Fortnightly"]]), Side.PSA)
    assert records(lines, Col.UNIT) == [(5_000_000,)]
    assert any("'Fortnightly'" in w and "taken as monthly" in w for w in lines.warnings)


def test_one_time_charges_are_set_aside_with_their_money(tmp_path: Path) -> None:
    header = ["Client", "Product", "Qty", "Price", "Billing Cycle"]
    rows = [["A", "Setup", "2", "50", "One-Time"], ["A", "Backup", "3", "4", "Monthly"]]
    lines = read(write(tmp_path / "p.csv", header, rows), Side.PSA)
    assert records(lines, Col.PRODUCT, Col.UNIT) == [("Backup", 4_000_000)]
    assert lines.skipped == {"one-time charge": 1}
    assert lines.extras is not None
    assert lines.extras[ExtraCol.AMOUNT].tolist() == [100_000_000]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Monthly", 1),
        ("Annual", 12),
        ("Yearly", 12),
        ("Quarterly", 3),
        ("Semi-Annual", 6),
        ("2-Year", 24),
        ("3 Year", 36),
        ("P1Y", 12),
        ("1 Year, Monthly", 1),
        ("1 Year, Annual", 12),
        ("3 Years, Triennial", 36),
        ("Monthly term, Monthly billing", 1),
        ("Annual commitment, billed monthly", 1),
        ("One-Time", 0),
        ("Activation", 0),
        ("Arrears", 1),
        ("monthly/yearly billing", None),
        ("Fortnightly", None),
    ],
)
def test_billing_periods(text: str, months: int | None) -> None:
    assert period_months(text) == months


def test_nce_yearly_term_without_billing_part_is_not_guessed(tmp_path: Path) -> None:
    row = {"CustomerName": "A", "ProductId": "P", "ProductName": "E3", "BillableQuantity": "1",
           "UnitPrice": "36.00", "TermAndBillingCycle": "1 Year"}  # fmt: skip
    lines = read(write(tmp_path / "nce.csv", NCE_HEADER, [row]), Side.VENDOR)
    assert records(lines, Col.UNIT) == [(36_000_000,)]
    assert any("'1 Year'" in w and "taken as monthly" in w for w in lines.warnings)


def test_nce_billing_frequency_is_used_when_the_term_says_nothing(tmp_path: Path) -> None:
    row = {"CustomerName": "A", "ProductId": "P", "ProductName": "RI", "BillableQuantity": "1",
           "UnitPrice": "120.00", "BillingFrequency": "Annual"}  # fmt: skip
    lines = read(write(tmp_path / "nce.csv", NCE_HEADER, [row]), Side.VENDOR)
    assert records(lines, Col.UNIT) == [(10_000_000,)]


def test_a_generic_export_gives_its_commitment_by_column_role(tmp_path: Path) -> None:
    header = ["Customer", "Product", "Seats", "Unit Cost", "Commitment", "Renewal Date",
              "Auto Renew", "Currency"]  # fmt: skip
    rows = [["Acme", "M365 E3", "10", "33.00", "1-Year", "2027-03-01", "Yes", "eur"]]
    lines = read(write(tmp_path / "dist.csv", header, rows), Side.VENDOR)
    row = lines.lines.iloc[0]
    assert row[Col.TERM] == 12
    # A renewal date is the first day of the next term: the term ends the day before.
    assert dt.date.fromordinal(row[Col.TERM_END]) == dt.date(2027, 2, 28)
    assert (row[Col.AUTO_RENEW], row[Col.CURRENCY]) == (1, "EUR")
    assert lines.columns["term"] == "Commitment"


def test_pax8_exports_give_each_line_its_commitment_term_and_currency(tmp_path: Path) -> None:
    base = {"companyId": "p8-1", "companyName": "Contoso", "sku": "MST-365-BP", "type":
            "subscription", "productName": "M365 Business Premium", "cost": "22.00"}  # fmt: skip
    rows = [
        {**base, "quantity": "10", "term": "Monthly", "currencyCode": "USD"},
        {**base, "quantity": "5", "term": "Annual", "currencyCode": "CAD"},
        {**base, "quantity": "1", "term": "3 Year", "currencyCode": "USD"},
    ]
    invoice = read(write(tmp_path / "pax8.csv", PAX8_INVOICE_HEADER, rows), Side.VENDOR)
    # An invoice's term is how the line is billed, not the commitment: unknown (0), not
    # guessed; each line keeps its own currency.
    assert records(invoice, Col.QTY, Col.UNIT, Col.TERM, Col.CURRENCY) == [
        (10_000, 22_000_000, 0, "USD"),
        (5_000, 1_833_333, 0, "CAD"),
        (1_000, 611_111, 0, "USD"),
    ]

    header = ["companyName", "productName", "vendorSkuId", "quantity", "status", "billingTerm",
              "partnerCost", "startDate", "commitmentTerm", "commitmentTermEndDate"]  # fmt: skip
    subs = [
        ["Contoso", "Exchange Online (Plan 1)", "CFQ7TTC0LH16:0001", "10", "Active", "Monthly",
         "4.00", "2025-07-01", "1-Year", "2026-06-30"],
        ["Contoso", "Exchange Online (Plan 1)", "CFQ7TTC0LH16:0001", "2", "Active", "Monthly",
         "4.00", "2026-02-01", "Monthly", "2026-02-28"],
    ]  # fmt: skip
    lines = read(write(tmp_path / "subs.csv", header, subs), Side.VENDOR)
    assert lines.format_name == "pax8_subscriptions"
    day = dt.date.fromordinal
    assert [(r[Col.TERM], day(r[Col.TERM_END])) for _, r in lines.lines.iterrows()] == [
        (12, dt.date(2026, 6, 30)),
        (1, dt.date(2026, 2, 28)),
    ]
