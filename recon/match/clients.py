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

Two names that each hold a word the other lacks ("Store 12" / "Store 13", "Ryan Ministries" /
"Murphy Ministries") are two clients: the vendor name is left unmatched, so its seats raise
gaps, unless shared lines make a person's look worthwhile (then review). A near twin that only
adds or drops a word ("X Dental Lab", "Smith Law - East") goes to review.

**Evidence** (:mod:`recon.match.client_evidence`) decides the cases names cannot:

- a pair whose names differ only by an *organisation word* ("Group", "Holdings", "Partners",
  "Services": words business registers disregard when comparing names) is merged when the
  two share (product, seats) lines and no other candidate does; otherwise it goes to review;
- a pair below ``accept_score`` (but at or above ``review_score``), or without its margin over
  the runner-up, is merged when it shares lines and the runner-up does not;
- of several vendor names wanting one PSA client, the one that shares lines with it wins;
- an otherwise confident fuzzy pair whose clients hold no product in common goes to review,
  and a review candidate holding no product in common is dropped (a vendor name left with
  none is unmatched);
- a name that drops one word (never a place, a number or a branch qualifier) merges only when
  the two clients' lines overwhelmingly agree (3+ shared lines covering 80 % of both);
- an exact-name pair whose clients hold no product in common, or whose PSA client has a
  sibling ("Aspen Engineering Collective" beside "Aspen Engineering Ltd") sharing far more
  lines, is looked at again instead of merged.

Fuzzy work runs on distinct normalised names only, against PSA clients no exact step has taken
(1:1), with blocking at scale (:mod:`recon.match.candidates`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz.distance import OSA

from recon.match.candidates import top_candidates
from recon.match.client_evidence import SUPPORT_LINES, Footprints, Overlap
from recon.match.evidence import Evidence, learn
from recon.match.words import is_typo, unmatched_words
from recon.model import (
    Candidate,
    ClientMatch,
    Knowledge,
    MatchMethod,
    MatchSettings,
    ReviewItem,
)
from recon.normalize import (
    abbreviation_of,
    as_written,
    client_key,
    client_words,
    looks_like_legal_form,
    typo_folds,
)

#: In a vendor identity, separates the key from the spelling that tells apart two vendor
#: clients with one key (see recon.aggregate).
SPELLING_SEP = "\x1f"
_CANDIDATE_FLOOR = 20.0  # offer candidates down to review_score minus this, never lower

#: Organisation words: business registers disregard them when telling names apart (UK
#: Companies House "same as" rules: "Group", "Holdings", "Services", "International", ...).
#: A difference made only of these merges on shared (product, seats) lines, never on the
#: name alone. Folded forms (see recon/catalog/business_words.csv).
#: Words that place a client or name a branch: never dropped, whatever the evidence.
BRANCH_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest ne nw se sw n s e w "
    "downtown uptown midtown central branch location site store office campus unit".split()
)

ORGANISATION_WORDS = frozenset(
    {"grp", "hldg", "ptnr", "svc", "sol", "intl", "co", "cos", "company", "companies"}
    | {"ent", "assoc", "uk", "usa", "us", "global", "worldwide", "holdco", "alliance"}
    | {"network", "networks", "professionals", "specialists", "collective", "firm"}
    | {"practice", "team", "consult"}
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

    if footprints is not None:
        _verify_siblings(matches, vendor_to_psa, leftovers, vendor, psa, footprints)
        _verify_exact(matches, vendor_to_psa, leftovers, vendor, footprints)
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


def _base(key: str) -> str:
    """A key without its organisation words: "aspen eng collective" -> "aspen eng"."""
    return " ".join(w for w in key.split() if w not in ORGANISATION_WORDS) or key


def _verify_exact(
    matches: list[ClientMatch],
    vendor_to_psa: dict[str, str],
    leftovers: list[ClientName],
    vendor: Sequence[ClientName],
    footprints: Footprints,
) -> None:
    """Send an exact-name pair whose two clients hold no product in common to the fuzzy step.

    A vendor name that dropped a distinguishing word can equal another client's name
    ("Quincy Dev" for "Quincy Development Supply" when the PSA also bills a "Quincy
    Development"). The names agree, the products don't: the fuzzy step then offers the pair to
    a person (or the lines pick another candidate) instead of merging two clients.
    """
    exact_keys = {m.vendor_key for m in matches if m.method is MatchMethod.EXACT}
    by_identity = {v.identity: v for v in vendor}
    pairs = {
        v_id: p_id
        for v_id, p_id in vendor_to_psa.items()
        if v_id in by_identity and by_identity[v_id].key in exact_keys
    }
    undone = footprints.disjoint(pairs)
    # Two spellings with one key in one vendor file may be two clients: there a single line
    # of a different product is enough to look again.
    undone |= footprints.disjoint({v: p for v, p in pairs.items() if SPELLING_SEP in v}, at_least=1)
    for v_id in undone:
        p_id = vendor_to_psa.pop(v_id)
        leftovers.append(by_identity[v_id])
        _drop_match(matches, by_identity[v_id], p_id)


def _drop_match(matches: list[ClientMatch], v: ClientName, psa_key: str) -> None:
    """Remove one exact pairing (PSA identities are keys; vendor spellings tell tenants apart)."""
    matches[:] = [
        m
        for m in matches
        if not (
            m.method is MatchMethod.EXACT and m.vendor_client == v.name and m.psa_key == psa_key
        )
    ]


def _verify_siblings(
    matches: list[ClientMatch],
    vendor_to_psa: dict[str, str],
    leftovers: list[ClientName],
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
) -> None:
    """Undo an exact-name pair when a sibling of its PSA client shares far more lines with it.

    "Aspen Eng" is exactly "Aspen Engineering Ltd" by name, but when the PSA also bills an
    "Aspen Engineering Collective", the name alone cannot say which: if the sibling shares the
    vendor client's (product, seats) lines and the exact one shares less than half as many,
    the vendor client is paired with the sibling instead (method ``evidence``).
    """
    by_base: dict[str, list[ClientName]] = defaultdict(list)
    for p in psa:
        by_base[_base(p.key)].append(p)
    psa_by_identity = {p.identity: p for p in psa}
    families = {p.identity for group in by_base.values() if len(group) > 1 for p in group}
    exact_keys = {m.vendor_key for m in matches if m.method is MatchMethod.EXACT}
    vendor_by_identity = {v.identity: v for v in vendor}
    exact = {
        v_id: p_id
        for v_id, p_id in vendor_to_psa.items()
        if p_id in families
        and vendor_by_identity[v_id].key in exact_keys
        and vendor_by_identity[v_id].key == psa_by_identity[p_id].key
    }
    if not exact:
        return
    footprints.prepare(exact, (p.identity for p in psa if p.identity in families))

    def sibling_for(v_id: str, p_id: str) -> ClientName | None:
        own = footprints.overlap([v_id], p_id)
        for sibling in by_base[_base(psa_by_identity[p_id].key)]:
            other = footprints.overlap([v_id], sibling.identity)
            if (
                sibling.identity != p_id
                and own.psa_lines > 0  # the exact one holds lines to compare, and shares few
                and other.shared >= SUPPORT_LINES
                and other.supports
                and 2 * own.shared < other.shared
            ):
                return sibling
        return None

    taken = set(vendor_to_psa.values())
    for v_id, p_id in exact.items():
        sibling = sibling_for(v_id, p_id)
        if sibling is None:
            continue
        v = vendor_by_identity[v_id]
        _drop_match(matches, v, p_id)
        if sibling.identity in taken:
            del vendor_to_psa[v_id]
            leftovers.append(v)  # the sibling has its own vendor client: let the fuzzy step see
            continue
        overlap = footprints.overlap([v_id], sibling.identity)
        vendor_to_psa[v_id] = sibling.identity
        taken.add(sibling.identity)
        matches.append(
            ClientMatch(
                v.name,
                sibling.name,
                MatchMethod.EVIDENCE,
                100.0,
                v.key,
                sibling.key,
                f"same name but for organisation words; {overlap.words()}, the exact "
                f"name {psa_by_identity[p_id].name!r} none",
            )
        )


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
        self._difference_cache: dict[tuple[str, int], tuple[str, ...]] = {}
        self.distinguished: set[str] = set()  # keys in review for a distinguishing word
        self.raw_psa_words = {
            written.casefold().replace(" ", "") for p in pool for written, _ in client_words(p.name)
        }

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
        for n, (key, found) in enumerate(zip(self.keys, ranked, strict=True)):
            decision, reason, candidates = self._decide(key, found)
            ranked[n] = candidates
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

    def outweighs(self, key: str, best: int, rival: int | None, *, lines: int = 1) -> bool:
        """True when the best candidate shares lines with the vendor client (at least
        ``lines`` of them) and the rival shares fewer than half as many."""
        found = self.overlap(key, best)
        if found is None or not found.supports or found.shared < lines:
            return False
        other = self.overlap(key, rival) if rival is not None else None
        return other is None or 2 * other.shared < found.shared

    def _decide(
        self, key: str, candidates: list[tuple[int, float]]
    ) -> tuple[str, str, list[tuple[int, float]]]:
        """accept / review / unmatched for one vendor key, why (for accept: the note), and the
        candidates in the order the evidence ranks them."""
        settings = self.settings
        best_score = candidates[0][1] if candidates else 0.0
        if best_score < settings.review_score:
            best = (
                f" (closest: {self.pool[candidates[0][0]].name!r} at {best_score:.0f})"
                if candidates
                else ""
            )
            return "unmatched", f"no PSA client close enough{best}", candidates
        if (
            len(candidates) > 1
            and candidates[1][1] >= settings.review_score
            and self.outweighs(key, candidates[1][0], candidates[0][0])
        ):
            # The runner-up shares the vendor client's lines and the best does not: the
            # evidence, not one point of spelling, ranks them.
            candidates = [candidates[1], candidates[0], *candidates[2:]]
        best_index = candidates[0][0]
        best_score = candidates[0][1]
        runner_index = candidates[1][0] if len(candidates) > 1 else None
        runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
        differences = self._differences(key, best_index)
        if differences and set(differences) <= self.evidence.distinguishing:
            facts = "; ".join(self.evidence.used_for(key, self.pool[best_index].key))
            return (
                "unmatched",
                f"closest is {self.pool[best_index].name!r}, but people rejected names that "
                f"differ like this ({facts})",
                candidates,
            )
        remaining, abbreviated = self._real_differences(key, best_index, differences)
        wins = self.outweighs(key, best_index, runner_index)
        overlap = self.overlap(key, best_index)
        lines = f"; {overlap.words()}" if overlap is not None else ""
        if remaining and not all(
            w in abbreviated
            or self._soft(key, best_index, w)
            or self._short_typo(key, best_index, w, remaining)
            for w in remaining
        ):
            words = self._words_as_written(key, best_index)
            mine = set(self.evidence.rewrite(key).split())
            one_sided = all(w in mine for w in remaining) or not any(w in mine for w in remaining)
            if not one_sided and not wins:
                # Each name has words the other lacks ("Ryan Ministries" / "Murphy & Chen
                # Ministries") and they share nothing: two different clients, not a twin.
                return "unmatched", f"closest PSA client differs by {words}", candidates
            if (
                one_sided
                and len(remaining) == 1
                and wins
                and overlap is not None
                and overlap.overwhelms
                and not self._branch_word(key, best_index, remaining[0])
            ):
                return "accept", f"differs only by {words}{lines}", candidates
            self.distinguished.add(key)
            return "review", f"names differ by {words}{lines}", candidates
        if remaining:
            # A whole word apart: one shared line is too little, whatever the names.
            if self.outweighs(key, best_index, runner_index, lines=SUPPORT_LINES):
                return (
                    "accept",
                    f"differs only by {self._words_as_written(key, best_index)}{lines}",
                    candidates,
                )
            return (
                "review",
                f"names differ by {self._words_as_written(key, best_index)}{lines}",
                candidates,
            )
        if best_score < settings.accept_score:
            if wins:
                return "accept", f"score {best_score:.0f}{lines}", candidates
            return (
                "review",
                f"score {best_score:.0f} is below {settings.accept_score:.0f}",
                candidates,
            )
        if best_score - runner_up < settings.min_margin:
            if wins:
                return (
                    "accept",
                    f"runner-up within {best_score - runner_up:.0f} points{lines}",
                    candidates,
                )
            return (
                "review",
                f"runner-up {self.pool[candidates[1][0]].name!r} is within "
                f"{best_score - runner_up:.0f} points",
                candidates,
            )
        if overlap is not None and overlap.contradicts:
            return "review", f"similar names, but {overlap.words()}", candidates
        return "accept", "", candidates

    def _raw(self, name: str) -> dict[str, str]:
        """Folded word -> the word as written (lower case, initials together)."""
        return {token: written.casefold().replace(" ", "") for written, token in client_words(name)}

    def _real_differences(
        self, key: str, index: int, differences: Sequence[str]
    ) -> tuple[list[str], set[str]]:
        """The differing words left once a word and its one-edit typo are set aside as written.

        Keys fold business words ("Group" -> ``grp``), so "Grroup" and "Group" differ as keys
        but are one mistyped word as written; a word some PSA client really uses is never
        read as a typo (see :mod:`recon.match.words`). Words that may be an unlisted
        abbreviation of the other name's word are kept, and returned as soft too.
        """
        abbreviated: set[str] = set()
        if not differences:
            return [], abbreviated
        mine = self._raw(self.by_key[key][0].name)
        theirs = self._raw(self.pool[index].name)
        vendor_side = [w for w in differences if w in mine]
        psa_side = [w for w in differences if w not in mine]
        paired: set[str] = set()
        for a in vendor_side:
            for b in psa_side:
                raw_a, raw_b = mine.get(a, a), theirs.get(b, b)
                if b in paired:
                    continue
                if (
                    is_typo(raw_a, raw_b, self.raw_psa_words)
                    or b in typo_folds(raw_a)
                    or (a in typo_folds(raw_b) and raw_a not in self.raw_psa_words)
                ):
                    paired.update((a, b))
                    break
                if abbreviation_of(raw_a) == b or abbreviation_of(raw_b) == a:
                    abbreviated.update((a, b))  # soft: shared lines must settle it
                    paired.add(b)
                    break
        return [w for w in differences if w not in paired or w in abbreviated], abbreviated

    def _short_typo(self, key: str, index: int, word: str, differences: Sequence[str]) -> bool:
        """True for a short word one edit from a word on the other side ("Hal" / "Hall"):
        too short to call a typo on the name alone, so only shared lines can merge it."""
        mine = self._raw(self.by_key[key][0].name)
        theirs = self._raw(self.pool[index].name)
        own = word in mine
        raw = (mine if own else theirs).get(word, word)
        others = [(theirs if own else mine).get(w, w) for w in differences if (w in mine) != own]
        return any(
            min(len(raw), len(other)) >= 3
            and abs(len(raw) - len(other)) <= 1
            and OSA.distance(raw, other, score_cutoff=1) <= 1
            for other in others
        )

    def _branch_word(self, key: str, index: int, word: str) -> bool:
        """True for a word that names a place, a number or a branch: "East", "12", "(Denver)",
        "- Airport"; such a word always marks a different client, whatever the evidence."""
        if word in BRANCH_WORDS or any(ch.isdigit() for ch in word):
            return True
        for name in (self.by_key[key][0].name, self.pool[index].name):
            tail = name.casefold()
            for mark in (" - ", "(", " – "):
                if mark in tail and word in client_key(tail.rsplit(mark, 1)[1]).split():
                    return True
        return False

    def _soft(self, key: str, index: int, word: str) -> bool:
        """True for a word that alone never tells two clients apart: an organisation word, or
        a (mistyped) legal form left in the middle of a name."""
        if word in ORGANISATION_WORDS:
            return True
        written = self._raw(self.by_key[key][0].name).get(word) or self._raw(
            self.pool[index].name
        ).get(word, word)
        return looks_like_legal_form(written)

    def _differences(self, key: str, index: int) -> tuple[str, ...]:
        """:func:`word_differences` of a vendor key and a pool client, worked out once per
        pair (deciding, explaining and offering a candidate each ask again)."""
        found = self._difference_cache.get((key, index))
        if found is None:
            found = word_differences(
                self.evidence.rewrite(key), self.pool_keys[index], self.real_words
            )
            self._difference_cache[(key, index)] = found
        return found

    def _words_as_written(self, key: str, index: int) -> str:
        """The words two names differ by, each as its own name writes it."""
        vendor_name, psa = self.by_key[key][0].name, self.pool[index]
        differences = self._differences(key, index)
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
            # A near twin ("X Dental Lab", in review for its extra word) does not block a
            # name that differs from the client by typos only.
            rivals = [k for k in wanted[index] if k not in self.distinguished]
            if len(wanting) == 1 and len(rivals) <= 1:
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
                left = [(i, s) for i, s in kept if s >= self.settings.review_score]
                unlike = [i for i, _ in left if self._contradicted(key, i)]
                if not left or len(unlike) == len(left):
                    # Nothing left to decide: every plausible PSA client went to another
                    # vendor name, or holds no product in common with this one.
                    why = (
                        "its closest PSA clients hold no product in common with it"
                        if left
                        else "every close PSA client was paired with another vendor client"
                    )
                    for v in self.by_key[key]:
                        self.notes[v.identity] = f"{reason}; {why}"
                    continue
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

    def _contradicted(self, key: str, index: int) -> bool:
        found = self.overlap(key, index)
        return found is not None and found.contradicts

    def _candidate_note(self, key: str, index: int) -> str:
        parts = []
        differences = self._differences(key, index)
        if differences:
            parts.append("differs by " + self._words_as_written(key, index)[len("the word(s) ") :])
        overlap = self.overlap(key, index)
        if overlap is not None:
            parts.append(overlap.words())
        return "; ".join(parts)
