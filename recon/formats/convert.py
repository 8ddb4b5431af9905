"""Raw rows to canonical seat lines, the same way for every format.

1. skip rows that are not seats, each with one reason (first rule that applies wins): total
   rows, repeated header rows, status, the format's own rules, billable flag, dates, no client,
   no product, no quantity;
2. read quantities and unit prices (:mod:`recon.formats.values`);
3. build the canonical frame.

Every value is parsed once per distinct value, never per row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recon.codes import coded_column, narrowest, renumber
from recon.formats import costs, rules, values
from recon.formats.commitment import (
    CHARGE_CODES,
    CHARGE_REASONS,
    RECURRING,
    charges,
    commitment,
    currency,
)
from recon.formats.credits import cancel_credits, credit_days
from recon.formats.ended import ended_days, ended_rows
from recon.formats.gone_clients import gone_clients
from recon.formats.gone_companies import gone_companies
from recon.formats.header import header_key
from recon.formats.rows import Rows
from recon.formats.spec import FormatSpec
from recon.formats.table import Codes, Column, Table, total_words
from recon.model import QTY_SCALE, Col, ExtraCol, LineSet, Role, Side


def convert(
    spec: FormatSpec,
    table: Table,
    headers: tuple[str, ...],
    assigned: Mapping[Role, int],
    *,
    path: str,
    sha256: str | Callable[[], str],
    delimiter: str,
    as_of: dt.date,
    warnings: tuple[str, ...] = (),
) -> LineSet:
    """Turn a file's rows into canonical seat lines, accounting for every row.

    Args:
        spec: the file's format.
        table: its data rows.
        headers: its headers.
        assigned: role -> column index (after ``--map``).
        path: the name shown in messages.
        sha256: digest of the file's bytes (or what gives it, asked once the lines are
            built: the hash may still be under way).
        delimiter: the file's delimiter (decides the decimal mark together with the values).
        as_of: the day date rules are judged on.
        warnings: warnings from reading (encoding, renamed headers).

    Returns:
        The LineSet.

    Raises:
        BadCell: an unreadable quantity (or PSA price) in a row that is otherwise a seat.
    """
    rows = Rows(
        table, headers, assigned, side=spec.side, fallbacks=spec.fallbacks, path=path, as_of=as_of
    )
    if spec.adjust is not None:
        spec.adjust(rows)
    client = rows.column(Role.CLIENT)
    assert client is not None
    rows.skip_mask(table.total, "total row")
    rows.skip_codes(client, np.where(total_words(client.uniques), "total row", ""))
    _skip_repeated_headers(rows)
    _standard_rules(rows, spec)
    rows.skip_mask(client.empty(), "no client name")
    product, sku = rows.column(Role.PRODUCT), rows.column(Role.SKU)
    no_product = np.logical_and(product.empty() if product else True, sku.empty() if sku else True)
    rows.skip_mask(np.broadcast_to(no_product, (rows.n,)), "no product name or SKU")
    comma = values.decimal_comma(rows, delimiter)
    qty = values.quantities(rows, comma)
    months = (spec.months or rules.months_from_cycle)(rows)
    charged, priced = values.charged_prices(rows, qty, comma, credits=spec.credits)
    terms = commitment(rows, months, spec.terms)
    money_in = currency(rows)
    # Trials, one-time charges and prorations are not seats paid every period: they are
    # kept out of the comparison (counted as skipped) and listed with their money.
    kind = charges(rows, months, spec.charges)
    aside = rows.kept & (kind != RECURRING)
    extras = _extras(rows, aside, kind, qty, charged, priced, money_in)
    for code, reason in CHARGE_REASONS.items():
        rows.skip_mask(aside & (kind == code), reason)
    unit, known = values.monthly_prices(rows, charged, priced, months=months)
    cost = costs.unit_costs(rows, spec.unit_cost, comma, months) if spec.unit_cost else None
    # Row-long arrays no line column reads go before the lines' columns are copied out: the
    # end of converting was the reading peak (at 60,000 clients each is 6 MiB).
    del charged, priced, months, kind, aside
    # Ended vendor subscriptions stay as 0-seat lines with no price or cost: evidence the
    # client had the product, never seats (recon.formats.ended).
    # An invoice's cancellation credits are the same evidence (recon.formats.credits).
    credits = cancel_credits(rows, qty)
    ended = ended_rows(rows, credits)
    if ended.any():
        qty = np.where(ended, 0, qty)
        known = known & ~ended
        if cost is not None:
            cost = (cost[0], cost[1] & ~ended)
    keep = rows.kept | ended
    if product is not None and sku is not None:
        named = int((product.empty() & ~sku.empty() & rows.kept).sum())
        if named:
            rows.warn(f"{named} row{'s' if named != 1 else ''} had a product id but no name")
    if (
        spec.side is Side.VENDOR
        and rows.column(Role.UNIT_PRICE) is None
        and (rows.column(Role.AMOUNT) is None)
    ):
        rows.warn("no unit cost column: missing_in_psa gaps will be priced from PSA prices")
    frame = pd.DataFrame(
        {
            # A row number in at most four bytes (a file under the size limit has far fewer than
            # 2**31 rows); the commitment columns come narrow too (see commitment()).
            Col.ROW: narrowest(table.rows[keep]),
            Col.CLIENT: _text(client, keep),
            Col.CLIENT_ID: _text(rows.column(Role.CLIENT_ID), keep),
            Col.PRODUCT: _text(product, keep),
            Col.SKU: _text(sku, keep),
            Col.QTY: qty[keep],
            Col.UNIT: pd.arrays.IntegerArray(unit[keep], ~known[keep]),
            # Fresh arrays, each the only reference to its values: pandas would copy them.
            # Each term's row-long array is let go once its kept rows are copied.
            **{name: pd.Series(terms.pop(name)[keep], copy=False) for name in list(terms)},
            Col.CURRENCY: _text(money_in, keep),
        },
        columns=list(Col.ALL),
        # The columns are fresh arrays: keep each as it is rather than copy the integer
        # ones into one block (a second copy of a million lines, at the reading peak).
        copy=False,
    )
    if cost is not None:
        frame[Col.COST] = pd.arrays.IntegerArray(cost[0][keep], ~cost[1][keep])
    if rows.n == 0:
        rows.warn("the file has a header row but no data rows")
    return LineSet(
        side=spec.side,
        path=path,
        format_name=spec.name,
        format_label=spec.label,
        lines=frame.reset_index(drop=True),
        rows_read=rows.n,
        skipped=rows.skipped(),
        sha256=sha256 if isinstance(sha256, str) else sha256(),
        columns={role.value: headers[index] for role, index in assigned.items()},
        warnings=(*warnings, *rows.warnings),
        extras=extras,
        evidence=frozenset(table.rows[ended].tolist()),
        ended_on={**ended_days(rows, ended), **credit_days(rows, credits & ended)}
        if ended.any()
        else {},
        gone=gone_clients(rows, credits) | gone_companies(rows),
    )


def _extras(
    rows: Rows,
    aside: npt.NDArray[np.bool_],
    kind: npt.NDArray[np.int8],
    qty: npt.NDArray[np.int64],
    charged: npt.NDArray[np.int64],
    priced: npt.NDArray[np.bool_],
    currency: Column,
) -> pd.DataFrame | None:
    """The rows set aside as trials, one-time charges or prorations, with their money."""
    if not aside.any():
        return None
    client, product, sku = (rows.column(r) for r in (Role.CLIENT, Role.PRODUCT, Role.SKU))
    # A charge kind's text is taken by code, not looked up per row: a distributor's month
    # sets 190,000 rows aside.
    words = np.array([charge.value for charge in CHARGE_CODES], dtype=object)
    return pd.DataFrame(
        {
            ExtraCol.ROW: rows.table.rows[aside].astype(np.int64),
            ExtraCol.CLIENT: _sorted_text(client, aside),
            ExtraCol.PRODUCT: _sorted_text(product, aside),
            ExtraCol.SKU: _sorted_text(sku, aside),
            ExtraCol.CHARGE: _in_text_order(kind[aside], words),
            ExtraCol.QTY: qty[aside],
            ExtraCol.AMOUNT: pd.arrays.IntegerArray(
                _amounts(charged[aside], qty[aside]), ~priced[aside]
            ),
            ExtraCol.CURRENCY: _sorted_text(currency, aside),
        },
        columns=list(ExtraCol.ALL),
        copy=False,
    )


def _amounts(charged: npt.NDArray[np.int64], qty: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Price times milli-seats, floored to whole money units: exact, in int64 where the
    product surely fits (every real row) and as Python integers for the rest."""
    # Both factors under 2**31 keep the product under 2**62; numpy's integer floor division
    # rounds towards minus infinity, as Python's does.
    limit = 2**31
    fits = (charged > -limit) & (charged < limit) & (qty > -limit) & (qty < limit)
    out = np.where(fits, charged, 0) * np.where(fits, qty, 0) // QTY_SCALE
    for at in np.flatnonzero(~fits).tolist():
        out[at] = int(charged[at]) * int(qty[at]) // QTY_SCALE
    return out


def _standard_rules(rows: Rows, spec: FormatSpec) -> None:
    """Status, the format's own rules, billable flag and (for lists of live records) dates."""
    rules.status_rule(rows, spec.active_statuses)
    if spec.extra_rules is not None:
        spec.extra_rules(rows)
    rules.billable_rule(rows)
    if spec.dated:
        rules.date_rules(rows)


def _skip_repeated_headers(rows: Rows) -> None:
    """Skip copies of the header row (files glued together from several exports)."""
    client, qty = rows.column(Role.CLIENT), rows.column(Role.QUANTITY)
    assert client is not None
    assert qty is not None
    same_client = _same_header(client, header_key(rows.header(Role.CLIENT)))
    same_qty = _same_header(qty, header_key(rows.header(Role.QUANTITY)))
    rows.skip_mask(client.lookup(same_client) & qty.lookup(same_qty), "repeated header row")


def _same_header(column: Column, key: str) -> npt.NDArray[np.bool_]:
    """Per distinct value: does it spell the header ``key``? Python only for the few whose
    letters could (a vectorised regex picks them)."""
    uniques = pa.array(column.uniques, type=pa.string())
    could = pc.and_(
        pc.less(pc.utf8_length(uniques), 3 * len(key) + 8),
        pc.match_substring_regex(uniques, "(?i)" + ".*".join(re.escape(c) for c in key)),
    )
    out = np.asarray(could.to_numpy(zero_copy_only=False), dtype=bool)
    for index in np.flatnonzero(out):
        out[index] = header_key(column.uniques[index]) == key
    return out


def _text(column: Column | None, keep: npt.NDArray[np.bool_]) -> pd.Series:
    """A text column of the kept rows, as categorical codes into the column's distinct values.

    A distributor's month repeats each client and product name on dozens of lines: a small
    integer code per line and each name once take a fraction of the memory of the text per
    line, and grouping factorizes the codes instead of hashing every line's text again.
    """
    if column is None:
        return _categorical(np.zeros(int(keep.sum()), dtype=np.intp), np.array([""], dtype=object))
    return _categorical(column.codes[keep], column.uniques)


def _sorted_text(column: Column | None, keep: npt.NDArray[np.bool_]) -> pd.Series:
    """A text column of the kept rows as categorical codes into the texts they use, sorted
    (for the rows set aside, which are summed and sorted by their text: sorted categories
    order them as their texts do).

    Held from reading to the end of the run: at 60,000 clients 190,000 rows are set aside,
    and one string per row per text column was 19 MiB under matching's and the
    comparison's peaks, where codes take a quarter of that.
    """
    if column is None:
        return _in_text_order(
            np.zeros(int(keep.sum()), dtype=np.intp), np.array([""], dtype=object)
        )
    return _in_text_order(column.codes[keep], column.uniques)


def _in_text_order(codes: npt.NDArray[np.integer], uniques: npt.NDArray[np.object_]) -> pd.Series:
    """Codes into distinct texts as a categorical column whose categories are the texts the
    rows use, in code point order (Python's string order, which Arrow's sort keeps too)."""
    ordered, used = renumber(codes, len(uniques))
    texts = uniques[used]
    order = np.argsort(texts, kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order), dtype=np.intp)
    return coded_column(rank[ordered], pd.Index(pd.array(texts[order], dtype="str")))


def _categorical(codes: Codes, uniques: npt.NDArray[np.object_]) -> pd.Series:
    """Codes into distinct texts as a categorical column (the smallest integer codes that fit,
    Arrow-backed categories); ``uniques`` must be distinct.

    The categories are the values the rows use, in the order they first appear: the same
    lines give the same column however the file was laid out (and skipped rows' names are
    not carried along).
    """
    ordered, used = renumber(codes, len(uniques))
    categories = pd.Index(pd.array(uniques[used], dtype="str"))
    # The codes come from factorizing and the texts are distinct: not checked again.
    return coded_column(ordered, categories)
