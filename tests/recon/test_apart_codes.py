"""What grouping keeps apart is found on the (client, product, term) codes hashed once, and
numbers the groups exactly as the earlier path did: factorize the keys widened by each
kept-apart line's place among its key's lines (a pandas group-by count), and a cost spread
judged per distinct key."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.group_apart import COSTS_APART, costs_apart, lines_apart, nth_of_code
from recon.match import ProductIdentity
from recon.model import Col, ProductMethod

_keys = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=60)


def _identity(key: str, method: ProductMethod) -> ProductIdentity:
    return ProductIdentity(key=key, name=key, method=method)


_FLAT = (
    _identity("a", ProductMethod.CATALOGUE),
    _identity("b", ProductMethod.NAME),
    _identity("c", ProductMethod.ALIAS),
)


def _old_lines_apart(
    grouped: npt.NDArray[np.int64],
    row_identity: npt.NDArray[np.int64],
    wide: npt.NDArray[np.bool_] | None,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """The replaced path: a group-by count over the keys, then the widened keys factorized."""
    apart = np.array(
        [i.method in (ProductMethod.NAME, ProductMethod.ALIAS) for i in _FLAT], dtype=bool
    )[row_identity]
    if wide is not None:
        apart |= wide
    width = 1
    if apart.any():
        keys = pd.Series(np.where(apart, grouped, -1))
        line = np.where(apart, keys.groupby(keys.to_numpy(), sort=False).cumcount().to_numpy(), 0)
        width = int(line.max()) + 1
        grouped = grouped * width + line.astype(np.int64)
    found, distinct = pd.factorize(grouped, sort=False)
    return found, np.asarray(distinct, dtype=np.int64) // width


@settings(max_examples=300, deadline=None)
@given(_keys, st.data())
def test_groups_kept_apart_are_numbered_as_before(keys: list[int], data: st.DataObject) -> None:
    grouped = np.array(keys, dtype=np.int64) * 7  # keys need not be small or dense
    n = len(grouped)
    identity = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    wide = data.draw(st.none() | st.lists(st.booleans(), min_size=n, max_size=n))
    wide_rows = None if wide is None else np.array(wide, dtype=bool)
    codes, uniques = pd.factorize(grouped, sort=False)
    found, key_of = lines_apart(codes, len(uniques), _FLAT, identity, wide_rows)
    expected, expected_keys = _old_lines_apart(grouped, identity, wide_rows)
    assert found.tolist() == expected.tolist()
    assert np.asarray(uniques)[key_of].tolist() == expected_keys.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=5), max_size=50))
def test_nth_of_code_is_a_group_by_count(values: list[int]) -> None:
    codes = np.array(values, dtype=np.int64)
    expected = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy()
    assert nth_of_code(codes).tolist() == expected.tolist()


def _old_costs_apart(
    grouped: npt.NDArray[np.int64], values: npt.NDArray[np.int64], known: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_] | None:
    found, keys = pd.factorize(grouped[known], sort=False)
    low = np.full(len(keys), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(low, found, values[known])
    high = np.zeros(len(keys), dtype=np.int64)
    np.maximum.at(high, found, values[known])
    wide = high > COSTS_APART * np.maximum(low, 1)
    if not wide.any():
        return None
    return np.isin(grouped, np.asarray(keys)[wide])


@settings(max_examples=300, deadline=None)
@given(_keys, st.data())
def test_cost_spreads_are_found_as_before(keys: list[int], data: st.DataObject) -> None:
    grouped = np.array(keys, dtype=np.int64) * 5
    n = len(grouped)
    costs = data.draw(st.lists(st.none() | st.integers(0, 3_000), min_size=n, max_size=n))
    lines = pd.DataFrame({Col.COST: pd.array(costs, dtype="Int64")})
    known = lines[Col.COST].notna().to_numpy()
    values = lines[Col.COST].fillna(0).to_numpy(dtype=np.int64)
    codes, uniques = pd.factorize(grouped, sort=False)
    kept = np.arange(n, dtype=np.intp)
    found = costs_apart(codes, len(uniques), lines, kept, np.zeros(n, dtype=bool))
    expected = _old_costs_apart(grouped, values, known) if known.any() else None
    assert (found is None) == (expected is None)
    if found is not None and expected is not None:
        assert found.tolist() == expected.tolist()
