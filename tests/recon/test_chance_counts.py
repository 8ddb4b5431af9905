"""The chance counts of every text in one pass agree with the one-text-at-a-time count."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.coincidence import Counts, beside_counts_by_text
from recon.engine.second_products import MAX_LINES, _positions, _split_lines
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY


# The former per-text count, kept as the oracle: one join of the text's rows with every line.
def beside_counts(rows: pd.DataFrame, lines: pd.DataFrame) -> tuple[Counts, Counts, Counts]:
    """Per vendor product of ``lines`` (``pc``, vendor key, seats; keys as text, as in
    ``rows``): the clients where the
    text (``rows``: ``pc``, seats; a client may have several, each weighed on its own) sits
    beside it, those where its seats equal a row of the text's, and those where they alone
    do (no other product there has that row's seats)."""
    text = rows[[PC, QTY_P]].reset_index(drop=True).rename_axis("row").reset_index()
    pairs = text.merge(lines[[PC, VENDOR_KEY, QTY_V]], on=PC)
    if pairs.empty:
        return {}, {}, {}
    beside = pairs.groupby(VENDOR_KEY, sort=False)[PC].nunique()
    equal = pairs.loc[pairs[QTY_P] == pairs[QTY_V], ["row", PC, VENDOR_KEY]].drop_duplicates()
    single = equal.groupby("row", sort=False)[VENDOR_KEY].transform("size") == 1
    found = equal.loc[single, [PC, VENDOR_KEY]].drop_duplicates()
    alone = found.groupby(VENDOR_KEY, sort=False).size()
    same = equal[[PC, VENDOR_KEY]].drop_duplicates().groupby(VENDOR_KEY, sort=False).size()
    return (
        {str(k): int(n) for k, n in beside.items()},
        {str(k): int(n) for k, n in same.items()},
        {str(k): int(n) for k, n in alone.items()},
    )


_clients = st.sampled_from(["1", "2", "3", "4", "5", "6"])
_seats = st.integers(min_value=0, max_value=4)
_text_rows = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), _clients, _seats), max_size=25)
_lines = st.lists(st.tuples(_clients, st.sampled_from(["x", "y", "z", "w"]), _seats), max_size=25)


@settings(max_examples=300, deadline=None)
@given(_text_rows, _lines)
def test_every_text_counted_at_once_as_one_at_a_time(
    text_rows: list[tuple[str, str, int]], lines: list[tuple[str, str, int]]
) -> None:
    rows = pd.DataFrame(text_rows, columns=[PSA_KEY, PC, QTY_P]).astype({QTY_P: "int64"})
    sold = pd.DataFrame(lines, columns=[PC, VENDOR_KEY, QTY_V]).astype({QTY_V: "int64"})
    found = beside_counts_by_text(rows, sold, PSA_KEY)
    for text in ("a", "b", "c"):
        alone = beside_counts(rows.loc[rows[PSA_KEY] == text, [PC, QTY_P]], sold)
        assert found.get(text, ({}, {}, {})) == alone


def test_a_row_agreeing_with_two_products_is_alone_with_neither() -> None:
    rows = pd.DataFrame({PSA_KEY: ["a", "a", "b"], PC: ["1", "2", "1"], QTY_P: [5, 3, 7]})
    sold = pd.DataFrame(
        {PC: ["1", "1", "2", "2"], VENDOR_KEY: ["x", "y", "x", "y"], QTY_V: [5, 5, 3, 4]}
    )
    found = beside_counts_by_text(rows, sold, PSA_KEY)
    assert found["a"] == ({"x": 2, "y": 2}, {"x": 2, "y": 1}, {"x": 1})
    assert found["b"] == ({"x": 1, "y": 1}, {}, {})


# The former split of a text's lines, one filtered and grouped frame per call: the oracle.
def _split_lines_per_frame(
    own: pd.DataFrame, lines: pd.DataFrame, keys: set[str]
) -> dict[str, tuple[tuple[tuple[int, str], ...], int]]:
    at = lines.loc[lines[VENDOR_KEY].isin(keys) & lines[PC].isin(set(own[PC]))]
    sold = at.astype({PC: str, VENDOR_KEY: str}).groupby([PC, VENDOR_KEY], sort=True)[QTY_V].sum()
    by_client: dict[str, list[tuple[str, int]]] = {}
    for (pc, key), qty in zip(sold.index.tolist(), sold.tolist(), strict=True):
        by_client.setdefault(str(pc), []).append((str(key), int(qty)))
    out: dict[str, tuple[tuple[tuple[int, str], ...], int]] = {}
    pairs = {pc for pc, two in by_client.items() if len(two) == 2}
    seats_at: dict[str, list[int]] = {}
    for pc, q in own.loc[own[PC].isin(pairs), [PC, QTY_P]].itertuples(index=False):
        seats_at.setdefault(str(pc), []).append(int(q))
    for pc, qty in sorted(seats_at.items()):
        if len(qty) > MAX_LINES:
            continue
        (a, qa), (b, qb) = by_client[pc]
        best, ways = 0, set()
        for mask in range(1, 2 ** len(qty) - 1):
            on_a = [q for i, q in enumerate(qty) if mask >> i & 1]
            on_b = [q for i, q in enumerate(qty) if not mask >> i & 1]
            hits = (sum(on_a) == qa) + (sum(on_b) == qb)
            way = tuple(sorted([*((q, a) for q in on_a), *((q, b) for q in on_b)]))
            if hits > best:
                best, ways = hits, {way}
            elif hits == best:
                ways.add(way)
        if best and len(ways) == 1:
            out[str(pc)] = (ways.pop(), best)
    return out


_own = st.lists(st.tuples(_clients, _seats), min_size=1, max_size=20)


@settings(max_examples=300, deadline=None)
@given(_own, _lines, st.sets(st.sampled_from(["x", "y", "z", "w"]), min_size=2))
def test_lines_split_on_seats_summed_once_as_per_frame(
    own_rows: list[tuple[str, int]], lines: list[tuple[str, str, int]], keys: set[str]
) -> None:
    own = pd.DataFrame(own_rows, columns=[PC, QTY_P]).astype({QTY_P: "int64"})
    sold = pd.DataFrame(lines, columns=[PC, VENDOR_KEY, QTY_V]).astype({QTY_V: "int64"})
    assert _split_lines(own, sold, keys) == _split_lines_per_frame(own, sold, keys)


@settings(max_examples=200, deadline=None)
@given(_text_rows, _lines, st.booleans())
def test_counts_on_categorical_columns_are_the_counts_on_text(
    text_rows: list[tuple[str, str, int]], lines: list[tuple[str, str, int]], object_rows: bool
) -> None:
    # The engine passes its grouped columns as they are (categorical, or Python strings once
    # a client's several lines are added): the counts code them without converting to text.
    rows = pd.DataFrame(text_rows, columns=[PSA_KEY, PC, QTY_P]).astype({QTY_P: "int64"})
    sold = pd.DataFrame(lines, columns=[PC, VENDOR_KEY, QTY_V]).astype({QTY_V: "int64"})
    as_text = beside_counts_by_text(
        rows.astype({PC: str, PSA_KEY: str}), sold.astype({PC: str, VENDOR_KEY: str}), PSA_KEY
    )
    coded = rows.astype({PC: object if object_rows else "category", PSA_KEY: "category"})
    found = beside_counts_by_text(
        coded, sold.astype({PC: "category", VENDOR_KEY: "category"}), PSA_KEY
    )
    assert found == as_text


# The former grouping of a text's rows, by ``groupby(...).indices`` on the text: the oracle.
def _positions_by_groupby(column: pd.Series) -> dict[str, list[int]]:
    grouper = column.astype(str).to_numpy()
    return {str(k): list(i) for k, i in pd.Series(grouper).groupby(grouper).indices.items()}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=30), st.booleans())
def test_text_positions_are_the_groupby_positions(texts: list[str], categorical: bool) -> None:
    column = pd.Series(texts, dtype="category" if categorical else "str")
    found = {k: list(v) for k, v in _positions(column).items()}
    assert found == _positions_by_groupby(column)


_odd_seats = st.sampled_from([0.0, 1.0, 2.5, float("nan"), 3.0, 1e15])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b"]), _clients, _odd_seats), max_size=20),
    st.lists(st.tuples(_clients, st.sampled_from(["x", "y", "z"]), _odd_seats), max_size=20),
)
def test_seats_missing_fractional_or_huge_are_counted_as_one_at_a_time(
    text_rows: list[tuple[str, str, float]], lines: list[tuple[str, str, float]]
) -> None:
    # The equal-seats join codes the counts themselves: a missing count equals nothing, a
    # fraction only itself, and a count too wide to lay out per client is coded by hashing.
    rows = pd.DataFrame(text_rows, columns=[PSA_KEY, PC, QTY_P]).astype({QTY_P: "float64"})
    sold = pd.DataFrame(lines, columns=[PC, VENDOR_KEY, QTY_V]).astype({QTY_V: "float64"})
    found = beside_counts_by_text(rows, sold, PSA_KEY)
    for text in ("a", "b"):
        alone = beside_counts(rows.loc[rows[PSA_KEY] == text, [PC, QTY_P]], sold)
        assert found.get(text, ({}, {}, {})) == alone


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]), _clients, st.sampled_from([0, 7, 1 << 62, -(1 << 62)])
        ),
        max_size=20,
    ),
    st.lists(
        st.tuples(
            _clients, st.sampled_from(["x", "y"]), st.sampled_from([0, 7, 1 << 62, -(1 << 62)])
        ),
        max_size=20,
    ),
)
def test_integer_seats_too_wide_to_lay_out_are_counted_as_one_at_a_time(
    text_rows: list[tuple[str, str, int]], lines: list[tuple[str, str, int]]
) -> None:
    rows = pd.DataFrame(text_rows, columns=[PSA_KEY, PC, QTY_P]).astype({QTY_P: "int64"})
    sold = pd.DataFrame(lines, columns=[PC, VENDOR_KEY, QTY_V]).astype({QTY_V: "int64"})
    found = beside_counts_by_text(rows, sold, PSA_KEY)
    for text in ("a", "b"):
        alone = beside_counts(rows.loc[rows[PSA_KEY] == text, [PC, QTY_P]], sold)
        assert found.get(text, ({}, {}, {})) == alone
