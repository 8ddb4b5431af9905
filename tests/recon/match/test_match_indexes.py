"""The indexes client matching builds smaller (issue 16) answer exactly as the full ones did.

Each oracle below is the replaced code, kept as it stood: the form index over every form of
every pool name, the sorted list of every key asked whether another extends it, and the
exact pairings removed one pass each. The new code must give the same answer on any input.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.clients import SPELLING_SEP, _drop_matches, _Extensions, shown_key
from recon.match.forms import forms, query_forms, written_forms
from recon.match.fuzzy_looks import form_index
from recon.match.names import ClientName
from recon.model import ClientMatch, MatchMethod
from recon.normalize import client_key

_WORDS = (
    "Smith Garrison Pediatrics Wolfe Signs Graphics Park Dental Eagle Crossing Jewelers "
    "Group Grp Services Company Co Partners North HQ Center Cntr "
    "GP MS EC WS SMAccounting ParkAssociates PhysicalTherapy LLC The & of 12 Denver"
).split()
_names = st.builds(" ".join, st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5))


def _full_form_index(pool_forms: Sequence[AbstractSet[str]]) -> dict[str, list[int]]:
    """The replaced index: every form of every pool name."""
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, found_forms in enumerate(pool_forms):
        for form in found_forms:
            by_form[form].append(i)
    return by_form


@settings(max_examples=300, deadline=None)
@given(st.lists(_names, min_size=0, max_size=30), st.lists(_names, min_size=0, max_size=10))
def test_the_form_index_holds_every_asked_form_as_the_full_index(
    pool: list[str], vendor: list[str]
) -> None:
    pool_forms = [forms(client_key(n)) | written_forms(n) for n in pool]
    asked = [query_forms(client_key(n)) | written_forms(n) for n in vendor]
    index = form_index(pool_forms, asked)
    full = _full_form_index(pool_forms)
    for found in asked:
        for form in found:
            # The bucket and its size (the FORM_BUCKET test) are the full index's.
            assert index.get(form, []) == full.get(form, []), form


def test_the_form_index_finds_a_shared_form() -> None:
    pool_forms = [forms("garrison peds grp") | {"w:gp"}, forms("smith dental")]
    index = form_index(pool_forms, [query_forms("garrison pediatrics")])
    assert index["w:gp"] == [0]
    assert "c:smithdental" not in index  # no asked name holds it


class _AllKeys:
    """The replaced :class:`recon.match.clients._Extensions`: every key sorted."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = sorted(set(keys))

    def exists(self, key: str) -> bool:
        prefix = key + " "
        at = bisect.bisect_left(self._keys, prefix)
        return at < len(self._keys) and self._keys[at].startswith(prefix)


def _clients(keys: list[str]) -> list[ClientName]:
    return [ClientName(f"id:{n}:{key}", key, key) for n, key in enumerate(keys)]


_key_words = st.sampled_from("quincy dev development supply a ab b aspen eng co x".split())
_keys = st.builds(" ".join, st.lists(_key_words, min_size=1, max_size=4))


@settings(max_examples=400, deadline=None)
@given(st.lists(_keys, max_size=30), st.lists(_keys, max_size=8))
def test_extensions_answer_as_the_sorted_list_of_every_key(
    keys: list[str], asked: list[str]
) -> None:
    full = _AllKeys(keys)
    # The keys as two sides' clients, one a list (never kept), one a tuple (kept).
    half = len(keys) // 2
    sides = (_clients(keys[:half]), tuple(_clients(keys[half:])))
    few = _Extensions(sides, asked)
    for key in asked:
        assert few.exists(key) == full.exists(key), key


def test_an_extension_is_found_beside_other_first_words() -> None:
    keys = ["quincy dev", "quincy dev supply", "quincydev", "aspen eng", "quincy"]
    longer = _Extensions((_clients(keys),), ["quincy dev", "aspen eng", "quincy"])
    assert longer.exists("quincy dev")
    assert longer.exists("quincy")  # "quincy dev" extends it
    assert not longer.exists("aspen eng")


def _drop_one_by_one(matches: list[ClientMatch], dropped: Sequence[tuple[str, str]]) -> None:
    """The replaced removal: one pass over the matches per pairing removed."""
    for name, psa_identity in dropped:
        psa_key = shown_key(psa_identity)
        matches[:] = [
            m
            for m in matches
            if not (
                m.method is MatchMethod.EXACT and m.vendor_client == name and m.psa_key == psa_key
            )
        ]


_vendor_names = st.sampled_from(["Aspen Eng", "Quincy Dev", "PC of Commerce"])
_psa_ids = st.sampled_from(["aspen eng", "quincy dev", f"quincy dev{SPELLING_SEP}QuincyDev"])
_matches = st.builds(
    lambda name, psa_id, method: ClientMatch(
        name, psa_id, method, 100.0, client_key(name), shown_key(psa_id)
    ),
    _vendor_names,
    _psa_ids,
    st.sampled_from([MatchMethod.EXACT, MatchMethod.EVIDENCE, MatchMethod.FUZZY]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_matches, max_size=12), st.lists(st.tuples(_vendor_names, _psa_ids), max_size=4))
def test_exact_pairings_dropped_together_as_one_by_one(
    matches: list[ClientMatch], dropped: list[tuple[str, str]]
) -> None:
    expected = list(matches)
    _drop_one_by_one(expected, dropped)
    _drop_matches(matches, dropped)
    assert matches == expected


def test_only_the_exact_pairing_is_dropped() -> None:
    exact = ClientMatch(
        "Aspen Eng", "Aspen Eng", MatchMethod.EXACT, 100.0, "aspen eng", "aspen eng"
    )
    moved = ClientMatch(
        "Aspen Eng", "Aspen Eng", MatchMethod.EVIDENCE, 100.0, "aspen eng", "aspen eng"
    )
    kept = [exact, moved]
    _drop_matches(kept, [("Aspen Eng", "aspen eng")])
    assert kept == [moved]
