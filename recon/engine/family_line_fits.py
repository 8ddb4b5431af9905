"""Which parents a lone company's lines fit on their seats alone (for the family questions).

A lone company fits a parent where the parent is short of every product the company bills,
the seats agree on at least half of them (exactly on one) and the company bills at the
parent's price; with a single product, or with fewer than :data:`STRONG_AGREE` exact lines,
the two names must also begin with the same word. A company named after its parent is read
by the name's own rule (:func:`recon.engine.family_fits.named_fits`) where the lines alone do
not fit. :class:`LineFits` holds what every company of one side is weighed against, so the
family step reads the companies with lines of their own and those billing only texts a
mapping question asks about through one call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from decimal import Decimal

from recon.engine.family_fits import Fit, named_fits, priced_apart
from recon.engine.family_names import first_word, named_after
from recon.engine.family_unpaired import near
from recon.model import Gap
from recon.normalize import client_key

#: Products that must agree before the names need not share a word.
STRONG_AGREE = 2


class LineFits:
    """Every lone company of one side weighed against the same parents (:func:`line_fits`).

    Args:
        parents: matched clients' shortfall (excess, ``reverse``) gaps, per client key and
            product key.
        exactly: (product key, seats) -> the parents short (in excess) exactly so.
        named_alike: first word -> the parents whose gaps name a client beginning with it.
        holders: product key -> the parents short (in excess) of it.
        reverse: the side weighed: vendor customers with no PSA company.
        apart: (vendor client key, PSA client key) pairs people said are two.
        first_word: a name's first key word.
    """

    def __init__(
        self,
        parents: Mapping[str, Mapping[str, Gap]],
        exactly: Mapping[tuple[str, Decimal], set[str]],
        named_alike: Mapping[str, set[str]],
        holders: Mapping[str, set[str]],
        *,
        reverse: bool,
        apart: Collection[tuple[str, str]],
        first_word: Callable[[str], str] = first_word,
    ) -> None:
        self._parents = parents
        self._exactly = exactly
        self._alike = named_alike
        self._holders = holders
        self._reverse = reverse
        self._apart = apart
        self._first = first_word

    def __call__(
        self,
        companies: Mapping[str, Mapping[str, Gap]],
        named: Callable[[str], Collection[str]],
    ) -> list[Fit]:
        """The fits of every company, in the companies' sorted order.

        Args:
            companies: each lone company's one-sided gaps, per product key.
            named: a company -> the parents it is named after (or whose site it is named as).
        """
        return [
            fit
            for company, lines in sorted(companies.items())
            for fit in line_fits(
                company,
                lines,
                self._parents,
                self._exactly,
                self._alike,
                self._holders,
                reverse=self._reverse,
                apart=self._apart,
                first_word=self._first,
                named=named(company),
            )
        ]


def line_fits(
    company: str,
    lines: Mapping[str, Gap],
    parents: Mapping[str, Mapping[str, Gap]],
    exactly: Mapping[tuple[str, Decimal], set[str]],
    named_alike: Mapping[str, set[str]],
    holders: Mapping[str, set[str]],
    *,
    reverse: bool,
    apart: Collection[tuple[str, str]],
    first_word: Callable[[str], str] = first_word,
    named: Collection[str] = frozenset(),
) -> list[Fit]:
    """The parents whose shortfall (excess, ``reverse``) the company's lines fill.

    ``named_alike`` maps a first word to the parents whose gaps name a client beginning
    with it (``family_index.named_alike``); ``holders`` a product to the parents short of it
    (in excess, ``reverse``); ``named`` holds the parents the company is named after
    (:class:`NamedAfter`), read by :func:`named_fits` where the lines alone do not fit.
    """
    products = list(lines)
    one_line = len(lines) < STRONG_AGREE
    if one_line and reverse:
        # The reverse needs two exact lines (checked below), one line never has; a tenant
        # named as its parent's site is read by the name's own rule (named_fits).
        return named_fits(company, lines, parents, named, reverse=True, apart=apart)
    out = []
    word = first_word(company)
    # A parent must be short of every product the company bills (else the company bills
    # another client's line): sets intersected in C, not every parent read in Python, the
    # smallest first. One line fits only a parent named alike besides: at 60,000 clients one
    # seat of a common product is short at thousands of parents, and reading each was most
    # of the run's comparison time. named_alike holds every parent a first word of theirs
    # names.
    fitting: set[str] | None = named_alike.get(word, set()) if one_line else None
    for p in sorted(products, key=lambda p: len(holders.get(p, ()))):
        held = holders.get(p, set())
        fitting = held if fitting is None else fitting & held
        if not fitting:
            break
    # Of those, only parents short of exactly one line's seats can fit (one exact line is
    # required): a few per company. Each line's parents short exactly so are intersected
    # with the few fitting ones, never first united (thousands of parents short one seat of
    # a common product, united per company, were a third of the family step's time).
    found: set[str] = set()
    if fitting:
        for p, gap in lines.items():
            found |= fitting & exactly.get((p, gap.vendor_qty if reverse else gap.psa_qty), set())
    kept: set[str] = set()
    for parent in sorted(found):
        gaps = parents[parent]
        first = gaps[products[0]]
        vendor_name, psa_name = first.vendor_client or "", first.psa_client or ""
        own = vendor_name if reverse else psa_name
        alike = word in {first_word(own), first_word(vendor_name)}
        if len(lines) < STRONG_AGREE and (reverse or not alike):
            continue  # the check below, early: one line is never exact on two (speed)
        if not reverse and priced_apart(gaps, lines):
            continue  # billed at another price than the parent's: another agreement
        asked = (company, psa_name) if reverse else (vendor_name, company)
        if (client_key(asked[0]), client_key(asked[1])) in apart:
            continue
        seats = [
            (abs(gaps[p].seat_delta), gap.vendor_qty if reverse else gap.psa_qty)
            for p, gap in lines.items()
        ]
        exact = sum(1 for short, own in seats if short == own)
        agree = sum(1 for short, own in seats if near(short, own))
        # exact >= 1 by construction: only parents short of one line's exact seats are here
        if 2 * agree < len(lines):
            continue
        if exact < STRONG_AGREE and (reverse or not alike):
            continue
        after = not reverse and (parent in named or named_after(company, psa_name, vendor_name))
        out.append(Fit(parent, company, lines, after, alike))
        kept.add(parent)
    # A parent the company is named after is read by the name's own rule wherever the lines
    # alone did not fit it (one exact line among far seats is still the parent's department).
    out.extend(named_fits(company, lines, parents, set(named) - kept, reverse=reverse, apart=apart))
    return out
