"""The rows of one file while they become seat lines: columns by role, and skip reasons.

Format hooks and the shared rules (:mod:`recon.formats.rules`, :mod:`recon.formats.values`)
read columns from :class:`Rows` and skip rows with a reason; every decision is taken once per
distinct value of a column and spread to the rows by its codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.formats.header import header_key
from recon.formats.table import Column, Table
from recon.model import Role, Side


class Rows:
    """The rows of one file while they are being converted: columns by role, skip reasons.

    Format hooks read columns with :meth:`column` / :meth:`extra` and skip rows with
    :meth:`skip`; the first reason given for a row is the one that counts.
    """

    def __init__(
        self,
        table: Table,
        headers: tuple[str, ...],
        assigned: Mapping[Role, int],
        *,
        side: Side,
        fallbacks: Mapping[Role, tuple[str, ...]],
        path: str,
        as_of: dt.date,
    ) -> None:
        self.side = side
        self.table = table
        self.headers = headers
        self.path = path
        self.as_of = as_of
        self.n = len(table.rows)
        self.warnings: list[str] = []
        self._reason = np.zeros(self.n, dtype=np.int32)
        self._reasons: list[str] = [""]
        self._assigned = dict(assigned)
        self._fallbacks = fallbacks
        # Columns are encoded when a rule asks for them: most of a wide export is never read.
        self._columns: dict[Role, Column | None] = {}

    # --- reading ------------------------------------------------------------------------
    def column(self, role: Role) -> Column | None:
        """The column for a role (with fallbacks applied), or None when it has none."""
        if role not in self._columns:
            index = self._assigned.get(role)
            column = None if index is None else self.table.column(index)
            if column is not None:
                for key in self._fallbacks.get(role, ()):
                    other = self.extra(key)
                    if other is not None and other is not column:
                        column = coalesce(column, other)
            self._columns[role] = column
        return self._columns[role]

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
                return self.table.column(index)
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
        # Each distinct reason once: a client column has tens of thousands of values, and
        # nearly all of them share the reason "" (keep).
        found, reasons = pd.factorize(
            np.asarray(per_unique, dtype=object), sort=False, use_na_sentinel=False
        )
        per_reason = np.array([self._reason_id(r) for r in reasons], dtype=np.int32)
        ids = per_reason[found] if len(found) else np.zeros(0, dtype=np.int32)
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

    def skipped_for(self, reasons: frozenset[str]) -> npt.NDArray[np.bool_]:
        """Rows skipped for one of ``reasons``."""
        ids = [i for i, r in enumerate(self._reasons) if r in reasons]
        out: npt.NDArray[np.bool_] = np.isin(self._reason, ids)
        return out

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
    empty = first.empty()
    if not empty.any():
        return first
    codes = np.where(empty, second.codes + len(first.uniques), first.codes)
    remap, uniques = pd.factorize(np.concatenate([first.uniques, second.uniques]))
    return Column(remap[codes].astype(np.intp), np.asarray(uniques, dtype=object))


def combine(first: Column, second: Column, join: Callable[[str, str], str]) -> Column:
    """A column of ``join(first cell, second cell)``, computed once per distinct pair."""
    width = max(len(second.uniques), 1)
    pairs = first.codes.astype(np.int64) * width + second.codes
    inverse, distinct = pd.factorize(pairs)  # hashing: no sort of a million pairs
    a, b = np.divmod(np.asarray(distinct, dtype=np.int64), width)
    joined = [join(x, y) for x, y in zip(first.uniques[a], second.uniques[b], strict=True)]
    codes, uniques = pd.factorize(np.array([*joined, ""], dtype=object))
    return Column(codes[inverse].astype(np.intp), np.asarray(uniques, dtype=object))
