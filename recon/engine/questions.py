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
from decimal import Decimal

import numpy as np
import pandas as pd

from recon.catalog.text import TextCandidate
from recon.engine.beside import named_beside
from recon.engine.columns import member
from recon.engine.doubt import doubtful_rows, outweighed, uncatalogued, upheld_clients
from recon.engine.groups import EXT_SCALE, SideGroups
from recon.engine.name_questions import (
    costless_asks,
    edition_questions,
    makers_agree,
    named_only,
)
from recon.engine.name_questions import undecided as _undecided
from recon.engine.offers import ranked_candidates
from recon.engine.pending import PENDING_CONFIDENCE, Pending, shows_pending
from recon.engine.question_keys import (
    RowKeys,
    acted_shortfall,
    distinct_texts,
    first_names,
    per_client,
    residual_seats,
    summed,
)
from recon.engine.second_products import mapped_seconds, mapped_texts, second_products
from recon.engine.shortfall_doubt import shortfall_seats
from recon.match import ClientMatching, ProductPairing
from recon.match.clients import shown_key
from recon.match.product_evidence import (
    ASK_TEXT,
    NAME_MARGIN,
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
    QTY_SCALE,
    G,
    MappingQuestion,
    ProductCandidate,
    ProductMethod,
    pending_on,
)
from recon.money import cents


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
    at_matched = member(p_all[G.CLIENT], matched)
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
            keys.seats(mine_keys[left], mine[G.QTY].iloc[np.flatnonzero(left)]),
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
        {PC: orphan_p[G.CLIENT], PSA_KEY: orphan_p[G.PRODUCT], QTY_P: orphan_p[G.QTY]}
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
    verdicts = weigh(
        orphan_p,
        orphan_v,
        psa_names,
        vendor_names,
        brands=brands,
        rejected=rejected,
        texts=texts,
        outweigh_tiers=True,
    )
    # Only a text as the PSA writes it names its maker: a catalogue reading's name is ours.
    written = {k: i.name for k, i in psa.products.items() if i.method is ProductMethod.NAME}
    verdicts, unasked = makers_agree(verdicts, written, vendor_names, brands)
    verdicts, costless = costless_asks(verdicts, p_all)
    unasked |= costless
    residual = residual_seats(
        mine.loc[~unbilled],
        mine_keys[~unbilled],
        billed_keys,
        p_all[G.QTY].to_numpy()[is_billed],
    )
    undecided = [k for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))]
    if len(residual) and undecided:
        # Only for products the unbilled lines left undecided: a shortfall is weaker evidence
        # than a vendor line nobody bills, and must not become a rival to one.
        rest = orphan_p.loc[member(orphan_p[PSA_KEY], set(map(str, undecided)))]
        both = pd.concat([orphan_v, residual], ignore_index=True)
        for key, verdict in weigh(
            rest,
            both,
            psa_names,
            vendor_names,
            brands=brands,
            rejected=rejected,
            texts=texts,
            apart=False,
        ).items():
            # It asks only where no unbilled line was plausible at all (beside one, a question
            # on a shortfall would hide the likelier pairing) and the names are alike: a
            # service line whose seats equal a real shortfall by chance must not hold it.
            if verdict.act is not None or (
                verdict.ask
                and _unlike_only(None if key in unasked else verdicts.get(key), verdict)
                and verdict.candidates[0].text.score >= ASK_TEXT
            ):
                verdicts[key] = verdict
    _split_lines(verdicts, orphan_p, orphan_v, psa_names, vendor_names, brands, rejected, texts)
    still = {str(k) for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))}
    # A name beside an unbilled line, and an edition-only text, only ever ask (never act).
    if still and not acted_only:
        verdicts.update(
            named_beside(orphan_p, orphan_v, still, psa_names, vendor_names, brands, rejected)
        )
    doubted = distinct_texts(p_all[G.PRODUCT], doubtful)
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
    everywhere = p_all.loc[
        member(p_all[G.PRODUCT], set(asked)) & ~member(p_all[G.CLIENT], matching.held_psa),
        [G.CLIENT, G.PRODUCT, G.QTY],
    ]
    questions, held, pending = _questions(
        asked, candidates, orphan_p, loose, mine, psa, psa_names, vendor_names, everywhere
    )
    # A second product the text bills at a client is what it is there, question or not.
    seconds = second_products(
        verdicts, orphan_p, orphan_v, mine, lines_p, names=(psa_names, vendor_names)
    )
    pending = {**pending, **seconds}
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
    held_psa = frozenset(
        (pc, key)
        for key, verdict in asked.items()
        for pc in verdict.candidates[0].held
        if (pc, key) not in pending
    )
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


def _split_lines(
    verdicts: dict[str, Verdict],
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
    texts: TextScores,
) -> None:
    """Weigh the texts still undecided against what the texts just paired leave unbilled.

    A client buying many products often holds one on two terms, billed on two PSA lines;
    where neither spelling maps, the seats pair the first where it is alone, and at the
    split clients the second makes up exactly the first's shortfall. Only a pairing the
    seats alone would make counts (:func:`recon.match.product_evidence.weigh`'s own bars,
    against every client of the text): a question here would rest on a remainder.
    """
    acted = {key: verdict.act for key, verdict in verdicts.items() if verdict.act is not None}
    undecided = {str(k) for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))}
    if not acted or not undecided:
        return
    short = acted_shortfall(orphan_p, orphan_v, acted)
    if short.empty:
        return
    rest = orphan_p.loc[member(orphan_p[PSA_KEY], undecided)]
    found = weigh(
        rest,
        short,
        psa_names,
        vendor_names,
        brands=brands,
        rejected=rejected,
        texts=texts,
        apart=False,
    )
    for key, verdict in found.items():
        if verdict.act is not None:
            verdicts[key] = verdict


def _unlike_only(beside: Verdict | None, shortfall: Verdict) -> bool:
    """True when the unbilled lines said nothing that a question on a shortfall would hide.

    Beside a plausible unbilled line the shortfall is the weaker witness, unless that line
    agrees nowhere and its name is unlike the text by :data:`NAME_MARGIN` more than the
    shortfall's product ("SW - Teams Room License" 3 beside an unbilled "Exchange Online
    (Plan 1)" of 4, and making up exactly the shortfall of "Microsoft Teams Rooms Pro"): then
    the seats near by chance are no likelier pairing.
    """
    if beside is None:
        return True
    best = shortfall.candidates[0]
    return best.agree > 0 and all(
        c.agree + c.near == 0 and c.text.score + NAME_MARGIN <= best.text.score
        for c in beside.candidates
    )


def _others(
    loose: pd.DataFrame,
    asked: Mapping[str, Verdict],
    at: Mapping[str, Collection[str]],
    seats: Mapping[tuple[str, str], int],
    vendor_seats: Mapping[tuple[str, str], int],
) -> dict[tuple[str, str], set[int]]:
    """(client, asked PSA key) -> the seats of the client's other PSA lines nothing compares
    (``loose``: PSA groups), at the few clients of ``at`` (asked PSA key -> clients) where a
    question's vendor seats exceed the billed ones (only those are looked up)."""
    short = {
        (pc, psa_key)
        for psa_key, verdict in asked.items()
        for pc in at.get(psa_key, ())
        if vendor_seats.get((pc, verdict.candidates[0].vendor_key), 0) > seats.get((pc, psa_key), 0)
    }
    if not short:
        return {}
    rows = loose.loc[member(loose[G.CLIENT], {pc for pc, _ in short})]
    by_client: dict[str, list[tuple[str, int]]] = {}
    for (pc, key), qty in summed(rows, [G.CLIENT, G.PRODUCT], G.QTY).items():
        by_client.setdefault(pc, []).append((key, qty))
    return {
        (pc, psa_key): {qty for key, qty in by_client.get(pc, ()) if key != psa_key}
        for pc, psa_key in short
    }


def _questions(
    asked: Mapping[str, Verdict],
    candidates: Mapping[str, tuple[ProductCandidate, ...]],
    orphan_p: pd.DataFrame,
    loose: pd.DataFrame,
    vendor_rows: pd.DataFrame,
    psa: SideGroups,
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    everywhere: pd.DataFrame,
) -> tuple[tuple[MappingQuestion, ...], frozenset[tuple[str, str]], dict[tuple[str, str], Pending]]:
    """One question per asked PSA product, holding its best candidate's rows where the seats
    agree; everywhere else the PSA rows are compared as that candidate for now (pending).

    Args:
        everywhere: the asked products' PSA groups at every client not in review (matched
            or not): beside no vendor line, "yes" implies the vendor does not sell it there.
    """
    if not asked:
        return (), frozenset(), {}
    written = first_names(psa.groups, set(asked))
    billed_at: dict[str, set[str]] = {}
    for pc, key in zip(
        everywhere[G.CLIENT].astype(str).tolist(),
        everywhere[G.PRODUCT].astype(str).tolist(),
        strict=True,
    ):
        billed_at.setdefault(key, set()).add(pc)
    # Every client billing the text is compared as the question's best candidate for now:
    # the gap a "yes" implies shows, resting on the question (a quantity gap where the vendor
    # sells the candidate, whether or not another line bills it; "missing in vendor" where
    # it does not, or where the client is not in the vendor file at all). Where the seats
    # agree no quantity gap arises, and only a price below cost can show.
    at = {
        psa_key: set(verdict.candidates[0].held) | billed_at.get(psa_key, set())
        for psa_key, verdict in asked.items()
    }
    # Every lookup below is at a client some question concerns: only those rows are summed.
    concerned = set().union(*at.values())
    # The keys gaps are stored under: two PSA companies sharing a key keep theirs apart.
    client_keys = {
        c.identity: shown_key(c.identity) for c in psa.clients if c.identity in concerned
    }
    # Plain dicts over only the rows a question can hold: one hash lookup per held row. A
    # key can repeat (two vendor tenants or two terms of one PSA client): its rows add up.
    best_keys = {verdict.candidates[0].vendor_key for verdict in asked.values()}
    held_rows = vendor_rows.loc[
        member(vendor_rows[PC], concerned) & member(vendor_rows[G.PRODUCT], best_keys),
        [PC, G.PRODUCT, G.EXT, G.QTY],
    ]
    cost = summed(held_rows[[PC, G.PRODUCT, G.EXT]], [PC, G.PRODUCT], G.EXT)
    vendor_seats = summed(held_rows[[PC, G.PRODUCT, G.QTY]], [PC, G.PRODUCT], G.QTY)
    asked_seats = orphan_p.loc[
        member(orphan_p[PSA_KEY], set(asked)) & member(orphan_p[PC], concerned),
        [PC, PSA_KEY, QTY_P],
    ]
    seats = summed(asked_seats, [PC, PSA_KEY], QTY_P)
    others = _others(loose, asked, at, seats, vendor_seats)
    # A question no seats weighed (an edition-only text) counts the seats it bills anywhere.
    ghost: dict[str, list[int]] = {}
    for key, qty in zip(
        everywhere[G.PRODUCT].astype(str).tolist(),
        everywhere[G.QTY].fillna(0).astype("int64").tolist(),
        strict=True,
    ):
        if not asked[key].candidates[0].held:
            ghost.setdefault(key, []).append(int(qty))
    held: set[tuple[str, str]] = set()
    pending: dict[tuple[str, str], Pending] = {}
    out = []
    for psa_key, verdict in asked.items():
        best = verdict.candidates[0]
        rows = [(pc, best.vendor_key) for pc in best.held]
        money = sum(int(cost.get(row, 0) or 0) for row in rows)
        qty = sum(int(seats.get((pc, psa_key), 0)) for pc in best.held)
        name = str(written.get(psa_key, psa_names[psa_key]))
        vendor_name = vendor_names.get(best.vendor_key, best.vendor_key)
        agree = {
            pc
            for pc in best.held
            if seats.get((pc, psa_key), 0) == vendor_seats.get((pc, best.vendor_key), 0)
        }
        # Unless another unmapped PSA line at that client bills exactly the seats missing
        # ("Frontline F1" 3 + "365 F1" 1 against 4 bought): the difference is most likely
        # there, so the question stays the one statement and holds both lines.
        waits = {
            pc
            for pc in at[psa_key]
            if (vendor_seats.get((pc, best.vendor_key), 0) - seats.get((pc, psa_key), 0))
            in others.get((pc, psa_key), ())
        }
        if not shows_pending(verdict.candidates):
            waits = set(at[psa_key])  # every weighed row held, nothing shown pending
        rests_on = pending_on(name, vendor_name)
        score = min(best.score, 100.0 * PENDING_CONFIDENCE)
        late = best.agree + best.near == 0
        for pc in at[psa_key] - waits:
            pending[(pc, psa_key)] = Pending(best.vendor_key, rests_on, score, late)
        held.update(row for row in rows if row[0] in waits)
        differ = at[psa_key] - waits - agree
        shown = (
            f"; where the seats differ ({len(differ)} client(s)) the gap shows now, pending "
            "the answer"
            if differ
            else ""
        )
        # The question is about the candidate whose seats it holds: that one comes first.
        offered = sorted(
            candidates.get(psa_key, ()), key=lambda c: c.product_key != best.vendor_key
        )
        out.append(
            MappingQuestion(
                psa_product=name,
                product_key=psa_key,
                candidates=tuple(offered),
                clients=len(best.held) or len(at[psa_key]),
                seats=Decimal(qty or sum(ghost.get(psa_key, ()))) / QTY_SCALE,
                money_at_stake=cents(Decimal(money) / EXT_SCALE),
                reason=(
                    f"the vendor file has no {name!r}; at {len(best.held)} client(s) it sits "
                    f"beside an unbilled {vendor_name!r} ({best.why()}){shown}"
                    if best.held
                    else f"the vendor file has no {name!r}, billed at {len(at[psa_key])} "
                    f"client(s): {best.text.how}; where the vendor does not sell it the gap "
                    "shows now, pending the answer"
                ),
                # Undecided until answered: a gap stored there is neither shown nor fixed.
                held=frozenset(
                    (client_keys.get(pc, pc), key) for pc, key in rows if pc in agree | waits
                ),
            )
        )
    out.sort(key=lambda q: (-q.money_at_stake, q.psa_product))
    return tuple(out), frozenset(held), pending
