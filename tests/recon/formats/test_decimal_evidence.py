"""The decimal-mark decision reads plain cells without the full number grammar, and decides
exactly as the grammar-for-every-cell count did."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.formats.cells import (
    _COMMA_DECIMAL,
    _DOT_DECIMAL,
    _DOT_GROUPED_INT,
    _EVIDENCE_SAMPLE,
    _unsign,
    uses_decimal_comma,
)


# The former count, kept as the oracle: every sampled cell through the full grammar.
def oracle(values: Iterable[str], *, delimiter: str) -> bool:
    comma = dot = grouped = 0
    for raw in itertools.islice(values, _EVIDENCE_SAMPLE):
        try:
            bare, _ = _unsign(raw)
        except ValueError:
            continue
        if _COMMA_DECIMAL.search(bare):
            comma += 1
        elif _DOT_DECIMAL.search(bare):
            dot += 1
        elif _DOT_GROUPED_INT.match(bare):
            grouped += 1
    if comma or dot:
        return comma > dot
    return delimiter == ";" and grouped > 0


_digits = st.text("0123456789", min_size=1, max_size=6)
_plain = st.builds(
    lambda sign, whole, frac: f"{sign}{whole}{frac}",
    st.sampled_from(["", "-", "+", "\u2212"]),
    _digits,
    st.one_of(st.just(""), st.just("."), _digits.map(lambda d: "." + d)),
)
_written = st.one_of(
    _plain,
    st.builds(lambda w, f: f"{w},{f}", _digits, _digits),  # decimal comma, or thousands
    st.builds(lambda w, f: f"{w}.{f},50", _digits, _digits),
    st.builds(lambda v: f"${v}", _plain),
    st.builds(lambda v: f"({v})", _plain),
    st.builds(lambda v: f"{v} USD", _plain),
    st.builds(lambda v: f"{v}\n", _plain),
    st.sampled_from(["", "-", "1.200", "12.", ".5", "\u0661.\u0662\u0663", "n/a", "1 200,5"]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_written, max_size=30), st.sampled_from([",", ";"]))
def test_decides_as_the_full_grammar_on_every_cell(values: list[str], delimiter: str) -> None:
    assert uses_decimal_comma(values, delimiter=delimiter) is oracle(values, delimiter=delimiter)


def test_plain_cells_count_as_their_digits_after_the_dot_say() -> None:
    # Three plain dot-decimals outweigh two comma-decimals; "1.200"-style cells are only
    # thousands, and only count in a semicolon file with no other evidence.
    assert uses_decimal_comma(["12.5", "3.27", "-0.1234", "12,50", "1,25"], delimiter=";") is False
    assert uses_decimal_comma(["12.5", "12,50", "1,25"], delimiter=";") is True
    assert uses_decimal_comma(["1.200", "-5.000", "12"], delimiter=";") is True
    assert uses_decimal_comma(["1234.500", "12"], delimiter=";") is False
