"""The seat rows' client columns: each compared client's key and name, worked out without the
whole client record (match words, confidence) that only a gap reads.

The oracle is the record itself (``Context.client``), which the seat rows read before: for
every join key (a PSA identity, one sharing its key with a spelling, a vendor-only client,
one whose key a PSA client also has) the key and name must be its first two fields, whether
the record was worked out already (a client with gaps) or not.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.groups import SideGroups
from recon.engine.pairs import Codes, Context
from recon.match import ClientMatching
from recon.match.clients import SPELLING_SEP
from recon.match.names import ClientName
from recon.model import ClientMatch, G, MatchMethod, Side

_METHODS = list(MatchMethod)


def _side(side: Side, clients: list[ClientName]) -> SideGroups:
    groups = pd.DataFrame({G.PRODUCT: pd.Series([], dtype=object), G.EXT: [], G.PRICED: []})
    return SideGroups(side, groups, tuple(clients), {}, {})


@st.composite
def _runs(draw: st.DrawFn) -> tuple[SideGroups, SideGroups, ClientMatching, list[int]]:
    keys = draw(st.lists(st.sampled_from(["acme", "beta co", "gamma", "delta", "eps"]), max_size=8))
    psa: list[ClientName] = []
    for n, key in enumerate(dict.fromkeys(keys)):
        if draw(st.booleans()):
            # Two PSA companies with one key: identities carry their spelling.
            for spelling in ("acme", "acme llc"):
                identity = key + SPELLING_SEP + spelling
                psa.append(ClientName(identity, f"{key.title()} {spelling} {n}", key))
        else:
            psa.append(ClientName(key, f"{key.title()} Inc {n}", key))
    vendor_keys = draw(st.lists(st.sampled_from(["acme", "zeta", "beta co", "eta"]), max_size=5))
    vendor = [ClientName(f"id:{i}", f"{k.upper()} ({i})", k) for i, k in enumerate(vendor_keys)]
    matches, to_psa, unmatched = [], {}, []
    for client in vendor:
        target = draw(st.one_of(st.none(), st.sampled_from(psa))) if psa else None
        if target is None:
            unmatched.append(client.identity)
            continue
        to_psa[client.identity] = target.identity
        method = draw(st.sampled_from(_METHODS))
        score = draw(st.sampled_from([100.0, 91.5, 88.0]))
        note = draw(st.sampled_from(["", "runner-up 71"]))
        # A match names the PSA side by its shown key (a spelling in brackets).
        key, sep, spelling = target.identity.partition(SPELLING_SEP)
        shown = f"{key} [{spelling}]" if sep else key
        matches.append(
            ClientMatch(client.name, target.name, method, score, client.key, shown, note)
        )
    notes = dict.fromkeys(unmatched[:1], "no PSA client")
    matching = ClientMatching(tuple(matches), (), to_psa, frozenset(), tuple(unmatched), (), notes)
    worked = draw(st.lists(st.integers(0, 40), max_size=6))
    return _side(Side.VENDOR, vendor), _side(Side.PSA, psa), matching, worked


@settings(max_examples=300, deadline=None)
@given(_runs())
def test_seat_row_clients_are_the_client_records_key_and_name(run) -> None:
    vendor, psa, matching, worked = run
    codes = Codes(vendor, psa, matching)
    texts = list(codes.client_text)
    oracle = Context(vendor, psa, matching)
    expected = ([oracle.client(t)[0] for t in texts], [oracle.client(t)[1] for t in texts])
    context = Context(vendor, psa, matching)
    for at in worked:  # clients with gaps: their records are worked out first
        if texts:
            context.client(texts[at % len(texts)])
    assert context.keys_and_names(texts) == expected


def test_a_spelling_shows_in_brackets_and_a_vendor_only_client_keeps_its_name() -> None:
    psa = [ClientName("acme" + SPELLING_SEP + "acme llc", "Acme LLC", "acme")]
    vendor = [ClientName("id:1", "ZETA Ltd", "zeta")]
    matching = ClientMatching((), (), {}, frozenset(), ("id:1",), ())
    context = Context(_side(Side.VENDOR, vendor), _side(Side.PSA, psa), matching)
    codes = Codes(_side(Side.VENDOR, vendor), _side(Side.PSA, psa), matching)
    assert context.keys_and_names(codes.client_text) == (
        ["acme [acme llc]", "zeta"],
        ["Acme LLC", "ZETA Ltd"],
    )
