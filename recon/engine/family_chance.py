"""A family question resting on one or two exact lines, weighed against the whole run.

:class:`Chance` reckons, for one lone company, how many other
parents its exact lines would fit by chance (parents short exactly as many seats of each
product, and named alike). That is one company's chance; the run weighs every lone company
it has. At 20,000 clients several hundred PSA-only companies are compared with thousands of
parents, and a fit at 0.02 expected chance parents turns up a few times over by coincidence
alone: on the dev sets without families (big, 20,000 clients), every family question asked
was such a fit, one or two lines of 1 to 8 seats of Business Premium, Standard, Basic or E3
("Is Pierce Accounting billed for Pierce Montessori School's licences?"), two of them under
names with no word in common ("Harper Holdings" / "Bolton Point Institute"), and their gaps
were missing from the report while the question waited.

So a fit on one or two exact lines, or on any number under names with no word in common
(not named after its parent: at 60,000 clients three exact lines of one to two seats of
common products fitted a vendor customer to an unrelated company), is asked only where either

- it beats chance over **every company compared**: the chance parents expected, times the
  lone companies the run weighed, stay within :data:`RUN_CHANCE` (at 85 clients a handful
  of companies are compared, and one exact line is as much evidence as it ever was); or
- the run's **other questions**, asked on evidence no coincidence gives (a parent's whole
  name, three exact lines or more under names alike, lines beyond chance over the run, a
  review item), show the MSP bills subsidiaries as companies of their own
  (:func:`~recon.engine.family_practice.practice_odds`), at odds no lower than the chance
  parents expected, and the two names begin with the same word. A practice of billing
  subsidiaries apart is read from names alike; it says nothing of two names with no word
  in common, which must beat chance over the run.

A "no" stays final and a "yes" is summed from the next run, as for every family question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from recon.engine.family_fits import Fit
from recon.engine.family_index import parent_psa_names
from recon.engine.family_names import first_word
from recon.model import Gap

#: Parents a one-line company may be expected to fit by chance before it is not asked about.
MAX_CHANCE = 0.1

#: Chance parents expected over every company the run compared, at most, for a fit on few
#: lines to be evidence on its own (the per-company bar of family_questions, run-wide).
RUN_CHANCE = 0.1
#: Exact lines at or below which a fit under names alike is weighed against the run (three
#: agreeing lines under names alike: under 0.001 expected chance parents on the dev sets).
FEW_LINES = 2


def beyond_run(expected: float, compared: int) -> bool:
    """True when a fit's chance parents, over every company compared, stay within the bar.

    Args:
        expected: other parents the fit's exact lines would match by chance (one company).
        compared: lone companies the run weighed on this side.
    """
    return expected * max(compared, 1) <= RUN_CHANCE


def few_lines_asked(expected: float, *, compared: int, odds: float, alike: bool) -> bool:
    """True when a fit on few exact lines is asked (see the module's doc).

    Args:
        expected: other parents the fit's exact lines would match by chance.
        compared: lone companies the run weighed on this side.
        odds: the run's practice odds from questions asked on stronger evidence.
        alike: the two names begin with the same word.
    """
    return beyond_run(expected, compared) or (alike and expected <= odds)


class Chance:
    """How many other parents a lone company would fit by chance on its exact lines.

    A company whose exact line is (product, seats) fits, by coincidence, any parent short
    exactly that many seats of it: at 20,000 clients one seat of Business Premium is short at
    hundreds of clients, while 17 seats of Visio short at two is evidence. Over several exact
    lines the chances multiply (a parent short exactly so of each product), and where the
    names begin alike only parents named alike count. Where more than :data:`MAX_CHANCE` such
    parents are expected, the fit is no evidence and is not asked about (the same reasoning as
    :mod:`recon.engine.coincidence` for product texts). At 60,000 clients two exact lines of
    the commonest products (Business Premium and Business Basic, a few seats) fit another
    parent by chance: all 16 questions asked there on the dev set, each on two or three exact
    lines under names alike in nothing, named two different companies. A company named after
    its parent's whole name is no coincidence (:func:`named_after`).
    """

    def __init__(
        self,
        parents: Mapping[str, Mapping[str, Gap]],
        exactly: Mapping[tuple[str, Decimal], set[str]],
        first_word: Callable[[str], str] = first_word,
        psa_names: Iterable[str] | None = None,
    ) -> None:
        """``psa_names``: each parent's PSA company name (its first gap's), where the caller
        read them already (:func:`recon.engine.family_index.parent_psa_names`); read here
        otherwise."""
        self._exactly = exactly
        self._first = first_word
        self._by_parent = parents
        self._priced: Counter[tuple[str, Decimal, Decimal]] | None = None
        names = parent_psa_names(parents).values() if psa_names is None else psa_names
        # Counted by Counter's C loop over the first words mapped in C: no Python step per
        # parent (about 40,000 at 60,000 clients, twice a run).
        self._words: Counter[str] = Counter(map(self._first, names))
        self._parents = max(len(parents), 1)

    def brands(self) -> set[str]:
        """The first words of the parents' PSA company names (:func:`parent_psa_names`)."""
        return set(self._words)

    def fits(self, fit: Fit, *, reverse: bool) -> bool:
        """False for a fit another parent would match as well by chance."""
        # a whole name in common is no coincidence (see named_after)
        return fit.named or self.expected(fit, reverse=reverse) <= MAX_CHANCE

    def few_lines(self, fit: Fit, *, reverse: bool) -> bool:
        """True for a fit not named after its parent resting on few exact lines, or under
        names with no word in common: weighed against every company the run compared
        (:mod:`recon.engine.family_chance`)."""
        if fit.named:
            return False
        if not fit.alike:
            return True
        exact = 0
        for product, own in fit.lines.items():
            holders = self._exactly.get((product, own.vendor_qty if reverse else own.psa_qty))
            exact += holders is not None and fit.parent in holders
        return exact <= FEW_LINES

    def expected(self, fit: Fit, *, reverse: bool) -> float:
        """Other parents the fit's exact lines (and first word) would match by chance."""
        others = max(self._parents - 1, 1)
        # Expected other parents short exactly as the fit's exact lines say, one factor per
        # exact line (the share of parents short exactly so), then named alike.
        expected = float(others)
        for product, own in fit.lines.items():
            seats = own.vendor_qty if reverse else own.psa_qty
            holders = self._exactly.get((product, seats))
            if holders is None or fit.parent not in holders:
                continue  # a near line, not exact: no factor (the evidence is weaker)
            alike = len(holders)
            price = own.psa_unit_price
            if not reverse and price is not None and self._billed_at(fit.parent, product, price):
                # The parent's company bills the product at the company's very price: only a
                # parent short as many seats and billing it at that price fits as well.
                alike = self._priced_count(product, seats, price)
            expected *= (alike - 1) / others
        if fit.alike:
            expected *= max(self._words[self._first(fit.company)] - 1, 0) / others
        return expected

    def _billed_at(self, parent: str, product: str, price: Decimal) -> bool:
        """True when the parent's company bills ``product`` at ``price`` (and bills seats)."""
        gap = self._by_parent[parent][product]
        return gap.psa_qty > 0 and gap.psa_unit_price == price

    def _priced_count(self, product: str, seats: Decimal, price: Decimal) -> int:
        """Parents short exactly ``seats`` of ``product`` whose company bills it at ``price``.

        Counted once per run on first need (one pass over the parents' gaps).
        """
        if self._priced is None:
            self._priced = Counter(
                (p, abs(gap.seat_delta), gap.psa_unit_price)
                for gaps in self._by_parent.values()
                for p, gap in gaps.items()
                if gap.psa_qty > 0 and gap.psa_unit_price is not None
            )
        return self._priced[(product, seats, price)]
