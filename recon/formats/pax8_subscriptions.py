"""Pax8 subscription list (portal export or the API's ``Subscription`` flattened to columns).

Column names follow the ``Subscription`` schema of Pax8's OpenAPI plus a company name column
(the API gives only ``companyId``; a flattening or the portal adds the name).

Semantics: a subscription is a seat only while its ``status`` is Active, Activated or
PendingCancel; a Trial is set aside as a trial (listed, not compared); any other status is
skipped with the status as the reason ("cancelled", "pending manual", ...). The commitment is
``commitmentTerm`` ("1-Year", "Monthly") ending on ``commitmentTermEndDate``, from
``startDate``; prices are in ``currencyCode``. An ``endDate`` before ``as_of`` is skipped, and a
``startDate`` after it is "not yet effective". Unit cost is ``partnerCost`` (never ``price``,
the customer's price), made monthly by ``billingTerm``. SKU is ``vendorSkuId`` (else ``sku``).
"""

from __future__ import annotations

from recon.formats.spec import FormatSpec
from recon.model import Role, Side

_SIGNATURE = frozenset(
    {
        "parentSubscriptionId", "vendorSubscriptionId", "vendorSkuId", "billingStart",
        "partnerCost", "billingTerm", "commitmentTerm", "provisioningDetails",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="pax8_subscriptions",
    label="Pax8 subscriptions",
    side=Side.VENDOR,
    signature=_SIGNATURE,
    min_hits=3,
    preferences={
        Role.CLIENT: ("companyName", "company"),
        Role.CLIENT_ID: ("companyId",),
        Role.PRODUCT: ("productName", "product"),
        Role.SKU: ("vendorSkuId", "sku"),
        Role.QUANTITY: ("quantity",),
        Role.UNIT_PRICE: ("partnerCost",),
        Role.STATUS: ("status",),
        Role.BILLING_CYCLE: ("billingTerm",),
        Role.START_DATE: ("startDate",),
        Role.END_DATE: ("endDate",),
        Role.SUBSCRIPTION_ID: ("id", "subscriptionId"),
        Role.TERM: ("commitmentTerm",),
        Role.TERM_END: ("commitmentTermEndDate", "commitmentEndDate"),
        Role.CURRENCY: ("currencyCode",),
        Role.AUTO_RENEW: ("autoRenew",),
    },
    ignore=frozenset({"price", "billingStart", "createdDate", "updatedDate"}),
    active_statuses=frozenset({"active", "activated", "pendingcancel"}),
)
