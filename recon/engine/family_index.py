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

#: No seats: a delta's sign is read against it.
_NONE = Decimal(0)


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
    parents: dict[str, dict[str, Gap]] = defaultdict(dict)
    exactly: dict[tuple[str, Decimal], set[str]] = defaultdict(set)
    on_terms: list[Gap] = []
    # Run over every gap (100,000 at 60,000 clients) twice a run: the seat delta's sign is
    # read first, by comparing with zero (no Decimal made per gap, as ``delta * sign`` did),
    # and each distinct delta's seats are made once (a gap list's deltas are shared objects,
    # one per distinct value: ``abs`` of each one, not of each gap's).
    above, below = sign > 0, sign < 0
    seats_of: dict[int, tuple[Decimal, Decimal]] = {}
    for gap in gaps:
        product = gap.product_key
        if TERM_SEP in product and gap.vendor_client and gap.psa_client:
            on_terms.append(gap)  # every term of the product: one over says no total
        delta = gap.seat_delta
        if not ((above and delta > _NONE) or (below and delta < _NONE)):
            continue
        rests = gap.rests_on
        if (
            gap.kind in kinds
            and (rests is None or rests.startswith(PENDING_WORDS) or is_review(rests))
            and gap.vendor_client
            and gap.psa_client
        ):
            parents[gap.client_key][product] = gap
            # Keyed by the object (alive in the gaps throughout), holding it with its seats.
            held = seats_of.get(id(delta))
            if held is None:
                held = seats_of[id(delta)] = (delta, abs(delta))
            exactly[(product, held[1])].add(gap.client_key)
    shortfalls, parts = term_shortfalls(on_terms, parents, sign)
    for product, gap in shortfalls:
        parents[gap.client_key][product] = gap
        exactly[(product, abs(gap.seat_delta))].add(gap.client_key)
    return parents, exactly, parts


def named_alike(
    parents: Mapping[str, Mapping[str, Gap]], first_word: Callable[[str], str] = first_word
) -> dict[str, set[str]]:
    """First word -> the parents any of whose gaps names a client (vendor or PSA) with it."""
    out: dict[str, set[str]] = defaultdict(set)
    for parent, gaps in parents.items():
        # A parent's gaps mostly carry the same two names: each distinct name read once.
        names = {name for gap in gaps.values() for name in (gap.vendor_client, gap.psa_client)}
        for name in names:
            out[first_word(name or "")].add(parent)
    return out


def parent_psa_names(parents: Mapping[str, Mapping[str, Gap]]) -> dict[str, str]:
    """Parent -> its PSA company's name as its first gap writes it ("" where none does).

    Read once per side of the family step: the chance (:class:`recon.engine.family_chance.
    Chance`), the run's brand-and-trade odds and the trade fits
    (:mod:`recon.engine.family_trades`) each read it of every parent (about 40,000 at 60,000
    clients), and each used to read it on its own.
    """
    return {p: next(iter(gaps.values())).psa_client or "" for p, gaps in parents.items()}


def holders_of(parents: Mapping[str, Mapping[str, Gap]]) -> dict[str, set[str]]:
    """Product key -> the parents with a gap on it."""
    out: dict[str, set[str]] = defaultdict(set)
    for parent, gaps in parents.items():
        for product in gaps:
            out[product].add(parent)
    return out
