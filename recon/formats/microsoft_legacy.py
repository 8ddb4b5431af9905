"""Microsoft Partner Center legacy license-based reconciliation file.

Columns follow the documented file (some files lack ``ResellerMpnId``).

Semantics: client id is ``CustomerId``; product is ``OfferName`` (``SubscriptionName`` when
empty); SKU is ``DurableOfferId`` (the price-list offer id; ``OfferId`` when empty); quantity
is ``Quantity``, and every charge-type row (cycle fee, prorates, cancel...) is kept so they
sum; unit cost is ``UnitPrice`` made monthly by ``BillingCycleType``. Dates are charge periods
of a billed invoice, so no date rule applies.
"""

from __future__ import annotations

from recon.formats.spec import FormatSpec
from recon.model import Role, Side

_SIGNATURE = frozenset(
    {
        "SyndicationPartnerSubscriptionNumber", "DurableOfferId", "OfferId", "OfferName",
        "BillingCycleType", "TotalForCustomer", "TotalOtherDiscount", "SubscriptionName",
        "DomainName", "ResellerMpnId", "SubscriptionDescription", "PartnerId",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="microsoft_legacy",
    label="Microsoft Partner Center (legacy license-based) reconciliation",
    side=Side.VENDOR,
    signature=_SIGNATURE,
    min_hits=3,
    preferences={
        Role.CLIENT: ("CustomerName",),
        Role.CLIENT_ID: ("CustomerId",),
        Role.PRODUCT: ("OfferName",),
        Role.SKU: ("DurableOfferId", "OfferId"),
        Role.QUANTITY: ("Quantity",),
        Role.UNIT_PRICE: ("UnitPrice",),
        Role.CHARGE_TYPE: ("ChargeType",),
        Role.BILLING_CYCLE: ("BillingCycleType",),
        Role.SUBSCRIPTION_ID: ("SyndicationPartnerSubscriptionNumber", "SubscriptionId"),
    },
    ignore=frozenset({"Amount", "Subtotal", "Tax", "TotalForCustomer", "TotalOtherDiscount"}),
    fallbacks={Role.PRODUCT: ("SubscriptionName",), Role.SKU: ("OfferId",)},
    dated=False,
)
