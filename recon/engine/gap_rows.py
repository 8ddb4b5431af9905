"""The gaps of the joined rows: which rows disagree, how each is priced, and the list order.

Seat deltas and prices stay integers (milli-seats, 1e-4 units, cents) until a row is a gap;
:class:`_Money` then makes each distinct value's ``Decimal`` and text once. Terms, deadlines
and currencies of each gap are in :mod:`recon.engine.gap_terms`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from itertools import starmap
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine import terms
from recon.engine.gap_terms import Extras, converted
from recon.engine.join import (
    CENT_DIVISOR,
    IntArray,
    Units,
    distinct_of,
    rank_of,
    round_half_up,
    signed,
    take,
    units,
)
from recon.engine.pairs import Codes, Context, Sides
from recon.engine.pending import PENDING_CONFIDENCE
from recon.match import ProductIdentity
from recon.model import QTY_SCALE, CurrencyPair, G, Gap, GapKind
from recon.money import ZERO, format_money

_QTY = Decimal(QTY_SCALE)
_T = TypeVar("_T")

#: Gap kinds in the order their values sort (the last tie-break of the list order).
_KINDS = (
    GapKind.MISSING_IN_PSA,
    GapKind.MISSING_IN_VENDOR,
    GapKind.QUANTITY_MISMATCH,
    GapKind.PRICE_BELOW_COST,
)
_KIND_RANK = rank_of([k.value for k in _KINDS])
_MIP, _MIV, _QM, _PBC = range(4)


class _Money:
    """Decimals and their text made once per distinct integer value (seats in milli-seats,
    unit prices in 1e-4 units, impacts in cents; see :func:`_keys`)."""

    def __init__(self) -> None:
        self._qty: dict[int, Decimal] = {}
        self._unit: dict[int, Decimal | None] = {_UNKNOWN: None}
        self._text: dict[int, str] = {}
        self._cents: dict[int, Decimal] = {_MINUS_ZERO: Decimal("-0.00")}

    def qty(self, milli: int) -> Decimal:
        found = self._qty.get(milli)
        if found is None:
            found = self._qty[milli] = whole(Decimal(milli) / _QTY)
        return found

    def unit(self, key: int) -> Decimal | None:
        if key in self._unit:
            return self._unit[key]
        found = Decimal("-0.0000") if key == _MINUS_ZERO else Decimal(key).scaleb(-4)
        self._unit[key] = found
        return found

    def text(self, key: int) -> str:
        found = self._text.get(key)
        if found is None:
            found = self._text[key] = format_money(self.unit(key))
        return found

    def cents(self, key: int) -> Decimal:
        found = self._cents.get(key)
        if found is None:
            found = self._cents[key] = Decimal(key).scaleb(-2)
        return found


def gaps_of(sides: Sides, codes: Codes, context: Context) -> tuple[Gap, ...]:
    """Every gap of the joined rows, in list order: money at stake, client, product, kind."""
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
    currency_v = _Texts(sides.vendor_groups, G.CURRENCY)
    currency_p = _Texts(sides.p_all, G.CURRENCY)
    both_present = np.ones(len(at_both), dtype=bool)
    check |= _differ(
        currency_v.at(v.first[bv], both_present), currency_p.at(p.first[bp], both_present)
    )
    seat_gap[at_both[check]] = True
    rows = np.flatnonzero(seat_gap)
    del seat_gap, at_both, bv, bp, check, both_present
    jv, jp = j.v[rows], j.p[rows]
    has_v, has_p = jv >= 0, jp >= 0
    vq, pq = vq[rows], pq[rows]
    cur_v = currency_v.at(take(v.first, jv, -1), has_v)
    cur_p = currency_p.at(take(p.first, jp, -1), has_p)
    differ = _differ(cur_v, cur_p)
    cost = units(take(v.ext, jv), take(v.priced, jv), take(v.unit_any, jv, -1), has_v)
    price = units(take(p.ext, jp), take(p.priced, jp), take(p.unit_any, jp, -1), has_p)
    pc = j.key[rows] // codes.products
    product = j.key[rows] % codes.products
    if differ.any():
        cost = converted(cost, differ, cur_v, cur_p, context)
        for at_row in np.flatnonzero(differ & has_v & has_p).tolist():
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
    client_codes, product_codes = np.unique(pc), np.unique(product)
    clients = {c: context.client(codes.client_text[c]) for c in client_codes.tolist()}
    client_order = _ranks([clients[c][1] for c in client_codes.tolist()])
    product_order = _ranks(
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
    vendor_names = _names(sides.vendor_groups, take(v.first, jv[sel], 0), has_v[sel])
    psa_names = _names(sides.p_all, take(p.first, jp[sel], 0), has_p[sel])
    extra, on_p = sides.p_extra, jp[sel]
    scores = [cast(float, s) if s is not None else 100.0 for s in _at(extra.score, on_p)]
    pair_hows = [str(h or "") for h in _at(extra.how, on_p)]
    psa_keys = _at(extra.psa_key, on_p)
    rests = _at(extra.rests_on, on_p)
    if context.vendor_rests:  # rare: a text the seats overruled, read as another product
        keys_at = j.key[rows][sel].tolist()
        rests = [
            r if r else (None if hp else context.vendor_rests.get(k))
            for r, k, hp in zip(rests, keys_at, has_p[sel].tolist(), strict=True)
        ]
    money = _Money()
    n = len(sel)
    hv_at, hp_at = has_v[sel], has_p[sel]
    k_at, d_at = product[sel], delta[sel]
    kinds_at = kinds[order]
    below_at_gap = kinds_at == _PBC
    cost_keys, price_keys, typical_at = _keys(cost)[sel], _keys(price)[sel], typical[sel]
    # Every field is worked out as a column: a Decimal, a text or a why is made once per
    # distinct value (a 60,000-client month has 100,000 gaps but a few thousand values).
    cost_col = _each(cost_keys, money.unit)
    price_col = _each(price_keys, money.unit)
    vendor_qty = _each(vq[sel], money.qty)
    psa_qty = _each(pq[sel], money.qty)
    seat_col = _each(d_at, money.qty)
    impact = _each(np.where(zero_sign, _MINUS_ZERO, amounts)[order], money.cents)
    k_list, hv_list, hp_list = k_at.tolist(), hv_at.tolist(), hp_at.tolist()
    product_keys = [codes.product_text[k] for k in k_list]
    identities: dict[int, ProductIdentity] = {}
    for k in set(k_list):  # a few hundred products among 100,000 gaps: once each
        identities[k] = context.product(codes.product_text[k])
    extras = Extras(v, jv[sel], cur_v[sel], cur_p[sel], context)
    split = np.array(
        [terms.TERM_SEP in codes.product_text[k] for k in range(len(codes.product_text))],
        dtype=bool,
    )
    term_words, term_end, currency, notes = extras.columns(
        split[k_at] if len(split) else np.zeros(n, dtype=bool), hv_at, hp_at
    )
    whys: dict[tuple[object, ...], str] = {}
    product_whys: list[str] = []
    for (
        k,
        hv,
        hp,
        vendor_name_as_written,
        psa_name_as_written,
        pair_score,
        how_paired,
        psa_key,
    ) in zip(
        k_list,
        hv_list,
        hp_list,
        vendor_names,
        psa_names,
        scores,
        pair_hows,
        psa_keys,
        strict=True,
    ):
        why_key = (k, hv, hp, vendor_name_as_written, psa_name_as_written, pair_score, how_paired)
        product_why = whys.get(why_key)
        if product_why is None:
            product_why = whys[why_key] = _product_why(
                identities[k],
                context.psa_products.get(str(psa_key)) if hp else None,
                pair_score,
                how_paired,
                vendor_name_as_written,
                psa_name_as_written,
                hv,
                hp,
            )
        product_whys.append(product_why)
    rate_whys = _rate_whys(how[sel], price_keys, cost_keys, typical_at, money)
    price_texts = _each(price_keys, money.text)
    cost_texts = _each(cost_keys, money.text)
    client_info = [clients[c] for c in pc[sel].tolist()]
    whys_out: list[str] = []
    advices: list[terms.Advice | None] = [None] * n
    over = np.flatnonzero(~below_at_gap & (d_at > 0)).tolist()
    as_of = context.as_of
    if as_of is not None:  # what to do by when: only where the vendor side holds more seats
        for i in over:
            price_value = price_col[i]
            typical_value = int(typical_at[i])
            hv = hv_list[i]
            advices[i] = terms.advise(
                extras.deadline(i) if hv else None,
                seats=seat_col[i],
                bill_rate=price_value
                if price_value
                else (money.unit(typical_value) if typical_value >= 0 else None),
                cost=cost_col[i],
                term_months=extras.term_months(i) if hv else 0,
                as_of=as_of,
            )
    for info, product_why, note, below_gap, rate_why, advice, price_text, cost_text in zip(
        client_info,
        product_whys,
        notes,
        below_at_gap.tolist(),
        rate_whys,
        advices,
        price_texts,
        cost_texts,
        strict=True,
    ):
        if below_gap:
            whys_out.append(
                f"{info[5]}; {product_why}{note}; billed {price_text} per seat, costs {cost_text}"
            )
        elif advice is not None:
            whys_out.append(f"{info[5]}; {product_why}{note}; {rate_why}; {advice.why}")
        else:
            whys_out.append(f"{info[5]}; {product_why}{note}; {rate_why}")
    confidences = [
        round(min(info[4], s / 100.0, PENDING_CONFIDENCE if r else 1.0), 3)
        for info, s, r in zip(client_info, scores, rests, strict=True)
    ]
    seat_col = [ZERO if b else s for b, s in zip(below_at_gap.tolist(), seat_col, strict=True)]
    n_none: list[None] = [None] * n
    # One column per field, then the records made from C (``starmap``) with positional
    # arguments in the order of the record's fields: keyword arguments and a generator step
    # per gap were a third of this function at 100,000 gaps.
    columns: dict[str, Sequence[object]] = {
        "kind": [_KINDS[k] for k in kinds_at.tolist()],
        "client_key": [info[0] for info in client_info],
        "product_key": product_keys,
        "client": [info[1] for info in client_info],
        "product": [identities[k].name for k in k_list],
        "vendor_client": [info[2] for info in client_info],
        "psa_client": [info[3] for info in client_info],
        "vendor_product": [t if hv else None for t, hv in zip(vendor_names, hv_list, strict=True)],
        "psa_product": [t if hp else None for t, hp in zip(psa_names, hp_list, strict=True)],
        "vendor_qty": vendor_qty,
        "psa_qty": psa_qty,
        "vendor_unit_cost": cost_col,
        "psa_unit_price": price_col,
        "seat_delta": seat_col,
        "monthly_impact": impact,
        "confidence": confidences,
        "why": whys_out,
        "term": term_words,
        "term_end": term_end,
        "reduce_possible_until": _advised(advices, "reduce_possible_until", n_none),
        "act_by": _advised(advices, "act_by", n_none),
        "bill_recovers": _advised(advices, "bill_recovers", n_none),
        "reduce_saves": _advised(advices, "reduce_saves", n_none),
        "currency": currency,
        "rests_on": [str(r) if r else None for r in rests],
    }
    return tuple(starmap(Gap, zip(*(columns[name] for name in _GAP_FIELDS), strict=True)))


#: The record's fields in the order its constructor takes them (a new field with no column
#: above fails loudly: a KeyError, never a default in its place).
_GAP_FIELDS: tuple[str, ...] = Gap.__match_args__


def _advised(advices: list[terms.Advice | None], name: str, empty: list[None]) -> list[object]:
    """One field of each gap's advice (None where a gap has none): a column of Nones as it
    is where no gap has advice (no ``as_of``, or nothing over-bought)."""
    if advices.count(None) == len(advices):
        return list(empty)
    return [getattr(a, name) if a is not None else None for a in advices]


class _Texts:
    """One text column of a frame as codes, each distinct text made a Python string once (a
    currency column has a handful of values in 100,000s of rows)."""

    def __init__(self, frame: pd.DataFrame, column: str) -> None:
        self._codes, distinct = pd.factorize(frame[column])
        self._texts = np.empty(len(distinct) + 1, dtype=object)
        self._texts[:-1] = [str(text) for text in distinct]
        self._texts[-1] = ""  # code -1: an empty cell; also where the side is absent

    def at(self, rows: IntArray, present: npt.NDArray[np.bool_]) -> npt.NDArray[np.object_]:
        """The text at ``rows``, "" where a row is absent (or the cell empty)."""
        if not len(self._codes):
            return np.full(len(rows), "", dtype=object)
        found: npt.NDArray[np.object_] = self._texts[
            np.where(present, self._codes[np.maximum(rows, 0)], -1)
        ]
        return found


def _differ(
    cur_v: npt.NDArray[np.object_], cur_p: npt.NDArray[np.object_]
) -> npt.NDArray[np.bool_]:
    """Where both sides name a currency and the two differ."""
    found: npt.NDArray[np.bool_] = (cur_v != "") & (cur_p != "") & (cur_v != cur_p)
    return found


#: Keys of :class:`_Money`'s caches beside the integer values: a price that is not known, and
#: a negative amount that rounded to zero (``Decimal`` keeps its sign: ``-0.0000``).
_UNKNOWN = -(2**62)
_MINUS_ZERO = -(2**62) + 1


def _keys(unit: Units) -> IntArray:
    """Each row's unit price as a :class:`_Money` key."""
    out = np.where(unit.negative_zero, _MINUS_ZERO, unit.value)
    return np.where(unit.known, out, _UNKNOWN)


def _each(values: IntArray, make: Callable[[int], _T]) -> list[_T]:
    """``[make(v) for v in values]``, calling ``make`` once per distinct value."""
    distinct, inverse = distinct_of(values)
    made = np.empty(len(distinct), dtype=object)
    made[:] = [make(value) for value in distinct.tolist()]
    out: list[_T] = made[inverse].tolist()
    return out


def _rate_whys(
    how: IntArray, price: IntArray, cost: IntArray, typical: IntArray, money: _Money
) -> list[str]:
    """:func:`_rate_why` of every row, each distinct price's text made once."""
    out = np.full(len(how), _rate_why(5, 0, money=money), dtype=object)
    for code, keys in ((0, price), (1, price), (2, price), (3, cost), (4, typical)):
        at = how == code
        if at.any():
            out[at] = _each(keys[at], partial(_rate_why, code, money=money))
    texts: list[str] = out.tolist()
    return texts


def _ranks(texts: list[str]) -> IntArray:
    """The rank of each text in code-point order (ties in list order)."""
    ranks = np.empty(len(texts), dtype=np.int64)
    ranks[sorted(range(len(texts)), key=texts.__getitem__)] = np.arange(len(texts))
    return ranks


def _at(values: npt.NDArray[np.generic], rows: IntArray) -> list[object]:
    """``values[rows]`` as Python objects, None where a row is -1 (the side is absent)."""
    if not len(values):
        return [None] * len(rows)
    taken = values[np.maximum(rows, 0)].tolist()
    return [t if r >= 0 else None for t, r in zip(taken, rows.tolist(), strict=True)]


def _names(frame: pd.DataFrame, rows: IntArray, present: npt.NDArray[np.bool_]) -> list[str]:
    """The product text as written on each row's first group row ("" where absent)."""
    out = [""] * len(rows)
    where = np.flatnonzero(present)
    if len(where):
        taken = frame[G.PRODUCT_NAME].iloc[rows[where]].to_numpy(dtype=object)
        for i, text in zip(where.tolist(), taken, strict=True):
            out[i] = str(text)
    return out


def _rate_why(how: int, key: int, *, money: _Money) -> str:
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
        return f"product: PSA {psa_name!r} is {product.name!r} ({how}){also}"
    parts = []
    if has_v:
        parts.append(f"vendor {product.detail or product.method.value}")
    if has_p and psa_identity is not None:
        parts.append(f"PSA {psa_name!r} {psa_identity.detail or psa_identity.method.value}")
    return "product: " + ", ".join(parts) + also


def whole(value: Decimal) -> Decimal:
    """Seats without a spurious exponent: 12 stays 12, 0.500 becomes 0.5."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
