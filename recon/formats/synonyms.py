"""Which headers can mean which role, on which side, and the choice of a column per role.

The tables below list, per :class:`~recon.model.Role`, the header spellings that are safe to
take for that role on each side. The two sides differ for money: on the vendor side a plain
"Cost" is what the MSP pays, while on the PSA side "Cost" is the MSP's own cost and never the
price it bills. List prices (MSRP, retail, ERP) are never taken: they are neither what the
MSP pays nor what it charges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from recon.formats.header import header_key, header_words
from recon.model import Role, Side


def _keys(*spellings: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(header_key(s) for s in spellings))


_CLIENT = _keys(
    "Customer Name", "Customer", "Company Name", "Company", "Client Name", "Client",
    "Account Name", "Account", "Organization Name", "Organization", "Organisation Name",
    "Organisation", "End Customer Name", "End Customer", "Tenant Name", "Customer Company Name",
    "Business Name", "Company Display Name", "Customer Display Name",
)  # fmt: skip
_CLIENT_ID = _keys(
    "Customer Id", "Customer Tenant Id", "Tenant Id", "Company Id", "Company Identifier",
    "Client Id", "Account Id", "Customer Account Id", "Organization Id", "Organisation Id",
    "Customer Number", "Account Number", "Company Number", "Client Number",
)  # fmt: skip
_PRODUCT = _keys(
    "Product Name", "Product", "Service Name", "Service", "Offer Name", "Offer", "Item Name",
    "Item", "Description", "Product Description", "Item Description", "Service Description",
    "Plan Name", "Plan", "License Name", "License", "Licence", "Subscription Name", "Sku Name",
    "Addition", "Product Title",
)  # fmt: skip
_SKU = _keys(
    "Sku", "Sku Id", "Vendor Sku", "Vendor Sku Id", "Product Id", "Product Code", "Part Number",
    "Part No", "Item Id", "Item Code", "Offer Id", "Durable Offer Id", "Catalog Item Id",
    "Product Identifier", "Mpn", "Manufacturer Part Number",
)  # fmt: skip
_QUANTITY = _keys(
    "Quantity", "Qty", "Billable Quantity", "Billed Quantity", "Billable Qty", "Seats",
    "Seat Count", "Number Of Seats", "Units", "Unit Count", "Billable Units", "Licenses",
    "Licences", "License Count", "Licence Count", "Number Of Licenses", "Count", "Users",
    "User Count", "Quantity Billed",
)  # fmt: skip
_VENDOR_UNIT = _keys(
    "Partner Cost", "Unit Cost", "Cost Per Unit", "Cost Price", "Cost", "Buy Price",
    "Reseller Price", "Partner Price", "Your Price", "Net Price", "Unit Price", "Price Per Unit",
    "Price", "Rate",
)  # fmt: skip
_PSA_UNIT = _keys(
    "Unit Price", "Price", "Price Per Unit", "Sell Price", "Selling Price", "Unit Rate", "Rate",
    "Billing Rate", "Adjusted Price", "Monthly Price", "Recurring Price", "Unit Charge",
    "Charge", "Customer Price", "Fee", "Monthly Fee", "Recurring Fee", "Unit Fee",
)  # fmt: skip
_VENDOR_AMOUNT = _keys(
    "Cost Total", "Total Cost", "Extended Cost", "Ext Cost", "Amount", "Subtotal", "Line Total",
    "Net Amount",
)  # fmt: skip
_PSA_AMOUNT = _keys(
    "Ext Price", "Extended Price", "Amount", "Line Total", "Subtotal", "Total", "Monthly Amount",
    "Total Price", "Recurring Amount",
)  # fmt: skip

#: Role -> header keys that are safe on both sides, in order of preference.
COMMON_SYNONYMS: Mapping[Role, tuple[str, ...]] = {
    Role.CLIENT: _CLIENT,
    Role.CLIENT_ID: _CLIENT_ID,
    Role.PRODUCT: _PRODUCT,
    Role.SKU: _SKU,
    Role.QUANTITY: _QUANTITY,
    Role.STATUS: _keys(
        "Status",
        "Subscription Status",
        "Addition Status",
        "Contract Status",
        "Service Status",
        "State",
        "Active",
    ),
    Role.BILLABLE: _keys("Bill", "Billable", "Bill Customer", "Is Billable", "Billable Flag"),
    Role.LESS_INCLUDED: _keys("Less Included", "Included", "Included Quantity", "Qty Included"),
    Role.CHARGE_TYPE: _keys("Charge Type", "Line Type", "Transaction Type"),
    Role.START_DATE: _keys(
        "Start Date",
        "Effective Date",
        "Effective",
        "Start",
        "Subscription Start Date",
        "Contract Start Date",
        "Billing Start",
        "Billing Start Date",
        "Date Effective",
    ),
    Role.END_DATE: _keys(
        "Cancelled Date",
        "Cancelled",
        "Canceled Date",
        "Canceled",
        "Cancel Date",
        "Cancellation Date",
        "Date Cancelled",
        "End Date",
        "End",
        "Subscription End Date",
        "Contract End Date",
        "Expiration Date",
        "Expiry Date",
        "Expires",
        "Termination Date",
    ),
    Role.BILLING_CYCLE: _keys(
        "Billing Cycle",
        "Billing Frequency",
        "Frequency",
        "Period Type",
        "Billing Period",
        "Billing Term",
        "Term",
        "Billing Cycle Type",
        "Recurrence",
        "Invoice Frequency",
    ),
    Role.SUBSCRIPTION_ID: _keys("Subscription Id", "Addition Id", "Contract Service Id"),
    Role.AGREEMENT: _keys(
        "Agreement Name",
        "Agreement",
        "Contract Name",
        "Contract",
        "Recurring Invoice",
        "Recurring Invoice Name",
    ),
    # The commitment (issue 17). A plain "Term" stays a billing cycle (it divides prices, as
    # it always did); the term reader falls back to such a column (recon.formats.commitment).
    Role.TERM: _keys(
        "Commitment Term",
        "Term Duration",
        "Commitment",
        "Subscription Term",
        "Contract Term",
        "Term Length",
        "Commitment Length",
        "Commitment Period",
        "Term And Billing Cycle",
    ),
    Role.TERM_START: _keys(
        "Term Start",
        "Term Start Date",
        "Commitment Start",
        "Commitment Start Date",
        "Current Term Start",
        "Commitment Term Start Date",
    ),
    Role.TERM_END: _keys(
        "Term End",
        "Term End Date",
        "Commitment End",
        "Commitment End Date",
        "Commitment Term End Date",
        "Current Term End",
        "Renewal Date",
        "Next Renewal Date",
        "Renews On",
        "Subscription Renewal Date",
        "Next Renewal",
    ),
    Role.CANCEL_BY: _keys(
        "Cancellation Allowed Until",
        "Cancellation Allowed Until Date",
        "Cancel By",
        "Cancellable Until",
        "Cancellation Window End",
        "Cancellation Deadline",
        "Refundable Until",
        "Reduce By",
        "Cancellation Window Ends",
    ),
    Role.AUTO_RENEW: _keys(
        "Auto Renew",
        "Auto Renewal",
        "Auto Renew Enabled",
        "Auto Renewal Enabled",
        "Autorenew",
        "Renews Automatically",
        "Auto Renews",
    ),
    Role.CURRENCY: _keys(
        "Currency",
        "Currency Code",
        "Billing Currency",
        "Pricing Currency",
        "Curr",
        "Invoice Currency",
    ),
}

_SIDE_MONEY: Mapping[Side, Mapping[Role, tuple[str, ...]]] = {
    Side.VENDOR: {Role.UNIT_PRICE: _VENDOR_UNIT, Role.AMOUNT: _VENDOR_AMOUNT},
    Side.PSA: {Role.UNIT_PRICE: _PSA_UNIT, Role.AMOUNT: _PSA_AMOUNT},
}

#: Roles in the order they pick their column (a header goes to the first role that wants it).
ROLE_ORDER: tuple[Role, ...] = (
    Role.CLIENT,
    Role.QUANTITY,
    Role.UNIT_PRICE,
    Role.PRODUCT,
    Role.SKU,
    Role.CLIENT_ID,
    Role.AMOUNT,
    Role.LESS_INCLUDED,
    Role.STATUS,
    Role.BILLABLE,
    Role.CHARGE_TYPE,
    Role.START_DATE,
    Role.END_DATE,
    Role.BILLING_CYCLE,
    Role.SUBSCRIPTION_ID,
    Role.AGREEMENT,
    Role.TERM,
    Role.TERM_START,
    Role.TERM_END,
    Role.CANCEL_BY,
    Role.AUTO_RENEW,
    Role.CURRENCY,
)


def synonyms(side: Side | None) -> dict[Role, tuple[str, ...]]:
    """Role -> header keys that can fill it on one side.

    Args:
        side: vendor or PSA; None gives only money spellings that are safe on both sides.

    Returns:
        A fresh mapping for every role.
    """
    table = dict(COMMON_SYNONYMS)
    if side is None:
        for role in (Role.UNIT_PRICE, Role.AMOUNT):
            psa = set(_SIDE_MONEY[Side.PSA][role])
            table[role] = tuple(k for k in _SIDE_MONEY[Side.VENDOR][role] if k in psa)
    else:
        table.update(_SIDE_MONEY[side])
    return table


#: Every key that names some role on some side (used to recognise a header row).
KNOWN_KEYS: frozenset[str] = frozenset(
    key
    for table in (synonyms(Side.VENDOR), synonyms(Side.PSA))
    for keys in table.values()
    for key in keys
)


def assign_roles(
    headers: Sequence[str],
    preferences: Mapping[Role, Sequence[str]],
    *,
    ignore: Iterable[str] = (),
) -> dict[Role, int]:
    """Pick a column for each role from its preferred header keys.

    Roles choose in :data:`ROLE_ORDER`; each takes the first of its keys that an unused header
    has, so a header serves one role at most.

    Args:
        headers: the file's headers.
        preferences: role -> header keys in order of preference (format-specific first).
        ignore: header keys this format must never use (e.g. Pax8's customer ``price``).

    Returns:
        Role -> column index, for the roles that found a column.
    """
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        positions.setdefault(header_key(header), index)
    blocked = set(ignore)
    used: set[int] = set()
    chosen: dict[Role, int] = {}
    for role in ROLE_ORDER:
        for key in preferences.get(role, ()):
            found = positions.get(key)
            if found is not None and found not in used and key not in blocked:
                chosen[role] = found
                used.add(found)
                break
    return chosen


def suggest_header(role: Role, candidates: Sequence[str], side: Side | None) -> str | None:
    """The unassigned header most likely to be ``role``, judged by its words.

    Args:
        role: the role that found no column.
        candidates: headers no role took.
        side: the file's side (money synonyms differ per side).

    Returns:
        The best candidate, or None when nothing is close.
    """
    from rapidfuzz import fuzz  # noqa: PLC0415 - only when a role lacks a column: keeps start-up light

    spellings = set(synonyms(side).get(role, ())) | {header_key(role.value)}
    best: tuple[float, str] | None = None
    for header in candidates:
        words = header_words(header)
        # Whole words or runs of words equal to a known spelling: "Seats Purchased" -> seats.
        runs = {
            "".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
        }
        if runs & spellings:
            score = 100.0
        else:
            key = "".join(words)
            score = max((fuzz.ratio(key, s) for s in spellings), default=0.0)
        if score >= 80 and (best is None or score > best[0]):
            best = (score, header)
    return best[1] if best else None
