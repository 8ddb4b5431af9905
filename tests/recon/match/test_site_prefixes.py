"""``_Prefixes`` counts the keys that are a base or extend it as when it sorted every key.

The sites rules ask, of a site label's base ("Harbor Dental" of "Harbor Dental - Boise"),
whether another client's key is the base or extends it by whole words: then the name is not
the one client's alone. ``_Prefixes`` now sorts only the keys beginning with a first word of
a base it is asked about; the old index of every key is kept here as the oracle.
"""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.names import ClientName
from recon.match.sites import _Prefixes

_WORDS = st.sampled_from(["harbor", "dental", "boise", "harb", "den", "a", "harbor-x"])
_KEYS = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


def _clients(keys: list[str]) -> tuple[ClientName, ...]:
    """Clients of these keys (the run's clients are a tuple: its index is kept)."""
    return tuple(ClientName(f"id:{n}", key, key) for n, key in enumerate(keys))


def _every_key_count(keys: list[str], base: str) -> int:
    ordered = sorted(set(keys))
    start = bisect.bisect_left(ordered, base)
    end = bisect.bisect_left(ordered, base + " \U0010ffff")
    return sum(1 for key in ordered[start:end] if key == base or key.startswith(base + " "))


@settings(max_examples=300, deadline=None)
@given(st.lists(_KEYS, max_size=25), st.lists(_KEYS, min_size=1, max_size=4))
def test_counts_are_those_of_an_index_of_every_key(keys: list[str], bases: list[str]) -> None:
    prefixes = _Prefixes(_clients(keys), bases)
    for base in bases:
        assert prefixes.count(base) == _every_key_count(keys, base)


def test_a_longer_name_of_the_base_counts_and_a_longer_word_does_not() -> None:
    keys = ["harbor dental", "harbor dental boise", "harbor dentalcare", "smith harbor dental"]
    assert _Prefixes(_clients(keys), ["harbor dental"]).count("harbor dental") == 2
