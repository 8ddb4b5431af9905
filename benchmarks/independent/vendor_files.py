"""Write the vendor side: Pax8 invoice items or subscriptions, or Partner Center NCE recon.

Headers: Pax8 invoice items use the ``InvoiceItem`` field names of Pax8's OpenAPI; Pax8
subscriptions the ``Subscription`` field names (plus ``companyName``, and the commitment's
end date flattened as ``commitmentTermEndDate``); Partner Center the 47-column new-commerce
billed reconciliation header (research/samples/headers). Line shapes:

- Pax8 invoice: one ``subscription`` line per subscription (its seats now; ``term`` is the
  billing term, the commitment is spelled out in ``details``); seats added or removed in the
  period and short-lived seats as ``prorate`` lines (partial-period money, not seats); service
  credits; trials as ``subscription`` lines with term ``Trial`` at 0.00; one-time purchases
  as ``one-time`` lines.
- Pax8 subscriptions: one row per subscription with its status (Active, Trial, Cancelled).
- Partner Center: ``cycleCharge`` (or ``new`` when it started this period) for the seats held
  before this period's changes, ``addQuantity`` / ``removeQuantity`` lines for the changes
  (they sum to the seats held), short-lived seats as an add/remove pair that nets to zero,
  a subscription cancelled in its window as ``new`` + ``cancelImmediate``, trials at 0.00
  with term "One-Month Trial", one-time purchases with ``BillingFrequency`` OneTime.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.independent.catalogue import Product, by_pid
from benchmarks.independent.model import Client, Subscription
from benchmarks.independent.spellings import Spellings

PAX8_INVOICE_HEADER = (
    "id,purchaseOrderNumber,type,companyId,externalId,companyName,startPeriod,endPeriod,"
    "quantity,unitOfMeasure,term,sku,description,details,rateType,chargeType,price,subTotal,"
    "cost,costTotal,offeredBy,billedByPax8,total,productId,productName,billingFee,"
    "billingFeeRate,amountDue,currencyCode,salesTax,subscriptionId,vendorName"
).split(",")
PAX8_SUBSCRIPTION_HEADER = (
    "id,parentSubscriptionId,companyId,companyName,productId,productName,vendorSubscriptionId,"
    "vendorSkuId,quantity,startDate,endDate,createdDate,updatedDate,billingStart,status,price,"
    "currencyCode,partnerCost,billingTerm,commitmentTerm,commitmentTermEndDate,"
    "provisioningDetails"
).split(",")
NCE_HEADER = (
    "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,"
    "Tier2MpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,"
    "ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,"
    "PublisherName,PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,"
    "ChargeEndDate,TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,"
    "BillableQuantity,BillingFrequency,PricingCurrency,PCToBCExchangeRate,"
    "PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,CreditReasonCode,"
    "SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,PromotionId,"
    "ProductCategory"
).split(",")

# A narrower export of the same files: the columns a person keeps in a list view or a shorter
# API flattening (client, ids, product, seats, partner money, term, dates), dropping the
# customer-side money, fees and descriptive duplicates. ``--columns narrow`` writes these.
NARROW = {
    "pax8": (
        "type,companyName,startPeriod,endPeriod,quantity,term,details,cost,costTotal,"
        "productName,currencyCode"
    ).split(","),
    "pax8subs": PAX8_SUBSCRIPTION_HEADER,
    "partnercenter": (
        "CustomerId,CustomerName,InvoiceNumber,ProductId,SkuId,SkuName,ProductName,ChargeType,"
        "UnitPrice,Quantity,Subtotal,Total,Currency,SubscriptionId,ChargeStartDate,"
        "ChargeEndDate,TermAndBillingCycle,EffectiveUnitPrice,BillableQuantity,"
        "BillingFrequency,SubscriptionStartDate,SubscriptionEndDate"
    ).split(","),
}

PAX8_TERM = {"monthly": "Monthly", "annual": "Annual", "trial": "Trial", "one_time": "One-Time"}
PAX8_COMMITMENT = {"monthly": "Monthly", "annual": "1-Year", "three_year": "3-Year"}
NCE_TERM = {
    ("monthly", "monthly"): "1 Month, Monthly",
    ("annual", "monthly"): "1 Year, Monthly",
    ("annual", "annual"): "1 Year, Annual",
    ("three_year", "monthly"): "3 Years, Monthly",
    ("three_year", "annual"): "3 Years, Annual",
    ("trial", "none"): "One-Month Trial",
    ("one_time", "one_time"): "One-Time",
}
NCE_FREQUENCY = {"monthly": "Monthly", "annual": "Annual", "none": "", "one_time": "OneTime"}
COUNTRY = {"USD": "US", "EUR": "DE", "GBP": "GB", "CAD": "CA", "AUD": "AU"}
CENT = Decimal("0.01")


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _guid(*parts: object) -> str:
    h = _id(*parts)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _us(day: dt.date | None) -> str:
    return f"{day.month}/{day.day}/{day.year}" if day else ""


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _subs(client: Client) -> Iterable[Subscription]:
    for holding in client.holdings:
        yield from holding.subs
    yield from client.extras


class _Writer:
    def __init__(self, path: Path, header: list[str], keep: list[str] | None = None) -> None:
        self.f = path.open("w", encoding="utf-8", newline="")
        self.w = csv.writer(self.f, lineterminator="\r\n")
        self.header = [h for h in header if keep is None or h in keep]
        self.w.writerow(self.header)
        self.lines = 0

    def row(self, values: dict[str, Any]) -> None:
        self.w.writerow([values.get(h, "") for h in self.header])
        self.lines += 1

    def close(self) -> int:
        self.f.close()
        return self.lines


def write_pax8_invoice(
    path: Path, clients: list[Client], sp: Spellings, as_of: dt.date, *, narrow: bool = False
) -> int:
    """Pax8 invoice items for the billing month starting at ``as_of``; returns data lines."""
    products = by_pid()
    out = _Writer(path, PAX8_INVOICE_HEADER, NARROW["pax8"] if narrow else None)
    end = month_end(as_of)
    n = 0
    for client in clients:
        if client.vendor_name is None:
            continue
        company = _guid("company", client.cid)
        external = client.cid if int(_id(client.cid)[:2], 16) < 128 else ""
        for sub in _subs(client):
            product = products[sub.pid]
            base: dict[str, Any] = {
                "purchaseOrderNumber": "",
                "companyId": company,
                "externalId": external,
                "companyName": client.vendor_name,
                "unitOfMeasure": product.unit.title(),
                "sku": "P8-" + _id(product.pid)[:10].upper(),
                "description": product.name,
                "rateType": "Fixed",
                "chargeType": "per",
                "offeredBy": "Pax8",
                "billedByPax8": "false",
                "productId": _guid("p8product", product.pid),
                "productName": sp.vendor[sub.pid],
                "billingFee": "0.00",
                "billingFeeRate": "0",
                "currencyCode": client.currency,
                "salesTax": "0.00",
                "subscriptionId": _guid(sub.sub_id),
                "vendorName": product.vendor,
            }
            if sub.status == "cancelled":
                n += 1
                out.row(
                    base
                    | _pax8_money(f"{n}", "prorate", -sub.seats, sub.unit_cost / 2, product)
                    | {
                        "term": "Monthly",
                        "startPeriod": _iso(sub.term_end),
                        "endPeriod": _iso(end),
                        "details": "Cancellation credit",
                    }
                )
                continue
            period_end = (
                end
                if sub.billing != "annual"
                else as_of.replace(year=as_of.year + 1) - dt.timedelta(days=1)
            )
            term = PAX8_TERM.get(
                sub.billing if sub.term not in ("trial", "one_time") else sub.term, "Monthly"
            )
            kind = "one-time" if sub.term == "one_time" else "subscription"
            n += 1
            out.row(
                base
                | _pax8_money(f"{n}", kind, sub.seats, sub.unit_cost, product)
                | {
                    "term": term,
                    "startPeriod": _iso(as_of),
                    "endPeriod": _iso(period_end),
                    "details": _commitment_text(sub),
                }
            )
            mid = as_of + dt.timedelta(days=int(_id(sub.sub_id)[:2], 16) % 20 + 5)
            for seats in (sub.added, -sub.removed, sub.prorate_seats):
                if seats:
                    n += 1
                    share = Decimal((end - mid).days + 1) / Decimal(end.day)
                    out.row(
                        base
                        | _pax8_money(f"{n}", "prorate", seats, sub.unit_cost * share, product)
                        | {
                            "term": term,
                            "startPeriod": _iso(mid),
                            "endPeriod": _iso(end),
                            "details": "Prorated charge",
                        }
                    )
            if sub.credit:
                n += 1
                out.row(
                    base
                    | _pax8_money(f"{n}", "service-credit", 1, -sub.unit_cost, product)
                    | {
                        "term": term,
                        "startPeriod": _iso(as_of),
                        "endPeriod": _iso(end),
                        "details": "Service credit",
                    }
                )
    return out.close()


def _pax8_money(
    line_id: str, kind: str, qty: int, cost: Decimal, product: Product
) -> dict[str, Any]:
    cost = cost.quantize(CENT)
    price = (cost * Decimal("1.25")).quantize(CENT)
    return {
        "id": line_id,
        "type": kind,
        "quantity": qty,
        "price": _money(price),
        "subTotal": _money(price * qty),
        "cost": _money(cost),
        "costTotal": _money(cost * qty),
        "total": _money(price * qty),
        "amountDue": _money(price * qty),
    }


def _commitment_text(sub: Subscription) -> str:
    if sub.term in ("trial", "one_time"):
        return ""
    renew = "auto-renew" if sub.auto_renew else "no auto-renew"
    span = f"{_iso(sub.start)}..{_iso(sub.term_end)}"
    return f"{PAX8_COMMITMENT[sub.term]}/{sub.billing} {span} {renew}"


def write_pax8_subscriptions(
    path: Path, clients: list[Client], sp: Spellings, as_of: dt.date, *, narrow: bool = False
) -> int:
    """Pax8 subscriptions as of ``as_of``; returns data lines."""
    products = by_pid()
    out = _Writer(path, PAX8_SUBSCRIPTION_HEADER, NARROW["pax8subs"] if narrow else None)
    for client in clients:
        if client.vendor_name is None:
            continue
        for sub in _subs(client):
            if sub.term == "one_time":
                continue  # a purchase, not a subscription
            product = products[sub.pid]
            status = {"active": "Active", "trial": "Trial", "cancelled": "Cancelled"}[sub.status]
            billing = "Trial" if sub.term == "trial" else PAX8_TERM[sub.billing]
            out.row(
                {
                    "id": _guid(sub.sub_id),
                    "parentSubscriptionId": "",
                    "companyId": _guid("company", client.cid),
                    "companyName": client.vendor_name,
                    "productId": _guid("p8product", product.pid),
                    "productName": sp.vendor[sub.pid],
                    "vendorSubscriptionId": _guid("vendor", sub.sub_id),
                    "vendorSkuId": product.nce_id or "P8-" + _id(product.pid)[:10].upper(),
                    "quantity": sub.seats,
                    "startDate": _iso(sub.start),
                    "endDate": _iso(sub.term_end) if sub.status == "cancelled" else "",
                    "createdDate": _iso(sub.start),
                    "updatedDate": _iso(as_of - dt.timedelta(days=2)),
                    "billingStart": _iso(sub.start),
                    "status": status,
                    "price": _money(sub.unit_cost * Decimal("1.25")),
                    "currencyCode": client.currency,
                    "partnerCost": _money(sub.unit_cost),
                    "billingTerm": billing,
                    "commitmentTerm": PAX8_COMMITMENT.get(sub.term, ""),
                    "commitmentTermEndDate": _iso(sub.term_end)
                    if sub.term not in ("trial",)
                    else "",
                    "provisioningDetails": "",
                }
            )
    return out.close()


def write_partner_center(
    path: Path, clients: list[Client], sp: Spellings, as_of: dt.date, *, narrow: bool = False
) -> int:
    """Partner Center new-commerce billed reconciliation for the month at ``as_of``."""
    products = by_pid()
    out = _Writer(path, NCE_HEADER, NARROW["partnercenter"] if narrow else None)
    end = month_end(as_of)
    invoice = f"G{int(_id('invoice', as_of)[:8], 16) % 10**9:09d}"
    partner = _guid("partner")
    for client in clients:
        if client.vendor_name is None:
            continue
        for sub in _subs(client):
            product = products[sub.pid]
            key = (sub.term, sub.billing)
            base: dict[str, Any] = {
                "PartnerId": partner,
                "CustomerId": client.tenant,
                "CustomerName": client.vendor_name,
                "CustomerDomainName": client.domain if int(_id(client.cid)[:2], 16) > 20 else "",
                "CustomerCountry": COUNTRY.get(client.currency, "US"),
                "InvoiceNumber": invoice,
                "MpnId": "6123456",
                "Tier2MpnId": "",
                "OrderId": _id("order", sub.sub_id)[:24],
                "OrderDate": _us(sub.start),
                "ProductId": product.nce_id,
                "SkuId": "0001" if sub.term != "trial" else "0099",
                "AvailabilityId": _id("avail", product.pid)[:12].upper(),
                "SkuName": product.name + (" Trial" if sub.term == "trial" else ""),
                "ProductName": sp.vendor[sub.pid],
                "Currency": client.currency,
                "PublisherName": "Microsoft Corporation",
                "PublisherId": "",
                "SubscriptionDescription": sp.vendor[sub.pid],
                "SubscriptionId": _guid(sub.sub_id),
                "TermAndBillingCycle": NCE_TERM.get(key, "1 Month, Monthly"),
                "UnitType": "Licenses",
                "BillingFrequency": NCE_FREQUENCY[sub.billing],
                "PricingCurrency": client.currency,
                "PCToBCExchangeRate": "1",
                "PCToBCExchangeRateDate": _us(as_of),
                "SubscriptionStartDate": _us(sub.start),
                "SubscriptionEndDate": _us(sub.term_end),
                "ProductCategory": "Software" if sub.term == "one_time" else "OnlineServices",
                "ReferenceId": "",
                "ProductQualifiers": "",
                "PromotionId": "",
            }
            charge_end = end if sub.billing != "annual" else _us_year_end(as_of)
            if sub.status == "cancelled":
                start = sub.term_end - dt.timedelta(days=6) if sub.term_end else as_of
                out.row(base | _nce_money("new", sub.seats, sub.unit_cost, start, charge_end))
                out.row(
                    base
                    | _nce_money("cancelImmediate", -sub.seats, sub.unit_cost, start, charge_end)
                )
                continue
            started_now = sub.start >= as_of
            held_before = sub.seats - sub.added + sub.removed
            out.row(
                base
                | _nce_money(
                    "new" if started_now else "cycleCharge",
                    held_before,
                    sub.unit_cost,
                    as_of,
                    charge_end,
                )
            )
            mid = as_of + dt.timedelta(days=int(_id(sub.sub_id)[:2], 16) % 20 + 5)
            if sub.added:
                out.row(base | _nce_money("addQuantity", sub.added, sub.unit_cost, mid, charge_end))
            if sub.removed:
                out.row(
                    base
                    | _nce_money("removeQuantity", -sub.removed, sub.unit_cost, mid, charge_end)
                )
            if sub.prorate_seats:
                q = sub.prorate_seats
                out.row(
                    base
                    | _nce_money(
                        "addQuantity", q, sub.unit_cost, as_of + dt.timedelta(days=2), charge_end
                    )
                )
                out.row(
                    base
                    | _nce_money(
                        "removeQuantity",
                        -q,
                        sub.unit_cost,
                        as_of + dt.timedelta(days=4),
                        charge_end,
                    )
                )
    return out.close()


def _us_year_end(as_of: dt.date) -> dt.date:
    return as_of.replace(year=as_of.year + 1) - dt.timedelta(days=1)


def _nce_money(
    charge: str, qty: int, unit: Decimal, start: dt.date, end: dt.date
) -> dict[str, Any]:
    subtotal = (unit * qty).quantize(CENT)
    return {
        "ChargeType": charge,
        "UnitPrice": _money(unit),
        "EffectiveUnitPrice": _money(unit),
        "Quantity": qty,
        "BillableQuantity": qty,
        "Subtotal": _money(subtotal),
        "TaxTotal": "0.00",
        "Total": _money(subtotal),
        "ChargeStartDate": _us(start),
        "ChargeEndDate": _us(end),
    }


VENDOR_WRITERS = {
    "pax8": write_pax8_invoice,
    "pax8subs": write_pax8_subscriptions,
    "partnercenter": write_partner_center,
}
