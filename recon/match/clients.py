"""Pair vendor clients with PSA clients: alias, then id, then exact key, then careful fuzzy.

A false merge hides real money, so fuzzy matching only accepts a pair when all of these hold:
the score clears ``accept_score``; it beats the runner-up by ``min_margin``; the two names
differ by typos only, never by a whole word ("Northside Dental" is not "Northside Dental Lab",
"Smith Law" is not "Smith Law - East", "Store 12" is not "Store 13"); and no other vendor
client wants the same PSA client. Anything less certain but plausible goes to review, where a
person decides; it produces no gap until then.

Fuzzy work runs on distinct normalised names only, with :func:`rapidfuzz.process.cdist` in
row chunks (memory is rows x columns), against PSA clients no exact step has taken (1:1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from recon.match.evidence import Evidence, learn
from recon.match.words import unmatched_words
from recon.model import (
    Candidate,
    ClientMatch,
    Knowledge,
    MatchMethod,
    MatchSettings,
    ReviewItem,
)
from recon.normalize import client_key

_CHUNK_ROWS = 2_000
_CANDIDATES = 3
_CANDIDATE_FLOOR = 20.0  # offer candidates down to review_score minus this, never lower


@dataclass(frozen=True, slots=True)
class ClientName:
    """One distinct client on one side, as the matcher sees it.

    Attributes:
        identity: unique on its side (vendor: ``id:<tenant>`` or the name key; PSA: the key).
        name: the name as written (the most common spelling).
        key: :func:`recon.normalize.client_key` of the name.
        external_id: the source's own id for the client, or "".
        money: monthly money on this side for the client (the stake if it goes to review).
    """

    identity: str
    name: str
    key: str
    external_id: str = ""
    money: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class ClientMatching:
    """The outcome of :func:`match_clients`.

    Attributes:
        matches: every pairing made.
        review: vendor clients a person must decide, most money first.
        vendor_to_psa: vendor identity -> PSA identity for every match.
        held_psa: PSA identities offered as review candidates (they raise no gap until decided).
        unmatched_vendor: vendor identities with no PSA client and not in review.
        unmatched_psa: PSA identities with no vendor client and not held.
        notes: vendor identity -> why it is unmatched (best candidate and score).
    """

    matches: tuple[ClientMatch, ...]
    review: tuple[ReviewItem, ...]
    vendor_to_psa: dict[str, str]
    held_psa: frozenset[str]
    unmatched_vendor: tuple[str, ...]
    unmatched_psa: tuple[str, ...]
    notes: dict[str, str] = field(default_factory=dict)


def word_differences(key_a: str, key_b: str, real_words: Collection[str] = ()) -> tuple[str, ...]:
    """Words in one key that have no counterpart, not even a mistyped one, in the other.

    Args:
        key_a: a normalised client key (the vendor's).
        key_b: another (a PSA client's).
        real_words: words PSA clients really use; such a word is never read as a typo
            (see :mod:`recon.match.words`).

    Returns:
        The distinguishing words, sorted; empty when the names differ only by typos.

    Example:
        >>> word_differences("northside dental lab", "northside dental")
        ('lab',)
    """
    tokens_a, tokens_b = key_a.split(), key_b.split()
    missing = unmatched_words(tokens_a, tokens_b, real_words)
    missing += unmatched_words(tokens_b, tokens_a, real_words)
    return tuple(sorted(set(missing)))


def match_clients(
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    *,
    knowledge: Knowledge | None = None,
    settings: MatchSettings | None = None,
) -> ClientMatching:
    """Pair every vendor client with at most one PSA client, or send it to review.

    Args:
        vendor: the distinct vendor clients.
        psa: the distinct PSA clients (identities are unique name keys).
        knowledge: stored aliases and rejections (default: none).
        settings: score thresholds (default: :class:`MatchSettings`).

    Returns:
        The matches, the review queue and what stayed unmatched on each side.
    """
    knowledge = knowledge or Knowledge()
    settings = settings or MatchSettings()
    psa_by_key = {c.key: c for c in psa}
    psa_by_id = {c.external_id: c for c in psa if c.external_id}
    aliases = {client_key(v): client_key(p) for v, p in knowledge.client_aliases}
    rejected = {(client_key(v), client_key(p)) for v, p in knowledge.client_rejections}

    matches: list[ClientMatch] = []
    vendor_to_psa: dict[str, str] = {}
    leftovers: list[ClientName] = []

    def pair(
        v: ClientName, p: ClientName, method: MatchMethod, score: float, note: str = ""
    ) -> None:
        matches.append(ClientMatch(v.name, p.name, method, score, v.key, p.key, note))
        vendor_to_psa[v.identity] = p.identity

    for v in vendor:
        alias_target = psa_by_key.get(aliases.get(v.key, ""))
        by_id = psa_by_id.get(v.external_id) if v.external_id else None
        exact = psa_by_key.get(v.key)
        if alias_target is not None:
            pair(v, alias_target, MatchMethod.ALIAS, 100.0)
        elif by_id is not None and (v.key, by_id.key) not in rejected:
            pair(v, by_id, MatchMethod.ID, 100.0)
        elif exact is not None and (v.key, exact.key) not in rejected:
            pair(v, exact, MatchMethod.EXACT, 100.0)
        else:
            leftovers.append(v)

    evidence = learn(knowledge) if settings.learn else Evidence()
    taken = set(vendor_to_psa.values())
    pool = [p for p in psa if p.identity not in taken]
    real_words = {word for p in psa for word in evidence.rewrite(p.key).split()}
    review, fuzzy_pairs, notes, held = _fuzzy(
        leftovers, pool, rejected, settings, evidence, real_words
    )
    for v, p, score, note in fuzzy_pairs:
        # Identical once learned words are unified: the evidence, not the spelling, matched.
        learned = evidence.rewrite(v.key) == evidence.rewrite(p.key) and v.key != p.key
        pair(v, p, MatchMethod.LEARNED if learned else MatchMethod.FUZZY, score, note)

    in_review = {item.vendor_key for item in review}
    unmatched_vendor = tuple(
        v.identity for v in vendor if v.identity not in vendor_to_psa and v.key not in in_review
    )
    matched_psa = set(vendor_to_psa.values())
    unmatched_psa = tuple(
        p.identity for p in psa if p.identity not in matched_psa and p.identity not in held
    )
    return ClientMatching(
        matches=tuple(matches),
        review=tuple(sorted(review, key=lambda r: (-r.money_at_stake, r.vendor_client))),
        vendor_to_psa=vendor_to_psa,
        held_psa=frozenset(held - matched_psa),
        unmatched_vendor=unmatched_vendor,
        unmatched_psa=unmatched_psa,
        notes=notes,
    )


def _fuzzy(
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
    rejected: set[tuple[str, str]],
    settings: MatchSettings,
    evidence: Evidence,
    real_words: Collection[str],
) -> tuple[
    list[ReviewItem], list[tuple[ClientName, ClientName, float, str]], dict[str, str], set[str]
]:
    """Score leftover vendor keys against the PSA pool and decide accept, review or unmatched.

    Names are compared after learned equivalents and noise are rewritten (so a learned pair
    scores 100 but still needs its margin and no rival); a difference made only of words
    people keep rejecting leaves the vendor name unmatched, not in review.
    """
    review: list[ReviewItem] = []
    notes: dict[str, str] = {}
    held: set[str] = set()
    if not leftovers:
        return review, [], notes, held
    if not pool:
        for v in leftovers:
            notes[v.identity] = "no PSA client is left to pair with"
        return review, [], notes, held

    # Several vendor identities (two tenants) can share one key: score each key once.
    by_key: dict[str, list[ClientName]] = defaultdict(list)
    for v in leftovers:
        by_key[v.key].append(v)
    keys = list(by_key)
    pool_keys = [evidence.rewrite(p.key) for p in pool]
    ranked = _top_candidates(keys, [evidence.rewrite(k) for k in keys], pool, pool_keys, rejected)

    proposals: dict[int, list[tuple[str, float]]] = defaultdict(list)  # pool index -> keys
    wanted: dict[int, int] = defaultdict(int)  # pool index -> vendor keys whose best it is
    decisions: dict[str, tuple[str, str]] = {}  # vendor key -> (decision, reason)
    for key, candidates in zip(keys, ranked, strict=True):
        best_score = candidates[0][1] if candidates else 0.0
        runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
        if best_score < settings.review_score:
            best = (
                f" (closest: {pool[candidates[0][0]].name!r} at {best_score:.0f})"
                if candidates
                else ""
            )
            decisions[key] = ("unmatched", f"no PSA client close enough{best}")
            continue
        best_index = candidates[0][0]
        differences = word_differences(evidence.rewrite(key), pool_keys[best_index], real_words)
        if differences and set(differences) <= evidence.distinguishing:
            facts = "; ".join(evidence.used_for(key, pool[best_index].key))
            decisions[key] = (
                "unmatched",
                f"closest is {pool[best_index].name!r}, but people rejected names that "
                f"differ like this ({facts})",
            )
            continue
        wanted[best_index] += 1
        if differences:
            words = ", ".join(repr(w) for w in differences)
            decisions[key] = ("review", f"names differ by the word(s) {words}")
        elif best_score < settings.accept_score:
            decisions[key] = (
                "review",
                f"score {best_score:.0f} is below {settings.accept_score:.0f}",
            )
        elif best_score - runner_up < settings.min_margin:
            decisions[key] = (
                "review",
                f"runner-up {pool[candidates[1][0]].name!r} is within "
                f"{best_score - runner_up:.0f} points",
            )
        else:
            proposals[best_index].append((key, best_score))
            decisions[key] = ("accept", "")

    accepted: list[tuple[ClientName, ClientName, float, str]] = []
    for index, wanting in proposals.items():
        # Accept only when no other vendor name, however unsure, looks most like this client.
        if len(wanting) == 1 and wanted[index] == 1:
            key, score = wanting[0]
            note = "; ".join(evidence.used_for(key, pool[index].key))
            accepted.extend((v, pool[index], round(score, 1), note) for v in by_key[key])
            continue
        for key, _ in wanting:
            decisions[key] = ("review", f"several vendor clients look like {pool[index].name!r}")

    taken = {p.identity for _, p, _, _ in accepted}
    floor = settings.review_score - _CANDIDATE_FLOOR
    for key, scored in zip(keys, ranked, strict=True):
        decision, reason = decisions[key]
        if decision == "unmatched":
            for v in by_key[key]:
                notes[v.identity] = reason
        elif decision == "review":
            kept = [(i, s) for i, s in scored if s >= floor and pool[i].identity not in taken]
            offered = tuple(
                Candidate(
                    pool[i].name,
                    round(score, 1),
                    _candidate_note(evidence.rewrite(key), pool_keys[i], real_words),
                )
                for i, score in kept
            )
            held.update(pool[i].identity for i, score in kept if score >= settings.review_score)
            for v in by_key[key]:
                review.append(ReviewItem(v.name, v.key, offered, reason, v.money))
    return review, accepted, notes, held


def _candidate_note(vendor_key: str, psa_key: str, real_words: Collection[str]) -> str:
    differences = word_differences(vendor_key, psa_key, real_words)
    return f"differs by {', '.join(differences)}" if differences else ""


def _top_candidates(
    keys: Sequence[str],
    scoring_keys: Sequence[str],
    pool: Sequence[ClientName],
    pool_keys: Sequence[str],
    rejected: set[tuple[str, str]],
) -> list[list[tuple[int, float]]]:
    """For each key, up to three (pool index, score) pairs, best first; rejected pairs excluded.

    ``keys`` and ``pool``'s keys decide rejections; ``scoring_keys`` and ``pool_keys`` (the
    rewritten forms) are what is compared.
    """
    pool_index: dict[str, list[int]] = defaultdict(list)
    for i, client in enumerate(pool):
        pool_index[client.key].append(i)
    rejected_by_vendor: dict[str, list[int]] = defaultdict(list)
    for vendor_key, psa_key in rejected:
        rejected_by_vendor[vendor_key].extend(pool_index.get(psa_key, ()))

    out: list[list[tuple[int, float]]] = []
    take = min(_CANDIDATES, len(pool_keys))
    for start in range(0, len(keys), _CHUNK_ROWS):
        chunk = keys[start : start + _CHUNK_ROWS]
        scores = process.cdist(
            scoring_keys[start : start + _CHUNK_ROWS],
            pool_keys,
            scorer=fuzz.token_sort_ratio,
            dtype=np.float32,
            workers=-1,
        )
        for row, key in enumerate(chunk):
            if key in rejected_by_vendor:
                scores[row, rejected_by_vendor[key]] = 0.0
        out.extend(_best_k(scores, take))
    return out


def _best_k(scores: npt.NDArray[np.float32], take: int) -> list[list[tuple[int, float]]]:
    """Per row, the ``take`` best (column, score) pairs, best first, ties to the first column.

    Repeated argmax instead of argpartition: no copy of the (large) matrix, and ties are
    broken the same way every time.
    """
    rows = np.arange(scores.shape[0])
    picked: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]] = []
    for _ in range(take):
        best = scores.argmax(axis=1)
        values = scores[rows, best].copy()
        picked.append((best, values))
        scores[rows, best] = -1.0
    for best, values in picked:  # leave the matrix as it was
        scores[rows, best] = values
    return [
        [(int(best[r]), float(values[r])) for best, values in picked if values[r] > 0] for r in rows
    ]
