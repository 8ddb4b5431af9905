"""count_overlaps on integer codes against the plain per-pair computation on Python sets.

The oracle is the per-pair count :meth:`Footprints.overlap` makes, written on sets: shared
lines, products in common, near seats (looked for only while a product in common has no
shared line) and the exact sum (``math.fsum``) of the shared and near lines' weights.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match import overlap_batch
from recon.match.overlap_batch import LineCodes, count_overlaps, distinct_lines, psa_side

_FLOOR, _SHARE = 1000, 0.1


def _plain(
    vendor: set[tuple[int, int]], psa: set[tuple[int, int]], weight: dict[tuple[int, int], float]
) -> tuple[int, int, int, int, int, float]:
    common = vendor & psa
    products = {p for p, _ in vendor} & {p for p, _ in psa}
    terms = [weight[line] for line in common]
    near = 0
    if len(products) > len(common):
        largest: dict[int, int] = {}
        for p, q in psa:
            largest[p] = max(q, largest.get(p, q))
        for p, q in vendor - common:
            other = largest.get(p)
            if other is not None and abs(other - q) <= max(_FLOOR, _SHARE * max(q, other)):
                near += 1
                terms.append(0.5 * weight[(p, q)])
    return len(common), len(vendor), len(psa), len(products), near, math.fsum(terms)


_held = st.lists(
    st.tuples(
        st.integers(0, 3),  # client
        st.integers(0, 3),  # product
        st.sampled_from([1000, 1500, 2000, 5000, 5400, 40_000]),  # milli-seats
    ),
    max_size=24,
)
# Weights far apart in size: a float sum in another order than the exact one would differ.
_weight = st.sampled_from([1.0, 1e-16, 3.3, 0.1, 0.2, 0.3, 2.5e-8, 17.25, 0.0])


@settings(max_examples=300, deadline=None)
@given(
    _held,
    _held,
    st.lists(_weight, min_size=24, max_size=24),
    st.data(),
    st.sampled_from([1, 2, 5, overlap_batch.PART_CELLS]),
)
def test_every_pair_counted_at_once_as_on_its_own(
    vendor_rows: list[tuple[int, int, int]],
    psa_rows: list[tuple[int, int, int]],
    weights: list[float],
    data: st.DataObject,
    cells: int,
) -> None:
    """Whatever the parts the pairs are counted in (a pair or a few at a time, or all at
    once), each pair's counts are its own."""
    seats = sorted({q for *_, q in (*vendor_rows, *psa_rows)})
    code = {(p, q): p * len(seats) + seats.index(q) for p in range(4) for q in seats}
    lines = LineCodes(
        np.asarray([p for p, _ in code], dtype=np.int64),
        np.asarray([q for _, q in code], dtype=np.int64),
        np.asarray([weights[i % len(weights)] for i in range(len(code))], dtype=np.float64),
    )
    weight = {line: float(lines.weight[at]) for line, at in code.items()}

    def coded(rows: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
        owner = np.asarray([c for c, _, _ in rows], dtype=np.int64)
        line = np.asarray([code[(p, q)] for _, p, q in rows], dtype=np.int64)
        return owner, line

    pairs = data.draw(st.lists(st.tuples(st.integers(-1, 4), st.integers(-1, 4)), max_size=20))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(overlap_batch, "PART_CELLS", cells)
        found = count_overlaps(
            distinct_lines(*coded(vendor_rows), lines),
            psa_side(*coded(psa_rows), lines),
            lines,
            np.asarray([v for v, _ in pairs], dtype=np.int64),
            np.asarray([p for _, p in pairs], dtype=np.int64),
            near_floor=_FLOOR,
            near_share=_SHARE,
        )
    for j, (v, p) in enumerate(pairs):
        mine = {(pr, q) for c, pr, q in vendor_rows if c == v}
        theirs = {(pr, q) for c, pr, q in psa_rows if c == p}
        counted = (
            int(found.shared[j]),
            int(found.vendor_lines[j]),
            int(found.psa_lines[j]),
            int(found.shared_products[j]),
            int(found.near[j]),
            float(found.bits[j]),
        )
        assert counted == _plain(mine, theirs, weight), (v, p)


def _one_pair(
    vendor: list[tuple[int, int]], psa: list[tuple[int, int]], weight: list[float]
) -> tuple[int, int, int, int, int, float]:
    """count_overlaps of one vendor client (its (product, seats) lines) and one PSA client,
    line codes in the order the lines are first written."""
    code: dict[tuple[int, int], int] = {}
    for line in (*vendor, *psa):
        code.setdefault(line, len(code))
    lines = LineCodes(
        np.asarray([p for p, _ in code], dtype=np.int64),
        np.asarray([q for _, q in code], dtype=np.int64),
        np.asarray(weight[: len(code)], dtype=np.float64),
    )

    def side(held: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(len(held), dtype=np.int64), np.asarray(
            [code[line] for line in held], dtype=np.int64
        )

    found = count_overlaps(
        distinct_lines(*side(vendor), lines),
        psa_side(*side(psa), lines),
        lines,
        np.zeros(1, dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        near_floor=_FLOOR,
        near_share=_SHARE,
    )
    return (
        int(found.shared[0]),
        int(found.vendor_lines[0]),
        int(found.psa_lines[0]),
        int(found.shared_products[0]),
        int(found.near[0]),
        float(found.bits[0]),
    )


def test_three_shared_lines_are_summed_exactly() -> None:
    # 1 + 1e-16 + 1e-16 added in turn is 1.0; exactly it is the next float up.
    held = [(0, 1000), (1, 1000), (2, 1000)]
    found = _one_pair(held, held, [1.0, 1e-16, 1e-16])
    assert found == (3, 3, 3, 3, 0, math.fsum([1.0, 1e-16, 1e-16]))
    assert found[-1] > 1.0


def test_no_near_seats_looked_for_when_every_product_in_common_has_a_shared_line() -> None:
    # Two vendor lines of one product, one shared: the other, a seat off, is not counted near
    # (the per-pair count only looks while a product in common has no shared line).
    found = _one_pair([(0, 1000), (0, 1500)], [(0, 1000)], [2.0, 4.0])
    assert found == (1, 2, 1, 1, 0, 2.0)
    # Without the shared line both vendor lines are near the PSA's count.
    assert _one_pair([(0, 1000), (0, 1500)], [(0, 2000)], [2.0, 4.0, 1.0]) == (0, 2, 1, 1, 2, 3.0)
