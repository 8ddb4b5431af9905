"""The fuzzy step's pair results: each (vendor name, PSA client) pair's name difference and
shared lines worked out once and kept, whichever step asks first (the sure test, the second
look, the decision, the reasons a name stays unmatched): every later step reads them again.

Also :class:`Fit`, one candidate with its tier, and the columns every step reads by index:
each vendor key and PSA key as compared, whether learned words rewrote it, its identities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from recon.match.client_evidence import Footprints, Overlap
from recon.match.evidence import Evidence
from recon.match.name_diffs import NameDiffs
from recon.match.name_screen import Ints, NameScreen
from recon.match.names import ClientName, DiffKind, NameDiff
from recon.match.registered_places import of_a_place, registered_place
from recon.match.registered_sums import summed_apart
from recon.model import MatchSettings, ReviewItem

#: How a reading of words run together is written (:mod:`recon.match.names`): such a word
#: may have cut the extra word short, so lines that only disagree do not part the pair.
_RUN_TOGETHER = "run together"
#: The tier of each kind of difference but the same words (see :func:`tier_of`).
_TIERS = {DiffKind.SHORT_FORMS: 1, DiffKind.SOFT_EXTRA: 1, DiffKind.EXTRA_WORD: 2}


def tier_of(diff: NameDiff, learned: bool) -> int:
    """0 the same name; 1 short forms, typos, an organisation word, a place or a site on one
    side; 2 a plain word on one side; 3 each name holding words the other lacks. A pair whose
    words people's decisions taught were rewritten (``learned``) is never the same on its own."""
    kind = diff.kind
    if kind is DiffKind.SAME:
        return 1 if diff.typo or learned else 0
    return _TIERS.get(kind, 3)


def apart_by_a_word(
    tier: int,
    diff: NameDiff,
    overlap: Overlap | None,
    names: tuple[str, str] | None = None,
    summed: Callable[[], Overlap | None] | None = None,
) -> bool:
    """True when a candidate a whole plain word apart holds lines and none of the vendor
    client's products, or a place in one organisation's registered name apart with no line
    agreeing: two companies, never a review question.

    "Walsh Lake Services" / "Walsh Lake Services Laboratory", "Strickland Foods Management
    Inc" / "Strickland Foods": a word one name adds that no rule reads away (tier 2) is how two
    businesses of one family name differ, and the lines say so when each client bills
    something and nothing the same. One line each never *contradicts*
    (:attr:`Overlap.contradicts` asks two, for the closer tiers), but beside a whole word it
    is all a billing lead needs: of the 113 such candidates on the dev sets (every set but
    60,000), none was the client meant but two offices named by a site label, which is
    why a place, a number or a branch in the difference (``diff.places``) keeps the pair.
    A product in common whose seats differ does not change that: where both bill products
    and no line agrees (no product at the same seats, or nearly), the pair is as apart
    ("Strickland Foods Management Inc" billing 3 seats of what "Strickland Foods" bills 9).
    Of the review items a whole word apart on every dev set (60,000 included), 37 such were
    another company and 7 the client meant: 5 with a site label, kept by ``diff.places``,
    and 2 whose company id was read as words run together ("NelsonPro"), kept as well.

    A place in a registered name is no site label (:mod:`recon.match.registered_places`):
    "Dorsey Montessori School of Ohio" / "Dorsey Montessori School, Professional
    Corporation", "Pacific Landing Mechanical South LLC" / "Pacific Landing Mechanical".
    Such a pair stays a candidate only where a line agrees (the same or nearly the same
    seats of one product), also when one side's lines are unread. On the dev truth files (85
    to 2,000 clients) 36 twin pairs differ by "of <place>" and 41 by a place before the legal
    form; no client's two names do.

    Args:
        tier: the candidate's tier (:func:`tier_of`).
        diff: how the names differ.
        overlap: what the two clients' lines share; None (no lines) says nothing.
        names: the vendor and PSA names as written, to find a place before a legal form
            (default: None, only "of <place>" is read).
        summed: the pair's lines with each product's subscriptions summed, asked for a
            registered place's pair only (:mod:`recon.match.registered_sums`; default:
            None, the lines as read).
    """
    if overlap is None or tier not in (1, 2):
        return False
    placed = of_a_place(diff) if names is None else registered_place(diff, *names)
    agreeing = overlap.shared + overlap.near
    if placed:
        return agreeing == 0 or (summed is not None and summed_apart(summed))
    if tier != 2 or diff.places:
        return False
    # Both bill products and no line agrees: apart, unless a word was read as several run
    # together (a company id, "NelsonPro"), where the extra word may be one the id cut.
    return (
        min(overlap.vendor_lines, overlap.psa_lines) >= 1
        and agreeing == 0
        and (overlap.disjoint or not any(_RUN_TOGETHER in r for r in diff.readings))
    )


def apart_words(
    diff: NameDiff, names: tuple[str, str] | None = None, overlap: Overlap | None = None
) -> str:
    """Why :func:`apart_by_a_word` reads a candidate as another company, for its note
    (``overlap``: the pair's lines, to say whether they hold a product in common)."""
    placed = of_a_place(diff) if names is None else registered_place(diff, *names)
    if placed:
        return (
            f"differs by the word(s) {diff.words()}, a place in another organisation's "
            "registered name, and no line agrees"
        )
    if overlap is not None and overlap.shared_products:
        return f"differs by the word(s) {diff.words()} and no line has the same seats"
    return f"differs by the word(s) {diff.words()} and holds no product in common with it"


class Fit:
    """One candidate for a vendor name: its pool index, score, name difference and lines.

    ``learned`` is True when words people's decisions taught were rewritten to compare them:
    such a pair is never "the same name" on its own. ``tier``, ``bits`` and ``shares`` follow
    from the rest, worked out once: sorting and weighing rivals ask them again and again.
    A plain class, not a dataclass: tens of thousands are made, and two candidates of one
    name are never the same pool index, so identity is equality.
    """

    __slots__ = ("bits", "diff", "index", "learned", "overlap", "score", "shares", "tier")

    def __init__(
        self,
        index: int,
        score: float,
        diff: NameDiff,
        overlap: Overlap | None,
        learned: bool = False,
        tier: int | None = None,
    ) -> None:
        self.index, self.score, self.diff, self.overlap = index, score, diff, overlap
        self.learned = learned
        self.tier = tier_of(diff, learned) if tier is None else tier
        if overlap is None:
            self.bits, self.shares = 0.0, 0
        else:
            self.bits, self.shares = overlap.bits, overlap.shared + overlap.near


class PairResults:
    """What the fuzzy step knows of its names and of every pair it has read.

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
        # Pairs the screen found two clients for certain (never read: most candidates of
        # most names), and every pair it was shown.
        self._screen = NameScreen(self._names)
        self._apart: set[tuple[str, int]] = set()
        self._screened: set[tuple[str, int]] = set()
        self._vendor_rows: Ints | None = None  # each vendor key's row in the screen
        self._pool_rows: Ints = np.zeros(0, dtype=np.int64)  # each pool name's, -1 unread
        self._pool_forms: list[set[str]] = []
        self._overlaps: dict[tuple[str, int], Overlap | None] = {}

    def _learned_rewrite(self) -> Callable[[str], str]:
        equivalents, noise = self.evidence.equivalents, self.evidence.noise
        if not equivalents and not noise:
            return lambda token: token
        return lambda token: "" if token in noise else equivalents.get(token, token)

    def _diff(self, key: str, index: int) -> NameDiff:
        found = self._diffs.get((key, index))
        if found is None:
            found = self._names.diff(self.by_key[key][0].name, self.pool[index].name)
            self._diffs[(key, index)] = found
        return found

    def _screen_pairs(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Screen these pairs in one batch (:mod:`recon.match.name_screen`): those whose
        names can only differ as two clients are never read by :meth:`_different`."""
        asked = [p for p in dict.fromkeys(pairs) if p not in self._screened]
        if not asked:
            return
        self._screened.update(asked)
        screen, at = self._screen, self._at
        if self._vendor_rows is None:
            # Every name's row once: the vendor names are all asked about, the pool's names
            # read (once) only when first asked.
            self._vendor_rows = screen.rows([self.by_key[key][0].name for key in self.keys])
            self._pool_rows = np.full(len(self.pool), -1, dtype=np.int64)
        pool_at = np.asarray([i for _, i in asked], dtype=np.int64)
        new = np.unique(pool_at[self._pool_rows[pool_at] < 0])
        if len(new):
            self._pool_rows[new] = screen.rows([self.pool[i].name for i in new.tolist()])
        vendor_at = np.asarray([at[key] for key, _ in asked], dtype=np.int64)
        apart = screen.apart_rows(self._vendor_rows[vendor_at], self._pool_rows[pool_at])
        self._apart.update(asked[n] for n in np.flatnonzero(apart).tolist())

    def _screen_ranked(
        self, ranked: Sequence[list[tuple[int, float]]], rows: Iterable[int] | None = None
    ) -> None:
        """Screen every candidate pair of ``ranked`` not screened yet: of every vendor key, or
        of the keys at ``rows`` (in order) when only they gained candidates since the last
        screen (the same pairs asked in the same order, the others not walked again)."""
        keys = self.keys
        at = range(len(keys)) if rows is None else rows
        self._screen_pairs((keys[n], i) for n in at for i, _ in ranked[n])

    def _different(self, key: str, index: int) -> bool:
        """Whether the two names differ as two clients (:attr:`DiffKind.DIFFERENT`),
        reading them only when the screen could not tell."""
        return (key, index) in self._apart or self._diff(key, index).kind is DiffKind.DIFFERENT

    def _overlap(self, key: str, index: int) -> Overlap | None:
        """The lines two clients share; cached, so every candidate's lines must be built
        (:meth:`_prepare`) before they are first asked for."""
        if self.footprints is None:
            return None
        found = self._overlaps.get((key, index))
        if found is None:
            found = self.footprints.overlap(self._vendor_ids[key], self.pool[index].identity)
            found = self._summed_if_agreeing(key, index, found)
            self._overlaps[(key, index)] = found
        return found

    def _summed_if_agreeing(self, key: str, index: int, found: Overlap) -> Overlap:
        """:meth:`_summed_where_agreeing` of one pair."""
        return self._summed_where_agreeing([(key, index)], [found])[0]

    def _summed_where_agreeing(
        self, asked: Sequence[tuple[str, int]], found: Sequence[Overlap]
    ) -> list[Overlap]:
        """The pairs' lines compared with each product's seats summed, where line by line
        they share products but do not agree and summed they do: one PSA line of 186 seats
        bills both subscriptions of 69 and 117 (seats added on another term). Lines that
        refute only on seats (products in common, few seat counts equal) are summed too: a
        PSA billing each new-commerce term on its own line ("- Annual" 13, "- 3 Year" 2)
        against one distributor line of 15 looks like two clients line by line (Microsoft
        Learn, "New commerce experience for license-based services": monthly, annual and
        three-year terms; Autotask help, "Introduction to contracts": several contracts for
        one customer, each with its own rates). Lines that agree already, lines holding no
        product in common, and lines whose sums still say two clients are kept as they are;
        the names' tiers and rivals decide as before (a summed agreement is evidence, never a
        merge)."""
        if self.footprints is None:
            return list(found)
        unsure = [
            n
            for n, overlap in enumerate(found)
            if overlap.shared_products and not overlap.agrees and not overlap.contradicts
        ]
        if not unsure:
            return list(found)
        ids, pool = self._vendor_ids, self.pool
        summed = self.footprints.summed_pairs(
            [(ids[asked[n][0]], pool[asked[n][1]].identity) for n in unsure]
        )
        out = list(found)
        for n, overlap in zip(unsure, summed, strict=True):
            # Summing may add evidence, never take it away: a rival office whose one line
            # agrees on its own keeps that weight, or a look-alike would outweigh it.
            if (
                overlap is not None
                and overlap.agrees
                and not overlap.apart
                and overlap.bits >= found[n].bits
            ):
                out[n] = overlap
        return out

    def _measure(
        self,
        ranked: list[list[tuple[int, float]]],
        rows: Iterable[int] | None = None,
        *,
        apart: bool = False,
    ) -> None:
        """Count the lines of every candidate pair not yet counted, all pairs in one pass
        (:meth:`Footprints.overlaps`): each is asked again and again while deciding. Their
        lines must be built first (:meth:`_prepare`). ``rows``: as for :meth:`_screen_ranked`,
        only these vendor keys gained candidates since the last count (default: every key).

        The pairs the screen found two clients are left uncounted unless ``apart`` (default:
        False): no step weighs their lines but the reason a name stays unmatched, and they
        are most candidates of most names (three in four at 60,000 clients)."""
        if self.footprints is None:
            return
        keys, overlaps = self.keys, self._overlaps
        skip = set() if apart else self._apart
        at = range(len(keys)) if rows is None else rows
        asked = list(
            dict.fromkeys(
                pair
                for n in at
                for i, _ in ranked[n]
                if (pair := (keys[n], i)) not in overlaps and pair not in skip
            )
        )
        ids, pool = self._vendor_ids, self.pool
        found = self.footprints.overlaps([(ids[key], pool[i].identity) for key, i in asked])
        self._overlaps.update(zip(asked, self._summed_where_agreeing(asked, found), strict=True))

    def _prepare(self, candidates: Iterable[list[tuple[int, float]]]) -> None:
        """Let the batch count these candidates' PSA clients (admitted ones are skipped)."""
        if self.footprints is not None:
            self.footprints.admit(
                (), (self.pool[i].identity for found in candidates for i, _ in found)
            )

    def _fit(self, key: str, index: int, score: float, overlap: Overlap | None) -> Fit:
        diff = self._diff(key, index)
        learned = self._learned_key[self._at[key]] or self._learned_pool[index]
        return Fit(index, score, diff, overlap, learned)
