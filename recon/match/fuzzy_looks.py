"""Where the fuzzy step finds each leftover vendor name's candidates.

First the closest-scored PSA names (:func:`recon.match.candidates.top_candidates`) and exact
lookups of derived forms (:mod:`recon.match.forms`); then, for names none of whose candidates
is already as good as a look further could find, a *second look*: the clients writing one of
their rarest words, the names closest to them written without spaces, and close spellings of
their derived forms. Every look only proposes: :mod:`recon.match.fuzzy` decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from rapidfuzz import fuzz

from recon.match.candidates import extract_blocks, top_candidates
from recon.match.forms import FORM_BUCKET, RareWords, forms, query_forms, written_forms_of
from recon.match.fuzzy_pairs import PairResults
from recon.match.name_columns import read_words
from recon.match.names import DiffKind

_SECOND_LOOK = 3
_SECOND_LOOK_BLOCK = 5_000
_FORM_LOOK = 85.0  # derived forms are short: only a close spelling of one is worth a look
_FORM_LOOK_LENGTH = 6
_FORM_LOOK_PREFIX = 3


def _compact(form: str) -> str:
    """A derived form's text without its kind and spaces ("i:ws graphics" -> "wsgraphics")."""
    return form[2:].replace(" ", "")


def form_index(
    pool_forms: Sequence[AbstractSet[str]], asked: Iterable[AbstractSet[str]]
) -> dict[str, list[int]]:
    """The pool's names (indices, in order) by each derived form some asked name holds.

    A form no asked name holds is never looked up, so only the asked forms are indexed (a
    tenth of the pool's forms at scale): each bucket is the one a full index would hold.

    Args:
        pool_forms: each pool name's forms.
        asked: the forms of each name that looks them up.
    """
    wanted: set[str] = set().union(*asked)
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, found_forms in enumerate(pool_forms):
        for form in found_forms & wanted:
            by_form[form].append(i)
    return by_form


class CandidateLooks(PairResults):
    """The candidate searches of the fuzzy step (see the module docstring)."""

    def _candidates(self) -> list[list[tuple[int, float]]]:
        scoring = self.scoring
        ranked = top_candidates(
            self.keys, scoring, self.pool_keys, [p.key for p in self.pool], self.rejected
        )
        # Every leftover name's words read at once, for the forms, the rare words and the
        # screen below (one Python call per name otherwise).
        pool_names = [p.name for p in self.pool]
        vendor_names = [self.by_key[k][0].name for k in self.keys]
        names = [*pool_names, *vendor_names]
        columns = read_words(names)
        written = written_forms_of(names, columns)
        # Nearly all of them are read word by word later (the screen, the name differences):
        # the plain majority read here from the same columns.
        self._names.read_column(names, columns)
        pool_written = written[: len(pool_names)]
        self._pool_forms = [
            forms(key) | found for key, found in zip(self.pool_keys, pool_written, strict=True)
        ]
        self._vendor_forms = [
            query_forms(key) | found
            for key, found in zip(scoring, written[len(pool_names) :], strict=True)
        ]
        by_form = form_index(self._pool_forms, self._vendor_forms)
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

    def _second_look(self, ranked: list[list[tuple[int, float]]]) -> list[int]:
        """Vendor names none of whose candidates is plausible get the PSA names closest to
        them written without spaces ("RedPoint Ped." for "Red Point Pediatrics"), among
        those starting with the same three letters: few names, so this stays cheap.

        Returns:
            The vendor keys (indices, in order) that may have gained candidates: the only
            ones whose lines and screen are still to do (a fifth of the names at scale).
        """
        unsure = [n for n, found in enumerate(ranked) if not self._sure(n, found)]
        self._look_by_rare_words(unsure, ranked)
        lost = [n for n in unsure if not self._plausible(n, ranked[n])]
        if not lost:
            return unsure
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
        # The blocks (one per prefix, mostly small) scored in turn and ranked in one pass.
        answers = extract_blocks(
            [
                (
                    ["".join(self.scoring[n].split()) for n in names],
                    [compact[i] for i in by_prefix[prefix]],
                )
                for prefix, names in asking.items()
            ],
            limit=_SECOND_LOOK,
            score_cutoff=self.settings.review_score,
        )
        for (prefix, names), rows in zip(asking.items(), answers, strict=True):
            block = by_prefix[prefix]
            for n, found in zip(names, rows, strict=True):
                key = self.scoring[n]
                have = {i for i, _ in ranked[n]}
                for _, at in found:
                    i = block[at]
                    if i not in have and (self.keys[n], self.pool[i].key) not in self.rejected:
                        ranked[n].append((i, float(fuzz.token_sort_ratio(key, self.pool_keys[i]))))
        self._prepare(ranked[n] for n in lost)
        self._measure(ranked, lost)
        self._look_by_forms([n for n in lost if not self._plausible(n, ranked[n])], ranked)
        return unsure

    def _look_by_rare_words(self, unsure: list[int], ranked: list[list[tuple[int, float]]]) -> None:
        """Vendor names without a candidate reading as one of their spellings get the PSA
        clients writing one of their rarest words, or their initials, kept when the names
        read as one: "Wright Mech." for "Wright Mechanical Group" beside a hundred closer-
        scored "... Mechanical" names. Only such names: reading names word by word costs."""
        if not unsure:
            return
        rare = RareWords([p.name for p in self.pool])
        found: dict[int, list[int]] = {}
        for n in unsure:
            key = self.keys[n]
            have = {i for i, _ in ranked[n]}
            found[n] = [
                i
                for i in rare.find(self.by_key[key][0].name)
                if i not in have and (key, self.pool[i].key) not in self.rejected
            ]
        # Most clients writing a rare word of a name are other clients ("Wright Dental" for
        # "Wright Mech."): screened all at once, only the others read.
        self._screen_pairs((self.keys[n], i) for n, looked in found.items() for i in looked)
        for n, looked in found.items():
            key, scoring = self.keys[n], self.scoring[n]
            for i in looked:
                if not self._different(key, i):
                    ranked[n].append((i, float(fuzz.token_sort_ratio(scoring, self.pool_keys[i]))))
        self._prepare([ranked[n] for n in unsure])
        self._measure(ranked, unsure)  # the new candidates' lines in one pass, not one each

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
        answers = extract_blocks(
            [([text for _, text in asks], texts_by[prefix]) for prefix, asks in asking.items()],
            limit=2 * _SECOND_LOOK,
            score_cutoff=_FORM_LOOK,
        )
        for (prefix, asks), rows in zip(asking.items(), answers, strict=True):
            owners = owners_by[prefix]
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
        key, apart = self.keys[n], self._apart
        for i, _ in found:
            # The screen first (its two clients' lines are never counted), then the lines:
            # cheaper than reading the names, which lines that do not agree leave unread.
            if (key, i) in apart:
                continue
            overlap = self._overlap(key, i)
            if (overlap is None or overlap.agrees) and self._diff(
                key, i
            ).kind <= DiffKind.SOFT_EXTRA:
                return True
        return False

    def _plausible(self, n: int, found: list[tuple[int, float]]) -> bool:
        """Whether a candidate reads as a spelling of the name and its lines do not say
        otherwise (a client holding no product in common is no candidate)."""
        key, apart = self.keys[n], self._apart
        for i, _ in found:
            if (key, i) in apart:  # two clients by their names: lines uncounted
                continue
            overlap = self._overlap(key, i)
            if overlap is not None and overlap.apart:
                continue
            if not self._different(key, i):
                return True
        return False
