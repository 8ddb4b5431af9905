"""Many queries scored against one block at once give what rapidfuzz's ``process.extract``
gave one query at a time: the same choices, scores and order (ties to the lower index)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from recon.match import candidates
from recon.match.candidates import extract_each

# Few letters, so many choices tie and many score over the cut.
_texts = st.text(alphabet="abcd", min_size=0, max_size=7)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_texts, min_size=1, max_size=6),
    st.lists(_texts, min_size=1, max_size=30),
    st.integers(min_value=1, max_value=6),
    st.sampled_from([0.0, 50.0, 85.0, 100.0]),
)
def test_each_query_gets_what_extract_gives_it(
    queries: list[str], choices: list[str], limit: int, cutoff: float
) -> None:
    rows = extract_each(queries, choices, limit=limit, score_cutoff=cutoff)
    for query, row in zip(queries, rows, strict=True):
        expected = process.extract(
            query, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        )
        assert row == [(score, at) for _, score, at in expected], query


def test_ties_go_to_the_lower_index_and_the_limit_holds() -> None:
    rows = extract_each(["abcd"], ["abce", "abcd", "abcf", "abcd"], limit=3, score_cutoff=70)
    assert rows == [[(100.0, 1), (100.0, 3), (75.0, 0)]]


def test_rows_answered_in_chunks_are_the_rows_answered_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queries = ["abcd", "abce", "xbcd", "dcba", "abcd"]
    choices = ["abce", "abcd", "abcf", "abcd", "dcba", "xbcd"]
    whole = extract_each(queries, choices, limit=2, score_cutoff=50)
    monkeypatch.setattr(candidates, "EXTRACT_CELLS", len(choices) * 2)  # two rows a chunk
    assert extract_each(queries, choices, limit=2, score_cutoff=50) == whole
    assert [row[0] for row in whole] == [(100.0, 1), (100.0, 0), (100.0, 5), (100.0, 4), (100.0, 1)]
