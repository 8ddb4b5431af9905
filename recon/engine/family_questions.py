"""One question where a company with no client of its own fills another client's shortfall.

A subsidiary billed under a name of its own ("Hastings Property Services" beside "Hastings
Animal Hospital"), a department opened as a company ("... Warehouse", a word that also names
businesses, so :mod:`recon.match.tenant_sites` never sums it by name) or a second tenant after
an acquisition: names cannot say these are one organisation, so the run used to report every
line of the extra company as a gap and every seat its parent's paired company leaves short as
another. Here, where the lines say so, the run asks one question instead ("Is East Transport
billed for East Springs Legal Services' licences?"): the gaps it holds wait for the answer,
and the gap a "yes" implies (the summed seats still apart from the vendor's) shows now,
pending it (:attr:`recon.model.Gap.rests_on`).

The evidence is the comparison's own gaps, the same seat evidence the name rule uses without
its name condition:

- the **company** is a PSA company with no vendor customer (or, the reverse, a vendor
  customer with no PSA company), every line of it a one-sided gap;
- it bills **only products its parent is short of**: every product it bills is one a matched
  client's paired company bills fewer seats of than the vendor sells (the reverse: more);
- the **seats add up**: on at least half of its products its seats fill the parent's
  shortfall, a seat or a tenth apart (:func:`near`), and exactly on at least one;
- **one parent**: a company whose lines fit two matched clients, or a client two companies
  fit, is asked about by neither (a coincidence of seats is not evidence of whose it is);
- with a **single** product's seats exact, the two names must also begin with the same word
  (the brand a subsidiary usually keeps): one line's seats matching one shortfall among
  20,000 clients is a coincidence as often as not (measured on the site families' 20,000
  pair: 110 of 336 questions asked on one line or near seats named two clients; with this
  guard 6 of 323). The reverse (a vendor customer with no PSA company) always needs two
  exact lines: vendor-only customers are common, and one line named alike was a
  coincidence 62 times in 71 on the dev sets;
- a single exact line is **rare enough**: where other clients short exactly as many seats of
  the product, times the share of clients whose names begin alike, would give more than
  :data:`MAX_CHANCE` other parents by chance, it is no evidence (:class:`_Chance`; one seat
  of Business Premium is short at hundreds of clients out of 20,000). Where the parent's
  company bills the product at the company's very unit price (one client's agreement: MSPs
  price per client), only parents short as many seats *and* billing it at that price count
  as chance parents: under one price list for every client that is all of them again, and
  the price says nothing; under prices agreed per client it is next to none;
- a company **named after its parent** (the parent's whole name, two words or more, then
  words of its own: "... Warehouse", "... Lab") needs no chance reckoning, its seats need
  only be near the shortfall (a department's own seats move too: 20 billed of 21 short is
  the family's one-seat gap), and it may bill products the parent is not short of (the
  family's real gaps, left as the company's own) where the parent is short of at least half
  of them (:func:`named_fits`): a whole name in common is no coincidence, a first word is.
  Where every product it bills is one the parent lacks, the seats need not be near at all
  (the department's whole bill is its parent's; far seats make the family's gap, asked);
  and a fit on the whole name outranks fits on a first word or on seats alone (another
  parent named alike and short as many seats does not make it ambiguous, :func:`unique`).
  A sibling site of the parent's company ("Lyons Marine - Fresno" beside the paired "Lyons
  Marine - Dayton") counts as named after it, and a vendor customer named as the parent's
  site ("Shaffer Realty PA - Mesa", a second tenant) needs one exact line, not two
  (:mod:`recon.engine.family_sites`, :mod:`recon.engine.family_fits`);
- the company bills **at the parent's price**: where the parent's company bills the product
  too, a company billed under the same agreement is billed the same unit price; a different
  price is another client's agreement (on the dev sets, no true family differed in price and
  48 coincidences did).

A company's line pending a mapping question (the reseller's own product text) is set aside
and the company weighed on its other lines; the line joins the question where the parent's
line waits on the very same question or on none, the gap a "yes" implies resting on both
(:mod:`recon.engine.family_lone`). A line where the parent's waits on another question
leaves the company unasked.

A different company that happens to bill the same products stays a client of its own: lines
the parent does not lack (disjoint products, or seats the parent already bills in full) make
no question. People's "no" (``recon family apart``) is never asked again; their "yes" is
compared summed from the next run (:mod:`recon.match.tenant_sites`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from recon.engine.family_chance import FEW_LINES, few_lines_asked
from recon.engine.family_fits import (
    Fit,
    named_fits,
    priced_apart,
    unique,
)
from recon.engine.family_implied import below_cost_gap, implied_gap
from recon.engine.family_index import holders_of, index_parents, named_alike
from recon.engine.family_lone import lines_with_pending, lone_lines, with_pending
from recon.engine.family_most_lines import most_lines
from recon.engine.family_names import FirstWords, NamedAfter, first_word, named_after
from recon.engine.family_offices import ask_offices
from recon.engine.family_practice import brand_and_trade, practice_odds
from recon.engine.family_rest import Held, with_rest
from recon.engine.family_sites import SiteSiblings, SiteTenants
from recon.engine.family_tenants import ask_tenants
from recon.engine.family_unpaired import ask_unpaired, near
from recon.engine.review_sites import SiteReview, ask_site_reviews
from recon.model import (
    FamilyLine,
    FamilyQuestion,
    Gap,
    GapKind,
    Knowledge,
    pending_family,
)
from recon.money import ZERO, cents
from recon.normalize import client_key

#: Products that must agree before the names need not share a word.
STRONG_AGREE = 2
#: Parents a one-line company may be expected to fit by chance before it is not asked about.
MAX_CHANCE = 0.1

_SHORT = (GapKind.MISSING_IN_PSA, GapKind.QUANTITY_MISMATCH)
_EXCESS = (GapKind.MISSING_IN_VENDOR, GapKind.QUANTITY_MISMATCH)


@dataclass(frozen=True, slots=True)
class FamilyQuestions:
    """The outcome of :func:`ask_families`.

    Attributes:
        gaps: the gaps without those the questions hold, with the gaps a "yes" implies
            (pending) in place of the parents'.
        questions: one per company asked about, most money first.
    """

    gaps: tuple[Gap, ...]
    questions: tuple[FamilyQuestion, ...] = ()

    @property
    def held(self) -> frozenset[tuple[str, str]]:
        """(client key, product key) pairs the questions hold."""
        return frozenset(pair for q in self.questions for pair in q.held)


def _fits(
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
    # Only parents short of exactly one line's seats can fit (one exact line is required):
    # a few per company, never every client short of a common product.
    found: set[str] = set()
    for p, gap in lines.items():
        found |= exactly.get((p, gap.vendor_qty if reverse else gap.psa_qty), set())
    out = []
    word = first_word(company)
    if one_line:
        # One line fits only a parent named alike: at 60,000 clients one seat of a common
        # product is short at thousands of parents, and reading each was most of the run's
        # comparison time. named_alike holds every parent a first word of theirs names.
        found &= named_alike.get(word, set())
    # A parent must be short of every product the company bills (else the company bills
    # another client's line): sets intersected in C, not every parent read in Python.
    for p in sorted(products, key=lambda p: len(holders.get(p, ()))):
        found &= holders.get(p, set())
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


class _Chance:
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
    ) -> None:
        self._exactly = exactly
        self._first = first_word
        self._by_parent = parents
        self._priced: Counter[tuple[str, Decimal, Decimal]] | None = None
        self._words: Counter[str] = Counter()
        for gaps in parents.values():
            first = next(iter(gaps.values()))
            self._words[self._first(first.psa_client or "")] += 1
        self._parents = max(len(parents), 1)

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


def ask_families(
    gaps: Sequence[Gap],
    *,
    lone_psa: Collection[str],
    lone_vendor: Collection[str],
    apart: Collection[tuple[str, str]] = (),
    sites: Sequence[SiteReview] = (),
    seats_held: Held | None = None,
) -> FamilyQuestions:
    """The family questions the gaps show, and the gaps without those they hold.

    Args:
        gaps: the comparison's gaps.
        lone_psa: PSA companies (as written) with no vendor customer, none offered in review.
        lone_vendor: vendor customers (as written) with no PSA company.
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation: never asked about again.
        sites: review items read as sibling offices (:mod:`recon.engine.review_sites`),
            their clients among the lone ones: asked first, as the review named them.
        seats_held: matched clients' seats compared with no gap (``family_rest.Held``),
            read for an asked company's lines on products its parent bills in full.

    Returns:
        The gaps and the questions (none: the gaps as they were).
    """
    questions: list[tuple[FamilyQuestion, dict[str, Gap], set[str]]] = []
    if sites:
        questions += ask_site_reviews(
            sites,
            lone_lines(gaps, {s.customer for s in sites}, reverse=True),
            lines_with_pending(gaps, {c for s in sites for c in s.companies}),
        )
        named = {n for q, _, _ in questions for n in (*q.vendor_clients, *q.psa_clients)}
        lone_psa = set(lone_psa) - named
        lone_vendor = set(lone_vendor) - named
    no = set(apart)
    first_words: FirstWords | None = None
    lone_by_side: list[dict[str, dict[str, Gap]]] = []
    for reverse in (False, True):
        # Companies with lines on a mapping question are weighed on their other lines by the
        # fits below only; the other rules read the companies they read before.
        pending: dict[str, dict[str, Gap]] = {}
        only_pending: dict[str, dict[str, Gap]] = {}
        lone = lone_lines(
            gaps,
            set(lone_vendor if reverse else lone_psa),
            reverse=reverse,
            pending=None if reverse else pending,
            only_pending=None if reverse else only_pending,
        )
        lone_by_side.append({c: lines for c, lines in lone.items() if c not in pending})
        if not lone and not only_pending:
            continue
        if first_words is None:
            first_words = FirstWords(
                name for gap in gaps for name in (gap.vendor_client, gap.psa_client) if name
            )
        parents, exactly = index_parents(gaps, _EXCESS if reverse else _SHORT, -1 if reverse else 1)
        chance = _Chance(parents, exactly, first_words)
        alike = named_alike(parents, first_words)
        holders = holders_of(parents)
        named_by = None if reverse else NamedAfter(parents, first_words.key)
        # A sibling site of the parent's company ("Lyons Marine - Fresno" beside "- Dayton")
        # is read as named after it (recon.engine.family_sites).
        siblings = None if reverse else SiteSiblings(parents, first_words.key)
        # A vendor customer named as a parent's site ("Shaffer Realty PA - Mesa") is its
        # second tenant by name, as recon.match.tenant_sites reads it.
        tenants = SiteTenants(parents, first_words.key) if reverse else None
        # The parents each company is named after or a sibling site of, read once: the fits
        # and the offices' question (family_offices) both weigh them.
        after = (
            {c: named_by(c) | siblings(c) for c in lone}
            if named_by is not None and siblings is not None
            else {}
        )
        fits = [
            fit
            for company, lines in sorted(lone.items())
            for fit in _fits(
                company,
                lines,
                parents,
                exactly,
                alike,
                holders,
                reverse=reverse,
                apart=no,
                first_word=first_words,
                named=tenants(company) if tenants is not None else after.get(company, set()),
            )
        ]
        if named_by is not None and siblings is not None:
            # A company billing only texts a mapping question asks about (family_lone) is
            # weighed on those lines as on any: named after its parent's whole name or as
            # its sibling site, or on the seats and a first word, with the chance and the
            # MSP's practice reckoned below (family_pending).
            fits += [
                fit
                for company, lines in sorted(only_pending.items())
                for fit in _fits(
                    company,
                    lines,
                    parents,
                    exactly,
                    alike,
                    holders,
                    reverse=False,
                    apart=no,
                    first_word=first_words,
                    named=named_by(company) | siblings(company),
                )
            ]
        if not reverse:  # a subsidiary that also bills the family's real gaps (most_lines)
            fitted = {fit.company for fit in fits}
            unfit = {c: lines for c, lines in lone.items() if c not in fitted}
            found = most_lines(unfit, parents, exactly, alike, first_word=first_words, apart=no)
            fits += [Fit(parent, company, short, alike=True) for company, parent, short in found]
        # One parent among every fit first; then a fit a chance parent would match as well
        # is dropped (never the other way round: dropping first could make a fit unique).
        held_back: list[Fit] = []
        on_fits: list[tuple[int, Fit]] = []  # questions on one fit each (index, fit)
        aside = {**pending, **only_pending} if only_pending else pending
        compared = len(lone) + len(only_pending)
        few: list[tuple[Fit, float]] = []  # fits on few exact lines, weighed on the run
        for fit in unique(fits, parents):
            if chance.fits(fit, reverse=reverse):
                if chance.few_lines(fit, reverse=reverse):
                    few.append((fit, chance.expected(fit, reverse=reverse)))
                    continue
                _ask(fit, aside, parents, questions, on_fits, reverse=reverse)
            elif not reverse and fit.alike and len(fit.lines) == 1:
                held_back.append(fit)
        # Few exact lines: beyond chance over every company compared, or where the questions
        # asked on stronger evidence show the MSP bills subsidiaries apart (family_chance);
        # those beyond chance over the run first, as stronger evidence of the practice.
        strong = [few_lines_asked(e, compared=compared, odds=0.0, alike=False) for _, e in few]
        for (fit, _), now in zip(few, strong, strict=True):
            if now:
                _ask(fit, aside, parents, questions, on_fits, reverse=reverse)
        odds = min(practice_odds(len(questions), len(lone) - len(pending)), MAX_CHANCE)
        for (fit, expected), done in zip(few, strong, strict=True):
            if not done and few_lines_asked(
                expected, compared=compared, odds=odds, alike=fit.alike
            ):
                _ask(fit, aside, parents, questions, on_fits, reverse=reverse)
        # A one-line subsidiary sharing only its parent's first word (family_practice): asked
        # where this run's own questions show the MSP bills subsidiaries apart.
        odds = practice_odds(len(questions), len(lone) - len(pending)) if held_back else 0.0
        for fit in held_back:
            parent_name = next(iter(parents[fit.parent].values())).psa_client or ""
            brand = brand_and_trade(first_words.key(fit.company), first_words.key(parent_name))
            ask = with_pending(fit, aside, parents)
            if brand and ask is not None and chance.expected(fit, reverse=False) <= odds:
                on_fits.append((len(questions), ask))
                questions.append(_question(ask, parents[fit.parent], reverse=False))
        if not reverse:  # the rest of each asked company's bill (family_rest)
            with_rest(questions, on_fits, lone, gaps, seats_held)
        if named_by is not None and siblings is not None:
            # Sibling offices filling one parent's shortfall only together (family_offices):
            # companies no question above names (their parent then had no fit of its own).
            named = {n for q, _, _ in questions for n in (*q.vendor_clients, *q.psa_clients)}
            questions += ask_offices(
                {c: lines for c, lines in lone_by_side[0].items() if c not in named},
                parents,
                after,
                apart=no,
            )
    companies, customers = lone_by_side
    if companies and customers and first_words is not None:
        # A customer no company is paired with, billed as several (family_unpaired): only
        # clients no question above names.
        named = {n for q, _, _ in questions for n in (*q.vendor_clients, *q.psa_clients)}
        questions += ask_unpaired(
            {c: lines for c, lines in customers.items() if c not in named},
            {c: lines for c, lines in companies.items() if c not in named},
            apart=no,
            first_word=first_words,
        )
        # The mirror: a company no customer is paired with, bought for as several tenants.
        named = {n for q, _, _ in questions for n in (*q.vendor_clients, *q.psa_clients)}
        questions += ask_tenants(
            {c: lines for c, lines in companies.items() if c not in named},
            {c: lines for c, lines in customers.items() if c not in named},
            apart=no,
            first_word=first_words,
        )
    if not questions:
        return FamilyQuestions(tuple(gaps))
    replaced: dict[str, Gap] = {}
    dropped: set[str] = set()
    for _, new, gone in questions:
        replaced.update(new)
        dropped |= gone
    out = []
    for gap in gaps:
        if gap.key in replaced:
            out.append(replaced[gap.key])
        elif gap.key not in dropped:
            out.append(gap)
    asked = sorted((q for q, _, _ in questions), key=lambda q: (-q.money_at_stake, q.text))
    return FamilyQuestions(tuple(out), tuple(asked))


def _ask(
    fit: Fit,
    aside: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    questions: list[tuple[FamilyQuestion, dict[str, Gap], set[str]]],
    on_fits: list[tuple[int, Fit]],
    *,
    reverse: bool,
) -> None:
    """Ask about one fit (its pending lines joined, family_lone), unless they forbid it."""
    ask = with_pending(fit, aside, parents)
    if ask is not None:
        on_fits.append((len(questions), ask))
        questions.append(_question(ask, parents[fit.parent], reverse=reverse))


def _question(
    fit: Fit, parent: Mapping[str, Gap], *, reverse: bool
) -> tuple[FamilyQuestion, dict[str, Gap], set[str]]:
    """The question on one fit, the parent's gaps a "yes" implies (by the key they replace)
    and the keys of the gaps it holds."""
    first = parent[next(iter(fit.lines))]
    vendor_name, psa_name = first.vendor_client or "", first.psa_client or ""
    asked_vendor, asked_psa = (fit.company, psa_name) if reverse else (vendor_name, fit.company)
    rests_on = pending_family(asked_psa, asked_vendor)
    vendors = (vendor_name, fit.company) if reverse else (vendor_name,)
    companies = (psa_name,) if reverse else (psa_name, fit.company)
    summed = " + ".join(vendors if reverse else companies)
    lines: list[FamilyLine] = []
    new: dict[str, Gap] = {}
    gone: set[str] = set()
    held: set[tuple[str, str]] = set()
    stake = ZERO
    for product, own in sorted(fit.lines.items()):
        was = parent[product]
        stake += abs(was.monthly_impact) + abs(own.monthly_impact)
        held |= {(was.client_key, was.product_key), (own.client_key, own.product_key)}
        gone |= {was.key, own.key}
        if reverse:
            lines.append(
                FamilyLine(
                    was.product,
                    ((vendor_name, was.vendor_qty), (fit.company, own.vendor_qty)),
                    ((psa_name, was.psa_qty),),
                )
            )
        else:
            lines.append(
                FamilyLine(
                    was.product,
                    ((vendor_name, was.vendor_qty),),
                    ((psa_name, was.psa_qty), (fit.company, own.psa_qty)),
                )
            )
        implied = implied_gap(was, own, reverse=reverse, rests_on=rests_on, summed=summed)
        if implied is None and not reverse:  # the seats agree; the price may not
            implied = below_cost_gap(was, own, rests_on=rests_on, summed=summed)
        if implied is not None:
            new[was.key] = implied
            gone.discard(was.key)
    shape = (
        f"{fit.company!r} is a vendor customer with no PSA company; its seats are what "
        f"{psa_name!r} bills beyond what {vendor_name!r} holds"
        if reverse
        else f"{fit.company!r} has no vendor customer of its own; its seats fill what "
        f"{psa_name!r} leaves short of what {vendor_name!r} holds"
    )
    agree = sum(1 for p in fit.lines if _agrees(new.get(parent[p].key)))
    question = FamilyQuestion(
        vendor_client=asked_vendor,
        psa_client=asked_psa,
        vendor_clients=vendors,
        psa_clients=companies,
        lines=tuple(lines),
        money_at_stake=cents(stake),
        reason=f"{shape} on {len(fit.lines)} product(s), exactly on {agree}; the names do not "
        "say whether they are one organisation",
        held=frozenset(held),
    )
    return question, new, gone


def family_answers(knowledge: Knowledge, *, same: bool) -> frozenset[tuple[str, str]]:
    """(vendor client key, PSA client key) pairs people answered ``same`` (yes or no)."""
    return frozenset(
        (client_key(v), client_key(p))
        for v, p, answer in knowledge.client_families
        if answer is same
    )


def _agrees(implied: Gap | None) -> bool:
    """True where the summed seats agree (no gap, or only a price below cost)."""
    return implied is None or implied.kind is GapKind.PRICE_BELOW_COST
