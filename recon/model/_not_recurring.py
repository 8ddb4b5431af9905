"""The not-recurring entries of a run as columns, from where they are summed to where they
are written.

A distributor's month sets aside 170,000 entries (trials, one-time charges, prorations) but
has two sides, three charge kinds, a few hundred seat counts and a few thousand amounts.
Making a :class:`~recon.model.NotRecurring` record per entry, reading each one's fields back
to write the report and summing their Decimals for the totals cost about 0.7 s of CPU at
60,000 clients. :class:`NotRecurringColumns` keeps each field as a column (the repeating ones
as codes into their distinct values, seats and cents also as integers), so a report writes a
distinct value once, spreads it by code and sums integers; the records are made only when
something reads the entries one by one (a test, a program using the library), and then
equal, field for field, to those made directly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from recon.model._results import NotRecurring

if TYPE_CHECKING:
    # Only for the types: ``recon.model`` loads with every command (see ``_gap_table``).
    import numpy as np
    import numpy.typing as npt

    Objects = npt.NDArray[np.object_]
    Ints = npt.NDArray[np.int64]
    Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class CodedColumn:
    """One field of every entry: its distinct values and each entry's code into them."""

    distinct: Objects
    codes: Ints

    def values(self) -> list[Any]:
        """Each entry's value, in C (one take)."""
        out: list[Any] = self.distinct[self.codes].tolist()
        return out


@dataclass(frozen=True, slots=True, eq=False)
class NotRecurringFields:
    """The columns of :class:`NotRecurringColumns`, every one in list order."""

    side: CodedColumn
    charge: CodedColumn
    client: Objects  # str
    product: Objects  # str
    lines: Ints
    seats: CodedColumn  # Decimal
    amount: CodedColumn  # Decimal, or None where no line had a price
    currency: CodedColumn  # str, or None
    qty_milli: Ints  # the seats, x QTY_SCALE
    cents: Ints  # the amount as shown (rounded half up to cents), 0 where not priced
    priced: Flags


class NotRecurringColumns(Sequence[NotRecurring]):
    """Not-recurring entries held as columns; a sequence of :class:`NotRecurring` to readers.

    Equal to any sequence of the same records (a tuple of them, say). Slicing gives columns
    again (the report writes a chunk at a time); indexing or iterating makes the records,
    once.

    Args:
        columns: the fields, each in list order.
    """

    __slots__ = ("_columns", "_records")

    def __init__(self, columns: NotRecurringFields) -> None:
        self._columns = columns
        self._records: tuple[NotRecurring, ...] | None = None

    @property
    def columns(self) -> NotRecurringFields:
        """The fields as columns, in list order."""
        return self._columns

    def __len__(self) -> int:
        return len(self._columns.lines)

    @overload
    def __getitem__(self, at: int) -> NotRecurring: ...

    @overload
    def __getitem__(self, at: slice) -> NotRecurringColumns: ...

    def __getitem__(self, at: int | slice) -> NotRecurring | NotRecurringColumns:
        if isinstance(at, slice):
            c = self._columns
            return NotRecurringColumns(
                NotRecurringFields(
                    side=CodedColumn(c.side.distinct, c.side.codes[at]),
                    charge=CodedColumn(c.charge.distinct, c.charge.codes[at]),
                    client=c.client[at],
                    product=c.product[at],
                    lines=c.lines[at],
                    seats=CodedColumn(c.seats.distinct, c.seats.codes[at]),
                    amount=CodedColumn(c.amount.distinct, c.amount.codes[at]),
                    currency=CodedColumn(c.currency.distinct, c.currency.codes[at]),
                    qty_milli=c.qty_milli[at],
                    cents=c.cents[at],
                    priced=c.priced[at],
                )
            )
        return self.records()[at]

    def __iter__(self) -> Iterator[NotRecurring]:
        return iter(self.records())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NotRecurringColumns):
            return self.records() == other.records()
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(other) == len(self) and self.records() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.records())

    def __repr__(self) -> str:
        return f"NotRecurringColumns({len(self)} entries)"

    def entry(self, at: int) -> NotRecurring:
        """The entry at ``at`` as a record, the others left as columns."""
        c = self._columns
        return NotRecurring(
            c.side.distinct[c.side.codes[at]],
            c.charge.distinct[c.charge.codes[at]],
            c.client[at],
            c.product[at],
            int(c.lines[at]),
            c.seats.distinct[c.seats.codes[at]],
            c.amount.distinct[c.amount.codes[at]],
            c.currency.distinct[c.currency.codes[at]],
        )

    def records(self) -> tuple[NotRecurring, ...]:
        """The entries as records (made on the first call)."""
        if self._records is None:
            c = self._columns
            self._records = tuple(
                map(
                    NotRecurring,
                    c.side.values(),
                    c.charge.values(),
                    c.client.tolist(),
                    c.product.tolist(),
                    c.lines.tolist(),
                    c.seats.values(),
                    c.amount.values(),
                    c.currency.values(),
                )
            )
        return self._records

    @staticmethod
    def concat(parts: Sequence[NotRecurringColumns]) -> NotRecurringColumns:
        """The entries of ``parts``, one after the other."""
        import numpy as np  # noqa: PLC0415 - recon.model loads with every command

        if len(parts) == 1:
            return parts[0]
        cols = [p.columns for p in parts]

        def coded(name: str) -> CodedColumn:
            fields: list[CodedColumn] = [getattr(c, name) for c in cols]
            starts = np.cumsum([0, *(len(f.distinct) for f in fields[:-1])])
            return CodedColumn(
                np.concatenate([f.distinct for f in fields]),
                np.concatenate([f.codes + s for f, s in zip(fields, starts, strict=True)]),
            )

        def joined(name: str) -> Any:
            return np.concatenate([getattr(c, name) for c in cols])

        return NotRecurringColumns(
            NotRecurringFields(
                side=coded("side"),
                charge=coded("charge"),
                client=joined("client"),
                product=joined("product"),
                lines=joined("lines"),
                seats=coded("seats"),
                amount=coded("amount"),
                currency=coded("currency"),
                qty_milli=joined("qty_milli"),
                cents=joined("cents"),
                priced=joined("priced"),
            )
        )
