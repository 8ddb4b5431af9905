"""The speed-ups of the match phase at scale answer as what they replaced.

- :mod:`recon.match.client_index` keeps a side's client maps per run: equal to the dict
  comprehensions the steps built, kept only for a tuple, let go of by
  :func:`recon.engine.forget.forget_name_readings`;
- :class:`recon.match.client_evidence.Footprints` finds a client's rows by an index of the
  frame: the same lines as a membership test over the whole column (the oracle here), for a
  categorical identity column and a plain one;
- the leftovers' pass counts common lines' holders on arrays: the same codes, in the same
  order, as a Counter over the lines in turn.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.forget import forget_name_readings
from recon.match.client_evidence import IDENTITY, PRODUCT, QTY, Footprints
from recon.match.client_index import (
    by_identity,
    by_lone_name,
    by_name_and_key,
    clients_by_key,
    clients_by_name,
    key_counts,
    keys_by_first_word,
    name_counts,
)
from recon.match.leftovers import _held_together
from recon.match.names import ClientName

_NAMES = st.sampled_from(["Aspen Dental", "Aspen Dental Lab", "Birch Co", "aspen dental"])


def _clients(rows: list[tuple[int, str]]) -> tuple[ClientName, ...]:
    return tuple(ClientName(f"id:{i}", name, name.casefold()) for i, name in rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), _NAMES), max_size=12))
def test_the_maps_are_the_comprehensions_they_replace(rows: list[tuple[int, str]]) -> None:
    clients = _clients(rows)
    names = Counter(c.name for c in clients)
    assert by_identity(clients) == {c.identity: c for c in clients}
    assert name_counts(clients) == names
    assert key_counts(clients) == Counter(c.key for c in clients)
    assert by_lone_name(clients) == {c.name: c for c in clients if names[c.name] == 1}
    assert by_name_and_key(clients) == {(c.name, c.key): c for c in clients}
    by_name: dict[str, list[ClientName]] = {}
    by_key: dict[str, list[ClientName]] = {}
    for c in clients:
        by_name.setdefault(c.name, []).append(c)
        by_key.setdefault(c.key, []).append(c)
    assert clients_by_name(clients) == by_name
    assert clients_by_key(clients) == by_key
    firsts: dict[str, set[str]] = {}
    for c in clients:
        firsts.setdefault(c.key.partition(" ")[0], set()).add(c.key)
    assert keys_by_first_word(clients) == firsts


def test_a_tuple_is_kept_until_the_readings_are_forgotten_and_a_list_never() -> None:
    clients = _clients([(1, "Aspen Dental"), (2, "Birch Co")])
    kept = by_identity(clients)
    assert by_identity(clients) is kept
    listed = list(clients)
    assert by_identity(listed) is not by_identity(listed)  # a list may change: made anew
    forget_name_readings()
    again = by_identity(clients)
    assert again is not kept and again == kept


def _frame(rows: list[tuple[str, str, int]], categorical: bool) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[IDENTITY, PRODUCT, QTY])
    if categorical:
        frame[IDENTITY] = frame[IDENTITY].astype("category")
    frame[QTY] = frame[QTY].astype("int64")
    return frame


_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d"]),
        st.sampled_from(["cat:x", "cat:y"]),
        st.integers(1, 3).map(lambda n: n * 1000),
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(_ROWS, st.sets(st.sampled_from(["a", "b", "c", "d", "e"])), st.booleans())
def test_a_clients_lines_are_those_a_scan_of_the_column_finds(
    rows: list[tuple[str, str, int]], wanted: set[str], categorical: bool
) -> None:
    frame = _frame(rows, categorical)
    footprints = Footprints(frame, frame.copy(), {"cat:x", "cat:y"})
    footprints.prepare(sorted(wanted), sorted(wanted))
    for identity in sorted(wanted):
        scanned = frozenset((p, q) for i, p, q in rows if i == identity)
        assert footprints.vendor_lines(identity) == scanned
        assert footprints.psa_lines(identity) == scanned


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 6), min_size=1, max_size=8), max_size=6), st.integers(1, 4))
def test_held_together_is_a_counter_over_the_lines_in_turn(
    lines: list[list[int]], need: int
) -> None:
    together: Counter[int] = Counter()
    for holders in lines:
        for code in holders:
            together[code] += 1
    expected = [code for code, n in together.items() if n >= need]
    arrays = [np.asarray(h, dtype=np.int64) for h in lines]
    assert _held_together(arrays, need) == expected
