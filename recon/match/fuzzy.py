"""The fuzzy step: leftover vendor names against the PSA clients no exact step has taken.

Each vendor name gets candidates (blocked fuzzy scores, :mod:`recon.match.candidates`, plus
exact lookups of derived forms: the name without spaces, without organisation words, without
a trailing word, with initials for its first words). Each candidate is compared word by word
(:func:`recon.match.names.diff_names`) and weighed on the (product, seats) lines both hold
(:mod:`recon.match.client_evidence`, rare lines weighing more). Then, in tiers:

0. **the same name** (equal words, words run together, typos of long words no other client
   spells that way, legal forms): merged, unless the lines contradict it;
1. **short forms, short typos, an organisation word, a place or a site on one side only**:
   merged when no rival fits as well and the lines agree (for a place, when they support it:
   two shared lines, or the one line a one-product client holds); otherwise a person decides;
2. **a plain word on one side only** ("Northside Dental" / "Northside Dental Lab"): merged only
   when the lines overwhelmingly agree and the word is no place; otherwise a person decides;
3. **each name holds words the other lacks**: two clients, never a candidate.

*The population decides what a word means*: a word distinguishes only when a rival exists. A
rival is another PSA candidate of the same tier for the vendor name, or another vendor name
wanting the same PSA client; then the lines must choose (the candidate sharing lines while the
other shares fewer than half as many), else a person decides. A near twin losing its PSA client
to a closer name is left unmatched, so its seats raise gaps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence

from recon.bulk_keys import client_word_counts, keyed_names
from recon.formats.memory import release_unused
from recon.match.client_evidence import Overlap
from recon.match.contests import clearly_outweighs, farther_released
from recon.match.fuzzy_looks import CandidateLooks
from recon.match.fuzzy_pairs import Fit, apart_by_a_word, apart_words, tier_of
from recon.match.names import ClientName, DiffKind
from recon.match.office_sums import office_shares
from recon.match.office_words import office_repeats
from recon.match.overlap import SUMMED_NOTE
from recon.match.short_settle import settled_by_short_forms
from recon.match.site_labels import sibling_offices
from recon.match.typo_settle import settled_by_typo
from recon.model import Candidate, MatchMethod, ReviewItem

Accepted = tuple[ClientName, ClientName, float, str, MatchMethod]

#: A viable candidate whose lines refute is a sibling office's share (:meth:`_decide`).
OFFICE_NOTE = "summed with its sibling offices, the seats are the vendor client's"


class FuzzyStep(CandidateLooks):
    """Score leftover vendor keys against the PSA pool and decide accept, review or unmatched.

    Candidates come from :class:`recon.match.fuzzy_looks.CandidateLooks`, each pair's name
    difference and lines from :class:`recon.match.fuzzy_pairs.PairResults` (the arguments).
    """

    def run(self) -> list[Accepted]:
        """Decide every leftover vendor key; returns the accepted pairs."""
        if not self.keys:
            return []
        if not self.pool:
            for group in self.by_key.values():
                for v in group:
                    self.notes[v.identity] = "no PSA client is left to pair with"
            return []
        # Each pass below leaves arrays freed in the C heap (the blocking's scores, the
        # screen's and the lines' frames) and builds Python readings of the names, which never
        # reuse that space: handed back after each, the step's peak at 60,000 clients is
        # about 60 MiB lower (it was client matching's peak, and the run's).
        ranked = self._candidates()
        release_unused()
        self._screen_ranked(ranked)
        release_unused()
        if self.footprints is not None:
            self.footprints.admit(
                (v.identity for group in self.by_key.values() for v in group),
                (self.pool[i].identity for scored in ranked for i, _ in scored),
            )
            self._measure(ranked)
            release_unused()
        looked = self._second_look(ranked)
        # The second look's candidates need their lines and screen too: only the names it
        # looked for can have any (the rest were counted and screened above).
        self._prepare(ranked[n] for n in looked)
        self._screen_ranked(ranked, looked)
        self._measure(ranked, looked)
        decisions: dict[str, tuple[str, str]] = {}
        fits: dict[str, list[Fit]] = {}
        proposals: dict[int, list[tuple[str, Fit, str]]] = defaultdict(list)
        wanted: dict[int, list[tuple[str, Fit]]] = defaultdict(list)
        unmatched: list[int] = []
        for n, (key, found) in enumerate(zip(self.keys, ranked, strict=True)):
            decision, reason, viable = self._decide(key, found, why_unmatched=False)
            fits[key] = viable
            decisions[key] = (decision, reason)
            if not viable:
                unmatched.append(n)
            if decision in ("accept", "review") and viable:
                wanted[viable[0].index].append((key, viable[0]))
            if decision == "accept":
                proposals[viable[0].index].append((key, viable[0], reason))
        # Why a name stays unmatched reads the lines of candidates the screen passed over:
        # counted here for those names only, all in one pass.
        self._measure(ranked, unmatched, apart=True)
        for n in unmatched:
            key = self.keys[n]
            decisions[key] = ("unmatched", self._unmatched_reason(key, self._lines(key, ranked[n])))
        accepted = self._settle(proposals, wanted, decisions)
        self._release_farther(wanted, decisions, fits, {p.identity for _, p, _, _, _ in accepted})
        self._record(fits, decisions, {p.identity for _, p, _, _, _ in accepted})
        return accepted

    # --- one vendor name ----------------------------------------------------------------

    def _office_shares(
        self, key: str, lines: Sequence[tuple[int, float, Overlap | None]]
    ) -> set[int]:
        """The candidates (pool indices) whose lines refute the vendor name one by one but
        are sibling offices' shares of it (:func:`recon.match.office_sums.office_shares`)."""
        if self.footprints is None or not any(
            found is not None and found.apart and not found.contradicts for _, _, found in lines
        ):
            return set()
        at = {self.pool[i].key: i for i, _, found in lines if found is not None}
        offices = sibling_offices(list(at))  # the names first: most refuting names stop here
        if not offices:
            return set()
        footprints = self.footprints
        mine = [line for v in self._vendor_ids[key] for line in footprints.summed_lines("v", v)]
        theirs = {k: footprints.summed_lines("p", self.pool[at[k]].identity) for k in offices}
        return {at[k] for k in office_shares(mine, theirs)}

    def _summed(self, key: str, index: int) -> Callable[[], Overlap | None]:
        """The pair's lines with each product's subscriptions summed, worked out when asked
        (:mod:`recon.match.registered_sums`: a registered place's pair only)."""
        footprints = self.footprints
        if footprints is None:
            return lambda: None
        return lambda: footprints.summed(self._vendor_ids[key], self.pool[index].identity)

    def _outweighs(self, best: Fit, rival: Fit) -> bool:
        """True when ``best`` shares lines with the vendor client and ``rival`` shares fewer
        than half as much evidence."""
        found = best.overlap
        # Seats agreeing only once summed never choose between two plausible clients.
        if found is None or not found.agrees or found.summed:
            return False
        return 2 * rival.bits < best.bits and 2 * rival.shares <= best.shares

    def _decide(
        self, key: str, candidates: list[tuple[int, float]], *, why_unmatched: bool = True
    ) -> tuple[str, str, list[Fit]]:
        """accept / review / unmatched for one vendor key, why, and its viable candidates,
        best first. ``why_unmatched=False`` leaves an unmatched name's reason empty, for the
        caller to work out (:meth:`run` counts the lines it reads for every such name at
        once)."""
        # A candidate whose lines contradict is never viable: its names are read only when
        # no candidate is, for the reason it stays unmatched. The screen's two clients are
        # never viable either: their lines are counted only for that reason (:meth:`run`).
        apart = self._apart
        lines = [
            (i, s, None if (key, i) in apart else self._overlap(key, i)) for i, s in candidates
        ]
        learned_no = self.evidence.distinguishing
        learned_key = self._learned_key[self._at[key]]
        learned_pool = self._learned_pool
        # Sibling offices whose seats refute one by one but sum to the customer's are its
        # shares, not other clients (:mod:`recon.match.office_sums`): asked only where a
        # candidate refutes (a few names a run).
        shares = self._office_shares(key, lines)
        viable: list[Fit] = []
        for i, s, found in lines:
            if (found is not None and found.apart and i not in shares) or (key, i) in apart:
                continue  # two clients, by their lines or by their names for certain
            diff = self._diff(key, i)
            learned = learned_key or learned_pool[i]
            tier = tier_of(diff, learned)
            # A candidate each of whose names holds words the other lacks is no candidate:
            # no Fit is made for it (most candidates of most names); nor is one a whole word
            # apart whose lines hold none of the vendor client's products.
            names = (self.by_key[key][0].name, self.pool[i].name)
            if tier < 3 and not apart_by_a_word(tier, diff, found, names, self._summed(key, i)):
                fit = Fit(i, s, diff, found, learned, tier)
                if not learned_no or not self._learned_distinguishing(key, fit, learned_no):
                    viable.append(fit)
        viable.sort(key=lambda f: (f.tier, -f.bits, -f.score, f.index))
        if not viable:
            if not why_unmatched:
                return "unmatched", "", []
            return "unmatched", self._unmatched_reason(key, self._lines(key, candidates)), []
        best = viable[0]
        for other in viable[1:]:
            # Lines that overwhelm what a closer spelling shares choose the candidate.
            if other.tier < 3 and self._outweighs(other, best) and self._acceptable(other, key):
                viable.remove(other)
                viable.insert(0, other)
                best = other
                break
        # A typo is the weakest reading: any other plausible client is then a rival.
        rivals = [f for f in viable[1:] if f.tier <= best.tier or (best.diff.typo and f.tier <= 2)]
        for rival in rivals:
            if not self._outweighs(best, rival):
                viable = [best, *rivals, *(f for f in viable[1:] if f not in rivals)]
                if best.tier == rival.tier and rival.score > best.score - self.settings.min_margin:
                    gap = abs(best.score - rival.score)
                    return (
                        "review",
                        f"runner-up {self.pool[rival.index].name!r} is within {gap:.0f} points",
                        viable,
                    )
                return "review", f"{self.pool[rival.index].name!r} fits as well", viable
        if self._acceptable(best, key):
            return "accept", self._accept_note(best), viable
        return "review", self._review_reason(best), viable

    def _learned_distinguishing(self, key: str, fit: Fit, words: Collection[str]) -> bool:
        if not words:
            return False
        different = {w.casefold() for w in (*fit.diff.vendor_only, *fit.diff.psa_only)}
        return bool(different) and {self._rewrite(w) for w in different} <= set(words)

    def _acceptable(self, fit: Fit, key: str) -> bool:
        """Whether a candidate with no rival may be merged, by its tier and its lines."""
        found, diff = fit.overlap, fit.diff
        if fit.tier == 0:
            return True
        if fit.tier == 1:
            if diff.kind is DiffKind.SAME:  # typos only
                if found is None:
                    return fit.score >= self.settings.accept_score
                return found.agrees or not found.disjoint
            if found is None:
                return False
            if diff.places:
                return found.supports
            return (
                found.agrees
                or settled_by_short_forms(
                    diff, found, (self.by_key[key][0].name, self.pool[fit.index].name)
                )
                or settled_by_typo(diff, found)
            )
        if fit.tier == 2:
            # A whole word apart merges on lines agreeing line by line only, never summed.
            return found is not None and found.overwhelms and not diff.places and not found.summed
        return False

    def _accept_note(self, fit: Fit) -> str:
        parts = list(fit.diff.readings)
        if fit.diff.vendor_only or fit.diff.psa_only:
            parts.append(f"differs only by {fit.diff.words()}")
        if fit.overlap is not None and fit.tier > 0:
            parts.append(fit.overlap.words())
            if fit.overlap.summed:
                parts.append(SUMMED_NOTE)
        return "; ".join(parts)

    def _review_reason(self, fit: Fit) -> str:
        """Why a person must decide, without repeating the candidate's own note."""
        if fit.diff.kind is DiffKind.SAME and fit.overlap is None:
            return f"score {fit.score:.0f} is below {self.settings.accept_score:.0f}"
        if fit.tier == 2:
            return "a whole word apart: it may be a near twin"
        if fit.overlap is None:
            return "the names alone cannot settle it"
        return "the (product, seats) lines do not settle it"

    def _lines(
        self, key: str, candidates: Sequence[tuple[int, float]]
    ) -> list[tuple[int, float, Overlap | None]]:
        """Each candidate with its lines (all of them, the screen's two clients too)."""
        return [(i, s, self._overlap(key, i)) for i, s in candidates]

    def _unmatched_reason(
        self, key: str, lines: Sequence[tuple[int, float, Overlap | None]]
    ) -> str:
        """Why no candidate is viable: the closest-scored candidate and the first one whose
        lines contradict say it, so only their names are read (of the contradicted ones,
        most are never read)."""
        if not lines:
            return "no PSA client close enough"
        closest = self._fit(key, *max(lines, key=lambda line: line[1]))
        apart = next((line for line in lines if line[2] is not None and line[2].apart), None)
        contradicted = [] if apart is None else [self._fit(key, *apart)]
        name = self.pool[closest.index].name
        if contradicted and contradicted[0].tier < 3:
            other = self.pool[contradicted[0].index].name
            if contradicted[0].overlap is not None and contradicted[0].overlap.refutes:
                return f"closest PSA client {other!r}: {contradicted[0].overlap.words()}"
            return f"closest PSA client {other!r} holds no product in common with it"
        if closest.tier == 3 and closest.score >= self.settings.review_score:
            return f"closest PSA client {name!r} differs by the word(s) {closest.diff.words()}"
        names = (self.by_key[key][0].name, name)
        if apart_by_a_word(closest.tier, closest.diff, closest.overlap, names):
            why = apart_words(closest.diff, names, closest.overlap)
            return f"closest PSA client {name!r} {why}"
        if closest.tier < 3:
            return f"closest PSA client {name!r}: people rejected names that differ like this"
        return f"no PSA client close enough (closest: {name!r} at {closest.score:.0f})"

    # --- one PSA client wanted by several -----------------------------------------------

    def _settle(
        self,
        proposals: dict[int, list[tuple[str, Fit, str]]],
        wanted: dict[int, list[tuple[str, Fit]]],
        decisions: dict[str, tuple[str, str]],
    ) -> list[Accepted]:
        """Accept a proposal only when no other vendor name fits the same client as well, or
        when it alone shares (product, seats) lines with it."""
        accepted: list[Accepted] = []
        for index, wanting in proposals.items():
            everyone = wanted[index]
            if len(everyone) == 1:
                key, fit, note = wanting[0]
                accepted.extend(self._accept(key, fit, note))
                continue
            ordered = sorted(everyone, key=lambda kf: (kf[1].tier, -kf[1].bits, -kf[1].score))
            top_key, top = ordered[0]
            others = ordered[1:]
            proposal = next((p for p in wanting if p[0] == top_key), None)
            wins = proposal is not None and all(
                top.tier < fit.tier or self._outweighs(top, fit) for _, fit in others
            )
            if not wins:
                # Lines agreeing at nearly every line beside a rival's agreeing at few choose
                # too, whoever holds more lines (:mod:`recon.match.contests`).
                clear = self._clear_winner(ordered)
                if clear is not None:
                    top_key, top = clear
                    others = [kf for kf in ordered if kf[0] != top_key]
                    proposal = next((p for p in wanting if p[0] == top_key), None)
                    wins = proposal is not None
            name = self.pool[index].name
            if wins and proposal is not None:
                by_lines = any(top.tier == fit.tier for _, fit in others)
                accepted.extend(self._accept(top_key, top, proposal[2], by_evidence=by_lines))
                for other, fit in others:
                    if fit.tier > top.tier:
                        decisions[other] = (
                            "unmatched",
                            f"{name!r} went to a closer name, {self.by_key[top_key][0].name!r}",
                        )
                    else:
                        decisions[other] = ("review", f"{name!r} went to another vendor client")
                continue
            for key, _ in everyone:
                decisions[key] = ("review", f"several vendor clients look like {name!r}")
        return accepted

    @staticmethod
    def _clear_winner(ordered: Sequence[tuple[str, Fit]]) -> tuple[str, Fit] | None:
        """The one name of the closest tier whose lines clearly outweigh every other's
        (:func:`recon.match.contests.clearly_outweighs`), if any."""
        closest = ordered[0][1].tier
        for key, fit in ordered:
            if fit.tier == closest and all(
                fit.tier < other.tier or clearly_outweighs(fit.overlap, other.overlap)
                for k, other in ordered
                if k != key
            ):
                return key, fit
        return None

    def _release_farther(
        self,
        wanted: dict[int, list[tuple[str, Fit]]],
        decisions: dict[str, tuple[str, str]],
        fits: dict[str, list[Fit]],
        taken: set[str],
    ) -> None:
        """Leave unmatched each near twin (a whole word apart) wanting a PSA client a closer
        name wants too, when that client bills none of its products and is its only candidate
        (:func:`recon.match.contests.farther_released`): its lines are billed nowhere
        whichever way it is answered."""
        for index, everyone in wanted.items():
            if len(everyone) < 2 or self.pool[index].identity in taken:
                continue
            released = farther_released([(fit.tier, fit.overlap) for _, fit in everyone])
            if not released:
                continue
            closest = min(everyone, key=lambda kf: kf[1].tier)[0]
            name = self.pool[index].name
            for n in released:
                key = everyone[n][0]
                if decisions[key][0] != "review" or len(fits[key]) != 1:
                    continue
                decisions[key] = (
                    "unmatched",
                    f"closest PSA client {name!r} is a closer name's "
                    f"({self.by_key[closest][0].name!r}) and bills none of its products",
                )

    def _accept(
        self, key: str, fit: Fit, note: str, *, by_evidence: bool = False
    ) -> list[Accepted]:
        p = self.pool[fit.index]
        facts = "; ".join(self.evidence.used_for(key, p.key))
        uses_lines = fit.tier > 0 or by_evidence
        method = (
            MatchMethod.EVIDENCE if uses_lines and fit.overlap is not None else MatchMethod.FUZZY
        )
        text = "; ".join(part for part in (note, facts) if part)
        return [(v, p, round(fit.score, 1), text, method) for v in self.by_key[key]]

    # --- review items -------------------------------------------------------------------

    def _record(
        self,
        fits: dict[str, list[Fit]],
        decisions: dict[str, tuple[str, str]],
        taken: set[str],
    ) -> None:
        for key in self.keys:
            decision, reason = decisions[key]
            if decision == "unmatched":
                for v in self.by_key[key]:
                    self.notes[v.identity] = reason
                continue
            if decision != "review":
                continue
            left = [f for f in fits[key] if self.pool[f.index].identity not in taken]
            if not left:
                # Nothing left to decide: every plausible PSA client went to another vendor
                # name; the vendor client stays unmatched so its seats raise gaps.
                for v in self.by_key[key]:
                    self.notes[v.identity] = (
                        f"{reason}; every close PSA client was paired with another vendor client"
                    )
                continue
            offered = tuple(
                Candidate(self.pool[f.index].name, round(f.score, 1), self._candidate_note(f))
                for f in left
            )
            self.held.update(self.pool[f.index].identity for f in left)
            for v in self.by_key[key]:
                self.review.append(ReviewItem(v.name, v.key, offered, reason, v.money))

    def _candidate_note(self, fit: Fit) -> str:
        parts = []
        if fit.diff.vendor_only or fit.diff.psa_only:
            parts.append(f"differs by {fit.diff.words()}")
        parts.extend(fit.diff.readings)
        if fit.overlap is not None:
            parts.append(fit.overlap.words())
            if fit.overlap.summed:
                parts.append(SUMMED_NOTE)
            if fit.overlap.refutes:
                parts.append(OFFICE_NOTE)
        return "; ".join(parts)


def population_words(names: Collection[str]) -> Callable[[str], int]:
    """``count(word)``: how many of these client names write a word (lower case), as
    :func:`recon.match.names.word_counts` counts them, over the whole column at once; a
    client's office writing the client's words again counts once with it
    (:func:`recon.match.office_words.office_repeats`)."""
    listed = list(names)
    counts = client_word_counts(listed)
    counts.subtract(office_repeats(listed, [str(k) for k in keyed_names(listed).keys]))
    return lambda word: counts.get(word, 0)
