"""The pairing learned before matching is the full evidence pass's, worked out alone."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.columns import member
from recon.engine.compare import learn_product_pairs
from recon.engine.groups import SideGroups
from recon.engine.join import codes_of
from recon.engine.pairs import Codes, psa_targets, vendor_by_psa_client
from recon.engine.question_keys import TARGET
from recon.engine.questions import weigh_unmapped
from recon.engine.reconcile import group_sides
from recon.match import ClientMatching, ProductPairing
from recon.match.clients import SPELLING_SEP
from recon.match.text_scores import TextScores
from recon.model import G, Side
from tests.recon.conftest import make_lines


# The former pass, which built the whole outcome (questions, candidates, per-client seconds)
# and kept its pairings: the oracle.
def _learned_by_the_whole_pass(
    vendor: SideGroups, psa: SideGroups, pairing: dict[str, ProductPairing]
) -> dict[str, ProductPairing]:
    psa_keys = {c.key: c.identity for c in psa.clients if SPELLING_SEP not in c.identity}
    exact = {
        c.identity: psa_keys[c.key]
        for c in vendor.clients
        if c.key in psa_keys and SPELLING_SEP not in c.identity
    }
    if not exact:
        return dict(pairing)
    matching = ClientMatching((), (), exact, frozenset(), (), ())
    codes = Codes(vendor, psa, matching)
    v = vendor_by_psa_client(
        vendor.groups, codes_of(vendor.groups[G.CLIENT], codes.vendor_pc), codes
    )
    p_all, _ = psa_targets(psa.groups, pairing, codes)
    comparable = pd.Series(member(p_all[TARGET], set(vendor.products)), index=p_all.index)
    outcome = weigh_unmapped(
        v,
        p_all,
        comparable,
        matching,
        vendor,
        psa,
        ranked={},
        paired=frozenset(pairing),
        texts=TextScores(),
    )
    return {**pairing, **outcome.acted}


_VENDOR = "Microsoft 365 Business Standard"
_OTHER = "Exchange Online (Plan 1)"
# A text no rule reads, an edition-only text and a name-alike service: the seats may pair
# the first, ask about any, or say nothing.
_TEXTS = ("Biz Std seats", "Business Premium", "Exchange Hosting")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 9), st.integers(0, 9), st.integers(0, 9), st.sampled_from(_TEXTS)),
        min_size=1,
        max_size=8,
    )
)
def test_pairs_learned_alone_are_those_of_the_whole_pass(clients) -> None:
    vendor_rows, psa_rows = [], []
    for i, (seats, other, billed, text) in enumerate(clients):
        name = f"Client {i} Ltd"
        vendor_rows.append((name, _VENDOR, seats, "12.50"))
        if other:
            vendor_rows.append((name, _OTHER, other, "4.00"))
        psa_rows.append((name, text, billed or seats, "20.00"))
    grouped = group_sides(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))
    found = learn_product_pairs(grouped.vendor, grouped.psa, {})
    assert found == _learned_by_the_whole_pass(grouped.vendor, grouped.psa, {})


def test_a_text_the_seats_pair_is_learned() -> None:
    # Equal seats, four different counts, at four clients: the seats alone pair the text.
    vendor_rows = [(f"Client {i} Ltd", _VENDOR, n, "12.50") for i, n in enumerate((3, 5, 8, 13))]
    psa_rows = [
        (f"Client {i} Ltd", "Biz Std seats", n, "20.00") for i, n in enumerate((3, 5, 8, 13))
    ]
    grouped = group_sides(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))
    found = learn_product_pairs(grouped.vendor, grouped.psa, {})
    assert found == _learned_by_the_whole_pass(grouped.vendor, grouped.psa, {})
    assert [p.how.startswith("paired on seats") for p in found.values()] == [True]
