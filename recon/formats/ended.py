"""Vendor subscriptions that ended (cancelled, expired, suspended): kept as evidence, 0 seats.

A vendor export lists a subscription after it ends: Pax8's subscription list keeps it with
``status`` Cancelled and its ``endDate`` (Pax8 API, ``Subscription.status`` enum Active,
Cancelled, PendingCancel, ...; devx.pax8.com, /work/shared/research/domain.md), and
distributor lists carry Expired / Suspended / Terminated the same way. Such a row is not a seat
(the status rule skips it, counted as "cancelled"), but it says the client *had* that product
at the vendor. An MSP that cancels at the vendor and forgets the PSA keeps billing it, often
under a text that names only the kind ("M365 Backup Licenses"); with the row dropped, that text
was read as another maker's product of the same kind bought there (a false quantity gap on
it) and the billing after cancellation went unseen.

So a row skipped only for one of :data:`ENDED` becomes a line of 0 seats, no price and no
cost, when its client buys something else in the same file (it adds no client of its own) and
no kept row of that client is the same product: the product was there and is gone. A PSA line
read as it is then "missing in vendor" (billed, not bought), never paired with another
product; a 0-seat line with nothing billed against it is no gap. The row still counts as
skipped ("cancelled"), so the file's account of rows is unchanged.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from recon.formats.rows import Rows
from recon.formats.rules import date_ordinals
from recon.formats.table import Column
from recon.model import Role, Side

#: Skip reasons (from :data:`recon.formats.rules.INACTIVE_STATUSES`) of a subscription that
#: existed and ended: evidence the client had the product. "inactive" (a No / False flag) and
#: "deleted" (a record removed, perhaps entered by mistake) are not kept.
ENDED = frozenset({"cancelled", "expired", "suspended", "terminated"})


def ended_rows(rows: Rows, credits: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.bool_]:
    """Rows of a vendor file kept as 0-seat evidence: ended, at a client that buys something
    else here, of a product none of that client's kept rows is.

    Args:
        rows: the rows being converted, after every skip rule has run.
        credits: rows that are an invoice's cancellation credit of a product gone at its
            client (:func:`recon.formats.credits.cancel_credits`; default none).

    Returns:
        A mask over the rows (all false for a PSA file, and for one with neither a status
        column nor a cancellation credit).
    """
    none = np.zeros(rows.n, dtype=bool)
    if rows.side is not Side.VENDOR:
        return none
    ended = rows.skipped_for(ENDED) if rows.column(Role.STATUS) is not None else none.copy()
    if credits is not None:
        ended |= credits
    if not ended.any():
        return none
    client = rows.column(Role.CLIENT)
    assert client is not None
    product = rows.column(Role.PRODUCT) or rows.column(Role.SKU)
    if product is None:
        return none
    ended &= ~client.empty() & ~product.empty()
    kept = rows.kept
    buying = np.zeros(len(client.uniques), dtype=bool)
    buying[client.codes[kept]] = True
    ended &= buying[client.codes]
    return ended & ~_held(client, product, kept, ended)


def _held(
    client: Column, product: Column, kept: npt.NDArray[np.bool_], ended: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Per row: is its (client, product) also on a kept row?"""
    width = np.int64(len(product.uniques))
    pair = client.codes.astype(np.int64) * width + product.codes.astype(np.int64)
    return ended & np.isin(pair, pair[kept])


def ended_days(rows: Rows, ended: npt.NDArray[np.bool_]) -> dict[tuple[str, str], dt.date]:
    """(client, product) as written -> the day the subscription ended, for the ``ended``
    rows whose end date column (Pax8's ``endDate``) gives one; the latest where several do.
    """
    if rows.column(Role.END_DATE) is None:
        return {}
    end = rows.column(Role.END_DATE)
    client = rows.column(Role.CLIENT)
    product = rows.column(Role.PRODUCT) or rows.column(Role.SKU)
    assert end is not None
    assert client is not None
    assert product is not None
    days = end.lookup(date_ordinals(rows, Role.END_DATE))
    out: dict[tuple[str, str], dt.date] = {}
    for row in np.flatnonzero(ended & (days > 0)).tolist():
        key = (str(client.uniques[client.codes[row]]), str(product.uniques[product.codes[row]]))
        day = dt.date.fromordinal(int(days[row]))
        if key not in out or out[key] < day:
            out[key] = day
    return out
