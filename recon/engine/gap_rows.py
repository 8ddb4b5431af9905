"""The gaps of the joined rows: which rows disagree, how each is priced, and the list order.

Seat deltas and prices stay integers (milli-seats, 1e-4 units, cents) until a row is a gap;
then every field of the gaps is a column of codes into its distinct values, and each distinct
value's ``Decimal``, text or why is made once (:mod:`recon.engine.gap_columns`). Terms,
deadlines and currencies of each gap are in :mod:`recon.engine.gap_terms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import overload

import numpy as np
import numpy.typing as npt

from recon.engine import terms
from recon.engine.ended_lines import ended_whys
from recon.engine.gap_columns import (
    MINUS_ZERO,
    Money,
    Texts,
    at_rows,
    differ,
    each,
    made_once,
    mapped,
    money_keys,
    name_codes,
    objects,
    ranks,
)
from recon.engine.gap_terms import Extras, converted
from recon.engine.join import (
    CENT_DIVISOR,
    IntArray,
    distinct_rows,
    rank_of,
    round_half_up,
    signed,
    sorted_distinct,
    take,
    units,
)
from recon.engine.pairs import Codes, Context, Sides
from recon.engine.pending import PENDING_CONFIDENCE
from recon.engine.records import records
from recon.formats.memory import release_unused
from recon.match import ProductIdentity
from recon.model import CurrencyPair, FieldColumn, G, Gap, GapKind, GapTable
from recon.money import ZERO

#: Gap kinds in the order their values sort (the last tie-break of the list order).
_KINDS = (
    GapKind.MISSING_IN_PSA,
    GapKind.MISSING_IN_VENDOR,
    GapKind.QUANTITY_MISMATCH,
    GapKind.PRICE_BELOW_COST,
)
_KIND_RANK = rank_of([k.value for k in _KINDS])
_MIP, _MIV, _QM, _PBC = range(4)


def gaps_of(sides: Sides, codes: Codes, context: Context) -> GapTable:
    """Every gap of the joined rows, in list order: money at stake, client, product, kind;
    the records and their fields as codes."""
    j, v, p = sides.joined, sides.v, sides.p
    vq, pq = take(v.qty, j.v), take(p.qty, j.p)
    both = (vq > 0) & (pq > 0)
    seat_gap = ((vq > 0) & (pq <= 0)) | ((pq > 0) & (vq <= 0)) | (both & (vq != pq))
    # A price gap needs seats on both sides: prices and currencies are read on those rows
    # only, so no price column of the whole join (a million rows at a distributor's size)
    # is ever held.
    at_both = np.flatnonzero(both)
    bv, bp = j.v[at_both], j.p[at_both]  # both sides present: no -1 here
    priced_v, priced_p = v.priced[bv], p.priced[bp]
    ext_v, ext_p = v.ext[bv], p.ext[bp]
    with np.errstate(divide="ignore", invalid="ignore"):
        # A float pre-filter (generous by a millionth of a cent) keeps the exact comparison
        # to the few rows that can be below cost.
        cost_f = np.where(priced_v > 0, ext_v.astype(np.float64) / np.maximum(priced_v, 1), 0.0)
        price_f = np.where(priced_p > 0, ext_p.astype(np.float64) / np.maximum(priced_p, 1), np.inf)
    check = (priced_v > 0) & (ext_p > 0) & (price_f < cost_f + 1.0)
    del priced_v, priced_p, ext_v, ext_p, cost_f, price_f
    # Two currencies: the float filter can't see the admin's rate; and the pair is listed.
    currency_v = Texts(sides.vendor_groups, G.CURRENCY)
    currency_p = Texts(sides.psa_groups, G.CURRENCY)
    both_present = np.ones(len(at_both), dtype=bool)
    check |= differ(
        currency_v.at(take(v.first, bv), both_present),
        currency_p.at(take(p.first, bp), both_present),
    )
    seat_gap[at_both[check]] = True
    rows = np.flatnonzero(seat_gap)
    del seat_gap, at_both, bv, bp, check, both_present
    jv, jp = j.v[rows], j.p[rows]
    has_v, has_p = jv >= 0, jp >= 0
    vq, pq = vq[rows], pq[rows]
    cur_v = currency_v.at(take(v.first, jv, -1), has_v)
    cur_p = currency_p.at(take(p.first, jp, -1), has_p)
    apart = differ(cur_v, cur_p)
    cost = units(take(v.ext, jv), take(v.priced, jv), take(v.unit_any, jv, -1), has_v)
    price = units(take(p.ext, jp), take(p.priced, jp), take(p.unit_any, jp, -1), has_p)
    pc = j.key[rows] // codes.products
    product = j.key[rows] % codes.products
    # The join-wide arrays above are garbage: handed back before the gaps' texts and records
    # are made, Python objects that never reuse the C heap's free space (the run's peak at
    # 60,000 clients is these records' end).
    release_unused()
    if apart.any():
        cost = converted(cost, apart, cur_v, cur_p, context)
        for at_row in np.flatnonzero(apart & has_v & has_p).tolist():
            found = terms.currencies(cur_v[at_row], cur_p[at_row], context.rates)
            context.currency_pairs.append(
                CurrencyPair(
                    context.client(codes.client_text[pc[at_row]])[1],
                    context.product(codes.product_text[product[at_row]]).name,
                    found.vendor,
                    found.psa,
                    found.rate,
                )
            )
    typical_of = np.array(
        [context.typical.get(terms.base_key(key), -1) for key in codes.product_text],
        dtype=np.int64,
    )
    typical = typical_of[product] if len(typical_of) else np.zeros(0, dtype=np.int64)

    delta = vq - pq
    seat = (delta != 0) & ((vq > 0) | (pq > 0))
    kind = np.where((vq > 0) & (pq <= 0), _MIP, np.where((pq > 0) & (vq <= 0), _MIV, _QM)).astype(
        np.int64
    )
    by_price = price.known & (price.value > 0)
    missing_vendor = ~by_price & (kind == _MIV)
    by_cost = ~by_price & ~missing_vendor & cost.known
    by_typical = ~by_price & ~missing_vendor & ~cost.known & (typical >= 0)
    with_price = by_price | (missing_vendor & price.known)
    rate = np.select([with_price, by_cost, by_typical], [price.value, cost.value, typical], 0)
    rate_zero = np.select([with_price, by_cost], [price.negative_zero, cost.negative_zero], False)
    rated = with_price | by_cost | by_typical
    seat_cents = np.where(rated, round_half_up(delta * rate, CENT_DIVISOR), 0)
    negative = rated & ((delta < 0) ^ signed(rate, rate_zero))
    how = np.select(
        [by_price, missing_vendor & price.known, missing_vendor, by_cost, by_typical],
        [0, 1, 2, 3, 4],
        5,
    )
    below = both[rows] & cost.known & price.known & (price.value > 0)
    below &= price.value < cost.value
    below_cents = round_half_up((cost.value - price.value) * pq, CENT_DIVISOR)

    # One entry per gap: seat gaps, then price gaps, each in join order.
    seat_at, below_at = np.flatnonzero(seat), np.flatnonzero(below)
    at = np.concatenate([seat_at, below_at])
    kinds = np.concatenate([kind[seat_at], np.full(len(below_at), _PBC, dtype=np.int64)])
    amounts = np.concatenate([seat_cents[seat_at], below_cents[below_at]])
    zero_sign = np.concatenate(
        [(seat_cents[seat_at] == 0) & negative[seat_at], np.zeros(len(below_at), dtype=bool)]
    )
    sequence = np.concatenate([2 * seat_at, 2 * below_at + 1])
    client_codes, product_codes = sorted_distinct(pc), sorted_distinct(product)
    clients = {c: context.client(codes.client_text[c]) for c in client_codes.tolist()}
    client_order = ranks([clients[c][1] for c in client_codes.tolist()])
    product_order = ranks(
        [context.product(codes.product_text[k]).name for k in product_codes.tolist()]
    )
    order = np.lexsort(
        (
            sequence,
            _KIND_RANK[kinds],
            product_order[np.searchsorted(product_codes, product[at])],
            client_order[np.searchsorted(client_codes, pc[at])],
            -np.abs(amounts),
        )
    )
    sel = at[order]  # the joined row of each gap, in list order
    n = len(sel)
    jv_at, jp_at = jv[sel], jp[sel]
    hv_at, hp_at = has_v[sel], has_p[sel]
    k_at, d_at = product[sel], delta[sel]
    kinds_at = kinds[order]
    is_below = kinds_at == _PBC
    # Every field is a column of codes into its distinct values: a Decimal, a text or a why
    # is made once per distinct value (a 60,000-client month has 100,000 gaps but a few
    # thousand values) and spread back over the gaps in C, never a Python step per gap.
    client_at = np.searchsorted(client_codes, pc[sel])
    infos = [clients[c] for c in client_codes.tolist()]
    v_name, v_names = name_codes(sides.vendor_groups, take(v.first, jv_at, 0), hv_at)
    p_name, p_names = name_codes(sides.psa_groups, take(p.first, jp_at, 0), hp_at)
    extra = sides.p_extra
    score_at = (
        np.where(jp_at >= 0, extra.score[np.maximum(jp_at, 0)], 100.0)
        if len(extra.score)
        else np.full(n, 100.0)
    )
    hows = at_rows(extra.how, jp_at, None)
    hows[:] = mapped(hows.tolist(), _how_words)
    rests = at_rows(extra.rests_on, jp_at, None)
    if context.vendor_rests:  # rare: a text the seats overruled, read as another product
        keys_at = j.key[rows][sel].tolist()
        rests[:] = [
            r if r else (None if hp else context.vendor_rests.get(k))
            for r, k, hp in zip(rests.tolist(), keys_at, hp_at.tolist(), strict=True)
        ]
    money = Money()
    cost_keys, price_keys = money_keys(cost)[sel], money_keys(price)[sel]
    typical_at = typical[sel]
    identities = np.empty(len(codes.product_text), dtype=object)
    for k in sorted_distinct(k_at).tolist():  # a few hundred products among 100,000 gaps
        identities[k] = context.product(codes.product_text[k])
    extras = Extras(v, jv_at, cur_v[sel], cur_p[sel], context)
    split = np.array(
        [terms.TERM_SEP in codes.product_text[k] for k in range(len(codes.product_text))],
        dtype=bool,
    )
    term_words, term_end, currency, notes = extras.columns(
        split[k_at] if len(split) else np.zeros(n, dtype=bool), hv_at, hp_at
    )
    product_whys = _product_whys(
        (k_at, hv_at, hp_at, v_name, p_name, score_at, hows),
        identities,
        (v_names, p_names),
        at_rows(extra.psa_key, jp_at, None),
        context,
    )
    advice = _advice(
        extras, (hv_at, d_at, price_keys, cost_keys, typical_at), is_below, money, context.as_of
    )
    whys = objects([info[5] for info in infos])[client_at] + "; " + product_whys + objects(notes)
    advised = advice.code >= 0
    by_rate = ~is_below & ~advised
    rate_whys = _rate_whys(how[sel], price_keys, cost_keys, typical_at, money)
    if is_below.any():
        whys[is_below] += (
            "; billed "
            + objects(each(price_keys[is_below], money.text))
            + " per seat, costs "
            + objects(each(cost_keys[is_below], money.text))
        )
    if advised.any():
        whys[advised] += "; " + rate_whys[advised] + "; " + advice.whys[advice.code[advised]]
    whys[by_rate] += "; " + rate_whys[by_rate]
    if context.ended_on:  # the day an ended product the PSA still bills ended
        ended_whys(
            whys,
            (kinds_at == _MIV) & hv_at,
            (objects([info[2] for info in infos])[client_at], _or_none(v_names)[v_name]),
            context.ended_on,
        )
    distinct_seats, seat_codes = made_once(d_at, money.qty)
    # A price gap's seat delta is zero: one more distinct value, its code on those gaps.
    seat_codes = np.where(is_below, len(distinct_seats), seat_codes)
    # One column per field as codes into its distinct values (a why, mostly unique, as it
    # is), the records filled from them a field at a time in C
    # (:func:`recon.engine.records.records`): a frozen record's constructor per gap was half
    # of this function at 100,000 gaps. The codes go with the records to the report
    # (:class:`recon.model.GapTable`), which writes each distinct value once.
    client_objects = [objects([info[i] for info in infos]) for i in range(4)]
    fields: dict[str, FieldColumn] = {
        "kind": (_KIND_OBJECTS, kinds_at),
        "client_key": (client_objects[0], client_at),
        "product_key": (objects(list(codes.product_text)), k_at),
        "client": (client_objects[1], client_at),
        "product": (objects([i.name if i is not None else "" for i in identities]), k_at),
        "vendor_client": (client_objects[2], client_at),
        "psa_client": (client_objects[3], client_at),
        "vendor_product": (_or_none(v_names), v_name),
        "psa_product": (_or_none(p_names), p_name),
        "vendor_qty": made_once(vq[sel], money.qty),
        "psa_qty": made_once(pq[sel], money.qty),
        "vendor_unit_cost": made_once(cost_keys, money.unit),
        "psa_unit_price": made_once(price_keys, money.unit),
        "seat_delta": (objects([*distinct_seats.tolist(), ZERO]), seat_codes),
        "monthly_impact": made_once(np.where(zero_sign, MINUS_ZERO, amounts)[order], money.cents),
        "confidence": _confidences(client_at, infos, score_at, rests.astype(bool)),
        "why": (whys, None),
        "term": (objects(term_words), None),
        "term_end": (objects(term_end), None),
        "currency": (objects(currency), None),
        "rests_on": (objects(mapped(rests.tolist(), _rest_words)), None),
        **advice.columns,
    }
    made = records(Gap, _Spread(fields), n)
    return GapTable(tuple(made), fields)


class _Spread(Sequence[list[object]]):
    """Every gap's values of each field in constructor order, each list made only when the
    records read it: the records fill a field at a time, so one field's list is held at
    once, not all 25 (20 MiB at 100,000 gaps, at the comparison's memory peak)."""

    def __init__(self, fields: Mapping[str, FieldColumn]) -> None:
        self._fields = fields

    def __len__(self) -> int:
        return len(_GAP_FIELDS)

    @overload
    def __getitem__(self, at: int) -> list[object]: ...
    @overload
    def __getitem__(self, at: slice) -> Sequence[list[object]]: ...
    def __getitem__(self, at: int | slice) -> list[object] | Sequence[list[object]]:
        if isinstance(at, slice):
            return [self[i] for i in range(len(self))[at]]
        return _spread(self._fields[_GAP_FIELDS[at]])


def _spread(column: FieldColumn) -> list[object]:
    """Every gap's value of one field, in C."""
    distinct, codes = column
    out: list[object] = (distinct if codes is None else distinct[codes]).tolist()
    return out


#: The record's fields in the order its constructor takes them (a new field with no column
#: above fails loudly: a KeyError, never a default in its place).
_GAP_FIELDS: tuple[str, ...] = Gap.__match_args__
_KIND_OBJECTS = objects(_KINDS)
#: The advice's fields a gap carries (its ``term_end`` is the terms' own, read per gap).
_ADVICE_FIELDS = ("reduce_possible_until", "act_by", "bill_recovers", "reduce_saves")


def _how_words(how: object) -> str:
    return str(how or "")


def _rest_words(rest: object) -> str | None:
    return str(rest) if rest else None


def _or_none(texts: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """:func:`name_codes`' texts with None in place of the absent side's ""."""
    out = texts.copy()
    out[-1] = None
    return out


def _product_whys(
    at: tuple[npt.ArrayLike, ...],
    identities: npt.NDArray[np.object_],
    names: tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]],
    psa_keys: npt.NDArray[np.object_],
    context: Context,
) -> npt.NDArray[np.object_]:
    """:func:`_product_why` of every gap, worked out once per distinct (product, sides,
    names as written, pairing score, how paired): the first gap of each in list order
    says which PSA product's identity is read."""
    first, inverse = distinct_rows(at)
    product, has_v, has_p, v_name, p_name, score, hows = (np.asarray(c) for c in at)
    v_names, p_names = names
    made = [
        _product_why(
            identities[product[i]],
            context.psa_products.get(str(psa_keys[i])) if has_p[i] else None,
            float(score[i]),
            str(hows[i]),
            str(v_names[v_name[i]]),
            str(p_names[p_name[i]]),
            bool(has_v[i]),
            bool(has_p[i]),
        )
        for i in first.tolist()
    ]
    out: npt.NDArray[np.object_] = objects(made)[inverse]
    return out


def _confidences(
    client_at: IntArray,
    infos: list[tuple[str, str, str | None, str | None, float, str]],
    score: npt.NDArray[np.float64],
    rested: npt.NDArray[np.bool_],
) -> FieldColumn:
    """Each gap's confidence: the least of its client match's, its pairing's and, for a gap
    resting on a question, the pending one; worked out once per distinct combination."""
    # By the client match's own confidence, not the client: a handful of values.
    matched = np.array([info[4] for info in infos], dtype=np.float64)[client_at]
    first, inverse = distinct_rows([matched, score, rested])
    made = [
        round(min(m, s / 100.0, PENDING_CONFIDENCE if r else 1.0), 3)
        for m, s, r in zip(
            matched[first].tolist(), score[first].tolist(), rested[first].tolist(), strict=True
        )
    ]
    return objects(made), inverse


@dataclass(frozen=True, slots=True)
class _Advice:
    """Each gap's advice as a code into the distinct advices (-1: none), their ``why``
    texts and the record's advice columns."""

    code: IntArray
    whys: npt.NDArray[np.object_]
    columns: dict[str, FieldColumn]


def _advice(
    extras: Extras,
    at: tuple[npt.NDArray[np.bool_], IntArray, IntArray, IntArray, IntArray],
    below: npt.NDArray[np.bool_],
    money: Money,
    as_of: dt.date | None,
) -> _Advice:
    """What to do by when, only where the vendor side holds more seats: each distinct
    (deadline, seats, price, cost, typical price, term) advised once."""
    has_v, seats, price, cost, typical = at
    n = len(seats)
    over = np.flatnonzero(~below & (seats > 0)) if as_of is not None else np.zeros(0, np.int64)
    code = np.full(n, -1, dtype=np.int64)
    if not len(over):
        none = (objects([None]), np.zeros(n, dtype=np.int64))
        return _Advice(code, objects([None]), dict.fromkeys(_ADVICE_FIELDS, none))
    first, inverse = distinct_rows(
        [
            has_v[over],
            extras.deadlines[over],
            extras.longest[over],
            seats[over],
            price[over],
            cost[over],
            typical[over],
        ]
    )
    assert as_of is not None
    made: list[terms.Advice | None] = []
    for i in over[first].tolist():
        price_value = money.unit(int(price[i]))
        typical_value = int(typical[i])
        made.append(
            terms.advise(
                extras.deadline(i) if has_v[i] else None,
                seats=money.qty(int(seats[i])),
                bill_rate=price_value
                if price_value
                else (money.unit(typical_value) if typical_value >= 0 else None),
                cost=money.unit(int(cost[i])),
                term_months=extras.term_months(i) if has_v[i] else 0,
                as_of=as_of,
            )
        )
    given = np.array([a is not None for a in made], dtype=bool)
    code[over] = np.where(given, np.arange(len(made)), -1)[inverse]
    # The last entry is a gap with no advice (code -1).
    none_at = np.where(code >= 0, code, len(made))
    columns: dict[str, FieldColumn] = {
        f: (objects([getattr(a, f) if a is not None else None for a in made] + [None]), none_at)
        for f in _ADVICE_FIELDS
    }
    whys = objects([a.why if a is not None else None for a in made] + [None])
    return _Advice(code, whys, columns)


def _rate_whys(
    how: IntArray, price: IntArray, cost: IntArray, typical: IntArray, money: Money
) -> npt.NDArray[np.object_]:
    """:func:`_rate_why` of every row (an object array), each distinct price's text made
    once."""
    out = np.full(len(how), _rate_why(5, 0, money=money), dtype=object)
    for code, keys in ((0, price), (1, price), (2, price), (3, cost), (4, typical)):
        at = how == code
        if at.any():
            out[at] = each(keys[at], partial(_rate_why, code, money=money))
    return out


def _rate_why(how: int, key: int, *, money: Money) -> str:
    """How a seat gap was priced: the PSA price; for a PSA line the vendor lacks, what it
    bills; else the vendor cost; else the typical PSA price of the product. ``key`` is the
    price of that way (a :class:`_Money` key)."""
    if how == 0:
        return f"priced at the PSA price {money.text(key)}"
    if how == 1:
        return "billed at $0.00"
    if how == 2:
        return "no price known"
    if how == 3:
        return f"priced at the vendor cost {money.text(key)}"
    if how == 4:
        return f"priced at the typical PSA price {money.text(key)}"
    return "no price known for this product"


def _product_why(
    product: ProductIdentity,
    psa_identity: ProductIdentity | None,
    pair_score: float,
    how: str,
    vendor_name: str,
    psa_name: str,
    has_v: bool,
    has_p: bool,
) -> str:
    """How the product was recognised on each side, in a few words (and the vendor's other
    names the run compared as it: a merge is never silent)."""
    also = f"; {product.also}" if has_v and product.also else ""
    if has_v and has_p and (pair_score < 100.0 or how):
        return (
            f"product: PSA {psa_name!r} is vendor {vendor_name!r} ({how or 'similar name'}){also}"
        )
    if has_p and not has_v and how:
        # Read as the vendor product on evidence from elsewhere (the seats at other clients,
        # a question's pending answer): the gap says so, not "product name".
        named = "" if product.name == psa_name else f" is {product.name!r}"
        return f"product: PSA {psa_name!r}{named} ({how}){also}"
    parts = []
    if has_v:
        parts.append(f"vendor {product.detail or product.method.value}")
    if has_p and psa_identity is not None:
        parts.append(f"PSA {psa_name!r} {psa_identity.detail or psa_identity.method.value}")
    return "product: " + ", ".join(parts) + also
