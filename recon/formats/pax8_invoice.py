"""Pax8 invoice items, as the API returns them (flattened to columns) or exported.

Column names follow the ``InvoiceItem`` schema of Pax8's OpenAPI; portal CSV headers are not
documented, so title-case spellings of the same names ("Company Name", "Cost Total") are
accepted through the header normalisation.

Semantics: only ``type`` = subscription lines are seats; prorate and one-time lines (and
``term`` = Trial) are set aside as prorations, one-time charges and trials, listed with their
money; rebate, credits and service charges are skipped as "adjustment line (<type>)" (with no
``type`` column every line counts). ``currencyCode`` is the prices' currency. Client is
``companyName``, client id ``companyId``, product ``productName``
(``description`` when empty), SKU ``sku``. Unit cost is ``cost``, the partner's cost per unit,
never ``price`` (the customer's price); it is made monthly by ``term`` (Annual -> /12,
2 Year -> /24, 3 Year -> /36; One-Time and Activation have no monthly price). That ``term``
is how the line is billed, not the commitment, which an invoice does not give: the term is
unknown here (the subscriptions export has it).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recon.formats.cells import flag_key
from recon.formats.rows import Rows
from recon.formats.rules import humanise
from recon.formats.spec import FormatSpec
from recon.model import Role, Side

#: Line types that are set aside with their money rather than skipped: a prorate is a
#: charge for part of a period, a one-time line is bought once (recon.formats.commitment).
_SET_ASIDE = frozenset({"prorate", "proration", "onetime", "trial"})


def _adjustments(rows: Rows) -> None:
    column = rows.column(Role.CHARGE_TYPE)
    if column is not None:
        rows.skip(
            column,
            lambda v: (
                ""
                if flag_key(v) in ("", "subscription", *_SET_ASIDE)
                else f"adjustment line ({humanise(v)})"
            ),
        )


def _no_term(rows: Rows) -> npt.NDArray[np.int64]:
    """An invoice's ``term`` is its billing period, never the commitment's."""
    return np.zeros(rows.n, dtype=np.int64)


_SIGNATURE = frozenset(
    {
        "purchaseOrderNumber", "startPeriod", "endPeriod", "unitOfMeasure", "rateType",
        "costTotal", "offeredBy", "billedByPax8", "billingFee", "billingFeeRate", "amountDue",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="pax8_invoice",
    label="Pax8 invoice items",
    side=Side.VENDOR,
    signature=_SIGNATURE,
    min_hits=3,
    preferences={
        Role.CLIENT: ("companyName",),
        Role.CLIENT_ID: ("companyId",),
        Role.PRODUCT: ("productName",),
        Role.SKU: ("sku",),
        Role.QUANTITY: ("quantity",),
        Role.UNIT_PRICE: ("cost",),
        Role.AMOUNT: ("costTotal",),
        Role.CHARGE_TYPE: ("type",),
        Role.BILLING_CYCLE: ("term",),
        Role.SUBSCRIPTION_ID: ("subscriptionId",),
        Role.CURRENCY: ("currencyCode",),
    },
    # Customer-side money and the flat/per "chargeType" must never stand in for our roles.
    ignore=frozenset(
        {"price", "subTotal", "total", "amountDue", "salesTax", "billingFee", "chargeType"}
    ),
    fallbacks={Role.PRODUCT: ("description",)},
    dated=False,
    extra_rules=_adjustments,
    terms=_no_term,
)
