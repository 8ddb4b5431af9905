"""One question for a PSA line that bills two products: the MSP's own bundle item.

"Exchange Online P2 & Entra ID P1 Bundle" at a client beside an unbilled "Exchange Online
(Plan 2)" (and perhaps an unbilled "Microsoft Entra ID P1"): the catalogue never reads such a
text as one product (two products on one line are never guessed), so the run used to say
"missing in PSA" of each vendor line and "unmapped" of the PSA line: three statements about
one bundle. Here, where every part of the text still names something and at least one part
reads as a product the vendor sells unbilled beside it at the same client, one question is
asked instead, naming the products: its best candidate's rows are held or compared for now
(pending the answer, like any mapping question), and the other parts' unbilled vendor lines
at the bundle's own seat count are held with it, their cost in the money at stake.

The answer is stored as a bundle (``recon bundle define``, or the Slack button): from the
next run each line of the text counts as that many seats of every product it names, each
compared with its own vendor line. A bundle is sold per seat, so where the vendor counts of
the two products differ, the one that differs shows its own quantity gap.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from recon.catalog import TierRelation, load_catalog
from recon.catalog.billing_text import bundle_parts
from recon.catalog.text import CATALOGUE_PREFIX, TextMatch
from recon.engine.groups import EXT_SCALE
from recon.engine.offers import answer_for
from recon.engine.pending import Pending
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY, Support, Verdict
from recon.model import PENDING_WORDS, G, MappingQuestion, ProductCandidate
from recon.money import cents

#: A text naming the product on a line with another names it as plainly as a similar name
#: (0-100): worth asking about, and worth showing the gaps a "yes" implies.
BUNDLE_NAME_SCORE = 80.0


@dataclass(frozen=True, slots=True)
class BundleAsk:
    """A question on a PSA text that bills two (or three) products on one line.

    Attributes:
        verdict: the question on its best-supported product (held and pending as any).
        parts: what the text names, as written once its billing words are set aside.
        keys: per part, the product key it reads as ("" when the catalogue reads none).
        held: (client, vendor key) rows of the other parts the question holds.
        differ: clients where another part's vendor count is not the line's seat count.
    """

    verdict: Verdict
    parts: tuple[str, ...]
    keys: tuple[str, ...]
    held: frozenset[tuple[str, str]]
    differ: int = 0


@functools.lru_cache(maxsize=4_096)
def _read(part: str) -> str:
    """The catalogue product key a part names, "" when none (a brand guess is none: "Email
    Security" is a kind, not one maker's product)."""
    found = load_catalog().lookup(name=part)
    if found is None or "brand" in found[1]:
        return ""
    return CATALOGUE_PREFIX + found[0].id


def bundle_reading(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(parts, keys) of a text that names two or three products; ``((), ())`` otherwise.

    A part the catalogue cannot read keeps an empty key; at least one part must read, and the
    parts that read must be different products.
    """
    parts = bundle_parts(name)
    keys = tuple(_read(p) for p in parts)
    read = [k for k in keys if k]
    if not read or len(set(read)) != len(read):
        return (), ()
    return parts, keys


def bundle_questions(
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    undecided: Collection[str],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    rejected: frozenset[tuple[str, str]],
) -> dict[str, BundleAsk]:
    """Questions on the undecided PSA texts that bill two products on one line, beside an
    unbilled vendor line of one of them at the same client.

    Args:
        orphan_p: PSA rows per client the vendor file lacks (``pc``, ``psa_key``, ``qty_p``).
        orphan_v: vendor rows per client no PSA line bills (``pc``, ``vendor_key``, ``qty_v``).
        undecided: PSA keys the seats and the names left undecided.
        psa_names: PSA key -> text as written.
        vendor_names: vendor key -> name.
        rejected: (PSA key, vendor key) pairs people said are not one product.

    Returns:
        PSA key -> the question, for the texts that bill two products here.
    """
    readings = {}
    for key in undecided:
        parts, keys = bundle_reading(psa_names[key])
        if parts:
            readings[key] = (parts, keys)
    if not readings:
        return {}
    rows = orphan_p.loc[orphan_p[PSA_KEY].isin(list(readings)), [PC, PSA_KEY, QTY_P]]
    wanted = {k for _, keys in readings.values() for k in keys if k}
    beside = rows.merge(
        orphan_v.loc[orphan_v[VENDOR_KEY].isin(list(wanted)), [PC, VENDOR_KEY, QTY_V]],
        on=PC,
        how="inner",
    )
    out: dict[str, BundleAsk] = {}
    for psa_key, group in beside.groupby(PSA_KEY, sort=True):
        key = str(psa_key)
        parts, keys = readings[key]
        mine = group.loc[
            group[VENDOR_KEY].isin([k for k in keys if k and (key, k) not in rejected])
            & (group[QTY_P] > 0)
            & (group[QTY_V] > 0)
        ]
        if mine.empty:
            continue
        # The question is on the product whose seats agree with the bundle's at most clients,
        # then the one beside it at most clients, then the first named.
        agree = mine.loc[mine[QTY_P] == mine[QTY_V]].groupby(VENDOR_KEY)[PC].nunique()
        present = mine.groupby(VENDOR_KEY)[PC].nunique()
        best = min(
            (str(k) for k in present.index),
            key=lambda k: (-int(agree.get(k, 0)), -int(present[k]), keys.index(k)),
        )
        clients = int(rows.loc[rows[PSA_KEY] == key, PC].nunique())
        best_rows = mine.loc[mine[VENDOR_KEY] == best]
        others = [
            parts[i] if not k else vendor_names.get(k, parts[i])
            for i, k in enumerate(keys)
            if k != best
        ]
        how = (
            f"names {vendor_names.get(best, best)!r} and "
            + " and ".join(repr(o) for o in others)
            + " on one line (a bundle)"
        )
        support = Support(
            vendor_key=best,
            text=TextMatch(BUNDLE_NAME_SCORE, TierRelation.SAME, how),
            agree=int(agree.get(best, 0)),
            near=0,
            seat_counts=int(best_rows.loc[best_rows[QTY_P] == best_rows[QTY_V], QTY_P].nunique()),
            clients=clients,
            held=tuple(sorted(str(c) for c in best_rows[PC].unique())),
        )
        # The other products' unbilled lines beside it wait for the answer too: one question,
        # not a gap per product. A bundle is sold per seat, so where a count differs from the
        # line's, the answer shows that product's quantity gap (the question says where).
        rest = mine.loc[mine[VENDOR_KEY] != best]
        held = frozenset(zip(rest[PC].astype(str), rest[VENDOR_KEY].astype(str), strict=True))
        differ = int(rest.loc[rest[QTY_P] != rest[QTY_V], PC].nunique())
        out[key] = BundleAsk(Verdict(key, (support,), None, True), parts, keys, held, differ)
    return out


def pending_on_bundle(psa_product: str, products: Collection[str]) -> str:
    """What a gap pending a bundle question rests on, in words: the PSA text and every
    product it names (:func:`recon.model.pending_on` for one product)."""
    return f"{PENDING_WORDS}{psa_product!r} = " + " + ".join(repr(p) for p in products)


def held_cost(vendor_rows: pd.DataFrame, held: Collection[tuple[str, str]]) -> int:
    """The vendor's cost (in the groups' scaled units) of the held (client, vendor key) rows."""
    if not held:
        return 0
    wanted = set(held)
    rows = vendor_rows.loc[vendor_rows[PC].isin({pc for pc, _ in wanted}), [PC, G.PRODUCT, G.EXT]]
    return int(
        sum(
            int(ext or 0)
            for pc, key, ext in zip(rows[PC], rows[G.PRODUCT], rows[G.EXT].fillna(0), strict=True)
            if (str(pc), str(key)) in wanted
        )
    )


def with_bundles(
    questions: tuple[MappingQuestion, ...],
    held: frozenset[tuple[str, str]],
    pending: dict[tuple[str, str], Pending],
    asks: Mapping[str, BundleAsk],
    vendor_rows: pd.DataFrame,
    vendor_names: Mapping[str, str],
) -> tuple[tuple[MappingQuestion, ...], frozenset[tuple[str, str]]]:
    """The run's questions with each bundle question naming every product of its line (and
    the cost of the other products' held lines in its money at stake), and the rows held.

    The gaps shown pending a bundle question say so (:attr:`recon.model.Gap.rests_on` names
    every product of the line), in ``pending`` itself.
    """
    if not asks:
        return questions, held
    out = []
    for question in questions:
        ask = asks.get(question.product_key)
        if ask is None:
            out.append(question)
            continue
        extra = Decimal(held_cost(vendor_rows, ask.held)) / EXT_SCALE
        named = tuple(
            ProductCandidate(
                vendor_product=vendor_names.get(key, part) if key else part,
                product_key=key,
                score=BUNDLE_NAME_SCORE,
                why="named on the line",
                answer=answer_for(key, vendor_names) if key else part,
            )
            for part, key in zip(ask.parts, ask.keys, strict=True)
        )
        names = " and ".join(repr(c.vendor_product) for c in named)
        differ = (
            f" (at {ask.differ} client(s) another product's count is not the line's: answered "
            "as a bundle, that shows as its own quantity gap)"
            if ask.differ
            else ""
        )
        rests_on = pending_on_bundle(question.psa_product, [c.vendor_product for c in named])
        for row, was in list(pending.items()):
            if row[1] == question.product_key and was.rests_on:
                pending[row] = dataclasses.replace(was, rests_on=rests_on)
        out.append(
            dataclasses.replace(
                question,
                bundle=named,
                money_at_stake=cents(question.money_at_stake + extra),
                reason=f"{question.psa_product!r} bills {names} on one line{differ}; "
                + question.reason,
            )
        )
        held = held | ask.held
    out.sort(key=lambda q: (-q.money_at_stake, q.psa_product))
    return tuple(out), held
