"""Microsoft Partner Center new-commerce (NCE) billed invoice reconciliation file.

Columns follow the documented file (see ``docs`` and the header template in the research
notes); real files differ in order and in a few names (``Tier2MpnId`` / ``ResellerMpnId``).

Semantics:

- quantity is ``BillableQuantity`` (Microsoft says so), ``Quantity`` only when it is absent
  or empty;
- every charge line of a subscription is kept (new, cycleCharge, addQuantity, removeQuantity,
  credits with negative quantity, cancel...), so that they sum to the seats billed; usage lines
  are kept too and left to the catalogue's seat-based flag, since the file does not mark them
  reliably;
- client is ``CustomerName``, client id the tenant GUID ``CustomerId``; product is
  ``ProductName`` (``SkuName`` when empty); SKU is ``ProductId:SkuId`` (the catalogue id);
- unit cost is ``UnitPrice`` (the price-list price; ``EffectiveUnitPrice`` is prorated to the
  charge period, so it is used only when ``UnitPrice`` is absent), made monthly by the billing
  part of ``TermAndBillingCycle`` ("1 Year, Annual" -> /12; "3 Years, Triennial" -> /36;
  "1 Year, Monthly" is already monthly), else by ``BillingFrequency``; a yearly term with no
  billing part ("1 Year") is not guessed: it is taken as monthly with a warning;
- dates are charge periods of a billed invoice, so no date rule applies;
- the commitment: the term is the first part of ``TermAndBillingCycle`` ("1 Year", "1
  Month", "3 Years"), the term runs from ``SubscriptionStartDate`` to
  ``SubscriptionEndDate``, prices are in ``PricingCurrency`` (else ``Currency``); a "One-Time"
  cycle is a one-time charge and a "Trial" one a trial, both set aside;
- an ``addQuantity`` / ``removeQuantity`` (or other non-cycle) line whose charge period ended
  before its subscription's cycle charge began is a proration already counted in that cycle
  charge's quantity: it is set aside as a proration, not added again. Changes inside the
  cycle charge's period are seat changes and sum with it;
- a customer whose every line is such a change on subscriptions another customer holds the
  cycle charge of (a second tenant's seat reduction on the first tenant's subscription) is
  read as that customer (:mod:`recon.formats.subscription_owners`).
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.commitments import term_months
from recon.formats.cells import flag_key, parse_date_column
from recon.formats.commitment import PRORATION, RECURRING, TRIAL
from recon.formats.rows import Rows, combine
from recon.formats.rules import period_months
from recon.formats.spec import FormatSpec
from recon.formats.subscription_owners import move_changes_to_owners
from recon.model import Role, Side

_TERM = "TermAndBillingCycle"
_YEAR_TERM_ONLY = re.compile(
    r"(?:\d+|one|two|three)[\s-]*years?(?:\s+(?:subscription|commitment|term))?", re.IGNORECASE
)


def _sku_with_sku_id(rows: Rows) -> None:
    """``ProductId:SkuId`` (``CFQ7TTC0LH18:0001``), the id Partner Center's catalogue uses."""
    product_id, sku_id = rows.column(Role.SKU), rows.extra("SkuId")
    if product_id is not None and sku_id is not None and sku_id is not product_id:
        rows.set_column(
            Role.SKU, combine(product_id, sku_id, lambda p, s: f"{p}:{s}" if p and s else p)
        )


def _billing_months(text: str) -> int | None:
    """Months one price covers, from the *billing* part of TermAndBillingCycle.

    A yearly term alone ("1 Year") says nothing about billing (an annual commitment can be
    billed monthly or yearly), so it gives None rather than a guess.
    """
    if _YEAR_TERM_ONLY.fullmatch(text.strip()):
        return None
    return period_months(text)


def _months(rows: Rows) -> npt.NDArray[np.int64]:
    term, frequency = rows.extra(_TERM), rows.column(Role.BILLING_CYCLE)
    if term is not None and frequency is not None:
        both = combine(term, frequency, lambda t, f: f if f and _billing_months(t) is None else t)
        return rows.months_by_value(both, _billing_months, f"{_TERM} / BillingFrequency")
    if term is not None:
        return rows.months_by_value(term, _billing_months, _TERM)
    if frequency is not None:
        return rows.months_by_value(frequency, period_months, rows.header(Role.BILLING_CYCLE))
    return np.ones(rows.n, dtype=np.int64)


def _terms(rows: Rows) -> npt.NDArray[np.int64]:
    """The commitment term: the first part of ``TermAndBillingCycle`` ("1 Year, Monthly")."""
    term = rows.extra(_TERM)
    if term is None:
        return np.zeros(rows.n, dtype=np.int64)
    table = [term_months(v.split(",")[0]) or 0 for v in term.uniques]
    return term.lookup(np.array(table, dtype=np.int64))


#: Charge types that bill a subscription's period in full.
_CYCLE = frozenset({"cyclecharge", "new", "renew", "renewal", "purchase"})


def _charge_days(rows: Rows, spelling: str) -> npt.NDArray[np.int64]:
    column = rows.extra(spelling)
    if column is None:
        return np.zeros(rows.n, dtype=np.int64)
    parsed = parse_date_column(list(column.uniques))
    return column.lookup(np.array([d.toordinal() if d else 0 for d in parsed.values]))


def _charges(rows: Rows) -> npt.NDArray[np.int8]:
    """Trials (a "Trial" ``TermAndBillingCycle``), and non-cycle lines for a period that ended
    before their subscription's cycle charge began (already in that charge's quantity)."""
    out = np.full(rows.n, RECURRING, dtype=np.int8)
    term = rows.extra(_TERM)
    if term is not None:
        trial = np.array(["trial" in flag_key(v) for v in term.uniques], dtype=bool)
        out[term.lookup(trial)] = TRIAL
    subscription, kind = rows.column(Role.SUBSCRIPTION_ID), rows.column(Role.CHARGE_TYPE)
    if subscription is None or kind is None:
        return out
    starts, ends = _charge_days(rows, "ChargeStartDate"), _charge_days(rows, "ChargeEndDate")
    cycle = kind.lookup(np.array([flag_key(v) in _CYCLE for v in kind.uniques], dtype=bool))
    has_id = ~subscription.empty()
    frame = pd.DataFrame(
        {"s": subscription.codes, "start": np.where(cycle & has_id & rows.kept, starts, 0)}
    )
    latest = frame.groupby("s")["start"].transform("max").to_numpy()
    before = ~cycle & has_id & (ends > 0) & (latest > 0) & (ends < latest)
    out[before & (out == RECURRING)] = PRORATION
    return out


def _adjust(rows: Rows) -> None:
    _sku_with_sku_id(rows)
    # A second tenant's seat change on the first tenant's subscription is that customer's.
    move_changes_to_owners(rows, _CYCLE)


_SIGNATURE = frozenset(
    {
        "CustomerDomainName", "CustomerCountry", "ProductId", "SkuId", "SkuName",
        "AvailabilityId", "BillableQuantity", "TermAndBillingCycle", "EffectiveUnitPrice",
        "BillingFrequency", "PCToBCExchangeRate", "PCToBCExchangeRateDate", "PricingCurrency",
        "PublisherName", "PublisherId", "UnitType", "Tier2MpnId", "ResellerMpnId",
        "CreditReasonCode", "ProductCategory", "ReferenceId", "AlternateId",
        "PriceAdjustmentDescription", "MeterDescription", "ReservationOrderId",
        "ProductQualifiers", "PromotionId",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="microsoft_nce",
    label="Microsoft Partner Center (new commerce) billed reconciliation",
    side=Side.VENDOR,
    signature=_SIGNATURE,
    min_hits=4,
    preferences={
        Role.CLIENT: ("CustomerName",),
        Role.CLIENT_ID: ("CustomerId",),
        Role.PRODUCT: ("ProductName",),
        Role.SKU: ("ProductId",),
        Role.QUANTITY: ("BillableQuantity", "Quantity"),
        Role.UNIT_PRICE: ("UnitPrice", "EffectiveUnitPrice"),
        Role.CHARGE_TYPE: ("ChargeType",),
        Role.BILLING_CYCLE: ("BillingFrequency",),
        Role.SUBSCRIPTION_ID: ("SubscriptionId",),
        Role.TERM_START: ("SubscriptionStartDate",),
        Role.TERM_END: ("SubscriptionEndDate",),
        Role.CURRENCY: ("PricingCurrency", "Currency"),
    },
    ignore=frozenset(
        {"Subtotal", "Total", "TaxTotal", "CustomerDomainName", "SubscriptionDescription", _TERM}
    ),
    fallbacks={Role.PRODUCT: ("SkuName",), Role.QUANTITY: ("Quantity",)},
    dated=False,
    months=_months,
    adjust=_adjust,
    terms=_terms,
    charges=_charges,
)
