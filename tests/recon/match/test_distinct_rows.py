"""``distinct_rows`` groups rows exactly as ``np.unique(axis=0)`` over the same table did.

``Footprints.overlaps`` makes one ``Overlap`` per distinct row of counts and hands each pair
its row's: the old sort over the whole table is kept here as the oracle. Only the grouping
is compared (which rows are alike, and that each group's first row is its first), never
the order the groups come in, which no caller reads.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.distinct_rows import distinct_rows


def _unique_rows(counts: list[np.ndarray], values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    table = np.column_stack([*(c.astype(np.float64) for c in counts), values])
    _, first, which = np.unique(table, axis=0, return_index=True, return_inverse=True)
    return first, which.ravel()


def _groups(first: np.ndarray, which: np.ndarray) -> list[int]:
    """Each row's group as the first row holding it: comparable whatever the groups' order."""
    return [int(first[k]) for k in which.tolist()]


_ROWS = st.integers(min_value=0, max_value=40)


@settings(max_examples=300, deadline=None)
@given(
    _ROWS.flatmap(
        lambda n: st.tuples(
            st.lists(
                st.lists(st.integers(min_value=0, max_value=6), min_size=n, max_size=n),
                min_size=5,
                max_size=5,
            ),
            st.lists(st.sampled_from([0.0, 1.5, 2.0, 7.3, 12.0]), min_size=n, max_size=n),
        )
    )
)
def test_rows_alike_are_grouped_as_sorting_the_table_grouped_them(
    table: tuple[list[list[int]], list[float]],
) -> None:
    columns = [np.asarray(c, dtype=np.int64) for c in table[0]]
    values = np.asarray(table[1], dtype=np.float64)
    first, which = distinct_rows(columns, values)
    old_first, old_which = _unique_rows(columns, values)
    assert len(first) == len(old_first)
    assert _groups(first, which) == _groups(old_first, old_which)


def test_counts_too_large_to_pack_are_grouped_by_sorting() -> None:
    big = np.asarray([2**40, 0, 2**40, 5], dtype=np.int64)
    columns = [big, big, np.asarray([1, 1, 1, 2], dtype=np.int64)]
    values = np.asarray([0.5, 0.5, 0.5, 0.5])
    first, which = distinct_rows(columns, values)
    assert _groups(first, which) == [0, 1, 0, 3]
