"""PSA products the vendor file does not carry: pair them on evidence, ask about them, or list them.

This is the glue between the comparison (:mod:`recon.engine.compare`) and the evidence rules
(:mod:`recon.match.product_evidence`, where the thresholds are documented): it finds, at the
matched clients, the PSA lines whose product the vendor file lacks and the vendor lines no PSA
line bills, weighs them, and turns the verdicts into pairings to act on, one
:class:`~recon.model.MappingQuestion` per product a person should decide (holding its seats
out of every gap), and ranked :class:`~recon.model.ProductCandidate` lists for the rest.

Every line of an asked text, at every client not in review, is compared for now as the
question's best candidate, and whatever gap the answer "yes" implies is reported now, as a
*pending* gap (:attr:`~recon.model.Gap.rests_on` names the question; its confidence is at most
:data:`PENDING_CONFIDENCE`): a quantity gap where the seats differ, "missing in vendor" at a
client the vendor does not sell it to (or that is not in the vendor file), a price below cost
where the seats agree. Where the seats agree the question stays the one statement about the
seats. A billing lead sees the money before anyone answers, and a "no" withdraws it
(:mod:`recon.store._lifecycle`). A question whose best candidate scores under
:data:`~recon.engine.pending.PENDING_SCORE`, and whose seats do not point at that candidate
alone (:func:`~recon.engine.pending.shows_pending`), is a guess: it holds the seats it weighed
and shows nothing pending.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recon.catalog.text import TextCandidate
from recon.engine.asked_questions import questions_for
from recon.engine.beside import named_beside
from recon.engine.bundle_questions import BundleAsk, bundle_questions, with_bundles
from recon.engine.columns import member
from recon.engine.cost_candidates import cost_reread, cost_ruled
from recon.engine.doubt import doubtful_rows, outweighed, uncatalogued, upheld_clients
from recon.engine.groups import SideGroups
from recon.engine.guess_asks import guess_asks
from recon.engine.kind_beside import kind_beside
from recon.engine.kind_guesses import catalogue_kinds, kind_guesses
from recon.engine.kind_makers import asked_about, guess_yields, other_maker
from recon.engine.kind_unsold import kind_unsold
from recon.engine.name_questions import (
    costless_asks,
    edition_questions,
    makers_agree,
    named_only,
)
from recon.engine.name_questions import undecided as _undecided
from recon.engine.offers import ranked_candidates
from recon.engine.office_seats import folded_column, spread_to_offices, with_offices
from recon.engine.pending import Pending
from recon.engine.question_keys import (
    RowKeys,
    distinct_texts,
    per_client,
    residual_seats,
)
from recon.engine.second_products import mapped_seconds, mapped_texts, second_products
from recon.engine.shortfall_doubt import shortfall_seats, unbilled_seats
from recon.engine.undecided_seats import split_lines, weigh_shortfalls
from recon.match import ClientMatching, ProductPairing
from recon.match.product_evidence import (
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    TextScores,
    Verdict,
    isin_ints,
    weigh,
)
from recon.model import (
    G,
    MappingQuestion,
    ProductCandidate,
    ProductMethod,
)


@dataclass(frozen=True, slots=True)
class ProductOutcome:
    """What the evidence pass decided about the PSA products the vendor file lacks.

    Attributes:
        acted: PSA key -> the vendor product to compare it as (strong evidence).
        questions: one question per PSA product a person should map, most money first.
        held_vendor: (client identity, vendor key) rows the questions hold out of every gap
            (a weak question's rows, or where another unmapped line holds the difference).
        pending: (client identity, PSA key) -> the vendor product it is compared as for now:
            its gap, if any, rests on the question.
        held_psa: (client identity, PSA key) rows the questions hold with the vendor's: a
            product still compared as its name's pairing (doubted) waits there too.
        asked: PSA keys that are in a question (not listed as unmapped).
        candidates: PSA key -> its ranked candidates, for the unmapped list.
    """

    acted: dict[str, ProductPairing] = field(default_factory=dict)
    questions: tuple[MappingQuestion, ...] = ()
    held_vendor: frozenset[tuple[str, str]] = frozenset()
    pending: Mapping[tuple[str, str], Pending] = field(default_factory=dict)
    asked: frozenset[str] = frozenset()
    candidates: Mapping[str, tuple[ProductCandidate, ...]] = field(default_factory=dict)
    held_psa: frozenset[tuple[str, str]] = frozenset()


def weigh_unmapped(
    v: pd.DataFrame,
    p_all: pd.DataFrame,
    comparable: pd.Series,
    matching: ClientMatching,
    vendor: SideGroups,
    psa: SideGroups,
    *,
    ranked: Mapping[str, Sequence[TextCandidate]],
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
    paired: Collection[str] = frozenset(),
    texts: TextScores | None = None,
    acted_only: bool = False,
    keys: RowKeys | None = None,
    unshown: Collection[str] | None = None,
) -> ProductOutcome:
    """Weigh the seats at each matched client for the PSA products the vendor file lacks.

    Args:
        v: vendor groups re-keyed by PSA client (``pc``), as :mod:`recon.engine.compare`
            builds them.
        p_all: PSA groups with their comparison ``target``.
        comparable: which rows of ``p_all`` the vendor file carries.
        matching: the client pairing.
        vendor: the vendor side's groups and product identities.
        psa: the PSA side's.
        ranked: PSA key -> its text candidates (:func:`recon.catalog.text.rank_products`).
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        paired: PSA keys paired with a vendor product by name alone (their pairing is
            weighed again where the seats contradict it).
        texts: the run's name comparisons, shared by its passes (default: a new one).
        acted_only: work out only the pairings to act on (the rest of the outcome left
            empty): what :func:`recon.engine.compare.learn_product_pairs` keeps. The
            questions, candidates and per-client seconds are then never built.
        keys: each row's (client, product) keys, when the caller holds the codes already
            (default: coded here from the text columns).
        unshown: the PSA clients held in review whose gaps the comparison cannot show
            (default: ``matching.held_psa``). A pair compared pending its review is weighed
            as no evidence, but its lines of an asked text are compared as the question's
            candidate like any shown client's.

    Returns:
        Pairings to act on, questions, held rows and every unmapped product's candidates.
    """
    matched = set(matching.vendor_to_psa.values()) - matching.held_psa
    eligible = {
        key
        for key, identity in psa.products.items()
        if identity.method is ProductMethod.NAME or identity.tolerant
    }
    # A product the catalogue knows by name but the vendor file sells nowhere is most likely
    # the vendor's product under a name the catalogue lacks ("DNS Filter" where the vendor
    # sells a "Pro" edition, a plan the vendor names by its configuration): the seats may pair
    # it, and they may hold it in a question only beside a vendor product the catalogue does
    # not know (beside another catalogued product, both statements are real).
    unsold = {
        key
        for key, identity in psa.products.items()
        if identity.method is ProductMethod.CATALOGUE
        and not identity.tolerant  # a tolerant lookup is a guess: it may still be asked
        and key not in vendor.products
    }
    eligible |= unsold
    # A family's offices are the client they are compared as (their rows' keys are its).
    at_matched = member(p_all[G.CLIENT], with_offices(matched, matching.same_client))
    # Clients and products as integer codes, once: every membership test, grouping and sum
    # of this pass works on int64 keys (client code x products + product code).
    keys = keys if keys is not None else RowKeys.of(v, p_all)
    is_mine = member(v[PC], matched) & (v[G.QTY].fillna(0) > 0).to_numpy()
    mine = v.loc[is_mine]
    mine_keys = keys.vendor[is_mine]
    compared = comparable.to_numpy()
    left = ~isin_ints(mine_keys, keys.target[compared & at_matched])
    # Whether the vendor sells each PSA row's target at its client: looked up once, read by
    # the doubt below and by the upheld rows after the weighing.
    sold_here = isin_ints(keys.target, mine_keys)
    doubtful = doubtful_rows(
        p_all,
        compared & at_matched,
        mine_keys,
        eligible | set(paired),
        keys.target,
        seats=(
            keys.seats(keys.psa, p_all[G.QTY]),
            unbilled_seats(
                mine_keys[left],
                mine[G.QTY].iloc[np.flatnonzero(left)].fillna(0).to_numpy(dtype=np.int64),
                keys.width,
            ),
        ),
        held_qty=mine[G.QTY].fillna(0).to_numpy(dtype=np.int64),
        short=shortfall_seats(
            mine_keys,
            mine[G.QTY].fillna(0).to_numpy(dtype=np.int64),
            keys.target[compared & at_matched],
            p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)[compared & at_matched],
            keys.width,
        ),
        sold=sold_here,
    )
    in_play = (~compared & at_matched & member(p_all[G.PRODUCT], eligible)) | doubtful
    # Only the three columns read: the PSA groups carry a dozen more per row.
    orphan_p = p_all.loc[in_play, [G.CLIENT, G.PRODUCT, G.QTY]]
    # One row per line as grouped (a text no rule reads keeps its lines apart), then per client.
    lines_p = pd.DataFrame(
        {
            PC: folded_column(orphan_p[G.CLIENT], matching.same_client),
            PSA_KEY: orphan_p[G.PRODUCT],
            QTY_P: orphan_p[G.QTY],
        }
    )
    orphan_p = per_client(lines_p, keys.psa[in_play])
    is_billed = compared & ~doubtful
    billed_keys = keys.target[is_billed]
    unbilled = ~isin_ints(mine_keys, billed_keys)
    orphan_v = mine.loc[unbilled]
    orphan_v = per_client(
        pd.DataFrame(
            {
                PC: orphan_v[PC],
                VENDOR_KEY: orphan_v[G.PRODUCT],
                QTY_V: orphan_v[G.QTY].astype("int64"),
            }
        ),
        mine_keys[unbilled],
    )
    psa_names = {k: i.name for k, i in psa.products.items()}
    vendor_names = {k: i.name for k, i in vendor.products.items()}
    texts = texts if texts is not None else TextScores(brands)
    doubted = distinct_texts(p_all[G.PRODUCT], doubtful)
    verdicts = weigh(
        orphan_p,
        orphan_v,
        psa_names,
        vendor_names,
        brands=brands,
        rejected=rejected,
        texts=texts,
        outweigh_tiers=True,
        list_held=not acted_only,  # the pairings alone are read: no client lists
        named=frozenset(doubted),
    )
    # Only a text as the PSA writes it names its maker: a catalogue reading's name is ours.
    written = {k: i.name for k, i in psa.products.items() if i.method is ProductMethod.NAME}
    verdicts, unasked = makers_agree(verdicts, written, vendor_names, brands)
    verdicts, costless = costless_asks(verdicts, p_all)
    verdicts = cost_ruled(verdicts, p_all, v, vendor_names)
    unasked |= costless
    residual = residual_seats(
        mine.loc[~unbilled],
        mine_keys[~unbilled],
        billed_keys,
        p_all[G.QTY].to_numpy()[is_billed],
    )
    names = (psa_names, vendor_names)
    weigh_shortfalls(
        verdicts,
        unasked,
        orphan_p,
        orphan_v,
        residual,
        names,
        brands,
        rejected,
        texts,
        list_held=not acted_only,
    )
    split_lines(
        verdicts, orphan_p, orphan_v, names, brands, rejected, texts, list_held=not acted_only
    )
    still = {str(k) for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))}
    # A name beside an unbilled line, and an edition-only text, only ever ask (never act).
    bundles: dict[str, BundleAsk] = {}
    if still and not acted_only:
        named = named_beside(orphan_p, orphan_v, still, psa_names, vendor_names, brands, rejected)
        verdicts.update(named)
        # A line billing two products asks one question naming both (never acts).
        bundles = bundle_questions(
            orphan_p, orphan_v, still - set(named), psa_names, vendor_names, rejected
        )
        verdicts.update({key: ask.verdict for key, ask in bundles.items()})
        # A text naming only a kind, beside the one product of it here at its cost: asked.
        kinds = still - set(named) - set(bundles)
        verdicts.update(kind_beside(orphan_p, orphan_v, kinds, names, (p_all, v), rejected))
    # Doubted at every matched client that bills it: the name's pairing rests on nothing in
    # this file, so the seats may raise a question like on any unmapped product.
    # Upheld only where the vendor sells the name's product at that client: a client that
    # bills the text beside no such line (its seats merely too far apart to doubt it alone)
    # contradicts the name as much as the one that doubted it ("Email Security" read as one
    # maker's product at two clients that both buy another maker's).
    upheld_rows = compared & at_matched & ~doubtful & sold_here
    upheld = distinct_texts(p_all[G.PRODUCT], upheld_rows)
    upheld_at = upheld_clients(
        p_all,
        upheld_rows,
        doubted & upheld & set(verdicts),
        keys.target,
        (mine_keys, mine[G.QTY].fillna(0).to_numpy(dtype=np.int64)),
    )
    for key in (doubted | unsold) & set(verdicts):
        if outweighed(verdicts[key], upheld_at.get(key, 0)):
            # The name's pairing stands: its doubted rows stay compared as the name says.
            verdicts[key] = dataclasses.replace(verdicts[key], act=None, ask=False)
            continue
        if key not in doubted and uncatalogued(verdicts[key], vendor):
            # The vendor names its product in words the catalogue lacks ("Windows 365
            # Business 2 vCPU, ..." for "Windows 365 Business"): the catalogue cannot say
            # they differ, so a person is asked rather than told two things about one seat.
            continue
        if key in doubted and key not in upheld:
            continue
        # A name already paired it: the seats may re-pair it, never hold it in a question.
        verdicts[key] = dataclasses.replace(verdicts[key], ask=False)
    if acted_only:
        return ProductOutcome(acted=_acted(verdicts))
    verdicts.update(
        edition_questions(p_all, compared, matching, psa, vendor_names, verdicts, rejected)
    )
    open_rows = ~compared & ~member(p_all[G.CLIENT], matching.held_psa)
    verdicts.update(
        named_only(p_all, open_rows, mine, psa, ranked, vendor_names, verdicts, brands, rejected)
    )
    # A text naming only a kind, billed where nothing of that kind is bought: asked about
    # the file's one product of it, so the "missing in vendor" a "yes" implies shows.
    unread = {
        key
        for key, identity in psa.products.items()
        if (identity.method is ProductMethod.NAME or identity.tolerant)
        and _undecided(verdicts.get(key))
    }
    verdicts.update(
        kind_unsold(
            p_all,
            open_rows,
            (vendor.groups, mine, orphan_v),
            unread,
            names,
            brands,
            set(matching.vendor_to_psa.values()) | matching.held_psa,
            rejected,
        )
    )
    # Last, over every question the passes above raised: one whose product the text's own
    # unit cost rules out is asked about the product the cost and the seats point to.
    cost_reread(
        verdicts,
        (orphan_p, orphan_v, residual),
        p_all,
        v,
        names,
        brands=brands,
        rejected=rejected,
        texts=texts,
    )
    # A text asked about a product another text, paired on the seats, bills in full at a
    # client is, there, the one other product of its kind bought at its seats.
    by_other_maker = other_maker(verdicts, orphan_p, (p_all, mine), names, catalogue_kinds())
    for key in by_other_maker.decided:
        verdicts[key] = dataclasses.replace(verdicts[key], ask=False)
    for key, product in by_other_maker.repointed.items():
        verdicts[key] = asked_about(verdicts[key], product)
    # A brand guess whose maker is bought nowhere it sits, beside another maker's product of
    # its kind at other seats: one question about that product, not two gaps.
    guesses = {
        key
        for key, identity in psa.products.items()
        if identity.tolerant and _undecided(verdicts.get(key))
    }
    asked_p = orphan_p
    if guesses:
        by_guess = guess_asks(
            p_all, compared & at_matched, sold_here, guesses, orphan_v, names, catalogue_kinds()
        )
        verdicts.update(by_guess)
        # Their lines are compared, not orphaned: the question counts their seats too.
        at = compared & at_matched & member(p_all[G.PRODUCT], set(by_guess))
        lines = p_all.loc[at, [G.CLIENT, G.PRODUCT, G.QTY]]
        asked_p = pd.concat(
            [
                orphan_p,
                pd.DataFrame(
                    {
                        PC: folded_column(lines[G.CLIENT], matching.same_client),
                        PSA_KEY: lines[G.PRODUCT],
                        QTY_P: lines[G.QTY],
                    }
                ),
            ],
            ignore_index=True,
        )
    candidates = {
        key: ranked_candidates(verdicts.get(key), ranked.get(key, ()), vendor_names)
        for key in set(ranked) | set(verdicts)
    }
    acted = _acted(verdicts)
    asked = {key: verdict for key, verdict in verdicts.items() if verdict.ask}
    # PSA lines nothing compares: not doubted (still compared as its name's product), not
    # paired on the seats now (compared as the vendor product, beside the question's line).
    loose = p_all.loc[
        in_play & ~doubtful & ~member(p_all[G.PRODUCT], set(acted)), [G.CLIENT, G.PRODUCT, G.QTY]
    ]
    # Every line of an asked text, at every client a gap can be shown for (not in review):
    # where the question holds no seats, the gap a "yes" implies is shown now, pending it.
    if unshown is None:
        unshown = matching.held_psa
    everywhere = p_all.loc[
        member(p_all[G.PRODUCT], set(asked)) & ~member(p_all[G.CLIENT], unshown),
        [G.CLIENT, G.PRODUCT, G.QTY],
    ]
    questions, held, pending = questions_for(
        asked,
        candidates,
        asked_p,
        loose,
        mine,
        psa,
        psa_names,
        vendor_names,
        everywhere,
        same=matching.same_client,
    )
    questions, held = with_bundles(questions, held, pending, bundles, mine, vendor_names)
    # A second product the text bills at a client is what it is there, question or not.
    seconds = second_products(
        verdicts, orphan_p, orphan_v, mine, lines_p, names=(psa_names, vendor_names)
    )
    pending = {**pending, **seconds}
    # A text guessed as one maker's product by its kind's words ("Email Security"), at a
    # client buying another maker's product of that kind and none of the guessed one.
    guessed = {key for key, identity in psa.products.items() if identity.tolerant}
    if guessed:
        read_by_kind = kind_guesses(
            p_all,
            compared & at_matched & ~sold_here,
            guessed - set(acted),
            (orphan_p, orphan_v),
            names,
            catalogue_kinds(),
        )
        pending = {**read_by_kind, **pending}
        # Where another text is asked (or paired) as the guessed product at a client that
        # buys it, the guess yields: the one other product of its kind bought there.
        guessed_rows = (
            compared & at_matched & sold_here & member(p_all[G.PRODUCT], guessed - set(acted))
        )
        if guessed_rows.any() and (acted or pending):
            # The paired texts' rows only at the clients a guessed row sits at.
            near = member(p_all[G.CLIENT], set(p_all[G.CLIENT].loc[guessed_rows]))
            acted_at = p_all.loc[
                near & member(p_all[G.PRODUCT], set(acted)), [G.CLIENT, G.PRODUCT]
            ].astype(str)
            claims = {
                (c, t): Pending(vendor_key=acted[t].vendor_key, rests_on="", score=0.0)
                for c, t in acted_at.itertuples(index=False)
            }
            yielded = guess_yields(
                p_all, guessed_rows, {**claims, **pending}, mine, names, catalogue_kinds()
            )
            pending = {**pending, **yielded}
    # A text a person mapped may bill a second product at clients of its own all the same.
    mapped_rows = compared & at_matched & member(p_all[G.PRODUCT], mapped_texts(psa))
    if mapped_rows.any() and not orphan_v.empty:
        text = p_all.loc[mapped_rows, [G.CLIENT, G.PRODUCT, G.QTY]]
        lines = pd.DataFrame({PC: text[G.CLIENT], PSA_KEY: text[G.PRODUCT], QTY_P: text[G.QTY]})
        rows = per_client(lines, keys.psa[mapped_rows])
        pending = {
            **pending,
            **mapped_seconds(rows, orphan_v, mine, psa, vendor_names, texts, rejected, lines),
        }
    pending = {**pending, **by_other_maker.pending}
    # Weighed at a family's first company, its offices' rows are compared (or held) alike.
    pending = spread_to_offices(pending, matching.same_client)
    held_psa = frozenset(
        (pc, key)
        for key, verdict in asked.items()
        for pc in verdict.candidates[0].held
        if (pc, key) not in pending
    )
    held_psa = frozenset(spread_to_offices(dict.fromkeys(held_psa), matching.same_client))
    return ProductOutcome(
        acted, questions, held, pending, frozenset(asked), candidates, held_psa=held_psa
    )


def _acted(verdicts: Mapping[str, Verdict]) -> dict[str, ProductPairing]:
    """The pairings the seats alone are enough for: PSA key -> the vendor product."""
    return {
        key: ProductPairing(
            verdict.act,
            verdict.candidates[0].score,
            f"paired on seats: {verdict.candidates[0].why()}",
        )
        for key, verdict in verdicts.items()
        if verdict.act is not None
    }
