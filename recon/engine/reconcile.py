"""One reconciliation, end to end: lines in, a ranked and explained result out.

The flow goes one way: group each side (identify products, key clients), pair clients, pair
products, compare and price. People's decisions enter only through :class:`Knowledge`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import chain
from operator import attrgetter
from typing import Any

import pandas as pd

from recon.catalog import Catalog, load_catalog
from recon.catalog.text import CATALOGUE_PREFIX, rank_products
from recon.clock import utc_now
from recon.commitments import policy_for
from recon.engine.compare import compare, learn_product_pairs
from recon.engine.either_way import (
    apart,
    apart_lines,
    either_way_pairs,
    keep_either_way,
    read_as_confirmed,
    unread,
)
from recon.engine.ended_lines import evidence_keys
from recon.engine.family_names import FirstWords
from recon.engine.family_questions import FamilyQuestions, ask_families, family_answers
from recon.engine.family_rest import Held, held_seats
from recon.engine.family_unread import put_back, read_unread_lines
from recon.engine.forget import forget_name_readings
from recon.engine.gone_companies import pair_gone
from recon.engine.gone_names import gone_keys, named_as_gone
from recon.engine.groups import SideGroups, by_identity, group_side, population_count
from recon.engine.held_twins import apart_twins, held_twins, keep_twin_lines
from recon.engine.kind_guesses import catalogue_kinds
from recon.engine.kind_questions import kind_scope
from recon.engine.maker_questions import brand_makers, maker_questions, maker_scope
from recon.engine.not_recurring import not_recurring_of
from recon.engine.office_holders import holder_pairs
from recon.engine.office_text_shares import billed_by_siblings, sibling_texts
from recon.engine.one_kind import product_kinds
from recon.engine.own_names import without_own_names
from recon.engine.pending_review import (
    as_matched,
    evidence_pairs,
    mark_pending,
    pending_pairs,
    settle_outright,
    uncompared_lines,
)
from recon.engine.review_budget import leaving_review
from recon.engine.review_money import with_gap_money
from recon.engine.review_short import apart_short, candidate_lines, keep_short, short_reviews
from recon.engine.review_sites import SiteReview, site_reviews
from recon.engine.review_tenants import sum_review_tenants, unshown_halves
from recon.engine.set_aside import set_aside
from recon.engine.site_families import name_families
from recon.engine.twins import merge_twins, vendor_twins
from recon.formats.memory import release_unused
from recon.match import ProductResolver, match_clients, pair_products
from recon.match.client_evidence import Footprints, footprint_frame
from recon.match.clients import ClientMatching
from recon.match.frame_codes import uncarried_rows
from recon.match.fuzzy import population_words
from recon.match.held_second_tenants import release_second_tenants
from recon.match.leftovers import ask_leftovers
from recon.match.org_sites import pair_org_sites
from recon.match.other_company import release_other_companies
from recon.match.read_lines import LineReader
from recon.match.sites import pair_sites
from recon.match.tenant_sites import find_families
from recon.match.tenant_texts import company_rows
from recon.match.text_scores import TextScores
from recon.model import (
    FileSummary,
    G,
    Gap,
    GapKind,
    Knowledge,
    LineSet,
    MatchSettings,
    ReconResult,
    RunScope,
    Side,
    Summary,
)
from recon.money import ZERO, cents

log = logging.getLogger(__name__)


def reconcile(
    vendor: LineSet,
    psa: LineSet,
    *,
    knowledge: Knowledge | None = None,
    settings: MatchSettings | None = None,
    catalog: Catalog | None = None,
    clock: Callable[[], datetime] = utc_now,
    progress: Callable[[str], None] | None = None,
    as_of: dt.date | None = None,
    rates: Mapping[tuple[str, str], Decimal] | None = None,
) -> ReconResult:
    """Compare what the MSP is charged with what it bills, and explain every difference.

    The same as :func:`group_sides` then :func:`reconcile_groups`; a caller that holds the
    line sets only to pass them here can call the two itself and let the line frames go in
    between (the service does: they are no longer read once grouped).

    Args:
        vendor: the vendor side, from :func:`recon.read_export`.
        psa: the PSA side.
        knowledge: aliases, rejections and ignores people decided (default: none).
        settings: matching thresholds (default: :class:`MatchSettings`).
        catalog: product catalogue (default: the bundled one).
        clock: when the result is stamped (default: now, UTC).
        progress: called with a short status line at each stage ("Matching 1,240 clients").
        as_of: the day commitments are judged on: which term runs, whether its cancellation
            window is open (default: the clock's date, UTC).
        rates: (vendor currency, PSA currency) -> PSA units per vendor unit, set by an admin;
            without one, prices in two currencies are not compared (default: none).

    Returns:
        Gaps ranked by absolute monthly impact, matches, the review queue, unmapped PSA
        products, seat rows for history, and a summary.

    Example:
        >>> result = reconcile(read_export("vendor.csv"), read_export("psa.csv"))  # doctest: +SKIP
    """
    with collector_paused():  # one pause over both steps: no catch-up walk between them
        grouped = group_sides(
            vendor,
            psa,
            knowledge=knowledge,
            catalog=catalog,
            clock=clock,
            progress=progress,
            as_of=as_of,
        )
        return reconcile_groups(grouped, settings=settings, progress=progress, rates=rates)


@dataclass(frozen=True, slots=True)
class Grouped:
    """Both sides grouped, with all the rest of the run reads of the line sets.

    Attributes:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        files: what was read from each file (vendor, PSA).
        sides: each line set with its line frame emptied: its trials, one-time charges and
            prorations (``extras``) and its description stay.
        rows_used: lines each side had before grouping (for the log).
        knowledge: what people decided.
        catalog: the product catalogue.
        resolver: product identification, as grouping used it.
        generated_at: when the run started (the clock, once).
        as_of: the day commitments are judged on.
        kept: catalogue ids the resolver left their own product (``kept_for``): stored
            with the run, so a fix reads the PSA as grouping did.
    """

    vendor: SideGroups
    psa: SideGroups
    files: tuple[FileSummary, FileSummary]
    sides: tuple[LineSet, LineSet]
    rows_used: tuple[int, int]
    knowledge: Knowledge
    catalog: Catalog
    resolver: ProductResolver
    generated_at: datetime
    as_of: dt.date
    kept: frozenset[str] = frozenset()


def group_sides(
    vendor: LineSet,
    psa: LineSet,
    *,
    knowledge: Knowledge | None = None,
    catalog: Catalog | None = None,
    clock: Callable[[], datetime] = utc_now,
    progress: Callable[[str], None] | None = None,
    as_of: dt.date | None = None,
) -> Grouped:
    """The first step of :func:`reconcile`: identify products and clients, sum each side per
    (client, product, term). Nothing returned refers to the line frames, so a caller that
    drops its own references to ``vendor`` and ``psa`` frees them before matching.

    Args: as :func:`reconcile`.

    Returns:
        Both sides' groups and what the rest of the run needs of the line sets.
    """
    with collector_paused():
        knowledge = knowledge or Knowledge()
        the_catalog = catalog or load_catalog()
        resolver = ProductResolver(the_catalog, knowledge)
        say = progress or (lambda _message: None)
        now = clock()
        today = as_of or now.date()
        say("Identifying products")
        policy = policy_for(vendor.format_name)
        vendor_groups = group_side(
            vendor.lines, side=Side.VENDOR, resolver=resolver, policy=policy, as_of=today
        )
        psa_lines = without_own_names(psa.lines)
        psa_groups = group_side(
            psa_lines, side=Side.PSA, resolver=resolver, sold=vendor_groups.products
        )
        # A person's alias must not split a catalogue product between two keys: grouped again
        # with its other spellings left as that product (rare: it takes an alias to do it).
        if kept := resolver.kept_for(vendor_groups.products, psa_groups.products):
            resolver = ProductResolver(the_catalog, knowledge, kept=kept)
            vendor_groups = group_side(
                vendor.lines, side=Side.VENDOR, resolver=resolver, policy=policy, as_of=today
            )
            psa_groups = group_side(
                psa_lines, side=Side.PSA, resolver=resolver, sold=vendor_groups.products
            )
        if vendor.ended_on or vendor.evidence:
            vendor_groups = dataclasses.replace(
                vendor_groups, ended_on=vendor.ended_on, evidence=evidence_keys(vendor)
            )
        if vendor.gone:
            vendor_groups = dataclasses.replace(vendor_groups, gone=vendor.gone)
        if psa.gone:  # companies billed only stopped lines (gone_companies)
            psa_groups = dataclasses.replace(psa_groups, gone=psa.gone)
        return Grouped(
            vendor_groups,
            psa_groups,
            (_file_summary(vendor, vendor_groups), _file_summary(psa, psa_groups)),
            (_emptied(vendor), _emptied(psa)),
            (vendor.rows_used, psa.rows_used),
            knowledge,
            the_catalog,
            resolver,
            now,
            today,
            kept,
        )


def _emptied(lines: LineSet) -> LineSet:
    """The line set without its lines: an empty frame of no dtype shares no memory with them."""
    return dataclasses.replace(lines, lines=pd.DataFrame(columns=list(lines.lines.columns)))


def reconcile_groups(
    grouped: Grouped,
    *,
    settings: MatchSettings | None = None,
    progress: Callable[[str], None] | None = None,
    rates: Mapping[tuple[str, str], Decimal] | None = None,
) -> ReconResult:
    """The rest of :func:`reconcile` once both sides are grouped (:func:`group_sides`):
    match clients and products, compare, price and summarise.

    Args: as :func:`reconcile`.

    Returns:
        As :func:`reconcile`.
    """
    with collector_paused():
        return _reconcile(grouped, settings, progress, rates)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the run (nested pauses resume once, at the
    outermost).

    A run at scale makes hundreds of thousands of small objects (names, clients, gaps) that
    live until it ends; the collector would walk all of them again every few thousand new
    ones, a third of the run's time at 60,000 clients. Reference counting still frees
    everything that is not in a cycle, and the collector resumes (and catches up) afterwards.
    A caller that renders the result straight after (the CLI) pauses around both, so the
    catch-up walk over the whole result does not land in the middle of rendering it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _reconcile(
    grouped: Grouped,
    settings: MatchSettings | None,
    progress: Callable[[str], None] | None,
    rates: Mapping[tuple[str, str], Decimal] | None,
) -> ReconResult:
    knowledge = grouped.knowledge
    settings = settings or MatchSettings()
    the_catalog = grouped.catalog
    resolver = grouped.resolver
    say = progress or (lambda _message: None)
    now = grouped.generated_at
    today = grouped.as_of
    vendor_groups, psa_groups = grouped.vendor, grouped.psa
    vendor, psa = grouped.sides
    release_unused()

    say(f"Matching {len(vendor_groups.clients):,} clients")
    missing_products = {
        key: identity.name
        for key, identity in psa_groups.products.items()
        if key not in vendor_groups.products
    }
    vendor_products = {key: identity.name for key, identity in vendor_groups.products.items()}
    brands = the_catalog.brands()
    rejected = resolver.rejected()
    ranked = {
        key: kept
        for key, found in rank_products(missing_products, vendor_products, brands=brands).items()
        if (kept := [c for c in found if (key, c.vendor_key) not in rejected])
    }
    pairing = pair_products(
        missing_products, vendor_products, settings=settings, brands=brands, ranked=ranked
    )
    # Both evidence passes compare mostly the same names: each distinct pair is scored once.
    texts = TextScores(brands)
    learned = (
        learn_product_pairs(
            vendor_groups,
            psa_groups,
            pairing,
            ranked=ranked,
            brands=brands,
            rejected=rejected,
            texts=texts,
        )
        if settings.product_evidence
        else pairing
    )
    # The evidence pass's frames (a transient of about 150 MiB at 60,000 clients) are
    # handed back before client matching, whose names and records are Python objects that
    # never reuse the C heap's free space: kept, it would sit under matching's peak.
    release_unused()
    # The PSA footprint frame (its products as matching compares them) is made twice: once
    # for the evidence, which keeps only the lines it reads, and again for the line reader
    # after matching. Held between the two, its per-row product keys (about 30 MiB at 60,000
    # clients) sat under client matching's peak; made again, they cost 0.02 s.
    compared_as = {k: p.vendor_key for k, p in learned.items()}
    footprints = Footprints(
        footprint_frame(vendor_groups.groups),
        footprint_frame(by_identity(psa_groups), compared_as),
        vendor_groups.products,
    )
    matching = match_clients(
        vendor_groups.clients,
        psa_groups.clients,
        knowledge=knowledge,
        settings=settings,
        footprints=footprints,
        # The clients' words were read when their names were keyed: counted from there.
        word_count=population_count(vendor_groups, psa_groups),
    )

    # One name written at two sites, with lines that say it is one client, is one client.
    matching = pair_sites(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        rejected=knowledge.client_rejections,
    )
    # The same, the names an organisation word apart besides ("Group" bought, "Main Office"
    # billed).
    matching = pair_org_sites(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        rejected=knowledge.client_rejections,
    )
    # One organisation billed as several PSA companies (or bought as two vendor customers),
    # the names a site or department apart and the seats adding up: compared as one.
    # People's answers to family questions: "yes" sums the pair whatever the names say.
    families = find_families(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        joined=family_answers(knowledge, same=True),
        apart=family_answers(knowledge, same=False),
        read_texts=lambda ids: LineReader(
            footprint_frame(
                company_rows(psa_groups.groups, psa_groups.identity_qty, ids), compared_as
            ),
            vendor_groups.products,
            ranked,
        ),
    )
    matching = families.matching
    # A second tenant held in review beside its first for the one company: the first's
    # question alone, the tenant summed into it pending the answer (below).
    matching = release_second_tenants(
        matching, vendor_groups.clients, psa_groups.clients, footprints
    )
    # A review candidate whose lines are another company's (seats agreeing at few of many
    # lines, no family's share) is no candidate: an item left with none goes, and each
    # side's lines are gaps (or leftovers the pass below may pair on their lines).
    matching = release_other_companies(
        matching, vendor_groups.clients, psa_groups.clients, footprints
    )
    # One client under two names no rule pairs, whose lines agree: one review question
    # (its gaps pending below), not a vendor-only and a PSA-only client.
    # The population's word counts are the ones matching took (same clients), not counted
    # again.
    count = matching.word_count
    if count is None:
        count = population_words([c.name for c in (*vendor_groups.clients, *psa_groups.clients)])
    not_family = family_answers(knowledge, same=False)
    # The name readings the pairing passes cached (about 60 MiB of small objects at 60,000
    # clients) go before the leftover pass, not after the pending pairs: the leftover pass
    # reads a few thousand names again (about 0.1 s), and its own objects no longer land in
    # arenas the caches kept, which set client matching's peak (639 -> 612 MiB resident).
    forget_name_readings()
    release_unused()
    matching = ask_leftovers(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        rejected=knowledge.client_rejections,
        count=count,
        # Its review budget is charged only for items that stay in review (below).
        leaving=leaving_review(
            matching, vendor_groups.clients, psa_groups.clients, footprints, apart=not_family
        ),
    )
    # The leftover pass's frames are garbage now (about 45 MiB at 60,000 clients, freed but
    # kept by the C heap): handed back before the line reader's frame and the pending pairs,
    # or those sat on top of them as client matching's peak.
    release_unused()
    # A customer held in review between sibling offices of one name whose summed seats are
    # its own: compared apart, one family question naming every office (below).
    matching, site_items = site_reviews(
        matching, vendor_groups.clients, psa_groups.clients, footprints, apart=not_family
    )
    # Review items whose best candidate is clearly ahead are compared now, their gaps pending
    # the review question (the result's review queue and scope stay as they are), or matched
    # outright when the two hold the same products under names a site or short form apart.
    # A candidate billing only texts the comparison reads later is read here by text and
    # seats, so the pair's gaps show pending its review rather than hide behind it.
    # Only the rows the reader can ever read (a product the vendor file does not carry, with
    # seats) are laid out as its frame: the whole PSA side's, built and then filtered by the
    # reader, was some 60 MiB over client matching's live data at 60,000 clients.
    # A text read only by a brand guess ("Managed EDR" as Huntress's) keeps its own key in
    # the reader's frame: beside a vendor client buying another maker's product of its kind,
    # the reader may read it as that (recon.match.read_lines.kind_product).
    guessed = {
        key: compared_as[key]
        for key, identity in psa_groups.products.items()
        if identity.tolerant and key in compared_as
    }
    read_as = {k: v for k, v in compared_as.items() if k not in guessed}
    psa_lines = by_identity(psa_groups)
    readable = (
        uncarried_rows(psa_lines[G.PRODUCT], read_as, vendor_groups.products.keys())
        & (psa_lines[G.QTY] > 0).to_numpy()
    )
    reader = LineReader(
        footprint_frame(psa_lines.loc[readable], read_as),
        vendor_groups.products,
        ranked,
        guessed,
        catalogue_kinds(),
        vendor_groups.line_seats,
    )
    del psa_lines, readable
    release_unused()
    pending = pending_pairs(matching, vendor_groups.clients, psa_groups.clients, footprints, reader)
    # Sibling offices of one name, only one billing the customer's products: that one.
    pending += holder_pairs(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        reader,
        pending={p.vendor.key for p in pending},
    )
    if pending:
        matching, pending = settle_outright(matching, pending, count)
    # The other review items with one candidate are compared with their two clients apart:
    # a line the other client bills nothing like is a gap whichever way it is answered.
    either = either_way_pairs(matching, vendor_groups.clients, psa_groups.clients, pending)
    # A candidate sharing no product with the vendor client of a review item with several
    # candidates is compared apart too: its lines are not bought whichever way it is answered.
    twins = held_twins(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        taken=[p.psa.identity for p in pending],
    )
    # A review item whose vendor client holds more of a product than its candidates bill
    # together: short whichever way it is answered, compared apart (recon.engine.review_short).
    short = short_reviews(
        matching,
        vendor_groups.clients,
        psa_groups.clients,
        footprints,
        taken={p.vendor.key for p in pending} | {e.vendor_key for e in either},
    )
    # Client matching ends here: its footprint frames and the name readings cached while
    # pairing go before the comparison, whose temporaries are the run's peak (together
    # about 100 MiB at 60,000 clients). Nothing below reads the footprints, and the few
    # names read below are read again at no measurable cost (compare CPU unchanged).
    del footprints, reader
    forget_name_readings()
    release_unused()

    say("Comparing seats and prices")
    # A second vendor name of one product, billed on one PSA line, is compared as that product
    # (the seats at the matched clients say so; the texts the seats paired count as billed).
    # A person's "not the same product" for a (second name, product) pair stops its merge.
    merges = (
        vendor_twins(vendor_groups, psa_groups, matching, learned, rejected=rejected)
        if settings.product_evidence
        else {}
    )
    # The twin pass's frames and Python strings (about 130 MiB at 60,000 clients) are
    # garbage now: handed back, not held under the comparison's peak.
    release_unused()
    compared_vendor = merge_twins(vendor_groups, merges)
    makers = _makers(the_catalog, vendor_groups, psa_groups)
    aside = set_aside(vendor, the_catalog, brands)
    # A maker the file sells nothing of, from a source that sells it: asked once, its lines'
    # gaps shown pending the answer.
    makers_asked = maker_scope(
        vendor.format_name,
        vendor_groups,
        psa_groups,
        makers,
        knowledge.maker_answers,
        sold_aside=aside.makers,
        brands=brands,
        by_brand=brand_makers(the_catalog.products(), brands),
    )
    # A text naming only a kind the file sells nothing of, asked about the same way.
    makers_asked = kind_scope(
        makers_asked,
        vendor.format_name,
        vendor_groups,
        psa_groups,
        makers,
        knowledge.maker_answers,
        brands=brands,
        matched=frozenset(matching.vendor_to_psa.values()) | matching.held_psa,
        paired=matching.vendor_to_psa,
    )
    comparison = compare(
        compared_vendor,
        psa_groups,
        apart_short(apart_twins(apart(as_matched(matching, pending), either), twins), short),
        pairing,
        ranked=ranked,
        brands=brands,
        evidence=settings.product_evidence,
        rejected=rejected,
        as_of=today,
        rates=rates or {},
        makers=makers,
        texts=texts,
        evidence_matching=evidence_pairs(matching, pending),
        set_aside=aside,
        maker_scope=makers_asked,
    )
    # The comparison's arrays are garbage now (about 100 MiB at 60,000 clients, kept by the
    # C heap): handed back before the pending and either-way gaps are written over them.
    release_unused()
    unshown: tuple[Gap, ...] = ()
    if pending:
        loose = uncompared_lines(
            psa_groups.groups, pending, comparison.unmapped, comparison.questions
        )
        gaps, seats = mark_pending(comparison.gaps, comparison.seats, pending, loose)
        unshown = unshown_halves(comparison.gaps, gaps)
        # A shortfall at an office that a sibling office of its review bills under the same
        # text is the customer's seats split between offices, not a gap.
        siblings = sibling_texts(
            pending, matching.review, psa_groups.clients, psa_groups.groups, psa_groups.products
        )
        gaps = billed_by_siblings(gaps, siblings)
        comparison = dataclasses.replace(comparison, gaps=gaps, seats=seats)
    if either:
        lines = apart_lines(psa_groups.groups, either, comparison.unmapped, comparison.questions)
        kinds = product_kinds(the_catalog.products())
        gaps, seats = keep_either_way(comparison.gaps, comparison.seats, either, lines, kinds)
        comparison = dataclasses.replace(comparison, gaps=gaps, seats=seats)
    if short:
        gaps, seats = keep_short(
            comparison.gaps,
            comparison.seats,
            short,
            candidate_lines(
                psa_groups.groups,
                short,
                compared_as,
                vendor_groups.products.keys(),
                comparison.unmapped,
                comparison.questions,
            ),
            product_kinds(the_catalog.products()),
            brands,
        )
        comparison = dataclasses.replace(comparison, gaps=gaps, seats=seats)
    if families.summed:
        comparison = dataclasses.replace(
            comparison, gaps=name_families(comparison.gaps, families.summed, psa_groups.clients)
        )
    # A company with no client of its own whose lines fill a matched client's shortfall:
    # one question, not its lines and the shortfall as gaps.
    # A vendor line kept either way beside a review is read as its candidate's shortfall
    # (the review's yes) for this step only: a department billing exactly it is asked about.
    # A lone customer named as a held client's site ("X LP - Tulsa") filling the pending
    # pair's shortfall is its second tenant: summed into the pair, pending the review.
    in_review = {item.vendor_key for item in matching.review}
    lone = set(matching.unmatched_vendor)
    tenants = [
        c.name for c in vendor_groups.clients if c.identity in lone and c.key not in in_review
    ]
    gaps = sum_review_tenants(comparison.gaps, lone_vendor=tenants, unshown=unshown)
    comparison = dataclasses.replace(comparison, gaps=gaps)
    read, read_keys = read_as_confirmed(comparison.gaps, either)
    # The comparison's arrays are garbage by now, but the C heap keeps their pages: the family
    # questions' name readings and tables, Python objects and arrays of their own, landed on
    # top of them as the run's peak (714 MiB at 60,000 clients; 567 handed back first).
    release_unused()
    # A twin held in review is a company with no vendor customer as far as the family step
    # goes: its lines filling a matched client's shortfall are asked about, not shown twice.
    asked = _family_questions(
        read,
        matching,
        vendor_groups,
        psa_groups,
        knowledge,
        twins=[t.psa.name for t in twins],
        sites=site_items,
        seats_held=held_seats(comparison.seats),
        brands=brands,
    )
    comparison = dataclasses.replace(comparison, gaps=unread(asked.gaps, read_keys))
    if twins:
        gaps, seats = keep_twin_lines(
            comparison.gaps, comparison.seats, twins, product_kinds(the_catalog.products())
        )
        comparison = dataclasses.replace(comparison, gaps=gaps, seats=seats)
    # A review item carries at least the money of the gaps resting on it, ranked on it.
    review = with_gap_money(matching.review, comparison.gaps)
    log.info(
        "reconciled %s vendor and %s PSA lines: %s gaps, %s in review",
        *grouped.rows_used,
        len(comparison.gaps),
        len(matching.review),
    )
    # The not-recurring entries below are Python records (170,000 at 60,000 clients), which
    # Python keeps in pages of its own, never in the C heap's free space: the comparison's
    # and the family questions' freed arrays are handed back first, or the records sat on
    # top of them as the run's peak (730 MiB at 60,000 clients, 580 handed back first).
    release_unused()
    gap_counts, gap_totals, under, over = _gap_sums(comparison.gaps)
    summary = Summary(
        files=grouped.files,
        gap_counts={kind.value: gap_counts[kind] for kind in GapKind},
        gap_totals={kind.value: cents(gap_totals[kind]) for kind in GapKind},
        under_billed=cents(under),
        over_billed=cents(-over),
        vendor_clients=len(vendor_groups.clients),
        psa_clients=len(psa_groups.clients),
        matched_clients=len(matching.matches),
        review_items=len(matching.review),
        money_in_review=cents(sum((r.money_at_stake for r in review), ZERO)),
        unmatched_vendor_clients=len(matching.unmatched_vendor),
        unmatched_psa_clients=len(matching.unmatched_psa),
        unmapped_products=len(comparison.unmapped),
        mapping_questions=len(comparison.questions),
        money_in_questions=cents(sum((q.money_at_stake for q in comparison.questions), ZERO)),
        not_recurring=not_recurring_of(vendor, psa),
        currency_pairs=comparison.currency_pairs,
    )
    # The comparison's frames are garbage now (about 300 MiB at 60,000 clients, freed but
    # kept by the C heap): handed back, not held through the report and after the run.
    release_unused()
    say("Done")
    return ReconResult(
        gaps=comparison.gaps,
        matches=matching.matches,
        review=review,
        unmapped=comparison.unmapped,
        questions=comparison.questions,
        merges=tuple(sorted(merges.values(), key=lambda m: (m.product, m.second_name))),
        seats=comparison.seats,
        summary=summary,
        generated_at=now,
        scope=RunScope(
            products=frozenset(vendor_groups.products) | makers_asked.covered,
            undecided_clients=frozenset(
                {item.vendor_key for item in matching.review} | set(matching.held_psa)
            ),
            undecided_pairs=frozenset(pair for q in comparison.questions for pair in q.held)
            | asked.held,
        ),
        family_questions=asked.questions,
        maker_questions=maker_questions(comparison.gaps, makers_asked),
        gap_table=comparison.table,
    )


def _family_questions(
    gaps: tuple[Gap, ...],
    matching: ClientMatching,
    vendor: SideGroups,
    psa: SideGroups,
    knowledge: Knowledge,
    *,
    twins: Iterable[str] = (),
    sites: Sequence[SiteReview] = (),
    seats_held: Held | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
) -> FamilyQuestions:
    """The run's family questions (:mod:`recon.engine.family_questions`) on its lone clients
    and on the ``twins`` (PSA names) compared apart from their review
    (:mod:`recon.engine.held_twins`); the ``sites`` taken out of review are asked first.
    A lone company's unread line is read, for the questions only, as the one product its
    named-alike clients are short of (:mod:`recon.engine.family_unread`)."""
    held = set(matching.held_psa)
    # Each side's clients (60,000 at a distributor's size) read into dicts by C loops.
    p_names = _attr_map(psa.clients, "identity", "name")
    v_names = _attr_map(vendor.clients, "identity", "name")
    lone = {p_names[p] for p in matching.unmatched_psa if p not in held and p in p_names}
    if gone := gone_keys(vendor.gone, set(map(attrgetter("key"), vendor.clients))):
        # A company named as a customer the vendor shows only ended is that customer's,
        # billed after it cancelled: no other customer's family (gone_names).
        p_keys = _attr_map(psa.clients, "name", "key")
        lone = {n for n in lone if not named_as_gone(n, gone, p_keys.get(n))}
        twins = [t for t in twins if not named_as_gone(t, gone, p_keys.get(t))]
    # The names' first words keyed once, as one column, for both steps below: reading an
    # unread line changes its product, never its names.
    # The sides' clients were keyed when grouped (ClientName.key): only other names are keyed.
    words = FirstWords(
        chain(map(attrgetter("vendor_client"), gaps), map(attrgetter("psa_client"), gaps)),
        known={**_attr_map(vendor.clients, "name", "key"), **_attr_map(psa.clients, "name", "key")},
    )
    lone_vendor = {v_names[v] for v in matching.unmatched_vendor if v in v_names}
    if psa.gone:  # a customer named as a company billed only stopped lines (gone_companies)
        gaps, paired = pair_gone(gaps, lone_vendor, psa.gone)
        lone_vendor -= paired
    gaps, read = read_unread_lines(
        gaps, lone_psa=lone, vendor=vendor, psa=psa, brands=brands, first_words=words
    )
    asked = ask_families(
        gaps,
        lone_psa=lone.union(twins),
        lone_vendor=lone_vendor,
        apart=family_answers(knowledge, same=False),
        sites=sites,
        seats_held=seats_held,
        first_words=words,
    )
    return put_back(asked, read)


def _attr_map(items: Iterable[object], key: str, value: str) -> dict[Any, Any]:
    """``{getattr(i, key): getattr(i, value) for i in items}`` (a later item wins), built by
    C loops: no Python step per item."""
    listed = list(items)
    return dict(zip(map(attrgetter(key), listed), map(attrgetter(value), listed), strict=True))


def _gap_sums(
    gaps: Iterable[Gap],
) -> tuple[dict[GapKind, int], dict[GapKind, Decimal], Decimal, Decimal]:
    """Per kind, the gaps and their money; and the money of the gaps above zero and of those
    below (each summed in list order from zero, as a sum over each would).

    One pass: four passes over 100,000 gaps, each reading an enum's ``value`` per gap,
    took three times as long at 60,000 clients.
    """
    counts = dict.fromkeys(GapKind, 0)
    totals = dict.fromkeys(GapKind, ZERO)
    under = over = ZERO
    for gap in gaps:
        impact = gap.monthly_impact
        kind = gap.kind
        counts[kind] += 1
        totals[kind] += impact
        if impact > 0:
            under += impact
        elif impact < 0:
            over += impact
    return counts, totals, under, over


def _file_summary(lines: LineSet, groups: SideGroups) -> FileSummary:
    """What was read from a file, including the lines the engine set aside after ingest."""
    skipped = dict(lines.skipped)
    for reason, count in groups.dropped.items():
        skipped[reason] = skipped.get(reason, 0) + count
    return FileSummary(
        side=lines.side,
        path=lines.path,
        format_name=lines.format_name,
        format_label=lines.format_label,
        sha256=lines.sha256,
        rows_read=lines.rows_read,
        rows_used=lines.rows_used - sum(groups.dropped.values()),
        skipped=skipped,
        columns=dict(lines.columns),
        warnings=lines.warnings,
    )


def _makers(catalog: Catalog, *sides: SideGroups) -> dict[str, str]:
    """Product key -> its maker, for each product either side names by a catalogue id: the
    comparison decides by maker which products this vendor file is the source of."""
    out: dict[str, str] = {}
    for side in sides:
        for key in side.products:
            if key.startswith(CATALOGUE_PREFIX) and (
                found := catalog.get(key[len(CATALOGUE_PREFIX) :])
            ):
                out[key] = found.vendor
    return out
