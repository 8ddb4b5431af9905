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
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from recon.bulk_keys import client_word_counts
from recon.match.candidates import extract_each, top_candidates
from recon.match.client_evidence import Footprints, Overlap
from recon.match.evidence import Evidence
from recon.match.forms import FORM_BUCKET, RareWords, forms, query_forms, written_forms
from recon.match.name_diffs import NameDiffs
from recon.match.names import ClientName, DiffKind, NameDiff
from recon.match.short_settle import settled_by_short_forms
from recon.model import Candidate, MatchMethod, MatchSettings, ReviewItem

Accepted = tuple[ClientName, ClientName, float, str, MatchMethod]
_SECOND_LOOK = 3
_SECOND_LOOK_BLOCK = 5_000
_FORM_LOOK = 85.0  # derived forms are short: only a close spelling of one is worth a look
_FORM_LOOK_LENGTH = 6
_FORM_LOOK_PREFIX = 3


def _compact(form: str) -> str:
    """A derived form's text without its kind and spaces ("i:ws graphics" -> "wsgraphics")."""
    return form[2:].replace(" ", "")


@dataclass(slots=True)
class _Fit:
    """One candidate for a vendor name: its pool index, score, name difference and lines.

    ``learned`` is True when words people's decisions taught were rewritten to compare them:
    such a pair is never "the same name" on its own. ``tier``, ``bits`` and ``shares`` follow
    from the rest, worked out once: sorting and weighing rivals ask them again and again.
    """

    index: int
    score: float
    diff: NameDiff
    overlap: Overlap | None
    learned: bool = False
    tier: int = field(init=False)
    bits: float = field(init=False)
    shares: int = field(init=False)

    def __post_init__(self) -> None:
        kind, overlap = self.diff.kind, self.overlap
        if kind is DiffKind.SAME:
            self.tier = 1 if self.diff.typo or self.learned else 0
        elif kind in (DiffKind.SHORT_FORMS, DiffKind.SOFT_EXTRA):
            self.tier = 1
        else:
            self.tier = 2 if kind is DiffKind.EXTRA_WORD else 3
        self.bits = overlap.bits if overlap is not None else 0.0
        self.shares = overlap.shared + overlap.near if overlap is not None else 0


class FuzzyStep:
    """Score leftover vendor keys against the PSA pool and decide accept, review or unmatched.

    Args:
        leftovers: vendor clients no alias, id or exact key paired.
        pool: PSA clients no earlier step took.
        rejected: (vendor key, PSA key) pairs people rejected.
        settings: thresholds.
        evidence: what people's decisions taught about words.
        count: how many client names write a word (two common words are never typos).
        footprints: each client's (product, seats) lines, or None (names alone decide).
    """

    def __init__(
        self,
        leftovers: Sequence[ClientName],
        pool: Sequence[ClientName],
        rejected: set[tuple[str, str]],
        settings: MatchSettings,
        evidence: Evidence,
        count: Callable[[str], int],
        footprints: Footprints | None,
    ) -> None:
        self.pool, self.rejected, self.settings = pool, rejected, settings
        self.evidence, self.count, self.footprints = evidence, count, footprints
        self.review: list[ReviewItem] = []
        self.notes: dict[str, str] = {}
        self.held: set[str] = set()
        # Several vendor identities (two tenants) can share one key: score each key once.
        self.by_key: dict[str, list[ClientName]] = defaultdict(list)
        for v in leftovers:
            self.by_key[v.key].append(v)
        self.keys = list(self.by_key)
        self.pool_keys = [evidence.rewrite(p.key) for p in pool]
        # Each name read once into these columns (by vendor key index or pool index), which
        # every step then reuses: the key as compared, whether learned words rewrote it, its
        # derived forms (:meth:`_candidates` fills them).
        self.scoring = [evidence.rewrite(k) for k in self.keys]
        self._at = {key: n for n, key in enumerate(self.keys)}
        self._learned_key = [s != k for s, k in zip(self.scoring, self.keys, strict=True)]
        self._learned_pool = [s != p.key for s, p in zip(self.pool_keys, pool, strict=True)]
        self._vendor_forms: list[set[str]] = []
        self._vendor_ids = {key: [v.identity for v in group] for key, group in self.by_key.items()}
        self._rewrite = self._learned_rewrite()
        # None when nothing was learned: diff_names then reuses each name's words as read once.
        learned = self.evidence.equivalents or self.evidence.noise
        self._names = NameDiffs(count, self._rewrite if learned else None)
        self._diffs: dict[tuple[str, int], NameDiff] = {}
        self._pool_forms: list[set[str]] = []
        self._overlaps: dict[tuple[str, int], Overlap | None] = {}

    def _learned_rewrite(self) -> Callable[[str], str]:
        equivalents, noise = self.evidence.equivalents, self.evidence.noise
        if not equivalents and not noise:
            return lambda token: token
        return lambda token: "" if token in noise else equivalents.get(token, token)

    # --- candidates ---------------------------------------------------------------------

    def _candidates(self) -> list[list[tuple[int, float]]]:
        scoring = self.scoring
        ranked = top_candidates(
            self.keys, scoring, self.pool_keys, [p.key for p in self.pool], self.rejected
        )
        by_form: dict[str, list[int]] = defaultdict(list)
        self._pool_forms = [
            forms(key) | written_forms(p.name)
            for key, p in zip(self.pool_keys, self.pool, strict=True)
        ]
        for i, found_forms in enumerate(self._pool_forms):
            for form in found_forms:
                by_form[form].append(i)
        self._vendor_forms = [
            query_forms(key) | written_forms(self.by_key[raw][0].name)
            for key, raw in zip(scoring, self.keys, strict=True)
        ]
        for n, key in enumerate(scoring):
            have = {i for i, _ in ranked[n]}
            found: set[int] = set()
            for form in self._vendor_forms[n]:
                bucket = by_form.get(form, ())
                if len(bucket) <= FORM_BUCKET:
                    found.update(bucket)
            for i in sorted(found - have):
                if (self.keys[n], self.pool[i].key) in self.rejected:
                    continue
                ranked[n].append((i, float(fuzz.token_sort_ratio(key, self.pool_keys[i]))))
        return ranked

    def _second_look(self, ranked: list[list[tuple[int, float]]]) -> None:
        """Vendor names none of whose candidates is plausible get the PSA names closest to
        them written without spaces ("RedPoint Ped." for "Red Point Pediatrics"), among
        those starting with the same three letters: few names, so this stays cheap."""
        unsure = [n for n, found in enumerate(ranked) if not self._sure(n, found)]
        self._look_by_rare_words(unsure, ranked)
        lost = [n for n in unsure if not self._plausible(n, ranked[n])]
        if not lost:
            return
        compact = ["".join(k.split()) for k in self.pool_keys]
        by_prefix: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(compact):
            by_prefix[text[:3]].append(i)
        # The names of one block scored together: its texts taken into rapidfuzz once.
        asking: dict[str, list[int]] = defaultdict(list)
        for n in lost:
            text = "".join(self.scoring[n].split())
            block = by_prefix.get(text[:3], [])
            if block and len(block) <= _SECOND_LOOK_BLOCK:
                asking[text[:3]].append(n)
        for prefix, names in asking.items():
            block = by_prefix[prefix]
            rows = extract_each(
                ["".join(self.scoring[n].split()) for n in names],
                [compact[i] for i in block],
                limit=_SECOND_LOOK,
                score_cutoff=self.settings.review_score,
            )
            for n, found in zip(names, rows, strict=True):
                key = self.scoring[n]
                have = {i for i, _ in ranked[n]}
                for _, at in found:
                    i = block[at]
                    if i not in have and (self.keys[n], self.pool[i].key) not in self.rejected:
                        ranked[n].append((i, float(fuzz.token_sort_ratio(key, self.pool_keys[i]))))
        self._prepare(ranked[n] for n in lost)
        self._measure(ranked)
        self._look_by_forms([n for n in lost if not self._plausible(n, ranked[n])], ranked)

    def _look_by_rare_words(self, unsure: list[int], ranked: list[list[tuple[int, float]]]) -> None:
        """Vendor names without a candidate reading as one of their spellings get the PSA
        clients writing one of their rarest words, or their initials, kept when the names
        read as one: "Wright Mech." for "Wright Mechanical Group" beside a hundred closer-
        scored "... Mechanical" names. Only such names: reading names word by word costs."""
        if not unsure:
            return
        rare = RareWords([p.name for p in self.pool])
        for n in unsure:
            key = self.keys[n]
            have = {i for i, _ in ranked[n]}
            scoring = self.scoring[n]
            for i in rare.find(self.by_key[key][0].name):
                if i in have or (key, self.pool[i].key) in self.rejected:
                    continue
                if self._diff(key, i).kind is not DiffKind.DIFFERENT:
                    ranked[n].append((i, float(fuzz.token_sort_ratio(scoring, self.pool_keys[i]))))
        self._prepare([ranked[n] for n in unsure])
        self._measure(ranked)  # the new candidates' lines in one pass, not one pair each

    def _look_by_forms(self, lost: list[int], ranked: list[list[tuple[int, float]]]) -> None:
        """Vendor names still without a plausible candidate get the PSA names one of whose
        derived forms (initials, a trailing site left out) is a close spelling of one of
        theirs: "WS & Graphcis" for "Wolfe Signs & Graphics", "Park & Park Dental - Head
        Office" for "Park & Park Dentl". The exact forms missed them by a typo."""
        if not lost:
            return
        wanted: dict[int, set[str]] = {}
        for n in lost:
            # The forms :meth:`_candidates` read; the initials only a query adds ("w:gp")
            # are shorter than any form looked for here.
            texts = {_compact(f) for f in self._vendor_forms[n]}
            wanted[n] = {t for t in texts if len(t) >= _FORM_LOOK_LENGTH}
        prefixes = {t[:_FORM_LOOK_PREFIX] for texts in wanted.values() for t in texts}
        texts_by: dict[str, list[str]] = defaultdict(list)
        owners_by: dict[str, list[int]] = defaultdict(list)
        for i, found_forms in enumerate(self._pool_forms):
            # _compact inline: this runs over every form of every PSA name.
            for text in {f[2:].replace(" ", "") for f in found_forms}:
                if text[:_FORM_LOOK_PREFIX] in prefixes:
                    texts_by[text[:_FORM_LOOK_PREFIX]].append(text)
                    owners_by[text[:_FORM_LOOK_PREFIX]].append(i)
        # Each block's forms scored against every text asking for it at once.
        asking: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for n in lost:
            for text in wanted[n]:
                block = texts_by.get(text[:_FORM_LOOK_PREFIX], [])
                if block and len(block) <= _SECOND_LOOK_BLOCK:
                    asking[text[:_FORM_LOOK_PREFIX]].append((n, text))
        bests: dict[int, dict[int, float]] = {n: {} for n in lost}
        for prefix, asks in asking.items():
            owners = owners_by[prefix]
            rows = extract_each(
                [text for _, text in asks],
                texts_by[prefix],
                limit=2 * _SECOND_LOOK,
                score_cutoff=_FORM_LOOK,
            )
            for (n, _), found in zip(asks, rows, strict=True):
                best = bests[n]
                for score, at in found:
                    best[owners[at]] = max(best.get(owners[at], 0.0), score)
        for n in lost:
            best = bests[n]
            have = {i for i, _ in ranked[n]}
            key = self.scoring[n]
            for i in sorted(best, key=lambda i: (-best[i], i))[:_SECOND_LOOK]:
                if i not in have and (self.keys[n], self.pool[i].key) not in self.rejected:
                    ranked[n].append((i, float(fuzz.token_sort_ratio(key, self.pool_keys[i]))))

    def _sure(self, n: int, found: list[tuple[int, float]]) -> bool:
        """Whether a candidate is already as good as a look further could find: the same
        name, or a spelling adding no plain word whose lines agree."""
        key = self.keys[n]
        for i, _ in found:
            # The lines first: cheaper than reading the names, which lines that do not
            # agree leave unread.
            overlap = self._overlap(key, i)
            if (overlap is None or overlap.agrees) and self._diff(
                key, i
            ).kind <= DiffKind.SOFT_EXTRA:
                return True
        return False

    def _plausible(self, n: int, found: list[tuple[int, float]]) -> bool:
        """Whether a candidate reads as a spelling of the name and its lines do not say
        otherwise (a client holding no product in common is no candidate)."""
        key = self.keys[n]
        for i, _ in found:
            overlap = self._overlap(key, i)
            if overlap is not None and overlap.apart:
                continue
            if self._diff(key, i).kind is not DiffKind.DIFFERENT:
                return True
        return False

    def _diff(self, key: str, index: int) -> NameDiff:
        found = self._diffs.get((key, index))
        if found is None:
            found = self._names.diff(self.by_key[key][0].name, self.pool[index].name)
            self._diffs[(key, index)] = found
        return found

    def run(self) -> list[Accepted]:
        """Decide every leftover vendor key; returns the accepted pairs."""
        if not self.keys:
            return []
        if not self.pool:
            for group in self.by_key.values():
                for v in group:
                    self.notes[v.identity] = "no PSA client is left to pair with"
            return []
        ranked = self._candidates()
        if self.footprints is not None:
            self.footprints.admit(
                (v.identity for group in self.by_key.values() for v in group),
                (self.pool[i].identity for scored in ranked for i, _ in scored),
            )
            self._measure(ranked)
        self._second_look(ranked)
        self._prepare(ranked)  # the second look's candidates need their lines too
        self._measure(ranked)
        decisions: dict[str, tuple[str, str]] = {}
        fits: dict[str, list[_Fit]] = {}
        proposals: dict[int, list[tuple[str, _Fit, str]]] = defaultdict(list)
        wanted: dict[int, list[tuple[str, _Fit]]] = defaultdict(list)
        for key, found in zip(self.keys, ranked, strict=True):
            decision, reason, viable = self._decide(key, found)
            fits[key] = viable
            decisions[key] = (decision, reason)
            if decision in ("accept", "review") and viable:
                wanted[viable[0].index].append((key, viable[0]))
            if decision == "accept":
                proposals[viable[0].index].append((key, viable[0], reason))
        accepted = self._settle(proposals, wanted, decisions)
        self._record(fits, decisions, {p.identity for _, p, _, _, _ in accepted})
        return accepted

    # --- one vendor name ----------------------------------------------------------------

    def _overlap(self, key: str, index: int) -> Overlap | None:
        """The lines two clients share; cached, so every candidate's lines must be built
        (:meth:`_prepare`) before they are first asked for."""
        if self.footprints is None:
            return None
        found = self._overlaps.get((key, index))
        if found is None:
            found = self.footprints.overlap(self._vendor_ids[key], self.pool[index].identity)
            self._overlaps[(key, index)] = found
        return found

    def _measure(self, ranked: list[list[tuple[int, float]]]) -> None:
        """Count the lines of every candidate pair not yet counted, all pairs in one pass
        (:meth:`Footprints.overlaps`): each is asked again and again while deciding. Their
        lines must be built first (:meth:`_prepare`)."""
        if self.footprints is None:
            return
        asked = list(
            dict.fromkeys(
                (key, i)
                for key, found in zip(self.keys, ranked, strict=True)
                for i, _ in found
                if (key, i) not in self._overlaps
            )
        )
        ids, pool = self._vendor_ids, self.pool
        found = self.footprints.overlaps([(ids[key], pool[i].identity) for key, i in asked])
        self._overlaps.update(zip(asked, found, strict=True))

    def _prepare(self, candidates: Iterable[list[tuple[int, float]]]) -> None:
        """Let the batch count these candidates' PSA clients (admitted ones are skipped)."""
        if self.footprints is not None:
            self.footprints.admit(
                (), (self.pool[i].identity for found in candidates for i, _ in found)
            )

    def _fit(self, key: str, index: int, score: float, overlap: Overlap | None) -> _Fit:
        diff = self._diff(key, index)
        learned = self._learned_key[self._at[key]] or self._learned_pool[index]
        return _Fit(index, score, diff, overlap, learned)

    def _outweighs(self, best: _Fit, rival: _Fit) -> bool:
        """True when ``best`` shares lines with the vendor client and ``rival`` shares fewer
        than half as much evidence."""
        found = best.overlap
        if found is None or not found.agrees:
            return False
        return 2 * rival.bits < best.bits and 2 * rival.shares <= best.shares

    def _decide(self, key: str, candidates: list[tuple[int, float]]) -> tuple[str, str, list[_Fit]]:
        """accept / review / unmatched for one vendor key, why, and its viable candidates,
        best first."""
        # A candidate whose lines contradict is never viable: its names are read only when
        # no candidate is, for the reason it stays unmatched.
        lines = [(i, s, self._overlap(key, i)) for i, s in candidates]
        learned_no = self.evidence.distinguishing
        viable = [
            f
            for f in (
                self._fit(key, i, s, found)
                for i, s, found in lines
                if found is None or not found.apart
            )
            if f.tier < 3 and not self._learned_distinguishing(key, f, learned_no)
        ]
        viable.sort(key=lambda f: (f.tier, -f.bits, -f.score, f.index))
        if not viable:
            all_fits = [self._fit(key, i, s, found) for i, s, found in lines]
            return "unmatched", self._unmatched_reason(key, all_fits), []
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

    def _learned_distinguishing(self, key: str, fit: _Fit, words: Collection[str]) -> bool:
        if not words:
            return False
        different = {w.casefold() for w in (*fit.diff.vendor_only, *fit.diff.psa_only)}
        return bool(different) and {self._rewrite(w) for w in different} <= set(words)

    def _acceptable(self, fit: _Fit, key: str) -> bool:
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
            return found.agrees or settled_by_short_forms(
                diff, found, (self.by_key[key][0].name, self.pool[fit.index].name)
            )
        if fit.tier == 2:
            return found is not None and found.overwhelms and not diff.places
        return False

    def _accept_note(self, fit: _Fit) -> str:
        parts = list(fit.diff.readings)
        if fit.diff.vendor_only or fit.diff.psa_only:
            parts.append(f"differs only by {fit.diff.words()}")
        if fit.overlap is not None and fit.tier > 0:
            parts.append(fit.overlap.words())
        return "; ".join(parts)

    def _review_reason(self, fit: _Fit) -> str:
        """Why a person must decide, without repeating the candidate's own note."""
        if fit.diff.kind is DiffKind.SAME and fit.overlap is None:
            return f"score {fit.score:.0f} is below {self.settings.accept_score:.0f}"
        if fit.tier == 2:
            return "a whole word apart: it may be a near twin"
        if fit.overlap is None:
            return "the names alone cannot settle it"
        return "the (product, seats) lines do not settle it"

    def _unmatched_reason(self, key: str, fits: Sequence[_Fit]) -> str:
        if not fits:
            return "no PSA client close enough"
        closest = max(fits, key=lambda f: f.score)
        name = self.pool[closest.index].name
        contradicted = [f for f in fits if f.overlap is not None and f.overlap.apart]
        if contradicted and contradicted[0].tier < 3:
            other = self.pool[contradicted[0].index].name
            if contradicted[0].overlap is not None and contradicted[0].overlap.refutes:
                return f"closest PSA client {other!r}: {contradicted[0].overlap.words()}"
            return f"closest PSA client {other!r} holds no product in common with it"
        if closest.tier == 3 and closest.score >= self.settings.review_score:
            return f"closest PSA client {name!r} differs by the word(s) {closest.diff.words()}"
        if closest.tier < 3:
            return f"closest PSA client {name!r}: people rejected names that differ like this"
        return f"no PSA client close enough (closest: {name!r} at {closest.score:.0f})"

    # --- one PSA client wanted by several -----------------------------------------------

    def _settle(
        self,
        proposals: dict[int, list[tuple[str, _Fit, str]]],
        wanted: dict[int, list[tuple[str, _Fit]]],
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

    def _accept(
        self, key: str, fit: _Fit, note: str, *, by_evidence: bool = False
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
        fits: dict[str, list[_Fit]],
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

    def _candidate_note(self, fit: _Fit) -> str:
        parts = []
        if fit.diff.vendor_only or fit.diff.psa_only:
            parts.append(f"differs by {fit.diff.words()}")
        parts.extend(fit.diff.readings)
        if fit.overlap is not None:
            parts.append(fit.overlap.words())
        return "; ".join(parts)


def population_words(names: Collection[str]) -> Callable[[str], int]:
    """``count(word)``: how many of these client names write a word (lower case), as
    :func:`recon.match.names.word_counts` counts them, over the whole column at once."""
    counts = client_word_counts(list(names))
    return lambda word: counts.get(word, 0)
