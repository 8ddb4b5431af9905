"""The parents' one-way gaps indexed for :mod:`recon.engine.family_questions`.

A parent is a matched client whose paired company bills fewer seats of a product than the
vendor sells (short) or more (in excess, for the reverse question). The fits look parents up
by (product, seats), by product and by a first word, never by reading every parent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from recon.engine.family_names import first_word
from recon.engine.family_terms import TermParts, term_shortfalls
from recon.engine.terms import TERM_SEP
from recon.model import PENDING_WORDS, Gap, GapKind, is_review


def index_parents(
    gaps: Sequence[Gap], kinds: tuple[GapKind, ...], sign: int
) -> tuple[dict[str, dict[str, Gap]], dict[tuple[str, Decimal], set[str]], TermParts]:
    """Matched clients' one-way gaps (sign 1: short, -1: in excess), per client and product,
    the parents short exactly so per (product, seats), and the term gaps each shortfall summed
    over a product's terms stands for (:func:`recon.engine.family_terms.term_shortfalls`).

    A gap pending a mapping question counts (the question is about its product, not its
    client). So does a gap of a pair compared pending its client review (its candidate
    clearly ahead, both names on the gap): a parent whose vendor customer waits in review
    beside its first PSA company still has its sites' and subsidiaries' lines filling that
    company's shortfall, and without it each of them showed as two gaps, the question's
    "yes" gap resting on both answers instead. A one-sided gap of a review kept either way
    (:mod:`recon.engine.either_way`) names one client only and never counts: nothing was
    compared.
    """
    return index_both(gaps, {sign: kinds})[sign]


#: One side's index: (parents, parents short exactly so, term parts), as :func:`index_parents`.
Index = tuple[dict[str, dict[str, Gap]], dict[tuple[str, Decimal], set[str]], TermParts]


def index_both(
    gaps: Sequence[Gap], kinds_by_sign: Mapping[int, tuple[GapKind, ...]]
) -> dict[int, Index]:
    """:func:`index_parents` for each sign of ``kinds_by_sign`` (1: short, -1: in excess),
    in one pass over the gaps: the family step reads both sides, and reading 100,000 gaps
    twice, a Decimal product each, was a fifth of it at 60,000 clients."""
    parents: dict[int, dict[str, dict[str, Gap]]] = {s: defaultdict(dict) for s in kinds_by_sign}
    exactly: dict[int, dict[tuple[str, Decimal], set[str]]] = {
        s: defaultdict(set) for s in kinds_by_sign
    }
    short_kinds, excess_kinds = kinds_by_sign.get(1, ()), kinds_by_sign.get(-1, ())
    on_terms: list[Gap] = []
    for gap in gaps:
        if not (gap.vendor_client and gap.psa_client):
            continue
        product = gap.product_key
        if TERM_SEP in product:
            on_terms.append(gap)  # every term of the product: one over says no total
        delta = gap.seat_delta
        if delta > 0:
            if gap.kind not in short_kinds:
                continue
            sign = 1
        elif delta < 0:
            if gap.kind not in excess_kinds:
                continue
            sign = -1
        else:
            continue
        rests_on = gap.rests_on
        if rests_on is None or rests_on.startswith(PENDING_WORDS) or is_review(rests_on):
            parents[sign][gap.client_key][product] = gap
            exactly[sign][(product, abs(delta))].add(gap.client_key)
    out: dict[int, Index] = {}
    for sign in kinds_by_sign:
        shortfalls, parts = term_shortfalls(on_terms, parents[sign], sign)
        for product, gap in shortfalls:
            parents[sign][gap.client_key][product] = gap
            exactly[sign][(product, abs(gap.seat_delta))].add(gap.client_key)
        out[sign] = (parents[sign], exactly[sign], parts)
    return out


def named_alike(
    parents: Mapping[str, Mapping[str, Gap]], first_word: Callable[[str], str] = first_word
) -> dict[str, set[str]]:
    """First word -> the parents any of whose gaps names a client (vendor or PSA) with it."""
    out: dict[str, set[str]] = defaultdict(set)
    for parent, gaps in parents.items():
        # A parent's gaps mostly name the same two clients: each name read once, in the
        # order the gaps name them (so the words come out in the same order).
        names = dict.fromkeys(
            n for gap in gaps.values() for n in (gap.vendor_client, gap.psa_client)
        )
        for name in names:
            out[first_word(name or "")].add(parent)
    return out


def holders_of(parents: Mapping[str, Mapping[str, Gap]]) -> dict[str, set[str]]:
    """Product key -> the parents with a gap on it."""
    out: dict[str, set[str]] = defaultdict(set)
    for parent, gaps in parents.items():
        for product in gaps:
            out[product].add(parent)
    return out
