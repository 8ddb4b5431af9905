"""The gap list as the comparison made it: a column per field, beside the records.

A distributor's month has 100,000 gaps but a few thousand distinct amounts, a few hundred
product names and four kinds. The comparison works each field out as codes into its distinct
values and makes the :class:`~recon.model.Gap` records from them; it keeps the codes here so
a report writes each distinct value once and spreads the texts by code, instead of reading
every gap's fields back and finding the distinct values again.

Later steps of a run may drop, reorder or replace gaps (a gap marked pending is a new
record): :meth:`GapTable.rows_of` finds each listed gap's row by identity, and a gap that is
not one of the table's own records (-1) is read from its fields as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from recon.model._gaps import Gap

if TYPE_CHECKING:
    # Only for the types: ``recon.model`` is imported by every command, and one that needs
    # no file (``recon detect --help``) must answer without loading numpy.
    import numpy as np
    import numpy.typing as npt

#: One field of every gap: its distinct values and each gap's code into them; or, where the
#: values are mostly unique (a why), each gap's value itself and no codes.
FieldColumn: TypeAlias = "tuple[npt.NDArray[np.object_], npt.NDArray[np.int64] | None]"


@dataclass(frozen=True, slots=True, eq=False)
class GapTable:
    """The gaps of one comparison and their fields as columns.

    Attributes:
        gaps: the records, in the table's row order; ``gaps[i]``'s field ``f`` is
            ``column(f)`` at row ``i``, the very object.
        fields: field name -> :data:`FieldColumn`, for every constructor field of
            :class:`~recon.model.Gap`.
    """

    gaps: tuple[Gap, ...]
    fields: Mapping[str, FieldColumn]

    def rows_of(self, gaps: Sequence[Gap]) -> npt.NDArray[np.int64]:
        """Each gap's row in the table (by identity: the table holds its records, so no
        other object can share an id with one), -1 for a gap that is not one of them."""
        import numpy as np  # noqa: PLC0415 - recon.model loads with every command

        if not self.gaps:
            return np.full(len(gaps), -1, dtype=np.int64)
        # The identities as one sorted column, each gap's looked up by bisection: a dict of
        # 100,000 ids built and probed per report cost twice as much, the same rows found.
        own = np.fromiter(map(id, self.gaps), dtype=np.uint64, count=len(self.gaps))
        asked = np.fromiter(map(id, gaps), dtype=np.uint64, count=len(gaps))
        order = np.argsort(own)
        ordered = own[order]
        at = np.minimum(np.searchsorted(ordered, asked), len(own) - 1)
        return np.where(ordered[at] == asked, order[at], -1).astype(np.int64)

    def values(self, name: str, rows: npt.NDArray[np.int64]) -> list[object]:
        """The field's values at ``rows`` (all rows in the table: none -1)."""
        distinct, codes = self.fields[name]
        out: list[object] = (distinct[rows] if codes is None else distinct[codes[rows]]).tolist()
        return out
