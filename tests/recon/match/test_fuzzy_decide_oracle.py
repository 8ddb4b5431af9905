"""The fuzzy step's decisions against the way they were made before (kept here as the oracle).

The decision used to make a Fit (a dataclass working out its tier) for every candidate, and
for a name left unmatched a Fit of every candidate again, reading each one's names; now the
tier is read from the pair's name difference before any Fit is made, and the reason a name
stays unmatched reads only the two candidates it names. Same decisions, reasons and
candidates, best first, on generated populations and lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.client_evidence import Overlap
from recon.match.evidence import Evidence
from recon.match.fuzzy import FuzzyStep, population_words
from recon.match.fuzzy_pairs import Fit, apart_by_a_word, apart_words, tier_of
from recon.match.names import ClientName, DiffKind, NameDiff
from recon.model import MatchSettings
from recon.normalize import client_key

_WORDS = ["Smith", "Smyth", "Dental", "Dentl", "Lab", "Group", "LLC", "Denver", "Nrth"]


def _old_tier(diff: NameDiff, learned: bool) -> int:
    """The replaced ``_Fit.__post_init__`` tier rule."""
    kind = diff.kind
    if kind is DiffKind.SAME:
        return 1 if diff.typo or learned else 0
    if kind in (DiffKind.SHORT_FORMS, DiffKind.SOFT_EXTRA):
        return 1
    return 2 if kind is DiffKind.EXTRA_WORD else 3


def _old_decide(
    step: FuzzyStep, key: str, candidates: list[tuple[int, float]]
) -> tuple[str, str, list[Fit]]:
    """The replaced ``FuzzyStep._decide``: a Fit of every candidate, all of them again for
    a name left unmatched."""
    lines = [(i, s, step._overlap(key, i)) for i, s in candidates]
    learned_no = step.evidence.distinguishing
    viable = [
        f
        for f in (
            step._fit(key, i, s, found) for i, s, found in lines if found is None or not found.apart
        )
        if f.tier < 3
        and not apart_by_a_word(
            f.tier, f.diff, f.overlap, (step.by_key[key][0].name, step.pool[f.index].name)
        )
        and not step._learned_distinguishing(key, f, learned_no)
    ]
    viable.sort(key=lambda f: (f.tier, -f.bits, -f.score, f.index))
    if not viable:
        all_fits = [step._fit(key, i, s, found) for i, s, found in lines]
        return "unmatched", _old_unmatched_reason(step, key, all_fits), []
    best = viable[0]
    for other in viable[1:]:
        if other.tier < 3 and step._outweighs(other, best) and step._acceptable(other, key):
            viable.remove(other)
            viable.insert(0, other)
            best = other
            break
    rivals = [f for f in viable[1:] if f.tier <= best.tier or (best.diff.typo and f.tier <= 2)]
    for rival in rivals:
        if not step._outweighs(best, rival):
            viable = [best, *rivals, *(f for f in viable[1:] if f not in rivals)]
            if best.tier == rival.tier and rival.score > best.score - step.settings.min_margin:
                gap = abs(best.score - rival.score)
                name = step.pool[rival.index].name
                return "review", f"runner-up {name!r} is within {gap:.0f} points", viable
            return "review", f"{step.pool[rival.index].name!r} fits as well", viable
    if step._acceptable(best, key):
        return "accept", step._accept_note(best), viable
    return "review", step._review_reason(best), viable


def _old_unmatched_reason(step: FuzzyStep, key: str, fits: Sequence[Fit]) -> str:
    if not fits:
        return "no PSA client close enough"
    closest = max(fits, key=lambda f: f.score)
    name = step.pool[closest.index].name
    contradicted = [f for f in fits if f.overlap is not None and f.overlap.apart]
    if contradicted and contradicted[0].tier < 3:
        other = step.pool[contradicted[0].index].name
        if contradicted[0].overlap is not None and contradicted[0].overlap.refutes:
            return f"closest PSA client {other!r}: {contradicted[0].overlap.words()}"
        return f"closest PSA client {other!r} holds no product in common with it"
    if closest.tier == 3 and closest.score >= step.settings.review_score:
        return f"closest PSA client {name!r} differs by the word(s) {closest.diff.words()}"
    names = (step.by_key[key][0].name, name)
    if apart_by_a_word(closest.tier, closest.diff, closest.overlap, names):
        return f"closest PSA client {name!r} {apart_words(closest.diff, names, closest.overlap)}"
    if closest.tier < 3:
        return f"closest PSA client {name!r}: people rejected names that differ like this"
    return f"no PSA client close enough (closest: {name!r} at {closest.score:.0f})"


def _client(name: str) -> ClientName:
    key = client_key(name)
    return ClientName(key, name, key, "", Decimal(10))


_NAME = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join)
# Lines that contradict (no product in common) often: the unmatched reasons read them.
_LINES = st.builds(
    Overlap,
    st.integers(0, 4),
    st.integers(0, 6),
    st.integers(0, 6),
    st.sampled_from([0, 0, 0, 1, 3]),
    st.integers(0, 2),
    st.sampled_from([0.0, 1.5, 4.0, 9.0]),
)


@settings(max_examples=600, deadline=None)
@given(
    vendor=_NAME,
    pool=st.lists(_NAME, min_size=1, max_size=5, unique_by=client_key),
    lines=st.one_of(st.none(), st.lists(_LINES, min_size=5, max_size=5)),
    scores=st.lists(st.sampled_from([55.0, 70.0, 82.5, 90.0, 100.0]), min_size=5, max_size=5),
)
def test_decisions_are_the_replaced_decisions(
    vendor: str, pool: list[str], lines: list[Overlap] | None, scores: list[float]
) -> None:
    clients = [_client(p) for p in pool]
    vendor_client = _client(vendor)
    count = population_words([vendor, *pool])

    def step() -> FuzzyStep:
        made = FuzzyStep([vendor_client], clients, set(), MatchSettings(), Evidence(), count, None)
        if lines is not None:  # else names alone decide
            # Each pair's lines given up front: the step reads them from its cache only.
            for i in range(len(clients)):
                made._overlaps[(vendor_client.key, i)] = lines[i]
            made.footprints = object()  # type: ignore[assignment]
        return made

    candidates = [(i, scores[i]) for i in range(len(clients))]
    old, new = step(), step()
    old_decision, old_reason, old_viable = _old_decide(old, vendor_client.key, candidates)
    decision, reason, viable = new._decide(vendor_client.key, candidates)
    assert (decision, reason) == (old_decision, old_reason)
    assert [(f.index, f.tier, f.bits, f.shares) for f in viable] == [
        (f.index, f.tier, f.bits, f.shares) for f in old_viable
    ]


@given(kind=st.sampled_from(list(DiffKind)), typo=st.booleans(), learned=st.booleans())
def test_tiers_are_the_replaced_tiers(kind: DiffKind, typo: bool, learned: bool) -> None:
    diff = NameDiff(kind, typo=typo)
    assert tier_of(diff, learned) == _old_tier(diff, learned)
    assert Fit(0, 90.0, diff, None, learned).tier == _old_tier(diff, learned)


@settings(max_examples=600, deadline=None)
@given(
    vendor=_NAME,
    pool=st.lists(_NAME, min_size=1, max_size=5, unique_by=client_key),
    lines=st.lists(_LINES, min_size=5, max_size=5),
    scores=st.lists(st.sampled_from([55.0, 70.0, 82.5, 90.0, 100.0]), min_size=5, max_size=5),
)
def test_decisions_after_the_screen_are_the_replaced_decisions(
    vendor: str, pool: list[str], lines: list[Overlap], scores: list[float]
) -> None:
    """As :meth:`FuzzyStep.run` decides: the name screen first (its two clients' lines are
    not read while deciding), an unmatched name's reason afterwards, from every candidate's
    lines (a screened pair's contradicting lines name the reason as before)."""
    clients = [_client(p) for p in pool]
    vendor_client = _client(vendor)
    count = population_words([vendor, *pool])

    def step() -> FuzzyStep:
        made = FuzzyStep([vendor_client], clients, set(), MatchSettings(), Evidence(), count, None)
        for i in range(len(clients)):
            made._overlaps[(vendor_client.key, i)] = lines[i]
        made.footprints = object()  # type: ignore[assignment]
        return made

    key = vendor_client.key
    candidates = [(i, scores[i]) for i in range(len(clients))]
    old, new = step(), step()
    old_decision, old_reason, old_viable = _old_decide(old, key, candidates)
    new._screen_pairs((key, i) for i, _ in candidates)
    decision, reason, viable = new._decide(key, candidates, why_unmatched=False)
    if not viable:
        reason = new._unmatched_reason(key, new._lines(key, candidates))
    assert (decision, reason) == (old_decision, old_reason)
    assert [(f.index, f.tier, f.bits, f.shares) for f in viable] == [
        (f.index, f.tier, f.bits, f.shares) for f in old_viable
    ]
