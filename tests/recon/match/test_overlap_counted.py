"""``Overlap.counted`` makes the Overlap its dataclass constructor makes (the batch counts use
it for speed): the same fields, equality, hash and readings, and still frozen."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recon.match.overlap import Overlap

_COUNT = st.integers(0, 40)


@given(
    shared=_COUNT,
    vendor_lines=_COUNT,
    psa_lines=_COUNT,
    shared_products=_COUNT,
    near=_COUNT,
    bits=st.sampled_from([0.0, 0.5, 4.9, 5.0, 15.0, 37.2]),
)
def test_counted_is_the_constructed_overlap(
    shared: int, vendor_lines: int, psa_lines: int, shared_products: int, near: int, bits: float
) -> None:
    made = Overlap(shared, vendor_lines, psa_lines, shared_products, near, bits)
    counted = Overlap.counted(shared, vendor_lines, psa_lines, shared_products, near, bits)
    assert counted == made and hash(counted) == hash(made)
    assert dataclasses.astuple(counted) == dataclasses.astuple(made)
    assert counted.summed is False
    # Readings worked out on first question, as on a constructed one.
    for reading in ("agrees", "apart", "contradicts", "refutes", "supports", "overwhelms"):
        assert getattr(counted, reading) == getattr(made, reading)
    assert counted.words() == made.words()


def test_counted_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Overlap.counted(1, 2, 3, 1, 0, 4.0).shared = 2  # type: ignore[misc]
