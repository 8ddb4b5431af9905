"""Cancellation credits on a vendor invoice: the product's end at the vendor, kept as evidence.

An invoice does not list a cancelled subscription with a status; it shows the cancellation as
a credit. Partner Center's reconciliation file names it in ``ChargeType``: new commerce's
``cancelImmediate`` and the legacy file's "Cancel fee" / "Prorate fees when cancel" ("Prorated
refund for unused portion of service upon cancellation"), each with a negative quantity
(learn.microsoft.com/partner-center/recon-file-charge-types; /work/shared/research/domain.md,
"Credit lines carry a negative quantity"). A Pax8 invoice item is a ``prorate`` line (a charge
for part of a period, negative when credited) whose ``details`` / ``description`` text says
what it is (Pax8 OpenAPI ``InvoiceItem``: ``type``, ``details``, ``startPeriod``).

Read as seats, such a credit was either set aside as a proration, so a product the client
cancelled and the MSP still bills was unknown to the file (the PSA text no product explains,
and no "missing in vendor"), or summed into negative seats when the file holds the credit but
not the charge it refunds (a line of -18 seats, and a gap twice the size). A credit row is
read as the end of the product when:

- it is a credit (negative quantity) and its charge type, details or description says cancel;
- no kept row bills that product at that client, or the kept rows there net below zero (the
  refund without the charge it refunds): the product is gone, not reduced.

Those rows are then kept as 0-seat evidence (:mod:`recon.formats.ended`), with the day the
credit starts (its charge period's first day) as the day the product ended; the kept rows of a
pair netting below zero are skipped as "cancelled". A credit beside a product still billed is a
seat reduction and is left as it was.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import numpy.typing as npt

from recon.codes import distinct_ints
from recon.formats.cells import parse_date_column
from recon.formats.rows import Rows
from recon.formats.table import Column
from recon.model import Role, Side

#: A text that names a cancellation ("cancelImmediate", "Cancel fee", "Cancellation credit",
#: "Prorate fees when cancel", "canceled").
_CANCEL = re.compile(r"cancel", re.IGNORECASE)
#: Free-text columns that say what an invoice line is (Pax8 ``InvoiceItem``).
TEXTS = ("details", "description")
#: The first day of a line's charge period: Pax8 ``startPeriod``, Partner Center
#: ``ChargeStartDate``.
STARTS = ("startPeriod", "ChargeStartDate")
#: The reason the kept rows of a refunded pair are skipped for (an ended subscription's).
CANCELLED = "cancelled"


def cancel_credits(rows: Rows, qty: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Rows of a vendor invoice that are the cancellation of a product gone at its client.

    Skips, as "cancelled", the kept rows of a (client, product) whose kept seats net below
    zero beside such a credit, so that :func:`recon.formats.ended.ended_rows` sees the pair
    as held by no kept row.

    Args:
        rows: the rows being converted, after every skip rule has run.
        qty: per row, its quantity (negative on a credit).

    Returns:
        A mask over the rows: the cancellation credits (all false for a PSA file).
    """
    none = np.zeros(rows.n, dtype=bool)
    client = rows.column(Role.CLIENT)
    product = rows.column(Role.PRODUCT) or rows.column(Role.SKU)
    if rows.side is not Side.VENDOR or client is None or product is None:
        return none
    credit = (qty < 0) & _says_cancel(rows)
    credit &= ~client.empty() & ~product.empty()
    subscription = rows.column(Role.SUBSCRIPTION_ID)
    if subscription is not None and credit.any():
        # A refund whose charge is in this file under another customer name (Partner Center
        # lists a tenant's charge under the tenant, its refund under the customer) sums with
        # that charge, as every charge line of a subscription does.
        # Membership by a flag per distinct subscription id (codes index the column's
        # distinct values): NumPy 2's hashing ``np.unique`` of a million codes cost more.
        charged = np.zeros(len(subscription.uniques), dtype=bool)
        charged[subscription.codes[rows.kept & (qty > 0) & ~subscription.empty()]] = True
        credit &= subscription.empty() | ~charged[subscription.codes]
    if not credit.any():
        return none
    # Only a (client, product) a credit names can be gone: the rows of the clients holding
    # a credit are read (a few), each pair coded by its place among the credits' sorted
    # pairs, never the whole file's pairs sorted (0.1 s at 60,000 clients).
    at_credit = np.zeros(len(client.uniques), dtype=bool)
    at_credit[client.codes[credit]] = True
    near = np.flatnonzero(at_credit[client.codes])
    width = np.int64(len(product.uniques))
    pair = client.codes[near].astype(np.int64) * width + product.codes[near].astype(np.int64)
    credited = distinct_ints(pair[credit[near]])
    index = np.minimum(np.searchsorted(credited, pair), len(credited) - 1)
    ours = credited[index] == pair
    near, index = near[ours], index[ours]
    kept = rows.kept[near]
    net = np.bincount(index[kept], weights=qty[near][kept], minlength=len(credited))
    held = np.bincount(index[kept], minlength=len(credited)) > 0
    gone = np.zeros(rows.n, dtype=bool)
    gone[near] = (~held | (net < 0))[index]
    refunded = rows.kept & gone
    if refunded.any():
        rows.skip_mask(refunded, CANCELLED)
    return credit & gone


def _says_cancel(rows: Rows) -> npt.NDArray[np.bool_]:
    """Per row: does its charge type, details or description name a cancellation?"""
    out = np.zeros(rows.n, dtype=bool)
    columns: list[Column | None] = [rows.column(Role.CHARGE_TYPE)]
    columns += [rows.extra(name) for name in TEXTS]
    for column in columns:
        if column is not None:
            out |= column.lookup(
                np.array([bool(_CANCEL.search(str(v))) for v in column.uniques], dtype=bool)
            )
    return out


def credit_days(rows: Rows, credits: npt.NDArray[np.bool_]) -> dict[tuple[str, str], dt.date]:
    """(client, product) as written -> the first day of its cancellation credit's charge
    period (the latest where several credits give one), for the ``credits`` rows that give it.
    """
    client = rows.column(Role.CLIENT)
    product = rows.column(Role.PRODUCT) or rows.column(Role.SKU)
    assert client is not None
    assert product is not None
    days = np.zeros(rows.n, dtype=np.int64)
    for name in STARTS:
        column = rows.extra(name)
        if column is not None:
            parsed = parse_date_column(list(column.uniques))
            found = [d.toordinal() if d else 0 for d in parsed.values]
            days = np.where(days == 0, column.lookup(np.array(found, dtype=np.int64)), days)
    out: dict[tuple[str, str], dt.date] = {}
    for row in np.flatnonzero(credits & (days > 0)).tolist():
        key = (str(client.uniques[client.codes[row]]), str(product.uniques[product.codes[row]]))
        day = dt.date.fromordinal(int(days[row]))
        if key not in out or out[key] < day:
            out[key] = day
    return out
