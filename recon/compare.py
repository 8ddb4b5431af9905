"""Compare the two sides per (client, product): classify, price and rank the gaps.

Pricing (``monthly_impact``, positive = the MSP is losing money):

- seat gaps (``missing_in_psa``, ``missing_in_vendor``, ``quantity_mismatch``): seat delta x
  the PSA unit price where the PSA bills that product for that client; otherwise x the
  vendor's unit cost; otherwise x the typical PSA price of that product across clients.
  A PSA price of zero means "included in something else", not a price: the cost is used.
- ``price_below_cost``: (vendor unit cost - PSA unit price) x billed seats, only when both
  prices are known and the PSA price is not zero.

Only PSA products the vendor file carries (for at least one client) are compared; the rest
are *unmapped*. Clients in review, and the PSA clients offered to them, raise no gap.

Terms, reduction deadlines and currencies are in :mod:`recon.compare_terms`: a product held
on two terms and billed as two PSA products is compared per term; an over-bought gap says
what to do and by when; prices in two currencies are compared only at an admin's rate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import SupportsInt, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

import recon.compare_terms as terms
from recon.aggregate import EXT_SCALE, SideGroups
from recon.match import ClientMatching, ProductIdentity, ProductPairing
from recon.match.clients import SPELLING_SEP, shown_key
from recon.match.product_text import TextCandidate
from recon.model import (
    MONEY_SCALE,
    QTY_SCALE,
    ClientMatch,
    CurrencyPair,
    G,
    Gap,
    GapKind,
    MappingQuestion,
    MatchMethod,
    ProductCandidate,
    SeatCol,
    UnmappedProduct,
)
from recon.money import ZERO, cents, format_money
from recon.questions import TARGET, ProductOutcome, weigh_unmapped

_VENDOR_ONLY = "vendor:"
_QTY = Decimal(QTY_SCALE)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Gaps, seat history rows, unmapped PSA products and mapping questions of one run."""

    gaps: tuple[Gap, ...]
    seats: pd.DataFrame
    unmapped: tuple[UnmappedProduct, ...]
    questions: tuple[MappingQuestion, ...] = ()
    currency_pairs: tuple[CurrencyPair, ...] = field(default=())


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
) -> Comparison:
    """Join both sides on (PSA client, product) and turn every disagreement into a priced gap.

    Before joining, PSA products the vendor file does not carry are weighed on the seats at
    each matched client (:mod:`recon.questions`): strong evidence pairs them, weaker evidence
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

    Returns:
        Gaps ranked by absolute monthly impact, the seat rows, the unmapped products with
        their candidates, the mapping questions and the pairs priced in two currencies.
    """
    vendor_products = set(vendor.products)
    v = _vendor_by_psa_client(vendor.groups, matching, vendor)
    p_all = _targets(psa.groups, pairing)
    comparable = pd.Series(member(p_all[TARGET], vendor_products), index=p_all.index)
    outcome = ProductOutcome()
    if evidence:
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
        )
    if outcome.acted:
        p_all = _targets(psa.groups, {**pairing, **outcome.acted})
        comparable = pd.Series(member(p_all[TARGET], vendor_products), index=p_all.index)
    listed = ~comparable & ~member(p_all[G.PRODUCT], outcome.asked)
    unmapped = _unmapped(p_all.loc[listed], outcome.candidates)
    p = p_all.loc[comparable & ~member(p_all[G.CLIENT], matching.held_psa)]
    p = p.assign(psa_product_key=p[G.PRODUCT])
    p = _sum_groups(
        p,
        [G.CLIENT, TARGET, G.TERM],
        extra={"pair_score": "min", "pair_how": "first", "psa_product_key": "first"},
    ).rename(columns={G.CLIENT: "pc", TARGET: G.PRODUCT})
    if outcome.held_vendor:
        held = pd.MultiIndex.from_tuples(sorted(outcome.held_vendor), names=["pc", G.PRODUCT])
        v = v.loc[~pd.MultiIndex.from_frame(v[["pc", G.PRODUCT]]).isin(held)]
    v, p = _by_term(v, p)
    joined = v.merge(p, on=["pc", G.PRODUCT], how="outer", suffixes=("_v", "_p"), indicator="sides")
    context = _Context(vendor, psa, matching, as_of=as_of, rates=rates or {})
    gaps = _gaps(joined, context)
    return Comparison(
        gaps,
        _seat_rows(joined, context),
        unmapped,
        outcome.questions,
        tuple(context.currency_pairs),
    )


def learn_product_pairs(
    vendor: SideGroups,
    psa: SideGroups,
    pairing: Mapping[str, ProductPairing],
    *,
    ranked: Mapping[str, Sequence[TextCandidate]] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, ProductPairing]:
    """The product pairing, with what the seats say at the clients whose names agree exactly.

    Client matching weighs shared (product, seats) lines, so it needs to know which PSA
    product is which vendor product before it runs. The clients whose name keys are equal on
    both sides (most of them) already say it: the same evidence pass the comparison runs
    (:func:`recon.questions.weigh_unmapped`) is run on them alone, and its confident pairings
    are added. Nothing here is reported; the comparison weighs again with every match.

    Args:
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        pairing: PSA product keys paired by name (:func:`recon.match.pair_products`).
        ranked: each unpaired PSA product's text candidates (default: none).
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.

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
    v = _vendor_by_psa_client(vendor.groups, matching, vendor)
    p_all = _targets(psa.groups, pairing)
    comparable = pd.Series(member(p_all[TARGET], set(vendor.products)), index=p_all.index)
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
    )
    return {**pairing, **outcome.acted}


def _targets(groups: pd.DataFrame, pairing: Mapping[str, ProductPairing]) -> pd.DataFrame:
    """PSA groups with the vendor product each is compared as, and how sure that is."""
    out = groups.copy()
    # One lookup per distinct product, spread back by code: never a Python call per row.
    codes, uniques = pd.factorize(groups[G.PRODUCT], sort=False)
    found = [pairing.get(str(k)) for k in uniques]
    targets = np.array(
        [f.vendor_key if f else str(k) for f, k in zip(found, uniques, strict=True)], dtype=object
    )
    scores = np.array([f.score if f else 100.0 for f in found], dtype=np.float64)
    hows = np.array([f.how if f else "" for f in found], dtype=object)
    out[TARGET] = targets[codes] if len(codes) else pd.Series(dtype=object)
    out["pair_score"] = scores[codes] if len(codes) else pd.Series(dtype=np.float64)
    out["pair_how"] = hows[codes] if len(codes) else pd.Series(dtype=object)
    return out


def member(column: pd.Series, values: Collection[str]) -> npt.NDArray[np.bool_]:
    """``column.isin(values)`` by distinct value: much faster on Arrow-backed text."""
    codes, uniques = pd.factorize(column, sort=False)
    inside = np.fromiter((str(u) in values for u in uniques), dtype=bool, count=len(uniques))
    return inside[codes] if len(codes) else np.zeros(0, dtype=bool)


def _by_term(v: pd.DataFrame, p: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both sides per (client, product), except pairs billed per term, which stay per term
    under a product key with the term appended (see :func:`recon.compare_terms.split_pairs`).

    Args:
        v: vendor rows per (PSA client, product, term), possibly several per term (vendor
            tenants of one PSA client).
        p: PSA rows per (PSA client, product, term).
    """
    keys = ["pc", G.PRODUCT]
    psa_extra = {"pair_score": "min", "pair_how": "first", "psa_product_key": "first"}
    candidates = terms.candidate_pairs(p, keys)
    if candidates.empty:  # the usual run: no PSA product names two terms
        return (
            _sum_groups(v, keys, terms_too=True),
            _sum_groups(p, keys, extra=psa_extra, terms_too=True),
        )
    v = _sum_groups(v, [*keys, G.TERM])
    split = terms.split_pairs(v, p, keys, candidates)
    out = []
    for frame, extra in ((v, {}), (p, psa_extra)):
        mask = pd.MultiIndex.from_frame(frame[keys]).isin(split)
        apart = frame.loc[mask].copy()
        apart[G.PRODUCT] = apart[G.PRODUCT] + terms.TERM_SEP + apart[G.TERM].astype(str)
        apart[terms.TERMS] = 1
        apart[terms.TERM_LO] = apart[G.TERM]
        apart[terms.TERM_HI] = apart[G.TERM]
        together = _sum_groups(frame.loc[~mask], keys, extra=extra, terms_too=True)
        out.append(pd.concat([together, apart.drop(columns=[G.TERM])], ignore_index=True))
    return out[0], out[1]


def _sum_groups(
    frame: pd.DataFrame,
    by: list[str],
    extra: dict[str, str] | None = None,
    *,
    terms_too: bool = False,
) -> pd.DataFrame:
    """Sum quantities and money per key exactly (nullable Int64 survives the outer join);
    the earliest reduction deadline and the first currency go along, and with ``terms_too``
    the lowest and highest term and how many terms were summed."""
    spec: dict[str, tuple[str, str]] = {
        G.QTY: (G.QTY, "sum"),
        G.PRICED: (G.PRICED, "sum"),
        G.EXT: (G.EXT, "sum"),
        G.UNIT_ANY: (G.UNIT_ANY, "max"),
        G.CLIENT_NAME: (G.CLIENT_NAME, "first"),
        G.PRODUCT_NAME: (G.PRODUCT_NAME, "first"),
        G.DEADLINE: (G.DEADLINE, "min"),
    }
    # Most exports name no currency: skip a string aggregation over every row then.
    currencies = bool((frame[G.CURRENCY] != "").any())
    if currencies:
        spec[G.CURRENCY] = (G.CURRENCY, "first")
    if terms_too:
        spec[terms.TERM_LO] = (G.TERM, "min")
        spec[terms.TERM_HI] = (G.TERM, "max")
    for column, how in (extra or {}).items():
        spec[column] = (column, how)
    out = frame.groupby(by, sort=False).agg(**spec).reset_index()
    for column in (G.QTY, G.PRICED, G.EXT, G.UNIT_ANY):
        out[column] = out[column].astype("Int64")
    if not currencies:
        out[G.CURRENCY] = ""
    if terms_too:
        out[terms.TERMS] = terms.term_counts(frame, out, by)
    return out


def _vendor_by_psa_client(
    groups: pd.DataFrame, matching: ClientMatching, vendor: SideGroups
) -> pd.DataFrame:
    """Vendor groups re-keyed by their PSA client (column ``pc``, not yet summed: two vendor
    tenants can be one PSA client); vendor-only clients by their own name key.

    Vendor clients in review get no key and are dropped: they raise no gap until decided.
    """
    unmatched = {c.identity: _VENDOR_ONLY + c.key for c in vendor.clients}
    unmatched = {i: unmatched[i] for i in matching.unmatched_vendor}
    mapped = groups[G.CLIENT].map(lambda c: matching.vendor_to_psa.get(c) or unmatched.get(c))
    return groups.assign(pc=mapped).dropna(subset=["pc"])


class _Context:
    """Lookups a gap needs: names, match methods, product identities, typical prices."""

    def __init__(
        self,
        vendor: SideGroups,
        psa: SideGroups,
        matching: ClientMatching,
        *,
        as_of: dt.date | None = None,
        rates: terms.Rates | None = None,
    ) -> None:
        self.as_of = as_of
        self.rates = rates or {}
        self.currency_pairs: list[CurrencyPair] = []
        self.vendor_products = vendor.products
        self.psa_products = psa.products
        self.vendor_clients = {c.identity: c for c in vendor.clients}
        self.vendor_only: dict[str, tuple[str, str]] = {}  # key -> (name, why unmatched)
        for identity in matching.unmatched_vendor:
            client = self.vendor_clients[identity]
            note = matching.notes.get(identity, "no PSA client")
            self.vendor_only.setdefault(client.key, (client.name, note))
        self.psa_clients = {c.identity: c for c in psa.clients}
        self.match_by_psa: dict[str, ClientMatch] = {}
        self.vendor_name_by_psa: dict[str, str] = {}
        for vendor_identity, psa_identity in matching.vendor_to_psa.items():
            self.vendor_name_by_psa.setdefault(
                psa_identity, self.vendor_clients[vendor_identity].name
            )
        for match in matching.matches:
            self.match_by_psa.setdefault(match.psa_key, match)
        self.typical = _typical_prices(psa.groups)

    def product(self, key: str) -> ProductIdentity:
        base = terms.base_key(key)
        return terms.term_identity(self.vendor_products.get(base) or self.psa_products[base], key)

    def client(self, pc: str) -> tuple[str, str, str | None, str | None, float, str]:
        """(client key, display name, vendor name, PSA name, confidence, why) of a join key."""
        if pc.startswith(_VENDOR_ONLY):
            key = pc[len(_VENDOR_ONLY) :]
            name, note = self.vendor_only[key]
            # A rejected exact pair leaves two clients with one key: keep their gaps apart.
            identity_key = pc if key in self.psa_clients else key
            return identity_key, name, name, None, 1.0, f"client: {note}"
        psa_client = self.psa_clients[pc]
        vendor_name = self.vendor_name_by_psa.get(pc)
        key = shown_key(pc)  # PSA identities are keys, but for companies sharing one
        match = self.match_by_psa.get(key)
        if match is None:
            return (
                key,
                psa_client.name,
                None,
                psa_client.name,
                1.0,
                "client: not in the vendor file",
            )
        return (
            key,
            psa_client.name,
            vendor_name,
            psa_client.name,
            match.score / 100.0,
            f"client: {_method_words(match)}",
        )


def _method_words(match: ClientMatch) -> str:
    if match.method is MatchMethod.EXACT:
        return "same name once case, punctuation, abbreviations and legal form are set aside"
    if match.method is MatchMethod.EVIDENCE:
        return f"similar name {match.score:.0f} and shared seat lines ({match.note})"
    if match.method is MatchMethod.ID:
        return "same client id"
    if match.method is MatchMethod.ALIAS:
        return "alias confirmed by a person"
    if match.method is MatchMethod.LEARNED:
        return f"learned from past decisions ({match.note})"
    return f"fuzzy {match.score:.0f}" + (f", {match.note}" if match.note else "")


def _int(value: object) -> int | None:
    """A cell of the joined frame as an int, or None when it is missing (NA after a join)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(cast("SupportsInt", value))  # numpy and pandas integer scalars


def _unit(ext: object, priced: object, unit_any: object = -1) -> Decimal | None:
    """Exact unit price from group sums: seat-weighted over priced seats, else the price on
    a zero-seat line (a PSA line billing 0 seats still says what a seat costs), else None."""
    seats, total, fallback = _int(priced), _int(ext), _int(unit_any)
    if seats is not None and seats > 0 and total is not None:
        return (Decimal(total) / Decimal(seats) / MONEY_SCALE).quantize(Decimal("0.0001"))
    if fallback is not None and fallback >= 0:
        return (Decimal(fallback) / MONEY_SCALE).quantize(Decimal("0.0001"))
    return None


def _typical_prices(groups: pd.DataFrame) -> dict[str, Decimal]:
    """Per product, the median of the PSA unit prices (non-zero) across clients."""
    priced = groups.loc[(groups[G.PRICED] > 0) & (groups[G.EXT] > 0)]
    out: dict[str, Decimal] = {}
    if priced.empty:
        return out
    units = priced[G.EXT].astype("float64") / priced[G.PRICED].astype("float64")
    ordered = priced.assign(u=units).sort_values([G.PRODUCT, "u"])
    for key, frame in ordered.groupby(G.PRODUCT, sort=False):
        middle = frame.iloc[(len(frame) - 1) // 2]  # lower median: a price someone really pays
        unit = _unit(middle[G.EXT], middle[G.PRICED])
        if unit is not None:
            out[str(key)] = unit
    return out


def _gaps(joined: pd.DataFrame, context: _Context) -> tuple[Gap, ...]:
    vq = joined[f"{G.QTY}_v"].fillna(0).to_numpy(dtype=np.int64)
    pq = joined[f"{G.QTY}_p"].fillna(0).to_numpy(dtype=np.int64)
    both = (vq > 0) & (pq > 0)
    seat_gap = ((vq > 0) & (pq <= 0)) | ((pq > 0) & (vq <= 0)) | (both & (vq != pq))
    priced_v = joined[f"{G.PRICED}_v"].fillna(0).to_numpy(dtype=np.int64)
    priced_p = joined[f"{G.PRICED}_p"].fillna(0).to_numpy(dtype=np.int64)
    ext_v = joined[f"{G.EXT}_v"].fillna(0).to_numpy(dtype=np.float64)
    ext_p = joined[f"{G.EXT}_p"].fillna(0).to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        # A float pre-filter (generous by a millionth of a cent) keeps the exact Decimal
        # comparison in _row_gaps to the few rows that can be below cost.
        cost = np.where(priced_v > 0, ext_v / np.maximum(priced_v, 1), 0.0)
        price = np.where(priced_p > 0, ext_p / np.maximum(priced_p, 1), np.inf)
    price_check = both & (priced_v > 0) & (ext_p > 0) & (price < cost + 1.0)
    # Two currencies: the float filter can't see the admin's rate; and the pair is listed.
    cur_v = joined[f"{G.CURRENCY}_v"].fillna("").to_numpy(dtype=object)
    cur_p = joined[f"{G.CURRENCY}_p"].fillna("").to_numpy(dtype=object)
    price_check |= both & (cur_v != "") & (cur_p != "") & (cur_v != cur_p)
    gaps: list[Gap] = []
    for row in joined.loc[seat_gap | price_check].to_dict("records"):
        gaps.extend(_row_gaps(row, context))
    gaps.sort(key=lambda g: (-abs(g.monthly_impact), g.client, g.product, g.kind.value))
    return tuple(gaps)


def _row_gaps(row: dict[str, object], context: _Context) -> list[Gap]:
    key, display, vendor_name, psa_name, client_conf, client_why = context.client(str(row["pc"]))
    product_key = str(row[G.PRODUCT])
    product = context.product(product_key)
    has_v = row["sides"] != "right_only"
    has_p = row["sides"] != "left_only"
    vq = Decimal(_int(row[f"{G.QTY}_v"]) or 0) / _QTY if has_v else ZERO
    pq = Decimal(_int(row[f"{G.QTY}_p"]) or 0) / _QTY if has_p else ZERO
    own_cost = (
        _unit(row[f"{G.EXT}_v"], row[f"{G.PRICED}_v"], row[f"{G.UNIT_ANY}_v"]) if has_v else None
    )
    price = (
        _unit(row[f"{G.EXT}_p"], row[f"{G.PRICED}_p"], row[f"{G.UNIT_ANY}_p"]) if has_p else None
    )
    money = terms.currencies(row.get(f"{G.CURRENCY}_v"), row.get(f"{G.CURRENCY}_p"), context.rates)
    if has_v and has_p and money.differ:
        context.currency_pairs.append(
            CurrencyPair(display, product.name, money.vendor, money.psa, money.rate)
        )
    # The vendor cost in the PSA's currency; None when the currencies differ with no rate, so
    # no number is ever set against a number in another currency.
    cost = money.cost(own_cost) if has_p else own_cost
    term_words = (
        terms.term_words(
            row.get(f"{terms.TERM_LO}_v"),
            row.get(f"{terms.TERM_HI}_v"),
            row.get(f"{terms.TERMS}_v"),
            _split(row),
        )
        if has_v
        else None
    )
    score = row.get("pair_score")
    pair_score = (
        float(score)
        if has_p and isinstance(score, int | float) and not math.isnan(score)
        else 100.0
    )
    psa_identity = context.psa_products.get(str(row.get("psa_product_key", product_key)))
    how = str(row.get("pair_how") or "") if has_p else ""
    product_why = _product_why(product, psa_identity, pair_score, how, row, has_v, has_p)
    product_why += _terms_why(row, term_words, has_v, has_p) + money.why()
    base: dict[str, object] = {
        "client_key": key,
        "product_key": product_key,
        "client": display,
        "product": product.name,
        "vendor_client": vendor_name,
        "psa_client": psa_name,
        "vendor_product": str(row[f"{G.PRODUCT_NAME}_v"]) if has_v else None,
        "psa_product": str(row[f"{G.PRODUCT_NAME}_p"]) if has_p else None,
        "vendor_qty": _whole(vq),
        "psa_qty": _whole(pq),
        "vendor_unit_cost": cost,
        "psa_unit_price": price,
        "confidence": round(min(client_conf, pair_score / 100.0), 3),
        "term": term_words,
        # The gap's money is in the PSA's currency where it has one (a PSA file without a
        # currency column is taken to bill in the vendor's).
        "currency": (money.psa if has_p else "") or money.vendor or None,
    }
    deadline = terms.deadline_of(row.get(f"{G.DEADLINE}_v")) if has_v else None
    if deadline is not None:
        base["term_end"] = deadline.term_end
    out: list[Gap] = []
    delta = vq - pq
    if delta != 0 and (vq > 0 or pq > 0):
        if vq > 0 and pq <= 0:
            kind = GapKind.MISSING_IN_PSA
        elif pq > 0 and vq <= 0:
            kind = GapKind.MISSING_IN_VENDOR
        else:
            kind = GapKind.QUANTITY_MISMATCH
        typical = context.typical.get(terms.base_key(product_key))
        rate, rate_why = _seat_rate(kind, price, cost, typical)
        advice = None
        if delta > 0 and context.as_of is not None:
            advice = terms.advise(
                deadline,
                seats=_whole(delta),
                bill_rate=price if price else typical,
                cost=cost,
                term_months=_int(row.get(f"{terms.TERM_HI}_v")) or 0,
                as_of=context.as_of,
            )
        extra: dict[str, object] = {}
        if advice is not None:
            rate_why += "; " + advice.why
            extra = {
                "reduce_possible_until": advice.reduce_possible_until,
                "act_by": advice.act_by,
                "bill_recovers": advice.bill_recovers,
                "reduce_saves": advice.reduce_saves,
            }
        out.append(
            Gap(
                kind=kind,
                seat_delta=_whole(delta),
                monthly_impact=cents(delta * rate) if rate is not None else cents(ZERO),
                why=f"{client_why}; {product_why}; {rate_why}",
                **base,  # type: ignore[arg-type]
                **extra,  # type: ignore[arg-type]
            )
        )
    if vq > 0 and pq > 0 and cost is not None and price is not None and 0 < price < cost:
        out.append(
            Gap(
                kind=GapKind.PRICE_BELOW_COST,
                seat_delta=ZERO,
                monthly_impact=cents((cost - price) * pq),
                why=(
                    f"{client_why}; {product_why}; billed {format_money(price)} per seat, "
                    f"costs {format_money(cost)}"
                ),
                **base,  # type: ignore[arg-type]
            )
        )
    return out


def _split(row: dict[str, object]) -> bool:
    """True when the row's pair is compared per term (its key carries the term)."""
    return terms.TERM_SEP in str(row[G.PRODUCT])


def _terms_why(row: dict[str, object], words: str | None, has_v: bool, has_p: bool) -> str:
    """How the terms were compared, when it matters: per term, or a total over several."""
    if not (has_v and words):
        return ""
    if _split(row):
        return f"; compared per term: the PSA bills the {words} seats as their own product"
    if (_int(row.get(f"{terms.TERMS}_v")) or 0) > 1 and has_p:
        return (
            f"; the vendor holds it on several terms ({words}); the PSA bills it on one "
            "line, so the total is compared"
        )
    return f"; {words} term"


def _seat_rate(
    kind: GapKind, price: Decimal | None, cost: Decimal | None, typical: Decimal | None
) -> tuple[Decimal | None, str]:
    """The per-seat money a seat gap moves, and how it was chosen."""
    if price is not None and price > 0:
        return price, f"priced at the PSA price {format_money(price)}"
    if kind is GapKind.MISSING_IN_VENDOR:
        return (price, "billed at $0.00") if price is not None else (None, "no price known")
    if cost is not None:
        return cost, f"priced at the vendor cost {format_money(cost)}"
    if typical is not None:
        return typical, f"priced at the typical PSA price {format_money(typical)}"
    return None, "no price known for this product"


def _product_why(
    product: ProductIdentity,
    psa_identity: ProductIdentity | None,
    pair_score: float,
    how: str,
    row: dict[str, object],
    has_v: bool,
    has_p: bool,
) -> str:
    """How the product was recognised on each side, in a few words."""
    vendor_name = str(row[f"{G.PRODUCT_NAME}_v"]) if has_v else ""
    psa_name = str(row[f"{G.PRODUCT_NAME}_p"]) if has_p else ""
    if has_v and has_p and (pair_score < 100.0 or how):
        return f"product: PSA {psa_name!r} is vendor {vendor_name!r} ({how or 'similar name'})"
    parts = []
    if has_v:
        parts.append(f"vendor {product.detail or product.method.value}")
    if has_p and psa_identity is not None:
        parts.append(f"PSA {psa_name!r} {psa_identity.detail or psa_identity.method.value}")
    return "product: " + ", ".join(parts)


def _whole(value: Decimal) -> Decimal:
    """Seats without a spurious exponent: 12 stays 12, 0.500 becomes 0.5."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _seat_rows(joined: pd.DataFrame, context: _Context) -> pd.DataFrame:
    """One seat-history row per compared (client, product), both sides' seats in milli-seats."""
    if joined.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SeatCol.ALL})
    clients = {pc: context.client(pc) for pc in joined["pc"].unique()}
    products = {k: context.product(k).name for k in joined[G.PRODUCT].unique()}
    return pd.DataFrame(
        {
            SeatCol.CLIENT_KEY: joined["pc"].map(lambda pc: clients[pc][0]),
            SeatCol.PRODUCT_KEY: joined[G.PRODUCT],
            SeatCol.CLIENT: joined["pc"].map(lambda pc: clients[pc][1]),
            SeatCol.PRODUCT: joined[G.PRODUCT].map(products),
            SeatCol.VENDOR_QTY: joined[f"{G.QTY}_v"].fillna(0).astype("int64"),
            SeatCol.PSA_QTY: joined[f"{G.QTY}_p"].fillna(0).astype("int64"),
        }
    ).reset_index(drop=True)


def _unmapped(
    frame: pd.DataFrame, candidates: Mapping[str, tuple[ProductCandidate, ...]]
) -> tuple[UnmappedProduct, ...]:
    """PSA products no vendor line accounts for, once each with its candidates, most money
    first."""
    if frame.empty:
        return ()
    summed = frame.groupby(G.PRODUCT, sort=False).agg(
        label=(G.PRODUCT_NAME, "first"),
        clients=(G.CLIENT, "nunique"),
        qty=(G.QTY, "sum"),
        ext=(G.EXT, "sum"),
    )
    out = [
        UnmappedProduct(
            psa_product=str(r.label),
            product_key=str(key),
            clients=int(r.clients),
            seats=_whole(Decimal(int(r.qty)) / _QTY),
            monthly_billed=cents(Decimal(int(r.ext)) / EXT_SCALE),
            candidates=candidates.get(str(key), ()),
        )
        for key, r in summed.iterrows()
    ]
    out.sort(key=lambda u: (-u.monthly_billed, u.psa_product))
    return tuple(out)
