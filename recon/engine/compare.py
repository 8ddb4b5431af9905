"""Compare the two sides per (client, product): classify, price and rank the gaps.

Pricing (``monthly_impact``, positive = the MSP is losing money):

- seat gaps (``missing_in_psa``, ``missing_in_vendor``, ``quantity_mismatch``): seat delta x
  the PSA unit price where the PSA bills that product for that client; otherwise x the
  vendor's unit cost; otherwise x the typical PSA price of that product across clients.
  A PSA price of zero means "included in something else", not a price: the cost is used.
- ``price_below_cost``: (vendor unit cost - PSA unit price) x billed seats, only when both
  prices are known and the PSA price is not zero.

Only PSA products the vendor file carries (for at least one client) are compared, and those
the catalogue names exactly whose maker the file sells (the file is where the MSP buys that
maker); the rest are *unmapped*. Clients in review, and the PSA clients offered to them,
raise no gap.

Terms, reduction deadlines and currencies are in :mod:`recon.engine.terms`: a product held
on two terms and billed as two PSA products is compared per term; an over-bought gap says
what to do and by when; prices in two currencies are compared only at an admin's rate.

This module is the stage's entry; the join's codes and lookups are in
:mod:`recon.engine.pairs`, the gap rows in :mod:`recon.engine.gap_rows` and their terms and
currencies in :mod:`recon.engine.gap_terms`; the PSA rows compared again after the evidence
in :mod:`recon.engine.pending_rows`, and the products taken in or listed unmapped in
:mod:`recon.engine.scope`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog.text import TextCandidate
from recon.engine import terms
from recon.engine.columns import member
from recon.engine.compared_rows import ComparedRows
from recon.engine.ended_lines import evidence_seats, read_ended
from recon.engine.gap_rows import gaps_of
from recon.engine.ghosts import ghost_lines
from recon.engine.groups import SideGroups
from recon.engine.guess_surplus import completing_guesses, surplus_guesses
from recon.engine.join import (
    IntArray,
    Joined,
    categorical_of,
    codes_of,
    distinct_of,
    first_rows,
    outer_join,
    sum_by_key,
    take,
)
from recon.engine.kind_guesses import catalogue_kinds
from recon.engine.maker_questions import MakerScope
from recon.engine.open_lines import OpenLines
from recon.engine.pairs import (
    Codes,
    Context,
    Sides,
    by_term,
    psa_extra,
    psa_targets,
    vendor_by_psa_client,
)
from recon.engine.pending_rows import compare_pending, targeted
from recon.engine.price_readings import weigh_all
from recon.engine.question_keys import TARGET, RowKeys
from recon.engine.questions import ProductOutcome, weigh_unmapped
from recon.engine.reading_questions import Overruled, apply_readings
from recon.engine.scope import elsewhere, maker_pending, unmapped_products, vendor_never
from recon.engine.seat_support import Rows
from recon.engine.set_aside import SetAside
from recon.engine.spelling_families import family_units
from recon.formats.memory import release_unused
from recon.match import ClientMatching, ProductPairing
from recon.match.clients import SPELLING_SEP
from recon.match.text_scores import TextScores
from recon.model import (
    CurrencyPair,
    G,
    Gap,
    GapTable,
    MappingQuestion,
    ProductMethod,
    SeatCol,
    UnmappedProduct,
)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Gaps, seat history rows, unmapped PSA products and mapping questions of one run."""

    gaps: tuple[Gap, ...]
    seats: pd.DataFrame
    unmapped: tuple[UnmappedProduct, ...]
    questions: tuple[MappingQuestion, ...] = ()
    currency_pairs: tuple[CurrencyPair, ...] = field(default=())
    # the gaps as the comparison made them, a column per field (what a report reads)
    table: GapTable | None = field(default=None, compare=False, repr=False)


def compare(
    vendor: SideGroups,
    psa: SideGroups,
    matching: ClientMatching,
    pairing: Mapping[str, ProductPairing],
    *,
    ranked: Mapping[str, Sequence[TextCandidate]] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    evidence: bool = True,
    rejected: frozenset[tuple[str, str]] = frozenset(),
    as_of: dt.date | None = None,
    rates: terms.Rates | None = None,
    makers: Mapping[str, str] | None = None,
    texts: TextScores | None = None,
    evidence_matching: ClientMatching | None = None,
    set_aside: SetAside | None = None,
    maker_scope: MakerScope | None = None,
) -> Comparison:
    """Join both sides on (PSA client, product) and turn every disagreement into a priced gap.

    Before joining, PSA products the vendor file does not carry are weighed on the seats at
    each matched client (:mod:`recon.engine.questions`): strong evidence pairs them, weaker evidence
    asks one :class:`~recon.model.MappingQuestion` and holds its seats out of every gap.

    Args:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        matching: which vendor client is which PSA client, and who is in review.
        pairing: PSA product keys mapped onto vendor product keys by name.
        ranked: each unpaired PSA product's text candidates (default: none).
        brands: brand words to disregard when comparing names.
        evidence: weigh seats at all (default True); False lists every unpaired PSA product
            as unmapped, as before evidence existed.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        as_of: today, for the money of each fix until the term's end (default: no advice).
        rates: (vendor currency, PSA currency) -> rate an admin set (default: none; prices
            in two currencies are then not compared).
        makers: product key -> who makes it, for products the catalogue knows (default:
            none). A PSA product the catalogue names exactly that the vendor file sells at
            no client is still compared when the file sells another product of its maker.
        texts: the run's name comparisons, shared with :func:`learn_product_pairs`
            (default: a new one).
        evidence_matching: the client pairs whose seats are evidence about products
            (default: ``matching``); pairs compared while a review is pending are not.
        set_aside: makers the vendor file sells only on trials, one-time charges and
            prorations: sold by it all the same (default: none).
        maker_scope: the run's maker questions and answers (default: none asked): the
            products of a maker asked about are compared pending the question, a maker
            answered "bought here" is sold by the file (:mod:`recon.engine.maker_questions`).

    Returns:
        Gaps ranked by absolute monthly impact, the seat rows, the unmapped products with
        their candidates, the mapping questions and the pairs priced in two currencies.
    """
    vendor_products = set(vendor.products)
    codes = Codes(vendor, psa, matching)
    v_pc = codes_of(vendor.groups[G.CLIENT], codes.vendor_pc)
    v = vendor_by_psa_client(vendor.groups, v_pc, codes)
    # Weighed first on the target alone; targeted again below with every column.
    p_all, target = psa_targets(psa.groups, pairing, codes, weighed=evidence)
    comparable = pd.Series(member(p_all[TARGET], vendor_products), index=p_all.index)
    # Every pass below reads the same client and product codes: worked out once here (the
    # PSA rows keep their clients and products whatever they are compared as).
    p_pc_all = codes_of(p_all[G.CLIENT], codes.psa_index)
    v_product_all = codes_of(vendor.groups[G.PRODUCT], codes.product_index)
    row_keys = partial(
        _row_keys,
        (v_pc[v_pc >= 0], v_product_all[v_pc >= 0]),
        p_pc_all,
        codes_of(p_all[G.PRODUCT], codes.product_index),
        codes.products,
    )
    outcome = ProductOutcome()
    weigh = partial(
        weigh_unmapped,
        matching=evidence_matching or matching,
        vendor=vendor,
        psa=psa,
        ranked=ranked or {},
        brands=brands,
        rejected=rejected,
        paired=frozenset(pairing),
        texts=texts if texts is not None else TextScores(brands),
        # The pairs compared pending their review show their gaps: their asked texts too
        # (only those: a pair compared apart, either way, keeps its asked lines held).
        unshown=(evidence_matching or matching).held_psa - set(matching.vendor_to_psa.values()),
    )
    if evidence:
        keys = row_keys(target)
        # The codes' and the targeting's temporaries (about 50 MiB at 60,000 clients) are
        # garbage now: handed back, not held under the evidence pass's peak.
        release_unused()
        outcome = weigh(v, p_all, comparable, keys=keys)
        del keys
        # The weighing's frame had the target alone: targeted again with every column (the
        # same frame as before the weighing where the evidence acted on nothing).
        # Each targeting is a new frame with four columns of its own per PSA row (about 60
        # MiB at 60,000 clients): the one it replaces goes first, not after.
        del p_all, target, comparable
        p_all, target, comparable = targeted(
            psa, pairing, outcome, codes, vendor_products, late=False
        )
        # The first weighing's arrays (about 60 MiB at 60,000 clients) are garbage now:
        # handed back before the readings' rows are built on top of them.
        release_unused()
    is_comparable = comparable.to_numpy().copy()
    overruled = Overruled()
    if evidence:
        rows = _reading_rows(
            vendor,
            psa,
            evidence_matching or matching,
            codes,
            p_all,
            (target, p_pc_all, v_pc, v_product_all),
            is_comparable,
        )
        vendor_names = _product_names(vendor)
        # On the seats, then, for the texts they leave as read, on the lines' own cost.
        readings = weigh_all(
            p_all,
            rows,
            codes.product_text,
            vendor_names,
            brands=brands,
            rejected=rejected,
            taken=codes.keys(outcome.held_vendor),
        )
        apply = partial(
            apply_readings,
            readings,
            rows=rows,
            product_text=codes.product_text,
            client_text=codes.client_text,
            psa_names=_product_names(psa),
            vendor_names=vendor_names,
            vendor_ext=vendor.groups[G.EXT].fillna(0).to_numpy(dtype=np.int64),
        )
        if any(reading.act for reading in readings):
            # The misreading billed the vendor lines of the product it was read as, so the
            # spellings of that product no rule reads found them taken: weigh them again
            # with the text compared as the product its seats show.
            del p_all, target, comparable
            p_all, target = psa_targets(psa.groups, pairing, codes)
            is_comparable = member(p_all[TARGET], vendor_products).copy()
            apply(p_all, target, is_comparable)
            outcome = weigh(
                v, p_all, pd.Series(is_comparable, index=p_all.index), keys=row_keys(target)
            )
            del p_all, target
            p_all, target, comparable = targeted(psa, pairing, outcome, codes, vendor_products)
            is_comparable = comparable.to_numpy().copy()
        else:
            # No reading acted: a question resting only on seats far apart now compares its
            # rows as its candidate (held back so far so as not to hide a misreading).
            late = {k: p for k, p in outcome.pending.items() if p.late}
            is_comparable[compare_pending(p_all, target, late, codes)] = True
        overruled = apply(p_all, target, is_comparable)
        del apply, rows, readings  # the readings' row arrays: not needed past here
    # The evidence pass is over: its vendor frame and row keys (about 30 MiB at 60,000
    # clients) go before the sums below, the comparison's peak.
    del v, row_keys
    # Handed back, not only freed: what the evidence passes left in the C heap (about 100 MiB
    # at 60,000 clients) sat under everything below, the comparison's peak.
    release_unused()
    aside = set_aside or SetAside()
    scope = maker_scope or MakerScope()
    # A maker people said is bought from this source is sold by the file, as if on a line.
    sold = aside.makers | {m for m in (makers or {}).values() if m.casefold() in scope.bought}
    if makers:
        vendor_never(p_all, target, is_comparable, outcome.asked, codes, makers, vendor, psa, sold)
    maker_pending(p_all, target, is_comparable, outcome.asked, codes, scope.pending)
    if evidence:
        ghosts = (outcome.asked, codes, (vendor, psa), evidence_matching or matching, brands)
        ghost_lines(OpenLines(p_all, target, is_comparable, *ghosts, aside.brands))
        # A line billing a product the vendor shows cancelled at its client is read as it.
        compared = ComparedRows(
            p_all,
            target,
            is_comparable,
            p_pc_all,
            (v_pc, v_product_all),
            (vendor, psa),
            codes,
            held=matching.held_psa,
        )
        read_ended(compared, catalogue_kinds(), ended_on=vendor.ended_on, brands=brands)
        # A brand guess beside lines that bill its product in full is another maker's line.
        surplus_guesses(compared, pairing, brands)
        # ... and one at a client buying none of its product completes one of its kind.
        completing_guesses(
            compared,
            pairing,
            catalogue_kinds(),
            brands,
            paired=frozenset(outcome.acted),
            waiting=(
                frozenset(codes.keys(outcome.held_vendor).tolist())
                if outcome.held_vendor
                else frozenset()
            ),
        )
        # It holds the rows, targets and client codes: each is let go below, the peak's eve.
        del compared
    listed = ~is_comparable & ~member(p_all[G.PRODUCT], outcome.asked)
    unmapped = unmapped_products(
        p_all.loc[listed], outcome.candidates, elsewhere(makers, vendor, psa, sold, scope)
    )

    # The ghost and ended lines' and the unmapped list's temporaries (about 60 MiB at 60,000
    # clients) handed back before the sums below, the comparison's second peak.
    release_unused()
    # Both sides as (row, client code, product code), then summed and joined on codes.
    p_in = is_comparable & ~member(p_all[G.CLIENT], matching.held_psa)
    p_in[overruled.held_psa] = False
    if outcome.held_vendor:
        # A question on a vendor line's shortfall holds the line; the PSA line that bills the
        # rest of it waits with it (compared alone it would show the false gap asked about).
        at = p_pc_all * codes.products + target
        p_in &= ~(
            np.isin(at, codes.keys(outcome.held_vendor)) & ~member(p_all[G.PRODUCT], outcome.asked)
        )
    if outcome.held_psa:
        at_psa = pd.MultiIndex.from_arrays([p_all[G.CLIENT], p_all[G.PRODUCT]])
        p_in &= ~at_psa.isin(list(outcome.held_psa))
    p_rows = np.flatnonzero(p_in).astype(np.int64)
    p_pc = p_pc_all[p_rows]
    p_product = target[p_rows]
    v_rows = np.flatnonzero(v_pc >= 0).astype(np.int64)
    v_product = v_product_all[v_rows]
    v_pc = v_pc[v_rows]
    if outcome.held_vendor or len(overruled.held_vendor):
        held = np.concatenate((codes.keys(outcome.held_vendor), overruled.held_vendor))
        kept = ~np.isin(v_pc * codes.products + v_product, held)
        v_rows, v_pc, v_product = v_rows[kept], v_pc[kept], v_product[kept]
    v_product, p_product = by_term(
        codes,
        (v_pc, v_product, vendor.groups[G.TERM].to_numpy(dtype=np.int64)[v_rows]),
        (p_pc, p_product, p_all[G.TERM].to_numpy(dtype=np.int64)[p_rows]),
    )
    # Each per-row array (6 MiB at 800,000 rows) goes as soon as what is made of it is made:
    # the sums below and the gap rows after them are the comparison's peak.
    del p_pc_all, target, is_comparable, p_in, v_product_all
    v_key = v_pc * codes.products + v_product
    p_key = p_pc * codes.products + p_product
    v_sum = sum_by_key(v_key, vendor.groups, v_rows)
    del v_rows, v_pc, v_product, v_key
    # The PSA keys factorized once: the sums and the pairing details group by the same codes.
    p_coded = pd.factorize(p_key, sort=False)
    p_extra = psa_extra(p_all, first_rows(p_coded[0], len(p_coded[1]), p_rows), p_rows, p_coded[0])
    # The targeting's own columns (target, score, how, rests-on: ~60 MiB at 60,000 clients)
    # are read by nothing past here: the gap rows read the PSA groups' names and currencies,
    # which the targeting shares with the groups themselves. Dropped before the PSA side is
    # summed, so the two are never held at once: the seats and money the sums read are the
    # groups' own columns, which the targeting shares unchanged (it writes only its own).
    del p_all
    p_sum = sum_by_key(p_key, psa.groups, p_rows, coded=p_coded)
    del p_coded, p_rows, p_pc, p_product, p_key
    # Handed back, not only freed: the gap rows are Python objects, which Python keeps in
    # pages of its own, never in the C heap's free space these arrays leave (tens of MiB
    # at 60,000 clients would sit under the gap rows' peak).
    release_unused()
    joined = outer_join(
        v_sum.key, p_sum.key, codes.products, codes.client_rank(), codes.product_rank()
    )
    context = Context(vendor, psa, matching, as_of=as_of, rates=rates or {})
    context.vendor_rests = overruled.pending_vendor
    sides = Sides(vendor.groups, v_sum, psa.groups, p_sum, p_extra, joined)
    # The join's sort and search arrays are garbage now (about 50 MiB at 60,000 clients):
    # handed back before the gap rows, Python objects that never reuse the C heap's space.
    release_unused()
    table = gaps_of(sides, codes, context)
    # The seat rows read the join and each side's seats alone: the sums' other columns, the
    # PSA pairing details and the join's own copy go first (about 60 MiB at 60,000 clients,
    # under the seat rows, the run's peak, with the gaps' objects built).
    seat_of = SeatSides(joined, v_sum.qty, p_sum.qty, v_sum.first)
    del sides, v_sum, p_sum, p_extra, joined
    # The gap rows' own temporaries and the sums likewise, before the seat rows are taken.
    release_unused()
    seats = _seat_rows(seat_of, codes, context, vendor)
    del seat_of
    return Comparison(
        table.gaps,
        seats,
        unmapped,
        tuple(
            sorted(
                (*outcome.questions, *overruled.questions),
                key=lambda q: (-q.money_at_stake, q.psa_product),
            )
        ),
        tuple(context.currency_pairs),
        table,
    )


def _product_names(side: SideGroups) -> dict[str, str]:
    """Product key -> its name, for one side."""
    return {key: identity.name for key, identity in side.products.items()}


def _reading_rows(
    vendor: SideGroups,
    psa: SideGroups,
    matching: ClientMatching,
    codes: Codes,
    p_all: pd.DataFrame,
    at: tuple[IntArray, IntArray, IntArray, IntArray],
    comparable: npt.NDArray[np.bool_],
) -> Rows:
    """The arrays :func:`recon.engine.readings.weigh_readings` reads: which PSA rows a name
    rule read (the catalogue, not a person), at matched clients, compared, with seats.

    Args:
        at: each PSA row's target and client codes; each vendor row's PSA client code and
            product code.
    """
    target, p_pc, v_pc, v_product = at
    matched = np.zeros(len(codes.client_text) + 1, dtype=bool)
    for identity in set(matching.vendor_to_psa.values()) - matching.held_psa:
        matched[codes.psa_index[identity]] = True
    p_matched = np.where(matched[p_pc], p_pc, -1)  # -1 indexes the extra False at the end
    qty = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    billed = comparable & (p_matched >= 0)
    by_rule = {
        key
        for key, identity in psa.products.items()
        if identity.method is ProductMethod.CATALOGUE
        and not identity.tolerant
        and key in vendor.products
    }
    # One unit per identity, or per spelling where several spellings read as one identity.
    if psa.spellings is not None and len(psa.spellings) == len(p_all):
        # Spellings of one text on several terms ("M365 Business", "M365 Business -
        # Annual") are weighed as one: the seats of a client's terms add up.
        families, unit_keys = family_units(psa.spelling_keys, psa.spelling_names)
        unit = families[psa.spellings]
    else:
        found, uniques = pd.factorize(p_all[G.PRODUCT], sort=False)
        unit, unit_keys = found.astype(np.int64), [str(k) for k in uniques]
    by_rule_unit = np.array([k in by_rule for k in unit_keys] + [False], dtype=bool)
    spelled_unit = np.array([k in psa.spelled for k in unit_keys] + [False], dtype=bool)
    return Rows(
        p_pc=p_matched,
        p_target=target,
        p_unit=unit,
        p_qty=qty,
        rule=billed & (qty > 0) & by_rule_unit[unit],
        spelled=spelled_unit[unit],
        billed=billed,
        v_pc=v_pc,
        v_product=v_product,
        v_qty=vendor.groups[G.QTY].fillna(0).to_numpy(dtype=np.int64),
        products=codes.products,
        p_cost=p_all[G.COST].to_numpy(dtype=np.int64),
        v_cost=vendor.groups[G.UNIT_ANY].to_numpy(dtype=np.int64),
    )


def learn_product_pairs(
    vendor: SideGroups,
    psa: SideGroups,
    pairing: Mapping[str, ProductPairing],
    *,
    ranked: Mapping[str, Sequence[TextCandidate]] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
    texts: TextScores | None = None,
) -> dict[str, ProductPairing]:
    """The product pairing, with what the seats say at the clients whose names agree exactly.

    Client matching weighs shared (product, seats) lines, so it needs to know which PSA
    product is which vendor product before it runs. The clients whose name keys are equal on
    both sides (most of them) already say it: the same evidence pass the comparison runs
    (:func:`recon.engine.questions.weigh_unmapped`) is run on them alone, and its confident pairings
    are added. Nothing here is reported; the comparison weighs again with every match.

    Args:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        pairing: PSA product keys paired by name (:func:`recon.match.pair_products`).
        ranked: each unpaired PSA product's text candidates (default: none).
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        texts: the run's name comparisons, shared with :func:`compare` (default: a new one).

    Returns:
        ``pairing`` with the seats' confident pairings over it.
    """
    # A key two PSA companies share is no evidence of which one a vendor client is.
    psa_keys = {c.key: c.identity for c in psa.clients if SPELLING_SEP not in c.identity}
    exact = {
        c.identity: psa_keys[c.key]
        for c in vendor.clients
        if c.key in psa_keys and SPELLING_SEP not in c.identity
    }
    if not exact:
        return dict(pairing)
    matching = ClientMatching((), (), exact, frozenset(), (), ())
    codes = Codes(vendor, psa, matching)
    pc = codes_of(vendor.groups[G.CLIENT], codes.vendor_pc)
    v = vendor_by_psa_client(vendor.groups, pc, codes)
    p_all, target = psa_targets(psa.groups, pairing, codes, weighed=True)
    comparable = pd.Series(member(p_all[TARGET], set(vendor.products)), index=p_all.index)
    keys = _row_keys(
        (pc[pc >= 0], codes_of(vendor.groups[G.PRODUCT], codes.product_index)[pc >= 0]),
        codes_of(p_all[G.CLIENT], codes.psa_index),
        codes_of(p_all[G.PRODUCT], codes.product_index),
        codes.products,
        target,
    )
    outcome = weigh_unmapped(
        v,
        p_all,
        comparable,
        matching,
        vendor,
        psa,
        ranked=ranked or {},
        brands=brands,
        rejected=rejected,
        paired=frozenset(pairing),
        texts=texts,
        acted_only=True,
        keys=keys,
    )
    return {**pairing, **outcome.acted}


def _row_keys(
    vendor: tuple[IntArray, IntArray],
    p_pc: IntArray,
    own: IntArray,
    width: int,
    target: IntArray,
) -> RowKeys:
    """The evidence pass's row keys from the join's codes: the vendor rows it reads (those
    of a compared client) and every PSA row, compared as ``target``."""
    return RowKeys.coded(vendor, (p_pc, target, own), width)


@dataclass(frozen=True, slots=True)
class SeatSides:
    """What the seat rows read of the comparison: the join, each side's summed seats and the
    vendor sums' first group rows (the rest of the sums is let go before them)."""

    joined: Joined
    v_qty: IntArray
    p_qty: IntArray
    v_first: npt.NDArray[np.integer]


def _seat_rows(
    sides: SeatSides, codes: Codes, context: Context, vendor: SideGroups
) -> pd.DataFrame:
    """One seat-history row per compared (client, product), both sides' seats in milli-seats;
    none for a product only ended lines kept as evidence show, billed by nobody."""
    j = sides.joined
    v_qty, p_qty = take(sides.v_qty, j.v), take(sides.p_qty, j.p)
    aside = evidence_seats(vendor, sides.v_first, j.v, v_qty, p_qty)
    if aside.any():
        keep = ~aside
        j = Joined(j.key[keep], j.v[keep], j.p[keep])
        v_qty, p_qty = v_qty[keep], p_qty[keep]
    if not len(j):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SeatCol.ALL})
    clients, client_rows = distinct_of(j.key // codes.products)
    client_keys, client_names = context.keys_and_names(
        [codes.client_text[c] for c in clients.tolist()]
    )
    products, product_rows = distinct_of(j.key % codes.products)
    keys = [codes.product_text[k] for k in products.tolist()]
    return pd.DataFrame(
        {
            SeatCol.CLIENT_KEY: categorical_of(client_keys, client_rows),
            SeatCol.PRODUCT_KEY: categorical_of(keys, product_rows),
            SeatCol.CLIENT: categorical_of(client_names, client_rows),
            SeatCol.PRODUCT: categorical_of([context.product(k).name for k in keys], product_rows),
            # The seats taken above: taken again, two more per-pair columns (9 MiB at 60,000
            # clients) sat on the comparison's arrays as they were written.
            SeatCol.VENDOR_QTY: v_qty,
            SeatCol.PSA_QTY: p_qty,
        },
        # The seats are this frame's own arrays: not copied into one block beside them.
        copy=False,
    )
