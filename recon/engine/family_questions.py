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
  :data:`~recon.engine.family_chance.MAX_CHANCE` other parents by chance, it is no evidence
  (:class:`~recon.engine.family_chance.Chance`; one seat of Business Premium is short at
  hundreds of clients out of 20,000). Where the parent's
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

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from recon.engine.family_ask import Asked, ask_fit, question_on
from recon.engine.family_chance import MAX_CHANCE, Chance, few_lines_asked
from recon.engine.family_fits import Fit, unique
from recon.engine.family_half_lines import half_lines
from recon.engine.family_heads import ask_heads
from recon.engine.family_index import holders_of, index_parents, named_alike, parent_psa_names
from recon.engine.family_initials import ask_initials
from recon.engine.family_line_fits import LineFits
from recon.engine.family_lone import lines_with_pending, lone_lines, with_pending
from recon.engine.family_most_lines import most_lines
from recon.engine.family_names import FirstWords, NamedAfter
from recon.engine.family_offices import ask_offices
from recon.engine.family_practice import brand_and_trade, practice_odds
from recon.engine.family_rest import Held, with_rest
from recon.engine.family_same_texts import same_text_fits
from recon.engine.family_shared_price import shared_price_fits
from recon.engine.family_site_pairs import ask_site_pairs
from recon.engine.family_site_short_forms import ask_short_site_pairs
from recon.engine.family_sites import SiteSiblings, SiteTenants
from recon.engine.family_tenants import ask_tenants
from recon.engine.family_terms import TermParts, expand
from recon.engine.family_trades import trade_fits
from recon.engine.family_unpaired import ask_unpaired
from recon.engine.family_wider import ask_wider
from recon.engine.review_sites import SiteReview, ask_site_reviews
from recon.engine.tenant_firsts import FirstTenants
from recon.engine.trade_odds import beats_odds, brand_trade_of, trade_odds
from recon.model import FamilyQuestion, Gap, GapKind, Knowledge
from recon.normalize import client_key

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


def ask_families(
    gaps: Sequence[Gap],
    *,
    lone_psa: Collection[str],
    lone_vendor: Collection[str],
    apart: Collection[tuple[str, str]] = (),
    sites: Sequence[SiteReview] = (),
    seats_held: Held | None = None,
    first_words: FirstWords | None = None,
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
        first_words: the first words of the gaps' client names, when the caller keyed them
            already (default: keyed here, once, if any company is lone).

    Returns:
        The gaps and the questions (none: the gaps as they were).
    """
    questions: list[Asked] = []
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
    term_parts: TermParts = {}  # a parent's shortfall summed over a product's terms
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
        parents, exactly, on_terms = index_parents(
            gaps, _EXCESS if reverse else _SHORT, -1 if reverse else 1
        )
        term_parts.update(on_terms)
        psa_names = parent_psa_names(parents)  # read once: the chance and the trades read it
        chance = Chance(parents, exactly, first_words, psa_names=psa_names.values())
        alike = named_alike(parents, first_words)
        holders = holders_of(parents)
        named_by = None if reverse else NamedAfter(parents, first_words.key)
        # A sibling site of the parent's company ("Lyons Marine - Fresno" beside "- Dayton")
        # is read as named after it (recon.engine.family_sites).
        siblings = None if reverse else SiteSiblings(parents, first_words.key)
        # A vendor customer named as a parent's site ("Shaffer Realty PA - Mesa") is its
        # second tenant by name, as recon.match.tenant_sites reads it.
        # Or the first tenant by name, its second paired with the company (tenant_firsts).
        tenants = (
            _either(SiteTenants(parents, first_words.key), FirstTenants(parents, first_words.key))
            if reverse
            else None
        )
        # The parents each company is named after or a sibling site of, read once: the fits
        # and the offices' question (family_offices) both weigh them.
        after = (
            {c: named_by(c) | siblings(c) for c in lone}
            if named_by is not None and siblings is not None
            else {}
        )
        weigh = LineFits(
            parents, exactly, alike, holders, reverse=reverse, apart=no, first_word=first_words
        )
        fits = weigh(lone, tenants if tenants is not None else _looked_up(after))
        if not reverse and pending:
            fits += same_text_fits(weigh, lone, pending, fits, parents, _looked_up(after))
        if named_by is not None and siblings is not None:
            # A company billing only texts a mapping question asks about (family_lone) is
            # weighed on those lines as on any: named after its parent's whole name or as
            # its sibling site, or on the seats and a first word, with the chance and the
            # MSP's practice reckoned below (family_pending).
            fits += weigh(only_pending, _named_or_sibling(named_by, siblings))
        half: list[Fit] = []
        if not reverse:  # a subsidiary that also bills the family's real gaps (most_lines)
            fitted = {fit.company for fit in fits}
            unfit = {c: lines for c, lines in lone.items() if c not in fitted}
            found = most_lines(
                unfit, parents, exactly, alike, first_word=first_words, apart=no, pending=pending
            )
            fits += [Fit(parent, company, short, alike=True) for company, parent, short in found]
            # A brand-and-trade subsidiary exact on half its lines (family_half_lines): held
            # back below, asked only where the run shows subsidiaries billed apart.
            fitted |= {company for company, _, _ in found}
            half = [
                Fit(parent, company, short, alike=True)
                for company, parent, short in half_lines(
                    {c: lines for c, lines in unfit.items() if c not in fitted},
                    parents,
                    exactly,
                    alike,
                    key=first_words.key,
                    apart=no,
                )
            ]
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
                ask_fit(fit, aside, parents, questions, on_fits, reverse=reverse)
            elif not reverse and fit.alike and len(fit.lines) == 1:
                held_back.append(fit)
        # Few exact lines: beyond chance over every company compared, or where the questions
        # asked on stronger evidence show the MSP bills subsidiaries apart (family_chance);
        # those beyond chance over the run first, as stronger evidence of the practice.
        strong = [few_lines_asked(e, compared=compared, odds=0.0, alike=False) for _, e in few]
        for (fit, _), now in zip(few, strong, strict=True):
            if now:
                ask_fit(fit, aside, parents, questions, on_fits, reverse=reverse)
        odds = min(practice_odds(len(questions), len(lone) - len(pending)), MAX_CHANCE)
        for (fit, expected), done in zip(few, strong, strict=True):
            if not done and few_lines_asked(
                expected, compared=compared, odds=odds, alike=fit.alike
            ):
                ask_fit(fit, aside, parents, questions, on_fits, reverse=reverse)
        if half:  # one parent and one company, no parent another company fits
            taken = {fit.parent for fit in fits}
            held_back += [fit for fit in unique(half, parents) if fit.parent not in taken]
        # A one-line subsidiary sharing only its parent's first word (family_practice), or one
        # exact on half its lines (family_half_lines): asked where this run's own questions
        # show the MSP bills subsidiaries apart.
        odds = practice_odds(len(questions), len(lone) - len(pending)) if held_back else 0.0
        # The same odds read over this run's brand-and-trade companies only (trade_odds).
        by_trade = _trade_odds(lone, questions, chance.brands(), first_words) if held_back else 0.0
        for fit in held_back:
            parent_name = next(iter(parents[fit.parent].values())).psa_client or ""
            brand = brand_and_trade(first_words.key(fit.company), first_words.key(parent_name))
            ask = with_pending(fit, aside, parents)
            expected = chance.expected(fit, reverse=False)
            # a brand-and-trade company within the run's odds for such companies (trade_odds)
            traded = by_trade > 0 and beats_odds(expected, by_trade)
            traded = traded and brand_trade_of(fit.company, parent_name, first_words.key)
            # odds of 0 (too few questions to show a practice) ask nothing, even a fit no
            # other parent would match (a half-exact one in a small run: family_half_lines)
            if ask is not None and ((odds and brand and expected <= odds) or traded):
                on_fits.append((len(questions), ask))
                questions.append(question_on(ask, parents[fit.parent], reverse=False))
        if not reverse:  # a brand-and-trade company billing what its parent bills none of
            weighed = {fit.company for fit in (*fits, *half)}  # the rules above decided those
            free = {c: ls for c, ls in lone.items() if c not in weighed and c not in pending}
            odds = practice_odds(len(questions), len(lone) - len(pending))
            by_trade = _trade_odds(lone, questions, chance.brands(), first_words)
            _ask_trades(
                free,
                parents,
                questions,
                on_fits,
                first_words,
                no,
                compared,
                odds,
                by_trade,
                psa_names=psa_names,
            )
            # ... or billing its share of what its parent bills short, at the parent's price
            # (family_shared_price); a half-exact company held back above for want of the
            # run's practice is weighed too: the parent's own price is the evidence it lacked
            priced = {**free, **{f.company: lone[f.company] for f in half if f.company in lone}}
            _ask_shared_price(priced, parents, questions, on_fits, first_words, no, psa_names)
        if not reverse:  # the rest of each asked company's bill (family_rest)
            with_rest(questions, on_fits, lone, gaps, seats_held, pending=pending)
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
        # A customer no company is paired with, billed as several (family_unpaired), then
        # the rules below in turn, each on the clients no question before it names.
        questions += ask_unpaired(
            _unnamed(customers, questions),
            _unnamed(companies, questions),
            apart=no,
            first_word=first_words,
        )
        # Offices named with the customer's initials, "JM Company: Mesa Office" (family_initials).
        questions += ask_initials(
            _unnamed(customers, questions),
            _unnamed(companies, questions),
            apart=no,
            first_word=first_words,
            key=first_words.key,
        )
        # Offices that also bill products the customer never bought (family_wider).
        questions += ask_wider(
            _unnamed(customers, questions),
            _unnamed(companies, questions),
            apart=no,
            first_word=first_words,
            key=first_words.key,
        )
        # A head office's customer billed as its branch offices (family_heads).
        questions += ask_heads(
            _unnamed(customers, questions),
            _unnamed(companies, questions),
            apart=no,
            key=first_words.key,
        )
        # One company named after another office than the customer (family_site_pairs).
        questions += ask_site_pairs(
            _unnamed(customers, questions), _unnamed(companies, questions), apart=no
        )
        # The same, one side writing a word of the name shortened (family_site_short_forms).
        questions += ask_short_site_pairs(
            _unnamed(customers, questions), _unnamed(companies, questions), apart=no
        )
        # The mirror: a company no customer is paired with, bought for as several tenants.
        questions += ask_tenants(
            _unnamed(companies, questions),
            _unnamed(customers, questions),
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
    replaced, dropped = expand(replaced, dropped, term_parts)
    out = []
    for gap in gaps:
        key = gap.key  # a property, made on each read: once per gap
        if key in replaced:
            out.append(replaced[key])
        elif key not in dropped:
            out.append(gap)
    asked = sorted((q for q, _, _ in questions), key=lambda q: (-q.money_at_stake, q.text))
    return FamilyQuestions(tuple(out), tuple(asked))


def _unnamed(
    side: Mapping[str, Mapping[str, Gap]], questions: Sequence[Asked]
) -> dict[str, Mapping[str, Gap]]:
    """The side's clients no question asked so far names, with their lines."""
    named = {n for q, _, _ in questions for n in (*q.vendor_clients, *q.psa_clients)}
    return {c: lines for c, lines in side.items() if c not in named}


def _taken(
    questions: Sequence[Asked], on_fits: Sequence[tuple[int, Fit]], first_words: FirstWords
) -> set[str]:
    """The companies (and their first-word keys) a question names, and the parents a fit
    took: a later rule asks about none of them."""
    named = {n for q, _, _ in questions for n in (*q.vendor_clients, *q.psa_clients)}
    return named | {first_words.key(n) for n in named} | {fit.parent for _, fit in on_fits}


def _ask_trades(
    free: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    questions: list[Asked],
    on_fits: list[tuple[int, Fit]],
    first_words: FirstWords,
    apart: Collection[tuple[str, str]],
    compared: int,
    odds: float,
    by_trade: float = 0.0,
    psa_names: Mapping[str, str] | None = None,
) -> None:
    """Ask about brand-and-trade companies (family_trades) no rule above weighed and no
    question names, at the run's practice ``odds`` (or its brand-and-trade odds
    ``by_trade``, trade_odds); in place."""
    taken = _taken(questions, on_fits, first_words)
    for trade in trade_fits(
        free, parents, key=first_words.key, apart=apart, taken=taken, psa_names=psa_names
    ):
        # seats far from the shortfall are weighed at the capped odds only: at the
        # brand-and-trade odds they named two companies ("Strickland Foods")
        within = trade.near and beats_odds(trade.expected, by_trade)
        if trade.asked(compared=compared, odds=odds) or within:
            ask_fit(trade.fit, {}, parents, questions, on_fits, reverse=False)


def _ask_shared_price(
    free: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    questions: list[Asked],
    on_fits: list[tuple[int, Fit]],
    first_words: FirstWords,
    apart: Collection[tuple[str, str]],
    psa_names: Mapping[str, str],
) -> None:
    """Ask about brand-and-trade companies billing a share of a parent's short products at
    its price (family_shared_price) no question names yet; in place."""
    taken = _taken(questions, on_fits, first_words)
    for fit in shared_price_fits(
        _unnamed(free, questions), parents, psa_names, key=first_words.key, apart=apart, taken=taken
    ):
        ask_fit(fit, {}, parents, questions, on_fits, reverse=False)


def _trade_odds(
    lone: Collection[str],
    questions: Sequence[Asked],
    brands: Collection[str],
    first_words: FirstWords,
) -> float:
    """The run's odds that a brand-and-trade company is a family's (trade_odds); ``brands``
    are the first words of the parents' PSA company names (:meth:`Chance.brands`)."""
    named = {n for q, _, _ in questions for n in q.psa_clients}
    return trade_odds(lone, named, brands, first_words.key)


def _either(
    first: Callable[[str], set[str]], second: Callable[[str], set[str]]
) -> Callable[[str], set[str]]:
    """The parents either look-up finds."""
    return lambda name: first(name) | second(name)


def _looked_up(after: Mapping[str, set[str]]) -> Callable[[str], set[str]]:
    """The parents each company is named after, as read once for the side."""
    return lambda company: after.get(company, set())


def _named_or_sibling(named_by: NamedAfter, siblings: SiteSiblings) -> Callable[[str], set[str]]:
    """The parents a company is named after or is a sibling site of."""
    return lambda company: named_by(company) | siblings(company)


def family_answers(knowledge: Knowledge, *, same: bool) -> frozenset[tuple[str, str]]:
    """(vendor client key, PSA client key) pairs people answered ``same`` (yes or no)."""
    return frozenset(
        (client_key(v), client_key(p))
        for v, p, answer in knowledge.client_families
        if answer is same
    )
