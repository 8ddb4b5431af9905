"""What a format is, and the one conversion every format shares: raw rows to seat lines.

A format module only *declares* things (:class:`FormatSpec`): which headers identify it, which
header it prefers for each role, what its status values mean, how its prices become monthly,
and any rule of its own. :func:`convert` does the rest the same way for everyone:

1. skip rows that are not seats, each with one reason (first rule that applies wins): total
   rows, status, the format's own rules, billable flag, dates, no client, no product, no
   quantity;
2. read quantities and unit prices (:mod:`recon.formats.values`);
3. build the canonical frame.

Every value is parsed once per distinct value, never per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.formats import rules, values
from recon.headers import assign_roles, header_key, synonyms
from recon.ingest import Body, Column, is_total_word
from recon.model import Col, LineSet, Role, Side

RowsHook = Callable[["Rows"], None]
MonthsHook = Callable[["Rows"], npt.NDArray[np.int64]]


def _keys(spellings: Mapping[Role, tuple[str, ...]]) -> dict[Role, tuple[str, ...]]:
    return {role: tuple(header_key(s) for s in names) for role, names in spellings.items()}


@dataclass(frozen=True)
class FormatSpec:
    """One export format: how to recognise it and how its rows become seat lines.

    Attributes:
        name: the id used in ``--vendor-format`` / ``--psa-format`` and in saved maps.
        label: what people call it.
        side: vendor or PSA.
        signature: header spellings that identify this format (any spelling; compared by key).
        min_hits: how many signature headers a file needs to be taken for this format.
        preferences: role -> this format's own header spellings, tried before the synonyms.
        ignore: header spellings this format must never use for any role.
        fallbacks: role -> header spellings whose cell fills the role's cell when it is empty.
        active_statuses: status values (folded) that are seats; None = the lenient default.
        dated: skip rows by start/end dates against ``as_of`` (lists of live records); False
            for invoices, whose dates are charge periods.
        extra_rules: this format's own skip rules, run after the status rule.
        months: months each row's price covers (default: from the billing-cycle column).
        adjust: last changes to role columns before numbers are read (e.g. a composite SKU).
        generic: a catch-all format, chosen only when no specific one fits.
    """

    name: str
    label: str
    side: Side
    signature: frozenset[str] = frozenset()
    min_hits: int = 3
    preferences: Mapping[Role, tuple[str, ...]] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    fallbacks: Mapping[Role, tuple[str, ...]] = field(default_factory=dict)
    active_statuses: frozenset[str] | None = None
    dated: bool = True
    extra_rules: RowsHook = rules.no_extra_rules
    months: MonthsHook = rules.months_from_cycle
    adjust: RowsHook | None = None
    generic: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "signature", frozenset(header_key(s) for s in self.signature))
        object.__setattr__(self, "preferences", _keys(self.preferences))
        object.__setattr__(self, "fallbacks", _keys(self.fallbacks))
        object.__setattr__(self, "ignore", frozenset(header_key(s) for s in self.ignore))

    @property
    def required(self) -> tuple[tuple[Role, ...], ...]:
        """Role groups that must each have a column (any one role of a group will do)."""
        groups: list[tuple[Role, ...]] = [
            (Role.CLIENT,),
            (Role.QUANTITY,),
            (Role.PRODUCT, Role.SKU),
        ]
        if self.side is Side.PSA:
            groups.append((Role.UNIT_PRICE, Role.AMOUNT))
        return tuple(groups)

    def role_keys(self) -> dict[Role, tuple[str, ...]]:
        """Role -> header keys to try, this format's own first, then the side's synonyms."""
        table = synonyms(self.side)
        unused = () if self.dated else (Role.START_DATE, Role.END_DATE)
        return {
            role: tuple(dict.fromkeys((*self.preferences.get(role, ()), *table.get(role, ()))))
            for role in set(table) | set(self.preferences)
            if role not in unused
        }

    def assign(self, headers: tuple[str, ...]) -> dict[Role, int]:
        """Role -> column index for a file with these headers."""
        return assign_roles(headers, self.role_keys(), ignore=self.ignore)

    def missing(self, assigned: Mapping[Role, int]) -> tuple[tuple[Role, ...], ...]:
        """Required role groups with no column."""
        return tuple(g for g in self.required if not any(r in assigned for r in g))


class Rows:
    """The rows of one file while they are being converted: columns by role, skip reasons.

    Format hooks read columns with :meth:`column` / :meth:`extra` and skip rows with
    :meth:`skip`; the first reason given for a row is the one that counts.
    """

    def __init__(
        self,
        spec: FormatSpec,
        body: Body,
        headers: tuple[str, ...],
        assigned: Mapping[Role, int],
        *,
        path: str,
        as_of: dt.date,
    ) -> None:
        self.spec = spec
        self.body = body
        self.headers = headers
        self.path = path
        self.as_of = as_of
        self.n = len(body.rows)
        self.warnings: list[str] = []
        self._reason = np.zeros(self.n, dtype=np.int32)
        self._reasons: list[str] = [""]
        self._assigned = dict(assigned)
        self._columns: dict[Role, Column] = {}
        for role, index in assigned.items():
            column = body.columns[index]
            for key in spec.fallbacks.get(role, ()):
                other = self.extra(key)
                if other is not None and other is not column:
                    column = coalesce(column, other)
            self._columns[role] = column

    # --- reading ------------------------------------------------------------------------
    def column(self, role: Role) -> Column | None:
        """The column for a role (with fallbacks applied), or None when it has none."""
        return self._columns.get(role)

    def set_column(self, role: Role, column: Column) -> None:
        """Replace a role's column (for :attr:`FormatSpec.adjust` hooks)."""
        self._columns[role] = column

    def header(self, role: Role) -> str:
        """The header a role was read from."""
        return self.headers[self._assigned[role]]

    def extra(self, spelling: str) -> Column | None:
        """A column by header spelling, whether or not a role uses it."""
        key = header_key(spelling)
        for index, header in enumerate(self.headers):
            if header_key(header) == key:
                return self.body.columns[index]
        return None

    @property
    def kept(self) -> npt.NDArray[np.bool_]:
        """Rows no rule has skipped so far."""
        kept: npt.NDArray[np.bool_] = self._reason == 0
        return kept

    # --- skipping -----------------------------------------------------------------------
    def skip(self, column: Column, reason_of: Callable[[str], str]) -> None:
        """Skip rows by their cell: ``reason_of(value)`` is a reason, or "" to keep."""
        self.skip_codes(column, np.array([reason_of(v) for v in column.uniques], dtype=object))

    def skip_codes(self, column: Column, per_unique: npt.NDArray[np.object_]) -> None:
        """Skip rows by a reason computed per distinct value of ``column`` ("" = keep)."""
        ids = np.array([self._reason_id(r) for r in per_unique], dtype=np.int32)
        self.skip_rows(column.lookup(ids) if len(ids) else np.zeros(self.n, np.int32))

    def skip_mask(self, mask: npt.NDArray[np.bool_], reason: str) -> None:
        """Skip the rows where ``mask`` is true."""
        self.skip_rows(np.where(mask, self._reason_id(reason), 0).astype(np.int32))

    def skip_rows(self, ids: npt.NDArray[np.int32]) -> None:
        """Skip rows by reason id per row (0 = keep); rows already skipped keep their reason."""
        fresh = (self._reason == 0) & (ids != 0)
        self._reason[fresh] = ids[fresh]

    def _reason_id(self, reason: str) -> int:
        if not reason:
            return 0
        if reason not in self._reasons:
            self._reasons.append(reason)
        return self._reasons.index(reason)

    def skipped(self) -> dict[str, int]:
        """Reason -> number of rows skipped for it."""
        counts = np.bincount(self._reason, minlength=len(self._reasons))
        return {r: int(c) for r, c in zip(self._reasons, counts, strict=True) if r and c}

    # --- telling ------------------------------------------------------------------------
    def warn(self, message: str) -> None:
        """Add a warning for the LineSet (once)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def warn_if_used(self, column: Column, bad_unique: npt.NDArray[np.bool_], message: str) -> None:
        """Warn, with a row count, when kept rows have one of the flagged values."""
        count = int((column.lookup(bad_unique) & self.kept).sum())
        if count:
            self.warn(f"{count} row{'s' if count != 1 else ''}: {message}")

    def months_by_value(
        self, column: Column, period: Callable[[str], int | None], header: str
    ) -> npt.NDArray[np.int64]:
        """Months per row from a billing-cycle column; unknown and empty cycles are monthly."""
        months = [period(v) for v in column.uniques]
        pairs = zip(months, column.uniques, strict=True)
        unknown = np.array([m is None and v != "" for m, v in pairs], dtype=bool)
        if unknown.any():
            examples = ", ".join(repr(v) for v in column.uniques[unknown][:3])
            self.warn_if_used(
                column, unknown, f"billing cycle {examples} in {header!r} not recognised; "
                "prices were taken as monthly",
            )  # fmt: skip
        table = np.array([1 if m is None else m for m in months], dtype=np.int64)
        return column.lookup(table) if len(table) else np.ones(self.n, np.int64)


def coalesce(first: Column, second: Column) -> Column:
    """A column taking ``first``'s cell, or ``second``'s where ``first`` is empty."""
    return combine(first, second, lambda a, b: a or b)


def combine(first: Column, second: Column, join: Callable[[str, str], str]) -> Column:
    """A column of ``join(first cell, second cell)``, computed once per distinct pair."""
    width = max(len(second.uniques), 1)
    pairs = first.codes.astype(np.int64) * width + second.codes
    distinct, inverse = np.unique(pairs, return_inverse=True)
    a, b = np.divmod(distinct, width)
    joined = [join(x, y) for x, y in zip(first.uniques[a], second.uniques[b], strict=True)]
    codes, uniques = pd.factorize(np.array([*joined, ""], dtype=object))
    return Column(codes[inverse].astype(np.intp), np.asarray(uniques, dtype=object))


def convert(
    spec: FormatSpec,
    body: Body,
    headers: tuple[str, ...],
    assigned: Mapping[Role, int],
    *,
    path: str,
    sha256: str,
    delimiter: str,
    as_of: dt.date,
    warnings: tuple[str, ...] = (),
) -> LineSet:
    """Turn a file's rows into canonical seat lines, accounting for every row.

    Args:
        spec: the file's format.
        body: its data rows.
        headers: its headers.
        assigned: role -> column index (after ``--map``).
        path: the name shown in messages.
        sha256: digest of the file's bytes.
        delimiter: the file's delimiter (decides the decimal mark together with the values).
        as_of: the day date rules are judged on.
        warnings: warnings from reading (encoding, renamed headers).

    Returns:
        The LineSet.

    Raises:
        BadCell: an unreadable quantity (or PSA price) in a row that is otherwise a seat.
    """
    rows = Rows(spec, body, headers, assigned, path=path, as_of=as_of)
    if spec.adjust is not None:
        spec.adjust(rows)
    client = rows.column(Role.CLIENT)
    assert client is not None
    rows.skip_mask(body.total, "total row")
    rows.skip(client, lambda v: "total row" if is_total_word(v) else "")
    _skip_repeated_headers(rows)
    rules.standard_rules(rows)
    rows.skip_mask(client.empty(), "no client name")
    product, sku = rows.column(Role.PRODUCT), rows.column(Role.SKU)
    no_product = np.logical_and(product.empty() if product else True, sku.empty() if sku else True)
    rows.skip_mask(np.broadcast_to(no_product, (rows.n,)), "no product name or SKU")
    comma = values.decimal_comma(rows, delimiter)
    qty = values.quantities(rows, comma)
    unit, known = values.unit_prices(rows, qty, comma)
    keep = rows.kept
    if product is not None and sku is not None:
        named = int((product.empty() & ~sku.empty() & keep).sum())
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
            Col.ROW: body.rows[keep].astype(np.int64),
            Col.CLIENT: _text(client, keep),
            Col.CLIENT_ID: _text(rows.column(Role.CLIENT_ID), keep),
            Col.PRODUCT: _text(product, keep),
            Col.SKU: _text(sku, keep),
            Col.QTY: qty[keep],
            Col.UNIT: pd.arrays.IntegerArray(unit[keep], ~known[keep]),
        },
        columns=list(Col.ALL),
    )
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
        sha256=sha256,
        columns={role.value: headers[index] for role, index in assigned.items()},
        warnings=(*warnings, *rows.warnings),
    )


def _skip_repeated_headers(rows: Rows) -> None:
    """Skip copies of the header row (files glued together from several exports)."""
    client, qty = rows.column(Role.CLIENT), rows.column(Role.QUANTITY)
    assert client is not None
    assert qty is not None
    names = (header_key(rows.header(Role.CLIENT)), header_key(rows.header(Role.QUANTITY)))

    def is_header(value: str, key: str) -> bool:
        return len(value) < 3 * len(key) + 8 and header_key(value) == key

    same_client = np.array([is_header(v, names[0]) for v in client.uniques], dtype=bool)
    same_qty = np.array([is_header(v, names[1]) for v in qty.uniques], dtype=bool)
    rows.skip_mask(client.lookup(same_client) & qty.lookup(same_qty), "repeated header row")


def _text(column: Column | None, keep: npt.NDArray[np.bool_]) -> pd.Series:
    if column is None:
        return pd.Series([""] * int(keep.sum()), dtype="str")
    strings = pd.array(column.uniques, dtype="str")
    return pd.Series(strings.take(column.codes[keep]), dtype="str")
