"""Pair vendor clients with PSA clients: alias, then id, then exact key, then careful fuzzy.

A false merge moves one client's money onto another, so a fuzzy pair is accepted only when
all of these hold: the score clears ``accept_score``; it beats the runner-up by
``min_margin``; the two names differ by typos only; and no other vendor client wants the same
PSA client. Anything less certain but plausible goes to review, where a person decides; it
produces no gap until then.

**The near-twin guard.** Two names that differ by a *distinguishing* word are never merged
automatically, whatever the score and whatever the evidence: "Northside Dental" is not
"Northside Dental Lab", "Smith Law" is not "Smith Law - East" or "Smith Law (Denver)",
"Store 12" is not "Store 13". A word is not distinguishing when it is a legal form, "The" or
"and", or an abbreviation or expansion of the other name's word (these are folded into the
key by :mod:`recon.normalize`, from public abbreviation lists).

**Evidence** (:mod:`recon.match.client_evidence`) decides the cases names cannot:

- a pair whose names differ only by an *organisation word* ("Group", "Holdings", "Partners",
  "Services": words business registers disregard when comparing names) is merged when the
  two share (product, seats) lines and no other candidate does; otherwise it goes to review;
- a pair below ``accept_score`` (but at or above ``review_score``), or without its margin over
  the runner-up, is merged when it shares lines and the runner-up does not;
- of several vendor names wanting one PSA client, the one that shares lines with it wins;
- an otherwise confident fuzzy pair whose clients hold no product in common goes to review.

Fuzzy work runs on distinct normalised names only, against PSA clients no exact step has taken
(1:1), with blocking at scale (:mod:`recon.match.candidates`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from recon.match.candidates import top_candidates
from recon.match.client_evidence import Footprints, Overlap
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
from recon.normalize import as_written, client_key

_CANDIDATE_FLOOR = 20.0  # offer candidates down to review_score minus this, never lower

#: Organisation words: business registers disregard them when telling names apart (UK
#: Companies House "same as" rules: "Group", "Holdings", "Services", "International", ...).
#: A difference made only of these merges on shared (product, seats) lines, never on the
#: name alone. Folded forms (see recon/catalog/business_words.csv).
ORGANISATION_WORDS = frozenset(
    {"grp", "hldg", "ptnr", "svc", "sol", "intl", "co", "cos", "company", "companies"}
    | {"ent", "assoc", "uk", "usa", "us", "global", "worldwide", "holdco"}
)


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
        >>> word_differences("northside dent lab", "northside dent")
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
    footprints: Footprints | None = None,
) -> ClientMatching:
    """Pair every vendor client with at most one PSA client, or send it to review.

    Args:
        vendor: the distinct vendor clients.
        psa: the distinct PSA clients (identities are unique name keys).
        knowledge: stored aliases and rejections (default: none).
        settings: score thresholds (default: :class:`MatchSettings`).
        footprints: each client's (product, seats) lines, to decide what names cannot
            (default: none; names alone decide).

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
    fuzzy = _Fuzzy(leftovers, pool, rejected, settings, evidence, real_words, footprints)
    for v, p, score, note, method in fuzzy.run():
        # Identical once learned words are unified: the evidence, not the spelling, matched.
        learned = evidence.rewrite(v.key) == evidence.rewrite(p.key) and v.key != p.key
        pair(v, p, MatchMethod.LEARNED if learned else method, score, note)

    review = fuzzy.review
    in_review = {item.vendor_key for item in review}
    unmatched_vendor = tuple(
        v.identity for v in vendor if v.identity not in vendor_to_psa and v.key not in in_review
    )
    matched_psa = set(vendor_to_psa.values())
    unmatched_psa = tuple(
        p.identity for p in psa if p.identity not in matched_psa and p.identity not in fuzzy.held
    )
    return ClientMatching(
        matches=tuple(matches),
        review=tuple(sorted(review, key=lambda r: (-r.money_at_stake, r.vendor_client))),
        vendor_to_psa=vendor_to_psa,
        held_psa=frozenset(fuzzy.held - matched_psa),
        unmatched_vendor=unmatched_vendor,
        unmatched_psa=unmatched_psa,
        notes=fuzzy.notes,
    )


Accepted = tuple[ClientName, ClientName, float, str, MatchMethod]


class _Fuzzy:
    """Score leftover vendor keys against the PSA pool and decide accept, review or unmatched.

    Names are compared after learned equivalents and noise are rewritten (so a learned pair
    scores 100 but still needs its margin and no rival); a difference made only of words
    people keep rejecting leaves the vendor name unmatched, not in review.
    """

    def __init__(
        self,
        leftovers: Sequence[ClientName],
        pool: Sequence[ClientName],
        rejected: set[tuple[str, str]],
        settings: MatchSettings,
        evidence: Evidence,
        real_words: Collection[str],
        footprints: Footprints | None,
    ) -> None:
        self.leftovers, self.pool, self.rejected = leftovers, pool, rejected
        self.settings, self.evidence, self.real_words = settings, evidence, real_words
        self.footprints = footprints
        self.review: list[ReviewItem] = []
        self.notes: dict[str, str] = {}
        self.held: set[str] = set()
        # Several vendor identities (two tenants) can share one key: score each key once.
        self.by_key: dict[str, list[ClientName]] = defaultdict(list)
        for v in leftovers:
            self.by_key[v.key].append(v)
        self.keys = list(self.by_key)
        self.pool_keys = [evidence.rewrite(p.key) for p in pool]

    def run(self) -> list[Accepted]:
        if not self.leftovers:
            return []
        if not self.pool:
            for v in self.leftovers:
                self.notes[v.identity] = "no PSA client is left to pair with"
            return []
        ranked = top_candidates(
            self.keys,
            [self.evidence.rewrite(k) for k in self.keys],
            self.pool_keys,
            [p.key for p in self.pool],
            self.rejected,
        )
        if self.footprints is not None:
            self.footprints.prepare(
                (v.identity for v in self.leftovers),
                (self.pool[i].identity for scored in ranked for i, _ in scored),
            )
        decisions: dict[str, tuple[str, str]] = {}
        proposals: dict[int, list[tuple[str, float, str]]] = defaultdict(list)
        wanted: dict[int, list[str]] = defaultdict(list)  # pool index -> keys whose best it is
        for key, candidates in zip(self.keys, ranked, strict=True):
            decision, reason = self._decide(key, candidates)
            decisions[key] = (decision, reason)
            if decision in ("accept", "review") and candidates:
                wanted[candidates[0][0]].append(key)
            if decision == "accept":
                proposals[candidates[0][0]].append((key, candidates[0][1], reason))
        accepted = self._settle(proposals, wanted, decisions)
        self._record(ranked, decisions, {p.identity for _, p, _, _, _ in accepted})
        return accepted

    def overlap(self, key: str, index: int) -> Overlap | None:
        if self.footprints is None:
            return None
        vendor_ids = [v.identity for v in self.by_key[key]]
        return self.footprints.overlap(vendor_ids, self.pool[index].identity)

    def supported(self, key: str, index: int | None) -> bool:
        if index is None:
            return False
        found = self.overlap(key, index)
        return found is not None and found.supports

    def _decide(self, key: str, candidates: list[tuple[int, float]]) -> tuple[str, str]:
        """accept / review / unmatched for one vendor key, and why (for accept: the note)."""
        settings = self.settings
        best_score = candidates[0][1] if candidates else 0.0
        if best_score < settings.review_score:
            best = (
                f" (closest: {self.pool[candidates[0][0]].name!r} at {best_score:.0f})"
                if candidates
                else ""
            )
            return "unmatched", f"no PSA client close enough{best}"
        best_index = candidates[0][0]
        runner_index = candidates[1][0] if len(candidates) > 1 else None
        runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
        differences = word_differences(
            self.evidence.rewrite(key), self.pool_keys[best_index], self.real_words
        )
        if differences and set(differences) <= self.evidence.distinguishing:
            facts = "; ".join(self.evidence.used_for(key, self.pool[best_index].key))
            return (
                "unmatched",
                f"closest is {self.pool[best_index].name!r}, but people rejected names that "
                f"differ like this ({facts})",
            )
        shares = self.supported(key, best_index)
        rival_shares = self.supported(key, runner_index)
        overlap = self.overlap(key, best_index)
        lines = f"; {overlap.words()}" if overlap is not None else ""
        if differences and not set(differences) <= ORGANISATION_WORDS:
            return "review", f"names differ by {self._words_as_written(key, best_index)}"
        if differences:
            if shares and not rival_shares:
                return "accept", f"differs only by {self._words_as_written(key, best_index)}{lines}"
            return "review", f"names differ by {self._words_as_written(key, best_index)}{lines}"
        if best_score < settings.accept_score:
            if shares and not rival_shares:
                return "accept", f"score {best_score:.0f}{lines}"
            return "review", f"score {best_score:.0f} is below {settings.accept_score:.0f}"
        if best_score - runner_up < settings.min_margin:
            if shares and not rival_shares:
                return "accept", f"runner-up within {best_score - runner_up:.0f} points{lines}"
            return (
                "review",
                f"runner-up {self.pool[candidates[1][0]].name!r} is within "
                f"{best_score - runner_up:.0f} points",
            )
        if overlap is not None and overlap.contradicts:
            return "review", f"similar names, but {overlap.words()}"
        return "accept", ""

    def _words_as_written(self, key: str, index: int) -> str:
        """The words two names differ by, each as its own name writes it."""
        vendor_name, psa = self.by_key[key][0].name, self.pool[index]
        differences = word_differences(
            self.evidence.rewrite(key), self.pool_keys[index], self.real_words
        )
        mine = set(self.evidence.rewrite(key).split())
        words = [
            *as_written(vendor_name, [w for w in differences if w in mine]),
            *as_written(psa.name, [w for w in differences if w not in mine]),
        ]
        return "the word(s) " + ", ".join(repr(w) for w in words)

    def _settle(
        self,
        proposals: dict[int, list[tuple[str, float, str]]],
        wanted: dict[int, list[str]],
        decisions: dict[str, tuple[str, str]],
    ) -> list[Accepted]:
        """Accept a proposal only when no other vendor name looks most like the same client,
        or when it alone shares (product, seats) lines with it."""
        accepted: list[Accepted] = []
        for index, wanting in proposals.items():
            rivals = wanted[index]
            if len(wanting) == 1 and len(rivals) == 1:
                key, score, note = wanting[0]
                accepted.extend(self._accept(key, index, score, note))
                continue
            sharing = [w for w in wanting if self.supported(w[0], index)]
            others_share = [k for k in rivals if self.supported(k, index)]
            if len(sharing) == 1 and others_share == [sharing[0][0]]:
                key, score, note = sharing[0]
                accepted.extend(self._accept(key, index, score, note, by_evidence=True))
                for other, _, _ in wanting:
                    if other != key:
                        decisions[other] = ("review", f"{self.pool[index].name!r} went to another")
                continue
            for key, _, _ in wanting:
                decisions[key] = (
                    "review",
                    f"several vendor clients look like {self.pool[index].name!r}",
                )
        return accepted

    def _accept(
        self, key: str, index: int, score: float, note: str, *, by_evidence: bool = False
    ) -> list[Accepted]:
        facts = "; ".join(self.evidence.used_for(key, self.pool[index].key))
        method = MatchMethod.EVIDENCE if note or by_evidence else MatchMethod.FUZZY
        text = "; ".join(part for part in (note, facts) if part)
        return [(v, self.pool[index], round(score, 1), text, method) for v in self.by_key[key]]

    def _record(
        self,
        ranked: list[list[tuple[int, float]]],
        decisions: dict[str, tuple[str, str]],
        taken: set[str],
    ) -> None:
        floor = self.settings.review_score - _CANDIDATE_FLOOR
        for key, scored in zip(self.keys, ranked, strict=True):
            decision, reason = decisions[key]
            if decision == "unmatched":
                for v in self.by_key[key]:
                    self.notes[v.identity] = reason
            elif decision == "review":
                kept = [
                    (i, s) for i, s in scored if s >= floor and self.pool[i].identity not in taken
                ]
                offered = tuple(
                    Candidate(self.pool[i].name, round(score, 1), self._candidate_note(key, i))
                    for i, score in kept
                )
                self.held.update(
                    self.pool[i].identity
                    for i, score in kept
                    if score >= self.settings.review_score
                )
                for v in self.by_key[key]:
                    self.review.append(ReviewItem(v.name, v.key, offered, reason, v.money))

    def _candidate_note(self, key: str, index: int) -> str:
        parts = []
        differences = word_differences(
            self.evidence.rewrite(key), self.pool_keys[index], self.real_words
        )
        if differences:
            parts.append("differs by " + self._words_as_written(key, index)[len("the word(s) ") :])
        overlap = self.overlap(key, index)
        if overlap is not None:
            parts.append(overlap.words())
        return "; ".join(parts)
