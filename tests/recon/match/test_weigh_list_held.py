"""The evidence pass's cheaper paths give the answers of the code they replaced.

Three steps of :func:`recon.match.product_evidence.weigh` were rewritten for the 60,000-client
run (issue 16): each PSA product's client count is read from the rows' line codes instead of
a sort of every row's (product, client); the pairs kept are renumbered by first sight in a
table instead of by hashing; and the pass that only reads the pairings to act on
(:func:`recon.engine.compare.learn_product_pairs`) no longer lists, as names, the clients each
candidate sits at. Each is held here to a copy of the code it replaced (the oracle), on
random samples with missing clients, repeated lines and ties.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.codes import distinct_ints
from recon.match.orphan_codes import OrphanCodes
from recon.match.product_evidence import (
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    Verdict,
    _first_seen,
    weigh,
)
from tests.recon.match.test_evidence_fast_paths import PSA_NAMES, SAMPLES, VENDOR_NAMES, _orphans

CLIENTS = ["acme", "Beta", "beta", "\u00e9clair", "delta", "zulu"]
KEYS = ["name:a", "name:b", "cat:c", "name:d"]


def _old_clients_of(coded: OrphanCodes) -> npt.NDArray[np.int64]:
    """The replaced count: a sort of every row's (PSA key, client) pair."""
    pc = coded.psa[PC].to_numpy()
    codes = coded.psa[PSA_KEY].to_numpy()
    seen = pc >= 0
    width = len(coded.clients) + 1
    distinct = distinct_ints(codes[seen] * width + pc[seen])
    return np.bincount(distinct // width, minlength=len(coded.psa_keys)).astype(np.int64)


_rows = st.lists(
    st.tuples(
        st.sampled_from([*CLIENTS, None]),
        st.sampled_from(KEYS),
        st.integers(min_value=0, max_value=5000),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(psa_rows=_rows, vendor_rows=_rows)
def test_clients_per_product_from_line_codes_are_the_sorted_count(
    psa_rows: list[tuple[str | None, str, int]], vendor_rows: list[tuple[str | None, str, int]]
) -> None:
    psa = pd.DataFrame(psa_rows, columns=[PC, PSA_KEY, QTY_P]).astype({PC: object})
    vendor = pd.DataFrame(vendor_rows, columns=[PC, VENDOR_KEY, QTY_V]).astype({PC: object})
    coded = OrphanCodes.of(psa, vendor)
    got = coded.clients_of()
    assert got.dtype == np.int64
    assert got.tolist() == _old_clients_of(coded).tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=200))
def test_pairs_renumbered_in_a_table_are_numbered_as_factorize_numbers_them(
    codes: list[int],
) -> None:
    values = np.asarray(codes, dtype=np.int64)
    want = pd.factorize(values, sort=False)[0].astype(np.int64)
    got = _first_seen(values)
    assert got.dtype == np.int64
    assert got.tolist() == want.tolist()


def _without_held(verdicts: dict[str, Verdict]) -> dict[str, Verdict]:
    return {
        key: dataclasses.replace(
            v, candidates=tuple(dataclasses.replace(s, held=()) for s in v.candidates)
        )
        for key, v in verdicts.items()
    }


@pytest.mark.parametrize("outweigh_tiers", [False, True])
@pytest.mark.parametrize("apart", [False, True])
@pytest.mark.parametrize("seed", SAMPLES)
def test_verdicts_without_held_clients_are_the_same_verdicts(
    seed: int, apart: bool, outweigh_tiers: bool
) -> None:
    psa, vendor = _orphans(seed)
    options = {"apart": apart, "outweigh_tiers": outweigh_tiers}
    full = weigh(psa, vendor, PSA_NAMES, VENDOR_NAMES, **options)  # type: ignore[arg-type]
    bare = weigh(psa, vendor, PSA_NAMES, VENDOR_NAMES, list_held=False, **options)  # type: ignore[arg-type]
    assert list(bare) == list(full)
    assert bare == _without_held(full)
    assert all(not s.held for v in bare.values() for s in v.candidates)


def test_held_clients_are_listed_by_default() -> None:
    """The questions read each candidate's clients: the default still lists them."""
    listed = [
        s.held
        for seed in SAMPLES
        for v in weigh(*_orphans(seed), PSA_NAMES, VENDOR_NAMES).values()
        for s in v.candidates
    ]
    assert any(listed)
