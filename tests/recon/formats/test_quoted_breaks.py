"""Line breaks inside quoted values are found from the quoted bytes alone, as they were from
every line break of the file."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.formats import quotes
from recon.formats.quotes import Where, check_records


# The former check, kept as the oracle: every line break of the file, then a count per span.
def spans_with_breaks(
    buffer: npt.NDArray[np.uint8],
    opens: npt.NDArray[np.int64],
    closes: npt.NDArray[np.int64],
    start: int,
) -> npt.NDArray[np.intp]:
    breaks = quotes.positions(buffer[start:], quotes._CR, quotes._LF) + start
    counts = np.searchsorted(breaks, closes) - np.searchsorted(breaks, opens)
    return np.flatnonzero(counts > 0)


_piece = st.sampled_from(["a", "b", ",", "\n", "\r", "\r\n", " ", "é"])
_value = st.lists(_piece, max_size=90).map("".join)
_text = st.lists(st.tuples(_value, st.booleans(), _piece), max_size=30)


def _spans(cells: list[tuple[str, bool, str]]) -> tuple[bytes, npt.NDArray[np.int64]]:
    text = "".join(f'"{value}"{after}' if quoted else f"x{after}" for value, quoted, after in cells)
    data = text.encode("utf-8")
    return data, np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == quotes._QUOTE)


@settings(max_examples=300, deadline=None)
@given(_text, st.booleans())
def test_quoted_breaks_are_the_ones_every_break_of_the_file_shows(
    cells: list[tuple[str, bool, str]], many_long: bool
) -> None:
    data, at = _spans(cells)
    buffer = np.frombuffer(data, dtype=np.uint8)
    opens, closes = at[0::2], at[1::2]
    limit = 0 if many_long else quotes._LONG_SPANS
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quotes, "_LONG_SPANS", limit)
        found = quotes._spans_with_breaks(data, buffer, opens, closes)
    assert found.tolist() == spans_with_breaks(buffer, opens, closes, 0).tolist()


def _where() -> Where:
    return Where("f.csv", 2, ("Client", "Product", "Seats"), ",")


@pytest.mark.parametrize("length", [3, 64, 65, 500])
def test_a_line_break_anywhere_in_a_quoted_value_makes_the_file_multiline(length: int) -> None:
    note = "x" * (length - 2) + "\r\n"
    data = f'Contoso,"{note}",3\nFabrikam,"no break",4\n'.encode()
    assert check_records(data, 0, _where()).multiline


def test_quoted_values_without_breaks_leave_the_file_single_line() -> None:
    long = "y" * 300
    data = f'Contoso,"{long}",3\r\nFabrikam,"A, B",4\r\n'.encode()
    assert not check_records(data, 0, _where()).multiline
