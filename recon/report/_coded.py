"""The listed gaps' report texts read from the comparison's columns (a :class:`GapTable`).

The comparison kept every field of its gaps as codes into the field's distinct values: a
field's text is written once per distinct value (a 60,000-client month has 100,000 gaps but a
few thousand amounts and a few hundred names) and spread over the gaps by code with one
NumPy take, where reading each gap's fields back and finding the distinct values again (a
hash of every value) was most of writing the report's gaps. A listed gap that is not one of
the table's records (a later step marked it pending, say: about one in a hundred) is read
from its fields once and added as a row of its own.

The texts are those the column writers give value by value (each writer's text for a value
depends on that value alone), so the report is the same byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from recon.model import Gap, GapTable
from recon.report._columns import ColumnWriter, Table
from recon.report._fields import _OUT

_KEY_TEXT = "{}|{}|{}".format
_KIND_VALUE = attrgetter("_value_")
_Objects = npt.NDArray[np.object_]


class CodedGaps:
    """The report texts of the listed gaps, a chunk at a time, from ``table``.

    Args:
        table: the comparison's gaps as columns.
        gaps: the gaps listed, in list order (any of them may be other records).
        writers: per reported field, the writer of its texts (:data:`_OUT` order).
    """

    def __init__(
        self, table: GapTable, gaps: Sequence[Gap], writers: Sequence[ColumnWriter]
    ) -> None:
        rows = table.rows_of(gaps)
        others = np.flatnonzero(rows < 0)
        rows[others] = len(table.gaps) + np.arange(len(others))
        added = [gaps[i] for i in others.tolist()]
        self._rows = rows
        self._writers = writers
        # Per reported field: (texts, codes) for a coded field, (values, None) otherwise;
        # every listed gap has a row (the table's, or one added after them).
        self._columns: list[tuple[_Objects, npt.NDArray[np.int64] | None]] = []
        for (_, f), write in zip(_OUT, writers, strict=True):
            if f.computed:  # the key: made below from its parts
                self._columns.append((_objects([]), None))
                continue
            distinct, codes = table.fields[f.name]
            more = _objects([getattr(gap, f.name) for gap in added])
            if codes is None:
                self._columns.append((np.concatenate((distinct, more)), None))
                continue
            ends = len(distinct) + np.arange(len(added), dtype=np.int64)
            texts = _objects(write(np.concatenate((distinct, more)).tolist()))
            self._columns.append((texts, np.concatenate((codes, ends))))
        every = np.arange(len(table.gaps), dtype=np.int64)
        own_keys = map(
            _KEY_TEXT,
            table.values("client_key", every),
            table.values("product_key", every),
            map(_KIND_VALUE, table.values("kind", every)),
        )
        self._keys = _objects([*own_keys, *(gap.key for gap in added)])

    def columns(
        self, start: int, stop: int, tables: Sequence[Table]
    ) -> tuple[list[list[str]], list[str]]:
        """The texts of the gaps ``start:stop``, a column per reported field, and their keys
        (:attr:`recon.model.Gap.key`, for the labels); ``tables``: one per field, kept
        across the chunks of one report for the fields written value by value."""
        rows = self._rows[start:stop]
        keys: list[str] = self._keys[rows].tolist()
        out: list[list[str]] = []
        for (_, f), write, table, (made, codes) in zip(
            _OUT, self._writers, tables, self._columns, strict=True
        ):
            if codes is not None:
                out.append(made[codes[rows]].tolist())
            elif f.computed:
                out.append(write(keys, table))
            else:
                out.append(write(made[rows].tolist(), table))
        return out, keys


def _objects(values: Sequence[object]) -> _Objects:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def coded_gaps(
    table: GapTable | None, gaps: Sequence[Gap], writers: Sequence[ColumnWriter]
) -> CodedGaps | None:
    """A :class:`CodedGaps` where the run kept its table (with every reported field but
    the computed key); None otherwise: the gaps are then read field by field."""
    if table is None or not set(table.fields) >= _STORED or {"key"} != _COMPUTED:
        return None
    return CodedGaps(table, gaps, writers)


#: The reported fields a table must hold (the key is made from three of them).
_STORED = frozenset(f.name for _, f in _OUT if not f.computed)
_COMPUTED = {f.name for _, f in _OUT if f.computed}
