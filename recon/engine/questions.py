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
:data:`PENDING_SCORE` is a guess: it holds the seats it weighed and shows nothing pending.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog.text import CATALOGUE_PREFIX, TextCandidate
from recon.engine.beside import named_beside
from recon.engine.columns import member
from recon.engine.groups import EXT_SCALE, SideGroups
from recon.match import ClientMatching, ProductPairing
from recon.match.clients import shown_key
from recon.match.product_evidence import (
    ASK_TEXT,
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    Verdict,
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

TARGET = "target"
#: The column of the PSA groups saying which unanswered question a row's comparison rests on
#: ("" when decided): :func:`recon.engine.pairs.psa_targets` adds it, the pending rows set it.
REST = "rests_on"
_SHOWN = 5
#: A name-only product pairing is weighed again when the vendor lacks its target at this
#: share of the clients billing it (a right pairing misses only where a real gap is), and
#: at least this many of them.
DOUBT_SHARE = 0.5
DOUBT_CLIENTS = 3
#: A gap resting on an unanswered question is never surer than this: it is a statement only
#: if the answer is yes (0.5 is below every pairing the engine or a person decided).
PENDING_CONFIDENCE = 0.5
#: A question shows the gaps a "yes" implies only when its best candidate scores at least
#: this (the bar a name must reach to be worth asking about): below it, the question is a
#: guess (a service line beside a licence whose seats came close once), and its gaps wait.
PENDING_SCORE = 50.0


@dataclass(frozen=True, slots=True)
class Pending:
    """A PSA product at one client compared, for now, as a question's best candidate.

    Attributes:
        vendor_key: the candidate's product key (the gap's product key if the answer is yes).
        rests_on: the question, in words (:func:`recon.model.pending_on`).
        score: the candidate's score (0-100), capped at :data:`PENDING_CONFIDENCE`.
    """

    vendor_key: str
    rests_on: str
    score: float


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
        asked: PSA keys that are in a question (not listed as unmapped).
        candidates: PSA key -> its ranked candidates, for the unmapped list.
    """

    acted: dict[str, ProductPairing] = field(default_factory=dict)
    questions: tuple[MappingQuestion, ...] = ()
    held_vendor: frozenset[tuple[str, str]] = frozenset()
    pending: Mapping[tuple[str, str], Pending] = field(default_factory=dict)
    asked: frozenset[str] = frozenset()
    candidates: Mapping[str, tuple[ProductCandidate, ...]] = field(default_factory=dict)


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
    mine = v.loc[member(v[PC], matched) & (v[G.QTY].fillna(0) > 0).to_numpy()]
    held_keys = pd.MultiIndex.from_frame(mine[[PC, G.PRODUCT]])
    doubtful = _doubtful(
        p_all, comparable.to_numpy() & at_matched, held_keys, eligible | set(paired)
    )
    in_play = (~comparable.to_numpy() & at_matched & member(p_all[G.PRODUCT], eligible)) | doubtful
    orphan_p = p_all.loc[in_play]
    orphan_p = _per_client(
        pd.DataFrame({PC: orphan_p[G.CLIENT], PSA_KEY: orphan_p[G.PRODUCT], QTY_P: orphan_p[G.QTY]})
    )
    billed = p_all.loc[comparable.to_numpy() & ~doubtful, [G.CLIENT, TARGET]].drop_duplicates()
    billed_keys = pd.MultiIndex.from_frame(billed.rename(columns={G.CLIENT: PC}))
    unbilled = ~held_keys.isin(billed_keys)
    orphan_v = mine.loc[unbilled]
    orphan_v = _per_client(
        pd.DataFrame(
            {
                PC: orphan_v[PC],
                VENDOR_KEY: orphan_v[G.PRODUCT],
                QTY_V: orphan_v[G.QTY].astype("int64"),
            }
        )
    )
    psa_names = {k: i.name for k, i in psa.products.items()}
    vendor_names = {k: i.name for k, i in vendor.products.items()}
    verdicts = weigh(orphan_p, orphan_v, psa_names, vendor_names, brands=brands, rejected=rejected)
    residual = _residual(mine.loc[~unbilled], p_all.loc[comparable.to_numpy() & ~doubtful])
    undecided = [k for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))]
    if len(residual) and undecided:
        # Only for products the unbilled lines left undecided: a shortfall is weaker evidence
        # than a vendor line nobody bills, and must not become a rival to one.
        rest = orphan_p.loc[member(orphan_p[PSA_KEY], set(map(str, undecided)))]
        both = pd.concat([orphan_v, residual], ignore_index=True)
        for key, verdict in weigh(
            rest, both, psa_names, vendor_names, brands=brands, rejected=rejected
        ).items():
            # It asks only where no unbilled line was plausible at all (beside one, a question
            # on a shortfall would hide the likelier pairing) and the names are alike: a
            # service line whose seats equal a real shortfall by chance must not hold it.
            if verdict.act is not None or (
                verdict.ask and key not in verdicts and verdict.candidates[0].text.score >= ASK_TEXT
            ):
                verdicts[key] = verdict
    still = {str(k) for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))}
    if still:
        verdicts.update(
            named_beside(orphan_p, orphan_v, still, psa_names, vendor_names, brands, rejected)
        )
    doubted = set(p_all.loc[doubtful, G.PRODUCT].astype(str))
    for key in (doubted | unsold) & set(verdicts):
        if key not in doubted and _uncatalogued(verdicts[key], vendor):
            # The vendor names its product in words the catalogue lacks ("Windows 365
            # Business 2 vCPU, ..." for "Windows 365 Business"): the catalogue cannot say
            # they differ, so a person is asked rather than told two things about one seat.
            continue
        # A name already paired it: the seats may re-pair it, never hold it in a question.
        verdicts[key] = dataclasses.replace(verdicts[key], ask=False)
    candidates = {
        key: _candidates(verdicts.get(key), ranked.get(key, ()), vendor_names)
        for key in set(ranked) | set(verdicts)
    }
    acted = {
        key: ProductPairing(
            verdict.act,
            verdict.candidates[0].score,
            f"paired on seats: {verdict.candidates[0].why()}",
        )
        for key, verdict in verdicts.items()
        if verdict.act is not None
    }
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
    return ProductOutcome(acted, questions, held, pending, frozenset(asked), candidates)


def _uncatalogued(verdict: Verdict, vendor: SideGroups) -> bool:
    """True when the verdict's best candidate is a vendor product the catalogue does not know."""
    if not verdict.candidates:
        return False
    identity = vendor.products.get(verdict.candidates[0].vendor_key)
    return identity is not None and identity.method is ProductMethod.NAME


def _doubtful(
    p_all: pd.DataFrame,
    compared: npt.NDArray[np.bool_],
    vendor_held: pd.MultiIndex,
    guessed: set[str],
) -> npt.NDArray[np.bool_]:
    """PSA rows whose name-only pairing the seats contradict, to be weighed again.

    A PSA product paired with a vendor product by name alone (text pairing, or a catalogue
    lookup that left the brand out) is in doubt when, at most of the matched clients that
    bill it, the vendor sells no such product, or another PSA line already bills it: "M365
    Backup" read as one vendor's backup product while the clients buy another's. Its rows at
    those clients are weighed like unmapped ones; see :data:`DOUBT_SHARE`.
    """
    is_guessed = member(p_all[G.PRODUCT], guessed)
    rows = compared & is_guessed
    if not rows.any():
        return rows
    targets = pd.MultiIndex.from_frame(p_all[[G.CLIENT, TARGET]].rename(columns={G.CLIENT: PC}))
    # A guess is contradicted where the vendor lacks its target, and also where a line the
    # PSA names surely (catalogue, alias) already bills that target at the same client: the
    # guess would bill one product twice there, so it is most likely another product.
    sure = targets[compared & ~is_guessed]
    absent = rows & (~targets.isin(vendor_held) | targets.isin(sure))
    frame = pd.DataFrame({"product": p_all[G.PRODUCT].to_numpy(), "rows": rows, "absent": absent})
    share = frame.loc[rows].groupby("product", sort=False)[["rows", "absent"]].sum()
    doubted = share.index[
        (share["absent"] >= DOUBT_CLIENTS) & (share["absent"] >= DOUBT_SHARE * share["rows"])
    ]
    return absent & member(p_all[G.PRODUCT], {str(k) for k in doubted})


def _undecided(verdict: Verdict | None) -> bool:
    """True when the seats neither paired a PSA product nor raised a question on it."""
    return verdict is None or (verdict.act is None and not verdict.ask)


def _residual(held: pd.DataFrame, billed: pd.DataFrame) -> pd.DataFrame:
    """The seats of each billed vendor line that its PSA lines leave unbilled, as candidates.

    An MSP may bill one product on two PSA lines (two contracts, two prices, an add-on line)
    of which only one spelling maps: the mapped line then looks short and the other sits
    unmapped. Its seats are the vendor's minus the mapped line's, so the shortfall is weighed
    like a vendor line no PSA line bills; recurring across clients, it pairs the spelling.

    Args:
        held: vendor rows at matched clients that a PSA line bills (``pc``, product, seats).
        billed: the PSA rows compared with a vendor product (client, target, seats).
    """
    vendor = held.groupby([PC, G.PRODUCT], sort=False)[G.QTY].sum()
    psa = billed.groupby([G.CLIENT, TARGET], sort=False)[G.QTY].sum().fillna(0)
    psa.index = psa.index.set_names([PC, G.PRODUCT])
    short = vendor.astype("int64").sub(psa.astype("int64"), fill_value=0).reindex(vendor.index)
    short = short[short > 0]
    return pd.DataFrame(
        {
            PC: short.index.get_level_values(0),
            VENDOR_KEY: short.index.get_level_values(1),
            QTY_V: short.to_numpy(dtype=np.int64),
        }
    )


def _per_client(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (client, product), seats summed: a product held on two terms (or by two
    vendor tenants of one PSA client) is weighed as the seats the client holds in all."""
    keys = list(rows.columns[:2])
    if not rows.duplicated(keys).any():
        return rows
    return rows.groupby(keys, sort=False, as_index=False).sum()


def _first_names(groups: pd.DataFrame, keys: set[str]) -> dict[str, str]:
    """Product key -> the product text as written on its first group row, for these keys."""
    rows = groups.loc[member(groups[G.PRODUCT], keys), [G.PRODUCT, G.PRODUCT_NAME]]
    first = rows.drop_duplicates(G.PRODUCT)
    return dict(zip(first[G.PRODUCT], first[G.PRODUCT_NAME], strict=True))


def _summed(rows: pd.DataFrame, keys: list[str], value: str) -> dict[tuple[str, str], int]:
    """(key, key) -> the sum of ``value`` over the rows with that key (missing counts 0)."""
    if rows.empty:
        return {}
    totals = rows.assign(**{value: rows[value].fillna(0).astype("int64")}).groupby(keys)[value]
    summed = totals.sum()
    # Plain lists first: iterating Arrow-backed index levels costs a Python call per item.
    firsts, seconds = (
        np.asarray(summed.index.get_level_values(i), dtype=object).tolist() for i in range(2)
    )
    return {
        (str(a), str(b)): int(t) for a, b, t in zip(firsts, seconds, summed.to_numpy(), strict=True)
    }


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
    for (pc, key), qty in _summed(rows, [G.CLIENT, G.PRODUCT], G.QTY).items():
        by_client.setdefault(pc, []).append((key, qty))
    return {
        (pc, psa_key): {qty for key, qty in by_client.get(pc, ()) if key != psa_key}
        for pc, psa_key in short
    }


def answer_for(vendor_key: str, vendor_names: Mapping[str, str]) -> str:
    """What a person confirms a candidate with: its catalogue id, else its vendor name."""
    if vendor_key.startswith(CATALOGUE_PREFIX):
        return vendor_key[len(CATALOGUE_PREFIX) :]
    return vendor_names.get(vendor_key, vendor_key)


def _candidates(
    verdict: Verdict | None,
    ranked: Sequence[TextCandidate],
    vendor_names: Mapping[str, str],
) -> tuple[ProductCandidate, ...]:
    found: dict[str, ProductCandidate] = {}
    for support in verdict.candidates if verdict is not None else ():
        found[support.vendor_key] = ProductCandidate(
            vendor_product=vendor_names.get(support.vendor_key, support.vendor_key),
            product_key=support.vendor_key,
            score=support.score,
            why=support.why(),
            answer=answer_for(support.vendor_key, vendor_names),
            clients=support.agree + support.near,
        )
    for text in ranked:
        if text.vendor_key in found:
            continue
        found[text.vendor_key] = ProductCandidate(
            vendor_product=vendor_names.get(text.vendor_key, text.vendor_key),
            product_key=text.vendor_key,
            # The same scale as evidence with no seats behind it: text alone tops out at 80.
            score=round(text.match.score * 0.8, 1),
            why=f"name: {text.match.how}",
            answer=answer_for(text.vendor_key, vendor_names),
        )
    ranked_out = sorted(found.values(), key=lambda c: (-c.score, c.vendor_product))
    return tuple(ranked_out[:_SHOWN])


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
    # The keys gaps are stored under: two PSA companies sharing a key keep theirs apart.
    client_keys = {c.identity: shown_key(c.identity) for c in psa.clients}
    written = _first_names(psa.groups, set(asked))
    # Plain dicts over only the rows a question can hold: one hash lookup per held row. A
    # key can repeat (two vendor tenants or two terms of one PSA client): its rows add up.
    best_keys = {verdict.candidates[0].vendor_key for verdict in asked.values()}
    costs = vendor_rows.loc[member(vendor_rows[G.PRODUCT], best_keys), [PC, G.PRODUCT, G.EXT]]
    cost = _summed(costs, [PC, G.PRODUCT], G.EXT)
    vendor_seats = _summed(
        vendor_rows.loc[member(vendor_rows[G.PRODUCT], best_keys), [PC, G.PRODUCT, G.QTY]],
        [PC, G.PRODUCT],
        G.QTY,
    )
    asked_seats = orphan_p.loc[member(orphan_p[PSA_KEY], set(asked)), [PC, PSA_KEY, QTY_P]]
    seats = _summed(asked_seats, [PC, PSA_KEY], QTY_P)
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
    others = _others(loose, asked, at, seats, vendor_seats)
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
        if best.score < PENDING_SCORE:
            waits = set(at[psa_key])  # every weighed row held, nothing shown pending
        rests_on = pending_on(name, vendor_name)
        score = min(best.score, 100.0 * PENDING_CONFIDENCE)
        for pc in at[psa_key] - waits:
            pending[(pc, psa_key)] = Pending(best.vendor_key, rests_on, score)
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
                clients=len(best.held),
                seats=Decimal(qty) / QTY_SCALE,
                money_at_stake=cents(Decimal(money) / EXT_SCALE),
                reason=(
                    f"the vendor file has no {name!r}; at {len(best.held)} client(s) it sits "
                    f"beside an unbilled {vendor_name!r} ({best.why()}){shown}"
                ),
                # Undecided until answered: a gap stored there is neither shown nor fixed.
                held=frozenset(
                    (client_keys.get(pc, pc), key) for pc, key in rows if pc in agree | waits
                ),
            )
        )
    out.sort(key=lambda q: (-q.money_at_stake, q.psa_product))
    return tuple(out), frozenset(held), pending
