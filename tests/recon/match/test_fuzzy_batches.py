"""The fuzzy step's looks done in batches give what they gave one block or one name at a time.

- :func:`recon.match.candidates.extract_blocks` scores many (queries, choices) blocks and
  ranks them in one pass: each query gets what :func:`rapidfuzz.process.extract` and the
  replaced one-block-at-a-time ``extract_each`` (kept here as the oracle) gave it.
- the second look names the vendor keys that may have gained candidates, and the fuzzy step
  counts lines and screens only those afterwards: every key whose candidates changed is named.
- the name screen runs each word pair's Python tests once per distinct pair of words: it
  screens as the replaced screen, running them for every pair that asks (kept here), did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from recon.match import clients
from recon.match.candidates import extract_blocks
from recon.match.client_evidence import Overlap
from recon.match.fuzzy import Accepted, FuzzyStep
from recon.match.name_diffs import NameDiffs, WordFeatures
from recon.match.name_screen import Ints, NameScreen
from recon.match.names import word_counts
from tests.recon.match.test_clients import OTHER, SHARED, footprints, names, pairs
from tests.recon.match.test_name_diffs import _QUALIFIERS
from tests.recon.match.test_name_diffs import _WORDS as _SCREEN_WORDS

# Few letters, so many choices tie and many score over the cut.
_TEXTS = st.text(alphabet="abcd", min_size=0, max_size=7)


def _old_extract_each(
    queries: Sequence[str], choices: Sequence[str], limit: int, score_cutoff: float
) -> list[list[tuple[float, int]]]:
    """The replaced ``extract_each`` (one block, ranked on its own)."""
    if not queries or not choices:
        return [[] for _ in queries]
    scores = process.cdist(
        queries, choices, scorer=fuzz.ratio, score_cutoff=score_cutoff, dtype=np.float64
    )
    rows, cols = np.nonzero(scores >= score_cutoff)
    kept = scores[rows, cols]
    order = np.lexsort((cols, -kept, rows))
    rows, cols, kept = rows[order], cols[order], kept[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    chosen = rank < limit
    out: list[list[tuple[float, int]]] = [[] for _ in queries]
    for row, score, col in zip(
        rows[chosen].tolist(), kept[chosen].tolist(), cols[chosen].tolist(), strict=True
    ):
        out[row].append((score, col))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.lists(_TEXTS, max_size=5), st.lists(_TEXTS, max_size=12)), max_size=5),
    st.integers(min_value=1, max_value=6),
    st.sampled_from([0.0, 50.0, 85.0, 100.0]),
)
def test_blocks_ranked_together_are_each_block_ranked_alone(
    blocks: list[tuple[list[str], list[str]]], limit: int, cutoff: float
) -> None:
    answers = extract_blocks(blocks, limit=limit, score_cutoff=cutoff)
    assert len(answers) == len(blocks)
    for (queries, choices), rows in zip(blocks, answers, strict=True):
        assert rows == _old_extract_each(queries, choices, limit, cutoff)
        for query, row in zip(queries, rows, strict=True):
            expected = process.extract(
                query, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
            )
            assert row == [(score, at) for _, score, at in expected]


_SURNAMES = (
    "Tucker Summit Baldwin Abbott Barker Carson Dalton Ellis Fisher Gibson Hardy Irwin "
    "Jensen Keller Lowe Moran Nolan Ortiz Pratt"
).split()
# Names the first candidates miss and a look finds (tests/recon/match/test_client_candidates.py):
# by a rare word, written without spaces, by a close spelling of a derived form.
_FOUND_BY_LOOKS = {
    "Wright Mechanical Group": "Wright Mech.",
    "Grahm Construction": "GrahamConstruction",
    "Wolfe Signs & Graphics": "WS & Graphcis",
}
_CLOSER = (
    "Tri Glen Mechanical",
    "West Creek Mechanical",
    "Green Mtn Mechanical",
    "Graham Cons. Group",
    *(f"Graham {s}" for s in _SURNAMES),
    *(f"{s} Construction" for s in _SURNAMES),
    *(f"{s} Signs & Graphics" for s in _SURNAMES),
)


class _Watched(FuzzyStep):
    """The fuzzy step noting which vendor keys' candidates its second look changed."""

    watched: ClassVar[list[_Watched]] = []
    changed: set[int]
    named: list[int]
    ranked: list[list[tuple[int, float]]]
    one_by_one: set[tuple[str, int]]

    def run(self) -> list[Accepted]:
        self.one_by_one = set()
        return super().run()

    def _second_look(self, ranked: list[list[tuple[int, float]]]) -> list[int]:
        before = [list(found) for found in ranked]
        self.ranked = ranked
        self.named = super()._second_look(ranked)
        self.changed = {n for n, found in enumerate(ranked) if found != before[n]}
        _Watched.watched.append(self)
        return self.named

    def _overlap(self, key: str, index: int) -> Overlap | None:
        if (key, index) not in self._overlaps:
            self.one_by_one.add((key, index))
        return super()._overlap(key, index)


def test_the_second_look_names_every_key_whose_candidates_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clients, "FuzzyStep", _Watched)
    monkeypatch.setattr(_Watched, "watched", [])
    vendor = [*_FOUND_BY_LOOKS, "Acme Dental"]
    psa = [*_FOUND_BY_LOOKS.values(), *_CLOSER]
    prints = footprints(
        dict.fromkeys(vendor, SHARED),
        {**dict.fromkeys(_CLOSER, OTHER), **dict.fromkeys(psa[:3], SHARED)},
    )
    found = pairs(clients.match_clients(names(*vendor), names(*psa), footprints=prints))
    assert found == _FOUND_BY_LOOKS
    (step,) = _Watched.watched
    assert step.changed  # the looks found something, so the test means something
    assert step.changed <= set(step.named)
    # Every candidate the looks added was screened, and its lines counted in a batch, as
    # the first ones were (never one pair at a time when first asked).
    added = [(step.keys[n], i) for n in step.changed for i, _ in step.ranked[n]]
    assert all(pair in step._screened for pair in added)
    assert not step.one_by_one


# Names drawn from words that exercise every reading (tests/recon/match/test_name_screen.py).
_SCREENED = st.builds(
    lambda words, qualifier: " ".join(words) + qualifier,
    st.lists(st.sampled_from(_SCREEN_WORDS), min_size=1, max_size=4),
    st.sampled_from(_QUALIFIERS),
)


class _EveryPair(NameScreen):
    """The screen as it was: each word pair's tests run for every pair that asks, uncached
    (the replaced loops of ``NameScreen._relations``)."""

    def _each_pair(
        self,
        x: Ints,
        y: Ints,
        known: dict[int, int],
        test: Callable[[WordFeatures, WordFeatures], int],
    ) -> Ints:
        feats = self._diffs.word_features
        found = [int(test(feats[a], feats[b])) for a, b in zip(x.tolist(), y.tolist(), strict=True)]
        return np.asarray(found, dtype=np.int64)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_SCREENED, _SCREENED), min_size=1, max_size=12), st.booleans())
def test_each_word_pair_read_once_screens_as_every_pair_read(
    pairs: list[tuple[str, str]], common: bool
) -> None:
    counts = word_counts([n for pair in pairs for n in pair] * (2 if common else 1))
    diffs = NameDiffs(lambda word: counts.get(word, 0))
    cached, every = NameScreen(diffs), _EveryPair(diffs)
    # Twice, the second batch reversed: its word pairs are then all known to the cache.
    for batch in (pairs, pairs[::-1]):
        assert cached.apart(batch) == every.apart(batch)
