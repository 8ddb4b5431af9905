"""The blocked search's choice of candidates is the former entry-by-entry walk's choice.

The walk is kept here as the oracle: entries best first (ties to the lower pool index), a
(name, pool) pair taken once, zero scores and rejected pairs skipped, three per name.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.candidates import CANDIDATES, _first_candidates


def _walk(
    keys: list[str],
    entries: list[tuple[int, int, float]],
    rejected_by_vendor: dict[str, list[int]],
) -> list[list[tuple[int, float]]]:
    out: list[list[tuple[int, float]]] = [[] for _ in keys]
    seen: set[tuple[int, int]] = set()
    for q, p, score in sorted(entries, key=lambda e: (e[0], -e[2], e[1])):
        bucket = out[q]
        if len(bucket) >= CANDIDATES or score <= 0 or (q, p) in seen:
            continue
        seen.add((q, p))
        if p in rejected_by_vendor.get(keys[q], ()):
            continue
        bucket.append((p, float(score)))
    return out


_POOL = 8


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6), st.data())
def test_candidates_chosen_on_arrays_are_those_the_walk_chooses(
    names: int, data: st.DataObject
) -> None:
    keys = [f"k{q}" for q in range(names)]
    # A pair has one score in every block it shares (the same two texts scored again), and
    # scores tie often: whole numbers, zero among them.
    score = {
        (q, p): data.draw(st.sampled_from([0.0, 40.0, 62.5, 62.5, 90.0, 100.0]))
        for q in range(names)
        for p in range(_POOL)
    }
    pairs = data.draw(st.lists(st.sampled_from(sorted(score)), max_size=40))
    entries = [(q, p, score[(q, p)]) for q, p in pairs]
    rejected = {
        key: data.draw(st.lists(st.integers(0, _POOL - 1), max_size=3, unique=True))
        for key in keys
        if data.draw(st.booleans())
    }
    found = _first_candidates(
        keys,
        _POOL,
        rejected,
        np.asarray([e[0] for e in entries], dtype=np.int64),
        np.asarray([e[1] for e in entries], dtype=np.int64),
        np.asarray([e[2] for e in entries], dtype=np.float32),
    )
    assert found == _walk(keys, entries, rejected)
